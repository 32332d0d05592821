//! Three-valued evaluation of conditions over one record (LANGUAGE.md section 5).
//!
//! An absent or `null` field is missing; any comparison or function reading a missing value is
//! unknown. `not unknown` is unknown, `false and X` is false, `true or X` is true, otherwise
//! unknown spreads. Whether an unknown opens a door is decided by the caller (`decide`), which
//! fails closed.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use super::index::FieldIndex;
use crate::ir::{CmpOp, Condition, ConditionKind, FieldType, Function, Literal, Num, Operand};

/// The value of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Truth {
    False,
    Unknown,
    True,
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Kleene conjunction: the smallest of the two (false < unknown < true).
    pub fn and(self, other: Truth) -> Truth {
        self.min(other)
    }

    /// Kleene disjunction: the largest of the two.
    pub fn or(self, other: Truth) -> Truth {
        self.max(other)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Truth::True => "true",
            Truth::False => "false",
            Truth::Unknown => "unknown",
        }
    }
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// A value inside a condition; text is borrowed from the record where it can be.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    Text(Cow<'a, str>),
    Number(Num),
    Date(NaiveDate),
    Bool(bool),
    /// A list, for `count`.
    List(usize),
}

impl std::fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Text(s) => write!(f, "{}", Value::String(s.to_string())),
            Val::Number(n) => write!(f, "{n}"),
            Val::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Val::Bool(b) => write!(f, "{b}"),
            Val::List(n) => write!(f, "a list of {n}"),
        }
    }
}

/// What a condition reads: the record, its declaration and the evaluation date.
#[derive(Debug)]
pub struct Env<'a> {
    pub record: &'a Value,
    pub fields: &'a FieldIndex,
    pub as_of: NaiveDate,
}

/// The value at a dotted path (not through a list), or `None` if it or a container is absent
/// or `null`.
pub fn lookup<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    let mut value = record;
    for segment in path.split('.') {
        value = value.get(segment)?;
    }
    (!value.is_null()).then_some(value)
}

impl Env<'_> {
    /// A field's value as the condition language sees it; `None` when missing.
    pub fn field(&self, path: &str) -> Option<Val<'_>> {
        let value = lookup(self.record, path)?;
        let ty = self.fields.get(path).map(|f| &f.ty)?;
        match (ty, value) {
            (FieldType::Text | FieldType::Enum { .. }, Value::String(s)) => {
                Some(Val::Text(Cow::Borrowed(s)))
            }
            (FieldType::Number | FieldType::Integer, Value::Number(n)) => {
                Num::of_json(n).map(Val::Number)
            }
            (FieldType::Bool, Value::Bool(b)) => Some(Val::Bool(*b)),
            (FieldType::Date, Value::String(s)) => crate::dates::parse_date(s).ok().map(Val::Date),
            (FieldType::List { .. }, Value::Array(items)) => Some(Val::List(items.len())),
            _ => None,
        }
    }

    pub fn operand(&self, operand: &Operand) -> Option<Val<'_>> {
        match operand {
            Operand::Field { path } => self.field(path),
            Operand::Literal { value } => literal(value),
            Operand::Today => Some(Val::Date(self.as_of)),
            Operand::Call { function, arg } => {
                let arg = self.operand(arg)?;
                call(*function, arg, self.as_of)
            }
        }
    }

    pub fn eval(&self, condition: &Condition) -> Truth {
        match &condition.kind {
            ConditionKind::Constant { value } => Truth::from_bool(*value),
            ConditionKind::IsTrue { field } => match self.field(field) {
                Some(Val::Bool(b)) => Truth::from_bool(b),
                _ => Truth::Unknown,
            },
            ConditionKind::Not { arg } => !self.eval(arg),
            ConditionKind::And { args } => args
                .iter()
                .fold(Truth::True, |acc, c| acc.and(self.eval(c))),
            ConditionKind::Or { args } => args
                .iter()
                .fold(Truth::False, |acc, c| acc.or(self.eval(c))),
            ConditionKind::Compare { cmp, left, right } => {
                match (self.operand(left), self.operand(right)) {
                    (Some(l), Some(r)) => compare(*cmp, &l, &r),
                    _ => Truth::Unknown,
                }
            }
            ConditionKind::In {
                operand,
                values,
                negated,
            } => match self.operand(operand) {
                Some(v) => {
                    let found = values
                        .iter()
                        .filter_map(literal)
                        .any(|l| compare(CmpOp::Eq, &v, &l) == Truth::True);
                    Truth::from_bool(found != *negated)
                }
                None => Truth::Unknown,
            },
            ConditionKind::IsMissing { field } => {
                Truth::from_bool(lookup(self.record, field).is_none())
            }
            ConditionKind::IsPresent { field } => {
                Truth::from_bool(lookup(self.record, field).is_some())
            }
        }
    }
}

