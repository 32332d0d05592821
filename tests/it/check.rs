//! Each `tests/check/<case>.share` is a policy with mistakes in it. Its first lines say what
//! must be reported, one line per diagnostic:
//!
//! ```text
//! # expect: E0201 at 14:9
//! # expect: warning sale-without-preference-check at 30:3
//! ```
//!
//! The test asserts exactly those codes at exactly those places (nothing more, nothing less),
//! and snapshots the rendered report, underlines included.

use crate::common;

use common::cases::{compile_case, expectations};

#[test]
fn each_mistake_is_reported_once_at_its_place() {
    insta::glob!("..", "check/*.share", |path| {
        let (text, found, rendered) = compile_case(path);
        let expected = expectations(&text);
        assert!(
            !expected.is_empty(),
            "{} has no `# expect:` lines",
            path.display()
        );
        assert_eq!(found, expected, "diagnostics of {}", path.display());
        insta::assert_snapshot!(rendered);
    });
}
