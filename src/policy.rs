//! The pipeline from a file on disk to a checked policy: read → parse → check → lint.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, ErrorCode, Report};
use crate::ir::Ir;
use crate::lint::LintOptions;
use crate::span::{SourceFile, Span};

/// A policy file that could not be read at all.
#[derive(Debug)]
pub struct ReadError {
    pub path: String,
    pub error: std::io::Error,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read `{}`: {}", self.path, self.error)
    }
}

impl std::error::Error for ReadError {}

/// The result of checking one policy file.
#[derive(Debug)]
pub struct Compiled {
    /// The IR, when the file has no errors (warnings allowed).
    pub ir: Option<Ir>,
    /// Every error and warning, sorted by position.
    pub report: Report,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.report.errors() > 0
    }
}

/// Reads a policy file. Text that is not UTF-8 is still returned, with an error report
/// pointing at the first bad byte.
pub fn read(path: &Path) -> Result<(SourceFile, Option<Diagnostic>), ReadError> {
    let bytes = std::fs::read(path).map_err(|error| ReadError {
        path: path.display().to_string(),
        error,
    })?;
    let name = path.display().to_string();
    Ok(match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(name, text), None),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let diagnostic = Diagnostic::error(
                ErrorCode::NotUtf8,
                "this file is not UTF-8 text",
                // The bad byte is U+FFFD in the text the report shows.
                Span::new(at, at + '\u{FFFD}'.len_utf8()),
            )
            .with_label("not UTF-8")
            .with_help(
                "save the policy as UTF-8 text; it may be a binary file or use another encoding",
            );
            (SourceFile::new(name, text), Some(diagnostic))
        }
    })
}

/// Parses, checks and lints a policy's text.
pub fn compile(source: SourceFile, lints: &LintOptions) -> Compiled {
    compile_with(source, None, lints)
}

/// Reads and compiles a policy file.
pub fn compile_file(path: &Path, lints: &LintOptions) -> Result<Compiled, ReadError> {
    let (source, encoding_error) = read(path)?;
    Ok(compile_with(source, encoding_error, lints))
}

fn compile_with(
    source: SourceFile,
    encoding_error: Option<Diagnostic>,
    lints: &LintOptions,
) -> Compiled {
    let source = Arc::new(source);
    if let Some(diagnostic) = encoding_error {
        return Compiled {
            ir: None,
            report: Report {
                source,
                diagnostics: vec![diagnostic],
            },
        };
    }
    let parsed = crate::syntax::parse(&source);
    let checked = crate::check::check(&parsed, &source);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(checked.diagnostics);
    if let Some(ir) = &checked.ir {
        diagnostics.extend(crate::lint::run(ir, &source, lints));
    }
    let mut report = Report {
        source,
        diagnostics,
    };
    report.sort();
    Compiled {
        ir: checked.ir,
        report,
    }
}
