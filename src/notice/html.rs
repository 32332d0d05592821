//! The notice as one self-contained HTML page: no scripts, no external fonts, styles or
//! images (the data map is inline SVG); printable (print styles: no navigation, links written
//! out, no recipient split across pages); accessible to WCAG 2.1 AA: a `lang` attribute,
//! landmarks (banner, navigation, main, content info), headings in order (h1 → h4), a skip
//! link, table headers with scopes, text contrast of at least 4.5:1, visible focus, and the
//! map as an image with a title and a description that says every line of it.

use std::fmt::Write;

use super::markdown::{is_web_address, responsible_sentences, subtitle, term};
use super::{Notice, RecipientNotice};
use crate::ir::RecipientKind;
use crate::words::condition::Said;
use crate::words::{Arg, Words};

const STYLE: &str = include_str!("notice.css");

/// Writes the notice as HTML, with `map` (an SVG document) as its data map.
pub fn render(notice: &Notice, words: &Words, map: &str) -> String {
    let mut out = String::new();
    let w = &mut out;
    let title = words.text("notice-title");
    let _ = writeln!(w, "<!DOCTYPE html>");
    let _ = writeln!(w, "<html lang=\"{}\">", esc(&notice.language));
    let _ = writeln!(w, "<head>\n<meta charset=\"utf-8\">");
    let _ = writeln!(
        w,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let _ = writeln!(
        w,
        "<title>{} · {}</title>",
        esc(&title),
        esc(&notice.policy)
    );
    let _ = writeln!(w, "<style>\n{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        w,
        "<a class=\"skip\" href=\"#main\">{}</a>",
        esc(&words.text("skip-to-content"))
    );
    let _ = writeln!(
        w,
        "<header class=\"masthead\">\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p class=\"generated\">{}</p>\n</header>",
        esc(&title),
        esc(&subtitle(notice, words)),
        esc(&words.text("notice-generated"))
    );
    contents(w, notice, words);
    let _ = writeln!(w, "<main id=\"main\" tabindex=\"-1\">");
    section(w, "responsible", &words.text("section-responsible"), |w| {
        for sentence in responsible_sentences(notice, words) {
            let _ = writeln!(w, "<p>{}</p>", linked(&sentence, notice.opt_out.as_deref()));
        }
    });
    section(w, "sale", &words.text("section-sale"), |w| {
        sale(w, notice, words)
    });
    section(w, "collected", &words.text("section-collected"), |w| {
        collected(w, notice, words);
    });
    section(w, "recipients", &words.text("section-recipients"), |w| {
        recipients(w, notice, words, map);
    });
    section(w, "never", &words.text("section-never"), |w| {
        if notice.never_rules.is_empty() {
            let _ = writeln!(w, "<p>{}</p>", esc(&words.text("never-none")));
            return;
        }
        let _ = writeln!(w, "<ul class=\"never\">");
        for rule in &notice.never_rules {
            said_item(w, &rule.said);
        }
        let _ = writeln!(w, "</ul>");
    });
    let _ = writeln!(w, "</main>");
    let _ = writeln!(
        w,
        "<footer>\n<p>{}</p>\n</footer>\n</body>\n</html>",
        esc(&subtitle(notice, words))
    );
    out
}

fn contents(w: &mut String, notice: &Notice, words: &Words) {
    let label = words.text("contents");
    let _ = writeln!(
        w,
        "<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">{}</h2>\n<ol>",
        esc(&label)
    );
    let mut entries = vec![
        ("responsible", words.text("section-responsible")),
        ("sale", words.text("section-sale")),
        ("collected", words.text("section-collected")),
        ("recipients", words.text("section-recipients")),
    ];
    if notice.recipients.is_empty() {
        entries.pop();
        entries.push(("recipients", words.text("section-recipients")));
    }
    entries.push(("never", words.text("section-never")));
    for (id, text) in entries {
        let _ = writeln!(w, "<li><a href=\"#{id}\">{}</a></li>", esc(&text));
    }
    let _ = writeln!(w, "</ol>\n</nav>");
}

fn section(w: &mut String, id: &str, heading: &str, body: impl FnOnce(&mut String)) {
    let _ = writeln!(
        w,
        "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
        esc(heading)
    );
    body(w);
    let _ = writeln!(w, "</section>");
}

fn sale(w: &mut String, notice: &Notice, words: &Words) {
    let class = if notice.sells { "sale sells" } else { "sale" };
    if let Some(first) = notice.sale.first() {
        let _ = writeln!(w, "<p class=\"{class}\">{}</p>", esc(first));
    }
    if !notice.sold.is_empty() {
        let _ = writeln!(w, "<p>{}</p>\n<ul>", esc(&words.text("sale-what")));
        for item in &notice.sold {
            let _ = writeln!(w, "<li>{}</li>", esc(item));
        }
        let _ = writeln!(w, "</ul>");
    }
    for sentence in notice.sale.iter().skip(1) {
        let _ = writeln!(
            w,
            "<p class=\"opt-out\">{}</p>",
            linked(sentence, notice.opt_out.as_deref())
        );
    }
}

fn collected(w: &mut String, notice: &Notice, words: &Words) {
    let _ = writeln!(w, "<p>{}</p>", esc(&words.text("collected-intro")));
    let _ = writeln!(
        w,
        "<table>\n<thead>\n<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr>\n</thead>\n<tbody>",
        esc(&words.text("collected-category")),
        esc(&words.text("collected-fields"))
    );
    for c in &notice.categories {
        let description = if c.description.is_empty() {
            String::new()
        } else {
            format!("<span class=\"description\">{}</span>", esc(&c.description))
        };
        let fields: Vec<String> = c.fields.iter().map(|f| esc(f)).collect();
        let _ = writeln!(
            w,
            "<tr><th scope=\"row\"><span class=\"category\">{}</span>{description}</th><td>{}</td></tr>",
            esc(&c.title),
            fields.join("; ")
        );
    }
    let _ = writeln!(w, "</tbody>\n</table>");
}

fn recipients(w: &mut String, notice: &Notice, words: &Words, map: &str) {
    if notice.recipients.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", esc(&words.text("recipients-none")));
        return;
    }
    let _ = writeln!(w, "<p>{}</p>", esc(&words.text("recipients-intro")));
    let _ = writeln!(
        w,
        "<figure class=\"map\" aria-labelledby=\"map-heading\">\n<h3 id=\"map-heading\">{}</h3>\n<p>{}</p>\n{}</figure>",
        esc(&words.text("map-heading")),
        esc(&words.text("map-intro")),
        map.trim_end()
    );
    for kind in RecipientKind::ALL {
        let mut of_kind = notice.of_kind(kind).peekable();
        if of_kind.peek().is_none() {
            continue;
        }
        let kind_arg = [("kind", Arg::Text(kind.as_str().into()))];
        let id = format!("kind-{}", kind.as_str());
        let _ = writeln!(
            w,
            "<section class=\"kind {}\" aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">{}</h3>\n<p>{}</p>",
            kind.as_str(),
            esc(&words.say("kind-heading", &kind_arg)),
            esc(&words.say("kind-intro", &kind_arg))
        );
        for r in of_kind {
            recipient(w, r, words);
        }
        let _ = writeln!(w, "</section>");
    }
}

