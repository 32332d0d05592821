//! From the IR back to the source: the AST node behind each IR location, and tight spans.
//!
//! The IR keeps a `loc` (line and column of the start) on every rule, recipient, field, group,
//! category and `allow`, computed by the checker from the AST node's span. Indexing every AST
//! node by the same line and column finds the node again, so a warning can underline the exact
//! words (a selector, a transform, a condition) instead of a whole line. Nothing is re-parsed.

use std::collections::HashMap;

use crate::ir::Loc;
use crate::span::{SourceFile, Span};
use crate::syntax::ast::*;

/// A line and column, as in [`Loc`].
type At = (usize, usize);

/// The AST nodes of one file, by where they start.
#[derive(Debug, Default)]
pub struct SpanIndex<'a> {
    recipients: HashMap<At, &'a RecipientDecl>,
    shares: HashMap<At, &'a ShareRule>,
    nevers: HashMap<At, &'a NeverRule>,
    groups: HashMap<At, &'a GroupDecl>,
    categories: HashMap<At, &'a CategoryDecl>,
    fields: HashMap<At, &'a FieldDecl>,
    allows: HashMap<At, &'a AllowRule>,
}

impl<'a> SpanIndex<'a> {
    pub fn new(ast: &'a PolicyFile, source: &SourceFile) -> Self {
        let mut index = SpanIndex::default();
        let at = |span: Span| {
            let lc = source.line_col(span.start);
            (lc.line, lc.column)
        };
        for decl in &ast.decls {
            match decl {
                Decl::Recipient(r) => {
                    index.recipients.insert(at(r.span), r);
                    for item in &r.items {
                        match item {
                            RecipientItem::Share(rule) => index.add_share(rule, &at),
                            RecipientItem::Never(rule) => index.add_never(rule, &at),
                            RecipientItem::Allow(allow) => {
                                index.allows.insert(at(allow.span), allow);
                            }
                            _ => {}
                        }
                    }
                }
                Decl::Never(rule) => index.add_never(rule, &at),
                Decl::Share(rule) => index.add_share(rule, &at),
                Decl::Group(g) => {
                    index.groups.insert(at(g.span), g);
                }
                Decl::Category(c) => {
                    index.categories.insert(at(c.span), c);
                }
                Decl::Record(r) => index.add_fields(&r.fields, &at),
                Decl::Allow(allow) => {
                    index.allows.insert(at(allow.span), allow);
                }
                Decl::Policy(_) | Decl::Example(_) => {}
            }
        }
        index
    }

    fn add_share(&mut self, rule: &'a ShareRule, at: &impl Fn(Span) -> At) {
        self.shares.insert(at(rule.span), rule);
        for allow in &rule.allows {
            self.allows.insert(at(allow.span), allow);
        }
    }

    fn add_never(&mut self, rule: &'a NeverRule, at: &impl Fn(Span) -> At) {
        self.nevers.insert(at(rule.span), rule);
        for allow in &rule.allows {
            self.allows.insert(at(allow.span), allow);
        }
    }

    fn add_fields(&mut self, fields: &'a [FieldDecl], at: &impl Fn(Span) -> At) {
        for field in fields {
            self.fields.insert(at(field.span), field);
            let mut ty = &field.ty;
            while let TypeExprKind::List(inner) = &ty.kind {
                ty = inner;
            }
            if let TypeExprKind::Object(children) = &ty.kind {
                self.add_fields(children, at);
            }
        }
    }

    pub fn recipient(&self, loc: &Loc) -> Option<&'a RecipientDecl> {
        self.recipients.get(&(loc.line, loc.column)).copied()
    }

    pub fn share(&self, loc: &Loc) -> Option<&'a ShareRule> {
        self.shares.get(&(loc.line, loc.column)).copied()
    }

    pub fn never(&self, loc: &Loc) -> Option<&'a NeverRule> {
        self.nevers.get(&(loc.line, loc.column)).copied()
    }

    pub fn group(&self, loc: &Loc) -> Option<&'a GroupDecl> {
        self.groups.get(&(loc.line, loc.column)).copied()
    }

    pub fn category(&self, loc: &Loc) -> Option<&'a CategoryDecl> {
        self.categories.get(&(loc.line, loc.column)).copied()
    }

    pub fn field(&self, loc: &Loc) -> Option<&'a FieldDecl> {
        self.fields.get(&(loc.line, loc.column)).copied()
    }

    pub fn allow(&self, loc: &Loc) -> Option<&'a AllowRule> {
        self.allows.get(&(loc.line, loc.column)).copied()
    }
}

/// `span` without the whitespace and comments that may trail its last word.
pub fn trim(span: Span, source: &SourceFile) -> Span {
    let text = source.slice(span);
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                // A comment runs to the end of the line.
                while chars.next_if(|&(_, c)| c != '\n').is_some() {}
            }
            '"' => {
                let mut last = i + 1;
                while let Some((j, c)) = chars.next() {
                    last = j + c.len_utf8();
                    match c {
                        '\\' => {
                            if let Some((k, e)) = chars.next() {
                                last = k + e.len_utf8();
                            }
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                end = last;
            }
            c if c.is_whitespace() => {}
            c => end = i + c.len_utf8(),
        }
    }
    Span::new(span.start, span.start + end)
}

/// The span from `first` to the end of the last of `parts`, trimmed.
pub fn covering(first: Span, parts: impl IntoIterator<Item = Span>, source: &SourceFile) -> Span {
    let joined = parts.into_iter().fold(first, Span::join);
    trim(joined, source)
}

/// A share rule's words up to the end of its condition, without the `allow` lines after it.
pub fn share_head(rule: &ShareRule, source: &SourceFile) -> Span {
    let parts = rule
        .items
        .iter()
        .map(|i| i.span)
        .chain(rule.when.iter().map(|e| e.span))
        .chain(rule.unless.iter().map(|e| e.span));
    covering(rule.keyword, parts, source)
}

/// `share` and its items, without the condition: "what is shared".
pub fn share_items(rule: &ShareRule, source: &SourceFile) -> Span {
    covering(rule.keyword, rule.items.iter().map(|i| i.span), source)
}

/// A never rule's words up to the end of its condition.
pub fn never_head(rule: &NeverRule, source: &SourceFile) -> Span {
    let parts = rule
        .selectors
        .iter()
        .map(FieldSelector::span)
        .chain(rule.to.iter().flatten().map(RecipientSelector::span))
        .chain(rule.when.iter().map(|e| e.span))
        .chain(rule.unless.iter().map(|e| e.span));
    covering(rule.keyword, parts, source)
}

/// The span of a recipient's attribute (`brand "..."`), if written.
pub fn attribute(recipient: &RecipientDecl, name: &str) -> Option<Span> {
    recipient.items.iter().find_map(|item| match item {
        RecipientItem::Attribute(a) if a.name.name == name => Some(a.span),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_drops_trailing_space_and_comments_but_not_strings() {
        let text = "share a, b  # why \"x\n  \nnext";
        let file = SourceFile::new("t", text);
        let span = trim(Span::new(0, 24), &file);
        assert_eq!(file.slice(span), "share a, b");
        let text = "notify \"a # b\"   ";
        let file = SourceFile::new("t", text);
        assert_eq!(
            file.slice(trim(Span::new(0, text.len()), &file)),
            "notify \"a # b\""
        );
    }
}
