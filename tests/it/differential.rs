//! The fast path and the reference evaluation agree byte for byte: on every output file's
//! lines and on the summary counts, for records valid and invalid, for every policy in
//! `policies/`.
//!
//! Records come from a generator over each policy's declaration (with undeclared keys), and
//! are then written as JSON in varied ways (escapes, spacing, key order, number spellings) and
//! broken in varied ways (missing, null, wrong type, one-of value, calendar date, list
//! element, repeated key at any depth, truncation, deep nesting, trailing text, non-objects).

use crate::common;

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;
use shareguard::ir::{Field, FieldType, Ir};
use shareguard::runtime::Runtime;
use shareguard::runtime::fast::Scratch;
use shareguard::runtime::input::RawRecord;

/// The bundled policies, and the policies of the apply test cases.
fn policies() -> Vec<Ir> {
    let mut paths = common::bundled_policies();
    paths.extend(
        std::fs::read_dir("tests/apply")
            .unwrap()
            .map(|e| e.unwrap().path().join("policy.share"))
            .filter(|p| p.exists()),
    );
    paths.sort();
    paths
        .iter()
        .map(|p| shareguard::policy::load(Path::new(p)).unwrap())
        .collect()
}

/// How a generated record is written and broken.
#[derive(Clone, Debug)]
enum Twist {
    None,
    EscapeStrings,
    Spaced,
    ReverseKeys,
    FloatNumbers,
    DropField(usize),
    NullField(usize),
    WrongType(usize),
    BadDate,
    BadEnum,
    NullInList,
    DuplicateTopKey,
    DuplicateNestedKey,
    Truncate(usize),
    DeepUndeclared,
    Trailing,
    NotAnObject,
}

fn twist() -> impl Strategy<Value = Twist> {
    prop_oneof![
        6 => Just(Twist::None),
        2 => Just(Twist::EscapeStrings),
        1 => Just(Twist::Spaced),
        1 => Just(Twist::ReverseKeys),
        1 => Just(Twist::FloatNumbers),
        1 => any::<usize>().prop_map(Twist::DropField),
        1 => any::<usize>().prop_map(Twist::NullField),
        1 => any::<usize>().prop_map(Twist::WrongType),
        1 => Just(Twist::BadDate),
        1 => Just(Twist::BadEnum),
        1 => Just(Twist::NullInList),
        1 => Just(Twist::DuplicateTopKey),
        1 => Just(Twist::DuplicateNestedKey),
        1 => any::<usize>().prop_map(Twist::Truncate),
        1 => Just(Twist::DeepUndeclared),
        1 => Just(Twist::Trailing),
        1 => Just(Twist::NotAnObject),
    ]
}

