//! The top-level `never` rules in words: "We never give your date of birth to anyone who buys
//! our lists."
//!
//! The IR attaches a top-level rule to each recipient it reaches; here the copies are brought
//! back together by where the rule is written, and its recipients named as the policy would:
//! a kind when the rule reaches every recipient of that kind, else the recipients by name.

use crate::ir::{Ir, NeverRule, NeverScope, RecipientKind};
use crate::words::condition::{Requirements, Said};
use crate::words::labels::Labels;
use crate::words::{Arg, upper_first};

/// A top-level rule in words, and the recipients it reaches.
#[derive(Clone, Debug, PartialEq)]
pub struct NeverNotice {
    /// On one line.
    pub text: String,
    /// With its condition as a list where it is one.
    pub said: Said,
    /// The names of the recipients it reaches.
    pub reaches: Vec<String>,
}

/// Each top-level rule, in the order of the file.
pub(super) fn top_level(ir: &Ir, labels: &Labels<'_>) -> Vec<NeverNotice> {
    let words = labels.words();
    let mut rules: Vec<(&NeverRule, Vec<&str>)> = Vec::new();
    for r in &ir.recipients {
        for never in r.nevers.iter().filter(|n| n.scope == NeverScope::Policy) {
            match rules.iter_mut().find(|(n, _)| n.loc == never.loc) {
                Some((_, names)) => names.push(&r.name),
                None => rules.push((never, vec![&r.name])),
            }
        }
    }
    rules.sort_by_key(|(n, _)| (n.loc.line, n.loc.column));
    let mut out = Vec::new();
    for (never, names) in rules {
        let said = sentence(ir, labels, never, &names);
        out.push(NeverNotice {
            text: said.inline(words),
            said,
            reaches: names.iter().map(|n| n.to_string()).collect(),
        });
    }
    out
}

fn sentence(ir: &Ir, labels: &Labels<'_>, never: &NeverRule, names: &[&str]) -> Said {
    let words = labels.words();
    let all_leaves: Vec<&str> = ir
        .all_fields()
        .into_iter()
        .filter(|f| f.ty.is_leaf())
        .map(|f| f.path.as_str())
        .collect();
    let what = if all_leaves
        .iter()
        .all(|f| never.fields.iter().any(|n| n == f))
    {
        words.text("never-all")
    } else {
        words.join(&labels.phrases(&never.fields), "list-and")
    };
    // `never share ... raw`: a reduced form (a birth year) may still go.
    let what = if never.raw {
        words.say("never-raw", &[("what", Arg::Text(what))])
    } else {
        what
    };
    let whom = whom(ir, labels, names);
    let applies = never
        .when
        .as_ref()
        .map_or_else(Requirements::always, Requirements::when);
    let applies = match &never.unless {
        Some(unless) => applies.and(Requirements::unless(unless)),
        None => applies,
    };
    let args = |extra: Option<String>| {
        let mut args = vec![
            ("what", Arg::Text(what.clone())),
            ("whom", Arg::Text(whom.clone())),
        ];
        if let Some(condition) = extra {
            args.push(("condition", Arg::Text(condition)));
        }
        args
    };
    if applies.is_always() {
        return Said::Line(words.say("never-rule", &args(None)));
    }
    match applies.statement(labels) {
        Said::Line(condition) => Said::Line(words.say("never-rule-if", &args(Some(condition)))),
        Said::List { text, items } => {
            let id = if text == words.text("all-of") {
                "never-rule-all"
            } else {
                "never-rule-any"
            };
            Said::List {
                text: words.say(id, &args(None)),
                items,
            }
        }
    }
}

/// The recipients a rule reaches, as the policy would name them.
fn whom(ir: &Ir, labels: &Labels<'_>, names: &[&str]) -> String {
    let words = labels.words();
    let reached = |name: &str| names.contains(&name);
    if ir.recipients.iter().all(|r| reached(&r.name)) {
        return words.text("everyone");
    }
    let mut parts = Vec::new();
    for kind in RecipientKind::ALL {
        let of_kind: Vec<_> = ir.recipients.iter().filter(|r| r.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        if of_kind.iter().all(|r| reached(&r.name)) {
            parts.push(words.say(
                "kind-everyone",
                &[("kind", Arg::Text(kind.as_str().into()))],
            ));
        } else {
            parts.extend(
                of_kind
                    .iter()
                    .filter(|r| reached(&r.name))
                    .map(|r| upper_first(r.title())),
            );
        }
    }
    words.join(&parts, "list-or")
}
