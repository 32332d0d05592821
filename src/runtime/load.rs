//! Loading a policy for the runtime: a `.share` file (checked here) or a compiled IR file
//! (validated here, since it may have been edited or produced by another version).

use std::path::Path;

use crate::diagnostic::Report;
use crate::ir::{Condition, ConditionKind, Ir, Operand};
use crate::lint::LintOptions;
use crate::semantics::schema::Schema;

/// Why a policy could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (exit 2).
    Read(crate::policy::ReadError),
    /// A `.share` file with errors (exit 1).
    Policy(Report),
    /// An IR file that is not valid (exit 1).
    Ir(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Read(e) => write!(f, "{e}"),
            LoadError::Policy(r) => write!(
                f,
                "the policy `{}` has {} error(s); run `shareguard check` on it",
                r.source.name(),
                r.errors()
            ),
            LoadError::Ir(e) => f.write_str(e),
        }
    }
}

/// Loads a `.share` policy or a compiled IR file (recognised by starting with `{`).
pub fn load_policy(path: &Path) -> Result<Ir, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| {
        LoadError::Read(crate::policy::ReadError {
            path: path.display().to_string(),
            error,
        })
    })?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        let ir: Ir = serde_json::from_slice(&bytes).map_err(|e| {
            LoadError::Ir(format!(
                "`{}` is not a compiled shareguard policy: {e}",
                path.display()
            ))
        })?;
        validate_ir(&ir).map_err(|e| {
            LoadError::Ir(format!(
                "the compiled policy `{}` is not consistent: {e}; compile it again from its \
                 .share file",
                path.display()
            ))
        })?;
        return Ok(ir);
    }
    let compiled =
        crate::policy::compile_file(path, &LintOptions::default()).map_err(LoadError::Read)?;
    match compiled.ir {
        Some(ir) => Ok(ir),
        None => Err(LoadError::Policy(compiled.report)),
    }
}

/// Checks what the runtime relies on in an IR that did not come straight from the checker.
pub fn validate_ir(ir: &Ir) -> Result<(), String> {
    if ir.format != crate::ir::IR_FORMAT {
        return Err(format!("its format is {:?}", ir.format));
    }
    if ir.version != crate::ir::IR_VERSION {
        return Err(format!(
            "it is IR version {}, and this shareguard reads version {}",
            ir.version,
            crate::ir::IR_VERSION
        ));
    }
    let index = Schema::new(&ir.record);
    if let Some(key) = &ir.record.key {
        if index.get(key).is_none_or(|f| !f.ty.is_leaf() || f.optional) {
            return Err(format!("the key `{key}` is not a required field"));
        }
    }
    let leaf = |path: &str| -> Result<(), String> {
        match index.get(path) {
            Some(f) if f.ty.is_leaf() => Ok(()),
            _ => Err(format!("`{path}` is not a field of the record")),
        }
    };
    let mut names = std::collections::HashSet::new();
    for recipient in &ir.recipients {
        if !names.insert(recipient.name.as_str()) {
            return Err(format!("the recipient `{}` appears twice", recipient.name));
        }
        for rule in &recipient.shares {
            for item in &rule.items {
                for field in &item.fields {
                    leaf(field)?;
                    let ty = index.get(field).map(|f| &f.ty);
                    if ty.is_some_and(|ty| !crate::check::form_fits(&item.form, ty)) {
                        return Err(format!("`{}` cannot be shared {}", field, item.form));
                    }
                }
            }
            for condition in rule.when.iter().chain(&rule.unless) {
                condition_fields(condition, &index)?;
            }
        }
        for rule in &recipient.nevers {
            for field in &rule.fields {
                leaf(field)?;
            }
            for condition in rule.when.iter().chain(&rule.unless) {
                condition_fields(condition, &index)?;
            }
        }
    }
    for example in &ir.examples {
        for expect in &example.expects {
            if !names.contains(expect.recipient.as_str()) {
                return Err(format!(
                    "the example {:?} names an unknown recipient `{}`",
                    example.name, expect.recipient
                ));
            }
        }
    }
    Ok(())
}

fn condition_fields(condition: &Condition, index: &Schema) -> Result<(), String> {
    let field = |path: &str| -> Result<(), String> {
        if index.get(path).is_none() || index.through_list(path) {
            return Err(format!("a condition reads `{path}`, which it cannot"));
        }
        Ok(())
    };
    fn operand_fields(op: &Operand, f: &dyn Fn(&str) -> Result<(), String>) -> Result<(), String> {
        match op {
            Operand::Field { path } => f(path),
            Operand::Call { arg, .. } => operand_fields(arg, f),
            Operand::Literal { .. } | Operand::Today => Ok(()),
        }
    }
    match &condition.kind {
        ConditionKind::Constant { .. } => Ok(()),
        ConditionKind::IsTrue { field: path }
        | ConditionKind::IsMissing { field: path }
        | ConditionKind::IsPresent { field: path } => field(path),
        ConditionKind::Not { arg } => condition_fields(arg, index),
        ConditionKind::And { args } | ConditionKind::Or { args } => {
            args.iter().try_for_each(|c| condition_fields(c, index))
        }
        ConditionKind::Compare { left, right, .. } => {
            operand_fields(left, &field)?;
            operand_fields(right, &field)
        }
        ConditionKind::In { operand, .. } => operand_fields(operand, &field),
    }
}
