//! What lints need to know about conditions: the fields they read, and the values they can take.
//!
//! Conditions have three values (LANGUAGE.md section 5): true, false and unknown (an operand is
//! missing). [`Outcomes`] is the set of values a condition can take on some valid record. It is
//! computed bottom-up, treating different tests as independent, except where a test and its
//! opposite (`a and not a`) or contradictory comparisons of one value (`age(x) >= 18 and
//! age(x) < 16`) meet in one `and`, or complementary ones in one `or`. The result is a safe
//! approximation: a value left out of the set can really never happen.

use std::collections::BTreeMap;

use crate::ir::{CmpOp, Condition, ConditionKind, FieldType, Function, Literal, Num, Operand};
use crate::semantics::value::{self, Truth, Val};
use crate::span::Span;

use crate::semantics::schema::Schema;

/// How a condition reads a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// Its value: `consent.sale`, `age(birth_date) >= 16`, `state in ["CA"]`.
    Value,
    /// Only whether it is there: `email is present`.
    Presence,
}

/// Every field a condition reads, with how.
pub fn reads(condition: &Condition) -> Vec<(&str, Read)> {
    let mut out = Vec::new();
    collect_reads(condition, &mut out);
    out
}

fn collect_reads<'c>(condition: &'c Condition, out: &mut Vec<(&'c str, Read)>) {
    match &condition.kind {
        ConditionKind::Constant { .. } => {}
        ConditionKind::IsTrue { field } => out.push((field, Read::Value)),
        ConditionKind::IsMissing { field } | ConditionKind::IsPresent { field } => {
            out.push((field, Read::Presence));
        }
        ConditionKind::Not { arg } => collect_reads(arg, out),
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            for arg in args {
                collect_reads(arg, out);
            }
        }
        ConditionKind::Compare { left, right, .. } => {
            operand_reads(left, out);
            operand_reads(right, out);
        }
        ConditionKind::In { operand, .. } => operand_reads(operand, out),
    }
}

fn operand_reads<'c>(operand: &'c Operand, out: &mut Vec<(&'c str, Read)>) {
    match operand {
        Operand::Field { path } => out.push((path, Read::Value)),
        Operand::Call { arg, .. } => operand_reads(arg, out),
        Operand::Literal { .. } | Operand::Today => {}
    }
}

/// Whether a condition reads the value of a field that `wanted` accepts.
pub fn reads_value_of(condition: &Condition, wanted: impl Fn(&str) -> bool) -> bool {
    reads(condition)
        .into_iter()
        .any(|(field, how)| how == Read::Value && wanted(field))
}

/// The values a condition can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcomes {
    pub can_be_true: bool,
    pub can_be_false: bool,
    pub can_be_unknown: bool,
}

impl Outcomes {
    const TRUE: Outcomes = Outcomes::new(true, false, false);
    const FALSE: Outcomes = Outcomes::new(false, true, false);
    const BOTH: Outcomes = Outcomes::new(true, true, false);

    const fn new(can_be_true: bool, can_be_false: bool, can_be_unknown: bool) -> Self {
        Outcomes {
            can_be_true,
            can_be_false,
            can_be_unknown,
        }
    }

    /// Adds "unknown" when an operand may be missing.
    fn or_unknown(mut self, may_be_missing: bool) -> Self {
        self.can_be_unknown |= may_be_missing;
        self
    }

    /// True on every record.
    pub fn always_true(self) -> bool {
        self.can_be_true && !self.can_be_false && !self.can_be_unknown
    }

    /// True on no record.
    pub fn never_true(self) -> bool {
        !self.can_be_true
    }

    pub fn is_constant(self) -> bool {
        self.always_true() || self.never_true()
    }

    fn values(self) -> impl Iterator<Item = Truth> {
        [
            (self.can_be_true, Truth::True),
            (self.can_be_false, Truth::False),
            (self.can_be_unknown, Truth::Unknown),
        ]
        .into_iter()
        .filter_map(|(possible, value)| possible.then_some(value))
    }

