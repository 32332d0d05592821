//! Policy files with `# expect:` lines, for the check and lint cases.
//!
//! ```text
//! # expect: E0201 at 14:9
//! # expect: warning sale-without-preference-check at 30:3
//! # expect: nothing
//! ```

use std::path::Path;

use shareguard::diagnostic::render::{self, Style};
use shareguard::lint::LintOptions;
use shareguard::span::SourceFile;

/// The `# expect:` lines of a case, sorted (`# expect: nothing` for a case that must stay
/// silent).
pub fn expectations(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(|l| l.trim().to_string())
        .filter(|l| l != "nothing")
        .collect();
    out.sort();
    out
}

/// The policy at `path`, checked: its text, "[warning ]CODE at L:C" for each diagnostic
/// (sorted), and the rendered report. The file is named relative to the repository's root.
pub fn compile_case(path: &Path) -> (String, Vec<String>, String) {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let name = path
        .strip_prefix(super::root())
        .unwrap_or(path)
        .display()
        .to_string();
    let source = SourceFile::new(name, text.clone());
    let compiled = shareguard::policy::compile(source, &LintOptions::default());
    let mut found: Vec<String> = compiled
        .report
        .diagnostics
        .iter()
        .map(|d| {
            let at = compiled.report.source.line_col(d.primary_span().start);
            let prefix = if d.is_error() { "" } else { "warning " };
            format!("{prefix}{} at {}:{}", d.code, at.line, at.column)
        })
        .collect();
    found.sort();
    (text, found, render::human(&compiled.report, Style::PLAIN))
}
