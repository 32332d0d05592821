//! Text → AST: the pest grammar (`grammar/shareguard.pest`), error recovery and depth limits.
//!
//! The file is parsed one declaration at a time. When a declaration has a syntax error, the
//! error is reported and parsing resumes at the next line that starts (in column 1) with a
//! declaration keyword, so one broken recipient does not hide mistakes elsewhere. The names of
//! broken declarations are remembered in [`Broken`], so the checker does not report every use
//! of a broken recipient or group as unknown: one mistake, one error.
//!
//! This module does not resolve names or types; see `crate::check`.

pub mod ast;
mod build;
mod error;
pub mod print;

use std::collections::HashSet;

use pest::Parser as _;

use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::span::{SourceFile, Span};

/// How deeply brackets, braces and parentheses may nest. Deeper input gets a diagnostic
/// instead of a stack overflow in the parser or in any later pass.
pub const MAX_NESTING: usize = 64;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/shareguard.pest"]
pub(crate) struct Grammar;

/// What is known about declarations that had syntax errors.
#[derive(Clone, Debug, Default)]
pub struct Broken {
    pub policy: bool,
    pub record: bool,
    /// Names of broken recipients, groups and categories.
    pub names: HashSet<String>,
    /// Whether any declaration at all was broken.
    pub any: bool,
}

/// The result of parsing: the declarations that parsed, what did not, and the errors.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub file: ast::PolicyFile,
    pub broken: Broken,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a whole policy file. Never panics; every problem becomes a diagnostic.
pub fn parse(source: &SourceFile) -> Parsed {
    let text = source.text();
    let mut parsed = Parsed::default();
    if let Some(diagnostic) = check_nesting(text) {
        parsed.diagnostics.push(diagnostic);
        parsed.broken.any = true;
        parsed.broken.policy = true;
        parsed.broken.record = true;
        return parsed;
    }
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while let Some(rest) = text.get(pos..) {
        if Grammar::parse(Rule::rest, rest).is_ok() {
            break;
        }
        match Grammar::parse(Rule::one_decl, rest) {
            Ok(mut pairs) => {
                let Some(pair) = pairs.next() else { break };
                let end = pos + pair.as_span().end();
                match build::declaration(pair, pos, &mut parsed.diagnostics) {
                    Ok(decl) => parsed.file.decls.push(decl),
                    Err(bug) => parsed.diagnostics.push(bug.into_diagnostic()),
                }
                if end <= pos {
                    break;
                }
                pos = end;
            }
            Err(err) => {
                let diagnostic = error::from_pest(&err, text, pos);
                let error_at = diagnostic.primary_span().start;
                parsed.diagnostics.push(diagnostic);
                note_broken(text.get(pos..).unwrap_or(""), &mut parsed.broken);
                match resume_point(text, pos, error_at.max(pos + 1)) {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
    }
    parsed
}

const DECLARATION_KEYWORDS: [&str; 9] = [
    "policy",
    "record",
    "category",
    "group",
    "recipient",
    "never",
    "share",
    "allow",
    "example",
];

/// Where a declaration keyword keyword ends, if `line` starts with one.
fn starts_with_declaration(line: &str) -> Option<&'static str> {
    DECLARATION_KEYWORDS.into_iter().find(|kw| {
        line.strip_prefix(kw).is_some_and(|after| {
            !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        })
    })
}

/// Where to go on after a syntax error at `error_at` in the declaration that starts at
/// `decl_start`: the first line at or after `error_at` that begins, in column 1, with a
/// declaration keyword, and that lies outside the broken declaration's braces. Lines of a
/// recipient written without indentation (`share ...` in column 1) are thereby not mistaken
/// for new declarations. When the braces never close (a `}` is missing), the first such line
/// after the error is taken anyway.
fn resume_point(text: &str, decl_start: usize, error_at: usize) -> Option<usize> {
    let candidates = declaration_lines(text, error_at);
    let outside = outside_braces(text, decl_start);
    candidates
        .iter()
        .copied()
        .find(|&line| outside.iter().any(|&(from, to)| from <= line && line <= to))
        .or_else(|| candidates.first().copied())
}

/// The starts of the lines at or after `from` that begin with a declaration keyword.
fn declaration_lines(text: &str, from: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let Some(before) = text.get(..from) else {
        return out;
    };
    let mut line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if line_start < from {
        match text.get(from..).and_then(|rest| rest.find('\n')) {
            Some(i) => line_start = from + i + 1,
            None => return out,
        }
    }
    while let Some(line) = text.get(line_start..) {
        if starts_with_declaration(line).is_some() {
            out.push(line_start);
        }
        match line.find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    out
}

/// The byte ranges from `from` on where every `{`, `[` and `(` opened since `from` is closed,
/// skipping quoted text and comments.
fn outside_braces(text: &str, from: usize) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let Some(rest) = text.get(from..) else {
        return ranges;
    };
    let mut depth = 0usize;
    // The start of the current stretch at depth 0, if the scan is in one.
    let mut closed_at: Option<usize> = Some(from);
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => skip_quoted(&mut chars),
            '#' => skip_comment(&mut chars),
            '{' | '[' | '(' => {
                if let Some(start) = closed_at.take() {
                    ranges.push((start, from + i));
                }
                depth += 1;
            }
            '}' | ']' | ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && closed_at.is_none() {
                    closed_at = Some(from + i + 1);
                }
            }
            _ => {}
        }
    }
    if let Some(start) = closed_at {
        ranges.push((start, text.len()));
    }
    ranges
}

