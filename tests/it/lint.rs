//! Lints: each `tests/lint/**/<case>.share` says what must be reported, as in `tests/it/check.rs`:
//!
//! ```text
//! # expect: warning share-all at 24:9
//! # expect: nothing
//! ```
//!
//! `fires/<lint>.share` makes the lint fire, `silent/<lint>.share` is the closest correct
//! policy (no warning at all), and `cases/` holds suppression scopes and lints working together.
//! The rendered report of each case with warnings is snapshotted.
//!
//! The command line: `--allow`, `--deny`, `--deny-warnings`, `--list-lints`, and the `json`,
//! `sarif` (validated against the SARIF 2.1.0 schema) and `github` formats. Last, the page
//! `docs/lints.md` must be what the lint table generates (`UPDATE_DOCS=1` rewrites it).

use std::process::Output;

use shareguard::diagnostic::render::{self, Style};
use shareguard::lint::{LINTS, LintOptions};

use crate::common;

use common::cases::{compile_case, expectations};
use common::cli::{code, shareguard, stderr, stdout};
use common::root;

#[test]
fn each_case_reports_exactly_what_it_expects() {
    insta::glob!("..", "lint/**/*.share", |path| {
        let (text, found, rendered) = compile_case(path);
        assert!(
            text.contains("# expect:"),
            "{} has no `# expect:` lines",
            path.display()
        );
        assert_eq!(
            found,
            expectations(&text),
            "diagnostics of {}",
            path.display()
        );
        if !found.is_empty() {
            insta::assert_snapshot!(rendered);
        }
    });
}

#[test]
fn every_lint_has_a_case_that_fires_it_and_one_that_does_not() {
    for lint in LINTS {
        let fires = root().join(format!("tests/lint/fires/{}.share", lint.name));
        let text = std::fs::read_to_string(&fires)
            .unwrap_or_else(|_| panic!("{} is missing", fires.display()));
        assert!(
            expectations(&text)
                .iter()
                .any(|e| e.starts_with(&format!("warning {} at", lint.name))),
            "{} does not expect `{}`",
            fires.display(),
            lint.name
        );
        let silent = root().join(format!("tests/lint/silent/{}.share", lint.name));
        let text = std::fs::read_to_string(&silent)
            .unwrap_or_else(|_| panic!("{} is missing", silent.display()));
        assert!(
            expectations(&text).is_empty(),
            "{} should expect nothing",
            silent.display()
        );
    }
}

#[test]
fn bundled_policies_have_no_warnings() {
    for entry in std::fs::read_dir(root().join("policies")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "share") {
            let compiled =
                shareguard::policy::compile_file(&path, &LintOptions::default()).unwrap();
            assert!(
                compiled.report.diagnostics.is_empty(),
                "{}",
                render::human(&compiled.report, Style::PLAIN)
            );
        }
    }
}

#[test]
fn docs_page_is_generated_from_the_lint_table() {
    let path = root().join("docs/lints.md");
    let generated = shareguard::lint::docs::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "docs/lints.md is out of date: run `UPDATE_DOCS=1 cargo test --test it lint`"
    );
}

// ---------------------------------------------------------------- the command line

fn json_codes(output: &Output) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const SHARE_ALL: &str = "tests/lint/fires/share-all.share";
const UNUSED_ALLOW: &str = "tests/lint/fires/unused-allow.share";
const SUPPRESSED: &str = "tests/lint/cases/allow-policy-scope.share";

#[test]
fn warnings_pass_unless_denied() {
    let run = shareguard(&["check", SHARE_ALL]);
    assert_eq!(code(&run), 0, "{}", stdout(&run));
    assert!(stdout(&run).contains("ok, 1 warning"));
    assert!(stdout(&run).contains("share-all"));

    let run = shareguard(&["check", "--deny-warnings", SHARE_ALL]);
    assert_eq!(code(&run), 1);

    // `--allow` silences the lint, and then nothing is left to deny.
    let run = shareguard(&[
        "check",
        "--deny-warnings",
        "--allow",
        "share-all",
        SHARE_ALL,
    ]);
    assert_eq!(code(&run), 0, "{}", stdout(&run));
    assert!(stdout(&run).contains(": ok\n"));

    // `--deny` makes that lint an error, and only that one.
    let run = shareguard(&[
        "check",
        "--format",
        "json",
        "--deny",
        "share-all",
        SHARE_ALL,
    ]);
    assert_eq!(code(&run), 1);
    assert_eq!(json_codes(&run), [("error".into(), "share-all".into())]);
    let run = shareguard(&[
        "check",
        "--format",
        "json",
        "--deny",
        "share-all",
        UNUSED_ALLOW,
    ]);
    assert_eq!(code(&run), 0);
    assert!(
        json_codes(&run)
            .iter()
            .all(|(severity, _)| severity == "warning")
    );
}

#[test]
fn an_allow_in_the_policy_wins_over_deny() {
    let run = shareguard(&[
        "check",
        "--deny",
        "vendor-without-deletion",
        "--deny-warnings",
        SUPPRESSED,
    ]);
    assert_eq!(code(&run), 0, "{}", stdout(&run));
}

#[test]
fn unknown_lint_names_are_usage_errors() {
    let run = shareguard(&["check", "--allow", "share-al", SHARE_ALL]);
    assert_eq!(code(&run), 2);
    assert!(
        stderr(&run).contains("did you mean `share-all`?"),
        "{}",
        stderr(&run)
    );
    assert!(stdout(&run).is_empty(), "nothing is checked");

    let run = shareguard(&["check", "--deny", "no-such-thing", SHARE_ALL]);
    assert_eq!(code(&run), 2);
    assert!(stderr(&run).contains("--list-lints"), "{}", stderr(&run));

    let run = shareguard(&[
        "check",
        "--allow",
        "share-all",
        "--deny",
        "share-all",
        SHARE_ALL,
    ]);
    assert_eq!(code(&run), 2);
}

