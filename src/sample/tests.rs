use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use super::*;
use crate::lint::LintOptions;
use crate::semantics::validate::{Reason, validate_record};

const POLICIES: [&str; 3] = [
    "acme_dining.share",
    "airline_loyalty.share",
    "retail_audiences.share",
];

fn schema(policy: &str) -> RecordSchema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("policies")
        .join(policy);
    let compiled = crate::policy::compile_file(&path, &LintOptions::default()).unwrap();
    compiled.ir.unwrap().record
}

fn options(seed: u64, invalid_rate: f64) -> SampleOptions {
    SampleOptions {
        seed,
        invalid_rate,
        ..SampleOptions::default()
    }
}

fn generate(schema: &RecordSchema, count: u64, options: SampleOptions) -> Vec<(String, Sample)> {
    let mut samples = Samples::new(schema, count, options);
    let mut out = Vec::new();
    let mut line = Vec::new();
    while let Some(sample) = samples.next_line(&mut line).unwrap() {
        let text = String::from_utf8(std::mem::take(&mut line)).unwrap();
        let text = text.strip_suffix('\n').unwrap().to_string();
        assert!(!text.contains('\n'), "one record per line: {text}");
        out.push((text, sample));
    }
    out
}

/// Reads a line as the runtime does: strict JSON, then validation.
fn read(fields: &[Field], line: &str) -> Result<Value, Reason> {
    let value = crate::runtime::json::parse_record(line.as_bytes()).map_err(|r| r.reason)?;
    validate_record(fields, &value).map_err(|r| r.reason)?;
    Ok(value)
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    for policy in POLICIES {
        let schema = schema(policy);
        let write = |seed| {
            let mut out = Vec::new();
            write_samples(&schema, 500, &options(seed, 0.1), &mut out).unwrap();
            out
        };
        let first = write(42);
        assert_eq!(first, write(42), "{policy}");
        assert_ne!(first, write(43), "{policy}");
    }
}

#[test]
fn every_line_is_what_the_generator_says_it_is() {
    for policy in POLICIES {
        let schema = schema(policy);
        let options = SampleOptions {
            seed: 9,
            invalid_rate: 0.25,
            extra_key_rate: 0.3,
            ..SampleOptions::default()
        };
        for (line, sample) in generate(&schema, 2500, options) {
            let found = read(&schema.fields, &line);
            match sample {
                Sample::Valid => assert!(found.is_ok(), "{policy}: {found:?} in {line}"),
                Sample::Invalid(flaw) => assert_eq!(
                    found.err(),
                    Some(flaw.rejection_reason()),
                    "{policy}: {flaw} in {line}"
                ),
            }
        }
    }
}

#[test]
fn the_invalid_fraction_is_exact() {
    let schema = schema("acme_dining.share");
    for (rate, expected) in [
        (0.0, 0),
        (0.03, 30),
        (0.333, 333),
        (1.0, 1000),
        (-1.0, 0),
        (f64::NAN, 0),
        (7.0, 1000),
    ] {
        let mut out = Vec::new();
        let summary = write_samples(&schema, 1000, &options(5, rate), &mut out).unwrap();
        assert_eq!(summary.records, 1000);
        assert_eq!(summary.invalid, expected, "rate {rate}");
        assert_eq!(summary.flaws.values().sum::<u64>(), expected);
        let lines = String::from_utf8(out).unwrap();
        let rejected = lines
            .lines()
            .filter(|l| read(&schema.fields, l).is_err())
            .count() as u64;
        assert_eq!(rejected, expected, "rate {rate}");
    }
}

#[test]
fn invalid_records_are_spread_over_the_file() {
    let schema = schema("acme_dining.share");
    let samples = generate(&schema, 1000, options(3, 0.05));
    let positions: Vec<usize> = samples
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| *s != Sample::Valid)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(positions.len(), 50);
    assert!(positions.iter().any(|&i| i < 250) && positions.iter().any(|&i| i >= 750));
}

