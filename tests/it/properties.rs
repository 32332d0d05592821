//! Properties of the runtime that must hold for every policy and every record:
//!
//! (a) no output ever holds a key the record declaration does not declare;
//! (b) adding a `never` rule never adds output;
//! (c) turning a known value into a missing one never adds output (for conditions that do not
//!     themselves test whether a field is missing, which is their point);
//! (d) output is independent of rule order;
//! and `never` without a condition always wins.
//!
//! Policies are generated over the record declaration of `policies/acme_dining.share`, and
//! records over every policy's declaration, with undeclared keys mixed in.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;
use shareguard::ir::{Field, FieldType, Ir, NeverRule, NeverScope};
use shareguard::runtime::Runtime;
use shareguard::runtime::decide::Outcome;
use shareguard::semantics::schema::Schema;

use crate::common;
use common::policies::{condition, loc, readable, recipient};
use common::records::object_of;

fn load(path: &str) -> Ir {
    shareguard::policy::load(Path::new(path)).unwrap()
}

fn policies() -> Vec<Ir> {
    common::bundled_policies()
        .iter()
        .map(|p| load(p.to_str().unwrap()))
        .collect()
}

fn generated_policy(presence: bool) -> BoxedStrategy<(Ir, Value)> {
    let base = load("policies/acme_dining.share");
    let index = Schema::new(&base.record);
    let record = object_of(&base.record.fields);
    (
        proptest::collection::vec(
            (0u32..1000).prop_flat_map(move |n| recipient(&index, format!("r{n}"), presence)),
            1..4,
        ),
        record,
    )
        .prop_map(move |(mut recipients, record)| {
            for (i, r) in recipients.iter_mut().enumerate() {
                r.name = format!("recipient_{i}");
            }
            let mut ir = base.clone();
            ir.recipients = recipients;
            ir.examples.clear();
            (ir, record)
        })
        .boxed()
}

fn decide(ir: &Ir, record: &Value) -> Vec<Outcome> {
    Runtime::new(
        ir.clone(),
        shareguard::dates::parse_date("2026-06-01").unwrap(),
    )
    .unwrap()
    .decide(record)
    .expect("generated records are valid")
}

fn shared_set(outcome: &Outcome) -> BTreeSet<String> {
    outcome.shared.iter().map(|(f, _)| f.clone()).collect()
}

