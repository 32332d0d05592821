//! Generators of records for property and differential tests.

#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use shareguard::ir::{Field, FieldType};

pub fn text() -> BoxedStrategy<Value> {
    prop_oneof![
        "[a-zA-Z0-9 @.-]{0,12}".prop_map(Value::from),
        Just(Value::from(" Zoë Ångström ")),
        Just(Value::from("")),
    ]
    .boxed()
}

pub fn date() -> BoxedStrategy<Value> {
    (1920i32..2030, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| Value::from(format!("{y:04}-{m:02}-{d:02}")))
        .boxed()
}

pub fn value_of(ty: &FieldType) -> BoxedStrategy<Value> {
    match ty {
        FieldType::Text => text(),
        FieldType::Number => prop_oneof![
            (-5000i64..5000).prop_map(Value::from),
            (-5000.0f64..5000.0).prop_map(|f| json!((f * 100.0).round() / 100.0)),
        ]
        .boxed(),
        FieldType::Integer => (-5000i64..5000).prop_map(Value::from).boxed(),
        FieldType::Bool => any::<bool>().prop_map(Value::from).boxed(),
        FieldType::Date => date(),
        FieldType::Enum { values } => proptest::sample::select(values.clone())
            .prop_map(Value::from)
            .boxed(),
        FieldType::Object { fields } => object_of(fields),
        FieldType::List { element } => proptest::collection::vec(value_of(element), 0..3)
            .prop_map(Value::Array)
            .boxed(),
    }
}

/// A valid object for `fields`, with optional fields sometimes absent or null and an
/// undeclared key sometimes added.
pub fn object_of(fields: &[Field]) -> BoxedStrategy<Value> {
    let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .map(|f| {
            let name = f.name.clone();
            let value = value_of(&f.ty);
            if f.optional {
                prop_oneof![
                    Just(None),
                    Just(Some((name.clone(), Value::Null))),
                    value.prop_map(move |v| Some((name.clone(), v))),
                ]
                .boxed()
            } else {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            }
        })
        .collect();
    (parts, proptest::option::of(("[a-z_]{1,8}", text())))
        .prop_map(|(parts, extra)| {
            let mut map = Map::new();
            if let Some((k, v)) = extra {
                map.insert(format!("x_{k}"), v);
            }
            for (k, v) in parts.into_iter().flatten() {
                map.insert(k, v);
            }
            Value::Object(map)
        })
        .boxed()
}
