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

use serde::{Deserialize, Serialize};

pub use crate::syntax::ast::CmpOp;

/// The IR format's name, written first in every IR file.
pub const IR_FORMAT: &str = "shareguard-ir";
/// Bumped whenever the IR changes in a way an older runtime would misread.
pub const IR_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ir {
    pub format: String,
    pub version: u32,
    pub source: Source,
    pub policy: PolicyInfo,
    pub categories: Vec<Category>,
    pub record: RecordSchema,
    pub groups: Vec<Group>,
    pub recipients: Vec<Recipient>,
    pub examples: Vec<Example>,
    /// Policy-wide lint suppressions (`allow` at the top level).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
}

/// Where a policy came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub file: String,
    /// SHA-256 of the policy text, so an audit can tie outputs to the exact policy.
    pub sha256: String,
}

/// A place in the policy file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loc {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyInfo {
    pub title: String,
    pub version: Option<String>,
    pub owner: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: String,
    pub label: Option<String>,
    pub builtin: bool,
    /// Where a declared category was declared; `None` for built-in ones.
    pub loc: Option<Loc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSchema {
    pub name: String,
    pub key: Option<String>,
    pub fields: Vec<Field>,
}

/// One declared field, with its full path and its effective categories (its own tags and those
/// of every object it is inside).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    pub path: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub optional: bool,
    pub tags: Vec<String>,
    pub label: Option<String>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldType {
    Text,
    Number,
    Integer,
    Bool,
    Date,
    Enum { values: Vec<String> },
    Object { fields: Vec<Field> },
    List { element: Box<FieldType> },
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    /// The leaf fields the group covers, in declaration order.
    pub fields: Vec<String>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Vendor,
    Affiliate,
    Partner,
    Buyer,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Vendor, Kind::Affiliate, Kind::Partner, Kind::Buyer];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Vendor => "vendor",
            Kind::Affiliate => "affiliate",
            Kind::Partner => "partner",
            Kind::Buyer => "buyer",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Consent,
    Contract,
    LegitimateInterest,
    LegalObligation,
}

impl Basis {
    pub const ALL: [Basis; 4] = [
        Basis::Consent,
        Basis::Contract,
        Basis::LegitimateInterest,
        Basis::LegalObligation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Consent => "consent",
            Basis::Contract => "contract",
            Basis::LegitimateInterest => "legitimate_interest",
            Basis::LegalObligation => "legal_obligation",
        }
    }

    pub fn parse(name: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub name: String,
    pub display_name: Option<String>,
    pub kind: Kind,
    pub purpose: String,
    pub basis: Option<Basis>,
    pub contract: Option<String>,
    pub brand: Option<String>,
    pub parent: Option<String>,
    pub shares: Vec<ShareRule>,
    /// The recipient's own `never` rules and every top-level one that reaches it.
    pub nevers: Vec<NeverRule>,
    pub obligations: Vec<Obligation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
    pub loc: Loc,
}

impl Recipient {
    /// The name customers and lawyers know the recipient by.
    pub fn title(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.name)
    }
}

/// One `share` rule, its selectors expanded to leaf fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareRule {
    /// The rule as written, in canonical layout, for audit trails and `explain`.
    pub text: String,
    pub items: Vec<ShareItem>,
    pub when: Option<Condition>,
    pub unless: Option<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
    pub loc: Loc,
}

/// One item of a `share` rule (or of an expectation): a selector as written, the form it is
/// shared in, and the leaf fields it covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareItem {
    pub selector: String,
    pub form: Form,
    pub fields: Vec<String>,
}

/// A leaf field and the form it is shared in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub field: String,
    pub form: Form,
}

/// How a value is shared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    Raw,
    Hashed,
    Masked,
    First(u32),
    Year,
    AgeBand,
    RoundedTo(f64),
}

impl Eq for Form {}

