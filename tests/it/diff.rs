//! `diff`: each `tests/diff/<case>/` holds `old.share` and `new.share`; `new.share` says what
//! the comparison must find in `# expect:` lines (`no change`, or `KIND RECIPIENT FIELD`,
//! `attribute RECIPIENT NAME`, `recipient-added NAME`, `record - FIELD`). The test compares,
//! checks the changes found against the expectations, snapshots the reports, and runs every
//! witness through the real `shareguard apply` of both policies to see the difference. Cases
//! that change nothing must be proved, and `apply` must agree on generated records too.
//!
//! Properties: `diff P P` and `diff P (fmt P)` are empty and proved for every bundled and
//! generated policy; for random single edits of the bundled policies, every witness shows its
//! difference under `apply`, and where `diff` proves no change, `apply` agrees on generated
//! records. Each bundled policy against a copy with its rules shuffled and groups inlined
//! (`tests/diff/bundled/`) is no change, proved.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use shareguard::diff::{self, ChangeKind, Diff};
use shareguard::ir::{ConditionKind, Form, Ir, Literal, Num, Operand};
use shareguard::runtime::Runtime;
use shareguard::semantics::outcomes::Budget;

use crate::common;

fn load(path: &Path) -> Ir {
    shareguard::policy::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn compare(old: &Ir, new: &Ir) -> Diff {
    diff::compare(old, new, Budget::default()).unwrap()
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(common::root().join("tests/diff"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("old.share").exists())
        .collect();
    out.sort();
    out
}

/// `KIND RECIPIENT FIELD` for each change (attribute name for attributes, `-` for none).
fn found(diff: &Diff) -> BTreeSet<String> {
    diff.changes
        .iter()
        .map(|c| {
            let what = match c.kind {
                ChangeKind::Attribute => c.attribute.clone(),
                ChangeKind::RecipientAdded | ChangeKind::RecipientRemoved => None,
                _ => c.field.clone(),
            };
            let mut words = vec![
                c.kind.as_str().to_string(),
                c.recipient.clone().unwrap_or_else(|| "-".into()),
            ];
            words.extend(what);
            words.join(" ")
        })
        .collect()
}

fn expected(new: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(new)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(|l| l.trim().to_string())
        .filter(|l| l != "no change")
        .collect()
}

/// Whether an output record holds a path (in any element of a list on the way).
fn has(value: &Value, path: &[&str]) -> bool {
    match (value, path.split_first()) {
        (Value::Null, _) => false,
        (Value::Array(items), Some(_)) => items.iter().any(|i| has(i, path)),
        (_, None) => true,
        (Value::Object(map), Some((first, rest))) => map.get(*first).is_some_and(|v| has(v, rest)),
        _ => false,
    }
}

fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    match path.split_first() {
        None => Some(value),
        Some((first, rest)) => match value {
            Value::Array(items) => items.iter().find_map(|i| at(i, path)),
            Value::Object(map) => at(map.get(*first)?, rest),
            _ => None,
        },
    }
}

/// What `shareguard apply POLICY --as-of DATE` sends `recipient` for one record: `None` when
/// it sends nothing or has no such recipient.
fn apply(policy: &Path, record: &Value, as_of: NaiveDate, recipient: &str) -> Option<Value> {
    let temp = tempfile::tempdir().unwrap();
    let input = temp.path().join("witness.jsonl");
    std::fs::write(&input, format!("{record}\n")).unwrap();
    let out = temp.path().join("out");
    let run = common::cli::shareguard(&[
        "apply",
        policy.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        &as_of.format("%Y-%m-%d").to_string(),
    ]);
    assert_eq!(
        common::cli::code(&run),
        0,
        "apply rejected the witness {record}: {}",
        common::cli::stderr(&run)
    );
    let text = std::fs::read_to_string(out.join(format!("{recipient}.jsonl"))).ok()?;
    text.lines()
        .next()
        .map(|l| serde_json::from_str(l).unwrap())
}

/// Runs every witness of `diff` through `apply` of both policies and checks the difference.
fn witnesses_show_their_changes(old: &Path, new: &Path, diff: &Diff) {
    for change in &diff.changes {
        let Some(recipient) = change.recipient.as_deref() else {
            continue;
        };
        let checks: Vec<(&shareguard::diff::Example, bool)> = match change.kind {
            ChangeKind::Widened => vec![(change.witness.as_ref().unwrap(), true)],
            ChangeKind::Narrowed => vec![(change.witness.as_ref().unwrap(), false)],
            ChangeKind::Changed => vec![
                (change.witness.as_ref().unwrap(), true),
                (change.narrowed.as_ref().unwrap(), false),
            ],
            ChangeKind::RecipientAdded | ChangeKind::RecipientRemoved => {
                let example = change.witness.as_ref().unwrap();
                let before = apply(old, &example.record, example.as_of, recipient);
                let after = apply(new, &example.record, example.as_of, recipient);
                assert_eq!(
                    (before.is_some(), after.is_some()),
                    (
                        change.kind == ChangeKind::RecipientRemoved,
                        change.kind == ChangeKind::RecipientAdded
                    ),
                    "{recipient}: {}",
                    example.record
                );
                continue;
            }
            ChangeKind::Form => {
                let example = change.witness.as_ref().unwrap();
                let field = change.field.as_deref().unwrap();
                let path: Vec<&str> = field.split('.').collect();
                let before = apply(old, &example.record, example.as_of, recipient).unwrap();
                let after = apply(new, &example.record, example.as_of, recipient).unwrap();
                assert_ne!(at(&before, &path), at(&after, &path), "{recipient} {field}");
                assert!(at(&before, &path).is_some() && at(&after, &path).is_some());
                continue;
            }
            _ => continue,
        };
        let field = change.field.as_deref().unwrap();
        let path: Vec<&str> = field.split('.').collect();
        for (example, widened) in checks {
            let before = apply(old, &example.record, example.as_of, recipient);
            let after = apply(new, &example.record, example.as_of, recipient);
            let shows = |out: &Option<Value>| out.as_ref().is_some_and(|v| has(v, &path));
            assert_eq!(
                (shows(&before), shows(&after)),
                (!widened, widened),
                "{recipient} {field} on {}: {}\nbefore {before:?}\nafter {after:?}",
                example.as_of,
                example.record
            );
        }
    }
}

/// Sample records of a declaration, as JSON values.
fn samples(ir: &Ir, count: u64, seed: u64, today: NaiveDate) -> Vec<Value> {
    let options = shareguard::sample::SampleOptions {
        seed,
        invalid_rate: 0.0,
        extra_key_rate: 0.0,
        today,
    };
    let mut out = Vec::new();
    shareguard::sample::write_samples(&ir.record, count, &options, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Whether both policies send every recipient the same from every record, on a few dates.
fn apply_agrees(old: &Ir, new: &Ir, records: u64) {
    let dates = ["2026-06-01", "2027-01-01", "2024-02-29", "2030-03-01"];
    for (i, d) in dates.iter().enumerate() {
        let as_of = shareguard::dates::parse_date(d).unwrap();
        let a = Runtime::new(old.clone(), as_of).unwrap();
        let b = Runtime::new(new.clone(), as_of).unwrap();
        for record in samples(new, records, i as u64 + 11, as_of) {
            let (Ok(x), Ok(y)) = (a.decide(&record), b.decide(&record)) else {
                continue;
            };
            for r in &new.recipients {
                let get = |ir: &Ir, outcomes: &[shareguard::runtime::decide::Outcome]| {
                    ir.recipients
                        .iter()
                        .position(|o| o.name == r.name)
                        .and_then(|p| outcomes.get(p))
                        .and_then(|o| o.output.clone())
                };
                assert_eq!(
                    get(old, &x),
                    get(new, &y),
                    "{} on {d} differs for {record}",
                    r.name
                );
            }
        }
    }
}

fn name(path: &Path) -> String {
    path.strip_prefix(common::root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn corpus_cases_find_what_they_expect() {
    let cases = cases();
    assert!(cases.len() >= 20, "{cases:?}");
    for dir in cases {
        let (old_path, new_path) = (dir.join("old.share"), dir.join("new.share"));
        let (old, new) = (load(&old_path), load(&new_path));
        let diff = compare(&old, &new);
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(found(&diff), expected(&new_path), "{case}");
        assert!(diff.proved, "{case}: {:?}", diff.notes);
        if diff.equivalent() {
            apply_agrees(&old, &new, 150);
        }
        witnesses_show_their_changes(&old_path, &new_path, &diff);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir.join("snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            let (o, n) = (name(&old_path), name(&new_path));
            insta::assert_snapshot!("human", diff::render::human(&diff, &o, &n));
            if !diff.equivalent() {
                insta::assert_snapshot!("markdown", diff::render::markdown(&diff, &o, &n));
                let json = serde_json::to_string_pretty(&diff::render::json(&diff)).unwrap();
                insta::assert_snapshot!("json", json);
            }
        });
    }
}

#[test]
fn the_command_line_reports_and_fails_on_request() {
    let case = "tests/diff/age_18_to_16";
    let (old, new) = (format!("{case}/old.share"), format!("{case}/new.share"));
    let run = common::cli::shareguard(&["diff", &old, &new]);
    assert_eq!(common::cli::code(&run), 0);
    assert!(common::cli::stdout(&run).contains("a customer aged 16"));
    let run = common::cli::shareguard(&["diff", &old, &new, "--fail-on", "widened"]);
    assert_eq!(common::cli::code(&run), 4);
    let run = common::cli::shareguard(&["diff", &new, &old, "--fail-on", "widened"]);
    assert_eq!(common::cli::code(&run), 0, "narrowing only");
    let run =
        common::cli::shareguard(&["diff", &new, &old, "--fail-on", "any", "--format", "json"]);
    assert_eq!(common::cli::code(&run), 4);
    let json: Value = serde_json::from_str(&common::cli::stdout(&run)).unwrap();
    assert_eq!(json["equivalent"], false);
    assert_eq!(json["proved"], true);
    assert_eq!(json["changes"][0]["change"], "narrowed");
    assert_eq!(json["changes"][0]["witness"]["as_of"], "2026-06-01");
    // A form that reveals more fails `widened`.
    let case = "tests/diff/transform_removed";
    let run = common::cli::shareguard(&[
        "diff",
        &format!("{case}/old.share"),
        &format!("{case}/new.share"),
        "--fail-on",
        "widened",
    ]);
    assert_eq!(common::cli::code(&run), 4);
    // No change: 0 even with `--fail-on any`.
    let case = "tests/diff/reordered_rules";
    let run = common::cli::shareguard(&[
        "diff",
        &format!("{case}/old.share"),
        &format!("{case}/new.share"),
        "--fail-on",
        "any",
    ]);
    assert_eq!(common::cli::code(&run), 0);
    // A missing file, or a missing argument: 2.
    let run = common::cli::shareguard(&["diff", "nowhere.share", &old]);
    assert_eq!(common::cli::code(&run), 2);
    let run = common::cli::shareguard(&["diff", &old]);
    assert_eq!(common::cli::code(&run), 2);
}

#[test]
fn a_policy_with_errors_is_not_compared() {
    let temp = tempfile::tempdir().unwrap();
    let broken = temp.path().join("broken.share");
    std::fs::write(
        &broken,
        "policy \"x\" {}\nrecord r { id: text }\nrecipient a {\n",
    )
    .unwrap();
    let run = common::cli::shareguard(&[
        "diff",
        broken.to_str().unwrap(),
        "tests/diff/age_18_to_16/old.share",
    ]);
    assert_eq!(common::cli::code(&run), 1);
    assert!(common::cli::stderr(&run).contains("fix them before comparing"));
}

// ------------------------------------------------------------------ properties

fn bundled() -> Vec<(PathBuf, Ir)> {
    common::bundled_policies()
        .into_iter()
        .map(|p| {
            let ir = load(&p);
            (p, ir)
        })
        .collect()
}

#[test]
fn a_policy_against_itself_and_its_formatting_is_no_change_proved() {
    for (path, ir) in bundled() {
        let diff = compare(&ir, &ir);
        assert!(diff.equivalent() && diff.proved, "{}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        let formatted = shareguard::fmt::format(&shareguard::span::SourceFile::new(
            path.display().to_string(),
            text,
        ))
        .unwrap();
        let compiled = shareguard::policy::compile(
            shareguard::span::SourceFile::new("formatted.share", formatted),
            &shareguard::lint::LintOptions::default(),
        );
        let diff = compare(&ir, &compiled.ir.unwrap());
        assert!(diff.equivalent() && diff.proved, "{}", path.display());
    }
    for dir in cases() {
        for file in ["old.share", "new.share"] {
            let ir = load(&dir.join(file));
            let diff = compare(&ir, &ir);
            assert!(diff.equivalent() && diff.proved, "{}", dir.display());
        }
    }
}

#[test]
fn bundled_policies_shuffled_and_inlined_are_no_change_proved() {
    let mut seen = 0;
    for (path, ir) in bundled() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let rewritten = common::root().join(format!("tests/diff/bundled/{stem}.share"));
        let other = load(&rewritten);
        let diff = compare(&ir, &other);
        assert!(diff.equivalent(), "{stem}: {:?}", found(&diff));
        assert!(diff.proved, "{stem}: {:?}", diff.notes);
        seen += 1;
    }
    assert_eq!(seen, 3);
}

/// One random edit of a policy's IR: a literal moved, a comparison turned, a clause dropped,
/// a `never` dropped, a transform changed, an item dropped, a value added to an `in` list.
fn edit(ir: &mut Ir, rng: &mut fastrand::Rng) -> String {
    let r = rng.usize(..ir.recipients.len());
    let recipient = &mut ir.recipients[r];
    let name = recipient.name.clone();
    match rng.u8(..6) {
        0 if !recipient.nevers.is_empty() => {
            let i = rng.usize(..recipient.nevers.len());
            recipient.nevers.remove(i);
            format!("{name}: dropped a never")
        }
        1 if !recipient.shares.is_empty() => {
            let i = rng.usize(..recipient.shares.len());
            let rule = &mut recipient.shares[i];
            if rng.bool() {
                rule.unless = None;
            } else {
                rule.when = None;
            }
            format!("{name}: dropped a clause")
        }
        2 if !recipient.shares.is_empty() => {
            let i = rng.usize(..recipient.shares.len());
            let rule = &mut recipient.shares[i];
            for item in &mut rule.items {
                if matches!(item.form, Form::Hashed | Form::Masked | Form::First(_)) {
                    item.form = Form::Raw;
                }
            }
            if rule.items.len() > 1 {
                rule.items.remove(rng.usize(..rule.items.len()));
            }
            format!("{name}: changed an item")
        }
        _ => {
            let conditions: Vec<&mut shareguard::ir::Condition> = recipient
                .shares
                .iter_mut()
                .flat_map(|s| [s.when.as_mut(), s.unless.as_mut()])
                .chain(
                    recipient
                        .nevers
                        .iter_mut()
                        .flat_map(|n| [n.when.as_mut(), n.unless.as_mut()]),
                )
                .flatten()
                .collect();
            if conditions.is_empty() {
                return format!("{name}: nothing to edit");
            }
            let n = conditions.len();
            let condition = conditions.into_iter().nth(rng.usize(..n)).unwrap();
            tweak(condition, rng);
            format!("{name}: tweaked a condition")
        }
    }
}

fn tweak(condition: &mut shareguard::ir::Condition, rng: &mut fastrand::Rng) {
    match &mut condition.kind {
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            let i = rng.usize(..args.len());
            tweak(&mut args[i], rng);
        }
        ConditionKind::Not { arg } => tweak(arg, rng),
        ConditionKind::Compare { cmp, right, .. } => {
            if let Operand::Literal {
                value: Literal::Number(Num::Int(n)),
            } = right
            {
                *n += rng.i64(-3..=3);
            } else {
                *cmp = cmp.negate();
            }
        }
        ConditionKind::In { negated, .. } => *negated = !*negated,
        ConditionKind::IsTrue { field } => {
            condition.kind = ConditionKind::Not {
                arg: Box::new(
                    ConditionKind::IsTrue {
                        field: field.clone(),
                    }
                    .into(),
                ),
            };
        }
        ConditionKind::IsMissing { field } => {
            condition.kind = ConditionKind::IsPresent {
                field: field.clone(),
            };
        }
        ConditionKind::IsPresent { field } => {
            condition.kind = ConditionKind::IsMissing {
                field: field.clone(),
            };
        }
        ConditionKind::Constant { value } => *value = !*value,
    }
}

#[test]
fn random_single_edits_are_confirmed_by_apply() {
    let temp = tempfile::tempdir().unwrap();
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut changed = 0;
    let mut unchanged = 0;
    for round in 0..8 {
        for (path, ir) in bundled() {
            let mut edited = ir.clone();
            let what = edit(&mut edited, &mut rng);
            let diff = compare(&ir, &edited);
            assert!(diff.proved, "{what}: {:?}", diff.notes);
            if diff.equivalent() {
                unchanged += 1;
                apply_agrees(&ir, &edited, 60);
                continue;
            }
            changed += 1;
            // `apply` reads both as compiled IR files.
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let old_file = temp.path().join(format!("{stem}-{round}-old.json"));
            let new_file = temp.path().join(format!("{stem}-{round}-new.json"));
            std::fs::write(&old_file, serde_json::to_string(&ir).unwrap()).unwrap();
            std::fs::write(&new_file, serde_json::to_string(&edited).unwrap()).unwrap();
            witnesses_show_their_changes(&old_file, &new_file, &diff);
        }
    }
    assert!(
        changed > 5 && unchanged > 0,
        "{changed} changed, {unchanged} unchanged"
    );
}

// ------------------------------------------------------------------ generated policies

fn loc() -> shareguard::ir::Loc {
    shareguard::ir::Loc {
        file: "generated.share".into(),
        line: 1,
        column: 1,
        span: Default::default(),
    }
}

fn field(path: &str) -> Operand {
    Operand::Field { path: path.into() }
}

fn call(function: shareguard::ir::Function, path: &str) -> Operand {
    Operand::Call {
        function,
        arg: Box::new(field(path)),
    }
}

fn number(n: Num) -> Operand {
    Operand::Literal {
        value: Literal::Number(n),
    }
}

/// A random test over the reference policy's record.
fn random_atom(rng: &mut fastrand::Rng) -> shareguard::ir::Condition {
    use shareguard::ir::{CmpOp, Function};
    let ops = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ];
    let op = ops[rng.usize(..ops.len())];
    let flags = [
        "consent.marketing",
        "consent.cobrand",
        "consent.sale",
        "do_not_sell",
    ];
    let text = |s: &str| Literal::Text(s.into());
    match rng.u8(..11) {
        0 | 1 => ConditionKind::IsTrue {
            field: flags[rng.usize(..flags.len())].into(),
        },
        2 => ConditionKind::Compare {
            cmp: op,
            left: call(Function::Age, "birth_date"),
            right: number(Num::Int(rng.i64(14..22))),
        },
        3 => ConditionKind::In {
            operand: field("loyalty_tier"),
            values: ["gold", "silver", "bronze"]
                .iter()
                .filter(|_| rng.bool())
                .map(|v| text(v))
                .collect(),
            negated: rng.bool(),
        },
        4 => ConditionKind::In {
            operand: call(Function::Lower, "address.state"),
            values: vec![text("ca"), text("ny")],
            negated: rng.bool(),
        },
        5 => ConditionKind::Compare {
            cmp: if rng.bool() { CmpOp::Eq } else { CmpOp::Ne },
            left: field("address.state"),
            right: Operand::Literal { value: text("CA") },
        },
        6 => ConditionKind::Compare {
            cmp: op,
            left: field("lifetime_spend"),
            right: number(if rng.bool() {
                Num::Int(rng.i64(0..500))
            } else {
                Num::Float(rng.f64() * 500.0)
            }),
        },
        7 => ConditionKind::Compare {
            cmp: op,
            left: call(Function::Count, "visits"),
            right: number(Num::Int(rng.i64(0..4))),
        },
        8 => {
            let f = ["email", "phone", "birth_date", "household_id"][rng.usize(..4)];
            if rng.bool() {
                ConditionKind::IsMissing { field: f.into() }
            } else {
                ConditionKind::IsPresent { field: f.into() }
            }
        }
        9 => ConditionKind::Compare {
            cmp: op,
            left: Operand::Today,
            right: Operand::Literal {
                value: Literal::Date(
                    ["2026-07-01", "2027-01-01", "2024-02-29"][rng.usize(..3)].into(),
                ),
            },
        },
        _ => ConditionKind::Compare {
            cmp: op,
            left: call(Function::DaysSince, "visits_none"),
            right: number(Num::Int(0)),
        },
    }
    .into()
}

