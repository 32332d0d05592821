//! The abstract syntax tree of a policy file, as written, with a span on every node.
//!
//! Nothing here is resolved or checked: names are just names. The checker (`crate::check`)
//! turns this into the IR; the formatter (`crate::fmt`) prints it back.

use crate::span::Span;

/// A name as written: a field, recipient, group, category, attribute or function name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A quoted text, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

/// A number as written (`30`, `-1.5`); `value` is `None` if it does not fit an f64.
#[derive(Clone, Debug, PartialEq)]
pub struct NumLit {
    pub text: String,
    pub value: f64,
    pub span: Span,
}

/// A `YYYY-MM-DD` date; `date` is `None` when it is not on the calendar (already reported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateLit {
    pub text: String,
    pub date: Option<chrono::NaiveDate>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct PolicyFile {
    pub decls: Vec<Decl>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    Policy(PolicyHeader),
    Record(RecordDecl),
    Category(CategoryDecl),
    Group(GroupDecl),
    Recipient(RecipientDecl),
    /// A top-level `never share ... to ...`.
    Never(NeverRule),
    /// A `share` outside a recipient: parsed so the checker can say why it is wrong.
    Share(ShareRule),
    /// A policy-wide `allow lint "reason"`.
    Allow(AllowRule),
    Example(ExampleDecl),
}

