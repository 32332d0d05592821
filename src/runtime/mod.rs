//! Applying a checked policy (the IR) to JSON customer records.
//!
//! A policy is compiled once into a [`Runtime`]; each record is then parsed strictly
//! ([`json`]), validated against the record declaration ([`validate`]) and decided for every
//! recipient ([`decide`]), and the results are written as the output files ([`output`],
//! [`apply`]). [`explain`] and [`examples`] reuse the same decision code.

pub mod apply;
pub mod decide;
pub mod examples;
pub mod explain;
pub mod fast;
pub mod input;
pub mod json;
pub mod output;

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use crate::semantics::schema::Schema;
use crate::semantics::validate::{self, Reason, Rejection};
use decide::Outcome;
use fast::{FastPlan, Scratch};
use input::RawRecord;
use output::Summary;

use crate::ir::Ir;
use crate::semantics::decision::Rules;
use crate::semantics::eval::CompileError;
use crate::words::Words;

/// A policy ready to apply, at one evaluation date.
#[derive(Clone, Debug)]
pub struct Runtime {
    ir: Ir,
    schema: Schema,
    rules: Rules,
    as_of: NaiveDate,
    fast: Option<Arc<FastPlan>>,
    /// The wording of generated `notify` messages (English).
    words: Arc<Words>,
}

/// The output lines of a batch of records, in input order, and their counts.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    /// One buffer per recipient (IR order) of JSON lines.
    pub recipients: Vec<Vec<u8>>,
    pub decisions: Vec<u8>,
    pub rejected: Vec<u8>,
    pub summary: Summary,
}

impl Chunk {
    /// Empties the buffers (keeping their capacity) and resets the counts.
    pub fn clear(&mut self, summary: Summary) {
        for buffer in &mut self.recipients {
            buffer.clear();
        }
        self.decisions.clear();
        self.rejected.clear();
        self.summary = summary;
    }
}

impl Runtime {
    /// Compiles a checked policy for the evaluation date `as_of`. Fails only on an IR whose
    /// conditions read what its record does not declare, which the checker rules out.
    pub fn new(ir: Ir, as_of: NaiveDate) -> Result<Runtime, CompileError> {
        let mut runtime = Runtime::reference(ir, as_of)?;
        runtime.fast = FastPlan::new(&runtime).map(Arc::new);
        Ok(runtime)
    }

    /// Like [`Runtime::new`], without the fast path: every record goes through the reference
    /// evaluation (for examples, `explain` and differential tests).
    pub fn reference(ir: Ir, as_of: NaiveDate) -> Result<Runtime, CompileError> {
        let schema = Schema::new(&ir.record);
        let rules = Rules::new(&ir, &schema)?;
        Ok(Runtime {
            ir,
            schema,
            rules,
            as_of,
            fast: None,
            words: Arc::new(Words::english()),
        })
    }

    /// The same policy at another evaluation date, without the fast path.
    pub fn at(&self, as_of: NaiveDate) -> Runtime {
        Runtime {
            ir: self.ir.clone(),
            schema: self.schema.clone(),
            rules: self.rules.clone(),
            as_of,
            fast: None,
            words: Arc::clone(&self.words),
        }
    }

    /// Whether records go through the fast path (`false` for policies beyond what it handles,
    /// such as records of more than 128 leaves).
    pub fn has_fast_path(&self) -> bool {
        self.fast.is_some()
    }

    /// Processes one raw record into `chunk` by the fast path when the policy has one, else
    /// by the reference path. Both write the same bytes.
    pub fn process_with(&self, raw: RawRecord<'_>, scratch: &mut Scratch, chunk: &mut Chunk) {
        match &self.fast {
            Some(plan) => plan.process(self, raw, scratch, chunk),
            None => self.process(raw, chunk),
        }
    }

    /// The policy.
    pub fn ir(&self) -> &Ir {
        &self.ir
    }

    /// Its record declaration, indexed.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Its rules, compiled.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The wording of the messages it generates for customers.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// The evaluation date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Validates a parsed record and decides what each recipient (in IR order) receives.
    pub fn decide(&self, record: &Value) -> Result<Vec<Outcome>, Rejection> {
        validate::validate_record(&self.ir.record.fields, record)?;
        let mut memo = self.rules.program.memo();
        Ok((0..self.ir.recipients.len())
            .map(|i| decide::decide(self, i, record, &mut memo).outcome)
            .collect())
    }

    /// Empties a batch, keeping its buffers' capacity.
    pub fn clear_chunk(&self, chunk: &mut Chunk) {
        chunk.clear(Summary::new(&self.ir, &self.schema));
    }

    /// An empty batch with one buffer per recipient.
    pub fn new_chunk(&self) -> Chunk {
        Chunk {
            recipients: vec![Vec::new(); self.ir.recipients.len()],
            summary: Summary::new(&self.ir, &self.schema),
            ..Chunk::default()
        }
    }

    /// The key of a record with a repeated key somewhere, read leniently, unless the key field
    /// itself is the one repeated (then it is ambiguous).
    fn readable_key(&self, bytes: &[u8], rejection: &Rejection) -> Value {
        let Some(key) = &self.ir.record.key else {
            return Value::Null;
        };
        let repeated_key = format!("{:?}", key);
        if rejection.reason != Reason::DuplicateKey || rejection.message.contains(&repeated_key) {
            return Value::Null;
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(record) => output::record_key(&self.ir, &record),
            Err(_) => Value::Null,
        }
    }

    /// Parses, validates and decides one raw record, appending its lines to `chunk`.
    pub fn process(&self, raw: RawRecord<'_>, chunk: &mut Chunk) {
        let parsed = match raw.broken {
            Some(why) => Err(Rejection::new(Vec::new(), Reason::MalformedJson, why)),
            None => json::parse_record(raw.bytes),
        };
        let (key, decided) = match parsed {
            Ok(record) => (output::record_key(&self.ir, &record), self.decide(&record)),
            Err(rejection) => (self.readable_key(raw.bytes, &rejection), Err(rejection)),
        };
        match decided {
            Ok(outcomes) => {
                for (buffer, outcome) in chunk.recipients.iter_mut().zip(&outcomes) {
                    if let Some(record) = &outcome.output {
                        write_line(buffer, record);
                    }
                }
                let line = output::decision_line(&self.ir, &self.words, raw.line, &key, &outcomes);
                write_line(&mut chunk.decisions, &line);
                chunk.summary.count_accepted(&self.schema, &outcomes);
            }
            Err(rejection) => {
                write_line(
                    &mut chunk.rejected,
                    &output::rejection_json(raw.line, &key, &rejection),
                );
                let line = output::rejected_decision_line(raw.line, &key, &rejection);
                write_line(&mut chunk.decisions, &line);
                chunk.summary.count_rejected(&rejection);
            }
        }
    }
}

fn write_line(buffer: &mut Vec<u8>, value: &Value) {
    // Writing a Value into a Vec cannot fail.
    if serde_json::to_writer(&mut *buffer, value).is_ok() {
        buffer.push(b'\n');
    }
}
