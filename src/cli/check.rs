//! `shareguard check FILE...`

use std::path::PathBuf;

use super::{Exit, Format};
use crate::diagnostic::render;
use crate::lint::LintOptions;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Policy files to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings as well as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Silence a lint (repeatable).
    #[arg(long, value_name = "LINT")]
    allow: Vec<String>,
    /// Turn a lint into an error (repeatable).
    #[arg(long, value_name = "LINT")]
    deny: Vec<String>,
}

pub fn run(args: &Args) -> Exit {
    let options = LintOptions {
        allow: args.allow.clone(),
        deny: args.deny.clone(),
    };
    let mut reports = Vec::new();
    let mut exit = Exit::Success;
    for file in &args.files {
        match crate::policy::compile_file(file, &options) {
            Ok(compiled) => reports.push(compiled.report),
            Err(err) => {
                eprintln!("error: {err}");
                exit = Exit::Usage;
            }
        }
    }
    let errors: usize = reports.iter().map(|r| r.errors()).sum();
    let warnings: usize = reports.iter().map(|r| r.warnings()).sum();
    match args.format {
        Format::Json => println!("{}", render::json(&reports)),
        Format::Human => {
            let style = super::stdout_style();
            for report in &reports {
                if !report.diagnostics.is_empty() {
                    println!("{}", render::human(report, style));
                }
                println!("{}", summary_line(report));
            }
        }
    }
    if exit == Exit::Success && (errors > 0 || (args.deny_warnings && warnings > 0)) {
        exit = Exit::Failure;
    }
    exit
}

fn summary_line(report: &crate::diagnostic::Report) -> String {
    let name = report.source.name();
    let (errors, warnings) = (report.errors(), report.warnings());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => format!("{name}: ok"),
        (0, w) => format!("{name}: ok, {}", plural(w, "warning")),
        (e, 0) => format!("{name}: {}", plural(e, "error")),
        (e, w) => format!("{name}: {}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
