//! Writing a recipient's record straight from the tape: the same bytes the reference path gets
//! by building a `serde_json::Value` and serialising it, without building it.
//!
//! Text without escapes is copied as it was read (serde_json would write it the same way: it
//! contains no quote, backslash or control character); everything else is written by
//! serde_json itself. Transforms go through `runtime::transform::apply`, as in the reference.

use chrono::NaiveDate;
use serde_json::Value;

use super::bits::Bits;
use super::parse::{Slot, Tape};
use super::schema::{Kind, Node};
use crate::ir::Form;

/// What a recipient is granted: the leaves and their forms.
pub struct Grants<'a> {
    pub leaves: Bits,
    /// Per leaf: its form (only read for granted leaves).
    pub forms: &'a [Option<Form>],
}

pub struct Writer<'a> {
    pub tape: &'a Tape,
    pub bytes: &'a [u8],
    pub as_of: NaiveDate,
}

impl Writer<'_> {
    /// Writes the record as the recipient receives it; returns false (and writes nothing) when
    /// it receives nothing.
    pub fn record(&self, fields: &[Node], grants: &Grants<'_>, out: &mut Vec<u8>) -> bool {
        let start = out.len();
        if self.object(fields, 0, grants, out) {
            out.push(b'\n');
            true
        } else {
            out.truncate(start);
            false
        }
    }

    /// Writes `{...}` with the granted fields present in the object whose fields start at
    /// slot `base`; returns false when no field was written (the caller removes the braces).
    fn object(&self, fields: &[Node], base: u32, grants: &Grants<'_>, out: &mut Vec<u8>) -> bool {
        out.push(b'{');
        let mut written = 0;
        for (i, node) in fields.iter().enumerate() {
            if !node.mask.intersects(&grants.leaves) {
                continue;
            }
            let Some(slot) = u32::try_from(i).ok().and_then(|i| self.tape.slot(base + i)) else {
                continue;
            };
            if matches!(slot, Slot::Absent | Slot::Null) {
                continue;
            }
            let before = out.len();
            if written > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&node.key_json);
            if self.value(node, &node.kind, slot, grants, out) {
                written += 1;
            } else {
                out.truncate(before);
            }
        }
        out.push(b'}');
        written > 0
    }

    /// Writes one present value; false when nothing of it is shared.
    fn value(
        &self,
        node: &Node,
        kind: &Kind,
        slot: &Slot,
        grants: &Grants<'_>,
        out: &mut Vec<u8>,
    ) -> bool {
        if let Some(leaf) = node.leaf {
            let form = grants.forms.get(leaf).and_then(Option::as_ref);
            return match form {
                None | Some(Form::Raw) => self.raw(slot, out),
                Some(form) => self.transformed(form, slot, out),
            };
        }
        match (kind, slot) {
            (Kind::Object(children), Slot::Obj(base)) => self.object(children, *base, grants, out),
            (Kind::List(element), Slot::List(start, count)) => {
                // A shared list stays a list, even when empty; elements left empty are dropped.
                out.push(b'[');
                let mut written = 0;
                for i in 0..*count {
                    let Some(item) = self.tape.slot(start + i) else {
                        continue;
                    };
                    let before = out.len();
                    if written > 0 {
                        out.push(b',');
                    }
                    if self.value(node, element, item, grants, out) {
                        written += 1;
                    } else {
                        out.truncate(before);
                    }
                }
                out.push(b']');
                true
            }
            _ => false,
        }
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
        match crate::runtime::transform::apply(form, &value, self.as_of) {
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
        Some(slot @ (Slot::Str(..) | Slot::Owned(_))) => {
            let probe = Writer {
                tape,
                bytes,
                as_of: NaiveDate::MIN,
            };
            probe.raw(slot, out)
        }
        Some(Slot::Num(n)) => serde_json::to_writer(&mut *out, n).is_ok(),
        _ => false,
    };
    if !written {
        out.extend_from_slice(b"null");
    }
}
