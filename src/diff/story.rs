//! A witness told as the customer's story: the facts about the customer that make the
//! difference, in the words of the record declaration's labels ("aged 17", "who agreed that we
//! may sell contact details", "with no email address on file").

use serde_json::Value;

use crate::ir::{Condition, ConditionKind, FieldType, Function, Ir, Operand};
use crate::semantics::outcomes::{Dimension, Space, Witness};
use crate::semantics::schema::FieldId;

/// The facts of the deciding dimensions, as read from the witness record.
pub(super) fn facts(
    space: &Space<'_>,
    old: &Ir,
    new: &Ir,
    deciding: &[usize],
    witness: &Witness,
) -> Vec<String> {
    let mut out = Vec::new();
    // A field whose value is told needs no word on its being there.
    let valued: Vec<FieldId> = deciding
        .iter()
        .filter_map(|d| match space.dimension(*d) {
            Some(Dimension::Values(fields)) => Some(fields.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    for dim in deciding {
        match space.dimension(*dim) {
            Some(Dimension::Presence(f)) => {
                let label = phrase(&label_of(space, *f));
                if lookup(&witness.record, &path_of(space, *f)).is_none() {
                    out.push(format!("with no {label} on file"));
                } else if !valued.iter().any(|v| {
                    path_of(space, *v) == path_of(space, *f)
                        || path_of(space, *v).starts_with(&format!("{}.", path_of(space, *f)))
                }) {
                    out.push(format!("with {label} on file"));
                }
            }
            Some(Dimension::Values(fields)) => {
                for f in fields {
                    if let Some(fact) = value_fact(space, old, new, *f, witness) {
                        out.push(fact);
                    }
                }
            }
            Some(Dimension::Today) | None => {}
        }
    }
    out.dedup();
    out
}

fn path_of(space: &Space<'_>, field: FieldId) -> String {
    space
        .schema()
        .info(field)
        .map(|i| i.path.clone())
        .unwrap_or_default()
}

fn label_of(space: &Space<'_>, field: FieldId) -> String {
    label(space.schema(), field)
}

/// A field's label; for a field without one inside one that has one, "date in orders"; else
/// its path.
pub(super) fn label(schema: &crate::semantics::schema::Schema, field: FieldId) -> String {
    let Some(info) = schema.info(field) else {
        return String::new();
    };
    if let Some(own) = schema.field(field).and_then(|f| f.label.clone()) {
        return own;
    }
    let parent = info
        .parent
        .and_then(|p| schema.field(p))
        .and_then(|p| p.label.as_deref().map(phrase));
    match (parent, schema.field(field)) {
        (Some(parent), Some(f)) => format!("{} in {parent}", f.name.replace('_', " ")),
        _ => info.path.clone(),
    }
}

fn lookup<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    let mut at = record;
    for s in path.split('.') {
        at = at.get(s)?;
    }
    (!at.is_null()).then_some(at)
}

/// A label inside a sentence: "Date of birth" becomes "date of birth"; "ZIP code",
/// "CrestMiles number" and "Marlowe Rewards member" stay as they are.
pub fn phrase(label: &str) -> String {
    let mut words = label.split(' ');
    let first = words.next().unwrap_or("");
    let second_lower = words
        .next()
        .is_none_or(|w| w.chars().next().is_none_or(|c| !c.is_uppercase()));
    let mut chars = first.chars();
    let plain_capital = chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_lowercase() || !c.is_alphabetic());
    if plain_capital && second_lower {
        let mut out = String::new();
        let mut letters = label.chars();
        if let Some(c) = letters.next() {
            out.extend(c.to_lowercase());
        }
        out.extend(letters);
        out
    } else {
        label.to_string()
    }
}

/// Whether a condition of either policy reads `path` through `function`.
fn read_through(old: &Ir, new: &Ir, path: &str, function: Function) -> bool {
    fn operand(op: &Operand, path: &str, function: Function) -> bool {
        match op {
            Operand::Call { function: f, arg } => {
                (*f == function && matches!(arg.as_ref(), Operand::Field { path: p } if p == path))
                    || operand(arg, path, function)
            }
            _ => false,
        }
    }
    fn condition(c: &Condition, path: &str, function: Function) -> bool {
        match &c.kind {
            ConditionKind::Not { arg } => condition(arg, path, function),
            ConditionKind::And { args } | ConditionKind::Or { args } => {
                args.iter().any(|a| condition(a, path, function))
            }
            ConditionKind::Compare { left, right, .. } => {
                operand(left, path, function) || operand(right, path, function)
            }
            ConditionKind::In { operand: op, .. } => operand(op, path, function),
            _ => false,
        }
    }
    [old, new].iter().any(|ir| {
        ir.recipients.iter().any(|r| {
            r.shares
                .iter()
                .flat_map(|s| [&s.when, &s.unless])
                .chain(r.nevers.iter().flat_map(|n| [&n.when, &n.unless]))
                .flatten()
                .any(|c| condition(c, path, function))
        })
    })
}

fn value_fact(
    space: &Space<'_>,
    old: &Ir,
    new: &Ir,
    field: FieldId,
    witness: &Witness,
) -> Option<String> {
    let path = path_of(space, field);
    let label = phrase(&label_of(space, field));
    let ty = &space.schema().field(field)?.ty;
    let Some(value) = lookup(&witness.record, &path) else {
        return Some(format!("with no {label} on file"));
    };
    Some(match (ty, value) {
        (FieldType::Bool, Value::Bool(b)) => yes_no(&label_of(space, field), &path, *b),
        (FieldType::Date, Value::String(s)) => {
            let date = crate::dates::parse_date(s).ok()?;
            if read_through(old, new, &path, Function::Age) {
                let age = crate::dates::age(date, witness.as_of);
                format!("aged {age} (born {s})")
            } else if read_through(old, new, &path, Function::DaysSince) {
                let days = crate::dates::days_since(date, witness.as_of);
                format!("whose {label} is {s} ({days} days earlier)")
            } else {
                format!("whose {label} is {s}")
            }
        }
        (FieldType::List { .. }, Value::Array(items)) => match items.len() {
            0 => format!("with no entries in {label}"),
            1 => format!("with 1 entry in {label}"),
            n => format!("with {n} entries in {label}"),
        },
        (_, v) => format!("whose {label} is {v}"),
    })
}

/// A yes/no fact: a label that reads as what the customer did ("agreed that ...", "asked us
/// ...", "opted out ...") becomes "who agreed ..." or "who has not agreed ..."; any other is
/// quoted with yes or no.
fn yes_no(label: &str, path: &str, value: bool) -> String {
    let first = label.split(' ').next().unwrap_or("");
    let deed = first.ends_with("ed") && first.chars().all(char::is_lowercase) && first.len() > 3;
    if deed {
        if value {
            format!("who {label}")
        } else {
            format!("who has not {label}")
        }
    } else if label == path {
        format!("whose `{path}` is {value}")
    } else {
        format!("“{label}”: {}", if value { "yes" } else { "no" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_inside_sentences() {
        assert_eq!(phrase("Date of birth"), "date of birth");
        assert_eq!(phrase("ZIP code"), "ZIP code");
        assert_eq!(phrase("CrestMiles number"), "CrestMiles number");
        assert_eq!(phrase("Marlowe Rewards member"), "Marlowe Rewards member");
        assert_eq!(phrase("Email address"), "email address");
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(
            yes_no(
                "agreed that we may sell contact details",
                "consent.sale",
                true
            ),
            "who agreed that we may sell contact details"
        );
        assert_eq!(
            yes_no(
                "asked us not to sell or share their data",
                "do_not_sell",
                false
            ),
            "who has not asked us not to sell or share their data"
        );
        assert_eq!(
            yes_no(
                "Holds the CrestMiles Visa card",
                "cobrand_card.holder",
                false
            ),
            "“Holds the CrestMiles Visa card”: no"
        );
    }
}
