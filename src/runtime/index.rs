//! Lookups over the record declaration: fields by path, and the leaf fields in order.

use std::collections::HashMap;

use crate::ir::{Field, RecordSchema};

/// The record's fields by dotted path, and its leaves in declaration order.
#[derive(Clone, Debug, Default)]
pub struct FieldIndex {
    top: Vec<Field>,
    fields: HashMap<String, Field>,
    leaves: Vec<String>,
    positions: HashMap<String, usize>,
    through_list: HashMap<String, bool>,
}

impl FieldIndex {
    pub fn new(schema: &RecordSchema) -> Self {
        let mut index = FieldIndex {
            top: schema.fields.clone(),
            ..FieldIndex::default()
        };
        index.add(&schema.fields, false);
        index.positions = index
            .leaves
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i))
            .collect();
        index
    }

    fn add(&mut self, fields: &[Field], in_list: bool) {
        for field in fields {
            self.fields.insert(field.path.clone(), field.clone());
            self.through_list.insert(field.path.clone(), in_list);
            if field.ty.is_leaf() {
                self.leaves.push(field.path.clone());
            } else {
                let inner_list = in_list || matches!(field.ty, crate::ir::FieldType::List { .. });
                self.add(field.ty.children(), inner_list);
            }
        }
    }

    /// The top-level fields, in declaration order.
    pub fn top_level(&self) -> &[Field] {
        &self.top
    }

    pub fn get(&self, path: &str) -> Option<&Field> {
        self.fields.get(path)
    }

    /// Every leaf field, in declaration order.
    pub fn leaves(&self) -> &[String] {
        &self.leaves
    }

    /// A leaf's position in declaration order.
    pub fn position(&self, leaf: &str) -> Option<usize> {
        self.positions.get(leaf).copied()
    }

    /// Whether a field sits inside a list.
    pub fn through_list(&self, path: &str) -> bool {
        self.through_list.get(path).copied().unwrap_or(false)
    }

    /// The label a person reads, or the path.
    pub fn label<'a>(&'a self, path: &'a str) -> &'a str {
        self.get(path)
            .and_then(|f| f.label.as_deref())
            .unwrap_or(path)
    }
}
