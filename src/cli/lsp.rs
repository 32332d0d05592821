//! `shareguard lsp`

use super::Exit;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: &Args) -> Exit {
    match crate::lsp::serve_stdio() {
        Ok(()) => Exit::Success,
        Err(err) => {
            eprintln!("error: {err}");
            Exit::Failure
        }
    }
}
