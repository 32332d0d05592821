//! shareguard: a checker and runtime for data-sharing policies.
pub mod check;
pub mod cli;
pub mod dates;
pub mod diagnostic;
pub mod fmt;
pub mod graph;
pub mod ir;
pub mod lint;
pub mod lsp;
pub mod notice;
pub mod policy;
pub mod runtime;
pub mod sample;
pub mod semantics;
pub mod span;
pub mod syntax;
pub mod words;
