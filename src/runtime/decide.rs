//! What one recipient receives from one valid record, and why (LANGUAGE.md section 7, steps
//! 2–4). This is the straightforward reference evaluation over `serde_json::Value`: the audit
//! trail, `explain`, the examples and the differential tests all rest on it.
//!
//! A `share` applies only when its `when` is true and its `unless` is false; a `never` applies
//! unless its `when` is false or its `unless` is true. Unknown never opens a door.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::eval::{Env, Truth};
use super::index::FieldIndex;
use crate::ir::{Field, FieldType, Form, Loc, NeverRule, Recipient, ShareRule};

/// Why a field that a `share` names was not shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Why {
    /// A `never` rule applied.
    Never,
    WhenFalse,
    WhenUnknown,
    UnlessTrue,
    UnlessUnknown,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::Never => "never",
            Why::WhenFalse => "when-false",
            Why::WhenUnknown => "when-unknown",
            Why::UnlessTrue => "unless-true",
            Why::UnlessUnknown => "unless-unknown",
        }
    }

    /// In words, for `explain` and `test`.
    pub fn describe(self) -> &'static str {
        match self {
            Why::Never => "a `never share` rule applies",
            Why::WhenFalse => "its `when` condition is false",
            Why::WhenUnknown => "its `when` condition is unknown (a field it reads is missing)",
            Why::UnlessTrue => "its `unless` condition is true",
            Why::UnlessUnknown => "its `unless` condition is unknown (a field it reads is missing)",
        }
    }
}

/// A field present in the record that a `share` names but the recipient does not get.
#[derive(Clone, Debug, PartialEq)]
pub struct Withheld {
    pub field: String,
    pub why: Why,
    /// The rule that withheld it: the `never`, or the `share` whose condition did not hold.
    pub rule: Loc,
}

/// What one recipient gets from one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The record as the recipient receives it; `None` when it receives nothing.
    pub output: Option<Value>,
    /// Leaf fields in the output and their forms, in declaration order.
    pub shared: Vec<(String, Form)>,
    /// Leaf fields present in the record that a `share` names but that are not in the output.
    pub withheld: Vec<Withheld>,
}

impl Outcome {
    pub fn receives(&self) -> bool {
        self.output.is_some()
    }
}

/// Whether a share rule applies, and why not when it does not.
pub fn share_applies(rule: &ShareRule, env: &Env<'_>) -> Result<(), Why> {
    let when = rule.when.as_ref().map_or(Truth::True, |c| env.eval(c));
    match when {
        Truth::True => {}
        Truth::False => return Err(Why::WhenFalse),
        Truth::Unknown => return Err(Why::WhenUnknown),
    }
    match rule.unless.as_ref().map_or(Truth::False, |c| env.eval(c)) {
        Truth::False => Ok(()),
        Truth::True => Err(Why::UnlessTrue),
        Truth::Unknown => Err(Why::UnlessUnknown),
    }
}

/// Whether a never rule applies: unless its `when` is false or its `unless` is true.
pub fn never_applies(rule: &NeverRule, env: &Env<'_>) -> bool {
    let when = rule.when.as_ref().map_or(Truth::True, |c| env.eval(c));
    let unless = rule.unless.as_ref().map_or(Truth::False, |c| env.eval(c));
    when != Truth::False && unless != Truth::True
}

/// Whether `a` comes before `b` in the policy file. Reasons cite the first rule in the file,
/// so that the audit trail does not depend on the order rules are stored in.
fn earlier(a: &Loc, b: &Loc) -> bool {
    (a.line, a.column) < (b.line, b.column)
}

/// What a recipient's rules decide for one record, before its values are projected.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution<'r> {
    /// Per leaf (declaration order): the form it is granted in, if an applicable `share`
    /// names it and no applicable `never` removes it (whether or not the record holds it).
    pub grants: Vec<Option<&'r Form>>,
    /// Granted leaves that the record holds, with their forms, in declaration order.
    pub shared: Vec<(String, Form)>,
    pub withheld: Vec<Withheld>,
}