fn random_condition(rng: &mut fastrand::Rng, depth: u32) -> shareguard::ir::Condition {
    if depth == 0 || rng.u8(..3) == 0 {
        let atom = random_atom(rng);
        // `visits_none` stands for no such test: fall back to a flag.
        if format!("{atom}").contains("visits_none") {
            return ConditionKind::IsTrue {
                field: "consent.sale".into(),
            }
            .into();
        }
        return atom;
    }
    let args = (0..rng.usize(2..4))
        .map(|_| random_condition(rng, depth - 1))
        .collect();
    match rng.u8(..3) {
        0 => ConditionKind::And { args },
        1 => ConditionKind::Or { args },
        _ => ConditionKind::Not {
            arg: Box::new(random_condition(rng, depth - 1)),
        },
    }
    .into()
}

/// The reference policy with its recipients' rules replaced by random ones.
fn random_policy(base: &Ir, rng: &mut fastrand::Rng) -> Ir {
    use shareguard::ir::{NeverRule, NeverScope, ShareItem, ShareRule};
    let schema = shareguard::semantics::schema::Schema::new(&base.record);
    let leaves: Vec<String> = schema.leaves().to_vec();
    let mut ir = base.clone();
    ir.examples.clear();
    for recipient in &mut ir.recipients {
        let clause = |rng: &mut fastrand::Rng| rng.bool().then(|| random_condition(rng, 2));
        recipient.shares = (0..rng.usize(1..3))
            .map(|_| {
                let fields: Vec<String> = leaves
                    .iter()
                    .filter(|_| rng.u8(..4) == 0)
                    .cloned()
                    .collect();
                ShareRule {
                    text: "share (generated)".into(),
                    items: fields
                        .iter()
                        .map(|f| ShareItem {
                            selector: f.clone(),
                            form: Form::Raw,
                            fields: vec![f.clone()],
                            span: Default::default(),
                            selector_span: Default::default(),
                        })
                        .collect(),
                    when: clause(rng),
                    unless: clause(rng),
                    allows: Vec::new(),
                    loc: loc(),
                }
            })
            .collect();
        recipient.nevers = (0..rng.usize(0..2))
            .map(|_| NeverRule {
                text: "never share (generated)".into(),
                scope: NeverScope::Recipient,
                fields: leaves
                    .iter()
                    .filter(|_| rng.u8(..3) == 0)
                    .cloned()
                    .collect(),
                when: clause(rng),
                unless: clause(rng),
                raw: rng.bool(),
                allows: Vec::new(),
                loc: loc(),
            })
            .collect();
    }
    ir
}