#[test]
fn list_lints_needs_no_file() {
    let run = shareguard(&["check", "--list-lints"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let out = stdout(&run);
    assert_eq!(out.lines().count(), LINTS.len());
    for lint in LINTS {
        assert!(
            out.lines()
                .any(|l| l.starts_with(lint.name) && l.ends_with(lint.summary)),
            "{}",
            lint.name
        );
    }
    // Without --list-lints, files are still required.
    assert_eq!(code(&shareguard(&["check"])), 2);
}

#[test]
fn json_keeps_the_shape_of_language_md() {
    let run = shareguard(&["check", "--format", "json", SHARE_ALL]);
    assert_eq!(code(&run), 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&run)).unwrap();
    assert_eq!(json.as_object().unwrap().len(), 1);
    let d = &json["diagnostics"][0];
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code", "column", "file", "help", "line", "message", "severity"
        ]
    );
    assert_eq!(d["file"], SHARE_ALL);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(24), Some(9))
    );
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["code"], "share-all");
}

fn sarif_schema() -> jsonschema::Validator {
    // The OASIS SARIF 2.1.0 schema, byte for byte as the serde-sarif crate ships it, kept here
    // so the test needs no network.
    let text = std::fs::read_to_string(root().join("tests/sarif-schema-2.1.0.json")).unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The language-tag pattern in the official schema (`run.language`,
    // `toolComponent.language`) has a stray `]` that ECMA-262 regular expressions reject, so
    // the validator refuses the whole schema. Escape it: it matches the same strings, and
    // shareguard never writes a language.
    let fixed = fix_patterns(&mut schema);
    assert_eq!(fixed, 2, "the schema's known regex bug");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn fix_patterns(value: &mut serde_json::Value) -> usize {
    const BAD: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        serde_json::Value::Object(map) => {
            let mut fixed = 0;
            if map.get("pattern").and_then(|p| p.as_str()) == Some(BAD) {
                map.insert("pattern".into(), BAD.replace("]?", "\\]?").into());
                fixed += 1;
            }
            fixed + map.values_mut().map(fix_patterns).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter_mut().map(fix_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_is_valid_and_complete() {
    let validator = sarif_schema();
    let run = shareguard(&[
        "check",
        "--format",
        "sarif",
        "--deny",
        "unused-allow",
        UNUSED_ALLOW,
        SHARE_ALL,
        "tests/check/unknown_field_in_share.share",
    ]);
    assert_eq!(code(&run), 1, "{}", stderr(&run));
    let log: serde_json::Value = serde_json::from_str(&stdout(&run)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does catch mistakes.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "warn".into();
    assert!(!validator.is_valid(&broken));

    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for lint in LINTS {
        assert!(ids.contains(&lint.name), "{}", lint.name);
    }
    assert!(ids.contains(&"E0201"));
    let results = run0["results"].as_array().unwrap();
    let levels: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert!(levels.contains(&("unused-allow", "error")), "{levels:?}");
    assert!(levels.contains(&("untested-recipient", "warning")));
    assert!(levels.contains(&("share-all", "warning")));
    assert!(levels.contains(&("E0201", "error")));
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let share_all = results.iter().find(|r| r["ruleId"] == "share-all").unwrap();
    let location = &share_all["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], SHARE_ALL);
    assert_eq!(location["region"]["startLine"], 24);
    assert_eq!(location["region"]["startColumn"], 9);
    assert_eq!(location["region"]["endColumn"], 12);
    let help = &rules[share_all["ruleIndex"].as_u64().unwrap() as usize]["help"]["markdown"];
    assert!(help.as_str().unwrap().contains("### Fix"));
}

#[test]
fn sarif_of_a_clean_file_is_valid_too() {
    let run = shareguard(&["check", "--format", "sarif", "policies/acme_dining.share"]);
    assert_eq!(code(&run), 0);
    let log: serde_json::Value = serde_json::from_str(&stdout(&run)).unwrap();
    assert!(sarif_schema().is_valid(&log));
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn github_annotations() {
    let run = shareguard(&["check", "--format", "github", SHARE_ALL]);
    assert_eq!(code(&run), 0);
    let out = stdout(&run);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with(
            "::warning file=tests/lint/fires/share-all.share,line=24,col=9,endLine=24,\
             endColumn=12,title=share-all::this shares every field of the record with \
             PostalPro Address Services (`mailer`)"
        ),
        "{out}"
    );
    assert!(out.contains("%0A%0Ahelp: name the fields"), "{out}");
}

#[test]
fn github_escapes_file_names_and_messages() {
    assert_eq!(render::github_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
    assert_eq!(render::github_property("a,b: 100%\n"), "a%2Cb%3A 100%25%0A");
    // A file whose name needs escaping, checked for real.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("odd, name: 100%.share");
    std::fs::copy(root().join(SHARE_ALL), &file).unwrap();
    let run = shareguard(&["check", "--format", "github", file.to_str().unwrap()]);
    assert_eq!(code(&run), 0);
    let out = stdout(&run);
    assert!(
        out.contains("odd%2C name%3A 100%25.share,line=24,"),
        "{out}"
    );
    assert_eq!(out.matches("::").count(), 2, "{out}");
}
