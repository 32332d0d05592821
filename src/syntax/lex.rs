//! The one lexer: a policy's text as a stream of tokens, comments and line breaks included.
//!
//! The grammar (`grammar/shareguard.pest`) parses the language; this module answers the
//! questions that are asked of the raw text around it, in one place, the way the grammar
//! reads it: where quoted text and comments start and end (a `#` inside `"..."` is text; a
//! quoted text cannot run past the end of its line), where brackets open and close, and what
//! the words are. Error recovery (`syntax`), syntax error messages (`syntax::error`), the
//! formatter (`fmt::tokens`) and the spans the checker gives the IR all read the text through
//! it, so they cannot disagree about it.
//!
//! Lexing never fails: a character the language has no use for is an [`TokenKind::Unknown`]
//! token, and an unterminated quoted text is a [`TokenKind::Text`] that says so.

use crate::span::{SourceFile, Span};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of word characters: a name, a keyword, a dotted path, a number, a date, a lint
    /// name (`address.zip`, `2026-06-01`, `-1.5`, `sale-without-preference-check`).
    Word,
    /// A quoted text, with its quotes; `terminated` is false when the line ends first.
    Text {
        /// Whether the closing quote is there.
        terminated: bool,
    },
    /// `==`, `!=`, `<`, `<=`, `>`, `>=`, `=`, `!`.
    Operator,
    /// One of `{ } [ ] ( ) , : ?`.
    Punct,
    /// A `#` comment, to the end of its line (without the line break and trailing blanks).
    Comment,
    /// A line break (`\n`; a `\r` before it is part of the blank space).
    Newline,
    /// Spaces, tabs and carriage returns.
    Blank,
    /// A character the language has no use for.
    Unknown,
}

/// One token and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is, in bytes.
    pub start: usize,
    /// Where it ends, in bytes (exclusive).
    pub end: usize,
}

impl Token {
    /// The token's text in `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the grammar skips it between tokens (blank space, comments, line breaks).
    pub fn is_trivia(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Blank | TokenKind::Newline | TokenKind::Comment
        )
    }
}

const PUNCTUATION: &[u8] = b"{}[](),:?";

/// Whether a byte continues a word. Dots, dashes and `+` keep paths, dates, numbers with
/// exponents and lint names whole.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'+')
}

/// The tokens of `text`, from `start` (a byte offset at a token boundary) to the end.
pub fn tokens_from(text: &str, start: usize) -> Tokens<'_> {
    Tokens {
        bytes: text.as_bytes(),
        text,
        pos: start,
    }
}

/// The tokens of `text`, a byte-order mark at the start skipped.
pub fn tokens(text: &str) -> Tokens<'_> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    tokens_from(text, start)
}

/// An iterator over tokens; see [`tokens`].
#[derive(Clone, Debug)]
pub struct Tokens<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let b = *self.bytes.get(start)?;
        let (kind, end) = match b {
            b'\n' => (TokenKind::Newline, start + 1),
            b' ' | b'\t' | b'\r' => (
                TokenKind::Blank,
                self.run(start, |b| matches!(b, b' ' | b'\t' | b'\r')),
            ),
            b'#' => {
                let line_end = self.run(start, |b| b != b'\n');
                let comment = self.text.get(start..line_end).unwrap_or("").trim_end();
                (TokenKind::Comment, start + comment.len())
            }
            b'"' => self.quoted(start),
            b'=' | b'!' | b'<' | b'>' => {
                let end = if self.bytes.get(start + 1) == Some(&b'=') {
                    start + 2
                } else {
                    start + 1
                };
                (TokenKind::Operator, end)
            }
            _ if PUNCTUATION.contains(&b) => (TokenKind::Punct, start + 1),
            _ if is_word_byte(b) => (TokenKind::Word, self.run(start, is_word_byte)),
            _ => {
                let width = self
                    .text
                    .get(start..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
                (TokenKind::Unknown, start + width)
            }
        };
        // A comment's trailing blanks are left for the next token, so progress is certain.
        self.pos = end.max(start + 1);
        Some(Token { kind, start, end })
    }
}

