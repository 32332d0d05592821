//! Words for customers: what a policy does, said in plain language.
//!
//! Every word comes from a message file (`en.ftl` beside this file, in the Fluent format), so
//! that a lawyer can change a sentence without touching code and a translation is one more
//! file (`--words FILE`; messages it leaves out come from English). The code here and in the
//! modules below decides only *what* to say:
//! - [`labels`]: a field's label and how it reads in a sentence; a value's form in words
//!   ("a coded (hashed) form of your email address");
//! - [`condition`]: a condition as a list of plain sentences ("only if you are 16 or older");
//! - [`notify`]: the message of a `notify within N days` without one of its own, for one
//!   record, from what it sent.
//!
//! `notice` and `graph` use them, and so does the runtime for the generated `notify` messages
//! of its audit trail. Nothing here reads records or decides what a recipient gets: that is the
//! runtime's.

pub mod condition;
pub mod labels;
pub mod notify;

use std::collections::BTreeSet;
use std::sync::Mutex;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The English wording, built in.
pub const ENGLISH: &str = include_str!("en.ftl");

type Bundle = FluentBundle<FluentResource>;

/// A wording: the built-in English, and optionally a file that replaces some or all of it.
pub struct Words {
    own: Option<Bundle>,
    english: Bundle,
    language: String,
    /// Messages asked for that neither file has (a mistake in the code, found by tests).
    missing: Mutex<BTreeSet<String>>,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("language", &self.language)
            .field("own_file", &self.own.is_some())
            .finish_non_exhaustive()
    }
}

/// A wording file that cannot be used, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordsError {
    pub file: String,
    /// 1-based; 0 when the mistake is not at one place.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for WordsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "the wording file `{}` {}", self.file, self.message)
        } else {
            write!(
                f,
                "the wording file `{}` has a mistake at line {}: {}",
                self.file, self.line, self.message
            )
        }
    }
}

impl std::error::Error for WordsError {}

/// One value to fill into a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    /// A number as written (`100`, `0.1`): plural rules see its value, the text keeps its digits.
    Number(String),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Number(n.to_string())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(n.to_string())
    }
}

impl Words {
    /// The built-in English wording.
    pub fn english() -> Words {
        // A mistake in the built-in file loses only the messages it is in (a test checks
        // there is none).
        let resource = FluentResource::try_new(ENGLISH.to_string()).unwrap_or_else(|(r, _)| r);
        let english = bundle_with(resource, "en");
        Words {
            own: None,
            english,
            language: "en".to_string(),
            missing: Mutex::new(BTreeSet::new()),
        }
    }

    /// A wording file (`--words`): its messages replace the English ones of the same name.
    pub fn load(file: &str, text: &str) -> Result<Words, WordsError> {
        let resource = FluentResource::try_new(text.to_string()).map_err(|(_, errors)| {
            let first = errors.first();
            WordsError {
                file: file.to_string(),
                line: first.map_or(0, |e| line_of(text, e.pos.start)),
                message: first.map_or_else(
                    || "cannot be read".to_string(),
                    |e| format!("{} (see https://projectfluent.org for the format)", e.kind),
                ),
            }
        })?;
        let probe = bundle_with(resource, "en");
        let language = message_text(&probe, "language").unwrap_or_default();
        let language = language.trim().to_string();
        if language.is_empty() {
            return Err(WordsError {
                file: file.to_string(),
                line: 0,
                message: "does not say its language: add a line such as `language = fr`"
                    .to_string(),
            });
        }
        if language.parse::<unic_langid::LanguageIdentifier>().is_err() {
            return Err(WordsError {
                file: file.to_string(),
                line: text
                    .lines()
                    .position(|l| l.trim_start().starts_with("language"))
                    .map_or(0, |i| i + 1),
                message: format!("`language = {language}` is not a language tag such as `fr`"),
            });
        }
        let own = bundle(text, &language).map_err(|message| WordsError {
            file: file.to_string(),
            line: 0,
            message,
        })?;
        let mut words = Words::english();
        words.own = Some(own);
        words.language = language;
        Ok(words)
    }

    /// The language of the wording, as an IETF tag (`en`, `fr-CA`).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// A message without values to fill in.
    pub fn text(&self, id: &str) -> String {
        self.say(id, &[])
    }

    /// A message with values filled in. A message that the wording file gets wrong (a value
    /// it names that does not exist) is taken from English instead.
    pub fn say(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let args = fluent_args(args);
        let own = self.own.as_ref().and_then(|own| format(own, id, &args));
        if let Some(text) = own.or_else(|| format(&self.english, id, &args)) {
            return one_full_stop(text);
        }
        if let Ok(mut missing) = self.missing.lock() {
            missing.insert(id.to_string());
        }
        String::new()
    }

