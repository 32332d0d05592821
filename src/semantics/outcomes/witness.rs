//! Turning a point into a complete, valid JSON record and its evaluation date.
//!
//! The record starts as one of the realistic records the caller gives (`crate::sample` makes
//! them; this layer does not depend on it), on the point's evaluation date; then every choice
//! of the point is written into it: fields the point says are missing are removed, fields it
//! says are there are filled (from the other records given, or the smallest valid value), values
//! are set, lists get the length the point chose. Where the record's own value is worth the same
//! to every condition as the point's (another text no condition names, another age within the
//! same band), it stays: the record reads like a customer's, not like a test.

use chrono::NaiveDate;
use serde_json::{Number, Value};

use super::super::schema::FieldId;
use super::super::value::Val;
use super::{Cell, Dimension, Point, Space};
use crate::ir::{Field, FieldType};

/// A made-up record and the evaluation date it is decided on.
#[derive(Clone, Debug, PartialEq)]
pub struct Witness {
    /// The evaluation date (`--as-of`).
    pub as_of: NaiveDate,
    /// The record.
    pub record: Value,
}

/// Realistic records to borrow values from.
struct Pool<'r> {
    records: &'r [Value],
    date: NaiveDate,
}

impl Pool<'_> {
    /// A realistic value for a field (not inside a list), or a made-up one.
    fn value(&self, field: &Field, segments: &[&str]) -> Value {
        self.records
            .iter()
            .filter_map(|r| lookup(r, segments))
            .find(|v| !v.is_null() && !is_empty_list(v))
            .cloned()
            .unwrap_or_else(|| synth(&field.ty, self.date))
    }

    /// A realistic element of a list of objects (or of plain values).
    fn element(&self, field: &Field, segments: &[&str]) -> Value {
        let element = match &field.ty {
            FieldType::List { element } => element.as_ref(),
            other => other,
        };
        self.records
            .iter()
            .filter_map(|r| lookup(r, segments))
            .filter_map(Value::as_array)
            .flat_map(|items| items.iter())
            .next()
            .cloned()
            .unwrap_or_else(|| synth(element, self.date))
    }
}

fn is_empty_list(v: &Value) -> bool {
    v.as_array().is_some_and(Vec::is_empty)
}

/// The smallest valid value of a type: optional fields left out.
fn synth(ty: &FieldType, date: NaiveDate) -> Value {
    match ty {
        FieldType::Text => Value::String("example".into()),
        FieldType::Number | FieldType::Integer => Value::from(1),
        FieldType::Bool => Value::Bool(false),
        FieldType::Date => Value::String(date.format("%Y-%m-%d").to_string()),
        FieldType::Enum { values } => values
            .first()
            .map_or(Value::Null, |v| Value::String(v.clone())),
        FieldType::Object { fields } => Value::Object(
            fields
                .iter()
                .filter(|f| !f.optional)
                .map(|f| (f.name.clone(), synth(&f.ty, date)))
                .collect(),
        ),
        FieldType::List { .. } => Value::Array(Vec::new()),
    }
}

/// The JSON of a value of a field.
pub(super) fn json(value: &Val<'_>) -> Value {
    match value {
        Val::Text(t) => Value::String(t.to_string()),
        Val::Bool(b) => Value::Bool(*b),
        Val::Date(d) => Value::String(d.format("%Y-%m-%d").to_string()),
        Val::Number(n) => match n {
            crate::ir::Num::Int(i) => Value::from(*i),
            crate::ir::Num::UInt(u) => Value::from(*u),
            crate::ir::Num::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        },
        Val::List(_) => Value::Array(Vec::new()),
    }
}

/// Puts an object's keys in declaration order (as a customer export would), undeclared ones
/// last, all the way down.
fn in_declaration_order(value: &mut Value, fields: &[Field]) {
    match value {
        Value::Object(map) => {
            let mut rest = std::mem::take(map);
            for field in fields {
                if let Some(mut v) = rest.shift_remove(&field.name) {
                    in_declaration_order(&mut v, field.ty.children());
                    map.insert(field.name.clone(), v);
                }
            }
            map.extend(rest);
        }
        Value::Array(items) => {
            for item in items {
                in_declaration_order(item, fields);
            }
        }
        _ => {}
    }
}