    fn from_values(values: impl IntoIterator<Item = Truth>) -> Self {
        let mut out = Outcomes::new(false, false, false);
        for value in values {
            match value {
                Truth::True => out.can_be_true = true,
                Truth::False => out.can_be_false = true,
                Truth::Unknown => out.can_be_unknown = true,
            }
        }
        out
    }

    fn not(self) -> Self {
        Outcomes::new(self.can_be_false, self.can_be_true, self.can_be_unknown)
    }

    /// Combines two independent conditions with a three-valued `and` or `or`.
    fn combine(self, other: Outcomes, and: bool) -> Self {
        let mut values = Vec::new();
        for a in self.values() {
            for b in other.values() {
                values.push(if and { a.and(b) } else { a.or(b) });
            }
        }
        Outcomes::from_values(values)
    }
}

/// One condition node with what is known about it, and where it is written.
#[derive(Debug)]
pub struct Analysed<'c> {
    pub condition: &'c Condition,
    pub span: Span,
    pub outcomes: Outcomes,
    /// Why the outcomes are what they are, when that is worth saying.
    pub reason: Option<String>,
    pub children: Vec<Analysed<'c>>,
}

impl Analysed<'_> {
    /// The smallest parts that are always true or never true: constant nodes none of whose
    /// parts is constant. A constant `and` of two non-constant parts (`a and not a`) is one.
    pub fn constant_parts(&self) -> Vec<&Analysed<'_>> {
        let mut out = Vec::new();
        self.collect_constant(&mut out);
        out
    }

    fn collect_constant<'s>(&'s self, out: &mut Vec<&'s Analysed<'s>>) {
        let before = out.len();
        for child in &self.children {
            child.collect_constant(out);
        }
        if out.len() == before && self.outcomes.is_constant() {
            out.push(self);
        }
    }
}

/// Analyses a condition, each part with where it is written.
pub fn analyse<'c>(schema: &Schema, condition: &'c Condition) -> Analysed<'c> {
    let children = match &condition.kind {
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            args.iter().map(|c| analyse(schema, c)).collect()
        }
        ConditionKind::Not { arg } => vec![analyse(schema, arg)],
        _ => Vec::new(),
    };
    node(schema, condition, condition.span, children)
}

/// The values a condition can take.
pub fn outcomes(schema: &Schema, condition: &Condition) -> Outcomes {
    analyse(schema, condition).outcomes
}

fn node<'c>(
    schema: &Schema,
    condition: &'c Condition,
    span: Span,
    children: Vec<Analysed<'c>>,
) -> Analysed<'c> {
    let (outcomes, reason) = match &condition.kind {
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            let and = matches!(condition.kind, ConditionKind::And { .. });
            let mut outcomes = children
                .iter()
                .map(|c| c.outcomes)
                .reduce(|a, b| a.combine(b, and))
                .unwrap_or(if and { Outcomes::TRUE } else { Outcomes::FALSE });
            let reason = if and {
                contradiction(args)
            } else {
                complement(args)
            };
            if reason.is_some() {
                if and {
                    outcomes.can_be_true = false;
                } else {
                    outcomes.can_be_false = false;
                }
            }
            (outcomes, reason)
        }
        ConditionKind::Not { .. } => (
            children
                .first()
                .map_or(Outcomes::BOTH, |c| c.outcomes.not()),
            None,
        ),
        _ => atom_outcomes(schema, condition),
    };
    Analysed {
        condition,
        span,
        outcomes,
        reason,
        children,
    }
}

