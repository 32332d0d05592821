//! pest pairs → AST.
//!
//! The grammar guarantees the shape of the tree, so a missing child here is a bug in
//! shareguard, reported as an internal error rather than a panic. Problems the grammar cannot
//! see (an escape that is not valid Unicode, a date that is not on the calendar, a number too
//! large for the machine) are reported here and the node is still built, so checking goes on.

use pest::iterators::{Pair, Pairs};

use super::Rule;
use super::ast::*;
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::span::Span;

/// The parse tree did not have the shape the grammar promises: a bug in shareguard.
#[derive(Debug)]
pub(crate) struct Bug {
    expected: &'static str,
    span: Span,
}

impl Bug {
    pub(crate) fn into_diagnostic(self) -> Diagnostic {
        Diagnostic::error(
            ErrorCode::Syntax,
            format!(
                "internal error: shareguard could not read this part of the file (missing {})",
                self.expected
            ),
            self.span,
        )
        .with_help("this is a bug in shareguard; please report it with the policy file")
    }
}

type Built<T> = Result<T, Bug>;

/// Walks the children of one pair, skipping punctuation.
struct Children<'i> {
    pairs: std::iter::Peekable<Pairs<'i, Rule>>,
    span: Span,
}

impl<'i> Children<'i> {
    fn of(pair: Pair<'i, Rule>, ctx: &Ctx) -> Self {
        let span = ctx.span(&pair);
        Children {
            pairs: pair.into_inner().peekable(),
            span,
        }
    }

    fn skip_punctuation(&mut self) {
        while self
            .pairs
            .peek()
            .is_some_and(|p| is_punctuation(p.as_rule()))
        {
            self.pairs.next();
        }
    }

    /// The next child, if it is a `rule`; punctuation and keywords before it are stepped over.
    fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        while let Some(next) = self.pairs.peek().map(|p| p.as_rule()) {
            if next == rule {
                return self.pairs.next();
            }
            if !(is_punctuation(next) || is_keyword(next)) {
                return None;
            }
            self.pairs.next();
        }
        None
    }

    /// The next child, which must be a `rule`.
    fn expect(&mut self, rule: Rule, expected: &'static str) -> Built<Pair<'i, Rule>> {
        self.take(rule).ok_or(Bug {
            expected,
            span: self.span,
        })
    }

    /// The next child, whatever it is.
    fn next(&mut self, expected: &'static str) -> Built<Pair<'i, Rule>> {
        self.skip_punctuation();
        self.pairs.next().ok_or(Bug {
            expected,
            span: self.span,
        })
    }

    /// The next child, if it is a `rule`, stepping over punctuation only (a keyword before it
    /// is left alone: it may belong to what comes next).
    fn take_next(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        self.skip_punctuation();
        if self.pairs.peek().is_some_and(|p| p.as_rule() == rule) {
            return self.pairs.next();
        }
        None
    }

    /// All remaining children that are a `rule`.
    fn take_all(&mut self, rule: Rule) -> Vec<Pair<'i, Rule>> {
        std::iter::from_fn(|| self.take(rule)).collect()
    }
}

fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lbracket
            | Rule::rbracket
            | Rule::lparen
            | Rule::rparen
            | Rule::colon
            | Rule::comma
            | Rule::equals
            | Rule::dot
    )
}

fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_policy
            | Rule::kw_record
            | Rule::kw_key
            | Rule::kw_group
            | Rule::kw_category
            | Rule::kw_recipient
            | Rule::kw_share
            | Rule::kw_never
            | Rule::kw_to
            | Rule::kw_when
            | Rule::kw_unless
            | Rule::kw_as
            | Rule::kw_and
            | Rule::kw_or
            | Rule::kw_not
            | Rule::kw_in
            | Rule::kw_is
            | Rule::kw_missing
            | Rule::kw_present
            | Rule::kw_all
            | Rule::kw_everyone
            | Rule::kw_example
            | Rule::kw_given
            | Rule::kw_expect
            | Rule::kw_gets
            | Rule::kw_nothing
            | Rule::kw_exactly
            | Rule::kw_true
            | Rule::kw_false
            | Rule::kw_today
            | Rule::kw_list
            | Rule::kw_of
            | Rule::kw_one
            | Rule::kw_notify
            | Rule::kw_within
            | Rule::kw_days
            | Rule::kw_delete
            | Rule::kw_after
            | Rule::kw_allow
            | Rule::kw_raw
    )
}

