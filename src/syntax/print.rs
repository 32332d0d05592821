//! One-line canonical text of rules, selectors and conditions.
//!
//! The IR keeps each rule's text so that audit trails and `explain` can quote the rule as a
//! lawyer wrote it. The formatter (`crate::fmt`) lays rules out with the same spacing, over
//! several lines when they are long, keeping quoted text exactly as written (this module
//! re-escapes it): a test holds that every rule the formatter keeps on one line reads exactly
//! as here.

use super::ast::*;

pub fn selector(s: &FieldSelector) -> String {
    match s {
        FieldSelector::Path(p) => p.dotted(),
        FieldSelector::All(_) => "all".into(),
        FieldSelector::Category(name, _) => format!("[{}]", name.name),
    }
}

pub fn transform(t: &TransformExpr) -> String {
    let mut out = t.name.name.clone();
    if t.to.is_some() {
        out.push_str(" to");
    }
    if let Some(n) = &t.number {
        out.push(' ');
        out.push_str(&n.text);
    }
    out
}

pub fn share_item(item: &ShareItem) -> String {
    match &item.transform {
        Some(t) => format!("{} as {}", selector(&item.selector), transform(t)),
        None => selector(&item.selector),
    }
}

pub fn recipient_selector(s: &RecipientSelector) -> String {
    match s {
        RecipientSelector::Everyone(_) => "everyone".into(),
        RecipientSelector::Name(i) => i.name.clone(),
    }
}

fn join<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

fn conditions(when: Option<&Expr>, unless: Option<&Expr>) -> String {
    let mut out = String::new();
    if let Some(w) = when {
        out.push_str(" when ");
        out.push_str(&expr(w));
    }
    if let Some(u) = unless {
        out.push_str(" unless ");
        out.push_str(&expr(u));
    }
    out
}

pub fn share_rule(rule: &ShareRule) -> String {
    format!(
        "share {}{}",
        join(&rule.items, share_item),
        conditions(rule.when.as_ref(), rule.unless.as_ref())
    )
}

pub fn never_rule(rule: &NeverRule) -> String {
    let to = match &rule.to {
        Some(list) => format!(" to {}", join(list, recipient_selector)),
        None => String::new(),
    };
    let raw = if rule.raw.is_some() { " raw" } else { "" };
    format!(
        "never share {}{raw}{to}{}",
        join(&rule.selectors, selector),
        conditions(rule.when.as_ref(), rule.unless.as_ref())
    )
}

pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Path(p) => p.dotted(),
        ExprKind::Text(s) => serde_json::Value::String(s.clone()).to_string(),
        ExprKind::Number(n) => n.text.clone(),
        ExprKind::Date(d) => d.text.clone(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Today => "today".into(),
        ExprKind::Call { function, argument } => format!("{}({})", function.name, expr(argument)),
        ExprKind::Compare { op, left, right } => {
            format!("{} {} {}", expr(left), op.as_str(), expr(right))
        }
        ExprKind::In {
            operand,
            values,
            negated,
        } => format!(
            "{} {}in [{}]",
            expr(operand),
            if *negated { "not " } else { "" },
            join(values, expr)
        ),
        ExprKind::Is { operand, missing } => format!(
            "{} is {}",
            expr(operand),
            if *missing { "missing" } else { "present" }
        ),
        ExprKind::Not(inner) => format!("not {}", expr(inner)),
        ExprKind::And(parts) => parts.iter().map(expr).collect::<Vec<_>>().join(" and "),
        ExprKind::Or(parts) => parts.iter().map(expr).collect::<Vec<_>>().join(" or "),
        ExprKind::Paren(inner) => format!("({})", expr(inner)),
    }
}
