//! `shareguard lsp` driven as an editor drives it: the real binary, JSON-RPC over its standard
//! input and output.
//!
//! - Every bundled policy and every `tests/check` case, opened in one session: the server
//!   publishes exactly the diagnostics `shareguard check --format json` reports (code,
//!   severity, line, column, message, help).
//! - A session on `tests/lsp/unicode.share` (non-ASCII text, characters outside the Basic
//!   Multilingual Plane, so UTF-16 columns differ from characters and bytes): hover,
//!   definition, references, completion in many contexts, edits that break the file and the
//!   quick fixes that mend it, formatting, symbols, a request that fails inside the server,
//!   shutdown and exit. The answers are snapshotted.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common;

/// How long any answer may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(60);

/// An editor's end of a `shareguard lsp` session.
struct Editor {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Editor {
    fn start() -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shareguard"))
            .arg("lsp")
            .current_dir(common::root())
            // The request that fails on purpose prints one line, not a backtrace.
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let mut editor = Editor {
            child,
            stdin,
            incoming,
            notifications: Vec::new(),
            next_id: 0,
        };
        let root = format!("file://{}", common::root().display());
        editor.request(
            "initialize",
            json!({ "processId": null, "rootUri": root, "capabilities": {} }),
        );
        editor.notify("initialized", json!({}));
        editor
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    /// Sends a request and returns its result; fails on an error response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    fn receive(&mut self) -> Value {
        self.incoming
            .recv_timeout(PATIENCE)
            .expect("the language server did not answer in time")
    }

    /// The diagnostics published for `uri` at `version` (or any version when `None`).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        };
        if let Some(i) = self.notifications.iter().position(matches) {
            let found = self.notifications.remove(i);
            return found["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let message = self.receive();
            if matches(&message) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notifications.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "shareguard", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// Shuts the server down as the protocol asks and returns its exit code.
    fn shut_down(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().unwrap().code().unwrap()
    }
}

/// One JSON-RPC message from the server, or `None` at the end of its output.
fn read_message(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// A position as the protocol has it, found by the text before it on its line.
fn position(text: &str, line_containing: &str, after: &str) -> Value {
    let (line, content) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_containing))
        .unwrap_or_else(|| panic!("no line contains {line_containing:?}"));
    let start = content.find(line_containing).unwrap();
    let column = start + content[start..].find(after).unwrap() + after.len();
    let units: usize = content[..column].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": units })
}

/// The 1-based character column of a protocol position in `text`.
fn char_column(text: &str, position: &Value) -> usize {
    let line = text
        .lines()
        .nth(position["line"].as_u64().unwrap() as usize)
        .unwrap_or("");
    let wanted = position["character"].as_u64().unwrap() as usize;
    let mut units = 0;
    let mut chars = 0;
    for c in line.chars() {
        if units >= wanted {
            break;
        }
        units += c.len_utf16();
        chars += 1;
    }
    chars + 1
}

#[test]
fn diagnostics_are_exactly_those_of_check_for_every_policy_and_check_case() {
    let mut files = common::bundled_policies();
    let mut cases: Vec<_> = std::fs::read_dir(common::root().join("tests/check"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "share"))
        .collect();
    cases.sort();
    assert!(cases.len() > 50, "the check cases were not found");
    files.extend(cases);
    let mut editor = Editor::start();
    let mut compared = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let uri = uri_of(path);
        editor.open(&uri, &text);
        let published = editor.diagnostics(&uri, Some(1));
        let output =
            common::cli::shareguard(&["check", "--format", "json", path.to_str().unwrap()]);
        let expected: Value = serde_json::from_str(&common::cli::stdout(&output)).unwrap();
        let expected = expected["diagnostics"].as_array().unwrap();
        let found: Vec<Value> = published
            .iter()
            .map(|d| {
                let help = d["data"]["help"].clone();
                let message = d["message"].as_str().unwrap();
                let message = match help.as_str() {
                    Some(help) => message
                        .strip_suffix(&format!("\nhelp: {help}"))
                        .unwrap_or_else(|| panic!("the help is not after the message: {d}")),
                    None => message,
                };
                json!({
                    "line": d["range"]["start"]["line"].as_u64().unwrap() + 1,
                    "column": char_column(&text, &d["range"]["start"]),
                    "severity": match d["severity"].as_u64() { Some(1) => "error", _ => "warning" },
                    "code": d["code"],
                    "message": message,
                    "help": help,
                })
            })
            .collect();
        let expected: Vec<Value> = expected
            .iter()
            .map(|d| {
                json!({
                    "line": d["line"], "column": d["column"], "severity": d["severity"],
                    "code": d["code"], "message": d["message"], "help": d["help"],
                })
            })
            .collect();
        assert_eq!(found, expected, "{}", path.display());
        compared += expected.len();
        editor.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
        assert!(editor.diagnostics(&uri, None).is_empty());
    }
    assert!(compared > 100, "only {compared} diagnostics were compared");
    assert_eq!(editor.shut_down(), 0);
}

