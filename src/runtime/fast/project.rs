//! Writing a recipient's record straight from the tape: the same bytes the reference path gets
//! by building a `serde_json::Value` and serialising it, without building it.
//!
//! A recipient's grants are compiled once per remembered decision into an [`Emit`] plan that
//! visits only the granted fields. Text without escapes is copied as it was read (serde_json
//! would write it the same way: it contains no quote, backslash or control character);
//! everything else is written by serde_json itself. Transforms go through
//! `semantics::transform::apply`, as in the reference.

use chrono::NaiveDate;
use serde_json::Value;

use super::bits::Bits;
use super::layout::{Node, Shape};
use super::parse::{Slot, Tape};
use crate::ir::Form;

/// One granted field to write: its position among its object's fields, its `"key":`, and
/// what to write.
#[derive(Clone, Debug)]
pub struct Emit {
    index: u32,
    key: Vec<u8>,
    what: What,
}

#[derive(Clone, Debug)]
enum What {
    /// A leaf, raw or transformed.
    Leaf(Option<Form>),
    /// An object: its granted fields.
    Object(Vec<Emit>),
    /// A list of objects (or of lists of objects): how to write each element.
    List(Element),
}

#[derive(Clone, Debug)]
enum Element {
    Object(Vec<Emit>),
    List(Box<Element>),
}

/// Compiles the plan for `grants` (leaf set) and `forms` (per leaf).
pub fn plan(fields: &[Node], grants: &Bits, forms: &[Option<Form>]) -> Vec<Emit> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, node)| node.mask.intersects(grants))
        .filter_map(|(i, node)| {
            let what = match node.leaf {
                Some(leaf) => What::Leaf(
                    forms
                        .get(leaf)
                        .cloned()
                        .flatten()
                        .filter(|f| *f != Form::Raw),
                ),
                None => match &node.kind {
                    Shape::Object(children) => What::Object(plan(children, grants, forms)),
                    Shape::List(element) => What::List(element_plan(element, grants, forms)?),
                    _ => return None,
                },
            };
            Some(Emit {
                index: u32::try_from(i).ok()?,
                key: node.key_json.clone(),
                what,
            })
        })
        .collect()
}

fn element_plan(kind: &Shape, grants: &Bits, forms: &[Option<Form>]) -> Option<Element> {
    match kind {
        Shape::Object(children) => Some(Element::Object(plan(children, grants, forms))),
        Shape::List(inner) => Some(Element::List(Box::new(element_plan(inner, grants, forms)?))),
        _ => None,
    }
}

pub struct Writer<'a> {
    pub tape: &'a Tape,
    pub bytes: &'a [u8],
    pub as_of: NaiveDate,
}

impl Writer<'_> {
    /// Writes the record as the recipient receives it, with a line break; returns false (and
    /// writes nothing) when it receives nothing.
    pub fn record(&self, plan: &[Emit], out: &mut Vec<u8>) -> bool {
        let start = out.len();
        if self.object(plan, 0, out) {
            out.push(b'\n');
            true
        } else {
            out.truncate(start);
            false
        }
    }

    /// Writes `{...}` with the planned fields present in the object whose fields start at
    /// slot `base`; returns false when no field was written (the caller removes the braces).
    fn object(&self, plan: &[Emit], base: u32, out: &mut Vec<u8>) -> bool {
        out.push(b'{');
        let mut written = 0;
        for emit in plan {
            let Some(slot) = self.tape.slot(base + emit.index) else {
                continue;
            };
            if matches!(slot, Slot::Absent | Slot::Null) {
                continue;
            }
            let before = out.len();
            if written > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&emit.key);
            let wrote = match (&emit.what, slot) {
                (What::Leaf(None), slot) => self.raw(slot, out),
                (What::Leaf(Some(form)), slot) => self.transformed(form, slot, out),
                (What::Object(fields), Slot::Obj(b)) => self.object(fields, *b, out),
                (What::List(element), Slot::List(start, count)) => {
                    self.list(element, *start, *count, out)
                }
                _ => false,
            };
            if wrote {
                written += 1;
            } else {
                out.truncate(before);
            }
        }
        out.push(b'}');
        written > 0
    }

    /// A shared list stays a list, even when empty; elements left empty are dropped.
    fn list(&self, element: &Element, start: u32, count: u32, out: &mut Vec<u8>) -> bool {
        out.push(b'[');
        let mut written = 0;
        for i in 0..count {
            let Some(item) = self.tape.slot(start + i) else {
                continue;
            };
            let before = out.len();
            if written > 0 {
                out.push(b',');
            }
            let wrote = match (element, item) {
                (Element::Object(fields), Slot::Obj(b)) => self.object(fields, *b, out),
                (Element::List(inner), Slot::List(s, n)) => self.list(inner, *s, *n, out),
                _ => false,
            };
            if wrote {
                written += 1;
            } else {
                out.truncate(before);
            }
        }
        out.push(b']');
        true
    }

    /// A value as it was read.
    fn raw(&self, slot: &Slot, out: &mut Vec<u8>) -> bool {
        match slot {
            Slot::Str(start, len) => {
                let range = *start as usize..(*start as usize + *len as usize);
                match self.bytes.get(range) {
                    Some(text) => {
                        out.push(b'"');
                        out.extend_from_slice(text);
                        out.push(b'"');
                        true
                    }
                    None => false,
                }
            }
            Slot::Owned(_) => match self.tape.text(slot, self.bytes) {
                Some(text) => serde_json::to_writer(&mut *out, text).is_ok(),
                None => false,
            },
            Slot::Num(n) => serde_json::to_writer(&mut *out, n).is_ok(),
            Slot::Bool(true) => {
                out.extend_from_slice(b"true");
                true
            }
            Slot::Bool(false) => {
                out.extend_from_slice(b"false");
                true
            }
            Slot::List(start, count) => {
                out.push(b'[');
                for i in 0..*count {
                    if i > 0 {
                        out.push(b',');
                    }
                    if let Some(item) = self.tape.slot(start + i) {
                        self.raw(item, out);
                    }
                }
                out.push(b']');
                true
            }
            Slot::Absent | Slot::Null | Slot::Obj(_) => false,
        }
    }

    fn transformed(&self, form: &Form, slot: &Slot, out: &mut Vec<u8>) -> bool {
        let value = match slot {
            Slot::Num(n) => Value::Number(n.clone()),
            other => match self.tape.text(other, self.bytes) {
                Some(text) => Value::String(text.to_string()),
                None => return false,
            },
        };
        match crate::semantics::transform::apply(form, &value, self.as_of) {
            Some(result) => serde_json::to_writer(&mut *out, &result).is_ok(),
            None => false,
        }
    }
}

/// Writes a record's key as the reference path does (`null` if it cannot be read).
pub fn write_key(tape: &Tape, bytes: &[u8], key: Option<usize>, out: &mut Vec<u8>) {
    let slot = key
        .and_then(|i| u32::try_from(i).ok())
        .and_then(|i| tape.slot(i));
    let written = match slot {
        Some(slot @ (Slot::Str(..) | Slot::Owned(_) | Slot::Num(_) | Slot::Bool(_))) => {
            let probe = Writer {
                tape,
                bytes,
                as_of: NaiveDate::MIN,
            };
            probe.raw(slot, out)
        }
        _ => false,
    };
    if !written {
        out.extend_from_slice(b"null");
    }
}
