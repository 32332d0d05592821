//! Whether an IR is one the checker could have produced.
//!
//! An IR file is an input like any other: it may come from another version, be edited by hand,
//! or be written to attack the runtime (a recipient named `../../victim` would become a file
//! outside `--out`). Before anything runs it, [`check`] holds it to what the checker guarantees:
//! names that are identifiers (and unique, whatever their case), fields that exist where rules
//! name them, transforms that fit their fields, each field in one form per recipient (which a
//! `never share ... raw` relies on), conditions whose operands have the types their
//! operators need, obligations with sensible numbers, examples about known recipients.

use std::collections::HashSet;

use super::schema::Schema;
use crate::ir::{
    CmpOp, Condition, ConditionKind, Field, FieldType, Function, Ir, Literal, Obligation, Operand,
    Recipient,
};

/// What is wrong with an IR, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inconsistency(pub String);

impl std::fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

type Checked = Result<(), Inconsistency>;

fn fail(message: String) -> Checked {
    Err(Inconsistency(message))
}

/// Whether `name` is an identifier of the language (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks an IR read from a file; see the module's documentation.
pub fn check(ir: &Ir) -> Checked {
    if ir.format != crate::ir::IR_FORMAT {
        return fail(format!("its format is {:?}", ir.format));
    }
    if ir.version != crate::ir::IR_VERSION {
        return fail(format!(
            "it is IR version {}, and this shareguard reads version {}",
            ir.version,
            crate::ir::IR_VERSION
        ));
    }
    let schema = Schema::new(&ir.record);
    let categories: HashSet<&str> = ir.categories.iter().map(|c| c.name.as_str()).collect();
    fields(&ir.record.fields, "", &categories)?;
    if let Some(key) = &ir.record.key {
        if schema
            .get(key)
            .is_none_or(|f| !f.ty.is_leaf() || f.optional || key.contains('.'))
        {
            return fail(format!("the key `{key}` is not a required top-level field"));
        }
    }
    for group in &ir.groups {
        name("group", &group.name)?;
        group.fields.iter().try_for_each(|f| leaf(&schema, f))?;
    }
    let mut names = HashSet::new();
    for recipient in &ir.recipients {
        name("recipient", &recipient.name)?;
        if !names.insert(recipient.name.to_lowercase()) {
            return fail(format!(
                "the recipient `{}` appears twice (names are compared regardless of case)",
                recipient.name
            ));
        }
        rules(&schema, recipient)?;
    }
    for example in &ir.examples {
        for expect in &example.expects {
            if ir.recipient(&expect.recipient).is_none() {
                return fail(format!(
                    "the example {:?} names an unknown recipient `{}`",
                    example.name, expect.recipient
                ));
            }
        }
    }
    Ok(())
}

fn name(what: &str, name: &str) -> Checked {
    if is_identifier(name) {
        return Ok(());
    }
    fail(format!(
        "the {what} name {name:?} is not a name the language allows"
    ))
}

fn fields(fields: &[Field], parent: &str, categories: &HashSet<&str>) -> Checked {
    let mut seen = HashSet::new();
    for field in fields {
        name("field", &field.name)?;
        let path = if parent.is_empty() {
            field.name.clone()
        } else {
            format!("{parent}.{}", field.name)
        };
        if field.path != path || !seen.insert(&field.name) {
            return fail(format!(
                "the field `{}` is declared inconsistently",
                field.path
            ));
        }
        if let Some(tag) = field.tags.iter().find(|t| !categories.contains(t.as_str())) {
            return fail(format!(
                "the field `{path}` has the undeclared category `{tag}`"
            ));
        }
        if let FieldType::Enum { values } = &field.ty {
            if values.is_empty() {
                return fail(format!("the field `{path}` is one of no values"));
            }
        }
        self::fields(field.ty.children(), &path, categories)?;
    }
    Ok(())
}

fn leaf(schema: &Schema, path: &str) -> Checked {
    match schema.get(path) {
        Some(f) if f.ty.is_leaf() => Ok(()),
        _ => fail(format!("`{path}` is not a field of the record")),
    }
}

fn rules(schema: &Schema, recipient: &Recipient) -> Checked {
    if recipient.purpose.trim().is_empty() {
        return fail(format!("the recipient `{}` has no purpose", recipient.name));
    }
    // One form per field (LANGUAGE.md section 4): a `never share ... raw` cancels a field by
    // its form, so a field granted in two forms would be decided by rule order.
    let mut forms: std::collections::HashMap<&str, &crate::ir::Form> =
        std::collections::HashMap::new();
    for rule in &recipient.shares {
        for item in &rule.items {
            for field in &item.fields {
                if forms
                    .insert(field, &item.form)
                    .is_some_and(|f| *f != item.form)
                {
                    return fail(format!(
                        "`{field}` is shared in two forms to `{}`",
                        recipient.name
                    ));
                }
                leaf(schema, field)?;
                if schema
                    .get(field)
                    .is_some_and(|f| !super::transform::fits(&item.form, &f.ty))
                {
                    return fail(format!("`{field}` cannot be shared {}", item.form));
                }
            }
        }
        condition_pair(schema, rule.when.as_ref(), rule.unless.as_ref())?;
    }
    for rule in &recipient.nevers {
        rule.fields.iter().try_for_each(|f| leaf(schema, f))?;
        condition_pair(schema, rule.when.as_ref(), rule.unless.as_ref())?;
    }
    for obligation in &recipient.obligations {
        let days = match obligation {
            Obligation::Notify {
                message,
                within_days,
                ..
            } => {
                // A message left out is generated; one written must say something.
                if message.as_deref().is_some_and(|m| m.trim().is_empty()) {
                    return fail(format!("a notify of `{}` says nothing", recipient.name));
                }
                *within_days
            }
            Obligation::Delete { after_days, .. } => *after_days,
        };
        if !(1..=36_500).contains(&days) {
            return fail(format!(
                "an obligation of `{}` counts {days} days",
                recipient.name
            ));
        }
    }
    Ok(())
}

