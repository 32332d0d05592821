//! Finds a partner or buyer without a `notify` obligation.
//!
//! ### Why it matters
//! People have a right to know who gets their data. The GDPR requires telling them the
//! recipients or categories of recipients of their data (Art. 13(1)(e), 14(1)(e)), and a
//! recipient that uses the data for its own purposes must inform them within a month at the
//! latest (Art. 14(3)). The CCPA requires a notice before data is sold or shared, and gives
//! consumers the right to know which categories of third parties received it (Cal. Civ. Code
//! §§ 1798.100, 1798.110, 1798.115). Partners and buyers use the data for their own ends, so
//! the policy should say how and when the customer is told.
//!
//! Vendors (who act on the company's behalf) and affiliates are not reported.
//!
//! ### Example
//! ```text
//! recipient list_broker "ListBroker Inc." {
//!   kind buyer
//!   contract "SALE-2026-003"
//!   share mailing_address when consent.sale and not do_not_sell
//! }
//! ```
//!
//! ### Fix
//! ```text
//!   notify within 30 days
//! ```
//! Without a message of its own, the message is generated for each record from what it sent
//! (its fields and their forms, the recipient's name and purpose), so it cannot drift from the
//! rules; a message may also be written out: `notify "We sold ..." within 30 days`.

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::{Obligation, RecipientKind};

pub const NAME: &str = "recipient-without-notice";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    cx.ir
        .recipients
        .iter()
        .filter(|r| matches!(r.kind, RecipientKind::Partner | RecipientKind::Buyer))
        .filter(|r| {
            !r.obligations
                .iter()
                .any(|o| matches!(o, Obligation::Notify { .. }))
        })
        .map(|recipient| Finding {
            diagnostic: Diagnostic::warning(
                NAME,
                format!(
                    "customers are not told when their data goes to {}, a {}",
                    cx.who(recipient),
                    recipient.kind.as_str()
                ),
                recipient.loc.span,
            )
            .with_label("no `notify`")
            .with_help(
                "add `notify within 30 days`, whose message is generated for each record \
                     from what it sent: people have a right to know who receives their data \
                     (GDPR Art. 14, CCPA)",
            ),
            scope: Scope::Recipient(recipient),
        })
        .collect()
}
