//! Positions: the protocol's (line, UTF-16 code unit) pairs and the byte offsets of a policy's
//! UTF-8 text, both ways.
//!
//! The Language Server Protocol counts a line's characters in UTF-16 code units unless client
//! and server agree on another encoding; this server always uses UTF-16, which every client
//! supports. A position past the end of its line is the end of the line, and a line past the
//! end of the text is the end of the text, as the protocol asks. Lines end at `\n`; a `\r`
//! before it belongs to no line's text (the lexer reads it as blank space).

use lsp_types::{Position, Range};

use crate::span::Span;

/// Where each line of a text starts, for converting offsets.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The text of line `line` (from 0) without its line break, and where it starts.
    fn line<'t>(&self, text: &'t str, line: usize) -> Option<(usize, &'t str)> {
        let start = *self.starts.get(line)?;
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let content = text.get(start..end)?;
        Some((start, content.strip_suffix('\r').unwrap_or(content)))
    }

    /// The byte offset of a position (clamped to its line and to the text).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some((start, line)) = self.line(text, position.line as usize) else {
            return text.len();
        };
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, c) in line.char_indices() {
            units += c.len_utf16();
            // The character holding code unit `wanted` (the middle of a surrogate pair is its
            // character's start).
            if wanted < units {
                return start + at;
            }
        }
        start + line.len()
    }

    /// The position of a byte offset (clamped to the text; inside a character, its start).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let before = text
            .get(start..offset)
            .or_else(|| {
                // Inside a character: count up to its start.
                let back = (0..4).find(|b| text.is_char_boundary(offset.saturating_sub(*b)))?;
                text.get(start..offset.saturating_sub(back))
            })
            .unwrap_or("");
        let character: usize = before.chars().map(char::len_utf16).sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range of a span.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end.max(span.start)),
        )
    }

    /// The span of a range.
    pub fn span(&self, text: &str, range: Range) -> Span {
        let start = self.offset(text, range.start);
        Span::new(start, self.offset(text, range.end).max(start))
    }
}

/// A count as the protocol's `uinteger`, saturating (no policy has 4 billion lines).
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip_through_non_ascii_text() {
        // 'é' is 2 bytes and 1 UTF-16 unit; '𝄞' is 4 bytes and 2 units.
        let text = "ab\né𝄞x\r\nlast";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(1, 3));
        assert_eq!(index.offset(text, Position::new(1, 3)), x);
        assert_eq!(
            index.offset(text, Position::new(1, 1)),
            text.find('𝄞').unwrap()
        );
        // The middle of a surrogate pair is the character's start.
        assert_eq!(
            index.offset(text, Position::new(1, 2)),
            text.find('𝄞').unwrap()
        );
        // Past the end of the line: the end of the line, before "\r\n".
        assert_eq!(index.offset(text, Position::new(1, 99)), x + 1);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(index.position(text, text.len()), Position::new(2, 4));
        // An offset inside a character counts to its start.
        assert_eq!(index.position(text, x - 1), Position::new(1, 1));
    }
}
