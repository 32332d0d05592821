//! Invalid records, broken on purpose and in one way each, so that a runtime's rejection path
//! is exercised by the kinds of mistakes real exports make.
//!
//! A flaw in a value (a missing field, a wrong type, a bad date, ...) is made on the parsed
//! record and caught by `semantics::validate`; a flaw in the text (malformed JSON, a key written
//! twice, a line that is not an object) is made on the serialized line and caught while
//! reading it (`runtime::json`). When the record has no place for the chosen flaw (no date field for a bad
//! date), the line is made malformed instead, which is always possible.

use std::io;

use fastrand::Rng;
use serde_json::Value;

use super::pick;
use crate::ir::{Field, FieldType};
use crate::semantics::validate::{Reason, Step};

/// What is wrong with an invalid sample record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flaw {
    /// A required field is left out.
    MissingField,
    /// A required field is `null`.
    NullField,
    /// A value of another JSON type: `"yes"` for a bool, an object for a list, ...
    WrongType,
    /// A number where text is expected, as spreadsheets do to ZIP codes.
    NumberForText,
    /// A one-of field with a value outside its set (`"Gold"` for `"gold"`).
    NotInEnum,
    /// A date that is not on the calendar (`2026-02-30`) or not written `YYYY-MM-DD`.
    InvalidDate,
    /// A fraction for an `integer` field.
    NotAWholeNumber,
    /// A line that is not JSON: cut short, a trailing comma, an unquoted key, ...
    MalformedJson,
    /// The same key written twice in the record.
    DuplicateKey,
    /// A JSON value that is not an object: a list, a string, a number, `null`.
    NotAnObject,
}

impl Flaw {
    pub const ALL: [Flaw; 10] = [
        Flaw::MissingField,
        Flaw::NullField,
        Flaw::WrongType,
        Flaw::NumberForText,
        Flaw::NotInEnum,
        Flaw::InvalidDate,
        Flaw::NotAWholeNumber,
        Flaw::MalformedJson,
        Flaw::DuplicateKey,
        Flaw::NotAnObject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flaw::MissingField => "missing-field",
            Flaw::NullField => "null-field",
            Flaw::WrongType => "wrong-type",
            Flaw::NumberForText => "number-for-text",
            Flaw::NotInEnum => "not-in-enum",
            Flaw::InvalidDate => "invalid-date",
            Flaw::NotAWholeNumber => "not-a-whole-number",
            Flaw::MalformedJson => "malformed-json",
            Flaw::DuplicateKey => "duplicate-key",
            Flaw::NotAnObject => "not-an-object",
        }
    }

    /// The reason the runtime gives when it rejects a record with this flaw.
    pub fn rejection_reason(self) -> Reason {
        match self {
            Flaw::MissingField | Flaw::NullField => Reason::MissingField,
            Flaw::WrongType | Flaw::NumberForText => Reason::WrongType,
            Flaw::NotInEnum => Reason::NotAllowedValue,
            Flaw::InvalidDate => Reason::InvalidDate,
            Flaw::NotAWholeNumber => Reason::NotAWholeNumber,
            Flaw::NotAnObject => Reason::NotAnObject,
            Flaw::MalformedJson => Reason::MalformedJson,
            Flaw::DuplicateKey => Reason::DuplicateKey,
        }
    }
}

impl std::fmt::Display for Flaw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often each flaw is chosen, out of their sum.
const WEIGHTS: [(Flaw, u32); 10] = [
    (Flaw::MissingField, 14),
    (Flaw::NullField, 8),
    (Flaw::WrongType, 14),
    (Flaw::NumberForText, 10),
    (Flaw::NotInEnum, 10),
    (Flaw::InvalidDate, 12),
    (Flaw::NotAWholeNumber, 4),
    (Flaw::MalformedJson, 12),
    (Flaw::DuplicateKey, 9),
    (Flaw::NotAnObject, 7),
];

