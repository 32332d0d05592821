//! Conditions in words: a condition of the IR as plain sentences a customer understands.
//!
//! A condition becomes a list of requirements that must all hold, each "only if ..." or
//! "not if ..." ("only if you agreed that we may sell contact details", "not if you asked us
//! not to sell your data", "only if you are 16 or older"). Inside a requirement, `and` and
//! `or` become lists ("only if at least one of these applies:" followed by the items), never
//! words joined by operators, so nesting cannot be misread. `not` is pushed down to the
//! comparisons and yes/no fields it applies to (De Morgan), where it has words of its own
//! ("you are under 16", "you have not agreed ...").
//!
//! What it does not do: decide anything. The sentences say when a rule lets data go; which
//! rules apply to which field is for the caller.

use serde::Serialize;

use super::labels::{Labels, YesNo};
use super::{Arg, Words};
use crate::ir::{CmpOp, Condition, ConditionKind, FieldType, Function, Literal, Operand};

/// Text to show: one line, or an introduction followed by a list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Said {
    Line(String),
    List { text: String, items: Vec<Said> },
}

impl Said {
    /// On one line, for a table cell or a JSON string: "only if at least one of these
    /// applies: you ...; or you ...".
    pub fn inline(&self, words: &Words) -> String {
        match self {
            Said::Line(text) => text.clone(),
            Said::List { text, items } => {
                let any = text == &words.text("only-if-any") || text == &words.text("any-of");
                let separator = if any {
                    words.text("inline-or")
                } else {
                    words.text("inline-separator")
                };
                let items: Vec<String> = items.iter().map(|i| i.inline(words)).collect();
                format!("{text} {}", items.join(&separator))
            }
        }
    }
}

/// A condition in negation normal form: `not` only on single comparisons.
#[derive(Clone, Debug, PartialEq)]
enum Stmt {
    /// A condition that is not `and`, `or`, `not` or a constant, and whether it must hold
    /// (`true`) or must not.
    Atom(Condition, bool),
    All(Vec<Stmt>),
    Any(Vec<Stmt>),
    Const(bool),
}

fn normal(cond: &Condition, positive: bool) -> Stmt {
    match &cond.kind {
        ConditionKind::Constant { value } => Stmt::Const(*value == positive),
        ConditionKind::Not { arg } => normal(arg, !positive),
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            let items = args.iter().map(|a| normal(a, positive)).collect();
            if matches!(cond.kind, ConditionKind::And { .. }) == positive {
                all(items)
            } else {
                any(items)
            }
        }
        ConditionKind::Compare { cmp, left, right } => match yes_no_compared(*cmp, left, right) {
            // `consent == false` is `not consent`: one meaning, one wording.
            Some((field, yes)) => Stmt::Atom(
                Condition::new(ConditionKind::IsTrue {
                    field: field.to_string(),
                }),
                yes == positive,
            ),
            None => Stmt::Atom(cond.clone(), positive),
        },
        _ => Stmt::Atom(cond.clone(), positive),
    }
}

/// A yes/no field compared with `true` or `false`: the field, and whether it must be yes.
fn yes_no_compared<'c>(
    cmp: CmpOp,
    left: &'c Operand,
    right: &'c Operand,
) -> Option<(&'c str, bool)> {
    let (path, value) = match (left, right) {
        (
            Operand::Field { path },
            Operand::Literal {
                value: Literal::Bool(b),
            },
        )
        | (
            Operand::Literal {
                value: Literal::Bool(b),
            },
            Operand::Field { path },
        ) => (path, *b),
        _ => return None,
    };
    match cmp {
        CmpOp::Eq => Some((path, value)),
        CmpOp::Ne => Some((path, !value)),
        _ => None,
    }
}

