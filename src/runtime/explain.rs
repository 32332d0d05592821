//! `shareguard explain`: why each recipient gets what it gets from one record, in words.
//!
//! Every rule of every recipient is listed with the value of each of its conditions (true,
//! false or unknown) and the field values those conditions read, then what the recipient
//! receives. Fields are shown with their labels; rules as written in the policy.

use std::fmt::Write as _;

use serde_json::Value;

use super::Runtime;
use super::decide::{self, Why};
use crate::ir::{Condition, ConditionKind, Obligation, Operand, Recipient};
use crate::semantics::eval::{self, Memo};
use crate::semantics::record::{JsonRecord, lookup};
use crate::semantics::schema::Schema;
use crate::semantics::value::Truth;
use crate::words::labels::Labels;
use crate::words::notify;

/// One record as `explain` reads it: the policy's conditions are evaluated by the one
/// evaluator, each once.
struct Env<'a> {
    runtime: &'a Runtime,
    record: &'a Value,
    memo: std::cell::RefCell<Memo>,
}

impl Env<'_> {
    fn fields(&self) -> &Schema {
        self.runtime.schema()
    }

    fn view(&self) -> JsonRecord<'_> {
        JsonRecord {
            value: self.record,
            schema: self.runtime.schema(),
        }
    }

    /// The value of a condition of the policy.
    fn eval(&self, condition: &Condition) -> Truth {
        let program = &self.runtime.rules().program;
        match program.id(condition) {
            Some(id) => program.eval(
                id,
                &self.view(),
                self.runtime.as_of(),
                &mut self.memo.borrow_mut(),
            ),
            None => Truth::Unknown,
        }
    }

    /// The value of an operand, in words.
    fn operand(&self, op: &Operand) -> Option<String> {
        let compiled = eval::operand(op, self.fields()).ok()?;
        let view = self.view();
        eval::operand_value(&compiled, &view, self.runtime.as_of()).map(|v| v.to_string())
    }
}

/// Explains one valid record; `only` narrows it to one recipient.
pub fn explain(runtime: &Runtime, record: &Value, line: u64, only: Option<&str>) -> String {
    let ir = runtime.ir();
    let as_of = runtime.as_of();
    let mut out = String::new();
    let key = super::output::key_text(ir, record).unwrap_or_else(|| "(no key)".to_string());
    let _ = writeln!(
        out,
        "Record {key} (input line {line}), evaluated as of {}",
        as_of.format("%Y-%m-%d")
    );
    let version = ir
        .policy
        .version
        .as_deref()
        .map(|v| format!(", version {v}"))
        .unwrap_or_default();
    let _ = writeln!(out, "Policy: {}{version}", ir.policy.title);
    let env = Env {
        runtime,
        record,
        memo: std::cell::RefCell::new(runtime.rules().program.memo()),
    };
    for (index, recipient) in ir.recipients.iter().enumerate() {
        if only.is_some_and(|name| name != recipient.name) {
            continue;
        }
        out.push('\n');
        recipient_section(&mut out, index, recipient, &env);
    }
    out
}

fn recipient_section(out: &mut String, index: usize, recipient: &Recipient, env: &Env<'_>) {
    let decision = decide::decide(env.runtime, index, env.record, &mut env.memo.borrow_mut());
    let _ = writeln!(
        out,
        "{} ({}, {})",
        recipient.title(),
        recipient.name,
        recipient.kind.as_str()
    );
    let _ = writeln!(out, "  Purpose: {}", recipient.purpose);
    for (rule, status) in recipient.shares.iter().zip(&decision.shares) {
        let verdict = match status {
            Ok(()) => "applies".to_string(),
            Err(why) => format!("does not apply: {}", why.describe()),
        };
        let _ = writeln!(out, "  {}   [{}]", rule.text, rule.loc);
        let _ = writeln!(out, "    -> {verdict}");
        clause(out, "when", rule.when.as_ref(), env);
        clause(out, "unless", rule.unless.as_ref(), env);
    }
    let outcome = &decision.outcome;
    for (rule, applies) in recipient.nevers.iter().zip(&decision.nevers) {
        let removed: Vec<String> = outcome
            .withheld
            .iter()
            .filter(|w| w.why == Why::Never && w.rule == rule.loc)
            .map(|w| field_words(env, &w.field))
            .collect();
        let verdict = if !applies {
            "does not apply".to_string()
        } else if removed.is_empty() && rule.raw {
            "applies, but covers only untransformed values, and this recipient would not get any \
             of its fields untransformed from this record anyway"
                .to_string()
        } else if removed.is_empty() {
            "applies, but this recipient would not get those fields from this record anyway"
                .to_string()
        } else {
            format!("applies and withholds: {}", removed.join(", "))
        };
        let _ = writeln!(out, "  {}   [{}]", rule.text, rule.loc);
        let _ = writeln!(out, "    -> {verdict}");
        clause(out, "when", rule.when.as_ref(), env);
        clause(out, "unless", rule.unless.as_ref(), env);
    }
    match &outcome.output {
        None => {
            let _ = writeln!(out, "  Receives nothing from this record.");
        }
        Some(output) => {
            let _ = writeln!(out, "  Receives:");
            for (field, form) in &outcome.shared {
                let how = match form {
                    crate::ir::Form::Raw => "as it is".to_string(),
                    other => format!("as {other}"),
                };
                let _ = writeln!(out, "    {}, {how}", field_words(env, field));
            }
            let _ = writeln!(out, "  Output: {output}");
            for obligation in &recipient.obligations {
                let text = match obligation {
                    Obligation::Notify {
                        message: Some(message),
                        within_days,
                        ..
                    } => {
                        format!("the customer must be told within {within_days} days: {message:?}")
                    }
                    Obligation::Notify {
                        message: None,
                        within_days,
                        ..
                    } => {
                        let labels = Labels::new(env.runtime.ir(), env.runtime.words());
                        let message = notify::message(&labels, recipient, &outcome.shared);
                        format!(
                            "the customer must be told within {within_days} days (message \
                             generated from what this record sent): {message:?}"
                        )
                    }
                    Obligation::Delete { after_days, .. } => format!(
                        "{} must delete its copy after {after_days} days",
                        recipient.title()
                    ),
                };
                let _ = writeln!(out, "  Obligation: {text}   [{}]", obligation.loc());
            }
        }
    }
    // Withheld fields, grouped by the rule and reason that withheld them.
    let mut groups: Vec<(&Why, &crate::ir::Loc, Vec<String>)> = Vec::new();
    for w in &outcome.withheld {
        let words = field_words(env, &w.field);
        match groups
            .iter_mut()
            .find(|(why, loc, _)| **why == w.why && **loc == w.rule)
        {
            Some((_, _, fields)) => fields.push(words),
            None => groups.push((&w.why, &w.rule, vec![words])),
        }
    }
    for (why, loc, fields) in groups {
        let why = match why {
            Why::Never => "a `never share` rule applies".to_string(),
            other => format!(
                "the `share` rule's {}",
                other.describe().trim_start_matches("its ")
            ),
        };
        let _ = writeln!(out, "  Withheld because {why}   [{loc}]:");
        let _ = writeln!(out, "    {}", fields.join(", "));
    }
}

