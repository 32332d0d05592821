//! `shareguard fmt` as users run it: exit codes, files written or left alone.

use std::path::{Path, PathBuf};

const MESSY: &str = "tests/fmt/every_construct.share";
const CANONICAL: &str = "tests/fmt/canonical_acme_style.share";
const BROKEN: &str = "tests/fmt/refused/unclosed_block.share";

use crate::common::cli::{code, shareguard, stderr, stdout};

/// A copy of `case` in a fresh temporary directory.
fn copy(case: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(Path::new(case).file_name().unwrap());
    std::fs::copy(case, &path).unwrap();
    (dir, path)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Files other than the policies themselves: temporary files left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".share"))
        .collect()
}

#[test]
fn fmt_rewrites_the_file_then_has_nothing_to_do() {
    let (dir, path) = copy(MESSY);
    let original = std::fs::read_to_string(&path).unwrap();

    let first = shareguard(&["fmt", arg(&path)]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert_eq!(stdout(&first), format!("formatted {}\n", path.display()));
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_ne!(formatted, original);
    assert_eq!(formatted, super::format("every_construct.share", &original));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );

    let second = shareguard(&["fmt", arg(&path)]);
    assert_eq!(code(&second), 0);
    assert_eq!(stdout(&second), "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), formatted);
}

#[test]
fn check_writes_nothing_and_shows_the_first_difference() {
    let (dir, messy) = copy(MESSY);
    let canonical = dir.path().join("canonical.share");
    std::fs::copy(CANONICAL, &canonical).unwrap();
    let before = std::fs::read(&messy).unwrap();
    let modified = std::fs::metadata(&messy).unwrap().modified().unwrap();

    let out = shareguard(&["fmt", "--check", arg(&canonical), arg(&messy)]);
    assert_eq!(code(&out), 1);
    let printed = stdout(&out);
    assert!(
        printed.starts_with(&format!(
            "{} is not formatted; the first difference, at line 2:\n- policy \"Every construct\"",
            messy.display()
        )),
        "{printed}"
    );
    assert!(printed.contains("\n+ policy \"Every construct\" {\n+   version \"1\""));
    assert!(!printed.contains("canonical.share"), "{printed}");
    assert_eq!(std::fs::read(&messy).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&messy).unwrap().modified().unwrap(),
        modified
    );
    assert!(leftovers(dir.path()).is_empty());

    let clean = shareguard(&["fmt", "--check", arg(&canonical)]);
    assert_eq!(code(&clean), 0);
    assert_eq!(stdout(&clean), "");
}

#[test]
fn a_file_that_does_not_parse_is_refused_and_left_alone() {
    let (dir, path) = copy(BROKEN);
    let before = std::fs::read(&path).unwrap();
    for check in [false, true] {
        let mut args = vec!["fmt"];
        if check {
            args.push("--check");
        }
        args.push(arg(&path));
        let out = shareguard(&args);
        assert_eq!(code(&out), 1);
        let err = stderr(&out);
        assert!(err.contains("E0001"), "{err}");
        assert!(err.contains("was not formatted"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn text_that_is_not_utf8_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.share");
    std::fs::write(&path, b"policy \"Caf\xe9\" {}\n").unwrap();
    let out = shareguard(&["fmt", arg(&path)]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("E0004"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), b"policy \"Caf\xe9\" {}\n");
}

#[test]
fn an_unreadable_file_is_a_usage_error_and_the_others_are_still_formatted() {
    let (dir, path) = copy(MESSY);
    let missing = dir.path().join("missing.share");
    let out = shareguard(&["fmt", arg(&missing), arg(&path)]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("formatted {}\n", path.display()));

    let directory = shareguard(&["fmt", "--check", arg(dir.path())]);
    assert_eq!(code(&directory), 2);

    let no_files = shareguard(&["fmt"]);
    assert_eq!(code(&no_files), 2);
}

#[cfg(unix)]
#[test]
fn permissions_and_symbolic_links_are_kept() {
    use std::os::unix::fs::PermissionsExt;

    let (dir, path) = copy(MESSY);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.share");
    std::os::unix::fs::symlink(&path, &link).unwrap();

    let out = shareguard(&["fmt", arg(&link)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(super::format("x.share", &text), text);
}
