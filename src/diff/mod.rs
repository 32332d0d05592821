//! `diff`: what a change to a policy changes (LANGUAGE.md section 13), compared by outcomes,
//! not by text.
//!
//! For every recipient and every leaf field, the records (and evaluation dates) on which the
//! field reaches the recipient, and in which form, are compared between the two policies by
//! searching the space of both policies' conditions ([`crate::semantics::outcomes`]): within
//! its budget the search is exhaustive, so "no change" is a proof; beyond it, or where the
//! partition samples, the result says it is not proved. Recipients are matched by name; their
//! attributes and obligations are compared as written. Groups, categories, rule order and
//! layout matter only through what they decide.
//!
//! Every widened, narrowed or changed field comes with a witness: a complete, valid record and
//! an evaluation date on which the two policies send the field differently. Each witness is run
//! through the runtime of both policies (`Runtime::decide`, what `apply` does) before it is
//! reported, and what each policy sent is part of the report. [`render`] writes the result for
//! people (the customer's story), for a pull request (Markdown) and for programs (JSON).
//!
//! What this does not do: it does not read examples, lint suppressions or the policy header,
//! and it does not compare the audit trail's reasons (which rule withheld a field), only what
//! is shared.

mod fields;
mod joint;
pub mod render;
mod story;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::ir::{Form, Ir, Obligation, Recipient};
use crate::runtime::Runtime;
use crate::semantics::decision::Rules;
use crate::semantics::eval::CompileError;
use crate::semantics::outcomes::{Budget, Space};
use crate::semantics::schema::{FieldId, Schema};

pub use joint::RecordChange;

/// What kind of change (LANGUAGE.md section 13, and `record` for the record declaration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A recipient only the new policy has.
    RecipientAdded,
    /// A recipient only the old policy has.
    RecipientRemoved,
    /// A recipient's attribute or obligation.
    Attribute,
    /// Some record now reaches the recipient with the field where it did not.
    Widened,
    /// Some record no longer reaches the recipient with the field.
    Narrowed,
    /// Both.
    Changed,
    /// The same records, in another form.
    Form,
    /// A field of the record declaration.
    Record,
}

impl ChangeKind {
    /// As the JSON report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::RecipientAdded => "recipient-added",
            ChangeKind::RecipientRemoved => "recipient-removed",
            ChangeKind::Attribute => "attribute",
            ChangeKind::Widened => "widened",
            ChangeKind::Narrowed => "narrowed",
            ChangeKind::Changed => "changed",
            ChangeKind::Form => "form",
            ChangeKind::Record => "record",
        }
    }
}

/// A record and an evaluation date on which the two policies decide differently, and what
/// the recipient got from it under each.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The evaluation date (`apply --as-of`).
    pub as_of: NaiveDate,
    /// The record, valid under both policies.
    pub record: Value,
    /// What about the customer makes the difference, in words.
    pub facts: Vec<String>,
    /// The leaf fields (and forms) the recipient got under the old policy; `None` when the old
    /// policy has no such recipient.
    pub before: Option<Vec<(String, Form)>>,
    /// The same under the new policy.
    pub after: Option<Vec<(String, Form)>>,
}

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The recipient's name (none for a change of the record declaration).
    pub recipient: Option<String>,
    /// The leaf field (or the list, for a list sent where it was not).
    pub field: Option<String>,
    pub old_form: Option<Form>,
    pub new_form: Option<Form>,
    /// The attribute (`kind`, `purpose`, `basis`, `contract`, `brand`, `parent`,
    /// `display_name`, `notify`, `delete_after`).
    pub attribute: Option<String>,
    /// The attribute's old value, or the field's old type for a record change.
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// A record on which the two policies send the field differently (for `changed`, one on
    /// which it is widened); for a recipient added or removed, one it gets (got) something from.
    pub witness: Option<Example>,
    /// For `changed`: a record on which it is narrowed.
    pub narrowed: Option<Example>,
    /// Where both policies send the field, in different forms.
    pub reformed: Option<Example>,
    /// For a recipient added (removed): the fields it may get (could get), with forms.
    pub fields: Vec<(String, Form)>,
    /// Whether the change is of a list being sent (perhaps empty) at all, not of a field in it.
    pub list: bool,
}

