//! An open policy: its text as the editor has it, kept in step with the editor's edits, and
//! what the checker found in it (computed when first asked for, once per version).

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use std::rc::Rc;

use super::analysis::{Analysis, LastGood};
use super::position::LineIndex;
use crate::span::Span;

/// The text of one version of a document, indexed by line.
#[derive(Debug)]
pub struct Text {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub lines: LineIndex,
}

impl Text {
    pub fn new(uri: Uri, version: i32, text: String) -> Text {
        Text {
            lines: LineIndex::new(&text),
            uri,
            version,
            text,
        }
    }

    /// The protocol's range for a span of this text.
    pub fn range(&self, span: Span) -> lsp_types::Range {
        self.lines.range(&self.text, span)
    }

    /// The byte offset of a position in this text.
    pub fn offset(&self, position: lsp_types::Position) -> usize {
        self.lines.offset(&self.text, position)
    }

    /// The name checker messages give the file: its path for a file, else the whole URI.
    pub fn name(&self) -> String {
        let uri = self.uri.as_str();
        match uri.strip_prefix("file://") {
            Some(path) => percent_decode(path),
            None => uri.to_string(),
        }
    }
}

/// `%20` and friends in a file URI's path, decoded (invalid sequences kept as written).
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An open document.
#[derive(Debug)]
pub struct Document {
    pub text: Text,
    /// What the checker found in this version, once something asked.
    pub analysis: Option<Analysis>,
    /// The last version checked without errors, for the names while the text has errors.
    last_good: Option<Rc<LastGood>>,
}

impl Document {
    pub fn new(text: Text) -> Document {
        Document {
            text,
            analysis: None,
            last_good: None,
        }
    }

    /// The text and its analysis, computing the analysis if this version has none yet.
    pub fn analyzed(&mut self) -> (&Text, &Analysis) {
        let last_good = &self.last_good;
        let analysis = self
            .analysis
            .get_or_insert_with(|| Analysis::new(&self.text, last_good.clone()));
        (&self.text, analysis)
    }

    /// Applies the editor's changes, in order, and moves to `version`.
    pub fn change(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        if let Some(ir) = self.analysis.take().and_then(Analysis::into_ir) {
            self.last_good = Some(Rc::new(LastGood {
                text: self.text.text.clone(),
                ir,
            }));
        }
        let mut text = std::mem::take(&mut self.text.text);
        let mut lines = std::mem::take(&mut self.text.lines);
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = lines.span(&text, range);
                    text.replace_range(span.start..span.end, &change.text);
                }
                None => text = change.text,
            }
            lines = LineIndex::new(&text);
        }
        self.text.text = text;
        self.text.lines = lines;
        self.text.version = version;
        self.analysis = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn edit(range: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| {
                Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn edits_apply_in_order_in_utf16_units() {
        let uri: Uri = "file:///p%20q/a.share".parse().unwrap();
        let mut doc = Document::new(Text::new(uri, 1, "naïve 𝄞 x\nyz\n".into()));
        assert_eq!(doc.text.name(), "/p q/a.share");
        // Replace "x" (after 'naïve ', the 2-unit '𝄞' and a space: column 9).
        doc.change(
            2,
            vec![
                edit(Some(((0, 9), (0, 10))), "é"),
                edit(Some(((1, 0), (1, 1))), ""),
            ],
        );
        assert_eq!(doc.text.text, "naïve 𝄞 é\nz\n");
        doc.change(3, vec![edit(None, "new")]);
        assert_eq!((doc.text.text.as_str(), doc.text.version), ("new", 3));
    }
}
