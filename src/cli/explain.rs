//! `shareguard explain POLICY --input FILE --key KEY`

use serde_json::Value;

use super::Exit;
use crate::runtime::index::FieldIndex;
use crate::runtime::input::Records;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    source: super::PolicyAndRecords,
    /// The key of the record to explain (the value of the record's `key` field).
    #[arg(long, value_name = "KEY")]
    key: String,
    /// Only this recipient.
    #[arg(long, value_name = "NAME")]
    recipient: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    let ir = match super::load_policy(&args.source.policy) {
        Ok(ir) => ir,
        Err(exit) => return exit,
    };
    if let Some(name) = &args.recipient {
        if let Err(exit) = super::recipient_index(&ir, name) {
            return exit;
        }
    }
    let Some(key_field) = ir.record.key.clone() else {
        return super::usage_error(
            "the policy's record has no `key`, so records cannot be found by key",
        );
    };
    let input = match args.source.open_input() {
        Ok((input, _)) => input,
        Err(exit) => return exit,
    };
    let as_of = args.source.as_of();
    for raw in Records::new(input) {
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => return super::usage_error(format!("cannot read the input: {e}")),
        };
        let Ok(record) = crate::runtime::json::parse_record(&raw.bytes) else {
            continue;
        };
        let matches = match record.get(&key_field) {
            Some(Value::String(s)) => *s == args.key,
            Some(Value::Number(n)) => n.to_string() == args.key,
            _ => false,
        };
        if !matches {
            continue;
        }
        if let Err(rejection) =
            crate::runtime::validate::validate_record(&ir.record.fields, &record)
        {
            println!(
                "Record {} (input line {}) is rejected, so nothing of it goes to anyone:\n  {}: {}",
                args.key,
                raw.line,
                crate::runtime::validate::display_path(&rejection.path),
                rejection.message
            );
            return Exit::Success;
        }
        let fields = FieldIndex::new(&ir.record);
        print!(
            "{}",
            crate::runtime::explain::explain(
                &ir,
                &fields,
                &record,
                raw.line,
                as_of,
                args.recipient.as_deref()
            )
        );
        return Exit::Success;
    }
    super::usage_error(format!(
        "no record in `{}` has {key_field} {:?}",
        args.source.input.display(),
        args.key
    ))
}
