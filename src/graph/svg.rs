//! The data map as one self-contained SVG, laid out here (no layout program, no scripts, no
//! external fonts or images), readable at a glance and accessible (`role="img"`, a title and
//! a description that says every line of the map in words).
//!
//! The layout is a table more than a graph, so that it stays readable with many recipients:
//! recipients are stacked in their kind's group on the right; each line that reaches a
//! recipient ends in its own row ("port") beside the recipient, under its label (the fields
//! and forms), so labels never overlap; the kinds of information sit on the left, each placed
//! level with the middle of the rows it reaches, and a curve joins each to its rows. A line
//! is dashed when its data goes only in some cases. The top-level `never` rules are listed
//! below. Text widths are estimated (no font metrics), generously, from the number of
//! characters.

use std::fmt::Write;

use super::{Edge, Graph};
pub use crate::notice::html::esc;
use crate::words::Words;

const MARGIN: f64 = 24.0;
const CATEGORY_X: f64 = MARGIN;
const CATEGORY_W: f64 = 210.0;
const CURVE_W: f64 = 170.0;
const LANE_X: f64 = CATEGORY_X + CATEGORY_W + CURVE_W;
const LANE_W: f64 = 330.0;
const BOX_X: f64 = LANE_X + LANE_W;
const BOX_W: f64 = 240.0;
const WIDTH: f64 = BOX_X + BOX_W + MARGIN;
/// Height of a line of an edge's label (13px text).
const LINE: f64 = 17.0;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, \
                    'Liberation Sans', 'DejaVu Sans', sans-serif";
/// Line colours, one per kind of information: each at least 4.5:1 against white.
const PALETTE: [&str; 10] = [
    "#1d5fbf", "#b34700", "#2e7d32", "#7b1fa2", "#c62828", "#00796b", "#5d4037", "#3949ab",
    "#ad1457", "#546e7a",
];
const TEXT: &str = "#1f2328";
const MUTED: &str = "#4b5563";

/// Characters of text that fit in `width` pixels at `size` pixels (an estimate that errs on
/// the wide side: DejaVu Sans, the widest common default, averages about 0.6 em).
fn fits(width: f64, size: f64) -> usize {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a small positive number of characters"
    )]
    let n = (width / (size * 0.6)).floor().max(8.0) as usize;
    n
}

/// Breaks text into lines of at most `width` characters, at spaces (a longer word gets a line
/// of its own).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// One line of the map reaching a recipient, placed.
struct Port<'g> {
    edge: &'g Edge,
    top: f64,
    lines: Vec<String>,
    /// Where the line runs level into the recipient's box.
    y: f64,
}

struct RecipientBox<'g> {
    title: Vec<String>,
    purpose: Vec<String>,
    top: f64,
    height: f64,
    ports: Vec<Port<'g>>,
}

struct GroupBox<'g> {
    title: String,
    top: f64,
    bottom: f64,
    recipients: Vec<RecipientBox<'g>>,
}

struct CategoryBox {
    index: usize,
    lines: Vec<String>,
    top: f64,
    height: f64,
}

/// Writes the map as SVG.
pub fn render(graph: &Graph, words: &Words) -> String {
    let (header, header_height) = header(graph, words);
    let top = MARGIN + header_height + 16.0;
    let (groups, groups_bottom) = layout_groups(graph, words, top);
    let ports: Vec<&Port<'_>> = groups
        .iter()
        .flat_map(|g| &g.recipients)
        .flat_map(|r| &r.ports)
        .collect();
    let categories = layout_categories(graph, &ports, top + 34.0);
    let categories_bottom = categories
        .iter()
        .map(|c| c.top + c.height)
        .fold(0.0, f64::max);
    let content_bottom = groups_bottom.max(categories_bottom);
    let (never, never_height) = never_panel(graph, words, content_bottom + 24.0);
    let height = content_bottom + 24.0 + never_height + MARGIN;

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         aria-labelledby=\"map-title map-desc\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" font-family=\"{FONT}\">",
    );
    let _ = writeln!(w, "<title id=\"map-title\">{}</title>", esc(&graph.title));
    let _ = writeln!(
        w,
        "<desc id=\"map-desc\">{}</desc>",
        esc(&graph.describe(words).join("\n"))
    );
    let _ = writeln!(w, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    w.push_str(&header);
    draw_groups(w, &groups);
    draw_categories(w, graph, words, &categories, top);
    draw_edges(w, graph, &categories, &ports);
    w.push_str(&never);
    w.push_str("</svg>\n");
    out
}