/// Breaks `record` in one way and appends it to `line`, with its newline. The first line of a
/// file never starts with `[`, which would make a reader take the whole file for one JSON array.
pub(super) fn write_invalid(
    rng: &mut Rng,
    fields: &[Field],
    mut record: Value,
    first_line: bool,
    line: &mut Vec<u8>,
) -> io::Result<Flaw> {
    let flaw = choose(rng);
    let text = match flaw {
        Flaw::MalformedJson => None,
        Flaw::DuplicateKey => duplicate_key(rng, &record)?,
        Flaw::NotAnObject => Some(not_an_object(rng, &record, first_line)?),
        _ => {
            if break_value(rng, fields, &mut record, flaw) {
                Some(serde_json::to_string(&record)?)
            } else {
                None
            }
        }
    };
    let (flaw, text) = match text {
        Some(text) => (flaw, text),
        None => (Flaw::MalformedJson, malformed(rng, &record)?),
    };
    line.extend_from_slice(text.as_bytes());
    line.push(b'\n');
    Ok(flaw)
}

fn choose(rng: &mut Rng) -> Flaw {
    let total: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(..total.max(1));
    for (flaw, weight) in WEIGHTS {
        if roll < weight {
            return flaw;
        }
        roll -= weight;
    }
    Flaw::MalformedJson
}

// ---------------------------------------------------------------- flaws in values

/// A value in the record with its declared type.
struct Site<'f> {
    /// The field's declared path (`flights.cabin`), the same for every element of a list.
    field: &'f str,
    path: Vec<Step>,
    ty: &'f FieldType,
    /// A required field, which can be left out or set to null.
    required: bool,
}

fn sites<'f>(fields: &'f [Field], value: &Value, path: &mut Vec<Step>, out: &mut Vec<Site<'f>>) {
    let Value::Object(map) = value else { return };
    for field in fields {
        let Some(v) = map.get(&field.name).filter(|v| !v.is_null()) else {
            continue;
        };
        path.push(Step::Key(field.name.clone()));
        out.push(Site {
            field: &field.path,
            path: path.clone(),
            ty: &field.ty,
            required: !field.optional,
        });
        inner_sites(&field.path, &field.ty, v, path, out);
        path.pop();
    }
}

