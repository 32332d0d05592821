//! What the checker says about one version of a document: its diagnostics (exactly those of
//! `shareguard check`) and a model of its names for navigation, hover and completion.
//!
//! The model is the checked IR with every name's definition and every mention of it. The IR
//! exists only for a file without errors, and while someone types, the file usually has one.
//! So for a file with errors the model is *salvaged*: the declarations that hold an error are
//! blanked out (each of their characters but line breaks becomes a space, so every offset
//! stays where it was) and the rest is checked again, up to [`SALVAGE_ROUNDS`] times (removing
//! a broken recipient makes the examples that name it errors in turn). A broken `record` or
//! `policy` header leaves no model of its own: the model of the last version that had no
//! errors stands in, its spans moved by what was inserted or deleted before them (the text
//! both versions begin and end with is compared; names in between are left out). Only a
//! document opened with a broken record has no model until the record is fixed.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use super::document::Text;
use crate::diagnostic::Report;
use crate::ir::{Ir, Target};
use crate::lint::LintOptions;
use crate::span::{SourceFile, Span};
use crate::syntax::ast::Decl;
use crate::syntax::lex::TokenKind;

/// How many times a file with errors is checked again with its broken declarations removed.
pub const SALVAGE_ROUNDS: usize = 4;

/// The checker's findings for one version of a document.
#[derive(Debug)]
pub struct Analysis {
    /// Every error and warning, as `shareguard check` reports them.
    pub report: Report,
    /// The IR, when the text has no errors.
    ir: Option<Ir>,
    /// The last version of the document without errors, if this one has some.
    last_good: Option<Rc<LastGood>>,
    model: OnceCell<Option<Model>>,
}

/// A version of a document that had no errors: its text and its IR.
#[derive(Debug)]
pub struct LastGood {
    pub text: String,
    pub ir: Ir,
}

impl Analysis {
    /// Checks a document's text; `last_good` is the last version of it without errors.
    pub fn new(text: &Text, last_good: Option<Rc<LastGood>>) -> Analysis {
        let source = SourceFile::new(text.name(), text.text.clone());
        let compiled = crate::policy::compile(source, &LintOptions::default());
        Analysis {
            report: compiled.report,
            last_good: if compiled.ir.is_some() {
                None
            } else {
                last_good
            },
            ir: compiled.ir,
            model: OnceCell::new(),
        }
    }

    /// The IR, when the text has no errors.
    pub fn into_ir(self) -> Option<Ir> {
        self.ir
    }

    /// The file as it was checked.
    pub fn source(&self) -> &Arc<SourceFile> {
        &self.report.source
    }

    /// The names of the policy, if enough of it checks to know them.
    pub fn model(&self) -> Option<&Model> {
        self.model
            .get_or_init(|| {
                if let Some(ir) = &self.ir {
                    return Some(Model::new(ir.clone()));
                }
                if let Some(ir) = salvage(&self.report) {
                    return Some(Model::new(ir));
                }
                let good = self.last_good.as_ref()?;
                let mut model = Model::new(good.ir.clone());
                model.move_to(&good.text, self.report.source.text());
                Some(model)
            })
            .as_ref()
    }
}

/// A name written in the policy: where, what it stands for, and whether it is the declaration.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub span: Span,
    pub target: Target,
    pub definition: bool,
}

/// The checked policy and where each of its names is written.
#[derive(Debug)]
pub struct Model {
    pub ir: Ir,
    pub schema: crate::semantics::schema::Schema,
    /// Declarations and mentions, in no particular order.
    pub occurrences: Vec<Occurrence>,
}

impl Model {
    fn new(ir: Ir) -> Model {
        let mut occurrences = Vec::new();
        let mut define = |span: Span, target: Target| {
            if !span.is_empty() {
                occurrences.push(Occurrence {
                    span,
                    target,
                    definition: true,
                });
            }
        };
        for field in ir.all_fields() {
            define(field.loc.span, Target::Field(field.path.clone()));
        }
        for group in &ir.groups {
            define(group.loc.span, Target::Group(group.name.clone()));
        }
        for category in &ir.categories {
            if let Some(loc) = &category.loc {
                define(loc.span, Target::Category(category.name.clone()));
            }
        }
        for recipient in &ir.recipients {
            define(
                recipient.loc.span,
                Target::Recipient(recipient.name.clone()),
            );
        }
        occurrences.extend(ir.references.iter().map(|r| Occurrence {
            span: r.span,
            target: r.target.clone(),
            definition: false,
        }));
        Model {
            schema: crate::semantics::schema::Schema::new(&ir.record),
            ir,
            occurrences,
        }
    }

