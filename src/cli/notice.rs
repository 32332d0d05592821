//! `shareguard notice POLICY [--format markdown|html|json] [--out FILE] [--words FILE]`

use std::path::{Path, PathBuf};

use super::Exit;
use crate::ir::Ir;
use crate::notice::{Notice, html, json, markdown};
use crate::words::Words;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy: a .share file, or an IR file from `shareguard compile`.
    #[arg(value_name = "POLICY")]
    policy: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = NoticeFormat::Markdown)]
    format: NoticeFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// A wording file (Fluent) that replaces the built-in English: an edited copy, or a
    /// translation. See docs/notice.md.
    #[arg(long, value_name = "FILE")]
    words: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum NoticeFormat {
    /// For a website's content system, or reading.
    Markdown,
    /// One self-contained, accessible, printable page, with the data map.
    Html,
    /// The same content as data.
    Json,
}

pub fn run(args: &Args) -> Exit {
    let words = match load_words(args.words.as_deref()) {
        Ok(words) => words,
        Err(exit) => return exit,
    };
    let ir = match load(&args.policy, "its notice") {
        Ok(ir) => ir,
        Err(exit) => return exit,
    };
    let notice = Notice::build(&ir, &words);
    let text = match args.format {
        NoticeFormat::Markdown => markdown::render(&notice, &words),
        NoticeFormat::Json => match json::render(&notice) {
            Ok(json) => json + "\n",
            Err(err) => return super::usage_error(format!("cannot write the notice: {err}")),
        },
        NoticeFormat::Html => {
            let map = crate::graph::Graph::build(&ir, &notice, &words, None);
            html::render(&notice, &words, &crate::graph::svg::render(&map, &words))
        }
    };
    write(args.out.as_deref(), &text)
}

/// The wording: the built-in English, or a file.
pub(super) fn load_words(path: Option<&Path>) -> Result<Words, Exit> {
    let Some(path) = path else {
        return Ok(Words::english());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| super::usage_error(format!("cannot read `{}`: {e}", path.display())))?;
    Words::load(&path.display().to_string(), &text).map_err(super::usage_error)
}

/// Loads a policy; one with errors is reported as `check` reports it (exit 1).
pub(super) fn load(path: &Path, what: &str) -> Result<Ir, Exit> {
    use crate::policy::LoadError;
    crate::policy::load(path).map_err(|err| match err {
        LoadError::Read(e) => super::usage_error(e),
        LoadError::Policy(report) => {
            eprintln!(
                "{}",
                crate::diagnostic::render::human(&report, super::stderr_style())
            );
            eprintln!(
                "error: `{}` has errors; fix them before writing {what}",
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

/// Writes to standard output, or to a file all at once (a failed write leaves no partial file).
pub(super) fn write(out: Option<&Path>, text: &str) -> Exit {
    let Some(path) = out else {
        out!("{text}");
        return Exit::Success;
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // A notice is for publishing: readable by all, as a file written the ordinary way would be.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let written = builder.tempfile_in(dir).and_then(|mut file| {
        use std::io::Write;
        file.write_all(text.as_bytes())?;
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    });
    match written {
        Ok(()) => Exit::Success,
        Err(e) => super::usage_error(format!("cannot write `{}`: {e}", path.display())),
    }
}
