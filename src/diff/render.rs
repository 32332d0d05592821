//! The report of a comparison: for people (each change with the customer's story), for a
//! pull-request comment (Markdown: a summary line, then a table per recipient), and for
//! programs (JSON, as LANGUAGE.md section 13 says).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::story::phrase;
use super::{Change, ChangeKind, Diff, Example};
use crate::ir::Form;

/// The report as JSON: `{"equivalent", "proved", "changes": [...], "notes"}`.
pub fn json(diff: &Diff) -> Value {
    let changes: Vec<Value> = diff.changes.iter().map(|c| change_json(diff, c)).collect();
    json!({
        "equivalent": diff.equivalent(),
        "proved": diff.proved,
        "changes": changes,
        "notes": diff.notes,
    })
}

fn form_text(form: Option<&Form>) -> Value {
    form.map_or(Value::Null, |f| Value::String(f.to_string()))
}

fn witness_json(diff: &Diff, change: &Change, example: Option<&Example>) -> Value {
    example.map_or(Value::Null, |e| {
        json!({
            "as_of": e.as_of.format("%Y-%m-%d").to_string(),
            "record": e.record,
            "story": story(diff, change, e),
        })
    })
}

fn change_json(diff: &Diff, change: &Change) -> Value {
    let mut out = json!({
        "recipient": change.recipient,
        "change": change.kind.as_str(),
        "field": change.field,
        "old_form": form_text(change.old_form.as_ref()),
        "new_form": form_text(change.new_form.as_ref()),
        "attribute": change.attribute,
        "old": change.old,
        "new": change.new,
        "witness": witness_json(diff, change, change.witness.as_ref()),
    });
    if let Value::Object(map) = &mut out {
        if change.narrowed.is_some() {
            map.insert(
                "narrowed_witness".into(),
                witness_json(diff, change, change.narrowed.as_ref()),
            );
        }
        if matches!(
            change.kind,
            ChangeKind::RecipientAdded | ChangeKind::RecipientRemoved
        ) {
            let fields: Vec<Value> = change
                .fields
                .iter()
                .map(|(f, form)| json!({"field": f, "form": form.to_string()}))
                .collect();
            map.insert("fields".into(), Value::Array(fields));
        }
    }
    out
}

// ------------------------------------------------------------------ words

fn title(diff: &Diff, recipient: &str) -> String {
    diff.titles
        .get(recipient)
        .cloned()
        .unwrap_or_else(|| recipient.to_string())
}

fn label(diff: &Diff, path: &str) -> String {
    diff.labels
        .get(path)
        .map_or_else(|| path.to_string(), |l| phrase(l))
}

