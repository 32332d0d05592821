//! The decision rule of LANGUAGE.md sections 4 and 5, written once: when a rule applies, and
//! what a recipient's rules together grant.
//!
//! Failing closed: a `share` applies only when its `when` is true and its `unless` is false; a
//! `never` applies unless its `when` is false or its `unless` is true, so an unknown condition
//! never opens a door. A field is granted when an applicable `share` names it and no applicable
//! `never` covers it; a `never share ... raw` covers a field only in its untransformed form, so
//! it cancels a raw `share` of the field and leaves a transformed one alone.
//!
//! The reference evaluation (`runtime::decide`), the fast path and `explain` decide through
//! here; the abstract evaluation of `diff` and the lints asks the same functions.

use super::eval::{CompileError, CondId, Memo, Program, Record};
use super::schema::Schema;
use super::value::Truth;
use crate::ir::{Form, Ir, Loc, Recipient};

/// Why a field that a `share` names was not shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Why {
    /// A `never` rule applied.
    Never,
    WhenFalse,
    WhenUnknown,
    UnlessTrue,
    UnlessUnknown,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::Never => "never",
            Why::WhenFalse => "when-false",
            Why::WhenUnknown => "when-unknown",
            Why::UnlessTrue => "unless-true",
            Why::UnlessUnknown => "unless-unknown",
        }
    }

    /// In words, for `explain` and `test`.
    pub fn describe(self) -> &'static str {
        match self {
            Why::Never => "a `never share` rule applies",
            Why::WhenFalse => "its `when` condition is false",
            Why::WhenUnknown => "its `when` condition is unknown (a field it reads is missing)",
            Why::UnlessTrue => "its `unless` condition is true",
            Why::UnlessUnknown => "its `unless` condition is unknown (a field it reads is missing)",
        }
    }
}

/// A field present in the record that a `share` names but the recipient does not get.
#[derive(Clone, Debug, PartialEq)]
pub struct Withheld {
    pub field: String,
    pub why: Why,
    /// The rule that withheld it: the `never`, or the `share` whose condition did not hold.
    pub rule: Loc,
}

/// Whether a `share` rule applies, given the values of its `when` (true when there is none)
/// and its `unless` (false when there is none); and why not when it does not.
#[inline]
pub fn share_status(when: Truth, unless: Truth) -> Result<(), Why> {
    match (when, unless) {
        (Truth::False, _) => Err(Why::WhenFalse),
        (Truth::Unknown, _) => Err(Why::WhenUnknown),
        (Truth::True, Truth::False) => Ok(()),
        (Truth::True, Truth::True) => Err(Why::UnlessTrue),
        (Truth::True, Truth::Unknown) => Err(Why::UnlessUnknown),
    }
}

/// Whether a `never` rule applies, given the values of its `when` (true when there is none)
/// and its `unless` (false when there is none).
#[inline]
pub fn never_applies(when: Truth, unless: Truth) -> bool {
    when != Truth::False && unless != Truth::True
}

/// The conditions of one rule, compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clauses {
    /// `when`.
    pub when: Option<CondId>,
    /// `unless`.
    pub unless: Option<CondId>,
}

impl Clauses {
    /// The values of `when` (true when absent) and `unless` (false when absent).
    #[inline]
    pub fn values<R: Record + ?Sized>(
        self,
        program: &Program,
        record: &R,
        as_of: chrono::NaiveDate,
        memo: &mut Memo,
    ) -> (Truth, Truth) {
        let when = self
            .when
            .map_or(Truth::True, |c| program.eval(c, record, as_of, memo));
        let unless = self
            .unless
            .map_or(Truth::False, |c| program.eval(c, record, as_of, memo));
        (when, unless)
    }
}

/// One recipient's rules, compiled: its `share` and `never` rules in IR order.
#[derive(Clone, Debug, Default)]
pub struct RecipientRules {
    /// The `share` rules' conditions.
    pub shares: Vec<Clauses>,
    /// The `never` rules' conditions.
    pub nevers: Vec<Clauses>,
}

