//! The output files' lines and the run summary (LANGUAGE.md section 10).
//!
//! - `NAME.jsonl`: the record as the recipient receives it, one line per record it receives.
//! - `decisions.jsonl`: per input record, per recipient: what was shared (field → form), what
//!   was withheld (field, the rule's `file:line`, and why), the obligations due, and the
//!   message to send when a `notify` leaves it to be generated (`words::notify`).
//! - `rejected.jsonl`: per rejected record, its line, its key if readable, the field and why.
//! - `summary.json`: counts per recipient, field, obligation, and rejections by reason.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::decide::{Outcome, Withheld};
use crate::ir::{Field, Form, Ir, Obligation, Recipient};
use crate::semantics::schema::Schema;
use crate::semantics::validate::{Rejection, display_path};
use crate::words::Words;
use crate::words::labels::Labels;

/// The key of a record for logs: the key field's value, when it can be read.
pub fn record_key(ir: &Ir, record: &Value) -> Value {
    ir.record
        .key
        .as_ref()
        .and_then(|k| record.get(k))
        .filter(|v| v.is_string() || v.is_number() || v.is_boolean())
        .cloned()
        .unwrap_or(Value::Null)
}

/// A record's key as a person types it (`--key C-1`, `--key 42`, `--key true`): text without
/// quotes, numbers and true/false as written; `None` when the record has no readable key.
pub fn key_text(ir: &Ir, record: &Value) -> Option<String> {
    match record_key(ir, record) {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// An obligation in a decision line: "delete after 30 days", "notify within 30 days".
fn obligation_words(obligation: &Obligation) -> String {
    match obligation {
        Obligation::Notify { within_days, .. } => format!("notify within {within_days} days"),
        Obligation::Delete { after_days, .. } => format!("delete after {after_days} days"),
    }
}

/// A leaf field's path and the form it is in (`None` where no form applies).
type FieldForm<'a> = (&'a str, Option<&'a Form>);

/// Leaf fields (with a form each) written as briefly as the record declaration allows: an
/// object or list whose every leaf is listed in the same form is written as the object's path
/// (`address` for all of `address.street`, `address.city`, ...). In declaration order.
pub fn brief_fields(fields: &[Field], items: &[FieldForm<'_>]) -> Vec<Value> {
    let mut out = Vec::new();
    brief(fields, items, &mut out);
    out
}

fn brief(fields: &[Field], items: &[FieldForm<'_>], out: &mut Vec<Value>) {
    let form_of = |path: &str| items.iter().find(|(p, _)| *p == path).map(|(_, f)| *f);
    let entry = |path: &str, form: Option<&Form>| match form {
        None | Some(Form::Raw) => Value::String(path.to_string()),
        Some(form) => Value::String(format!("{path} as {form}")),
    };
    for field in fields {
        if field.ty.is_leaf() {
            if let Some(form) = form_of(&field.path) {
                out.push(entry(&field.path, form));
            }
            continue;
        }
        let mut leaves = Vec::new();
        leaf_paths(field.ty.children(), &mut leaves);
        let forms: Vec<Option<Option<&Form>>> = leaves.iter().map(|l| form_of(l)).collect();
        let first = forms.first().copied().flatten();
        if let Some(form) = first {
            if forms.iter().all(|f| *f == Some(form)) {
                out.push(entry(&field.path, form));
                continue;
            }
        }
        brief(field.ty.children(), items, out);
    }
}

fn leaf_paths<'f>(fields: &'f [Field], out: &mut Vec<&'f str>) {
    for field in fields {
        if field.ty.is_leaf() {
            out.push(&field.path);
        } else {
            leaf_paths(field.ty.children(), out);
        }
    }
}

/// One recipient's entry in a `decisions.jsonl` line: what it receives (`field` or
/// `field as form`; absent when it receives nothing), what was withheld, grouped by the rule
/// that withheld it and why, the obligations due, and the generated `notify` message.
pub fn recipient_decision(
    ir: &Ir,
    words: &Words,
    recipient: &Recipient,
    receives: bool,
    shared: &[(String, Form)],
    withheld: &[Withheld],
) -> Value {
    let fields = ir.record.fields.as_slice();
    let mut entry = Map::new();
    // `shared` is there exactly when the recipient receives the record (as `[]` when what it
    // receives holds no value, such as an empty list).
    if receives {
        let items: Vec<FieldForm<'_>> = shared
            .iter()
            .map(|(f, form)| (f.as_str(), Some(form)))
            .collect();
        entry.insert("shared".into(), Value::Array(brief_fields(fields, &items)));
    }
    if !withheld.is_empty() {
        let mut groups: Vec<(&Withheld, Vec<FieldForm<'_>>)> = Vec::new();
        for w in withheld {
            match groups
                .iter_mut()
                .find(|(g, _)| g.rule == w.rule && g.why == w.why)
            {
                Some((_, members)) => members.push((&w.field, None)),
                None => groups.push((w, vec![(&w.field, None)])),
            }
        }
        let groups: Vec<Value> = groups
            .into_iter()
            .map(|(w, members)| {
                json!({
                    "fields": brief_fields(fields, &members),
                    "rule": w.rule.to_string(),
                    "why": w.why.as_str(),
                })
            })
            .collect();
        entry.insert("withheld".into(), Value::Array(groups));
    }
    if receives && !recipient.obligations.is_empty() {
        let obligations = recipient
            .obligations
            .iter()
            .map(|o| Value::String(obligation_words(o)))
            .collect();
        entry.insert("obligations".into(), Value::Array(obligations));
    }
    let generated = recipient
        .obligations
        .iter()
        .any(|o| matches!(o, Obligation::Notify { message: None, .. }));
    if receives && generated {
        let labels = Labels::new(ir, words);
        let message = crate::words::notify::message(&labels, recipient, shared);
        entry.insert("message".into(), Value::String(message));
    }
    Value::Object(entry)
}

/// One line of `decisions.jsonl` for an accepted record.
pub fn decision_line(
    ir: &Ir,
    words: &Words,
    line: u64,
    key: &Value,
    outcomes: &[Outcome],
) -> Value {
    let mut recipients = Map::new();
    for (recipient, outcome) in ir.recipients.iter().zip(outcomes) {
        recipients.insert(
            recipient.name.clone(),
            recipient_decision(
                ir,
                words,
                recipient,
                outcome.receives(),
                &outcome.shared,
                &outcome.withheld,
            ),
        );
    }
    json!({ "line": line, "key": key, "recipients": recipients })
}

/// One line of `rejected.jsonl` (and of `decisions.jsonl`, under `rejected`).
pub fn rejection_json(line: u64, key: &Value, rejection: &Rejection) -> Value {
    json!({
        "line": line,
        "key": key,
        "field": if rejection.path.is_empty() { Value::Null } else { Value::String(display_path(&rejection.path)) },
        "reason": rejection.reason.as_str(),
        "message": rejection.message,
    })
}

/// The decisions line of a rejected record: nothing went to anyone.
pub fn rejected_decision_line(line: u64, key: &Value, rejection: &Rejection) -> Value {
    json!({
        "line": line,
        "key": key,
        "rejected": {
            "field": if rejection.path.is_empty() { Value::Null } else { Value::String(display_path(&rejection.path)) },
            "reason": rejection.reason.as_str(),
            "message": rejection.message,
        },
    })
}

/// Counts for `summary.json`; chunks processed apart are merged in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// Per recipient (IR order): records received.
    pub received: Vec<u64>,
    /// Per recipient, per leaf (declaration order): records in which the field was shared.
    pub fields: Vec<Vec<u64>>,
    pub rejections: BTreeMap<&'static str, u64>,
}

impl Summary {
    pub fn new(ir: &Ir, fields: &Schema) -> Self {
        Summary {
            received: vec![0; ir.recipients.len()],
            fields: vec![vec![0; fields.leaves().len()]; ir.recipients.len()],
            ..Summary::default()
        }
    }

    pub fn count_accepted(&mut self, fields: &Schema, outcomes: &[Outcome]) {
        self.read += 1;
        self.accepted += 1;
        for (i, outcome) in outcomes.iter().enumerate() {
            if !outcome.receives() {
                continue;
            }
            if let Some(n) = self.received.get_mut(i) {
                *n += 1;
            }
            for (field, _) in &outcome.shared {
                if let (Some(pos), Some(counts)) = (fields.position(field), self.fields.get_mut(i))
                {
                    if let Some(n) = counts.get_mut(pos) {
                        *n += 1;
                    }
                }
            }
        }
    }

    /// Counts one more record that recipient `index` receives, with the leaves shared.
    pub fn count_received(&mut self, index: usize, leaves: impl Iterator<Item = usize>) {
        if let Some(n) = self.received.get_mut(index) {
            *n += 1;
        }
        if let Some(counts) = self.fields.get_mut(index) {
            for leaf in leaves {
                if let Some(n) = counts.get_mut(leaf) {
                    *n += 1;
                }
            }
        }
    }

    pub fn count_rejected(&mut self, rejection: &Rejection) {
        self.read += 1;
        self.rejected += 1;
        *self
            .rejections
            .entry(rejection.reason.as_str())
            .or_default() += 1;
    }

    pub fn merge(&mut self, other: &Summary) {
        self.read += other.read;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        for (a, b) in self.received.iter_mut().zip(&other.received) {
            *a += b;
        }
        for (a, b) in self.fields.iter_mut().zip(&other.fields) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (reason, n) in &other.rejections {
            *self.rejections.entry(reason).or_default() += n;
        }
    }

    /// `summary.json`.
    pub fn to_json(&self, ir: &Ir, fields: &Schema, as_of: &str) -> Value {
        let mut recipients = Map::new();
        let mut by_field: BTreeMap<usize, Map<String, Value>> = BTreeMap::new();
        let mut obligations = Vec::new();
        for (i, recipient) in ir.recipients.iter().enumerate() {
            let received = self.received.get(i).copied().unwrap_or(0);
            let mut shared = Map::new();
            if let Some(counts) = self.fields.get(i) {
                for (pos, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                    if let Some(leaf) = fields.leaves().get(pos) {
                        shared.insert(leaf.clone(), json!(n));
                        by_field
                            .entry(pos)
                            .or_default()
                            .insert(recipient.name.clone(), json!(n));
                    }
                }
            }
            recipients.insert(
                recipient.name.clone(),
                json!({ "records": received, "fields": shared }),
            );
            for obligation in &recipient.obligations {
                let (kind, text) = match obligation {
                    Obligation::Notify { within_days, .. } => {
                        ("notify", format!("notify within {within_days} days"))
                    }
                    Obligation::Delete { after_days, .. } => {
                        ("delete", format!("delete after {after_days} days"))
                    }
                };
                let mut entry = json!({
                    "recipient": recipient.name,
                    "type": kind,
                    "obligation": text,
                    "rule": obligation.loc().to_string(),
                    "records": received,
                });
                // A written message is the same for every record; a generated one is in each
                // record's line of decisions.jsonl.
                if let (Obligation::Notify { message, .. }, Some(map)) =
                    (obligation, entry.as_object_mut())
                {
                    match message {
                        Some(text) => map.insert("message".into(), Value::String(text.clone())),
                        None => map.insert("generated".into(), Value::Bool(true)),
                    };
                }
                obligations.push(entry);
            }
        }
        let fields_json: Map<String, Value> = by_field
            .into_iter()
            .filter_map(|(pos, per)| Some((fields.leaves().get(pos)?.clone(), Value::Object(per))))
            .collect();
        json!({
            "policy": {
                "title": ir.policy.title,
                "version": ir.policy.version,
                "file": ir.source.file,
                "sha256": ir.source.sha256,
            },
            "as_of": as_of,
            "records": {
                "read": self.read,
                "accepted": self.accepted,
                "rejected": self.rejected,
            },
            "recipients": recipients,
            "fields": fields_json,
            "obligations": obligations,
            "rejections": self.rejections,
        })
    }
}
