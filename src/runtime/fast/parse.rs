//! One record's bytes → a [`Tape`]: serde_json's streaming deserializer driven by the compiled
//! declaration, without building a `serde_json::Value`.
//!
//! Strings are borrowed from the input where they have no escapes. Every check of the
//! reference path is made (JSON syntax everywhere, no repeated key in any object, types, one-of
//! values, calendar dates, whole numbers, required fields, the nesting limit), but without
//! saying why: a record that fails here is handed to the reference path, which rejects it with
//! the exact message. So the fast path may only ever be stricter, never looser.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use super::bits::Bits;
use super::layout::{Node, Shape};

/// A value on the tape.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    Absent,
    Null,
    /// Text without escapes: a byte range of the record.
    Str(u32, u32),
    /// Text that had escapes: an index into [`Tape::owned`].
    Owned(u32),
    Num(Number),
    Bool(bool),
    /// An object: the index of its first field's slot (fields in declaration order).
    Obj(u32),
    /// A list: the index and count of its elements' slots.
    List(u32, u32),
}

/// The parsed record, reused from record to record.
#[derive(Debug, Default)]
pub struct Tape {
    pub slots: Vec<Slot>,
    pub owned: Vec<String>,
    /// Leaves holding at least one value.
    pub present: Bits,
    /// Lists of objects that are there (not absent, not null), even when empty.
    pub lists: Bits,
}

impl Tape {
    pub fn clear(&mut self) {
        self.slots.clear();
        self.owned.clear();
        self.present = Bits::default();
        self.lists = Bits::default();
    }

    pub fn slot(&self, i: u32) -> Option<&Slot> {
        self.slots.get(i as usize)
    }

    /// The text of a string slot.
    pub fn text<'a>(&'a self, slot: &Slot, bytes: &'a [u8]) -> Option<&'a str> {
        match slot {
            Slot::Str(start, len) => {
                let range = *start as usize..(*start as usize + *len as usize);
                std::str::from_utf8(bytes.get(range)?).ok()
            }
            Slot::Owned(i) => self.owned.get(*i as usize).map(String::as_str),
            _ => None,
        }
    }
}

/// The record did not pass; the reference path will say why.
#[derive(Debug)]
pub struct Invalid;

/// Parses a record onto `tape` (cleared first).
pub fn parse(fields: &[Node], bytes: &[u8], tape: &mut Tape) -> Result<(), Invalid> {
    tape.clear();
    // Checking the whole line's UTF-8 once is cheaper than serde_json checking every string.
    let text = std::str::from_utf8(bytes).map_err(|_| Invalid)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let base = bytes.as_ptr() as usize;
    let seed = ObjectSeed {
        fields,
        tape,
        base,
        len: bytes.len(),
    };
    seed.deserialize(&mut de).map_err(|_| Invalid)?;
    de.end().map_err(|_| Invalid)
}

fn fail<E: de::Error>() -> E {
    E::custom("invalid")
}

struct ObjectSeed<'a> {
    fields: &'a [Node],
    tape: &'a mut Tape,
    base: usize,
    len: usize,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u32, A::Error> {
        let start = self.tape.slots.len();
        let first = u32::try_from(start).map_err(|_| fail::<A::Error>())?;
        self.tape
            .slots
            .extend(std::iter::repeat_n(Slot::Absent, self.fields.len()));
        let mut undeclared: Vec<Cow<'de, str>> = Vec::new();
        // Records usually list their keys in declaration order: try the next field first.
        let mut expected = 0;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let found = match self.fields.get(expected) {
                Some(f) if f.name == key => Some(expected),
                _ => self.fields.iter().position(|f| f.name == key),
            };
            if let Some(i) = found {
                expected = i + 1;
            }
            match found {
                Some(i) => {
                    if self.tape.slots.get(start + i) != Some(&Slot::Absent) {
                        return Err(fail());
                    }
                    let node = self.fields.get(i).ok_or_else(fail::<A::Error>)?;
                    let slot = map.next_value_seed(ValueSeed {
                        node,
                        kind: &node.kind,
                        tape: self.tape,
                        base: self.base,
                        len: self.len,
                    })?;
                    if let Some(place) = self.tape.slots.get_mut(start + i) {
                        *place = slot;
                    }
                }
                None => {
                    if undeclared.contains(&key) {
                        return Err(fail());
                    }
                    undeclared.push(key);
                    map.next_value_seed(StrictIgnore)?;
                }
            }
        }
        for (i, node) in self.fields.iter().enumerate() {
            let missing = matches!(
                self.tape.slots.get(start + i),
                Some(Slot::Absent | Slot::Null) | None
            );
            if missing && !node.optional {
                return Err(fail());
            }
        }
        Ok(first)
    }
}

