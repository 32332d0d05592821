//! The checked intermediate form (IR): what the runtime executes, without the source.
//!
//! The IR is self-contained and versioned. Every name is resolved: selectors are expanded to
//! the leaf fields they cover, groups and categories are gone from rules, top-level `never`
//! rules are attached to each recipient they reach, and every rule keeps the source location
//! it came from so an audit trail can cite `file:line`. `shareguard compile` prints it as JSON;
//! `shareguard apply` accepts that JSON in place of the `.share` file.
//!
//! Field paths are dotted strings (`address.zip`, `visits.amount`); a path runs through a list
//! when one of its prefixes is a list of objects.
//!
//! Source spans: a policy checked from its text keeps, beside each `loc`, the byte span that a
//! message about the construct underlines ([`Loc::span`], [`ShareItem::span`],
//! [`Condition::span`], [`Ir::references`]), so that lints and the language server work on the
//! IR alone. Spans are not part of the JSON form: an IR read from a file has empty spans.
//!
//! Version history: 1, the first; 2 (shareguard 0.2) keeps the JSON of version 1 unchanged but
//! checks `rounded to` steps (finite and above zero) when it is read. An IR file says which
//! version it is, and a runtime reads only its own.
//!
//! Language 1.1 added to version 2 without a bump, because every IR written before reads, and
//! means, exactly what it did: a `never` rule's `raw` ([`NeverRule::raw`]) and a `notify`
//! without a message ([`Obligation::Notify`]'s `message`) are written only when used, as a key
//! an older runtime does not know (`"raw": true`) or lacks (`message`), so it refuses such a
//! file instead of misreading it.

#![deny(missing_docs)]

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// The IR format's name, written first in every IR file.
pub const IR_FORMAT: &str = "shareguard-ir";
/// Bumped whenever the IR changes in a way an older runtime would misread.
pub const IR_VERSION: u32 = 2;

/// A checked policy: everything the runtime needs, every name resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ir {
    /// Always [`IR_FORMAT`].
    pub format: String,
    /// The IR version this file follows ([`IR_VERSION`] when written by this shareguard).
    pub version: u32,
    /// The policy file the IR was compiled from.
    pub source: Source,
    /// The `policy` header.
    pub policy: PolicyInfo,
    /// Every category: the built-in ones, then those the policy declares.
    pub categories: Vec<Category>,
    /// The `record` declaration.
    pub record: RecordSchema,
    /// The policy's groups, expanded to leaf fields.
    pub groups: Vec<Group>,
    /// The recipients, in the order the policy declares them.
    pub recipients: Vec<Recipient>,
    /// The policy's examples.
    pub examples: Vec<Example>,
    /// Policy-wide lint suppressions (`allow` at the top level).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
    /// Every name the policy mentions, resolved, with where it is written: for lints (which
    /// groups and categories are used) and the language server (definitions and references).
    /// Not part of the JSON form.
    #[serde(skip)]
    pub references: Vec<Reference>,
}

/// Where a policy came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The file name as it was given to the checker.
    pub file: String,
    /// SHA-256 of the policy text, so an audit can tie outputs to the exact policy.
    pub sha256: String,
}

/// A place in the policy file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loc {
    /// The policy file's name.
    pub file: String,
    /// The line where the construct starts, from 1.
    pub line: usize,
    /// The column where the construct starts, from 1, in characters.
    pub column: usize,
    /// The words a message about the construct underlines: a rule up to the end of its
    /// condition, a recipient's, group's, category's or field's name, an `allow`'s lint name.
    /// Empty in an IR read from JSON; never part of equality.
    #[serde(skip)]
    pub span: Span,
}

/// A name written in the policy and what it was resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Where the name is written.
    pub span: Span,
    /// What it names.
    pub target: Target,
}

