//! Finds a policy that sells customer data (it has a `buyer`) but whose header gives no
//! `opt_out` page.
//!
//! ### Why it matters
//! People whose data is sold have the right to stop it, and must be told how. The CCPA gives
//! consumers the right to opt out of the sale or sharing of their personal information (Cal.
//! Civ. Code § 1798.120) and requires a clear "Do Not Sell or Share My Personal Information"
//! link (§ 1798.135); other state laws (Virginia, Colorado, Connecticut...) grant the same
//! right. `shareguard notice` prints the `opt_out` page where it says what is sold; without
//! one, the notice can only tell customers to write in, and nothing in the policy says where
//! the opt-out that its `never` rules rely on (such as `do_not_sell`) is collected.
//!
//! ### Example
//! ```text
//! policy "Acme Dining Group: customer data sharing" {
//!   version "2026.3"
//! }
//! recipient list_broker "ListBroker Inc." {
//!   kind buyer
//!   ...
//! }
//! ```
//!
//! ### Fix
//! Add the page where customers opt out to the header:
//! ```text
//! policy "Acme Dining Group: customer data sharing" {
//!   version "2026.3"
//!   opt_out "https://acme-dining.example/privacy/do-not-sell"
//! }
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::RecipientKind;

pub const NAME: &str = "buyer-without-opt-out";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    if cx.ir.policy.opt_out.is_some() {
        return Vec::new();
    }
    let Some(buyer) = cx
        .ir
        .recipients
        .iter()
        .find(|r| r.kind == RecipientKind::Buyer)
    else {
        return Vec::new();
    };
    vec![Finding {
        diagnostic: Diagnostic::warning(
            NAME,
            format!(
                "this policy sells customer data to {}, but its header gives no `opt_out` page",
                cx.who(buyer)
            ),
            buyer.loc.span,
        )
        .with_label("a buyer")
        .with_help(
            "add `opt_out \"https://...\"` to the `policy` header: the page where customers opt \
             out of the sale of their data, which the notice shows them (CCPA § 1798.120, \
             § 1798.135)",
        ),
        scope: Scope::Policy,
    }]
}
