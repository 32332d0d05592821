//! How the conditions of some programs read each field: with which literals, through which
//! functions, against which other fields, and how they read the evaluation date.
//!
//! This is what the partition of each field's values is built from ([`super::cells`]): every
//! value a literal is compared with is a boundary, and so is every threshold of `age`,
//! `days_since` and `count`. A reading the partition does not know how to make exact (a field
//! compared with a function of another field, say) is marked `odd`, and the analysis then says
//! it is not proved.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::super::eval::{CondId, Node, Opnd, Program};
use super::super::schema::FieldId;
use super::super::value::Val;
use crate::ir::{CmpOp, Function, Num};

/// How the conditions read one field.
#[derive(Clone, Debug, Default)]
pub(super) struct FieldUse {
    /// Whether its value is read.
    pub value: bool,
    /// Whether `is missing` or `is present` reads it.
    pub presence: bool,
    /// Values it is compared with directly (`==`, `<`, `in`...).
    pub literals: Vec<Val<'static>>,
    /// Texts `lower(field)` is compared with.
    pub lowered: Vec<String>,
    /// Thresholds `age(field)` is compared with.
    pub ages: Vec<Num>,
    /// Thresholds `days_since(field)` is compared with (0 for a comparison with `today`).
    pub days: Vec<Num>,
    /// Thresholds `count(field)` is compared with.
    pub counts: Vec<Num>,
    /// Fields it is compared with.
    pub partners: Vec<FieldId>,
    /// Whether it is read in a way the partition cannot make exact.
    pub odd: bool,
}

impl FieldUse {
    /// Whether its value is read relative to the evaluation date (`age`, `days_since`, a
    /// comparison with `today`).
    pub fn relative(&self) -> bool {
        !self.ages.is_empty() || !self.days.is_empty()
    }
}

/// How the conditions of some programs read the record and the evaluation date.
#[derive(Clone, Debug, Default)]
pub(super) struct Uses {
    /// Per field read.
    pub fields: BTreeMap<FieldId, FieldUse>,
    /// Dates on which some condition changes value as the evaluation date moves (a
    /// comparison of `today` with a date, `age` or `days_since` of a fixed date).
    pub today: Vec<NaiveDate>,
    /// Whether the evaluation date is read at all.
    pub reads_today: bool,
}

/// An operand, by what the partition needs to know of it.
#[derive(Clone, Debug)]
enum Shape {
    Field(FieldId),
    Lower(FieldId),
    Age(FieldId),
    Days(FieldId),
    Count(FieldId),
    Literal(Val<'static>),
    Today,
    AgeOf(NaiveDate),
    DaysOf(NaiveDate),
    /// Anything else, with the fields it reads.
    Other(Vec<FieldId>),
}

impl Shape {
    fn of(op: &Opnd) -> Shape {
        match op {
            Opnd::Field(f) => Shape::Field(*f),
            Opnd::Literal(v) => Shape::Literal(v.clone()),
            Opnd::Today => Shape::Today,
            Opnd::Call(function, arg) => match (function, Shape::of(arg)) {
                (Function::Lower, Shape::Field(f) | Shape::Lower(f)) => Shape::Lower(f),
                (Function::Lower, Shape::Literal(Val::Text(s))) => {
                    Shape::Literal(Val::Text(s.to_lowercase().into()))
                }
                (Function::Age, Shape::Field(f)) => Shape::Age(f),
                (Function::DaysSince, Shape::Field(f)) => Shape::Days(f),
                (Function::Count, Shape::Field(f)) => Shape::Count(f),
                (Function::Age, Shape::Literal(Val::Date(d))) => Shape::AgeOf(d),
                (Function::DaysSince, Shape::Literal(Val::Date(d))) => Shape::DaysOf(d),
                (Function::Age | Function::DaysSince, Shape::Today) => {
                    Shape::Literal(Val::Number(Num::Int(0)))
                }
                (_, other) => Shape::Other(other.fields()),
            },
        }
    }

    fn fields(&self) -> Vec<FieldId> {
        match self {
            Shape::Field(f)
            | Shape::Lower(f)
            | Shape::Age(f)
            | Shape::Days(f)
            | Shape::Count(f) => {
                vec![*f]
            }
            Shape::Other(fields) => fields.clone(),
            Shape::Literal(_) | Shape::Today | Shape::AgeOf(_) | Shape::DaysOf(_) => Vec::new(),
        }
    }