struct Ctx<'d> {
    base: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// The span of a pair, without the whitespace and comments pest includes after a rule that
    /// ends in an optional or repeated part (`share email\n` would otherwise underline the
    /// line break and the next line's indentation).
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let mut span = Span::from_pest(pair.as_span(), self.base);
        span.end = span.start.max(self.base + content_end(pair));
        span
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn string(&mut self, pair: Pair<'_, Rule>) -> StrLit {
        let span = self.span(&pair);
        let value = match serde_json::from_str::<String>(pair.as_str()) {
            Ok(value) => value,
            Err(_) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        ErrorCode::InvalidString,
                        "this quoted text has an escape that is not a character",
                        span,
                    )
                    .with_label("invalid escape")
                    .with_help(
                        "a \\u escape must name a real character; characters outside the basic \
                         plane are written as a pair such as \\ud83d\\ude00, or typed directly",
                    ),
                );
                String::new()
            }
        };
        StrLit { value, span }
    }

    fn number(&mut self, pair: Pair<'_, Rule>) -> NumLit {
        let span = self.span(&pair);
        let text = pair.as_str().to_string();
        let value = match text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                self.diagnostics.push(
                    Diagnostic::error(
                        ErrorCode::InvalidNumber,
                        "this number is too large to work with",
                        span,
                    )
                    .with_label("too large")
                    .with_help("a number this large cannot be stored; check it for extra digits"),
                );
                0.0
            }
        };
        NumLit { text, value, span }
    }

    fn date(&mut self, pair: Pair<'_, Rule>) -> DateLit {
        let span = self.span(&pair);
        let text = pair.as_str().to_string();
        let date = match crate::dates::parse_date(&text) {
            Ok(date) => Some(date),
            Err(why) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        ErrorCode::InvalidDate,
                        format!("{text} is not a date on the calendar"),
                        span,
                    )
                    .with_label(why)
                    .with_help("dates are written YYYY-MM-DD, such as 2026-02-28"),
                );
                None
            }
        };
        DateLit { text, date, span }
    }
}

/// Where the text of a pair really ends: at the end of its last token. A quoted text is one
/// token (its inner part stops before the closing quote).
fn content_end(pair: &Pair<'_, Rule>) -> usize {
    let mut node = pair.clone();
    while node.as_rule() != Rule::string {
        match node.clone().into_inner().next_back() {
            Some(child) => node = child,
            None => break,
        }
    }
    let span = node.as_span();
    span.start() + span.as_str().trim_end().len()
}

