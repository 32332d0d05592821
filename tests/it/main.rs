//! shareguard's integration tests: one test crate (so the library is linked once), one module
//! per area. Test cases are data files under `tests/` (policies, records, expected outputs)
//! with insta snapshots beside them; the modules here only run them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

mod apply;
mod architecture;
mod check;
mod cli;
mod common;
mod completions;
mod diff;
mod differential;
mod error_docs;
mod fmt;
mod graph;
mod ir_files;
mod lint;
mod lsp;
mod man;
mod notice;
mod properties;
mod robustness;
mod sample;
mod semantics;
