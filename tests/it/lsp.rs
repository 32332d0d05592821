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

use std::io::{BufRead, BufReader, Read, Write};
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
