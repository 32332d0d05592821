//! `shareguard explain POLICY --input FILE --key KEY`

use serde_json::Value;

use super::Exit;
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
        // A record that is not strict JSON (a repeated key, say) is still found by its key,
        // read leniently, to say why it is rejected.
        let (record, parse_error) = match crate::runtime::json::parse_record(&raw.bytes) {
            Ok(record) => (record, None),
            Err(rejection) => match serde_json::from_slice::<Value>(&raw.bytes) {
                Ok(record) => (record, Some(rejection)),
                Err(_) => continue,
            },
        };
        if crate::runtime::output::key_text(&ir, &record).as_deref() != Some(args.key.as_str()) {
            continue;
        }
        let rejected = match parse_error {
            Some(rejection) => Some(rejection),
            None => crate::semantics::validate::validate_record(&ir.record.fields, &record).err(),
        };
        if let Some(rejection) = rejected {
            let place = match crate::semantics::validate::display_path(&rejection.path) {
                path if path.is_empty() => String::new(),
                path => format!("{path}: "),
            };
            outln!(
                "Record {} (input line {}) is rejected, so nothing of it goes to anyone:\n  {place}{}",
                args.key,
                raw.line,
                rejection.message
            );
            return Exit::Success;
        }
        let runtime = match crate::runtime::Runtime::reference(ir, as_of) {
            Ok(runtime) => runtime,
            Err(err) => {
                eprintln!("error: the policy cannot be applied: {err}");
                return Exit::Failure;
            }
        };
        out!(
            "{}",
            crate::runtime::explain::explain(
                &runtime,
                &record,
                raw.line,
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
