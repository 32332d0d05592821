//! Each `tests/check/<case>.share` is a policy with mistakes in it. Its first lines say what
//! must be reported, one line per diagnostic:
//!
//! ```text
//! # expect: E0201 at 14:9
//! # expect: warning sale-without-preference-check at 30:3
//! ```
//!
//! The test asserts exactly those codes at exactly those places (nothing more, nothing less),
//! and snapshots the rendered report, underlines included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use shareguard::diagnostic::render::{self, Style};
use shareguard::lint::LintOptions;
use shareguard::span::SourceFile;

fn expectations(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(|l| l.trim().to_string())
        .collect();
    out.sort();
    out
}

fn compile_case(path: &Path) -> (String, Vec<String>, String) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let source = SourceFile::new(format!("tests/check/{name}"), text.clone());
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

#[test]
fn each_mistake_is_reported_once_at_its_place() {
    insta::glob!("check/*.share", |path| {
        let (text, found, rendered) = compile_case(path);
        let expected = expectations(&text);
        assert!(
            !expected.is_empty(),
            "{} has no `# expect:` lines",
            path.display()
        );
        assert_eq!(found, expected, "diagnostics of {}", path.display());
        insta::assert_snapshot!(rendered);
    });
}
