//! `shareguard notice`: snapshots of every bundled policy's notice (and of the policies in
//! `tests/notice/`), properties that must hold for any policy, and the HTML page checked with
//! axe-core in a real headless Chromium.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use serde_json::Value;
use shareguard::ir::{CmpOp, Condition, ConditionKind, Function, Ir, Literal, Num, Operand};
use shareguard::lint::LintOptions;
use shareguard::notice::{Notice, html, json, markdown};
use shareguard::runtime::Runtime;
use shareguard::sample::{SampleOptions, write_samples};
use shareguard::words::Words;
use shareguard::words::condition::{Requirements, Said};
use shareguard::words::labels::Labels;

use crate::common;
use common::cli::{code, shareguard, stderr, stdout};

fn compile(path: &Path) -> Ir {
    let compiled = shareguard::policy::compile_file(path, &LintOptions::default()).unwrap();
    compiled
        .ir
        .unwrap_or_else(|| panic!("{} has errors", path.display()))
}

/// The bundled policies and the policies under `tests/notice/`.
fn policies() -> Vec<PathBuf> {
    let mut paths = common::bundled_policies();
    let mut more: Vec<PathBuf> = std::fs::read_dir(common::root().join("tests/notice"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "share"))
        .collect();
    more.sort();
    paths.extend(more);
    paths
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn markdown_and_json_of_every_policy() {
    let words = Words::english();
    for path in policies() {
        let ir = compile(&path);
        let notice = Notice::build(&ir, &words);
        let name = stem(&path);
        insta::assert_snapshot!(
            format!("notice_md@{name}"),
            markdown::render(&notice, &words)
        );
        insta::assert_snapshot!(
            format!("notice_json@{name}"),
            json::render(&notice).unwrap()
        );
    }
    assert!(
        words.missing().is_empty(),
        "messages not in en.ftl: {:?}",
        words.missing()
    );
}

#[test]
fn the_reference_notice_says_what_section_11_asks() {
    let out = shareguard(&["notice", "policies/acme_dining.share"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for needed in [
        "Acme Dining Group, Inc., 100 Harbor Drive, Tampa, FL 33602 is responsible",
        "privacy@acme-dining.example",
        "<https://acme-dining.example/privacy/do-not-sell>",
        "We sell some of your personal information to ListBroker Inc.",
        "a coded (hashed) form of your email address",
        "your age range, worked out from your date of birth",
        "your total amount spent with us, rounded to the nearest 100",
        "Trattoria Bella is a brand of Acme Dining Group.",
        "only if you are 16 or older",
        "not if you asked us not to sell or share your data",
        "We never give your date of birth in full to anyone who buys our lists.",
        "We sold your first name, your last name, a coded (hashed) form of your email address",
        "They must delete it within 30 days.",
        "We will tell you within 30 days",
    ] {
        assert!(
            text.contains(needed),
            "the notice does not say {needed:?}:\n{text}"
        );
    }
    // The sections for each kind, in the order of the seed.
    let order: Vec<usize> = [
        "### Service providers",
        "### Our other brands",
        "### Partners",
        "### Companies we sell data to",
    ]
    .iter()
    .map(|h| text.find(h).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn no_buyer_means_no_sale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_sale.share");
    let text = std::fs::read_to_string(common::root().join("policies/acme_dining.share")).unwrap();
    let start = text.find("recipient list_broker").unwrap();
    let end = start + text[start..].find("\n}\n").unwrap() + 3;
    let without_buyer = format!("{}{}", &text[..start], &text[end..])
        .replace("expect list_broker gets nothing\n", "")
        .replace(
            "expect list_broker gets first_name, last_name, address, email as hashed\n",
            "",
        );
    std::fs::write(&path, without_buyer).unwrap();
    let out = shareguard(&["notice", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let notice: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(notice["sells"], false);
    assert_eq!(
        notice["sale"][0],
        "We do not sell your personal information."
    );
}

#[test]
fn a_policy_with_errors_exits_1_with_the_diagnostics() {
    let broken = "tests/check/unknown_field_in_share.share";
    let checked = shareguard(&["check", broken]);
    for args in [
        vec!["notice", broken],
        vec!["notice", broken, "--format", "html"],
        vec!["graph", broken, "--format", "svg"],
    ] {
        let out = shareguard(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?} wrote {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains("did you mean `email`?"), "{err}");
        assert!(
            stdout(&checked).contains(err.lines().next().unwrap()),
            "{err}"
        );
    }
}

#[test]
fn out_writes_the_file_whole_and_bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notice.html");
    let out = shareguard(&[
        "notice",
        "policies/acme_dining.share",
        "--format",
        "html",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = std::fs::read_to_string(&file).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    let missing = shareguard(&["notice", "no/such/policy.share"]);
    assert_eq!(code(&missing), 2);
    let nowhere = shareguard(&[
        "notice",
        "policies/acme_dining.share",
        "--out",
        "no/such/dir/x.md",
    ]);
    assert_eq!(code(&nowhere), 2);
    assert!(
        stderr(&nowhere).contains("cannot write"),
        "{}",
        stderr(&nowhere)
    );
}

#[test]
fn a_translation_replaces_the_words_it_has() {
    let out = shareguard(&[
        "notice",
        "policies/acme_dining.share",
        "--format",
        "html",
        "--words",
        "tests/notice/words/es.ftl",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains("<html lang=\"es\">"));
    assert!(page.contains("Cómo compartimos sus datos personales"));
    assert!(
        page.contains("una forma codificada (hash) de su correo electrónico")
            || page.contains("forma codificada")
    );
    // What the translation leaves out is said in English.
    assert!(page.contains("What we never do"));

    let broken = shareguard(&[
        "notice",
        "policies/acme_dining.share",
        "--words",
        "tests/notice/words/broken.ftl",
    ]);
    assert_eq!(code(&broken), 2);
    assert!(stderr(&broken).contains("line 4"), "{}", stderr(&broken));
}

// ---------------------------------------------------------------- apply never exceeds the notice

/// Per recipient, the (field, form) pairs the notice's JSON lists.
fn notice_grants(ir: &Ir) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let notice: Value =
        serde_json::from_str(&json::render(&Notice::build(ir, &Words::english())).unwrap())
            .unwrap();
    notice["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let data = r["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["field"].as_str().unwrap().to_string(),
                        d["form"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (r["name"].as_str().unwrap().to_string(), data)
        })
        .collect()
}

fn records(ir: &Ir, seed: u64, count: u64) -> Vec<Value> {
    let options = SampleOptions {
        seed,
        invalid_rate: 0.0,
        ..SampleOptions::default()
    };
    let mut out = Vec::new();
    write_samples(&ir.record, count, &options, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Every leaf field that `apply` gives a recipient is listed under that recipient in the
    /// notice, in that form: the notice never says less than the rules allow.
    #[test]
    fn what_apply_shares_the_notice_lists(seed in any::<u64>(), days in -4000i64..4000) {
        for path in common::bundled_policies() {
            let ir = compile(&path);
            let listed = notice_grants(&ir);
            let as_of = SampleOptions::default().today + chrono::Duration::days(days);
            let runtime = Runtime::new(ir.clone(), as_of).unwrap();
            let mut shared = 0usize;
            for record in records(&ir, seed, 150) {
                let Ok(outcomes) = runtime.decide(&record) else { continue };
                for (recipient, outcome) in ir.recipients.iter().zip(outcomes) {
                    for (field, form) in &outcome.shared {
                        shared += 1;
                        let pair = (field.clone(), form.to_string());
                        prop_assert!(
                            listed[&recipient.name].contains(&pair),
                            "{}: {} gets {} as {} but the notice does not say so",
                            path.display(), recipient.name, field, form
                        );
                    }
                }
            }
            prop_assert!(shared > 0, "{}: nothing was shared at all", path.display());
        }
    }
}

// ---------------------------------------------------------------- conditions in words

/// The fields of `tests/notice/conditions.share` that conditions may read, with their types.
fn condition_fields() -> (Ir, Vec<(String, &'static str)>) {
    let ir = compile(&common::root().join("tests/notice/conditions.share"));
    let fields = vec![
        ("birth_date".to_string(), "date"),
        ("joined_on".to_string(), "date"),
        ("last_seen_on".to_string(), "date"),
        ("opted_in_email".to_string(), "bool"),
        ("is_vip_member".to_string(), "bool"),
        ("holds_card".to_string(), "bool"),
        ("gpc_signal".to_string(), "bool"),
        ("pref_box.sms_ok".to_string(), "bool"),
        ("pref_box.do_not_sell".to_string(), "bool"),
        ("tier_level".to_string(), "enum"),
        ("total_spend".to_string(), "number"),
        ("order_count".to_string(), "number"),
        ("home_country".to_string(), "text"),
        ("e_mail".to_string(), "text"),
        ("order_list".to_string(), "list"),
    ];
    (ir, fields)
}

fn cmp_op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(vec![
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ])
}

fn number() -> impl Strategy<Value = Operand> {
    (-50i64..400).prop_map(|n| Operand::Literal {
        value: Literal::Number(Num::Int(n)),
    })
}

fn field(path: &str) -> Operand {
    Operand::Field {
        path: path.to_string(),
    }
}

fn call(function: Function, path: &str) -> Operand {
    Operand::Call {
        function,
        arg: Box::new(field(path)),
    }
}

/// One comparison or test, of every kind section 5 has, on a field of the right type.
fn atom(fields: Vec<(String, &'static str)>) -> BoxedStrategy<Condition> {
    (
        prop::sample::select(fields),
        cmp_op(),
        number(),
        0u8..6,
        any::<bool>(),
        "[a-z]{1,6}",
    )
        .prop_map(|((path, ty), cmp, n, pick, flag, word)| {
            let compare = |left: Operand, right: Operand| {
                if flag {
                    ConditionKind::Compare { cmp, left, right }
                } else {
                    ConditionKind::Compare {
                        cmp,
                        left: right,
                        right: left,
                    }
                }
            };
            match (ty, pick) {
                (_, 0) => ConditionKind::IsMissing { field: path },
                (_, 1) => ConditionKind::IsPresent { field: path },
                ("bool", 2) => compare(
                    field(&path),
                    Operand::Literal {
                        value: Literal::Bool(flag),
                    },
                ),
                ("bool", _) => ConditionKind::IsTrue { field: path },
                ("date", 2) => compare(call(Function::Age, &path), n),
                ("date", 3) => compare(call(Function::DaysSince, &path), n),
                ("date", 4) => compare(field(&path), Operand::Today),
                ("date", _) => compare(
                    field(&path),
                    Operand::Literal {
                        value: Literal::Date("2024-02-29".into()),
                    },
                ),
                ("list", _) => compare(call(Function::Count, &path), n),
                ("number", _) => compare(field(&path), n),
                ("enum", 2) => compare(
                    field(&path),
                    Operand::Literal {
                        value: Literal::Text("gold".into()),
                    },
                ),
                ("enum" | "text", _) => ConditionKind::In {
                    operand: if pick == 3 {
                        call(Function::Lower, &path)
                    } else {
                        field(&path)
                    },
                    values: vec![Literal::Text(word.clone()), Literal::Text("silver".into())]
                        [..(1 + usize::from(flag))]
                        .to_vec(),
                    negated: pick % 2 == 0,
                },
                _ => compare(
                    field(&path),
                    Operand::Literal {
                        value: Literal::Text(word),
                    },
                ),
            }
        })
        .prop_map(Condition::new)
        .boxed()
}

fn condition(fields: Vec<(String, &'static str)>) -> BoxedStrategy<Condition> {
    prop_oneof![
        6 => atom(fields),
        1 => any::<bool>().prop_map(|value| Condition::new(ConditionKind::Constant { value })),
    ]
    .prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|c| Condition::new(ConditionKind::Not { arg: Box::new(c) })),
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|args| Condition::new(ConditionKind::And { args })),
            prop::collection::vec(inner, 2..4)
                .prop_map(|args| Condition::new(ConditionKind::Or { args })),
        ]
    })
    .boxed()
}

/// Every line of the text, nested lists included.
fn lines(said: &Said, words: &Words, out: &mut Vec<String>) {
    out.push(said.inline(words));
    match said {
        Said::Line(text) => out.push(text.clone()),
        Said::List { text, items } => {
            out.push(text.clone());
            for item in items {
                lines(item, words, out);
            }
        }
    }
}

/// What must never reach a customer: identifiers, operators, the policy's own keywords.
fn syntax_in(text: &str) -> Option<&'static str> {
    const FORBIDDEN: [&str; 20] = [
        "_",
        "==",
        "!=",
        "<",
        ">",
        "(",
        ")",
        "[",
        "]",
        "&&",
        "||",
        " and not ",
        "not not",
        "is missing",
        "is present",
        "not in",
        "true",
        "false",
        "today's",
        "lower",
    ];
    FORBIDDEN.iter().find(|f| text.contains(**f)).copied()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn conditions_in_words_show_no_syntax(
        when in condition(condition_fields().1),
        unless in condition(condition_fields().1),
    ) {
        let (ir, _) = condition_fields();
        let words = Words::english();
        let labels = Labels::new(&ir, &words);
        let mut said = Requirements::when(&when).and(Requirements::unless(&unless)).say(&labels);
        said.push(Requirements::when(&when).statement(&labels));
        let mut all = Vec::new();
        for s in &said {
            lines(s, &words, &mut all);
        }
        for line in &all {
            prop_assert!(!line.trim().is_empty() || said.is_empty(), "an empty line for {when} / {unless}");
            if let Some(found) = syntax_in(line) {
                prop_assert!(false, "{found:?} in {line:?}\nfrom `{when}` unless `{unless}`");
            }
        }
        prop_assert!(words.missing().is_empty(), "{:?}", words.missing());
    }
}

// ---------------------------------------------------------------- accessibility, in Chromium

fn browser_dir() -> PathBuf {
    common::root().join("tests/browser")
}

/// Fails, saying what to run, when the browser or the npm packages are not installed.
fn require_browser() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let modules = browser_dir().join("node_modules");
    let node = Command::new("node").arg("--version").output();
    assert!(
        Path::new(&chromium).exists()
            && node.is_ok_and(|o| o.status.success())
            && modules.join("axe-core").exists()
            && modules.join("playwright-core").exists(),
        "the accessibility check needs Chromium ({chromium}), Node.js and tests/browser's npm \
         packages: run scripts/test, or scripts/setup/chromium.sh"
    );
}

/// Runs axe on the pages; returns its report and whether it passed.
fn axe(pages: &[PathBuf]) -> (Value, bool) {
    require_browser();
    let out = Command::new("node")
        .arg(browser_dir().join("axe.mjs"))
        .args(pages)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "axe.mjs failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report, out.status.success())
}

#[test]
fn html_notices_pass_axe_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let words = Words::english();
    let mut pages = Vec::new();
    for path in policies() {
        let ir = compile(&path);
        let notice = Notice::build(&ir, &words);
        let graph = shareguard::graph::Graph::build(&ir, &notice, &words, None);
        let map = shareguard::graph::svg::render(&graph, &words);
        let page = dir.path().join(format!("{}.html", stem(&path)));
        std::fs::write(&page, html::render(&notice, &words, &map)).unwrap();
        pages.push(page);
    }
    let (report, passed) = axe(&pages);
    assert!(passed, "axe found problems:\n{report:#}");
    assert_eq!(report["pages"].as_array().unwrap().len(), pages.len());
}

#[test]
fn the_axe_check_catches_a_broken_page() {
    // A page without a language, with unlabelled landmarks' content, faint text and a table
    // without headers: the check must fail on it, or it proves nothing.
    let (report, passed) = axe(&[common::root().join("tests/notice/inaccessible.html")]);
    assert!(!passed, "{report:#}");
    let ids: BTreeSet<&str> = report["pages"][0]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    for id in ["html-has-lang", "color-contrast", "image-alt"] {
        assert!(ids.contains(id), "{id} not found in {ids:?}");
    }
    assert_eq!(
        report["pages"][0]["requests"].as_array().unwrap().len(),
        1,
        "{report:#}"
    );
}
