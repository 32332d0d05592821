//! Lints: warnings over the checked IR for what a privacy reviewer should look at.
//!
//! Each lint lives in its own file, whose `//!` comment is its documentation (what it finds,
//! why it matters to the people whose data it is, an example, the fix), and is registered in
//! [`LINTS`]. A lint is a function from the checked policy ([`Context`]: the IR, which keeps
//! the spans of what it was checked from) to warnings; it never parses anything. `docs/lints.md` is generated from
//! the table ([`docs::markdown`]), and a test fails when the page is out of date.
//!
//! [`run`] runs every lint, then applies, in order: the policy's `allow` lines (the innermost
//! scope that has one wins: the rule, then its recipient, then the policy), warnings about
//! `allow` lines that silenced nothing, and the command line's `--allow` and `--deny`.

pub mod conditions;
pub mod context;
pub mod docs;

mod affiliate_without_brand;
mod buyer_without_opt_out;
mod constant_condition;
mod cross_brand_without_preference_check;
mod duplicate_share;
mod field_without_label;
mod mixed_and_or;
mod recipient_without_contract;
mod recipient_without_notice;
mod reversible_hash;
mod sale_without_age_check;
mod sale_without_preference_check;
mod sensitive_shared_raw;
mod share_all;
mod share_always_cancelled;
mod untested_recipient;
mod unused_allow;
mod unused_category;
mod unused_group;
mod vendor_without_deletion;

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::ir::Ir;
use crate::span::SourceFile;

pub use context::{Context, Finding, Scope};

/// A lint's check: the warnings it finds in one policy.
pub type Check = for<'a> fn(&Context<'a>) -> Vec<Finding<'a>>;

/// One registered lint.
#[derive(Debug)]
pub struct Lint {
    /// The stable kebab-case name, used in `allow` lines, on the command line and as the
    /// diagnostic's code.
    pub name: &'static str,
    /// One line for `check --list-lints` and the table of contents of `docs/lints.md`.
    pub summary: &'static str,
    /// The lint's source file: its leading `//!` comment is the documentation
    /// ([`Lint::documentation`]), so rustdoc and `docs/lints.md` show the same text.
    pub docs: &'static str,
    pub check: Check,
}

impl Lint {
    /// The lint's documentation in Markdown: its file's `//!` comment.
    pub fn documentation(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            let Some(text) = line.strip_prefix("//!") else {
                break;
            };
            out.push_str(text.strip_prefix(' ').unwrap_or(text));
            out.push('\n');
        }
        out
    }
}

/// Every lint, in the order they are documented.
pub const LINTS: &[Lint] = &[
    Lint {
        name: sale_without_preference_check::NAME,
        summary: "A sale (a `share` to a buyer) that checks none of the customer's privacy choices",
        docs: include_str!("sale_without_preference_check.rs"),
        check: sale_without_preference_check::check,
    },
    Lint {
        name: sale_without_age_check::NAME,
        summary: "A sale that does not check the customer's age, although the record has a birth date",
        docs: include_str!("sale_without_age_check.rs"),
        check: sale_without_age_check::check,
    },
    Lint {
        name: cross_brand_without_preference_check::NAME,
        summary: "A share to an affiliate under another brand that checks none of the customer's choices",
        docs: include_str!("cross_brand_without_preference_check.rs"),
        check: cross_brand_without_preference_check::check,
    },
    Lint {
        name: sensitive_shared_raw::NAME,
        summary: "A `[sensitive]` field that a partner or buyer can receive untransformed",
        docs: include_str!("sensitive_shared_raw.rs"),
        check: sensitive_shared_raw::check,
    },
    Lint {
        name: reversible_hash::NAME,
        summary: "`hashed` on a value with few possible values, which anyone can reverse",
        docs: include_str!("reversible_hash.rs"),
        check: reversible_hash::check,
    },
    Lint {
        name: share_all::NAME,
        summary: "`share all`: every field, including fields added to the record later",
        docs: include_str!("share_all.rs"),
        check: share_all::check,
    },
    Lint {
        name: recipient_without_contract::NAME,
        summary: "A vendor, partner or buyer without a `contract`",
        docs: include_str!("recipient_without_contract.rs"),
        check: recipient_without_contract::check,
    },
    Lint {
        name: recipient_without_notice::NAME,
        summary: "A partner or buyer without a `notify` obligation",
        docs: include_str!("recipient_without_notice.rs"),
        check: recipient_without_notice::check,
    },
    Lint {
        name: vendor_without_deletion::NAME,
        summary: "A vendor without a `delete after` obligation",
        docs: include_str!("vendor_without_deletion.rs"),
        check: vendor_without_deletion::check,
    },
    Lint {
        name: buyer_without_opt_out::NAME,
        summary: "A policy that sells data but gives no `opt_out` page in its header",
        docs: include_str!("buyer_without_opt_out.rs"),
        check: buyer_without_opt_out::check,
    },
    Lint {
        name: affiliate_without_brand::NAME,
        summary: "An affiliate that does not say under which `brand` customers know it",
        docs: include_str!("affiliate_without_brand.rs"),
        check: affiliate_without_brand::check,
    },
    Lint {
        name: share_always_cancelled::NAME,
        summary: "A `share` whose fields a `never` rule always removes",
        docs: include_str!("share_always_cancelled.rs"),
        check: share_always_cancelled::check,
    },
    Lint {
        name: mixed_and_or::NAME,
        summary: "A condition that mixes `and` and `or` without parentheses: `a or b and c`",
        docs: include_str!("mixed_and_or.rs"),
        check: mixed_and_or::check,
    },
    Lint {
        name: constant_condition::NAME,
        summary: "A condition, or part of one, that is always true or never true",
        docs: include_str!("constant_condition.rs"),
        check: constant_condition::check,
    },
    Lint {
        name: duplicate_share::NAME,
        summary: "A field shared twice in the same form to one recipient",
        docs: include_str!("duplicate_share.rs"),
        check: duplicate_share::check,
    },
    Lint {
        name: field_without_label::NAME,
        summary: "A field without a label, which the notice can name only by its identifier",
        docs: include_str!("field_without_label.rs"),
        check: field_without_label::check,
    },
    Lint {
        name: untested_recipient::NAME,
        summary: "A recipient that no example checks",
        docs: include_str!("untested_recipient.rs"),
        check: untested_recipient::check,
    },
    Lint {
        name: unused_group::NAME,
        summary: "A group that nothing uses",
        docs: include_str!("unused_group.rs"),
        check: unused_group::check,
    },
    Lint {
        name: unused_category::NAME,
        summary: "A declared category that no field carries",
        docs: include_str!("unused_category.rs"),
        check: unused_category::check,
    },
    Lint {
        name: unused_allow::NAME,
        summary: "An `allow` line that silences no warning",
        docs: include_str!("unused_allow.rs"),
        check: unused_allow::check,
    },
];

