//! What one recipient receives from one valid record, and why (LANGUAGE.md section 7, steps
//! 2–4). This is the straightforward reference evaluation over `serde_json::Value`: the audit
//! trail, `explain`, the examples and the differential tests all rest on it. Whether each rule
//! applies, and what the rules grant together, is decided by `semantics::decision`; this
//! module projects the record onto what is granted.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::Runtime;
use crate::ir::{Field, FieldType, Form};
use crate::semantics::decision::resolve;
use crate::semantics::eval::Memo;
use crate::semantics::record::JsonRecord;
use crate::semantics::schema::Schema;

pub use crate::semantics::decision::{Why, Withheld};

/// What one recipient gets from one record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The record as the recipient receives it; `None` when it receives nothing.
    pub output: Option<Value>,
    /// Leaf fields in the output and their forms, in declaration order.
    pub shared: Vec<(String, Form)>,
    /// Leaf fields present in the record that a `share` names but that are not in the output.
    pub withheld: Vec<Withheld>,
}

impl Outcome {
    /// Whether the recipient receives anything.
    pub fn receives(&self) -> bool {
        self.output.is_some()
    }
}

/// What one recipient's rules decide for one valid record: whether each rule applies, and
/// what it receives.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// Whether each `share` rule applies, or why not (IR order).
    pub shares: Vec<Result<(), Why>>,
    /// Whether each `never` rule applies (IR order).
    pub nevers: Vec<bool>,
    /// What the recipient receives.
    pub outcome: Outcome,
}

/// Decides what recipient `index` of `runtime` receives from a valid `record`; `memo` holds
/// the conditions already evaluated for this record.
pub fn decide(runtime: &Runtime, index: usize, record: &Value, memo: &mut Memo) -> Decision {
    let schema = runtime.schema();
    let as_of = runtime.as_of();
    let mut shares = Vec::new();
    let mut nevers = Vec::new();
    let view = JsonRecord {
        value: record,
        schema,
    };
    runtime
        .rules()
        .statuses(index, &view, as_of, memo, &mut shares, &mut nevers);
    let Some(recipient) = runtime.ir().recipients.get(index) else {
        return Decision {
            shares,
            nevers,
            outcome: Outcome::default(),
        };
    };
    let present = present_leaves(schema, record);
    let resolution = resolve(recipient, schema, &shares, &nevers, &|pos| {
        schema
            .leaves()
            .get(pos)
            .is_some_and(|leaf| present.contains(leaf.as_str()))
    });
    let grants: HashMap<&str, &Form> = schema
        .leaves()
        .iter()
        .zip(&resolution.grants)
        .filter_map(|(leaf, form)| Some((leaf.as_str(), (*form)?)))
        .collect();
    let output = match record {
        Value::Object(object) => {
            project_fields(schema.top_level().iter().collect(), object, &grants, as_of)
                .map(Value::Object)
        }
        _ => None,
    };
    let mut shared = resolution.shared;
    if output.is_none() {
        shared.clear();
    }
    Decision {
        shares,
        nevers,
        outcome: Outcome {
            output,
            shared,
            withheld: resolution.withheld,
        },
    }
}

fn project_fields(
    fields: Vec<&Field>,
    object: &Map<String, Value>,
    grants: &HashMap<&str, &Form>,
    as_of: NaiveDate,
) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    for field in fields {
        let Some(value) = object.get(&field.name).filter(|v| !v.is_null()) else {
            continue;
        };
        if let Some(projected) = project_value(field, &field.ty, value, grants, as_of) {
            out.insert(field.name.clone(), projected);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Projects one present value of `field` (or of an element of it, with type `ty`).
fn project_value(
    field: &Field,
    ty: &FieldType,
    value: &Value,
    grants: &HashMap<&str, &Form>,
    as_of: NaiveDate,
) -> Option<Value> {
    if ty.is_leaf() {
        let form = grants.get(field.path.as_str())?;
        return crate::semantics::transform::apply(form, value, as_of);
    }
    match (ty, value) {
        (FieldType::Object { fields }, Value::Object(object)) => {
            project_fields(fields.iter().collect(), object, grants, as_of).map(Value::Object)
        }
        (FieldType::List { element }, Value::Array(items)) => {
            if !grants_any_under(field, grants) {
                return None;
            }
            // A shared list stays a list, even when empty; elements left empty are dropped.
            Some(Value::Array(
                items
                    .iter()
                    .filter(|item| !item.is_null())
                    .filter_map(|item| project_value(field, element, item, grants, as_of))
                    .collect(),
            ))
        }
        _ => None,
    }
}

fn grants_any_under(field: &Field, grants: &HashMap<&str, &Form>) -> bool {
    let prefix = format!("{}.", field.path);
    grants
        .keys()
        .any(|g| *g == field.path || g.starts_with(&prefix))
}

/// The leaf fields that hold at least one value in `record` (for a list of objects: in at
/// least one element; a list of plain values counts when it is there, even empty).
pub fn present_leaves<'f>(
    fields: &'f Schema,
    record: &Value,
) -> std::collections::HashSet<&'f str> {
    fields
        .leaves()
        .iter()
        .map(String::as_str)
        .filter(|leaf| has_value(record, &leaf.split('.').collect::<Vec<_>>()))
        .collect()
}

fn has_value(value: &Value, path: &[&str]) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) if !path.is_empty() => items.iter().any(|i| has_value(i, path)),
        _ => match path.split_first() {
            None => true,
            Some((first, rest)) => value.get(first).is_some_and(|v| has_value(v, rest)),
        },
    }
}
