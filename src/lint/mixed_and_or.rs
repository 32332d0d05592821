//! Finds a condition that mixes `and` and `or` at one level without parentheses:
//! `a or b and c`.
//!
//! ### Why it matters
//! `and` binds tighter than `or`, so the language reads `a or b and c` as `a or (b and c)`.
//! People read it the other way, `(a or b) and c`, as they would a sentence: "if they agreed
//! to the sale or to marketing, and are adults". The two readings share different people's
//! data. Written `consent.sale or consent.marketing and age(birth_date) >= 18`, the list goes
//! to every customer who agreed to the sale, minors included: the age test guards only the
//! marketing consent. Nothing else catches it; an example catches it only if someone happened
//! to write the one record that tells the readings apart.
//!
//! Every `or` with an `and` directly inside it, not in parentheses, is reported, whichever
//! reading was meant: the parentheses cost nothing and make the policy say one thing to
//! everyone who reads it. `shareguard fmt` keeps the parentheses the author writes.
//!
//! ### Example
//! ```text
//! recipient list_broker "ListBroker Inc." {
//!   kind buyer
//!   share mailing_address
//!     when consent.sale or consent.marketing and age(birth_date) >= 18
//! }
//! ```
//!
//! ### Fix
//! Write the parentheses of the reading you mean:
//! ```text
//!     when (consent.sale or consent.marketing) and age(birth_date) >= 18
//! ```
//! or, if the language's reading is the one meant,
//! `consent.sale or (consent.marketing and age(birth_date) >= 18)`.

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::{Condition, ConditionKind};

pub const NAME: &str = "mixed-and-or";

pub fn check<'a>(cx: &Context<'a>) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for recipient in &cx.ir.recipients {
        for rule in &recipient.shares {
            for condition in rule.when.iter().chain(&rule.unless) {
                walk(cx, condition, Scope::Share(recipient, rule), &mut out);
            }
        }
    }
    for (recipient, rule) in cx.nevers() {
        for condition in rule.when.iter().chain(&rule.unless) {
            walk(cx, condition, Scope::Never(recipient, rule), &mut out);
        }
    }
    out
}

/// Reports every `or` in `condition` (itself and those nested in it) that mixes.
fn walk<'a>(cx: &Context<'a>, condition: &Condition, scope: Scope<'a>, out: &mut Vec<Finding<'a>>) {
    match &condition.kind {
        ConditionKind::Or { args } => {
            if args
                .iter()
                .any(|a| !a.parenthesized && matches!(a.kind, ConditionKind::And { .. }))
            {
                out.push(Finding {
                    diagnostic: warning(cx, condition, args),
                    scope,
                });
            }
            for arg in args {
                walk(cx, arg, scope, out);
            }
        }
        ConditionKind::And { args } => {
            for arg in args {
                walk(cx, arg, scope, out);
            }
        }
        ConditionKind::Not { arg } => walk(cx, arg, scope, out),
        _ => {}
    }
}

/// One operand of the mixed chain, or an operator between two.
enum Piece<'c> {
    Operand(&'c Condition),
    And,
    Or,
}

fn warning(cx: &Context<'_>, or: &Condition, args: &[Condition]) -> Diagnostic {
    // The chain as written, flat: `a or b and c` is a, or, b, and, c.
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            pieces.push(Piece::Or);
        }
        match &arg.kind {
            ConditionKind::And { args: inner } if !arg.parenthesized => {
                for (j, part) in inner.iter().enumerate() {
                    if j > 0 {
                        pieces.push(Piece::And);
                    }
                    pieces.push(Piece::Operand(part));
                }
            }
            _ => pieces.push(Piece::Operand(arg)),
        }
    }
    let language = reading(cx, &pieces, true);
    let other = reading(cx, &pieces, false);
    Diagnostic::warning(
        NAME,
        "this condition mixes `and` and `or` without parentheses, and can be read two ways",
        or.span,
    )
    .with_label("`and` binds tighter than `or` here")
    .with_help(format!(
        "the language reads it as `{language}`, but it is easy to read as `{other}`; write the \
         parentheses of the reading you mean"
    ))
}

/// The chain split first at each `or` (the language's reading) or at each `and` (the other),
/// each part in parentheses when it joins several operands.
fn reading(cx: &Context<'_>, pieces: &[Piece<'_>], or_first: bool) -> String {
    let (outer, inner) = if or_first {
        (" or ", " and ")
    } else {
        (" and ", " or ")
    };
    let splits = |p: &Piece<'_>| match p {
        Piece::Or => or_first,
        Piece::And => !or_first,
        Piece::Operand(_) => false,
    };
    let groups: Vec<String> = pieces
        .split(splits)
        .map(|group| {
            let operands: Vec<String> = group
                .iter()
                .filter_map(|p| match p {
                    Piece::Operand(c) => Some(text(cx, c)),
                    Piece::And | Piece::Or => None,
                })
                .collect();
            if operands.len() > 1 {
                format!("({})", operands.join(inner))
            } else {
                operands.concat()
            }
        })
        .collect();
    groups.join(outer)
}

/// A condition as the author wrote it, with its parentheses.
fn text(cx: &Context<'_>, condition: &Condition) -> String {
    let written = cx.source.slice(condition.span).trim();
    let written = if written.is_empty() {
        condition.to_string()
    } else {
        written.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if condition.parenthesized {
        format!("({written})")
    } else {
        written
    }
}
