//! Completion in context, read from the tokens before the cursor (so it works on text that
//! does not parse) and the names of the policy (the model of `analysis`):
//!
//! - field paths after `share`, `never share`, `gets`, a group's `=`, and in conditions; after
//!   a dot, the fields inside the object before it (`address.` → `address.zip`); groups, `all`
//!   and `[category]` where a rule selects fields;
//! - categories after `[`; recipient names, kinds and `everyone` after `to`; recipient names
//!   after `expect`; transforms after `as`; lint names after `allow`; kinds after `kind`,
//!   bases after `basis`; types after `:` in the record;
//! - the values of a one-of field after `==`, `!=`, `in [` and inside that list; `true` and
//!   `false` for a yes/no field;
//! - otherwise the keywords that can come next: the declarations at the top level, a
//!   recipient's attributes and rules at the start of its lines, `when`, `unless`, `as`, `to`,
//!   `and`, `or`... after a complete item.
//!
//! Every item replaces the whole word at the cursor (its `textEdit`), so a path completes as a
//! whole: editors take the dots of a path as part of the word (`address.z|`).

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, TextEdit};

use super::analysis::{Analysis, Model};
use super::document::Text;
use super::{tokens, words};
use crate::ir::{Basis, FieldType, RecipientKind};
use crate::span::Span;
use crate::syntax::lex::{Token, TokenKind};

/// What kind of block the cursor is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    Top,
    Policy,
    Record,
    Recipient,
    Example,
    /// A `given` or `gets exactly` record: nothing to complete.
    Json,
}

/// Where the cursor is, as far as completion cares.
struct Place<'t> {
    text: &'t str,
    block: Block,
    /// The statement the cursor is in, up to the cursor (its first token is its keyword).
    statement: Vec<Token>,
    /// Whether the cursor's word is the first thing on its line.
    line_start: bool,
    /// What the cursor's word replaces, and what of it is before the cursor.
    replace: Span,
    typed: &'t str,
}

impl Place<'_> {
    fn word(&self, token: &Token) -> &str {
        token.text(self.text)
    }

    fn keyword(&self) -> &str {
        self.statement.first().map_or("", |t| self.word(t))
    }

    /// The text of the `n`th token before the cursor (0: the last).
    fn back(&self, n: usize) -> &str {
        self.statement
            .len()
            .checked_sub(n + 1)
            .and_then(|i| self.statement.get(i))
            .map_or("", |t| self.word(t))
    }

    fn has(&self, word: &str) -> bool {
        self.statement.iter().any(|t| self.word(t) == word)
    }
}

/// The completion items at `offset`.
pub fn complete(text: &Text, analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let Some(place) = place(&text.text, offset) else {
        return Vec::new();
    };
    let model = analysis.model();
    let mut items = Items::new(text, place.replace);
    suggest(&place, model, &mut items);
    items.list
}

/// Reads the tokens before the cursor.
fn place(text: &str, offset: usize) -> Option<Place<'_>> {
    let at = tokens::token_at(text, offset);
    let replace = match at {
        Some(t) if t.kind == TokenKind::Comment => return None,
        Some(t) if t.kind == (TokenKind::Text { terminated: true }) && offset < t.end => {
            return None;
        }
        Some(t)
            if matches!(
                t.kind,
                TokenKind::Word | TokenKind::Text { terminated: false }
            ) =>
        {
            Span::new(t.start, t.end)
        }
        _ => Span::point(offset),
    };
    let before = tokens::significant_before(text, replace.start);
    let mut blocks = vec![Block::Top];
    let mut start = 0;
    for (i, token) in before.iter().enumerate() {
        let block = blocks.last().copied().unwrap_or(Block::Top);
        match token.text(text) {
            "{" => {
                let opener = before.get(start).map_or("", |t| t.text(text));
                let previous = i.checked_sub(1).and_then(|p| before.get(p));
                let json = previous.is_some_and(|p| matches!(p.text(text), "given" | "exactly"));
                let inner = if block == Block::Json || json {
                    Block::Json
                } else {
                    match (block, opener) {
                        (Block::Record, _) | (_, "record") => Block::Record,
                        (_, "policy") => Block::Policy,
                        (_, "recipient") => Block::Recipient,
                        (_, "example") => Block::Example,
                        _ => Block::Json,
                    }
                };
                blocks.push(inner);
                start = i + 1;
            }
            "}" if blocks.len() > 1 => {
                blocks.pop();
                start = i + 1;
            }
            word if token.kind == TokenKind::Word
                && starts_statement(text, &before, i)
                && block_keywords(block).is_none_or(|k| k.contains(&word)) =>
            {
                start = i;
            }
            _ => {}
        }
    }
    let line_start = match before.last() {
        None => true,
        Some(last) => {
            tokens::line_break_between(text, last.end, replace.start) && !continues(last.text(text))
        }
    };
    Some(Place {
        text,
        block: blocks.last().copied().unwrap_or(Block::Top),
        statement: before.get(start..).unwrap_or(&[]).to_vec(),
        line_start,
        typed: text
            .get(replace.start..offset.max(replace.start))
            .unwrap_or(""),
        replace,
    })
}

