//! Conditions (`when`, `unless`): names and types (LANGUAGE.md section 5).
//!
//! `== !=` need the same type; `< <= > >=` need numbers or dates; one-of fields compare only
//! with their own values; `and or not` need yes/no conditions; a condition cannot read a field
//! inside a list. The result is the IR's typed [`Condition`].

use super::{Checker, suggest};
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::ir::{CmpOp, Condition, ConditionKind, FieldType, Function, Literal, Num, Operand};
use crate::span::Span;
use crate::syntax::ast::*;

/// The type of a value in a condition.
#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Text,
    Number,
    Bool,
    Date,
    Enum(Vec<String>),
    Object,
    List,
}

impl Ty {
    fn of(field: &FieldType) -> Ty {
        match field {
            FieldType::Text => Ty::Text,
            FieldType::Number | FieldType::Integer => Ty::Number,
            FieldType::Bool => Ty::Bool,
            FieldType::Date => Ty::Date,
            FieldType::Enum { values } => Ty::Enum(values.clone()),
            FieldType::Object { .. } => Ty::Object,
            FieldType::List { .. } => Ty::List,
        }
    }

    fn words(&self) -> String {
        match self {
            Ty::Text => "text".into(),
            Ty::Number => "a number".into(),
            Ty::Bool => "true or false".into(),
            Ty::Date => "a date".into(),
            Ty::Enum(values) => {
                let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Ty::Object => "a group of fields".into(),
            Ty::List => "a list".into(),
        }
    }
}

/// A checked operand with its type and where it was written.
struct Typed {
    operand: Operand,
    ty: Ty,
    span: Span,
}

impl Checker<'_> {
    /// Checks an optional `when` or `unless` clause: `Ok(None)` when there is none, `Err(())`
    /// after reporting why it cannot be used.
    pub(super) fn clause(&mut self, expr: Option<&Expr>) -> Result<Option<Condition>, ()> {
        expr.map(|e| self.condition(e).ok_or(())).transpose()
    }

    /// Checks a condition; `None` after reporting why it cannot be used.
    pub(super) fn condition(&mut self, expr: &Expr) -> Option<Condition> {
        if let ExprKind::Paren(inner) = &expr.kind {
            let mut condition = self.condition(inner)?;
            condition.parenthesized = true;
            return Some(condition);
        }
        let kind = self.condition_kind(expr)?;
        Some(Condition {
            kind,
            span: self.trim(expr.span),
            parenthesized: false,
        })
    }

    fn condition_kind(&mut self, expr: &Expr) -> Option<ConditionKind> {
        match &expr.kind {
            ExprKind::Paren(inner) => self.condition(inner).map(|c| c.kind),
            ExprKind::And(parts) => self
                .conditions(parts)
                .map(|args| ConditionKind::And { args }),
            ExprKind::Or(parts) => self
                .conditions(parts)
                .map(|args| ConditionKind::Or { args }),
            ExprKind::Not(inner) => self
                .condition(inner)
                .map(|arg| ConditionKind::Not { arg: Box::new(arg) }),
            ExprKind::Bool(value) => Some(ConditionKind::Constant { value: *value }),
            ExprKind::Compare { op, left, right } => self.comparison(*op, left, right),
            ExprKind::In {
                operand,
                values,
                negated,
            } => self.membership(operand, values, *negated),
            ExprKind::Is { operand, missing } => self.presence(operand, *missing),
            ExprKind::Path(path) => {
                let field = self.condition_path(path)?;
                let info = self.schema.info.get(&field)?;
                if info.poisoned {
                    return None;
                }
                if info.ty == FieldType::Bool {
                    return Some(ConditionKind::IsTrue { field });
                }
                let help = match &info.ty {
                    FieldType::Enum { values } => format!(
                        "compare it with one of its values, such as `{field} == {:?}`",
                        values.first().map(String::as_str).unwrap_or("")
                    ),
                    _ => format!("to test whether it has a value, write `{field} is present`"),
                };
                let words = Ty::of(&info.ty).words();
                self.report(
                    Diagnostic::error(
                        ErrorCode::NotACondition,
                        format!("`{field}` is {words}, not a yes/no condition"),
                        path.span,
                    )
                    .with_label("not true or false")
                    .with_help(help),
                );
                None
            }
            ExprKind::Text(_)
            | ExprKind::Number(_)
            | ExprKind::Date(_)
            | ExprKind::Today
            | ExprKind::Call { .. } => {
                // Check the value itself first, so a misspelt function is reported as such.
                let typed = self.operand(expr)?;
                if typed.ty == Ty::Bool {
                    return Some(ConditionKind::Compare {
                        cmp: CmpOp::Eq,
                        left: typed.operand,
                        right: Operand::Literal {
                            value: Literal::Bool(true),
                        },
                    });
                }
                self.report(
                    Diagnostic::error(
                        ErrorCode::NotACondition,
                        format!("this is {}, not a yes/no condition", typed.ty.words()),
                        expr.span,
                    )
                    .with_label("a value, not a condition")
                    .with_help("compare it with something, as in `age(birth_date) >= 18`"),
                );
                None
            }
        }
    }

