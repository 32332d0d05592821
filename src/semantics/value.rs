//! Values in conditions and how they compare, with the three truth values of LANGUAGE.md
//! section 5.
//!
//! An absent or `null` field is missing, and any comparison or function reading a missing value
//! is unknown. `not unknown` is unknown, `false and X` is false, `true or X` is true, otherwise
//! unknown spreads. Numbers compare exactly ([`Num::compare`]); text compares by code point,
//! only for equality; dates by the calendar.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use crate::ir::{CmpOp, Function, Literal, Num};

/// The value of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Truth {
    /// Decided no.
    False,
    /// Not decided: a value it reads is missing.
    Unknown,
    /// Decided yes.
    True,
}

impl Truth {
    /// Every truth value.
    pub const ALL: [Truth; 3] = [Truth::False, Truth::Unknown, Truth::True];

    /// `true` or `false` as a truth value.
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Kleene conjunction: the smallest of the two (false < unknown < true).
    #[must_use]
    pub fn and(self, other: Truth) -> Truth {
        self.min(other)
    }

    /// Kleene disjunction: the largest of the two.
    #[must_use]
    pub fn or(self, other: Truth) -> Truth {
        self.max(other)
    }

    /// As `explain` and the audit trail write it.
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

/// A present value inside a condition; text is borrowed from the record where it can be.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    /// Text or a one-of value.
    Text(Cow<'a, str>),
    /// A number.
    Number(Num),
    /// A calendar date.
    Date(NaiveDate),
    /// `true` or `false`.
    Bool(bool),
    /// A list, by its length (what `count` reads).
    List(usize),
}

impl Val<'_> {
    /// The same value, owning its text.
    pub fn into_owned(self) -> Val<'static> {
        match self {
            Val::Text(t) => Val::Text(Cow::Owned(t.into_owned())),
            Val::Number(n) => Val::Number(n),
            Val::Date(d) => Val::Date(d),
            Val::Bool(b) => Val::Bool(b),
            Val::List(n) => Val::List(n),
        }
    }
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

/// The value of a literal; `None` for a date that is not on the calendar (which the checker
/// rules out).
pub fn literal(literal: &Literal) -> Option<Val<'static>> {
    Some(match literal {
        Literal::Text(s) => Val::Text(Cow::Owned(s.clone())),
        Literal::Number(n) => Val::Number(*n),
        Literal::Date(d) => Val::Date(crate::dates::parse_date(d).ok()?),
        Literal::Bool(b) => Val::Bool(*b),
    })
}

/// A function of the condition language applied to a present value; `None` when the value is
/// not of the function's type (which the checker rules out).
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

/// How two values of the same kind order: numbers exactly, dates by the calendar, text by
/// code point; `None` for values of different kinds.
pub fn order(l: &Val<'_>, r: &Val<'_>) -> Option<std::cmp::Ordering> {
    match (l, r) {
        (Val::Number(a), Val::Number(b)) => a.compare(*b),
        (Val::Date(a), Val::Date(b)) => Some(a.cmp(b)),
        (Val::Text(a), Val::Text(b)) => Some(a.cmp(b)),
        (Val::Bool(a), Val::Bool(b)) => Some(a.cmp(b)),
        (Val::List(a), Val::List(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// Whether `< <= > >=` may compare values like `v`: numbers and dates.
pub fn is_ordered(v: &Val<'_>) -> bool {
    matches!(v, Val::Number(_) | Val::Date(_))
}

/// Compares two present values; values of different kinds (which the checker rules out) are
/// unknown, so they never open a door.
pub fn compare(cmp: CmpOp, l: &Val<'_>, r: &Val<'_>) -> Truth {
    if cmp.is_ordering() && !(is_ordered(l) && is_ordered(r)) {
        return Truth::Unknown;
    }
    let Some(ordering) = order(l, r) else {
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

/// Whether a present value is among `values`.
pub fn member(value: &Val<'_>, values: &[Val<'_>]) -> bool {
    values
        .iter()
        .any(|v| compare(CmpOp::Eq, value, v) == Truth::True)
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, *};

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
        for a in Truth::ALL {
            for b in Truth::ALL {
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
        for a in Truth::ALL {
            for b in Truth::ALL {
                assert_eq!(a.or(b), expected(a, b), "{a:?} or {b:?}");
            }
        }
    }
}