impl std::hash::Hash for Form {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Form::First(n) => n.hash(state),
            Form::RoundedTo(n) => n.to_bits().hash(state),
            _ => {}
        }
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
            Form::RoundedTo(n) => write!(f, "rounded to {}", crate::ir::format_number(*n)),
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
    Int(i64),
    /// Above `i64::MAX` only.
    UInt(u64),
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
    pub text: String,
    /// Whether the rule was written at the top level (for several recipients) or inside the
    /// recipient.
    pub scope: NeverScope,
    pub fields: Vec<String>,
    pub when: Option<Condition>,
    pub unless: Option<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allow>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeverScope {
    Recipient,
    Policy,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Obligation {
    Notify {
        message: String,
        within_days: u32,
        loc: Loc,
    },
    Delete {
        after_days: u32,
        loc: Loc,
    },
}

impl Obligation {
    pub fn loc(&self) -> &Loc {
        match self {
            Obligation::Notify { loc, .. } | Obligation::Delete { loc, .. } => loc,
        }
    }

    /// How the obligation reads in a report.
    pub fn describe(&self) -> String {
        match self {
            Obligation::Notify {
                message,
                within_days,
                ..
            } => format!("notify the customer within {within_days} days: {message:?}"),
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
    pub lint: String,
    pub reason: String,
    pub loc: Loc,
}

/// A typed condition. Every field it reads is a path that does not run through a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// `true` or `false` written as a condition.
    Constant {
        value: bool,
    },
    /// A yes/no field written alone: `consent.sale`.
    IsTrue {
        field: String,
    },
    Not {
        arg: Box<Condition>,
    },
    And {
        args: Vec<Condition>,
    },
    Or {
        args: Vec<Condition>,
    },
    Compare {
        cmp: CmpOp,
        left: Operand,
        right: Operand,
    },
    In {
        operand: Operand,
        values: Vec<Literal>,
        negated: bool,
    },
    IsMissing {
        field: String,
    },
    IsPresent {
        field: String,
    },
}

/// A value inside a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Operand {
    Field {
        path: String,
    },
    Literal {
        value: Literal,
    },
    Today,
    Call {
        function: Function,
        arg: Box<Operand>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    Age,
    DaysSince,
    Count,
    Lower,
}

impl Function {
    pub const ALL: [Function; 4] = [
        Function::Age,
        Function::DaysSince,
        Function::Count,
        Function::Lower,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Function::Age => "age",
            Function::DaysSince => "days_since",
            Function::Count => "count",
            Function::Lower => "lower",
        }
    }

    pub fn parse(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Literal {
    Text(String),
    Number(Num),
    /// `YYYY-MM-DD`
    Date(String),
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
        match self {
            Condition::Or { .. } => 1,
            Condition::And { .. } => 2,
            Condition::Not { .. } => 3,
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
        match self {
            Condition::Constant { value } => write!(f, "{value}"),
            Condition::IsTrue { field } => f.write_str(field),
            Condition::Not { arg } => {
                f.write_str("not ")?;
                if arg.precedence() < 3 {
                    write!(f, "({arg})")
                } else {
                    write!(f, "{arg}")
                }
            }
            Condition::And { args } | Condition::Or { args } => {
                let joiner = if matches!(self, Condition::And { .. }) {
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
            Condition::Compare { cmp, left, right } => {
                write!(f, "{left} {} {right}", cmp.as_str())
            }
            Condition::In {
                operand,
                values,
                negated,
            } => {
                let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                let not = if *negated { "not " } else { "" };
                write!(f, "{operand} {not}in [{}]", values.join(", "))
            }
            Condition::IsMissing { field } => write!(f, "{field} is missing"),
            Condition::IsPresent { field } => write!(f, "{field} is present"),
        }
    }
}

/// An executable example from the policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub name: String,
    pub as_of: Option<String>,
    pub given: serde_json::Value,
    pub expects: Vec<Expectation>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub recipient: String,
    pub gets: Gets,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gets {
    Nothing,
    /// The leaf fields and forms, before narrowing to what the given record holds.
    Fields(Vec<ShareItem>),
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
