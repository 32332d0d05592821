//! The `apply` job: stream records through a [`Runtime`] into the output files, all or
//! nothing.
//!
//! With an output directory, every file is written into a fresh temporary directory beside it
//! and moved into place only when the whole input has been processed; a run that fails (an
//! unreadable input, a full disk) leaves nothing behind. Memory stays flat: records are read,
//! decided and written in batches.

use std::fs::File;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, mpsc};

use super::fast::Scratch;
use super::input::{RawRecord, Records};
use super::output::Summary;
use super::{Chunk, Runtime};

/// Records decided per batch.
const BATCH: usize = 1024;

/// Where the results go.
pub enum Destination<'a> {
    /// `DIR/NAME.jsonl` for each recipient (or only `only`), `decisions.jsonl`,
    /// `rejected.jsonl` and `summary.json`.
    Directory { path: &'a Path, only: Option<usize> },
    /// One recipient's records, to a stream (stdout).
    Stream {
        recipient: usize,
        writer: &'a mut (dyn Write + Send),
    },
}

/// A run that could not finish (exit 2).
#[derive(Debug)]
pub struct ApplyError {
    pub context: String,
    pub error: io::Error,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.context, self.error)
    }
}

impl std::error::Error for ApplyError {}

fn fail(context: impl Into<String>) -> impl FnOnce(io::Error) -> ApplyError {
    let context = context.into();
    move |error| ApplyError { context, error }
}

/// Runs the job on `threads` threads (1: all on the calling thread); `progress` is told how
/// many input bytes were consumed. Outputs are in input order whatever the number of threads.
pub fn run(
    runtime: &Runtime,
    input: impl BufRead,
    destination: Destination<'_>,
    threads: usize,
    progress: &dyn Fn(u64),
) -> Result<Summary, ApplyError> {
    match destination {
        Destination::Directory { path, only } => {
            let mut out = OutputDir::create(path, runtime, only)?;
            let summary = stream(runtime, input, threads, progress, |chunk| out.write(chunk))?;
            out.finish(runtime, &summary)?;
            Ok(summary)
        }
        Destination::Stream { recipient, writer } => {
            let summary = stream(runtime, input, threads, progress, |chunk| {
                if let Some(lines) = chunk.recipients.get(recipient) {
                    writer
                        .write_all(lines)
                        .map_err(fail("cannot write the output"))?;
                }
                Ok(())
            })?;
            writer.flush().map_err(fail("cannot write the output"))?;
            Ok(summary)
        }
    }
}

fn stream(
    runtime: &Runtime,
    input: impl BufRead,
    threads: usize,
    progress: &dyn Fn(u64),
    write: impl FnMut(&Chunk) -> Result<(), ApplyError> + Send,
) -> Result<Summary, ApplyError> {
    if threads <= 1 {
        sequential(runtime, input, progress, write)
    } else {
        parallel(runtime, input, threads, progress, write)
    }
}

fn sequential(
    runtime: &Runtime,
    input: impl BufRead,
    progress: &dyn Fn(u64),
    mut write: impl FnMut(&Chunk) -> Result<(), ApplyError>,
) -> Result<Summary, ApplyError> {
    let mut summary = Summary::new(runtime.ir(), runtime.fields());
    let mut chunk = runtime.new_chunk();
    let mut scratch = Scratch::default();
    let mut in_chunk = 0;
    let mut consumed = 0u64;
    for record in Records::new(input) {
        let record = record.map_err(fail("cannot read the input"))?;
        consumed += record.bytes.len() as u64 + 1;
        runtime.process_with(&record, &mut scratch, &mut chunk);
        in_chunk += 1;
        if in_chunk == BATCH {
            write(&chunk)?;
            summary.merge(&chunk.summary);
            runtime.clear_chunk(&mut chunk);
            in_chunk = 0;
            progress(consumed);
        }
    }
    write(&chunk)?;
    summary.merge(&chunk.summary);
    progress(consumed);
    Ok(summary)
}

/// The calling thread reads batches of records; `threads` workers decide them; one writer
/// thread puts the results back in input order and writes them. Channels are bounded, so
/// memory does not grow with the input.
fn parallel(
    runtime: &Runtime,
    input: impl BufRead,
    threads: usize,
    progress: &dyn Fn(u64),
    mut write: impl FnMut(&Chunk) -> Result<(), ApplyError> + Send,
) -> Result<Summary, ApplyError> {
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Vec<RawRecord>)>(threads);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::sync_channel::<(u64, Chunk)>(threads * 2);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let work_rx = Arc::clone(&work_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let job = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((seq, batch)) = job else { break };
                    let mut chunk = runtime.new_chunk();
                    for record in &batch {
                        runtime.process_with(record, &mut scratch, &mut chunk);
                    }
                    if done_tx.send((seq, chunk)).is_err() {
                        break;
                    }
                }
            });
        }
        // The workers hold the only handles now: when they stop, sending work fails.
        drop(work_rx);
        drop(done_tx);
        let writer = scope.spawn(move || -> Result<Summary, ApplyError> {
            let mut summary = Summary::new(runtime.ir(), runtime.fields());
            let mut pending: BTreeMap<u64, Chunk> = BTreeMap::new();
            let mut next = 0u64;
            for (seq, chunk) in done_rx {
                pending.insert(seq, chunk);
                while let Some(chunk) = pending.remove(&next) {
                    write(&chunk)?;
                    summary.merge(&chunk.summary);
                    next += 1;
                }
            }
            Ok(summary)
        });
        let mut read_error = None;
        let mut batch = Vec::with_capacity(BATCH);
        let mut seq = 0u64;
        let mut consumed = 0u64;
        for record in Records::new(input) {
            match record {
                Ok(record) => {
                    consumed += record.bytes.len() as u64 + 1;
                    batch.push(record);
                }
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
            if batch.len() == BATCH {
                if work_tx.send((seq, std::mem::take(&mut batch))).is_err() {
                    break;
                }
                seq += 1;
                progress(consumed);
            }
        }
        if read_error.is_none() && !batch.is_empty() {
            let _ = work_tx.send((seq, batch));
        }
        drop(work_tx);
        let written = writer.join().unwrap_or_else(|_| {
            Err(ApplyError {
                context: "internal error".into(),
                error: io::Error::other("a worker thread stopped unexpectedly"),
            })
        });
        if let Some(e) = read_error {
            return Err(fail("cannot read the input")(e));
        }
        progress(consumed);
        written
    })
}

