//! `shareguard apply POLICY --input FILE --out DIR`

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Exit;
use crate::runtime::Runtime;
use crate::runtime::apply::{self, Destination};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    source: super::PolicyAndRecords,
    /// Directory for the outputs: NAME.jsonl per recipient, decisions.jsonl, rejected.jsonl,
    /// summary.json.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Only this recipient; without --out, its records go to standard output.
    #[arg(long, value_name = "NAME")]
    recipient: Option<String>,
    /// Threads deciding records (default: every core). Outputs are the same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
    /// Stop (exit 1, nothing written) if the policy has warnings; they are listed on standard
    /// error in any case.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: &Args) -> Exit {
    let mut ir = match super::warnings::load(
        &args.source.policy,
        args.deny_warnings,
        "nothing is applied or written",
    ) {
        Ok(ir) => ir,
        Err(exit) => return exit,
    };
    // With --recipient the run is about that recipient only: its file, and only it in the
    // audit trail and the summary.
    if let Some(name) = &args.recipient {
        if let Err(exit) = super::recipient_index(&ir, name) {
            return exit;
        }
        ir.recipients.retain(|r| &r.name == name);
    }
    let runtime = match Runtime::new(ir, args.source.as_of()) {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: the policy cannot be applied: {err}");
            return Exit::Failure;
        }
    };
    let (input, size) = match args.source.open_input() {
        Ok(opened) => opened,
        Err(exit) => return exit,
    };
    let bar = progress_bar(size);
    let progress = |bytes: u64| bar.set_position(bytes);
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let destination = match (&args.out, &args.recipient) {
        (Some(path), _) => Destination::Directory { path },
        (None, Some(_)) => Destination::Stream {
            recipient: 0,
            writer: &mut stdout,
        },
        (None, None) => {
            return super::usage_error(
                "say where the results go: --out DIR, or --recipient NAME to print one \
                 recipient's records",
            );
        }
    };
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let result = apply::run(&runtime, input, destination, threads, &progress);
    bar.finish_and_clear();
    match result {
        Ok(summary) => {
            let place = args
                .out
                .as_ref()
                .map(|p| format!("; results in {}", p.display()))
                .unwrap_or_default();
            eprintln!(
                "{} records: {} accepted, {} rejected{place}",
                summary.read, summary.accepted, summary.rejected
            );
            if summary.rejected > 0 {
                match &args.out {
                    Some(out) => eprintln!("see {} for why", out.join("rejected.jsonl").display()),
                    None => {
                        let reasons: Vec<String> = summary
                            .rejections
                            .iter()
                            .map(|(reason, n)| format!("{reason} {n}"))
                            .collect();
                        eprintln!(
                            "rejected for: {}; run with --out DIR for each record and why",
                            reasons.join(", ")
                        );
                    }
                }
                Exit::Rejected
            } else {
                Exit::Success
            }
        }
        Err(err) if args.out.is_some() => super::usage_error(format!("{err}; nothing was written")),
        Err(err) => super::usage_error(format!("{err}; the output stopped there")),
    }
}

fn progress_bar(size: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec}, {eta} left",
    ) {
        bar.set_style(style);
    }
    bar
}