fn skip_quoted(chars: &mut std::str::CharIndices<'_>) {
    // An unterminated quoted text ends at the end of its line; the grammar reports it.
    let mut escaped = false;
    for (_, c) in chars.by_ref() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"' | '\n') => break,
            _ => {}
        }
    }
}

fn skip_comment(chars: &mut std::str::CharIndices<'_>) {
    for (_, c) in chars.by_ref() {
        if c == '\n' {
            break;
        }
    }
}

/// Remembers what a declaration that failed to parse was, from its first words.
fn note_broken(decl_text: &str, broken: &mut Broken) {
    broken.any = true;
    let trimmed = skip_blank_and_comments(decl_text);
    let mut words = trimmed
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty());
    match words.next() {
        Some("policy") => broken.policy = true,
        Some("record") => broken.record = true,
        Some("recipient" | "group" | "category") => {
            if let Some(name) = words.next() {
                broken.names.insert(name.to_string());
            }
        }
        _ => {}
    }
}

fn skip_blank_and_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        match text.strip_prefix('#') {
            Some(comment) => {
                text = comment
                    .find('\n')
                    .and_then(|i| comment.get(i..))
                    .unwrap_or("");
            }
            None => return text,
        }
    }
}

/// Finds the first place where brackets nest deeper than [`MAX_NESTING`], outside quoted
/// text and comments.
fn check_nesting(text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => skip_quoted(&mut chars),
            '#' => skip_comment(&mut chars),
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(
                        Diagnostic::error(
                            ErrorCode::TooDeep,
                            format!("this is nested more than {MAX_NESTING} levels deep"),
                            Span::new(i, i + 1),
                        )
                        .with_label("too deep")
                        .with_help(
                            "a policy never needs this much nesting: split the condition or the \
                             record into simpler parts",
                        ),
                    );
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resumes_at_the_next_declaration_line() {
        let text = "recipient a {\n  kind ?\n}\nrecipient b {\n}\n";
        // "recipient b" starts at byte 25.
        assert_eq!(resume_point(text, 0, 20), Some(25));
        assert_eq!(resume_point(text, 0, 25), Some(25));
        assert_eq!(resume_point(text, 0, 26), None);
    }

    #[test]
    fn resumes_after_the_broken_declarations_closing_brace() {
        // The body is not indented: `share` in column 1 belongs to recipient a.
        let text = "recipient a {\nkind ?\nshare x\n}\nrecipient b {\n}\n";
        assert_eq!(resume_point(text, 0, 19), Some(31));
    }

    #[test]
    fn resumes_at_the_next_declaration_when_a_brace_is_missing() {
        let text = "recipient a {\n  share x ?\n\nrecipient b {\n}\n";
        assert_eq!(resume_point(text, 0, 24), Some(27));
    }

    #[test]
    fn nesting_limit_is_reported_not_overflowed() {
        let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        let diagnostic = check_nesting(&deep).unwrap();
        assert_eq!(diagnostic.code, "E0005");
        assert_eq!(diagnostic.primary_span().start, MAX_NESTING);
    }
}
