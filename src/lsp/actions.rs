//! Code actions: quick fixes for the diagnostics that have exactly one fix.
//!
//! The fixes are one table, [`QUICK_FIXES`]: each entry looks at one diagnostic (its code, its
//! help, the text it underlines) and returns the edits that fix it, or nothing. A new kind of
//! fix is one new entry. The `mixed-and-or` lint (`a or b and c`), when it lands, gets one:
//! a function that reads the span of the `and` group the lint underlines and returns the edit
//! that wraps it in parentheses (`a or (b and c)`), the reading the language takes.
//!
//! Fixes are computed from the diagnostics of the document's current version, not from what
//! the editor sends back, so an editor that drops a diagnostic's data still gets them.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, WorkspaceEdit};

use super::analysis::Analysis;
use super::diagnostics;
use super::document::Text;
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::span::{SourceFile, Span};

/// What fixes one diagnostic: a title for the menu and the replacements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<(Span, String)>,
}

/// One kind of quick fix.
#[derive(Debug)]
pub struct QuickFix {
    /// What it fixes, for the reader of this table.
    pub name: &'static str,
    /// The fix for a diagnostic, when this kind applies to it.
    pub fix: fn(&Diagnostic, &SourceFile) -> Option<Fix>,
}

/// Every kind of quick fix.
pub const QUICK_FIXES: &[QuickFix] = &[
    QuickFix {
        name: "did you mean: replace an unknown name with the one suggested",
        fix: did_you_mean,
    },
    QuickFix {
        name: "`//` comment: write `#`",
        fix: slash_comment,
    },
];

/// The quick fixes for the diagnostics that touch `range`.
pub fn code_actions(text: &Text, analysis: &Analysis, range: Span) -> Vec<CodeActionOrCommand> {
    let source = analysis.source();
    let mut actions = Vec::new();
    for diagnostic in &analysis.report.diagnostics {
        let span = diagnostic.primary_span();
        if span.start > range.end || range.start > span.end {
            continue;
        }
        for quick in QUICK_FIXES {
            let Some(fix) = (quick.fix)(diagnostic, source) else {
                continue;
            };
            let edits = fix
                .edits
                .iter()
                .map(|(span, new)| TextEdit::new(text.range(*span), new.clone()))
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostics::to_lsp(text, diagnostic)]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    text.uri.clone(),
                    edits,
                )]))),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// `did you mean `email`?` (or `did you mean "gold"?` for a value): the underlined name becomes
/// the suggestion.
fn did_you_mean(diagnostic: &Diagnostic, source: &SourceFile) -> Option<Fix> {
    let help = diagnostic.help.as_deref()?;
    const ASK: &str = "did you mean ";
    let rest = help.get(help.find(ASK)? + ASK.len()..)?;
    let span = diagnostic.primary_span();
    let written = source.slice(span);
    let suggestion = if let Some(quoted) = rest.strip_prefix('`') {
        let name = quoted.get(..quoted.find("`?")?)?;
        // Only a single word is replaced by a name.
        if written.is_empty() || written.contains(|c: char| c.is_whitespace() || c == '"') {
            return None;
        }
        name.to_string()
    } else if rest.starts_with('"') {
        let end = rest.find("\"?")?;
        if !written.starts_with('"') {
            return None;
        }
        rest.get(..=end)?.to_string()
    } else {
        return None;
    };
    if suggestion == written || suggestion.is_empty() {
        return None;
    }
    Some(Fix {
        title: format!("Change `{written}` to `{suggestion}`"),
        edits: vec![(span, suggestion)],
    })
}

/// A syntax error at `//`: comments start with `#`.
fn slash_comment(diagnostic: &Diagnostic, source: &SourceFile) -> Option<Fix> {
    if diagnostic.code != ErrorCode::Syntax.as_str() {
        return None;
    }
    let start = diagnostic.primary_span().start;
    let slashes = source.text().get(start..)?.starts_with("//");
    slashes.then(|| Fix {
        title: "Write the comment with `#`".into(),
        edits: vec![(Span::new(start, start + 2), "#".into())],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix_of(text: &str, diagnostic: Diagnostic) -> Vec<Fix> {
        let source = SourceFile::new("t.share", text);
        QUICK_FIXES
            .iter()
            .filter_map(|q| (q.fix)(&diagnostic, &source))
            .collect()
    }

    #[test]
    fn suggestions_replace_the_underlined_name() {
        let text = "share emial";
        let d = Diagnostic::error(ErrorCode::UnknownField, "x", Span::new(6, 11))
            .with_help("did you mean `email`?");
        let fixes = fix_of(text, d);
        assert_eq!(fixes[0].edits, [(Span::new(6, 11), "email".to_string())]);
        let text = "tier == \"gld\"";
        let d = Diagnostic::error(ErrorCode::UnknownField, "x", Span::new(8, 13))
            .with_help("did you mean \"gold\"?");
        assert_eq!(fix_of(text, d)[0].edits[0].1, "\"gold\"");
    }

    #[test]
    fn double_slashes_become_a_hash() {
        let text = "// note\n";
        let d = Diagnostic::error(ErrorCode::Syntax, "x", Span::new(0, 1));
        assert_eq!(
            fix_of(text, d)[0].edits,
            [(Span::new(0, 2), "#".to_string())]
        );
    }
}