/// What a name in the policy stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A field, by dotted path.
    Field(String),
    /// A group, by name.
    Group(String),
    /// A category, by name (built in or declared).
    Category(String),
    /// A recipient, by name.
    Recipient(String),
    /// Every recipient of a kind.
    Kind(RecipientKind),
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The `policy` header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyInfo {
    /// The policy's title, after `policy`.
    pub title: String,
    /// `version "..."`, for the people who keep the policy.
    pub version: Option<String>,
    /// `owner "..."`, for the people who keep the policy.
    pub owner: Option<String>,
    /// Who is responsible for the data, with an address (`controller`): shown by `notice`.
    /// Left out of the JSON when absent, so an IR without it reads as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// Where customers write about their data (`contact`): shown by `notice`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The page where a customer opts out of the sale or sharing of their data (`opt_out`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
}

/// A category of data: a tag fields carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The tag, as written in brackets.
    pub name: String,
    /// What the category is, in words (`category health "Health information"`).
    pub label: Option<String>,
    /// Whether it is one of the language's built-in categories.
    pub builtin: bool,
    /// Where a declared category was declared; `None` for built-in ones.
    pub loc: Option<Loc>,
}

/// The `record` declaration: the shape of every customer record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSchema {
    /// The record's name (`record customer`).
    pub name: String,
    /// The field that identifies a record in logs (`key id`).
    pub key: Option<String>,
    /// The top-level fields, in declaration order.
    pub fields: Vec<Field>,
}

/// One declared field, with its full path and its effective categories (its own tags and those
/// of every object it is inside).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The field's own name.
    pub name: String,
    /// The dotted path from the top of the record (`address.zip`).
    pub path: String,
    /// The declared type.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Whether a record may lack it or hold `null` (`?` after the type).
    pub optional: bool,
    /// Its categories, with those of the objects it is inside.
    pub tags: Vec<String>,
    /// Its name in plain words, for notices.
    pub label: Option<String>,
    /// Where it is declared; the span is its name.
    pub loc: Loc,
}

/// A field's declared type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldType {
    /// `text`: a JSON string.
    Text,
    /// `number`: any JSON number.
    Number,
    /// `integer`: a whole JSON number.
    Integer,
    /// `bool`: `true` or `false`.
    Bool,
    /// `date`: a JSON string `YYYY-MM-DD` that is a real calendar date.
    Date,
    /// `one of "a", "b"`: a JSON string among these values.
    Enum {
        /// The allowed values, as declared.
        values: Vec<String>,
    },
    /// `{ fields }`: a JSON object.
    Object {
        /// The fields inside, in declaration order.
        fields: Vec<Field>,
    },
    /// `list of TYPE`: a JSON array.
    List {
        /// The type of each element.
        element: Box<FieldType>,
    },
}

impl FieldType {
    /// A leaf is what a rule shares as a unit: anything but an object or a list of objects.
    pub fn is_leaf(&self) -> bool {
        match self {
            FieldType::Object { .. } => false,
            FieldType::List { element } => element.is_leaf(),
            _ => true,
        }
    }

    /// The fields directly inside an object, or inside each element of a list of objects.
    pub fn children(&self) -> &[Field] {
        match self {
            FieldType::Object { fields } => fields,
            FieldType::List { element } => element.children(),
            _ => &[],
        }
    }

    /// How the type is written in the language.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Number => "number".into(),
            FieldType::Integer => "integer".into(),
            FieldType::Bool => "bool".into(),
            FieldType::Date => "date".into(),
            FieldType::Enum { values } => {
                let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                format!("one of {}", quoted.join(", "))
            }
            FieldType::Object { .. } => "a group of fields { ... }".into(),
            FieldType::List { element } => format!("list of {}", element.describe_short()),
        }
    }

    fn describe_short(&self) -> String {
        match self {
            FieldType::Object { .. } => "{ ... }".into(),
            FieldType::Enum { .. } => "one of ...".into(),
            other => other.describe(),
        }
    }
}

/// A named list of field selectors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's name.
    pub name: String,
    /// The leaf fields the group covers, in declaration order.
    pub fields: Vec<String>,
    /// Where it is declared; the span is its name.
    pub loc: Loc,
}