/// "Label (path)", or the path when the field has no label.
fn field_words(env: &Env<'_>, field: &str) -> String {
    let label = env.fields().label(field);
    if label == field {
        field.to_string()
    } else {
        format!("{label} ({field})")
    }
}

fn clause(out: &mut String, word: &str, condition: Option<&Condition>, env: &Env<'_>) {
    if let Some(condition) = condition {
        condition_tree(out, word, condition, env, 3);
    }
}

/// One line per condition and sub-condition, with its value and what it read.
fn condition_tree(
    out: &mut String,
    prefix: &str,
    condition: &Condition,
    env: &Env<'_>,
    depth: usize,
) {
    let truth = env.eval(condition);
    let indent = "  ".repeat(depth);
    let reads = reads(condition, env);
    let reads = if reads.is_empty()
        || matches!(
            condition.kind,
            ConditionKind::And { .. } | ConditionKind::Or { .. } | ConditionKind::Not { .. }
        ) {
        String::new()
    } else {
        format!("   ({})", reads.join("; "))
    };
    let label = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix} ")
    };
    let _ = writeln!(out, "{indent}{label}{condition} is {}{reads}", word(truth));
    match &condition.kind {
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            for arg in args {
                condition_tree(out, "", arg, env, depth + 1);
            }
        }
        ConditionKind::Not { arg } => condition_tree(out, "", arg, env, depth + 1),
        _ => {}
    }
}

fn word(truth: Truth) -> &'static str {
    match truth {
        Truth::True => "TRUE",
        Truth::False => "FALSE",
        Truth::Unknown => "UNKNOWN",
    }
}

/// The field values a condition reads, in words.
fn reads(condition: &Condition, env: &Env<'_>) -> Vec<String> {
    let mut paths = Vec::new();
    collect_fields(condition, &mut paths);
    let mut out: Vec<String> = Vec::new();
    for path in paths {
        let label = env.fields().label(&path);
        let shown = match lookup(env.record, &path) {
            Some(Value::Array(items)) => format!("a list of {}", items.len()),
            Some(value) => value.to_string(),
            None => "missing".to_string(),
        };
        let text = if label == path {
            format!("{path} = {shown}")
        } else {
            format!("{label} ({path}) = {shown}")
        };
        if !out.contains(&text) {
            out.push(text);
        }
    }
    if let Some(value) = computed(condition, env) {
        out.push(value);
    }
    out
}

/// For a comparison with a function (`age(birth_date) >= 18`), the function's value.
fn computed(condition: &Condition, env: &Env<'_>) -> Option<String> {
    let ConditionKind::Compare { left, right, .. } = &condition.kind else {
        return None;
    };
    let call = [left, right]
        .into_iter()
        .find(|o| matches!(o, Operand::Call { .. }))?;
    let value = env.operand(call).unwrap_or_else(|| "unknown".to_string());
    Some(format!("{call} = {value}"))
}

fn collect_fields(condition: &Condition, out: &mut Vec<String>) {
    fn operand(op: &Operand, out: &mut Vec<String>) {
        match op {
            Operand::Field { path } => out.push(path.clone()),
            Operand::Call { arg, .. } => operand(arg, out),
            Operand::Literal { .. } | Operand::Today => {}
        }
    }
    match &condition.kind {
        ConditionKind::Constant { .. } => {}
        ConditionKind::IsTrue { field }
        | ConditionKind::IsMissing { field }
        | ConditionKind::IsPresent { field } => {
            out.push(field.clone());
        }
        ConditionKind::Not { arg } => collect_fields(arg, out),
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            for arg in args {
                collect_fields(arg, out);
            }
        }
        ConditionKind::Compare { left, right, .. } => {
            operand(left, out);
            operand(right, out);
        }
        ConditionKind::In { operand: op, .. } => operand(op, out),
    }
}
