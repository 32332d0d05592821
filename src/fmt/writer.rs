//! Builds the layout stream from the AST walk, taking every token from the source in order
//! and putting its comments back around it.
//!
//! The printers (`decl`, `expr`, `json`) say what comes next (`kw("share")`, `node(span)`)
//! and where lines may break; the writer checks that the source really has that token next,
//! copies its text as written (quoted text, numbers and dates are never re-spelled), and
//! places the token's comments:
//! - comments on their own lines go on their own lines before the token, at the indentation
//!   of the line the token starts (the break before the token is made a hard one);
//! - a trailing comment stays right after its token, and ends the line there: the next
//!   break is made hard, or, where the layout has no break before the next token, one is
//!   added. So nothing is ever commented out, and the comment stays with the code it was
//!   written about.
//!
//! A token that is not the one expected is a bug in the formatter, recorded and reported
//! instead of a panic; the file is then left as it was.

use super::layout::{Break, Elem};
use super::tokens::{Comment, Lexed, Token};
use crate::span::Span;

/// How a block item or declaration is separated from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sep {
    /// The first in its block or file: no blank line before it.
    First,
    /// A blank line if the author left one (several become one).
    Keep,
    /// Always a blank line.
    Force,
}

pub(crate) struct Writer<'s> {
    tokens: Vec<Token<'s>>,
    end_comments: Vec<Comment<'s>>,
    /// The next token to write.
    next: usize,
    /// The token whose leading comments have already been written (at the end of a block).
    leading_written: Option<usize>,
    elems: Vec<Elem>,
    /// A trailing comment that has to end the current line.
    pending: Option<&'s str>,
    /// Blank lines around the next token's comments are kept (it starts a block item).
    keep_blanks: bool,
    bug: Option<String>,
}

impl<'s> Writer<'s> {
    pub(crate) fn new(lexed: Lexed<'s>) -> Self {
        Writer {
            tokens: lexed.tokens,
            end_comments: lexed.end_comments,
            next: 0,
            leading_written: None,
            elems: Vec::new(),
            pending: None,
            keep_blanks: false,
            bug: None,
        }
    }

    /// Writes the comments at the end of the file and returns the stream, or what went wrong.
    pub(crate) fn finish(mut self) -> Result<Vec<Elem>, String> {
        let end_comments = std::mem::take(&mut self.end_comments);
        self.comment_lines(&end_comments, true, false);
        if let Some(comment) = self.pending.take() {
            self.elems.push(Elem::Comment(format!("  {comment}")));
        }
        if let Some(bug) = self.bug {
            return Err(bug);
        }
        match self.tokens.get(self.next) {
            Some(left) => Err(format!(
                "the formatter did not write `{}` at byte {}",
                left.text, left.start
            )),
            None => Ok(self.elems),
        }
    }

    fn fail(&mut self, message: String) {
        if self.bug.is_none() {
            self.bug = Some(message);
        }
    }

    // ------------------------------------------------------------ tokens

    /// The keyword or punctuation `word`.
    pub(crate) fn kw(&mut self, word: &str) {
        self.token(|t| t.text == word, word);
    }

    /// `days` or `day`, as written.
    pub(crate) fn kw_days(&mut self) {
        self.token(|t| t.text == "days" || t.text == "day", "days");
    }

    /// The token the AST node at `span` was read from: a name, path, quoted text or number.
    pub(crate) fn node(&mut self, span: Span) {
        self.token(
            |t| t.start == span.start && t.end == span.end,
            "a name or value",
        );
    }

