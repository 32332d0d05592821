//! The policy's warnings where a policy is used rather than checked (`apply`, `test`): counted
//! and named on standard error, one line each, and with `--deny-warnings` a reason to stop
//! before anything is written (LANGUAGE.md section 10; `check` shows them in full).

use super::Exit;
use crate::diagnostic::Report;

/// Writes the warnings of `report` on standard error, one line each; with `deny`, says that
/// they stop the command (`stops`: what it then does not do) and returns the exit code.
pub(crate) fn report(report: &Report, deny: bool, stops: &str) -> Result<(), Exit> {
    let warnings = report.warnings();
    if warnings == 0 {
        return Ok(());
    }
    let name = report.source.name();
    let plural = if warnings == 1 { "" } else { "s" };
    eprintln!("{name}: {warnings} warning{plural} (`shareguard check {name}` shows them in full):");
    for diagnostic in report.diagnostics.iter().filter(|d| !d.is_error()) {
        let at = report.source.line_col(diagnostic.primary_span().start);
        eprintln!(
            "  {name}:{}:{}: warning[{}]: {}",
            at.line, at.column, diagnostic.code, diagnostic.message
        );
    }
    if deny {
        eprintln!("error: --deny-warnings: `{name}` has {warnings} warning{plural}, so {stops}");
        return Err(Exit::Failure);
    }
    Ok(())
}

/// Loads the policy of `apply` (or another command that runs it) and reports its warnings;
/// with `deny`, a warning stops the command before it writes anything.
pub(crate) fn load(path: &std::path::Path, deny: bool, stops: &str) -> Result<crate::ir::Ir, Exit> {
    let loaded = super::load_policy_reporting(path)?;
    match &loaded.warnings {
        Some(warnings) => report(warnings, deny, stops)?,
        None if deny => eprintln!(
            "note: `{}` is a compiled policy, which is not linted again: run `shareguard check \
             --deny-warnings` on its .share file before `shareguard compile`",
            path.display()
        ),
        None => {}
    }
    Ok(loaded.ir)
}