/// What kind of party a recipient is (LANGUAGE.md, the table at the top).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// A service provider working for us under contract.
    Vendor,
    /// Another business unit or brand of the same company.
    Affiliate,
    /// A company we run a joint program with.
    Partner,
    /// Anyone we sell customer data to.
    Buyer,
}

impl RecipientKind {
    /// Every kind, in the order notices list them.
    pub const ALL: [RecipientKind; 4] = [
        RecipientKind::Vendor,
        RecipientKind::Affiliate,
        RecipientKind::Partner,
        RecipientKind::Buyer,
    ];

    /// As written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::Vendor => "vendor",
            RecipientKind::Affiliate => "affiliate",
            RecipientKind::Partner => "partner",
            RecipientKind::Buyer => "buyer",
        }
    }

    /// The kind written `name`, if there is one.
    pub fn parse(name: &str) -> Option<RecipientKind> {
        RecipientKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// The legal basis for a disclosure (`basis ...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The customer agreed.
    Consent,
    /// A contract with the customer requires it.
    Contract,
    /// Our legitimate interest.
    LegitimateInterest,
    /// A law requires it.
    LegalObligation,
}

impl Basis {
    /// Every basis.
    pub const ALL: [Basis; 4] = [
        Basis::Consent,
        Basis::Contract,
        Basis::LegitimateInterest,
        Basis::LegalObligation,
    ];

    /// As written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Consent => "consent",
            Basis::Contract => "contract",
            Basis::LegitimateInterest => "legitimate_interest",
            Basis::LegalObligation => "legal_obligation",
        }
    }

    /// The basis written `name`, if there is one.
    pub fn parse(name: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A party that may receive customer data, with its rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// The name rules and outputs use (`list_broker`).
    pub name: String,
    /// The name people know it by (`"ListBroker Inc."`).
    pub display_name: Option<String>,
    /// What kind of party it is.
    pub kind: RecipientKind,
    /// What it receives data for, as written.
    pub purpose: String,
    /// The legal basis, if given.
    pub basis: Option<Basis>,
    /// The contract's reference, if given.
    pub contract: Option<String>,
    /// The brand customers know an affiliate by.
    pub brand: Option<String>,
    /// Whom the recipient belongs to.
    pub parent: Option<String>,
    /// Its `share` rules.
    pub shares: Vec<ShareRule>,
    /// The recipient's own `never` rules and every top-level one that reaches it.
    pub nevers: Vec<NeverRule>,
    /// What it must do with what it receives.
    pub obligations: Vec<Obligation>,
    /// Lint suppressions written inside the recipient.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
    /// Where it is declared; the span is its name.
    pub loc: Loc,
    /// Where each attribute (`brand`, `purpose`, ...) is written, by attribute name. Not part
    /// of the JSON form.
    #[serde(skip)]
    pub attribute_spans: Vec<(String, Span)>,
}

impl Recipient {
    /// The name customers and lawyers know the recipient by.
    pub fn title(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.name)
    }

    /// Where the attribute `name` is written, in a policy checked from its text.
    pub fn attribute_span(&self, name: &str) -> Option<Span> {
        self.attribute_spans
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, span)| *span)
    }
}

/// One `share` rule, its selectors expanded to leaf fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareRule {
    /// The rule as written, in canonical layout, for audit trails and `explain`.
    pub text: String,
    /// What it shares.
    pub items: Vec<ShareItem>,
    /// `when COND`: the rule applies only when this is true.
    pub when: Option<Condition>,
    /// `unless COND`: the rule applies only when this is false.
    pub unless: Option<Condition>,
    /// Lint suppressions written after the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
    /// Where it is written; the span runs from `share` to the end of its condition.
    pub loc: Loc,
}

