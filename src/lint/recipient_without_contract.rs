//! Finds a vendor, partner or buyer without a `contract`.
//!
//! ### Why it matters
//! A contract is what binds an outside company to use customer data only as agreed. The GDPR
//! requires a written contract with every processor (a vendor) that limits it to the
//! company's instructions, keeps the data confidential and secure, and makes it delete or
//! return the data at the end (Art. 28(3)). Under the CCPA a vendor is a "service provider",
//! and not a third party the data was sold to, only if such a contract exists (Cal. Civ. Code
//! § 1798.140(ag)); and data sold or shared with a third party needs a contract limiting its
//! use to the purposes disclosed to the customer (§ 1798.100(d)). Recording the contract's
//! reference in the policy lets an auditor check that it exists and covers this sharing.
//!
//! Affiliates are not reported: a company group usually relies on its intra-group agreement.
//!
//! ### Example
//! ```text
//! recipient printmail "PrintMail Co." {
//!   kind vendor
//!   purpose "Print and mail our catalogs"
//!   share mailing_address
//!   delete after 60 days
//! }
//! ```
//!
//! ### Fix
//! Add the reference of the signed contract (or data processing agreement):
//! ```text
//!   contract "MSA-2019-007"
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::RecipientKind;

pub const NAME: &str = "recipient-without-contract";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    cx.ir
        .recipients
        .iter()
        .filter(|r| r.kind != RecipientKind::Affiliate && r.contract.is_none())
        .map(|recipient| {
            let why = match recipient.kind {
                RecipientKind::Vendor => {
                    "a vendor processes customer data for you only under a written contract \
                     (GDPR Art. 28); without one, under the CCPA the disclosure can count as a sale"
                }
                _ => {
                    "data sold or shared with a third party needs a contract that limits its use \
                     to the purposes customers were told about (CCPA)"
                }
            };
            Finding {
                diagnostic: Diagnostic::warning(
                    NAME,
                    format!(
                        "{} is a {} with no `contract` on record",
                        cx.who(recipient),
                        recipient.kind.as_str()
                    ),
                    recipient.loc.span,
                )
                .with_label("no contract")
                .with_help(format!(
                    "add the reference of the signed agreement, such as `contract \"DPA-2026-001\"`: {why}"
                )),
                scope: Scope::Recipient(recipient),
            }
        })
        .collect()
}
