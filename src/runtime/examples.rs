//! Running a policy's examples (LANGUAGE.md section 8).
//!
//! `gets FIELDS` compares sets of (leaf field, form): the fields the expectation names that are
//! present in the `given` record, against the fields the recipient receives. `gets exactly`
//! compares the output JSON (numbers by value, objects regardless of key order; `exactly {}`
//! means the recipient gets nothing). `gets nothing` means no output at all.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::Value;

use super::Runtime;
use super::decide::{self, Outcome, present_leaves};
use crate::ir::{Example, Gets, Ir, Loc};
use crate::semantics::eval::CompileError;
use crate::semantics::validate;

/// The result of one example.
#[derive(Clone, Debug)]
pub struct ExampleResult {
    pub name: String,
    pub loc: Loc,
    pub as_of: NaiveDate,
    pub failures: Vec<Failure>,
}

impl ExampleResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// One expectation that did not hold.
#[derive(Clone, Debug)]
pub struct Failure {
    pub recipient: String,
    pub loc: Loc,
    /// Expected and actual side by side, one row per field (or per line of JSON).
    pub rows: Vec<(String, String)>,
}

/// Runs every example; `today` is used where an example has no `as of`.
pub fn run(ir: &Ir, today: NaiveDate) -> Result<Vec<ExampleResult>, CompileError> {
    let runtime = Runtime::reference(ir.clone(), today)?;
    Ok(ir
        .examples
        .iter()
        .map(|example| {
            let as_of = example
                .as_of
                .as_deref()
                .and_then(|d| crate::dates::parse_date(d).ok())
                .unwrap_or(today);
            run_one(&runtime.at(as_of), example)
        })
        .collect())
}

fn run_one(runtime: &Runtime, example: &Example) -> ExampleResult {
    let ir = runtime.ir();
    let fields = runtime.schema();
    let as_of = runtime.as_of();
    let mut result = ExampleResult {
        name: example.name.clone(),
        loc: example.loc.clone(),
        as_of,
        failures: Vec::new(),
    };
    if let Err(rejection) = validate::validate_record(&ir.record.fields, &example.given) {
        result.failures.push(Failure {
            recipient: String::new(),
            loc: example.loc.clone(),
            rows: vec![(
                "a valid record".into(),
                format!(
                    "{}: {}",
                    validate::display_path(&rejection.path),
                    rejection.message
                ),
            )],
        });
        return result;
    }
    let present = present_leaves(fields, &example.given);
    let mut memo = runtime.rules().program.memo();
    for expect in &example.expects {
        let Some(index) = ir
            .recipients
            .iter()
            .position(|r| r.name == expect.recipient)
        else {
            continue;
        };
        let outcome = decide::decide(runtime, index, &example.given, &mut memo).outcome;
        let rows = match &expect.gets {
            Gets::Nothing => {
                if !outcome.receives() {
                    continue;
                }
                zip_rows(vec!["nothing".to_string()], shared_lines(&outcome))
            }
            Gets::Fields(items) => {
                let wanted: BTreeSet<(usize, String)> = items
                    .iter()
                    .flat_map(|item| {
                        item.fields
                            .iter()
                            .filter(|f| present.contains(f.as_str()))
                            .map(move |f| {
                                (
                                    fields.position(f).unwrap_or(usize::MAX),
                                    line(f, &item.form),
                                )
                            })
                    })
                    .collect();
                let got: BTreeSet<(usize, String)> = outcome
                    .shared
                    .iter()
                    .map(|(f, form)| (fields.position(f).unwrap_or(usize::MAX), line(f, form)))
                    .collect();
                if wanted == got {
                    continue;
                }
                field_rows(&wanted, &got)
            }
            Gets::Exactly(want) => {
                let want_nothing = want.as_object().is_some_and(|o| o.is_empty());
                let same = match &outcome.output {
                    Some(got) => json_equal(want, got),
                    None => want_nothing,
                };
                if same {
                    continue;
                }
                let actual = match &outcome.output {
                    Some(got) => pretty_lines(got),
                    None => vec!["nothing".to_string()],
                };
                zip_rows(pretty_lines(want), actual)
            }
        };
        result.failures.push(Failure {
            recipient: expect.recipient.clone(),
            loc: expect.loc.clone(),
            rows,
        });
    }
    result
}