/// A declared field's value.
struct ValueSeed<'a> {
    node: &'a Node,
    kind: &'a Shape,
    tape: &'a mut Tape,
    base: usize,
    len: usize,
}

impl ValueSeed<'_> {
    fn mark_present(&mut self) {
        if let Some(leaf) = self.node.leaf {
            self.tape.present.set(leaf);
        }
    }

    fn text_slot<E: de::Error>(&mut self, s: &str, borrowed: bool) -> Result<Slot, E> {
        let ok = match self.kind {
            Shape::Text => true,
            Shape::Date => crate::dates::parse_date(s).is_ok(),
            Shape::Enum(values) => values.iter().any(|v| v == s),
            _ => false,
        };
        if !ok {
            return Err(fail());
        }
        self.mark_present();
        let offset = (s.as_ptr() as usize).wrapping_sub(self.base);
        if borrowed && offset <= self.len && s.len() <= self.len - offset {
            let start = u32::try_from(offset).map_err(|_| fail::<E>())?;
            let len = u32::try_from(s.len()).map_err(|_| fail::<E>())?;
            return Ok(Slot::Str(start, len));
        }
        let index = u32::try_from(self.tape.owned.len()).map_err(|_| fail::<E>())?;
        self.tape.owned.push(s.to_string());
        Ok(Slot::Owned(index))
    }

    fn number<E: de::Error>(&mut self, n: Number) -> Result<Slot, E> {
        let ok = match self.kind {
            Shape::Number => true,
            Shape::Integer => n.is_i64(),
            _ => false,
        };
        if !ok {
            return Err(fail());
        }
        self.mark_present();
        Ok(Slot::Num(n))
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Slot;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Slot, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a declared value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Slot, E> {
        Ok(Slot::Null)
    }

    fn visit_bool<E: de::Error>(mut self, v: bool) -> Result<Slot, E> {
        if !matches!(self.kind, Shape::Bool) {
            return Err(fail());
        }
        self.mark_present();
        Ok(Slot::Bool(v))
    }

    fn visit_u64<E: de::Error>(mut self, v: u64) -> Result<Slot, E> {
        self.number(Number::from(v))
    }

    fn visit_i64<E: de::Error>(mut self, v: i64) -> Result<Slot, E> {
        self.number(Number::from(v))
    }

    fn visit_f64<E: de::Error>(mut self, v: f64) -> Result<Slot, E> {
        let n = Number::from_f64(v).ok_or_else(fail::<E>)?;
        self.number(n)
    }

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> Result<Slot, E> {
        self.text_slot(v, true)
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<Slot, E> {
        self.text_slot(v, false)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot, A::Error> {
        let Shape::Object(fields) = self.kind else {
            return Err(fail());
        };
        let seed = ObjectSeed {
            fields,
            tape: self.tape,
            base: self.base,
            len: self.len,
        };
        seed.visit_map(map).map(Slot::Obj)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slot, A::Error> {
        let Shape::List(element) = self.kind else {
            return Err(fail());
        };
        if let Some(leaf) = self.node.leaf {
            self.tape.present.set(leaf);
        }
        if let Some(list) = self.node.list {
            self.tape.lists.set(list);
        }
        let mut items: Vec<Slot> = Vec::new();
        loop {
            let seed = ValueSeed {
                node: self.node,
                kind: element,
                tape: self.tape,
                base: self.base,
                len: self.len,
            };
            match seq.next_element_seed(seed)? {
                Some(Slot::Null) => return Err(fail()),
                Some(item) => items.push(item),
                None => break,
            }
        }
        let start = u32::try_from(self.tape.slots.len()).map_err(|_| fail::<A::Error>())?;
        let count = u32::try_from(items.len()).map_err(|_| fail::<A::Error>())?;
        self.tape.slots.extend(items);
        Ok(Slot::List(start, count))
    }
}

/// An object key, borrowed when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// An undeclared value: checked (syntax, repeated keys, depth) and dropped. (serde's
/// `IgnoredAny` would not notice a repeated key inside an undeclared object.)
struct StrictIgnore;

impl<'de> DeserializeSeed<'de> for StrictIgnore {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictIgnore {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(StrictIgnore)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if keys.contains(&key) {
                return Err(fail());
            }
            keys.push(key);
            map.next_value_seed(StrictIgnore)?;
        }
        Ok(())
    }
}
