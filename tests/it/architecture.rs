//! The layers of `docs/architecture.md` hold: every `crate::` path in a module of `src/` names a
//! module its row of the page's table allows. Test modules (after `#[cfg(test)]`) may use
//! anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::root;

/// The table at the end of docs/architecture.md: module → modules it may use.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let page = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let table = page.split("| module | may use |").nth(1).unwrap();
    table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let uses = cells[1]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            (cells[0].to_string(), uses)
        })
        .collect()
}

/// The top-level modules a file's code (before any test module) names with `crate::`.
fn used(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap();
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
        // `use crate::{a, b}` names several.
        if let Some(group) = line.strip_prefix("use crate::{") {
            for part in group.split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let allowed = allowed();
    let src = root().join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let mut broken = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if matches!(module.as_str(), "lib" | "main") || relative.ends_with("tests.rs") {
            continue;
        }
        let Some(may) = allowed.get(&module) else {
            broken.push(format!(
                "{module}: not in the table of docs/architecture.md"
            ));
            continue;
        };
        if may.contains("*") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for name in used(&text) {
            if name != module && !may.contains(&name) {
                broken.push(format!("{}: uses crate::{name}", relative.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "these break the layers of docs/architecture.md:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_scan_finds_grouped_and_inline_uses() {
    let text = "use crate::{ir, span::Span};\nfn f() { crate::dates::today(); }\n// crate::cli\n#[cfg(test)]\nuse crate::runtime;";
    let found: Vec<String> = used(text).into_iter().collect();
    assert_eq!(found, ["dates", "ir", "span"]);
}
