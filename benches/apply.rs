//! `cargo bench --bench apply`: `shareguard apply` against the floor any tool pays — parsing
//! every record into a `serde_json::Value` and serialising it back — on the same file.
//!
//! ```text
//! cargo bench --bench apply -- [--records 200000] [--runs 5] [--threads N] [--dir DIR]
//!                              [--policy policies/acme_dining.share] [--memory-records N]
//! ```
//!
//! The input is generated once (seeded, `src/sample.rs`) into `DIR` (default `target/bench`),
//! and every output goes to `DIR` too, so the floor and `apply` write to the same disk (use a
//! tmpfs such as `/dev/shm` to leave the disk out). The floor is its own small program
//! (`benches/floor`, serde_json with default features), built here; both it and `shareguard`
//! run as child processes. Runs of the three contestants are interleaved, and the ratios are
//! taken run by run (each pair of runs sees the same machine) and then their median, which is
//! steadier than a ratio of medians on a machine whose speed drifts. The report also gives the
//! fastest and slowest run and the spread ((slowest - fastest) / median) as the noise. Peak
//! memory is that of the `shareguard` binary (VmHWM from /proc, Linux only).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use shareguard::sample::{SampleOptions, write_samples};

struct Options {
    records: u64,
    runs: usize,
    threads: usize,
    dir: PathBuf,
    policy: PathBuf,
    memory_records: Option<u64>,
}

fn options() -> Options {
    let mut o = Options {
        records: 200_000,
        runs: 5,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        dir: PathBuf::from("target/bench"),
        policy: PathBuf::from("policies/acme_dining.share"),
        memory_records: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--records" => o.records = value.parse().expect("--records N"),
            "--runs" => o.runs = value.parse().expect("--runs N"),
            "--threads" => o.threads = value.parse().expect("--threads N"),
            "--dir" => o.dir = PathBuf::from(value),
            "--policy" => o.policy = PathBuf::from(value),
            "--memory-records" => {
                o.memory_records = Some(value.parse().expect("--memory-records N"))
            }
            // cargo bench passes --bench; anything else unknown is ignored.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn generate(policy: &Path, records: u64, path: &Path) {
    if path.exists() {
        return;
    }
    let compiled = shareguard::policy::compile_file(policy, &Default::default()).unwrap();
    let ir = compiled.ir.expect("the policy checks clean");
    eprintln!("generating {records} records into {} ...", path.display());
    let file = std::fs::File::create(path).unwrap();
    write_samples(&ir.record, records, &SampleOptions::default(), file).unwrap();
}

/// Builds the floor program and returns its path.
fn build_floor() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "shareguard-floor"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building benches/floor failed");
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    PathBuf::from(target).join("release/shareguard-floor")
}

/// The floor: every line parsed into a Value and written back, in its own process.
fn floor(program: &Path, input: &Path, out: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(program)
        .arg(input)
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    start.elapsed()
}

