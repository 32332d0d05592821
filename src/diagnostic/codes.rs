//! The one list of error codes, with each code's documentation.
//!
//! Codes are stable: a code, once published, keeps its meaning. Each code says what it means,
//! shows a policy that triggers it and how to fix it. `docs/errors.md` is generated from this
//! list by [`errors_markdown`]; `tests/it/error_docs.rs` fails when the page and this list disagree
//! (`UPDATE_DOCS=1 cargo test --test it error_docs` rewrites the page), and compiles every example
//! to check that it produces exactly its code.

/// The documentation of one error code.
#[derive(Clone, Copy, Debug)]
pub struct ErrorDoc {
    /// What the error means, for the person who wrote the policy.
    pub meaning: &'static str,
    /// A policy that triggers it.
    pub example: Example,
    /// How to fix it.
    pub fix: &'static str,
}

/// How an example is turned into a whole policy file.
#[derive(Clone, Copy, Debug)]
pub enum Example {
    /// Lines that follow [`EXAMPLE_PRELUDE`] (the policy header and the customer record).
    AfterPrelude(&'static str),
    /// A whole file on its own.
    Whole(&'static str),
    /// A whole file, saved in Latin-1 instead of UTF-8 (every character is one byte).
    Latin1(&'static str),
    /// Not about a file's contents (the command line reports it); the text shows the command.
    Command(&'static str),
}

impl Example {
    /// The file's bytes, or `None` for a command-line example.
    pub fn file_bytes(self) -> Option<Vec<u8>> {
        match self {
            Example::AfterPrelude(text) => {
                Some(format!("{}\n{}", dedent(EXAMPLE_PRELUDE), dedent(text)).into_bytes())
            }
            Example::Whole(text) => Some(dedent(text).into_bytes()),
            Example::Latin1(text) => Some(
                dedent(text)
                    .chars()
                    .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                    .collect(),
            ),
            Example::Command(_) => None,
        }
    }
}

/// The start of every [`Example::AfterPrelude`] example.
pub const EXAMPLE_PRELUDE: &str = r##"
    policy "Acme Dining: customer data sharing" {
      version "2026.3"
      owner "privacy-legal@acme-dining.example"
    }

    record customer key id {
      id: text [identifier] "Customer number"
      first_name: text [contact] "First name"
      email: text? [contact] "Email address"
      birth_date: date? [demographic, sensitive] "Date of birth"
      address: { street: text [contact]  zip: text [location] }
      loyalty_tier: one of "gold", "silver", "bronze" [behavioral] "Loyalty tier"
      lifetime_spend: number [financial] "Total amount spent with us"
      visits: list of { brand: text  amount: number } [behavioral] "Restaurant visits"
      consent: { marketing: bool [preference]  sale: bool [preference] }
    }
"##;

macro_rules! error_codes {
    ($(
        $variant:ident = $code:literal, $title:literal {
            meaning: $meaning:expr,
            example: $example:expr,
            fix: $fix:expr $(,)?
        };
    )*) => {
        /// Every error shareguard can report about a policy file.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorCode {
            $( $variant, )*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The stable code, such as `E0201`.
            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            /// A short title for the docs page.
            pub fn title(self) -> &'static str {
                match self { $( ErrorCode::$variant => $title, )* }
            }

            /// What the error means, an example and the fix.
            pub fn doc(self) -> ErrorDoc {
                match self {
                    $( ErrorCode::$variant => ErrorDoc {
                        meaning: $meaning,
                        example: $example,
                        fix: $fix,
                    }, )*
                }
            }
        }
    };
}

error_codes! {
    Syntax = "E0001", "The text does not follow the language's grammar" {
        meaning: "A word or sign is missing, or one is where the language does not expect it. \
                  The message says what could have come at that point and what was found.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name, address when consent.marketing = true
            }
        "##),
        fix: "Write what the message expects. Common slips: `=` where a comparison needs `==`, \
              a missing `,` between two fields, a missing `}` at the end of a recipient, a \
              quoted text without its closing `\"`, and words of the language (such as `all` \
              or `present`) used as names.",
    };
    InvalidString = "E0002", "A quoted text has an invalid escape" {
        meaning: "Inside quoted text, `\\` starts an escape (`\\\"`, `\\\\`, `\\n`, `\\t`, \
                  `\\u00e9`). This `\\` is followed by something that is not an escape, or a \
                  `\\u` escape does not name a character.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              contract "C:\contracts\MSA-2019-007.pdf"
            }
        "##),
        fix: "Write a backslash itself as `\\\\` (`\"C:\\\\contracts\\\\MSA.pdf\"`), or type the \
              character directly instead of a `\\u` escape.",
    };
    InvalidDate = "E0003", "A date that is not on the calendar" {
        meaning: "A date is written `YYYY-MM-DD` and must exist: there is no 30 February and no \
                  month 13.",
        example: Example::AfterPrelude(r##"
            example "A spring customer" {
              as of 2026-02-30
              given { "id": "C-1", "first_name": "Ana", "address": { "street": "1 Main St", "zip": "93650" }, "loyalty_tier": "gold", "lifetime_spend": 12, "visits": [], "consent": { "marketing": true, "sale": false } }
            }
        "##),
        fix: "Correct the day or the month.",
    };
    NotUtf8 = "E0004", "The file is not UTF-8 text" {
        meaning: "Policies are UTF-8 text. This file has bytes that are not UTF-8: it was saved \
                  in another encoding (such as Latin-1 or Windows-1252), or it is not a text \
                  file at all. The report points at the first such byte.",
        example: Example::Latin1(r##"
            policy "Café Acme: customer data sharing" {
              version "2026.3"
            }
        "##),
        fix: "Save the file as UTF-8 (most editors offer it in their \"Save as\" dialog).",
    };
    TooDeep = "E0005", "Nesting too deep" {
        meaning: "Parentheses, brackets or braces nest more than 64 levels deep, or a condition \
                  has more than 64 `not`s in a row. No policy needs this; the limit keeps \
                  shareguard from running out of memory on a broken or hostile file.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not consent.marketing
            }
        "##),
        fix: "Simplify the condition: two `not`s cancel out, and parentheses around a single \
              condition can go.",
    };
    InvalidNumber = "E0006", "A number that cannot be used here" {
        meaning: "A number is too large to be stored (beyond about 1.7 × 10³⁰⁸).",
        example: Example::AfterPrelude(r##"
            example "A big spender" {
              given { "id": "C-1", "first_name": "Ana", "address": { "street": "1 Main St", "zip": "93650" }, "loyalty_tier": "gold", "lifetime_spend": 1e999, "visits": [], "consent": { "marketing": true, "sale": false } }
            }
        "##),
        fix: "Check the number for extra digits or a mistyped exponent.",
    };
    Unreadable = "E0007", "A file that cannot be read" {
        meaning: "The file named on the command line does not exist, or shareguard may not read \
                  it. `check` reports it with this code in the `json`, `sarif` and `github` \
                  formats (and in words in the human one), and exits with 2: it is not about \
                  the policy's contents.",
        example: Example::Command("shareguard check policies/acme_dinning.share"),
        fix: "Check the file's name and path, and that you may read it.",
    };
    MissingPolicy = "E0101", "No `policy` header" {
        meaning: "Every policy file starts with a `policy` header that names the policy; it \
                  appears in every report and audit log.",
        example: Example::Whole(r##"
            record customer key id {
              id: text [identifier] "Customer number"
            }
        "##),
        fix: "Add a header such as `policy \"Acme: customer data sharing\" { version \"1\" }`.",
    };
    MissingRecord = "E0102", "No `record` declaration" {
        meaning: "The file does not declare the customer record, so no field name can be \
                  checked and nothing can be shared.",
        example: Example::Whole(r##"
            policy "Acme Dining: customer data sharing" {
              version "2026.3"
            }
        "##),
        fix: "Declare the record: `record customer key id { id: text [identifier] }`, with \
              every field of a customer record.",
    };
    DuplicateDeclaration = "E0103", "A second `policy` or `record`" {
        meaning: "A file holds one `policy` header and one `record`. This is a second one.",
        example: Example::AfterPrelude(r##"
            record household key household_id {
              household_id: text [identifier]
            }
        "##),
        fix: "Merge the two into one, or put the second policy in its own file.",
    };
    UnknownAttribute = "E0104", "An attribute the language does not know" {
        meaning: "A line in the policy header or in a recipient starts with a word that is not \
                  one of its attributes or rules. The policy header takes `version` and \
                  `owner`; a recipient takes `kind`, `purpose`, `basis`, `contract`, `brand`, \
                  `parent` and the rules `share`, `never share`, `notify`, `delete after` and \
                  `allow`.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              contrat "MSA-2019-007"
            }
        "##),
        fix: "Correct the spelling (the help suggests the closest word), or remove the line.",
    };
    DuplicateAttribute = "E0105", "An attribute given twice" {
        meaning: "An attribute, `notify`, `delete after`, or an example's `as of` or `given` \
                  appears twice where it may appear once, so it is unclear which one holds.",
        example: Example::AfterPrelude(r##"
            recipient harbor_bank "First Harbor Bank" {
              kind partner
              purpose "Co-branded card offers"
              kind buyer
            }
        "##),
        fix: "Keep one of the two lines.",
    };
    ShareOutsideRecipient = "E0106", "A `share` outside a recipient" {
        meaning: "A `share` rule says what one recipient receives, so it belongs inside that \
                  recipient's braces. At the top level of the file only `never share ... to \
                  ...` is allowed.",
        example: Example::AfterPrelude(r##"
            share email when consent.marketing
        "##),
        fix: "Move the line into the recipient that should receive the data.",
    };
    NeverWithoutTo = "E0107", "A top-level `never share` without `to`" {
        meaning: "A `never share` at the top level of the file applies to the recipients after \
                  `to`; without `to` it is unclear whom it protects the data from.",
        example: Example::AfterPrelude(r##"
            never share [sensitive]
        "##),
        fix: "Add `to` with recipients, kinds or `everyone`: `never share [sensitive] to \
              buyer`.",
    };
    NeverWithTo = "E0108", "A `never share ... to` inside a recipient" {
        meaning: "Inside a recipient, `never share` always applies to that recipient, so `to` \
                  has no place there.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name, address
              never share address to buyer
            }
        "##),
        fix: "Remove `to ...`, or move the rule out of the recipient to the top level of the \
              file.",
    };
    UnknownField = "E0201", "An unknown field or group" {
        meaning: "A rule, group, condition or example names a field (or group) that the record \
                  does not declare, or a field inside another one (`address.zpi`) that does not \
                  exist.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name, adress
            }
        "##),
        fix: "Correct the spelling (the help suggests the closest name), or declare the field \
              in the record. Values of a one-of field are written in quotes: \
              `loyalty_tier == \"gold\"`.",
    };
    UnknownCategory = "E0202", "An unknown category" {
        meaning: "A field's tag or a `[category]` selector names a category that is neither \
                  built in (identifier, contact, location, demographic, financial, behavioral, \
                  preference, sensitive) nor declared in the file.",
        example: Example::AfterPrelude(r##"
            never share [sensitve] to everyone
        "##),
        fix: "Correct the spelling, or declare the category: `category health \"Health \
              information\"`.",
    };
    UnknownRecipient = "E0203", "An unknown recipient" {
        meaning: "A `never share ... to` or an example's `expect` names a recipient that the \
                  file does not declare (after `to`, a kind or `everyone` is also allowed).",
        example: Example::AfterPrelude(r##"
            never share [sensitive] to list_brokr
        "##),
        fix: "Correct the spelling, or declare the recipient.",
    };
    UnknownType = "E0204", "An unknown type" {
        meaning: "A field's type is not one of the language's types: text, number, integer, \
                  bool, date, `one of \"a\", \"b\"`, `{ fields }` and `list of TYPE`.",
        example: Example::Whole(r##"
            policy "Acme Dining: customer data sharing" {
              version "2026.3"
            }

            record customer key id {
              id: string [identifier] "Customer number"
            }
        "##),
        fix: "Use one of the language's types; the help gives the closest one (`string` is \
              `text` here).",
    };
    UnknownValue = "E0205", "An attribute value the language does not know" {
        meaning: "`kind` takes one of the words vendor, affiliate, partner and buyer; `basis` \
                  one of consent, contract, legitimate_interest and legal_obligation (without \
                  quotes). `purpose`, `contract`, `brand`, `parent`, `version` and `owner` take \
                  quoted text.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vender
              purpose "Print and mail our catalogs"
            }
        "##),
        fix: "Write one of the allowed words, or put the text in quotes, as the help says.",
    };
    UnknownFunction = "E0206", "An unknown function" {
        meaning: "A condition calls a function the language does not have. The functions are \
                  age(date), days_since(date), count(list) and lower(text).",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when agee(birth_date) >= 18
            }
        "##),
        fix: "Correct the spelling, or express the condition with the functions there are.",
    };
    UnknownTransform = "E0207", "An unknown transform" {
        meaning: "A field is shared `as` something that is not a transform. The transforms are \
                  hashed, masked, first N, year, age_band and rounded to N.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share email as hashd
            }
        "##),
        fix: "Correct the spelling; the help suggests the closest transform.",
    };
    UnknownLint = "E0208", "An `allow` that names no lint" {
        meaning: "An `allow` line silences a warning (a lint) by name, and no lint has this \
                  name.",
        example: Example::AfterPrelude(r##"
            allow sale-without-prefrence-check "Every customer on this list agreed by phone"
        "##),
        fix: "Write the lint's name as `shareguard check` shows it next to the warning; \
              docs/lints.md lists every lint.",
    };
    DuplicateName = "E0210", "A name declared twice" {
        meaning: "Two recipients, groups, categories, fields (at one level of the record) or \
                  examples have the same name, a category repeats a built-in one, or a one-of \
                  type lists a value twice. Rules naming it would be ambiguous.",
        example: Example::AfterPrelude(r##"
            group mailing_address = first_name, address
            group mailing_address = first_name, email, address
        "##),
        fix: "Rename one of them, or merge the two into one.",
    };
    GroupCycle = "E0211", "A group that includes itself" {
        meaning: "A group names itself, directly or through other groups, so the fields it \
                  stands for can never be worked out.",
        example: Example::AfterPrelude(r##"
            group contact_details = first_name, email, mailing_address
            group mailing_address = address, contact_details
        "##),
        fix: "Remove the name that closes the loop (the report points at it).",
    };
    NameClash = "E0212", "A name that could mean two things" {
        meaning: "A group has the same name as a field, or a recipient is named after a kind \
                  (vendor, affiliate, partner, buyer), so a rule naming it could mean either.",
        example: Example::AfterPrelude(r##"
            group email = email, first_name
        "##),
        fix: "Give the group or recipient a name of its own.",
    };
    TypeMismatch = "E0301", "A comparison between different kinds of values" {
        meaning: "A comparison (`==`, `!=`, `in [...]`, `<`, `<=`, `>`, `>=`) compares values \
                  of the same kind: text with text, a number with a number, a date with a date. \
                  A date compared with a number (`birth_date >= 18`) is nearly always an age.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when lifetime_spend == "1000"
            }
        "##),
        fix: "Compare with a value of the field's kind: numbers and dates are written without \
              quotes (`lifetime_spend == 1000`, `birth_date == 2000-01-01`). For an age, compare \
              the whole years since the date: `age(birth_date) >= 18` (`days_since(...)` counts \
              days).",
    };
    NotOrdered = "E0302", "An ordering between values that have no order" {
        meaning: "`<`, `<=`, `>` and `>=` compare numbers or dates; text, yes/no values and \
                  one-of values are not smaller or larger than one another.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when address.zip > "90000"
            }
        "##),
        fix: "Use `==` or `in [...]` to test for values, or compare a number or date field. A \
              date in quotes is text: write it without quotes.",
    };
    NotInEnum = "E0303", "A value that is not one of the field's values" {
        meaning: "A one-of field (`one of \"gold\", \"silver\", \"bronze\"`) is compared with a \
                  value it can never have, so the condition would never hold.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when loyalty_tier == "platinum"
            }
        "##),
        fix: "Use one of the field's values (the report lists them; letter case counts), or \
              add the value to the field's declaration.",
    };
    NotACondition = "E0304", "Something that is not a yes/no condition" {
        meaning: "`when` and `unless` need something that is true or false: a comparison, a yes/no \
                  field, `is missing` or `is present`. A text, a number or a date on its own is \
                  not, and only a field can be missing or present.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when email
            }
        "##),
        fix: "Compare the value with something (`age(birth_date) >= 18`), or test whether the \
              field has a value (`email is present`).",
    };
    PathThroughList = "E0305", "A condition that reads a field inside a list" {
        meaning: "A field inside a list (`visits.brand`) has one value per element, so a \
                  condition cannot read \"its\" value.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when visits.brand == "Trattoria Bella"
            }
        "##),
        fix: "Test the list as a whole (`count(visits) > 0`, `visits is present`), or add a \
              field to the record that holds what the condition needs.",
    };
    BadArgument = "E0306", "A function given the wrong kind of value" {
        meaning: "age and days_since take a date, count a list and lower text.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name when age(email) >= 18
            }
        "##),
        fix: "Give the function a field of the kind it takes.",
    };
    TransformType = "E0307", "A transform that does not fit the field" {
        meaning: "Each transform works on some kinds of values: hashed on text, numbers, dates \
                  and one-of values; masked and first N on text; year and age_band on dates; \
                  rounded to N on numbers. Shared as a whole, an object or list must fit with \
                  every field inside it.",
        example: Example::AfterPrelude(r##"
            recipient demographix "DemoGraphix" {
              kind vendor
              purpose "Append household income estimates"
              share email as age_band
            }
        "##),
        fix: "Choose a transform that fits the field, or share the field without `as`.",
    };
    BadTransformParameter = "E0308", "A transform with a missing or invalid number" {
        meaning: "`first N` needs a whole number of characters (at least 1) and `rounded to N` \
                  a number above zero; the other transforms take no number.",
        example: Example::AfterPrelude(r##"
            recipient demographix "DemoGraphix" {
              kind vendor
              purpose "Append household income estimates"
              share lifetime_spend as rounded 100
            }
        "##),
        fix: "Write the transform as the help shows: `as first 3`, `as rounded to 100`, `as \
              hashed`.",
    };
    TwoForms = "E0401", "A field shared in two forms to one recipient" {
        meaning: "Within one recipient, each field is shared in one form only. Here one rule \
                  shares a field as it is (or through a group or object that contains it) and \
                  another shares it transformed, so it is unclear what the recipient gets.",
        example: Example::AfterPrelude(r##"
            recipient list_broker "ListBroker Inc." {
              kind buyer
              purpose "Sale of our mailing list"
              share first_name, email when consent.sale
              share email as hashed
            }
        "##),
        fix: "Keep one of the two forms: remove the field from one rule, or name the fields \
              of a group or object one by one.",
    };
    MissingKind = "E0402", "A recipient without `kind`" {
        meaning: "Every recipient says what kind of party it is (vendor, affiliate, partner or \
                  buyer). The kind decides which top-level `never` rules reach it and which \
                  warnings apply.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              purpose "Print and mail our catalogs"
              share first_name, address
            }
        "##),
        fix: "Add a line `kind vendor`, `kind affiliate`, `kind partner` or `kind buyer`.",
    };
    MissingPurpose = "E0403", "A recipient without `purpose`" {
        meaning: "Every recipient says, in plain words, why it receives customer data. Notices \
                  and audits quote it.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              share first_name, address
            }
        "##),
        fix: "Add a line such as `purpose \"Print and mail our catalogs\"`.",
    };
    BadKey = "E0404", "A `key` that cannot identify records" {
        meaning: "`record ... key FIELD` names the field that identifies a record in logs and \
                  reports. It must be a required field at the top level of the record with a \
                  single value (text, a number, a date, true or false, or a one-of value).",
        example: Example::Whole(r##"
            policy "Acme Dining: customer data sharing" {
              version "2026.3"
            }

            record customer key email {
              id: text [identifier] "Customer number"
              email: text? [contact] "Email address"
            }
        "##),
        fix: "Name a required field that is different for every customer, such as a customer \
              number.",
    };
    BadDays = "E0405", "A number of days that is not a positive whole number" {
        meaning: "`notify ... within N days` and `delete after N days` need a whole number of \
                  days from 1 to 36500.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name, address
              delete after 7.5 days
            }
        "##),
        fix: "Write a whole number of days.",
    };
    AllowWithoutReason = "E0406", "An `allow` without a reason" {
        meaning: "An `allow` silences a warning that privacy reviewers would otherwise see, so \
                  it must say why the warning does not apply.",
        example: Example::AfterPrelude(r##"
            recipient list_broker "ListBroker Inc." {
              kind buyer
              purpose "Sale of our mailing list"
              share first_name, address
                allow sale-without-preference-check
            }
        "##),
        fix: "Add the reason in quotes after the lint's name: `allow \
              sale-without-preference-check \"Consent is collected by phone\"`.",
    };
    EmptyText = "E0407", "A text that says nothing" {
        meaning: "A recipient's `purpose`, `contract`, `brand` and `parent`, the message of a \
                  `notify`, the reason of an `allow`, and the policy header's `controller`, \
                  `contact` and `opt_out` are read by customers, reviewers and regulators; an \
                  empty text (`\"\"` or only spaces) tells them nothing.",
        example: Example::AfterPrelude(r##"
            recipient list_broker "ListBroker Inc." {
              kind buyer
              purpose "Sale of our mailing list"
              contract "SALE-2026-003"
              share first_name, address when consent.sale
              notify "" within 30 days
            }
        "##),
        fix: "Write the text out: `notify \"We sold your mailing address to ListBroker Inc.\" \
              within 30 days`. If there is nothing to say, leave out the line (for `contract`, \
              `brand`, `parent` and the header's texts, which are optional).",
    };
    InvalidGiven = "E0501", "An example record that the record declaration rejects" {
        meaning: "An example's `given` record must be one that `shareguard apply` would accept: \
                  every required field present and not null, each value of its declared type, \
                  one-of values in their set, dates real.",
        example: Example::AfterPrelude(r##"
            example "A customer without a tier" {
              given { "id": "C-1", "first_name": "Ana", "address": { "street": "1 Main St", "zip": "93650" }, "loyalty_tier": "platinum", "lifetime_spend": 12, "visits": [], "consent": { "marketing": true, "sale": false } }
            }
        "##),
        fix: "Correct the value the report points at, or the field's declaration if the \
              record is right.",
    };
    MissingGiven = "E0502", "An example without `given`" {
        meaning: "An example tests the policy on one customer record; without `given` there is \
                  nothing to test.",
        example: Example::AfterPrelude(r##"
            example "Catalogs go to customers who agreed" {
              as of 2026-06-01
            }
        "##),
        fix: "Add `given { ... }` with a customer record in JSON.",
    };
    DuplicateExpect = "E0503", "Two expectations for one recipient in one example" {
        meaning: "An example says twice what one recipient gets; at most one of them can hold.",
        example: Example::AfterPrelude(r##"
            recipient printmail "PrintMail Co." {
              kind vendor
              purpose "Print and mail our catalogs"
              share first_name, address
            }

            example "Catalogs" {
              given { "id": "C-1", "first_name": "Ana", "address": { "street": "1 Main St", "zip": "93650" }, "loyalty_tier": "gold", "lifetime_spend": 12, "visits": [], "consent": { "marketing": true, "sale": false } }
              expect printmail gets first_name, address
              expect printmail gets nothing
            }
        "##),
        fix: "Merge the two `expect` lines into one.",
    };
    DuplicateJsonKey = "E0504", "A key written twice in one JSON object" {
        meaning: "A JSON object in an example (`given` or `gets exactly`) has the same key twice; \
                  a record cannot hold two values for one field.",
        example: Example::AfterPrelude(r##"
            example "Catalogs" {
              given { "id": "C-1", "first_name": "Ana", "first_name": "Anna", "address": { "street": "1 Main St", "zip": "93650" }, "loyalty_tier": "gold", "lifetime_spend": 12, "visits": [], "consent": { "marketing": true, "sale": false } }
            }
        "##),
        fix: "Keep one of the two.",
    };
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Removes the leading blank line and the common indentation of an indented text block.
fn dedent(text: &str) -> String {
    let text = text.trim_start_matches('\n').trim_end();
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line.get(indent..).unwrap_or("").trim_end());
        out.push('\n');
    }
    out
}

/// The page `docs/errors.md`: every error code with its meaning, an example and the fix.
pub fn errors_markdown() -> String {
    let mut out = String::from(
        "<!-- Generated from src/diagnostic/codes.rs: do not edit by hand. Rewrite it with\n     \
         UPDATE_DOCS=1 cargo test --test it error_docs -->\n\n\
         # Error codes\n\n\
         Every error `shareguard check` reports has a stable code. A code, once published, keeps \
         its meaning.\nWarnings (lints) are named, not numbered, and documented separately.\n\n\
         Most examples below are the lines that follow this beginning of a policy:\n\n\
         ```\n",
    );
    out.push_str(&dedent(EXAMPLE_PRELUDE));
    out.push_str("```\n\n| code | meaning |\n|---|---|\n");
    for code in ErrorCode::ALL {
        out.push_str(&format!(
            "| [{code}](#{}) | {} |\n",
            code.as_str().to_lowercase(),
            code.title()
        ));
    }
    for code in ErrorCode::ALL {
        let doc = code.doc();
        out.push_str(&format!("\n## {code}\n\n**{}**\n\n", code.title()));
        out.push_str(doc.meaning);
        out.push_str("\n\n");
        let (intro, text) = match doc.example {
            Example::AfterPrelude(text) => ("Example (after the beginning above):", text),
            Example::Whole(text) => ("Example (a whole file):", text),
            Example::Latin1(text) => ("Example (a whole file, saved as Latin-1):", text),
            Example::Command(text) => ("Example (on the command line):", text),
        };
        out.push_str(&format!("{intro}\n\n```\n{}```\n\n", dedent(text)));
        out.push_str(&format!("Fix: {}\n", doc.fix));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_removes_common_indentation() {
        assert_eq!(dedent("\n    a {\n      b\n    }\n  "), "a {\n  b\n}\n");
    }

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }
}