fn condition_pair(
    schema: &Schema,
    when: Option<&Condition>,
    unless: Option<&Condition>,
) -> Checked {
    when.into_iter()
        .chain(unless)
        .try_for_each(|c| condition(schema, c))
}

/// The type of a value in a condition, as far as type checking goes.
#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Text,
    /// A quoted text in the policy: it may be compared with a one-of field if it is a value.
    TextLiteral(String),
    Number,
    Bool,
    Date,
    List,
    Enum(Vec<String>),
}

fn condition(schema: &Schema, condition: &Condition) -> Checked {
    let bad = || fail(format!("the condition `{condition}` does not type-check"));
    match &condition.kind {
        ConditionKind::Constant { .. } => Ok(()),
        ConditionKind::IsTrue { field } => match operand(
            schema,
            &Operand::Field {
                path: field.clone(),
            },
        )? {
            Ty::Bool => Ok(()),
            _ => bad(),
        },
        ConditionKind::IsMissing { field } | ConditionKind::IsPresent { field } => {
            readable(schema, field).map(|_| ())
        }
        ConditionKind::Not { arg } => self::condition(schema, arg),
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            args.iter().try_for_each(|c| self::condition(schema, c))
        }
        ConditionKind::Compare { cmp, left, right } => {
            let (l, r) = (operand(schema, left)?, operand(schema, right)?);
            if comparable(&l, &r, *cmp) {
                Ok(())
            } else {
                bad()
            }
        }
        ConditionKind::In {
            operand: op,
            values,
            ..
        } => {
            let subject = operand(schema, op)?;
            let fits = values
                .iter()
                .all(|v| comparable(&subject, &literal(v), CmpOp::Eq));
            if fits { Ok(()) } else { bad() }
        }
    }
}

fn comparable(l: &Ty, r: &Ty, cmp: CmpOp) -> bool {
    let same = match (l, r) {
        (Ty::Enum(values), Ty::TextLiteral(v)) | (Ty::TextLiteral(v), Ty::Enum(values)) => {
            values.contains(v)
        }
        (Ty::Enum(a), Ty::Enum(b)) => a == b,
        (Ty::Text | Ty::TextLiteral(_), Ty::Text | Ty::TextLiteral(_)) => true,
        (a, b) => a == b,
    };
    same && (!cmp.is_ordering() || matches!(l, Ty::Number | Ty::Date))
}

fn literal(literal: &Literal) -> Ty {
    match literal {
        Literal::Text(t) => Ty::TextLiteral(t.clone()),
        Literal::Number(_) => Ty::Number,
        Literal::Date(_) => Ty::Date,
        Literal::Bool(_) => Ty::Bool,
    }
}

fn readable<'s>(schema: &'s Schema, path: &str) -> Result<&'s FieldType, Inconsistency> {
    match schema.get(path) {
        Some(f) if !schema.through_list(path) => Ok(&f.ty),
        _ => Err(Inconsistency(format!(
            "a condition reads `{path}`, which it cannot"
        ))),
    }
}

fn operand(schema: &Schema, op: &Operand) -> Result<Ty, Inconsistency> {
    Ok(match op {
        Operand::Literal { value } => {
            if super::value::literal(value).is_none() {
                return Err(Inconsistency(format!("{value} is not a value")));
            }
            literal(value)
        }
        Operand::Today => Ty::Date,
        Operand::Field { path } => match readable(schema, path)? {
            FieldType::Text => Ty::Text,
            FieldType::Number | FieldType::Integer => Ty::Number,
            FieldType::Bool => Ty::Bool,
            FieldType::Date => Ty::Date,
            FieldType::Enum { values } => Ty::Enum(values.clone()),
            FieldType::List { .. } => Ty::List,
            FieldType::Object { .. } => {
                return Err(Inconsistency(format!(
                    "a condition reads the value of `{path}`, a group of fields"
                )));
            }
        },
        Operand::Call { function, arg } => {
            let arg = operand(schema, arg)?;
            match (function, arg) {
                (Function::Age | Function::DaysSince, Ty::Date) => Ty::Number,
                (Function::Count, Ty::List) => Ty::Number,
                (Function::Lower, Ty::Text | Ty::Enum(_)) => Ty::Text,
                _ => {
                    return Err(Inconsistency(format!(
                        "`{op}` applies {} to the wrong type",
                        function.as_str()
                    )));
                }
            }
        }
    })
}
