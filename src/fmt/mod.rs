//! `shareguard fmt`: rewrites a policy in the one canonical layout, comments kept.
//!
//! ```
//! use shareguard::span::SourceFile;
//!
//! let messy = "recipient  printmail \"PrintMail Co.\"{kind vendor # a mail house\n\
//!              share first_name,last_name when consent.marketing}\n";
//! let tidy = shareguard::fmt::format(&SourceFile::new("p.share", messy)).unwrap();
//! assert_eq!(
//!     tidy,
//!     "recipient printmail \"PrintMail Co.\" {\n  kind vendor  # a mail house\n  \
//!      share first_name, last_name when consent.marketing\n}\n"
//! );
//! ```
//!
//! # The layout
//! - Blocks (`policy`, `record`, object types, `recipient`, `example`) indent their contents
//!   by 2, one item per line; an empty block is `{}`. A blank line the author left between
//!   two items of a block is kept (several become one); none is added. Blank lines right
//!   after `{` or before `}` go.
//! - Top-level declarations are set apart by one blank line, except one-line declarations of
//!   the same kind that the author wrote without a blank line between them (a list of
//!   `group`s, `category`s, top-level `never` rules or `allow`s): they stay a list.
//! - Lines are at most 100 columns where the text can be broken (a long quoted text cannot).
//!   A rule that does not fit puts `when` and `unless` each on a line of its own, indented 2
//!   past the rule (as the reference policies do); a condition that still does not fit
//!   breaks before each `and`/`or`, one operand per line, indented 2 more (see `expr`).
//!   Comma lists (share items, selectors, `in [...]`, `one of`, `expect ... gets`) fill
//!   continuation lines indented 4, breaking after a comma, so a continued list never lines
//!   up with a `when`; a long notice puts `within N days` on such a line.
//! - `allow` lines after a rule belong to the rule (the grammar binds them to it), so they
//!   are indented 2 past it like its `when`; an `allow` among a recipient's attributes stays
//!   an item of its own. Nothing is ever reordered: which rule an `allow` binds to cannot
//!   change.
//! - Record fields are one per line and not aligned: alignment would make adding one long
//!   field name a change to every line of the record, and would not survive nested objects.
//!   A field too long for a line puts its tags and label (or just the label, if the tags
//!   fit) on a continuation line.
//! - Example JSON: see `json`. One space after `:` and `,`, none inside `[]` and `()`, one on
//!   each side of comparison operators.
//! - Quoted text, numbers, dates and `day`/`days` are kept exactly as written.
//! - Lines end in `\n` (a file written with `\r\n` is converted), the file ends with exactly
//!   one newline, and a byte order mark, if there is one, is kept.
//!
//! # Comments
//! Comments are found by scanning the source (`tokens`) and attached to the token they follow
//! on the same line (trailing) or to the next token (a comment on its own line), then
//! written back around that token (`writer`): own-line comments stay on their own lines
//! before it, at its indentation; trailing comments stay right after it, two spaces after
//! the code, and end the line; comments before a block's `}` stay at the end of the block;
//! comments at the end of the file stay there. A comment inside a condition, a list or JSON
//! breaks it onto several lines where it stands, so it can stay in place. Comment text is
//! kept as written, except for trailing whitespace.
//!
//! # Never a different policy
//! The formatter only changes whitespace. It checks this on every run: the result must have
//! exactly the tokens and comments of the input, in the same order, each comment trailing
//! the same token or on its own line before the same token as before, or
//! [`FormatError::Internal`] is returned and nothing should be written. A file with syntax
//! errors is refused ([`FormatError::Syntax`]): its declarations are not all known, so it
//! cannot be laid out safely. Other errors (unknown names, bad types, invalid dates) do not
//! stop formatting.

mod decl;
mod expr;
mod json;
mod layout;
mod tokens;
mod writer;

use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::span::SourceFile;