/// Every witness of `diff` shows its difference when the library's runtime (fast path and
/// all) decides it.
fn witnesses_confirmed_by_runtime(old: &Ir, new: &Ir, diff: &Diff) {
    for change in &diff.changes {
        let (Some(recipient), Some(field)) = (change.recipient.as_deref(), change.field.as_deref())
        else {
            continue;
        };
        let mut checks = Vec::new();
        match change.kind {
            ChangeKind::Widened => checks.push((change.witness.as_ref().unwrap(), true)),
            ChangeKind::Narrowed => checks.push((change.witness.as_ref().unwrap(), false)),
            ChangeKind::Changed => {
                checks.push((change.witness.as_ref().unwrap(), true));
                checks.push((change.narrowed.as_ref().unwrap(), false));
            }
            _ => {}
        }
        let path: Vec<&str> = field.split('.').collect();
        for (example, widened) in checks {
            let sent = |ir: &Ir| {
                let runtime = Runtime::new(ir.clone(), example.as_of).unwrap();
                let outcomes = runtime.decide(&example.record).unwrap();
                let i = ir.recipients.iter().position(|r| r.name == recipient)?;
                outcomes.get(i)?.output.clone()
            };
            let shows = |out: Option<Value>| out.is_some_and(|v| has(&v, &path));
            assert_eq!(
                (shows(sent(old)), shows(sent(new))),
                (!widened, widened),
                "{recipient} {field}: {}",
                example.record
            );
        }
    }
}