    fn conditions(&mut self, parts: &[Expr]) -> Option<Vec<Condition>> {
        let checked: Vec<Option<Condition>> = parts.iter().map(|p| self.condition(p)).collect();
        checked.into_iter().collect()
    }

    /// A path read by a condition: it must exist and must not run through a list.
    fn condition_path(&mut self, path: &Path) -> Option<String> {
        let field = self.resolve_path(path, false)?;
        let info = self.schema.info.get(&field)?;
        if info.through_list {
            let list = path
                .segments
                .first()
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let list = self.enclosing_list(&field).unwrap_or(list);
            self.report(
                Diagnostic::error(
                    ErrorCode::PathThroughList,
                    format!(
                        "`{field}` is inside the list `{list}`, so a condition cannot read a \
                         single value of it"
                    ),
                    path.span,
                )
                .with_label("inside a list")
                .with_help(format!(
                    "a condition can test the list as a whole: `count({list}) > 0` or `{list} is \
                     present`"
                )),
            );
            return None;
        }
        Some(field)
    }

    /// The nearest list that `field` sits in.
    fn enclosing_list(&self, field: &str) -> Option<String> {
        let mut prefix = String::new();
        let mut found = None;
        let segments: Vec<&str> = field.split('.').collect();
        for segment in segments.iter().take(segments.len().saturating_sub(1)) {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(segment);
            if matches!(
                self.schema.info.get(&prefix).map(|i| &i.ty),
                Some(FieldType::List { .. })
            ) {
                found = Some(prefix.clone());
            }
        }
        found
    }

    fn operand(&mut self, expr: &Expr) -> Option<Typed> {
        let span = expr.span;
        let (operand, ty) = match &expr.kind {
            ExprKind::Paren(inner) => return self.operand(inner),
            ExprKind::Path(path) => {
                let field = self.condition_path(path)?;
                let info = self.schema.info.get(&field)?;
                if info.poisoned {
                    return None;
                }
                let ty = Ty::of(&info.ty);
                (Operand::Field { path: field }, ty)
            }
            ExprKind::Text(_) | ExprKind::Number(_) | ExprKind::Date(_) | ExprKind::Bool(_) => {
                let (value, ty) = literal(expr)?;
                (Operand::Literal { value }, ty)
            }
            ExprKind::Today => (Operand::Today, Ty::Date),
            ExprKind::Call { function, argument } => return self.call(function, argument, span),
            ExprKind::Compare { .. }
            | ExprKind::In { .. }
            | ExprKind::Is { .. }
            | ExprKind::Not(_)
            | ExprKind::And(_)
            | ExprKind::Or(_) => {
                // Still check the inner condition so its own mistakes are reported.
                self.condition(expr)?;
                self.report(
                    Diagnostic::error(
                        ErrorCode::NotACondition,
                        "a condition cannot be used as a value here",
                        span,
                    )
                    .with_label("a condition")
                    .with_help("combine conditions with `and`, `or` and `not` instead"),
                );
                return None;
            }
        };
        Some(Typed { operand, ty, span })
    }