impl Change {
    fn new(kind: ChangeKind, recipient: Option<&str>) -> Change {
        Change {
            kind,
            recipient: recipient.map(str::to_string),
            field: None,
            old_form: None,
            new_form: None,
            attribute: None,
            old: None,
            new: None,
            witness: None,
            narrowed: None,
            reformed: None,
            fields: Vec::new(),
            list: false,
        }
    }

    /// Whether the change gives someone more: a widened or changed field, a new recipient, a
    /// form that reveals more where both policies send the field.
    pub fn widens(&self) -> bool {
        match self.kind {
            ChangeKind::Widened | ChangeKind::Changed | ChangeKind::RecipientAdded => true,
            ChangeKind::Narrowed | ChangeKind::Form => {
                self.reformed.is_some()
                    && match (&self.old_form, &self.new_form) {
                        (Some(old), Some(new)) => reveals_more(new, old),
                        _ => false,
                    }
            }
            _ => false,
        }
    }
}

/// Whether data in form `new` reveals more than in form `old`. Forms that cannot be ranked
/// (`hashed` against `masked`) count as revealing more: each reveals something the other
/// does not.
pub fn reveals_more(new: &Form, old: &Form) -> bool {
    match (new, old) {
        (a, b) if a == b => false,
        (_, Form::Raw) => false,
        (Form::Raw, _) => true,
        (Form::First(n), Form::First(m)) => n > m,
        (Form::RoundedTo(n), Form::RoundedTo(m)) => n.get() < m.get(),
        (Form::AgeBand, Form::Year) => false,
        _ => true,
    }
}

/// When `--fail-on` fails a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// A change that gives someone more ([`Change::widens`]).
    Widened,
    /// Any change.
    Any,
}

/// The comparison of two policies.
#[derive(Clone, Debug)]
pub struct Diff {
    /// Every change: per recipient (the new policy's order, then those removed), attributes
    /// before fields, fields in declaration order; record changes first.
    pub changes: Vec<Change>,
    /// Whether every case was covered: with no change, the policies share the same.
    pub proved: bool,
    /// Why it is not proved, if it is not.
    pub notes: Vec<String>,
    /// The display names of the recipients, by name.
    pub titles: HashMap<String, String>,
    /// The labels of the fields, by path (from the new declaration, else the old).
    pub labels: HashMap<String, String>,
    /// The recipients' kinds, by name.
    pub kinds: HashMap<String, String>,
    /// Every object and list of objects of the record, outermost first, with the leaf fields
    /// inside it: a report names an object whose every field is listed in one form by the
    /// object.
    pub objects: Vec<(String, Vec<String>)>,
}

impl Diff {
    /// Whether the two policies share the same (as far as was proved).
    pub fn equivalent(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether a run with `--fail-on on` fails.
    pub fn fails(&self, on: FailOn) -> bool {
        match on {
            FailOn::Any => !self.changes.is_empty(),
            FailOn::Widened => self.changes.iter().any(Change::widens),
        }
    }
}

/// Why two policies cannot be compared: one reads what the records both accept do not hold
/// (an IR file edited by hand).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffError {
    /// `"old"` or `"new"`.
    pub policy: &'static str,
    pub error: CompileError,
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {} policy cannot be compared: {}",
            self.policy, self.error
        )
    }
}

impl std::error::Error for DiffError {}

