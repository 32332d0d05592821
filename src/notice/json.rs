//! The notice as JSON (LANGUAGE.md section 11): the same content as data, for a website that
//! lays it out itself or for checks in CI.

use super::Notice;

/// Writes the notice as pretty JSON.
pub fn render(notice: &Notice) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(notice)
}
