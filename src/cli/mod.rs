//! The command line: argument parsing and one small handler per command.
//!
//! Handlers print and choose the exit code; the work itself is in the library.

/// `print!` that ends the command (exit 2) when standard output fails, instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        if let Err(exit) = $crate::cli::say(format_args!($($arg)*)) {
            return exit;
        }
    };
}

/// `println!` that ends the command (exit 2) when standard output fails, instead of panicking.
macro_rules! outln {
    () => { out!("\n") };
    ($($arg:tt)*) => {
        if let Err(exit) = $crate::cli::say(format_args!("{}\n", format_args!($($arg)*))) {
            return exit;
        }
    };
}

mod apply;
mod check;
mod compile;
mod completions;
mod diff;
mod explain;
mod fmt;
mod graph;
mod lsp;
mod notice;
mod sample;
mod test;
mod warnings;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::render::Style;

/// Exit codes of LANGUAGE.md section 10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Success = 0,
    /// The policy has errors, an example failed, or `fmt --check` found a difference.
    Failure = 1,
    /// Usage or I/O error.
    Usage = 2,
    /// `apply` finished, but some records were rejected.
    Rejected = 3,
    /// `diff --fail-on` found a change of that class.
    Changed = 4,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "shareguard",
    version,
    about = "Check data-sharing policies and apply them to customer records",
    long_about = "shareguard checks a company's data-sharing policy (a .share file) and applies \
                  it to JSON customer records, so that each recipient gets exactly what the \
                  policy allows, with an audit trail of why."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse, check and lint policy files.
    Check(check::Args),
    /// Print the checked intermediate form (IR) of a policy as JSON.
    Compile(compile::Args),
    /// Apply a policy to customer records and write what each recipient may receive.
    Apply(apply::Args),
    /// Explain, rule by rule, what each recipient gets from one record and why.
    Explain(explain::Args),
    /// Run the examples in policy files.
    Test(test::Args),
    /// Rewrite policy files in the canonical layout, comments kept.
    Fmt(fmt::Args),
    /// Write the plain-language notice that tells customers who gets their data.
    Notice(notice::Args),
    /// Draw the data map: which kinds of data reach which recipients.
    Graph(graph::Args),
    /// Run a Language Server Protocol server on standard input and output, for editors.
    Lsp(lsp::Args),
    /// Write realistic sample customer records for a policy, as JSON Lines.
    #[command(long_about = sample::LONG_ABOUT)]
    Sample(sample::Args),
    /// Print a shell's completion script for shareguard.
    #[command(long_about = completions::LONG_ABOUT)]
    Completions(completions::Args),
    /// Compare what two versions of a policy share, with a customer record for each change.
    #[command(long_about = diff::LONG_ABOUT)]
    Diff(diff::Args),
}

/// `--format` for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report for people, like rustc's.
    Human,
    /// One JSON object: {"diagnostics": [...]}.
    Json,
    /// A SARIF 2.1.0 log, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`), shown as annotations.
    Github,
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let exit = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Compile(args) => compile::run(&args),
        Command::Apply(args) => apply::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Notice(args) => notice::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Sample(args) => sample::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Diff(args) => diff::run(&args),
    };
    exit.into()
}

/// The command line's definition, as clap sees it: for completion scripts and man pages.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// The report style for a stream: colour only on a terminal, and never with NO_COLOR set.
pub(crate) fn style_for(terminal: bool) -> Style {
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    let width = if terminal {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100)
    } else {
        100
    };
    Style { color, width }
}

pub(crate) fn stdout_style() -> Style {
    style_for(std::io::stdout().is_terminal())
}

pub(crate) fn stderr_style() -> Style {
    style_for(std::io::stderr().is_terminal())
}

/// Prints to standard output. A closed pipe (`| head`) or a full disk ends the command with
/// exit 2 and a message, not a panic.
pub(crate) fn say(text: impl std::fmt::Display) -> Result<(), Exit> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    write!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| usage_error(format!("cannot write to standard output: {e}")))
}

/// Prints an error that is not about a policy's contents (a missing file, a bad argument).
pub(crate) fn usage_error(message: impl std::fmt::Display) -> Exit {
    eprintln!("error: {message}");
    Exit::Usage
}

/// `--as-of` and friends: a strict YYYY-MM-DD date.
pub(crate) fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::dates::parse_date(text).map_err(|why| format!("{text:?} is not a date: {why}"))
}

/// Loads a policy for the runtime, printing why it cannot be used.
pub(crate) fn load_policy(path: &std::path::Path) -> Result<crate::ir::Ir, Exit> {
    load_policy_reporting(path).map(|loaded| loaded.ir)
}

/// Like [`load_policy`], keeping a `.share` file's warnings.
pub(crate) fn load_policy_reporting(path: &std::path::Path) -> Result<crate::policy::Loaded, Exit> {
    use crate::policy::LoadError;
    crate::policy::load_reporting(path).map_err(|err| match err {
        LoadError::Read(e) => usage_error(e),
        LoadError::Policy(report) => {
            eprintln!(
                "{}",
                crate::diagnostic::render::human(&report, stderr_style())
            );
            eprintln!(
                "error: `{}` has errors; fix them before applying it",
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

/// The position of a recipient named on the command line.
pub(crate) fn recipient_index(ir: &crate::ir::Ir, name: &str) -> Result<usize, Exit> {
    if let Some(i) = ir.recipients.iter().position(|r| r.name == name) {
        return Ok(i);
    }
    let names: Vec<&str> = ir.recipients.iter().map(|r| r.name.as_str()).collect();
    let hint = crate::diagnostic::suggest::did_you_mean(name, names.iter().copied())
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_else(|| format!("; the recipients are: {}", names.join(", ")));
    Err(usage_error(format!(
        "the policy has no recipient `{name}`{hint}"
    )))
}

/// What `apply` and `explain` read: a policy, customer records and an evaluation date.
#[derive(clap::Args, Debug)]
pub(crate) struct PolicyAndRecords {
    /// The policy: a .share file, or an IR file from `shareguard compile`.
    #[arg(value_name = "POLICY")]
    pub policy: std::path::PathBuf,
    /// Customer records: JSON Lines or one JSON array; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub input: std::path::PathBuf,
    /// Evaluation date (YYYY-MM-DD) for ages and `today`; defaults to today's UTC date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
}

impl PolicyAndRecords {
    pub fn as_of(&self) -> chrono::NaiveDate {
        self.as_of.unwrap_or_else(crate::dates::today_utc)
    }

    /// Opens the records, with their size when known (for the progress bar).
    pub fn open_input(&self) -> Result<(Box<dyn std::io::BufRead + Send>, Option<u64>), Exit> {
        use std::io::BufReader;
        if self.input.as_os_str() == "-" {
            return Ok((
                Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
                None,
            ));
        }
        match std::fs::File::open(&self.input) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                Ok((Box::new(BufReader::with_capacity(1 << 16, f)), size))
            }
            Err(e) => Err(usage_error(format!(
                "cannot read `{}`: {e}",
                self.input.display()
            ))),
        }
    }
}