fn atom_outcomes(schema: &Schema, atom: &Condition) -> (Outcomes, Option<String>) {
    match &atom.kind {
        ConditionKind::Constant { value: true } => {
            (Outcomes::TRUE, Some("`true` is always true".into()))
        }
        ConditionKind::Constant { value: false } => {
            (Outcomes::FALSE, Some("`false` is never true".into()))
        }
        ConditionKind::IsTrue { field } => (
            Outcomes::BOTH.or_unknown(schema.may_be_missing(field)),
            None,
        ),
        ConditionKind::IsMissing { field } | ConditionKind::IsPresent { field } => {
            let missing = matches!(atom.kind, ConditionKind::IsMissing { .. });
            if schema.may_be_missing(field) {
                (Outcomes::BOTH, None)
            } else {
                let outcomes = if missing {
                    Outcomes::FALSE
                } else {
                    Outcomes::TRUE
                };
                (
                    outcomes,
                    Some(format!(
                        "the record declares `{field}` as required, so a valid record always has it"
                    )),
                )
            }
        }
        ConditionKind::Compare { cmp, left, right } => compare(schema, *cmp, left, right),
        ConditionKind::In {
            operand,
            values,
            negated,
        } => membership(schema, operand, values, *negated),
        ConditionKind::Not { .. } | ConditionKind::And { .. } | ConditionKind::Or { .. } => {
            (Outcomes::BOTH, None)
        }
    }
}

fn operand_may_be_missing(schema: &Schema, operand: &Operand) -> bool {
    match operand {
        Operand::Field { path } => schema.may_be_missing(path),
        Operand::Call { arg, .. } => operand_may_be_missing(schema, arg),
        Operand::Literal { .. } | Operand::Today => false,
    }
}

fn compare(
    schema: &Schema,
    cmp: CmpOp,
    left: &Operand,
    right: &Operand,
) -> (Outcomes, Option<String>) {
    let missing = operand_may_be_missing(schema, left) || operand_may_be_missing(schema, right);
    if let (Operand::Literal { value: l }, Operand::Literal { value: r }) = (left, right) {
        if let (Some(l), Some(r)) = (value::literal(l), value::literal(r)) {
            let truth = value::compare(cmp, &l, &r);
            if truth != Truth::Unknown {
                let holds = truth == Truth::True;
                let outcomes = if holds {
                    Outcomes::TRUE
                } else {
                    Outcomes::FALSE
                };
                return (
                    outcomes,
                    Some("both sides are fixed values, so the answer never changes".into()),
                );
            }
        }
    }
    if left == right {
        let holds = matches!(cmp, CmpOp::Eq | CmpOp::Le | CmpOp::Ge);
        let outcomes = if holds {
            Outcomes::TRUE
        } else {
            Outcomes::FALSE
        };
        return (
            outcomes.or_unknown(missing),
            Some(format!("`{left}` is compared with itself")),
        );
    }
    // `lower(x)` never equals text with capitals in it.
    if matches!(cmp, CmpOp::Eq | CmpOp::Ne) {
        if let Some((lowered, text)) = lowered_against(left, right) {
            if !lower_can_be(text) {
                let outcomes = if cmp == CmpOp::Ne {
                    Outcomes::TRUE
                } else {
                    Outcomes::FALSE
                };
                return (
                    outcomes.or_unknown(missing),
                    Some(format!(
                        "`lower({lowered})` has no capital letters, so it is never \"{text}\""
                    )),
                );
            }
        }
    }
    // `count(list)` is never negative.
    if let Some((counted, cmp, n)) = count_comparison(cmp, left, right) {
        let range = Range::at_least(Val::Number(Num::Int(0)));
        let mut constraint = Range::default();
        constraint.add(cmp, Val::Number(n));
        let overlap = range.intersect(&constraint).is_satisfiable();
        let mut outside = Range::at_least(Val::Number(Num::Int(0)));
        outside.add(cmp.negate(), Val::Number(n));
        let escapes = outside.is_satisfiable();
        if !overlap || !escapes {
            let outcomes = if overlap {
                Outcomes::TRUE
            } else {
                Outcomes::FALSE
            };
            return (
                outcomes.or_unknown(missing),
                Some(format!("`count({counted})` is never less than 0")),
            );
        }
    }
    (Outcomes::BOTH.or_unknown(missing), None)
}

