//! A record parsed onto the tape, as conditions read it: the fast path's [`Record`], so that it
//! is evaluated by the one evaluator (`semantics::eval`) like every other record.

use std::borrow::Cow;

use super::parse::{Slot, Tape};
use crate::ir::{FieldType, Num};
use crate::semantics::eval::Record;
use crate::semantics::schema::{FieldId, Schema};
use crate::semantics::value::Val;

/// How a field's slot reads as a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Read {
    Text,
    Number,
    Bool,
    Date,
    List,
    /// An object: present or not, but no value.
    Object,
}

/// Where each field of the declaration sits on the tape, by [`FieldId`].
#[derive(Clone, Debug, Default)]
pub struct Fields {
    /// Per field: its position at each level from the top, and how it reads; `None` for
    /// fields inside lists, which conditions cannot read.
    places: Vec<Option<(Vec<u32>, Read)>>,
}

impl Fields {
    /// The places of every field that conditions can read.
    pub fn new(schema: &Schema) -> Option<Fields> {
        let mut places = Vec::new();
        for id in schema.ids() {
            let info = schema.info(id)?;
            if info.through_list {
                places.push(None);
                continue;
            }
            let steps = info
                .steps
                .iter()
                .map(|s| u32::try_from(*s).ok())
                .collect::<Option<Vec<u32>>>()?;
            let read = match &schema.field(id)?.ty {
                FieldType::Text | FieldType::Enum { .. } => Read::Text,
                FieldType::Number | FieldType::Integer => Read::Number,
                FieldType::Bool => Read::Bool,
                FieldType::Date => Read::Date,
                FieldType::List { .. } => Read::List,
                FieldType::Object { .. } => Read::Object,
            };
            places.push(Some((steps, read)));
        }
        Some(Fields { places })
    }
}

/// One parsed record.
#[derive(Clone, Copy, Debug)]
pub struct TapeRecord<'a> {
    pub tape: &'a Tape,
    pub bytes: &'a [u8],
    pub fields: &'a Fields,
}

impl<'a> TapeRecord<'a> {
    /// The slot of a field, or `None` when it (or an object it is in) is absent or null.
    fn slot(&self, steps: &[u32]) -> Option<&'a Slot> {
        let mut base = 0u32;
        let mut found = None;
        for (depth, step) in steps.iter().enumerate() {
            let slot = self.tape.slot(base + step)?;
            if depth + 1 < steps.len() {
                match slot {
                    Slot::Obj(b) => base = *b,
                    _ => return None,
                }
            }
            found = Some(slot);
        }
        found.filter(|s| !matches!(s, Slot::Absent | Slot::Null))
    }

    fn place(&self, field: FieldId) -> Option<&'a (Vec<u32>, Read)> {
        self.fields.places.get(field.index())?.as_ref()
    }
}

impl Record for TapeRecord<'_> {
    #[inline]
    fn value(&self, field: FieldId) -> Option<Val<'_>> {
        let (steps, read) = self.place(field)?;
        let slot = self.slot(steps)?;
        match (read, slot) {
            (Read::Text, s) => self
                .tape
                .text(s, self.bytes)
                .map(|t| Val::Text(Cow::Borrowed(t))),
            (Read::Number, Slot::Num(n)) => Num::of_json(n).map(Val::Number),
            (Read::Bool, Slot::Bool(b)) => Some(Val::Bool(*b)),
            (Read::Date, s) => {
                let text = self.tape.text(s, self.bytes)?;
                crate::dates::parse_date(text).ok().map(Val::Date)
            }
            (Read::List, Slot::List(_, n)) => Some(Val::List(*n as usize)),
            _ => None,
        }
    }

    #[inline]
    fn present(&self, field: FieldId) -> bool {
        self.place(field)
            .is_some_and(|(steps, _)| self.slot(steps).is_some())
    }
}
