//! Finds a sale that does not check the customer's privacy choices: a `share` to a `buyer`
//! whose condition reads no `[preference]` field.
//!
//! ### Why it matters
//! Selling customer data is the sharing people object to most, and the law gives them a say in
//! it. Under the CCPA/CPRA every California consumer may opt out of the "sale" and the
//! "sharing" of their personal information (Cal. Civ. Code § 1798.120), and a Global Privacy
//! Control signal from their browser must be honoured as that opt-out (CCPA Regulations
//! § 7025). Other US state laws and the GDPR (which needs a legal basis, in practice consent,
//! for selling data) say the same or more. A sale that reads none of the fields where those
//! choices are recorded goes ahead whatever the customer said.
//!
//! A `share` counts as checked when its own `when` or `unless` reads the value of a field
//! tagged `[preference]` (`consent.sale`, `not do_not_sell`), or when a `never` rule that
//! covers every field it shares does (the usual policy-wide
//! `never share all to buyer when do_not_sell`). Testing only whether the field is there
//! (`is present`) does not count.
//!
//! ### Example
//! ```text
//! recipient list_broker "ListBroker Inc." {
//!   kind buyer
//!   share mailing_address, email as hashed
//! }
//! ```
//!
//! ### Fix
//! Make the sale depend on the customer's choice, and keep an opt-out (including Global
//! Privacy Control) binding on every buyer:
//! ```text
//!   share mailing_address, email as hashed when consent.sale and not do_not_sell
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::RecipientKind;

pub const NAME: &str = "sale-without-preference-check";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let help = match cx.preference_fields() {
        Some(fields) => format!(
            "make the sale depend on the customer's recorded choices ({fields}), in this rule's \
             condition or in a policy-wide `never share all to buyer when ...`; customers may \
             opt out of the sale of their data (CCPA/CPRA), and a Global Privacy Control signal \
             is such an opt-out"
        ),
        None => "the record has no field tagged [preference] to record the customer's choices; \
                 add one, such as `do_not_sell: bool [preference]`, and check it here"
            .to_string(),
    };
    let mut out = Vec::new();
    for recipient in cx
        .ir
        .recipients
        .iter()
        .filter(|r| r.kind == RecipientKind::Buyer)
    {
        for rule in &recipient.shares {
            if cx.guarded(recipient, rule, |f| cx.is_preference(f)) {
                continue;
            }
            out.push(Finding {
                diagnostic: Diagnostic::warning(
                    NAME,
                    format!(
                        "this sells customer data to {} without checking the customer's privacy \
                         choices",
                        cx.who(recipient)
                    ),
                    rule.loc.span,
                )
                .with_label("sold whatever the customer chose")
                .with_help(help.clone()),
                scope: Scope::Share(recipient, rule),
            });
        }
    }
    out
}
