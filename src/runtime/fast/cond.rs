//! Conditions compiled for the fast path: every distinct condition (and sub-condition) of the
//! policy gets one number, and is evaluated at most once per record.
//!
//! The three-valued operations (`Truth`, `compare`, `call`, `literal`) are the reference
//! evaluator's own, so the two paths cannot disagree on them.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::parse::{Slot, Tape};
use super::schema::{Kind, Node};
use crate::ir::{CmpOp, Condition, ConditionKind, Function, Operand};
use crate::runtime::eval::{self, Truth, Val};

/// Where a field sits: the field's position at each level from the top.
#[derive(Clone, Debug)]
pub struct FieldRef {
    steps: Vec<usize>,
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Opnd {
    Field(FieldRef),
    Literal(Val<'static>),
    Today,
    Call(Function, Box<Opnd>),
}

#[derive(Clone, Debug)]
enum Cond {
    Constant(Truth),
    IsTrue(FieldRef),
    Not(usize),
    And(Vec<usize>),
    Or(Vec<usize>),
    Compare(CmpOp, Opnd, Opnd),
    In(Opnd, Vec<Val<'static>>, bool),
    Missing(FieldRef),
    Present(FieldRef),
}

/// Every distinct condition of a policy.
#[derive(Clone, Debug, Default)]
pub struct Conditions {
    nodes: Vec<Cond>,
    ids: HashMap<String, usize>,
}

impl Conditions {
    /// The number of a condition, compiling it (and its parts) the first time it is seen.
    pub fn intern(&mut self, condition: &Condition, fields: &[Node]) -> Option<usize> {
        let key = serde_json::to_string(condition).ok()?;
        if let Some(id) = self.ids.get(&key) {
            return Some(*id);
        }
        let compiled = match &condition.kind {
            ConditionKind::Constant { value } => Cond::Constant(Truth::from_bool(*value)),
            ConditionKind::IsTrue { field } => Cond::IsTrue(field_ref(field, fields)?),
            ConditionKind::Not { arg } => Cond::Not(self.intern(arg, fields)?),
            ConditionKind::And { args } => Cond::And(
                args.iter()
                    .map(|a| self.intern(a, fields))
                    .collect::<Option<_>>()?,
            ),
            ConditionKind::Or { args } => Cond::Or(
                args.iter()
                    .map(|a| self.intern(a, fields))
                    .collect::<Option<_>>()?,
            ),
            ConditionKind::Compare { cmp, left, right } => {
                Cond::Compare(*cmp, operand(left, fields)?, operand(right, fields)?)
            }
            ConditionKind::In {
                operand: op,
                values,
                negated,
            } => Cond::In(
                operand(op, fields)?,
                values.iter().map(eval::literal).collect::<Option<_>>()?,
                *negated,
            ),
            ConditionKind::IsMissing { field } => Cond::Missing(field_ref(field, fields)?),
            ConditionKind::IsPresent { field } => Cond::Present(field_ref(field, fields)?),
        };
        self.nodes.push(compiled);
        let id = self.nodes.len() - 1;
        self.ids.insert(key, id);
        Some(id)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The value of condition `id`, memoised in `memo` (one entry per condition, `None` until
    /// evaluated for this record).
    pub fn eval(&self, id: usize, record: &Record<'_>, memo: &mut [Option<Truth>]) -> Truth {
        if let Some(Some(t)) = memo.get(id) {
            return *t;
        }
        let truth = match self.nodes.get(id) {
            None => Truth::Unknown,
            Some(Cond::Constant(t)) => *t,
            Some(Cond::IsTrue(f)) => match record.value(f) {
                Some(Val::Bool(b)) => Truth::from_bool(b),
                _ => Truth::Unknown,
            },
            Some(Cond::Not(a)) => !self.eval(*a, record, memo),
            Some(Cond::And(args)) => args
                .iter()
                .fold(Truth::True, |acc, a| acc.and(self.eval(*a, record, memo))),
            Some(Cond::Or(args)) => args
                .iter()
                .fold(Truth::False, |acc, a| acc.or(self.eval(*a, record, memo))),
            Some(Cond::Compare(cmp, l, r)) => match (record.operand(l), record.operand(r)) {
                (Some(l), Some(r)) => eval::compare(*cmp, &l, &r),
                _ => Truth::Unknown,
            },
            Some(Cond::In(op, values, negated)) => match record.operand(op) {
                Some(v) => {
                    let found = values
                        .iter()
                        .any(|l| eval::compare(CmpOp::Eq, &v, l) == Truth::True);
                    Truth::from_bool(found != *negated)
                }
                None => Truth::Unknown,
            },
            Some(Cond::Missing(f)) => Truth::from_bool(record.slot(f).is_none()),
            Some(Cond::Present(f)) => Truth::from_bool(record.slot(f).is_some()),
        };
        if let Some(slot) = memo.get_mut(id) {
            *slot = Some(truth);
        }
        truth
    }
}

fn field_ref(path: &str, fields: &[Node]) -> Option<FieldRef> {
    let mut steps = Vec::new();
    let mut level = fields;
    let mut kind = None;
    for segment in path.split('.') {
        let i = level.iter().position(|n| n.name == segment)?;
        let node = level.get(i)?;
        steps.push(i);
        kind = Some(node.kind.clone());
        level = match &node.kind {
            Kind::Object(children) => children,
            _ => &[],
        };
    }
    Some(FieldRef { steps, kind: kind? })
}

fn operand(op: &Operand, fields: &[Node]) -> Option<Opnd> {
    Some(match op {
        Operand::Field { path } => Opnd::Field(field_ref(path, fields)?),
        Operand::Literal { value } => Opnd::Literal(eval::literal(value)?),
        Operand::Today => Opnd::Today,
        Operand::Call { function, arg } => Opnd::Call(*function, Box::new(operand(arg, fields)?)),
    })
}

/// A parsed record as conditions read it.
pub struct Record<'a> {
    pub tape: &'a Tape,
    pub bytes: &'a [u8],
    pub as_of: NaiveDate,
}

impl<'a> Record<'a> {
    /// The slot of a field, or `None` when it (or an object it is in) is absent or null.
    fn slot(&self, field: &FieldRef) -> Option<&'a Slot> {
        let mut base = 0u32;
        let mut found = None;
        for (depth, step) in field.steps.iter().enumerate() {
            let slot = self.tape.slot(base + u32::try_from(*step).ok()?)?;
            if depth + 1 < field.steps.len() {
                match slot {
                    Slot::Obj(b) => base = *b,
                    _ => return None,
                }
            }
            found = Some(slot);
        }
        found.filter(|s| !matches!(s, Slot::Absent | Slot::Null))
    }

    fn value(&self, field: &FieldRef) -> Option<Val<'a>> {
        let slot = self.slot(field)?;
        match (&field.kind, slot) {
            (Kind::Text | Kind::Enum(_), s) => self
                .tape
                .text(s, self.bytes)
                .map(|t| Val::Text(Cow::Borrowed(t))),
            (Kind::Number | Kind::Integer, Slot::Num(n)) => {
                crate::ir::Num::of_json(n).map(Val::Number)
            }
            (Kind::Bool, Slot::Bool(b)) => Some(Val::Bool(*b)),
            (Kind::Date, s) => {
                let text = self.tape.text(s, self.bytes)?;
                crate::dates::parse_date(text).ok().map(Val::Date)
            }
            (Kind::List(_), Slot::List(_, n)) => Some(Val::List(*n as usize)),
            _ => None,
        }
    }

    fn operand(&self, op: &Opnd) -> Option<Val<'a>> {
        match op {
            Opnd::Field(f) => self.value(f),
            Opnd::Literal(v) => Some(v.clone()),
            Opnd::Today => Some(Val::Date(self.as_of)),
            Opnd::Call(function, arg) => eval::call(*function, self.operand(arg)?, self.as_of),
        }
    }
}
