//! The notice as Markdown: for a website's CMS, a pull request, or reading in a terminal.

use std::fmt::Write;

use super::{Notice, RecipientNotice};
use crate::ir::RecipientKind;
use crate::words::condition::Said;
use crate::words::{Arg, Words};

/// Writes the notice as Markdown.
pub fn render(notice: &Notice, words: &Words) -> String {
    let mut out = String::new();
    let w = &mut out;
    line(w, &format!("# {}", esc(&words.text("notice-title"))));
    line(w, "");
    line(w, &esc(&subtitle(notice, words)));
    line(w, "");
    line(w, &format!("_{}_", esc(&words.text("notice-generated"))));
    responsible(w, notice, words);
    heading(w, 2, &words.text("section-sale"));
    for sentence in notice.sale.iter().take(1) {
        line(w, &esc(sentence));
    }
    if !notice.sold.is_empty() {
        line(w, "");
        line(w, &esc(&words.text("sale-what")));
        line(w, "");
        for item in &notice.sold {
            line(w, &format!("- {}", esc(item)));
        }
    }
    for sentence in notice.sale.iter().skip(1) {
        line(w, "");
        line(w, &linked(sentence, notice.opt_out.as_deref()));
    }
    collected(w, notice, words);
    recipients(w, notice, words);
    heading(w, 2, &words.text("section-never"));
    if notice.never_rules.is_empty() {
        line(w, &esc(&words.text("never-none")));
    }
    for rule in &notice.never_rules {
        said(w, &rule.said, 0);
    }
    out
}

/// The policy's title and version.
pub(super) fn subtitle(notice: &Notice, words: &Words) -> String {
    let policy = ("policy", Arg::Text(notice.policy.clone()));
    match &notice.version {
        Some(v) => words.say(
            "notice-subtitle-version",
            &[policy, ("version", Arg::Text(v.clone()))],
        ),
        None => words.say("notice-subtitle", &[policy]),
    }
}

/// The sentences about who is responsible, with the values filled in.
pub(super) fn responsible_sentences(notice: &Notice, words: &Words) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(controller) = &notice.controller {
        out.push(words.say(
            "responsible-controller",
            &[("controller", Arg::Text(controller.clone()))],
        ));
    }
    if let Some(contact) = &notice.contact {
        out.push(words.say(
            "responsible-contact",
            &[("contact", Arg::Text(contact.clone()))],
        ));
    }
    if let Some(link) = &notice.opt_out {
        out.push(words.say("responsible-opt-out", &[("link", Arg::Text(link.clone()))]));
    }
    if out.is_empty() {
        out.push(words.text("responsible-none"));
    }
    out
}

fn responsible(w: &mut String, notice: &Notice, words: &Words) {
    heading(w, 2, &words.text("section-responsible"));
    for (i, sentence) in responsible_sentences(notice, words).iter().enumerate() {
        if i > 0 {
            line(w, "");
        }
        line(w, &linked(sentence, notice.opt_out.as_deref()));
    }
}

fn collected(w: &mut String, notice: &Notice, words: &Words) {
    heading(w, 2, &words.text("section-collected"));
    line(w, &esc(&words.text("collected-intro")));
    line(w, "");
    line(
        w,
        &format!(
            "| {} | {} |",
            esc(&words.text("collected-category")),
            esc(&words.text("collected-fields"))
        ),
    );
    line(w, "|---|---|");
    for c in &notice.categories {
        let name = if c.description.is_empty() {
            format!("**{}**", esc(&c.title))
        } else {
            format!("**{}**: {}", esc(&c.title), esc(&c.description))
        };
        let fields: Vec<String> = c.fields.iter().map(|f| esc(f)).collect();
        line(w, &format!("| {name} | {} |", fields.join("; ")));
    }
}

