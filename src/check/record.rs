//! Categories and the `record` declaration: field types, tags, labels and the key.

use std::collections::HashMap;

use super::{Checker, duplicate_name, suggest};
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::ir::{self, FieldType};
use crate::span::Span;
use crate::syntax::ast::*;

/// The categories every policy has, with what they mean.
pub const BUILTIN_CATEGORIES: [(&str, &str); 8] = [
    ("identifier", "Identifiers"),
    ("contact", "Contact details"),
    ("location", "Location"),
    ("demographic", "Demographics"),
    ("financial", "Financial information"),
    ("behavioral", "Behaviour and purchase history"),
    (
        "preference",
        "Choices the customer made: consents and opt-outs",
    ),
    ("sensitive", "Sensitive personal information"),
];

const SCALAR_TYPES: [&str; 5] = ["text", "number", "integer", "bool", "date"];

/// What other languages call our types.
fn type_alias(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "string" | "str" | "varchar" | "char" => "text",
        "int" | "long" | "i64" | "i32" => "integer",
        "float" | "double" | "decimal" | "f64" | "real" | "numeric" => "number",
        "boolean" | "yesno" => "bool",
        "datetime" | "timestamp" => "date",
        _ => return None,
    })
}

/// What the checker knows about one declared field.
#[derive(Clone, Debug)]
pub(super) struct FieldInfo {
    pub ty: FieldType,
    pub optional: bool,
    /// Whether one of the field's containers is a list (so a condition cannot read it).
    pub through_list: bool,
    /// The leaf fields at or under this field, in declaration order.
    pub leaves: Vec<String>,
    pub tags: Vec<String>,
    pub span: Span,
    /// The field's type (or one inside it) was misspelt: accept every use quietly.
    pub poisoned: bool,
}

#[derive(Default)]
pub(super) struct Schema {
    pub name: String,
    pub key: Option<String>,
    pub fields: Vec<ir::Field>,
    pub info: HashMap<String, FieldInfo>,
    /// Every leaf, in declaration order.
    pub leaves: Vec<String>,
    /// There is no usable record declaration: field names cannot be checked at all.
    pub broken: bool,
    present: bool,
}

impl Schema {
    pub fn to_ir(&self) -> Option<ir::RecordSchema> {
        (self.present && !self.broken).then(|| ir::RecordSchema {
            name: self.name.clone(),
            key: self.key.clone(),
            fields: self.fields.clone(),
        })
    }

    /// The names of the fields directly inside `prefix` ("" for the top level).
    pub fn child_names(&self, prefix: &str) -> Vec<&str> {
        let fields: &[ir::Field] = if prefix.is_empty() {
            &self.fields
        } else {
            let mut fields = self.fields.as_slice();
            for segment in prefix.split('.') {
                match fields.iter().find(|f| f.name == segment) {
                    Some(f) => fields = f.ty.children(),
                    None => return Vec::new(),
                }
            }
            fields
        };
        fields.iter().map(|f| f.name.as_str()).collect()
    }
}

/// Where a field sits while the record is walked.
struct Context<'t> {
    prefix: String,
    tags: &'t [String],
    in_list: bool,
}

