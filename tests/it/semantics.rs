//! `tests/semantics/conditions.table` (the three-valued logic of LANGUAGE.md section 5 and the
//! fail-closed rule) against every evaluator: the one evaluator over a JSON record, and the
//! reference and fast paths of `apply` deciding `share ... when`, `share ... unless`,
//! `never ... when` and `never ... unless` on the same condition, and `never ... raw` over a
//! raw and over a transformed `share` (LANGUAGE.md section 4: a raw `never` cancels only the
//! untransformed form).

use shareguard::runtime::Runtime;
use shareguard::runtime::fast::Scratch;
use shareguard::runtime::input::RawRecord;
use shareguard::semantics::record::JsonRecord;
use shareguard::semantics::value::Truth;

use crate::common::root;

const DECLARATION: &str = r#"policy "semantics" {}
record r key id {
  id: text
  b: bool?
  c: bool?
  n: integer?
  x: number?
  d: date?
  t: text?
  e: one of "gold", "silver"?
  l: list of text?
  o: { p: bool? }?
}
"#;

/// The rules a condition can guard, by recipient name, and whether the recipient gets `id`
/// for each value of the condition.
const RULES: [(&str, &str, [bool; 3]); 8] = [
    // [false, unknown, true]
    ("share_when", "share id when COND", [false, false, true]),
    ("share_unless", "share id unless COND", [true, false, false]),
    (
        "never_when",
        "share id\n  never share id when COND",
        [true, false, false],
    ),
    (
        "never_unless",
        "share id\n  never share id unless COND",
        [false, false, true],
    ),
    // A raw `never` cancels a raw `share` exactly as a `never` does...
    (
        "never_raw_when",
        "share id\n  never share id raw when COND",
        [true, false, false],
    ),
    (
        "never_raw_unless",
        "share id\n  never share id raw unless COND",
        [false, false, true],
    ),
    // ...and leaves a transformed one alone, whatever its condition.
    (
        "never_raw_hashed_when",
        "share id as hashed\n  never share id raw when COND",
        [true, true, true],
    ),
    (
        "never_raw_hashed_unless",
        "share id as first 2\n  never share id raw unless COND",
        [true, true, true],
    ),
];

struct Row {
    line: usize,
    condition: String,
    record: serde_json::Value,
    truth: Truth,
    as_of: chrono::NaiveDate,
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("tests/semantics/conditions.table")).unwrap();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let mut record: serde_json::Value = serde_json::from_str(cells[1]).unwrap();
        record["id"] = "C-1".into();
        let truth = match cells[2] {
            "true" => Truth::True,
            "false" => Truth::False,
            "unknown" => Truth::Unknown,
            other => panic!("line {}: {other} is not a truth value", i + 1),
        };
        let as_of =
            shareguard::dates::parse_date(cells.get(3).copied().unwrap_or("2026-06-01")).unwrap();
        rows.push(Row {
            line: i + 1,
            condition: cells[0].to_string(),
            record,
            truth,
            as_of,
        });
    }
    rows
}

fn policy(condition: &str) -> shareguard::ir::Ir {
    let mut text = DECLARATION.to_string();
    for (name, rule, _) in RULES {
        text.push_str(&format!(
            "recipient {name} {{\n  kind vendor\n  purpose \"test\"\n  {}\n}}\n",
            rule.replace("COND", condition)
        ));
    }
    let compiled = shareguard::policy::compile(
        shareguard::span::SourceFile::new("semantics.share", text),
        &shareguard::lint::LintOptions::default(),
    );
    compiled
        .ir
        .unwrap_or_else(|| panic!("`{condition}` does not check: {:?}", compiled.report))
}

/// Which recipients receive the record, by the fast or the reference path.
fn receivers(runtime: &Runtime, record: &serde_json::Value, fast: bool) -> Vec<bool> {
    let mut chunk = runtime.new_chunk();
    let line = record.to_string();
    let raw = RawRecord {
        line: 1,
        bytes: line.as_bytes(),
        broken: None,
    };
    if fast {
        runtime.process_with(raw, &mut Scratch::default(), &mut chunk);
    } else {
        runtime.process(raw, &mut chunk);
    }
    assert!(
        chunk.rejected.is_empty(),
        "{}",
        String::from_utf8_lossy(&chunk.rejected)
    );
    chunk.recipients.iter().map(|out| !out.is_empty()).collect()
}

#[test]
fn every_evaluator_follows_the_condition_table() {
    let rows = rows();
    assert!(rows.len() > 60, "the table lost rows");
    for row in rows {
        let at = format!("conditions.table line {}: `{}`", row.line, row.condition);
        let ir = policy(&row.condition);
        let runtime = Runtime::new(ir, row.as_of).unwrap();
        assert!(runtime.has_fast_path(), "{at}: no fast path");

        // The one evaluator, over the JSON record.
        let condition = runtime.ir().recipients[0].shares[0].when.clone().unwrap();
        let program = &runtime.rules().program;
        let id = program.id(&condition).unwrap();
        let view = JsonRecord {
            value: &row.record,
            schema: runtime.schema(),
        };
        let truth = program.eval(id, &view, row.as_of, &mut program.memo());
        assert_eq!(truth, row.truth, "{at}: the evaluator");

        // The fail-closed rule, on both paths of apply.
        let column = match row.truth {
            Truth::False => 0,
            Truth::Unknown => 1,
            Truth::True => 2,
        };
        let expected: Vec<bool> = RULES.iter().map(|(_, _, gets)| gets[column]).collect();
        for fast in [false, true] {
            let got = receivers(&runtime, &row.record, fast);
            let path = if fast { "fast path" } else { "reference path" };
            assert_eq!(
                got, expected,
                "{at}: {path} (share when, share unless, never when, never unless, never raw \
                 when, never raw unless, never raw over hashed, never raw over first 2)"
            );
        }
    }
}