/// Whether the token at `i` is the first on its line, after a token that ends something.
fn starts_statement(text: &str, before: &[Token], i: usize) -> bool {
    let Some(token) = before.get(i) else {
        return false;
    };
    match i.checked_sub(1).and_then(|p| before.get(p)) {
        None => true,
        Some(previous) => {
            tokens::line_break_between(text, previous.end, token.start)
                && !continues(previous.text(text))
        }
    }
}

/// Whether a token leaves its statement unfinished, so the next line goes on with it.
fn continues(word: &str) -> bool {
    matches!(
        word,
        "," | "when"
            | "unless"
            | "and"
            | "or"
            | "not"
            | "as"
            | "to"
            | "="
            | "=="
            | "!="
            | "<"
            | "<="
            | ">"
            | ">="
            | "("
            | "["
            | "share"
            | "never"
            | "in"
            | "is"
            | "gets"
            | ":"
    )
}

/// The words that start a statement in a block (`None`: any word, as in the record, where
/// each line names a field).
fn block_keywords(block: Block) -> Option<&'static [&'static str]> {
    match block {
        Block::Top => Some(&crate::syntax::DECLARATION_KEYWORDS),
        Block::Recipient => Some(&[
            "kind", "purpose", "basis", "contract", "brand", "parent", "share", "never", "notify",
            "delete", "allow",
        ]),
        Block::Example => Some(&["as", "given", "expect"]),
        Block::Policy | Block::Record => None,
        Block::Json => Some(&[]),
    }
}

/// Fills `items` for the place.
fn suggest(place: &Place<'_>, model: Option<&Model>, items: &mut Items<'_>) {
    if place.block == Block::Json {
        return;
    }
    if place.typed.contains('.') {
        if let Some(model) = model {
            let conditions = in_condition(place);
            fields(model, parent_of(place.typed), conditions, items);
        }
        return;
    }
    let last = place.back(0);
    if closed_list(place, last, items) {
        return;
    }
    match last {
        "to" if place.back(1) != "rounded" => recipients(place, model, true, items),
        "expect" => recipients(place, model, false, items),
        "within" | "after" | "first" | "rounded" | "notify" | "policy" | "recipient"
        | "example" | "category" | "group" | "of"
            if place.back(1) != "list" => {}
        "is" => {
            items.keyword("missing", "the field is absent or null");
            items.keyword("present", "the field has a value");
        }
        "when" | "unless" | "and" | "or" | "not" | "(" => {
            if last == "not"
                && !matches!(
                    place.back(1),
                    "when" | "unless" | "and" | "or" | "not" | "(" | ""
                )
            {
                items.keyword("in", "not in [...]");
                return;
            }
            operands(model, items);
        }
        "==" | "!=" => values(place, model, place.back(1), items),
        "[" => bracket(place, model, items),
        "," => comma(place, model, items),
        "share" | "=" => selectors(model, items),
        "gets" => {
            selectors(model, items);
            items.keyword("nothing", "the recipient gets nothing from this record");
            items.keyword("exactly", "exactly { JSON }: the whole output record");
        }
        ":" | "of" if place.block == Block::Record => {
            for (name, doc) in words::TYPES {
                items.add(name, name, CompletionItemKind::TYPE_PARAMETER, doc);
            }
        }
        _ => after_item(place, items),
    }
}