/// `and` of the items, flattened, constants folded.
fn all(items: Vec<Stmt>) -> Stmt {
    let mut out = Vec::new();
    for item in items {
        match item {
            Stmt::Const(true) => {}
            Stmt::Const(false) => return Stmt::Const(false),
            Stmt::All(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    match out.len() {
        0 => Stmt::Const(true),
        1 => out.pop().unwrap_or(Stmt::Const(true)),
        _ => Stmt::All(out),
    }
}

/// `or` of the items, flattened, constants folded.
fn any(items: Vec<Stmt>) -> Stmt {
    let mut out = Vec::new();
    for item in items {
        match item {
            Stmt::Const(false) => {}
            Stmt::Const(true) => return Stmt::Const(true),
            Stmt::Any(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    match out.len() {
        0 => Stmt::Const(false),
        1 => out.pop().unwrap_or(Stmt::Const(false)),
        _ => Stmt::Any(out),
    }
}

/// When a rule lets data go, as requirements that must all hold: `None` when it never does
/// (a condition that is always false), an empty list when it always does.
#[derive(Debug)]
pub struct Requirements {
    stmt: Stmt,
}

impl Requirements {
    /// Data goes when `cond` holds.
    pub fn when(cond: &Condition) -> Requirements {
        Requirements {
            stmt: normal(cond, true),
        }
    }

    /// Data goes when `cond` does not hold.
    pub fn unless(cond: &Condition) -> Requirements {
        Requirements {
            stmt: normal(cond, false),
        }
    }

    /// Data goes always.
    pub fn always() -> Requirements {
        Requirements {
            stmt: Stmt::Const(true),
        }
    }

    /// Data goes never.
    pub fn never() -> Requirements {
        Requirements {
            stmt: Stmt::Const(false),
        }
    }

    /// Both must hold.
    pub fn and(self, other: Requirements) -> Requirements {
        Requirements {
            stmt: all(vec![self.stmt, other.stmt]),
        }
    }

    /// Either may hold.
    pub fn or(self, other: Requirements) -> Requirements {
        Requirements {
            stmt: any(vec![self.stmt, other.stmt]),
        }
    }

    /// Whether data always goes.
    pub fn is_always(&self) -> bool {
        self.stmt == Stmt::Const(true)
    }

    /// Whether data can never go.
    pub fn is_never(&self) -> bool {
        self.stmt == Stmt::Const(false)
    }

    /// The requirements in words, each "only if ..." or "not if ...", without repeats; empty
    /// when data always goes (and when it never does: see [`Requirements::is_never`]).
    pub fn say(&self, labels: &Labels<'_>) -> Vec<Said> {
        let items = match &self.stmt {
            Stmt::All(items) => items.iter().collect(),
            Stmt::Const(_) => Vec::new(),
            other => vec![other],
        };
        let mut out: Vec<Said> = Vec::new();
        for item in items {
            let said = requirement(item, labels);
            if !out.contains(&said) {
                out.push(said);
            }
        }
        out
    }

    /// The condition as one statement (for "We never give ... if ..."): a line, or a list.
    pub fn statement(&self, labels: &Labels<'_>) -> Said {
        statement(&self.stmt, labels)
    }
}

/// One top-level requirement.
fn requirement(stmt: &Stmt, labels: &Labels<'_>) -> Said {
    let words = labels.words();
    let line =
        |id: &str, text: String| Said::Line(words.say(id, &[("condition", Arg::Text(text))]));
    match stmt {
        Stmt::Atom(cond, true) => line("only-if", atom(cond, true, labels)),
        // "not if you asked us not to sell your data"; but a comparison or a presence test
        // has words for its opposite: "only if we have your email address", not "not if we
        // do not have ...".
        Stmt::Atom(cond, false) if matches!(cond.kind, ConditionKind::IsTrue { .. }) => {
            line("not-if", atom(cond, true, labels))
        }
        Stmt::Atom(cond, false) => line("only-if", atom(cond, false, labels)),
        // At least one must hold; when each is a "must not", it reads better as "not if all".
        Stmt::Any(items) if items.iter().all(|i| matches!(i, Stmt::Atom(_, false))) => Said::List {
            text: words.text("not-if-all"),
            items: items.iter().map(|i| flipped(i, labels)).collect(),
        },
        Stmt::Any(items) => Said::List {
            text: words.text("only-if-any"),
            items: items.iter().map(|i| statement(i, labels)).collect(),
        },
        Stmt::All(items) => Said::List {
            text: words.text("only-if-all"),
            items: items.iter().map(|i| statement(i, labels)).collect(),
        },
        Stmt::Const(value) => Said::Line(constant(*value, words)),
    }
}

/// A "must not" atom said as what must not hold.
fn flipped(stmt: &Stmt, labels: &Labels<'_>) -> Said {
    match stmt {
        Stmt::Atom(cond, positive) => Said::Line(atom(cond, !positive, labels)),
        other => statement(other, labels),
    }
}

/// A statement inside a list.
fn statement(stmt: &Stmt, labels: &Labels<'_>) -> Said {
    let words = labels.words();
    match stmt {
        Stmt::Atom(cond, positive) => Said::Line(atom(cond, *positive, labels)),
        Stmt::All(items) => Said::List {
            text: words.text("all-of"),
            items: items.iter().map(|i| statement(i, labels)).collect(),
        },
        Stmt::Any(items) => Said::List {
            text: words.text("any-of"),
            items: items.iter().map(|i| statement(i, labels)).collect(),
        },
        Stmt::Const(value) => Said::Line(constant(*value, words)),
    }
}

fn constant(value: bool, words: &Words) -> String {
    words.say("constant", &[("value", Arg::Text(value.to_string()))])
}

/// A single condition (not `and`/`or`/`not`), holding (`positive`) or not.
fn atom(cond: &Condition, positive: bool, labels: &Labels<'_>) -> String {
    let words = labels.words();
    match &cond.kind {
        ConditionKind::IsTrue { field } => yes_no(field, positive, labels),
        ConditionKind::IsMissing { field } => presence(field, !positive, labels),
        ConditionKind::IsPresent { field } => presence(field, positive, labels),
        ConditionKind::In {
            operand,
            values,
            negated,
        } => {
            let negated = *negated == positive;
            if let [one] = values.as_slice() {
                let cmp = if negated { CmpOp::Ne } else { CmpOp::Eq };
                let value = Operand::Literal { value: one.clone() };
                return generic(cmp, operand, &value, labels);
            }
            let values: Vec<String> = values.iter().map(|v| literal(v, words)).collect();
            words.say(
                "one-of",
                &[
                    ("subject", Arg::Text(subject(operand, labels))),
                    ("values", Arg::Text(words.join(&values, "list-or"))),
                    (
                        "negated",
                        Arg::Text(if negated { "yes" } else { "no" }.into()),
                    ),
                ],
            )
        }
        ConditionKind::Compare { cmp, left, right } => {
            let cmp = if positive { *cmp } else { cmp.negate() };
            compare(cmp, left, right, labels)
        }
        ConditionKind::Constant { value } => constant(*value == positive, words),
        ConditionKind::Not { .. } | ConditionKind::And { .. } | ConditionKind::Or { .. } => {
            let said = statement(&normal(cond, positive), labels);
            said.inline(words)
        }
    }
}

fn yes_no(field: &str, yes: bool, labels: &Labels<'_>) -> String {
    let words = labels.words();
    match labels.yes_no(field) {
        YesNo::Said { yes: y, no: n } => {
            words.say("yes", &[("phrase", Arg::Text(if yes { y } else { n }))])
        }
        YesNo::Quoted(label) => words.say(
            if yes { "yes-quoted" } else { "no-quoted" },
            &[("label", Arg::Text(label))],
        ),
    }
}

/// `is present` (`known`) or `is missing`.
fn presence(field: &str, known: bool, labels: &Labels<'_>) -> String {
    let words = labels.words();
    if labels.is_yes_no(field) {
        return match labels.yes_no(field) {
            YesNo::Said { yes, .. } => words.say(
                if known {
                    "known-yes-no"
                } else {
                    "unknown-yes-no"
                },
                &[("phrase", Arg::Text(yes))],
            ),
            YesNo::Quoted(label) => words.say(
                if known {
                    "known-quoted"
                } else {
                    "unknown-quoted"
                },
                &[("label", Arg::Text(label))],
            ),
        };
    }
    words.say(
        if known { "known" } else { "unknown" },
        &[("field", Arg::Text(labels.phrase(field)))],
    )
}

fn op_name(cmp: CmpOp) -> &'static str {
    match cmp {
        CmpOp::Eq => "eq",
        CmpOp::Ne => "ne",
        CmpOp::Lt => "lt",
        CmpOp::Le => "le",
        CmpOp::Gt => "gt",
        CmpOp::Ge => "ge",
    }
}

fn is_value(operand: &Operand) -> bool {
    matches!(operand, Operand::Literal { .. } | Operand::Today)
}

fn compare(cmp: CmpOp, left: &Operand, right: &Operand, labels: &Labels<'_>) -> String {
    // The thing about the customer first: `16 <= age(birth_date)` reads as "you are 16 or older".
    let (cmp, left, right) = if is_value(left) && !is_value(right) {
        (cmp.flip(), right, left)
    } else {
        (cmp, left, right)
    };
    let words = labels.words();
    let op = || ("op", Arg::Text(op_name(cmp).to_string()));
    match (left, right) {
        (
            Operand::Field { path },
            Operand::Literal {
                value: Literal::Bool(b),
            },
        ) => {
            let yes = *b == (cmp == CmpOp::Eq);
            yes_no(path, yes, labels)
        }
        (
            Operand::Call { function, arg },
            Operand::Literal {
                value: Literal::Number(n),
            },
        ) => {
            let n = ("n", Arg::Number(n.to_string()));
            match (function, arg.as_ref()) {
                (Function::Age, Operand::Field { path }) if labels.is_birth_date(path) => {
                    words.say("age", &[op(), n])
                }
                (Function::Age, date) => words.say(
                    "years-since",
                    &[op(), n, ("date", Arg::Text(subject(date, labels)))],
                ),
                (Function::DaysSince, date) => words.say(
                    "days-since",
                    &[op(), n, ("date", Arg::Text(subject(date, labels)))],
                ),
                _ => generic(cmp, left, right, labels),
            }
        }
        _ => generic(cmp, left, right, labels),
    }
}

fn generic(cmp: CmpOp, left: &Operand, right: &Operand, labels: &Labels<'_>) -> String {
    let words = labels.words();
    let dates = is_date(left, labels) || is_date(right, labels);
    let same = !is_value(right) && matches!(cmp, CmpOp::Eq | CmpOp::Ne);
    let id = if same {
        "compare-same"
    } else if dates {
        "compare-date"
    } else {
        "compare"
    };
    words.say(
        id,
        &[
            ("subject", Arg::Text(subject(left, labels))),
            ("op", Arg::Text(op_name(cmp).to_string())),
            ("object", Arg::Text(subject(right, labels))),
        ],
    )
}

fn is_date(operand: &Operand, labels: &Labels<'_>) -> bool {
    match operand {
        Operand::Today
        | Operand::Literal {
            value: Literal::Date(_),
        } => true,
        Operand::Field { path } => labels.field_type(path) == Some(&FieldType::Date),
        _ => false,
    }
}

/// An operand as a noun phrase: "your ZIP code", "your age", "1 January 2026".
fn subject(operand: &Operand, labels: &Labels<'_>) -> String {
    let words = labels.words();
    match operand {
        Operand::Field { path } => labels.phrase(path),
        Operand::Literal { value } => literal(value, words),
        Operand::Today => words.text("today"),
        Operand::Call { function, arg } => {
            let inner = || Arg::Text(subject(arg, labels));
            match (function, arg.as_ref()) {
                (Function::Age, Operand::Field { path }) if labels.is_birth_date(path) => {
                    words.text("your-age")
                }
                (Function::Age, _) => words.say("years-since-subject", &[("date", inner())]),
                (Function::DaysSince, _) => words.say("days-since-subject", &[("date", inner())]),
                (Function::Count, Operand::Field { path }) => words.say(
                    "count-subject",
                    &[("what", Arg::Text(super::lower_first(&labels.label(path))))],
                ),
                (Function::Count, _) => subject(arg, labels),
                (Function::Lower, _) => words.say("ignoring-case", &[("subject", inner())]),
            }
        }
    }
}

fn literal(value: &Literal, words: &Words) -> String {
    match value {
        Literal::Text(text) => words.say("text-value", &[("value", Arg::Text(text.clone()))]),
        Literal::Number(n) => n.to_string(),
        Literal::Date(date) => words.date(date),
        Literal::Bool(true) => words.text("value-yes"),
        Literal::Bool(false) => words.text("value-no"),
    }
}
