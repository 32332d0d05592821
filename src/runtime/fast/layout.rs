//! The record declaration compiled for the fast path: nodes in declaration order with their
//! keys pre-escaped, leaf numbers, and for each node the set of leaves under it.

use super::bits::{Bits, CAPACITY};
use crate::ir::{Field, FieldType};
use crate::semantics::schema::Schema;

/// The type of a value, with the nodes of an object's fields.
#[derive(Clone, Debug)]
pub enum Shape {
    Text,
    Number,
    Integer,
    Bool,
    Date,
    Enum(Vec<String>),
    Object(Vec<Node>),
    List(Box<Shape>),
}

/// One declared field.
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    /// `"name":`, escaped as serde_json writes it.
    pub key_json: Vec<u8>,
    pub kind: Shape,
    pub optional: bool,
    /// The leaf number, if the field is a leaf.
    pub leaf: Option<usize>,
    /// For a list of objects: its number among such lists.
    pub list: Option<usize>,
    /// The leaves at or under this field.
    pub mask: Bits,
}

#[derive(Clone, Debug)]
pub struct Layout {
    pub fields: Vec<Node>,
}

impl Layout {
    /// Compiles the declaration; `None` when it has more leaves than the fast path handles.
    pub fn new(fields: &[Field], index: &Schema) -> Option<Layout> {
        if index.leaves().len() > CAPACITY {
            return None;
        }
        let mut lists = 0;
        let nodes = nodes(fields, index, &mut lists)?;
        if lists > CAPACITY {
            return None;
        }
        Some(Layout { fields: nodes })
    }
}

fn nodes(fields: &[Field], index: &Schema, lists: &mut usize) -> Option<Vec<Node>> {
    fields.iter().map(|f| node(f, index, lists)).collect()
}

fn node(field: &Field, index: &Schema, lists: &mut usize) -> Option<Node> {
    let leaf = if field.ty.is_leaf() {
        Some(index.position(&field.path)?)
    } else {
        None
    };
    let list = match &field.ty {
        FieldType::List { .. } if leaf.is_none() => {
            *lists += 1;
            Some(*lists - 1)
        }
        _ => None,
    };
    let kind = kind(&field.ty, index, lists)?;
    let mut mask = Bits::default();
    match leaf {
        Some(l) => mask.set(l),
        None => mask = subtree_mask(&kind),
    }
    let mut key_json = serde_json::to_vec(&field.name).ok()?;
    key_json.push(b':');
    Some(Node {
        name: field.name.clone(),
        key_json,
        kind,
        optional: field.optional,
        leaf,
        list,
        mask,
    })
}

fn kind(ty: &FieldType, index: &Schema, lists: &mut usize) -> Option<Shape> {
    Some(match ty {
        FieldType::Text => Shape::Text,
        FieldType::Number => Shape::Number,
        FieldType::Integer => Shape::Integer,
        FieldType::Bool => Shape::Bool,
        FieldType::Date => Shape::Date,
        FieldType::Enum { values } => Shape::Enum(values.clone()),
        FieldType::Object { fields } => Shape::Object(nodes(fields, index, lists)?),
        FieldType::List { element } => Shape::List(Box::new(kind(element, index, lists)?)),
    })
}

fn subtree_mask(kind: &Shape) -> Bits {
    match kind {
        Shape::Object(children) => children
            .iter()
            .fold(Bits::default(), |acc, c| acc.or(c.mask)),
        Shape::List(element) => subtree_mask(element),
        _ => Bits::default(),
    }
}
