//! Lints: warnings over the checked IR for what a privacy reviewer should look at.

use crate::diagnostic::Diagnostic;
use crate::ir::Ir;
use crate::span::SourceFile;
use crate::syntax::ast::PolicyFile;

/// One registered lint.
pub struct Lint {
    pub name: &'static str,
    pub summary: &'static str,
}

/// Every lint, in the order they are documented.
pub const LINTS: &[Lint] = &[];

/// Lint levels chosen on the command line.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

pub fn is_known(name: &str) -> bool {
    LINTS.iter().any(|l| l.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    LINTS.iter().map(|l| l.name)
}

/// Runs every lint over a checked policy.
pub fn run(
    _ir: &Ir,
    _ast: &PolicyFile,
    _source: &SourceFile,
    _options: &LintOptions,
) -> Vec<Diagnostic> {
    Vec::new()
}