/// A policy's rules compiled against its record declaration: one [`Program`] for every
/// condition, and each rule's place in it.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// Every condition of the policy.
    pub program: Program,
    /// Per recipient, in IR order.
    pub recipients: Vec<RecipientRules>,
}

impl Rules {
    /// Compiles every condition of the policy.
    pub fn new(ir: &Ir, schema: &Schema) -> Result<Rules, CompileError> {
        let mut program = Program::default();
        let mut compile = |when: Option<&crate::ir::Condition>,
                           unless: Option<&crate::ir::Condition>|
         -> Result<Clauses, CompileError> {
            Ok(Clauses {
                when: when.map(|c| program.intern(c, schema)).transpose()?,
                unless: unless.map(|c| program.intern(c, schema)).transpose()?,
            })
        };
        let mut recipients = Vec::new();
        for recipient in &ir.recipients {
            let shares = recipient
                .shares
                .iter()
                .map(|r| compile(r.when.as_ref(), r.unless.as_ref()))
                .collect::<Result<_, _>>()?;
            let nevers = recipient
                .nevers
                .iter()
                .map(|r| compile(r.when.as_ref(), r.unless.as_ref()))
                .collect::<Result<_, _>>()?;
            recipients.push(RecipientRules { shares, nevers });
        }
        Ok(Rules {
            program,
            recipients,
        })
    }

    /// Whether each rule of recipient `index` applies to `record`, into `shares` and `nevers`
    /// (emptied first).
    #[inline]
    pub fn statuses<R: Record + ?Sized>(
        &self,
        index: usize,
        record: &R,
        as_of: chrono::NaiveDate,
        memo: &mut Memo,
        shares: &mut Vec<Result<(), Why>>,
        nevers: &mut Vec<bool>,
    ) {
        shares.clear();
        nevers.clear();
        let Some(rules) = self.recipients.get(index) else {
            return;
        };
        for clauses in &rules.shares {
            let (when, unless) = clauses.values(&self.program, record, as_of, memo);
            shares.push(share_status(when, unless));
        }
        for clauses in &rules.nevers {
            let (when, unless) = clauses.values(&self.program, record, as_of, memo);
            nevers.push(never_applies(when, unless));
        }
    }
}

/// Whether `a` comes before `b` in the policy file. Reasons cite the first rule in the file,
/// so that the audit trail does not depend on the order rules are stored in.
fn earlier(a: &Loc, b: &Loc) -> bool {
    (a.line, a.column) < (b.line, b.column)
}

/// What a recipient's rules decide for one record, before its values are projected.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution<'r> {
    /// Per leaf (declaration order): the form it is granted in, if an applicable `share`
    /// names it and no applicable `never` removes it (whether or not the record holds it).
    pub grants: Vec<Option<&'r Form>>,
    /// Granted leaves that the record holds, with their forms, in declaration order.
    pub shared: Vec<(String, Form)>,
    pub withheld: Vec<Withheld>,
}