/// One item of a `share` rule (or of an expectation): a selector as written, the form it is
/// shared in, and the leaf fields it covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareItem {
    /// The selector as written (`mailing_address`, `[sensitive]`, `all`, `address.zip`).
    pub selector: String,
    /// The form the fields are shared in.
    pub form: Form,
    /// The leaf fields the selector covers, in declaration order.
    pub fields: Vec<String>,
    /// The item as written, transform included (`email as hashed`). Not part of the JSON form.
    #[serde(skip)]
    pub span: Span,
    /// The selector alone (`email`). Not part of the JSON form.
    #[serde(skip)]
    pub selector_span: Span,
}

/// A leaf field and the form it is shared in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// The leaf field's path.
    pub field: String,
    /// The form.
    pub form: Form,
}

/// How a value is shared.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// As it is.
    Raw,
    /// `hashed`: lowercase hex SHA-256 of the normalised text.
    Hashed,
    /// `masked`: all but the last four characters replaced by `*`.
    Masked,
    /// `first N`: the first N characters.
    First(u32),
    /// `year`: the year of a date.
    Year,
    /// `age_band`: the age range on the evaluation date.
    AgeBand,
    /// `rounded to N`: the nearest multiple of N, halves away from zero.
    RoundedTo(Step),
}

/// The step of `rounded to`: a finite number above zero. Because it can be nothing else (no
/// NaN, no `-0.0`), equal steps have equal bits, so `Eq` and `Hash` are honest.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Step(f64);

impl Step {
    /// The step, if `value` is finite and above zero.
    pub fn new(value: f64) -> Option<Step> {
        (value.is_finite() && value > 0.0).then_some(Step(value))
    }

    /// The step as a number.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Eq for Step {}

impl std::hash::Hash for Step {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl TryFrom<f64> for Step {
    type Error = String;

    fn try_from(value: f64) -> Result<Step, String> {
        Step::new(value).ok_or_else(|| format!("`rounded to {value}` needs a number above zero"))
    }
}

impl From<Step> for f64 {
    fn from(step: Step) -> f64 {
        step.0
    }
}

impl std::fmt::Display for Form {
    /// As written after `as` in a policy; `raw` for an untransformed value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Form::Raw => f.write_str("raw"),
            Form::Hashed => f.write_str("hashed"),
            Form::Masked => f.write_str("masked"),
            Form::First(n) => write!(f, "first {n}"),
            Form::Year => f.write_str("year"),
            Form::AgeBand => f.write_str("age_band"),
            Form::RoundedTo(n) => write!(f, "rounded to {}", format_number(n.get())),
        }
    }
}

/// A number in a condition: a whole number within 64 bits (signed or unsigned) exactly, any
/// other as a float, so that `n > 9007199254740992` is decided exactly on an `integer` field
/// (a float holds whole numbers exactly only up to 2^53). Equality and order are by value,
/// exactly: `1` equals `1.0`, and `9007199254740993` is above `9007199254740992.0`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Num {
    /// A whole number within `i64`.
    Int(i64),
    /// A whole number above `i64::MAX` only.
    UInt(u64),
    /// Any other number.
    Float(f64),
}

impl Num {
    /// A number as written in a policy (`-?[0-9]+(\.[0-9]+)?`).
    pub fn parse(text: &str) -> Option<Num> {
        if !text.contains('.') {
            if let Ok(i) = text.parse::<i64>() {
                return Some(Num::Int(i));
            }
            if let Ok(u) = text.parse::<u64>() {
                return Some(Num::UInt(u));
            }
        }
        text.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Num::Float)
    }

    /// A number read from a record.
    pub fn of_json(n: &serde_json::Number) -> Option<Num> {
        if let Some(i) = n.as_i64() {
            return Some(Num::Int(i));
        }
        if let Some(u) = n.as_u64() {
            return Some(Num::UInt(u));
        }
        n.as_f64().map(Num::Float)
    }

    /// The number as a float (whole numbers beyond 2^53 rounded).
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::UInt(u) => u as f64,
            Num::Float(f) => f,
        }
    }

    /// The number as a whole number, when it is one of the whole kinds.
    fn whole(self) -> Option<i128> {
        match self {
            Num::Int(i) => Some(i.into()),
            Num::UInt(u) => Some(u.into()),
            Num::Float(_) => None,
        }
    }

    /// Compares the two numbers exactly (no rounding of either to the other's kind); `None`
    /// only for NaN, which no JSON or policy number is.
    pub fn compare(self, other: Num) -> Option<std::cmp::Ordering> {
        match (self.whole(), other.whole()) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            (Some(a), None) => whole_float(a, other.as_f64()),
            (None, Some(b)) => whole_float(b, self.as_f64()).map(std::cmp::Ordering::reverse),
            (None, None) => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.compare(*other) == Some(std::cmp::Ordering::Equal)
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<std::cmp::Ordering> {
        self.compare(*other)
    }
}

