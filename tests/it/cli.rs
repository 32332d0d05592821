//! The `shareguard` command as users run it: exit codes, output files, streams.

use std::path::Path;
use std::process::Command;

const ACME: &str = "policies/acme_dining.share";
const INPUT: &str = "tests/apply/unicode_and_numbers/input.jsonl";
const MIXED: &str = "tests/apply/json_array/input.jsonl";

use crate::common;

use common::cli::{code, shareguard, stderr, stdout};

/// The names of the files in a directory, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".shareguard-"))
        .collect()
}

#[test]
fn check_exit_codes() {
    let ok = shareguard(&["check", ACME]);
    assert_eq!(code(&ok), 0, "{}", stdout(&ok));
    assert_eq!(stdout(&ok), "policies/acme_dining.share: ok\n");

    let broken = shareguard(&["check", "tests/check/unknown_field_in_share.share"]);
    assert_eq!(code(&broken), 1);
    assert!(stdout(&broken).contains("did you mean `email`?"));

    let missing = shareguard(&["check", "no/such/file.share"]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("cannot read `no/such/file.share`"));

    let usage = shareguard(&["check"]);
    assert_eq!(code(&usage), 2);
}

#[test]
fn check_json_format() {
    let out = shareguard(&[
        "check",
        "--format",
        "json",
        "tests/check/unknown_field_in_share.share",
        ACME,
    ]);
    assert_eq!(code(&out), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d["file"], "tests/check/unknown_field_in_share.share");
    assert_eq!(d["line"], 23);
    assert_eq!(d["column"], 9);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "E0201");
    assert_eq!(d["help"], "did you mean `email`?");
    assert!(d["message"].as_str().unwrap().contains("emial"));
}

#[test]
fn compile_prints_deterministic_ir_that_apply_accepts() {
    let first = shareguard(&["compile", ACME]);
    assert_eq!(code(&first), 0);
    assert_eq!(stdout(&first), stdout(&shareguard(&["compile", ACME])));
    let temp = tempfile::tempdir().unwrap();
    let ir = temp.path().join("acme.ir.json");
    std::fs::write(&ir, stdout(&first)).unwrap();
    let from_ir = temp.path().join("from_ir");
    let from_share = temp.path().join("from_share");
    for (policy, out) in [(ir.as_path(), &from_ir), (Path::new(ACME), &from_share)] {
        let run = shareguard(&[
            "apply",
            policy.to_str().unwrap(),
            "--input",
            INPUT,
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2026-06-01",
        ]);
        assert_eq!(code(&run), 0, "{}", stderr(&run));
    }
    for name in ["list_broker.jsonl", "decisions.jsonl", "summary.json"] {
        assert_eq!(
            std::fs::read(from_ir.join(name)).unwrap(),
            std::fs::read(from_share.join(name)).unwrap(),
            "{name}"
        );
    }
}

/// `apply` of the reference policy to the mixed records (one of them rejected), into `out`.
fn apply_mixed(out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "apply",
        ACME,
        "--input",
        MIXED,
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
    ];
    args.extend_from_slice(extra);
    shareguard(&args)
}

#[test]
fn apply_exit_codes_and_files() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("nested/out");
    let run = apply_mixed(&out, &[]);
    assert_eq!(code(&run), 3, "one record is rejected: {}", stderr(&run));
    let names = names_in(&out);
    assert_eq!(
        names,
        [
            "decisions.jsonl",
            "demographix.jsonl",
            "harbor_bank.jsonl",
            "household_iq.jsonl",
            "list_broker.jsonl",
            "postal_pro.jsonl",
            "printmail.jsonl",
            "rejected.jsonl",
            "summary.json",
            "trattoria.jsonl"
        ]
    );
    assert!(leftovers(&temp.path().join("nested")).is_empty());

    // Running again into the same directory replaces the files.
    let again = shareguard(&[
        "apply",
        ACME,
        "--input",
        INPUT,
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
    ]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(out.join("rejected.jsonl")).unwrap(),
        ""
    );
}

