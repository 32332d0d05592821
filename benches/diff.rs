//! `cargo bench --bench diff`: how long `shareguard diff` takes (checking both files, then
//! comparing, in process; the median of many runs, with the fastest and slowest) on:
//!
//! - each bundled policy against `tests/diff/bundled/` (its rules and recipients reversed, its
//!   groups written out, no examples): no change, proved;
//! - each bundled policy against itself with every `and` and `or` rewritten by De Morgan
//!   (`a and b` as `not (not a or not b)`): no change, proved, and no two conditions alike,
//!   so every field is searched — the cost of the decision procedure itself;
//! - the reference policy against a copy where ListBroker may buy from 14-year-olds: a change
//!   with its witness.
//!
//! ```text
//! cargo bench --bench diff -- [--runs 30]
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

use shareguard::ir::{Condition, ConditionKind, Ir};
use shareguard::lint::LintOptions;
use shareguard::semantics::outcomes::Budget;
use shareguard::span::SourceFile;

fn compile(name: &str, text: &str) -> Ir {
    shareguard::policy::compile(SourceFile::new(name, text), &LintOptions::default())
        .ir
        .unwrap_or_else(|| panic!("{name} must check"))
}

/// `a and b` as `not (not a or not b)`, `a or b` as `not (not a and not b)`, all the way down.
fn de_morgan(condition: &Condition) -> Condition {
    let not = |c: Condition| -> Condition { ConditionKind::Not { arg: Box::new(c) }.into() };
    match &condition.kind {
        ConditionKind::And { args } => not(ConditionKind::Or {
            args: args.iter().map(|a| not(de_morgan(a))).collect(),
        }
        .into()),
        ConditionKind::Or { args } => not(ConditionKind::And {
            args: args.iter().map(|a| not(de_morgan(a))).collect(),
        }
        .into()),
        ConditionKind::Not { arg } => not(de_morgan(arg)),
        _ => condition.clone(),
    }
}

fn rewritten(ir: &Ir) -> Ir {
    let mut out = ir.clone();
    for r in &mut out.recipients {
        for s in &mut r.shares {
            s.when = s.when.as_ref().map(de_morgan);
            s.unless = s.unless.as_ref().map(de_morgan);
        }
        for n in &mut r.nevers {
            n.when = n.when.as_ref().map(de_morgan);
            n.unless = n.unless.as_ref().map(de_morgan);
        }
    }
    out
}

/// Times `compare` (with checking both texts when they are given) and prints the median.
fn time(label: &str, runs: usize, mut run: impl FnMut() -> shareguard::diff::Diff) {
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let diff = run();
        times.push(start.elapsed());
        last = Some(diff);
    }
    times.sort();
    let diff = last.unwrap();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<48} median {:>8.2} ms  (fastest {:.2}, slowest {:.2})  {} changes, {}",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        diff.changes.len(),
        if diff.proved { "proved" } else { "NOT proved" }
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    for stem in ["acme_dining", "airline_loyalty", "retail_audiences"] {
        let path = format!("policies/{stem}.share");
        let other = format!("tests/diff/bundled/{stem}.share");
        let (a, b) = (
            std::fs::read_to_string(&path).unwrap(),
            std::fs::read_to_string(&other).unwrap(),
        );
        time(&format!("{stem}: shuffled, groups inlined"), runs, || {
            let (old, new) = (compile(&path, &a), compile(&other, &b));
            shareguard::diff::compare(&old, &new, Budget::default()).unwrap()
        });
        let ir = compile(&path, &a);
        let turned = rewritten(&ir);
        time(&format!("{stem}: De Morgan (compare only)"), runs, || {
            shareguard::diff::compare(&ir, &turned, Budget::default()).unwrap()
        });
    }
    let path = "policies/acme_dining.share";
    let text = std::fs::read_to_string(path).unwrap();
    let changed = text.replace("age(birth_date) >= 16", "age(birth_date) >= 14");
    time("acme_dining: buyers from age 14 (a change)", runs, || {
        let (old, new) = (compile(path, &text), compile("changed.share", &changed));
        shareguard::diff::compare(&old, &new, Budget::default()).unwrap()
    });
}