/// Compares two checked policies within `budget`.
pub fn compare(old: &Ir, new: &Ir, mut budget: Budget) -> Result<Diff, DiffError> {
    let (record, record_changes) = joint::merge(&old.record, &new.record);
    let schema = Schema::new(&record);
    let old_rules = Rules::new(old, &schema).map_err(|error| DiffError {
        policy: "old",
        error,
    })?;
    let new_rules = Rules::new(new, &schema).map_err(|error| DiffError {
        policy: "new",
        error,
    })?;
    let space = Space::new(
        &schema,
        &[&old_rules.program, &new_rules.program],
        &[],
        crate::sample::reference_date(),
    );
    let mut run = Run {
        space: &space,
        old,
        new,
        runtimes: HashMap::new(),
        notes: space.notes().to_vec(),
        confirmed: true,
    };
    let mut changes = Vec::new();
    for rc in &record_changes {
        let mut change = Change::new(ChangeKind::Record, None);
        change.field = Some(rc.field.clone());
        change.old = rc.old.clone().map(Value::String);
        change.new = rc.new.clone().map(Value::String);
        if rc.incompatible {
            run.notes.push(format!(
                "`{}` is declared differently with no value valid under both ({} and {}); \
                 records holding it were not compared",
                rc.field,
                rc.old.as_deref().unwrap_or("-"),
                rc.new.as_deref().unwrap_or("-")
            ));
            run.confirmed = false;
        }
        changes.push(change);
    }
    let mut complete = true;
    for (o, n) in pairs(old, new) {
        let sides = (
            fields::Side {
                program: 0,
                rules: &old_rules,
                recipient: o.and_then(|i| Some((i, old.recipients.get(i)?))),
            },
            fields::Side {
                program: 1,
                rules: &new_rules,
                recipient: n.and_then(|i| Some((i, new.recipients.get(i)?))),
            },
        );
        let name = sides
            .1
            .recipient
            .or(sides.0.recipient)
            .map(|(_, r)| r.name.clone())
            .unwrap_or_default();
        if let (Some((_, a)), Some((_, b))) = (sides.0.recipient, sides.1.recipient) {
            changes.extend(attributes(a, b));
        }
        let found = fields::compare(&space, &sides.0, &sides.1, &mut budget);
        complete &= found.iter().all(|f| f.complete);
        changes.extend(run.field_changes(&name, &sides, found));
    }
    let proved = complete && !budget.ran_out && space.exact() && run.confirmed;
    if budget.ran_out {
        run.notes.push(
            "the search ran out of its budget; what it did not cover was sampled".to_string(),
        );
    }
    let objects = schema
        .ids()
        .filter(|id| schema.info(*id).is_some_and(|i| i.leaf.is_none()))
        .filter_map(|id| {
            let path = schema.info(id)?.path.clone();
            let prefix = format!("{path}.");
            let leaves = schema
                .leaves()
                .iter()
                .filter(|l| l.starts_with(&prefix))
                .cloned()
                .collect();
            Some((path, leaves))
        })
        .collect();
    Ok(Diff {
        objects,
        changes,
        proved,
        notes: run.notes,
        titles: old
            .recipients
            .iter()
            .chain(&new.recipients)
            .map(|r| (r.name.clone(), r.title().to_string()))
            .collect(),
        labels: schema
            .ids()
            .filter_map(|id| Some((schema.info(id)?.path.clone(), story::label(&schema, id))))
            .collect(),
        kinds: old
            .recipients
            .iter()
            .chain(&new.recipients)
            .map(|r| (r.name.clone(), r.kind.as_str().to_string()))
            .collect(),
    })
}

/// Recipients matched by name: the new policy's order, then those only the old one has.
fn pairs(old: &Ir, new: &Ir) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out: Vec<(Option<usize>, Option<usize>)> = new
        .recipients
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                old.recipients.iter().position(|o| o.name == r.name),
                Some(i),
            )
        })
        .collect();
    for (i, r) in old.recipients.iter().enumerate() {
        if !new.recipients.iter().any(|n| n.name == r.name) {
            out.push((Some(i), None));
        }
    }
    out
}

/// The attributes and obligations of a recipient in both policies, as values.
fn attribute_values(r: &Recipient) -> Vec<(&'static str, Value)> {
    let text = |t: &Option<String>| t.clone().map_or(Value::Null, Value::String);
    let notify = r.obligations.iter().find_map(|o| match o {
        Obligation::Notify {
            message,
            within_days,
            ..
        } => Some(json!({"message": message, "within_days": within_days})),
        Obligation::Delete { .. } => None,
    });
    let delete = r.obligations.iter().find_map(|o| match o {
        Obligation::Delete { after_days, .. } => Some(json!(after_days)),
        Obligation::Notify { .. } => None,
    });
    vec![
        ("display_name", text(&r.display_name)),
        ("kind", Value::String(r.kind.as_str().into())),
        ("purpose", Value::String(r.purpose.clone())),
        (
            "basis",
            r.basis
                .map_or(Value::Null, |b| Value::String(b.as_str().into())),
        ),
        ("contract", text(&r.contract)),
        ("brand", text(&r.brand)),
        ("parent", text(&r.parent)),
        ("notify", notify.unwrap_or(Value::Null)),
        ("delete_after", delete.unwrap_or(Value::Null)),
    ]
}