#[test]
fn every_kind_of_flaw_is_made() {
    let mut seen = BTreeSet::new();
    for policy in POLICIES {
        let schema = schema(policy);
        for (_, sample) in generate(&schema, 2000, options(11, 0.3)) {
            if let Sample::Invalid(flaw) = sample {
                seen.insert(flaw);
            }
        }
    }
    let all: BTreeSet<Flaw> = Flaw::ALL.into_iter().collect();
    assert_eq!(seen, all);
}

#[test]
fn zero_records_write_nothing() {
    let mut out = Vec::new();
    let summary = write_samples(&schema("acme_dining.share"), 0, &options(1, 0.5), &mut out);
    assert_eq!(summary.unwrap(), Summary::default());
    assert!(out.is_empty());
}

/// Reads the valid records of a sample.
fn valid_records(policy: &str, count: u64, extra_key_rate: f64) -> Vec<Map<String, Value>> {
    let schema = schema(policy);
    let options = SampleOptions {
        seed: 2026,
        invalid_rate: 0.0,
        extra_key_rate,
        ..SampleOptions::default()
    };
    generate(&schema, count, options)
        .into_iter()
        .map(|(line, _)| match read(&schema.fields, &line) {
            Ok(Value::Object(map)) => map,
            other => panic!("{other:?}: {line}"),
        })
        .collect()
}

fn text<'v>(record: &'v Map<String, Value>, path: &str) -> Option<&'v str> {
    let mut value = record.get(path.split('.').next()?)?;
    for part in path.split('.').skip(1) {
        value = value.get(part)?;
    }
    value.as_str()
}

#[test]
fn values_look_like_real_customers() {
    let records = valid_records("acme_dining.share", 5000, 0.0);
    let today = reference_date();

    // The key counts up.
    assert_eq!(text(&records[0], "id"), Some("C-000001"));
    assert_eq!(text(&records[122], "id"), Some("C-000123"));

    // Emails come from the names, in varied case, some with stray spaces.
    let emails: Vec<&str> = records.iter().filter_map(|r| text(r, "email")).collect();
    assert!(emails.iter().all(|e| e.contains('@')));
    assert!(emails.iter().any(|e| e.chars().any(char::is_uppercase)));
    assert!(
        emails
            .iter()
            .any(|e| e.starts_with(' ') || e.ends_with(' '))
    );
    let named = records
        .iter()
        .filter(|r| {
            let last = ascii_letters(text(r, "last_name").unwrap());
            text(r, "email").is_some_and(|e| e.to_lowercase().contains(&last))
        })
        .count();
    assert!(named > emails.len() / 2, "{named} of {}", emails.len());

    // Birth dates: minors, the old, and 29 February.
    let ages: Vec<i64> = records
        .iter()
        .filter_map(|r| text(r, "birth_date"))
        .map(|d| crate::dates::age(crate::dates::parse_date(d).unwrap(), today))
        .collect();
    assert!(ages.iter().all(|a| (0..=100).contains(a)));
    assert!(ages.iter().filter(|&&a| a < 18).count() > ages.len() / 20);
    assert!(ages.iter().any(|&a| a < 13) && ages.iter().any(|&a| a >= 80));
    assert!(
        records
            .iter()
            .filter_map(|r| text(r, "birth_date"))
            .any(|d| d.ends_with("-02-29"))
    );

    // Optional fields: sometimes absent, sometimes null.
    assert!(records.iter().any(|r| !r.contains_key("phone")));
    assert!(records.iter().any(|r| r.get("phone") == Some(&Value::Null)));
    assert!(records.iter().any(|r| text(r, "phone").is_some()));

    // Addresses hang together: a ZIP code of the city's state.
    let american = |r: &&Map<String, Value>| {
        ["US", "us", "USA", "United States"].contains(&text(r, "address.country").unwrap())
    };
    assert!(records.iter().filter(american).count() > records.len() * 9 / 10);
    for r in records.iter().filter(american) {
        let zip = text(r, "address.zip").unwrap();
        assert!(zip.len() == 5 || zip.len() == 10, "{zip}");
        let city = text(r, "address.city").unwrap();
        let state = text(r, "address.state").unwrap().to_uppercase();
        assert!(
            tables::US_PLACES
                .iter()
                .any(|p| p.city == city && p.region == state && zip.starts_with(p.postal)),
            "{city} {state} {zip}"
        );
    }

    // Lists of 0 to 5 visits, each length seen.
    let lengths: BTreeSet<usize> = records
        .iter()
        .map(|r| r["visits"].as_array().unwrap().len())
        .collect();
    assert_eq!(lengths, (0..=5).collect());

    // Every tier appears; gold the least.
    let tier = |t: &str| {
        records
            .iter()
            .filter(|r| text(r, "loyalty_tier") == Some(t))
            .count()
    };
    assert!(tier("gold") > tier("bronze") && tier("bronze") > 0);

    // Opt-outs are rarer than consents.
    let yes = |path: &str| {
        records
            .iter()
            .filter(|r| {
                let mut v = Some(Value::Object((*r).clone()));
                for part in path.split('.') {
                    v = v.and_then(|v| v.get(part).cloned());
                }
                v == Some(Value::Bool(true))
            })
            .count()
    };
    assert!(yes("do_not_sell") < records.len() / 5);
    assert!(yes("consent.marketing") > records.len() / 3);
}