#[test]
fn generated_policies_compare_exactly() {
    let base = load(&common::root().join("policies/acme_dining.share"));
    let mut rng = fastrand::Rng::with_seed(99);
    let (mut changed, mut unchanged) = (0, 0);
    for round in 0..40 {
        let policy = random_policy(&base, &mut rng);
        let same = compare(&policy, &policy);
        assert!(same.equivalent(), "round {round}: {:?}", found(&same));
        assert!(same.proved || !same.notes.is_empty(), "round {round}");
        // The same rules in another order.
        let mut shuffled = policy.clone();
        shuffled.recipients.reverse();
        for r in &mut shuffled.recipients {
            r.shares.reverse();
            r.nevers.reverse();
        }
        let diff = compare(&policy, &shuffled);
        assert!(diff.equivalent(), "round {round}: {:?}", found(&diff));
        // One edit.
        let mut edited = policy.clone();
        let what = edit(&mut edited, &mut rng);
        let diff = compare(&policy, &edited);
        assert!(
            diff.proved || !diff.notes.is_empty(),
            "round {round}: {what}"
        );
        if diff.equivalent() {
            unchanged += 1;
            if diff.proved {
                apply_agrees(&policy, &edited, 40);
            }
        } else {
            changed += 1;
            witnesses_confirmed_by_runtime(&policy, &edited, &diff);
        }
    }
    assert!(
        changed > 10 && unchanged > 0,
        "{changed} changed, {unchanged} unchanged"
    );
}
