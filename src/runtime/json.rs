//! Strict parsing of one record: JSON that repeats a key in an object is rejected (a record
//! cannot say two different things about one field), and nesting deeper than serde_json's limit
//! of 128 is rejected rather than recursed into.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::semantics::validate::{Reason, Rejection};

/// Parses one record's bytes.
pub fn parse_record(bytes: &[u8]) -> Result<Value, Rejection> {
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(Rejection::new(
            Vec::new(),
            Reason::MalformedJson,
            format!(
                "the record is not UTF-8 text (a byte that is not UTF-8 at column {})",
                e.valid_up_to() + 1
            ),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| rejection(&e))?;
    Ok(value)
}

fn rejection(err: &serde_json::Error) -> Rejection {
    let text = err.to_string();
    let (reason, what) = if let Some(key) = text.strip_prefix(DUPLICATE) {
        let key = key.split(" at line").next().unwrap_or(key);
        (
            Reason::DuplicateKey,
            format!("the key {key} appears twice in one object"),
        )
    } else if text.starts_with("recursion limit exceeded") {
        (
            Reason::TooDeep,
            "the record is nested more than 128 levels deep".to_string(),
        )
    } else {
        let detail = text.split(" at line").next().unwrap_or(&text);
        (
            Reason::MalformedJson,
            format!("not valid JSON: {}", plain_words(detail)),
        )
    };
    let message = if err.line() > 1 {
        format!(
            "{what} (line {} of the record, column {})",
            err.line(),
            err.column()
        )
    } else if err.column() > 0 {
        format!("{what} (at column {})", err.column())
    } else {
        what
    };
    Rejection::new(Vec::new(), reason, message)
}

const DUPLICATE: &str = "duplicate key ";

/// serde_json's messages, in plainer words.
fn plain_words(detail: &str) -> String {
    let words = match detail {
        "expected ident" | "expected value" => "unexpected text where a value should be",
        "trailing characters" => "there is more text after the end of the record",
        "key must be a string" => "a key is not in double quotes",
        "number out of range" => "a number is too large",
        "invalid escape" => "a backslash escape in quoted text is not valid",
        "expected `,` or `}`" => "a `,` or `}` is missing in an object",
        "expected `,` or `]`" => "a `,` or `]` is missing in a list",
        "expected `:`" => "a `:` is missing after a key",
        d if d.starts_with("EOF while parsing") => "the record ends before it is complete",
        d if d.starts_with("control character") => "quoted text contains a raw control character",
        d if d.contains("surrogate") || d.contains("unicode code point") => {
            "a \\u escape is not a valid character"
        }
        d if d.starts_with("invalid type") || d.starts_with("invalid value") => d,
        d => d,
    };
    words.to_string()
}

/// Deserializes a `serde_json::Value`, refusing repeated keys.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        StrictValue.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "{DUPLICATE}{}",
                    Value::String(key)
                )));
            }
            let value = map.next_value_seed(StrictValue)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        StrictValue.deserialize(deserializer).map(Strict)
    }
}

/// A `Value` parsed strictly, for use with serde where a type is needed.
#[derive(Debug, Clone, PartialEq)]
pub struct Strict(pub Value);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_duplicate_keys_at_any_depth() {
        let err = parse_record(br#"{"a": 1, "b": {"c": 1, "c": 2}}"#).unwrap_err();
        assert_eq!(err.reason, Reason::DuplicateKey);
        assert!(err.message.contains("\"c\""), "{}", err.message);
    }

    #[test]
    fn rejects_malformed_and_deep_input() {
        let err = parse_record(b"{\"a\": tru}").unwrap_err();
        assert_eq!(err.reason, Reason::MalformedJson);
        let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
        assert_eq!(
            parse_record(deep.as_bytes()).unwrap_err().reason,
            Reason::TooDeep
        );
        let err = parse_record(b"{\"a\": 1e400}").unwrap_err();
        assert_eq!(err.reason, Reason::MalformedJson);
        assert!(parse_record(b"{\"a\": 1} x").is_err());
    }

    #[test]
    fn keeps_big_integers_as_numbers() {
        let v = parse_record(br#"{"n": 123456789012345678901234567890}"#).unwrap();
        assert!(v["n"].is_f64());
    }
}