/// The output directory being written: a temporary directory until [`OutputDir::finish`].
struct OutputDir {
    target: PathBuf,
    temp: tempfile::TempDir,
    recipients: Vec<Option<BufWriter<File>>>,
    decisions: BufWriter<File>,
    rejected: BufWriter<File>,
}

impl OutputDir {
    fn create(target: &Path, runtime: &Runtime, only: Option<usize>) -> Result<Self, ApplyError> {
        let shown = target.display().to_string();
        if target.exists() && !target.is_dir() {
            return Err(ApplyError {
                context: format!("cannot write to `{shown}`"),
                error: io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "it exists and is not a directory",
                ),
            });
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(fail(format!("cannot create `{}`", parent.display())))?;
        let temp = tempfile::Builder::new()
            .prefix(".shareguard-")
            .tempdir_in(&parent)
            .map_err(fail(format!("cannot write in `{}`", parent.display())))?;
        let open = |name: &str| -> Result<BufWriter<File>, ApplyError> {
            let path = temp.path().join(name);
            File::create(&path)
                .map(|f| BufWriter::with_capacity(1 << 16, f))
                .map_err(fail(format!("cannot create `{}`", path.display())))
        };
        let mut recipients = Vec::new();
        for (i, recipient) in runtime.ir().recipients.iter().enumerate() {
            let wanted = only.is_none_or(|o| o == i);
            recipients.push(if wanted {
                Some(open(&format!("{}.jsonl", recipient.name))?)
            } else {
                None
            });
        }
        let decisions = open("decisions.jsonl")?;
        let rejected = open("rejected.jsonl")?;
        Ok(OutputDir {
            target: target.to_path_buf(),
            temp,
            recipients,
            decisions,
            rejected,
        })
    }

    fn write(&mut self, chunk: &Chunk) -> Result<(), ApplyError> {
        let err = fail("cannot write the output");
        for (file, lines) in self.recipients.iter_mut().zip(&chunk.recipients) {
            if let Some(file) = file {
                file.write_all(lines)
                    .map_err(fail("cannot write the output"))?;
            }
        }
        self.decisions
            .write_all(&chunk.decisions)
            .map_err(fail("cannot write the output"))?;
        self.rejected.write_all(&chunk.rejected).map_err(err)
    }

    /// Writes the summary, then moves every file into the target directory.
    fn finish(mut self, runtime: &Runtime, summary: &Summary) -> Result<(), ApplyError> {
        let as_of = runtime.as_of().format("%Y-%m-%d").to_string();
        let json = summary.to_json(runtime.ir(), runtime.fields(), &as_of);
        let summary_path = self.temp.path().join("summary.json");
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        std::fs::write(&summary_path, text + "\n").map_err(fail("cannot write the summary"))?;
        for file in self.recipients.iter_mut().flatten() {
            flush(file)?;
        }
        flush(&mut self.decisions)?;
        flush(&mut self.rejected)?;
        let moving = fail(format!(
            "cannot move the results into `{}`",
            self.target.display()
        ));
        if !self.target.exists() {
            let temp = self.temp.keep();
            return std::fs::rename(&temp, &self.target).map_err(|e| {
                let _ = std::fs::remove_dir_all(&temp);
                moving(e)
            });
        }
        // The directory exists: replace the files one by one (each rename is atomic).
        let entries =
            std::fs::read_dir(self.temp.path()).map_err(fail("cannot list the results"))?;
        for entry in entries {
            let entry = entry.map_err(fail("cannot list the results"))?;
            let to = self.target.join(entry.file_name());
            std::fs::rename(entry.path(), &to).map_err(fail(format!(
                "cannot move the results into `{}`",
                self.target.display()
            )))?;
        }
        Ok(())
    }
}

/// Flushes to the operating system. There is deliberately no fsync: all-or-nothing is about
/// runs that fail (errors, interruptions), which the final rename covers; forcing hundreds of
/// megabytes to disk would make every export wait for the disk (see docs/outputs.md).
fn flush(file: &mut BufWriter<File>) -> Result<(), ApplyError> {
    file.flush().map_err(fail("cannot write the output"))
}
