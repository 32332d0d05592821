//! The data map in Graphviz's DOT language, for `dot -Tsvg` or `dot -Tpdf`.

use std::fmt::Write;

use super::Graph;
use crate::words::Words;

/// Writes the map as a DOT digraph.
pub fn render(graph: &Graph, words: &Words) -> String {
    let mut out = String::new();
    let w = &mut out;
    line(w, "digraph data_map {");
    line(
        w,
        &format!(
            "  graph [rankdir=LR, ranksep=1.6, nodesep=0.25, fontname=\"Helvetica\", \
             labelloc=t, label={}];",
            quote(&format!("{}\n{}", graph.title, graph.subtitle))
        ),
    );
    line(
        w,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#44546a\", \
         fontname=\"Helvetica\"];",
    );
    line(
        w,
        "  edge [fontname=\"Helvetica\", fontsize=10, color=\"#44546a\"];",
    );
    line(w, "  subgraph cluster_data {");
    line(w, &format!("    label={};", quote(&words.text("map-data"))));
    for c in &graph.categories {
        line(w, &format!("    {} [label={}];", c.id, quote(&c.title)));
    }
    line(w, "  }");
    for group in &graph.groups {
        line(w, &format!("  subgraph cluster_{} {{", group.kind.as_str()));
        line(w, &format!("    label={};", quote(&group.title)));
        for r in &group.recipients {
            line(w, &format!("    {} [label={}];", r.id, quote(&r.title)));
        }
        line(w, "  }");
    }
    for edge in &graph.edges {
        let Some(category) = graph.categories.get(edge.category) else {
            continue;
        };
        let style = if edge.always { "" } else { ", style=dashed" };
        line(
            w,
            &format!(
                "  {} -> {} [label={}{style}];",
                category.id,
                edge.recipient,
                quote(&wrap(&edge.fields.join(", "), 36))
            ),
        );
    }
    if !graph.never.is_empty() {
        line(w, "  subgraph cluster_never {");
        line(
            w,
            &format!("    label={};", quote(&words.text("map-never"))),
        );
        line(w, "    color=\"#b3261e\";");
        for (i, rule) in graph.never.iter().enumerate() {
            line(
                w,
                &format!(
                    "    never_{} [shape=note, fillcolor=\"#fdecea\", color=\"#b3261e\", label={}];",
                    i + 1,
                    quote(&wrap(rule, 48))
                ),
            );
        }
        line(w, "  }");
    }
    line(w, "  subgraph cluster_key {");
    line(
        w,
        &format!("    label={};", quote(&words.text("map-legend"))),
    );
    line(w, "    node [shape=point, width=0.05];");
    line(
        w,
        &format!(
            "    key_a -> key_b [label={}];",
            quote(&words.text("map-always"))
        ),
    );
    line(
        w,
        &format!(
            "    key_c -> key_d [style=dashed, label={}];",
            quote(&words.text("map-sometimes"))
        ),
    );
    line(w, "  }");
    line(w, "}");
    out
}

fn line(w: &mut String, text: &str) {
    let _ = writeln!(w, "{text}");
}

/// A DOT string: quotes and backslashes escaped, line breaks as `\n`.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// Breaks text into lines of about `width` characters at spaces.
pub(super) fn wrap(text: &str, width: usize) -> String {
    super::svg::wrap_words(text, width).join("\n")
}