    /// Moves the spans of names from `old` to `new`, the same document after some edits: names
    /// in the text both begin with stay, names in the text both end with move by the change in
    /// length, and names in between are dropped.
    fn move_to(&mut self, old: &str, new: &str) {
        let prefix = old
            .bytes()
            .zip(new.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old
            .bytes()
            .rev()
            .zip(new.bytes().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        let old_tail = old.len() - suffix;
        let new_tail = new.len() - suffix;
        self.occurrences.retain_mut(|o| {
            if o.span.end <= prefix {
                true
            } else if o.span.start >= old_tail {
                o.span = Span::new(
                    o.span.start - old_tail + new_tail,
                    o.span.end - old_tail + new_tail,
                );
                true
            } else {
                false
            }
        });
    }

    /// The name at `offset` (a cursor just after a name is on it): for a field path, the
    /// segment under the cursor and the field it names (`address` in `address.zip`).
    pub fn at(&self, text: &str, offset: usize) -> Option<Occurrence> {
        let found = self
            .occurrences
            .iter()
            .filter(|o| o.span.start <= offset && offset <= o.span.end)
            .min_by_key(|o| o.span.len())?;
        if found.definition {
            return Some(found.clone());
        }
        let Target::Field(_) = &found.target else {
            return Some(found.clone());
        };
        let written = text.get(found.span.start..found.span.end)?;
        let mut start = found.span.start;
        for (index, segment) in written.split('.').enumerate() {
            let end = start + segment.len();
            if offset <= end {
                let path: Vec<&str> = written.split('.').take(index + 1).collect();
                return Some(Occurrence {
                    span: Span::new(start, end),
                    target: Target::Field(path.join(".")),
                    definition: false,
                });
            }
            start = end + 1;
        }
        Some(found.clone())
    }

    /// Every place `target` is declared or named. A field is also named by the paths through
    /// it (`address` in `address.zip`); the span is then that segment.
    pub fn occurrences_of(&self, text: &str, target: &Target) -> Vec<Occurrence> {
        let mut found = Vec::new();
        for o in &self.occurrences {
            match (&o.target, target) {
                (Target::Field(written), Target::Field(wanted)) if !o.definition => {
                    if let Some(span) = segment_span(text, o.span, written, wanted) {
                        found.push(Occurrence {
                            span,
                            target: target.clone(),
                            definition: false,
                        });
                    }
                }
                (a, b) if a == b => found.push(o.clone()),
                _ => {}
            }
        }
        found.sort_by_key(|o| o.span.start);
        found
    }
}

/// Where, in a path `written` at `span`, the field `wanted` (the path or a prefix of it) is
/// named: its last segment.
fn segment_span(text: &str, span: Span, written: &str, wanted: &str) -> Option<Span> {
    let rest = written.strip_prefix(wanted)?;
    if !(rest.is_empty() || rest.starts_with('.')) {
        return None;
    }
    // Only a path written out in full can be cut into segments by its text.
    if text.get(span.start..span.end)? != written {
        return (rest.is_empty()).then_some(span);
    }
    let end = span.start + wanted.len();
    let start = wanted
        .rfind('.')
        .map_or(span.start, |dot| span.start + dot + 1);
    Some(Span::new(start, end))
}

/// The IR of a file with errors, with its broken declarations blanked out (see the module's
/// documentation).
fn salvage(report: &Report) -> Option<Ir> {
    let name = report.source.name().to_string();
    let mut text = report.source.text().to_string();
    let mut errors: Vec<Span> = error_spans(report);
    for _ in 0..SALVAGE_ROUNDS {
        let source = SourceFile::new(name.clone(), text.clone());
        let parsed = crate::syntax::parse(&source);
        let decls = &parsed.file.decls;
        let broken = |d: &Decl| {
            let span = d.span();
            errors
                .iter()
                .any(|e| span.start <= e.start && e.start <= span.end)
        };
        // The names of what goes (and of what did not parse) take the declarations that name
        // them along, which would otherwise be errors of the next round.
        let mut gone: HashSet<&str> = parsed.broken.names.iter().map(String::as_str).collect();
        gone.extend(decls.iter().filter(|d| broken(d)).filter_map(declared_name));
        let keep: Vec<Span> = decls
            .iter()
            .filter(|d| !broken(d) && !names_any(&text, d.span(), &gone))
            .map(Decl::span)
            .collect();
        if keep.len() == decls.len() && !has_gaps(&text, &keep) {
            return None;
        }
        text = blank_outside(&text, &keep)?;
        let compiled = crate::policy::compile(
            SourceFile::new(name.clone(), text.clone()),
            &LintOptions::default(),
        );
        if compiled.ir.is_some() {
            return compiled.ir;
        }
        errors = error_spans(&compiled.report);
    }
    None
}

/// The name a declaration gives to a recipient, group or category.
fn declared_name(decl: &Decl) -> Option<&str> {
    match decl {
        Decl::Recipient(r) => Some(&r.name.name),
        Decl::Group(g) => Some(&g.name.name),
        Decl::Category(c) => Some(&c.name.name),
        _ => None,
    }
}

/// Whether a word in `span` is one of `names`.
fn names_any(text: &str, span: Span, names: &HashSet<&str>) -> bool {
    !names.is_empty()
        && crate::syntax::lex::tokens_from(text, span.start)
            .take_while(|t| t.start < span.end)
            .any(|t| t.kind == TokenKind::Word && names.contains(t.text(text)))
}

fn error_spans(report: &Report) -> Vec<Span> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.primary_span())
        .collect()
}

