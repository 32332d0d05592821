//! Finds a field without a label that the notice can name only by its identifier: a field with
//! no label of its own, inside no field that has one.
//!
//! ### Why it matters
//! Customers read the notice (`shareguard notice`), the data map and the generated `notify`
//! messages, and each names a field by its label: "Email address", "asked us not to sell or
//! share their data". A field without one is named by its identifier with spaces, so the
//! notice tells customers that "hh seg v2" goes to a partner: the law asks that people be
//! told what is collected and shared in plain language (GDPR Art. 12(1); the CCPA's notice
//! at collection, Cal. Code Regs. tit. 11, § 7012). A field inside a labelled field is named
//! after it ("Restaurant visits: amount"), and is not reported.
//!
//! ### Example
//! ```text
//! record customer key id {
//!   id: text [identifier] "Customer number"
//!   hh_seg: text [demographic]
//! }
//! ```
//!
//! ### Fix
//! Say what the field is, as a customer would:
//! ```text
//!   hh_seg: text [demographic] "Household type"
//! ```

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::Field;

pub const NAME: &str = "field-without-label";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    walk(&cx.ir.record.fields, &mut out);
    out
}

fn walk<'a>(fields: &[Field], out: &mut Vec<Finding<'a>>) {
    for field in fields {
        if labelled(field) {
            continue;
        }
        if field.ty.is_leaf() {
            out.push(Finding {
                diagnostic: warning(field),
                scope: Scope::Policy,
            });
        } else {
            walk(field.ty.children(), out);
        }
    }
}

fn labelled(field: &Field) -> bool {
    field.label.as_deref().is_some_and(|l| !l.trim().is_empty())
}

fn warning(field: &Field) -> Diagnostic {
    // As `words::labels` names it: its own name, with spaces.
    let spaced: Vec<&str> = field.name.split('_').filter(|w| !w.is_empty()).collect();
    Diagnostic::warning(
        NAME,
        format!(
            "the field `{}` has no label, so the notice can call it only \"{}\"",
            field.path,
            spaced.join(" ")
        ),
        field.loc.span,
    )
    .with_label("no label")
    .with_help(format!(
        "say what it is in plain words at the end of its line, as in `{}: ... \"...\"`; \
         customers read labels in the notice and in generated notify messages",
        field.name
    ))
}
