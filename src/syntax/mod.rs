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
pub mod lex;
pub mod print;

use std::collections::HashSet;

use pest::Parser as _;

use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::span::{SourceFile, Span};
use lex::TokenKind;

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
        let content = lex::skip_trivia(rest, 0);
        if content.is_empty() {
            break;
        }
        let decl_start = pos + (rest.len() - content.len());
        // pest indexes the lines of all the text it is given, so each declaration is parsed on
        // its own stretch of text: parsing the rest of the file every time would make a file of
        // many declarations quadratic.
        match parse_declaration(text, pos, decl_start) {
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

/// The reserved words of LANGUAGE.md section 1: never names (the grammar's `reserved` rule).
pub const RESERVED: [&str; 32] = [
    "policy",
    "record",
    "group",
    "category",
    "recipient",
    "share",
    "never",
    "to",
    "when",
    "unless",
    "as",
    "and",
    "or",
    "not",
    "in",
    "is",
    "missing",
    "present",
    "all",
    "everyone",
    "example",
    "given",
    "expect",
    "gets",
    "nothing",
    "exactly",
    "true",
    "false",
    "today",
    "list",
    "of",
    "one",
];

/// The reserved words that cannot name a field either (the grammar's `field_reserved` rule):
/// where a field is named, they would be misread (`share a when b`, `gets nothing`, `all`,
/// and `share` and `never`, which would let a rule run on into the next one).
/// The other reserved words (`group`, `category`, `present`, `list`...) can be fields' names,
/// since records come from customer data.
pub const FIELD_RESERVED: [&str; 18] = [
    "share", "never", "to", "when", "unless", "as", "and", "or", "not", "in", "is", "all",
    "everyone", "nothing", "exactly", "true", "false", "today",
];

/// The words that start a declaration at the top level of a file.
pub const DECLARATION_KEYWORDS: [&str; 9] = [
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

/// The declaration keyword `line` starts with, if it starts a declaration. A field may be
/// called `group` or `policy` (see `field_reserved` in the grammar), so a keyword followed by
/// what follows a field's name (`group: text`, `policy.number == 1`, `group,`) is not one.
fn starts_with_declaration(line: &str) -> Option<&'static str> {
    DECLARATION_KEYWORDS.into_iter().find(|kw| {
        // `-` too: `share-all` in column 1 is a lint name after `allow`, not a `share` rule.
        line.strip_prefix(kw).is_some_and(|after| {
            let next = after.trim_start_matches([' ', '\t']);
            !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && !next.starts_with([':', '.', ',', '=', ')', '<', '>', '!'])
        })
    })
}

/// Where to go on after a syntax error at `error_at` in the declaration that starts at
/// `decl_start`: the first line after the error that begins, in column 1, with a declaration
/// keyword and lies outside the broken declaration's braces. Lines of a recipient written
/// without indentation (`share ...` in column 1) are thereby not mistaken for new
/// declarations. A line starting with `policy`, `record`, `category`, `group`, `recipient` or
/// `example` is taken even inside braces (a `}` is missing before it), and when no line
/// qualifies within [`RESUME_SCAN_LINES`] lines, the first candidate is taken, so recovery
/// stays linear in the size of the file.
fn resume_point(text: &str, decl_start: usize, error_at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut first_candidate = None;
    let mut scanned = 0usize;
    let mut line_start = decl_start;
    loop {
        let line = text.get(line_start..)?;
        if line_start >= error_at {
            if let Some(keyword) = starts_with_declaration(line) {
                let top_level_only = !matches!(keyword, "share" | "never" | "allow");
                if depth == 0 || top_level_only {
                    return Some(line_start);
                }
                first_candidate.get_or_insert(line_start);
            }
            scanned += 1;
            if scanned > RESUME_SCAN_LINES {
                return first_candidate;
            }
        }
        let Some(end) = line.find('\n') else {
            return first_candidate;
        };
        depth = depth_after(line.get(..end).unwrap_or(""), depth);
        line_start += end + 1;
    }
}

/// Lines longer than this are parsed a piece at a time (see [`parse_declaration`]).
const LONG_LINE: usize = 4096;

/// Parses the declaration at `decl_start` (`pos` is where the blank or comments before it
/// start). It is parsed on its own stretch of text, up to where it ends at the latest
/// ([`declaration_end`]). On a very long line, finding that end and parsing up to it would
/// cost the whole rest of the line for each declaration on it, so a line of many thousands of
/// declarations would take quadratic time: there the declaration is first parsed in a piece of
/// the line cut after a space, which must hold the start of the next declaration too, and in
/// twice the piece each time that is not enough.
fn parse_declaration(
    text: &str,
    pos: usize,
    decl_start: usize,
) -> Result<pest::iterators::Pairs<'_, Rule>, pest::error::Error<Rule>> {
    let mut piece = LONG_LINE;
    loop {
        let rest = text.get(decl_start..).unwrap_or("");
        let window = rest.as_bytes().get(..piece);
        let line_is_long = window.is_some_and(|w| !w.contains(&b'\n'));
        let cut = window
            .filter(|_| line_is_long)
            .and_then(|w| w.iter().rposition(|b| *b == b' ' || *b == b'\t'))
            .map(|i| decl_start + i + 1);
        match cut {
            Some(cut) => {
                let stretch = text.get(pos..cut).unwrap_or("");
                if let Ok(pairs) = Grammar::parse(Rule::one_decl_in_piece, stretch) {
                    return Ok(pairs);
                }
                piece = piece.saturating_mul(2);
            }
            None => {
                let stretch = text
                    .get(pos..declaration_end(text, decl_start))
                    .unwrap_or("");
                return Grammar::parse(Rule::one_decl, stretch);
            }
        }
    }
}

