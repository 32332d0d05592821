//! The `shareguard` command: everything happens in the library's `cli` module.

fn main() -> std::process::ExitCode {
    shareguard::cli::main()
}
