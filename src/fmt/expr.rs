//! The layout of conditions: one line if it fits; otherwise `and`/`or` chains break before
//! the operator, parentheses open onto their own indented lines, and `in [...]` lists fill.
//!
//! ```text
//!     when consent.sale
//!       and not do_not_sell
//!       and (
//!         state == "CA"
//!         or state == "VA"
//!       )
//! ```
//!
//! Operator lines are indented 2 past the clause (`when`, `unless`), and an `and` chain inside
//! an `or` 2 more, so how the chain groups is visible. Inside parentheses the chain starts
//! its own lines, so it is not indented again.

use super::writer::Writer;
use crate::syntax::ast::{Expr, ExprKind};

const OPERATOR: usize = 2;
const PAREN: usize = 2;

/// A whole condition after `when` or `unless`.
pub(crate) fn condition(w: &mut Writer<'_>, e: &Expr) {
    expr(w, e, true);
}

/// `indent_chain`: whether a top-level `and`/`or` chain here indents its operator lines
/// (false right inside parentheses, where it starts on a line of its own).
fn expr(w: &mut Writer<'_>, e: &Expr, indent_chain: bool) {
    match &e.kind {
        ExprKind::Path(_) | ExprKind::Text(_) | ExprKind::Number(_) | ExprKind::Date(_) => {
            w.node(e.span)
        }
        ExprKind::Bool(true) => w.kw("true"),
        ExprKind::Bool(false) => w.kw("false"),
        ExprKind::Today => w.kw("today"),
        ExprKind::Call { function, argument } => {
            w.node(function.span);
            w.kw("(");
            expr(w, argument, true);
            w.kw(")");
        }
        ExprKind::Compare { op, left, right } => {
            expr(w, left, true);
            w.space();
            w.kw(op.as_str());
            w.space();
            expr(w, right, true);
        }
        ExprKind::In {
            operand,
            values,
            negated,
        } => {
            expr(w, operand, true);
            w.space();
            if *negated {
                w.kw("not");
                w.space();
            }
            w.kw("in");
            w.space();
            list(w, values);
        }
        ExprKind::Is { operand, missing } => {
            expr(w, operand, true);
            w.space();
            w.kw("is");
            w.space();
            w.kw(if *missing { "missing" } else { "present" });
        }
        ExprKind::Not(inner) => {
            w.kw("not");
            w.space();
            expr(w, inner, true);
        }
        ExprKind::And(parts) => chain(w, parts, "and", indent_chain),
        ExprKind::Or(parts) => chain(w, parts, "or", indent_chain),
        ExprKind::Paren(inner) => {
            w.group(|w| {
                w.kw("(");
                w.nest(PAREN, |w| {
                    w.softline();
                    expr(w, inner, false);
                    w.close_comments(false, false);
                });
                w.softline();
                w.kw(")");
            });
        }
    }
}

fn chain(w: &mut Writer<'_>, parts: &[Expr], operator: &str, indent: bool) {
    w.group(|w| {
        w.nest(if indent { OPERATOR } else { 0 }, |w| {
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    w.line();
                    w.kw(operator);
                    w.space();
                }
                expr(w, part, true);
            }
        });
    });
}

/// `[a, b, c]`, broken onto indented lines (filled) when it does not fit.
fn list(w: &mut Writer<'_>, values: &[Expr]) {
    w.group(|w| {
        w.kw("[");
        w.nest(PAREN, |w| {
            if !values.is_empty() {
                w.softline();
                w.comma_list(values, |w, v| expr(w, v, true));
            }
            w.close_comments(false, values.is_empty());
        });
        w.softline();
        w.kw("]");
    });
}