impl Tokens<'_> {
    /// The end of the run of bytes from `start` that `keep` accepts.
    fn run(&self, start: usize, keep: impl Fn(u8) -> bool) -> usize {
        let mut end = start;
        while self.bytes.get(end).copied().is_some_and(&keep) {
            end += 1;
        }
        end
    }

    /// A quoted text from its opening quote: to the closing quote, or to the end of the line
    /// (the grammar allows no line break inside quotes).
    fn quoted(&self, start: usize) -> (TokenKind, usize) {
        let mut pos = start + 1;
        loop {
            match self.bytes.get(pos) {
                Some(b'"') => return (TokenKind::Text { terminated: true }, pos + 1),
                Some(b'\\') if self.bytes.get(pos + 1).is_some_and(|&b| b != b'\n') => pos += 2,
                Some(b'\n') | None => return (TokenKind::Text { terminated: false }, pos),
                Some(_) => pos += 1,
            }
        }
    }
}

/// `span` without the blank space and comments after its last token.
pub fn trim(span: Span, source: &SourceFile) -> Span {
    let text = source.text();
    let mut end = span.start;
    for token in tokens_from(text, span.start) {
        if token.start >= span.end {
            break;
        }
        if !token.is_trivia() {
            end = token.end.min(span.end);
        }
    }
    Span::new(span.start, end.max(span.start))
}

/// A line without its comment (a `#` outside quoted text).
pub fn code_part(line: &str) -> &str {
    tokens_from(line, 0)
        .find(|t| t.kind == TokenKind::Comment)
        .and_then(|t| line.get(..t.start))
        .unwrap_or(line)
}

/// The text from `at` on, after blank space, line breaks and comments.
pub fn skip_trivia(text: &str, at: usize) -> &str {
    let start = tokens_from(text, at)
        .find(|t| !t.is_trivia())
        .map_or(text.len(), |t| t.start);
    text.get(start..).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text)
            .filter(|t| !matches!(t.kind, TokenKind::Blank))
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn a_hash_inside_quotes_is_text() {
        let text = "purpose \"room #5 \\\" # still text\" # a comment\n";
        assert_eq!(
            kinds(text),
            [
                (TokenKind::Word, "purpose"),
                (
                    TokenKind::Text { terminated: true },
                    "\"room #5 \\\" # still text\""
                ),
                (TokenKind::Comment, "# a comment"),
                (TokenKind::Newline, "\n"),
            ]
        );
    }

    #[test]
    fn quoted_text_ends_at_the_end_of_its_line() {
        let text = "notify \"open\nshare a";
        let found = kinds(text);
        assert_eq!(found[1], (TokenKind::Text { terminated: false }, "\"open"));
        assert_eq!(found[2], (TokenKind::Newline, "\n"));
        assert_eq!(found[3], (TokenKind::Word, "share"));
        // A backslash at the end of the line does not carry the text onto the next one.
        let text = "x \"a\\\ny\"";
        assert_eq!(
            kinds(text)[1],
            (TokenKind::Text { terminated: false }, "\"a\\")
        );
    }

    #[test]
    fn words_hold_paths_numbers_dates_and_lint_names() {
        let text = "allow a-b\nx.y==2026-01-01 [1.5e+3,-2]{};";
        let words: Vec<&str> = kinds(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            words,
            [
                "allow",
                "a-b",
                "\n",
                "x.y",
                "==",
                "2026-01-01",
                "[",
                "1.5e+3",
                ",",
                "-2",
                "]",
                "{",
                "}",
                ";"
            ]
        );
        assert_eq!(kinds(";")[0].0, TokenKind::Unknown);
    }

    #[test]
    fn comments_stop_before_the_line_break_and_trailing_blanks() {
        let text = "a # c \r\n";
        let found: Vec<Token> = tokens(text).collect();
        assert_eq!(found[2].text(text), "# c");
        assert_eq!(found[3].kind, TokenKind::Blank);
        assert_eq!(found[4].kind, TokenKind::Newline);
    }

    #[test]
    fn trim_drops_trailing_space_and_comments_but_not_text() {
        let text = "share a, b  # why \"x\n  \nnext";
        let file = SourceFile::new("t", text);
        assert_eq!(file.slice(trim(Span::new(0, 24), &file)), "share a, b");
        let text = "notify \"a # b\"   ";
        let file = SourceFile::new("t", text);
        assert_eq!(
            file.slice(trim(Span::new(0, text.len()), &file)),
            "notify \"a # b\""
        );
    }

    #[test]
    fn code_part_and_skip_trivia() {
        assert_eq!(code_part("share a # \"b\""), "share a ");
        assert_eq!(code_part("x \"# not\" # yes"), "x \"# not\" ");
        assert_eq!(skip_trivia("  # c\n\n  share", 0), "share");
        assert_eq!(skip_trivia("  # c", 0), "");
    }
}