    fn token(&mut self, is_expected: impl Fn(&Token<'_>) -> bool, expected: &str) {
        if self.bug.is_some() {
            return;
        }
        let index = self.next;
        let Some(token) = self.tokens.get(index) else {
            self.fail(format!("expected {expected} after the end of the file"));
            return;
        };
        if !is_expected(token) {
            let message = format!(
                "expected {expected} at byte {} but found `{}`",
                token.start, token.text
            );
            self.fail(message);
            return;
        }
        let text = token.text;
        let trailing = token.trailing;
        let blank_before = token.blank_before;
        let leading = if self.leading_written == Some(index) {
            Vec::new()
        } else {
            token.leading.clone()
        };
        self.next += 1;
        self.place_leading(&leading, blank_before);
        self.keep_blanks = false;
        if self.pending.is_some() {
            // The token before ended its line with a comment: this one starts the next line.
            self.push_break(Break::Hard { blank: false });
        }
        self.elems.push(Elem::Text(text.to_string()));
        if trailing.is_some() {
            self.pending = trailing;
        }
    }

    /// Puts comments that stood on their own lines before a token on their own lines: right
    /// after the break before the token (made hard), ahead of any group the token opens, so
    /// the comments do not force that group onto several lines.
    fn place_leading(&mut self, comments: &[Comment<'_>], token_blank: bool) {
        if comments.is_empty() {
            return;
        }
        let mut lines = Vec::new();
        // The first comment's blank line, if any, is the item separator's business.
        for (i, comment) in comments.iter().enumerate() {
            if i > 0 && comment.blank_before && self.keep_blanks {
                lines.pop();
                lines.push(Elem::Line(Break::Hard { blank: true }));
            }
            lines.push(Elem::Comment(comment.text.to_string()));
            lines.push(Elem::Line(Break::Hard { blank: false }));
        }
        if token_blank && self.keep_blanks {
            lines.pop();
            lines.push(Elem::Line(Break::Hard { blank: true }));
        }
        match self.last_printed() {
            // The start of the file: before any group the token opens.
            None => {
                self.elems.splice(0..0, lines);
            }
            Some(at) if matches!(self.elems.get(at), Some(Elem::Line(_))) => {
                if let Some(Elem::Line(line)) = self.elems.get_mut(at) {
                    if !matches!(line, Break::Hard { .. }) {
                        *line = Break::Hard { blank: false };
                    }
                }
                let at = at + 1;
                self.elems.splice(at..at, lines);
            }
            Some(_) => {
                self.push_break(Break::Hard { blank: false });
                self.elems.extend(lines);
            }
        }
    }

    /// Where the last element that is not a group or nest marker is.
    fn last_printed(&self) -> Option<usize> {
        self.elems
            .iter()
            .rposition(|e| matches!(e, Elem::Text(_) | Elem::Comment(_) | Elem::Line(_)))
    }

    /// Writes the comments that stand before the next token (the closing `}`, `]` or `)` of
    /// a block) here, inside the block, each on its own line.
    pub(crate) fn close_comments(&mut self, keep_blanks: bool, block_is_empty: bool) {
        let index = self.next;
        if self.leading_written == Some(index) {
            return;
        }
        let Some(comments) = self.tokens.get(index).map(|t| t.leading.clone()) else {
            return;
        };
        self.leading_written = Some(index);
        self.comment_lines(&comments, keep_blanks, block_is_empty);
    }

    fn comment_lines(&mut self, comments: &[Comment<'_>], keep_blanks: bool, first: bool) {
        for (i, comment) in comments.iter().enumerate() {
            if !self.elems.is_empty() {
                let blank = keep_blanks && comment.blank_before && !(i == 0 && first);
                self.push_break(Break::Hard { blank });
            }
            self.elems.push(Elem::Comment(comment.text.to_string()));
        }
    }

    /// Whether comments stand before the next token.
    pub(crate) fn next_has_comments(&self) -> bool {
        self.leading_written != Some(self.next)
            && self
                .tokens
                .get(self.next)
                .is_some_and(|t| !t.leading.is_empty())
    }

    // ------------------------------------------------------------ spaces and breaks

    /// A space between two tokens on one line (none after a trailing comment: the next token
    /// starts a new line).
    pub(crate) fn space(&mut self) {
        if self.pending.is_none() {
            self.elems.push(Elem::Text(" ".into()));
        }
    }

    pub(crate) fn line(&mut self) {
        self.push_break(Break::Space);
    }

    pub(crate) fn softline(&mut self) {
        self.push_break(Break::Soft);
    }

    pub(crate) fn hardline(&mut self) {
        self.push_break(Break::Hard { blank: false });
    }

    fn push_break(&mut self, line: Break) {
        match self.pending.take() {
            Some(comment) => {
                if self.elems.last() == Some(&Elem::Text(" ".into())) {
                    self.elems.pop();
                }
                self.elems.push(Elem::Comment(format!("  {comment}")));
                let blank = matches!(line, Break::Hard { blank: true });
                self.elems.push(Elem::Line(Break::Hard { blank }));
            }
            None => self.elems.push(Elem::Line(line)),
        }
    }

    /// Starts a block item or a declaration on a line of its own.
    pub(crate) fn item(&mut self, sep: Sep) {
        let source_blank = self
            .tokens
            .get(self.next)
            .is_some_and(|t| match t.leading.first() {
                Some(first) if self.leading_written != Some(self.next) => first.blank_before,
                _ => t.blank_before,
            });
        let blank = match sep {
            Sep::First => false,
            Sep::Keep => source_blank,
            Sep::Force => true,
        };
        if !self.elems.is_empty() {
            self.push_break(Break::Hard { blank });
        }
        self.keep_blanks = true;
    }

    // ------------------------------------------------------------ structure

    /// On one line if it fits, otherwise broken at every break directly inside.
    pub(crate) fn group(&mut self, f: impl FnOnce(&mut Self)) {
        self.elems.push(Elem::GroupBegin);
        f(self);
        self.elems.push(Elem::GroupEnd);
    }

    /// Broken only where the next piece would not fit.
    pub(crate) fn fill(&mut self, f: impl FnOnce(&mut Self)) {
        self.elems.push(Elem::FillBegin);
        f(self);
        self.elems.push(Elem::FillEnd);
    }

    /// Lines started inside are indented `by` more columns.
    pub(crate) fn nest(&mut self, by: usize, f: impl FnOnce(&mut Self)) {
        self.elems.push(Elem::NestBegin(by));
        f(self);
        self.elems.push(Elem::NestEnd);
    }

    /// `a, b, c` as a fill: broken after a comma where the next item would not fit.
    pub(crate) fn comma_list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.fill(|w| {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    w.kw(",");
                    w.line();
                }
                each(w, item);
            }
        });
    }
}
