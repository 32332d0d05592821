//! The layout of JSON in examples (`given`, `gets exactly`).
//!
//! One rule, applied at every level: an object or array that holds a non-empty object or
//! array is broken, one member per line; any other is on one line if it fits, else broken
//! the same way. Objects are spaced (`{ "zip": "93650" }`), arrays are not (`[1, 2]`), and
//! empty ones are `{}` and `[]`. Keys, strings and numbers are kept exactly as written.

use super::writer::Writer;
use crate::syntax::ast::{Json, JsonKind};

const INDENT: usize = 2;

pub(crate) fn json(w: &mut Writer<'_>, value: &Json) {
    match &value.kind {
        JsonKind::Object(members) => {
            let must_break = members.iter().any(|(_, v)| is_nested(v));
            container(w, ("{", "}"), members, true, must_break, |w, (key, v)| {
                w.node(key.span);
                w.kw(":");
                w.space();
                json(w, v);
            });
        }
        JsonKind::Array(items) => {
            let must_break = items.iter().any(is_nested);
            container(w, ("[", "]"), items, false, must_break, json);
        }
        JsonKind::String(_) | JsonKind::Number(_) => w.node(value.span),
        JsonKind::Bool(true) => w.kw("true"),
        JsonKind::Bool(false) => w.kw("false"),
        JsonKind::Null => w.kw("null"),
    }
}

/// A non-empty object or array.
fn is_nested(value: &Json) -> bool {
    match &value.kind {
        JsonKind::Object(members) => !members.is_empty(),
        JsonKind::Array(items) => !items.is_empty(),
        _ => false,
    }
}

fn container<T>(
    w: &mut Writer<'_>,
    (open, close): (&str, &str),
    items: &[T],
    spaced: bool,
    must_break: bool,
    mut each: impl FnMut(&mut Writer<'_>, &T),
) {
    let edge = |w: &mut Writer<'_>| match (must_break, spaced) {
        (true, _) => w.hardline(),
        (false, true) => w.line(),
        (false, false) => w.softline(),
    };
    w.group(|w| {
        w.kw(open);
        w.nest(INDENT, |w| {
            for (i, item) in items.iter().enumerate() {
                if i == 0 {
                    edge(w);
                } else {
                    w.kw(",");
                    if must_break {
                        w.hardline();
                    } else {
                        w.line();
                    }
                }
                each(w, item);
            }
            w.close_comments(false, items.is_empty());
        });
        if items.is_empty() {
            w.softline();
        } else {
            edge(w);
        }
        w.kw(close);
    });
}
