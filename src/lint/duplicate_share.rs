//! Finds a field shared twice, in the same form, to the same recipient: twice in one rule, or
//! in two rules where one makes the other pointless (the same condition, or one rule without
//! any condition).
//!
//! ### Why it matters
//! Reviewers read a policy rule by rule. When `email` appears in a rule `when
//! consent.marketing` and again in a rule with no condition, the first rule's condition looks
//! like a protection but protects nothing: the second rule sends the email anyway. When a
//! customer withdraws consent, or a lawyer tightens one rule, the field keeps flowing through
//! the other. A field named twice in one rule is harmless but a sign that a group or a
//! selector covers more than its author thought.
//!
//! Two rules with different conditions that both name a field are not reported: the field then
//! goes out when either applies, which is how a policy says "for this purpose, or for that one".
//! A field shared in two different forms is an error, reported by the checker.
//!
//! ### Example
//! ```text
//! recipient trattoria "Trattoria Bella" {
//!   kind affiliate
//!   share contact_details when consent.marketing
//!   share email, loyalty_tier            # email is also in contact_details
//! }
//! ```
//!
//! ### Fix
//! Name each field once per recipient, under the condition that should govern it:
//! ```text
//!   share contact_details when consent.marketing
//!   share loyalty_tier
//! ```

use std::collections::{BTreeMap, HashMap};

use super::context::{Context, Finding, Scope, list};
use crate::diagnostic::Diagnostic;
use crate::ir::{Form, Recipient, ShareRule};

pub const NAME: &str = "duplicate-share";

/// A share item: (rule index, item index).
type Item = (usize, usize);

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        for ((first, second), fields) in duplicates(recipient) {
            if let Some(finding) = report(cx, recipient, first, second, &fields) {
                out.push(finding);
            }
        }
    }
    out
}

/// Pairs of items that share the same fields redundantly, with those fields.
fn duplicates(recipient: &Recipient) -> BTreeMap<(Item, Item), Vec<&str>> {
    let mut seen: HashMap<(&str, &Form), Vec<Item>> = HashMap::new();
    let mut pairs: BTreeMap<(Item, Item), Vec<&str>> = BTreeMap::new();
    for (r, rule) in recipient.shares.iter().enumerate() {
        for (i, item) in rule.items.iter().enumerate() {
            for field in &item.fields {
                let earlier = seen.entry((field.as_str(), &item.form)).or_default();
                let redundant_with = earlier.iter().copied().find(|&(er, _)| {
                    er == r
                        || match (recipient.shares.get(er), recipient.shares.get(r)) {
                            (Some(a), Some(b)) => redundant(a, b),
                            _ => false,
                        }
                });
                if let Some(first) = redundant_with {
                    let fields = pairs.entry((first, (r, i))).or_default();
                    if !fields.contains(&field.as_str()) {
                        fields.push(field);
                    }
                }
                earlier.push((r, i));
            }
        }
    }
    pairs
}

/// Whether two rules sharing one field makes one of them pointless for that field.
fn redundant(a: &ShareRule, b: &ShareRule) -> bool {
    let unconditional = |r: &ShareRule| r.when.is_none() && r.unless.is_none();
    unconditional(a) || unconditional(b) || (a.when == b.when && a.unless == b.unless)
}

fn report<'a>(
    cx: &Context<'a>,
    recipient: &'a Recipient,
    (first_rule, first_item): Item,
    (rule_index, item_index): Item,
    fields: &[&str],
) -> Option<Finding<'a>> {
    let first = recipient.shares.get(first_rule)?;
    let rule = recipient.shares.get(rule_index)?;
    let who = cx.who(recipient);
    let names = list(fields);
    let conditional = |r: &ShareRule| r.when.is_some() || r.unless.is_some();
    let message = if first_rule == rule_index {
        format!("{names} is shared twice to {who} in this rule")
    } else if conditional(first) && !conditional(rule) {
        format!(
            "{names} goes to {who} here without any condition, so the condition of the rule on \
             line {} does not restrict it",
            first.loc.line
        )
    } else if !conditional(first) && conditional(rule) {
        format!(
            "{names} already goes to {who} without any condition (line {}), so the condition of \
             this rule does not restrict it",
            first.loc.line
        )
    } else {
        format!(
            "{names} is already shared to {who} by the rule on line {}, under the same condition",
            first.loc.line
        )
    };
    Some(Finding {
        diagnostic: Diagnostic::warning(NAME, message, cx.share_item_span(rule, item_index))
            .with_label("shared again here")
            .with_secondary(cx.share_item_span(first, first_item), "first shared here")
            .with_help(
                "name each field once per recipient, in the rule whose condition should govern \
                 it, so that the condition reviewers read is the one that applies",
            ),
        scope: Scope::Share(recipient, rule),
    })
}
