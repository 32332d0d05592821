//! The records both policies accept: one declaration that the two `record` declarations
//! agree on, so that the comparison ranges over records valid under both.
//!
//! A field declared by one policy only is ignored by the other (LANGUAGE.md section 7: keys a
//! record does not declare are never shared), so it keeps its declaration. A field declared by
//! both is required when either requires it; its values are those both accept (an enum's common
//! values, `integer` where the other says `number`, the enum where the other says `text`).
//! Declarations that share no value (`text` against `number`) are a change of the record that
//! the comparison cannot see past: it says so, and is not proved.

use crate::ir::{Field, FieldType, RecordSchema};

/// A difference between the two record declarations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordChange {
    /// The field's path.
    pub field: String,
    /// Its type in the old policy, as written (`None`: not declared).
    pub old: Option<String>,
    /// Its type in the new policy.
    pub new: Option<String>,
    /// Whether no value is valid under both.
    pub incompatible: bool,
}

/// The declaration of the records both policies accept, and how the two differ.
pub fn merge(old: &RecordSchema, new: &RecordSchema) -> (RecordSchema, Vec<RecordChange>) {
    let mut changes = Vec::new();
    let fields = merge_fields(&old.fields, &new.fields, &mut changes);
    (
        RecordSchema {
            name: new.name.clone(),
            key: new.key.clone(),
            fields,
        },
        changes,
    )
}

fn describe(field: &Field) -> String {
    let ty = field.ty.describe();
    if field.optional { format!("{ty}?") } else { ty }
}

fn merge_fields(old: &[Field], new: &[Field], changes: &mut Vec<RecordChange>) -> Vec<Field> {
    let mut out = Vec::new();
    for n in new {
        match old.iter().find(|o| o.name == n.name) {
            Some(o) => out.push(merge_field(o, n, changes)),
            None => {
                changes.push(RecordChange {
                    field: n.path.clone(),
                    old: None,
                    new: Some(describe(n)),
                    incompatible: false,
                });
                out.push(n.clone());
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| n.name == o.name) {
            changes.push(RecordChange {
                field: o.path.clone(),
                old: Some(describe(o)),
                new: None,
                incompatible: false,
            });
            out.push(o.clone());
        }
    }
    out
}

fn merge_field(old: &Field, new: &Field, changes: &mut Vec<RecordChange>) -> Field {
    let mut merged = new.clone();
    merged.optional = old.optional && new.optional;
    let mut inner = Vec::new();
    let ty = merge_type(&old.ty, &new.ty, &mut inner);
    let incompatible = ty.is_none();
    merged.ty = ty.unwrap_or_else(|| new.ty.clone());
    let same_here = old.optional == new.optional && same_shape(&old.ty, &new.ty);
    if !same_here
        && !matches!(
            (&old.ty, &new.ty),
            (FieldType::Object { .. }, FieldType::Object { .. })
        )
    {
        changes.push(RecordChange {
            field: new.path.clone(),
            old: Some(describe(old)),
            new: Some(describe(new)),
            incompatible,
        });
    } else if old.optional != new.optional {
        changes.push(RecordChange {
            field: new.path.clone(),
            old: Some(describe(old)),
            new: Some(describe(new)),
            incompatible: false,
        });
    }
    changes.extend(inner);
    merged
}

/// Whether two types are the same, ignoring labels, tags and places.
fn same_shape(a: &FieldType, b: &FieldType) -> bool {
    match (a, b) {
        (FieldType::Object { fields: x }, FieldType::Object { fields: y }) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(f, g)| {
                    f.name == g.name && f.optional == g.optional && same_shape(&f.ty, &g.ty)
                })
        }
        (FieldType::List { element: x }, FieldType::List { element: y }) => same_shape(x, y),
        (x, y) => x == y,
    }
}

/// The values both types accept, as a type; `None` when there are none.
fn merge_type(
    old: &FieldType,
    new: &FieldType,
    changes: &mut Vec<RecordChange>,
) -> Option<FieldType> {
    Some(match (old, new) {
        (FieldType::Object { fields: o }, FieldType::Object { fields: n }) => FieldType::Object {
            fields: merge_fields(o, n, changes),
        },
        (FieldType::List { element: o }, FieldType::List { element: n }) => FieldType::List {
            element: Box::new(merge_type(o, n, changes)?),
        },
        (FieldType::Enum { values: o }, FieldType::Enum { values: n }) => {
            let values: Vec<String> = n.iter().filter(|v| o.contains(v)).cloned().collect();
            if values.is_empty() {
                return None;
            }
            FieldType::Enum { values }
        }
        (FieldType::Enum { values }, FieldType::Text)
        | (FieldType::Text, FieldType::Enum { values }) => FieldType::Enum {
            values: values.clone(),
        },
        (FieldType::Integer, FieldType::Number) | (FieldType::Number, FieldType::Integer) => {
            FieldType::Integer
        }
        (o, n) if o == n => n.clone(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Loc;

    fn field(name: &str, ty: FieldType, optional: bool) -> Field {
        Field {
            name: name.into(),
            path: name.into(),
            ty,
            optional,
            tags: Vec::new(),
            label: None,
            loc: Loc {
                file: "t".into(),
                line: 1,
                column: 1,
                span: Default::default(),
            },
        }
    }

    fn record(fields: Vec<Field>) -> RecordSchema {
        RecordSchema {
            name: "r".into(),
            key: None,
            fields,
        }
    }

    #[test]
    fn the_same_declaration_merges_to_itself() {
        let r = record(vec![field("a", FieldType::Text, true)]);
        let (merged, changes) = merge(&r, &r);
        assert_eq!(merged, r);
        assert!(changes.is_empty());
    }

    #[test]
    fn common_values_and_stricter_presence() {
        let old = record(vec![
            field(
                "tier",
                FieldType::Enum {
                    values: vec!["a".into(), "b".into()],
                },
                true,
            ),
            field("n", FieldType::Number, false),
        ]);
        let new = record(vec![
            field(
                "tier",
                FieldType::Enum {
                    values: vec!["b".into(), "c".into()],
                },
                false,
            ),
            field("n", FieldType::Integer, false),
            field("x", FieldType::Bool, true),
        ]);
        let (merged, changes) = merge(&old, &new);
        assert_eq!(
            merged.fields[0].ty,
            FieldType::Enum {
                values: vec!["b".into()]
            }
        );
        assert!(!merged.fields[0].optional);
        assert_eq!(merged.fields[1].ty, FieldType::Integer);
        assert_eq!(merged.fields[2].name, "x");
        assert_eq!(changes.len(), 3);
        assert!(changes.iter().all(|c| !c.incompatible));
    }

    #[test]
    fn text_against_number_shares_no_value() {
        let old = record(vec![field("a", FieldType::Text, false)]);
        let new = record(vec![field("a", FieldType::Number, false)]);
        let (_, changes) = merge(&old, &new);
        assert!(changes[0].incompatible);
    }
}
