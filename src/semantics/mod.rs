//! The meaning of a policy, written once: what every stage above builds on.
//!
//! - [`schema`]: the `record` declaration indexed once, with every fact about each field.
//! - [`validate`]: whether a record fits the declaration (LANGUAGE.md section 7.1).
//! - [`value`]: values in conditions, how they compare, and the three truth values (section 5).
//! - [`eval`]: the one evaluator of conditions, over any [`eval::Record`]; [`record`] is a
//!   parsed JSON record as one.
//! - [`decision`]: when a rule applies (failing closed) and what a recipient's rules grant.
//! - [`transform`]: the forms a field is shared in (section 4).
//! - [`outcomes`]: the abstract evaluation: which values conditions can take over every valid
//!   record and date, and made-up records that show it (for `diff` and the lints).
//!
//! Nothing here knows where a policy came from (text or IR file) or where records go: the
//! checker, the lints, the runtime and the commands built on them (`diff`, `sql`, `notice`) call
//! into this layer, and it imports none of them (`docs/architecture.md`).

pub mod decision;
pub mod eval;
pub mod outcomes;
pub mod record;
pub mod schema;
pub mod transform;
pub mod validate;
pub mod value;
pub mod wellformed;
