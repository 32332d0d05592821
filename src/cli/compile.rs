//! `shareguard compile FILE`: print the IR as JSON.

use std::path::PathBuf;

use super::Exit;
use crate::diagnostic::render;
use crate::lint::LintOptions;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

pub fn run(args: &Args) -> Exit {
    let compiled = match crate::policy::compile_file(&args.file, &LintOptions::default()) {
        Ok(c) => c,
        Err(err) => return super::usage_error(err),
    };
    if !compiled.report.diagnostics.is_empty() {
        eprintln!("{}", render::human(&compiled.report, super::stderr_style()));
    }
    let Some(ir) = compiled.ir else {
        return Exit::Failure;
    };
    match serde_json::to_string_pretty(&ir) {
        Ok(json) => {
            outln!("{json}");
            Exit::Success
        }
        Err(err) => super::usage_error(format!("cannot write the IR: {err}")),
    }
}