impl Decl {
    pub fn span(&self) -> Span {
        match self {
            Decl::Policy(d) => d.span,
            Decl::Record(d) => d.span,
            Decl::Category(d) => d.span,
            Decl::Group(d) => d.span,
            Decl::Recipient(d) => d.span,
            Decl::Never(d) => d.span,
            Decl::Share(d) => d.span,
            Decl::Allow(d) => d.span,
            Decl::Example(d) => d.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyHeader {
    pub title: StrLit,
    pub attributes: Vec<Attribute>,
    pub keyword: Span,
    pub span: Span,
}

/// `name value`: `version "2026.3"`, `kind vendor`, `purpose "..."`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    pub value: AttrValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Text(StrLit),
    Name(Ident),
}

impl AttrValue {
    pub fn span(&self) -> Span {
        match self {
            AttrValue::Text(s) => s.span,
            AttrValue::Name(i) => i.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub name: Ident,
    pub key: Option<Ident>,
    pub fields: Vec<FieldDecl>,
    pub keyword: Span,
    pub span: Span,
}

/// `name: type? [tags] "label"`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub optional: Option<Span>,
    pub tags: Vec<Ident>,
    pub label: Option<StrLit>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExprKind {
    /// `text`, `number`, `integer`, `bool`, `date` (or a misspelling, which the checker reports).
    Named(Ident),
    OneOf(Vec<StrLit>),
    Object(Vec<FieldDecl>),
    List(Box<TypeExpr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CategoryDecl {
    pub name: Ident,
    pub label: Option<StrLit>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDecl {
    pub name: Ident,
    pub selectors: Vec<FieldSelector>,
    pub span: Span,
}

/// What a rule, group or expectation names: fields.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldSelector {
    /// `email`, `address.zip`, `visits.amount`, or a group name.
    Path(Path),
    /// `all`
    All(Span),
    /// `[sensitive]`: the span covers the brackets.
    Category(Ident, Span),
}

impl FieldSelector {
    pub fn span(&self) -> Span {
        match self {
            FieldSelector::Path(p) => p.span,
            FieldSelector::All(s) | FieldSelector::Category(_, s) => *s,
        }
    }
}

/// A dotted path: `address.zip`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    pub segments: Vec<Ident>,
    pub span: Span,
}

impl Path {
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.segments.iter().map(|s| s.name.as_str()).collect();
        names.join(".")
    }
}

/// Who a top-level `never` applies to: a recipient name, a kind, or `everyone`.
#[derive(Clone, Debug, PartialEq)]
pub enum RecipientSelector {
    Everyone(Span),
    Name(Ident),
}

impl RecipientSelector {
    pub fn span(&self) -> Span {
        match self {
            RecipientSelector::Everyone(s) => *s,
            RecipientSelector::Name(i) => i.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecipientDecl {
    pub name: Ident,
    pub display_name: Option<StrLit>,
    pub items: Vec<RecipientItem>,
    pub keyword: Span,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RecipientItem {
    Attribute(Attribute),
    Share(ShareRule),
    Never(NeverRule),
    Notify(NotifyRule),
    Delete(DeleteRule),
    Allow(AllowRule),
}

impl RecipientItem {
    pub fn span(&self) -> Span {
        match self {
            RecipientItem::Attribute(a) => a.span,
            RecipientItem::Share(r) => r.span,
            RecipientItem::Never(r) => r.span,
            RecipientItem::Notify(r) => r.span,
            RecipientItem::Delete(r) => r.span,
            RecipientItem::Allow(r) => r.span,
        }
    }
}

/// `share ITEM, ITEM [when COND] [unless COND]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareRule {
    pub items: Vec<ShareItem>,
    pub when: Option<Expr>,
    pub unless: Option<Expr>,
    /// `allow` lines right after the rule: they suppress lints for this rule only.
    pub allows: Vec<AllowRule>,
    pub keyword: Span,
    pub span: Span,
}

/// `selector [as transform]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareItem {
    pub selector: FieldSelector,
    pub transform: Option<TransformExpr>,
    pub span: Span,
}

/// `hashed`, `first 3`, `rounded to 100`, as written; the checker validates the shape.
#[derive(Clone, Debug, PartialEq)]
pub struct TransformExpr {
    pub name: Ident,
    pub to: Option<Span>,
    pub number: Option<NumLit>,
    pub span: Span,
}

/// `never share SELECTORS [raw] [to RECIPIENTS] [when COND] [unless COND]`.
#[derive(Clone, Debug, PartialEq)]
pub struct NeverRule {
    pub selectors: Vec<FieldSelector>,
    /// `raw`: the rule covers only the untransformed form of its fields.
    pub raw: Option<Span>,
    pub to: Option<Vec<RecipientSelector>>,
    pub when: Option<Expr>,
    pub unless: Option<Expr>,
    pub allows: Vec<AllowRule>,
    pub keyword: Span,
    pub span: Span,
}

/// `notify ["message"] within N days`; without a message, one is generated for each record.
#[derive(Clone, Debug, PartialEq)]
pub struct NotifyRule {
    pub message: Option<StrLit>,
    pub days: NumLit,
    pub span: Span,
}

/// `delete after N days`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteRule {
    pub days: NumLit,
    pub span: Span,
}

/// `allow lint-name "reason"`.
#[derive(Clone, Debug, PartialEq)]
pub struct AllowRule {
    pub lint: Ident,
    pub reason: Option<StrLit>,
    pub span: Span,
}

/// A condition or a value inside one.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

pub use crate::ir::CmpOp;

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Path(Path),
    Text(String),
    Number(NumLit),
    Date(DateLit),
    Bool(bool),
    Today,
    Call {
        function: Ident,
        argument: Box<Expr>,
    },
    Compare {
        op: CmpOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    In {
        operand: Box<Expr>,
        values: Vec<Expr>,
        negated: bool,
    },
    Is {
        operand: Box<Expr>,
        missing: bool,
    },
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// Parentheses as written, kept for the formatter.
    Paren(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExampleDecl {
    pub name: StrLit,
    pub items: Vec<ExampleItem>,
    pub keyword: Span,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExampleItem {
    AsOf(DateLit, Span),
    Given(Json, Span),
    Expect(Expect),
}

impl ExampleItem {
    pub fn span(&self) -> Span {
        match self {
            ExampleItem::AsOf(_, s) | ExampleItem::Given(_, s) => *s,
            ExampleItem::Expect(e) => e.span,
        }
    }
}

/// `expect RECIPIENT gets ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    pub recipient: Ident,
    pub gets: Gets,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Gets {
    Nothing(Span),
    Exactly(Json),
    Fields(Vec<ShareItem>),
}

/// JSON inside a policy (`given`, `gets exactly`), with spans so errors can point into it.
#[derive(Clone, Debug, PartialEq)]
pub struct Json {
    pub kind: JsonKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JsonKind {
    Object(Vec<(StrLit, Json)>),
    Array(Vec<Json>),
    String(String),
    /// The number as written; converted when the checker needs it.
    Number(String),
    Bool(bool),
    Null,
}
