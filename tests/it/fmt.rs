//! The formatter.
//!
//! Each `tests/fmt/<case>.share` is formatted and the result snapshotted in
//! `tests/fmt/snapshots/`. For every case, every bundled policy and every generated policy,
//! formatting must keep the policy (same syntax tree apart from positions; same IR apart from
//! source locations when the policy checks), keep every comment in order, and be a fixed
//! point. A case named `canonical_*` is already formatted and must come out unchanged.

#[path = "fmt/cli.rs"]
mod cli;
use crate::common;
#[path = "fmt/generate.rs"]
mod generate;

use std::path::Path;

use proptest::prelude::*;
use shareguard::fmt::{FormatError, WIDTH};
use shareguard::span::SourceFile;

use common::ir_without_locations;

fn format(name: &str, text: &str) -> String {
    match shareguard::fmt::format(&SourceFile::new(name, text)) {
        Ok(formatted) => formatted,
        Err(FormatError::Syntax(d)) => panic!("{name} does not parse: {d:#?}\n{text}"),
        Err(FormatError::Internal(why)) => panic!("{name}: {why}\n{text}"),
    }
}

/// The comments of a text in order (`#` outside quoted text, to the end of the line).
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut quoted = false;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            match (quoted, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (_, false, '"') => quoted = !quoted,
                (false, _, '#') => {
                    out.push(line[i..].trim_end().to_string());
                    break;
                }
                _ => {}
            }
        }
    }
    out
}

/// Everything that must hold when `text` is formatted; returns the formatted text.
fn assert_keeps_the_policy(name: &str, text: &str) -> String {
    let formatted = format(name, text);
    let again = format(name, &formatted);
    assert_eq!(again, formatted, "{name}: formatting is not a fixed point");

    let before = shareguard::syntax::parse(&SourceFile::new(name, text));
    let after = shareguard::syntax::parse(&SourceFile::new(name, &formatted));
    assert_eq!(
        after.diagnostics.len(),
        before.diagnostics.len(),
        "{name}: {:#?}",
        after.diagnostics
    );
    assert_eq!(after.file, before.file, "{name}: the syntax tree changed");
    assert_eq!(
        ir_without_locations(name, &formatted),
        ir_without_locations(name, text),
        "{name}: the IR changed"
    );
    assert_eq!(comments(&formatted), comments(text), "{name}: comments");

    for (i, line) in formatted.lines().enumerate() {
        let breakable = !line.contains('"') && !line.contains('#');
        assert!(
            !breakable || line.chars().count() <= WIDTH,
            "{name}:{}: longer than {WIDTH} columns:\n{line}",
            i + 1
        );
        assert_eq!(line, line.trim_end(), "{name}:{}: trailing space", i + 1);
    }
    formatted
}

#[test]
fn each_case_is_formatted() {
    insta::with_settings!({
        snapshot_path => "../fmt/snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::glob!("..", "fmt/*.share", |path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
            let formatted = assert_keeps_the_policy(&name, &text);
            if name.starts_with("canonical_") {
                assert_eq!(formatted, text, "{name} is canonical and must not change");
            }
            insta::assert_snapshot!(formatted);
        });
    });
}

#[test]
fn cases_that_check_keep_their_ir() {
    // The IR comparison in `assert_keeps_the_policy` only bites when the case checks; make
    // sure most do.
    let checking = [
        "every_construct",
        "comments_everywhere",
        "long_rules",
        "json_layout",
    ];
    for case in checking {
        let path = format!("tests/fmt/{case}.share");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            ir_without_locations(&path, &text).is_some(),
            "{path} should check without errors"
        );
    }
}

#[test]
fn bundled_policies_keep_their_meaning() {
    let mut paths: Vec<_> = std::fs::read_dir("policies")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "share"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            ir_without_locations(&name, &text).is_some(),
            "{name} should check"
        );
        assert_keeps_the_policy(&name, &text);
    }
}

#[test]
fn the_reference_policy_is_formatted() {
    let path = Path::new("policies/acme_dining.share");
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(format("acme_dining.share", &text), text);
}

/// Every `.share` file the formatter tests read, with a name for messages.
fn all_policies() -> Vec<(String, String)> {
    let mut paths: Vec<_> = ["tests/fmt", "policies"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "share"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn rules_kept_on_one_line_read_as_the_ir_quotes_them() {
    use shareguard::syntax::ast::{Decl, RecipientItem};
    use shareguard::syntax::print;

    let mut compared = 0;
    for (name, text) in all_policies() {
        let source = SourceFile::new(name.clone(), format(&name, &text));
        let parsed = shareguard::syntax::parse(&source);
        let mut rules = Vec::new();
        for decl in &parsed.file.decls {
            match decl {
                Decl::Share(r) => rules.push((r.span, r.allows.len(), print::share_rule(r))),
                Decl::Never(r) => rules.push((r.span, r.allows.len(), print::never_rule(r))),
                Decl::Recipient(recipient) => {
                    for item in &recipient.items {
                        match item {
                            RecipientItem::Share(r) => {
                                rules.push((r.span, r.allows.len(), print::share_rule(r)));
                            }
                            RecipientItem::Never(r) => {
                                rules.push((r.span, r.allows.len(), print::never_rule(r)));
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for (span, allows, printed) in rules {
            let written = source.slice(span).trim_end();
            // Quoted text is kept as written, and re-escaped by `print`.
            if allows == 0 && !written.contains(['\n', '#', '\\']) {
                assert_eq!(written, printed, "{name}");
                compared += 1;
            }
        }
    }
    assert!(compared > 20, "only {compared} rules compared");
}

#[test]
fn refused_files_say_why() {
    for entry in std::fs::read_dir("tests/fmt/refused").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        match shareguard::fmt::format(&SourceFile::new(path.display().to_string(), text)) {
            Err(FormatError::Syntax(diagnostics)) => {
                assert!(diagnostics.iter().any(|d| d.code == "E0001"), "{path:?}");
            }
            other => panic!("{path:?} should be refused, got {other:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_policies_keep_their_meaning(policy in generate::policy()) {
        let formatted = assert_keeps_the_policy("generated.share", &policy.text);
        prop_assert!(
            ir_without_locations("generated.share", &policy.text).is_some(),
            "the generator made a policy that does not check:\n{}",
            policy.text
        );
        // Odd layouts really are rewritten, not just passed through.
        prop_assert!(formatted.lines().all(|l| !l.starts_with(' ') || l.starts_with("  ")));
    }
}
