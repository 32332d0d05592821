//! The one evaluator of conditions.
//!
//! A policy's conditions are compiled once into a [`Program`]: every distinct condition (and
//! sub-condition) gets a number, its fields are resolved to [`FieldId`]s and its literals to
//! values. A program is evaluated over anything that can say what a field holds ([`Record`]):
//! a parsed JSON record (the reference path, `explain`, the examples), the fast path's tape, or
//! a made-up record of the abstract evaluation ([`super::outcomes`]). Each condition is
//! evaluated at most once per record ([`Memo`]).
//!
//! The three-valued operations themselves are in [`super::value`]; whether a value opens a door
//! is decided in [`super::decision`], which fails closed.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::schema::{FieldId, Schema};
use super::value::{self, Truth, Val};
use crate::ir::{CmpOp, Condition, ConditionKind, Function, Operand};

/// What a condition reads from one record.
pub trait Record {
    /// The value of a field that is not inside a list, as conditions see it; `None` when the
    /// field, or an object it is inside, is absent or `null`.
    fn value(&self, field: FieldId) -> Option<Val<'_>>;

    /// Whether the field holds a value (is neither absent nor `null`, nor inside an object that
    /// is). Unlike [`Record::value`], also answers for objects.
    fn present(&self, field: FieldId) -> bool;
}

/// The number of a compiled condition in its [`Program`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CondId(usize);

impl CondId {
    /// The position, for tables kept per condition.
    pub fn index(self) -> usize {
        self.0
    }
}

/// A value inside a compiled comparison.
#[derive(Clone, Debug)]
pub enum Opnd {
    /// A field's value.
    Field(FieldId),
    /// A fixed value.
    Literal(Val<'static>),
    /// The evaluation date.
    Today,
    /// A function of another operand.
    Call(Function, Box<Opnd>),
}

/// A compiled condition; sub-conditions are referred to by number.
#[derive(Clone, Debug)]
pub enum Node {
    /// `true` or `false`.
    Constant(Truth),
    /// A yes/no field alone.
    IsTrue(FieldId),
    /// `not`.
    Not(CondId),
    /// `and`.
    And(Vec<CondId>),
    /// `or`.
    Or(Vec<CondId>),
    /// A comparison.
    Compare(CmpOp, Opnd, Opnd),
    /// `in` (or `not in`, when the flag is set).
    In(Opnd, Vec<Val<'static>>, bool),
    /// `is missing`.
    Missing(FieldId),
    /// `is present`.
    Present(FieldId),
}

/// Why a condition could not be compiled: it names what the declaration does not have. The
/// checker rules this out; an IR file edited by hand may not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompileError {
    /// The path is not a field of the record.
    UnknownField(String),
    /// The path runs through a list.
    ThroughList(String),
    /// A date literal that is not on the calendar.
    BadLiteral(String),
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompileError::UnknownField(p) => write!(
                f,
                "a condition reads `{p}`, which is not a field of the record"
            ),
            CompileError::ThroughList(p) => {
                write!(f, "a condition reads `{p}`, which is inside a list")
            }
            CompileError::BadLiteral(l) => {
                write!(f, "a condition compares with {l}, which is not a value")
            }
        }
    }
}

/// Every distinct condition of a policy, compiled.
#[derive(Clone, Debug, Default)]
pub struct Program {
    nodes: Vec<Node>,
    ids: HashMap<String, CondId>,
}

/// What is known of each condition for one record: its value once evaluated.
#[derive(Clone, Debug, Default)]
pub struct Memo(Vec<Option<Truth>>);

impl Memo {
    /// Forgets every value, keeping room for `len` conditions.
    pub fn reset(&mut self, len: usize) {
        self.0.clear();
        self.0.resize(len, None);
    }
}

impl Program {
    /// The number of a condition, compiling it (and its parts) the first time it is seen.
    pub fn intern(
        &mut self,
        condition: &Condition,
        schema: &Schema,
    ) -> Result<CondId, CompileError> {
        let key = key(condition);
        if let Some(id) = self.ids.get(&key) {
            return Ok(*id);
        }
        let node = match &condition.kind {
            ConditionKind::Constant { value } => Node::Constant(Truth::from_bool(*value)),
            ConditionKind::IsTrue { field } => Node::IsTrue(readable(field, schema)?),
            ConditionKind::Not { arg } => Node::Not(self.intern(arg, schema)?),
            ConditionKind::And { args } => Node::And(self.intern_all(args, schema)?),
            ConditionKind::Or { args } => Node::Or(self.intern_all(args, schema)?),
            ConditionKind::Compare { cmp, left, right } => {
                Node::Compare(*cmp, operand(left, schema)?, operand(right, schema)?)
            }
            ConditionKind::In {
                operand: op,
                values,
                negated,
            } => Node::In(
                operand(op, schema)?,
                values
                    .iter()
                    .map(|l| {
                        value::literal(l).ok_or_else(|| CompileError::BadLiteral(l.to_string()))
                    })
                    .collect::<Result<_, _>>()?,
                *negated,
            ),
            ConditionKind::IsMissing { field } => Node::Missing(readable(field, schema)?),
            ConditionKind::IsPresent { field } => Node::Present(readable(field, schema)?),
        };
        let id = CondId(self.nodes.len());
        self.nodes.push(node);
        self.ids.insert(key, id);
        Ok(id)
    }

