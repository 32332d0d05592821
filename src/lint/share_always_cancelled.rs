//! Finds a `share` (or one item of it) that a `never` rule always cancels: every field it
//! names is removed by a `never` with no condition that can stop it.
//!
//! ### Why it matters
//! `never` wins over `share`, so nothing leaks; but the policy now says two opposite things,
//! and readers believe the `share`. A customer notice, a contract or a data map written from
//! the `share` line promises the recipient data it never gets, or, worse, the `never` was
//! meant to be narrower and someone will "fix" the contradiction by deleting it. Either the
//! `share` is dead text or the `never` is wrong; a reviewer should decide which.
//!
//! A `never` counts when it has no condition, or when its `when` can never be false and its
//! `unless` can never be true. A `never share ... raw` cancels only what is shared raw: `share
//! birth_date as year` next to `never share [sensitive] raw` is what it is for. Items that a
//! `never` cancels only in part (`share all` next to `never share [sensitive]`) are the normal
//! way to carve out exceptions and are not reported.
//!
//! ### Example
//! ```text
//! recipient list_broker "ListBroker Inc." {
//!   kind buyer
//!   share mailing_address, birth_date when consent.sale
//! }
//! never share [sensitive] to buyer   # birth_date is [sensitive]
//! ```
//!
//! ### Fix
//! Remove what can never be shared from the `share`:
//! ```text
//!   share mailing_address when consent.sale
//! ```
//! or, if the recipient should get it, narrow the `never` (`when ...`, or fewer recipients).

use std::collections::HashMap;

use super::context::{Context, Finding, Scope, list};
use crate::diagnostic::Diagnostic;
use crate::ir::{Form, NeverRule, Recipient, ShareItem, ShareRule};

pub const NAME: &str = "share-always-cancelled";

/// Each field always withheld, with the first rule that withholds it: in any form, and (by a
/// `never share ... raw`) only when raw.
#[derive(Default)]
struct Withheld<'a> {
    any: HashMap<&'a str, &'a NeverRule>,
    raw: HashMap<&'a str, &'a NeverRule>,
}

impl<'a> Withheld<'a> {
    /// The rule that always cancels `field` shared in `form`.
    fn by(&self, field: &str, form: &Form) -> Option<&'a NeverRule> {
        self.any
            .get(field)
            .or_else(|| self.raw.get(field).filter(|_| *form == Form::Raw))
            .copied()
    }

    /// Whether every field of the item is always cancelled.
    fn all_gone(&self, item: &ShareItem) -> bool {
        !item.fields.is_empty() && item.fields.iter().all(|f| self.by(f, &item.form).is_some())
    }
}

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        let mut withheld = Withheld::default();
        for never in recipient.nevers.iter().filter(|n| cx.always_applies(n)) {
            let map = if never.raw {
                &mut withheld.raw
            } else {
                &mut withheld.any
            };
            for field in &never.fields {
                map.entry(field.as_str()).or_insert(never);
            }
        }
        if withheld.any.is_empty() && withheld.raw.is_empty() {
            continue;
        }
        for rule in &recipient.shares {
            out.extend(cancelled(cx, recipient, rule, &withheld));
        }
    }
    out
}

fn cancelled<'a>(
    cx: &Context<'a>,
    recipient: &'a Recipient,
    rule: &'a ShareRule,
    withheld: &Withheld<'a>,
) -> Vec<Finding<'a>> {
    let leaves: Vec<(String, Form)> = rule
        .items
        .iter()
        .flat_map(|i| i.fields.iter().map(|f| (f.clone(), i.form.clone())))
        .collect();
    if !leaves.is_empty()
        && leaves
            .iter()
            .all(|(f, form)| withheld.by(f, form).is_some())
    {
        let finding = warning(
            format!(
                "this rule never shares anything with {}: a `never` rule always removes every \
                 field it names",
                cx.who(recipient)
            ),
            rule.loc.span,
            &leaves,
            withheld,
        );
        return vec![Finding {
            diagnostic: finding,
            scope: Scope::Share(recipient, rule),
        }];
    }
    rule.items
        .iter()
        .enumerate()
        .filter(|(_, item)| withheld.all_gone(item))
        .map(|(index, item)| Finding {
            diagnostic: warning(
                format!(
                    "`{}` is never shared with {}: a `never` rule always removes {}",
                    item.selector,
                    cx.who(recipient),
                    if item.fields.len() == 1 {
                        "it"
                    } else {
                        "every field it covers"
                    }
                ),
                cx.share_item_span(rule, index),
                &item
                    .fields
                    .iter()
                    .map(|f| (f.clone(), item.form.clone()))
                    .collect::<Vec<_>>(),
                withheld,
            ),
            scope: Scope::Share(recipient, rule),
        })
        .collect()
}

fn warning(
    message: String,
    span: crate::span::Span,
    fields: &[(String, Form)],
    withheld: &Withheld<'_>,
) -> Diagnostic {
    let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    let only_raw = fields
        .iter()
        .all(|(f, form)| !withheld.any.contains_key(f.as_str()) && *form == Form::Raw);
    let help = if only_raw {
        format!(
            "a `never share ... raw` rule cancels {} shared as it is: share {} in a reduced \
             form (such as `as year` or `as hashed`), or remove {} from this `share`",
            list(&names),
            if names.len() == 1 { "it" } else { "them" },
            if names.len() == 1 { "it" } else { "them" }
        )
    } else {
        format!(
            "remove {} from this `share`, or narrow the `never` rule if the recipient should \
             receive {}",
            list(&names),
            if names.len() == 1 { "it" } else { "them" }
        )
    };
    let mut diagnostic = Diagnostic::warning(NAME, message, span)
        .with_label("always cancelled")
        .with_help(help);
    // Point at each `never` involved, once.
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for (field, form) in fields {
        let Some(never) = withheld.by(field, form) else {
            continue;
        };
        let at = (never.loc.line, never.loc.column);
        if seen.contains(&at) {
            continue;
        }
        seen.push(at);
        diagnostic = diagnostic.with_secondary(never.loc.span, "always removes it");
    }
    diagnostic
}
