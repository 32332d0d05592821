//! `shareguard fmt FILE... [--check]`
//!
//! Each file is formatted on its own: one that cannot be read (exit 2) or does not parse
//! (exit 1) is reported and left as it is, and the others are still formatted. A changed file
//! is written to a temporary file beside it and renamed over it, so an interrupted run leaves
//! either the old file or the new one, never half of one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Exit;
use crate::diagnostic::{Report, render};
use crate::fmt::FormatError;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Policy files to format in place.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Write nothing: list the files that are not formatted, and fail (exit 1) if any is not.
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args) -> Exit {
    args.files
        .iter()
        .map(|file| one(file, args.check))
        .max()
        .unwrap_or(Exit::Success)
}

fn one(path: &Path, check: bool) -> Exit {
    let (source, encoding_error) = match crate::policy::read(path) {
        Ok(read) => read,
        Err(err) => return super::usage_error(err),
    };
    let source = std::sync::Arc::new(source);
    let refuse = |diagnostics: Vec<crate::diagnostic::Diagnostic>| {
        let report = Report {
            source: source.clone(),
            diagnostics,
        };
        eprintln!("{}", render::human(&report, super::stderr_style()));
        eprintln!(
            "error: `{}` was not formatted: fix the errors above first",
            path.display()
        );
        Exit::Failure
    };
    if let Some(diagnostic) = encoding_error {
        return refuse(vec![diagnostic]);
    }
    let formatted = match crate::fmt::format(&source) {
        Ok(formatted) => formatted,
        Err(FormatError::Syntax(diagnostics)) => return refuse(diagnostics),
        Err(err @ FormatError::Internal(_)) => {
            eprintln!("error: `{}` was not formatted: {err}", path.display());
            return Exit::Failure;
        }
    };
    if formatted == source.text() {
        return Exit::Success;
    }
    if check {
        outln!("{}", first_difference(path, source.text(), &formatted));
        return Exit::Failure;
    }
    match write_atomically(path, &formatted) {
        Ok(()) => {
            outln!("formatted {}", path.display());
            Exit::Success
        }
        Err(err) => super::usage_error(format!("cannot write `{}`: {err}", path.display())),
    }
}

/// How many lines of each side of the first difference `--check` shows.
const DIFF_LINES: usize = 6;
/// How far apart the two sides may drift before the difference is cut short.
const RESYNC_WINDOW: usize = 60;

/// "FILE is not formatted", and the first lines that differ, diff style.
fn first_difference(path: &Path, old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let start = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let old_rest = old.get(start..).unwrap_or_default();
    let new_rest = new.get(start..).unwrap_or_default();
    let (old_changed, new_changed) = resync(old_rest, new_rest);
    let mut out = format!(
        "{} is not formatted; the first difference, at line {}:",
        path.display(),
        start + 1
    );
    for (sign, lines) in [("-", old_changed), ("+", new_changed)] {
        for line in lines.iter().take(DIFF_LINES) {
            out.push_str(&format!("\n{sign} {line}"));
        }
        if lines.len() > DIFF_LINES {
            out.push_str(&format!("\n{sign} ... {} more", lines.len() - DIFF_LINES));
        }
    }
    if old_changed.is_empty() && new_changed.is_empty() {
        out.push_str("\n  (only line endings or blank lines at the end differ)");
    }
    out
}

/// The first differing lines of two texts that differ from their first line: up to where
/// both go on the same way again for a few lines (or the end).
fn resync<'a, 'b>(old: &'a [&'b str], new: &'a [&'b str]) -> (&'a [&'b str], &'a [&'b str]) {
    const AGREE: usize = 3;
    let agree_from = |i: usize, j: usize| {
        let a = old.get(i..).unwrap_or_default();
        let b = new.get(j..).unwrap_or_default();
        let n = AGREE.min(a.len()).min(b.len());
        (n > 0 || (a.is_empty() && b.is_empty())) && a.get(..n) == b.get(..n)
    };
    for distance in 1..=2 * RESYNC_WINDOW {
        for i in 0..=distance {
            let j = distance - i;
            if i <= old.len() && j <= new.len() && agree_from(i, j) {
                return (
                    old.get(..i).unwrap_or_default(),
                    new.get(..j).unwrap_or_default(),
                );
            }
        }
    }
    (old, new)
}

/// Replaces the file's contents all at once: a temporary file in the same directory, renamed
/// over the original, with the original's permissions. A symbolic link is followed, so the
/// file it points to is the one rewritten.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".shareguard-fmt-")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}
