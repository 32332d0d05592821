//! Hover: what a name in the policy stands for, in words.
//!
//! - a field: its type, tags, label, and every recipient that may receive it, in which form
//!   and under which conditions, with the `never` rules that hold it back (from the IR);
//! - a recipient: its kind, purpose, legal basis, contract, brand, obligations and what it may
//!   receive; a kind: what it means and which recipients are of it;
//! - a group: the fields it covers; a category: its description and the fields tagged with it;
//! - an error code or a lint (hovering a diagnostic, or the name after `allow`): its
//!   documentation, as in `docs/errors.md` and `docs/lints.md`;
//! - a transform or function: what it does.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::analysis::{Analysis, Model};
use super::document::Text;
use super::{tokens, words};
use crate::ir::{Field, Form, Recipient, RecipientKind, Target};
use crate::span::Span;

/// The hover at `offset`, if there is anything to say.
pub fn hover(text: &Text, analysis: &Analysis, offset: usize) -> Option<Hover> {
    let mut parts: Vec<String> = Vec::new();
    let mut range: Option<Span> = None;
    let model = analysis.model();
    if let Some((model, found)) = model.and_then(|m| Some((m, m.at(&text.text, offset)?))) {
        if let Some(words) = describe(model, &found.target) {
            parts.push(words);
            range = Some(found.span);
        }
    }
    if parts.is_empty() {
        if let Some((span, words)) = word_doc(&text.text, offset) {
            parts.push(words);
            range = Some(span);
        }
    }
    let mut codes: Vec<&str> = Vec::new();
    for diagnostic in &analysis.report.diagnostics {
        let span = diagnostic.primary_span();
        if span.start <= offset && offset <= span.end && !codes.contains(&diagnostic.code) {
            codes.push(diagnostic.code);
        }
    }
    parts.extend(codes.into_iter().filter_map(code_doc));
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: range.map(|span| text.range(span)),
    })
}

/// What a resolved name stands for.
pub fn describe(model: &Model, target: &Target) -> Option<String> {
    match target {
        Target::Field(path) => field(model, path),
        Target::Recipient(name) => model.ir.recipient(name).map(recipient),
        Target::Group(name) => {
            let group = model.ir.groups.iter().find(|g| &g.name == name)?;
            Some(format!(
                "**group `{}`**: {}",
                group.name,
                code_list(group.fields.iter().map(String::as_str))
            ))
        }
        Target::Category(name) => category(model, name),
        Target::Kind(kind) => Some(kind_words(model, *kind)),
    }
}

fn field(model: &Model, path: &str) -> Option<String> {
    let field = model.ir.field(path)?;
    let mut out = match &field.label {
        Some(label) => format!("**{label}** (`{path}`)\n\n"),
        None => format!("**`{path}`**\n\n"),
    };
    let presence = if field.optional {
        "optional"
    } else {
        "required"
    };
    let _ = write!(out, "{} · {presence}", field.ty.describe());
    if !field.tags.is_empty() {
        let _ = write!(out, " · {}", tag_list(&field.tags));
    }
    let leaves = leaves_under(model, field);
    let mut receivers = String::new();
    for recipient in &model.ir.recipients {
        receivers.push_str(&grants(recipient, field, &leaves));
    }
    if receivers.is_empty() {
        out.push_str("\n\nNo recipient may receive it.");
    } else {
        out.push_str("\n\nWho may receive it:\n\n");
        out.push_str(receivers.trim_end());
    }
    Some(out)
}

/// The leaf paths a field stands for: itself, or every leaf inside it.
fn leaves_under<'m>(model: &'m Model, field: &Field) -> Vec<&'m str> {
    let prefix = format!("{}.", field.path);
    model
        .schema
        .leaves()
        .iter()
        .filter(|leaf| **leaf == field.path || leaf.starts_with(&prefix))
        .map(String::as_str)
        .collect()
}

/// The lines saying how `recipient` may receive (part of) `field`, or "".
fn grants(recipient: &Recipient, field: &Field, leaves: &[&str]) -> String {
    let mut lines = String::new();
    for rule in &recipient.shares {
        for item in &rule.items {
            let covered: Vec<&str> = item
                .fields
                .iter()
                .map(String::as_str)
                .filter(|f| leaves.contains(f))
                .collect();
            if covered.is_empty() {
                continue;
            }
            let part = if field.ty.is_leaf() {
                String::new()
            } else {
                format!("{} ", code_list(covered.iter().copied()))
            };
            let _ = writeln!(
                lines,
                "- **{}** ({}): {part}{}{} (line {})",
                recipient.title(),
                recipient.kind.as_str(),
                form_words(&item.form),
                conditions(rule.when.as_ref(), rule.unless.as_ref()),
                rule.loc.line
            );
        }
    }
    if lines.is_empty() {
        return lines;
    }
    for never in &recipient.nevers {
        if never.fields.iter().any(|f| leaves.contains(&f.as_str())) {
            let when = match (&never.when, &never.unless) {
                (None, None) => " always".to_string(),
                (when, unless) => conditions(when.as_ref(), unless.as_ref()),
            };
            let _ = writeln!(
                lines,
                "  - withheld{when} by `{}` (line {})",
                never.text, never.loc.line
            );
        }
    }
    lines
}