#[test]
fn apply_failures_leave_nothing_behind() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();

    // The output directory cannot be created: its parent is a file.
    let under_file = file.join("out");
    let run = shareguard(&[
        "apply",
        ACME,
        "--input",
        INPUT,
        "--out",
        under_file.to_str().unwrap(),
    ]);
    assert_eq!(code(&run), 2);
    // The output path is a file.
    let run = shareguard(&[
        "apply",
        ACME,
        "--input",
        INPUT,
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code(&run), 2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    // The input fails while being read (a directory): nothing is written.
    let out = temp.path().join("out");
    let run = shareguard(&[
        "apply",
        ACME,
        "--input",
        "tests",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    assert!(stderr(&run).contains("nothing was written"));
    assert!(!out.exists());
    // A missing input.
    let run = shareguard(&[
        "apply",
        ACME,
        "--input",
        "no/such.jsonl",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&run), 2);
    assert!(!out.exists());
    assert!(leftovers(temp.path()).is_empty());
}

#[test]
fn apply_usage_errors() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let out = out.to_str().unwrap();
    let run = shareguard(&["apply", ACME, "--input", INPUT]);
    assert_eq!(code(&run), 2);
    let run = shareguard(&["apply", ACME, "--input", INPUT, "--recipient", "list_brokr"]);
    assert_eq!(code(&run), 2);
    assert!(stderr(&run).contains("did you mean `list_broker`?"));
    let run = shareguard(&[
        "apply",
        ACME,
        "--input",
        INPUT,
        "--out",
        out,
        "--as-of",
        "2026-02-30",
    ]);
    assert_eq!(code(&run), 2);
    let run = shareguard(&[
        "apply",
        "tests/check/unknown_field_in_share.share",
        "--input",
        INPUT,
        "--out",
        out,
    ]);
    assert_eq!(code(&run), 1, "a policy with errors");
    assert!(!Path::new(out).exists());
}

#[test]
fn apply_one_recipient_to_stdout() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let run = shareguard(&[
        "apply",
        ACME,
        "--input",
        INPUT,
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
    ]);
    assert_eq!(code(&run), 0);
    let piped = shareguard(&[
        "apply",
        ACME,
        "--input",
        INPUT,
        "--recipient",
        "list_broker",
        "--as-of",
        "2026-06-01",
    ]);
    assert_eq!(code(&piped), 0);
    assert_eq!(
        stdout(&piped),
        std::fs::read_to_string(out.join("list_broker.jsonl")).unwrap()
    );
}

#[test]
fn apply_reads_stdin() {
    let input = std::fs::read(INPUT).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_shareguard"))
        .args([
            "apply",
            ACME,
            "--input",
            "-",
            "--recipient",
            "harbor_bank",
            "--as-of",
            "2026-06-01",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&input).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), 0);
    assert_eq!(stdout(&output).lines().count(), 3);
}

#[test]
fn test_command_reports_failures_side_by_side() {
    let ok = shareguard(&["test", ACME]);
    assert_eq!(code(&ok), 0, "{}", stdout(&ok));
    let failing = shareguard(&["test", "tests/cli/failing_example.share"]);
    assert_eq!(code(&failing), 1);
    insta::assert_snapshot!(stdout(&failing));
}

#[test]
fn explain_one_record() {
    let run = shareguard(&[
        "explain",
        ACME,
        "--input",
        INPUT,
        "--key",
        "C-2",
        "--as-of",
        "2026-06-01",
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    insta::assert_snapshot!(stdout(&run));
    let one = shareguard(&[
        "explain",
        ACME,
        "--input",
        INPUT,
        "--key",
        "C-2",
        "--recipient",
        "harbor_bank",
        "--as-of",
        "2026-06-01",
    ]);
    assert!(stdout(&one).contains("First Harbor Bank"));
    assert!(!stdout(&one).contains("PostalPro"));
    let missing = shareguard(&["explain", ACME, "--input", INPUT, "--key", "C-404"]);
    assert_eq!(code(&missing), 2);
}

#[test]
fn compile_output_is_stable() {
    let out = shareguard(&["compile", ACME]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!(stdout(&out));
}

/// A record on one very long line (a 4 MB field) is read whole, and one nested 1,000 levels deep
/// in an undeclared key is rejected, not recursed into.
#[test]
fn very_long_lines_and_deep_nesting() {
    let temp = tempfile::tempdir().unwrap();
    let base = r#""first_name":"Ana","last_name":"Lopez","address":{"street":"1 Main St","city":"Fresno","state":"CA","zip":"93650","country":"US"},"loyalty_tier":"gold","lifetime_spend":10,"visits":[],"consent":{"marketing":true,"cobrand":false,"sale":false},"do_not_sell":false"#;
    let long = format!(
        "{{\"id\":\"C-1\",\"phone\":\"{}\",{base}}}",
        "5".repeat(4 << 20)
    );
    let deep = format!(
        "{{\"id\":\"C-2\",\"x\":{}1{},{base}}}",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let input = temp.path().join("in.jsonl");
    std::fs::write(&input, format!("{long}\n{deep}\n")).unwrap();
    let out = temp.path().join("out");
    let run = shareguard(&[
        "apply",
        ACME,
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
    ]);
    assert_eq!(code(&run), 3);
    let trattoria = std::fs::read_to_string(out.join("trattoria.jsonl")).unwrap();
    assert_eq!(trattoria.lines().count(), 1);
    assert!(
        trattoria.len() > 4 << 20,
        "the long phone number is shared whole"
    );
    let rejected = std::fs::read_to_string(out.join("rejected.jsonl")).unwrap();
    assert!(
        rejected.contains("\"line\":2") && rejected.contains("too-deep"),
        "{rejected}"
    );
}

/// `--recipient` with `--out`: that recipient's file, and the audit trail and summary about it
/// alone.
#[test]
fn one_recipient_into_a_directory() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let run = apply_mixed(&out, &["--recipient", "trattoria"]);
    assert_eq!(code(&run), 3);
    let names = names_in(&out);
    assert_eq!(
        names,
        [
            "decisions.jsonl",
            "rejected.jsonl",
            "summary.json",
            "trattoria.jsonl"
        ]
    );
    let decisions = std::fs::read_to_string(out.join("decisions.jsonl")).unwrap();
    assert!(decisions.contains("trattoria") && !decisions.contains("postal_pro"));
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(!summary.contains("list_broker"));
}

/// An output directory that exists is replaced as a whole: old outputs, even one that is now a
/// directory, make way for the new ones; other files stay.
#[test]
fn an_existing_output_directory_is_replaced() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let args = |input: &str| {
        shareguard(&[
            "apply",
            ACME,
            "--input",
            input,
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2026-06-01",
        ])
    };
    assert_eq!(code(&args(MIXED)), 3);
    std::fs::remove_file(out.join("printmail.jsonl")).unwrap();
    std::fs::create_dir(out.join("printmail.jsonl")).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    assert_eq!(code(&args(INPUT)), 0);
    assert!(out.join("printmail.jsonl").is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("rejected.jsonl")).unwrap(),
        ""
    );
    assert!(std::fs::read_dir(&out).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".shareguard")
    }));
}

