//! `shareguard graph`: snapshots of the Mermaid and DOT maps of every policy, and checks of the
//! SVG map: self-contained, accessible, every line drawn, nothing overlapping.

use std::path::{Path, PathBuf};

use shareguard::graph::{Graph, dot, mermaid, svg};
use shareguard::ir::Ir;
use shareguard::lint::LintOptions;
use shareguard::notice::Notice;
use shareguard::words::Words;

use crate::common;
use common::cli::{code, shareguard, stderr, stdout};

fn compile(path: &Path) -> Ir {
    shareguard::policy::compile_file(path, &LintOptions::default())
        .unwrap()
        .ir
        .unwrap()
}

fn policies() -> Vec<PathBuf> {
    let mut paths = common::bundled_policies();
    for name in ["conditions", "thirty_recipients"] {
        paths.push(common::root().join(format!("tests/notice/{name}.share")));
    }
    paths
}

fn graph_of(path: &Path, words: &Words) -> Graph {
    let ir = compile(path);
    let notice = Notice::build(&ir, words);
    Graph::build(&ir, &notice, words, None)
}

#[test]
fn mermaid_and_dot_of_every_policy() {
    let words = Words::english();
    for path in policies() {
        let graph = graph_of(&path, &words);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("mermaid@{name}"), mermaid::render(&graph, &words));
        insta::assert_snapshot!(format!("dot@{name}"), dot::render(&graph, &words));
    }
}

#[test]
fn one_recipient_alone() {
    let out = shareguard(&[
        "graph",
        "policies/acme_dining.share",
        "--recipient",
        "list_broker",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
    let typo = shareguard(&[
        "graph",
        "policies/acme_dining.share",
        "--recipient",
        "list_broke",
    ]);
    assert_eq!(code(&typo), 2);
    assert!(
        stderr(&typo).contains("did you mean `list_broker`?"),
        "{}",
        stderr(&typo)
    );
}

/// A text's box, estimated as the layout estimates it.
#[derive(Debug)]
struct TextBox {
    text: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn number(node: &roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).unwrap().parse().unwrap()
}

fn text_boxes(doc: &roxmltree::Document<'_>) -> Vec<TextBox> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let size = number(&n, "font-size");
            let text = n.text().unwrap_or("").to_string();
            let left = number(&n, "x");
            let baseline = number(&n, "y");
            TextBox {
                right: left + size * 0.6 * text.chars().count() as f64,
                top: baseline - size * 0.8,
                bottom: baseline + size * 0.2,
                left,
                text,
            }
        })
        .collect()
}

#[test]
fn svg_maps_are_self_contained_accessible_and_do_not_overlap() {
    let words = Words::english();
    for path in policies() {
        let graph = graph_of(&path, &words);
        let picture = svg::render(&graph, &words);
        let doc = roxmltree::Document::parse(&picture)
            .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", path.display()));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("map-title map-desc")
        );
        let child_text = |tag: &str| {
            root.children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(child_text("title"), graph.title);
        let desc = child_text("desc");
        for edge in &graph.edges {
            assert!(
                desc.contains(&edge.fields.join(", ")),
                "{}: {desc}",
                path.display()
            );
        }
        // Nothing from outside, nothing that runs.
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(
                !["script", "image", "foreignObject", "style", "use", "a"].contains(&tag),
                "{}: <{tag}>",
                path.display()
            );
            for attribute in node.attributes() {
                assert!(
                    !attribute.name().contains("href") && !attribute.name().starts_with("on"),
                    "{}: {}",
                    path.display(),
                    attribute.name()
                );
                assert!(!attribute.value().contains("url("), "{}", path.display());
            }
        }
        // Every line drawn, dashed when it goes only in some cases.
        let lines: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path"))
            .collect();
        assert_eq!(lines.len(), graph.edges.len(), "{}", path.display());
        let dashed = lines
            .iter()
            .filter(|n| n.attribute("stroke-dasharray").is_some())
            .count();
        assert_eq!(dashed, graph.edges.iter().filter(|e| !e.always).count());
        // Readable: no two texts overlap, and all are inside the picture.
        let width = number(&root, "width");
        let height = number(&root, "height");
        let boxes = text_boxes(&doc);
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.left >= 0.0 && a.right <= width && a.bottom <= height,
                "{}: {a:?} outside",
                path.display()
            );
            for b in boxes.iter().skip(i + 1) {
                let apart = a.right <= b.left
                    || b.right <= a.left
                    || a.bottom <= b.top
                    || b.bottom <= a.top;
                assert!(
                    apart,
                    "{}: {:?} overlaps {:?} ({a:?}, {b:?})",
                    path.display(),
                    a.text,
                    b.text
                );
            }
        }
    }
}

