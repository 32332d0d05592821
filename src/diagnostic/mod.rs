//! Diagnostics as data.
//!
//! Every stage (syntax, check, lint, runtime loading) reports problems as [`Diagnostic`] values:
//! a stable code, a severity, a message in plain words, labelled spans and an optional help
//! line. Rendering them (miette's report, JSON, SARIF, GitHub annotations) is a separate step in
//! [`render`], so every stage gets every output format for free.

pub mod codes;
pub mod render;
pub mod suggest;

use crate::span::{SourceFile, Span};

pub use codes::ErrorCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A span with an optional short text shown under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub text: Option<String>,
}

/// One problem found in a policy file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// An error code such as `E0201`, or a lint's name such as `sale-without-consent-check`.
    pub code: &'static str,
    pub message: String,
    /// The first label is the primary one: where the problem is.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: ErrorCode, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.as_str(),
            message: message.into(),
            labels: vec![Label { span, text: None }],
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            labels: vec![Label { span, text: None }],
            help: None,
        }
    }

    /// Sets the text under the primary span.
    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        if let Some(label) = self.labels.first_mut() {
            label.text = Some(text.into());
        }
        self
    }

    /// Adds a secondary span, such as "first declared here".
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: Some(text.into()),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Where the problem starts.
    pub fn primary_span(&self) -> Span {
        self.labels.first().map(|l| l.span).unwrap_or_default()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of one file, with the file they point into.
#[derive(Clone, Debug)]
pub struct Report {
    pub source: std::sync::Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Sorts by position, errors first at the same position, so output is stable.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by_key(|d| {
            let span = d.primary_span();
            (span.start, std::cmp::Reverse(d.severity), span.end)
        });
    }
}
