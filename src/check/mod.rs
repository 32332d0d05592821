//! AST → checked IR: names, types, rules and examples.
//!
//! The checker reports every error in the file, and one mistake gives one error: a name that
//! failed to resolve, a field whose type was misspelt or a declaration that did not parse is
//! "poisoned" and quietly accepted wherever it is used later. The IR is produced only when the
//! file has no errors. Lints (warnings) run on the IR afterwards, in `crate::lint`.
//!
//! Passes, in order: the `policy` header, categories, the `record`, groups, recipient names,
//! recipients and their rules, top-level rules, examples.

mod condition;
mod example;
mod recipient;
mod record;
mod selector;

mod transform;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, ErrorCode, suggest};
use crate::ir::{self, Ir, Loc};
use crate::span::{SourceFile, Span};
use crate::syntax::Parsed;
use crate::syntax::ast::*;

pub use record::BUILTIN_CATEGORIES;

/// The outcome of checking one file: the IR when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Checked {
    pub ir: Option<Ir>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a parsed file; `lints` are the names an `allow` may give (the lint stage's, which
/// runs after this one). Never panics.
pub fn check(parsed: &Parsed, source: &SourceFile, lints: &[&str]) -> Checked {
    let mut checker = Checker::new(parsed, source, lints);
    let ir = checker.run();
    let has_errors = checker.diagnostics.iter().any(|d| d.is_error())
        || parsed.diagnostics.iter().any(|d| d.is_error());
    Checked {
        ir: if has_errors { None } else { ir },
        diagnostics: checker.diagnostics,
    }
}

pub(crate) struct Checker<'a> {
    source: &'a SourceFile,
    parsed: &'a Parsed,
    diagnostics: Vec<Diagnostic>,
    categories: Vec<ir::Category>,
    schema: record::Schema,
    groups: selector::Groups<'a>,
    /// Every recipient name, with where it was declared.
    recipient_names: HashMap<String, Span>,
    /// Unknown category names already reported, with the index of their diagnostic.
    unknown_categories: HashMap<String, usize>,
    /// Every name resolved so far, with where it is written (`Ir::references`).
    references: Vec<ir::Reference>,
    /// The lints an `allow` may name.
    lints: &'a [&'a str],
}

