//! `shareguard sample POLICY`: realistic customer records for a policy's `record`, as JSON
//! Lines on standard output (LANGUAGE.md section 15).
//!
//! The records come from the library (`crate::sample`); this handler only reads the policy,
//! streams the records and says on standard error how many were invalid and how. Everything
//! that changes the bytes is an option with a fixed default (seed 1, dates counted from
//! 2026-06-01), so the same command line always writes the same records, today or next year.
//! A reader that stops early (`| head`) ends the command quietly with exit 0.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Exit;
use crate::ir::Ir;
use crate::sample::{SampleOptions, Summary, reference_date, write_samples};

/// `--help`: what the command does, at length.
pub const LONG_ABOUT: &str = "Write realistic sample customer records for a policy, as JSON Lines.

Writes N records that follow the policy's `record` declaration to standard output, one JSON \
object per line, and a one-line summary to standard error. Values follow each field's type and \
name: names, email addresses, addresses whose ZIP code matches the city, birth dates across \
every age (minors included), consents at realistic rates; keys count up from C-000001.

The same options always give the same records: unless you change them, the seed (1) and the \
date ages are counted from (2026-06-01) stay the same. With --invalid, that fraction of the records (rounded) is \
broken in one realistic way each (a missing or null required field, a wrong type, a number for \
text, a value outside a one-of set, an impossible date, a fraction for a whole number, \
malformed JSON, a key written twice, a line that is not an object), and `apply` rejects \
exactly those.

Example: shareguard sample policies/acme_dining.share --count 1000 --invalid 0.03 > customers.jsonl";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy whose `record` the records follow: a .share file, or an IR file from
    /// `shareguard compile`.
    #[arg(value_name = "POLICY")]
    policy: PathBuf,
    /// How many records to write.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 100,
        value_parser = count,
        allow_negative_numbers = true,
    )]
    count: u64,
    /// The same seed (with the same options) gives the same records.
    #[arg(
        long,
        value_name = "S",
        default_value_t = 1,
        value_parser = seed,
        allow_negative_numbers = true,
    )]
    seed: u64,
    /// The fraction of records made invalid on purpose, from 0 to 1 (0.03 is 3%): missing
    /// fields, wrong types, impossible dates, malformed JSON, ...
    #[arg(
        long,
        value_name = "FRACTION",
        default_value_t = 0.0,
        value_parser = fraction,
        allow_negative_numbers = true,
    )]
    invalid: f64,
    /// The fraction of records that also carry keys the policy does not declare (which `apply`
    /// ignores), from 0 to 1.
    #[arg(
        long,
        value_name = "FRACTION",
        default_value_t = 0.05,
        value_parser = fraction,
        allow_negative_numbers = true,
    )]
    extra_keys: f64,
    /// The date ages and "days ago" are counted from (YYYY-MM-DD); apply the records with the
    /// same `--as-of` for the ages to come out as drawn.
    #[arg(
        long,
        value_name = "DATE",
        value_parser = super::parse_date,
        default_value_t = reference_date(),
    )]
    as_of: NaiveDate,
}

/// `--count`: a whole number, 0 or more.
fn count(text: &str) -> Result<u64, String> {
    whole_number(text, "a number of records")
}

/// `--seed`: a whole number, 0 or more.
fn seed(text: &str) -> Result<u64, String> {
    whole_number(text, "a seed")
}

fn whole_number(text: &str, what: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("{text:?} is not {what} (a whole number, 0 or more)"))
}

/// `--invalid` and `--extra-keys`: a number from 0 to 1.
fn fraction(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        Ok(_) => Err(format!(
            "{text} is not a fraction from 0 to 1 (write 0.03 for 3%)"
        )),
        Err(_) => Err(format!(
            "{text:?} is not a number; write a fraction from 0 to 1, such as 0.03 for 3%"
        )),
    }
}

pub fn run(args: &Args) -> Exit {
    let ir = match load(&args.policy) {
        Ok(ir) => ir,
        Err(exit) => return exit,
    };
    let options = SampleOptions {
        seed: args.seed,
        invalid_rate: args.invalid,
        extra_key_rate: args.extra_keys,
        today: args.as_of,
    };
    match write_samples(&ir.record, args.count, &options, io::stdout().lock()) {
        Ok(summary) => {
            // Standard error may be closed too; the records are written, so that is no failure.
            let _ = writeln!(io::stderr().lock(), "{}", summary_line(&summary));
            Exit::Success
        }
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
        Err(err) => super::usage_error(format!("cannot write to standard output: {err}")),
    }
}

/// The policy, or why it cannot be sampled: errors in it are shown as `check` shows them.
fn load(path: &Path) -> Result<Ir, Exit> {
    use crate::policy::LoadError;
    crate::policy::load(path).map_err(|err| match err {
        LoadError::Read(e) => super::usage_error(e),
        LoadError::Policy(report) => {
            let style = super::stderr_style();
            eprintln!("{}", crate::diagnostic::render::human(&report, style));
            eprintln!(
                "error: `{}` has errors; fix them before making records for it",
                path.display()
            );
            Exit::Failure
        }
        LoadError::Ir(message) => {
            eprintln!("error: {message}");
            Exit::Failure
        }
    })
}

/// `wrote 300 records (9 invalid: missing-field 2, wrong-type 3, ...)`.
fn summary_line(summary: &Summary) -> String {
    let flaws: Vec<String> = summary
        .flaws
        .iter()
        .map(|(flaw, n)| format!("{flaw} {n}"))
        .collect();
    let records = if summary.records == 1 {
        "record"
    } else {
        "records"
    };
    if flaws.is_empty() {
        format!("wrote {} {records}", summary.records)
    } else {
        format!(
            "wrote {} {records} ({} invalid: {})",
            summary.records,
            summary.invalid,
            flaws.join(", ")
        )
    }
}
