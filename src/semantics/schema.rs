//! The record declaration indexed once: every fact about a field path that a stage asks.
//!
//! Fields are numbered depth first in declaration order ([`FieldId`]); leaves (what a rule
//! shares as a unit) are also numbered among themselves, in declaration order, which is the
//! order of every output. A path runs through a list when one of the fields above it is a
//! list; conditions cannot read such a path. A field may be missing from a valid record when it
//! or an object it is inside is optional.
//!
//! The checker, the lints, the runtime (both paths) and the commands built on them all ask
//! here; nothing else walks the declaration to answer these questions.

use std::collections::HashMap;

use crate::ir::{Field, FieldType, RecordSchema};

/// A field of the record: its position in depth-first declaration order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(usize);

impl FieldId {
    /// The position, for indexing tables kept per field.
    pub fn index(self) -> usize {
        self.0
    }
}

/// What is known about one declared field.
#[derive(Clone, Debug)]
pub struct FieldInfo {
    /// Its dotted path.
    pub path: String,
    /// Whether it is declared optional (`?`).
    pub optional: bool,
    /// Whether a valid record can lack it: it or an object it is inside is optional, or it is
    /// inside a list (an empty list has no elements to hold it).
    pub may_be_missing: bool,
    /// Whether a list is above it, so that a condition cannot read it.
    pub through_list: bool,
    /// Its number among the leaves, if it is a leaf.
    pub leaf: Option<usize>,
    /// The object or list it is inside.
    pub parent: Option<FieldId>,
    /// Its position at each level from the top (`[2, 0]` for the first field of the third).
    pub steps: Vec<usize>,
}

/// The record declaration, indexed.
#[derive(Clone, Debug)]
pub struct Schema {
    record: RecordSchema,
    infos: Vec<FieldInfo>,
    by_path: HashMap<String, FieldId>,
    leaves: Vec<String>,
    leaf_ids: Vec<FieldId>,
}

impl Schema {
    /// Indexes a declaration.
    pub fn new(record: &RecordSchema) -> Schema {
        let mut schema = Schema {
            record: record.clone(),
            infos: Vec::new(),
            by_path: HashMap::new(),
            leaves: Vec::new(),
            leaf_ids: Vec::new(),
        };
        let mut steps = Vec::new();
        schema.add(&record.fields, None, false, false, &mut steps);
        schema
    }

    fn add(
        &mut self,
        fields: &[Field],
        parent: Option<FieldId>,
        missing_above: bool,
        in_list: bool,
        steps: &mut Vec<usize>,
    ) {
        for (position, field) in fields.iter().enumerate() {
            steps.push(position);
            let id = FieldId(self.infos.len());
            let leaf = field.ty.is_leaf().then_some(self.leaves.len());
            let may_be_missing = missing_above || in_list || field.optional;
            self.infos.push(FieldInfo {
                path: field.path.clone(),
                optional: field.optional,
                may_be_missing,
                through_list: in_list,
                leaf,
                parent,
                steps: steps.clone(),
            });
            self.by_path.insert(field.path.clone(), id);
            if leaf.is_some() {
                self.leaves.push(field.path.clone());
                self.leaf_ids.push(id);
            } else {
                let list = matches!(field.ty, FieldType::List { .. });
                self.add(
                    field.ty.children(),
                    Some(id),
                    may_be_missing,
                    in_list || list,
                    steps,
                );
            }
            steps.pop();
        }
    }

    /// The declaration this indexes.
    pub fn record(&self) -> &RecordSchema {
        &self.record
    }

    /// The top-level fields, in declaration order.
    pub fn top_level(&self) -> &[Field] {
        &self.record.fields
    }

    /// The field at a dotted path.
    pub fn id(&self, path: &str) -> Option<FieldId> {
        self.by_path.get(path).copied()
    }

    /// What is known about a field.
    pub fn info(&self, id: FieldId) -> Option<&FieldInfo> {
        self.infos.get(id.0)
    }