fn recipient(w: &mut String, r: &RecipientNotice, words: &Words) {
    let id = format!("recipient-{}", r.name);
    let _ = writeln!(
        w,
        "<article class=\"recipient\" aria-labelledby=\"{id}\">\n<h4 id=\"{id}\">{}</h4>",
        esc(&r.display_name)
    );
    if let Some(ownership) = &r.ownership {
        let _ = writeln!(w, "<p class=\"ownership\">{}</p>", esc(ownership));
    }
    let _ = writeln!(w, "<dl class=\"facts\">");
    let mut fact = |label: &str, value: String| {
        let _ = writeln!(
            w,
            "<div><dt>{}</dt><dd>{value}</dd></div>",
            esc(&term(&words.text(label)))
        );
    };
    fact("recipient-purpose", esc(&r.purpose));
    if let Some(basis) = &r.basis_text {
        fact("recipient-basis", esc(basis));
    }
    fact("recipient-keeps", esc(&r.keeps));
    let told = match &r.notify_message {
        Some(message) => format!(
            "{} {} <q>{}</q>",
            esc(&r.told),
            esc(&words.text(if r.notify_generated {
                "told-message-generated"
            } else {
                "told-message"
            })),
            esc(message)
        ),
        None => esc(&r.told),
    };
    fact("recipient-told", told);
    let _ = writeln!(w, "</dl>");
    let _ = writeln!(
        w,
        "<p class=\"receives\">{}</p>",
        esc(&words.text("recipient-receives"))
    );
    if r.shares.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", esc(&words.text("recipient-nothing")));
    }
    for group in &r.shares {
        let class = if group.when.is_empty() {
            "always"
        } else {
            "sometimes"
        };
        let _ = writeln!(w, "<div class=\"grant {class}\">\n<ul class=\"data\">");
        for item in &group.data {
            let _ = writeln!(w, "<li>{}</li>", esc(item));
        }
        let _ = writeln!(w, "</ul>");
        if group.when.is_empty() {
            let _ = writeln!(
                w,
                "<p class=\"when\"><strong>{}</strong> {}</p>",
                esc(&term(&words.text("recipient-when"))),
                esc(&words.text("always"))
            );
        } else {
            let _ = writeln!(
                w,
                "<p class=\"when\"><strong>{}</strong></p>\n<ul class=\"conditions\">",
                esc(&words.text("given-when"))
            );
            for condition in &group.when {
                said_item(w, condition);
            }
            let _ = writeln!(w, "</ul>");
        }
        let _ = writeln!(w, "</div>");
    }
    let _ = writeln!(w, "</article>");
}

/// A line or a list as a list item, nested.
fn said_item(w: &mut String, said: &Said) {
    match said {
        Said::Line(text) => {
            let _ = writeln!(w, "<li>{}</li>", esc(text));
        }
        Said::List { text, items } => {
            let _ = writeln!(w, "<li>{}\n<ul>", esc(text));
            for item in items {
                said_item(w, item);
            }
            let _ = writeln!(w, "</ul></li>");
        }
    }
}

/// A sentence with the opt-out page as a link.
fn linked(sentence: &str, link: Option<&str>) -> String {
    let escaped = esc(sentence);
    match link {
        Some(url) if sentence.contains(url) && is_web_address(url) => {
            escaped.replace(&esc(url), &format!("<a href=\"{0}\">{0}</a>", esc(url)))
        }
        _ => escaped,
    }
}

/// Text for HTML or SVG.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}
