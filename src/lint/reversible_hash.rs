//! Finds `hashed` applied to a value with few possible values (a yes/no, a one-of, a date, a
//! number), whose hash anyone can undo by hashing every candidate.
//!
//! ### Why it matters
//! Hashing hides a value only when the value is hard to guess. A yes/no field has two
//! possible hashes, a loyalty tier three, a date of birth about 36,500 in a century: a
//! recipient who hashes each candidate and compares gets the original back in a fraction of a
//! second. The policy then reads as if the data were protected while the recipient receives
//! it in the clear. Even a hash of an email address stays personal data: the GDPR calls it
//! pseudonymised, not anonymous (Recital 26, Art. 4(5)), and the FTC has said hashing does not
//! make data anonymous. For low-entropy values it is not even pseudonymisation.
//!
//! ### Example
//! ```text
//! share email as hashed, loyalty_tier as hashed, birth_date as hashed
//! ```
//!
//! ### Fix
//! Say honestly what the recipient gets: share the value as it is if the purpose needs it, or
//! reduce it with a transform that really loses information (`birth_date as year`,
//! `birth_date as age_band`, `lifetime_spend as rounded to 100`), or leave it out:
//! ```text
//! share email as hashed, loyalty_tier, birth_date as age_band
//! ```

use super::context::{Context, Finding, Scope, list};
use crate::diagnostic::Diagnostic;
use crate::ir::{FieldType, Form};

pub const NAME: &str = "reversible-hash";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        for rule in &recipient.shares {
            for (index, item) in rule.items.iter().enumerate() {
                if item.form != Form::Hashed {
                    continue;
                }
                let weak: Vec<(&str, String)> = item
                    .fields
                    .iter()
                    .filter_map(|f| Some((f.as_str(), candidates(&cx.field(f)?.ty)?)))
                    .collect();
                let Some((field, why)) = weak.first() else {
                    continue;
                };
                let names: Vec<&str> = weak.iter().map(|(f, _)| *f).collect();
                out.push(Finding {
                    diagnostic: Diagnostic::warning(
                        NAME,
                        format!(
                            "hashing does not hide {}: {why}, so anyone can hash each one and \
                             compare",
                            list(&names)
                        ),
                        cx.share_item_span(rule, index),
                    )
                    .with_label("easily reversed")
                    .with_help(format!(
                        "share `{field}` as it is if {} may know it, reduce it with a transform \
                         that loses information (such as `as year` or `as rounded to 100`), or \
                         leave it out",
                        cx.who(recipient)
                    )),
                    scope: Scope::Share(recipient, rule),
                });
            }
        }
    }
    out
}

/// Why a value of this type is easy to guess, or `None` if it is not.
fn candidates(ty: &FieldType) -> Option<String> {
    match ty {
        FieldType::Bool => Some("a yes/no value has only 2 possible hashes".into()),
        FieldType::Enum { values } => Some(format!(
            "a one-of value has only {} possible hashes",
            values.len()
        )),
        FieldType::Date => Some("a date has about 36,500 candidates in a century".into()),
        FieldType::Integer | FieldType::Number => {
            Some("numbers are easy to list one after another".into())
        }
        FieldType::List { element } => candidates(element),
        FieldType::Text | FieldType::Object { .. } => None,
    }
}
