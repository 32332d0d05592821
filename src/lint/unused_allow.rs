//! Finds an `allow` line that silences nothing: the lint it names reports no warning in its
//! scope.
//!
//! ### Why it matters
//! Every `allow` is a reviewed exception with a reason ("the bank's contract is the card
//! program agreement"). When the rule it excused changes, the warning may go away while the
//! `allow` stays, and a later, different problem of the same kind at that place would be
//! silenced without anyone having reviewed it. An `allow` in the wrong place (after a rule,
//! for a warning about the whole recipient) also silences nothing, and the warning it was
//! meant for still shows.
//!
//! An `allow` right after a `share` or `never` rule covers warnings about that rule; one among
//! a recipient's lines covers warnings about the recipient and all its rules; one at the top
//! level covers the whole policy. `allow unused-allow` lines are never reported themselves.
//!
//! ### Example
//! ```text
//! recipient postal_pro "PostalPro Address Services" {
//!   kind vendor
//!   contract "MSA-2021-044"
//!   allow recipient-without-contract "contract signed 2021"   # it has a contract
//!   share mailing_address
//!   delete after 30 days
//! }
//! ```
//!
//! ### Fix
//! Delete the `allow`, or move it to the scope of the warning it is for.

use std::collections::HashSet;

use super::context::{Context, Finding, Scope};
use crate::diagnostic::Diagnostic;
use crate::ir::Allow;

pub const NAME: &str = "unused-allow";

/// Nothing to find on its own: [`unused`] runs once the other lints' warnings are matched with
/// the `allow` lines.
pub fn check<'a>(_: &Context<'a>) -> Vec<Finding<'a>> {
    Vec::new()
}

/// Warnings for every `allow` whose location is not in `used`.
pub fn unused<'a>(cx: &Context<'a>, used: &HashSet<(usize, usize)>) -> Vec<Finding<'a>> {
    all_allows(cx)
        .into_iter()
        .filter(|(allow, _)| {
            allow.lint != NAME && !used.contains(&(allow.loc.line, allow.loc.column))
        })
        .map(|(allow, scope)| {
            let span = allow.loc.span;
            let hint = match scope {
                ScopeKind::Rule => {
                    "; an `allow` after a rule covers warnings about that rule only, and one \
                     among the recipient's lines covers the whole recipient"
                }
                ScopeKind::Recipient | ScopeKind::Policy => "",
            };
            Finding {
                diagnostic: Diagnostic::warning(
                    NAME,
                    format!("`allow {}` silences no warning here", allow.lint),
                    span,
                )
                .with_label("nothing to allow")
                .with_help(format!(
                    "delete it, so that a future warning of this kind is reviewed again{hint}"
                )),
                scope: Scope::Policy,
            }
        })
        .collect()
}

#[derive(Clone, Copy)]
enum ScopeKind {
    Policy,
    Recipient,
    Rule,
}

/// Every `allow` in the policy once, with the kind of scope it is written in.
fn all_allows<'a>(cx: &Context<'a>) -> Vec<(&'a Allow, ScopeKind)> {
    let mut out: Vec<(&Allow, ScopeKind)> = Vec::new();
    out.extend(cx.ir.allows.iter().map(|a| (a, ScopeKind::Policy)));
    for recipient in &cx.ir.recipients {
        out.extend(recipient.allows.iter().map(|a| (a, ScopeKind::Recipient)));
        for rule in &recipient.shares {
            out.extend(rule.allows.iter().map(|a| (a, ScopeKind::Rule)));
        }
    }
    for (_, rule) in cx.nevers() {
        out.extend(rule.allows.iter().map(|a| (a, ScopeKind::Rule)));
    }
    out
}
