//! The pipeline from a file on disk to a checked policy: read → parse → check → lint; and
//! [`load`], which gives the runtime a checked policy from a `.share` file or from a compiled
//! IR file (checked by `semantics::wellformed`, since it may have been edited or produced by
//! another version).

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
    let lint_names: Vec<&str> = crate::lint::names().collect();
    let checked = crate::check::check(&parsed, &source, &lint_names);
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

/// Why a policy could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (exit 2).
    Read(ReadError),
    /// A `.share` file with errors (exit 1).
    Policy(Report),
    /// An IR file that is not valid (exit 1).
    Ir(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Read(e) => write!(f, "{e}"),
            LoadError::Policy(r) => write!(
                f,
                "the policy `{}` has {} error(s); run `shareguard check` on it",
                r.source.name(),
                r.errors()
            ),
            LoadError::Ir(e) => f.write_str(e),
        }
    }
}

/// A policy loaded for running, with its warnings when it was checked from its text.
#[derive(Debug)]
pub struct Loaded {
    pub ir: Ir,
    /// The lints' warnings for a `.share` file; `None` for a compiled IR file, which is not
    /// linted again (its warnings were for `check`, before `compile`).
    pub warnings: Option<Report>,
}

/// Loads a `.share` policy or a compiled IR file (recognised by starting with `{`).
pub fn load(path: &Path) -> Result<Ir, LoadError> {
    load_reporting(path).map(|loaded| loaded.ir)
}

/// Like [`load`], keeping a `.share` file's warnings.
pub fn load_reporting(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| {
        LoadError::Read(ReadError {
            path: path.display().to_string(),
            error,
        })
    })?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        let ir: Ir = serde_json::from_slice(&bytes).map_err(|e| {
            LoadError::Ir(format!(
                "`{}` is not a compiled shareguard policy: {e}",
                path.display()
            ))
        })?;
        crate::semantics::wellformed::check(&ir).map_err(|e| {
            LoadError::Ir(format!(
                "the compiled policy `{}` is not consistent: {e}; compile it again from its \
                 .share file",
                path.display()
            ))
        })?;
        return Ok(Loaded { ir, warnings: None });
    }
    let compiled = compile_file(path, &LintOptions::default()).map_err(LoadError::Read)?;
    match compiled.ir {
        Some(ir) => Ok(Loaded {
            ir,
            warnings: Some(compiled.report),
        }),
        None => Err(LoadError::Policy(compiled.report)),
    }
}
