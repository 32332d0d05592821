//! Examples: `as of`, `given` (validated like any input record) and `expect` lines
//! (LANGUAGE.md section 8). Running them is the runtime's job (`crate::runtime::examples`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Checker, duplicate_attribute, suggest};
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::ir::{self, Field};
use crate::semantics::validate::{self, Step};
use crate::span::Span;
use crate::syntax::ast::*;

impl Checker<'_> {
    pub(super) fn examples(&mut self) -> Vec<ir::Example> {
        let mut names: HashMap<String, Span> = HashMap::new();
        let mut out = Vec::new();
        for decl in self.decls() {
            let Decl::Example(example) = decl else {
                continue;
            };
            if let Some(&first) = names.get(&example.name.value) {
                self.report(
                    Diagnostic::error(
                        ErrorCode::DuplicateName,
                        format!("two examples are named {:?}", example.name.value),
                        example.name.span,
                    )
                    .with_label("named again here")
                    .with_secondary(first, "first named here")
                    .with_help("give each example its own name, so a failing one can be found"),
                );
            } else {
                names.insert(example.name.value.clone(), example.name.span);
            }
            if let Some(checked) = self.example(example) {
                out.push(checked);
            }
        }
        out
    }

    fn example(&mut self, decl: &ExampleDecl) -> Option<ir::Example> {
        let mut as_of: Option<(&DateLit, Span)> = None;
        let mut given: Option<(&Json, Span)> = None;
        let mut ok = true;
        for item in &decl.items {
            match item {
                ExampleItem::AsOf(date, span) => {
                    if let Some((_, first)) = as_of.replace((date, *span)) {
                        self.report(duplicate_attribute("as of", *span, first));
                        ok = false;
                    }
                    ok &= date.date.is_some();
                }
                ExampleItem::Given(json, span) => {
                    if let Some((_, first)) = given.replace((json, *span)) {
                        self.report(duplicate_attribute("given", *span, first));
                        ok = false;
                    }
                }
                ExampleItem::Expect(_) => {}
            }
        }
        let given_value = match given {
            Some((json, _)) => self.given(json),
            None => {
                self.report(
                    Diagnostic::error(
                        ErrorCode::MissingGiven,
                        format!("the example {:?} has no `given` record", decl.name.value),
                        decl.name.span,
                    )
                    .with_label("no record to test")
                    .with_help("add `given { ... }` with a customer record in JSON"),
                );
                None
            }
        };
        let expects = self.expectations(decl);
        let (given_value, expects) = (given_value?, expects?);
        if !ok {
            return None;
        }
        Some(ir::Example {
            name: decl.name.value.clone(),
            as_of: as_of.map(|(d, _)| d.text.clone()),
            given: given_value,
            expects,
            loc: self.loc(decl.span, decl.name.span),
        })
    }

    /// The `given` record: valid JSON without repeated keys, and valid against the record.
    fn given(&mut self, json: &Json) -> Option<Value> {
        let value = self.json_value(json)?;
        if self.schema.broken {
            return None;
        }
        if let Err(rejection) = validate::validate_record(&self.schema.fields, &value) {
            if self.touches_poisoned(&rejection.path) {
                // The field's type was misspelt and is already reported.
                return None;
            }
            let (span, label) = locate(json, &rejection.path);
            let field = validate::display_path(&rejection.path);
            self.report(
                Diagnostic::error(
                    ErrorCode::InvalidGiven,
                    format!(
                        "this example's record is not valid: `{field}`: {}",
                        rejection.message
                    ),
                    span,
                )
                .with_label(label.unwrap_or_else(|| short_reason(rejection.reason).to_string()))
                .with_help(
                    "an example's `given` must be a record the policy accepts: correct the value, \
                     or the field's declaration in `record`",
                ),
            );
            return None;
        }
        Some(value)
    }

    /// Whether a path into a record runs through a field whose type was misspelt.
    fn touches_poisoned(&self, path: &[Step]) -> bool {
        let mut prefix = String::new();
        for step in path {
            let Step::Key(key) = step else { continue };
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(key);
            if self.is_poisoned(&prefix) {
                return true;
            }
        }
        false
    }

    fn expectations(&mut self, decl: &ExampleDecl) -> Option<Vec<ir::Expectation>> {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut out = Vec::new();
        let mut ok = true;
        for item in &decl.items {
            let ExampleItem::Expect(expect) = item else {
                continue;
            };
            let name = expect.recipient.name.as_str();
            let known = self.recipient_names.contains_key(name);
            if known {
                self.refer(
                    expect.recipient.span,
                    ir::Target::Recipient(name.to_string()),
                );
            }
            if !known && !self.parsed.broken.names.contains(name) {
                self.unknown_recipient(&expect.recipient, false);
            }
            if let Some(&first) = seen.get(name) {
                self.report(
                    Diagnostic::error(
                        ErrorCode::DuplicateExpect,
                        format!("this example already says what `{name}` gets"),
                        expect.span,
                    )
                    .with_label("second expectation")
                    .with_secondary(first, "first expectation")
                    .with_help("merge the two lines into one"),
                );
                ok = false;
            } else {
                seen.insert(name, expect.span);
            }
            let gets = match &expect.gets {
                Gets::Nothing(_) => Some(ir::Gets::Nothing),
                Gets::Fields(items) => {
                    let checked: Vec<Option<ir::ShareItem>> =
                        items.iter().map(|i| self.share_item(i)).collect();
                    checked
                        .into_iter()
                        .collect::<Option<Vec<_>>>()
                        .map(ir::Gets::Fields)
                }
                Gets::Exactly(json) => {
                    let value = self.json_value(json);
                    let fields = self.schema.fields.clone();
                    let keys_ok = self.schema.broken || self.exact_keys(json, &fields, "");
                    value.filter(|_| keys_ok).map(ir::Gets::Exactly)
                }
            };
            match gets {
                Some(gets) if known => out.push(ir::Expectation {
                    recipient: name.to_string(),
                    gets,
                    loc: self.loc(expect.span, expect.recipient.span),
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Every key in a `gets exactly` record must be a declared field.
    fn exact_keys(&mut self, json: &Json, fields: &[Field], prefix: &str) -> bool {
        let JsonKind::Object(members) = &json.kind else {
            return true;
        };
        let mut ok = true;
        for (key, value) in members {
            let Some(field) = fields.iter().find(|f| f.name == key.value) else {
                let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                let message = if prefix.is_empty() {
                    format!("the record has no field `{}`", key.value)
                } else {
                    format!("`{prefix}` has no field `{}`", key.value)
                };
                self.report(
                    Diagnostic::error(ErrorCode::UnknownField, message, key.span)
                        .with_label("unknown field")
                        .with_optional_help(suggest::help_or_list(
                            &key.value,
                            if prefix.is_empty() {
                                "the record's fields"
                            } else {
                                "its fields"
                            },
                            names,
                        )),
                );
                ok = false;
                continue;
            };
            let children = field.ty.children();
            if children.is_empty() {
                continue;
            }
            match &value.kind {
                JsonKind::Object(_) => ok &= self.exact_keys(value, children, &field.path),
                JsonKind::Array(items) => {
                    for item in items {
                        ok &= self.exact_keys(item, children, &field.path);
                    }
                }
                _ => {}
            }
        }
        ok
    }

    /// JSON written in the policy → a value, refusing repeated keys and numbers out of range.
    fn json_value(&mut self, json: &Json) -> Option<Value> {
        match &json.kind {
            JsonKind::Object(members) => {
                let mut map = Map::new();
                let mut first: HashMap<&str, Span> = HashMap::new();
                let mut ok = true;
                for (key, value) in members {
                    if let Some(&earlier) = first.get(key.value.as_str()) {
                        self.report(
                            Diagnostic::error(
                                ErrorCode::DuplicateJsonKey,
                                format!("the key {:?} is written twice in this object", key.value),
                                key.span,
                            )
                            .with_label("written again here")
                            .with_secondary(earlier, "first written here")
                            .with_help(
                                "keep one of them: a record cannot hold two values for one field",
                            ),
                        );
                        ok = false;
                        continue;
                    }
                    first.insert(&key.value, key.span);
                    match self.json_value(value) {
                        Some(v) => {
                            map.insert(key.value.clone(), v);
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Value::Object(map))
            }
            JsonKind::Array(items) => {
                let values: Vec<Option<Value>> = items.iter().map(|i| self.json_value(i)).collect();
                values
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(Value::Array)
            }
            JsonKind::String(s) => Some(Value::String(s.clone())),
            JsonKind::Number(text) => match serde_json::from_str::<serde_json::Number>(text) {
                Ok(n) => Some(Value::Number(n)),
                Err(_) => {
                    self.report(
                        Diagnostic::error(
                            ErrorCode::InvalidNumber,
                            "this number is too large to work with",
                            json.span,
                        )
                        .with_label("out of range")
                        .with_help(
                            "a number this large cannot be stored; check it for extra digits",
                        ),
                    );
                    None
                }
            },
            JsonKind::Bool(b) => Some(Value::Bool(*b)),
            JsonKind::Null => Some(Value::Null),
        }
    }
}

/// A few words under the offending value.
fn short_reason(reason: validate::Reason) -> &'static str {
    use validate::Reason;
    match reason {
        Reason::MissingField => "required, but null",
        Reason::WrongType => "wrong kind of value",
        Reason::NotAllowedValue => "not one of the allowed values",
        Reason::InvalidDate => "not a real date",
        Reason::NotAWholeNumber => "not a whole number",
        Reason::NotAnObject => "not a record",
        Reason::MalformedJson | Reason::DuplicateKey | Reason::TooDeep => "not valid",
    }
}

/// The span of the value at `path` in a JSON tree, with a label when the value is missing
/// (then the span is the opening brace of the object that lacks it).
fn locate(json: &Json, path: &[Step]) -> (Span, Option<String>) {
    let mut node = json;
    for step in path {
        let next = match (&node.kind, step) {
            (JsonKind::Object(members), Step::Key(key)) => {
                match members.iter().find(|(k, _)| &k.value == key) {
                    Some((_, v)) => v,
                    None => {
                        let brace = Span::new(node.span.start, node.span.start + 1);
                        return (brace, Some(format!("this object has no `{key}`")));
                    }
                }
            }
            (JsonKind::Array(items), Step::Index(i)) => match items.get(*i) {
                Some(v) => v,
                None => return (node.span, None),
            },
            _ => return (node.span, None),
        };
        node = next;
    }
    (node.span, None)
}
