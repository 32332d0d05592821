//! Finds a declared `category` that no field carries.
//!
//! ### Why it matters
//! Categories are how a policy says what kind of data a field is, and rules lean on them:
//! `never share [health] to everyone` protects exactly the fields tagged `[health]`. A
//! category that no field carries protects nothing. Usually a field was meant to carry it and
//! the tag was forgotten or misspelt in the record, so the rules written for that data do not
//! reach it.
//!
//! ### Example
//! ```text
//! category health "Health information"
//! record customer key id {
//!   allergies: text? [sensitive] "Allergies"   # meant to be [health, sensitive]
//! }
//! never share [health] to everyone
//! ```
//!
//! ### Fix
//! Tag the fields that hold that kind of data, or delete the category:
//! ```text
//!   allergies: text? [health, sensitive] "Allergies"
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::Target;

pub const NAME: &str = "unused-category";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let fields = cx.ir.all_fields();
    cx.ir
        .categories
        .iter()
        .filter(|c| !c.builtin)
        .filter(|c| !fields.iter().any(|f| f.tags.contains(&c.name)))
        .map(|category| {
            let span = category.loc.as_ref().map(|l| l.span).unwrap_or_default();
            let named_by_rules = cx
                .ir
                .references
                .iter()
                .any(|r| r.target == Target::Category(category.name.clone()));
            let help = if named_by_rules {
                format!(
                    "rules that name `[{0}]` cover no field: tag the fields that hold this kind \
                     of data with `[{0}]`",
                    category.name
                )
            } else {
                format!(
                    "tag the fields that hold this kind of data with `[{}]`, or delete the \
                     category",
                    category.name
                )
            };
            Finding {
                diagnostic: Diagnostic::warning(
                    NAME,
                    format!("no field is tagged with the category `{}`", category.name),
                    span,
                )
                .with_label("declared, never used")
                .with_help(help),
                scope: Scope::Policy,
            }
        })
        .collect()
}