fn conditions(
    when: Option<&crate::ir::Condition>,
    unless: Option<&crate::ir::Condition>,
) -> String {
    let mut out = String::new();
    if let Some(when) = when {
        let _ = write!(out, " when `{when}`");
    }
    if let Some(unless) = unless {
        let _ = write!(out, " unless `{unless}`");
    }
    out
}

fn form_words(form: &Form) -> String {
    match form {
        Form::Raw => "as it is".into(),
        other => format!("as {other}"),
    }
}

fn recipient(r: &Recipient) -> String {
    let mut out = match &r.display_name {
        Some(display) => format!("**{display}** (`{}`)", r.name),
        None => format!("**`{}`**", r.name),
    };
    let _ = write!(
        out,
        "\n\n{}: {}\n\n- purpose: {}",
        r.kind.as_str(),
        words::kind_doc(r.kind),
        r.purpose
    );
    if let Some(basis) = r.basis {
        let _ = write!(
            out,
            "\n- basis: {} ({})",
            basis.as_str(),
            words::basis_doc(basis)
        );
    }
    for (name, value) in [
        ("contract", &r.contract),
        ("brand", &r.brand),
        ("parent", &r.parent),
    ] {
        if let Some(value) = value {
            let _ = write!(out, "\n- {name}: {value}");
        }
    }
    for obligation in &r.obligations {
        let _ = write!(out, "\n- {}", obligation.describe());
    }
    let mut received: Vec<String> = Vec::new();
    for rule in &r.shares {
        for item in &rule.items {
            for leaf in &item.fields {
                let entry = match &item.form {
                    Form::Raw => leaf.clone(),
                    form => format!("{leaf} as {form}"),
                };
                if !received.contains(&entry) {
                    received.push(entry);
                }
            }
        }
    }
    if received.is_empty() {
        out.push_str("\n\nMay receive nothing.");
    } else {
        let _ = write!(
            out,
            "\n\nMay receive, when its rules' conditions hold: {}",
            code_list(received.iter().map(String::as_str))
        );
    }
    out
}

fn category(model: &Model, name: &str) -> Option<String> {
    let category = model.ir.categories.iter().find(|c| c.name == name)?;
    let mut out = format!("**category `[{name}]`**");
    if let Some(label) = &category.label {
        let _ = write!(out, ": {label}");
    }
    if category.builtin {
        out.push_str(" (built in)");
    }
    let tagged: Vec<&str> = model
        .ir
        .all_fields()
        .into_iter()
        .filter(|f| f.ty.is_leaf() && f.tags.iter().any(|t| t == name))
        .map(|f| f.path.as_str())
        .collect();
    if tagged.is_empty() {
        out.push_str("\n\nNo field is tagged with it.");
    } else {
        let _ = write!(out, "\n\nFields: {}", code_list(tagged.into_iter()));
    }
    Some(out)
}

fn kind_words(model: &Model, kind: RecipientKind) -> String {
    let of_kind: Vec<&str> = model
        .ir
        .recipients
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.name.as_str())
        .collect();
    let mut out = format!("**{}**: {}", kind.as_str(), words::kind_doc(kind));
    if !of_kind.is_empty() {
        let _ = write!(
            out,
            "\n\nIn this policy: {}",
            code_list(of_kind.into_iter())
        );
    }
    out
}

/// The documentation of an error code or a lint.
pub fn code_doc(code: &str) -> Option<String> {
    if let Some(error) = crate::diagnostic::ErrorCode::ALL
        .iter()
        .find(|c| c.as_str() == code)
    {
        let doc = error.doc();
        return Some(format!(
            "**{code}**: {}\n\n{}\n\nFix: {}",
            error.title(),
            doc.meaning,
            doc.fix
        ));
    }
    let lint = crate::lint::LINTS.iter().find(|l| l.name == code)?;
    Some(format!(
        "**{}** (lint): {}\n\n{}",
        lint.name,
        lint.summary,
        lint.documentation()
    ))
}

/// A fixed word under the cursor: a lint after `allow`, a transform, a function, a kind.
fn word_doc(text: &str, offset: usize) -> Option<(Span, String)> {
    let word = tokens::word_at(text, offset)?;
    let span = Span::new(word.start, word.end);
    let written = word.text(text);
    let before = tokens::significant_before(text, word.start);
    match before.last().map(|t| t.text(text)) {
        Some("allow") => return code_doc(written).map(|doc| (span, doc)),
        Some("kind") => {
            let kind = RecipientKind::parse(written)?;
            return Some((span, format!("**{written}**: {}", words::kind_doc(kind))));
        }
        Some("basis") => {
            let basis = crate::ir::Basis::parse(written)?;
            return Some((span, format!("**{written}**: {}", words::basis_doc(basis))));
        }
        _ => {}
    }
    if let Some((name, _, doc)) = words::TRANSFORMS
        .iter()
        .find(|(name, _, _)| name.split(' ').next() == Some(written))
    {
        return Some((span, format!("**{name}** (transform): {doc}")));
    }
    if let Some((name, doc)) = words::FUNCTIONS.iter().find(|(name, _)| *name == written) {
        return Some((span, format!("**{name}(...)** (function): {doc}")));
    }
    None
}

/// `a`, `b`, `c`.
fn code_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn tag_list(tags: &[String]) -> String {
    tags.iter()
        .map(|t| format!("`[{t}]`"))
        .collect::<Vec<_>>()
        .join(" ")
}
