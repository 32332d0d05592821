//! The `apply` job: stream records through a [`Runtime`] into the output files, all or
//! nothing.
//!
//! With an output directory, every file is written into a fresh temporary directory beside it
//! and moved into place only when the whole input has been processed; a run that fails (an
//! unreadable input, a full disk) leaves nothing behind. Memory stays flat: records are read,
//! decided and written in batches.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use super::fast::Scratch;
use super::input::{Batch, Records};
use super::output::Summary;
use super::{Chunk, Runtime};

/// Records decided per batch, at most.
const BATCH: usize = 1024;
/// Bytes of input per batch, at most (a batch ends with the record that crosses it). Small
/// enough that a batch's outputs (about three times its input) stay in a core's cache until
/// they are written.
const BATCH_BYTES: usize = 1 << 16;
/// Decided batches that may wait for their turn to be written, whatever the number of threads.
const MAX_WAITING: usize = 64;

/// Where the results go.
pub enum Destination<'a> {
    /// `DIR/NAME.jsonl` for each recipient, `decisions.jsonl`, `rejected.jsonl` and
    /// `summary.json`.
    Directory { path: &'a Path },
    /// One recipient's records, to a stream (stdout).
    Stream {
        recipient: usize,
        writer: &'a mut (dyn Write + Send),
    },
}

impl std::fmt::Debug for Destination<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::Directory { path } => {
                f.debug_struct("Directory").field("path", path).finish()
            }
            Destination::Stream { recipient, .. } => f
                .debug_struct("Stream")
                .field("recipient", recipient)
                .finish_non_exhaustive(),
        }
    }
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
    input: impl BufRead + Send,
    destination: Destination<'_>,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Summary, ApplyError> {
    match destination {
        Destination::Directory { path } => {
            let mut out = OutputDir::create(path, runtime)?;
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
    input: impl BufRead + Send,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
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
    progress: &(dyn Fn(u64) + Sync),
    mut write: impl FnMut(&Chunk) -> Result<(), ApplyError>,
) -> Result<Summary, ApplyError> {
    let mut summary = Summary::new(runtime.ir(), runtime.schema());
    let mut records = Records::new(input);
    let mut batch = Batch::default();
    let mut chunk = runtime.new_chunk();
    let mut scratch = Scratch::default();
    let mut consumed = 0u64;
    while records
        .fill(&mut batch, BATCH, BATCH_BYTES)
        .map_err(fail("cannot read the input"))?
    {
        consumed += batch.size() as u64;
        for record in batch.records() {
            runtime.process_with(record, &mut scratch, &mut chunk);
        }
        write(&chunk)?;
        summary.merge(&chunk.summary);
        runtime.clear_chunk(&mut chunk);
        progress(consumed);
    }
    Ok(summary)
}

/// What the workers of a parallel run share: the input, the decided batches waiting for
/// their turn, and the output files.
struct Shared<'w, R> {
    input: Mutex<Input<R>>,
    queue: Mutex<Queue>,
    /// Signalled when the queue of decided batches shrinks or the run fails.
    room: Condvar,
    output: Mutex<Output<'w>>,
}

struct Input<R> {
    records: Records<R>,
    next_seq: u64,
    consumed: u64,
    error: Option<io::Error>,
    done: bool,
}

/// Decided batches that wait for the ones before them.
struct Queue {
    /// The next batch to write.
    next_seq: u64,
    ready: BTreeMap<u64, Chunk>,
    /// Whether a worker is writing now (it then also writes what becomes ready meanwhile).
    writing: bool,
    /// Written chunks, emptied, to reuse.
    spare: Vec<Chunk>,
    failed: bool,
}

struct Output<'w> {
    write: &'w mut (dyn FnMut(&Chunk) -> Result<(), ApplyError> + Send),
    summary: Summary,
    error: Option<ApplyError>,
}

