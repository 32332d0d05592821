//! Finds a sale that does not check the customer's age, although the record has a birth date:
//! a `share` to a `buyer` whose condition reads no `date` field tagged `[demographic]`.
//!
//! ### Why it matters
//! Children's data may not be sold on the same terms as adults'. Under the CCPA a business
//! may not sell or share the personal information of a consumer it knows to be under 16
//! unless the consumer (aged 13 to 15) or a parent (under 13) has opted in (Cal. Civ. Code
//! § 1798.120(c)), and a business that wilfully disregards a consumer's age is deemed to know
//! it. Several states go further (no sale of a known minor's data under 18). When the record
//! holds a date of birth, the company knows the age, and a sale that ignores it sells
//! children's data.
//!
//! The lint looks for a read of any `[demographic]` date that a condition can read, usually
//! `age(birth_date) >= 16`, in the share's own `when` or `unless` or in a `never` rule that
//! covers every field it shares. Testing only `birth_date is present` does not count.
//!
//! ### Example
//! ```text
//! record customer key id {
//!   birth_date: date? [demographic] "Date of birth"
//!   ...
//! }
//! recipient list_broker "ListBroker Inc." {
//!   kind buyer
//!   share mailing_address when consent.sale and not do_not_sell
//! }
//! ```
//!
//! ### Fix
//! Sell only to customers known to be old enough, or require the minor's opt-in:
//! ```text
//!   share mailing_address when consent.sale and not do_not_sell and age(birth_date) >= 16
//! ```
//! (A customer with no birth date on file makes `age(...)` unknown, so the share does not
//! apply to them: the condition fails closed.)

use super::context::{Context, Finding, Scope, list};
use crate::diagnostic::Diagnostic;
use crate::ir::RecipientKind;

pub const NAME: &str = "sale-without-age-check";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let dates: Vec<&str> = cx.age_fields().iter().map(|f| f.path.as_str()).collect();
    let Some(first) = dates.first().copied() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for recipient in cx
        .ir
        .recipients
        .iter()
        .filter(|r| r.kind == RecipientKind::Buyer)
    {
        for rule in &recipient.shares {
            if cx.guarded(recipient, rule, |f| dates.contains(&f)) {
                continue;
            }
            out.push(Finding {
                diagnostic: Diagnostic::warning(
                    NAME,
                    format!(
                        "this sells customer data to {} without checking the customer's age, \
                         although the record has {}",
                        cx.who(recipient),
                        list(&dates)
                    ),
                    rule.loc.span,
                )
                .with_label("sold at any age")
                .with_help(format!(
                    "add `and age({first}) >= 16` to the condition: selling the data of a \
                     customer known to be under 16 needs their opt-in, or a parent's under 13 \
                     (CCPA)"
                )),
                scope: Scope::Share(recipient, rule),
            });
        }
    }
    out
}
