//! Recipients: their attributes, `share` and `never` rules, obligations, and top-level `never`
//! rules (LANGUAGE.md sections 2, 4 and 6).

use std::collections::HashMap;

use super::{Checker, duplicate_attribute, duplicate_name, suggest};
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::ir::{self, Basis, Form, NeverScope, RecipientKind};
use crate::span::Span;
use crate::syntax::ast::*;
use crate::syntax::print;

const ATTRIBUTES: [&str; 6] = ["kind", "purpose", "basis", "contract", "brand", "parent"];
const RULE_WORDS: [&str; 5] = ["share", "never", "notify", "delete", "allow"];

/// The attributes of one recipient as read so far.
#[derive(Default)]
struct Attributes {
    kind: Option<RecipientKind>,
    purpose: Option<String>,
    basis: Option<Basis>,
    contract: Option<String>,
    brand: Option<String>,
    parent: Option<String>,
    /// An attribute was present but wrong (already reported): do not also say it is missing.
    kind_reported: bool,
    purpose_reported: bool,
}

impl Checker<'_> {
    /// Collects recipient names, reporting duplicates and names that clash with a kind.
    pub(super) fn recipient_names(&mut self) {
        for decl in self.decls() {
            let Decl::Recipient(r) = decl else { continue };
            let name = &r.name.name;
            if let Some(&first) = self.recipient_names.get(name) {
                self.report(duplicate_name("recipient", name, r.name.span, first));
                continue;
            }
            if RecipientKind::parse(name).is_some() {
                self.report(
                    Diagnostic::error(
                        ErrorCode::NameClash,
                        format!(
                            "a recipient cannot be named `{name}`, which is a kind of recipient"
                        ),
                        r.name.span,
                    )
                    .with_label("same as a kind")
                    .with_help(format!(
                        "`never share ... to {name}` would mean every {name}; give the recipient \
                         its own name, such as `{name}_co`"
                    )),
                );
            }
            self.recipient_names.insert(name.clone(), r.name.span);
        }
    }

    /// Checks every recipient, in file order. Duplicates are checked but left out.
    pub(super) fn recipients(&mut self) -> Vec<Option<ir::Recipient>> {
        let mut seen: HashMap<&str, ()> = HashMap::new();
        let mut out = Vec::new();
        for decl in self.decls() {
            let Decl::Recipient(r) = decl else { continue };
            let checked = self.recipient(r);
            if seen.insert(r.name.name.as_str(), ()).is_none() {
                out.push(checked);
            }
        }
        out
    }

    fn recipient(&mut self, decl: &RecipientDecl) -> Option<ir::Recipient> {
        let mut attrs = Attributes::default();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut shares = Vec::new();
        let mut nevers = Vec::new();
        let mut obligations = Vec::new();
        let mut allows = Vec::new();
        let mut ok = true;
        let mut notify_span: Option<Span> = None;
        let mut delete_span: Option<Span> = None;
        for item in &decl.items {
            match item {
                RecipientItem::Attribute(attr) => {
                    let name = attr.name.name.as_str();
                    if ATTRIBUTES.contains(&name) {
                        if let Some(first) = seen.insert(name, attr.span) {
                            self.report(duplicate_attribute(name, attr.span, first));
                            ok = false;
                            continue;
                        }
                    }
                    ok &= self.recipient_attribute(attr, &mut attrs);
                }
                RecipientItem::Share(rule) => match self.share_rule(rule) {
                    Some(checked) => shares.push((checked, rule)),
                    None => ok = false,
                },
                RecipientItem::Never(rule) => {
                    if let Some(to) = &rule.to {
                        let span = to
                            .iter()
                            .map(RecipientSelector::span)
                            .reduce(Span::join)
                            .unwrap_or(rule.span);
                        self.report(
                            Diagnostic::error(
                                ErrorCode::NeverWithTo,
                                "inside a recipient, `never share` applies to that recipient \
                                 and takes no `to`",
                                span,
                            )
                            .with_label("not allowed here")
                            .with_help(
                                "remove `to ...`, or move the rule to the top level of the file",
                            ),
                        );
                        ok = false;
                    }
                    match self.never_rule(rule, NeverScope::Recipient) {
                        Some(rule) => nevers.push(rule),
                        None => ok = false,
                    }
                }
                RecipientItem::Notify(rule) => {
                    if let Some(first) = notify_span.replace(rule.span) {
                        self.report(duplicate_attribute("notify", rule.span, first));
                        ok = false;
                    }
                    if let Some(message) = &rule.message {
                        ok &= self.says_something(
                            message,
                            "the message of this `notify`",
                            "notify \"We shared your address with PrintMail Co.\" within 30 days",
                        );
                    }
                    match self.days(&rule.days, "notify") {
                        Some(within_days) => obligations.push(ir::Obligation::Notify {
                            message: rule.message.as_ref().map(|m| m.value.clone()),
                            within_days,
                            loc: self.loc(rule.span, rule.span),
                        }),
                        None => ok = false,
                    }
                }
                RecipientItem::Delete(rule) => {
                    if let Some(first) = delete_span.replace(rule.span) {
                        self.report(duplicate_attribute("delete after", rule.span, first));
                        ok = false;
                    }
                    match self.days(&rule.days, "delete after") {
                        Some(after_days) => obligations.push(ir::Obligation::Delete {
                            after_days,
                            loc: self.loc(rule.span, rule.span),
                        }),
                        None => ok = false,
                    }
                }
                RecipientItem::Allow(allow) => match self.allow(allow) {
                    Some(a) => allows.push(a),
                    None => ok = false,
                },
            }
        }
        ok &= self.one_form_per_field(&shares);
        if attrs.kind.is_none() && !attrs.kind_reported {
            self.report(
                Diagnostic::error(
                    ErrorCode::MissingKind,
                    format!("the recipient `{}` has no `kind`", decl.name.name),
                    decl.name.span,
                )
                .with_label("kind missing")
                .with_help(
                    "add a line `kind vendor`, `kind affiliate`, `kind partner` or `kind buyer`",
                ),
            );
        }
        if attrs.purpose.is_none() && !attrs.purpose_reported {
            self.report(
                Diagnostic::error(
                    ErrorCode::MissingPurpose,
                    format!("the recipient `{}` has no `purpose`", decl.name.name),
                    decl.name.span,
                )
                .with_label("purpose missing")
                .with_help("say why the data goes there, for example: purpose \"Print and mail our catalogs\""),
            );
        }
        let (kind, purpose) = (attrs.kind?, attrs.purpose?);
        if !ok {
            return None;
        }
        Some(ir::Recipient {
            name: decl.name.name.clone(),
            display_name: decl.display_name.as_ref().map(|s| s.value.clone()),
            kind,
            purpose,
            basis: attrs.basis,
            contract: attrs.contract,
            brand: attrs.brand,
            parent: attrs.parent,
            shares: shares.into_iter().map(|(rule, _)| rule).collect(),
            nevers,
            obligations,
            allows,
            loc: self.loc(decl.span, decl.name.span),
            attribute_spans: decl
                .items
                .iter()
                .filter_map(|item| match item {
                    RecipientItem::Attribute(a) => Some((a.name.name.clone(), self.trim(a.span))),
                    _ => None,
                })
                .collect(),
        })
    }

    /// Reads one attribute into `attrs`; returns false after reporting a problem.
    fn recipient_attribute(&mut self, attr: &Attribute, attrs: &mut Attributes) -> bool {
        let name = attr.name.name.as_str();
        match name {
            "kind" => {
                let value = self.named_value(attr, &RecipientKind::ALL.map(RecipientKind::as_str));
                attrs.kind_reported = value.is_none();
                attrs.kind = value.and_then(RecipientKind::parse);
                attrs.kind.is_some()
            }
            "basis" => {
                let value = self.named_value(attr, &Basis::ALL.map(Basis::as_str));
                attrs.basis = value.and_then(Basis::parse);
                attrs.basis.is_some()
            }
            "purpose" | "contract" | "brand" | "parent" => {
                let Some(text) = self.text_value(attr) else {
                    attrs.purpose_reported |= name == "purpose";
                    return false;
                };
                let slot = match name {
                    "purpose" => &mut attrs.purpose,
                    "contract" => &mut attrs.contract,
                    "brand" => &mut attrs.brand,
                    _ => &mut attrs.parent,
                };
                *slot = Some(text);
                true
            }
            _ => {
                let candidates = ATTRIBUTES.iter().chain(RULE_WORDS.iter()).copied();
                self.report(
                    Diagnostic::error(
                        ErrorCode::UnknownAttribute,
                        format!("a recipient has no attribute or rule `{name}`"),
                        attr.name.span,
                    )
                    .with_label("not understood")
                    .with_help(suggest::help(name, candidates).unwrap_or_else(|| {
                        "a recipient takes kind, purpose, basis, contract, brand, parent, share, \
                         never share, notify, delete after and allow"
                            .into()
                    })),
                );
                false
            }
        }
    }

    /// The value of `kind` or `basis`: a bare word from `allowed`.
    fn named_value<'v>(&mut self, attr: &'v Attribute, allowed: &[&str]) -> Option<&'v str> {
        let name = attr.name.name.as_str();
        let listed = allowed.join(", ");
        match &attr.value {
            AttrValue::Name(value) if allowed.contains(&value.name.as_str()) => {
                Some(value.name.as_str())
            }
            AttrValue::Name(value) => {
                self.report(
                    Diagnostic::error(
                        ErrorCode::UnknownValue,
                        format!("`{}` is not a {name} the language knows", value.name),
                        value.span,
                    )
                    .with_label(format!("unknown {name}"))
                    .with_help(
                        suggest::help(&value.name, allowed.iter().copied())
                            .unwrap_or_else(|| format!("the {name}s are: {listed}")),
                    ),
                );
                None
            }
            AttrValue::Text(text) => {
                let help = if allowed.contains(&text.value.as_str()) {
                    format!("write it without quotes: `{name} {}`", text.value)
                } else {
                    format!("write one of: {listed}, without quotes")
                };
                self.report(
                    Diagnostic::error(
                        ErrorCode::UnknownValue,
                        format!("`{name}` takes one of the words {listed}"),
                        text.span,
                    )
                    .with_label("quoted text")
                    .with_help(help),
                );
                None
            }
        }
    }

    /// The value of a text attribute such as `purpose`.
    fn text_value(&mut self, attr: &Attribute) -> Option<String> {
        match &attr.value {
            AttrValue::Text(text) => {
                let name = attr.name.name.as_str();
                let example = match name {
                    "purpose" => "purpose \"Print and mail our catalogs\"",
                    "contract" => "contract \"MSA-2026-014\"",
                    "brand" => "brand \"Trattoria Bella\"",
                    "parent" => "parent \"Acme Dining Group\"",
                    _ => "\"...\"",
                };
                self.says_something(text, &format!("the `{name}`"), example)
                    .then(|| text.value.clone())
            }
            AttrValue::Name(word) => {
                let name = &attr.name.name;
                self.report(
                    Diagnostic::error(
                        ErrorCode::UnknownValue,
                        format!("`{name}` takes a quoted text"),
                        word.span,
                    )
                    .with_label("not quoted")
                    .with_help(format!("write `{name} \"{}\"`", word.name)),
                );
                None
            }
        }
    }

    /// A number of days: a positive whole number.
    fn days(&mut self, days: &NumLit, rule: &str) -> Option<u32> {
        let ok = days.value >= 1.0 && days.value.fract() == 0.0 && days.value <= 36_500.0;
        if ok {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "a whole number from 1 to 36,500 (checked above)"
            )]
            let days = days.value as u32;
            return Some(days);
        }
        self.report(
            Diagnostic::error(
                ErrorCode::BadDays,
                format!("`{rule}` needs a whole number of days from 1 to 36500"),
                days.span,
            )
            .with_label(format!("{} days", days.text))
            .with_help(if rule == "notify" {
                "write a whole number of days, such as `within 30 days`"
            } else {
                "write a whole number of days, such as `delete after 30 days`"
            }),
        );
        None
    }

    pub(super) fn share_rule(&mut self, rule: &ShareRule) -> Option<ir::ShareRule> {
        let mut items = Vec::new();
        let mut ok = true;
        for item in &rule.items {
            match self.share_item(item) {
                Some(i) => items.push(i),
                None => ok = false,
            }
        }
        let when = self.clause(rule.when.as_ref());
        let unless = self.clause(rule.unless.as_ref());
        let allows = self.rule_allows(&rule.allows);
        if !ok {
            return None;
        }
        Some(ir::ShareRule {
            text: print::share_rule(rule),
            items,
            when: when.ok()?,
            unless: unless.ok()?,
            allows: allows?,
            loc: self.loc(rule.span, share_head(rule)),
        })
    }

    /// One item of a `share` rule or of an expectation.
    pub(super) fn share_item(&mut self, item: &ShareItem) -> Option<ir::ShareItem> {
        let leaves = self.selector_leaves(&item.selector);
        let form = self.form(item.transform.as_ref());
        let (leaves, form) = (leaves?, form?);
        if !self.check_form_fits(&form, &leaves, item) {
            return None;
        }
        Some(ir::ShareItem {
            selector: print::selector(&item.selector),
            form,
            fields: leaves,
            span: self.trim(item.span),
            selector_span: self.trim(item.selector.span()),
        })
    }

    fn rule_allows(&mut self, allows: &[AllowRule]) -> Option<Vec<ir::Allow>> {
        let checked: Vec<Option<ir::Allow>> = allows.iter().map(|a| self.allow(a)).collect();
        checked.into_iter().collect()
    }

    fn never_rule(&mut self, rule: &NeverRule, scope: NeverScope) -> Option<ir::NeverRule> {
        let mut fields = Vec::new();
        let mut ok = true;
        for selector in &rule.selectors {
            match self.selector_leaves(selector) {
                Some(leaves) => super::selector::extend_unique(&mut fields, leaves),
                None => ok = false,
            }
        }
        let when = self.clause(rule.when.as_ref());
        let unless = self.clause(rule.unless.as_ref());
        let allows = self.rule_allows(&rule.allows);
        if !ok {
            return None;
        }
        Some(ir::NeverRule {
            text: print::never_rule(rule),
            scope,
            fields,
            raw: rule.raw.is_some(),
            when: when.ok()?,
            unless: unless.ok()?,
            allows: allows?,
            loc: self.loc(rule.span, never_head(rule)),
        })
    }

    /// Within one recipient, a field is shared in one form only.
    fn one_form_per_field(&mut self, shares: &[(ir::ShareRule, &ShareRule)]) -> bool {
        // The first item (and its span) that shared each leaf.
        let mut first: HashMap<&str, (&Form, usize, usize)> = HashMap::new();
        // Conflicts grouped by the pair of items involved.
        let mut conflicts: Vec<Conflict<'_>> = Vec::new();
        for (r, (rule, _)) in shares.iter().enumerate() {
            for (i, item) in rule.items.iter().enumerate() {
                for leaf in &item.fields {
                    match first.get(leaf.as_str()) {
                        None => {
                            first.insert(leaf, (&item.form, r, i));
                        }
                        Some((form, fr, fi)) if **form != item.form => {
                            let key = ((*fr, *fi), (r, i));
                            match conflicts.iter_mut().find(|(a, b, _)| (*a, *b) == key) {
                                Some((_, _, leaves)) => leaves.push(leaf),
                                None => conflicts.push((key.0, key.1, vec![leaf])),
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        for ((fr, fi), (r, i), leaves) in &conflicts {
            let (Some((first_rule, first_ast)), Some((rule, ast))) =
                (shares.get(*fr), shares.get(*r))
            else {
                continue;
            };
            let (Some(first_item), Some(item)) = (first_rule.items.get(*fi), rule.items.get(*i))
            else {
                continue;
            };
            let first_span = first_ast.items.get(*fi).map_or(first_ast.span, |i| i.span);
            let span = ast.items.get(*i).map_or(ast.span, |i| i.span);
            let fields = leaves
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let what = if leaves.len() == 1 { "is" } else { "are" };
            self.report(
                Diagnostic::error(
                    ErrorCode::TwoForms,
                    format!(
                        "{fields} {what} shared in two forms to the same recipient: {} and {}",
                        describe_form(&first_item.form),
                        describe_form(&item.form)
                    ),
                    span,
                )
                .with_label(format!("shared {} here", describe_form(&item.form)))
                .with_secondary(
                    first_span,
                    format!("shared {} here", describe_form(&first_item.form)),
                )
                .with_help(
                    "a recipient receives each field in one form only: keep one of the two, or \
                     exclude the field from one selector",
                ),
            );
        }
        conflicts.is_empty()
    }

    /// Attaches each top-level `never` rule to every recipient it reaches.
    pub(super) fn top_level_nevers(&mut self, recipients: &mut [Option<ir::Recipient>]) {
        for decl in self.decls() {
            let Decl::Never(rule) = decl else { continue };
            let targets = match &rule.to {
                None => {
                    self.report(
                        Diagnostic::error(
                            ErrorCode::NeverWithoutTo,
                            "a `never share` at the top level must say `to` whom",
                            rule.span,
                        )
                        .with_label("no `to`")
                        .with_help(
                            "add `to` and recipients, kinds or `everyone`, as in \
                             `never share [sensitive] to buyer`",
                        ),
                    );
                    None
                }
                Some(list) => self.recipient_targets(list),
            };
            let checked = self.never_rule(rule, NeverScope::Policy);
            let (Some(targets), Some(checked)) = (targets, checked) else {
                continue;
            };
            for recipient in recipients.iter_mut().flatten() {
                if targets.matches(&recipient.name, recipient.kind) {
                    recipient.nevers.push(checked.clone());
                }
            }
        }
        for recipient in recipients.iter_mut().flatten() {
            recipient.nevers.sort_by_key(|n| (n.loc.line, n.loc.column));
        }
    }

    /// Resolves the recipients after `to`.
    fn recipient_targets(&mut self, list: &[RecipientSelector]) -> Option<Targets> {
        let mut targets = Targets::default();
        let mut ok = true;
        for selector in list {
            match selector {
                RecipientSelector::Everyone(_) => targets.everyone = true,
                RecipientSelector::Name(name) => {
                    if let Some(kind) = RecipientKind::parse(&name.name) {
                        self.refer(name.span, ir::Target::Kind(kind));
                        targets.kinds.push(kind);
                    } else if self.recipient_names.contains_key(&name.name) {
                        self.refer(name.span, ir::Target::Recipient(name.name.clone()));
                        targets.names.push(name.name.clone());
                    } else if !self.parsed.broken.names.contains(&name.name) {
                        self.unknown_recipient(name, true);
                        ok = false;
                    } else {
                        ok = false;
                    }
                }
            }
        }
        ok.then_some(targets)
    }

    pub(super) fn unknown_recipient(&mut self, name: &Ident, kinds_allowed: bool) {
        let mut candidates: Vec<String> = self.recipient_names.keys().cloned().collect();
        candidates.sort();
        if kinds_allowed {
            candidates.extend(RecipientKind::ALL.map(|k| k.as_str().to_string()));
            candidates.push("everyone".into());
        }
        let help =
            suggest::help(&name.name, candidates.iter().map(String::as_str)).unwrap_or_else(|| {
                if kinds_allowed {
                    "name a recipient declared in this file, a kind (vendor, affiliate, partner, \
                     buyer) or `everyone`"
                        .into()
                } else {
                    let mut names: Vec<&str> =
                        self.recipient_names.keys().map(String::as_str).collect();
                    names.sort_unstable();
                    match names.as_slice() {
                        [] => "this file declares no recipients yet".into(),
                        few if few.len() <= 8 => {
                            format!("the recipients in this file are: {}", few.join(", "))
                        }
                        _ => "name a recipient declared in this file".into(),
                    }
                }
            });
        self.report(
            Diagnostic::error(
                ErrorCode::UnknownRecipient,
                format!("there is no recipient named `{}`", name.name),
                name.span,
            )
            .with_label("unknown recipient")
            .with_help(help),
        );
    }
}

/// Two items (rule index, item index) that share the listed fields in different forms.
type Conflict<'a> = ((usize, usize), (usize, usize), Vec<&'a str>);

/// Who a top-level `never` reaches.
#[derive(Default)]
struct Targets {
    everyone: bool,
    kinds: Vec<RecipientKind>,
    names: Vec<String>,
}

impl Targets {
    fn matches(&self, name: &str, kind: RecipientKind) -> bool {
        self.everyone || self.kinds.contains(&kind) || self.names.iter().any(|n| n == name)
    }
}

fn describe_form(form: &Form) -> String {
    match form {
        Form::Raw => "as it is".into(),
        other => format!("as {other}"),
    }
}

/// A share rule's words up to the end of its condition, without the `allow` lines after it.
fn share_head(rule: &ShareRule) -> Span {
    rule.items
        .iter()
        .map(|i| i.span)
        .chain(rule.when.iter().map(|e| e.span))
        .chain(rule.unless.iter().map(|e| e.span))
        .fold(rule.keyword, Span::join)
}

/// A never rule's words up to the end of its condition.
fn never_head(rule: &NeverRule) -> Span {
    rule.selectors
        .iter()
        .map(FieldSelector::span)
        .chain(rule.raw)
        .chain(rule.to.iter().flatten().map(RecipientSelector::span))
        .chain(rule.when.iter().map(|e| e.span))
        .chain(rule.unless.iter().map(|e| e.span))
        .fold(rule.keyword, Span::join)
}
