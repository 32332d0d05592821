//! Finds a condition, or part of one, that is always true or never true: `x is missing` on a
//! required field, `in []`, `a and not a`, `true`, comparisons no value can pass together
//! (`age(birth_date) >= 18 and age(birth_date) < 16`), a one-of field tested against all its
//! values, `lower(state) == "CA"` (a lowercased text never has capitals).
//!
//! ### Why it matters
//! A condition in a sharing policy is a promise to the customer: "only if you agreed", "not
//! if you opted out", "not if you are under 16". A condition that cannot change is a promise
//! that is not kept. A `never` whose condition is never true withholds nothing, so data the
//! lawyer meant to protect goes out; a `share` whose condition is never true silently shares
//! nothing, so an opt-in that customers gave is ignored; a test that is always true protects
//! no one. Almost always the condition is a typo or a misunderstanding of a field (a required
//! field tested for being missing, `and` written for `or`).
//!
//! Conditions have three values: a test on a missing optional field is unknown. "Always true"
//! here means true on every valid record; "never true" means false or unknown on every valid
//! record.
//!
//! ### Example
//! ```text
//! record customer key id {
//!   id: text [identifier]
//!   birth_date: date? [demographic]
//!   ...
//! }
//! recipient harbor_bank "First Harbor Bank" {
//!   kind partner
//!   share contact_details when age(birth_date) >= 18 and age(birth_date) < 16
//!   never share all when id is missing
//! }
//! ```
//!
//! ### Fix
//! Write the test that was meant:
//! ```text
//!   share contact_details when age(birth_date) >= 18
//!   never share all when email is missing
//! ```

use super::conditions::{self, Analysed};
use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::Condition;

pub const NAME: &str = "constant-condition";

/// Which condition of which kind of rule.
#[derive(Clone, Copy)]
enum Clause {
    ShareWhen,
    ShareUnless,
    NeverWhen,
    NeverUnless,
}

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        for rule in &recipient.shares {
            let scope = Scope::Share(recipient, rule);
            clause(cx, rule.when.as_ref(), Clause::ShareWhen, scope, &mut out);
            clause(
                cx,
                rule.unless.as_ref(),
                Clause::ShareUnless,
                scope,
                &mut out,
            );
        }
    }
    for (recipient, rule) in cx.nevers() {
        let scope = Scope::Never(recipient, rule);
        clause(cx, rule.when.as_ref(), Clause::NeverWhen, scope, &mut out);
        clause(
            cx,
            rule.unless.as_ref(),
            Clause::NeverUnless,
            scope,
            &mut out,
        );
    }
    out
}

fn clause<'a>(
    cx: &Context<'a>,
    condition: Option<&'a Condition>,
    clause: Clause,
    scope: Scope<'a>,
    out: &mut Vec<Finding<'a>>,
) {
    let Some(condition) = condition else {
        return;
    };
    let analysed = conditions::analyse(&cx.schema, condition);
    for part in analysed.constant_parts() {
        out.push(Finding {
            diagnostic: warning(&analysed, part, clause),
            scope,
        });
    }
}

fn warning(root: &Analysed<'_>, part: &Analysed<'_>, clause: Clause) -> Diagnostic {
    let always = part.outcomes.always_true();
    let value = if always { "always true" } else { "never true" };
    let mut message = format!("`{}` is {value}", part.condition);
    if root.outcomes.is_constant() {
        message.push_str(", so ");
        message.push_str(consequence(clause, root.outcomes.always_true()));
    }
    let fix = match (clause, always) {
        (Clause::NeverWhen, false) | (Clause::NeverUnless, true) => {
            "write the test that was meant: as written, the data this rule should protect is \
             shared"
        }
        (Clause::ShareWhen, false) | (Clause::ShareUnless, true) => {
            "write the test that was meant, or remove the rule if nothing should be shared"
        }
        _ => "remove the test, or write the one that was meant",
    };
    let help = match &part.reason {
        Some(reason) => format!("{reason}; {fix}"),
        None => fix.to_string(),
    };
    Diagnostic::warning(NAME, message, part.span)
        .with_label(value)
        .with_help(help)
}

fn consequence(clause: Clause, always_true: bool) -> &'static str {
    match (clause, always_true) {
        (Clause::ShareWhen, false) => "this rule never shares anything",
        (Clause::ShareWhen, true) => "the `when` makes no difference: the rule always shares",
        (Clause::ShareUnless, true) => "this rule never shares anything",
        (Clause::ShareUnless, false) => "the `unless` never stops this rule",
        (Clause::NeverWhen, false) => "this `never` rule never withholds anything",
        (Clause::NeverWhen, true) => "the `when` makes no difference: the rule always applies",
        (Clause::NeverUnless, true) => "this `never` rule never withholds anything",
        (Clause::NeverUnless, false) => "the `unless` makes no difference",
    }
}
