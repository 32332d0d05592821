//! Formatting: the layout of `shareguard fmt`, as one edit that replaces only what changed
//! (so the editor keeps the cursor and the folds of untouched lines). A file that does not
//! parse is not formatted: the answer is no edit, not an error, since the diagnostics already
//! say what is wrong.

use lsp_types::TextEdit;

use super::document::Text;
use crate::span::{SourceFile, Span};

/// The edits that format the document (none when it is formatted or cannot be).
pub fn format(text: &Text) -> Vec<TextEdit> {
    let source = SourceFile::new(text.name(), text.text.clone());
    match crate::fmt::format(&source) {
        Ok(formatted) => minimal_edit(&text.text, &formatted)
            .map(|(span, new)| TextEdit::new(text.range(span), new.to_string()))
            .into_iter()
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The one replacement that turns `old` into `new`: the part between their common beginning
/// and common end, cut at character boundaries. `None` when they are equal.
fn minimal_edit<'n>(old: &str, new: &'n str) -> Option<(Span, &'n str)> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    let replacement = new.get(prefix..new.len() - suffix)?;
    Some((Span::new(prefix, old.len() - suffix), replacement))
}

#[cfg(test)]
mod tests {
    use super::minimal_edit;

    #[test]
    fn only_the_changed_middle_is_replaced() {
        let (span, new) = minimal_edit("a  b\nc", "a b\nc").unwrap();
        assert_eq!((span.start, span.end, new), (2, 3, ""));
        assert_eq!(minimal_edit("same", "same"), None);
        // Never inside a character: 'é' and 'è' share their first byte.
        let (span, new) = minimal_edit("xé", "xè").unwrap();
        assert_eq!((span.start, span.end, new), (1, 3, "è"));
    }
}
