//! Applying a checked policy (the IR) to JSON customer records.
pub mod transform;
pub mod validate;
