//! `shareguard notice`: the plain-language disclosure of a policy for its customers
//! (LANGUAGE.md section 11).
//!
//! [`Notice::build`] reads the checked policy (the IR) and decides what to say: who is
//! responsible, what is collected by category, and for each recipient (by kind, in the order
//! vendors, affiliates, partners, buyers) its purpose, basis, every field it may receive in
//! which form, when (the conditions in words), how long it keeps the data and whether the
//! customer is told; whether data is sold; and the top-level `never` rules. The renderers
//! ([`markdown`], [`html`], [`json`]) only lay that out.
//!
//! It can never say less than the rules allow: every field that a `share` names is listed
//! under its recipient, unless a `never` with no condition removes it; a `never` with a
//! condition adds "not if ..." to the field instead. Conditions that depend on a record are
//! said as conditions, never decided. Every word comes from the wording ([`crate::words`]).

pub mod html;
pub mod json;
pub mod markdown;
mod never;

pub use never::NeverNotice;

use serde::Serialize;

use crate::ir::{Form, Ir, NeverRule, Obligation, Recipient, RecipientKind};
use crate::words::condition::{Requirements, Said};
use crate::words::labels::Labels;
use crate::words::{Arg, Words, upper_first};

/// What the notice says, decided; the renderers lay it out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notice {
    /// The wording's language (`en`).
    pub language: String,
    /// The policy's own title, and its version.
    pub policy: String,
    pub version: Option<String>,
    pub controller: Option<String>,
    pub contact: Option<String>,
    pub opt_out: Option<String>,
    /// Whether some recipient buys data that the rules let go.
    pub sells: bool,
    /// The sale paragraph: the sentences, and what is sold (empty when nothing is).
    pub sale: Vec<String>,
    pub sold: Vec<String>,
    pub categories: Vec<CategoryNotice>,
    pub recipients: Vec<RecipientNotice>,
    /// The top-level `never` rules, each on one line.
    pub never: Vec<String>,
    /// The same, with their conditions as lists, and whom they reach.
    #[serde(skip)]
    pub never_rules: Vec<NeverNotice>,
}

/// One kind of information and the fields in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryNotice {
    /// The category as written in the policy (`contact`, `health`).
    pub name: String,
    /// What customers call it.
    pub title: String,
    pub description: String,
    /// The labels of the fields in it.
    pub fields: Vec<String>,
}

/// One recipient, as customers are told about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecipientNotice {
    pub name: String,
    pub display_name: String,
    pub kind: RecipientKind,
    pub purpose: String,
    pub basis: Option<&'static str>,
    pub basis_text: Option<String>,
    pub brand: Option<String>,
    pub parent: Option<String>,
    /// For an affiliate: whom it belongs to, said outright.
    pub ownership: Option<String>,
    pub contract: Option<String>,
    /// Every leaf field it may receive, in declaration order.
    pub data: Vec<DataItem>,
    /// The same data grouped by when it goes.
    pub shares: Vec<ShareGroup>,
    /// Every condition in words, on one line each, without repeats.
    pub conditions: Vec<String>,
    pub delete_after_days: Option<u32>,
    pub keeps: String,
    pub notify_within_days: Option<u32>,
    pub told: String,
    /// What the customer is told: the policy's message, or, when the policy leaves it to be
    /// generated for each record, the message for a record that sends everything the rules
    /// allow.
    pub notify_message: Option<String>,
    /// Whether the message is generated for each record from what it sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub notify_generated: bool,
}

/// A field a recipient may receive.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataItem {
    /// The leaf path (`address.zip`).
    pub field: String,
    pub label: String,
    /// As written after `as` (`hashed`, `first 3`), or `raw`.
    pub form: String,
    /// The field in its form, in words.
    pub text: String,
    /// Whether it goes with no condition (other than the recipient receiving anything).
    pub always: bool,
    #[serde(skip)]
    pub grant: Form,
}

/// Data that goes under the same conditions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShareGroup {
    /// The data in words.
    pub data: Vec<String>,
    /// The leaf fields.
    pub fields: Vec<String>,
    /// The requirements, all of which must hold; empty: always.
    pub when: Vec<Said>,
}

impl Notice {
    /// Decides what the notice of `ir` says, in `words`.
    pub fn build(ir: &Ir, words: &Words) -> Notice {
        let labels = Labels::new(ir, words);
        let recipients: Vec<RecipientNotice> = RecipientKind::ALL
            .iter()
            .flat_map(|kind| ir.recipients.iter().filter(move |r| r.kind == *kind))
            .map(|r| recipient(ir, r, &labels))
            .collect();
        let never_rules = never::top_level(ir, &labels);
        let mut notice = Notice {
            language: words.language().to_string(),
            policy: ir.policy.title.clone(),
            version: ir.policy.version.clone(),
            controller: ir.policy.controller.clone(),
            contact: ir.policy.contact.clone(),
            opt_out: ir.policy.opt_out.clone(),
            sells: false,
            sale: Vec::new(),
            sold: Vec::new(),
            categories: categories(ir, &labels),
            recipients,
            never: never_rules.iter().map(|n| n.text.clone()).collect(),
            never_rules,
        };
        sale(&mut notice, ir, words);
        notice
    }

