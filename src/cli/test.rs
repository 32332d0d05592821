//! `shareguard test FILE...`: run the examples in each policy.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::Exit;
use crate::diagnostic::render;
use crate::lint::LintOptions;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Policy files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Evaluation date for examples without `as of` (default: today's UTC date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
    /// Fail (exit 1) without running a file's examples if it has warnings; they are listed on
    /// standard error in any case.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: &Args) -> Exit {
    let today = args.as_of.unwrap_or_else(crate::dates::today_utc);
    let mut exit = Exit::Success;
    let (mut passed, mut failed) = (0, 0);
    for file in &args.files {
        let compiled = match crate::policy::compile_file(file, &LintOptions::default()) {
            Ok(c) => c,
            Err(err) => {
                eprintln!("error: {err}");
                exit = Exit::Usage;
                continue;
            }
        };
        let Some(ir) = compiled.ir else {
            outln!("{}", render::human(&compiled.report, super::stdout_style()));
            outln!("{}: has errors, examples not run", file.display());
            if exit == Exit::Success {
                exit = Exit::Failure;
            }
            continue;
        };
        if super::warnings::report(
            &compiled.report,
            args.deny_warnings,
            "its examples are not run",
        )
        .is_err()
        {
            outln!("{}: has warnings, examples not run", file.display());
            exit = Exit::Failure;
            continue;
        }
        outln!("{}", file.display());
        let results = match crate::runtime::examples::run(&ir, today) {
            Ok(results) => results,
            Err(err) => {
                eprintln!("error: {}: the examples cannot run: {err}", file.display());
                exit = Exit::Failure;
                continue;
            }
        };
        out!("{}", crate::runtime::examples::render(&results));
        for result in &results {
            if result.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    outln!("\n{passed} passed, {failed} failed");
    if failed > 0 && exit == Exit::Success {
        exit = Exit::Failure;
    }
    exit
}
