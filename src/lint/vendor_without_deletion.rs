//! Finds a vendor without a `delete after` obligation.
//!
//! ### Why it matters
//! A vendor (a processor, or a service provider under the CCPA) holds customer data only to do
//! a job for the company. The GDPR requires its contract to make it delete or return the data
//! when the service ends (Art. 28(3)(g)), and keeping personal data longer than needed breaks
//! the storage limitation principle (Art. 5(1)(e)); the CPRA asks businesses to disclose and
//! limit how long data is kept (Cal. Civ. Code § 1798.100(a)(3)). Every extra copy kept at a
//! vendor is one more place it can leak from. Stating the deletion period in the policy turns
//! it into an obligation attached to every record sent, which the decision log then shows.
//!
//! ### Example
//! ```text
//! recipient postal_pro "PostalPro Address Services" {
//!   kind vendor
//!   contract "MSA-2021-044"
//!   share mailing_address
//! }
//! ```
//!
//! ### Fix
//! ```text
//!   delete after 30 days
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::{Obligation, RecipientKind};

pub const NAME: &str = "vendor-without-deletion";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    cx.ir
        .recipients
        .iter()
        .filter(|r| r.kind == RecipientKind::Vendor)
        .filter(|r| {
            !r.obligations
                .iter()
                .any(|o| matches!(o, Obligation::Delete { .. }))
        })
        .map(|recipient| Finding {
            diagnostic: Diagnostic::warning(
                NAME,
                format!(
                    "the vendor {} is never asked to delete its copy of customer data",
                    cx.who(recipient)
                ),
                recipient.loc.span,
            )
            .with_label("no `delete after`")
            .with_help(
                "add `delete after N days` with the time the vendor needs for its job: a \
                 processor must delete the data when its service ends (GDPR Art. 28(3)(g)), and \
                 data kept longer than needed is one more copy that can leak",
            ),
            scope: Scope::Recipient(recipient),
        })
        .collect()
}