fn header(graph: &Graph, words: &Words) -> (String, f64) {
    let mut w = String::new();
    let subtitle = wrap_words(&graph.subtitle, fits(WIDTH - 2.0 * MARGIN - 330.0, 14.0));
    let _ = writeln!(
        w,
        "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"22\" font-weight=\"700\" fill=\"{TEXT}\">{}</text>",
        MARGIN + 20.0,
        esc(&graph.title)
    );
    for (i, line) in subtitle.iter().enumerate() {
        let _ = writeln!(
            w,
            "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"14\" fill=\"{MUTED}\">{}</text>",
            MARGIN + 44.0 + 18.0 * i as f64,
            esc(line)
        );
    }
    // The key, top right.
    let x = WIDTH - MARGIN - 300.0;
    let _ = writeln!(
        w,
        "<text x=\"{x}\" y=\"{}\" font-size=\"13\" font-weight=\"700\" fill=\"{TEXT}\">{}</text>",
        MARGIN + 8.0,
        esc(&words.text("map-legend"))
    );
    for (i, (id, dash)) in [
        ("map-always", ""),
        ("map-sometimes", " stroke-dasharray=\"7 5\""),
    ]
    .iter()
    .enumerate()
    {
        let y = MARGIN + 28.0 + 20.0 * i as f64;
        let _ = writeln!(
            w,
            "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{MUTED}\" stroke-width=\"2\"{dash}/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{TEXT}\">{}</text>",
            x + 40.0,
            x + 50.0,
            y + 4.0,
            esc(&words.text(id))
        );
    }
    let height = (44.0 + 18.0 * subtitle.len() as f64).max(72.0);
    (w, height)
}

fn layout_groups<'g>(graph: &'g Graph, words: &Words, top: f64) -> (Vec<GroupBox<'g>>, f64) {
    let label_chars = fits(LANE_W - 38.0, 13.0);
    let mut y = top;
    let mut groups = Vec::new();
    for group in &graph.groups {
        let group_top = y;
        y += 40.0;
        let mut recipients = Vec::new();
        for r in &group.recipients {
            let title = wrap_words(&r.title, fits(BOX_W - 24.0, 15.0));
            let mut purpose = wrap_words(&r.purpose, fits(BOX_W - 24.0, 12.0));
            if purpose.len() > 4 {
                purpose.truncate(4);
                if let Some(last) = purpose.last_mut() {
                    last.push('…');
                }
            }
            let mut ports: Vec<Port<'g>> = graph
                .edges
                .iter()
                .filter(|e| e.recipient == r.id)
                .map(|edge| Port {
                    edge,
                    top: 0.0,
                    lines: wrap_words(&edge.fields.join(", "), label_chars),
                    y: 0.0,
                })
                .collect();
            if ports.is_empty() {
                purpose.push(words.text("map-receives-nothing"));
            }
            let ports_height: f64 = ports.iter().map(|p| port_height(p.lines.len())).sum();
            let text_height = 14.0 + 19.0 * title.len() as f64 + 15.0 * purpose.len() as f64 + 10.0;
            let height = ports_height.max(text_height).max(48.0);
            let mut port_top = y + (height - ports_height) / 2.0;
            for port in &mut ports {
                port.top = port_top;
                port.y = port_top + LINE * port.lines.len() as f64 + 7.0;
                port_top += port_height(port.lines.len());
            }
            recipients.push(RecipientBox {
                title,
                purpose,
                top: y,
                height,
                ports,
            });
            y += height + 10.0;
        }
        let bottom = y + 2.0;
        groups.push(GroupBox {
            title: group.title.clone(),
            top: group_top,
            bottom,
            recipients,
        });
        y = bottom + 20.0;
    }
    (groups, y - 20.0)
}

fn port_height(lines: usize) -> f64 {
    LINE * lines as f64 + 16.0
}

