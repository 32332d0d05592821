//! Any input gets diagnostics, never a panic or a stack overflow.
//!
//! Everything here runs on the test's own thread, whose stack `cargo test` makes 2 MB (not the
//! 8 MB of a program's main thread): deep nesting must be refused by a limit, not survived by a
//! large stack.

use crate::common;

use proptest::prelude::*;
use shareguard::diagnostic::render::{self, Style};
use shareguard::lint::LintOptions;
use shareguard::policy::{self, Compiled};
use shareguard::span::SourceFile;

const PRELUDE: &str = r#"policy "Robustness" {
  version "1"
}

record customer key id {
  id: text [identifier] "Customer number"
  email: text? [contact] "Email address"
  birth_date: date? [demographic] "Date of birth"
  tier: one of "gold", "silver" [behavioral]
  visits: list of { brand: text  amount: number } [behavioral]
  consent: { sale: bool [preference] }
}
"#;

fn acme() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/acme_dining.share"
    ))
    .unwrap()
}

/// Compiles `text` and checks what must hold for every input: an IR exactly when there are no
/// errors, at least one diagnostic otherwise, every span inside the text on character
/// boundaries, and a report that renders.
fn compile(text: &str) -> Compiled {
    let compiled = policy::compile(
        SourceFile::new("robust.share", text.to_string()),
        &LintOptions::default(),
    );
    check_invariants(text, &compiled);
    compiled
}

fn check_invariants(text: &str, compiled: &Compiled) {
    assert_eq!(
        compiled.ir.is_some(),
        !compiled.has_errors(),
        "an IR exactly when there are no errors"
    );
    assert!(
        compiled.ir.is_some() || !compiled.report.diagnostics.is_empty(),
        "no IR and no diagnostic"
    );
    for diagnostic in &compiled.report.diagnostics {
        assert!(!diagnostic.message.is_empty());
        // Grammar rule names and the describer's fallback never reach a reader (outside the
        // quoted words of the policy itself).
        let own_words = without_quoted(&diagnostic.message);
        for leak in [
            "kw_",
            "_expr",
            "_decl",
            "Rule::",
            "something else",
            "internal error",
        ] {
            assert!(
                !own_words.contains(leak),
                "{}: {:?} leaks {leak:?}",
                diagnostic.code,
                diagnostic.message
            );
        }
        for label in &diagnostic.labels {
            assert!(
                label.span.start <= label.span.end
                    && text.get(label.span.start..label.span.end).is_some(),
                "{} has a span {:?} outside the text or inside a character",
                diagnostic.code,
                label.span
            );
        }
    }
    let human = render::human(&compiled.report, Style::PLAIN);
    assert_eq!(human.is_empty(), compiled.report.diagnostics.is_empty());
    let json = render::json(std::slice::from_ref(&compiled.report));
    assert!(json["diagnostics"].is_array());
}

/// A message without the parts in backticks or double quotes, which quote the policy.
fn without_quoted(message: &str) -> String {
    let mut out = String::new();
    let mut closing: Option<char> = None;
    for c in message.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None if c == '`' || c == '"' => closing = Some(c),
            None => out.push(c),
        }
    }
    out
}

fn codes(compiled: &Compiled) -> Vec<&'static str> {
    compiled.report.diagnostics.iter().map(|d| d.code).collect()
}

fn recipient_with_condition(condition: &str) -> String {
    format!(
        "{PRELUDE}\nrecipient mailer \"Mail House\" {{\n  kind vendor\n  purpose \"Newsletter\"\n  \
         share email when {condition}\n}}\n"
    )
}

fn example_given(given: &str) -> String {
    format!(
        "{PRELUDE}\nrecipient mailer \"Mail House\" {{\n  kind vendor\n  purpose \"Newsletter\"\n  \
         share email\n}}\n\nexample \"deep\" {{\n  given {given}\n  expect mailer gets nothing\n}}\n"
    )
}