/// `lower(x)` compared with a text: `x` and the text.
fn lowered_against<'o>(left: &'o Operand, right: &'o Operand) -> Option<(&'o Operand, &'o str)> {
    let lowered = |o: &'o Operand| argument_of(Function::Lower, o);
    let text = |o: &'o Operand| match o {
        Operand::Literal {
            value: Literal::Text(t),
        } => Some(t.as_str()),
        _ => None,
    };
    lowered(left)
        .zip(text(right))
        .or_else(|| lowered(right).zip(text(left)))
}

/// `x` when `operand` is `function(x)`.
fn argument_of(function: Function, operand: &Operand) -> Option<&Operand> {
    match operand {
        Operand::Call { function: f, arg } if *f == function => Some(arg),
        _ => None,
    }
}

/// Whether `lower(x)` can give `text` for some `x`: only if `text` is already lowercase.
fn lower_can_be(text: &str) -> bool {
    text.to_lowercase() == text
}

/// `count(x) OP n` or `n OP count(x)`, turned so the count is on the left.
fn count_comparison<'o>(
    cmp: CmpOp,
    left: &'o Operand,
    right: &'o Operand,
) -> Option<(&'o Operand, CmpOp, Num)> {
    let counted = |o: &'o Operand| argument_of(Function::Count, o);
    let number = |o: &Operand| match o {
        Operand::Literal {
            value: Literal::Number(n),
        } => Some(*n),
        _ => None,
    };
    if let (Some(c), Some(n)) = (counted(left), number(right)) {
        return Some((c, cmp, n));
    }
    if let (Some(n), Some(c)) = (number(left), counted(right)) {
        return Some((c, cmp.flip(), n));
    }
    None
}

fn membership(
    schema: &Schema,
    operand: &Operand,
    values: &[Literal],
    negated: bool,
) -> (Outcomes, Option<String>) {
    let missing = operand_may_be_missing(schema, operand);
    let fixed = |holds: bool, reason: String| {
        let outcomes = if holds != negated {
            Outcomes::TRUE
        } else {
            Outcomes::FALSE
        };
        (outcomes.or_unknown(missing), Some(reason))
    };
    if values.is_empty() {
        return fixed(false, "the list `[]` is empty, so no value is in it".into());
    }
    if let Operand::Field { path } = operand {
        if let Some(FieldType::Enum { values: all }) = schema.get(path).map(|f| &f.ty) {
            let covered = all
                .iter()
                .all(|v| values.iter().any(|l| *l == Literal::Text(v.clone())));
            if covered {
                return fixed(
                    true,
                    format!("the list names every value `{path}` can have"),
                );
            }
        }
    }
    if let Operand::Literal { value } = operand {
        return fixed(
            values.contains(value),
            "a fixed value is tested against a fixed list".into(),
        );
    }
    if let Some(arg) = argument_of(Function::Lower, operand) {
        let reachable = values
            .iter()
            .any(|v| !matches!(v, Literal::Text(t) if !lower_can_be(t)));
        if !reachable {
            return fixed(
                false,
                format!(
                    "`lower({arg})` has no capital letters, but every text in the list has some"
                ),
            );
        }
    }
    (Outcomes::BOTH.or_unknown(missing), None)
}

/// `a and not a`, or comparisons of one value that no value satisfies together.
fn contradiction(args: &[Condition]) -> Option<String> {
    if let Some((a, not_a)) = opposite_pair(args) {
        return Some(format!("`{a}` and `{not_a}` cannot both be true"));
    }
    let mut ranges: BTreeMap<String, Range> = BTreeMap::new();
    let mut texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for arg in args {
        for (operand, constraint) in constraints(arg) {
            let key = operand.to_string();
            texts.entry(key.clone()).or_default().push(arg.to_string());
            ranges.entry(key).or_default().merge(constraint);
        }
    }
    ranges.iter().find_map(|(operand, range)| {
        if range.is_satisfiable() {
            return None;
        }
        let tests = texts
            .get(operand)
            .map(|t| t.join("` and `"))
            .unwrap_or_default();
        Some(format!(
            "no value of `{operand}` satisfies `{tests}` at once"
        ))
    })
}