fn recipients(w: &mut String, notice: &Notice, words: &Words) {
    heading(w, 2, &words.text("section-recipients"));
    if notice.recipients.is_empty() {
        line(w, &esc(&words.text("recipients-none")));
        return;
    }
    line(w, &esc(&words.text("recipients-intro")));
    for kind in RecipientKind::ALL {
        let mut of_kind = notice.of_kind(kind).peekable();
        if of_kind.peek().is_none() {
            continue;
        }
        let kind_arg = [("kind", Arg::Text(kind.as_str().into()))];
        heading(w, 3, &words.say("kind-heading", &kind_arg));
        line(w, &esc(&words.say("kind-intro", &kind_arg)));
        for r in of_kind {
            recipient(w, r, words);
        }
    }
}

fn recipient(w: &mut String, r: &RecipientNotice, words: &Words) {
    heading(w, 4, &r.display_name);
    if let Some(ownership) = &r.ownership {
        line(w, &format!("**{}**", esc(ownership)));
        line(w, "");
    }
    let fact = |w: &mut String, id: &str, value: &str| {
        line(
            w,
            &format!("- **{}** {}", esc(&term(&words.text(id))), esc(value)),
        );
    };
    fact(w, "recipient-purpose", &r.purpose);
    if let Some(basis) = &r.basis_text {
        fact(w, "recipient-basis", basis);
    }
    fact(w, "recipient-keeps", &r.keeps);
    fact(w, "recipient-told", &r.told);
    if let Some(message) = &r.notify_message {
        line(
            w,
            &format!(
                "  - {} “{}”",
                esc(&words.text(if r.notify_generated {
                    "told-message-generated"
                } else {
                    "told-message"
                })),
                esc(message)
            ),
        );
    }
    line(w, "");
    line(
        w,
        &format!("**{}**", esc(&words.text("recipient-receives"))),
    );
    line(w, "");
    if r.shares.is_empty() {
        line(w, &esc(&words.text("recipient-nothing")));
        return;
    }
    for (i, group) in r.shares.iter().enumerate() {
        if i > 0 {
            line(w, "");
        }
        for item in &group.data {
            line(w, &format!("- {}", esc(item)));
        }
        line(w, "");
        if group.when.is_empty() {
            line(
                w,
                &format!(
                    "**{}** {}",
                    esc(&term(&words.text("recipient-when"))),
                    esc(&words.text("always"))
                ),
            );
            continue;
        }
        line(w, &format!("**{}**", esc(&words.text("given-when"))));
        line(w, "");
        for condition in &group.when {
            said(w, condition, 0);
        }
    }
}

/// A label before a value: "Why:", but "Will we tell you?" as it is.
pub(super) fn term(label: &str) -> String {
    if label.ends_with(['?', ':', '.']) {
        label.to_string()
    } else {
        format!("{label}:")
    }
}

/// A line or a list as Markdown bullets, nested by `depth`.
fn said(w: &mut String, said_: &Said, depth: usize) {
    let indent = "  ".repeat(depth);
    match said_ {
        Said::Line(text) => line(w, &format!("{indent}- {}", esc(text))),
        Said::List { text, items } => {
            line(w, &format!("{indent}- {}", esc(text)));
            for item in items {
                said(w, item, depth + 1);
            }
        }
    }
}

fn heading(w: &mut String, level: usize, text: &str) {
    line(w, "");
    line(w, &format!("{} {}", "#".repeat(level), esc(text)));
    line(w, "");
}

fn line(w: &mut String, text: &str) {
    let _ = writeln!(w, "{text}");
}

/// A sentence with the opt-out page as a link.
fn linked(sentence: &str, link: Option<&str>) -> String {
    let escaped = esc(sentence);
    match link {
        Some(url) if sentence.contains(url) && is_web_address(url) => {
            escaped.replace(&esc(url), &format!("<{url}>"))
        }
        _ => escaped,
    }
}

/// Whether the opt-out page is something a browser can open.
pub(super) fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Text that Markdown shows as it is.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