#[test]
fn ten_thousand_nested_parentheses_in_a_condition() {
    let condition = format!("{}consent.sale{}", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(
        codes(&compile(&recipient_with_condition(&condition))),
        ["E0005"]
    );
}

#[test]
fn ten_thousand_unclosed_parentheses() {
    let condition = "(".repeat(10_000);
    assert_eq!(
        codes(&compile(&recipient_with_condition(&condition))),
        ["E0005"]
    );
}

#[test]
fn ten_thousand_nested_function_calls() {
    let condition = format!(
        "{}birth_date{} > 3",
        "age(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert_eq!(
        codes(&compile(&recipient_with_condition(&condition))),
        ["E0005"]
    );
}

#[test]
fn ten_thousand_nots() {
    let condition = format!("{}consent.sale", "not ".repeat(10_000));
    assert_eq!(
        codes(&compile(&recipient_with_condition(&condition))),
        ["E0005"]
    );
}

#[test]
fn sixty_four_nots_are_fine() {
    let condition = format!("{}consent.sale", "not ".repeat(64));
    let compiled = compile(&recipient_with_condition(&condition));
    assert!(!compiled.has_errors(), "{:?}", codes(&compiled));
}

#[test]
fn deeply_nested_json_in_given() {
    let arrays = format!(
        "{{ \"id\": \"C-1\", \"extra\": {}1{} }}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_eq!(codes(&compile(&example_given(&arrays))), ["E0005"]);
    let objects = format!(
        "{{ \"id\": \"C-1\", \"extra\": {}1{} }}",
        "{\"a\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    assert_eq!(codes(&compile(&example_given(&objects))), ["E0005"]);
}

#[test]
fn ten_thousand_nested_list_types() {
    let text = format!(
        "policy \"Deep\" {{ version \"1\" }}\nrecord customer key id {{\n  id: text\n  \
         history: {}text\n}}\n",
        "list of ".repeat(10_000)
    );
    assert_eq!(codes(&compile(&text)), ["E0005"]);
}

#[test]
fn ten_thousand_nested_object_types() {
    let text = format!(
        "policy \"Deep\" {{ version \"1\" }}\nrecord customer key id {{\n  id: text\n  \
         a: {}text{}\n}}\n",
        "{ a: ".repeat(10_000),
        " }".repeat(10_000)
    );
    assert_eq!(codes(&compile(&text)), ["E0005"]);
}

#[test]
fn a_chain_of_ten_thousand_groups_is_one_error() {
    let mut text = format!("{PRELUDE}\n");
    for i in 0..10_000 {
        text.push_str(&format!("group g{i} = g{}\n", i + 1));
    }
    text.push_str("group g10000 = email\n");
    text.push_str(
        "recipient mailer \"Mail House\" {\n  kind vendor\n  purpose \"Newsletter\"\n  \
         share g0\n}\n",
    );
    assert_eq!(codes(&compile(&text)), ["E0005"]);
}

#[test]
fn a_one_megabyte_quoted_text() {
    let long = "x".repeat(1 << 20);
    let text = format!(
        "{PRELUDE}\nrecipient mailer \"Mail House\" {{\n  kind vendor\n  purpose \"{long}\"\n  \
         share email\n}}\n"
    );
    let compiled = compile(&text);
    assert!(!compiled.has_errors(), "{:?}", codes(&compiled));
    let ir = compiled.ir.unwrap();
    assert_eq!(ir.recipients[0].purpose.len(), 1 << 20);

    // The same text, never closed.
    let unclosed = format!("{PRELUDE}\nrecipient mailer \"{long}\n");
    assert_eq!(codes(&compile(&unclosed)), ["E0001"]);
}

#[test]
fn a_one_megabyte_line_of_words() {
    let text = format!("{PRELUDE}\n{}", "share ".repeat(200_000));
    let compiled = compile(&text);
    assert!(compiled.has_errors());
}

#[test]
fn a_policy_written_on_one_line_means_the_same() {
    // Lines beyond a few kilobytes are parsed a piece at a time; a piece may end anywhere
    // between two words, such as inside a condition, without changing what the policy says.
    for path in common::bundled_policies() {
        let text = std::fs::read_to_string(&path).unwrap();
        let one_line = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!one_line.contains('#'), "{}", path.display());
        assert!(
            common::ir_without_locations("policy.share", &one_line)
                == common::ir_without_locations("policy.share", &text),
            "{} on one line",
            path.display()
        );
    }
}

#[test]
fn a_rules_allow_stays_with_its_rule_wherever_a_long_line_is_cut() {
    // A long line is parsed a piece at a time, cut after a space; the cut must never separate
    // `allow` from the rule before it (alone, `allow` would apply to the whole policy).
    for pad in 4000..4100 {
        let long = "x".repeat(pad);
        let rule = format!(
            "never share email to everyone when email == \"{long}\" and 1 == 2 \
             allow constant-condition \"Kept while the list is migrated\""
        );
        let one_line = format!("{PRELUDE}\n{rule} never share tier to everyone\n");
        let two_lines = one_line.replace(" allow", "\n  allow");
        assert!(
            common::ir_without_locations("p.share", &one_line).is_some()
                && common::ir_without_locations("p.share", &one_line)
                    == common::ir_without_locations("p.share", &two_lines),
            "cut with {pad} characters of padding"
        );
    }
}

#[test]
fn an_error_far_along_a_very_long_line() {
    // Beyond column 65,535, where a terminal report cannot lay the line out: the place is
    // given in words instead.
    let items = "first_name, ".repeat(10_000);
    let text = format!(
        "{PRELUDE}\nrecipient mailer \"Mail House\" {{\n  kind vendor\n  purpose \"Mail\"\n  \
         share {items}@\n}}\n"
    );
    let compiled = compile(&text);
    assert_eq!(codes(&compiled), ["E0001"]);
    let human = render::human(&compiled.report, Style::PLAIN);
    assert!(human.contains("the line is too long to show"), "{human}");
}

#[test]
fn a_very_long_line_next_to_an_error_is_not_quoted() {
    let comment = format!("# {}", "x".repeat(200_000));
    let text = format!("{PRELUDE}\nrecipient mailer {{\n  kind vendr\n{comment}\n}}\n");
    let compiled = compile(&text);
    let human = render::human(&compiled.report, Style::PLAIN);
    assert!(!compiled.report.diagnostics.is_empty());
    assert!(human.len() < 10_000, "{} bytes of report", human.len());
}

#[test]
fn an_empty_file() {
    let compiled = compile("");
    assert_eq!(codes(&compiled), ["E0101", "E0102"]);
}

#[test]
fn a_file_of_only_comments_and_blank_lines() {
    let compiled = compile("# A policy, some day.\n\n   # Nothing yet.\n\t\n# The end");
    assert_eq!(codes(&compiled), ["E0101", "E0102"]);
}

#[test]
fn windows_line_endings_and_a_byte_order_mark() {
    let crlf = format!("\u{feff}{}", acme().replace('\n', "\r\n"));
    let compiled = compile(&crlf);
    assert!(!compiled.has_errors(), "{:?}", codes(&compiled));
}

#[test]
fn control_characters_and_replacement_characters() {
    let text = format!("{PRELUDE}\nrecipient \u{0}mailer \u{FFFD}\u{1b}[31m {{\n}}\n");
    let compiled = compile(&text);
    assert!(compiled.has_errors());
}

/// A small deterministic generator, so the garbage is the same on every run.
fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u8
        })
        .collect()
}

