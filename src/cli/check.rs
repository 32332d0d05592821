//! `shareguard check FILE...`

use std::path::PathBuf;

use super::{Exit, Format};
use crate::diagnostic::render::{self, RuleDoc};
use crate::diagnostic::{ErrorCode, Report, Severity};
use crate::lint::LintOptions;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Policy files to check.
    #[arg(required_unless_present = "list_lints", value_name = "FILE")]
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
    /// Print every lint's name and summary, and exit.
    #[arg(long)]
    list_lints: bool,
}

pub fn run(args: &Args) -> Exit {
    if args.list_lints {
        out!("{}", crate::lint::docs::list());
        return Exit::Success;
    }
    let options = LintOptions {
        allow: args.allow.clone(),
        deny: args.deny.clone(),
    };
    if let Err(message) = options.validate() {
        return super::usage_error(message);
    }
    let mut reports = Vec::new();
    let mut exit = Exit::Success;
    for file in &args.files {
        match crate::policy::compile_file(file, &options) {
            Ok(compiled) => reports.push(compiled.report),
            Err(err) => {
                // Reported in the chosen format too (E0007), so tools see it; exit 2.
                if args.format == Format::Human {
                    eprintln!("error: {err}");
                } else {
                    reports.push(unreadable(&err));
                }
                exit = Exit::Usage;
            }
        }
    }
    let errors: usize = reports.iter().map(|r| r.errors()).sum();
    let warnings: usize = reports.iter().map(|r| r.warnings()).sum();
    match args.format {
        Format::Json => outln!("{}", render::json(&reports)),
        Format::Sarif => outln!("{}", render::sarif(&reports, &sarif_rules())),
        Format::Github => out!("{}", render::github(&reports)),
        Format::Human => {
            let style = super::stdout_style();
            for report in &reports {
                if !report.diagnostics.is_empty() {
                    outln!("{}", render::human(report, style));
                }
                outln!("{}", summary_line(report));
            }
        }
    }
    if exit == Exit::Success && (errors > 0 || (args.deny_warnings && warnings > 0)) {
        exit = Exit::Failure;
    }
    exit
}

/// Every error code and every lint, for SARIF's rule list.
pub fn sarif_rules() -> Vec<RuleDoc> {
    let errors = ErrorCode::ALL.iter().map(|code| RuleDoc {
        id: code.as_str(),
        summary: code.title().to_string(),
        help: code.title().to_string(),
        level: Severity::Error,
    });
    let lints = crate::lint::LINTS.iter().map(|lint| RuleDoc {
        id: lint.name,
        summary: lint.summary.to_string(),
        help: lint.documentation(),
        level: Severity::Warning,
    });
    errors.chain(lints).collect()
}

fn summary_line(report: &Report) -> String {
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

/// A report for a file that could not be read: one E0007 at its start.
fn unreadable(err: &crate::policy::ReadError) -> crate::diagnostic::Report {
    use crate::diagnostic::{Diagnostic, ErrorCode, Report};
    use crate::span::{SourceFile, Span};
    Report {
        source: std::sync::Arc::new(SourceFile::new(err.path.clone(), "")),
        diagnostics: vec![Diagnostic::error(
            ErrorCode::Unreadable,
            format!("cannot read this file: {}", err.error),
            Span::point(0),
        )],
    }
}