/// The words of a closed list after the word that asks for one: transforms after `as`,
/// kinds after `kind`, bases after `basis`, lints after `allow`, and the one word that follows
/// `never`, `delete` or `as` in an example. Whether `last` was such a word.
fn closed_list(place: &Place<'_>, last: &str, items: &mut Items<'_>) -> bool {
    let attribute = place.block == Block::Recipient && place.statement.len() == 1;
    match last {
        "as" if place.block == Block::Example => items.keyword("of", "as of YYYY-MM-DD"),
        "as" => {
            for (name, insert, doc) in words::TRANSFORMS {
                items.add(name, insert, CompletionItemKind::FUNCTION, doc);
            }
        }
        "kind" if attribute => {
            for kind in RecipientKind::ALL {
                let name = kind.as_str();
                items.add(
                    name,
                    name,
                    CompletionItemKind::ENUM_MEMBER,
                    words::kind_doc(kind),
                );
            }
        }
        "basis" if attribute => {
            for basis in Basis::ALL {
                let name = basis.as_str();
                items.add(
                    name,
                    name,
                    CompletionItemKind::ENUM_MEMBER,
                    words::basis_doc(basis),
                );
            }
        }
        "allow" => {
            for lint in crate::lint::LINTS {
                items.add(
                    lint.name,
                    lint.name,
                    CompletionItemKind::CONSTANT,
                    lint.summary,
                );
            }
        }
        "never" => items.keyword("share", "never share FIELDS ..."),
        "delete" => items.keyword("after", "delete after N days"),
        _ => return false,
    }
    true
}

/// After a finished item: what may follow it in the statement, and at the start of a line,
/// what may start one.
fn after_item(place: &Place<'_>, items: &mut Items<'_>) {
    let conditions = place.has("when") || place.has("unless");
    match (place.block, place.keyword()) {
        _ if place.statement.is_empty() => {}
        (Block::Recipient | Block::Top, "share" | "never") if conditions => {
            for word in ["and", "or", "is", "in", "not", "unless"] {
                items.keyword(word, "");
            }
        }
        (Block::Recipient | Block::Top, "share") => {
            for word in ["as", "when", "unless"] {
                items.keyword(word, "");
            }
        }
        (Block::Recipient | Block::Top, "never") => {
            if !place.has("to") {
                items.keyword("to", "the recipients it applies to");
            }
            for word in ["when", "unless"] {
                items.keyword(word, "");
            }
        }
        (Block::Example, "expect") if place.statement.len() == 2 => {
            items.keyword("gets", "expect RECIPIENT gets ...");
        }
        (Block::Example, "expect") => items.keyword("as", "a form: as hashed, as year..."),
        _ => {}
    }
    if place.line_start || place.statement.is_empty() {
        let starts = match place.block {
            Block::Top => words::DECLARATIONS,
            Block::Recipient => words::RECIPIENT_ITEMS,
            Block::Example => words::EXAMPLE_ITEMS,
            Block::Policy => words::HEADER_ITEMS,
            Block::Record | Block::Json => &[],
        };
        for (word, doc) in starts {
            items.keyword(word, doc);
        }
    }
}

/// Whether the cursor is in a condition (after `when` or `unless`).
fn in_condition(place: &Place<'_>) -> bool {
    place.has("when") || place.has("unless")
}

/// After `[`: the values of a one-of field after `in`, else categories.
fn bracket(place: &Place<'_>, model: Option<&Model>, items: &mut Items<'_>) {
    if place.back(1) == "in" {
        let operand = if place.back(2) == "not" {
            place.back(3)
        } else {
            place.back(2)
        };
        values(place, model, operand, items);
    } else if let Some(model) = model {
        categories(model, false, items);
    }
}

/// After `,`: goes back to what the list belongs to.
fn comma(place: &Place<'_>, model: Option<&Model>, items: &mut Items<'_>) {
    let mut depth = 0usize;
    for (n, token) in place.statement.iter().rev().enumerate() {
        match place.word(token) {
            "]" => depth += 1,
            "[" if depth > 0 => depth -= 1,
            "[" => {
                // The `[` is `n` tokens back: read what is before it.
                let before_bracket = place.back(n + 1);
                if before_bracket == "in" {
                    let operand = match place.back(n + 2) {
                        "not" => place.back(n + 3),
                        other => other,
                    };
                    values(place, model, operand, items);
                } else if let Some(model) = model {
                    categories(model, false, items);
                }
                return;
            }
            "to" => return recipients(place, model, true, items),
            "share" | "=" | "gets" => return selectors(model, items),
            "when" | "unless" => return,
            _ => {}
        }
    }
}

/// Fields, groups, `all` and categories in brackets: what a rule can select.
fn selectors(model: Option<&Model>, items: &mut Items<'_>) {
    let Some(model) = model else {
        items.keyword("all", "every field of the record");
        return;
    };
    fields(model, None, false, items);
    for group in &model.ir.groups {
        items.add(
            &group.name,
            &group.name,
            CompletionItemKind::MODULE,
            &format!("group: {}", group.fields.join(", ")),
        );
    }
    items.keyword("all", "every field of the record");
    categories(model, true, items);
}