/// Writes JSON, optionally escaping every string character as \uXXXX (keys included).
fn write(value: &Value, escape: bool, spaced: bool, reverse: bool, out: &mut String) {
    let sep = if spaced { " " } else { "" };
    match value {
        Value::String(s) if escape => {
            out.push('"');
            for c in s.chars() {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            out.push('"');
        }
        Value::Object(map) => {
            out.push('{');
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if reverse {
                entries.reverse();
            }
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(sep);
                }
                write(&Value::String(k.clone()), escape, spaced, reverse, out);
                out.push(':');
                out.push_str(sep);
                write(v, escape, spaced, reverse, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(sep);
                }
                write(v, escape, spaced, reverse, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn floats(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_i64() => {
            *value = serde_json::from_str(&format!("{}.0", n.as_i64().unwrap())).unwrap();
        }
        Value::Object(map) => map.values_mut().for_each(floats),
        Value::Array(items) => items.iter_mut().for_each(floats),
        _ => {}
    }
}

/// The first field of a given type, anywhere outside lists.
fn find<'a>(fields: &'a [Field], pred: &dyn Fn(&FieldType) -> bool) -> Option<Vec<&'a str>> {
    for f in fields {
        if pred(&f.ty) {
            return Some(vec![f.name.as_str()]);
        }
        if let FieldType::Object { fields } = &f.ty {
            if let Some(mut rest) = find(fields, pred) {
                rest.insert(0, f.name.as_str());
                return Some(rest);
            }
        }
    }
    None
}

fn set_path(record: &mut Value, path: &[&str], value: Value) {
    let mut node = record;
    for seg in &path[..path.len() - 1] {
        match node.get_mut(*seg) {
            Some(next) if next.is_object() => node = next,
            _ => return,
        }
    }
    if let Some(map) = node.as_object_mut() {
        map.insert(path[path.len() - 1].to_string(), value);
    }
}

fn render(ir: &Ir, record: &Value, twist: &Twist) -> String {
    let mut value = record.clone();
    let top: Vec<&Field> = ir.record.fields.iter().collect();
    match twist {
        Twist::DropField(i) => {
            let name = &top[i % top.len()].name;
            value.as_object_mut().unwrap().remove(name);
        }
        Twist::NullField(i) => {
            let name = top[i % top.len()].name.clone();
            value.as_object_mut().unwrap().insert(name, Value::Null);
        }
        Twist::WrongType(i) => {
            let field = top[i % top.len()];
            let wrong = match field.ty {
                FieldType::Text | FieldType::Date | FieldType::Enum { .. } => Value::from(7),
                _ => Value::from("seven"),
            };
            value
                .as_object_mut()
                .unwrap()
                .insert(field.name.clone(), wrong);
        }
        Twist::BadDate => {
            if let Some(path) = find(&ir.record.fields, &|t| *t == FieldType::Date) {
                set_path(&mut value, &path, Value::from("2026-02-30"));
            }
        }
        Twist::BadEnum => {
            if let Some(path) = find(&ir.record.fields, &|t| matches!(t, FieldType::Enum { .. })) {
                set_path(&mut value, &path, Value::from("not-a-value"));
            }
        }
        Twist::NullInList => {
            if let Some(path) = find(&ir.record.fields, &|t| matches!(t, FieldType::List { .. })) {
                set_path(&mut value, &path, Value::Array(vec![Value::Null]));
            }
        }
        Twist::FloatNumbers => floats(&mut value),
        Twist::NotAnObject => return "[1, 2]".into(),
        _ => {}
    }
    let mut out = String::new();
    write(
        &value,
        matches!(twist, Twist::EscapeStrings),
        matches!(twist, Twist::Spaced),
        matches!(twist, Twist::ReverseKeys),
        &mut out,
    );
    match twist {
        Twist::DuplicateTopKey => {
            let first = &top[0].name;
            out.pop();
            out.push_str(&format!(",\"{first}\":\"again\"}}"));
        }
        Twist::DuplicateNestedKey => {
            out.pop();
            out.push_str(",\"x_extra\":{\"a\":[{\"b\":1,\"b\":2}]}}");
        }
        Twist::Truncate(n) => {
            let cut = n % out.len().max(1);
            let mut cut = cut;
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
        }
        Twist::DeepUndeclared => {
            out.pop();
            out.push_str(&format!(
                ",\"x_deep\":{}1{}}}",
                "[".repeat(140),
                "]".repeat(140)
            ));
        }
        Twist::Trailing => out.push_str(" x"),
        _ => {}
    }
    out
}

fn run(runtime: &Runtime, lines: &[String], fast: bool) -> shareguard::runtime::Chunk {
    let mut chunk = runtime.new_chunk();
    let mut scratch = Scratch::default();
    for (i, line) in lines.iter().enumerate() {
        let raw = RawRecord {
            line: i as u64 + 1,
            bytes: line.as_bytes(),
            broken: None,
        };
        if fast {
            runtime.process_with(raw, &mut scratch, &mut chunk);
        } else {
            runtime.process(raw, &mut chunk);
        }
    }
    chunk
}

fn assert_same(ir: &Ir, lines: &[String]) -> Result<(), TestCaseError> {
    let as_of = shareguard::dates::parse_date("2026-06-01").unwrap();
    let fast = Runtime::new(ir.clone(), as_of).unwrap();
    prop_assert!(
        fast.has_fast_path(),
        "the fast path refuses the policy {}: the comparison would be vacuous",
        ir.source.file
    );
    let reference = Runtime::reference(ir.clone(), as_of).unwrap();
    let a = run(&fast, lines, true);
    let b = run(&reference, lines, false);
    for (i, (x, y)) in a.recipients.iter().zip(&b.recipients).enumerate() {
        prop_assert_eq!(
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y),
            "recipient {}",
            ir.recipients[i].name
        );
    }
    prop_assert_eq!(
        String::from_utf8_lossy(&a.decisions),
        String::from_utf8_lossy(&b.decisions)
    );
    prop_assert_eq!(
        String::from_utf8_lossy(&a.rejected),
        String::from_utf8_lossy(&b.rejected)
    );
    prop_assert_eq!(a.summary, b.summary);
    Ok(())
}

#[test]
fn fast_and_reference_paths_agree() {
    for ir in policies() {
        let records = proptest::collection::vec(
            (common::records::object_of(&ir.record.fields), twist()),
            1..12,
        );
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: 200,
            ..ProptestConfig::default()
        });
        runner
            .run(&records, |records| {
                let lines: Vec<String> = records.iter().map(|(r, t)| render(&ir, r, t)).collect();
                assert_same(&ir, &lines)
            })
            .unwrap_or_else(|e| panic!("{}: {e}", ir.source.file));
    }
}

/// The examples' records, and the committed samples, through both paths.
#[test]
fn fast_and_reference_agree_on_committed_inputs() {
    for ir in policies() {
        let mut lines: Vec<String> = ir.examples.iter().map(|e| e.given.to_string()).collect();
        let stem = Path::new(&ir.source.file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if let Ok(text) = std::fs::read_to_string(format!("samples/{stem}.jsonl")) {
            lines.extend(text.lines().map(String::from));
        }
        assert_same(&ir, &lines).unwrap();
    }
    for case in std::fs::read_dir("tests/apply").unwrap() {
        let dir = case.unwrap().path();
        let own = dir.join("policy.share");
        let policy = if own.exists() {
            own
        } else {
            "policies/acme_dining.share".into()
        };
        let ir = shareguard::policy::load(&policy).unwrap();
        if let Ok(text) = std::fs::read_to_string(dir.join("input.jsonl")) {
            let lines: Vec<String> = text.lines().map(String::from).collect();
            assert_same(&ir, &lines).unwrap();
        }
    }
}

/// Random rules, conditions, transforms and nevers over a random record declaration, against
/// generated records written and broken in every way above.
#[test]
fn fast_and_reference_agree_on_generated_policies() {
    let cases = (common::policies::policy(), any::<u64>()).prop_flat_map(|(ir, _)| {
        let records = proptest::collection::vec(
            (common::records::object_of(&ir.record.fields), twist()),
            1..8,
        );
        (Just(ir), records)
    });
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 300,
        ..ProptestConfig::default()
    });
    runner
        .run(&cases, |(ir, records)| {
            let wellformed = shareguard::semantics::wellformed::check(&ir);
            prop_assert!(
                wellformed.is_ok(),
                "generated an IR the checker could not: {wellformed:?}"
            );
            let lines: Vec<String> = records.iter().map(|(r, t)| render(&ir, r, t)).collect();
            assert_same(&ir, &lines)
        })
        .unwrap();
}
