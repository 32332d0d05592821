//! Rendering diagnostics: miette's graphical report for people, JSON for tools.
//!
//! Rendering is deterministic when asked to be (no colour, fixed width), which is what the
//! snapshot tests use.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde_json::{Value, json};

use super::{Diagnostic, Report, Severity};
use crate::span::SourceFile;

/// How the graphical report looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// No colour, 100 columns: the same bytes on every machine.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

/// A diagnostic together with its file, in the shape miette renders.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<String>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.source.inner().len();
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
            move |(i, label)| {
                let start = label.span.start.min(len);
                let end = label.span.end.clamp(start, len);
                let span = (start, end - start);
                if i == 0 {
                    LabeledSpan::new_primary_with_span(label.text.clone(), span)
                } else {
                    LabeledSpan::new_with_span(label.text.clone(), span)
                }
            },
        )))
    }
}

/// Renders one diagnostic as miette's graphical report.
pub fn human_one(diagnostic: &Diagnostic, source: &SourceFile, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let view = View {
        diagnostic,
        source: NamedSource::new(source.name(), source.text().to_string()),
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &view).is_err() {
        // Rendering into a String cannot fail; keep the message if it somehow does.
        out = format!(
            "{}[{}]: {}\n",
            diagnostic.severity.as_str(),
            diagnostic.code,
            diagnostic.message
        );
    }
    out
}

/// Renders every diagnostic of a report, one after another.
pub fn human(report: &Report, style: Style) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| human_one(d, &report.source, style))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One diagnostic in the JSON shape of LANGUAGE.md section 10.
pub fn json_one(diagnostic: &Diagnostic, source: &SourceFile) -> Value {
    let at = source.line_col(diagnostic.primary_span().start);
    json!({
        "file": source.name(),
        "line": at.line,
        "column": at.column,
        "severity": diagnostic.severity.as_str(),
        "code": diagnostic.code,
        "message": diagnostic.message,
        "help": diagnostic.help,
    })
}

/// `{"diagnostics": [...]}` for any number of files.
pub fn json(reports: &[Report]) -> Value {
    let diagnostics: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| json_one(d, &r.source)))
        .collect();
    json!({ "diagnostics": diagnostics })
}
