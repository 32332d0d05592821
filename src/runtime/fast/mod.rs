//! The fast path: the same results as the reference evaluation, byte for byte, at the speed of
//! reading the input once.
//!
//! - The declaration is compiled once ([`layout`]); each record is parsed by serde_json's
//!   streaming deserializer straight onto a reusable [`parse::Tape`], strings borrowed.
//! - Conditions are evaluated by the one evaluator (`semantics::eval`, each at most once per
//!   record) over the tape ([`record`]), and whether each rule applies is decided by
//!   `semantics::decision`, exactly as for the reference path.
//! - What a recipient's rules decide depends only on which rules apply and which fields the
//!   record holds. That decision (and its line in `decisions.jsonl`) is computed by the
//!   reference code (`decide::resolve`, `output::recipient_decision`) the first time a
//!   combination is seen, and remembered; so is a generated `notify` message, which depends
//!   only on the fields shared and their forms.
//! - The recipient's record is written straight from the tape ([`project`]).
//!
//! A record the fast parser does not accept is handed to the reference path, which rejects it
//! with the exact reason. The differential tests (`tests/it/differential.rs`) hold the two paths
//! to the same bytes.

mod bits;
mod layout;
mod parse;
mod project;
mod record;

use rustc_hash::FxHashMap;

use bits::Bits;
use layout::Layout;
use parse::Tape;
use project::{Emit, Writer};
use record::{Fields, TapeRecord};

use super::input::RawRecord;
use super::{Chunk, Runtime};
use crate::ir::Form;
use crate::semantics::decision::{self, Why};
use crate::semantics::eval::Memo;

/// Rules per recipient that a decision can be remembered for (3 bits per `share`, 1 per
/// `never`, in 128 bits); recipients with more are decided afresh for every record.
const SIGNATURE_BITS: usize = 128;

/// Remembered decisions per recipient before the memory is cleared and started again.
const CACHE_LIMIT: usize = 4096;

/// A policy compiled for the fast path.
#[derive(Debug)]
pub struct FastPlan {
    layout: Layout,
    fields: Fields,
    recipients: Vec<RecipientPlan>,
    /// The key field's position among the top-level fields.
    key: Option<usize>,
}

#[derive(Debug)]
struct RecipientPlan {
    /// `"name":`, escaped.
    name_json: Vec<u8>,
    /// Leaves any of the recipient's rules names: the only ones its decision depends on.
    relevant: Bits,
    /// Lists of objects with a leaf the recipient's rules name.
    relevant_lists: Bits,
    cacheable: bool,
}

/// What one recipient's rules decided for one combination of rule outcomes and fields present.
#[derive(Debug)]
struct Decided {
    /// How to write the recipient's record.
    plan: Vec<Emit>,
    /// Granted leaves the record holds.
    shared: Bits,
    /// `"name":{...}` for `decisions.jsonl`, for when the recipient receives the record and
    /// for when it does not.
    fragment: Vec<u8>,
    receives: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct DecisionKey {
    signature: u128,
    present: Bits,
    lists: Bits,
}

/// Per-thread working memory, reused from record to record.
#[derive(Debug, Default)]
pub struct Scratch {
    tape: Tape,
    memo: Memo,
    caches: Vec<FxHashMap<DecisionKey, Decided>>,
    share_status: Vec<Result<(), Why>>,
    never_status: Vec<bool>,
}

impl FastPlan {
    /// Compiles a runtime's policy; `None` when the policy is beyond what the fast path
    /// handles (then the reference path does all the work).
    pub fn new(runtime: &Runtime) -> Option<FastPlan> {
        let ir = runtime.ir();
        let schema = runtime.schema();
        let layout = Layout::new(&ir.record.fields, schema)?;
        let mut recipients = Vec::new();
        for (recipient, rules) in ir.recipients.iter().zip(&runtime.rules().recipients) {
            let mut relevant = Bits::default();
            let shared = recipient
                .shares
                .iter()
                .flat_map(|r| &r.items)
                .flat_map(|i| &i.fields);
            let withheld = recipient.nevers.iter().flat_map(|r| &r.fields);
            for leaf in shared.chain(withheld) {
                relevant.set(schema.position(leaf)?);
            }
            let mut name_json = serde_json::to_vec(&recipient.name).ok()?;
            name_json.push(b':');
            let bits = 3 * rules.shares.len() + rules.nevers.len();
            recipients.push(RecipientPlan {
                name_json,
                relevant_lists: lists_under(&layout.fields, &relevant),
                relevant,
                cacheable: bits <= SIGNATURE_BITS,
            });
        }
        let key = ir
            .record
            .key
            .as_ref()
            .and_then(|k| ir.record.fields.iter().position(|f| &f.name == k));
        Some(FastPlan {
            fields: Fields::new(schema)?,
            layout,
            recipients,
            key,
        })
    }