fn attributes(old: &Recipient, new: &Recipient) -> Vec<Change> {
    attribute_values(old)
        .into_iter()
        .zip(attribute_values(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((name, a), (_, b))| {
            let mut change = Change::new(ChangeKind::Attribute, Some(&new.name));
            change.attribute = Some(name.to_string());
            change.old = Some(a);
            change.new = Some(b);
            change
        })
        .collect()
}

/// What one comparison carries from recipient to recipient.
struct Run<'a, 's> {
    space: &'a Space<'s>,
    old: &'a Ir,
    new: &'a Ir,
    /// Both policies' runtimes, by evaluation date, to confirm witnesses with.
    runtimes: HashMap<NaiveDate, Option<(Runtime, Runtime)>>,
    notes: Vec<String>,
    confirmed: bool,
}

/// Which way a witness shows a difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shows {
    Widened,
    Narrowed,
    Reformed,
}

impl Run<'_, '_> {
    fn field_changes(
        &mut self,
        name: &str,
        sides: &(fields::Side<'_>, fields::Side<'_>),
        found: Vec<fields::Found>,
    ) -> Vec<Change> {
        let schema = self.space.schema();
        let path = |f: FieldId| schema.info(f).map(|i| i.path.clone()).unwrap_or_default();
        let mut out = Vec::new();
        let (added, removed) = (sides.0.recipient.is_none(), sides.1.recipient.is_none());
        let mut whole = Change::new(
            if added {
                ChangeKind::RecipientAdded
            } else {
                ChangeKind::RecipientRemoved
            },
            Some(name),
        );
        for group in found {
            let example = |run: &mut Self, hit: &Option<fields::Hit>, shows: Shows| {
                hit.as_ref()
                    .and_then(|h| run.example(name, sides, h, &group.leaves, group.list, shows))
            };
            let widened = example(self, &group.widened, Shows::Widened);
            let narrowed = example(self, &group.narrowed, Shows::Narrowed);
            let reformed = example(self, &group.reformed, Shows::Reformed);
            let kind = match (group.widened.is_some(), group.narrowed.is_some()) {
                (true, true) => ChangeKind::Changed,
                (true, false) => ChangeKind::Widened,
                (false, true) => ChangeKind::Narrowed,
                (false, false) if group.reformed.is_some() => ChangeKind::Form,
                (false, false) => continue,
            };
            if added || removed {
                for leaf in &group.leaves {
                    if let Some(form) = group.new_form.clone().or(group.old_form.clone()) {
                        whole.fields.push((path(*leaf), form));
                    }
                }
                if whole.witness.is_none() {
                    whole.witness = widened.or(narrowed);
                }
                continue;
            }
            for leaf in &group.leaves {
                let mut change = Change::new(kind, Some(name));
                change.field = Some(path(*leaf));
                change.list = group.list;
                change.old_form = group.old_form.clone();
                change.new_form = group.new_form.clone();
                change.witness = widened
                    .clone()
                    .or_else(|| narrowed.clone())
                    .or_else(|| reformed.clone());
                if kind == ChangeKind::Changed {
                    change.narrowed = narrowed.clone();
                }
                change.reformed = reformed.clone();
                out.push(change);
            }
        }
        if added || removed {
            let order = |p: &str| schema.position(p).unwrap_or(usize::MAX);
            whole.fields.sort_by_key(|(p, _)| order(p));
            out.insert(0, whole);
        }
        out
    }