    fn reads_today(&self) -> bool {
        matches!(
            self,
            Shape::Today | Shape::Age(_) | Shape::Days(_) | Shape::AgeOf(_) | Shape::DaysOf(_)
        )
    }
}

impl Uses {
    /// How every condition of `programs` reads the record, with `extra` literals that a
    /// caller's constraints compare fields with.
    pub fn of(programs: &[&Program], extra: &[(FieldId, Val<'static>)]) -> Uses {
        let mut uses = Uses::default();
        for program in programs {
            for id in program.ids() {
                uses.add(program, id);
            }
        }
        for (field, value) in extra {
            let entry = uses.field(*field);
            entry.value = true;
            entry.literals.push(value.clone());
        }
        uses
    }

    fn field(&mut self, id: FieldId) -> &mut FieldUse {
        self.fields.entry(id).or_default()
    }

    fn add(&mut self, program: &Program, id: CondId) {
        match program.node(id) {
            Some(Node::IsTrue(f)) => self.field(*f).value = true,
            Some(Node::Missing(f) | Node::Present(f)) => self.field(*f).presence = true,
            Some(Node::Compare(cmp, l, r)) => self.compare(*cmp, Shape::of(l), Shape::of(r)),
            Some(Node::In(op, values, _)) => {
                let shape = Shape::of(op);
                for value in values {
                    self.compare(CmpOp::Eq, shape.clone(), Shape::Literal(value.clone()));
                }
                if values.is_empty() {
                    for f in shape.fields() {
                        self.field(f).value = true;
                    }
                }
            }
            Some(Node::Constant(_) | Node::Not(_) | Node::And(_) | Node::Or(_)) | None => {}
        }
    }

    fn compare(&mut self, _cmp: CmpOp, left: Shape, right: Shape) {
        self.reads_today |= left.reads_today() || right.reads_today();
        for f in left.fields().into_iter().chain(right.fields()) {
            self.field(f).value = true;
        }
        // One order is enough: the other is the same with the sides swapped.
        let (a, b) = match (&left, &right) {
            (Shape::Literal(_), _) | (Shape::Today, Shape::Field(_)) => (right, left),
            (Shape::AgeOf(_) | Shape::DaysOf(_), Shape::Literal(_)) => (left, right),
            _ => (left, right),
        };
        match (a, b) {
            (Shape::Field(f), Shape::Literal(v)) => self.field(f).literals.push(v),
            (Shape::Lower(f), Shape::Literal(Val::Text(s))) => {
                self.field(f).lowered.push(s.into_owned());
            }
            (Shape::Age(f), Shape::Literal(Val::Number(n))) => self.field(f).ages.push(n),
            (Shape::Days(f), Shape::Literal(Val::Number(n))) => self.field(f).days.push(n),
            (Shape::Count(f), Shape::Literal(Val::Number(n))) => self.field(f).counts.push(n),
            (Shape::Field(f), Shape::Today) => self.field(f).days.push(Num::Int(0)),
            (Shape::Today, Shape::Literal(Val::Date(d))) => self.today.extend(near(d, 0)),
            (Shape::AgeOf(d), Shape::Literal(Val::Number(n))) => {
                for years in around(n) {
                    self.today.extend(birthday(d, years));
                }
            }
            (Shape::DaysOf(d), Shape::Literal(Val::Number(n))) => {
                for days in around(n) {
                    self.today.extend(near(d, days));
                }
            }
            (Shape::Field(f), Shape::Field(g)) if f != g => {
                self.field(f).partners.push(g);
                self.field(g).partners.push(f);
            }
            (Shape::Field(_), Shape::Field(_))
            | (Shape::Today, Shape::Today)
            | (Shape::Literal(_), Shape::Literal(_)) => {}
            (a, b) => {
                let fields = a.fields().into_iter().chain(b.fields()).collect::<Vec<_>>();
                for f in &fields {
                    let entry = self.field(*f);
                    entry.odd = true;
                    entry.partners.extend(fields.iter().filter(|g| *g != f));
                }
            }
        }
    }
}

/// The whole numbers around a threshold, where a whole quantity compared with it can change
/// value: `floor(n) - 1` to `ceil(n) + 1`.
pub(super) fn around(n: Num) -> Vec<i64> {
    let (low, high) = match n {
        Num::Int(i) => (i128::from(i), i128::from(i)),
        Num::UInt(u) => (i128::from(u), i128::from(u)),
        Num::Float(f) => match (whole_i128(f.floor()), whole_i128(f.ceil())) {
            (Some(l), Some(h)) => (l, h),
            _ => return Vec::new(),
        },
    };
    (low - 1..=high + 1)
        .filter_map(|i| i64::try_from(i).ok())
        .collect()
}

/// A whole float as an i128, when it is within ±2^100.
pub(super) fn whole_i128(f: f64) -> Option<i128> {
    if !f.is_finite() || f.fract() != 0.0 || f.abs() > 1.0e30 {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a whole float below 1e30 in magnitude fits an i128 exactly"
    )]
    Some(f as i128)
}

/// The date `days` days after `d`, and the days on either side of it.
fn near(d: NaiveDate, days: i64) -> Vec<NaiveDate> {
    (days - 1..=days + 1)
        .filter_map(|k| d.checked_add_signed(chrono::TimeDelta::try_days(k)?))
        .collect()
}

/// The first evaluation date on which someone born on `birth` is `years` old, and the days
/// on either side of it.
fn birthday(birth: NaiveDate, years: i64) -> Vec<NaiveDate> {
    first_day_aged(birth, years).map_or_else(Vec::new, |d| near(d, 0))
}

/// The first date on which someone born on `birth` is `years` old: the birthday, or 1 March
/// for someone born on 29 February in a year without one.
pub(super) fn first_day_aged(birth: NaiveDate, years: i64) -> Option<NaiveDate> {
    use chrono::Datelike;
    let year = i32::try_from(i64::from(birth.year()).checked_add(years)?).ok()?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}
