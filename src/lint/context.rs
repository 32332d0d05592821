//! What every lint works with: the checked IR (which keeps the spans of what it was checked
//! from) and questions lints share ("can this field be missing?", "does a condition guard this
//! rule?").

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::ir::{Allow, Condition, Field, Ir, NeverRule, NeverScope, Recipient, ShareRule};
use crate::semantics::schema::Schema;
use crate::span::{SourceFile, Span};

use super::conditions;

/// A checked policy, ready to be linted.
#[derive(Debug)]
pub struct Context<'a> {
    pub ir: &'a Ir,
    pub source: &'a SourceFile,
    /// The record declaration, indexed: every fact about a field lints ask.
    pub schema: Schema,
}

/// One warning, with the place in the policy whose `allow` lines can silence it.
#[derive(Debug)]
pub struct Finding<'a> {
    pub diagnostic: Diagnostic,
    pub scope: Scope<'a>,
}

/// Where a warning is about: its `allow` lines are looked for there and in every enclosing scope.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    Policy,
    Recipient(&'a Recipient),
    Share(&'a Recipient, &'a ShareRule),
    /// A `never` rule; the recipient when it is written inside one.
    Never(Option<&'a Recipient>, &'a NeverRule),
}

impl<'a> Scope<'a> {
    /// The `allow` lines that apply, innermost first, the policy-wide ones last.
    pub fn allows(self, ir: &'a Ir) -> Vec<&'a Allow> {
        let (rule, recipient): (&[Allow], Option<&Recipient>) = match self {
            Scope::Policy => (&[], None),
            Scope::Recipient(r) => (&[], Some(r)),
            Scope::Share(r, rule) => (&rule.allows, Some(r)),
            Scope::Never(r, rule) => (&rule.allows, r),
        };
        rule.iter()
            .chain(recipient.iter().flat_map(|r| r.allows.iter()))
            .chain(ir.allows.iter())
            .collect()
    }
}

impl<'a> Context<'a> {
    pub fn new(ir: &'a Ir, source: &'a SourceFile) -> Self {
        Context {
            ir,
            source,
            schema: Schema::new(&ir.record),
        }
    }

    pub fn field(&self, path: &str) -> Option<&Field> {
        self.schema.get(path)
    }

    /// Whether a valid record can lack this field: it, or an object it is inside, is optional.
    pub fn may_be_missing(&self, path: &str) -> bool {
        self.schema.may_be_missing(path)
    }

    pub fn has_tag(&self, path: &str, tag: &str) -> bool {
        self.schema.has_tag(path, tag)
    }

    /// A field the customer controls: their consent, opt-outs and other choices.
    pub fn is_preference(&self, path: &str) -> bool {
        self.has_tag(path, "preference")
    }

    /// The `[preference]` fields a condition can read, as "`a`, `b` and `c`" (at most four).
    pub fn preference_fields(&self) -> Option<String> {
        let fields: Vec<&str> = self
            .ir
            .all_fields()
            .into_iter()
            .filter(|f| {
                f.ty.is_leaf() && self.is_preference(&f.path) && !self.through_list(&f.path)
            })
            .map(|f| f.path.as_str())
            .collect();
        match fields.len() {
            0 => None,
            1..=4 => Some(list(&fields)),
            n => {
                let shown: Vec<String> = fields.iter().take(3).map(|f| format!("`{f}`")).collect();
                Some(format!("{} and {} more", shown.join(", "), n - 3))
            }
        }
    }

    /// The fields that tell a customer's age: dates tagged `[demographic]` that a condition
    /// can read (not inside a list).
    pub fn age_fields(&self) -> Vec<&'a Field> {
        self.ir
            .all_fields()
            .into_iter()
            .filter(|f| {
                f.ty == crate::ir::FieldType::Date
                    && f.tags.iter().any(|t| t == "demographic")
                    && !self.through_list(&f.path)
            })
            .collect()
    }

    /// Whether a path runs through a list (so a condition cannot read it).
    pub fn through_list(&self, path: &str) -> bool {
        self.schema.through_list(path)
    }

    /// Whether a `share` rule only applies after a test of a field `wanted` accepts: in its own
    /// `when` or `unless`, or in the condition of a `never` rule that covers every field the
    /// share names (such as a policy-wide `never share all to buyer when do_not_sell`; a
    /// `never share ... raw` covers only fields the share names untransformed).
    pub fn guarded(
        &self,
        recipient: &Recipient,
        rule: &ShareRule,
        wanted: impl Fn(&str) -> bool,
    ) -> bool {
        let reads = |c: &Option<Condition>| {
            c.as_ref()
                .is_some_and(|c| conditions::reads_value_of(c, &wanted))
        };
        if reads(&rule.when) || reads(&rule.unless) {
            return true;
        }
        let shared: HashSet<(&str, bool)> = rule
            .items
            .iter()
            .flat_map(|i| {
                let raw = i.form == crate::ir::Form::Raw;
                i.fields.iter().map(move |f| (f.as_str(), raw))
            })
            .collect();
        recipient.nevers.iter().any(|never| {
            (reads(&never.when) || reads(&never.unless))
                && shared
                    .iter()
                    .all(|(f, raw)| (*raw || !never.raw) && never.fields.iter().any(|n| n == f))
        })
    }

    /// Whether a `never` rule applies to every record: its `when` can never be false and its
    /// `unless` can never be true (unknown never opens a door).
    pub fn always_applies(&self, never: &NeverRule) -> bool {
        let when = never
            .when
            .as_ref()
            .is_none_or(|c| !conditions::outcomes(&self.schema, c).can_be_false);
        let unless = never
            .unless
            .as_ref()
            .is_none_or(|c| conditions::outcomes(&self.schema, c).never_true());
        when && unless
    }

    /// Every `never` rule once: a recipient's own with the recipient, top-level ones without.
    pub fn nevers(&self) -> Vec<(Option<&'a Recipient>, &'a NeverRule)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for recipient in &self.ir.recipients {
            for never in &recipient.nevers {
                match never.scope {
                    NeverScope::Recipient => out.push((Some(recipient), never)),
                    NeverScope::Policy => {
                        if seen.insert((never.loc.line, never.loc.column)) {
                            out.push((None, never));
                        }
                    }
                }
            }
        }
        out
    }

    /// The item of a share rule as written (`email as hashed`).
    pub fn share_item_span(&self, rule: &ShareRule, index: usize) -> Span {
        rule.items
            .get(index)
            .map_or(rule.loc.span, |item| item.span)
    }

    /// The title of a recipient for messages: "ListBroker Inc. (`list_broker`)".
    pub fn who(&self, recipient: &Recipient) -> String {
        match &recipient.display_name {
            Some(title) => format!("{title} (`{}`)", recipient.name),
            None => format!("`{}`", recipient.name),
        }
    }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub fn list(names: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
