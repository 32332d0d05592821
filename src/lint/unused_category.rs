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
use crate::syntax::ast::*;

pub const NAME: &str = "unused-category";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let fields = cx.ir.all_fields();
    cx.ir
        .categories
        .iter()
        .filter(|c| !c.builtin)
        .filter(|c| !fields.iter().any(|f| f.tags.contains(&c.name)))
        .map(|category| {
            let decl = category.loc.as_ref().and_then(|l| cx.spans.category(l));
            let span = match (decl, &category.loc) {
                (Some(d), _) => d.name.span,
                (None, Some(loc)) => cx.loc_span(loc),
                (None, None) => crate::span::Span::default(),
            };
            let named_by_rules = mentions(cx.ast, &category.name);
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

/// Whether any rule or group names `[category]`.
fn mentions(ast: &PolicyFile, category: &str) -> bool {
    let named =
        |s: &FieldSelector| matches!(s, FieldSelector::Category(name, _) if name.name == category);
    let in_items = |items: &[ShareItem]| items.iter().any(|i| named(&i.selector));
    ast.decls.iter().any(|decl| match decl {
        Decl::Group(g) => g.selectors.iter().any(named),
        Decl::Never(rule) => rule.selectors.iter().any(named),
        Decl::Recipient(r) => r.items.iter().any(|item| match item {
            RecipientItem::Share(rule) => in_items(&rule.items),
            RecipientItem::Never(rule) => rule.selectors.iter().any(named),
            _ => false,
        }),
        _ => false,
    })
}
