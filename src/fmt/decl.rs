//! The layout of declarations, blocks and rules.

use super::expr::condition;
use super::json::json;
use super::writer::{Sep, Writer};
use crate::syntax::ast::*;

/// Continuation lines of a list, a field or a notice are indented this much more than the
/// first line.
const CONTINUATION: usize = 4;
/// A rule's `when`, `unless` and `allow` lines are indented this much more than the rule, and
/// so stand out from a continued list of items (`CONTINUATION`).
const CLAUSE: usize = 2;
/// Block contents are indented this much more than the line that opens the block.
const BLOCK: usize = 2;

pub(crate) fn file(w: &mut Writer<'_>, file: &PolicyFile) {
    let mut previous: Option<&Decl> = None;
    for d in &file.decls {
        let sep = match previous {
            None => Sep::First,
            Some(p) if same_table(p, d) => Sep::Keep,
            Some(_) => Sep::Force,
        };
        w.item(sep);
        decl(w, d);
        previous = Some(d);
    }
}

/// One-line declarations of the same kind that the author wrote together (a list of groups,
/// of categories, of top-level `never` rules) stay together; everything else is set apart by
/// a blank line.
fn same_table(a: &Decl, b: &Decl) -> bool {
    fn table(d: &Decl) -> Option<u8> {
        match d {
            Decl::Category(_) => Some(0),
            Decl::Group(_) => Some(1),
            Decl::Never(_) | Decl::Share(_) => Some(2),
            Decl::Allow(_) => Some(3),
            Decl::Policy(_) | Decl::Record(_) | Decl::Recipient(_) | Decl::Example(_) => None,
        }
    }
    table(a).is_some() && table(a) == table(b)
}

fn decl(w: &mut Writer<'_>, d: &Decl) {
    match d {
        Decl::Policy(p) => policy(w, p),
        Decl::Record(r) => record(w, r),
        Decl::Category(c) => {
            w.kw("category");
            w.space();
            w.node(c.name.span);
            if let Some(label) = &c.label {
                w.space();
                w.node(label.span);
            }
        }
        Decl::Group(g) => {
            w.kw("group");
            w.space();
            w.node(g.name.span);
            w.space();
            w.kw("=");
            w.space();
            w.nest(CONTINUATION, |w| w.comma_list(&g.selectors, selector));
        }
        Decl::Recipient(r) => recipient(w, r),
        Decl::Never(rule) => never_rule(w, rule),
        Decl::Share(rule) => share_rule(w, rule),
        Decl::Allow(a) => allow(w, a),
        Decl::Example(e) => example(w, e),
    }
}

/// `{`, one item per line, `}`; `{}` when there is nothing inside.
fn block<T>(w: &mut Writer<'_>, items: &[T], mut each: impl FnMut(&mut Writer<'_>, &T)) {
    w.kw("{");
    if items.is_empty() && !w.next_has_comments() {
        w.kw("}");
        return;
    }
    w.nest(BLOCK, |w| {
        for (i, item) in items.iter().enumerate() {
            w.item(if i == 0 { Sep::First } else { Sep::Keep });
            each(w, item);
        }
        w.close_comments(true, items.is_empty());
    });
    w.hardline();
    w.kw("}");
}

fn policy(w: &mut Writer<'_>, p: &PolicyHeader) {
    w.kw("policy");
    w.space();
    w.node(p.title.span);
    w.space();
    block(w, &p.attributes, attribute);
}

fn attribute(w: &mut Writer<'_>, a: &Attribute) {
    w.node(a.name.span);
    w.space();
    w.node(a.value.span());
}

// ---------------------------------------------------------------- the record

fn record(w: &mut Writer<'_>, r: &RecordDecl) {
    w.kw("record");
    w.space();
    w.node(r.name.span);
    if let Some(key) = &r.key {
        w.space();
        w.kw("key");
        w.space();
        w.node(key.span);
    }
    w.space();
    block(w, &r.fields, field);
}

/// `name: type? [tags] "label"`. When that is too long, the tags and the label fill a
/// continuation line, as does a long `one of` list.
fn field(w: &mut Writer<'_>, f: &FieldDecl) {
    w.node(f.name.span);
    w.kw(":");
    w.space();
    type_expr(w, &f.ty);
    if let Some(q) = f.optional {
        w.node(q);
    }
    if f.tags.is_empty() && f.label.is_none() {
        return;
    }
    w.nest(CONTINUATION, |w| {
        w.fill(|w| {
            if !f.tags.is_empty() {
                w.line();
                tags(w, &f.tags);
            }
            if let Some(label) = &f.label {
                w.line();
                w.node(label.span);
            }
        });
    });
}

fn tags(w: &mut Writer<'_>, tags: &[Ident]) {
    w.kw("[");
    for (i, tag) in tags.iter().enumerate() {
        if i > 0 {
            w.kw(",");
            w.space();
        }
        w.node(tag.span);
    }
    w.kw("]");
}

fn type_expr(w: &mut Writer<'_>, t: &TypeExpr) {
    match &t.kind {
        TypeExprKind::Named(name) => w.node(name.span),
        TypeExprKind::OneOf(values) => {
            w.kw("one");
            w.space();
            w.kw("of");
            w.space();
            w.nest(CONTINUATION, |w| {
                w.comma_list(values, |w, v| w.node(v.span))
            });
        }
        TypeExprKind::Object(fields) => block(w, fields, field),
        TypeExprKind::List(item) => {
            w.kw("list");
            w.space();
            w.kw("of");
            w.space();
            type_expr(w, item);
        }
    }
}

