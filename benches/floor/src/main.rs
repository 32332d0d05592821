//! `shareguard-floor INPUT OUTPUT`: parses every line of INPUT into a `serde_json::Value` and
//! writes it back to OUTPUT; prints the seconds it took.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: shareguard-floor INPUT OUTPUT");
        return ExitCode::from(2);
    };
    match run(input, output) {
        Ok(seconds) => {
            println!("{seconds}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(input: &str, output: &str) -> std::io::Result<f64> {
    let start = Instant::now();
    let reader = BufReader::with_capacity(1 << 16, std::fs::File::open(input)?);
    let mut writer = BufWriter::with_capacity(1 << 16, std::fs::File::create(output)?);
    for line in reader.split(b'\n') {
        let line = line?;
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&line) {
            serde_json::to_writer(&mut writer, &value)?;
            writer.write_all(b"\n")?;
        }
    }
    writer.flush()?;
    Ok(start.elapsed().as_secs_f64())
}