/// Each kind of information level with the middle of the rows it reaches, in that order, none
/// overlapping.
fn layout_categories(graph: &Graph, ports: &[&Port<'_>], top: f64) -> Vec<CategoryBox> {
    let chars = fits(CATEGORY_W - 30.0, 14.0);
    let mut boxes: Vec<(f64, CategoryBox)> = graph
        .categories
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let ys: Vec<f64> = ports
                .iter()
                .filter(|p| p.edge.category == index)
                .map(|p| p.y)
                .collect();
            let middle = if ys.is_empty() {
                top
            } else {
                ys.iter().sum::<f64>() / ys.len() as f64
            };
            let lines = wrap_words(&c.title, chars);
            let height = 18.0 * lines.len() as f64 + 22.0;
            (
                middle,
                CategoryBox {
                    index,
                    lines,
                    top: 0.0,
                    height,
                },
            )
        })
        .collect();
    boxes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut next_free = top;
    for (middle, b) in &mut boxes {
        b.top = (*middle - b.height / 2.0).max(next_free);
        next_free = b.top + b.height + 14.0;
    }
    boxes.into_iter().map(|(_, b)| b).collect()
}

fn colour(index: usize) -> &'static str {
    PALETTE.get(index % PALETTE.len()).copied().unwrap_or(TEXT)
}