    fn call(&mut self, function: &Ident, argument: &Expr, span: Span) -> Option<Typed> {
        let known = Function::parse(&function.name);
        if known.is_none() {
            let names = Function::ALL.map(Function::as_str);
            self.report(
                Diagnostic::error(
                    ErrorCode::UnknownFunction,
                    format!("there is no function `{}`", function.name),
                    function.span,
                )
                .with_label("unknown function")
                .with_help(suggest::help(&function.name, names).unwrap_or_else(|| {
                    "the functions are age(date), days_since(date), count(list) and lower(text)"
                        .into()
                })),
            );
        }
        let arg = self.operand(argument);
        let (function, arg) = (known?, arg?);
        let (accepts, result) = match function {
            Function::Age | Function::DaysSince => (arg.ty == Ty::Date, Ty::Number),
            Function::Count => (arg.ty == Ty::List, Ty::Number),
            Function::Lower => (matches!(arg.ty, Ty::Text | Ty::Enum(_)), Ty::Text),
        };
        if !accepts {
            let needs = match function {
                Function::Age | Function::DaysSince => "a date",
                Function::Count => "a list",
                Function::Lower => "text",
            };
            self.report(
                Diagnostic::error(
                    ErrorCode::BadArgument,
                    format!(
                        "`{}` needs {needs}, but `{}` is {}",
                        function.as_str(),
                        arg.operand,
                        arg.ty.words()
                    ),
                    arg.span,
                )
                .with_label(format!("not {needs}")),
            );
            return None;
        }
        Some(Typed {
            operand: Operand::Call {
                function,
                arg: Box::new(arg.operand),
            },
            ty: result,
            span,
        })
    }

    fn comparison(&mut self, op: CmpOp, left: &Expr, right: &Expr) -> Option<ConditionKind> {
        let l = self.operand(left);
        if let Some(l) = &l {
            if self.unquoted_text(l, right) {
                return None;
            }
        }
        let r = self.operand(right);
        let (l, r) = (l?, r?);
        if date_and_number(&l, &r) {
            self.report(date_compared_with_number(op, &l, &r));
            return None;
        }
        if op.is_ordering() {
            let ordered = matches!(
                (&l.ty, &r.ty),
                (Ty::Number, Ty::Number) | (Ty::Date, Ty::Date)
            );
            if !ordered {
                let culprit = if matches!(l.ty, Ty::Number | Ty::Date) {
                    &r
                } else {
                    &l
                };
                let mut d = Diagnostic::error(
                    ErrorCode::NotOrdered,
                    format!(
                        "`{}` compares numbers or dates, but `{}` is {}",
                        op.as_str(),
                        culprit.operand,
                        culprit.ty.words()
                    ),
                    culprit.span,
                )
                .with_label(culprit.ty.words());
                if matches!((&l.ty, &r.ty), (Ty::Date, Ty::Text) | (Ty::Text, Ty::Date)) {
                    d = d.with_help("write dates without quotes: 2026-01-31");
                } else if matches!((&l.ty, &r.ty), (Ty::Number, Ty::Text)) && is_text_literal(&r) {
                    d = d.with_help(format!(
                        "write numbers without quotes: {}",
                        r.operand.to_string().trim_matches('"')
                    ));
                } else if !matches!(l.ty, Ty::Number | Ty::Date)
                    && !matches!(r.ty, Ty::Number | Ty::Date)
                {
                    d = d.with_help(
                        "only numbers and dates are smaller or larger than one another; to test \
                         for a value, use `==` or `in [...]`",
                    );
                } else if matches!(l.ty, Ty::Number | Ty::Date)
                    || matches!(r.ty, Ty::Number | Ty::Date)
                {
                    let other = if std::ptr::eq(culprit, &l) { &r } else { &l };
                    d = d.with_secondary(other.span, other.ty.words());
                }
                self.report(d);
                return None;
            }
        } else if !self.same_type(&l, &r) {
            return None;
        }
        Some(ConditionKind::Compare {
            cmp: op,
            left: l.operand,
            right: r.operand,
        })
    }

