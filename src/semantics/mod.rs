//! The meaning of a policy, written once: what every stage above builds on.
//!
//! - [`validate`]: whether a record fits the `record` declaration (LANGUAGE.md section 7.1).
//! - [`transform`]: the forms a field is shared in (section 4).
//!
//! Nothing here knows where a policy came from (text or IR file) or where records go: the
//! checker, the lints, the runtime and the commands built on them (`diff`, `sql`, `notice`) call
//! into this layer, and it imports none of them (`docs/architecture.md`).

pub mod transform;
pub mod validate;
