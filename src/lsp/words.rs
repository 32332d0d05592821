//! The language's fixed words, each with a line of documentation, for completion and hover:
//! kinds of recipient, legal bases, transforms, functions, types and keywords.

use crate::ir::{Basis, RecipientKind};

/// What a kind of recipient is (LANGUAGE.md, the table at the top).
pub fn kind_doc(kind: RecipientKind) -> &'static str {
    match kind {
        RecipientKind::Vendor => {
            "a service provider that works for us under contract: address cleansing, \
             householding, demographic appends, mail houses"
        }
        RecipientKind::Affiliate => {
            "another business unit or brand of the same company; customers often do not know \
             the brands belong together"
        }
        RecipientKind::Partner => {
            "a company we run a joint program with: a co-branded credit card, a loyalty program"
        }
        RecipientKind::Buyer => {
            "anyone we sell customer data to: the sharing customers and legislatures are most \
             sensitive about"
        }
    }
}

/// What a legal basis means.
pub fn basis_doc(basis: Basis) -> &'static str {
    match basis {
        Basis::Consent => "the customer agreed",
        Basis::Contract => "a contract with the customer requires it",
        Basis::LegitimateInterest => "our legitimate interest, weighed against the customer's",
        Basis::LegalObligation => "a law requires it",
    }
}

/// The transforms: what is written after `as`, what to insert, and what it does.
pub const TRANSFORMS: &[(&str, &str, &str)] = &[
    (
        "hashed",
        "hashed",
        "lowercase hex SHA-256 of the value's text; text is trimmed and lowercased first \
         (for text, numbers, dates and one-of values)",
    ),
    (
        "masked",
        "masked",
        "every character but the last 4 replaced by `*` (for text)",
    ),
    ("first N", "first 3", "the first N characters (for text)"),
    ("year", "year", "the year of a date, as a whole number"),
    (
        "age_band",
        "age_band",
        "the age on the evaluation date, as a range: under 18, 18-24, ..., 65+ (for dates)",
    ),
    (
        "rounded to N",
        "rounded to 10",
        "the nearest multiple of N, halves away from zero (for numbers)",
    ),
];

/// The functions of conditions: name and what they give.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("age", "whole years from a date to the evaluation date"),
    ("days_since", "days from a date to the evaluation date"),
    ("count", "the number of elements of a list"),
    ("lower", "the text in lowercase"),
];

/// The field types of the record, with what they hold.
pub const TYPES: &[(&str, &str)] = &[
    ("text", "a JSON string"),
    ("number", "any JSON number"),
    ("integer", "a whole JSON number"),
    ("bool", "true or false"),
    (
        "date",
        "a JSON string YYYY-MM-DD that is a real calendar date",
    ),
    (
        "one of",
        "text restricted to the values listed: one of \"a\", \"b\"",
    ),
    ("list of", "a JSON array: list of TYPE"),
];

/// The words that start a declaration at the top level.
pub const DECLARATIONS: &[(&str, &str)] = &[
    (
        "policy",
        "the policy header: policy \"title\" { version \"...\" owner \"...\" }",
    ),
    (
        "record",
        "the shape of every customer record: record customer key id { ... }",
    ),
    (
        "category",
        "a category of data that fields can be tagged with",
    ),
    (
        "group",
        "a named list of fields: group contact = email, phone",
    ),
    (
        "recipient",
        "a party that may receive data: recipient name \"Display name\" { ... }",
    ),
    (
        "never share",
        "never share FIELDS to RECIPIENTS [when COND]: wins over every share",
    ),
    (
        "allow",
        "allow LINT \"reason\": silences a lint for the whole policy",
    ),
    (
        "example",
        "an example record and what each recipient must get",
    ),
];

/// The words that start a line inside a recipient.
pub const RECIPIENT_ITEMS: &[(&str, &str)] = &[
    ("kind", "vendor, affiliate, partner or buyer (required)"),
    (
        "purpose",
        "what the recipient receives data for, in words (required)",
    ),
    (
        "basis",
        "the legal basis: consent, contract, legitimate_interest or legal_obligation",
    ),
    (
        "contract",
        "the reference of the contract with the recipient",
    ),
    ("brand", "the brand customers know an affiliate by"),
    ("parent", "whom the recipient belongs to"),
    (
        "share",
        "share FIELDS [as TRANSFORM] [when COND] [unless COND]",
    ),
    (
        "never share",
        "never share FIELDS [when COND]: wins over every share of this recipient",
    ),
    (
        "notify",
        "notify \"message\" within N days: the customer must be told",
    ),
    (
        "delete after",
        "delete after N days: the recipient must delete its copy",
    ),
    (
        "allow",
        "allow LINT \"reason\": silences a lint for this recipient",
    ),
];

/// The words that start a line inside an example.
pub const EXAMPLE_ITEMS: &[(&str, &str)] = &[
    ("as of", "as of YYYY-MM-DD: the evaluation date"),
    (
        "given",
        "given { JSON }: the record the policy is applied to",
    ),
    (
        "expect",
        "expect RECIPIENT gets FIELDS | nothing | exactly { JSON }",
    ),
];

/// The lines of the `policy` header.
pub const HEADER_ITEMS: &[(&str, &str)] = &[
    (
        "version",
        "version \"...\": for the people who keep the policy",
    ),
    ("owner", "owner \"...\": who keeps the policy"),
    (
        "controller",
        "controller \"...\": who is responsible for the data, with an address",
    ),
    (
        "contact",
        "contact \"...\": where customers write about their data",
    ),
    (
        "opt_out",
        "opt_out \"...\": the page where customers opt out of sale or sharing",
    ),
];
