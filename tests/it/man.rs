//! The man pages in `docs/man/` are generated from the command line's definition (one for
//! `shareguard`, one per subcommand) and must match it: after changing a command, its
//! arguments or their help, rewrite them with `UPDATE_MAN=1 cargo test --test it man`.
//! Each page is also rendered with groff (installed by `scripts/setup/shells.sh`) to catch
//! markup that man would show wrongly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const DIR: &str = "docs/man";

/// Every page, by file name: `shareguard.1`, `shareguard-apply.1`, ...
fn generated() -> BTreeMap<String, Vec<u8>> {
    // As clap_mangen::generate_to does, but in memory: no `help` subcommand, every visible
    // subcommand its own page, named after its full command (`shareguard-apply`).
    let mut command = shareguard::cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = BTreeMap::new();
    add_pages(command, &mut pages);
    pages
}

fn add_pages(command: clap::Command, pages: &mut BTreeMap<String, Vec<u8>>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        add_pages(sub.clone(), pages);
    }
    // Every page's footer names the program and its version (a subcommand has none of its own).
    let source = format!("shareguard {}", env!("CARGO_PKG_VERSION"));
    let man = clap_mangen::Man::new(command).source(source);
    let mut page = Vec::new();
    man.render(&mut page).unwrap();
    pages.insert(man.get_filename(), page);
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR)
}

/// The `*.1` files in docs/man/, by name.
fn on_disk() -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir()) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "1"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn man_pages_are_generated_from_the_command_line() {
    let generated = generated();
    if std::env::var_os("UPDATE_MAN").is_some_and(|v| v != "0") {
        std::fs::create_dir_all(dir()).unwrap();
        for name in on_disk().keys().filter(|n| !generated.contains_key(*n)) {
            std::fs::remove_file(dir().join(name)).unwrap();
        }
        for (name, page) in &generated {
            std::fs::write(dir().join(name), page).unwrap();
        }
        return;
    }
    let on_disk = on_disk();
    let stale: BTreeSet<&String> = generated
        .keys()
        .chain(on_disk.keys())
        .filter(|name| generated.get(*name) != on_disk.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "{DIR}/ is out of date with the command line (src/cli) in {stale:?}; rewrite it with \
         `UPDATE_MAN=1 cargo test --test it man`"
    );
}

#[test]
fn there_is_a_page_for_every_subcommand() {
    let names: Vec<String> = generated().into_keys().collect();
    let mut expected = vec!["shareguard.1".to_string()];
    expected.extend(
        shareguard::cli::command()
            .get_subcommands()
            .map(|s| format!("shareguard-{}.1", s.get_name())),
    );
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn groff_renders_every_page_without_a_warning() {
    for (name, page) in generated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(&name);
        std::fs::write(&path, page).unwrap();
        let run = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run groff ({e}); run scripts/test or scripts/setup/shells.sh")
            });
        let warnings = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success() && warnings.is_empty(),
            "{name}: {warnings}"
        );
    }
}
