//! The data map as a Mermaid flowchart, which the code-hosting sites that lawyers review
//! policies on draw in place.

use std::fmt::Write;

use super::Graph;
use crate::words::Words;

/// Writes the map as a Mermaid flowchart.
pub fn render(graph: &Graph, words: &Words) -> String {
    let mut out = String::new();
    let w = &mut out;
    line(w, &format!("%% {}: {}", graph.title, graph.subtitle));
    line(w, "flowchart LR");
    line(
        w,
        &format!("  subgraph data[\"{}\"]", esc(&words.text("map-data"))),
    );
    line(w, "    direction TB");
    for c in &graph.categories {
        line(w, &format!("    {}[\"{}\"]", c.id, esc(&c.title)));
    }
    line(w, "  end");
    for group in &graph.groups {
        line(
            w,
            &format!(
                "  subgraph k_{}[\"{}\"]",
                group.kind.as_str(),
                esc(&group.title)
            ),
        );
        line(w, "    direction TB");
        for r in &group.recipients {
            line(w, &format!("    {}[\"{}\"]", r.id, esc(&r.title)));
        }
        line(w, "  end");
    }
    for edge in &graph.edges {
        let Some(category) = graph.categories.get(edge.category) else {
            continue;
        };
        let arrow = if edge.always { "-->" } else { "-.->" };
        line(
            w,
            &format!(
                "  {} {arrow}|\"{}\"| {}",
                category.id,
                esc(&edge.fields.join(", ")),
                edge.recipient
            ),
        );
    }
    if !graph.never.is_empty() {
        line(
            w,
            &format!("  subgraph never[\"{}\"]", esc(&words.text("map-never"))),
        );
        for (i, rule) in graph.never.iter().enumerate() {
            line(w, &format!("    never_{}[\"{}\"]", i + 1, esc(rule)));
        }
        line(w, "  end");
    }
    line(
        w,
        &format!("  subgraph key[\"{}\"]", esc(&words.text("map-legend"))),
    );
    line(w, "    direction LR");
    line(
        w,
        &format!(
            "    key_a[\" \"] -->|\"{}\"| key_b[\" \"]",
            esc(&words.text("map-always"))
        ),
    );
    line(
        w,
        &format!(
            "    key_c[\" \"] -.->|\"{}\"| key_d[\" \"]",
            esc(&words.text("map-sometimes"))
        ),
    );
    line(w, "  end");
    line(
        w,
        "  classDef never fill:#fdecea,stroke:#b3261e,color:#5f1410",
    );
    if !graph.never.is_empty() {
        let ids: Vec<String> = (1..=graph.never.len())
            .map(|i| format!("never_{i}"))
            .collect();
        line(w, &format!("  class {} never", ids.join(",")));
    }
    out
}

fn line(w: &mut String, text: &str) {
    let _ = writeln!(w, "{text}");
}

/// Text inside a quoted Mermaid label: quotes, markup and Mermaid's own `#` as entities.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '\n' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}