pub use layout::WIDTH;

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file does not parse; these are the parser's diagnostics.
    Syntax(Vec<Diagnostic>),
    /// The formatter would have changed more than layout: a bug in shareguard.
    Internal(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Syntax(d) => write!(f, "the file has {} syntax error(s)", d.len()),
            FormatError::Internal(why) => write!(
                f,
                "internal error: the formatter could not keep the policy as it is ({why}); \
                 this is a bug in shareguard, please report it with the policy file"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// The policy in canonical layout. Never panics.
pub fn format(source: &SourceFile) -> Result<String, FormatError> {
    let parsed = crate::syntax::parse(source);
    let refused = parsed.broken.any
        || parsed
            .diagnostics
            .iter()
            .any(|d| d.code == ErrorCode::Syntax.as_str() || d.code == ErrorCode::TooDeep.as_str());
    if refused {
        return Err(FormatError::Syntax(parsed.diagnostics));
    }
    let text = source.text();
    let lexed = tokens::lex(text)
        .map_err(|e| FormatError::Internal(format!("unexpected text at byte {}", e.offset)))?;
    let mut writer = writer::Writer::new(lexed);
    decl::file(&mut writer, &parsed.file);
    let elems = writer.finish().map_err(FormatError::Internal)?;
    let mut formatted = layout::render(&elems);
    if text.starts_with('\u{feff}') {
        formatted.insert(0, '\u{feff}');
    }
    same_text(text, &formatted)?;
    Ok(formatted)
}

/// Checks that `formatted` holds exactly the tokens and comments of `original`, in the same
/// order, each comment still trailing the same token or still on its own line before the
/// same token: whitespace is all that may differ, and whitespace means nothing to the grammar.
fn same_text(original: &str, formatted: &str) -> Result<(), FormatError> {
    #[derive(PartialEq)]
    enum Piece<'s> {
        Token(&'s str),
        Leading(&'s str),
        Trailing(&'s str),
    }
    fn pieces(text: &str) -> Option<Vec<Piece<'_>>> {
        let lexed = tokens::lex(text).ok()?;
        let mut out = Vec::new();
        for token in &lexed.tokens {
            out.extend(token.leading.iter().map(|c| Piece::Leading(c.text)));
            out.push(Piece::Token(token.text));
            out.extend(token.trailing.map(Piece::Trailing));
        }
        out.extend(lexed.end_comments.iter().map(|c| Piece::Leading(c.text)));
        Some(out)
    }
    let (Some(before), Some(after)) = (pieces(original), pieces(formatted)) else {
        return Err(FormatError::Internal("the result could not be read".into()));
    };
    if before == after {
        return Ok(());
    }
    let same = before
        .iter()
        .zip(&after)
        .take_while(|(a, b)| a == b)
        .count();
    let at = match before.get(same) {
        Some(Piece::Token(t) | Piece::Leading(t) | Piece::Trailing(t)) => t,
        None => "the end of the file",
    };
    Err(FormatError::Internal(format!(
        "the text would change at `{at}`"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format(&SourceFile::new("t.share", text)).unwrap()
    }

    #[test]
    fn syntax_errors_are_refused() {
        let err = format(&SourceFile::new("t.share", "recipient x {\n  kind ?\n}\n")).unwrap_err();
        assert!(matches!(err, FormatError::Syntax(d) if d[0].code == "E0001"));
    }

    #[test]
    fn an_empty_file_stays_empty() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\n\n"), "");
        assert_eq!(fmt("# only\n\n\n# comments   \n"), "# only\n\n# comments\n");
    }

    #[test]
    fn a_trailing_comment_never_comments_out_code() {
        let out = fmt("recipient x # c\n \"X\" {}\n");
        assert_eq!(out, "recipient x  # c\n\"X\" {}\n");
    }

    #[test]
    fn comments_in_a_condition_break_it_where_they_stand() {
        let out = fmt("recipient x {\n share a when b # why b\n and c # why c\n}\n");
        assert_eq!(
            out,
            "recipient x {\n  share a\n    when b  # why b\n      and c  # why c\n}\n"
        );
    }
}