/// Resolves a recipient's rules given whether each `share` applies (or why not), whether each
/// `never` applies, and which leaves the record holds. Both the reference evaluation and the
/// fast path (`crate::runtime::fast`) go through here, so they cannot disagree on the rules.
pub fn resolve<'r>(
    recipient: &'r Recipient,
    fields: &FieldIndex,
    shares: &[Result<(), Why>],
    nevers: &[bool],
    present: &dyn Fn(usize) -> bool,
) -> Resolution<'r> {
    let leaves = fields.leaves().len();
    // Leaves granted by an applicable share, with their form.
    let mut granted: Vec<Option<&Form>> = vec![None; leaves];
    // Leaves named by a share that does not apply: the first such rule and why.
    let mut refused: Vec<Option<(Why, &Loc)>> = vec![None; leaves];
    for (rule, applies) in recipient.shares.iter().zip(shares) {
        for item in &rule.items {
            for leaf in &item.fields {
                let Some(pos) = fields.position(leaf) else {
                    continue;
                };
                match applies {
                    Ok(()) => {
                        if let Some(slot @ None) = granted.get_mut(pos) {
                            *slot = Some(&item.form);
                        }
                    }
                    Err(why) => {
                        if let Some(slot) = refused.get_mut(pos) {
                            if slot.is_none_or(|(_, loc)| earlier(&rule.loc, loc)) {
                                *slot = Some((*why, &rule.loc));
                            }
                        }
                    }
                }
            }
        }
    }
    // Leaves removed by an applicable never: the first such rule in the file.
    let mut removed: Vec<Option<&Loc>> = vec![None; leaves];
    for (rule, applies) in recipient.nevers.iter().zip(nevers) {
        if !applies {
            continue;
        }
        for leaf in &rule.fields {
            if let Some(slot) = fields.position(leaf).and_then(|p| removed.get_mut(p)) {
                if slot.is_none_or(|loc| earlier(&rule.loc, loc)) {
                    *slot = Some(&rule.loc);
                }
            }
        }
    }
    let mut grants: Vec<Option<&Form>> = vec![None; leaves];
    let mut shared = Vec::new();
    let mut withheld = Vec::new();
    for (pos, leaf) in fields.leaves().iter().enumerate() {
        let form = granted.get(pos).copied().flatten();
        let removed_by = removed.get(pos).copied().flatten();
        if let (Some(form), None) = (form, removed_by) {
            if let Some(slot) = grants.get_mut(pos) {
                *slot = Some(form);
            }
        }
        if !present(pos) {
            continue;
        }
        match (form, removed_by) {
            (Some(_), Some(loc)) => withheld.push(Withheld {
                field: leaf.clone(),
                why: Why::Never,
                rule: loc.clone(),
            }),
            (Some(form), None) => shared.push((leaf.clone(), form.clone())),
            (None, _) => {
                if let Some((why, loc)) = refused.get(pos).copied().flatten() {
                    withheld.push(Withheld {
                        field: leaf.clone(),
                        why,
                        rule: loc.clone(),
                    });
                }
            }
        }
    }
    Resolution {
        grants,
        shared,
        withheld,
    }
}