    /// The witness of a point: a record made from it, confirmed by both runtimes, with what
    /// each sent and the facts that made the difference.
    fn example(
        &mut self,
        name: &str,
        sides: &(fields::Side<'_>, fields::Side<'_>),
        hit: &fields::Hit,
        leaves: &[FieldId],
        list: bool,
        shows: Shows,
    ) -> Option<Example> {
        let schema = self.space.schema();
        let paths: Vec<String> = leaves
            .iter()
            .filter_map(|l| schema.info(*l).map(|i| i.path.clone()))
            .collect();
        let show: Vec<FieldId> = if list { Vec::new() } else { leaves.to_vec() };
        let base = seed(name, paths.first().map_or("", String::as_str));
        for attempt in 0..4 {
            let samples = samples(schema, hit.point.date(), base.wrapping_add(attempt));
            let witness = self.space.realize(&hit.point, &show, &samples);
            let Some((before, after)) = self.decide(sides, &witness.record, witness.as_of) else {
                continue;
            };
            if confirms(before.as_ref(), after.as_ref(), &paths, list, shows) {
                let facts = story::facts(self.space, self.old, self.new, &hit.deciding, &witness);
                return Some(Example {
                    as_of: witness.as_of,
                    record: witness.record,
                    facts,
                    before: before.map(|o| o.shared),
                    after: after.map(|o| o.shared),
                });
            }
        }
        self.confirmed = false;
        let note = format!(
            "a record showing the change of {} for `{name}` could not be confirmed by `apply`",
            paths.join(", ")
        );
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
        None
    }

    /// What the recipient gets from a record under each policy (`None` for a policy without
    /// it); `None` when a policy rejects the record.
    fn decide(
        &mut self,
        sides: &(fields::Side<'_>, fields::Side<'_>),
        record: &Value,
        as_of: NaiveDate,
    ) -> Option<(
        Option<crate::runtime::decide::Outcome>,
        Option<crate::runtime::decide::Outcome>,
    )> {
        let (old, new) = (self.old, self.new);
        let runtimes = self.runtimes.entry(as_of).or_insert_with(|| {
            Some((
                Runtime::reference(old.clone(), as_of).ok()?,
                Runtime::reference(new.clone(), as_of).ok()?,
            ))
        });
        let (old_rt, new_rt) = runtimes.as_ref()?;
        let before = old_rt.decide(record).ok()?;
        let after = new_rt.decide(record).ok()?;
        let pick = |outcomes: Vec<crate::runtime::decide::Outcome>, side: &fields::Side<'_>| {
            side.recipient
                .and_then(|(i, _)| outcomes.into_iter().nth(i))
        };
        Some((pick(before, &sides.0), pick(after, &sides.1)))
    }
}

/// Whether what each policy sent shows the difference for every one of `paths`.
fn confirms(
    before: Option<&crate::runtime::decide::Outcome>,
    after: Option<&crate::runtime::decide::Outcome>,
    paths: &[String],
    list: bool,
    shows: Shows,
) -> bool {
    let form = |outcome: Option<&crate::runtime::decide::Outcome>, path: &str| -> Option<Form> {
        let outcome = outcome?;
        if list {
            let output = outcome.output.as_ref()?;
            let mut at = output;
            for s in path.split('.') {
                at = at.get(s)?;
            }
            return Some(Form::Raw);
        }
        outcome
            .shared
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, f)| f.clone())
    };
    paths
        .iter()
        .all(|p| match (form(before, p), form(after, p), shows) {
            (None, Some(_), Shows::Widened) | (Some(_), None, Shows::Narrowed) => true,
            (Some(a), Some(b), Shows::Reformed) => a != b,
            _ => false,
        })
}

/// Realistic records of the declaration on `date` for a witness to start from.
fn samples(schema: &Schema, date: NaiveDate, seed: u64) -> Vec<Value> {
    let options = crate::sample::SampleOptions {
        seed,
        invalid_rate: 0.0,
        extra_key_rate: 0.0,
        today: date,
    };
    let mut samples = crate::sample::Samples::new(schema.record(), 12, options);
    let mut out = Vec::new();
    let mut line = Vec::new();
    while let Ok(Some(_)) = samples.next_line(&mut line) {
        if let Ok(value) = serde_json::from_slice::<Value>(&line) {
            out.push(value);
        }
        line.clear();
    }
    out
}

/// A seed for a witness's realistic values, the same from run to run.
fn seed(recipient: &str, field: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in recipient.bytes().chain([0]).chain(field.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
