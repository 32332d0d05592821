//! Helpers shared by the integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cases;
pub mod cli;
pub mod policies;
pub mod records;

use std::path::PathBuf;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled policies (`policies/*.share`), sorted.
pub fn bundled_policies() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "share"))
        .collect();
    paths.sort();
    paths
}

/// The checked IR as JSON without anything that says where in the file things are, or
/// `None` if the policy has errors.
pub fn ir_without_locations(name: &str, text: &str) -> Option<serde_json::Value> {
    let compiled = shareguard::policy::compile(
        shareguard::span::SourceFile::new(name, text),
        &shareguard::lint::LintOptions::default(),
    );
    let mut json = serde_json::to_value(compiled.ir?).unwrap();
    strip_locations(&mut json);
    if let Some(source) = json
        .get_mut("source")
        .and_then(serde_json::Value::as_object_mut)
    {
        source.remove("sha256");
    }
    Some(json)
}

fn strip_locations(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("loc");
            map.values_mut().for_each(strip_locations);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_locations),
        _ => {}
    }
}