fn apply(policy: &Path, input: &Path, out: &Path, threads: usize) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_shareguard"))
        .args([
            "apply",
            policy.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ])
        .args(["--out", out.to_str().unwrap(), "--as-of", "2026-06-01"])
        .args(["--threads", &threads.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    // 3: some records were rejected, as the generated input has invalid ones on purpose.
    assert!(
        matches!(status.code(), Some(0 | 3)),
        "apply failed: {status}"
    );
    start.elapsed()
}

/// Two single-threaded runs at once: how much the machine's cores give when all are busy
/// (on some virtual machines the second core is a hyperthread of the first, or shared).
fn pair(policy: &Path, input: &Path, dir: &Path) -> Duration {
    let start = Instant::now();
    let spawn = |out: &str| {
        Command::new(env!("CARGO_BIN_EXE_shareguard"))
            .args([
                "apply",
                policy.to_str().unwrap(),
                "--input",
                input.to_str().unwrap(),
            ])
            .args([
                "--out",
                dir.join(out).to_str().unwrap(),
                "--as-of",
                "2026-06-01",
            ])
            .args(["--threads", "1"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("out-pair-a"), spawn("out-pair-b"));
    a.wait().unwrap();
    b.wait().unwrap();
    start.elapsed()
}

struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

fn stats(mut times: Vec<Duration>) -> Stats {
    times.sort();
    let secs: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    Stats {
        median: secs[secs.len() / 2],
        min: secs[0],
        max: secs[secs.len() - 1],
    }
}

fn row(name: &str, s: &Stats, records: u64, bytes: u64) {
    println!(
        "{name:<22} median {:>6.3} s  (fastest {:.3}, slowest {:.3}, noise {:>4.1}%)  {:>9.0} records/s  {:>6.1} MB/s",
        s.median,
        s.min,
        s.max,
        100.0 * (s.max - s.min) / s.median,
        records as f64 / s.median,
        bytes as f64 / 1e6 / s.median
    );
}

/// Runs the binary and samples its peak resident memory (VmHWM) until it exits.
fn peak_memory_kb(args: &[&str]) -> Option<u64> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shareguard"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = None;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = Some(peak.map_or(kb, |p: u64| p.max(kb)));
            }
        }
        if child.try_wait().ok()?.is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn same_files(a: &Path, b: &Path) -> bool {
    let mut names: Vec<_> = std::fs::read_dir(a)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    names
        .iter()
        .all(|n| std::fs::read(a.join(n)).unwrap() == std::fs::read(b.join(n)).unwrap())
}

fn main() {
    let o = options();
    std::fs::create_dir_all(&o.dir).unwrap();
    let stem = o.policy.file_stem().unwrap().to_string_lossy().into_owned();
    let input = o.dir.join(format!("{stem}-{}.jsonl", o.records));
    generate(&o.policy, o.records, &input);
    let bytes = std::fs::metadata(&input).unwrap().len();
    let floor_program = build_floor();
    println!(
        "input: {} ({} records, {:.1} MB); policy {}; {} runs; {} threads for the parallel runs",
        input.display(),
        o.records,
        bytes as f64 / 1e6,
        o.policy.display(),
        o.runs,
        o.threads
    );
    let (mut f, mut one, mut many, mut pairs) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let out1 = o.dir.join("out-1");
    let out_n = o.dir.join("out-n");
    for run in 0..o.runs {
        f.push(floor(&floor_program, &input, &o.dir.join("floor.jsonl")));
        one.push(apply(&o.policy, &input, &out1, 1));
        many.push(apply(&o.policy, &input, &out_n, o.threads));
        if o.threads == 2 {
            pairs.push(pair(&o.policy, &input, &o.dir));
        }
        eprintln!(
            "run {}: floor {:.3} s, apply 1 thread {:.3} s, apply {} threads {:.3} s",
            run + 1,
            f[run].as_secs_f64(),
            one[run].as_secs_f64(),
            o.threads,
            many[run].as_secs_f64()
        );
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let versus_floor = median(
        one.iter()
            .zip(&f)
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect(),
    );
    let speed_up = median(
        one.iter()
            .zip(&many)
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect(),
    );
    let machine = (!pairs.is_empty()).then(|| {
        median(
            one.iter()
                .zip(&pairs)
                .map(|(a, p)| 2.0 * a.as_secs_f64() / p.as_secs_f64())
                .collect(),
        )
    });
    let (f, one, many) = (stats(f), stats(one), stats(many));
    row("serde_json floor", &f, o.records, bytes);
    row("apply, 1 thread", &one, o.records, bytes);
    row(
        &format!("apply, {} threads", o.threads),
        &many,
        o.records,
        bytes,
    );
    println!(
        "apply on 1 thread / floor: {versus_floor:.2}   speed-up on {} threads: {speed_up:.2}x   \
         (medians of the run-by-run ratios)   outputs identical: {}",
        o.threads,
        same_files(&out1, &out_n)
    );
    if let Some(machine) = machine {
        println!(
            "the machine itself: two single-threaded runs at once do {machine:.2}x the work of one \
             in the same time (2.00 would be two independent cores)"
        );
    }
    let output_bytes: u64 = std::fs::read_dir(&out1)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    println!(
        "apply wrote {:.1} MB in all (floor: {:.1} MB)",
        output_bytes as f64 / 1e6,
        std::fs::metadata(o.dir.join("floor.jsonl")).unwrap().len() as f64 / 1e6
    );
    let policy = o.policy.to_str().unwrap();
    let mem_input = match o.memory_records {
        Some(n) => {
            let path = o.dir.join(format!("{stem}-{n}.jsonl"));
            generate(&o.policy, n, &path);
            path
        }
        None => input.clone(),
    };
    let mem_bytes = std::fs::metadata(&mem_input).unwrap().len();
    for threads in [1, o.threads] {
        let out = o.dir.join("out-mem");
        let peak = peak_memory_kb(&[
            "apply",
            policy,
            "--input",
            mem_input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2026-06-01",
            "--threads",
            &threads.to_string(),
        ]);
        match peak {
            Some(kb) => println!(
                "peak memory, {threads} thread(s), {:.0} MB input: {:.1} MB",
                mem_bytes as f64 / 1e6,
                kb as f64 / 1024.0
            ),
            None => println!("peak memory: not measurable here (no /proc)"),
        }
    }
}