#[test]
fn the_map_of_thirty_recipients_shows_each_of_them() {
    let words = Words::english();
    let graph = graph_of(
        &common::root().join("tests/notice/thirty_recipients.share"),
        &words,
    );
    assert_eq!(graph.recipients().count(), 30);
    let picture = svg::render(&graph, &words);
    for r in graph.recipients() {
        assert!(
            picture.contains(&format!(">{}<", svg::esc(&r.title))),
            "{}",
            r.title
        );
    }
}

// ---------------------------------------------------------------- real Mermaid and Graphviz

fn browser_dir() -> PathBuf {
    common::root().join("tests/browser")
}

/// Runs the real Mermaid, in Chromium, on the maps; its report and whether all drew.
fn mermaid_check(maps: &[PathBuf]) -> (serde_json::Value, bool) {
    let modules = browser_dir().join("node_modules");
    assert!(
        modules.join("mermaid").exists() && Path::new("/usr/bin/chromium").exists(),
        "checking the Mermaid maps needs Chromium and tests/browser's npm packages: run \
         scripts/test, or scripts/setup/chromium.sh"
    );
    let out = std::process::Command::new("node")
        .arg(browser_dir().join("mermaid.mjs"))
        .args(maps)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "mermaid.mjs failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report, out.status.success())
}

#[test]
fn mermaid_draws_every_map() {
    let words = Words::english();
    let dir = tempfile::tempdir().unwrap();
    let mut maps = Vec::new();
    let mut expected = Vec::new();
    for path in policies() {
        let graph = graph_of(&path, &words);
        let file = dir.path().join(format!(
            "{}.mmd",
            path.file_stem().unwrap().to_string_lossy()
        ));
        std::fs::write(&file, mermaid::render(&graph, &words)).unwrap();
        maps.push(file);
        // Categories, recipients, never rules and the key's four points; lines and the key's two.
        let nodes = graph.categories.len() + graph.recipients().count() + graph.never.len() + 4;
        expected.push((nodes, graph.edges.len() + 2));
    }
    let (report, passed) = mermaid_check(&maps);
    assert!(passed, "{report:#}");
    for (map, (nodes, edges)) in report["maps"].as_array().unwrap().iter().zip(expected) {
        assert_eq!(map["nodes"], nodes, "{map:#}");
        assert_eq!(map["edges"], edges, "{map:#}");
    }
    // And the check can fail.
    let (report, passed) = mermaid_check(&[common::root().join("tests/notice/broken.mmd")]);
    assert!(
        !passed && report["maps"][0]["error"].is_string(),
        "{report:#}"
    );
}

#[test]
fn graphviz_draws_every_dot_map() {
    let words = Words::english();
    for path in policies() {
        let graph = graph_of(&path, &words);
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("checking the DOT maps needs Graphviz's `dot` ({e}): run scripts/test, or scripts/setup/graphviz.sh")
            });
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot::render(&graph, &words).as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && err.trim().is_empty(),
            "{}: {err}",
            path.display()
        );
        let drawn = String::from_utf8_lossy(&out.stdout);
        let edges = drawn.matches("class=\"edge\"").count();
        assert_eq!(edges, graph.edges.len() + 2, "{}", path.display());
    }
}
