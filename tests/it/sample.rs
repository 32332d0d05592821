//! `shareguard sample` as users run it: the same records for the same seed, records that
//! `apply` accepts (or rejects, exactly as many as asked), a reader that stops early, clear
//! errors, and the bundled `samples/*.jsonl` remade byte for byte by the commands that
//! `samples/README.md` documents.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{self, bundled_policies};
use common::cli::{code, shareguard, stderr, stdout};

const ACME: &str = "policies/acme_dining.share";

fn sample(policy: &str, options: &[&str]) -> Output {
    let mut args = vec!["sample", policy];
    args.extend_from_slice(options);
    shareguard(&args)
}

/// The policy's path relative to the repository's root, as the command line takes it.
fn relative(policy: &Path) -> String {
    policy
        .strip_prefix(common::root())
        .unwrap()
        .display()
        .to_string()
}

/// Applies `policy` to `records` as of the samples' date and returns the exit code, the number
/// of records read and the number rejected (from `summary.json` and `rejected.jsonl`).
fn apply(policy: &str, records: &[u8]) -> (i32, u64, usize) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.jsonl");
    std::fs::write(&input, records).unwrap();
    let out = dir.path().join("out");
    let run = shareguard(&[
        "apply",
        policy,
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
    ]);
    assert!(
        matches!(code(&run), 0 | 3),
        "apply failed: {}",
        stderr(&run)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let read = summary["records"]["read"].as_u64().unwrap();
    let rejected = std::fs::read_to_string(out.join("rejected.jsonl"))
        .unwrap()
        .lines()
        .count();
    (code(&run), read, rejected)
}

