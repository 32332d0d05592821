//! `cargo bench --bench lsp`: how soon `shareguard lsp` publishes diagnostics after an edit,
//! as an editor sees it: the release binary in its own process, JSON-RPC over pipes, one
//! incremental change (a character replaced), timed from writing the `didChange` to reading
//! the `publishDiagnostics` for that version. The server's debounce (`lsp::DEBOUNCE`) is
//! part of the time, as it is for a person typing.
//!
//! The machine may be busy with other work: beside the wall time, the bench reads the time the
//! server's main thread (which checks the policy) spent on a CPU (`/proc/PID/schedstat`, Linux
//! only), which waiting for a CPU does not inflate.
//!
//! Two edits, alternating: one that leaves the policy valid (`delete after 30 days` ↔ `31`:
//! parse, check and every lint) and one that makes a typo in a field name (parse and check,
//! with an error). On `policies/acme_dining.share` and on the generated policy of about 5,000
//! lines that `benches/check.rs` uses. Medians, with the fastest and slowest run. After each
//! typo, the time to answer a completion at it, which first checks the policy again without
//! the broken declaration (`lsp::analysis`'s salvage).
//!
//! ```text
//! cargo bench --bench lsp -- [--runs 40] [--lines 5000]
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Server {
    child: std::process::Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shareguard"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
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
        let mut server = Server {
            child,
            stdin,
            incoming,
        };
        server.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "processId": null, "capabilities": {} } }));
        server.wait(|m| m["id"] == 1);
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(60))
                .expect("no answer from the language server");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// Nanoseconds the server's main thread has spent on a CPU so far (0 where the kernel does
    /// not say).
    fn cpu_ns(&self) -> u64 {
        let pid = self.child.id();
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/schedstat"))
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    /// Waits for the diagnostics of `version` and returns how many there are.
    fn diagnostics(&mut self, version: i64) -> usize {
        let message = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().unwrap().len()
    }

    fn stop(mut self) {
        self.send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
        self.wait(|m| m["id"] == 2);
        self.notify("exit", Value::Null);
        self.child.wait().unwrap();
    }
}

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

/// The protocol position of byte `offset` (the texts here are ASCII up to it).
fn position(text: &str, offset: usize) -> Value {
    let line = text[..offset].matches('\n').count();
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": column })
}

/// One character of `text` at `offset`, replaced by `by`, as an incremental change.
fn replace_one(text: &str, offset: usize, by: &str) -> Value {
    json!([{ "range": { "start": position(text, offset), "end": position(text, offset + 1) }, "text": by }])
}

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:>7.2} ms  (fastest {:.2}, slowest {:.2})",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    )
}

fn time(name: &str, text: &str, runs: usize) {
    let mut server = Server::start();
    let uri = "file:///bench/policy.share";
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "shareguard", "version": 1, "text": text } }),
    );
    let clean = server.diagnostics(1);
    // `delete after 30 days`: the `3` becomes a `4` and back (both valid).
    let digit = text.find("delete after 30 days").unwrap() + "delete after ".len();
    // `consent.marketing` in a condition: `consent.` becomes `consenx.` and back (an error).
    let typo = text.find("when consent.marketing").unwrap() + "when consen".len();
    let mut valid = (Vec::new(), Vec::new());
    let mut broken = (Vec::new(), Vec::new());
    let mut version = 1;
    let mut with_typo = 0;
    let mut salvage = (Vec::new(), Vec::new());
    for run in 0..runs {
        let (offset, by, times) = match run % 4 {
            0 => (digit, "4", &mut valid),
            1 => (digit, "3", &mut valid),
            2 => (typo, "x", &mut broken),
            _ => (typo, "t", &mut broken),
        };
        version += 1;
        let change = replace_one(text, offset, by);
        let cpu = server.cpu_ns();
        let start = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": change }),
        );
        let count = server.diagnostics(version);
        times.0.push(start.elapsed());
        times
            .1
            .push(Duration::from_nanos(server.cpu_ns().saturating_sub(cpu)));
        if run % 4 == 2 {
            with_typo = count;
            // The first request on a version with an error checks it again without the
            // broken declaration (the salvage): completion at the typo.
            let cpu = server.cpu_ns();
            let start = Instant::now();
            server.send(json!({ "jsonrpc": "2.0", "id": 1000 + run, "method": "textDocument/completion",
                "params": { "textDocument": { "uri": uri }, "position": position(text, typo + 1) } }));
            server.wait(|m| m["id"] == json!(1000 + run));
            salvage.0.push(start.elapsed());
            salvage
                .1
                .push(Duration::from_nanos(server.cpu_ns().saturating_sub(cpu)));
        }
    }
    server.stop();
    println!(
        "{name} ({} lines; {clean} diagnostics when valid, {with_typo} with the typo)",
        text.lines().count()
    );
    println!("  valid edit  wall {}", summary(valid.0));
    println!("              cpu  {}", summary(valid.1));
    println!("  typo        wall {}", summary(broken.0));
    println!("              cpu  {}", summary(broken.1));
    println!("  completion  wall {}", summary(salvage.0));
    println!("  after typo  cpu  {}", summary(salvage.1));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let runs = arg("--runs", 40);
    let lines = arg("--lines", 5000);
    let acme = std::fs::read_to_string("policies/acme_dining.share").unwrap();
    time("policies/acme_dining.share", &acme, runs);
    let generated = common::generated_policy(lines);
    time("generated policy", &generated, runs);
}
