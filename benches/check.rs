//! `cargo bench --bench check`: how long `shareguard check` takes on `policies/acme_dining.share`
//! and on a generated policy of about 5,000 lines (parse, check and lint, in process; the
//! median of many runs, with the fastest and slowest).
//!
//! ```text
//! cargo bench --bench check -- [--runs 50] [--lines 5000]
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::{Duration, Instant};

use common::generated_policy;

use shareguard::lint::LintOptions;
use shareguard::span::SourceFile;

fn time(name: &str, text: &str, runs: usize) {
    let mut times: Vec<Duration> = Vec::new();
    let mut diagnostics = 0;
    for _ in 0..runs {
        let source = SourceFile::new(name, text);
        let start = Instant::now();
        let compiled = shareguard::policy::compile(source, &LintOptions::default());
        times.push(start.elapsed());
        assert!(
            compiled.ir.is_some(),
            "{name} must check clean: {:?}",
            compiled.report.diagnostics.first()
        );
        diagnostics = compiled.report.diagnostics.len();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<28} {:>6} lines  median {:>7.2} ms  (fastest {:.2}, slowest {:.2})  {diagnostics} warnings",
        text.lines().count(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
    );
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
    let runs = arg("--runs", 50);
    let lines = arg("--lines", 5000);
    let acme = std::fs::read_to_string("policies/acme_dining.share").unwrap();
    time("policies/acme_dining.share", &acme, runs);
    let generated = generated_policy(lines);
    time("generated policy", &generated, runs.min(20));
}
