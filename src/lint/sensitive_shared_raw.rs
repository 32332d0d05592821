//! Finds `[sensitive]` fields that a partner or buyer can receive as they are, untransformed.
//!
//! ### Why it matters
//! Sensitive data (health, precise location, government identifiers, a date of birth, whatever
//! the policy tags `[sensitive]`) does the most harm when it leaks or is misused: it exposes
//! people to discrimination, fraud and stalking. The law sets it apart: the GDPR forbids
//! processing special categories of data without explicit consent or another narrow exception
//! (Art. 9), and the CPRA gives consumers the right to limit the use and disclosure of their
//! "sensitive personal information" (Cal. Civ. Code § 1798.121). Partners and buyers use the
//! data for their own purposes, outside the company's control, so sensitive fields should
//! reach them only reduced to what the purpose needs (a birth year or an age band instead of
//! the date, the last digits of a number), or not at all.
//!
//! A field counts when a `share` names it with no transform and no `never` rule that always
//! applies removes it; a `never share ... raw` that always applies counts, since it removes
//! exactly the untransformed value. Vendors and affiliates are not reported: vendors work under
//! the company's instructions and affiliates under its control; review them separately.
//!
//! ### Example
//! ```text
//! recipient harbor_bank "First Harbor Bank" {
//!   kind partner
//!   share first_name, birth_date when consent.cobrand
//! }
//! ```
//!
//! ### Fix
//! Share a reduced form, or leave the field out:
//! ```text
//!   share first_name, birth_date as year when consent.cobrand
//! ```
//! A policy-wide `never share [sensitive] raw to partner, buyer` lets them have reduced forms
//! only (a birth year, never a birth date); `never share [sensitive] to partner, buyer` keeps
//! sensitive fields in-house altogether.

use super::context::{Context, Finding, Scope, list};
use crate::diagnostic::Diagnostic;
use crate::ir::{FieldType, Form, RecipientKind};

pub const NAME: &str = "sensitive-shared-raw";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        if !matches!(
            recipient.kind,
            RecipientKind::Partner | RecipientKind::Buyer
        ) {
            continue;
        }
        let withheld: Vec<&str> = recipient
            .nevers
            .iter()
            .filter(|n| cx.always_applies(n))
            .flat_map(|n| n.fields.iter().map(String::as_str))
            .collect();
        for rule in &recipient.shares {
            for (index, item) in rule.items.iter().enumerate() {
                if item.form != Form::Raw {
                    continue;
                }
                let fields: Vec<&str> = item
                    .fields
                    .iter()
                    .map(String::as_str)
                    .filter(|f| cx.has_tag(f, "sensitive") && !withheld.contains(f))
                    .collect();
                let Some(first) = fields.first() else {
                    continue;
                };
                let (is, goes) = if fields.len() == 1 {
                    ("is", "goes")
                } else {
                    ("are", "go")
                };
                out.push(Finding {
                    diagnostic: Diagnostic::warning(
                        NAME,
                        format!(
                            "{} {is} sensitive data, and {goes} untransformed to the {} {}",
                            list(&fields),
                            recipient.kind.as_str(),
                            cx.who(recipient)
                        ),
                        cx.share_item_span(rule, index),
                    )
                    .with_label("shared as it is")
                    .with_help(format!(
                        "{}, or leave it out; `never share [sensitive] raw to partner, buyer` \
                         lets partners and buyers have sensitive data in reduced forms only",
                        reduce(cx, first)
                    )),
                    scope: Scope::Share(recipient, rule),
                });
            }
        }
    }
    out
}

/// How a field of this type can be reduced.
fn reduce(cx: &Context<'_>, field: &str) -> String {
    let ty = cx.field(field).map(|f| &f.ty);
    let ty = match ty {
        Some(FieldType::List { element }) => Some(element.as_ref()),
        other => other,
    };
    match ty {
        Some(FieldType::Date) => format!("share `{field} as year` or `{field} as age_band`"),
        Some(FieldType::Text) => format!("share `{field} as masked` or `{field} as first 3`"),
        Some(FieldType::Number | FieldType::Integer) => {
            format!("share `{field} as rounded to 100` (or another step)")
        }
        _ => format!("share `{field}` only if the purpose needs it"),
    }
}