impl<'a> Checker<'a> {
    fn new(parsed: &'a Parsed, source: &'a SourceFile, lints: &'a [&'a str]) -> Self {
        Checker {
            source,
            parsed,
            diagnostics: Vec::new(),
            categories: Vec::new(),
            schema: record::Schema::default(),
            groups: selector::Groups::default(),
            recipient_names: HashMap::new(),
            unknown_categories: HashMap::new(),
            references: Vec::new(),
            lints,
        }
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Whether a quoted text that must say something does; reports it when it is empty.
    fn says_something(&mut self, text: &StrLit, what: &str, example: &str) -> bool {
        if !text.value.trim().is_empty() {
            return true;
        }
        self.report(
            Diagnostic::error(ErrorCode::EmptyText, format!("{what} is empty"), text.span)
                .with_label("nothing written here")
                .with_help(format!("write it out, for example: {example}")),
        );
        false
    }

    /// The IR location of a construct written at `start`, whose messages underline `focus`.
    fn loc(&self, start: Span, focus: Span) -> Loc {
        let lc = self.source.line_col(start.start);
        Loc {
            file: self.source.name().to_string(),
            line: lc.line,
            column: lc.column,
            span: self.trim(focus),
        }
    }

    /// `span` without the whitespace and comments after its last word.
    fn trim(&self, span: Span) -> Span {
        crate::syntax::lex::trim(span, self.source)
    }

    /// Records that the name written at `span` stands for `target`.
    fn refer(&mut self, span: Span, target: ir::Target) {
        self.references.push(ir::Reference { span, target });
    }

    fn decls(&self) -> impl Iterator<Item = &'a Decl> + use<'a> {
        self.parsed.file.decls.iter()
    }

    fn run(&mut self) -> Option<Ir> {
        let policy = self.policy_header();
        self.categories();
        self.record();
        self.groups();
        self.recipient_names();
        let mut recipients = self.recipients();
        self.top_level_nevers(&mut recipients);
        let allows = self.top_level();
        let examples = self.examples();
        let groups = self.groups.to_ir(self);
        let policy = policy?;
        let record = self.schema.to_ir()?;
        let mut ir_recipients = Vec::new();
        for r in recipients {
            ir_recipients.push(r?);
        }
        let text = self.source.text();
        Some(Ir {
            format: ir::IR_FORMAT.to_string(),
            version: ir::IR_VERSION,
            source: ir::Source {
                file: self.source.name().to_string(),
                sha256: crate::semantics::transform::sha256_hex(text.as_bytes()),
            },
            policy,
            categories: self.categories.clone(),
            record,
            groups,
            recipients: ir_recipients,
            examples,
            allows,
            references: std::mem::take(&mut self.references),
        })
    }

    /// The single `policy` header.
    fn policy_header(&mut self) -> Option<ir::PolicyInfo> {
        let headers: Vec<&PolicyHeader> = self
            .decls()
            .filter_map(|d| match d {
                Decl::Policy(p) => Some(p),
                _ => None,
            })
            .collect();
        let Some(first) = headers.first() else {
            if !self.parsed.broken.policy {
                self.report(
                    Diagnostic::error(
                        ErrorCode::MissingPolicy,
                        "this file has no `policy` header",
                        Span::point(0),
                    )
                    .with_help(
                        "start the file with a header such as:\n\
                         policy \"Acme: customer data sharing\" {\n  version \"1\"\n  owner \"privacy@example.com\"\n}",
                    ),
                );
            }
            return None;
        };
        for extra in headers.iter().skip(1) {
            self.report(
                Diagnostic::error(
                    ErrorCode::DuplicateDeclaration,
                    "a file has one `policy` header; this is a second one",
                    extra.keyword,
                )
                .with_label("second header")
                .with_secondary(first.keyword, "the first header is here")
                .with_help("merge the two headers, or split the file into two policies"),
            );
        }
        let mut info = ir::PolicyInfo {
            title: first.title.value.clone(),
            version: None,
            owner: None,
            controller: None,
            contact: None,
            opt_out: None,
        };
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for attr in &first.attributes {
            let name = attr.name.name.as_str();
            let slot = match name {
                "version" => &mut info.version,
                "owner" => &mut info.owner,
                "controller" => &mut info.controller,
                "contact" => &mut info.contact,
                "opt_out" => &mut info.opt_out,
                _ => {
                    self.report(
                        Diagnostic::error(
                            ErrorCode::UnknownAttribute,
                            format!("the policy header has no attribute `{name}`"),
                            attr.name.span,
                        )
                        .with_label("unknown attribute")
                        .with_help(
                            suggest::help(name, HEADER_ATTRIBUTES).unwrap_or_else(|| {
                                "the header takes `version`, `owner`, `controller`, `contact` \
                                 and `opt_out`, each with a quoted text"
                                    .into()
                            }),
                        ),
                    );
                    continue;
                }
            };
            if let Some(first_span) = seen.insert(name, attr.span) {
                self.report(duplicate_attribute(name, attr.span, first_span));
                continue;
            }
            match &attr.value {
                AttrValue::Text(s) => {
                    // What customers read in a notice (LANGUAGE.md section 11) must say something.
                    let read_by_customers = CUSTOMER_FACING.iter().find(|(n, ..)| *n == name);
                    if let Some((_, what, example)) = read_by_customers {
                        if !self.says_something(s, what, example) {
                            continue;
                        }
                    }
                    *slot = Some(s.value.clone());
                }
                AttrValue::Name(n) => self.report(
                    Diagnostic::error(
                        ErrorCode::UnknownValue,
                        format!("`{name}` takes a quoted text"),
                        n.span,
                    )
                    .with_label("not quoted")
                    .with_help(format!("write `{name} \"{}\"`", n.name)),
                ),
            }
        }
        Some(info)
    }

    /// Declarations that only make sense inside a recipient, and policy-wide `allow`s.
    fn top_level(&mut self) -> Vec<ir::Allow> {
        let mut allows = Vec::new();
        for decl in self.decls() {
            match decl {
                Decl::Share(rule) => self.report(
                    Diagnostic::error(
                        ErrorCode::ShareOutsideRecipient,
                        "`share` is only allowed inside a recipient",
                        rule.keyword,
                    )
                    .with_label("outside any recipient")
                    .with_help(
                        "move this line into the `recipient` that should receive the data; \
                         at the top level only `never share ... to ...` is allowed",
                    ),
                ),
                Decl::Allow(allow) => {
                    if let Some(a) = self.allow(allow) {
                        allows.push(a);
                    }
                }
                _ => {}
            }
        }
        allows
    }

    /// Checks an `allow` line: a known lint and a reason. The two are independent mistakes and
    /// are both reported.
    fn allow(&mut self, allow: &AllowRule) -> Option<ir::Allow> {
        let name = allow.lint.name.as_str();
        let known = self.lints.contains(&name);
        if !known {
            let help = suggest::help(name, self.lints.iter().copied()).unwrap_or_else(|| {
                "an `allow` names a lint as `shareguard check` shows it next to a warning; \
                 docs/lints.md lists them all"
                    .into()
            });
            self.report(
                Diagnostic::error(
                    ErrorCode::UnknownLint,
                    format!("there is no lint named `{name}`"),
                    allow.lint.span,
                )
                .with_label("unknown lint")
                .with_help(help),
            );
        }
        let Some(reason) = &allow.reason else {
            self.report(
                Diagnostic::error(
                    ErrorCode::AllowWithoutReason,
                    format!("`allow {name}` needs a reason"),
                    allow.span,
                )
                .with_label("no reason given")
                .with_help(format!(
                    "say why the warning does not apply, for the people who review the policy: \
                     allow {name} \"...\""
                )),
            );
            return None;
        };
        let explained = self.says_something(
            reason,
            "the reason for this `allow`",
            &format!("allow {name} \"Consent is collected by phone\""),
        );
        if !known || !explained {
            return None;
        }
        Some(ir::Allow {
            lint: name.to_string(),
            reason: reason.value.clone(),
            loc: self.loc(allow.span, allow.lint.span),
        })
    }
}