    /// Every field, depth first in declaration order.
    pub fn ids(&self) -> impl Iterator<Item = FieldId> + '_ {
        (0..self.infos.len()).map(FieldId)
    }

    /// The declaration of a field.
    pub fn field(&self, id: FieldId) -> Option<&Field> {
        let steps = &self.infos.get(id.0)?.steps;
        let mut fields = self.record.fields.as_slice();
        let mut found = None;
        for step in steps {
            let field = fields.get(*step)?;
            fields = field.ty.children();
            found = Some(field);
        }
        found
    }

    /// The declaration of the field at a dotted path.
    pub fn get(&self, path: &str) -> Option<&Field> {
        self.field(self.id(path)?)
    }

    /// Every leaf's path, in declaration order.
    pub fn leaves(&self) -> &[String] {
        &self.leaves
    }

    /// Every leaf, in declaration order.
    pub fn leaf_ids(&self) -> &[FieldId] {
        &self.leaf_ids
    }

    /// A leaf's number among the leaves.
    pub fn position(&self, leaf: &str) -> Option<usize> {
        self.info(self.id(leaf)?)?.leaf
    }

    /// Whether a path runs through a list (so a condition cannot read it).
    pub fn through_list(&self, path: &str) -> bool {
        self.id(path)
            .and_then(|id| self.info(id))
            .is_some_and(|i| i.through_list)
    }

    /// Whether a valid record can lack the field; an unknown path is assumed to.
    pub fn may_be_missing(&self, path: &str) -> bool {
        self.id(path)
            .and_then(|id| self.info(id))
            .is_none_or(|i| i.may_be_missing)
    }

    /// Whether the field carries the category `tag` (its own or an enclosing object's).
    pub fn has_tag(&self, path: &str, tag: &str) -> bool {
        self.get(path)
            .is_some_and(|f| f.tags.iter().any(|t| t == tag))
    }

    /// The label a person reads, or the path.
    pub fn label<'a>(&'a self, path: &'a str) -> &'a str {
        self.get(path)
            .and_then(|f| f.label.as_deref())
            .unwrap_or(path)
    }

    /// The key field, if the record declares one.
    pub fn key(&self) -> Option<FieldId> {
        self.id(self.record.key.as_deref()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Loc;

    fn field(name: &str, path: &str, ty: FieldType, optional: bool) -> Field {
        Field {
            name: name.into(),
            path: path.into(),
            ty,
            optional,
            tags: vec!["contact".into()],
            label: None,
            loc: Loc {
                file: "t".into(),
                line: 1,
                column: 1,
                span: Default::default(),
            },
        }
    }

    #[test]
    fn facts_about_nested_fields() {
        let record = RecordSchema {
            name: "r".into(),
            key: Some("id".into()),
            fields: vec![
                field("id", "id", FieldType::Text, false),
                field(
                    "address",
                    "address",
                    FieldType::Object {
                        fields: vec![field("zip", "address.zip", FieldType::Text, false)],
                    },
                    true,
                ),
                field(
                    "visits",
                    "visits",
                    FieldType::List {
                        element: Box::new(FieldType::Object {
                            fields: vec![field("date", "visits.date", FieldType::Date, false)],
                        }),
                    },
                    false,
                ),
            ],
        };
        let schema = Schema::new(&record);
        assert_eq!(schema.leaves(), ["id", "address.zip", "visits.date"]);
        assert_eq!(schema.position("visits.date"), Some(2));
        assert!(schema.may_be_missing("address.zip"));
        assert!(!schema.may_be_missing("id"));
        assert!(schema.through_list("visits.date"));
        assert!(!schema.through_list("visits"));
        assert_eq!(
            schema.get("visits.date").map(|f| &f.ty),
            Some(&FieldType::Date)
        );
        assert_eq!(schema.key(), schema.id("id"));
        assert!(schema.has_tag("address.zip", "contact"));
        assert!(schema.may_be_missing("nothing.here"));
    }
}