#[test]
fn binary_garbage_is_reported_as_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 0..20 {
        let bytes = pseudo_random_bytes(seed, 4096);
        let path = dir.path().join(format!("garbage{seed}.share"));
        std::fs::write(&path, &bytes).unwrap();
        let compiled = policy::compile_file(&path, &LintOptions::default()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        check_invariants(&text, &compiled);
        assert_eq!(codes(&compiled), ["E0004"]);

        // The same bytes, decoded with replacement characters, still only get diagnostics.
        compile(&text);
    }
}

#[test]
fn invalid_utf8_after_a_valid_start_points_at_the_first_bad_byte() {
    let mut bytes = acme().into_bytes();
    let at = 200;
    bytes.insert(at, 0xE9);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.share");
    std::fs::write(&path, &bytes).unwrap();
    let compiled = policy::compile_file(&path, &LintOptions::default()).unwrap();
    assert_eq!(codes(&compiled), ["E0004"]);
    assert_eq!(compiled.report.diagnostics[0].primary_span().start, at);
}

// ---------------------------------------------------------------- token soup

/// Words of the language that are not reserved, for token soups (the reserved ones come from
/// `shareguard::syntax::RESERVED`).
const OTHER_WORDS: &[&str] = &[
    "key",
    "kind",
    "purpose",
    "basis",
    "contract",
    "brand",
    "parent",
    "version",
    "owner",
    "notify",
    "within",
    "days",
    "delete",
    "after",
    "allow",
    "vendor",
    "affiliate",
    "partner",
    "buyer",
    "consent",
    "text",
    "number",
    "integer",
    "bool",
    "date",
    "hashed",
    "masked",
    "first",
    "year",
    "age_band",
    "rounded",
    "age",
    "days_since",
    "count",
    "lower",
    "null",
    "id",
    "email",
    "birth_date",
    "tier",
    "visits",
    "visits.brand",
    "consent.sale",
    "mailer",
    "sensitive",
    "contact",
];