/// `a or not a`: never false (though it can be unknown when `a` is).
fn complement(args: &[Condition]) -> Option<String> {
    opposite_pair(args).map(|(a, not_a)| format!("either `{a}` or `{not_a}` is true"))
}

/// A test and its opposite among `args`: `a` and `not a`, `x is missing` and `x is present`.
fn opposite_pair(args: &[Condition]) -> Option<(&Condition, &Condition)> {
    args.iter().find_map(|arg| {
        let opposite = match &arg.kind {
            ConditionKind::Not { arg: inner } if args.contains(inner) => {
                return Some((&**inner, arg));
            }
            ConditionKind::IsMissing { field } => ConditionKind::IsPresent {
                field: field.clone(),
            },
            _ => return None,
        };
        args.iter().find(|a| a.kind == opposite).map(|a| (arg, a))
    })
}

/// The comparisons of one value with fixed values in a test: `age(x) >= 18`, `tier in [...]`.
fn constraints(condition: &Condition) -> Vec<(&Operand, Range)> {
    let literal = |o: &Operand| match o {
        Operand::Literal { value } => value::literal(value),
        _ => None,
    };
    match &condition.kind {
        ConditionKind::Compare { cmp, left, right } => {
            let (operand, cmp, value) = match (literal(left), literal(right)) {
                (None, Some(v)) => (left, *cmp, v),
                (Some(v), None) => (right, cmp.flip(), v),
                _ => return Vec::new(),
            };
            if matches!(operand, Operand::Today) {
                return Vec::new();
            }
            let mut range = Range::default();
            range.add(cmp, value);
            vec![(operand, range)]
        }
        ConditionKind::In {
            operand,
            values,
            negated,
        } if !matches!(operand, Operand::Literal { .. } | Operand::Today) => {
            let values: Option<Vec<Val<'static>>> = values.iter().map(value::literal).collect();
            let Some(values) = values else {
                return Vec::new();
            };
            let mut range = Range::default();
            if *negated {
                range.excluded = values;
            } else {
                range.allowed = Some(values);
            }
            vec![(operand, range)]
        }
        _ => Vec::new(),
    }
}

