#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use serde_json::Value;

use super::*;
use crate::ir::{
    CmpOp, Condition, ConditionKind, Field, Function, Literal, Loc, Num, Operand, RecordSchema,
};
use crate::semantics::record::JsonRecord;

fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

/// Realistic records of a declaration on the point's date.
fn samples(schema: &Schema, point: &Point, seed: u64) -> Vec<Value> {
    let options = crate::sample::SampleOptions {
        seed,
        invalid_rate: 0.0,
        extra_key_rate: 0.0,
        today: point.date(),
    };
    let mut out = Vec::new();
    crate::sample::write_samples(schema.record(), 8, &options, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The first recipient's first rule's `when` of a policy written in the language.
fn compiled(text: &str) -> (crate::ir::Ir, Schema, Program, CondId) {
    let full = format!("policy \"t\" {{}}\n{text}\n",);
    let compiled = crate::policy::compile(
        crate::span::SourceFile::new("t.share", full),
        &crate::lint::LintOptions::default(),
    );
    let ir = compiled
        .ir
        .unwrap_or_else(|| panic!("{:?}", compiled.report.diagnostics));
    let schema = Schema::new(&ir.record);
    let mut program = Program::default();
    let when = ir.recipients[0].shares[0].when.clone().unwrap();
    let id = program.intern(&when, &schema).unwrap();
    (ir, schema, program, id)
}

fn truths_of(
    record: &str,
    condition: &str,
    constraints: &[(&str, Option<Vec<Val<'static>>>)],
) -> Possible {
    let text = format!(
        "record r key id {{\n  id: text\n{record}\n}}\nrecipient x \"X\" {{\n  kind vendor\n  purpose \"p\"\n  share id when {condition}\n}}"
    );
    let (_, schema, program, id) = compiled(&text);
    let constraints: Vec<Constraint> = constraints
        .iter()
        .map(|(path, values)| {
            let f = schema.id(path).unwrap();
            match values {
                None => Constraint::Missing(f),
                Some(v) => Constraint::OneOf(f, v.clone()),
            }
        })
        .collect();
    let space = Space::new(&schema, &[&program], &constraints, reference());
    let mut budget = Budget::default();
    let possible = space.truths(0, id, &mut budget);
    // Every example is a valid record on which the evaluator gives what it says.
    for (truth, point) in &possible.examples {
        let witness = space.realize(point, &[], &samples(&schema, point, 7));
        crate::semantics::validate::validate_record(&schema.record().fields, &witness.record)
            .unwrap_or_else(|e| panic!("{e:?}: {}", witness.record));
        let view = JsonRecord {
            value: &witness.record,
            schema: &schema,
        };
        let mut memo = program.memo();
        assert_eq!(
            program.eval(id, &view, witness.as_of, &mut memo),
            *truth,
            "{condition} on {} at {}",
            witness.record,
            witness.as_of
        );
    }
    possible
}

fn set(values: &[Truth]) -> TruthSet {
    values.iter().copied().collect()
}

use Truth::{False as F, True as T, Unknown as U};

#[test]
fn ages_of_an_optional_birth_date() {
    let p = truths_of("  birth_date: date?", "age(birth_date) >= 18", &[]);
    assert_eq!(p.truths, set(&[F, U, T]));
    assert!(p.proved);
    let p = truths_of(
        "  birth_date: date",
        "age(birth_date) >= 18 and age(birth_date) < 16",
        &[],
    );
    assert_eq!(p.truths, set(&[F]));
    assert!(p.proved);
    let p = truths_of(
        "  birth_date: date",
        "age(birth_date) >= 16 and age(birth_date) < 17",
        &[],
    );
    assert_eq!(p.truths, set(&[F, T]));
}

#[test]
fn a_test_and_its_opposite() {
    let p = truths_of("  sale: bool", "sale and not sale", &[]);
    assert_eq!(p.truths, set(&[F]));
    let p = truths_of("  sale: bool?", "sale or not sale", &[]);
    assert_eq!(p.truths, set(&[U, T]));
    let p = truths_of("  sale: bool?", "sale is missing or sale or not sale", &[]);
    assert_eq!(p.truths, set(&[T]));
}

#[test]
fn constrained_fields() {
    let p = truths_of(
        "  sale: bool\n  dns: bool",
        "sale and not dns",
        &[("sale", Some(vec![Val::Bool(false)]))],
    );
    assert_eq!(p.truths, set(&[F]));
    let p = truths_of("  email: text?", "email != \"x\"", &[("email", None)]);
    assert_eq!(p.truths, set(&[U]));
}

#[test]
fn whole_numbers_beyond_two_to_the_53() {
    let p = truths_of(
        "  n: integer",
        "n > 9007199254740992 and n < 9007199254740994",
        &[],
    );
    assert_eq!(p.truths, set(&[F, T]));
    let (_, point) = p.examples.iter().find(|(t, _)| *t == T).unwrap();
    let shown: Vec<String> = point
        .values
        .iter()
        .flatten()
        .map(|v| v.to_string())
        .collect();
    assert!(shown.contains(&"9007199254740993".to_string()), "{shown:?}");
    let p = truths_of("  n: number", "n > 1.5 and n < 1.6", &[]);
    assert_eq!(p.truths, set(&[F, T]));
    let p = truths_of("  n: integer", "n > 1.5 and n < 1.6", &[]);
    assert_eq!(p.truths, set(&[F]));
}

#[test]
fn lowercased_text() {
    let p = truths_of(
        "  country: text",
        "lower(country) == \"us\" and country != \"us\" and country != \"US\"",
        &[],
    );
    assert_eq!(p.truths, set(&[F, T]));
    let p = truths_of("  country: text", "lower(country) == \"US\"", &[]);
    assert_eq!(p.truths, set(&[F]));
    let p = truths_of(
        "  tier: one of \"Gold\", \"silver\"",
        "lower(tier) == \"gold\"",
        &[],
    );
    assert_eq!(p.truths, set(&[F, T]));
}

#[test]
fn the_evaluation_date() {
    let p = truths_of("  x: bool", "today >= 2027-01-01", &[]);
    assert_eq!(p.truths, set(&[F, T]));
    let p = truths_of(
        "  x: bool",
        "age(2010-02-28) >= 18 and today < 2028-02-28",
        &[],
    );
    assert_eq!(p.truths, set(&[F]));
    let p = truths_of("  d: date", "days_since(d) <= 730 and d > today", &[]);
    assert_eq!(p.truths, set(&[F, T]));
}

#[test]
fn counts_and_fields_compared_with_each_other() {
    let p = truths_of(
        "  visits: list of { brand: text }",
        "count(visits) >= 2 and count(visits) < 3",
        &[],
    );
    assert_eq!(p.truths, set(&[F, T]));
    let p = truths_of(
        "  a: integer\n  b: integer",
        "a < b and b < 3 and a > 1",
        &[],
    );
    assert_eq!(p.truths, set(&[F]));
    let p = truths_of(
        "  a: integer\n  b: integer",
        "a < b and b < 4 and a > 1",
        &[],
    );
    assert_eq!(p.truths, set(&[F, T]));
    let p = truths_of("  a: text\n  b: text", "a == b and a != \"x\"", &[]);
    assert_eq!(p.truths, set(&[F, T]));
}

#[test]
fn a_date_read_two_ways_is_not_proved() {
    let p = truths_of("  b: date", "age(b) >= 18 and days_since(b) < 6575", &[]);
    assert!(!p.proved);
    assert!(p.truths.contains(F));
}

// ------------------------------------------------------------------ brute force

fn field(name: &str, ty: FieldType, optional: bool) -> Field {
    Field {
        name: name.into(),
        path: name.into(),
        ty,
        optional,
        tags: Vec::new(),
        label: None,
        loc: Loc {
            file: "g".into(),
            line: 1,
            column: 1,
            span: Default::default(),
        },
    }
}

/// A small declaration: a few fields of the kinds conditions read, some optional.
fn declaration(rng: &mut fastrand::Rng) -> RecordSchema {
    let mut fields = vec![field("id", FieldType::Text, false)];
    let kinds = [
        FieldType::Bool,
        FieldType::Integer,
        FieldType::Text,
        FieldType::Enum {
            values: vec!["a".into(), "b".into(), "c".into()],
        },
    ];
    for (i, ty) in kinds.iter().enumerate() {
        if rng.bool() || i == 0 {
            fields.push(field(&format!("f{i}"), ty.clone(), rng.bool()));
        }
    }
    RecordSchema {
        name: "r".into(),
        key: Some("id".into()),
        fields,
    }
}

fn operand(path: &str) -> Operand {
    Operand::Field { path: path.into() }
}

fn atom(rng: &mut fastrand::Rng, record: &RecordSchema) -> Condition {
    let fields = record.fields.get(1..).unwrap();
    let f = &fields[rng.usize(..fields.len())];
    let ops = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ];
    let kind = match (&f.ty, rng.u8(..10)) {
        (_, 0) => ConditionKind::IsMissing {
            field: f.path.clone(),
        },
        (_, 1) => ConditionKind::IsPresent {
            field: f.path.clone(),
        },
        (FieldType::Bool, _) => ConditionKind::IsTrue {
            field: f.path.clone(),
        },
        (FieldType::Integer, k) if k < 7 => ConditionKind::Compare {
            cmp: ops[rng.usize(..ops.len())],
            left: operand(&f.path),
            right: Operand::Literal {
                value: Literal::Number(Num::Int(rng.i64(0..6))),
            },
        },
        (FieldType::Integer, _) => ConditionKind::In {
            operand: operand(&f.path),
            values: (0..rng.usize(0..3))
                .map(|_| Literal::Number(Num::Int(rng.i64(0..6))))
                .collect(),
            negated: rng.bool(),
        },
        (FieldType::Text, k) => {
            let words = ["x", "X", "y"];
            let word = words[rng.usize(..words.len())].to_string();
            let left = if k % 2 == 0 {
                Operand::Call {
                    function: Function::Lower,
                    arg: Box::new(operand(&f.path)),
                }
            } else {
                operand(&f.path)
            };
            ConditionKind::Compare {
                cmp: if rng.bool() { CmpOp::Eq } else { CmpOp::Ne },
                left,
                right: Operand::Literal {
                    value: Literal::Text(word),
                },
            }
        }
        (FieldType::Enum { values }, _) => ConditionKind::In {
            operand: operand(&f.path),
            values: values
                .iter()
                .filter(|_| rng.bool())
                .map(|v| Literal::Text(v.clone()))
                .collect(),
            negated: rng.bool(),
        },
        _ => ConditionKind::Constant { value: rng.bool() },
    };
    kind.into()
}

fn condition(rng: &mut fastrand::Rng, record: &RecordSchema, depth: u32) -> Condition {
    if depth == 0 || rng.u8(..3) == 0 {
        return atom(rng, record);
    }
    let n = rng.usize(2..4);
    let args = (0..n).map(|_| condition(rng, record, depth - 1)).collect();
    match rng.u8(..3) {
        0 => ConditionKind::And { args },
        1 => ConditionKind::Or { args },
        _ => ConditionKind::Not {
            arg: Box::new(condition(rng, record, depth - 1)),
        },
    }
    .into()
}

/// Every value a field can take in the brute force: more than the literals (0 to 5, "x", "X",
/// "y") need.
fn brute_values(ty: &FieldType) -> Vec<Value> {
    match ty {
        FieldType::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FieldType::Integer => (-2..9).map(Value::from).collect(),
        FieldType::Text => ["x", "X", "y", "Y", "z", "xx"]
            .iter()
            .map(|s| Value::String((*s).into()))
            .collect(),
        FieldType::Enum { values } => values.iter().map(|v| Value::String(v.clone())).collect(),
        _ => vec![Value::String("i".into())],
    }
}

fn brute_force(record: &RecordSchema, schema: &Schema, program: &Program, id: CondId) -> TruthSet {
    let mut records = vec![serde_json::Map::new()];
    for f in &record.fields {
        let mut options: Vec<Option<Value>> = brute_values(&f.ty).into_iter().map(Some).collect();
        if f.optional {
            options.push(None);
        }
        if f.path == "id" {
            options = vec![Some(Value::String("i".into()))];
        }
        let mut next = Vec::new();
        for r in &records {
            for o in &options {
                let mut r = r.clone();
                if let Some(v) = o {
                    r.insert(f.name.clone(), v.clone());
                }
                next.push(r);
            }
        }
        records = next;
    }
    let mut out = TruthSet::EMPTY;
    for r in records {
        let value = Value::Object(r);
        let view = JsonRecord {
            value: &value,
            schema,
        };
        let mut memo = program.memo();
        out.insert(program.eval(id, &view, reference(), &mut memo));
    }
    out
}

#[test]
fn agrees_with_brute_force_on_generated_declarations() {
    let mut rng = fastrand::Rng::with_seed(13);
    for case in 0..400 {
        let record = declaration(&mut rng);
        let schema = Schema::new(&record);
        let cond = condition(&mut rng, &record, 3);
        let mut program = Program::default();
        let id = program.intern(&cond, &schema).unwrap();
        let space = Space::new(&schema, &[&program], &[], reference());
        let mut budget = Budget::default();
        let possible = space.truths(0, id, &mut budget);
        let expected = brute_force(&record, &schema, &program, id);
        assert_eq!(possible.truths, expected, "case {case}: {cond}");
        assert!(possible.proved, "case {case}: {cond}: {:?}", space.notes());
        for (truth, point) in &possible.examples {
            let witness = space.realize(point, &[], &samples(&schema, point, case));
            crate::semantics::validate::validate_record(&record.fields, &witness.record).unwrap();
            let view = JsonRecord {
                value: &witness.record,
                schema: &schema,
            };
            let mut memo = program.memo();
            assert_eq!(
                program.eval(id, &view, witness.as_of, &mut memo),
                *truth,
                "{cond}"
            );
        }
    }
}

#[test]
fn a_tiny_budget_samples_and_says_so() {
    let mut rng = fastrand::Rng::with_seed(5);
    let record = declaration(&mut rng);
    let schema = Schema::new(&record);
    let cond = condition(&mut rng, &record, 3);
    let mut program = Program::default();
    let id = program.intern(&cond, &schema).unwrap();
    let space = Space::new(&schema, &[&program], &[], reference());
    let mut budget = Budget::new(1, 50);
    let possible = space.truths(0, id, &mut budget);
    assert!(!possible.proved);
    assert!(budget.ran_out);
}