    /// Processes one record into `chunk`, exactly as [`Runtime::process`] would.
    pub fn process(
        &self,
        runtime: &Runtime,
        raw: RawRecord<'_>,
        scratch: &mut Scratch,
        chunk: &mut Chunk,
    ) {
        if raw.broken.is_some()
            || parse::parse(&self.layout.fields, raw.bytes, &mut scratch.tape).is_err()
        {
            runtime.process(raw, chunk);
            return;
        }
        if scratch.caches.len() != self.recipients.len() {
            scratch.caches = self
                .recipients
                .iter()
                .map(|_| FxHashMap::default())
                .collect();
        }
        scratch.memo.reset(runtime.rules().program.len());
        let record = TapeRecord {
            tape: &scratch.tape,
            bytes: raw.bytes,
            fields: &self.fields,
        };
        let writer = Writer {
            tape: &scratch.tape,
            bytes: raw.bytes,
            as_of: runtime.as_of(),
        };
        let decisions = &mut chunk.decisions;
        decisions.extend_from_slice(b"{\"line\":");
        if serde_json::to_writer(&mut *decisions, &raw.line).is_err() {
            decisions.extend_from_slice(b"0");
        }
        decisions.extend_from_slice(b",\"key\":");
        project::write_key(&scratch.tape, raw.bytes, self.key, decisions);
        decisions.extend_from_slice(b",\"recipients\":{");
        for (index, plan) in self.recipients.iter().enumerate() {
            let Some(recipient) = runtime.ir().recipients.get(index) else {
                continue;
            };
            // Which rules apply.
            runtime.rules().statuses(
                index,
                &record,
                runtime.as_of(),
                &mut scratch.memo,
                &mut scratch.share_status,
                &mut scratch.never_status,
            );
            let signature = signature(&scratch.share_status, &scratch.never_status);
            let key = DecisionKey {
                signature,
                present: scratch.tape.present.and(plan.relevant),
                lists: scratch.tape.lists.and(plan.relevant_lists),
            };
            let hit = plan.cacheable
                && scratch
                    .caches
                    .get(index)
                    .is_some_and(|c| c.contains_key(&key));
            let mut fresh = None;
            if !hit {
                let decided = self.decide(
                    runtime,
                    recipient,
                    plan,
                    &key,
                    &writer,
                    scratch_status(&scratch.share_status, &scratch.never_status),
                );
                match scratch.caches.get_mut(index) {
                    Some(cache) if plan.cacheable => {
                        if cache.len() >= CACHE_LIMIT {
                            cache.clear();
                        }
                        cache.insert(key, decided);
                    }
                    _ => fresh = Some(decided),
                }
            }
            let Some(decided) = fresh
                .as_ref()
                .or_else(|| scratch.caches.get(index).and_then(|c| c.get(&key)))
            else {
                continue;
            };
            if let Some(out) = chunk.recipients.get_mut(index) {
                writer.record(&decided.plan, out);
            }
            if index > 0 {
                chunk.decisions.push(b',');
            }
            chunk.decisions.extend_from_slice(&decided.fragment);
            if decided.receives {
                chunk.summary.count_received(index, decided.shared.iter());
            }
        }
        chunk.decisions.extend_from_slice(b"}}\n");
        chunk.summary.read += 1;
        chunk.summary.accepted += 1;
    }
}

/// The rule outcomes of one recipient for one record.
struct Statuses<'a> {
    shares: &'a [Result<(), Why>],
    nevers: &'a [bool],
}

