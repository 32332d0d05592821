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
//! `unless` can never be true. Items that a `never` cancels only in part (`share all` next to
//! `never share [sensitive]`) are the normal way to carve out exceptions and are not reported.
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
use crate::ir::{NeverRule, Recipient, ShareRule};

pub const NAME: &str = "share-always-cancelled";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        // Each field always withheld, with the first rule that withholds it.
        let mut withheld: HashMap<&str, &NeverRule> = HashMap::new();
        for never in recipient.nevers.iter().filter(|n| cx.always_applies(n)) {
            for field in &never.fields {
                withheld.entry(field.as_str()).or_insert(never);
            }
        }
        if withheld.is_empty() {
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
    withheld: &HashMap<&str, &NeverRule>,
) -> Vec<Finding<'a>> {
    let all_gone = |fields: &[String]| {
        !fields.is_empty() && fields.iter().all(|f| withheld.contains_key(f.as_str()))
    };
    let leaves: Vec<String> = rule.items.iter().flat_map(|i| i.fields.clone()).collect();
    if all_gone(&leaves) {
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
        .filter(|(_, item)| all_gone(&item.fields))
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
                &item.fields,
                withheld,
            ),
            scope: Scope::Share(recipient, rule),
        })
        .collect()
}

fn warning(
    message: String,
    span: crate::span::Span,
    fields: &[String],
    withheld: &HashMap<&str, &NeverRule>,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::warning(NAME, message, span)
        .with_label("always cancelled")
        .with_help(format!(
            "remove {} from this `share`, or narrow the `never` rule if the recipient should \
             receive {}",
            list(fields),
            if fields.len() == 1 { "it" } else { "them" }
        ));
    // Point at each `never` involved, once.
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for field in fields {
        let Some(never) = withheld.get(field.as_str()) else {
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
