//! A parsed JSON record as conditions read it: the [`Record`] of the reference path, `explain`,
//! the examples and the checker.

use std::borrow::Cow;

use serde_json::Value;

use super::eval::Record;
use super::schema::{FieldId, Schema};
use super::value::Val;
use crate::ir::FieldType;

/// A record, already validated against `schema`.
#[derive(Clone, Copy, Debug)]
pub struct JsonRecord<'a> {
    /// The record.
    pub value: &'a Value,
    /// Its declaration.
    pub schema: &'a Schema,
}

/// The value at a dotted path (not through a list), or `None` if it or an object it is inside
/// is absent or `null`.
pub fn lookup<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    let mut value = record;
    for segment in path.split('.') {
        value = value.get(segment)?;
    }
    (!value.is_null()).then_some(value)
}

impl Record for JsonRecord<'_> {
    fn value(&self, field: FieldId) -> Option<Val<'_>> {
        let path = &self.schema.info(field)?.path;
        let value = lookup(self.value, path)?;
        match (&self.schema.field(field)?.ty, value) {
            (FieldType::Text | FieldType::Enum { .. }, Value::String(s)) => {
                Some(Val::Text(Cow::Borrowed(s)))
            }
            (FieldType::Number | FieldType::Integer, Value::Number(n)) => {
                crate::ir::Num::of_json(n).map(Val::Number)
            }
            (FieldType::Bool, Value::Bool(b)) => Some(Val::Bool(*b)),
            (FieldType::Date, Value::String(s)) => crate::dates::parse_date(s).ok().map(Val::Date),
            (FieldType::List { .. }, Value::Array(items)) => Some(Val::List(items.len())),
            _ => None,
        }
    }

    fn present(&self, field: FieldId) -> bool {
        self.schema
            .info(field)
            .is_some_and(|i| lookup(self.value, &i.path).is_some())
    }
}
