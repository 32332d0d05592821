//! Running the `shareguard` binary as users do.

use std::process::{Command, Output};

/// Runs `shareguard` from the repository's root, without colours.
pub fn shareguard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shareguard"))
        .args(args)
        .current_dir(super::root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}