/// Every key of `output` is declared at its level of `fields`.
fn only_declared(output: &Value, fields: &[Field]) -> Result<(), String> {
    let Value::Object(map) = output else {
        return Ok(());
    };
    for (key, value) in map {
        let field = fields
            .iter()
            .find(|f| &f.name == key)
            .ok_or_else(|| format!("undeclared key {key:?} in output"))?;
        match (&field.ty, value) {
            (FieldType::Object { fields }, v) => only_declared(v, fields)?,
            (FieldType::List { element }, Value::Array(items)) => {
                for item in items {
                    only_declared(item, element.children())?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// (a) for the policies in policies/ and generated ones alike.
    #[test]
    fn no_output_holds_an_undeclared_key((ir, record) in generated_policy(true)) {
        for outcome in decide(&ir, &record) {
            if let Some(output) = &outcome.output {
                prop_assert!(only_declared(output, &ir.record.fields).is_ok(), "{output}");
            }
        }
    }

    /// (b)
    #[test]
    fn adding_a_never_rule_never_adds_output(
        (ir, record) in generated_policy(true),
        pick in any::<prop::sample::Index>(),
        extra in proptest::sample::subsequence(
            Schema::new(&load("policies/acme_dining.share").record).leaves().to_vec(), 0..6),
        when in proptest::option::of(condition(readable(&Schema::new(&load("policies/acme_dining.share").record)), true)),
        raw in any::<bool>(),
    ) {
        let before = decide(&ir, &record);
        let mut stricter = ir.clone();
        let i = pick.index(stricter.recipients.len());
        stricter.recipients[i].nevers.push(NeverRule {
            text: "never (added)".into(),
            scope: NeverScope::Recipient,
            fields: extra,
            raw,
            when,
            unless: None,
            allows: vec![],
            loc: loc(99),
        });
        let after = decide(&stricter, &record);
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(shared_set(a).is_subset(&shared_set(b)));
            for (field, form) in &a.shared {
                prop_assert!(b.shared.contains(&(field.clone(), form.clone())));
            }
        }
    }

    /// (c) for conditions built from comparisons, yes/no fields, and/or/not.
    #[test]
    fn a_missing_value_never_adds_output(
        (ir, record) in generated_policy(false),
        pick in any::<prop::sample::Index>(),
    ) {
        let optional: Vec<&Field> = ir.all_fields().into_iter().filter(|f| f.optional).collect();
        prop_assume!(!optional.is_empty());
        let field = optional[pick.index(optional.len())];
        // Remove the value wherever it sits (objects only: lists are left whole).
        let mut less = record.clone();
        let mut node = &mut less;
        let segments: Vec<&str> = field.path.split('.').collect();
        for segment in &segments[..segments.len() - 1] {
            match node.get_mut(*segment) {
                Some(next) if next.is_object() => node = next,
                _ => return Ok(()),
            }
        }
        if let Some(map) = node.as_object_mut() {
            map.insert(segments[segments.len() - 1].to_string(), Value::Null);
        }
        let before = decide(&ir, &record);
        let after = decide(&ir, &less);
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(shared_set(a).is_subset(&shared_set(b)), "{:?} vs {:?}", a.shared, b.shared);
        }
    }

    /// (d)
    #[test]
    fn output_does_not_depend_on_rule_order((ir, record) in generated_policy(true), seed in any::<u64>()) {
        let before = decide(&ir, &record);
        let mut shuffled = ir.clone();
        let mut rng = seed;
        let mut next = move || { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; rng };
        for r in &mut shuffled.recipients {
            r.shares.reverse();
            let n = r.shares.len();
            if n > 1 { let k = (next() % n as u64) as usize; r.shares.rotate_left(k); }
            r.nevers.reverse();
            for s in &mut r.shares { s.items.reverse(); }
        }
        let after = decide(&shuffled, &record);
        prop_assert_eq!(before, after);
    }

    /// A `never` without conditions always wins.
    #[test]
    fn an_unconditional_never_always_wins((ir, record) in generated_policy(true), pick in any::<prop::sample::Index>()) {
        let mut strict = ir.clone();
        let leaves = Schema::new(&strict.record).leaves().to_vec();
        let leaf = leaves[pick.index(leaves.len())].clone();
        for r in &mut strict.recipients {
            r.nevers.push(NeverRule {
                text: "never".into(),
                scope: NeverScope::Policy,
                fields: vec![leaf.clone()],
                raw: false,
                when: None,
                unless: None,
                allows: vec![],
                loc: loc(98),
            });
        }
        for outcome in decide(&strict, &record) {
            prop_assert!(!shared_set(&outcome).contains(&leaf));
        }
    }

    /// An unconditional `never share ... raw` removes the field's untransformed value and
    /// leaves every transformed one alone (LANGUAGE.md section 4).
    #[test]
    fn an_unconditional_raw_never_removes_only_raw_values(
        (ir, record) in generated_policy(true),
        pick in any::<prop::sample::Index>(),
    ) {
        let before = decide(&ir, &record);
        let mut strict = ir.clone();
        let leaves = Schema::new(&strict.record).leaves().to_vec();
        let leaf = leaves[pick.index(leaves.len())].clone();
        for r in &mut strict.recipients {
            r.nevers.push(NeverRule {
                text: "never raw".into(),
                scope: NeverScope::Policy,
                fields: vec![leaf.clone()],
                raw: true,
                when: None,
                unless: None,
                allows: vec![],
                loc: loc(98),
            });
        }
        let raw = (leaf.clone(), shareguard::ir::Form::Raw);
        for (b, a) in before.iter().zip(&decide(&strict, &record)) {
            prop_assert!(!a.shared.contains(&raw));
            if b.shared.contains(&raw) {
                prop_assert!(a.shared.iter().all(|s| b.shared.contains(s)));
            } else {
                // The same values go out (an empty list granted raw may no longer: it holds
                // no value, so it is not in `shared`).
                prop_assert_eq!(&a.shared, &b.shared);
            }
        }
    }
}

/// (a) over every policy in policies/, with its own rules.
#[test]
fn no_undeclared_keys_for_bundled_policies() {
    for ir in policies() {
        let strategy = object_of(&ir.record.fields);
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        runner
            .run(&strategy, |record| {
                for outcome in decide(&ir, &record) {
                    if let Some(output) = &outcome.output {
                        prop_assert!(only_declared(output, &ir.record.fields).is_ok(), "{output}");
                    }
                }
                Ok(())
            })
            .unwrap();
    }
}