fn lookup<'v>(record: &'v Value, segments: &[&str]) -> Option<&'v Value> {
    let mut at = record;
    for s in segments {
        at = at.get(*s)?;
    }
    Some(at)
}

impl Space<'_> {
    /// The record a point stands for, on its evaluation date, holding at least the leaves
    /// `show` (which the point must allow to be there). `samples` are realistic valid records
    /// of the declaration on that date: the first is the starting point, the others lend values
    /// for fields it lacks; without any, the smallest valid values are used.
    pub fn realize(&self, point: &Point, show: &[FieldId], samples: &[Value]) -> super::Witness {
        let pool = Pool {
            records: samples,
            date: point.date,
        };
        let mut record = pool.records.first().cloned().unwrap_or_else(|| {
            synth(
                &FieldType::Object {
                    fields: self.schema.top_level().to_vec(),
                },
                point.date,
            )
        });
        // Presence first (outermost first), then values, then the leaves to show.
        for (dim, kind) in self.dims.iter().enumerate().map(|(i, d)| (i, &d.kind)) {
            if let (Dimension::Presence(f), Some(Cell::Present(there))) = (
                kind,
                point
                    .choice(dim)
                    .and_then(|c| self.cells(dim, point.today).get(c)),
            ) {
                if *there {
                    self.ensure(&mut record, *f, &pool);
                } else {
                    self.remove(&mut record, *f);
                }
            }
        }
        for (dim, kind) in self.dims.iter().enumerate().map(|(i, d)| (i, &d.kind)) {
            let Dimension::Values(fields) = kind else {
                continue;
            };
            if point.choice(dim).is_none() {
                continue;
            }
            for f in fields {
                if point.presence(*f) == Some(false) {
                    continue;
                }
                let Some(value) = point.values.get(f.index()).and_then(Option::as_ref) else {
                    continue;
                };
                self.set_value(&mut record, point, *f, value, fields.len() == 1, &pool);
            }
        }
        for leaf in show {
            self.show(&mut record, point, *leaf, &pool);
        }
        in_declaration_order(&mut record, self.schema.top_level());
        super::Witness {
            as_of: point.date,
            record,
        }
    }

    fn segments(&self, field: FieldId) -> Vec<String> {
        self.schema
            .info(field)
            .map(|i| i.path.split('.').map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Makes a field (not inside a list) and the objects above it be there.
    fn ensure(&self, record: &mut Value, field: FieldId, pool: &Pool) {
        for f in self.path(field) {
            let segments = self.segments(f);
            let refs: Vec<&str> = segments.iter().map(String::as_str).collect();
            let Some((last, parents)) = refs.split_last() else {
                continue;
            };
            let Some(Value::Object(map)) = lookup_mut(record, parents) else {
                return;
            };
            if map.get(*last).is_none_or(Value::is_null) {
                if let Some(decl) = self.schema.field(f) {
                    map.insert((*last).to_string(), pool.value(decl, &refs));
                }
            }
        }
    }

    fn remove(&self, record: &mut Value, field: FieldId) {
        let segments = self.segments(field);
        let refs: Vec<&str> = segments.iter().map(String::as_str).collect();
        if let Some((last, parents)) = refs.split_last() {
            if let Some(Value::Object(map)) = lookup_mut(record, parents) {
                map.remove(*last);
            }
        }
    }

    fn set_value(
        &self,
        record: &mut Value,
        point: &Point,
        field: FieldId,
        value: &Val<'static>,
        alone: bool,
        pool: &Pool,
    ) {
        self.ensure(record, field, pool);
        let segments = self.segments(field);
        let refs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let Some(slot) = lookup_mut(record, &refs) else {
            return;
        };
        if let Val::List(n) = value {
            let element = self
                .schema
                .field(field)
                .map(|decl| pool.element(decl, &refs));
            let items = match slot {
                Value::Array(items) => items,
                other => {
                    *other = Value::Array(Vec::new());
                    match other {
                        Value::Array(items) => items,
                        _ => return,
                    }
                }
            };
            items.truncate(*n);
            while items.len() < *n {
                let next = items.first().cloned().or_else(|| element.clone());
                match next {
                    Some(e) => items.push(e),
                    None => break,
                }
            }
            return;
        }
        // Keep the sample's own value where every condition sees it as the point's.
        if alone {
            if let Some(own) = self.read(field, slot) {
                if self.same_to_conditions(point, field, own) {
                    return;
                }
            }
        }
        *slot = json(value);
    }

    /// A JSON value of a field as conditions see it.
    fn read(&self, field: FieldId, value: &Value) -> Option<Val<'static>> {
        let ty = &self.schema.field(field)?.ty;
        Some(match (ty, value) {
            (FieldType::Text | FieldType::Enum { .. }, Value::String(s)) => {
                Val::Text(s.clone().into())
            }
            (FieldType::Number | FieldType::Integer, Value::Number(n)) => {
                Val::Number(crate::ir::Num::of_json(n)?)
            }
            (FieldType::Bool, Value::Bool(b)) => Val::Bool(*b),
            (FieldType::Date, Value::String(s)) => Val::Date(crate::dates::parse_date(s).ok()?),
            _ => return None,
        })
    }

    /// Whether every condition reading `field` takes the same value with `other` in its place.
    fn same_to_conditions(&self, point: &Point, field: FieldId, other: Val<'static>) -> bool {
        let mut changed = point.clone();
        if let Some(slot) = changed.values.get_mut(field.index()) {
            *slot = Some(other);
        }
        self.programs
            .iter()
            .zip(&self.atoms)
            .all(|(program, atoms)| {
                program.ids().all(|id| {
                    let Some(Some(atom)) = atoms.get(id.index()) else {
                        return true;
                    };
                    if !atom.values.contains(&field) {
                        return true;
                    }
                    let mut a = program.memo();
                    let mut b = program.memo();
                    program.eval(id, point, point.date, &mut a)
                        == program.eval(id, &changed, changed.date, &mut b)
                })
            })
    }

    /// Makes a leaf hold a value: the objects above it there, the lists above it not empty,
    /// and the leaf itself in (the first element of) each.
    fn show(&self, record: &mut Value, point: &Point, leaf: FieldId, pool: &Pool) {
        let readable = self.schema.info(leaf).is_some_and(|i| !i.through_list);
        if readable && point.presence(leaf) == Some(false) {
            return;
        }
        // Where we are: keys, and the first element of each list on the way.
        let mut steps: Vec<Option<String>> = Vec::new();
        // Inside a list element: a realistic element to take missing fields from, and the path
        // below it.
        let mut template: Option<Value> = None;
        let mut below: Vec<String> = Vec::new();
        let mut from_top: Vec<String> = Vec::new();
        for f in self.path(leaf) {
            let Some(decl) = self.schema.field(f) else {
                return;
            };
            from_top.push(decl.name.clone());
            below.push(decl.name.clone());
            let top: Vec<&str> = from_top.iter().map(String::as_str).collect();
            let rel: Vec<&str> = below.iter().map(String::as_str).collect();
            let fill = match &template {
                Some(t) => lookup(t, &rel)
                    .filter(|v| !v.is_null())
                    .cloned()
                    .unwrap_or_else(|| synth(&decl.ty, pool.date)),
                None => pool.value(decl, &top),
            };
            let Some(Value::Object(map)) = walk_mut(record, &steps) else {
                return;
            };
            if map.get(&decl.name).is_none_or(Value::is_null) {
                map.insert(decl.name.clone(), fill);
            }
            steps.push(Some(decl.name.clone()));
            if let FieldType::List { element } = &decl.ty {
                let fresh = pool.element(decl, &top);
                let Some(Value::Array(items)) = walk_mut(record, &steps) else {
                    return;
                };
                if items.is_empty() {
                    items.push(fresh.clone());
                }
                if !matches!(element.as_ref(), FieldType::Object { .. }) {
                    return;
                }
                steps.push(None);
                template = Some(fresh);
                below.clear();
            }
        }
    }
}

/// The value at a path of keys and first elements (`None`).
fn walk_mut<'v>(record: &'v mut Value, steps: &[Option<String>]) -> Option<&'v mut Value> {
    let mut at = record;
    for step in steps {
        at = match (step, at) {
            (Some(key), Value::Object(map)) => map.get_mut(key)?,
            (None, Value::Array(items)) => items.first_mut()?,
            _ => return None,
        };
    }
    Some(at)
}

fn lookup_mut<'v>(record: &'v mut Value, segments: &[&str]) -> Option<&'v mut Value> {
    let mut at = record;
    for s in segments {
        at = match at {
            Value::Object(map) => map.get_mut(*s)?,
            _ => return None,
        };
    }
    Some(at)
}