fn scratch_status<'a>(shares: &'a [Result<(), Why>], nevers: &'a [bool]) -> Statuses<'a> {
    Statuses { shares, nevers }
}

impl FastPlan {
    /// Decides afresh what a recipient gets for one combination of rule outcomes and fields
    /// present, with the reference code, and renders its `decisions.jsonl` entry.
    fn decide(
        &self,
        runtime: &Runtime,
        recipient: &crate::ir::Recipient,
        plan: &RecipientPlan,
        key: &DecisionKey,
        writer: &Writer<'_>,
        statuses: Statuses<'_>,
    ) -> Decided {
        let resolution = decision::resolve(
            recipient,
            runtime.schema(),
            statuses.shares,
            statuses.nevers,
            &|pos| key.present.get(pos),
        );
        let mut grants = Bits::default();
        let mut forms = vec![None; runtime.schema().leaves().len()];
        for (pos, form) in resolution.grants.iter().enumerate() {
            if let (Some(form), Some(slot)) = (form, forms.get_mut(pos)) {
                grants.set(pos);
                *slot = Some((*form).clone());
            }
        }
        let plan_of_writes = project::plan(&self.layout.fields, &grants, &forms);
        // Whether the recipient receives anything follows from the same key, so one trial
        // projection tells it for every record with this key.
        let receives = writer.record(&plan_of_writes, &mut Vec::new());
        let shared_list: &[(String, Form)] = if receives { &resolution.shared } else { &[] };
        let mut fragment = plan.name_json.clone();
        let entry = super::output::recipient_decision(
            runtime.ir(),
            runtime.words(),
            recipient,
            receives,
            shared_list,
            &resolution.withheld,
        );
        if serde_json::to_writer(&mut fragment, &entry).is_err() {
            fragment.extend_from_slice(b"null");
        }
        Decided {
            plan: plan_of_writes,
            shared: if receives {
                grants.and(key.present)
            } else {
                Bits::default()
            },
            fragment,
            receives,
        }
    }
}

/// The rule outcomes of one recipient as a number: 3 bits per `share`, 1 per `never` (only
/// the last [`SIGNATURE_BITS`] count; longer recipients are not remembered).
fn signature(shares: &[Result<(), Why>], nevers: &[bool]) -> u128 {
    let mut signature: u128 = 0;
    for status in shares {
        signature = (signature << 3) | u128::from(status_code(*status));
    }
    for applies in nevers {
        signature = (signature << 1) | u128::from(*applies);
    }
    signature
}

fn status_code(status: Result<(), Why>) -> u8 {
    match status {
        Ok(()) => 0,
        Err(Why::WhenFalse) => 1,
        Err(Why::WhenUnknown) => 2,
        Err(Why::UnlessTrue) => 3,
        Err(Why::UnlessUnknown) => 4,
        Err(Why::Never) => 5,
    }
}

/// The lists of objects that hold one of `leaves`.
fn lists_under(fields: &[layout::Node], leaves: &Bits) -> Bits {
    let mut out = Bits::default();
    fn walk(nodes: &[layout::Node], leaves: &Bits, out: &mut Bits) {
        for node in nodes {
            if let Some(list) = node.list {
                if node.mask.intersects(leaves) {
                    out.set(list);
                }
            }
            let mut kind = &node.kind;
            while let layout::Shape::List(element) = kind {
                kind = element;
            }
            if let layout::Shape::Object(children) = kind {
                walk(children, leaves, out);
            }
        }
    }
    walk(fields, leaves, &mut out);
    out
}