    fn intern_all(
        &mut self,
        args: &[Condition],
        schema: &Schema,
    ) -> Result<Vec<CondId>, CompileError> {
        args.iter().map(|a| self.intern(a, schema)).collect()
    }

    /// The number of a condition already compiled.
    pub fn id(&self, condition: &Condition) -> Option<CondId> {
        self.ids.get(&key(condition)).copied()
    }

    /// How many conditions there are.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every compiled condition's number, in the order they were compiled (parts before the
    /// conditions made of them).
    pub fn ids(&self) -> impl Iterator<Item = CondId> + '_ {
        (0..self.nodes.len()).map(CondId)
    }

    /// A compiled condition.
    pub fn node(&self, id: CondId) -> Option<&Node> {
        self.nodes.get(id.0)
    }

    /// An empty memo for one record.
    pub fn memo(&self) -> Memo {
        Memo(vec![None; self.nodes.len()])
    }

    /// The value of condition `id` for `record` on `as_of`, remembered in `memo` (which
    /// [`Memo::reset`] empties between records).
    pub fn eval<R: Record + ?Sized>(
        &self,
        id: CondId,
        record: &R,
        as_of: NaiveDate,
        memo: &mut Memo,
    ) -> Truth {
        if let Some(Some(t)) = memo.0.get(id.0) {
            return *t;
        }
        let truth = match self.nodes.get(id.0) {
            None => Truth::Unknown,
            Some(Node::Constant(t)) => *t,
            Some(Node::IsTrue(f)) => match record.value(*f) {
                Some(Val::Bool(b)) => Truth::from_bool(b),
                _ => Truth::Unknown,
            },
            Some(Node::Not(a)) => !self.eval(*a, record, as_of, memo),
            Some(Node::And(args)) => args.iter().fold(Truth::True, |acc, a| {
                acc.and(self.eval(*a, record, as_of, memo))
            }),
            Some(Node::Or(args)) => args.iter().fold(Truth::False, |acc, a| {
                acc.or(self.eval(*a, record, as_of, memo))
            }),
            Some(Node::Compare(cmp, l, r)) => {
                match (
                    operand_value(l, record, as_of),
                    operand_value(r, record, as_of),
                ) {
                    (Some(l), Some(r)) => value::compare(*cmp, &l, &r),
                    _ => Truth::Unknown,
                }
            }
            Some(Node::In(op, values, negated)) => match operand_value(op, record, as_of) {
                Some(v) => Truth::from_bool(value::member(&v, values) != *negated),
                None => Truth::Unknown,
            },
            Some(Node::Missing(f)) => Truth::from_bool(!record.present(*f)),
            Some(Node::Present(f)) => Truth::from_bool(record.present(*f)),
        };
        if let Some(slot) = memo.0.get_mut(id.0) {
            *slot = Some(truth);
        }
        truth
    }
}

/// The text a condition is known by in a program: its IR JSON.
fn key(condition: &Condition) -> String {
    serde_json::to_string(condition).unwrap_or_default()
}

/// A field a condition may read.
fn readable(path: &str, schema: &Schema) -> Result<FieldId, CompileError> {
    let id = schema
        .id(path)
        .ok_or_else(|| CompileError::UnknownField(path.to_string()))?;
    if schema.info(id).is_some_and(|i| i.through_list) {
        return Err(CompileError::ThroughList(path.to_string()));
    }
    Ok(id)
}

/// Compiles an operand.
pub fn operand(op: &Operand, schema: &Schema) -> Result<Opnd, CompileError> {
    Ok(match op {
        Operand::Field { path } => Opnd::Field(readable(path, schema)?),
        Operand::Literal { value } => Opnd::Literal(
            value::literal(value).ok_or_else(|| CompileError::BadLiteral(value.to_string()))?,
        ),
        Operand::Today => Opnd::Today,
        Operand::Call { function, arg } => Opnd::Call(*function, Box::new(operand(arg, schema)?)),
    })
}

/// The value of a compiled operand for one record; `None` when a field it reads is missing.
#[inline]
pub fn operand_value<'r, R: Record + ?Sized>(
    op: &Opnd,
    record: &'r R,
    as_of: NaiveDate,
) -> Option<Val<'r>> {
    match op {
        Opnd::Field(f) => record.value(*f),
        Opnd::Literal(v) => Some(v.clone()),
        Opnd::Today => Some(Val::Date(as_of)),
        Opnd::Call(function, arg) => {
            value::call(*function, operand_value(arg, record, as_of)?, as_of)
        }
    }
}