/// A form in words, after a field's label: "" for raw.
fn form_words(form: &Form) -> String {
    match form {
        Form::Raw => String::new(),
        Form::Hashed => " (hashed)".into(),
        Form::Masked => " (masked)".into(),
        Form::First(n) => format!(" (first {n} characters)"),
        Form::Year => " (year only)".into(),
        Form::AgeBand => " (age band)".into(),
        Form::RoundedTo(_) => format!(" ({form})"),
    }
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Fields with forms in words, an object whose every field is listed in one form named as
/// the object.
fn fields_words(diff: &Diff, fields: &[(String, Form)]) -> String {
    let mut left: Vec<(String, Form)> = fields.to_vec();
    let mut words = Vec::new();
    for (object, leaves) in &diff.objects {
        let Some((_, form)) = left.iter().find(|(p, _)| leaves.contains(p)).cloned() else {
            continue;
        };
        let all = leaves
            .iter()
            .all(|l| left.iter().any(|(p, f)| p == l && *f == form));
        if all && leaves.len() > 1 {
            left.retain(|(p, _)| !leaves.contains(p));
            words.push((
                fields.iter().position(|(p, _)| leaves.contains(p)),
                format!("{}{}", label(diff, object), form_words(&form)),
            ));
        }
    }
    for (p, form) in &left {
        words.push((
            fields.iter().position(|(q, _)| q == p),
            format!("{}{}", label(diff, p), form_words(form)),
        ));
    }
    words.sort_by_key(|(at, _)| *at);
    let words: Vec<String> = words.into_iter().map(|(_, w)| w).collect();
    and_list(&words)
}

/// The customer's story of a witness.
fn story(diff: &Diff, change: &Change, example: &Example) -> String {
    let who = change
        .recipient
        .as_deref()
        .map_or_else(String::new, |r| title(diff, r));
    let customer = if example.facts.is_empty() {
        "any customer".to_string()
    } else {
        format!("a customer {}", and_list(&example.facts))
    };
    if change.list {
        let list = change
            .field
            .as_deref()
            .map(|f| label(diff, f))
            .unwrap_or_default();
        let sent = |e: &Option<Vec<(String, Form)>>, yes: bool, past: bool| match (e, yes, past) {
            (None, _, true) => "was not a recipient".to_string(),
            (None, _, false) => "is not a recipient".to_string(),
            (Some(_), true, true) => format!("got the list of {list}"),
            (Some(_), false, true) => format!("did not get the list of {list}"),
            (Some(_), true, false) => format!("gets the list of {list}"),
            (Some(_), false, false) => format!("does not get the list of {list}"),
        };
        let widened = change.kind == ChangeKind::Widened
            || (change.kind == ChangeKind::Changed && change.witness.as_ref() == Some(example));
        return format!(
            "On {}, {customer}: before, {who} {}; now it {}.",
            example.as_of.format("%Y-%m-%d"),
            sent(&example.before, !widened, true),
            sent(&example.after, widened, false)
        );
    }
    let before = match &example.before {
        None => format!("{who} was not a recipient"),
        Some(f) if f.is_empty() => format!("{who} got nothing"),
        Some(f) => format!("{who} got {}", fields_words(diff, f)),
    };
    let after = match &example.after {
        None => "now it is not a recipient".to_string(),
        Some(f) if f.is_empty() => "now it gets nothing".to_string(),
        Some(f) => format!("now it gets {}", fields_words(diff, f)),
    };
    format!(
        "On {}, {customer}: before, {before}; {after}.",
        example.as_of.format("%Y-%m-%d")
    )
}

fn value_words(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "none".into(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(Value::Object(map)) => match (map.get("message"), map.get("within_days")) {
            (Some(Value::String(m)), Some(d)) => format!("{m:?} within {d} days"),
            _ => Value::Object(map.clone()).to_string(),
        },
        Some(Value::Number(n)) => format!("{n} days"),
        Some(other) => other.to_string(),
    }
}

/// The fields of a run of changes in words, each in its form (the new one where there is).
fn run_fields(diff: &Diff, changes: &[&Change]) -> String {
    if changes.iter().any(|c| c.list) {
        let lists: Vec<String> = changes
            .iter()
            .filter_map(|c| c.field.as_deref())
            .map(|f| format!("the list of {} (even when empty)", label(diff, f)))
            .collect();
        return and_list(&lists);
    }
    let fields: Vec<(String, Form)> = changes
        .iter()
        .filter_map(|c| {
            let form = c.new_form.clone().or_else(|| c.old_form.clone())?;
            Some((c.field.clone()?, form))
        })
        .collect();
    let reformed = |c: &&Change| matches!((&c.old_form, &c.new_form), (Some(a), Some(b)) if a != b);
    if !changes.iter().any(reformed) {
        return fields_words(diff, &fields);
    }
    let words: Vec<String> = changes
        .iter()
        .filter_map(|c| {
            let name = label(diff, c.field.as_deref()?);
            Some(match (&c.old_form, &c.new_form) {
                (Some(a), Some(b)) if a != b => format!("{name} (was {a}, now {b})"),
                (a, b) => format!(
                    "{name}{}",
                    b.as_ref()
                        .or(a.as_ref())
                        .map(form_words)
                        .unwrap_or_default()
                ),
            })
        })
        .collect();
    and_list(&words)
}

/// One line's worth of a change: what changed, for which fields.
fn headline(diff: &Diff, changes: &[&Change]) -> String {
    let Some(first) = changes.first() else {
        return String::new();
    };
    let fields = run_fields(diff, changes);
    let who = first
        .recipient
        .as_deref()
        .map_or_else(String::new, |r| title(diff, r));
    let one = changes.len() == 1;
    let reach = if one { "reaches" } else { "reach" };
    match first.kind {
        ChangeKind::Widened => format!("widened: {fields} now {reach} {who} for more customers"),
        ChangeKind::Narrowed => format!("narrowed: {fields} {reach} {who} for fewer customers"),
        ChangeKind::Changed => format!("changed: {fields} {reach} {who} for other customers"),
        ChangeKind::Form => format!("form: {fields} {reach} {who} in another form"),
        ChangeKind::RecipientAdded => format!(
            "recipient added: {who} may get {}",
            fields_words(diff, &first.fields).if_empty("nothing")
        ),
        ChangeKind::RecipientRemoved => format!(
            "recipient removed: {who} could get {}",
            fields_words(diff, &first.fields).if_empty("nothing")
        ),
        ChangeKind::Attribute => format!(
            "{} changed: {} → {}",
            first.attribute.as_deref().unwrap_or("attribute"),
            value_words(first.old.as_ref()),
            value_words(first.new.as_ref())
        ),
        ChangeKind::Record => format!(
            "record field `{}`: {} → {}",
            first.field.as_deref().unwrap_or(""),
            value_words(first.old.as_ref()),
            value_words(first.new.as_ref())
        ),
    }
}

trait IfEmpty {
    fn if_empty(self, other: &str) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, other: &str) -> String {
        if self.is_empty() {
            other.to_string()
        } else {
            self
        }
    }
}

