//! The message of a `notify within N days` that the policy leaves unwritten (LANGUAGE.md
//! section 6), generated for one record from what that record sent: the recipient's display
//! name, its purpose, and the fields it received with their forms, in plain words.
//!
//! A hand-written message can drift from the rules (it said "your mailing address" while the
//! buyer also got a hashed email); this one is made from the fields actually sent, so it cannot.
//! It depends on nothing but the recipient and what it received, so a caller may remember it
//! for every record that sent the same fields in the same forms.
//!
//! What was sent is the runtime's to decide; this only says it.

use super::labels::Labels;
use super::{Arg, lower_first};
use crate::ir::{Form, Recipient};

/// The message for one record: "We sold your first name, ... and a coded (hashed) form of
/// your email address to ListBroker Inc. for this purpose: sale of our mailing list."
/// `shared` holds the leaf fields the recipient received, with their forms.
pub fn message(labels: &Labels<'_>, recipient: &Recipient, shared: &[(String, Form)]) -> String {
    let words = labels.words();
    let items = labels.forms(shared);
    let data = if items.is_empty() {
        words.text("notify-no-values")
    } else {
        words.join(&items, "list-and")
    };
    words.say(
        "notify-message",
        &[
            ("kind", Arg::from(recipient.kind.as_str())),
            ("recipient", Arg::from(recipient.title())),
            ("purpose", Arg::Text(lower_first(recipient.purpose.trim()))),
            ("data", Arg::Text(data)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Words;

    #[test]
    fn says_what_was_sent_in_which_form_and_to_whom() {
        let text = "policy \"p\" {}\nrecord r key id {\n  id: text\n  email: text? [contact] \"Email address\"\n  birth_date: date? \"Date of birth\"\n  address: { zip: text \"ZIP code\"  city: text \"City\" } \"Postal address\"\n}\nrecipient b \"ListBroker Inc.\" {\n  kind buyer\n  purpose \"Sale of our mailing list\"\n  share email as hashed, birth_date as year, address\n  notify within 30 days\n}\n";
        let compiled = crate::policy::compile(
            crate::span::SourceFile::new("p.share", text.to_string()),
            &crate::lint::LintOptions::default(),
        );
        let ir = compiled.ir.unwrap();
        let words = Words::english();
        let labels = Labels::new(&ir, &words);
        let recipient = &ir.recipients[0];
        let shared = vec![
            ("email".to_string(), Form::Hashed),
            ("birth_date".to_string(), Form::Year),
            ("address.zip".to_string(), Form::Raw),
            ("address.city".to_string(), Form::Raw),
        ];
        assert_eq!(
            message(&labels, recipient, &shared),
            "We sold a coded (hashed) form of your email address, the year of your date of \
             birth and your postal address to ListBroker Inc. for this purpose: sale of our \
             mailing list."
        );
        // Part of an object is named field by field.
        assert_eq!(
            message(&labels, recipient, &shared[2..3]),
            "We sold your ZIP code to ListBroker Inc. for this purpose: sale of our mailing \
             list."
        );
        assert!(words.missing().is_empty(), "{:?}", words.missing());
    }
}
