//! Document symbols, the outline of a policy: its header, the record and its fields, the
//! categories, groups, recipients with their rules and obligations, the top-level `never`
//! rules and the examples. Read from the syntax tree, so a declaration shows as soon as it
//! parses, whatever errors the rest of the file has.

use lsp_types::{DocumentSymbol, SymbolKind};

use super::document::Text;
use crate::span::{SourceFile, Span};
use crate::syntax::ast::{Decl, FieldDecl, RecipientItem, TypeExprKind};

/// The outline of the document.
pub fn symbols(text: &Text) -> Vec<DocumentSymbol> {
    let source = SourceFile::new(text.name(), text.text.clone());
    let parsed = crate::syntax::parse(&source);
    let outline = Outline {
        text,
        source: &source,
    };
    parsed
        .file
        .decls
        .iter()
        .filter_map(|decl| outline.decl(decl))
        .collect()
}

struct Outline<'t> {
    text: &'t Text,
    source: &'t SourceFile,
}

impl Outline<'_> {
    fn decl(&self, decl: &Decl) -> Option<DocumentSymbol> {
        Some(match decl {
            Decl::Policy(p) => self.symbol(
                &p.title.value,
                None,
                SymbolKind::PACKAGE,
                p.span,
                p.keyword,
                vec![],
            ),
            Decl::Record(r) => {
                let fields = r.fields.iter().map(|f| self.field(f)).collect();
                self.symbol(
                    &format!("record {}", r.name.name),
                    None,
                    SymbolKind::STRUCT,
                    r.span,
                    r.name.span,
                    fields,
                )
            }
            Decl::Category(c) => self.symbol(
                &format!("[{}]", c.name.name),
                c.label.as_ref().map(|l| l.value.clone()),
                SymbolKind::ENUM_MEMBER,
                c.span,
                c.name.span,
                vec![],
            ),
            Decl::Group(g) => self.symbol(
                &g.name.name,
                Some("group".into()),
                SymbolKind::ARRAY,
                g.span,
                g.name.span,
                vec![],
            ),
            Decl::Recipient(r) => {
                let kind = r.items.iter().find_map(|item| match item {
                    RecipientItem::Attribute(a) if a.name.name == "kind" => {
                        Some(self.text_of(a.value.span()))
                    }
                    _ => None,
                });
                let detail = [r.display_name.as_ref().map(|d| d.value.clone()), kind]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let children = r
                    .items
                    .iter()
                    .filter_map(|i| self.recipient_item(i))
                    .collect();
                self.symbol(
                    &r.name.name,
                    Some(detail),
                    SymbolKind::CLASS,
                    r.span,
                    r.name.span,
                    children,
                )
            }
            Decl::Never(n) => self.rule(n.span, n.keyword),
            Decl::Example(e) => self.symbol(
                &e.name.value,
                Some("example".into()),
                SymbolKind::EVENT,
                e.span,
                e.name.span,
                vec![],
            ),
            Decl::Share(_) | Decl::Allow(_) => return None,
        })
    }

    fn recipient_item(&self, item: &RecipientItem) -> Option<DocumentSymbol> {
        Some(match item {
            RecipientItem::Share(rule) => self.rule(rule.span, rule.keyword),
            RecipientItem::Never(rule) => self.rule(rule.span, rule.keyword),
            RecipientItem::Notify(n) => self.obligation(n.span),
            RecipientItem::Delete(d) => self.obligation(d.span),
            RecipientItem::Attribute(_) | RecipientItem::Allow(_) => return None,
        })
    }

    fn field(&self, field: &FieldDecl) -> DocumentSymbol {
        let children = match &field.ty.kind {
            TypeExprKind::Object(fields) => fields.iter().map(|f| self.field(f)).collect(),
            TypeExprKind::List(element) => match &element.kind {
                TypeExprKind::Object(fields) => fields.iter().map(|f| self.field(f)).collect(),
                _ => vec![],
            },
            _ => vec![],
        };
        let detail = field.label.as_ref().map(|l| l.value.clone());
        self.symbol(
            &field.name.name,
            detail,
            SymbolKind::FIELD,
            field.span,
            field.name.span,
            children,
        )
    }

    /// A rule, named by its words up to its condition (`share email as hashed`).
    fn rule(&self, span: Span, keyword: Span) -> DocumentSymbol {
        let written = one_line(self.text_of(span));
        let name = written
            .split(" when ")
            .next()
            .and_then(|s| s.split(" unless ").next())
            .unwrap_or(&written);
        self.symbol(name, None, SymbolKind::METHOD, span, keyword, vec![])
    }

    fn obligation(&self, span: Span) -> DocumentSymbol {
        let written = one_line(self.text_of(span));
        self.symbol(&written, None, SymbolKind::PROPERTY, span, span, vec![])
    }

    fn text_of(&self, span: Span) -> String {
        self.text
            .text
            .get(span.start..span.end)
            .unwrap_or("")
            .to_string()
    }

    fn symbol(
        &self,
        name: &str,
        detail: Option<String>,
        kind: SymbolKind,
        span: Span,
        selection: Span,
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        let span = crate::syntax::lex::trim(span, self.source);
        #[expect(
            deprecated,
            reason = "`deprecated` is a required field of the protocol's type"
        )]
        DocumentSymbol {
            name: if name.trim().is_empty() {
                "(unnamed)".into()
            } else {
                name.to_string()
            },
            detail: detail.filter(|d| !d.is_empty()),
            kind,
            tags: None,
            deprecated: None,
            range: self.text.range(span),
            selection_range: self.text.range(selection),
            children: (!children.is_empty()).then_some(children),
        }
    }
}

/// Text on one line, blank space collapsed, at most 80 characters.
fn one_line(text: String) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", joined.get(..at).unwrap_or("")),
        None => joined,
    }
}