/// Ranges as `line:character-line:character` (0-based, UTF-16), for readable snapshots.
fn range_text(range: &Value) -> String {
    if range.is_null() {
        return "-".into();
    }
    let at = |p: &Value| format!("{}:{}", p["line"], p["character"]);
    format!("{}-{}", at(&range["start"]), at(&range["end"]))
}

fn locations_text(locations: &Value) -> String {
    locations
        .as_array()
        .unwrap()
        .iter()
        .map(|l| range_text(&l["range"]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Completion items as `label (kind) → new text @ range`, one per line.
fn completion_text(items: &Value) -> String {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} ({}) → {} @ {}",
                i["label"].as_str().unwrap(),
                i["kind"],
                i["textEdit"]["newText"].as_str().unwrap(),
                range_text(&i["textEdit"]["range"])
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn diagnostics_text(diagnostics: &[Value]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                range_text(&d["range"]),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Applies the protocol's text edits (all relative to `text`) the way an editor does.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let content = text[start..].split('\n').next().unwrap_or("");
        let mut units = 0;
        let wanted = p["character"].as_u64().unwrap() as usize;
        for (i, c) in content.char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

/// The editor's side of a session on one document: its text and version, kept as the server
/// must keep them.
struct Session {
    editor: Editor,
    uri: String,
    text: String,
    version: i64,
}

impl Session {
    fn at(&self, line_containing: &str, after: &str) -> Value {
        position(&self.text, line_containing, after)
    }

    fn ask(&mut self, method: &str, position: Value) -> Value {
        let mut params = json!({ "textDocument": { "uri": self.uri }, "position": position });
        if method == "textDocument/references" {
            params["context"] = json!({ "includeDeclaration": true });
        }
        self.editor.request(method, params)
    }

    /// Replaces the whole text (one full-text change) and returns the new diagnostics.
    fn replace_all(&mut self, text: String) -> Vec<Value> {
        self.version += 1;
        self.editor
            .change(&self.uri, self.version, json!([{ "text": text }]));
        self.text = text;
        self.editor.diagnostics(&self.uri, Some(self.version))
    }

    /// Sends edits as incremental changes and returns the new diagnostics.
    fn edit(&mut self, edits: &[Value]) -> Vec<Value> {
        // One change per edit, last in the text first, so each range holds when it is applied.
        let mut sorted = edits.to_vec();
        sorted.sort_by_key(|e| {
            let s = &e["range"]["start"];
            std::cmp::Reverse((s["line"].as_u64(), s["character"].as_u64()))
        });
        let changes: Vec<Value> = sorted
            .iter()
            .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
            .collect();
        self.text = apply_edits(&self.text, edits);
        self.version += 1;
        self.editor.change(&self.uri, self.version, json!(changes));
        self.editor.diagnostics(&self.uri, Some(self.version))
    }

    /// Types `insert` at the end of the line containing `line_containing`, on a new line, and
    /// asks for completion at its end.
    fn complete_after(&mut self, line_containing: &str, insert: &str) -> String {
        let original = self.text.clone();
        let line = original
            .lines()
            .position(|l| l.contains(line_containing))
            .unwrap();
        let end = original.lines().nth(line).unwrap();
        let units: usize = end.chars().map(char::len_utf16).sum();
        let at = json!({ "line": line, "character": units });
        self.edit(&[
            json!({ "range": { "start": at, "end": at }, "newText": format!("\n{insert}") }),
        ]);
        let typed: usize = insert.chars().map(char::len_utf16).sum();
        let cursor = json!({ "line": line + 1, "character": typed });
        let items = self.ask("textDocument/completion", cursor);
        self.replace_all(original);
        completion_text(&items)
    }
}

#[test]
fn an_editing_session_on_a_policy_with_non_ascii_text() {
    let path = common::root().join("tests/lsp/unicode.share");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = uri_of(&path);
    let mut editor = Editor::start();
    editor.open(&uri, &text);
    assert_eq!(editor.diagnostics(&uri, Some(1)), Vec::<Value>::new());
    let mut s = Session {
        editor,
        uri,
        text,
        version: 1,
    };

    // Hover: a field after a string with an astral character on its line, a group, a
    // recipient, a kind, a category, a transform, a field's declaration.
    let mut hovers = String::new();
    for (line, after) in [
        ("Zürich 🏔\" and", "consent.mark"),
        ("Zürich 🏔\" and", "and cons"),
        ("share contact, birth_date", "share cont"),
        ("expect mailhaus", "expect mail"),
        ("kind affiliate", "kind aff"),
        ("email: text?", "[cont"),
        ("share contact, birth_date", "as ye"),
        ("tier: one of", "ti"),
        ("share tier when", "tier when ti"),
    ] {
        let hover = s.ask("textDocument/hover", s.at(line, after));
        hovers.push_str(&format!(
            "## {after:?} on {line:?} @ {}\n{}\n\n",
            range_text(&hover["range"]),
            hover["contents"]["value"].as_str().unwrap_or("(nothing)")
        ));
    }
    insta::assert_snapshot!("hover", hovers);

    // Definition and references.
    let mut navigation = String::new();
    for (method, line, after) in [
        (
            "textDocument/definition",
            "share contact, birth_date",
            "share cont",
        ),
        ("textDocument/definition", "Zürich 🏔\" and", "consent.mark"),
        ("textDocument/definition", "city == \"Zürich", "cit"),
        ("textDocument/definition", "expect brasserie", "expect bra"),
        ("textDocument/references", "email: text?", "ema"),
        ("textDocument/references", "consent: {", "cons"),
        (
            "textDocument/references",
            "recipient mailhaus",
            "recipient mail",
        ),
        ("textDocument/references", "email: text?", "[cont"),
    ] {
        let found = s.ask(method, s.at(line, after));
        navigation.push_str(&format!(
            "{method} {after:?} on {line:?}: {}\n",
            locations_text(&found)
        ));
    }
    insta::assert_snapshot!("navigation", navigation);

    // Completion, typed on a new line inside `mailhaus` (or after the record).
    let mut completions = String::new();
    for (after, insert) in [
        ("delete after 30 days", "  share "),
        ("delete after 30 days", "  share consent."),
        ("delete after 30 days", "  share email as "),
        ("delete after 30 days", "  share email when tier == "),
        (
            "delete after 30 days",
            "  share email when tier in [\"or\", ",
        ),
        (
            "delete after 30 days",
            "  share email when consent.marketing and ",
        ),
        ("delete after 30 days", "  share email ["),
        ("delete after 30 days", "  share email wh"),
        ("delete after 30 days", "  "),
        ("delete after 30 days", "  kind "),
        ("delete after 30 days", "  allow sale-without"),
        ("group contact", "never share email to "),
        ("expect mailhaus", "  expect "),
        ("group contact", ""),
    ] {
        let items = s.complete_after(after, insert);
        completions.push_str(&format!("## {insert:?}\n{items}\n\n"));
    }
    insta::assert_snapshot!("completion", completions);

    // An edit that breaks the file after the astral character, its quick fix, and the fix
    // applied as the editor would apply it.
    let broken = s.text.replacen(
        "Zürich 🏔\" and consent.marketing",
        "Zürich 🏔\" and consent.marketng",
        1,
    );
    let diagnostics = s.replace_all(broken);
    let mut story = format!("broken:\n{}\n", diagnostics_text(&diagnostics));
    let actions = s.editor.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": s.uri },
            "range": diagnostics[0]["range"],
            "context": { "diagnostics": diagnostics },
        }),
    );
    let hover = s.ask(
        "textDocument/hover",
        diagnostics[0]["range"]["start"].clone(),
    );
    story.push_str(&format!("hover: {}\n", first_lines(&hover)));
    let action = &actions[0];
    let edits = action["edit"]["changes"][&s.uri]
        .as_array()
        .unwrap()
        .clone();
    story.push_str(&format!(
        "action: {} ({}) edits {}\n",
        action["title"].as_str().unwrap(),
        action["kind"].as_str().unwrap(),
        edits
            .iter()
            .map(|e| format!("{} → {}", range_text(&e["range"]), e["newText"]))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let after_fix = s.edit(&edits);
    story.push_str(&format!("after the fix: {} diagnostics\n", after_fix.len()));
    assert!(s.text.contains("and consent.marketing\n"));

    // A `//` comment: a syntax error whose fix is `#`.
    let commented = s
        .text
        .replacen("group contact", "// who we write to\ngroup contact", 1);
    let diagnostics = s.replace_all(commented);
    story.push_str(&format!("slashes:\n{}\n", diagnostics_text(&diagnostics)));
    let actions = s.editor.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": s.uri },
            "range": diagnostics[0]["range"],
            "context": { "diagnostics": [] },
        }),
    );
    let edits = actions[0]["edit"]["changes"][&s.uri]
        .as_array()
        .unwrap()
        .clone();
    story.push_str(&format!(
        "action: {}\n",
        actions[0]["title"].as_str().unwrap()
    ));
    let after_fix = s.edit(&edits);
    story.push_str(&format!("after the fix: {} diagnostics\n", after_fix.len()));
    assert!(s.text.contains("# who we write to\n"));

    // An `allow` that silences nothing: hovering its lint name shows the lint's documentation
    // and that of the warning about it.
    let original = s.text.clone();
    let allowed = s.text.replacen(
        "group contact",
        "allow share-all \"every field is meant\"\ngroup contact",
        1,
    );
    let diagnostics = s.replace_all(allowed);
    story.push_str(&format!("allow:\n{}\n", diagnostics_text(&diagnostics)));
    let hover = s.ask("textDocument/hover", s.at("allow share-all", "allow sha"));
    story.push_str(&format!("hover: {}\n", first_lines(&hover)));
    s.replace_all(original);
    insta::assert_snapshot!("fixes", story);

    // Formatting: the edits give exactly what `shareguard fmt` writes.
    let edits = s.editor.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": s.uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = edits.as_array().unwrap().clone();
    assert_eq!(edits.len(), 1, "one edit for the changed lines: {edits:?}");
    let formatted = apply_edits(&s.text, &edits);
    let source = shareguard::span::SourceFile::new("p.share", s.text.as_str());
    assert_eq!(formatted, shareguard::fmt::format(&source).unwrap());
    // From the first line that changes to the last.
    insta::assert_snapshot!("formatting", range_text(&edits[0]["range"]));
    s.edit(&edits);
    let again = s.editor.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": s.uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(again, json!([]), "formatting is a fixed point");

    // Document symbols.
    let symbols = s.editor.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": s.uri } }),
    );
    insta::assert_snapshot!("symbols", outline(&symbols, 0));

    // Text that does not parse: diagnostics, no formatting (and no error), and completion
    // still works from the tokens.
    let unfinished = s.text.replacen(
        "  delete after 30 days",
        "  share email when (consent.marketing and\n  delete after 30 days",
        1,
    );
    let diagnostics = s.replace_all(unfinished);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "E0001"),
        "{diagnostics:?}"
    );
    let edits = s.editor.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": s.uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits, json!([]));
    // The broken recipient is left out; the rest still has its names.
    let hover = s.ask(
        "textDocument/hover",
        s.at("share tier when", "tier when ti"),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Brasserie Zoë"),
        "hover works from the declarations that check: {hover}"
    );
    let items = s.ask(
        "textDocument/completion",
        s.at("share email when (", "(consent."),
    );
    assert_eq!(items[0]["label"], "consent.marketing", "{items}");

    // Requests about documents that are not open, unknown methods, and a request that fails
    // inside the server: answered, and the session goes on.
    let hover = s.editor.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nowhere.share" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(hover, Value::Null);
    let unknown = s.editor.call("textDocument/nonsense", json!({}));
    assert_eq!(unknown["error"]["code"], json!(-32601));
    if cfg!(debug_assertions) {
        let failed = s.editor.call("shareguard/fail", json!({}));
        assert_eq!(failed["error"]["code"], json!(-32603), "{failed}");
    }
    let hover = s.ask(
        "textDocument/hover",
        s.at("share tier when", "tier when ti"),
    );
    assert!(hover["contents"]["value"].is_string(), "{hover}");

    assert_eq!(s.editor.shut_down(), 0);
}

