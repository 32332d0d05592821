//! Each `tests/apply/<case>/` holds a `case.json` (the policy, the evaluation date, and the
//! input if it is not the case's own `input.jsonl`) and the input. The test applies the policy
//! and snapshots every output file, byte for byte.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use shareguard::runtime::Runtime;
use shareguard::runtime::apply::{self, Destination};

#[derive(serde::Deserialize)]
struct Case {
    policy: String,
    as_of: String,
    input: Option<String>,
}

/// Runs `apply` for a case and returns (file name, contents) for every output file.
fn run_case(case_file: &Path) -> Vec<(String, String)> {
    let dir = case_file.parent().unwrap();
    let case: Case = serde_json::from_str(&std::fs::read_to_string(case_file).unwrap()).unwrap();
    let ir = shareguard::policy::load(Path::new(&case.policy)).unwrap();
    let as_of = shareguard::dates::parse_date(&case.as_of).unwrap();
    let runtime = Runtime::new(ir, as_of).unwrap();
    let input: PathBuf = case
        .input
        .map_or_else(|| dir.join("input.jsonl"), PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let reader = BufReader::new(std::fs::File::open(&input).unwrap());
    apply::run(
        &runtime,
        reader,
        Destination::Directory { path: &out },
        1,
        &|_| {},
    )
    .unwrap();
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn outputs_match_snapshots() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("tests/apply")
        .unwrap()
        .map(|e| e.unwrap().path().join("case.json"))
        .filter(|p| p.exists())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let dir = case.parent().unwrap().to_path_buf();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(
            std::env::current_dir()
                .unwrap()
                .join(&dir)
                .join("snapshots"),
        );
        settings.set_prepend_module_to_snapshot(false);
        settings.set_input_file(&case);
        settings.bind(|| {
            for (name, contents) in run_case(&case) {
                insta::assert_snapshot!(name, contents);
            }
        });
    }
}

/// Every output file is the same, byte for byte, whatever the number of threads, on an input of
/// many batches with invalid records among them.
#[test]
fn outputs_do_not_depend_on_the_number_of_threads() {
    use shareguard::sample::{SampleOptions, write_samples};
    let ir = shareguard::policy::load(Path::new("policies/acme_dining.share")).unwrap();
    let mut input = Vec::new();
    write_samples(&ir.record, 3000, &SampleOptions::default(), &mut input).unwrap();
    let runtime = Runtime::new(ir, shareguard::dates::parse_date("2026-06-01").unwrap()).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let run = |threads: usize| {
        let out = temp.path().join(format!("out-{threads}"));
        let summary = apply::run(
            &runtime,
            &input[..],
            Destination::Directory { path: &out },
            threads,
            &|_| {},
        )
        .unwrap();
        assert_eq!(summary.read, 3000);
        assert!(summary.rejected > 0);
        out
    };
    let one = run(1);
    for threads in [2, 3, 8] {
        let many = run(threads);
        for entry in std::fs::read_dir(&one).unwrap() {
            let name = entry.unwrap().file_name();
            assert_eq!(
                std::fs::read(one.join(&name)).unwrap(),
                std::fs::read(many.join(&name)).unwrap(),
                "{name:?} with {threads} threads"
            );
        }
    }
}
