//! Finds an affiliate without a `brand`.
//!
//! ### Why it matters
//! Whether sharing with a sister company needs the customer's say depends on what the customer
//! sees. Under the CCPA an affiliate is part of the same business only if it shares common
//! branding, "a shared name, servicemark, or trademark" that the average consumer recognises
//! (Cal. Civ. Code § 1798.140(d)); an affiliate under a different brand is a third party, and
//! sharing with it is a sale or sharing that customers may opt out of. Without `brand` (and
//! `parent`), a reviewer cannot tell which case applies, and the
//! `cross-brand-without-preference-check` lint cannot either.
//!
//! ### Example
//! ```text
//! recipient trattoria "Trattoria Bella" {
//!   kind affiliate
//!   purpose "Cross-brand loyalty offers"
//!   share contact_details when consent.marketing
//! }
//! ```
//!
//! ### Fix
//! Say how customers know the affiliate, and whose brand it belongs to:
//! ```text
//!   brand "Trattoria Bella"
//!   parent "Acme Dining Group"
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::RecipientKind;

pub const NAME: &str = "affiliate-without-brand";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    cx.ir
        .recipients
        .iter()
        .filter(|r| r.kind == RecipientKind::Affiliate && r.brand.is_none())
        .map(|recipient| Finding {
            diagnostic: Diagnostic::warning(
                NAME,
                format!(
                    "the affiliate {} does not say under which brand customers know it",
                    cx.who(recipient)
                ),
                recipient.loc.span,
            )
            .with_label("no `brand`")
            .with_help(format!(
                "add `brand \"{}\"` and `parent \"...\"`: an affiliate under a different brand \
                 from yours is a third party under the CCPA, and sharing with it needs the \
                 customer's say",
                recipient.title()
            )),
            scope: Scope::Recipient(recipient),
        })
        .collect()
}
