//! A compiled IR file is an input like any other: `apply` refuses one that the checker could
//! not have produced, before anything is written, and says what is wrong with it.

use serde_json::{Value, json};

use crate::common::cli::{code, shareguard, stderr};

/// The reference policy compiled, as JSON.
fn compiled() -> Value {
    let out = shareguard(&["compile", "policies/acme_dining.share"]);
    assert_eq!(code(&out), 0);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Applies an edited IR and returns the exit code and standard error; checks that a refused
/// IR wrote nothing.
fn apply(ir: &Value) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    std::fs::write(&path, serde_json::to_vec(ir).unwrap()).unwrap();
    let out_dir = dir.path().join("out");
    let out = shareguard(&[
        "apply",
        path.to_str().unwrap(),
        "--input",
        "tests/apply/unicode_and_numbers/input.jsonl",
        "--out",
        out_dir.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
    ]);
    if code(&out) == 1 {
        assert!(!out_dir.exists(), "a refused IR must write nothing");
    }
    (code(&out), stderr(&out))
}

fn refused(edit: impl FnOnce(&mut Value), expected: &str) {
    let mut ir = compiled();
    edit(&mut ir);
    let (code, stderr) = apply(&ir);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is not consistent"), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in {stderr}"
    );
}

#[test]
fn the_unedited_ir_applies() {
    let (code, stderr) = apply(&compiled());
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_recipient_name_that_is_a_path_is_refused() {
    for name in ["../../victim", "/tmp/x", "", ".", "a b"] {
        refused(
            |ir| ir["recipients"][0]["name"] = json!(name),
            "is not a name the language allows",
        );
    }
}

#[test]
fn recipient_names_differing_only_in_case_are_refused() {
    refused(
        |ir| ir["recipients"][1]["name"] = json!("Postal_Pro"),
        "appears twice",
    );
}

#[test]
fn a_transform_that_does_not_fit_its_field_is_refused() {
    refused(
        |ir| ir["recipients"][0]["shares"][0]["items"][0]["form"] = json!("year"),
        "cannot be shared year",
    );
}

#[test]
fn a_condition_of_the_wrong_type_is_refused() {
    refused(
        |ir| {
            ir["recipients"][3]["shares"][0]["when"] = json!({
                "op": "compare", "cmp": ">=",
                "left": {"kind": "field", "path": "first_name"},
                "right": {"kind": "literal", "value": {"type": "number", "value": 18}}
            })
        },
        "does not type-check",
    );
}

#[test]
fn a_condition_reading_inside_a_list_is_refused() {
    refused(
        |ir| {
            ir["recipients"][3]["shares"][0]["when"] =
                json!({"op": "is_missing", "field": "visits.amount"})
        },
        "which it cannot",
    );
}

#[test]
fn a_tag_of_no_category_is_refused() {
    refused(
        |ir| ir["record"]["fields"][0]["tags"] = json!(["secret"]),
        "undeclared category",
    );
}

#[test]
fn a_rounding_step_of_zero_is_refused() {
    let mut ir = compiled();
    ir["recipients"][5]["shares"][1]["items"][0]["form"] = json!({"rounded_to": 0.0});
    let (code, stderr) = apply(&ir);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("needs a number above zero"), "{stderr}");
}
