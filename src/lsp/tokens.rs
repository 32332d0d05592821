//! The text around the cursor, read with the language's one lexer (`syntax::lex`): it works
//! on any text, so completion and hover work while the policy does not parse.

use crate::syntax::lex::{Token, TokenKind, tokens};

/// The word (name, path, keyword, number) the cursor is in or just after.
pub fn word_at(text: &str, offset: usize) -> Option<Token> {
    token_at(text, offset).filter(|t| t.kind == TokenKind::Word)
}

/// The token the cursor is in or touches (between two tokens, a word rather than a sign).
pub fn token_at(text: &str, offset: usize) -> Option<Token> {
    let mut found: Option<Token> = None;
    for token in tokens(text) {
        if token.start > offset {
            break;
        }
        let touches =
            offset <= token.end && !matches!(token.kind, TokenKind::Blank | TokenKind::Newline);
        let better = found.is_none_or(|f| f.kind != TokenKind::Word);
        if touches && better {
            found = Some(token);
        }
    }
    found
}

/// The tokens before `offset` that the grammar reads (no blank space, line breaks or
/// comments), in order.
pub fn significant_before(text: &str, offset: usize) -> Vec<Token> {
    tokens(text)
        .take_while(|t| t.end <= offset)
        .filter(|t| !t.is_trivia())
        .collect()
}

/// Whether a line break lies between two offsets.
pub fn line_break_between(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_some_and(|s| s.contains('\n'))
}