/// Compares a whole number (of at most 64 bits) with a float exactly.
fn whole_float(i: i128, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    // 2^64: every whole number here is below it, and every float at least as large is above.
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    if f.is_nan() {
        return None;
    }
    if f >= LIMIT {
        return Some(Ordering::Less);
    }
    if f <= -LIMIT {
        return Some(Ordering::Greater);
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "`f` is within ±2^64 (checked above), so its whole part fits an i128 exactly"
    )]
    let whole = f.trunc() as i128;
    let fraction = f.fract();
    let by_fraction = if fraction > 0.0 {
        Ordering::Less
    } else if fraction < 0.0 {
        Ordering::Greater
    } else {
        Ordering::Equal
    };
    Some(i.cmp(&whole).then(by_fraction))
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(i) => write!(f, "{i}"),
            Num::UInt(u) => write!(f, "{u}"),
            Num::Float(x) => f.write_str(&format_number(*x)),
        }
    }
}

/// A number as the policy would write it: no `.0` on whole numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a whole number below 1e15 fits an i64 exactly"
        )]
        let whole = n as i64;
        format!("{whole}")
    } else {
        format!("{n}")
    }
}

/// One `never share` rule as it applies to one recipient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeverRule {
    /// The rule as written, in canonical layout.
    pub text: String,
    /// Whether the rule was written at the top level (for several recipients) or inside the
    /// recipient.
    pub scope: NeverScope,
    /// The leaf fields it covers.
    pub fields: Vec<String>,
    /// `never share ... raw`: the rule covers only the untransformed form of its fields; a
    /// `share` of them with a transform is unaffected. Left out of the JSON when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw: bool,
    /// `when COND`: the rule applies unless this is false.
    pub when: Option<Condition>,
    /// `unless COND`: the rule applies unless this is true.
    pub unless: Option<Condition>,
    /// Lint suppressions written after the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
    /// Where it is written; the span runs from `never` to the end of its condition.
    pub loc: Loc,
}

/// Where a `never` rule is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeverScope {
    /// Inside the recipient it applies to.
    Recipient,
    /// At the top level, for the recipients after `to`.
    Policy,
}

/// What a recipient must do with what it receives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Obligation {
    /// `notify ["message"] within N days`: the customer must be told.
    Notify {
        /// What the customer is told, as written; `None` (no `message` in the JSON) when the
        /// policy leaves it out and the message is generated for each record from what that
        /// record sent (`words::notify`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        /// Within how many days.
        within_days: u32,
        /// Where it is written.
        loc: Loc,
    },
    /// `delete after N days`: the recipient must delete its copy.
    Delete {
        /// After how many days.
        after_days: u32,
        /// Where it is written.
        loc: Loc,
    },
}

impl Obligation {
    /// Where the obligation is written.
    pub fn loc(&self) -> &Loc {
        match self {
            Obligation::Notify { loc, .. } | Obligation::Delete { loc, .. } => loc,
        }
    }