    /// Messages the code asked for that no wording has: empty unless the code has a mistake.
    pub fn missing(&self) -> Vec<String> {
        self.missing
            .lock()
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Joins items as "A, B or C" (`list-or`) or "A, B and C" (`list-and`).
    pub fn join(&self, items: &[String], joiner: &str) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => self.say(
                joiner,
                &[
                    ("items", Arg::Text(rest.join(", "))),
                    ("last", Arg::Text(last.clone())),
                ],
            ),
        }
    }

    /// A date (`YYYY-MM-DD`) in words: "1 January 2026".
    pub fn date(&self, iso: &str) -> String {
        let mut parts = iso.split('-').map(|p| p.trim_start_matches('0'));
        match (parts.next(), parts.next(), parts.next()) {
            (Some(year), Some(month), Some(day)) => self.say(
                "date",
                &[
                    ("year", Arg::Text(year.to_string())),
                    ("month", Arg::Number(month.to_string())),
                    ("day", Arg::Text(day.to_string())),
                ],
            ),
            _ => iso.to_string(),
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at).map_or(0, |t| t.matches('\n').count()) + 1
}

fn bundle_with(resource: FluentResource, language: &str) -> Bundle {
    let id = language
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks would end up in Markdown and HTML as invisible characters.
    bundle.set_use_isolating(false);
    // A resource with a message given twice keeps the last one rather than failing.
    bundle.add_resource_overriding(resource);
    bundle
}

fn bundle(text: &str, language: &str) -> Result<Bundle, String> {
    let resource = FluentResource::try_new(text.to_string())
        .map_err(|(_, errors)| format!("cannot be read: {} mistakes", errors.len()))?;
    Ok(bundle_with(resource, language))
}

fn fluent_args<'a>(args: &'a [(&'a str, Arg)]) -> FluentArgs<'a> {
    let mut out = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Text(t) => FluentValue::from(t.as_str()),
            // Plural rules need a number; a number that a float cannot hold exactly keeps
            // its digits as text.
            Arg::Number(n) if exact_as_float(n) => FluentValue::try_number(n.as_str()),
            Arg::Number(n) => FluentValue::from(n.as_str()),
        };
        out.set(*name, value);
    }
    out
}

/// A sentence that ends with a value that ends with a full stop ("ListBroker Inc.") ends
/// with one full stop, not two.
fn one_full_stop(mut text: String) -> String {
    if text.ends_with("..") && !text.ends_with("...") {
        text.pop();
    }
    text
}

fn exact_as_float(text: &str) -> bool {
    text.parse::<f64>()
        .is_ok_and(|f| crate::ir::format_number(f) == text)
}

/// A message of one bundle, or `None` if it has none or cannot fill it in.
fn format(bundle: &Bundle, id: &str, args: &FluentArgs<'_>) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

fn message_text(bundle: &Bundle, id: &str) -> Option<String> {
    format(bundle, id, &FluentArgs::new())
}

/// The text with its first letter in capitals: "your first name" → "Your first name".
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A label as it reads inside a sentence: "Email address" → "email address", but "ZIP code",
/// "CrestMiles number" and "IATA code" keep their capitals.
pub fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let rest_has_capitals = first_word.chars().skip(1).any(char::is_uppercase);
    // "Known Traveler Number" is a name, written in title case: it keeps its capitals.
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let title_case = words.len() > 1
        && words
            .iter()
            .filter(|w| {
                !matches!(
                    **w,
                    "of" | "and" | "or" | "the" | "a" | "an" | "in" | "on" | "to" | "for"
                )
            })
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if rest_has_capitals || title_case {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_fills_in_values_and_plurals() {
        let words = Words::english();
        assert_eq!(
            words.say(
                "form-first",
                &[("n", 3u32.into()), ("field", "your ZIP code".into())]
            ),
            "the first 3 characters of your ZIP code"
        );
        assert_eq!(
            words.say(
                "form-first",
                &[("n", 1u32.into()), ("field", "your ZIP code".into())]
            ),
            "the first character of your ZIP code"
        );
        assert_eq!(words.date("2026-02-01"), "1 February 2026");
        assert_eq!(words.language(), "en");
        assert!(words.missing().is_empty());
    }

    #[test]
    fn english_is_a_valid_fluent_file() {
        if let Err((_, errors)) = FluentResource::try_new(ENGLISH.to_string()) {
            panic!("src/words/en.ftl: {errors:?}");
        }
    }

    #[test]
    fn a_file_replaces_only_what_it_has() {
        let words = Words::load(
            "fr.ftl",
            "language = fr\nsale-no = Nous ne vendons pas vos données.\n",
        )
        .unwrap();
        assert_eq!(words.language(), "fr");
        assert_eq!(words.text("sale-no"), "Nous ne vendons pas vos données.");
        assert_eq!(words.text("section-never"), "What we never do");
    }

    #[test]
    fn broken_files_say_where() {
        let err = Words::load("x.ftl", "language = fr\n\nsale-no = { $\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = Words::load("x.ftl", "sale-no = Non\n").unwrap_err();
        assert!(err.to_string().contains("language"), "{err}");
    }

    #[test]
    fn labels_keep_their_acronyms() {
        assert_eq!(lower_first("Email address"), "email address");
        assert_eq!(lower_first("ZIP code"), "ZIP code");
        assert_eq!(lower_first("CrestMiles number"), "CrestMiles number");
        assert_eq!(
            lower_first("Known Traveler Number"),
            "Known Traveler Number"
        );
        assert_eq!(
            lower_first("Home airport (IATA code)"),
            "home airport (IATA code)"
        );
        assert_eq!(upper_first("your age"), "Your age");
    }
}