#[test]
fn some_records_carry_undeclared_keys() {
    let schema = schema("airline_loyalty.share");
    let declared: HashSet<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    let records = valid_records("airline_loyalty.share", 2000, 0.1);
    let with_extra = records
        .iter()
        .filter(|r| r.keys().any(|k| !declared.contains(k.as_str())))
        .count();
    assert!((100..=300).contains(&with_extra), "{with_extra}");
    let none = valid_records("airline_loyalty.share", 500, 0.0);
    assert!(
        none.iter()
            .all(|r| r.keys().all(|k| declared.contains(k.as_str())))
    );
}

#[test]
fn members_abroad_have_their_own_postal_codes() {
    let records = valid_records("airline_loyalty.share", 3000, 0.0);
    let countries: BTreeSet<&str> = records
        .iter()
        .filter_map(|r| text(r, "home_address.country"))
        .collect();
    for country in ["US", "us", "CA", "MX", "GB"] {
        assert!(countries.contains(country), "{countries:?}");
    }
    let canadian = records
        .iter()
        .find(|r| text(r, "home_address.country") == Some("CA"))
        .unwrap();
    let postal = text(canadian, "home_address.postal_code").unwrap();
    assert_eq!(postal.len(), 7, "{postal}");
}

#[test]
fn one_of_lists_and_integers_are_filled() {
    let records = valid_records("retail_audiences.share", 2000, 0.0);
    let interests: BTreeSet<&str> = records
        .iter()
        .flat_map(|r| r["health_interests"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    assert!(interests.contains("allergy") && interests.contains("smoking_cessation"));
    assert!(records.iter().all(|r| r["orders_12m"].is_i64()));
}

/// The whole file through the runtime's `apply`: every line is a record (the file is read as
/// JSON Lines), and exactly the invalid ones are rejected, for the reasons the generator meant.
#[test]
fn the_runtime_reads_every_line_and_rejects_exactly_the_invalid_ones() {
    use crate::runtime::Runtime;
    use crate::runtime::apply::{Destination, run};

    for policy in POLICIES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies")
            .join(policy);
        let compiled = crate::policy::compile_file(&path, &LintOptions::default()).unwrap();
        let runtime = Runtime::new(compiled.ir.unwrap(), reference_date()).unwrap();
        for seed in [1, 2] {
            let options = SampleOptions {
                seed,
                invalid_rate: 0.2,
                ..SampleOptions::default()
            };
            let mut input = Vec::new();
            let written = write_samples(&runtime.ir().record, 400, &options, &mut input).unwrap();
            let mut sink = Vec::new();
            let destination = Destination::Stream {
                recipient: 0,
                writer: &mut sink,
            };
            let summary = run(&runtime, input.as_slice(), destination, 1, &|_| {}).unwrap();
            assert_eq!(summary.read, 400, "{policy}");
            assert_eq!(summary.rejected, written.invalid, "{policy}");
            let mut expected: BTreeMap<&str, u64> = BTreeMap::new();
            for (flaw, n) in &written.flaws {
                *expected
                    .entry(flaw.rejection_reason().as_str())
                    .or_default() += n;
            }
            assert_eq!(summary.rejections, expected, "{policy}");
        }
    }
}