fn draw_groups(w: &mut String, groups: &[GroupBox<'_>]) {
    for group in groups {
        let _ = writeln!(
            w,
            "<g><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"#f5f7fa\" \
             stroke=\"#c9d1d9\"/><text x=\"{}\" y=\"{}\" font-size=\"15\" font-weight=\"700\" \
             fill=\"{TEXT}\">{}</text></g>",
            LANE_X - 10.0,
            group.top,
            LANE_W + BOX_W + 18.0,
            group.bottom - group.top,
            LANE_X + 2.0,
            group.top + 25.0,
            esc(&group.title)
        );
        for r in &group.recipients {
            draw_recipient(w, r);
        }
    }
}

fn draw_recipient(w: &mut String, r: &RecipientBox<'_>) {
    let _ = writeln!(
        w,
        "<rect x=\"{BOX_X}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#ffffff\" \
         stroke=\"#44546a\" stroke-width=\"1.5\"/>",
        r.top,
        BOX_W - 8.0,
        r.height
    );
    let mut y = r.top + 22.0;
    for line in &r.title {
        let _ = writeln!(
            w,
            "<text x=\"{}\" y=\"{y}\" font-size=\"15\" font-weight=\"700\" fill=\"{TEXT}\">{}</text>",
            BOX_X + 12.0,
            esc(line)
        );
        y += 19.0;
    }
    for line in &r.purpose {
        let _ = writeln!(
            w,
            "<text x=\"{}\" y=\"{y}\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            BOX_X + 12.0,
            esc(line)
        );
        y += 15.0;
    }
    for port in &r.ports {
        // A mark in the line's colour, so that a row can be read without following its line.
        let _ = writeln!(
            w,
            "<rect x=\"{}\" y=\"{}\" width=\"9\" height=\"9\" rx=\"2\" fill=\"{}\"/>",
            LANE_X + 8.0,
            port.top + 5.0,
            colour(port.edge.category)
        );
        for (i, line) in port.lines.iter().enumerate() {
            let _ = writeln!(
                w,
                "<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{TEXT}\">{}</text>",
                LANE_X + 23.0,
                port.top + 14.0 + LINE * i as f64,
                esc(line)
            );
        }
    }
}

fn draw_categories(w: &mut String, graph: &Graph, words: &Words, boxes: &[CategoryBox], top: f64) {
    let _ = writeln!(
        w,
        "<text x=\"{CATEGORY_X}\" y=\"{}\" font-size=\"15\" font-weight=\"700\" fill=\"{TEXT}\">{}</text>",
        top + 25.0,
        esc(&words.text("map-data"))
    );
    for b in boxes {
        let Some(category) = graph.categories.get(b.index) else {
            continue;
        };
        let _ = writeln!(
            w,
            "<g><title>{}</title><rect x=\"{CATEGORY_X}\" y=\"{}\" width=\"{}\" height=\"{}\" \
             rx=\"8\" fill=\"#ffffff\" stroke=\"{c}\" stroke-width=\"2\"/><rect x=\"{CATEGORY_X}\" \
             y=\"{}\" width=\"8\" height=\"{}\" rx=\"3\" fill=\"{c}\"/>",
            esc(&category.title),
            b.top,
            CATEGORY_W - 8.0,
            b.height,
            b.top,
            b.height,
            c = colour(b.index)
        );
        for (i, line) in b.lines.iter().enumerate() {
            let _ = writeln!(
                w,
                "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"600\" fill=\"{TEXT}\">{}</text>",
                CATEGORY_X + 18.0,
                b.top + 25.0 + 18.0 * i as f64,
                esc(line)
            );
        }
        w.push_str("</g>\n");
    }
}

fn draw_edges(w: &mut String, graph: &Graph, boxes: &[CategoryBox], ports: &[&Port<'_>]) {
    for b in boxes {
        // The category's lines leave it spread along its right side, in the order they arrive.
        let mut mine: Vec<&&Port<'_>> = ports
            .iter()
            .filter(|p| p.edge.category == b.index)
            .collect();
        mine.sort_by(|a, z| a.y.total_cmp(&z.y));
        let count = mine.len() as f64;
        for (i, port) in mine.iter().enumerate() {
            let from_x = CATEGORY_X + CATEGORY_W - 8.0;
            let from_y = b.top + b.height * (i as f64 + 1.0) / (count + 1.0);
            let to_y = port.y;
            let dash = if port.edge.always {
                ""
            } else {
                " stroke-dasharray=\"7 5\""
            };
            let c = colour(b.index);
            let mut tip = port.edge.fields.join(", ");
            for condition in &port.edge.conditions {
                tip.push('\n');
                tip.push_str(condition);
            }
            let category = graph
                .categories
                .get(b.index)
                .map_or("", |c| c.title.as_str());
            let _ = writeln!(
                w,
                "<g><title>{}: {}</title><path d=\"M{from_x},{from_y} C{},{from_y} {},{to_y} \
                 {LANE_X},{to_y} L{},{to_y}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" \
                 stroke-opacity=\"0.9\"{dash}/><polygon points=\"{},{} {},{} {},{}\" fill=\"{c}\"/></g>",
                esc(category),
                esc(&tip),
                from_x + CURVE_W * 0.55,
                LANE_X - CURVE_W * 0.55,
                BOX_X - 9.0,
                BOX_X - 10.0,
                to_y - 5.0,
                BOX_X,
                to_y,
                BOX_X - 10.0,
                to_y + 5.0,
            );
        }
    }
}

fn never_panel(graph: &Graph, words: &Words, top: f64) -> (String, f64) {
    if graph.never.is_empty() {
        return (String::new(), 0.0);
    }
    let chars = fits(WIDTH - 2.0 * MARGIN - 60.0, 13.0);
    let mut body = String::new();
    let mut y = top + 56.0;
    for rule in &graph.never {
        let cx = MARGIN + 24.0;
        let cy = y - 5.0;
        let _ = writeln!(
            body,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"6\" fill=\"none\" stroke=\"#b3261e\" stroke-width=\"2\"/>\
             <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#b3261e\" stroke-width=\"2\"/>",
            cx - 4.0,
            cy + 4.0,
            cx + 4.0,
            cy - 4.0
        );
        for line in wrap_words(rule, chars) {
            let _ = writeln!(
                body,
                "<text x=\"{}\" y=\"{y}\" font-size=\"13\" fill=\"#5f1410\">{}</text>",
                MARGIN + 40.0,
                esc(&line)
            );
            y += LINE;
        }
        y += 8.0;
    }
    let height = y - top - 4.0;
    let mut w = String::new();
    let _ = writeln!(
        w,
        "<g><rect x=\"{MARGIN}\" y=\"{top}\" width=\"{}\" height=\"{height}\" rx=\"10\" \
         fill=\"#fdf0ee\" stroke=\"#b3261e\"/><text x=\"{}\" y=\"{}\" font-size=\"15\" \
         font-weight=\"700\" fill=\"#5f1410\">{}</text>",
        WIDTH - 2.0 * MARGIN,
        MARGIN + 16.0,
        top + 26.0,
        esc(&words.text("map-never"))
    );
    w.push_str(&body);
    w.push_str("</g>\n");
    (w, height)
}