/// The first line of each part of a hover.
fn first_lines(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("(nothing)")
        .split("\n\n---\n\n")
        .map(|part| part.lines().next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Symbols as an indented outline: `name (kind) range`.
fn outline(symbols: &Value, depth: usize) -> String {
    let mut out = String::new();
    for symbol in symbols.as_array().unwrap() {
        out.push_str(&format!(
            "{}{} (kind {}{}) {}\n",
            "  ".repeat(depth),
            symbol["name"].as_str().unwrap(),
            symbol["kind"],
            symbol["detail"]
                .as_str()
                .map(|d| format!(", {d}"))
                .unwrap_or_default(),
            range_text(&symbol["selectionRange"])
        ));
        if let Some(children) = symbol.get("children") {
            out.push_str(&outline(children, depth + 1));
        }
    }
    out
}

/// Every request at every word of the reference policy, and on every prefix of it (the file
/// as it is while being typed from the top): answered, never an error.
#[test]
fn no_text_and_no_position_makes_a_request_fail() {
    let path = common::root().join("policies/acme_dining.share");
    let full = std::fs::read_to_string(&path).unwrap();
    let uri = "file:///typed/acme_dining.share";
    let mut editor = Editor::start();
    editor.open(uri, &full);
    editor.diagnostics(uri, Some(1));
    let mut asked = 0;
    let mut ask_everything = |editor: &mut Editor, text: &str, at: usize| {
        let line = text[..at].matches('\n').count();
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let character: usize = text[start..at].chars().map(char::len_utf16).sum();
        let position = json!({ "line": line, "character": character });
        let document = json!({ "uri": uri });
        let at_position = json!({ "textDocument": document, "position": position });
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
        ] {
            let response = editor.call(method, at_position.clone());
            assert!(
                response.get("error").is_none(),
                "{method} at {line}:{character}: {response}"
            );
        }
        let mut refer = at_position.clone();
        refer["context"] = json!({ "includeDeclaration": true });
        let response = editor.call("textDocument/references", refer);
        assert!(
            response.get("error").is_none(),
            "references at {line}:{character}: {response}"
        );
        asked += 4;
    };
    // Every word of the whole policy.
    let words: Vec<usize> = full
        .char_indices()
        .filter(|(i, c)| {
            c.is_alphanumeric()
                && (*i == 0 || !full[..*i].ends_with(|p: char| p.is_alphanumeric() || p == '_'))
        })
        .map(|(i, _)| i + 1)
        .collect();
    for at in words.iter().step_by(3) {
        ask_everything(&mut editor, &full, *at);
    }
    // Prefixes, cut every 97 bytes (at a character boundary), with symbols, formatting and
    // quick fixes for the whole of each.
    let mut version = 1;
    let mut cut = 0;
    while cut < full.len() {
        cut = (cut + 97).min(full.len());
        while !full.is_char_boundary(cut) {
            cut += 1;
        }
        let text = &full[..cut];
        version += 1;
        editor.change(uri, version, json!([{ "text": text }]));
        editor.diagnostics(uri, Some(version));
        ask_everything(&mut editor, text, cut);
        for (method, params) in [
            (
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            ),
            (
                "textDocument/formatting",
                json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
            ),
            (
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9999, "character": 0 } },
                "context": { "diagnostics": [] } }),
            ),
        ] {
            let response = editor.call(method, params);
            assert!(
                response.get("error").is_none(),
                "{method} on {cut} bytes: {response}"
            );
        }
    }
    assert!(asked > 500, "only {asked} requests");
    assert_eq!(editor.shut_down(), 0);
}