// ---------------------------------------------------------------- recipients and rules

fn recipient(w: &mut Writer<'_>, r: &RecipientDecl) {
    w.kw("recipient");
    w.space();
    w.node(r.name.span);
    if let Some(display) = &r.display_name {
        w.space();
        w.node(display.span);
    }
    w.space();
    block(w, &r.items, |w, item| match item {
        RecipientItem::Attribute(a) => attribute(w, a),
        RecipientItem::Share(rule) => share_rule(w, rule),
        RecipientItem::Never(rule) => never_rule(w, rule),
        RecipientItem::Notify(n) => {
            w.kw("notify");
            if let Some(message) = &n.message {
                w.space();
                w.node(message.span);
            }
            w.nest(CONTINUATION, |w| {
                w.group(|w| {
                    if n.message.is_some() {
                        w.line();
                    } else {
                        w.space();
                    }
                    w.kw("within");
                    w.space();
                    w.node(n.days.span);
                    w.space();
                    w.kw_days();
                });
            });
        }
        RecipientItem::Delete(d) => {
            w.kw("delete");
            w.space();
            w.kw("after");
            w.space();
            w.node(d.days.span);
            w.space();
            w.kw_days();
        }
        RecipientItem::Allow(a) => allow(w, a),
    });
}

pub(crate) fn selector(w: &mut Writer<'_>, s: &FieldSelector) {
    match s {
        FieldSelector::Path(p) => w.node(p.span),
        FieldSelector::All(_) => w.kw("all"),
        FieldSelector::Category(name, _) => {
            w.kw("[");
            w.node(name.span);
            w.kw("]");
        }
    }
}

fn share_item(w: &mut Writer<'_>, item: &ShareItem) {
    selector(w, &item.selector);
    if let Some(t) = &item.transform {
        w.space();
        w.kw("as");
        w.space();
        w.node(t.name.span);
        if t.to.is_some() {
            w.space();
            w.kw("to");
        }
        if let Some(n) = &t.number {
            w.space();
            w.node(n.span);
        }
    }
}

/// `share ITEMS [when C] [unless C]`: one line if it fits; otherwise `when` and `unless` each
/// start a line of their own, and the items fill continuation lines if they must.
fn share_rule(w: &mut Writer<'_>, rule: &ShareRule) {
    w.group(|w| {
        w.kw("share");
        w.space();
        w.nest(CONTINUATION, |w| w.comma_list(&rule.items, share_item));
        conditions(w, rule.when.as_ref(), rule.unless.as_ref());
    });
    rule_allows(w, &rule.allows);
}

fn never_rule(w: &mut Writer<'_>, rule: &NeverRule) {
    w.group(|w| {
        w.kw("never");
        w.space();
        w.kw("share");
        w.space();
        w.nest(CONTINUATION, |w| {
            w.comma_list(&rule.selectors, selector);
            if rule.raw.is_some() {
                w.space();
                w.kw("raw");
            }
            if let Some(to) = &rule.to {
                w.space();
                w.kw("to");
                w.space();
                w.comma_list(to, |w, r| match r {
                    RecipientSelector::Everyone(_) => w.kw("everyone"),
                    RecipientSelector::Name(name) => w.node(name.span),
                });
            }
        });
        conditions(w, rule.when.as_ref(), rule.unless.as_ref());
    });
    rule_allows(w, &rule.allows);
}

fn conditions(w: &mut Writer<'_>, when: Option<&Expr>, unless: Option<&Expr>) {
    w.nest(CLAUSE, |w| {
        for (keyword, clause) in [("when", when), ("unless", unless)] {
            if let Some(c) = clause {
                w.line();
                w.kw(keyword);
                w.space();
                condition(w, c);
            }
        }
    });
}

/// `allow` lines that belong to a rule: indented like its clauses, so the binding shows.
fn rule_allows(w: &mut Writer<'_>, allows: &[AllowRule]) {
    w.nest(CLAUSE, |w| {
        for a in allows {
            w.hardline();
            allow(w, a);
        }
    });
}

fn allow(w: &mut Writer<'_>, a: &AllowRule) {
    w.kw("allow");
    w.space();
    w.node(a.lint.span);
    if let Some(reason) = &a.reason {
        w.space();
        w.node(reason.span);
    }
}

// ---------------------------------------------------------------- examples

fn example(w: &mut Writer<'_>, e: &ExampleDecl) {
    w.kw("example");
    w.space();
    w.node(e.name.span);
    w.space();
    block(w, &e.items, |w, item| match item {
        ExampleItem::AsOf(date, _) => {
            w.kw("as");
            w.space();
            w.kw("of");
            w.space();
            w.node(date.span);
        }
        ExampleItem::Given(record, _) => {
            w.kw("given");
            w.space();
            json(w, record);
        }
        ExampleItem::Expect(expect) => {
            w.kw("expect");
            w.space();
            w.node(expect.recipient.span);
            w.space();
            w.kw("gets");
            w.space();
            match &expect.gets {
                Gets::Nothing(_) => w.kw("nothing"),
                Gets::Exactly(record) => {
                    w.kw("exactly");
                    w.space();
                    json(w, record);
                }
                Gets::Fields(items) => {
                    w.nest(CONTINUATION, |w| w.comma_list(items, share_item));
                }
            }
        }
    });
}
