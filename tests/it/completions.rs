//! `shareguard completions SHELL`: every shell gets a script that names every subcommand, the
//! shells installed by `scripts/setup/shells.sh` accept their script (`bash -n`, `zsh -n`,
//! `fish -n`), and bash and fish, running the script, really complete `shareguard`'s words.
//! PowerShell and elvish are not in Debian's packages: their scripts are only checked for
//! content.

use std::path::Path;
use std::process::Command;

use crate::common::cli::{code, shareguard, stderr, stdout};

const SHELLS: [&str; 5] = ["bash", "elvish", "fish", "powershell", "zsh"];

/// The names of `shareguard`'s subcommands, from its definition.
fn subcommands() -> Vec<String> {
    shareguard::cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect()
}

fn script(shell: &str) -> String {
    let run = shareguard(&["completions", shell]);
    assert_eq!(code(&run), 0, "{shell}: {}", stderr(&run));
    stdout(&run)
}

/// Runs `shell args...` and returns its standard output; a shell that is not installed fails
/// the test with what to do.
fn run_shell(shell: &str, args: &[&str]) -> String {
    let run = Command::new(shell).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{shell}` ({e}); run scripts/test or scripts/setup/shells.sh")
    });
    assert!(
        run.status.success(),
        "`{shell} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

fn write_script(dir: &Path, shell: &str) -> String {
    let path = dir.join(format!("shareguard.{shell}"));
    std::fs::write(&path, script(shell)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn every_shell_gets_a_script_that_names_every_subcommand() {
    let subcommands = subcommands();
    assert!(subcommands.contains(&"sample".to_string()));
    for shell in SHELLS {
        let script = script(shell);
        assert!(script.len() > 1000, "{shell}: {script}");
        for sub in &subcommands {
            assert!(
                script.contains(sub.as_str()),
                "{shell} does not mention `{sub}`"
            );
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = shareguard(&["completions", "tcsh"]);
    assert_eq!(code(&run), 2);
    assert!(
        stderr(&run).contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn bash_zsh_and_fish_accept_their_scripts() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, check) in [("bash", "-n"), ("zsh", "-n"), ("fish", "--no-execute")] {
        let path = write_script(dir.path(), shell);
        run_shell(shell, &[check, &path]);
    }
}

#[test]
fn bash_completes_subcommands_options_and_shells() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_script(dir.path(), "bash");
    // What bash's programmable completion does on <TAB>: COMP_WORDS and COMP_CWORD, then the
    // function with the command, the word being completed and the word before it.
    let complete = |words: &[&str]| {
        let program = format!(
            "source {path}; COMP_WORDS=({}); COMP_CWORD={}; _shareguard shareguard {} {}; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            words.len() - 1,
            format_args!("'{}'", words[words.len() - 1]),
            format_args!("'{}'", words[words.len() - 2]),
        );
        run_shell("bash", &["-c", &program])
    };
    assert_eq!(complete(&["shareguard", "sa"]), "sample\n");
    assert_eq!(
        complete(&["shareguard", "sample", "p.share", "--inv"]),
        "--invalid\n"
    );
    let shells = complete(&["shareguard", "completions", ""]);
    for shell in SHELLS {
        assert!(shells.lines().any(|l| l == shell), "{shell} in {shells}");
    }
}

#[test]
fn fish_completes_subcommands_options_and_shells() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_script(dir.path(), "fish");
    let complete = |line: &str| {
        let program = format!("source {path}; complete --do-complete '{line}'");
        let out = run_shell("fish", &["--no-config", "-c", &program]);
        // Each line is `word<TAB>description`.
        out.lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(complete("shareguard sa"), ["sample"]);
    assert_eq!(complete("shareguard sample p.share --inv"), ["--invalid"]);
    assert_eq!(complete("shareguard completions "), SHELLS);
}

#[test]
fn zsh_finds_the_script_by_its_file_name() {
    // As the README says: saved as `_shareguard` in a folder on fpath, before compinit.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("_shareguard"), script("zsh")).unwrap();
    let dir = dir.path().to_str().unwrap();
    let program = format!(
        "fpath=({dir} $fpath); autoload -U compinit; compinit -u -d {dir}/.zcompdump; \
         print -r -- ${{_comps[shareguard]}}"
    );
    assert_eq!(run_shell("zsh", &["-f", "-c", &program]), "_shareguard\n");
}