fn words() -> Vec<&'static str> {
    shareguard::syntax::RESERVED
        .iter()
        .chain(OTHER_WORDS)
        .copied()
        .collect()
}

const SIGNS: &[&str] = &[
    "{", "}", "[", "]", "(", ")", ":", ",", "=", "==", "!=", "<", "<=", ">", ">=", "?", ".", "#",
    "\"", "\\", "'", "&&", "-", "\n", "\r\n", "\t", "é", "💥", "\u{FFFD}", "\u{0}", "\u{feff}",
];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(words()).prop_map(String::from),
        4 => prop::sample::select(SIGNS).prop_map(String::from),
        2 => "[a-z_][a-z0-9_]{0,8}",
        2 => "\"([a-zA-Z é]|\\\\[nt\"\\\\u]){0,10}\"?",
        1 => "-?[0-9]{1,5}(\\.[0-9]{1,3})?",
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        1 => "# [a-z ]{0,10}\n",
    ]
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (token(), prop::sample::select(&[" ", " ", "\n", ""][..])),
        0..150,
    )
    .prop_map(|tokens| {
        tokens
            .into_iter()
            .map(|(t, sep)| format!("{t}{sep}"))
            .collect()
    })
}

fn policy_text() -> impl Strategy<Value = String> {
    prop_oneof![
        soup(),
        soup().prop_map(|s| format!("{PRELUDE}\n{s}")),
        (soup(), any::<prop::sample::Index>()).prop_map(|(s, at)| {
            // Spliced into the reference policy at the start of a line.
            let acme = acme();
            let lines: Vec<&str> = acme.lines().collect();
            let at = at.index(lines.len() + 1);
            let mut out = lines[..at].join("\n");
            out.push('\n');
            out.push_str(&s);
            out.push('\n');
            out.push_str(&lines[at..].join("\n"));
            out
        }),
    ]
}

proptest! {
    // PROPTEST_CASES=100000 searches longer.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn token_soup_gets_diagnostics_or_an_ir(text in policy_text()) {
        compile(&text);
    }
}
