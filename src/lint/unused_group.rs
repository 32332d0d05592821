//! Finds a `group` that no rule, group or example uses.
//!
//! ### Why it matters
//! A group names a set of fields for reviewers ("mailing address", "contact details"). One
//! that nothing uses is either left over from a rule that was removed, or a sign that a rule
//! was meant to use it and names fields one by one instead, which may differ from what the
//! reviewers approved as the group. Dead declarations also make the policy longer to review,
//! and a policy that is hard to read is hard to keep honest.
//!
//! ### Example
//! ```text
//! group mailing_address = first_name, last_name, address
//! group contact_details = first_name, last_name, email, phone, address   # used nowhere
//! ```
//!
//! ### Fix
//! Use the group where it was meant, or delete it.

use std::collections::HashSet;

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::Target;

pub const NAME: &str = "unused-group";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let used: HashSet<&str> = cx
        .ir
        .references
        .iter()
        .filter_map(|r| match &r.target {
            Target::Group(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    cx.ir
        .groups
        .iter()
        .filter(|g| !used.contains(g.name.as_str()))
        .map(|group| Finding {
            diagnostic: Diagnostic::warning(
                NAME,
                format!("the group `{}` is never used", group.name),
                group.loc.span,
            )
            .with_label("unused")
            .with_help(
                "use it in the rule it was written for, or delete it; a rule that lists the \
                 fields one by one may not match what reviewers approved as the group",
            ),
            scope: Scope::Policy,
        })
        .collect()
}
