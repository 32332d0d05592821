//! Validating one record against the `record` declaration (LANGUAGE.md section 7, step 1).
//!
//! Used by the runtime for every input record and by the checker for every example's `given`.
//! The first problem in declaration order is reported, with the path to the offending value.
//! Keys the declaration does not name are ignored here (and never shared).

use serde_json::Value;

use crate::ir::{Field, FieldType};

/// One step of a path to a value inside a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Writes a path as `visits[2].amount`.
pub fn display_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Why a record was rejected, as a stable name for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    MalformedJson,
    DuplicateKey,
    TooDeep,
    NotAnObject,
    MissingField,
    WrongType,
    NotAllowedValue,
    InvalidDate,
    NotAWholeNumber,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::MalformedJson => "malformed-json",
            Reason::DuplicateKey => "duplicate-key",
            Reason::TooDeep => "too-deep",
            Reason::NotAnObject => "not-an-object",
            Reason::MissingField => "missing-field",
            Reason::WrongType => "wrong-type",
            Reason::NotAllowedValue => "value-not-allowed",
            Reason::InvalidDate => "invalid-date",
            Reason::NotAWholeNumber => "not-a-whole-number",
        }
    }
}

/// Why a record cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub path: Vec<Step>,
    pub reason: Reason,
    /// What was expected and what was found, in words.
    pub message: String,
}

impl Rejection {
    pub fn new(path: Vec<Step>, reason: Reason, message: impl Into<String>) -> Self {
        Rejection {
            path,
            reason,
            message: message.into(),
        }
    }
}

/// Checks a whole record.
pub fn validate_record(fields: &[Field], record: &Value) -> Result<(), Rejection> {
    let mut path = Vec::new();
    match record {
        Value::Object(_) => validate_fields(fields, record, &mut path),
        other => Err(Rejection::new(
            path,
            Reason::NotAnObject,
            format!(
                "a record must be a JSON object {{...}}, found {}",
                describe(other)
            ),
        )),
    }
}

fn validate_fields(
    fields: &[Field],
    object: &Value,
    path: &mut Vec<Step>,
) -> Result<(), Rejection> {
    for field in fields {
        path.push(Step::Key(field.name.clone()));
        match object.get(&field.name) {
            None | Some(Value::Null) if field.optional => {}
            None => {
                return Err(Rejection::new(
                    path.clone(),
                    Reason::MissingField,
                    "this required field is missing",
                ));
            }
            Some(Value::Null) => {
                return Err(Rejection::new(
                    path.clone(),
                    Reason::MissingField,
                    "this required field is null",
                ));
            }
            Some(value) => validate_value(&field.ty, value, path)?,
        }
        path.pop();
    }
    Ok(())
}

/// Checks one present, non-null value against its type.
pub fn validate_value(
    ty: &FieldType,
    value: &Value,
    path: &mut Vec<Step>,
) -> Result<(), Rejection> {
    let wrong = |path: &Vec<Step>| {
        Rejection::new(
            path.clone(),
            Reason::WrongType,
            format!("expected {}, found {}", expected(ty), describe(value)),
        )
    };
    match (ty, value) {
        (FieldType::Text, Value::String(_))
        | (FieldType::Number, Value::Number(_))
        | (FieldType::Bool, Value::Bool(_)) => Ok(()),
        (FieldType::Integer, Value::Number(n)) => {
            if n.is_i64() {
                return Ok(());
            }
            let whole = n.is_u64()
                || n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18);
            let message = if whole {
                format!(
                    "{n} is too large: whole numbers go from {} to {}",
                    i64::MIN,
                    i64::MAX
                )
            } else {
                format!("expected a whole number, found {n}")
            };
            Err(Rejection::new(
                path.clone(),
                Reason::NotAWholeNumber,
                message,
            ))
        }
        (FieldType::Date, Value::String(s)) => match crate::dates::parse_date(s) {
            Ok(_) => Ok(()),
            Err(why) => Err(Rejection::new(
                path.clone(),
                Reason::InvalidDate,
                format!("{} is not a real date: {why}", quote(s)),
            )),
        },
        (FieldType::Enum { values }, Value::String(s)) => {
            if values.iter().any(|v| v == s) {
                Ok(())
            } else {
                let allowed: Vec<String> = values.iter().map(|v| quote(v)).collect();
                Err(Rejection::new(
                    path.clone(),
                    Reason::NotAllowedValue,
                    format!("{} is not one of {}", quote(s), allowed.join(", ")),
                ))
            }
        }
        (FieldType::Object { fields }, Value::Object(_)) => validate_fields(fields, value, path),
        (FieldType::List { element }, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                if item.is_null() {
                    return Err(Rejection::new(
                        path.clone(),
                        Reason::WrongType,
                        format!("expected {}, found null", expected(element)),
                    ));
                }
                validate_value(element, item, path)?;
                path.pop();
            }
            Ok(())
        }
        _ => Err(wrong(path)),
    }
}

/// Text in double quotes, escaped as JSON escapes it (the way it was written in the record).
pub fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// What a type expects, in words.
pub fn expected(ty: &FieldType) -> String {
    match ty {
        FieldType::Text => "text".into(),
        FieldType::Number => "a number".into(),
        FieldType::Integer => "a whole number".into(),
        FieldType::Bool => "true or false".into(),
        FieldType::Date => "a date as text (\"YYYY-MM-DD\")".into(),
        FieldType::Enum { .. } => "one of the listed values, as text".into(),
        FieldType::Object { .. } => "an object {...}".into(),
        FieldType::List { .. } => "a list [...]".into(),
    }
}

/// A found JSON value, in words, short enough for one line.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let shown: String = s.chars().take(40).collect();
            if shown.len() < s.len() {
                format!("the text {}...", quote(&shown))
            } else {
                format!("the text {}", quote(s))
            }
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}