    /// How the obligation reads in a report.
    pub fn describe(&self) -> String {
        match self {
            Obligation::Notify {
                message: Some(message),
                within_days,
                ..
            } => format!("notify the customer within {within_days} days: {message:?}"),
            Obligation::Notify {
                message: None,
                within_days,
                ..
            } => format!(
                "notify the customer within {within_days} days of what this record sent to the \
                 recipient"
            ),
            Obligation::Delete { after_days, .. } => {
                format!("recipient deletes its copy after {after_days} days")
            }
        }
    }
}

/// A lint suppression with its reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The lint's name.
    pub lint: String,
    /// Why the warning does not apply, as written.
    pub reason: String,
    /// Where it is written; the span is the lint's name.
    pub loc: Loc,
}

/// A typed condition. Every field it reads is a path that does not run through a list.
///
/// In JSON a condition is its [`ConditionKind`] alone: the span is not written. Two conditions
/// are equal when they test the same thing, wherever and however they are written.
#[derive(Clone, Debug)]
pub struct Condition {
    /// What the condition tests.
    pub kind: ConditionKind,
    /// Where it is written, without surrounding parentheses. Never part of equality.
    pub span: Span,
    /// Whether the author wrote it in parentheses (`(a or b) and c`).
    pub parenthesized: bool,
}

impl Condition {
    /// A condition that was not written anywhere (built by a program, or read from JSON).
    pub fn new(kind: ConditionKind) -> Condition {
        Condition {
            kind,
            span: Span::default(),
            parenthesized: false,
        }
    }
}

impl PartialEq for Condition {
    fn eq(&self, other: &Condition) -> bool {
        self.kind == other.kind
    }
}

impl From<ConditionKind> for Condition {
    fn from(kind: ConditionKind) -> Condition {
        Condition::new(kind)
    }
}

impl Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.kind.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Condition, D::Error> {
        ConditionKind::deserialize(deserializer).map(Condition::new)
    }
}

/// The tests a condition is made of (LANGUAGE.md section 5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum ConditionKind {
    /// `true` or `false` written as a condition.
    Constant {
        /// Which.
        value: bool,
    },
    /// A yes/no field written alone: `consent.sale`.
    IsTrue {
        /// The field's path.
        field: String,
    },
    /// `not COND`.
    Not {
        /// The condition negated.
        arg: Box<Condition>,
    },
    /// `A and B and ...`.
    And {
        /// The conditions, in order.
        args: Vec<Condition>,
    },
    /// `A or B or ...`.
    Or {
        /// The conditions, in order.
        args: Vec<Condition>,
    },
    /// `LEFT OP RIGHT`.
    Compare {
        /// The operator.
        cmp: CmpOp,
        /// The left operand.
        left: Operand,
        /// The right operand.
        right: Operand,
    },
    /// `OPERAND in [...]` or `OPERAND not in [...]`.
    In {
        /// The value tested.
        operand: Operand,
        /// The list.
        values: Vec<Literal>,
        /// `not in`.
        negated: bool,
    },
    /// `FIELD is missing`.
    IsMissing {
        /// The field's path.
        field: String,
    },
    /// `FIELD is present`.
    IsPresent {
        /// The field's path.
        field: String,
    },
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpOp {
    /// `==`
    #[serde(rename = "==")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// As written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Whether it compares by order (`< <= > >=`), which needs numbers or dates.
    pub fn is_ordering(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }

    /// `a OP b` as `b OP' a`.
    #[must_use]
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    /// `not (a OP b)` as `a OP' b`.
    #[must_use]
    pub fn negate(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }
}

/// A value inside a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Operand {
    /// A field's value.
    Field {
        /// The field's path (never through a list).
        path: String,
    },
    /// A fixed value.
    Literal {
        /// The value.
        value: Literal,
    },
    /// The evaluation date.
    Today,
    /// A function of another operand.
    Call {
        /// The function.
        function: Function,
        /// Its argument.
        arg: Box<Operand>,
    },
}

