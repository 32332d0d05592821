//! Fields in words: a field's label, the field as a phrase in a sentence, and a value's form.
//!
//! The label is the plain-language name the policy gives a field (LANGUAGE.md section 2). A
//! field without one is named by its name with spaces (`do_not_sell` → "do not sell"), after
//! the label of the field it is inside when that has one ("Restaurant visits: amount"): no
//! identifier ever reaches a customer. A yes/no field's label says something about the
//! customer ("asked us not to sell their data"), and is said to them: "you asked us not to
//! sell your data" (the word lists are in the wording file).
//!
//! This decides nothing about what is shared: callers pass the field and the form.

use super::{Arg, Words, lower_first, upper_first};
use crate::ir::{Field, FieldType, Form, Ir};

/// How a yes/no field reads as a statement about the customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YesNo {
    /// A label that starts with a known verb: "agreed to ..." → yes: "agreed to ...",
    /// no: "have not agreed to ...".
    Said { yes: String, no: String },
    /// Any other label, quoted as written.
    Quoted(String),
}

/// Field labels and phrases for one policy in one wording.
#[derive(Debug)]
pub struct Labels<'a> {
    ir: &'a Ir,
    words: &'a Words,
}

impl<'a> Labels<'a> {
    pub fn new(ir: &'a Ir, words: &'a Words) -> Labels<'a> {
        Labels { ir, words }
    }

    pub fn words(&self) -> &'a Words {
        self.words
    }

    /// The fields from the top of the record down to `path`'s field (empty if unknown).
    fn chain(&self, path: &str) -> Vec<&'a Field> {
        let mut fields = self.ir.record.fields.as_slice();
        let mut chain = Vec::new();
        for segment in path.split('.') {
            let Some(field) = fields.iter().find(|f| f.name == segment) else {
                return Vec::new();
            };
            fields = field.ty.children();
            chain.push(field);
        }
        chain
    }

    /// The field's label, for a list or a table: its own, or its name with spaces after the
    /// label (or name) of the field it is inside.
    pub fn label(&self, path: &str) -> String {
        let chain = self.chain(path);
        let Some((leaf, parents)) = chain.split_last() else {
            return spaced(path);
        };
        if let Some(label) = own_label(leaf) {
            return label.to_string();
        }
        match parents.last() {
            Some(parent) => self.words.say(
                "field-in",
                &[
                    ("parent", Arg::Text(self.label(&parent.path))),
                    ("field", Arg::Text(spaced(&leaf.name))),
                ],
            ),
            None => upper_first(&spaced(&leaf.name)),
        }
    }

    /// The field's type, if the policy declares the field.
    pub fn field_type(&self, path: &str) -> Option<&'a FieldType> {
        self.chain(path).last().map(|f| &f.ty)
    }

    /// Whether the field is a yes/no field.
    pub fn is_yes_no(&self, path: &str) -> bool {
        self.chain(path)
            .last()
            .is_some_and(|f| matches!(f.ty, FieldType::Bool))
    }

    /// The field as a phrase in a sentence: "your email address", "the amount of your
    /// restaurant visits", "whether you agreed to receive marketing".
    pub fn phrase(&self, path: &str) -> String {
        let chain = self.chain(path);
        let Some((leaf, parents)) = chain.split_last() else {
            return self.your(&spaced(path));
        };
        if matches!(leaf.ty, FieldType::Bool) {
            return match self.yes_no(path) {
                YesNo::Said { yes, .. } => self
                    .words
                    .say("yes-no-field", &[("phrase", Arg::Text(yes))]),
                YesNo::Quoted(label) => self
                    .words
                    .say("yes-no-field-quoted", &[("label", Arg::Text(label))]),
            };
        }
        if let Some(label) = own_label(leaf) {
            return self.your(&lower_first(label));
        }
        match parents.last().and_then(|p| own_label(p).map(|l| (p, l))) {
            Some((_, parent)) => self.words.say(
                "field-of",
                &[
                    ("field", Arg::Text(spaced(&leaf.name))),
                    ("parent", Arg::Text(lower_first(parent))),
                ],
            ),
            None => self.your(&spaced(&leaf.name)),
        }
    }

    fn your(&self, label: &str) -> String {
        self.words
            .say("your", &[("label", Arg::Text(label.to_string()))])
    }

    /// A value of the field in a form, in words: "a coded (hashed) form of your email address".
    pub fn form(&self, path: &str, form: &Form) -> String {
        let field = Arg::Text(self.phrase(path));
        let number = |n: String| Arg::Number(n);
        match form {
            Form::Raw => self.words.say("form-raw", &[("field", field)]),
            Form::Hashed => self.words.say("form-hashed", &[("field", field)]),
            Form::Masked => self.words.say("form-masked", &[("field", field)]),
            Form::First(n) => self
                .words
                .say("form-first", &[("field", field), ("n", Arg::from(*n))]),
            Form::Year => self.words.say("form-year", &[("field", field)]),
            Form::AgeBand => self.words.say("form-age-band", &[("field", field)]),
            Form::RoundedTo(n) => self.words.say(
                "form-rounded",
                &[
                    ("field", field),
                    ("n", number(crate::ir::format_number(n.get()))),
                ],
            ),
        }
    }

    /// Fields as phrases, for a sentence: a field with a label whose fields are all among
    /// `paths` is named once ("your restaurant visits"), the others one by one, in
    /// declaration order.
    pub fn phrases(&self, paths: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        self.collect(
            &self.ir.record.fields,
            &|f| paths.contains(&f.path),
            &mut |path| {
                out.push(self.phrase(path));
            },
        );
        out
    }

    /// Fields in their forms, as phrases for a sentence ("your first name", "a coded (hashed)
    /// form of your email address"), in declaration order: a field with a label whose fields
    /// are all among `shared` in one form is named once ("your mailing address"), the others
    /// one by one.
    pub fn forms(&self, shared: &[(String, Form)]) -> Vec<String> {
        let form_of = |path: &str| shared.iter().find(|(p, _)| p == path).map(|(_, f)| f);
        let mut out = Vec::new();
        self.forms_in(&self.ir.record.fields, &form_of, &mut out);
        out
    }

    fn forms_in<'f>(
        &self,
        fields: &[Field],
        form_of: &dyn Fn(&str) -> Option<&'f Form>,
        out: &mut Vec<String>,
    ) {
        for field in fields {
            if field.ty.is_leaf() {
                if let Some(form) = form_of(&field.path) {
                    out.push(self.form(&field.path, form));
                }
                continue;
            }
            if own_label(field).is_some() {
                let mut leaves = Vec::new();
                leaf_paths(field, &mut leaves);
                let forms: Vec<Option<&Form>> = leaves.iter().map(|l| form_of(l)).collect();
                if let Some(Some(first)) = forms.first() {
                    if forms.iter().all(|f| *f == Some(*first)) {
                        out.push(self.form(&field.path, first));
                        continue;
                    }
                }
            }
            self.forms_in(field.ty.children(), form_of, out);
        }
    }

    /// The labels of the fields in a category (`None`: in no category), for a list: a field
    /// with a label whose fields are all in it is named once; a yes/no field by its phrase
    /// ("Whether you agreed to ...").
    pub fn tagged(&self, category: Option<&str>) -> Vec<String> {
        let within = |f: &Field| match category {
            Some(c) => f.tags.iter().any(|t| t == c),
            None => f.ty.is_leaf() && f.tags.is_empty(),
        };
        let mut out = Vec::new();
        self.collect(&self.ir.record.fields, &within, &mut |path| {
            out.push(if self.is_yes_no(path) {
                upper_first(&self.phrase(path))
            } else {
                self.label(path)
            });
        });
        out
    }

    /// Walks the fields: `found` gets each labelled field all of whose leaves are `within`,
    /// or else each leaf that is.
    fn collect(
        &self,
        fields: &[Field],
        within: &dyn Fn(&Field) -> bool,
        found: &mut dyn FnMut(&str),
    ) {
        for field in fields {
            if field.ty.is_leaf() {
                if within(field) {
                    found(&field.path);
                }
                continue;
            }
            if own_label(field).is_some() && all_leaves(field, within) {
                found(&field.path);
            } else {
                self.collect(field.ty.children(), within, found);
            }
        }
    }

    /// A field in a form, short, for the data map: "Email address (hashed)".
    pub fn form_short(&self, path: &str, form: &Form) -> String {
        let (name, n) = match form {
            Form::Raw => ("raw", None),
            Form::Hashed => ("hashed", None),
            Form::Masked => ("masked", None),
            Form::First(n) => ("first", Some(n.to_string())),
            Form::Year => ("year", None),
            Form::AgeBand => ("age_band", None),
            Form::RoundedTo(n) => ("rounded", Some(crate::ir::format_number(n.get()))),
        };
        let mut args = vec![
            ("form", Arg::Text(name.to_string())),
            ("label", Arg::Text(self.label(path))),
        ];
        if let Some(n) = n {
            args.push(("n", Arg::Number(n)));
        }
        self.words.say("map-field", &args)
    }

    /// A yes/no field as a statement about the customer, to follow "you".
    pub fn yes_no(&self, path: &str) -> YesNo {
        let label = self
            .chain(path)
            .last()
            .and_then(|f| own_label(f))
            .map_or_else(
                || spaced(path.rsplit('.').next().unwrap_or(path)),
                str::to_string,
            );
        let label = self.to_you(&label);
        let (first, rest) = match label.split_once(char::is_whitespace) {
            Some((first, rest)) => (first, format!(" {rest}")),
            None => (label.as_str(), String::new()),
        };
        let word = Arg::Text(first.to_lowercase());
        let yes = self.words.say("you-verb", &[("word", word.clone())]);
        let no = self.words.say("you-verb-not", &[("word", word)]);
        if yes.is_empty() || no.is_empty() {
            return YesNo::Quoted(label);
        }
        YesNo::Said {
            yes: format!("{yes}{rest}"),
            no: format!("{no}{rest}"),
        }
    }

    /// A label about the customer, said to them: "their" → "your", "them" → "you".
    fn to_you(&self, label: &str) -> String {
        let mut out = String::with_capacity(label.len());
        for (i, word) in label.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let end = word
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_alphanumeric())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let (bare, punctuation) = word.split_at(end);
            let swapped = self
                .words
                .say("to-you", &[("word", Arg::Text(bare.to_lowercase()))]);
            if swapped.is_empty() {
                out.push_str(word);
            } else {
                out.push_str(&swapped);
                out.push_str(punctuation);
            }
        }
        out
    }

    /// Whether a date field is the customer's date of birth, so that `age(...)` reads as
    /// "you are ...": its name or label speaks of birth.
    pub fn is_birth_date(&self, path: &str) -> bool {
        let Some(field) = self.chain(path).last().copied() else {
            return false;
        };
        let name = field.name.to_lowercase();
        let label = field.label.as_deref().unwrap_or("").to_lowercase();
        name.contains("birth") || name == "dob" || label.contains("birth")
    }
}

fn all_leaves(field: &Field, within: &dyn Fn(&Field) -> bool) -> bool {
    if field.ty.is_leaf() {
        return within(field);
    }
    field.ty.children().iter().all(|f| all_leaves(f, within))
}

fn leaf_paths<'f>(field: &'f Field, out: &mut Vec<&'f str>) {
    if field.ty.is_leaf() {
        out.push(&field.path);
        return;
    }
    for child in field.ty.children() {
        leaf_paths(child, out);
    }
}

fn own_label(field: &Field) -> Option<&str> {
    field.label.as_deref().filter(|l| !l.trim().is_empty())
}

/// A name as words: `do_not_sell` → "do not sell", `address.zip` → "address zip".
pub fn spaced(name: &str) -> String {
    name.split(['_', '.'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
