//! Writes sample customer records for a policy's `record` declaration, as JSON Lines on stdout.
//!
//! ```text
//! cargo run --release --example generate -- policies/acme_dining.share \
//!     --count 200000 --seed 1 --invalid-rate 0.03 > customers.jsonl
//! ```
//!
//! The same policy, count and options give the same bytes. A summary goes to stderr.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Parser;
use shareguard::diagnostic::render;
use shareguard::lint::LintOptions;
use shareguard::sample::{SampleOptions, reference_date, write_samples};

/// Generate realistic, partly invalid customer records for a sharing policy.
#[derive(Parser, Debug)]
#[command(name = "generate")]
struct Args {
    /// The policy (.share) whose `record` declaration the records follow.
    policy: PathBuf,
    /// How many records to write.
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// The same seed gives the same records.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Fraction of records that are invalid in some way (0 to 1).
    #[arg(long, default_value_t = 0.03, value_parser = rate)]
    invalid_rate: f64,
    /// Fraction of records with undeclared extra keys (0 to 1).
    #[arg(long, default_value_t = 0.05, value_parser = rate)]
    extra_key_rate: f64,
    /// The date ages and "days ago" are counted from (YYYY-MM-DD) [default: 2026-06-01].
    #[arg(long, value_parser = date)]
    as_of: Option<NaiveDate>,
}

fn rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("{text:?} is not a fraction from 0 to 1")),
    }
}

fn date(text: &str) -> Result<NaiveDate, String> {
    shareguard::dates::parse_date(text)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let compiled = match shareguard::policy::compile_file(&args.policy, &LintOptions::default()) {
        Ok(compiled) => compiled,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let Some(ir) = compiled.ir else {
        eprintln!("{}", render::human(&compiled.report, render::Style::PLAIN));
        return ExitCode::from(1);
    };
    let options = SampleOptions {
        seed: args.seed,
        invalid_rate: args.invalid_rate,
        extra_key_rate: args.extra_key_rate,
        today: args.as_of.unwrap_or_else(reference_date),
    };
    let started = Instant::now();
    let stdout = io::stdout();
    let summary = match write_samples(&ir.record, args.count, &options, stdout.lock()) {
        Ok(summary) => summary,
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot write the records: {err}");
            return ExitCode::from(2);
        }
    };
    let flaws: Vec<String> = summary
        .flaws
        .iter()
        .map(|(flaw, n)| format!("{flaw} {n}"))
        .collect();
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "wrote {} records ({} invalid{}) in {:.2?}",
        summary.records,
        summary.invalid,
        if flaws.is_empty() {
            String::new()
        } else {
            format!(": {}", flaws.join(", "))
        },
        started.elapsed()
    );
    ExitCode::SUCCESS
}