/// A function of the condition language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// `age(date)`: whole years on the evaluation date.
    Age,
    /// `days_since(date)`: days until the evaluation date.
    DaysSince,
    /// `count(list)`: the number of elements.
    Count,
    /// `lower(text)`: the text in lowercase.
    Lower,
}

impl Function {
    /// Every function.
    pub const ALL: [Function; 4] = [
        Function::Age,
        Function::DaysSince,
        Function::Count,
        Function::Lower,
    ];

    /// As written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            Function::Age => "age",
            Function::DaysSince => "days_since",
            Function::Count => "count",
            Function::Lower => "lower",
        }
    }

    /// The function named `name`, if there is one.
    pub fn parse(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// A fixed value in a condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Literal {
    /// A quoted text.
    Text(String),
    /// A number.
    Number(Num),
    /// `YYYY-MM-DD`
    Date(String),
    /// `true` or `false`.
    Bool(bool),
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Text(s) => write!(f, "{}", serde_json::Value::String(s.clone())),
            Literal::Number(n) => write!(f, "{n}"),
            Literal::Date(d) => f.write_str(d),
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl std::fmt::Display for Operand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Operand::Field { path } => f.write_str(path),
            Operand::Literal { value } => write!(f, "{value}"),
            Operand::Today => f.write_str("today"),
            Operand::Call { function, arg } => write!(f, "{}({arg})", function.as_str()),
        }
    }
}

impl Condition {
    /// Binding strength, for printing with only the parentheses that are needed.
    fn precedence(&self) -> u8 {
        match self.kind {
            ConditionKind::Or { .. } => 1,
            ConditionKind::And { .. } => 2,
            ConditionKind::Not { .. } => 3,
            _ => 4,
        }
    }

    fn write_child(&self, child: &Condition, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if child.precedence() <= self.precedence() && child.precedence() < 4 {
            write!(f, "({child})")
        } else {
            write!(f, "{child}")
        }
    }
}

impl std::fmt::Display for Condition {
    /// In the policy language's own syntax.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ConditionKind::Constant { value } => write!(f, "{value}"),
            ConditionKind::IsTrue { field } => f.write_str(field),
            ConditionKind::Not { arg } => {
                f.write_str("not ")?;
                if arg.precedence() < 3 {
                    write!(f, "({arg})")
                } else {
                    write!(f, "{arg}")
                }
            }
            ConditionKind::And { args } | ConditionKind::Or { args } => {
                let joiner = if matches!(self.kind, ConditionKind::And { .. }) {
                    " and "
                } else {
                    " or "
                };
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(joiner)?;
                    }
                    self.write_child(arg, f)?;
                }
                Ok(())
            }
            ConditionKind::Compare { cmp, left, right } => {
                write!(f, "{left} {} {right}", cmp.as_str())
            }
            ConditionKind::In {
                operand,
                values,
                negated,
            } => {
                let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                let not = if *negated { "not " } else { "" };
                write!(f, "{operand} {not}in [{}]", values.join(", "))
            }
            ConditionKind::IsMissing { field } => write!(f, "{field} is missing"),
            ConditionKind::IsPresent { field } => write!(f, "{field} is present"),
        }
    }
}

/// An executable example from the policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The example's name.
    pub name: String,
    /// `as of DATE`: the evaluation date.
    pub as_of: Option<String>,
    /// The record it applies the policy to.
    pub given: serde_json::Value,
    /// What each recipient named must get.
    pub expects: Vec<Expectation>,
    /// Where it is written; the span is its name.
    pub loc: Loc,
}

/// `expect RECIPIENT gets ...`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The recipient's name.
    pub recipient: String,
    /// What it must get.
    pub gets: Gets,
    /// Where it is written.
    pub loc: Loc,
}

/// What an expectation says a recipient gets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gets {
    /// `gets nothing`.
    Nothing,
    /// The leaf fields and forms, before narrowing to what the given record holds.
    Fields(Vec<ShareItem>),
    /// `gets exactly { JSON }`.
    Exactly(serde_json::Value),
}

