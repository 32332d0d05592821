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
use crate::syntax::ast::*;

pub const NAME: &str = "unused-group";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let used = names_used(cx.ast);
    cx.ir
        .groups
        .iter()
        .filter(|g| !used.contains(g.name.as_str()))
        .map(|group| {
            let span = cx
                .spans
                .group(&group.loc)
                .map_or_else(|| cx.loc_span(&group.loc), |g| g.name.span);
            Finding {
                diagnostic: Diagnostic::warning(
                    NAME,
                    format!("the group `{}` is never used", group.name),
                    span,
                )
                .with_label("unused")
                .with_help(
                    "use it in the rule it was written for, or delete it; a rule that lists the \
                     fields one by one may not match what reviewers approved as the group",
                ),
                scope: Scope::Policy,
            }
        })
        .collect()
}

/// Every one-word path a selector names anywhere: a group is always named by one word.
fn names_used(ast: &PolicyFile) -> HashSet<&str> {
    selectors(ast)
        .into_iter()
        .filter_map(|selector| match selector {
            FieldSelector::Path(path) => match path.segments.as_slice() {
                [only] => Some(only.name.as_str()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Every field selector in groups, rules and expectations.
fn selectors(ast: &PolicyFile) -> Vec<&FieldSelector> {
    let mut out = Vec::new();
    for decl in &ast.decls {
        match decl {
            Decl::Group(g) => out.extend(&g.selectors),
            Decl::Never(rule) => out.extend(&rule.selectors),
            Decl::Share(rule) => out.extend(rule.items.iter().map(|i| &i.selector)),
            Decl::Recipient(r) => {
                for item in &r.items {
                    match item {
                        RecipientItem::Share(rule) => {
                            out.extend(rule.items.iter().map(|i| &i.selector))
                        }
                        RecipientItem::Never(rule) => out.extend(&rule.selectors),
                        _ => {}
                    }
                }
            }
            Decl::Example(e) => {
                for item in &e.items {
                    if let ExampleItem::Expect(Expect {
                        gets: Gets::Fields(fields),
                        ..
                    }) = item
                    {
                        out.extend(fields.iter().map(|i| &i.selector));
                    }
                }
            }
            Decl::Policy(_) | Decl::Record(_) | Decl::Category(_) | Decl::Allow(_) => {}
        }
    }
    out
}