/// Whether two witnesses tell the same story: the same date and the same facts.
fn same_story(a: Option<&Example>, b: Option<&Example>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.as_of == b.as_of && a.facts == b.facts,
        (None, None) => true,
        _ => false,
    }
}

/// Changes told together: the same recipient, kind and story, one after another.
fn runs(changes: &[Change]) -> Vec<Vec<&Change>> {
    let mut out: Vec<Vec<&Change>> = Vec::new();
    for change in changes {
        let joins = out.last().and_then(|run| run.last()).is_some_and(|last| {
            last.recipient == change.recipient
                && last.kind == change.kind
                && last.field.is_some()
                && change.field.is_some()
                && last.kind != ChangeKind::Record
                && same_story(last.witness.as_ref(), change.witness.as_ref())
                && same_story(last.narrowed.as_ref(), change.narrowed.as_ref())
                && same_story(last.reformed.as_ref(), change.reformed.as_ref())
        });
        match out.last_mut() {
            Some(run) if joins => run.push(change),
            _ => out.push(vec![change]),
        }
    }
    out
}

fn summary(diff: &Diff) -> String {
    if diff.changes.is_empty() {
        return if diff.proved {
            "No change: every recipient gets the same fields, in the same forms, for every record \
             and every date. Proved: every case was covered."
                .to_string()
        } else {
            "No change found, but not proved: not every case could be covered (see the notes)."
                .to_string()
        };
    }
    let mut counts: Vec<(ChangeKind, usize)> = Vec::new();
    for c in &diff.changes {
        match counts.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.kind, 1)),
        }
    }
    counts.sort();
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    let n = diff.changes.len();
    let proof = if diff.proved {
        "Proved: every record and every date was covered."
    } else {
        "Not proved: not every case could be covered (see the notes), so there may be more."
    };
    format!(
        "{n} change{} ({}). {proof}",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// The changes of one recipient (or of the record), in report order.
fn by_recipient(diff: &Diff) -> Vec<(Option<String>, Vec<Vec<&Change>>)> {
    let mut out: Vec<(Option<String>, Vec<Vec<&Change>>)> = Vec::new();
    for run in runs(&diff.changes) {
        let Some(first) = run.first() else {
            continue;
        };
        let key = first.recipient.clone();
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, runs)) => runs.push(run),
            None => out.push((key, vec![run])),
        }
    }
    out
}

fn heading(diff: &Diff, recipient: Option<&str>) -> String {
    match recipient {
        None => "The record declaration".to_string(),
        Some(r) => format!(
            "{} ({r}, {})",
            title(diff, r),
            diff.kinds.get(r).map_or("recipient", String::as_str)
        ),
    }
}

/// The stories of a run of changes: the witness, and for `changed` the narrowed one.
fn examples<'c>(run: &[&'c Change]) -> Vec<&'c Example> {
    let Some(first) = run.first() else {
        return Vec::new();
    };
    let reformed = match first.kind {
        ChangeKind::Form => None,
        _ => first.reformed.as_ref(),
    };
    first
        .witness
        .iter()
        .chain(first.narrowed.iter())
        .chain(reformed)
        .collect()
}

