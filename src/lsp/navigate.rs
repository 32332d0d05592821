//! Go to definition and find references, for fields, groups, categories and recipients: the
//! declarations and mentions that the checker resolved (`Ir::references`). A kind (`to
//! buyer`) leads to every recipient of that kind; a built-in category has no declaration.

use lsp_types::Location;

use super::analysis::{Analysis, Occurrence};
use super::document::Text;
use crate::ir::Target;

/// Where the name at `offset` is declared.
pub fn definition(text: &Text, analysis: &Analysis, offset: usize) -> Vec<Location> {
    let Some(model) = analysis.model() else {
        return Vec::new();
    };
    let Some(found) = model.at(&text.text, offset) else {
        return Vec::new();
    };
    let targets: Vec<Target> = match &found.target {
        Target::Kind(kind) => model
            .ir
            .recipients
            .iter()
            .filter(|r| r.kind == *kind)
            .map(|r| Target::Recipient(r.name.clone()))
            .collect(),
        other => vec![other.clone()],
    };
    targets
        .iter()
        .flat_map(|t| model.occurrences_of(&text.text, t))
        .filter(|o| o.definition)
        .map(|o| location(text, &o))
        .collect()
}

/// Every mention of the name at `offset`, with its declaration if asked.
pub fn references(
    text: &Text,
    analysis: &Analysis,
    offset: usize,
    with_declaration: bool,
) -> Vec<Location> {
    let Some(model) = analysis.model() else {
        return Vec::new();
    };
    let Some(found) = model.at(&text.text, offset) else {
        return Vec::new();
    };
    model
        .occurrences_of(&text.text, &found.target)
        .iter()
        .filter(|o| with_declaration || !o.definition)
        .map(|o| location(text, o))
        .collect()
}

fn location(text: &Text, occurrence: &Occurrence) -> Location {
    Location::new(text.uri.clone(), text.range(occurrence.span))
}