pub fn literal(literal: &Literal) -> Option<Val<'static>> {
    Some(match literal {
        Literal::Text(s) => Val::Text(Cow::Owned(s.clone())),
        Literal::Number(n) => Val::Number(*n),
        Literal::Date(d) => Val::Date(crate::dates::parse_date(d).ok()?),
        Literal::Bool(b) => Val::Bool(*b),
    })
}

pub fn call(function: Function, arg: Val<'_>, as_of: NaiveDate) -> Option<Val<'_>> {
    Some(match (function, arg) {
        (Function::Age, Val::Date(d)) => Val::Number(Num::Int(crate::dates::age(d, as_of))),
        (Function::DaysSince, Val::Date(d)) => {
            Val::Number(Num::Int(crate::dates::days_since(d, as_of)))
        }
        (Function::Count, Val::List(n)) => Val::Number(Num::Int(i64::try_from(n).ok()?)),
        (Function::Lower, Val::Text(s)) => Val::Text(Cow::Owned(s.to_lowercase())),
        _ => return None,
    })
}

/// Compares two present values; values of different kinds (which the checker rules out) are
/// unknown, so they never open a door.
pub fn compare(cmp: CmpOp, l: &Val<'_>, r: &Val<'_>) -> Truth {
    let ordering = match (l, r) {
        (Val::Number(a), Val::Number(b)) => a.compare(*b),
        (Val::Date(a), Val::Date(b)) => Some(a.cmp(b)),
        (Val::Text(a), Val::Text(b)) if !cmp.is_ordering() => Some(a.cmp(b)),
        (Val::Bool(a), Val::Bool(b)) if !cmp.is_ordering() => Some(a.cmp(b)),
        _ => None,
    };
    let Some(ordering) = ordering else {
        return Truth::Unknown;
    };
    use std::cmp::Ordering::*;
    Truth::from_bool(match cmp {
        CmpOp::Eq => ordering == Equal,
        CmpOp::Ne => ordering != Equal,
        CmpOp::Lt => ordering == Less,
        CmpOp::Le => ordering != Greater,
        CmpOp::Gt => ordering == Greater,
        CmpOp::Ge => ordering != Less,
    })
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, *};

    const ALL: [Truth; 3] = [True, False, Unknown];

    #[test]
    fn not_truth_table() {
        assert_eq!(!True, False);
        assert_eq!(!False, True);
        assert_eq!(!Unknown, Unknown);
    }

    #[test]
    fn and_truth_table() {
        let expected = |a: Truth, b: Truth| match (a, b) {
            (False, _) | (_, False) => False,
            (True, True) => True,
            _ => Unknown,
        };
        for a in ALL {
            for b in ALL {
                assert_eq!(a.and(b), expected(a, b), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn or_truth_table() {
        let expected = |a: Truth, b: Truth| match (a, b) {
            (True, _) | (_, True) => True,
            (False, False) => False,
            _ => Unknown,
        };
        for a in ALL {
            for b in ALL {
                assert_eq!(a.or(b), expected(a, b), "{a:?} or {b:?}");
            }
        }
    }
}
