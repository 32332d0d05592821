//! `docs/errors.md` is generated from the error list in `src/diagnostic/codes.rs`, and every
//! code's example really produces that code.
//!
//! After changing a code's documentation, rewrite the page with
//! `UPDATE_DOCS=1 cargo test --test it error_docs`.

use std::path::Path;

use shareguard::diagnostic::codes::{self, Example};
use shareguard::diagnostic::{ErrorCode, Report};
use shareguard::lint::LintOptions;

const PAGE: &str = "docs/errors.md";

#[test]
fn docs_page_is_generated_from_the_code_list() {
    let generated = codes::errors_markdown();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE);
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v != "0") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "{PAGE} is out of date with src/diagnostic/codes.rs; rewrite it with \
         `UPDATE_DOCS=1 cargo test --test it error_docs`"
    );
}

/// The error codes a report holds, sorted.
fn error_codes(report: &Report) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    found.sort_unstable();
    found
}

fn compile_example(code: ErrorCode, bytes: Vec<u8>) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{code}.share"));
    std::fs::write(&path, bytes).unwrap();
    shareguard::policy::compile_file(&path, &LintOptions::default())
        .unwrap()
        .report
}

#[test]
fn each_example_produces_exactly_its_code() {
    for &code in ErrorCode::ALL {
        let example = code.doc().example;
        let Some(bytes) = example.file_bytes() else {
            assert!(
                matches!(example, Example::Command(_)),
                "{code} has no file to compile"
            );
            continue;
        };
        let report = compile_example(code, bytes);
        let found = error_codes(&report);
        assert_eq!(
            found,
            [code.as_str()],
            "the example of {code} must produce exactly {code}:\n{}",
            shareguard::diagnostic::render::human(
                &report,
                shareguard::diagnostic::render::Style::PLAIN
            )
        );
    }
}

#[test]
fn every_code_has_a_check_case() {
    // E0004 (not UTF-8) cannot be a `.share` test case, which the harness reads as text; it is
    // covered by the example above and by tests/it/robustness.rs. E0007 is the command line's.
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check");
    let mut expected = String::new();
    for entry in std::fs::read_dir(cases).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for line in text.lines().filter(|l| l.starts_with("# expect:")) {
            expected.push_str(line);
            expected.push('\n');
        }
    }
    let missing: Vec<&str> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !matches!(*c, "E0004" | "E0007"))
        .filter(|c| !expected.contains(&format!("# expect: {c} at ")))
        .collect();
    assert!(
        missing.is_empty(),
        "no tests/check case expects {missing:?}"
    );
}