/// What a condition can start with: fields (not through a list) and functions.
fn operands(model: Option<&Model>, items: &mut Items<'_>) {
    if let Some(model) = model {
        fields(model, None, true, items);
    }
    for (name, doc) in words::FUNCTIONS {
        items.add(name, &format!("{name}("), CompletionItemKind::FUNCTION, doc);
    }
    items.keyword("not", "");
}

/// The fields directly inside `parent` (or at the top): in conditions, not those inside a list.
fn fields(model: &Model, parent: Option<&str>, conditions: bool, items: &mut Items<'_>) {
    let children = match parent {
        None => model.ir.record.fields.as_slice(),
        Some(path) => match model.ir.field(path) {
            Some(field) if conditions && matches!(field.ty, FieldType::List { .. }) => return,
            Some(field) => field.ty.children(),
            None => return,
        },
    };
    for field in children {
        let mut detail = field.ty.describe();
        if let Some(label) = &field.label {
            detail = format!("{detail} · {label}");
        }
        items.add(&field.path, &field.path, CompletionItemKind::FIELD, &detail);
    }
}

fn categories(model: &Model, bracketed: bool, items: &mut Items<'_>) {
    for category in &model.ir.categories {
        let written = if bracketed {
            format!("[{}]", category.name)
        } else {
            category.name.clone()
        };
        let doc = category.label.as_deref().unwrap_or("a category of data");
        items.add(&written, &written, CompletionItemKind::ENUM_MEMBER, doc);
    }
}

fn recipients(place: &Place<'_>, model: Option<&Model>, kinds: bool, items: &mut Items<'_>) {
    if let Some(model) = model {
        for r in &model.ir.recipients {
            let doc = format!("{} ({}): {}", r.title(), r.kind.as_str(), r.purpose);
            items.add(&r.name, &r.name, CompletionItemKind::CLASS, &doc);
        }
    }
    if kinds && place.keyword() == "never" {
        for kind in RecipientKind::ALL {
            items.add(
                kind.as_str(),
                kind.as_str(),
                CompletionItemKind::ENUM,
                words::kind_doc(kind),
            );
        }
        items.keyword("everyone", "every recipient");
    }
}

/// The values a field written `operand` can be compared with.
fn values(place: &Place<'_>, model: Option<&Model>, operand: &str, items: &mut Items<'_>) {
    let Some(field) = model.and_then(|m| m.ir.field(operand)) else {
        return;
    };
    match &field.ty {
        FieldType::Enum { values } => {
            for value in values {
                let quoted = serde_json::Value::String(value.clone()).to_string();
                items.add(
                    &quoted,
                    &quoted,
                    CompletionItemKind::ENUM_MEMBER,
                    &format!("a value of {operand}"),
                );
            }
        }
        FieldType::Bool if place.back(0) != "[" => {
            items.keyword("true", "");
            items.keyword("false", "");
        }
        _ => {}
    }
}

/// `address` for `address.z`.
fn parent_of(typed: &str) -> Option<&str> {
    typed.rfind('.').and_then(|dot| typed.get(..dot))
}

/// The items being collected, each replacing the word at the cursor.
struct Items<'t> {
    text: &'t Text,
    replace: Span,
    list: Vec<CompletionItem>,
}

impl<'t> Items<'t> {
    fn new(text: &'t Text, replace: Span) -> Items<'t> {
        Items {
            text,
            replace,
            list: Vec::new(),
        }
    }

    fn keyword(&mut self, word: &str, doc: &str) {
        self.add(word, word, CompletionItemKind::KEYWORD, doc);
    }

    fn add(&mut self, label: &str, insert: &str, kind: CompletionItemKind, doc: &str) {
        if self.list.iter().any(|i| i.label == label) {
            return;
        }
        let sort = format!("{:04}", self.list.len());
        self.list.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: (!doc.is_empty() && kind != CompletionItemKind::KEYWORD)
                .then(|| doc.to_string()),
            documentation: (!doc.is_empty() && kind == CompletionItemKind::KEYWORD)
                .then(|| Documentation::String(doc.to_string())),
            sort_text: Some(sort),
            filter_text: Some(insert.to_string()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                self.text.range(self.replace),
                insert.to_string(),
            ))),
            ..CompletionItem::default()
        });
    }
}
