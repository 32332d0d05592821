//! `shareguard diff OLD NEW`: what a change to a policy changes (LANGUAGE.md section 13).

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::Exit;
use crate::diff::{self, FailOn};
use crate::policy::{LoadError, load as load_policy};
use crate::semantics::outcomes::Budget;

/// `--help`: what the command does, at length.
pub const LONG_ABOUT: &str =
    "Compare what two versions of a policy share, with a customer record for each change.

For every recipient and every field, compares the customers (and dates) for which the field \
reaches the recipient, and in which form, under OLD and under NEW; and the recipients' \
attributes and obligations. Rewrites that change no outcome (reordered or split rules, renamed \
groups, De Morgan, formatting) are no change. Each change comes with a complete, valid record \
and a date on which the two policies decide differently, checked with both policies' runtime \
and told as the customer's story. The result says whether every case was covered (proved).

Exit codes: 0 compared; 4 --fail-on found a change of its class; 1 a policy has errors; 2 \
usage or I/O error. See docs/diff.md.

Example: shareguard diff old.share policies/acme_dining.share --format markdown --fail-on widened";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy before the change: a .share file or a compiled IR.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The policy after the change.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Exit with status 4 when a change of this class is found: `widened` (a field reaches a
    /// recipient for more customers, a new recipient, a form that reveals more) or `any`.
    #[arg(long, value_enum, value_name = "CLASS")]
    fail_on: Option<FailOnArg>,
}

/// `--format` for `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Each change with a customer's story.
    Human,
    /// A summary line and a table per recipient, for a pull-request comment.
    Markdown,
    /// {"equivalent", "proved", "changes": [...]}.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOnArg {
    Widened,
    Any,
}

fn load(path: &Path) -> Result<crate::ir::Ir, Exit> {
    load_policy(path).map_err(|err| match err {
        LoadError::Read(e) => super::usage_error(e),
        LoadError::Policy(report) => {
            eprintln!(
                "{}",
                crate::diagnostic::render::human(&report, super::stderr_style())
            );
            eprintln!(
                "error: `{}` has errors; fix them before comparing it",
                path.display()
            );
            Exit::Failure
        }
        LoadError::Ir(message) => {
            eprintln!("error: {message}");
            Exit::Failure
        }
    })
}

pub fn run(args: &Args) -> Exit {
    let old = match load(&args.old) {
        Ok(ir) => ir,
        Err(exit) => return exit,
    };
    let new = match load(&args.new) {
        Ok(ir) => ir,
        Err(exit) => return exit,
    };
    let result = match diff::compare(&old, &new, Budget::default()) {
        Ok(result) => result,
        Err(err) => {
            eprintln!("error: {err}");
            return Exit::Failure;
        }
    };
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    match args.format {
        DiffFormat::Human => out!("{}", diff::render::human(&result, &old_name, &new_name)),
        DiffFormat::Markdown => out!("{}", diff::render::markdown(&result, &old_name, &new_name)),
        DiffFormat::Json => match serde_json::to_string_pretty(&diff::render::json(&result)) {
            Ok(json) => outln!("{json}"),
            Err(err) => return super::usage_error(format!("cannot write the report: {err}")),
        },
    }
    let fail_on = args.fail_on.map(|f| match f {
        FailOnArg::Widened => FailOn::Widened,
        FailOnArg::Any => FailOn::Any,
    });
    match fail_on {
        Some(on) if result.fails(on) => Exit::Changed,
        _ => Exit::Success,
    }
}