/// A field type in words, with an article: "a number", "text", "a list of ...".
pub(crate) fn type_words(ty: &ir::FieldType) -> String {
    use ir::FieldType;
    match ty {
        FieldType::Text => "text".into(),
        FieldType::Number => "a number".into(),
        FieldType::Integer => "a whole number".into(),
        FieldType::Bool => "true or false".into(),
        FieldType::Date => "a date".into(),
        FieldType::Enum { .. } => ty.describe(),
        FieldType::Object { .. } => "a group of fields".into(),
        FieldType::List { .. } => format!("a {}", ty.describe()),
    }
}

/// The attributes of the `policy` header.
const HEADER_ATTRIBUTES: [&str; 5] = ["version", "owner", "controller", "contact", "opt_out"];

/// The header's attributes that `notice` shows customers: what each is, and an example.
const CUSTOMER_FACING: [(&str, &str, &str); 3] = [
    (
        "controller",
        "who is responsible for the data (`controller`)",
        "controller \"Acme Dining Group, Inc., 100 Harbor Drive, Tampa, FL 33602\"",
    ),
    (
        "contact",
        "where customers write about their data (`contact`)",
        "contact \"privacy@acme-dining.example\"",
    ),
    (
        "opt_out",
        "the opt-out page (`opt_out`)",
        "opt_out \"https://acme-dining.example/privacy/do-not-sell\"",
    ),
];

pub(crate) fn duplicate_attribute(name: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        ErrorCode::DuplicateAttribute,
        format!("`{name}` is given twice"),
        span,
    )
    .with_label("given again here")
    .with_secondary(first, "first given here")
    .with_help(format!("keep one `{name}` line"))
}

pub(crate) fn duplicate_name(what: &str, name: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        ErrorCode::DuplicateName,
        format!("{what} `{name}` is declared twice"),
        span,
    )
    .with_label("declared again here")
    .with_secondary(first, "first declared here")
    .with_help(format!("rename one of them, or merge them into one {what}"))
}