fn inner_sites<'f>(
    field: &'f str,
    ty: &'f FieldType,
    value: &Value,
    path: &mut Vec<Step>,
    out: &mut Vec<Site<'f>>,
) {
    match (ty, value) {
        (FieldType::Object { fields }, _) => sites(fields, value, path, out),
        (FieldType::List { element }, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                out.push(Site {
                    field,
                    path: path.clone(),
                    ty: element,
                    required: false,
                });
                inner_sites(field, element, item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Makes one value of the record invalid in the way `flaw` says; false if the record has no
/// value that can be broken that way.
fn break_value(rng: &mut Rng, fields: &[Field], record: &mut Value, flaw: Flaw) -> bool {
    let mut all = Vec::new();
    sites(fields, record, &mut Vec::new(), &mut all);
    let fits = |site: &&Site<'_>| match flaw {
        Flaw::MissingField | Flaw::NullField => site.required,
        Flaw::NumberForText => matches!(site.ty, FieldType::Text),
        Flaw::NotInEnum => matches!(site.ty, FieldType::Enum { .. }),
        Flaw::InvalidDate => matches!(site.ty, FieldType::Date),
        Flaw::NotAWholeNumber => matches!(site.ty, FieldType::Integer),
        _ => true,
    };
    let candidates: Vec<&Site<'_>> = all.iter().filter(fits).collect();
    // A field first, then one of its occurrences: a list of five visits should not make visit
    // fields five times as likely to be broken as the customer's own.
    let mut fields: Vec<&str> = candidates.iter().map(|s| s.field).collect();
    fields.sort_unstable();
    fields.dedup();
    let Some(&field) = pick(rng, &fields) else {
        return false;
    };
    let occurrences: Vec<&&Site<'_>> = candidates.iter().filter(|s| s.field == field).collect();
    let Some(site) = pick(rng, &occurrences) else {
        return false;
    };
    if flaw == Flaw::MissingField {
        let Some((Step::Key(key), parent)) = site.path.split_last() else {
            return false;
        };
        return match at(record, parent) {
            Some(Value::Object(map)) => map.shift_remove(key).is_some(),
            _ => false,
        };
    }
    let Some(slot) = at(record, &site.path) else {
        return false;
    };
    let broken = match flaw {
        Flaw::NullField => Value::Null,
        Flaw::NumberForText => number_for_text(rng, slot),
        Flaw::NotInEnum => match site.ty {
            FieldType::Enum { values } => not_in_enum(rng, slot, values),
            _ => return false,
        },
        Flaw::InvalidDate => invalid_date(rng, slot),
        Flaw::NotAWholeNumber => {
            let n = slot.as_i64().unwrap_or(0);
            Value::from(n as f64 + 0.5)
        }
        _ => wrong_type(rng, site.ty, slot),
    };
    *slot = broken;
    true
}

fn at<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = root;
    for step in path {
        node = match step {
            Step::Key(key) => node.get_mut(key.as_str())?,
            Step::Index(i) => node.get_mut(*i)?,
        };
    }
    Some(node)
}

/// A number for a text value, as a spreadsheet makes it: `04101` becomes `4101`.
fn number_for_text(rng: &mut Rng, current: &Value) -> Value {
    let digits: String = current
        .as_str()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .take(15)
        .collect();
    match digits.parse::<u64>() {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(rng.u32(1..100_000)),
    }
}

fn not_in_enum(rng: &mut Rng, current: &Value, values: &[String]) -> Value {
    let now = current.as_str().unwrap_or("");
    let mut capitalized: String = now.chars().take(1).flat_map(char::to_uppercase).collect();
    capitalized.extend(now.chars().skip(1));
    let tries = [
        capitalized,
        now.to_uppercase(),
        format!("{now} "),
        "unknown".to_string(),
        "N/A".to_string(),
        "other".to_string(),
    ];
    let start = rng.usize(..tries.len());
    tries
        .iter()
        .cycle()
        .skip(start)
        .take(tries.len())
        .find(|t| !values.contains(t))
        .map_or_else(
            || Value::String(format!("{now}-{}", rng.u32(..))),
            |t| Value::String(t.clone()),
        )
}

/// A date off the calendar or in another layout, near the real one.
fn invalid_date(rng: &mut Rng, current: &Value) -> Value {
    let text = current.as_str().unwrap_or("2000-01-01");
    let part = |range: std::ops::Range<usize>| text.get(range).unwrap_or("01").to_string();
    let (year, month, day) = (part(0..4), part(5..7), part(8..10));
    let leap = year
        .parse::<i32>()
        .is_ok_and(|y| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    let short_month = pick(rng, &["04", "06", "09", "11"])
        .copied()
        .unwrap_or("04");
    let broken = match rng.u32(..8) {
        0 => format!("{year}-02-30"),
        1 if !leap => format!("{year}-02-29"),
        1 => format!("{year}-02-31"),
        2 => format!("{year}-{short_month}-31"),
        3 => format!("{year}-13-{day}"),
        4 => format!("{year}-{month}-00"),
        5 => format!("{month}/{day}/{year}"),
        6 => format!(
            "{year}-{}-{}",
            month.trim_start_matches('0'),
            day.trim_start_matches('0')
        ),
        _ => format!("{year}-{month}-{day}T00:00:00Z"),
    };
    // `1990-10-10` written without leading zeros is still valid; fall back to 30 February.
    if crate::dates::parse_date(&broken).is_ok() {
        return Value::String(format!("{year}-02-30"));
    }
    Value::String(broken)
}

/// A value of another JSON type than `ty` takes.
fn wrong_type(rng: &mut Rng, ty: &FieldType, current: &Value) -> Value {
    let either = |rng: &mut Rng, a: Value, b: Value| if rng.bool() { a } else { b };
    match ty {
        FieldType::Text => either(rng, Value::Bool(true), Value::Array(vec![current.clone()])),
        FieldType::Number | FieldType::Integer => {
            let n = current.as_f64().unwrap_or(0.0);
            either(rng, Value::String(format!("{n:.2}")), Value::Bool(false))
        }
        FieldType::Bool => match rng.u32(..4) {
            0 => Value::String("yes".into()),
            1 => Value::String("true".into()),
            2 => Value::String("Y".into()),
            _ => Value::from(1),
        },
        FieldType::Date => {
            let digits: String = current
                .as_str()
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            Value::from(digits.parse::<u64>().unwrap_or(19_700_101))
        }
        FieldType::Enum { values } => Value::from(rng.usize(1..=values.len().max(1))),
        FieldType::Object { .. } => {
            let flat: Vec<String> = current
                .as_object()
                .map(|m| {
                    m.values()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            either(
                rng,
                Value::String(flat.join(", ")),
                Value::Array(Vec::new()),
            )
        }
        FieldType::List { .. } => match rng.u32(..3) {
            0 => Value::Object(serde_json::Map::new()),
            1 => Value::String("none".into()),
            // A list with a null in it.
            _ => Value::Array(vec![Value::Null]),
        },
    }
}

// ---------------------------------------------------------------- flaws in the text

/// The record with one of its top-level keys written a second time; `None` if it has no keys.
fn duplicate_key(rng: &mut Rng, record: &Value) -> io::Result<Option<String>> {
    let Some(map) = record.as_object().filter(|m| !m.is_empty()) else {
        return Ok(None);
    };
    let Some((key, value)) = map.iter().nth(rng.usize(..map.len())) else {
        return Ok(None);
    };
    // The same value again, or a different one: both must be refused, since a reader that keeps
    // either copy silently would decide on data nobody chose.
    let again = match value {
        Value::String(s) if rng.bool() => Value::String(s.to_uppercase()),
        other => other.clone(),
    };
    let member = format!(
        "{}:{}",
        serde_json::to_string(key)?,
        serde_json::to_string(&again)?
    );
    let text = serde_json::to_string(record)?;
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or("");
    Ok(Some(if rng.bool() {
        format!("{{{member},{inner}}}")
    } else {
        format!("{{{inner},{member}}}")
    }))
}

fn not_an_object(rng: &mut Rng, record: &Value, first_line: bool) -> io::Result<String> {
    Ok(match rng.u32(..5) {
        0 if !first_line => format!("[{}]", serde_json::to_string(record)?),
        0 => "null".to_string(),
        1 => {
            // The first value alone, as when a one-column export is read as records.
            let first = record
                .as_object()
                .and_then(|m| m.values().next())
                .filter(|v| !v.is_object() && !v.is_array());
            serde_json::to_string(first.unwrap_or(&Value::Null))?
        }
        2 => "null".to_string(),
        3 => rng.u32(..100_000).to_string(),
        _ => "true".to_string(),
    })
}

/// The record written so that it is not JSON.
fn malformed(rng: &mut Rng, record: &Value) -> io::Result<String> {
    let mut text = serde_json::to_string(record)?;
    let first_key_end = text.get(2..).and_then(|t| t.find("\":")).map(|i| i + 2);
    match (rng.u32(..5), first_key_end) {
        (0, Some(end)) if text.starts_with("{\"") => {
            // An unquoted key: {id:"C-000001",...}
            let key = text.get(2..end).unwrap_or("").to_string();
            let rest = text.get(end + 1..).unwrap_or("").to_string();
            return Ok(format!("{{{key}{rest}"));
        }
        (1, Some(end)) if text.starts_with("{\"") => {
            // Single quotes: {'id':"C-000001",...}
            let key = text.get(2..end).unwrap_or("").to_string();
            let rest = text.get(end + 1..).unwrap_or("").to_string();
            return Ok(format!("{{'{key}'{rest}"));
        }
        (2, _) if text.ends_with('}') => {
            // A trailing comma.
            text.pop();
            text.push_str(",}");
            return Ok(text);
        }
        (3, _) if text.ends_with('}') => {
            // The closing brace is lost.
            text.pop();
            return Ok(text);
        }
        _ => {}
    }
    // Cut short, as an interrupted export leaves its last line.
    if text.len() < 3 {
        return Ok("{".to_string());
    }
    let mut cut = rng.usize(1..text.len() - 1);
    while cut > 1 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    Ok(text.get(..cut).unwrap_or("{").to_string())
}