/// The values one operand may have, given the tests on it so far.
#[derive(Clone, Debug, Default)]
struct Range {
    /// Lower bound and whether it is included.
    low: Option<(Val<'static>, bool)>,
    high: Option<(Val<'static>, bool)>,
    /// `== v` and `in [...]`: the value must be one of these.
    allowed: Option<Vec<Val<'static>>>,
    /// `!= v` and `not in [...]`.
    excluded: Vec<Val<'static>>,
}

impl Range {
    fn at_least(value: Val<'static>) -> Range {
        Range {
            low: Some((value, true)),
            ..Range::default()
        }
    }

    fn add(&mut self, cmp: CmpOp, value: Val<'static>) {
        match cmp {
            CmpOp::Eq => self.allow(vec![value]),
            CmpOp::Ne => self.excluded.push(value),
            CmpOp::Gt | CmpOp::Ge => self.raise(value, cmp == CmpOp::Ge),
            CmpOp::Lt | CmpOp::Le => self.lower(value, cmp == CmpOp::Le),
        }
    }

    fn allow(&mut self, values: Vec<Val<'static>>) {
        self.allowed = Some(match self.allowed.take() {
            None => values,
            Some(old) => old.into_iter().filter(|v| values.contains(v)).collect(),
        });
    }

    fn raise(&mut self, value: Val<'static>, inclusive: bool) {
        let tighter = match &self.low {
            None => true,
            Some((old, old_inclusive)) => match value::order(&value, old) {
                Some(std::cmp::Ordering::Greater) => true,
                Some(std::cmp::Ordering::Equal) => *old_inclusive && !inclusive,
                _ => false,
            },
        };
        if tighter {
            self.low = Some((value, inclusive));
        }
    }

    fn lower(&mut self, value: Val<'static>, inclusive: bool) {
        let tighter = match &self.high {
            None => true,
            Some((old, old_inclusive)) => match value::order(&value, old) {
                Some(std::cmp::Ordering::Less) => true,
                Some(std::cmp::Ordering::Equal) => *old_inclusive && !inclusive,
                _ => false,
            },
        };
        if tighter {
            self.high = Some((value, inclusive));
        }
    }

    fn merge(&mut self, other: Range) {
        if let Some((v, inclusive)) = other.low {
            self.raise(v, inclusive);
        }
        if let Some((v, inclusive)) = other.high {
            self.lower(v, inclusive);
        }
        if let Some(values) = other.allowed {
            self.allow(values);
        }
        self.excluded.extend(other.excluded);
    }

    fn intersect(&self, other: &Range) -> Range {
        let mut out = self.clone();
        out.merge(other.clone());
        out
    }

    fn contains(&self, value: &Val<'_>) -> bool {
        let above = match &self.low {
            None => true,
            Some((low, inclusive)) => match value::order(value, low) {
                Some(std::cmp::Ordering::Greater) => true,
                Some(std::cmp::Ordering::Equal) => *inclusive,
                _ => false,
            },
        };
        let below = match &self.high {
            None => true,
            Some((high, inclusive)) => match value::order(value, high) {
                Some(std::cmp::Ordering::Less) => true,
                Some(std::cmp::Ordering::Equal) => *inclusive,
                _ => false,
            },
        };
        above && below && !self.excluded.contains(value)
    }

    /// Whether some value passes every test. Values of different kinds never compare, so a
    /// bound of another kind is ignored rather than read as a contradiction.
    fn is_satisfiable(&self) -> bool {
        if let Some(allowed) = &self.allowed {
            return allowed.iter().any(|v| self.contains(v));
        }
        match (&self.low, &self.high) {
            (Some((low, low_inclusive)), Some((high, high_inclusive))) => {
                match value::order(low, high) {
                    Some(std::cmp::Ordering::Less) => true,
                    Some(std::cmp::Ordering::Equal) => {
                        *low_inclusive && *high_inclusive && !self.excluded.contains(low)
                    }
                    Some(std::cmp::Ordering::Greater) => false,
                    None => true,
                }
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f64) -> Val<'static> {
        Val::Number(Num::Float(v))
    }

    #[test]
    fn ranges() {
        let mut r = Range::default();
        r.add(CmpOp::Ge, n(18.0));
        r.add(CmpOp::Lt, n(16.0));
        assert!(!r.is_satisfiable());
        let mut r = Range::default();
        r.add(CmpOp::Ge, n(18.0));
        r.add(CmpOp::Le, n(18.0));
        assert!(r.is_satisfiable());
        r.add(CmpOp::Ne, n(18.0));
        assert!(!r.is_satisfiable());
        let mut r = Range::default();
        r.add(CmpOp::Eq, Val::Text("a".into()));
        r.add(CmpOp::Eq, Val::Text("b".into()));
        assert!(!r.is_satisfiable());
        let mut r = Range::default();
        r.allow(vec![Val::Text("a".into()), Val::Text("b".into())]);
        r.add(CmpOp::Ne, Val::Text("a".into()));
        assert!(r.is_satisfiable());
        r.add(CmpOp::Ne, Val::Text("b".into()));
        assert!(!r.is_satisfiable());
    }

    #[test]
    fn three_valued_combination() {
        let maybe = Outcomes::BOTH.or_unknown(true);
        let and = maybe.combine(Outcomes::FALSE, true);
        assert_eq!(and, Outcomes::FALSE);
        let or = maybe.combine(Outcomes::TRUE, false);
        assert_eq!(or, Outcomes::TRUE);
        assert!(maybe.combine(Outcomes::TRUE, true).can_be_unknown);
    }
}
