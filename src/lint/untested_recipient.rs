//! Finds a recipient that no example checks: no `expect` line in any `example` names it.
//!
//! ### Why it matters
//! Examples are how a policy proves it does what its authors meant: "a customer who opted
//! out gets nothing sold", "the mail house gets the address and nothing more". They run with
//! `shareguard test` on every change. A recipient with no example can start receiving more
//! than intended after an innocent edit (a group gains a field, a `never` is narrowed) and no
//! test notices. Regulators expect data protection by design (GDPR Art. 25) and the ability to
//! demonstrate compliance (Art. 5(2)); an example per recipient is cheap evidence of both.
//!
//! ### Example
//! ```text
//! recipient printmail "PrintMail Co." { ... }
//! example "An adult who agreed to marketing" {
//!   given { ... }
//!   expect postal_pro gets mailing_address   # nothing about printmail
//! }
//! ```
//!
//! ### Fix
//! Add an `expect` line for the recipient to an example, ideally one where it gets data and
//! one where it gets nothing:
//! ```text
//!   expect printmail gets mailing_address
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;

pub const NAME: &str = "untested-recipient";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let tested = |name: &str| {
        cx.ir
            .examples
            .iter()
            .any(|e| e.expects.iter().any(|x| x.recipient == name))
    };
    cx.ir
        .recipients
        .iter()
        .filter(|r| !tested(&r.name))
        .map(|recipient| Finding {
            diagnostic: Diagnostic::warning(
                NAME,
                format!("no example checks what {} receives", cx.who(recipient)),
                recipient.loc.span,
            )
            .with_label("untested")
            .with_help(format!(
                "add `expect {} gets ...` to an example, so `shareguard test` notices when a \
                 change makes it receive more (or less) than intended",
                recipient.name
            )),
            scope: Scope::Recipient(recipient),
        })
        .collect()
}