    /// The recipients of one kind, in the policy's order.
    pub fn of_kind(&self, kind: RecipientKind) -> impl Iterator<Item = &RecipientNotice> {
        self.recipients.iter().filter(move |r| r.kind == kind)
    }
}

/// A field that a share rule lets go, with when.
struct Grant<'r> {
    field: &'r str,
    form: &'r Form,
    when: Vec<Said>,
}

fn recipient(ir: &Ir, r: &Recipient, labels: &Labels<'_>) -> RecipientNotice {
    let words = labels.words();
    let grants = grants(r, labels);
    let data = data_items(ir, &grants, labels);
    let shares = share_groups(&grants, labels);
    let mut conditions: Vec<String> = Vec::new();
    for said in shares.iter().flat_map(|g| &g.when) {
        let line = said.inline(words);
        if !conditions.contains(&line) {
            conditions.push(line);
        }
    }
    let delete_after_days = r.obligations.iter().find_map(|o| match o {
        Obligation::Delete { after_days, .. } => Some(*after_days),
        Obligation::Notify { .. } => None,
    });
    let notify = r.obligations.iter().find_map(|o| match o {
        Obligation::Notify {
            message,
            within_days,
            ..
        } => Some((*within_days, message.clone())),
        Obligation::Delete { .. } => None,
    });
    let ownership = (r.kind == RecipientKind::Affiliate).then(|| {
        let brand = Arg::Text(r.brand.clone().unwrap_or_else(|| r.title().to_string()));
        match &r.parent {
            Some(parent) => words.say(
                "ownership",
                &[("brand", brand), ("parent", Arg::Text(parent.clone()))],
            ),
            None => words.say("ownership-no-parent", &[("brand", brand)]),
        }
    });
    RecipientNotice {
        name: r.name.clone(),
        display_name: r.title().to_string(),
        kind: r.kind,
        purpose: r.purpose.clone(),
        basis: r.basis.map(|b| b.as_str()),
        basis_text: r
            .basis
            .map(|b| words.say("basis", &[("basis", Arg::Text(b.as_str().into()))])),
        brand: r.brand.clone(),
        parent: r.parent.clone(),
        ownership,
        contract: r.contract.clone(),
        data,
        shares,
        conditions,
        delete_after_days,
        keeps: match delete_after_days {
            Some(days) => words.say("keeps", &[("days", Arg::from(days))]),
            None => words.text("keeps-no-limit"),
        },
        notify_within_days: notify.as_ref().map(|(days, _)| *days),
        told: match &notify {
            Some((days, _)) => words.say("told", &[("days", Arg::from(*days))]),
            None => words.text("told-no"),
        },
        notify_generated: matches!(notify, Some((_, None))),
        notify_message: notify.map(|(_, message)| {
            message.unwrap_or_else(|| {
                let mut shared: Vec<(String, Form)> = Vec::new();
                for grant in &grants {
                    if !shared.iter().any(|(f, _)| f == grant.field) {
                        shared.push((grant.field.to_string(), grant.form.clone()));
                    }
                }
                crate::words::notify::message(labels, r, &shared)
            })
        }),
    }
}

/// When a `never` rule lets a field through: when its `when` is false or its `unless` true.
fn lets_through(never: &NeverRule) -> Requirements {
    let not_when = never
        .when
        .as_ref()
        .map_or_else(Requirements::never, Requirements::unless);
    let unless = never
        .unless
        .as_ref()
        .map_or_else(Requirements::never, Requirements::when);
    not_when.or(unless)
}

/// Every field each share rule names, with when it goes: the rule's own conditions and those
/// of every `never` that covers the field. A field that a `never` always removes is left out.
fn grants<'r>(r: &'r Recipient, labels: &Labels<'_>) -> Vec<Grant<'r>> {
    let mut out = Vec::new();
    for rule in &r.shares {
        for item in &rule.items {
            for field in &item.fields {
                let mut when = rule
                    .when
                    .as_ref()
                    .map_or_else(Requirements::always, Requirements::when);
                if let Some(unless) = &rule.unless {
                    when = when.and(Requirements::unless(unless));
                }
                // A `never share ... raw` leaves a transformed share alone.
                let covers =
                    |n: &&NeverRule| n.fields.contains(field) && (!n.raw || item.form == Form::Raw);
                for never in r.nevers.iter().filter(covers) {
                    when = when.and(lets_through(never));
                }
                if when.is_never() {
                    continue;
                }
                out.push(Grant {
                    field,
                    form: &item.form,
                    when: when.say(labels),
                });
            }
        }
    }
    out
}