/// Decides what `recipient` receives from a valid `record`.
pub fn decide(
    recipient: &Recipient,
    fields: &FieldIndex,
    record: &Value,
    as_of: NaiveDate,
) -> Outcome {
    let env = Env {
        record,
        fields,
        as_of,
    };
    let shares: Vec<Result<(), Why>> = recipient
        .shares
        .iter()
        .map(|rule| share_applies(rule, &env))
        .collect();
    let nevers: Vec<bool> = recipient
        .nevers
        .iter()
        .map(|rule| never_applies(rule, &env))
        .collect();
    let present = present_leaves(fields, record);
    let resolution = resolve(recipient, fields, &shares, &nevers, &|pos| {
        fields
            .leaves()
            .get(pos)
            .is_some_and(|leaf| present.contains(leaf.as_str()))
    });
    let grants: HashMap<&str, &Form> = fields
        .leaves()
        .iter()
        .zip(&resolution.grants)
        .filter_map(|(leaf, form)| Some((leaf.as_str(), (*form)?)))
        .collect();
    let output = match record {
        Value::Object(object) => {
            project_fields(fields.top_level().iter().collect(), object, &grants, as_of)
                .map(Value::Object)
        }
        _ => None,
    };
    let mut shared = resolution.shared;
    if output.is_none() {
        shared.clear();
    }
    Outcome {
        output,
        shared,
        withheld: resolution.withheld,
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
    fields: &'f FieldIndex,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Condition, ConditionKind, Loc, NeverScope};

    fn loc() -> Loc {
        Loc {
            file: "t.share".into(),
            line: 1,
            column: 1,
            span: Default::default(),
        }
    }

    /// A condition with the given value on an empty record of one optional bool field `b`:
    /// true and false are constants; unknown reads the missing field.
    fn cond(t: Truth) -> Condition {
        match t {
            Truth::True => ConditionKind::Constant { value: true }.into(),
            Truth::False => ConditionKind::Constant { value: false }.into(),
            Truth::Unknown => ConditionKind::IsTrue { field: "b".into() }.into(),
        }
    }

    fn env_fields() -> FieldIndex {
        FieldIndex::new(&crate::ir::RecordSchema {
            name: "r".into(),
            key: None,
            fields: vec![crate::ir::Field {
                name: "b".into(),
                path: "b".into(),
                ty: crate::ir::FieldType::Bool,
                optional: true,
                tags: vec![],
                label: None,
                loc: loc(),
            }],
        })
    }

    /// Runs `f` with an environment over an empty record.
    fn with_env(f: impl FnOnce(&Env<'_>)) {
        let fields = env_fields();
        let record = serde_json::json!({});
        f(&Env {
            record: &record,
            fields: &fields,
            as_of: chrono::NaiveDate::MIN,
        });
    }

    const ALL: [Option<Truth>; 4] = [
        None,
        Some(Truth::True),
        Some(Truth::False),
        Some(Truth::Unknown),
    ];

    #[test]
    fn a_share_applies_only_when_its_when_is_true_and_its_unless_false() {
        with_env(|env| {
            for when in ALL {
                for unless in ALL {
                    let rule = ShareRule {
                        text: String::new(),
                        items: vec![],
                        when: when.map(cond),
                        unless: unless.map(cond),
                        allows: vec![],
                        loc: loc(),
                    };
                    let expected =
                        match (when.unwrap_or(Truth::True), unless.unwrap_or(Truth::False)) {
                            (Truth::True, Truth::False) => Ok(()),
                            (Truth::False, _) => Err(Why::WhenFalse),
                            (Truth::Unknown, _) => Err(Why::WhenUnknown),
                            (Truth::True, Truth::True) => Err(Why::UnlessTrue),
                            (Truth::True, Truth::Unknown) => Err(Why::UnlessUnknown),
                        };
                    assert_eq!(
                        share_applies(&rule, env),
                        expected,
                        "when {when:?} unless {unless:?}"
                    );
                }
            }
        });
    }

    #[test]
    fn a_never_applies_unless_its_when_is_false_or_its_unless_true() {
        with_env(|env| {
            for when in ALL {
                for unless in ALL {
                    let rule = NeverRule {
                        text: String::new(),
                        scope: NeverScope::Policy,
                        fields: vec![],
                        when: when.map(cond),
                        unless: unless.map(cond),
                        allows: vec![],
                        loc: loc(),
                    };
                    let expected = when != Some(Truth::False) && unless != Some(Truth::True);
                    assert_eq!(
                        never_applies(&rule, env),
                        expected,
                        "when {when:?} unless {unless:?}"
                    );
                }
            }
        });
    }
}