/// Which bytes of `text` lie inside one of the spans.
fn coverage(text: &str, keep: &[Span]) -> Vec<bool> {
    let mut covered = vec![false; text.len()];
    for span in keep {
        if let Some(bytes) = covered.get_mut(span.start..span.end.min(text.len())) {
            bytes.fill(true);
        }
    }
    covered
}

/// Whether anything but blank space and comments lies outside the kept declarations.
fn has_gaps(text: &str, keep: &[Span]) -> bool {
    let covered = coverage(text, keep);
    crate::syntax::lex::tokens(text)
        .filter(|t| !t.is_trivia())
        .any(|t| !covered.get(t.start).copied().unwrap_or(false))
}

/// `text` with every character outside `keep` but line breaks replaced by spaces (one per
/// byte, so offsets do not move).
fn blank_outside(text: &str, keep: &[Span]) -> Option<String> {
    let covered = coverage(text, keep);
    let bytes: Vec<u8> = text
        .bytes()
        .zip(covered)
        .map(|(b, kept)| if kept || b == b'\n' { b } else { b' ' })
        .collect();
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_recipient_leaves_the_rest_of_the_model() {
        let policy = "policy \"p\" {\n  version \"1\"\n}\n\
                      record c key id {\n  id: text\n  address: { zip: text }\n}\n\
                      recipient a \"A\" {\n  kind vendor\n  purpose \"p\"\n  share address.zip\n}\n\
                      recipient b \"B\" {\n  kind vendor\n  purpose \"p\"\n  share nosuch\n}\n\
                      example \"e\" {\n  given { \"id\": \"1\", \"address\": { \"zip\": \"1\" } }\n  expect b gets nothing\n}\n";
        let text = Text::new("file:///p.share".parse().unwrap(), 1, policy.into());
        let analysis = Analysis::new(&text, None);
        assert!(analysis.report.errors() > 0);
        let model = analysis.model().unwrap();
        assert!(model.ir.recipient("a").is_some());
        assert!(model.ir.recipient("b").is_none());
        // `zip` in `address.zip` is the field `address.zip`; `address` is `address`.
        let zip = policy.find("address.zip").unwrap();
        let at = model.at(policy, zip + 9).unwrap();
        assert_eq!(at.target, Target::Field("address.zip".into()));
        assert_eq!(&policy[at.span.start..at.span.end], "zip");
        let at = model.at(policy, zip + 2).unwrap();
        assert_eq!(at.target, Target::Field("address".into()));
        let uses = model.occurrences_of(policy, &Target::Field("address".into()));
        let texts: Vec<&str> = uses
            .iter()
            .map(|o| &policy[o.span.start..o.span.end])
            .collect();
        assert_eq!(texts, ["address", "address"]);
    }

    #[test]
    fn a_broken_record_borrows_the_names_of_the_last_good_version() {
        let good = "policy \"p\" {\n  version \"1\"\n}\n\
                    record c key id {\n  id: text\n  email: text\n}\n\
                    recipient a \"A\" {\n  kind vendor\n  purpose \"p\"\n  share email\n}\n";
        let uri: lsp_types::Uri = "file:///p.share".parse().unwrap();
        let first = Analysis::new(&Text::new(uri.clone(), 1, good.into()), None);
        let last_good = Rc::new(LastGood {
            text: good.into(),
            ir: first.into_ir().unwrap(),
        });
        // A field being typed into the record: `ph` has no type yet.
        let broken = good.replace("  email: text\n", "  email: text\n  ph\n");
        let analysis = Analysis::new(&Text::new(uri, 2, broken.clone()), Some(last_good));
        assert!(analysis.report.errors() > 0);
        let model = analysis.model().unwrap();
        let email = broken.rfind("email").unwrap();
        let at = model.at(&broken, email + 2).unwrap();
        assert_eq!(at.target, Target::Field("email".into()));
        assert_eq!(&broken[at.span.start..at.span.end], "email");
    }
}