const SELLS_BIRTH_DATES: &str = "tests/cli/sells_birth_dates.share";

/// Issue 11: warnings used to block nothing. `apply` and `test` now list them on standard
/// error, one line each, and stop on them with `--deny-warnings` (exit 1, nothing written).
#[test]
fn apply_and_test_report_warnings_and_deny_them() {
    let line = "tests/cli/sells_birth_dates.share:22:17: warning[sensitive-shared-raw]: \
                `birth_date` is sensitive data, and goes untransformed to the buyer ListBroker \
                Inc. (`list_broker`)";
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let input = "tests/cli/sells_birth_dates.jsonl";
    let args = |deny: bool| {
        let mut args = vec![
            "apply",
            SELLS_BIRTH_DATES,
            "--input",
            input,
            "--as-of",
            "2026-06-01",
            "--out",
            out.to_str().unwrap(),
        ];
        if deny {
            args.push("--deny-warnings");
        }
        args
    };

    let denied = shareguard(&args(true));
    assert_eq!(code(&denied), 1, "{}", stderr(&denied));
    assert!(stderr(&denied).contains("1 warning"), "{}", stderr(&denied));
    assert!(stderr(&denied).contains(line), "{}", stderr(&denied));
    assert!(
        stderr(&denied).contains("--deny-warnings"),
        "{}",
        stderr(&denied)
    );
    assert!(!out.exists(), "--deny-warnings wrote {}", out.display());

    let applied = shareguard(&args(false));
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    assert!(stderr(&applied).contains(line), "{}", stderr(&applied));
    assert_eq!(names_in(&out).len(), 4);

    let tested = shareguard(&["test", SELLS_BIRTH_DATES]);
    assert_eq!(code(&tested), 0, "{}", stdout(&tested));
    assert!(stderr(&tested).contains(line), "{}", stderr(&tested));
    assert!(stdout(&tested).contains("1 passed, 0 failed"));
    let denied = shareguard(&["test", "--deny-warnings", SELLS_BIRTH_DATES]);
    assert_eq!(code(&denied), 1);
    assert!(stderr(&denied).contains(line), "{}", stderr(&denied));
    assert!(
        stdout(&denied).contains("examples not run"),
        "{}",
        stdout(&denied)
    );

    // A clean policy runs as before, with nothing on standard error about warnings.
    let clean = shareguard(&["test", "--deny-warnings", ACME]);
    assert_eq!(code(&clean), 0, "{}", stdout(&clean));
    assert!(!stderr(&clean).contains("warning"), "{}", stderr(&clean));

    // A compiled policy is not linted again; --deny-warnings says so.
    let ir = tmp.path().join("policy.json");
    let compiled = shareguard(&["compile", SELLS_BIRTH_DATES]);
    std::fs::write(&ir, stdout(&compiled)).unwrap();
    let mut from_ir = args(true);
    from_ir[1] = ir.to_str().unwrap();
    let run = shareguard(&from_ir);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(
        stderr(&run).contains("not linted again"),
        "{}",
        stderr(&run)
    );
}