    /// `loyalty_tier == gold`: a word that is no field, compared with text or a one-of field, is
    /// text without its quotes. Reports it so, and returns whether it did.
    fn unquoted_text(&mut self, subject: &Typed, other: &Expr) -> bool {
        let ExprKind::Path(path) = &other.kind else {
            return false;
        };
        let [word] = path.segments.as_slice() else {
            return false;
        };
        let name = word.name.as_str();
        if self.schema.broken
            || self.schema.info.contains_key(name)
            || self.parsed.broken.names.contains(name)
        {
            return false;
        }
        let help = match &subject.ty {
            Ty::Bool => {
                let fields = self.schema.child_names("");
                if suggest::did_you_mean(name, fields.iter().copied()).is_some() {
                    return false;
                }
                let no = matches!(
                    name.to_lowercase().as_str(),
                    "no" | "n" | "off" | "false" | "f" | "none" | "never" | "nope" | "unset"
                );
                let (value, alone) = if no {
                    ("false", format!("not {}", subject.operand))
                } else {
                    ("true", subject.operand.to_string())
                };
                format!(
                    "`{0}` is true or false: write `{0} == {value}`, or simply `{alone}`",
                    subject.operand
                )
            }
            Ty::Enum(values) if values.iter().any(|v| v == name) => format!(
                "to compare with the value \"{name}\", write it in quotes: `{} == \"{name}\"`",
                subject.operand
            ),
            Ty::Enum(_) | Ty::Text => {
                let fields = self.schema.child_names("");
                if suggest::did_you_mean(name, fields.iter().copied()).is_some() {
                    return false;
                }
                format!("to compare with the text \"{name}\", write it in quotes: \"{name}\"")
            }
            _ => return false,
        };
        self.report(
            Diagnostic::error(
                ErrorCode::UnknownField,
                format!("there is no field named `{name}`"),
                word.span,
            )
            .with_label("not a field")
            .with_help(help),
        );
        true
    }

    /// Checks that two values can be tested for equality; reports why not.
    fn same_type(&mut self, l: &Typed, r: &Typed) -> bool {
        match (&l.ty, &r.ty) {
            (Ty::Enum(values), _) if is_text_literal(r) => self.enum_value(values, l, r),
            (_, Ty::Enum(values)) if is_text_literal(l) => self.enum_value(values, r, l),
            (Ty::Enum(a), Ty::Enum(b)) if same_values(a, b) => true,
            (Ty::Text, Ty::Text)
            | (Ty::Number, Ty::Number)
            | (Ty::Date, Ty::Date)
            | (Ty::Bool, Ty::Bool) => true,
            _ => {
                let help = if matches!((&l.ty, &r.ty), (Ty::Date, Ty::Text) | (Ty::Text, Ty::Date))
                {
                    Some("write dates without quotes: 2026-01-31".to_string())
                } else if matches!(l.ty, Ty::Object | Ty::List)
                    || matches!(r.ty, Ty::Object | Ty::List)
                {
                    Some("compare a single field, such as `address.state`".to_string())
                } else if matches!(l.ty, Ty::Enum(_)) || matches!(r.ty, Ty::Enum(_)) {
                    Some("a one-of field compares only with its own values, in quotes".to_string())
                } else if matches!((&l.ty, &r.ty), (Ty::Number, Ty::Text)) && is_text_literal(r) {
                    Some(format!(
                        "write numbers without quotes: {}",
                        r.operand.to_string().trim_matches('"')
                    ))
                } else if matches!((&l.ty, &r.ty), (Ty::Bool, Ty::Text)) && is_text_literal(r) {
                    Some("write true and false without quotes".to_string())
                } else {
                    None
                };
                self.report(
                    Diagnostic::error(
                        ErrorCode::TypeMismatch,
                        format!(
                            "`{}` is {} but `{}` is {}, so they cannot be compared",
                            l.operand,
                            l.ty.words(),
                            r.operand,
                            r.ty.words()
                        ),
                        r.span,
                    )
                    .with_label(r.ty.words())
                    .with_secondary(l.span, l.ty.words())
                    .with_optional_help(help),
                );
                false
            }
        }
    }

    /// A quoted value compared with a one-of field must be one of its values.
    fn enum_value(&mut self, values: &[String], field: &Typed, literal: &Typed) -> bool {
        let Operand::Literal {
            value: Literal::Text(text),
        } = &literal.operand
        else {
            return false;
        };
        if values.contains(text) {
            return true;
        }
        let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
        self.report(
            Diagnostic::error(
                ErrorCode::NotInEnum,
                format!("{text:?} is not one of the values of `{}`", field.operand),
                literal.span,
            )
            .with_label("not a possible value")
            .with_secondary(field.span, format!("can be {}", quoted.join(", ")))
            .with_optional_help(
                suggest::did_you_mean(text, values.iter().map(String::as_str))
                    .map(|v| format!("did you mean {v:?}?")),
            ),
        );
        false
    }