#[test]
fn the_same_seed_gives_the_same_records() {
    let first = sample(ACME, &["--count", "200", "--seed", "7", "--invalid", "0.1"]);
    let second = sample(ACME, &["--count", "200", "--seed", "7", "--invalid", "0.1"]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert_eq!(stdout(&first).lines().count(), 200);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn another_seed_gives_other_records() {
    let one = sample(ACME, &["--count", "50", "--seed", "1"]);
    let two = sample(ACME, &["--count", "50", "--seed", "2"]);
    let (one, two) = (stdout(&one), stdout(&two));
    // Keys count up whatever the seed; everything else is drawn anew.
    let differing = one.lines().zip(two.lines()).filter(|(a, b)| a != b).count();
    assert_eq!(differing, 50);
}

#[test]
fn the_defaults_are_100_valid_records_dated_as_documented() {
    let default = sample(ACME, &[]);
    let explicit = sample(
        ACME,
        &[
            "--count",
            "100",
            "--seed",
            "1",
            "--invalid",
            "0",
            "--extra-keys",
            "0.05",
            "--as-of",
            "2026-06-01",
        ],
    );
    assert_eq!(code(&default), 0);
    assert_eq!(default.stdout, explicit.stdout);
    assert_eq!(stderr(&default), "wrote 100 records\n");
    assert_eq!(apply(ACME, &default.stdout), (0, 100, 0));
}

#[test]
fn with_invalid_0_apply_accepts_every_record_of_every_bundled_policy() {
    for policy in bundled_policies() {
        let policy = relative(&policy);
        let run = sample(
            &policy,
            &["--count", "1000", "--seed", "3", "--invalid", "0"],
        );
        assert_eq!(code(&run), 0, "{policy}: {}", stderr(&run));
        assert_eq!(apply(&policy, &run.stdout), (0, 1000, 0), "{policy}");
    }
}

#[test]
fn the_invalid_fraction_is_honoured_and_apply_rejects_exactly_those() {
    for policy in bundled_policies() {
        let policy = relative(&policy);
        let run = sample(
            &policy,
            &["--count", "400", "--seed", "5", "--invalid", "0.1"],
        );
        assert_eq!(code(&run), 0, "{policy}: {}", stderr(&run));
        assert!(
            stderr(&run).starts_with("wrote 400 records (40 invalid: "),
            "{policy}: {}",
            stderr(&run)
        );
        assert_eq!(apply(&policy, &run.stdout), (3, 400, 40), "{policy}");
    }
    let all = sample(ACME, &["--count", "30", "--invalid", "1"]);
    assert_eq!(apply(ACME, &all.stdout), (3, 30, 30));
}

#[test]
fn a_compiled_policy_gives_the_same_records_as_its_source() {
    let compiled = shareguard(&["compile", ACME]);
    assert_eq!(code(&compiled), 0);
    let dir = tempfile::tempdir().unwrap();
    let ir = dir.path().join("acme.json");
    std::fs::write(&ir, &compiled.stdout).unwrap();
    let from_ir = sample(ir.to_str().unwrap(), &["--count", "20", "--invalid", "0.2"]);
    let from_source = sample(ACME, &["--count", "20", "--invalid", "0.2"]);
    assert_eq!(code(&from_ir), 0, "{}", stderr(&from_ir));
    assert_eq!(from_ir.stdout, from_source.stdout);
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    // A real pipeline, as users write it; pipefail makes the shell report sample's own status.
    let run = Command::new("bash")
        .args([
            "-c",
            "set -o pipefail; \"$0\" sample policies/acme_dining.share --count 1000000 | head -1",
            env!("CARGO_BIN_EXE_shareguard"),
        ])
        .current_dir(common::root())
        .output()
        .unwrap();
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert_eq!(stderr(&run), "");
    let line = stdout(&run);
    assert_eq!(line.lines().count(), 1);
    assert!(line.starts_with("{\"id\":\"C-000001\","), "{line}");
}

#[test]
fn a_policy_with_errors_is_shown_as_check_shows_it() {
    let broken = "tests/check/several_independent_errors.share";
    let run = sample(broken, &[]);
    assert_eq!(code(&run), 1);
    assert_eq!(stdout(&run), "");
    let check = shareguard(&["check", broken]);
    let diagnostics = stdout(&check);
    let diagnostics = diagnostics.rsplit_once("\n\n").unwrap().0;
    assert!(
        stderr(&run).starts_with(diagnostics),
        "{}\n---\n{diagnostics}",
        stderr(&run)
    );
    assert!(stderr(&run).ends_with(
        "error: `tests/check/several_independent_errors.share` has errors; fix them before \
         making records for it\n"
    ));
}

#[test]
fn bad_arguments_are_usage_errors() {
    let mut messages = String::new();
    for options in [
        &["--invalid", "1.5"][..],
        &["--invalid", "-0.1"],
        &["--invalid", "3%"],
        &["--invalid", "NaN"],
        &["--extra-keys", "2"],
        &["--count", "-3"],
        &["--seed", "x"],
        &["--as-of", "2026-02-30"],
    ] {
        let run = sample(ACME, options);
        assert_eq!(code(&run), 2, "{options:?}");
        assert_eq!(stdout(&run), "", "{options:?}");
        messages.push_str(stderr(&run).lines().next().unwrap());
        messages.push('\n');
    }
    let missing = sample("no/such/policy.share", &[]);
    assert_eq!(code(&missing), 2);
    messages.push_str(&stderr(&missing));
    insta::assert_snapshot!(messages);
}

/// Every `shareguard sample ... > samples/NAME.jsonl` line of `samples/README.md`.
fn documented_commands() -> Vec<(Vec<String>, String)> {
    let readme = std::fs::read_to_string(common::root().join("samples/README.md")).unwrap();
    readme
        .lines()
        .filter_map(|line| line.strip_prefix("shareguard sample "))
        .map(|line| {
            let (args, target) = line.split_once(" > ").unwrap();
            let args = args.split_whitespace().map(str::to_string).collect();
            (args, target.trim().to_string())
        })
        .collect()
}

#[test]
fn the_bundled_samples_are_remade_byte_for_byte_by_the_documented_commands() {
    let commands = documented_commands();
    for policy in bundled_policies() {
        let name = policy.file_stem().unwrap().to_string_lossy().into_owned();
        let target = format!("samples/{name}.jsonl");
        let Some((args, _)) = commands.iter().find(|(_, t)| *t == target) else {
            panic!("samples/README.md has no `shareguard sample ... > {target}` line");
        };
        let mut argv = vec!["sample"];
        argv.extend(args.iter().map(String::as_str));
        let run = shareguard(&argv);
        assert_eq!(code(&run), 0, "{argv:?}: {}", stderr(&run));
        let bundled = std::fs::read(common::root().join(&target)).unwrap();
        assert!(
            run.stdout == bundled,
            "`shareguard {}` does not remake {target}",
            argv.join(" ")
        );
    }
}