/// Lint levels chosen on the command line.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// Lints to silence everywhere (`--allow`).
    pub allow: Vec<String>,
    /// Lints whose warnings become errors (`--deny`).
    pub deny: Vec<String>,
}

impl LintOptions {
    /// Checks that every name is a lint and that none is both allowed and denied; the error
    /// is a message for the command line, with a suggestion for a misspelt name.
    pub fn validate(&self) -> Result<(), String> {
        for (flag, names) in [("--allow", &self.allow), ("--deny", &self.deny)] {
            for name in names {
                if is_known(name) {
                    continue;
                }
                let hint = crate::diagnostic::suggest::did_you_mean(name, names_iter())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        "; `shareguard check --list-lints` shows every lint".to_string()
                    });
                return Err(format!(
                    "{flag} {name}: there is no lint named `{name}`{hint}"
                ));
            }
        }
        if let Some(name) = self.allow.iter().find(|n| self.deny.contains(n)) {
            return Err(format!(
                "`{name}` is given to both --allow and --deny; choose one"
            ));
        }
        Ok(())
    }
}

pub fn is_known(name: &str) -> bool {
    LINTS.iter().any(|l| l.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    names_iter()
}

fn names_iter() -> impl Iterator<Item = &'static str> {
    LINTS.iter().map(|l| l.name)
}

pub fn find(name: &str) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.name == name)
}

/// Runs every lint over a checked policy, and applies `allow` lines and `options`.
pub fn run(ir: &Ir, source: &SourceFile, options: &LintOptions) -> Vec<Diagnostic> {
    let cx = Context::new(ir, source);
    let findings: Vec<Finding<'_>> = LINTS.iter().flat_map(|lint| (lint.check)(&cx)).collect();
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    let mut kept = suppress(ir, findings, &mut used);
    let unused = unused_allow::unused(&cx, &used);
    kept.extend(suppress(ir, unused, &mut used));

    let mut out: Vec<Diagnostic> = Vec::new();
    // Spans take no part in equality, so one warning said twice is found by its place.
    let mut said = HashSet::new();
    for mut diagnostic in kept {
        if options.allow.iter().any(|n| n == diagnostic.code) {
            continue;
        }
        if options.deny.iter().any(|n| n == diagnostic.code) {
            diagnostic.severity = Severity::Error;
        }
        let span = diagnostic.primary_span();
        if said.insert((
            diagnostic.code,
            span.start,
            span.end,
            diagnostic.message.clone(),
        )) {
            out.push(diagnostic);
        }
    }
    out
}

/// Drops the findings that an `allow` in their scope silences, noting which `allow`s did.
fn suppress(
    ir: &Ir,
    findings: Vec<Finding<'_>>,
    used: &mut HashSet<(usize, usize)>,
) -> Vec<Diagnostic> {
    let mut kept = Vec::new();
    for finding in findings {
        let allows = finding.scope.allows(ir);
        match allows.iter().find(|a| a.lint == finding.diagnostic.code) {
            Some(allow) => {
                used.insert((allow.loc.line, allow.loc.column));
            }
            None => kept.push(finding.diagnostic),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lint_is_documented_and_named_in_kebab_case() {
        let mut seen = HashSet::new();
        for lint in LINTS {
            assert!(seen.insert(lint.name), "{} is registered twice", lint.name);
            assert!(
                lint.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                lint.name
            );
            let docs = lint.documentation();
            for section in ["### Why it matters", "### Example", "### Fix"] {
                assert!(docs.contains(section), "{} lacks {section}", lint.name);
            }
        }
    }

    #[test]
    fn options_reject_unknown_names_with_a_suggestion() {
        let options = LintOptions {
            allow: vec!["share-al".into()],
            deny: vec![],
        };
        let err = options.validate().unwrap_err();
        assert!(err.contains("did you mean `share-all`?"), "{err}");
        let both = LintOptions {
            allow: vec!["share-all".into()],
            deny: vec!["share-all".into()],
        };
        assert!(both.validate().is_err());
    }
}
