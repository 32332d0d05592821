//! `shareguard graph`: the data map (LANGUAGE.md section 12).
//!
//! [`Graph::build`] turns what the notice decided (every field each recipient may receive, in
//! which form, and whether always) into a map: the kinds of information on one side, the
//! recipients grouped by kind on the other, one line for each kind of information that can
//! reach a recipient, labelled with the fields and forms, and marked when it goes only in some
//! cases; and the top-level `never` rules. A field in several categories is on each of their
//! lines; a field in none is under "Other information".
//!
//! The drawings ([`mermaid`], [`dot`], [`svg`]) only lay the map out. The SVG is laid out
//! here, without an external program.

pub mod dot;
pub mod mermaid;
pub mod svg;

use crate::ir::{Ir, RecipientKind};
use crate::notice::Notice;
use crate::words::labels::Labels;
use crate::words::{Arg, Words};

/// The data map, decided; the drawings lay it out.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub title: String,
    /// The policy's title.
    pub subtitle: String,
    pub categories: Vec<CategoryNode>,
    /// The kinds of recipients that have any, in the order vendors, affiliates, partners, buyers.
    pub groups: Vec<KindGroup>,
    pub edges: Vec<Edge>,
    /// The top-level `never` rules, in words.
    pub never: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CategoryNode {
    /// A name safe in any drawing format: `c_contact`, `c__other`.
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KindGroup {
    pub kind: RecipientKind,
    pub title: String,
    pub recipients: Vec<RecipientNode>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecipientNode {
    /// `r_` and the recipient's name.
    pub id: String,
    pub title: String,
    pub purpose: String,
}

/// Some of a category's fields reaching one recipient.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Index into `categories`.
    pub category: usize,
    /// The recipient's node id.
    pub recipient: String,
    /// Each field with its form, short: "Email address (hashed)".
    pub fields: Vec<String>,
    /// Whether some of these fields go whenever the recipient gets anything.
    pub always: bool,
    /// When, in words, for a tooltip.
    pub conditions: Vec<String>,
}

impl Graph {
    /// The map of `ir`, from its notice; only `recipient` (a name) when given.
    pub fn build(ir: &Ir, notice: &Notice, words: &Words, recipient: Option<&str>) -> Graph {
        let labels = Labels::new(ir, words);
        let wanted = |name: &str| recipient.is_none_or(|r| r == name);
        let mut groups = Vec::new();
        for kind in RecipientKind::ALL {
            let recipients: Vec<RecipientNode> = notice
                .of_kind(kind)
                .filter(|r| wanted(&r.name))
                .map(|r| RecipientNode {
                    id: format!("r_{}", r.name),
                    title: r.display_name.clone(),
                    purpose: r.purpose.clone(),
                })
                .collect();
            if !recipients.is_empty() {
                groups.push(KindGroup {
                    kind,
                    title: words.say("kind-heading", &[("kind", Arg::Text(kind.as_str().into()))]),
                    recipients,
                });
            }
        }
        let mut categories: Vec<CategoryNode> = Vec::new();
        let mut edges: Vec<Edge> = Vec::new();
        for r in notice.recipients.iter().filter(|r| wanted(&r.name)) {
            for item in &r.data {
                let field = ir.field(&item.field);
                let tags: Vec<Option<&str>> = match field.map(|f| f.tags.as_slice()) {
                    Some(tags) if !tags.is_empty() => {
                        tags.iter().map(|t| Some(t.as_str())).collect()
                    }
                    _ => vec![None],
                };
                for tag in tags {
                    let category = category_index(&mut categories, notice, tag, words);
                    let edge = edge_for(&mut edges, category, &r.name);
                    let short = labels.form_short(&item.field, &item.grant);
                    if !edge.fields.contains(&short) {
                        edge.fields.push(short);
                    }
                    edge.always |= item.always;
                    let whens = r.shares.iter().filter(|g| g.fields.contains(&item.field));
                    for said in whens.flat_map(|g| &g.when) {
                        let line = said.inline(words);
                        if !edge.conditions.contains(&line) {
                            edge.conditions.push(line);
                        }
                    }
                }
            }
        }
        order_categories(&mut categories, &mut edges, notice);
        let never = notice
            .never_rules
            .iter()
            .filter(|n| n.reaches.iter().any(|r| wanted(r)))
            .map(|n| n.text.clone())
            .collect();
        Graph {
            title: words.text("map-title"),
            subtitle: notice.policy.clone(),
            categories,
            groups,
            edges,
            never,
        }
    }

    /// The recipients, group by group.
    pub fn recipients(&self) -> impl Iterator<Item = &RecipientNode> {
        self.groups.iter().flat_map(|g| &g.recipients)
    }

    /// The map in sentences, for readers who cannot see it (the SVG's description).
    pub fn describe(&self, words: &Words) -> Vec<String> {
        let mut out = vec![words.say(
            "map-desc",
            &[
                ("edges", Arg::from(self.edges.len())),
                ("categories", Arg::from(self.categories.len())),
                ("recipients", Arg::from(self.recipients().count())),
            ],
        )];
        for edge in &self.edges {
            let category = self
                .categories
                .get(edge.category)
                .map_or(String::new(), |c| c.title.clone());
            let recipient = self
                .recipients()
                .find(|r| r.id == edge.recipient)
                .map_or(String::new(), |r| r.title.clone());
            out.push(words.say(
                if edge.always {
                    "map-flow"
                } else {
                    "map-flow-sometimes"
                },
                &[
                    ("category", Arg::Text(category)),
                    ("recipient", Arg::Text(recipient)),
                    ("fields", Arg::Text(edge.fields.join(", "))),
                ],
            ));
        }
        out
    }
}

fn category_index(
    categories: &mut Vec<CategoryNode>,
    notice: &Notice,
    tag: Option<&str>,
    words: &Words,
) -> usize {
    let id = format!("c_{}", tag.unwrap_or("_other"));
    if let Some(i) = categories.iter().position(|c| c.id == id) {
        return i;
    }
    let title = notice
        .categories
        .iter()
        .find(|c| tag.map_or(c.name.is_empty(), |t| c.name == t))
        .map_or_else(|| words.text("other-data"), |c| c.title.clone());
    categories.push(CategoryNode { id, title });
    categories.len() - 1
}

fn edge_for<'e>(edges: &'e mut Vec<Edge>, category: usize, recipient: &str) -> &'e mut Edge {
    let id = format!("r_{recipient}");
    let at = edges
        .iter()
        .position(|e| e.category == category && e.recipient == id)
        .unwrap_or_else(|| {
            edges.push(Edge {
                category,
                recipient: id,
                fields: Vec::new(),
                always: false,
                conditions: Vec::new(),
            });
            edges.len() - 1
        });
    #[expect(
        clippy::indexing_slicing,
        reason = "`at` is a position in `edges` or the index of the edge just pushed"
    )]
    &mut edges[at]
}

/// Categories in the notice's order (the policy's), edges by recipient then category.
fn order_categories(categories: &mut Vec<CategoryNode>, edges: &mut [Edge], notice: &Notice) {
    let rank = |c: &CategoryNode| {
        notice
            .categories
            .iter()
            .position(|n| {
                format!("c_{}", if n.name.is_empty() { "_other" } else { &n.name }) == c.id
            })
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<usize> = (0..categories.len()).collect();
    order.sort_by_key(|&i| categories.get(i).map(rank));
    let new_index = |old: usize| order.iter().position(|&o| o == old).unwrap_or(old);
    for edge in edges.iter_mut() {
        edge.category = new_index(edge.category);
    }
    let mut sorted: Vec<CategoryNode> = order
        .iter()
        .filter_map(|&i| categories.get(i).cloned())
        .collect();
    std::mem::swap(categories, &mut sorted);
    let recipients: Vec<String> = notice
        .recipients
        .iter()
        .map(|r| format!("r_{}", r.name))
        .collect();
    edges.sort_by_key(|e| {
        (
            recipients.iter().position(|r| *r == e.recipient),
            e.category,
        )
    });
}
