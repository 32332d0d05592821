//! The checker's diagnostics in the protocol's form: the same code, severity, place, message
//! and help as `shareguard check`, with the secondary labels ("first declared here") as related
//! locations.
//!
//! The protocol has no field for help, and editors show only the message, so the help is
//! added to the message after a line break (`help: did you mean `email`?`), as the terminal
//! report shows it; `data.help` carries it alone for tools.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString,
};

use super::document::Text;
use crate::diagnostic::{Diagnostic, Severity};

/// Lints about something that is declared and never used: editors fade such text.
const UNNECESSARY: [&str; 3] = ["unused-group", "unused-category", "unused-allow"];

/// One diagnostic as the protocol has it.
pub fn to_lsp(text: &Text, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .skip(1)
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(text.uri.clone(), text.range(label.span)),
            message: label.text.clone().unwrap_or_default(),
        })
        .collect();
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    lsp_types::Diagnostic {
        range: text.range(diagnostic.primary_span()),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        code_description: None,
        source: Some("shareguard".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: UNNECESSARY
            .contains(&diagnostic.code)
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: Some(serde_json::json!({ "help": diagnostic.help })),
    }
}

/// Every diagnostic of a report.
pub fn all(text: &Text, diagnostics: &[Diagnostic]) -> Vec<lsp_types::Diagnostic> {
    diagnostics.iter().map(|d| to_lsp(text, d)).collect()
}