/// Builds one declaration (a `one_decl` pair); problems go to `diagnostics`.
pub(crate) fn declaration(
    pair: Pair<'_, Rule>,
    base: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Built<Decl> {
    let mut ctx = Ctx { base, diagnostics };
    let mut outer = Children::of(pair, &ctx);
    let decl = outer.expect(Rule::decl, "a declaration")?;
    let mut children = Children::of(decl, &ctx);
    let inner = children.next("a declaration")?;
    Ok(match inner.as_rule() {
        Rule::policy_decl => Decl::Policy(policy(inner, &mut ctx)?),
        Rule::record_decl => Decl::Record(record(inner, &mut ctx)?),
        Rule::category_decl => Decl::Category(category(inner, &mut ctx)?),
        Rule::group_decl => Decl::Group(group(inner, &mut ctx)?),
        Rule::recipient_decl => Decl::Recipient(recipient(inner, &mut ctx)?),
        Rule::never_rule => Decl::Never(never_rule(inner, &mut ctx)?),
        Rule::share_rule => Decl::Share(share_rule(inner, &mut ctx)?),
        Rule::allow_rule => Decl::Allow(allow_rule(inner, &mut ctx)?),
        Rule::example_decl => Decl::Example(example(inner, &mut ctx)?),
        _ => {
            return Err(Bug {
                expected: "a declaration",
                span: ctx.span(&inner),
            });
        }
    })
}

fn policy(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<PolicyHeader> {
    let mut c = Children::of(pair, ctx);
    let keyword = ctx.span(&c.expect(Rule::kw_policy, "`policy`")?);
    let title = ctx.string(c.expect(Rule::string, "the policy's title")?);
    let attributes = c
        .take_all(Rule::attribute)
        .into_iter()
        .map(|a| attribute(a, ctx))
        .collect::<Built<_>>()?;
    Ok(PolicyHeader {
        title,
        attributes,
        keyword,
        span: c.span,
    })
}

fn attribute(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Attribute> {
    let mut c = Children::of(pair, ctx);
    let name = ctx.ident(c.expect(Rule::ident, "an attribute name")?);
    let value_pair = c.expect(Rule::attr_value, "an attribute value")?;
    let mut v = Children::of(value_pair, ctx);
    let value = match v.take(Rule::string) {
        Some(s) => AttrValue::Text(ctx.string(s)),
        None => AttrValue::Name(ctx.ident(v.expect(Rule::ident, "an attribute value")?)),
    };
    Ok(Attribute {
        name,
        value,
        span: c.span,
    })
}

fn record(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<RecordDecl> {
    let mut c = Children::of(pair, ctx);
    let keyword = ctx.span(&c.expect(Rule::kw_record, "`record`")?);
    let name = ctx.ident(c.expect(Rule::ident, "the record's name")?);
    let key = match c.take(Rule::kw_key) {
        Some(_) => Some(ctx.ident(c.expect(Rule::field_name, "the key field")?)),
        None => None,
    };
    let fields = fields(&mut c, ctx)?;
    Ok(RecordDecl {
        name,
        key,
        fields,
        keyword,
        span: c.span,
    })
}

fn fields(c: &mut Children<'_>, ctx: &mut Ctx) -> Built<Vec<FieldDecl>> {
    c.take_all(Rule::field_decl)
        .into_iter()
        .map(|f| field(f, ctx))
        .collect()
}

fn field(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<FieldDecl> {
    let mut c = Children::of(pair, ctx);
    let name = ctx.ident(c.expect(Rule::field_name, "a field name")?);
    let ty = type_expr(c.expect(Rule::type_expr, "a type")?, ctx)?;
    let optional = c.take(Rule::question).map(|q| ctx.span(&q));
    let tags = match c.take(Rule::tags) {
        Some(tags) => {
            let mut t = Children::of(tags, ctx);
            t.take_all(Rule::ident)
                .into_iter()
                .map(|i| ctx.ident(i))
                .collect()
        }
        None => Vec::new(),
    };
    let label = c.take(Rule::string).map(|s| ctx.string(s));
    Ok(FieldDecl {
        name,
        ty,
        optional,
        tags,
        label,
        span: c.span,
    })
}

fn type_expr(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<TypeExpr> {
    let mut outer = Children::of(pair, ctx);
    let span = outer.span;
    let inner = outer.next("a type")?;
    let mut c = Children::of(inner.clone(), ctx);
    let kind = match inner.as_rule() {
        Rule::named_type => TypeExprKind::Named(ctx.ident(c.expect(Rule::ident, "a type")?)),
        Rule::one_of_type => TypeExprKind::OneOf(
            c.take_all(Rule::string)
                .into_iter()
                .map(|s| ctx.string(s))
                .collect(),
        ),
        Rule::object_type => TypeExprKind::Object(fields(&mut c, ctx)?),
        Rule::list_type => TypeExprKind::List(Box::new(type_expr(
            c.expect(Rule::type_expr, "the type of the list's items")?,
            ctx,
        )?)),
        _ => {
            return Err(Bug {
                expected: "a type",
                span,
            });
        }
    };
    Ok(TypeExpr { kind, span })
}

fn category(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<CategoryDecl> {
    let mut c = Children::of(pair, ctx);
    let name = ctx.ident(c.expect(Rule::ident, "the category's name")?);
    let label = c.take(Rule::string).map(|s| ctx.string(s));
    Ok(CategoryDecl {
        name,
        label,
        span: c.span,
    })
}

fn group(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<GroupDecl> {
    let mut c = Children::of(pair, ctx);
    let name = ctx.ident(c.expect(Rule::ident, "the group's name")?);
    let selectors = selector_list(c.expect(Rule::selector_list, "fields")?, ctx)?;
    Ok(GroupDecl {
        name,
        selectors,
        span: c.span,
    })
}

fn selector_list(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Vec<FieldSelector>> {
    let mut c = Children::of(pair, ctx);
    c.take_all(Rule::field_selector)
        .into_iter()
        .map(|s| field_selector(s, ctx))
        .collect()
}

fn field_selector(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<FieldSelector> {
    let mut c = Children::of(pair, ctx);
    let inner = c.next("a field")?;
    let span = ctx.span(&inner);
    Ok(match inner.as_rule() {
        Rule::kw_all => FieldSelector::All(span),
        Rule::category_ref => {
            let mut r = Children::of(inner, ctx);
            FieldSelector::Category(ctx.ident(r.expect(Rule::ident, "a category")?), span)
        }
        Rule::path => FieldSelector::Path(path(inner, ctx)),
        _ => {
            return Err(Bug {
                expected: "a field",
                span,
            });
        }
    })
}

fn path(pair: Pair<'_, Rule>, ctx: &Ctx) -> Path {
    let span = ctx.span(&pair);
    let segments = pair
        .into_inner()
        .filter(|p| p.as_rule() == Rule::field_name)
        .map(|p| ctx.ident(p))
        .collect();
    Path { segments, span }
}

fn recipient(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<RecipientDecl> {
    let mut c = Children::of(pair, ctx);
    let keyword = ctx.span(&c.expect(Rule::kw_recipient, "`recipient`")?);
    let name = ctx.ident(c.expect(Rule::ident, "the recipient's name")?);
    let display_name = c.take(Rule::string).map(|s| ctx.string(s));
    let mut items = Vec::new();
    for item in c.take_all(Rule::recipient_item) {
        let mut i = Children::of(item, ctx);
        let inner = i.next("a recipient line")?;
        items.push(match inner.as_rule() {
            Rule::attribute => RecipientItem::Attribute(attribute(inner, ctx)?),
            Rule::share_rule => RecipientItem::Share(share_rule(inner, ctx)?),
            Rule::never_rule => RecipientItem::Never(never_rule(inner, ctx)?),
            Rule::notify_rule => RecipientItem::Notify(notify_rule(inner, ctx)?),
            Rule::delete_rule => RecipientItem::Delete(delete_rule(inner, ctx)?),
            Rule::allow_rule => RecipientItem::Allow(allow_rule(inner, ctx)?),
            _ => {
                return Err(Bug {
                    expected: "a recipient line",
                    span: i.span,
                });
            }
        });
    }
    Ok(RecipientDecl {
        name,
        display_name,
        items,
        keyword,
        span: c.span,
    })
}

fn share_rule(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<ShareRule> {
    let mut c = Children::of(pair, ctx);
    let keyword = ctx.span(&c.expect(Rule::kw_share, "`share`")?);
    let items = c
        .take_all(Rule::share_item)
        .into_iter()
        .map(|i| share_item(i, ctx))
        .collect::<Built<_>>()?;
    let (when, unless) = conditions(&mut c, ctx)?;
    let allows = rule_allows(&mut c, ctx)?;
    Ok(ShareRule {
        items,
        when,
        unless,
        allows,
        keyword,
        span: c.span,
    })
}

fn share_item(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<ShareItem> {
    let mut c = Children::of(pair, ctx);
    let selector = field_selector(c.expect(Rule::field_selector, "a field")?, ctx)?;
    let transform = match c.take(Rule::kw_as) {
        Some(_) => Some(transform(c.expect(Rule::transform, "a transform")?, ctx)?),
        None => None,
    };
    Ok(ShareItem {
        selector,
        transform,
        span: c.span,
    })
}

fn transform(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<TransformExpr> {
    let mut c = Children::of(pair, ctx);
    let name = ctx.ident(c.expect(Rule::transform_name, "a transform")?);
    let to = c.take(Rule::kw_to).map(|t| ctx.span(&t));
    let number = c.take(Rule::number).map(|n| ctx.number(n));
    Ok(TransformExpr {
        name,
        to,
        number,
        span: c.span,
    })
}

fn never_rule(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<NeverRule> {
    let mut c = Children::of(pair, ctx);
    let keyword = ctx.span(&c.expect(Rule::kw_never, "`never`")?);
    c.expect(Rule::kw_share, "`share`")?;
    let selectors = selector_list(c.expect(Rule::selector_list, "fields")?, ctx)?;
    let raw = c.take_next(Rule::kw_raw).map(|p| ctx.span(&p));
    let to = match c.take(Rule::kw_to) {
        Some(_) => {
            let list = c.expect(Rule::recipient_list, "recipients")?;
            let mut l = Children::of(list, ctx);
            let mut recipients = Vec::new();
            for sel in l.take_all(Rule::recipient_selector) {
                let mut s = Children::of(sel, ctx);
                let inner = s.next("a recipient")?;
                recipients.push(match inner.as_rule() {
                    Rule::kw_everyone => RecipientSelector::Everyone(ctx.span(&inner)),
                    _ => RecipientSelector::Name(ctx.ident(inner)),
                });
            }
            Some(recipients)
        }
        None => None,
    };
    let (when, unless) = conditions(&mut c, ctx)?;
    let allows = rule_allows(&mut c, ctx)?;
    Ok(NeverRule {
        selectors,
        raw,
        to,
        when,
        unless,
        allows,
        keyword,
        span: c.span,
    })
}

fn conditions(c: &mut Children<'_>, ctx: &mut Ctx) -> Built<(Option<Expr>, Option<Expr>)> {
    let mut clause = |rule: Rule, ctx: &mut Ctx| -> Built<Option<Expr>> {
        match c.take(rule) {
            Some(pair) => {
                let mut inner = Children::of(pair, ctx);
                Ok(Some(condition(
                    inner.expect(Rule::condition, "a condition")?,
                    ctx,
                )?))
            }
            None => Ok(None),
        }
    };
    let when = clause(Rule::when_clause, ctx)?;
    let unless = clause(Rule::unless_clause, ctx)?;
    Ok((when, unless))
}

fn rule_allows(c: &mut Children<'_>, ctx: &mut Ctx) -> Built<Vec<AllowRule>> {
    c.take_all(Rule::allow_rule)
        .into_iter()
        .map(|a| allow_rule(a, ctx))
        .collect()
}

fn notify_rule(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<NotifyRule> {
    let mut c = Children::of(pair, ctx);
    c.expect(Rule::kw_notify, "`notify`")?;
    let message = c.take_next(Rule::string).map(|s| ctx.string(s));
    let days = ctx.number(c.expect(Rule::number, "a number of days")?);
    Ok(NotifyRule {
        message,
        days,
        span: c.span,
    })
}

fn delete_rule(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<DeleteRule> {
    let mut c = Children::of(pair, ctx);
    let days = ctx.number(c.expect(Rule::number, "a number of days")?);
    Ok(DeleteRule { days, span: c.span })
}

fn allow_rule(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<AllowRule> {
    let mut c = Children::of(pair, ctx);
    let lint = ctx.ident(c.expect(Rule::lint_name, "a lint name")?);
    let reason = c.take(Rule::string).map(|s| ctx.string(s));
    Ok(AllowRule {
        lint,
        reason,
        span: c.span,
    })
}

// ---------------------------------------------------------------- conditions

fn condition(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Expr> {
    let mut c = Children::of(pair, ctx);
    or_expr(c.expect(Rule::or_expr, "a condition")?, ctx)
}

fn or_expr(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Expr> {
    let mut c = Children::of(pair, ctx);
    let span = c.span;
    let mut parts = c
        .take_all_skipping(Rule::and_expr, Rule::kw_or)
        .into_iter()
        .map(|p| and_expr(p, ctx))
        .collect::<Built<Vec<_>>>()?;
    Ok(match parts.len() {
        1 => parts.remove(0),
        _ => Expr {
            kind: ExprKind::Or(parts),
            span,
        },
    })
}

fn and_expr(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Expr> {
    let mut c = Children::of(pair, ctx);
    let span = c.span;
    let mut parts = c
        .take_all_skipping(Rule::not_expr, Rule::kw_and)
        .into_iter()
        .map(|p| not_expr(p, ctx))
        .collect::<Built<Vec<_>>>()?;
    Ok(match parts.len() {
        1 => parts.remove(0),
        _ => Expr {
            kind: ExprKind::And(parts),
            span,
        },
    })
}

impl<'i> Children<'i> {
    /// All remaining `rule` children, stepping over `separator` keywords between them.
    fn take_all_skipping(&mut self, rule: Rule, separator: Rule) -> Vec<Pair<'i, Rule>> {
        let mut out = Vec::new();
        loop {
            if let Some(p) = self.take(rule) {
                out.push(p);
            } else if self.take(separator).is_none() {
                return out;
            }
        }
    }
}

fn not_expr(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Expr> {
    let mut c = Children::of(pair, ctx);
    let nots: Vec<Span> = c
        .take_all(Rule::kw_not)
        .iter()
        .map(|n| ctx.span(n))
        .collect();
    let mut expr = predicate(c.expect(Rule::predicate, "a condition")?, ctx)?;
    if nots.len() > super::MAX_NESTING {
        let span = nots.first().copied().unwrap_or(expr.span).join(expr.span);
        ctx.diagnostics.push(
            Diagnostic::error(
                ErrorCode::TooDeep,
                format!("this condition has {} `not`s in a row", nots.len()),
                span,
            )
            .with_label("too many `not`s")
            .with_help("two `not`s cancel out: remove them in pairs"),
        );
        return Ok(expr);
    }
    for not in nots.into_iter().rev() {
        let span = not.join(expr.span);
        expr = Expr {
            kind: ExprKind::Not(Box::new(expr)),
            span,
        };
    }
    Ok(expr)
}

fn predicate(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Expr> {
    let mut c = Children::of(pair, ctx);
    let span = c.span;
    let left = operand(c.expect(Rule::operand, "a value")?, ctx)?;
    let Some(tail) = c.pairs.next() else {
        return Ok(left);
    };
    let tail_rule = tail.as_rule();
    let mut t = Children::of(tail, ctx);
    let kind = match tail_rule {
        Rule::compare_tail => {
            let op = match t.expect(Rule::cmp_op, "a comparison")?.as_str() {
                "==" => CmpOp::Eq,
                "!=" => CmpOp::Ne,
                "<" => CmpOp::Lt,
                "<=" => CmpOp::Le,
                ">" => CmpOp::Gt,
                _ => CmpOp::Ge,
            };
            let right = operand(t.expect(Rule::operand, "a value")?, ctx)?;
            ExprKind::Compare {
                op,
                left: Box::new(left),
                right: Box::new(right),
            }
        }
        Rule::in_tail | Rule::not_in_tail => {
            let list = t.expect(Rule::list_literal, "a list")?;
            let mut l = Children::of(list, ctx);
            let values = l
                .take_all(Rule::literal)
                .into_iter()
                .map(|v| literal(v, ctx))
                .collect::<Built<_>>()?;
            ExprKind::In {
                operand: Box::new(left),
                values,
                negated: tail_rule == Rule::not_in_tail,
            }
        }
        Rule::is_tail => ExprKind::Is {
            operand: Box::new(left),
            missing: t.take(Rule::kw_missing).is_some(),
        },
        _ => {
            return Err(Bug {
                expected: "a comparison",
                span,
            });
        }
    };
    Ok(Expr { kind, span })
}

fn operand(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Expr> {
    let mut c = Children::of(pair, ctx);
    let inner = c.next("a value")?;
    let span = ctx.span(&inner);
    let kind = match inner.as_rule() {
        Rule::paren_expr => {
            let mut p = Children::of(inner, ctx);
            ExprKind::Paren(Box::new(condition(
                p.expect(Rule::condition, "a condition")?,
                ctx,
            )?))
        }
        Rule::call => {
            let mut p = Children::of(inner, ctx);
            let function = ctx.ident(p.expect(Rule::ident, "a function")?);
            let argument = condition(p.expect(Rule::condition, "an argument")?, ctx)?;
            ExprKind::Call {
                function,
                argument: Box::new(argument),
            }
        }
        Rule::literal => return literal(inner, ctx),
        Rule::kw_today => ExprKind::Today,
        Rule::path => ExprKind::Path(path(inner, ctx)),
        _ => {
            return Err(Bug {
                expected: "a value",
                span,
            });
        }
    };
    Ok(Expr { kind, span })
}

fn literal(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Expr> {
    let mut c = Children::of(pair, ctx);
    let inner = c.next("a value")?;
    let span = ctx.span(&inner);
    let kind = match inner.as_rule() {
        Rule::date => ExprKind::Date(ctx.date(inner)),
        Rule::number => ExprKind::Number(ctx.number(inner)),
        Rule::string => ExprKind::Text(ctx.string(inner).value),
        Rule::kw_true => ExprKind::Bool(true),
        Rule::kw_false => ExprKind::Bool(false),
        _ => {
            return Err(Bug {
                expected: "a value",
                span,
            });
        }
    };
    Ok(Expr { kind, span })
}

// ---------------------------------------------------------------- examples

fn example(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<ExampleDecl> {
    let mut c = Children::of(pair, ctx);
    let keyword = ctx.span(&c.expect(Rule::kw_example, "`example`")?);
    let name = ctx.string(c.expect(Rule::string, "the example's name")?);
    let mut items = Vec::new();
    for item in c.take_all(Rule::example_item) {
        let mut i = Children::of(item, ctx);
        let inner = i.next("an example line")?;
        let span = ctx.span(&inner);
        let rule = inner.as_rule();
        let mut e = Children::of(inner, ctx);
        items.push(match rule {
            Rule::as_of => ExampleItem::AsOf(ctx.date(e.expect(Rule::date, "a date")?), span),
            Rule::given => {
                ExampleItem::Given(json(e.expect(Rule::json_object, "a record")?, ctx)?, span)
            }
            Rule::expect => ExampleItem::Expect(expect(e, span, ctx)?),
            _ => {
                return Err(Bug {
                    expected: "an example line",
                    span,
                });
            }
        });
    }
    Ok(ExampleDecl {
        name,
        items,
        keyword,
        span: c.span,
    })
}

fn expect(mut c: Children<'_>, span: Span, ctx: &mut Ctx) -> Built<Expect> {
    let recipient = ctx.ident(c.expect(Rule::ident, "a recipient")?);
    let expectation = c.expect(Rule::expectation, "what the recipient gets")?;
    let mut e = Children::of(expectation, ctx);
    let gets = if let Some(nothing) = e.take(Rule::kw_nothing) {
        Gets::Nothing(ctx.span(&nothing))
    } else if let Some(exactly) = e.take(Rule::exactly) {
        let mut x = Children::of(exactly, ctx);
        Gets::Exactly(json(x.expect(Rule::json_object, "a record")?, ctx)?)
    } else {
        Gets::Fields(
            e.take_all(Rule::share_item)
                .into_iter()
                .map(|i| share_item(i, ctx))
                .collect::<Built<_>>()?,
        )
    };
    Ok(Expect {
        recipient,
        gets,
        span,
    })
}

fn json(pair: Pair<'_, Rule>, ctx: &mut Ctx) -> Built<Json> {
    let span = ctx.span(&pair);
    let kind = match pair.as_rule() {
        Rule::json_value => {
            let mut c = Children::of(pair, ctx);
            return json(c.next("a JSON value")?, ctx);
        }
        Rule::json_object => {
            let mut c = Children::of(pair, ctx);
            let mut members = Vec::new();
            for member in c.take_all(Rule::json_member) {
                let mut m = Children::of(member, ctx);
                let key = ctx.string(m.expect(Rule::string, "a key")?);
                let value = json(m.expect(Rule::json_value, "a value")?, ctx)?;
                members.push((key, value));
            }
            JsonKind::Object(members)
        }
        Rule::json_array => {
            let mut c = Children::of(pair, ctx);
            JsonKind::Array(
                c.take_all(Rule::json_value)
                    .into_iter()
                    .map(|v| json(v, ctx))
                    .collect::<Built<_>>()?,
            )
        }
        Rule::string => JsonKind::String(ctx.string(pair).value),
        Rule::json_number => JsonKind::Number(pair.as_str().to_string()),
        Rule::kw_true => JsonKind::Bool(true),
        Rule::kw_false => JsonKind::Bool(false),
        Rule::json_null => JsonKind::Null,
        _ => {
            return Err(Bug {
                expected: "a JSON value",
                span,
            });
        }
    };
    Ok(Json { kind, span })
}