/// Each of `threads` workers takes the next batch of records from the input, decides it and
/// queues it; whichever worker finds the next batch in line ready writes it (and those that
/// follow it), so outputs are in input order and no worker waits for a slower one. The queue
/// is bounded, so memory does not grow with the input.
fn parallel(
    runtime: &Runtime,
    input: impl BufRead + Send,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
    mut write: impl FnMut(&Chunk) -> Result<(), ApplyError> + Send,
) -> Result<Summary, ApplyError> {
    let shared = Shared {
        input: Mutex::new(Input {
            records: Records::new(input),
            next_seq: 0,
            consumed: 0,
            error: None,
            done: false,
        }),
        queue: Mutex::new(Queue {
            next_seq: 0,
            ready: BTreeMap::new(),
            writing: false,
            spare: Vec::new(),
            failed: false,
        }),
        room: Condvar::new(),
        output: Mutex::new(Output {
            write: &mut write,
            summary: Summary::new(runtime.ir(), runtime.schema()),
            error: None,
        }),
    };
    let limit = (2 * threads).min(MAX_WAITING);
    std::thread::scope(|scope| {
        // The calling thread is one of the workers; if the system refuses more threads, the
        // run goes on with those it has.
        for _ in 1..threads {
            let spawned = std::thread::Builder::new()
                .spawn_scoped(scope, || worker(runtime, &shared, limit, progress));
            if spawned.is_err() {
                break;
            }
        }
        worker(runtime, &shared, limit, progress);
    });
    let input = shared.input.into_inner().map_err(|_| poisoned())?;
    let output = shared.output.into_inner().map_err(|_| poisoned())?;
    if let Some(e) = input.error {
        return Err(fail("cannot read the input")(e));
    }
    match output.error {
        Some(e) => Err(e),
        None => Ok(output.summary),
    }
}

fn poisoned() -> ApplyError {
    ApplyError {
        context: "internal error".into(),
        error: io::Error::other("a worker thread stopped unexpectedly"),
    }
}

/// One worker; `limit` is how many decided batches may wait for their turn.
fn worker<R: BufRead>(
    runtime: &Runtime,
    shared: &Shared<'_, R>,
    limit: usize,
    progress: &(dyn Fn(u64) + Sync),
) {
    let mut batch = Batch::default();
    let mut chunk = runtime.new_chunk();
    let mut scratch = Scratch::default();
    loop {
        if !wait_for_room(shared, limit) {
            return;
        }
        let Some(seq) = next_batch(shared, &mut batch, progress) else {
            return;
        };
        runtime.clear_chunk(&mut chunk);
        for record in batch.records() {
            runtime.process_with(record, &mut scratch, &mut chunk);
        }
        let Ok(mut queue) = shared.queue.lock() else {
            return;
        };
        queue.ready.insert(seq, chunk);
        chunk = queue.spare.pop().unwrap_or_else(|| runtime.new_chunk());
        if queue.writing {
            continue;
        }
        queue.writing = true;
        loop {
            let mut in_line = Vec::new();
            loop {
                let seq = queue.next_seq;
                let Some(next) = queue.ready.remove(&seq) else {
                    break;
                };
                in_line.push(next);
                queue.next_seq += 1;
            }
            if in_line.is_empty() {
                queue.writing = false;
                break;
            }
            drop(queue);
            shared.room.notify_all();
            let failed = write_in_order(shared, &in_line);
            let Ok(again) = shared.queue.lock() else {
                return;
            };
            queue = again;
            queue.spare.extend(in_line);
            if failed {
                queue.failed = true;
                queue.writing = false;
                break;
            }
        }
        drop(queue);
        shared.room.notify_all();
    }
}

/// Waits while too many decided batches wait for their turn; false when the run failed.
fn wait_for_room<R>(shared: &Shared<'_, R>, limit: usize) -> bool {
    let Ok(mut queue) = shared.queue.lock() else {
        return false;
    };
    while queue.ready.len() >= limit && !queue.failed {
        queue = match shared.room.wait(queue) {
            Ok(q) => q,
            Err(_) => return false,
        };
    }
    !queue.failed
}