impl Ir {
    /// The record's fields, depth first, with the list-of-object nesting flattened.
    pub fn all_fields(&self) -> Vec<&Field> {
        fn walk<'a>(fields: &'a [Field], out: &mut Vec<&'a Field>) {
            for field in fields {
                out.push(field);
                walk(field.ty.children(), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.record.fields, &mut out);
        out
    }

    /// The field with this dotted path.
    pub fn field(&self, path: &str) -> Option<&Field> {
        let mut fields = self.record.fields.as_slice();
        let mut found = None;
        for segment in path.split('.') {
            let field = fields.iter().find(|f| f.name == segment)?;
            fields = field.ty.children();
            found = Some(field);
        }
        found
    }

    /// The recipient named `name`.
    pub fn recipient(&self, name: &str) -> Option<&Recipient> {
        self.recipients.iter().find(|r| r.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::Num::{self, Float, Int};
    use std::cmp::Ordering::{self, *};

    fn cmp(a: Num, b: Num) -> Option<Ordering> {
        a.compare(b)
    }

    #[test]
    fn whole_numbers_compare_exactly_beyond_two_to_the_53() {
        let two_53 = 9_007_199_254_740_992_i64;
        assert_eq!(cmp(Int(two_53 + 1), Int(two_53)), Some(Greater));
        assert_eq!(cmp(Int(two_53 + 1), Float(two_53 as f64)), Some(Greater));
        assert_eq!(cmp(Float(two_53 as f64), Int(two_53 + 1)), Some(Less));
        assert_eq!(cmp(Int(two_53), Float(two_53 as f64)), Some(Equal));
        assert_eq!(cmp(Int(i64::MAX), Float(2f64.powi(63))), Some(Less));
        assert_eq!(cmp(Int(i64::MIN), Float(-(2f64.powi(63)))), Some(Equal));
        assert_eq!(cmp(Int(i64::MIN), Float(-1e300)), Some(Greater));
        assert_eq!(
            cmp(Num::UInt(9_223_372_036_854_775_809), Int(i64::MAX)),
            Some(Greater)
        );
        assert_eq!(
            cmp(Num::UInt(9_223_372_036_854_775_809), Float(2f64.powi(63))),
            Some(Greater)
        );
        assert_eq!(cmp(Num::UInt(u64::MAX), Float(2f64.powi(64))), Some(Less));
        assert_eq!(cmp(Int(1), Float(1.0)), Some(Equal));
        assert!(Int(1) == Float(1.0));
    }

    #[test]
    fn fractions_and_signs() {
        assert_eq!(cmp(Int(2), Float(2.5)), Some(Less));
        assert_eq!(cmp(Int(-2), Float(-2.5)), Some(Greater));
        assert_eq!(cmp(Int(-3), Float(-3.0)), Some(Equal));
        assert_eq!(cmp(Int(0), Float(-0.0)), Some(Equal));
        assert_eq!(cmp(Float(0.1), Float(0.2)), Some(Less));
        assert_eq!(cmp(Int(1), Float(f64::NAN)), None);
    }

    #[test]
    fn policy_numbers_keep_whole_numbers_whole() {
        assert_eq!(
            Num::parse("9007199254740993"),
            Some(Int(9_007_199_254_740_993))
        );
        assert_eq!(Num::parse("-16"), Some(Int(-16)));
        assert_eq!(Num::parse("16.0"), Some(Float(16.0)));
        assert_eq!(
            Num::parse("99999999999999999999").map(|n| n.as_f64()),
            Some(1e20)
        );
        assert!(matches!(Num::parse("99999999999999999999"), Some(Float(_))));
        assert!(matches!(
            Num::parse("18446744073709551615"),
            Some(Num::UInt(u64::MAX))
        ));
        assert!(matches!(Num::parse("16"), Some(Int(16))));
        assert_eq!(Num::parse("16").map(|n| n.to_string()), Some("16".into()));
    }
}