/// Where the declaration starting at `start` ends at the latest: at the next line that begins,
/// in column 1, with `policy`, `record`, `category`, `group`, `recipient` or `example` (no
/// declaration contains such a line), or with `share` or `never` outside any braces. `allow`
/// lines are not a boundary: after a rule, `allow` belongs to it.
fn declaration_end(text: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut line_start = start;
    loop {
        let Some(line) = text.get(line_start..) else {
            return text.len();
        };
        if line_start > start {
            match starts_with_declaration(line) {
                Some("share" | "never") if depth == 0 && !follows_never(text, line_start) => {
                    return line_start;
                }
                Some("share" | "never" | "allow") | None => {}
                Some(_) => return line_start,
            }
        }
        let Some(end) = line.find('\n') else {
            return text.len();
        };
        depth = depth_after(line.get(..end).unwrap_or(""), depth);
        line_start += end + 1;
    }
}

/// Whether the word before `at`, comments aside, is `never` (`never` at the end of one line,
/// `share` on the next).
fn follows_never(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let Some(code) = before
        .lines()
        .rev()
        .map(lex::code_part)
        .find(|c| !c.trim().is_empty())
    else {
        return false;
    };
    code.trim_end()
        .strip_suffix("never")
        .is_some_and(|head| !head.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
}

/// How far after a syntax error [`resume_point`] looks for the end of the broken declaration.
const RESUME_SCAN_LINES: usize = 2000;

/// The bracket depth after one line, skipping quoted text and the comment.
fn depth_after(line: &str, depth: usize) -> usize {
    // Most lines have no bracket at all; they need no lexing.
    if !line.bytes().any(|b| b"{}[]()".contains(&b)) {
        return depth;
    }
    lex::tokens_from(line, 0)
        .filter(|t| t.kind == TokenKind::Punct)
        .fold(depth, |depth, t| match t.text(line) {
            "{" | "[" | "(" => depth + 1,
            "}" | "]" | ")" => depth.saturating_sub(1),
            _ => depth,
        })
}

/// Remembers what a declaration that failed to parse was, from its first words.
fn note_broken(decl_text: &str, broken: &mut Broken) {
    broken.any = true;
    let trimmed = lex::skip_trivia(decl_text, 0);
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

/// Finds the first place where brackets, or types (`list of list of ...`), nest deeper than
/// [`MAX_NESTING`], outside quoted text and comments. Every recursive rule of the grammar nests
/// through one of these, so the parser and every later pass stay within a small stack.
fn check_nesting(text: &str) -> Option<Diagnostic> {
    // For each open bracket (and the top level), how many `list of` are open at that level.
    let mut lists: Vec<usize> = vec![0];
    let depth = |lists: &[usize]| lists.len() - 1 + lists.iter().sum::<usize>();
    let mut tokens = lex::tokens(text).filter(|t| !t.is_trivia()).peekable();
    while let Some(token) = tokens.next() {
        let word = token.text(text);
        let span = Span::new(token.start, token.end);
        match (token.kind, word) {
            (TokenKind::Punct, "(" | "[" | "{") => {
                lists.push(0);
                if depth(&lists) > MAX_NESTING {
                    return Some(too_deep(span));
                }
            }
            (TokenKind::Punct, ")" | "]" | "}") if lists.len() > 1 => {
                lists.pop();
            }
            (TokenKind::Word, "list") if tokens.peek().is_some_and(|t| t.text(text) == "of") => {
                if let Some(level) = lists.last_mut() {
                    *level += 1;
                }
                if depth(&lists) > MAX_NESTING {
                    return Some(too_deep(span));
                }
            }
            (TokenKind::Word, "of") => {}
            (TokenKind::Word, _) => {
                if let Some(level) = lists.last_mut() {
                    *level = 0;
                }
            }
            _ => {}
        }
    }
    None
}

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(
        ErrorCode::TooDeep,
        format!("this is nested more than {MAX_NESTING} levels deep"),
        span,
    )
    .with_label("too deep")
    .with_help(
        "a policy never needs this much nesting: split the condition or the record into simpler \
         parts",
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn reserved_words_are_what_the_grammar_refuses_as_names() {
        for word in RESERVED {
            let text = format!("record {word} {{ id: text }}");
            let parsed = parse(&SourceFile::new("t.share", text));
            assert!(
                !parsed.diagnostics.is_empty(),
                "`{word}` was accepted as a name"
            );
            let text = format!("record r {{ {word}: text }}");
            let parsed = parse(&SourceFile::new("t.share", text));
            assert_eq!(
                parsed.diagnostics.is_empty(),
                !FIELD_RESERVED.contains(&word),
                "`{word}` as a field's name"
            );
        }
        let parsed = parse(&SourceFile::new(
            "t.share",
            "record r { kind: text date: date }",
        ));
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        // Fields named like declarations, in column 1 of an unindented record.
        let unindented = "record r key id {\nid: text\ngroup: text\npolicy: text\nrecord: text\n\
                          category: text\nrecipient: text\nexample: text\n}\n\
                          group g = group, policy\n";
        let parsed = parse(&SourceFile::new("t.share", unindented));
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.file.decls.len(), 2);
    }

    #[test]
    fn odd_layouts_of_never_share_and_allow_still_parse() {
        let text = "policy \"p\" { version \"1\" }\nallow\nshare-all \"why\"\nnever # note\n# more\nshare all to buyer\n";
        let parsed = parse(&SourceFile::new("t.share", text));
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.file.decls.len(), 3);
    }

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
    fn resumes_at_a_rule_line_when_nothing_else_follows() {
        let text = "recipient a {\n  kind ?\nshare x\n";
        assert_eq!(resume_point(text, 0, 21), Some(23));
    }

    #[test]
    fn nested_list_types_are_limited_too() {
        let deep = format!("record r {{ x: {}text }}", "list of ".repeat(10_000));
        let diagnostic = check_nesting(&deep).unwrap();
        assert_eq!(diagnostic.code, "E0005");
        let shallow = format!("record r {{ x: {}text }}", "list of ".repeat(10));
        assert!(check_nesting(&shallow).is_none());
    }

    #[test]
    fn nesting_limit_is_reported_not_overflowed() {
        let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        let diagnostic = check_nesting(&deep).unwrap();
        assert_eq!(diagnostic.code, "E0005");
        assert_eq!(diagnostic.primary_span().start, MAX_NESTING);
    }
}