/// Takes the next batch from the input; `None` at its end or after an error.
fn next_batch<R: BufRead>(
    shared: &Shared<'_, R>,
    batch: &mut Batch,
    progress: &(dyn Fn(u64) + Sync),
) -> Option<u64> {
    let mut input = shared.input.lock().ok()?;
    if input.done {
        return None;
    }
    match input.records.fill(batch, BATCH, BATCH_BYTES) {
        Ok(true) => {}
        Ok(false) => {
            input.done = true;
            return None;
        }
        Err(e) => {
            input.error = Some(e);
            input.done = true;
            drop(input);
            if let Ok(mut queue) = shared.queue.lock() {
                queue.failed = true;
            }
            shared.room.notify_all();
            return None;
        }
    }
    input.consumed += batch.size() as u64;
    progress(input.consumed);
    input.next_seq += 1;
    Some(input.next_seq - 1)
}

/// Writes batches that are next in line; true when writing failed.
fn write_in_order<R>(shared: &Shared<'_, R>, chunks: &[Chunk]) -> bool {
    let Ok(mut output) = shared.output.lock() else {
        return true;
    };
    for chunk in chunks {
        if output.error.is_some() {
            return true;
        }
        match (output.write)(chunk) {
            Ok(()) => output.summary.merge(&chunk.summary),
            Err(e) => output.error = Some(e),
        }
    }
    output.error.is_some()
}

/// The output directory being written: a temporary directory until [`OutputDir::finish`].
struct OutputDir {
    target: PathBuf,
    temp: tempfile::TempDir,
    recipients: Vec<BufWriter<File>>,
    decisions: BufWriter<File>,
    rejected: BufWriter<File>,
}

impl OutputDir {
    fn create(target: &Path, runtime: &Runtime) -> Result<Self, ApplyError> {
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
        for recipient in &runtime.ir().recipients {
            recipients.push(open(&format!("{}.jsonl", recipient.name))?);
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
            file.write_all(lines)
                .map_err(fail("cannot write the output"))?;
        }
        self.decisions
            .write_all(&chunk.decisions)
            .map_err(fail("cannot write the output"))?;
        self.rejected.write_all(&chunk.rejected).map_err(err)
    }

    /// Writes the summary, then moves every file into the target directory.
    fn finish(mut self, runtime: &Runtime, summary: &Summary) -> Result<(), ApplyError> {
        let as_of = runtime.as_of().format("%Y-%m-%d").to_string();
        let json = summary.to_json(runtime.ir(), runtime.schema(), &as_of);
        let summary_path = self.temp.path().join("summary.json");
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        std::fs::write(&summary_path, text + "\n").map_err(fail("cannot write the summary"))?;
        for file in &mut self.recipients {
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
        self.replace_files()
    }

    /// The target directory exists: moves the files it holds under our names aside, moves the
    /// new ones in, and only then drops the old ones; if any step fails, the old files are put
    /// back, so the directory holds either all the old outputs or all the new ones.
    fn replace_files(&self) -> Result<(), ApplyError> {
        let moving = || {
            fail(format!(
                "cannot move the results into `{}`",
                self.target.display()
            ))
        };
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.temp.path()).map_err(fail("cannot list the results"))? {
            names.push(entry.map_err(fail("cannot list the results"))?.file_name());
        }
        let aside = tempfile::Builder::new()
            .prefix(".shareguard-old-")
            .tempdir_in(&self.target)
            .map_err(moving())?;
        let mut moved_aside = Vec::new();
        let mut moved_in = Vec::new();
        let result = (|| -> io::Result<()> {
            for name in &names {
                let old = self.target.join(name);
                if old.symlink_metadata().is_ok() {
                    std::fs::rename(&old, aside.path().join(name))?;
                    moved_aside.push(name);
                }
            }
            for name in &names {
                std::fs::rename(self.temp.path().join(name), self.target.join(name))?;
                moved_in.push(name);
            }
            Ok(())
        })();
        if let Err(error) = result {
            for name in moved_in {
                let _ = std::fs::rename(self.target.join(name), self.temp.path().join(name));
            }
            for name in moved_aside {
                let _ = std::fs::rename(aside.path().join(name), self.target.join(name));
            }
            return Err(moving()(error));
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
