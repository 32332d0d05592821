//! The source as the formatter sees it: tokens in order, each with the comments that belong to
//! it.
//!
//! The grammar drops comments, so they are found here in the tokens of the one lexer
//! (`syntax::lex`: a `#` inside `"..."` is not a comment). Each comment is attached by position:
//! - a comment with a token before it on the same line *trails* that token;
//! - a comment on a line of its own *leads* the next token (or the end of the file);
//!
//! and blank lines are remembered as a flag on the comment or token that follows them.
//!
//! A token here is what the grammar treats as one piece of text: a word (`share`, `address.zip`,
//! `2026-06-01`, `-1.5`, `sale-without-consent-check`), a quoted text, an operator (`>=`) or a
//! punctuation mark. The formatter only ever changes the whitespace and comments between
//! tokens; this module is also how it proves that (see `super::same_text`).

use crate::syntax::lex::{self, TokenKind};

/// A comment on a line of its own, as written from `#` (trailing whitespace removed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Comment<'s> {
    pub text: &'s str,
    /// A blank line separates this comment from what came before it.
    pub blank_before: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Token<'s> {
    pub start: usize,
    pub end: usize,
    pub text: &'s str,
    /// Comments on their own lines right before this token.
    pub leading: Vec<Comment<'s>>,
    /// A comment after this token on the same line.
    pub trailing: Option<&'s str>,
    /// A blank line separates this token from the comment or token before it.
    pub blank_before: bool,
}

/// A whole file: its tokens, and the comments after the last one.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lexed<'s> {
    pub tokens: Vec<Token<'s>>,
    pub end_comments: Vec<Comment<'s>>,
}

/// Text the grammar would not have accepted: the formatter only runs on files that parse, so
/// this means the two disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub offset: usize,
}

pub(crate) fn lex(text: &str) -> Result<Lexed<'_>, LexError> {
    let mut lexed = Lexed::default();
    let mut pending: Vec<Comment<'_>> = Vec::new();
    // Newlines since the last token or comment.
    let mut newlines = 0usize;
    for token in lex::tokens(text) {
        let token_text = token.text(text);
        match token.kind {
            TokenKind::Blank => continue,
            TokenKind::Newline => {
                newlines += 1;
                continue;
            }
            TokenKind::Comment => {
                match lexed.tokens.last_mut() {
                    Some(last) if newlines == 0 && pending.is_empty() => {
                        last.trailing = Some(token_text);
                    }
                    _ => pending.push(Comment {
                        text: token_text,
                        blank_before: newlines >= 2,
                    }),
                }
                newlines = 0;
                continue;
            }
            TokenKind::Unknown | TokenKind::Text { terminated: false } => {
                return Err(LexError {
                    offset: token.start,
                });
            }
            TokenKind::Word
            | TokenKind::Text { terminated: true }
            | TokenKind::Operator
            | TokenKind::Punct => {}
        }
        lexed.tokens.push(Token {
            start: token.start,
            end: token.end,
            text: token_text,
            leading: std::mem::take(&mut pending),
            trailing: None,
            blank_before: newlines >= 2,
        });
        newlines = 0;
    }
    lexed.end_comments = pending;
    Ok(lexed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'s>(lexed: &Lexed<'s>) -> Vec<&'s str> {
        lexed.tokens.iter().map(|t| t.text).collect()
    }

    #[test]
    fn a_hash_inside_quotes_is_not_a_comment() {
        let lexed = lex("purpose \"room #5 \\\" # still text\" # a comment\n").unwrap();
        assert_eq!(texts(&lexed), ["purpose", "\"room #5 \\\" # still text\""]);
        assert_eq!(lexed.tokens[1].trailing, Some("# a comment"));
    }

    #[test]
    fn comments_lead_or_trail_by_position() {
        let text = "# head\n\nshare a # why\n  # before when\n\n  when x >= -1\n# end\n";
        let lexed = lex(text).unwrap();
        assert_eq!(texts(&lexed), ["share", "a", "when", "x", ">=", "-1"]);
        assert_eq!(lexed.tokens[0].leading[0].text, "# head");
        assert!(lexed.tokens[0].blank_before);
        assert_eq!(lexed.tokens[1].trailing, Some("# why"));
        assert_eq!(lexed.tokens[2].leading[0].text, "# before when");
        assert!(!lexed.tokens[2].leading[0].blank_before);
        assert!(lexed.tokens[2].blank_before);
        assert_eq!(lexed.end_comments[0].text, "# end");
    }

    #[test]
    fn windows_line_endings_are_not_part_of_comments() {
        let lexed = lex("share a # c\r\n\r\n# d\r\n").unwrap();
        assert_eq!(lexed.tokens[1].trailing, Some("# c"));
        assert_eq!(lexed.end_comments[0].text, "# d");
        assert!(lexed.end_comments[0].blank_before);
    }

    #[test]
    fn unknown_characters_are_refused() {
        assert_eq!(lex("share ;").unwrap_err(), LexError { offset: 6 });
        assert!(lex("\"open").is_err());
    }
}
