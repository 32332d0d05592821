//! Finds a share to an affiliate that customers know under another brand, when the share
//! checks none of the customer's privacy choices (no `[preference]` field in its condition).
//!
//! ### Why it matters
//! Customers of one brand often do not know that a differently named brand belongs to the
//! same group. The law follows what customers can see: under the CCPA, an affiliate is part of
//! the same "business" only if it shares common branding (Cal. Civ. Code § 1798.140(d)); one
//! under a different brand is a third party, and sending it customer data is "selling" or
//! "sharing" that customers may opt out of. Under the GDPR, each company in a group is its own
//! controller, and a transfer to a sister company needs its own legal basis. An affiliate
//! whose `brand` differs from its `parent` should therefore get data only when the customer
//! agreed, or at least did not object.
//!
//! The affiliate counts as differently branded when its `brand` is not its `parent` (compared
//! ignoring case and surrounding spaces), or when no `parent` is given. What counts as a check
//! is the same as for `sale-without-preference-check`: a read of a `[preference]` field in the
//! share's condition or in a `never` rule covering all its fields.
//!
//! ### Example
//! ```text
//! recipient trattoria "Trattoria Bella" {
//!   kind affiliate
//!   brand "Trattoria Bella"
//!   parent "Acme Dining Group"
//!   purpose "Cross-brand loyalty offers"
//!   share contact_details
//! }
//! ```
//!
//! ### Fix
//! ```text
//!   share contact_details when consent.marketing
//! ```
//! and make the opt-out bind affiliates too: `never share all to affiliate when do_not_sell`.

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::RecipientKind;

pub const NAME: &str = "cross-brand-without-preference-check";

fn normal(name: &str) -> String {
    name.trim().to_lowercase()
}

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in cx
        .ir
        .recipients
        .iter()
        .filter(|r| r.kind == RecipientKind::Affiliate)
    {
        let Some(brand) = &recipient.brand else {
            continue;
        };
        if recipient
            .parent
            .as_ref()
            .is_some_and(|p| normal(p) == normal(brand))
        {
            continue;
        }
        let brand_span = recipient.attribute_span("brand");
        for rule in &recipient.shares {
            if cx.guarded(recipient, rule, |f| cx.is_preference(f)) {
                continue;
            }
            let mut diagnostic = Diagnostic::warning(
                NAME,
                format!(
                    "customers know {} under its own brand {brand:?}, and this shares their data \
                     with it without checking their privacy choices",
                    cx.who(recipient)
                ),
                rule.loc.span,
            )
            .with_label("shared whatever the customer chose")
            .with_help(format!(
                "add a condition on the customer's recorded choices ({}): an affiliate under \
                 another brand is a third party under the CCPA, and customers may opt out of \
                 sharing with it",
                cx.preference_fields()
                    .unwrap_or_else(|| "a field tagged [preference]".to_string())
            ));
            if let Some(span) = brand_span {
                let label = match &recipient.parent {
                    Some(parent) => format!("a different brand from {parent:?}"),
                    None => "no `parent` says whose brand this is".to_string(),
                };
                diagnostic = diagnostic.with_secondary(span, label);
            }
            out.push(Finding {
                diagnostic,
                scope: Scope::Share(recipient, rule),
            });
        }
    }
    out
}
