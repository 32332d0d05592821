//! Finds `share all`: a rule that sends every field of the record, including fields added to
//! the record later.
//!
//! ### Why it matters
//! Data protection law asks that each recipient get only what its purpose needs: the GDPR's
//! data minimisation principle (Art. 5(1)(c)) and the CPRA's rule that sharing be "reasonably
//! necessary and proportionate" to the purpose disclosed to the customer (Cal. Civ. Code
//! § 1798.100(c)). `all` cannot be reviewed against a purpose: it names no field, and when the
//! record gains a field (a health flag, a precise location), the recipient silently starts
//! receiving it with no one having decided so.
//!
//! ### Example
//! ```text
//! recipient trattoria "Trattoria Bella" {
//!   kind affiliate
//!   share all when consent.marketing
//! }
//! ```
//!
//! ### Fix
//! Name the fields (or a group of them) that the purpose needs:
//! ```text
//!   share contact_details, loyalty_tier when consent.marketing
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;

pub const NAME: &str = "share-all";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        for rule in &recipient.shares {
            for item in &rule.items {
                if item.selector != "all" {
                    continue;
                }
                // The selector as written, to underline the word `all` only.
                let span = item.selector_span;
                out.push(Finding {
                    diagnostic: Diagnostic::warning(
                        NAME,
                        format!(
                            "this shares every field of the record with {}, including any field \
                             added to the record later",
                            cx.who(recipient)
                        ),
                        span,
                    )
                    .with_label("every field")
                    .with_help(
                        "name the fields, or a group of them, that the purpose needs: each \
                         recipient should get only what its purpose requires (data minimisation)",
                    ),
                    scope: Scope::Share(recipient, rule),
                });
            }
        }
    }
    out
}