impl Checker<'_> {
    pub(super) fn categories(&mut self) {
        self.categories = BUILTIN_CATEGORIES
            .iter()
            .map(|(name, label)| ir::Category {
                name: (*name).to_string(),
                label: Some((*label).to_string()),
                builtin: true,
                loc: None,
            })
            .collect();
        let mut declared: HashMap<String, Span> = HashMap::new();
        for decl in self.decls() {
            let Decl::Category(cat) = decl else { continue };
            let name = &cat.name.name;
            if BUILTIN_CATEGORIES.iter().any(|(b, _)| b == name) {
                self.report(
                    Diagnostic::error(
                        ErrorCode::DuplicateName,
                        format!("category `{name}` is built in and cannot be declared again"),
                        cat.name.span,
                    )
                    .with_label("built-in category")
                    .with_help(format!(
                        "remove this line: [{name}] can be used without declaring it"
                    )),
                );
                continue;
            }
            if let Some(first) = declared.get(name) {
                let first = *first;
                self.report(duplicate_name("category", name, cat.name.span, first));
                continue;
            }
            declared.insert(name.clone(), cat.name.span);
            let loc = self.loc(cat.span, cat.name.span);
            self.categories.push(ir::Category {
                name: name.clone(),
                label: cat.label.as_ref().map(|l| l.value.clone()),
                builtin: false,
                loc: Some(loc),
            });
        }
    }

    pub(super) fn category_exists(&self, name: &str) -> bool {
        self.categories.iter().any(|c| c.name == name) || self.parsed.broken.names.contains(name)
    }

    /// Reports an unknown category unless it exists. Every use of one unknown name is one
    /// mistake (usually a missing `category` line), so later uses are added to the first
    /// report instead of making new ones.
    pub(super) fn check_category(&mut self, name: &Ident) -> bool {
        if self.category_exists(&name.name) {
            return true;
        }
        if let Some(&index) = self.unknown_categories.get(&name.name) {
            if let Some(first) = self.diagnostics.get_mut(index) {
                first.labels.push(crate::diagnostic::Label {
                    span: name.span,
                    text: Some("also used here".into()),
                });
            }
            return false;
        }
        self.unknown_categories
            .insert(name.name.clone(), self.diagnostics.len());
        let candidates: Vec<String> = self.categories.iter().map(|c| c.name.clone()).collect();
        self.report(
            Diagnostic::error(
                ErrorCode::UnknownCategory,
                format!("there is no category `{}`", name.name),
                name.span,
            )
            .with_label("unknown category")
            .with_help(
                suggest::help(&name.name, candidates.iter().map(String::as_str)).unwrap_or_else(
                    || format!("declare it first: category {} \"what it means\"", name.name),
                ),
            ),
        );
        false
    }

    pub(super) fn record(&mut self) {
        let records: Vec<&RecordDecl> = self
            .decls()
            .filter_map(|d| match d {
                Decl::Record(r) => Some(r),
                _ => None,
            })
            .collect();
        let Some(record) = records.first() else {
            self.schema.broken = true;
            if !self.parsed.broken.record {
                self.report(
                    Diagnostic::error(
                        ErrorCode::MissingRecord,
                        "this file has no `record` declaration",
                        Span::point(0),
                    )
                    .with_help(
                        "declare the customer record, for example:\n\
                         record customer key id {\n  id: text [identifier] \"Customer number\"\n}",
                    ),
                );
            }
            return;
        };
        for extra in records.iter().skip(1) {
            self.report(
                Diagnostic::error(
                    ErrorCode::DuplicateDeclaration,
                    "a file has one `record`; this is a second one",
                    extra.keyword,
                )
                .with_label("second record")
                .with_secondary(record.keyword, "the first record is here")
                .with_help("put every field into one record declaration"),
            );
        }
        self.schema.present = true;
        self.schema.name = record.name.name.clone();
        let ctx = Context {
            prefix: String::new(),
            tags: &[],
            in_list: false,
        };
        let fields = self.fields(&record.fields, &ctx);
        self.schema.fields = fields;
        self.key(record);
    }

    fn fields(&mut self, decls: &[FieldDecl], ctx: &Context<'_>) -> Vec<ir::Field> {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut out = Vec::new();
        for decl in decls {
            let name = decl.name.name.as_str();
            if let Some(first) = seen.insert(name, decl.name.span) {
                self.report(duplicate_name("field", name, decl.name.span, first));
                continue;
            }
            out.push(self.field(decl, ctx));
        }
        out
    }

    fn field(&mut self, decl: &FieldDecl, ctx: &Context<'_>) -> ir::Field {
        let path = if ctx.prefix.is_empty() {
            decl.name.name.clone()
        } else {
            format!("{}.{}", ctx.prefix, decl.name.name)
        };
        let mut tags: Vec<String> = ctx.tags.to_vec();
        for tag in &decl.tags {
            if self.check_category(tag) {
                self.refer(tag.span, ir::Target::Category(tag.name.clone()));
                if !tags.contains(&tag.name) {
                    tags.push(tag.name.clone());
                }
            }
        }
        let inner = Context {
            prefix: path.clone(),
            tags: &tags,
            in_list: ctx.in_list,
        };
        let (ty, poisoned) = self.field_type(&decl.ty, &inner);
        let leaves = if ty.is_leaf() {
            self.schema.leaves.push(path.clone());
            vec![path.clone()]
        } else {
            ty.children()
                .iter()
                .flat_map(|child| {
                    self.schema
                        .info
                        .get(&child.path)
                        .map(|i| i.leaves.clone())
                        .unwrap_or_default()
                })
                .collect()
        };
        self.schema.info.insert(
            path.clone(),
            FieldInfo {
                ty: ty.clone(),
                optional: decl.optional.is_some(),
                through_list: ctx.in_list,
                leaves,
                tags: tags.clone(),
                span: decl.name.span,
                poisoned,
            },
        );
        let loc = self.loc(decl.span, decl.name.span);
        ir::Field {
            name: decl.name.name.clone(),
            path,
            ty,
            optional: decl.optional.is_some(),
            tags,
            label: decl.label.as_ref().map(|l| l.value.clone()),
            loc,
        }
    }

    /// The field's type, and whether a misspelling inside it was reported.
    fn field_type(&mut self, ty: &TypeExpr, ctx: &Context<'_>) -> (FieldType, bool) {
        match &ty.kind {
            TypeExprKind::Named(name) => match name.name.as_str() {
                "text" => (FieldType::Text, false),
                "number" => (FieldType::Number, false),
                "integer" => (FieldType::Integer, false),
                "bool" => (FieldType::Bool, false),
                "date" => (FieldType::Date, false),
                other => {
                    let help = type_alias(other)
                        .map(|t| format!("did you mean `{t}`?"))
                        .or_else(|| suggest::help(other, SCALAR_TYPES))
                        .unwrap_or_else(|| {
                            "the types are text, number, integer, bool, date, one of \"a\", \"b\", \
                         { fields } and list of TYPE"
                                .into()
                        });
                    self.report(
                        Diagnostic::error(
                            ErrorCode::UnknownType,
                            format!("there is no type `{other}`"),
                            name.span,
                        )
                        .with_label("unknown type")
                        .with_help(help),
                    );
                    (FieldType::Text, true)
                }
            },
            TypeExprKind::OneOf(values) => {
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for value in values {
                    if let Some(first) = seen.insert(value.value.as_str(), value.span) {
                        self.report(
                            Diagnostic::error(
                                ErrorCode::DuplicateName,
                                format!("the value {:?} is listed twice", value.value),
                                value.span,
                            )
                            .with_label("listed again here")
                            .with_secondary(first, "first listed here")
                            .with_help("remove one of them"),
                        );
                    }
                }
                let mut unique: Vec<String> = Vec::new();
                for value in values {
                    if !unique.contains(&value.value) {
                        unique.push(value.value.clone());
                    }
                }
                (FieldType::Enum { values: unique }, false)
            }
            TypeExprKind::Object(decls) => {
                let fields = self.fields(decls, ctx);
                let poisoned = fields.iter().any(|f| self.is_poisoned(&f.path));
                (FieldType::Object { fields }, poisoned)
            }
            TypeExprKind::List(element) => {
                let inner = Context {
                    prefix: ctx.prefix.clone(),
                    tags: ctx.tags,
                    in_list: true,
                };
                let (element, poisoned) = self.field_type(element, &inner);
                (
                    FieldType::List {
                        element: Box::new(element),
                    },
                    poisoned,
                )
            }
        }
    }

    /// The fields that could be a key, for a help line: "`id`" or "`id` or `email`".
    fn key_candidates(&self) -> String {
        let names: Vec<String> = self
            .schema
            .fields
            .iter()
            .filter(|f| !f.optional && f.ty.is_leaf() && f.ty != FieldType::Bool)
            .map(|f| format!("`{}`", f.name))
            .take(3)
            .collect();
        names.join(" or ")
    }

    pub(super) fn is_poisoned(&self, path: &str) -> bool {
        self.schema.info.get(path).is_some_and(|i| i.poisoned)
    }

    /// `key FIELD`: a required, top-level field with a single value.
    fn key(&mut self, record: &RecordDecl) {
        let Some(key) = &record.key else { return };
        let name = key.name.as_str();
        let problem = match self.schema.info.get(name) {
            None => {
                let help = suggest::help(name, self.schema.child_names("")).unwrap_or_else(|| {
                    let usable = self.key_candidates();
                    if usable.is_empty() {
                        "the key must be one of the record's required text or number fields".into()
                    } else {
                        format!("the key must be one of the record's fields, such as {usable}")
                    }
                });
                Some((
                    format!("the key `{name}` is not a field of the record"),
                    help,
                ))
            }
            Some(info) if info.poisoned => None,
            Some(info) if info.optional => Some((
                format!("the key `{name}` is optional, so some records would have no key"),
                format!("make `{name}` required (remove the `?`), or choose a required field"),
            )),
            Some(info) => match info.ty {
                FieldType::Text
                | FieldType::Number
                | FieldType::Integer
                | FieldType::Date
                | FieldType::Bool
                | FieldType::Enum { .. } => None,
                ref other => Some((
                    format!(
                        "the key `{name}` is {}, which cannot identify a record",
                        super::type_words(other)
                    ),
                    "choose a text or number field that is different for every customer, such \
                     as a customer number"
                        .into(),
                )),
            },
        };
        if let Some((message, help)) = problem {
            self.report(
                Diagnostic::error(ErrorCode::BadKey, message, key.span)
                    .with_label("bad key")
                    .with_help(help),
            );
        } else {
            self.refer(key.span, ir::Target::Field(name.to_string()));
            self.schema.key = Some(name.to_string());
        }
    }
}