fn line(field: &str, form: &crate::ir::Form) -> String {
    match form {
        crate::ir::Form::Raw => field.to_string(),
        other => format!("{field} as {other}"),
    }
}

/// Rows pairing each field's expected form with its actual one, in declaration order.
fn field_rows(
    wanted: &BTreeSet<(usize, String)>,
    got: &BTreeSet<(usize, String)>,
) -> Vec<(String, String)> {
    let positions: BTreeSet<usize> = wanted.iter().chain(got).map(|(p, _)| *p).collect();
    let find = |set: &BTreeSet<(usize, String)>, p: usize| {
        set.iter()
            .find(|(q, _)| *q == p)
            .map_or_else(|| "-".to_string(), |(_, l)| l.clone())
    };
    let mut rows: Vec<(String, String)> = positions
        .into_iter()
        .map(|p| (find(wanted, p), find(got, p)))
        .collect();
    if wanted.is_empty() || got.is_empty() {
        let (e, a) = (wanted.is_empty(), got.is_empty());
        for row in &mut rows {
            if e {
                row.0 = "-".into();
            }
            if a {
                row.1 = "-".into();
            }
        }
        rows.insert(
            0,
            (
                if e { "nothing" } else { "" }.to_string(),
                if a { "nothing" } else { "" }.to_string(),
            ),
        );
    }
    rows
}

fn zip_rows(expected: Vec<String>, actual: Vec<String>) -> Vec<(String, String)> {
    let n = expected.len().max(actual.len());
    (0..n)
        .map(|i| {
            (
                expected.get(i).cloned().unwrap_or_default(),
                actual.get(i).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

fn shared_lines(outcome: &Outcome) -> Vec<String> {
    let Some(output) = &outcome.output else {
        return vec!["nothing".to_string()];
    };
    if outcome.shared.is_empty() {
        // It receives a record without values, such as an empty list: show it.
        return vec![output.to_string()];
    }
    outcome
        .shared
        .iter()
        .map(|(f, form)| line(f, form))
        .collect()
}

fn pretty_lines(value: &Value) -> Vec<String> {
    serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

/// JSON equality with numbers compared by value and objects regardless of key order.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (crate::ir::Num::of_json(x), crate::ir::Num::of_json(y));
            x.zip(y).is_some_and(|(x, y)| x == y)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// The report of `shareguard test` for one file: a line per example, and for each failure the
/// expected and actual values side by side.
pub fn render(results: &[ExampleResult]) -> String {
    let mut out = String::new();
    for result in results {
        let status = if result.passed() { "ok" } else { "FAILED" };
        out.push_str(&format!("example {:?} ... {status}\n", result.name));
        for failure in &result.failures {
            if failure.recipient.is_empty() {
                out.push_str(&format!(
                    "  the given record is not valid ({})\n",
                    failure.loc
                ));
            } else {
                out.push_str(&format!("  {} ({}):\n", failure.recipient, failure.loc));
            }
            out.push_str(&side_by_side(&failure.rows));
        }
    }
    out
}

fn side_by_side(rows: &[(String, String)]) -> String {
    let width = rows
        .iter()
        .map(|(e, _)| e.chars().count())
        .max()
        .unwrap_or(0)
        .max("expected".len());
    let mut out = format!("    {:<width$}   actual\n", "expected");
    for (e, a) in rows {
        let marker = if e == a { ' ' } else { '|' };
        out.push_str(&format!("    {e:<width$} {marker} {a}\n"));
    }
    out
}