/// One item per leaf field and form, in declaration order.
fn data_items(ir: &Ir, grants: &[Grant<'_>], labels: &Labels<'_>) -> Vec<DataItem> {
    let mut items: Vec<DataItem> = Vec::new();
    for grant in grants {
        if let Some(item) = items
            .iter_mut()
            .find(|i| i.field == grant.field && i.grant == *grant.form)
        {
            item.always |= grant.when.is_empty();
            continue;
        }
        items.push(DataItem {
            field: grant.field.to_string(),
            label: labels.label(grant.field),
            form: grant.form.to_string(),
            text: labels.form(grant.field, grant.form),
            always: grant.when.is_empty(),
            grant: grant.form.clone(),
        });
    }
    let order: Vec<&str> = ir.all_fields().iter().map(|f| f.path.as_str()).collect();
    items.sort_by_key(|i| order.iter().position(|p| *p == i.field));
    items
}

/// The grants grouped by identical conditions, in the order the rules first name them.
fn share_groups(grants: &[Grant<'_>], labels: &Labels<'_>) -> Vec<ShareGroup> {
    let mut groups: Vec<ShareGroup> = Vec::new();
    for grant in grants {
        let text = labels.form(grant.field, grant.form);
        let group = match groups.iter_mut().position(|g| g.when == grant.when) {
            Some(i) => groups.get_mut(i),
            None => {
                groups.push(ShareGroup {
                    data: Vec::new(),
                    fields: Vec::new(),
                    when: grant.when.clone(),
                });
                groups.last_mut()
            }
        };
        if let Some(group) = group {
            if !group.data.contains(&text) {
                group.data.push(text);
                group.fields.push(grant.field.to_string());
            }
        }
    }
    // Data that always goes first: it is what the recipient gets in every case.
    groups.sort_by_key(|g| !g.when.is_empty());
    groups
}

/// Every category that tags a field, and the fields in it; then fields in none.
fn categories(ir: &Ir, labels: &Labels<'_>) -> Vec<CategoryNotice> {
    let words = labels.words();
    let mut out = Vec::new();
    for category in &ir.categories {
        let fields = labels.tagged(Some(&category.name));
        if fields.is_empty() {
            continue;
        }
        let name = Arg::Text(category.name.clone());
        let builtin_title = words.say("category-name", &[("category", name.clone())]);
        let label = category
            .label
            .clone()
            .unwrap_or_else(|| upper_first(&crate::words::labels::spaced(&category.name)));
        let (title, description) = if category.builtin && !builtin_title.is_empty() {
            (
                builtin_title,
                words.say("category-description", &[("category", name)]),
            )
        } else {
            (label, String::new())
        };
        out.push(CategoryNotice {
            name: category.name.clone(),
            title,
            description,
            fields,
        });
    }
    let others = labels.tagged(None);
    if !others.is_empty() {
        out.push(CategoryNotice {
            name: String::new(),
            title: words.text("other-data"),
            description: words.text("other-data-description"),
            fields: others,
        });
    }
    out
}

/// The sale paragraph: "sell", to whom, what, and the opt-out; or that nothing is sold.
fn sale(notice: &mut Notice, _ir: &Ir, words: &Words) {
    let buyers: Vec<&RecipientNotice> = notice
        .of_kind(RecipientKind::Buyer)
        .filter(|r| !r.data.is_empty())
        .collect();
    if buyers.is_empty() {
        notice.sale = vec![words.text("sale-no")];
        return;
    }
    let names: Vec<String> = buyers.iter().map(|b| b.display_name.clone()).collect();
    let mut sold: Vec<String> = Vec::new();
    for item in buyers.iter().flat_map(|b| &b.data) {
        if !sold.contains(&item.text) {
            sold.push(item.text.clone());
        }
    }
    let mut sale = vec![words.say(
        "sale-yes",
        &[("buyers", Arg::Text(words.join(&names, "list-and")))],
    )];
    if let Some(link) = &notice.opt_out {
        sale.push(words.say("sale-opt-out", &[("link", Arg::Text(link.clone()))]));
    } else if let Some(contact) = &notice.contact {
        sale.push(words.say(
            "sale-opt-out-contact",
            &[("contact", Arg::Text(contact.clone()))],
        ));
    }
    notice.sells = true;
    notice.sale = sale;
    notice.sold = sold;
}