/// The report for people.
pub fn human(diff: &Diff, old: &str, new: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Comparing {old} (before) with {new} (after).\n");
    let _ = writeln!(out, "{}", summary(diff));
    for (recipient, runs) in by_recipient(diff) {
        let _ = writeln!(out, "\n{}", heading(diff, recipient.as_deref()));
        for run in runs {
            let _ = writeln!(out, "  {}", headline(diff, &run));
            for example in examples(&run) {
                if let Some(first) = run.first() {
                    let _ = writeln!(out, "    {}", story(diff, first, example));
                }
                let _ = writeln!(
                    out,
                    "    To see it: apply both policies with --as-of {} to {}",
                    example.as_of.format("%Y-%m-%d"),
                    example.record
                );
            }
        }
    }
    notes(&mut out, diff, "\nNotes:", "  - ");
    out
}

fn notes(out: &mut String, diff: &Diff, head: &str, bullet: &str) {
    if diff.notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "{head}");
    for note in &diff.notes {
        let _ = writeln!(out, "{bullet}{note}");
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown, for a pull-request comment.
pub fn markdown(diff: &Diff, old: &str, new: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**shareguard diff** `{old}` → `{new}`: {}",
        summary(diff)
    );
    let mut number = 0;
    for (recipient, runs) in by_recipient(diff) {
        let _ = writeln!(out, "\n### {}\n", heading(diff, recipient.as_deref()));
        let _ = writeln!(out, "| Change | Fields | Before | After |");
        let _ = writeln!(out, "|---|---|---|---|");
        let mut stories = Vec::new();
        for run in &runs {
            let Some(first) = run.first() else {
                continue;
            };
            let mut refs = Vec::new();
            for example in examples(run) {
                number += 1;
                refs.push(format!("example {number}"));
                stories.push((number, story(diff, first, example), example));
            }
            let see = if refs.is_empty() {
                String::new()
            } else {
                format!(" ({})", refs.join(", "))
            };
            let form = |f: Option<&Form>| {
                f.map_or_else(|| "not sent".to_string(), |f| format!("sent ({f})"))
            };
            let (what, before, after) = match first.kind {
                ChangeKind::Attribute => (
                    format!("`{}`", first.attribute.as_deref().unwrap_or("")),
                    value_words(first.old.as_ref()),
                    value_words(first.new.as_ref()),
                ),
                ChangeKind::Record => (
                    format!("`{}`", first.field.as_deref().unwrap_or("")),
                    value_words(first.old.as_ref()),
                    value_words(first.new.as_ref()),
                ),
                ChangeKind::RecipientAdded => (
                    fields_words(diff, &first.fields),
                    "not a recipient".into(),
                    format!("may get these{see}"),
                ),
                ChangeKind::RecipientRemoved => (
                    fields_words(diff, &first.fields),
                    format!("could get these{see}"),
                    "not a recipient".into(),
                ),
                ChangeKind::Widened => (
                    run_fields(diff, run),
                    "not sent".into(),
                    format!("sent to more customers{see}"),
                ),
                ChangeKind::Narrowed => (
                    run_fields(diff, run),
                    "sent".into(),
                    format!("sent to fewer customers{see}"),
                ),
                ChangeKind::Changed => (
                    run_fields(diff, run),
                    "sent to some customers".into(),
                    format!("sent to others{see}"),
                ),
                ChangeKind::Form => (
                    run_fields(diff, run),
                    form(first.old_form.as_ref()),
                    format!("{}{see}", form(first.new_form.as_ref())),
                ),
            };
            let _ = writeln!(
                out,
                "| **{}** | {} | {} | {} |",
                first.kind.as_str(),
                cell(&what),
                cell(&before),
                cell(&after)
            );
        }
        for (n, text, example) in stories {
            let _ = writeln!(out, "\n**Example {n}.** {text}");
            let pretty = serde_json::to_string_pretty(&example.record).unwrap_or_default();
            let _ = writeln!(
                out,
                "\n<details><summary>The record (<code>apply --as-of {}</code>)</summary>\n\n```json\n{pretty}\n```\n\n</details>",
                example.as_of.format("%Y-%m-%d")
            );
        }
    }
    notes(&mut out, diff, "\n**Notes**\n", "- ");
    out
}