    fn membership(
        &mut self,
        operand: &Expr,
        values: &[Expr],
        negated: bool,
    ) -> Option<ConditionKind> {
        let subject = self.operand(operand)?;
        let mut literals = Vec::new();
        let mut ok = true;
        // Values of a type already reported as wrong for the subject: `state in [1, 2]` is
        // one mistake. (Texts not among a one-of's values are each their own.)
        let mut wrong_types = Vec::new();
        for value in values {
            let Some((lit, ty)) = literal(value) else {
                ok = false;
                continue;
            };
            if wrong_types.contains(&ty) {
                ok = false;
                continue;
            }
            let typed = Typed {
                operand: Operand::Literal { value: lit.clone() },
                ty: ty.clone(),
                span: value.span,
            };
            if self.same_type(&subject, &typed) {
                literals.push(lit);
            } else {
                ok = false;
                let not_in_set = matches!(subject.ty, Ty::Enum(_)) && is_text_literal(&typed);
                if !not_in_set {
                    wrong_types.push(ty);
                }
            }
        }
        ok.then_some(ConditionKind::In {
            operand: subject.operand,
            values: literals,
            negated,
        })
    }

    fn presence(&mut self, operand: &Expr, missing: bool) -> Option<ConditionKind> {
        let mut inner = operand;
        while let ExprKind::Paren(e) = &inner.kind {
            inner = e;
        }
        let ExprKind::Path(path) = &inner.kind else {
            self.report(
                Diagnostic::error(
                    ErrorCode::NotACondition,
                    "only a field can be missing or present",
                    operand.span,
                )
                .with_label("not a field")
                .with_help("write the field's name before `is missing` or `is present`"),
            );
            return None;
        };
        let field = self.condition_path(path)?;
        Some(if missing {
            ConditionKind::IsMissing { field }
        } else {
            ConditionKind::IsPresent { field }
        })
    }
}

/// A date compared with a number (`birth_date >= 18`): nearly always an age or a number of
/// days meant.
fn date_and_number(l: &Typed, r: &Typed) -> bool {
    matches!(
        (&l.ty, &r.ty),
        (Ty::Date, Ty::Number) | (Ty::Number, Ty::Date)
    )
}

/// `birth_date >= 18`: says what each side is, and suggests `age(...)` (or `days_since(...)`)
/// on the date side, in place.
fn date_compared_with_number(op: CmpOp, l: &Typed, r: &Typed) -> Diagnostic {
    let (date, number) = if l.ty == Ty::Date { (l, r) } else { (r, l) };
    let mut d = Diagnostic::error(
        ErrorCode::TypeMismatch,
        format!(
            "`{}` is a date and `{}` is a number, so `{}` cannot compare them",
            date.operand,
            number.operand,
            op.as_str()
        ),
        date.span,
    )
    .with_label("a date")
    .with_secondary(number.span, "a number");
    let Operand::Field { path } = &date.operand else {
        return d.with_help(
            "compare a date with a date (2026-01-31, today), or a number of years or days with \
             a number: `age(DATE)`, `days_since(DATE)`",
        );
    };
    let rewritten = |function: &str| {
        let call = format!("{function}({path})");
        if std::ptr::eq(date, l) {
            format!("{call} {} {}", op.as_str(), number.operand)
        } else {
            format!("{} {} {call}", number.operand, op.as_str())
        }
    };
    let name = path.rsplit('.').next().unwrap_or(path).to_lowercase();
    d = if name.contains("birth") || name == "dob" {
        d.with_help(format!(
            "to compare the age in whole years, write `{}`",
            rewritten("age")
        ))
    } else {
        d.with_help(format!(
            "to compare the whole years since that date, write `{}`; the days since it, `{}`",
            rewritten("age"),
            rewritten("days_since")
        ))
    };
    d
}

fn is_text_literal(t: &Typed) -> bool {
    matches!(
        t.operand,
        Operand::Literal {
            value: Literal::Text(_)
        }
    )
}

fn same_values(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|v| b.contains(v))
}

/// A literal's value and type; `None` for a date that is not on the calendar (reported by the
/// parser already).
fn literal(expr: &Expr) -> Option<(Literal, Ty)> {
    match &expr.kind {
        ExprKind::Text(s) => Some((Literal::Text(s.clone()), Ty::Text)),
        ExprKind::Number(n) => Some((Literal::Number(Num::parse(&n.text)?), Ty::Number)),
        ExprKind::Date(d) => d.date.map(|_| (Literal::Date(d.text.clone()), Ty::Date)),
        ExprKind::Bool(b) => Some((Literal::Bool(*b), Ty::Bool)),
        _ => None,
    }
}
