//! Rendering diagnostics: miette's graphical report for people; JSON, SARIF and GitHub
//! workflow commands for tools.
//!
//! Rendering is deterministic when asked to be (no colour, fixed width), which is what the
//! snapshot tests use.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use serde_json::{Map, Value, json};

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

/// A file for miette, whose report heads (`file:line:column`) count columns in characters
/// like every other output format, not in bytes. It borrows the file: a report of many
/// diagnostics does not copy it for each.
struct CharColumns<'a> {
    source: &'a SourceFile,
}

impl miette::SourceCode for CharColumns<'_> {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = self.source.text().read_span(span, before, after)?;
        let column = if before == 0 && after == 0 {
            // The head of a report reads the span's own position (no context lines around it).
            self.source.line_col(span.offset()).column - 1
        } else {
            contents.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.source.name().to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// A diagnostic together with its file, in the shape miette renders.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    /// `None` when a line to show is too long to be shown (see [`LONGEST_SHOWN_LINE`]).
    source: Option<CharColumns<'a>>,
    /// Where the diagnostic is, when the source is not shown.
    location: Option<String>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)?;
        match &self.location {
            Some(location) => write!(f, "\n{location}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    /// `error[E0201]` or `warning[share-all]`, as rustc heads its reports.
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{}[{}]",
            self.diagnostic.severity.as_str(),
            self.diagnostic.code
        )))
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
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.source.as_ref()?.source.text().len();
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

/// Lines longer than this (in characters) are not shown under a diagnostic: its place is
/// given in words instead. A generated or damaged file can hold a line of megabytes, which no
/// one reads in a terminal (and which miette cannot lay out).
const LONGEST_SHOWN_LINE: usize = 1_000;

/// Renders one diagnostic as miette's graphical report.
fn human_one(diagnostic: &Diagnostic, source: &SourceFile, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let text = source.text();
    let too_long = diagnostic.labels.iter().any(|label| {
        shown_lines(text, label.span.start).any(|line| line.chars().count() > LONGEST_SHOWN_LINE)
    });
    let at = source.line_col(diagnostic.primary_span().start);
    let view = View {
        diagnostic,
        source: (!too_long).then_some(CharColumns { source }),
        location: too_long.then(|| {
            format!(
                "at {}:{}:{} (the line is too long to show)",
                source.name(),
                at.line,
                at.column
            )
        }),
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

/// The lines a report shows around byte `at`: its own line and one on either side (miette's
/// context).
fn shown_lines(text: &str, at: usize) -> impl Iterator<Item = &str> {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or_default();
    let after = text.get(at..).unwrap_or_default();
    // The start of the line before `at`'s line, and the end of the line after it.
    let start = before.rmatch_indices('\n').nth(1).map_or(0, |(i, _)| i + 1);
    let end = after
        .match_indices('\n')
        .nth(1)
        .map_or(text.len(), |(i, _)| at + i);
    text.get(start..end).unwrap_or_default().split('\n')
}

/// The most diagnostics shown for one file in the human format; the machine formats list all.
const MOST_SHOWN: usize = 200;

/// Renders every diagnostic of a report, one after another (at most [`MOST_SHOWN`]).
pub fn human(report: &Report, style: Style) -> String {
    let mut shown: Vec<String> = report
        .diagnostics
        .iter()
        .take(MOST_SHOWN)
        .map(|d| human_one(d, &report.source, style))
        .collect();
    let hidden = report.diagnostics.len().saturating_sub(MOST_SHOWN);
    if hidden > 0 {
        shown.push(format!(
            "... and {hidden} more in {} (`--format json` lists them all)\n",
            report.source.name()
        ));
    }
    shown.join("\n")
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

/// What SARIF says about one rule (an error code or a lint) in `tool.driver.rules`.
#[derive(Clone, Debug)]
pub struct RuleDoc {
    /// The code: `E0201` or a lint's name.
    pub id: &'static str,
    /// One line.
    pub summary: String,
    /// The documentation, in Markdown.
    pub help: String,
    /// The level it is reported at unless the command line changes it.
    pub level: Severity,
}

/// The SARIF 2.1.0 log of any number of files, for code-scanning dashboards.
///
/// Columns count Unicode characters, as everywhere in shareguard, and the log says so
/// (`columnKind`). Relative file names are given relative to `%SRCROOT%`.
pub fn sarif(reports: &[Report], rules: &[RuleDoc]) -> Value {
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.summary },
                "help": { "text": rule.help, "markdown": rule.help },
                "defaultConfiguration": { "level": rule.level.as_str() },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            results.push(sarif_result(diagnostic, &report.source, rules));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "shareguard",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn sarif_result(diagnostic: &Diagnostic, source: &SourceFile, rules: &[RuleDoc]) -> Value {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(diagnostic.code));
    if let Some(index) = rules.iter().position(|r| r.id == diagnostic.code) {
        result.insert("ruleIndex".into(), json!(index));
    }
    result.insert("level".into(), json!(diagnostic.severity.as_str()));
    result.insert("message".into(), json!({ "text": text }));
    result.insert(
        "locations".into(),
        json!([sarif_location(source, diagnostic.primary_span(), None)]),
    );
    let related: Vec<Value> = diagnostic
        .labels
        .iter()
        .skip(1)
        .map(|l| sarif_location(source, l.span, l.text.as_deref()))
        .collect();
    if !related.is_empty() {
        result.insert("relatedLocations".into(), Value::Array(related));
    }
    Value::Object(result)
}

fn sarif_location(source: &SourceFile, span: crate::span::Span, text: Option<&str>) -> Value {
    let start = source.line_col(span.start);
    let end = source.line_col(span.end.max(span.start));
    let name = source.name();
    let mut artifact = Map::new();
    artifact.insert("uri".into(), json!(file_uri(name)));
    if !std::path::Path::new(name).is_absolute() {
        artifact.insert("uriBaseId".into(), json!("%SRCROOT%"));
    }
    let mut location = Map::new();
    location.insert(
        "physicalLocation".into(),
        json!({
            "artifactLocation": artifact,
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        }),
    );
    if let Some(text) = text {
        location.insert("message".into(), json!({ "text": text }));
    }
    Value::Object(location)
}

/// A file name as a URI reference: `/` separated, everything but unreserved characters
/// percent-encoded, and `file://` in front of an absolute path.
fn file_uri(name: &str) -> String {
    let path = if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_string()
    };
    let mut out = String::new();
    if std::path::Path::new(name).is_absolute() {
        out.push_str("file://");
        if !path.starts_with('/') {
            out.push('/');
        }
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// GitHub Actions workflow commands, one line per diagnostic:
/// `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`. GitHub shows them
/// as annotations on the file.
pub fn github(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            out.push_str(&github_one(diagnostic, &report.source));
            out.push('\n');
        }
    }
    out
}

fn github_one(diagnostic: &Diagnostic, source: &SourceFile) -> String {
    let span = diagnostic.primary_span();
    let start = source.line_col(span.start);
    let end = source.line_col(span.end.max(span.start));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\n\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        diagnostic.severity.as_str(),
        github_property(source.name()),
        start.line,
        start.column,
        end.line,
        end.column,
        github_property(diagnostic.code),
        github_data(&message)
    )
}

/// Escapes a workflow command's message (GitHub's `escapeData`).
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}