/// Resolves a recipient's rules given whether each `share` applies (or why not), whether each
/// `never` applies, and which leaves the record holds. Both the reference evaluation and the
/// fast path (`crate::runtime::fast`) go through here, so they cannot disagree on the rules.
pub fn resolve<'r>(
    recipient: &'r Recipient,
    schema: &Schema,
    shares: &[Result<(), Why>],
    nevers: &[bool],
    present: &dyn Fn(usize) -> bool,
) -> Resolution<'r> {
    let leaves = schema.leaves().len();
    // Leaves granted by an applicable share, with their form.
    let mut granted: Vec<Option<&Form>> = vec![None; leaves];
    // Leaves named by a share that does not apply: the first such rule and why.
    let mut refused: Vec<Option<(Why, &Loc)>> = vec![None; leaves];
    for (rule, applies) in recipient.shares.iter().zip(shares) {
        for item in &rule.items {
            for leaf in &item.fields {
                let Some(pos) = schema.position(leaf) else {
                    continue;
                };
                match applies {
                    Ok(()) => {
                        if let Some(slot @ None) = granted.get_mut(pos) {
                            *slot = Some(&item.form);
                        }
                    }
                    Err(why) => {
                        if let Some(slot) = refused.get_mut(pos) {
                            if slot.is_none_or(|(_, loc)| earlier(&rule.loc, loc)) {
                                *slot = Some((*why, &rule.loc));
                            }
                        }
                    }
                }
            }
        }
    }
    // Leaves removed by an applicable never, whatever their form, and only when raw: the first
    // such rule in the file.
    let mut removed: Vec<Option<&Loc>> = vec![None; leaves];
    let mut removed_raw: Vec<Option<&Loc>> = vec![None; leaves];
    for (rule, applies) in recipient.nevers.iter().zip(nevers) {
        if !applies {
            continue;
        }
        let slots = if rule.raw {
            &mut removed_raw
        } else {
            &mut removed
        };
        for leaf in &rule.fields {
            if let Some(slot) = schema.position(leaf).and_then(|p| slots.get_mut(p)) {
                if slot.is_none_or(|loc| earlier(&rule.loc, loc)) {
                    *slot = Some(&rule.loc);
                }
            }
        }
    }
    let mut grants: Vec<Option<&Form>> = vec![None; leaves];
    let mut shared = Vec::new();
    let mut withheld = Vec::new();
    for (pos, leaf) in schema.leaves().iter().enumerate() {
        let form = granted.get(pos).copied().flatten();
        let any_form = removed.get(pos).copied().flatten();
        let raw_form = removed_raw
            .get(pos)
            .copied()
            .flatten()
            .filter(|_| form == Some(&Form::Raw));
        let removed_by = match (any_form, raw_form) {
            (Some(a), Some(b)) => Some(if earlier(b, a) { b } else { a }),
            (a, b) => a.or(b),
        };
        if let (Some(form), None) = (form, removed_by) {
            if let Some(slot) = grants.get_mut(pos) {
                *slot = Some(form);
            }
        }
        if !present(pos) {
            continue;
        }
        match (form, removed_by) {
            (Some(_), Some(loc)) => withheld.push(Withheld {
                field: leaf.clone(),
                why: Why::Never,
                rule: loc.clone(),
            }),
            (Some(form), None) => shared.push((leaf.clone(), form.clone())),
            (None, _) => {
                if let Some((why, loc)) = refused.get(pos).copied().flatten() {
                    withheld.push(Withheld {
                        field: leaf.clone(),
                        why,
                        rule: loc.clone(),
                    });
                }
            }
        }
    }
    Resolution {
        grants,
        shared,
        withheld,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `None` is a rule without that clause.
    const CLAUSES: [Option<Truth>; 4] = [
        None,
        Some(Truth::True),
        Some(Truth::False),
        Some(Truth::Unknown),
    ];

    #[test]
    fn a_share_applies_only_when_its_when_is_true_and_its_unless_false() {
        for when in CLAUSES {
            for unless in CLAUSES {
                let expected = match (when.unwrap_or(Truth::True), unless.unwrap_or(Truth::False)) {
                    (Truth::True, Truth::False) => Ok(()),
                    (Truth::False, _) => Err(Why::WhenFalse),
                    (Truth::Unknown, _) => Err(Why::WhenUnknown),
                    (Truth::True, Truth::True) => Err(Why::UnlessTrue),
                    (Truth::True, Truth::Unknown) => Err(Why::UnlessUnknown),
                };
                let got = share_status(when.unwrap_or(Truth::True), unless.unwrap_or(Truth::False));
                assert_eq!(got, expected, "when {when:?} unless {unless:?}");
            }
        }
    }

    #[test]
    fn a_never_applies_unless_its_when_is_false_or_its_unless_true() {
        for when in CLAUSES {
            for unless in CLAUSES {
                let expected = when != Some(Truth::False) && unless != Some(Truth::True);
                let got =
                    never_applies(when.unwrap_or(Truth::True), unless.unwrap_or(Truth::False));
                assert_eq!(got, expected, "when {when:?} unless {unless:?}");
            }
        }
    }
}
