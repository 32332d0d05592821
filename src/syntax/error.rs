//! pest errors → diagnostics that say, in words, what was expected and what was found.
//!
//! pest reports the grammar rules it tried at the furthest point it reached. Each rule that can
//! appear there has a description for a reader of the policy (never a rule name), and a few
//! common slips get a help line.
//!
//! Two places where pest's furthest point is not where the mistake is are handled first: a
//! quoted text that is not closed (or has a bad escape), and a stray word that the grammar took
//! for an attribute name (`share first_name, last_name address` reads `address }` as an
//! attribute without a value; the mistake is the missing `,` before `address`).

use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};

use super::{Grammar, Rule};
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::span::Span;

/// Attributes of the policy header and of recipients, with what their value is.
const ATTRIBUTE_VALUES: [(&str, &str); 11] = [
    ("kind", "a kind (vendor, affiliate, partner or buyer)"),
    (
        "basis",
        "a basis (consent, contract, legitimate_interest or legal_obligation)",
    ),
    ("purpose", "a quoted text"),
    ("contract", "a quoted text"),
    ("brand", "a quoted text"),
    ("parent", "a quoted text"),
    ("version", "a quoted text"),
    ("owner", "a quoted text"),
    ("controller", "a quoted text"),
    ("contact", "a quoted text"),
    ("opt_out", "a quoted text"),
];

/// Converts an error from parsing `text[base..]` into a diagnostic with absolute spans.
pub(crate) fn from_pest(err: &pest::error::Error<Rule>, text: &str, base: usize) -> Diagnostic {
    let at = base + error_offset(err);
    let positives = positives(err);
    let found = Found::at(text, at);
    if let Some(diagnostic) = bad_quoted_text(text, at) {
        return diagnostic;
    }
    if positives.contains(&Rule::attr_value) {
        if let Some(diagnostic) = attribute_without_value(text, base, at, &found) {
            return diagnostic;
        }
    }
    if let Some(diagnostic) = value_taken_from_next_line(text, base, at) {
        return diagnostic;
    }
    expected_found(positives, &found, text)
}

fn error_offset(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    }
}

fn positives(err: &pest::error::Error<Rule>) -> &[Rule] {
    match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    }
}

/// "expected X, found Y", with a help line for common slips.
fn expected_found(positives: &[Rule], found: &Found<'_>, text: &str) -> Diagnostic {
    let expected = expectations(positives);
    let message = match expected.as_slice() {
        [] => format!("this is not valid here: found {}", found.words),
        list => format!("expected {}, found {}", join_or(list), found.words),
    };
    Diagnostic::error(ErrorCode::Syntax, message, found.span)
        .with_label(match found.token {
            "}" | ")" | "]" if only_declarations(positives) => "unexpected here",
            "" | "}" | ")" | "]" | "\n" | "\r" => "something is missing before this",
            _ => "unexpected here",
        })
        .with_optional_help(hint(positives, found, text))
}

/// Whether only a new declaration (or the end of the file) could come at the error.
fn only_declarations(positives: &[Rule]) -> bool {
    positives
        .iter()
        .all(|r| matches!(r, Rule::decl | Rule::decl_start | Rule::EOI))
}

/// A quoted text starting at `at` that is not closed on its line, or that has a `\` which
/// does not start an escape.
fn bad_quoted_text(text: &str, at: usize) -> Option<Diagnostic> {
    let rest = text.get(at..)?;
    let body = rest.strip_prefix('"')?;
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\n' | '\r' => break,
            '\\' => {
                let next = chars.next().map(|(_, n)| n);
                let len = match next {
                    None | Some('\n' | '\r') => break,
                    Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => continue,
                    Some('u') => {
                        let digits = body
                            .get(i + 2..)
                            .unwrap_or("")
                            .chars()
                            .take(4)
                            .take_while(char::is_ascii_hexdigit)
                            .count();
                        if digits == 4 {
                            continue;
                        }
                        2 + digits
                    }
                    Some(other) => 1 + other.len_utf8(),
                };
                let start = at + 1 + i;
                let shown = rest.get(1 + i..1 + i + len).unwrap_or("\\");
                return Some(
                    Diagnostic::error(
                        ErrorCode::InvalidString,
                        format!("`{shown}` is not an escape this language knows"),
                        Span::new(start, start + len),
                    )
                    .with_label("not an escape")
                    .with_help(
                        "in quoted text, `\\` starts an escape such as \\\" \\\\ \\n \\t or \\u00e9; to \
                         write a backslash itself, write \\\\",
                    ),
                );
            }
            _ => {}
        }
    }
    let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    Some(
        Diagnostic::error(
            ErrorCode::Syntax,
            "this quoted text is not closed",
            Span::new(at, at + line_len),
        )
        .with_label("no closing `\"` on this line")
        .with_help("a quoted text ends on the line where it starts: add `\"` at its end"),
    )
}

/// The parser read a word as the name of an attribute (`kind`, `purpose`, ...) and then found no
/// value after it. For a real attribute, say which value it needs; for any other word, the
/// mistake is at the word itself, so report what was expected there instead.
fn attribute_without_value(
    text: &str,
    base: usize,
    at: usize,
    found: &Found<'_>,
) -> Option<Diagnostic> {
    let (word_start, word) = previous_token(text, at)?;
    if word_start < base || !word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    if let Some((_, value)) = ATTRIBUTE_VALUES.iter().find(|(name, _)| *name == word) {
        return Some(
            Diagnostic::error(
                ErrorCode::Syntax,
                format!("expected {value} after `{word}`, found {}", found.words),
                found.span,
            )
            .with_label(match found.token {
                "" | "}" | "\n" | "\r" => "something is missing before this",
                _ => "unexpected here",
            })
            .with_optional_help(match found.token {
                "'" => Some("quoted text uses double quotes: \"like this\"".to_string()),
                ":" | "=" => Some(format!(
                    "leave out the `{}`, as in `{word} {}`",
                    found.token,
                    match word {
                        "kind" => "vendor",
                        "basis" => "consent",
                        _ => "\"...\"",
                    }
                )),
                _ => None,
            }),
        );
    }
    // What could have come where the stray word is: parse again, stopping just before it.
    let before = text.get(base..word_start)?;
    let err = Grammar::parse(Rule::one_decl, before).err()?;
    if base + error_offset(&err) != word_start {
        return None;
    }
    let found = Found::at(text, word_start);
    Some(expected_found(positives(&err), &found, text))
}

/// `kind vendr oops` + a new line `purpose "x"`: the parser reads `oops purpose` as an attribute
/// and fails at `"x"`. When the word just before the error starts its line and the word before
/// it ends the line above, the stray word is the one above: report what was expected there.
fn value_taken_from_next_line(text: &str, base: usize, at: usize) -> Option<Diagnostic> {
    let (value_start, value) = previous_token(text, at)?;
    let is_value = value.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"');
    if !is_value || !starts_line(text, value_start) {
        return None;
    }
    let (name_start, name) = previous_token(text, value_start)?;
    let is_word = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if name_start < base || !is_word || RESERVED.contains(&name) {
        return None;
    }
    let before = text.get(base..name_start)?;
    let err = Grammar::parse(Rule::one_decl, before).err()?;
    if base + error_offset(&err) != name_start {
        return None;
    }
    let found = Found::at(text, name_start);
    Some(expected_found(positives(&err), &found, text))
}

/// Whether only spaces come before `offset` on its line.
fn starts_line(text: &str, offset: usize) -> bool {
    let Some(before) = text.get(..offset) else {
        return false;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before
        .get(line_start..)
        .is_some_and(|s| s.chars().all(|c| c == ' ' || c == '\t' || c == '\r'))
}

/// The last token before `at`, skipping whitespace and comments: its start and its text.
/// Lines are read backwards one at a time, so that many errors in a long file stay cheap.
fn previous_token(text: &str, at: usize) -> Option<(usize, &str)> {
    let mut end = at;
    loop {
        let before = text.get(..end)?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.get(line_start..)?;
        let last = super::lex::tokens_from(line, 0)
            .filter(|t| !t.is_trivia())
            .last();
        match last {
            Some(token) => {
                return Some((line_start + token.start, token.text(line)));
            }
            None if line_start == 0 => return None,
            None => end = line_start - 1,
        }
    }
}

/// What the parser ran into.
struct Found<'t> {
    words: String,
    token: &'t str,
    span: Span,
}

impl<'t> Found<'t> {
    fn at(text: &'t str, at: usize) -> Found<'t> {
        let rest = text.get(at..).unwrap_or("");
        let Some(first) = rest.chars().next() else {
            return Found {
                words: "the end of the file".to_string(),
                token: "",
                span: Span::point(at),
            };
        };
        let len = if first.is_alphanumeric() || first == '_' {
            rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len())
        } else if first == '"' {
            super::lex::tokens_from(rest, 0)
                .next()
                .map_or(rest.len(), |t| t.end)
        } else if "=!<>".contains(first) && rest.get(1..2) == Some("=") {
            2
        } else {
            first.len_utf8()
        };
        let token = rest.get(..len).unwrap_or("");
        let words = if first == '"' {
            "a quoted text".to_string()
        } else if first == '\n' || first == '\r' {
            "the end of the line".to_string()
        } else if first.is_control() || first == '\u{FFFD}' {
            format!("the character U+{:04X}", u32::from(first))
        } else {
            format!("`{token}`")
        };
        Found {
            words,
            token,
            span: Span::new(at, at + len),
        }
    }
}

/// Rules that mean "the condition could go on here".
const CONDITION_GOES_ON: [Rule; 7] = [
    Rule::compare_tail,
    Rule::cmp_op,
    Rule::in_tail,
    Rule::not_in_tail,
    Rule::is_tail,
    Rule::kw_and,
    Rule::kw_or,
];

/// Rules that mean "a new line or the end of the block could start here".
const NEXT_LINE: [Rule; 10] = [
    Rule::recipient_item,
    Rule::decl_start,
    Rule::rbrace,
    Rule::allow_rule,
    Rule::decl,
    Rule::example_item,
    Rule::field_decl,
    Rule::attribute,
    Rule::EOI,
    Rule::unless_clause,
];

/// The things the parser expected, in words, shortest useful list first.
fn expectations(positives: &[Rule]) -> Vec<&'static str> {
    let mut rules: Vec<Rule> = positives.to_vec();
    if rules.iter().any(|r| CONDITION_GOES_ON.contains(r)) {
        // Right after a value in a condition: say what can continue it, not every line that
        // could follow the rule.
        let mut out = vec![
            "a comparison (==, !=, <, <=, >, >=, in, not in, is missing, is present)",
            "`and`",
            "`or`",
        ];
        if rules.contains(&Rule::rparen) {
            out.push("`)`");
        }
        out.push("the end of the condition");
        return out;
    }
    if rules.len() > 1 {
        // `(` is only ever a function call's; it is noise next to anything else.
        rules.retain(|r| *r != Rule::lparen);
    }
    let specific = rules.iter().any(|r| !NEXT_LINE.contains(r));
    let mut out: Vec<&'static str> = Vec::new();
    let mut ended = false;
    for rule in rules {
        let words = if specific && NEXT_LINE.contains(&rule) && rule != Rule::rbrace {
            if ended {
                continue;
            }
            ended = true;
            "the end of the line"
        } else {
            describe(rule)
        };
        if !out.contains(&words) {
            out.push(words);
        }
    }
    out
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A description of each rule that can be expected at an error.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::decl | Rule::one_decl | Rule::one_decl_in_piece | Rule::decl_start => {
            "a declaration (`policy`, `record`, `category`, `group`, `recipient`, `never share` \
             or `example`)"
        }
        Rule::ident | Rule::field_name | Rule::attr_value | Rule::named_type => "a name",
        Rule::lint_name => "the name of a lint",
        Rule::string | Rule::string_inner => "a quoted text",
        Rule::escape => "an escape such as \\\" \\\\ \\n \\t or \\u00e9",
        Rule::number => "a number",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::equals => "`=`",
        Rule::question => "`?`",
        Rule::dot => "`.`",
        Rule::attribute => "an attribute such as `version \"1\"`",
        Rule::field_decl => "a field (`name: type`)",
        Rule::type_expr => {
            "a type: text, number, integer, bool, date, one of \"...\", { ... } or list of ..."
        }
        Rule::one_of_type => "`one of`",
        Rule::list_type => "`list of`",
        Rule::object_type => "`{ ... }`",
        Rule::tags => "categories in brackets, such as [contact]",
        Rule::selector_list | Rule::field_selector | Rule::share_item => {
            "a field, a group, `all` or a [category]"
        }
        Rule::category_ref => "a [category]",
        Rule::path => "a field",
        Rule::recipient_list | Rule::recipient_selector => {
            "a recipient, a kind (vendor, affiliate, partner, buyer) or `everyone`"
        }
        Rule::recipient_item => {
            "a recipient line (`kind`, `purpose`, `basis`, `contract`, `brand`, `parent`, \
             `share`, `never share`, `notify`, `delete after` or `allow`)"
        }
        Rule::policy_decl => "`policy`",
        Rule::record_decl => "`record`",
        Rule::category_decl => "`category`",
        Rule::group_decl => "`group`",
        Rule::recipient_decl => "`recipient`",
        Rule::example_decl => "`example`",
        Rule::recipient_line_start => "a condition",
        Rule::share_rule => "`share`",
        Rule::never_rule => "`never share`",
        Rule::notify_rule => "`notify`",
        Rule::delete_rule => "`delete after`",
        Rule::allow_rule => "`allow`",
        Rule::transform | Rule::transform_name => {
            "a transform (hashed, masked, first N, year, age_band or rounded to N)"
        }
        Rule::when_clause => "`when`",
        Rule::unless_clause => "`unless`",
        Rule::condition | Rule::or_expr | Rule::and_expr | Rule::not_expr | Rule::predicate => {
            "a condition"
        }
        Rule::compare_tail | Rule::cmp_op => "a comparison (==, !=, <, <=, >, >=)",
        Rule::in_tail => "`in [...]`",
        Rule::not_in_tail => "`not in [...]`",
        Rule::is_tail => "`is missing` or `is present`",
        Rule::operand | Rule::paren_expr | Rule::call => {
            "a value (a field, a quoted text, a number, a date, true, false, today or a function \
             such as age(...))"
        }
        Rule::literal => "a quoted text, a number, a date, true or false",
        Rule::list_literal => "a list such as [\"CA\", \"VA\"]",
        Rule::example_item => "an example line (`as of`, `given` or `expect`)",
        Rule::as_of => "`as of`",
        Rule::given => "`given`",
        Rule::expect => "`expect`",
        Rule::expectation => {
            "what the recipient gets: `nothing`, `exactly { ... }` or a list of fields"
        }
        Rule::exactly => "`exactly`",
        Rule::json_value => "a JSON value",
        Rule::json_object => "a JSON object `{ ... }`",
        Rule::json_member => "a JSON key in quotes",
        Rule::json_array => "a JSON list",
        Rule::json_number => "a number",
        Rule::json_null => "`null`",
        Rule::EOI | Rule::file => "the end of the file",
        Rule::kw_policy => "`policy`",
        Rule::kw_record => "`record`",
        Rule::kw_key => "`key`",
        Rule::kw_group => "`group`",
        Rule::kw_category => "`category`",
        Rule::kw_recipient => "`recipient`",
        Rule::kw_share => "`share`",
        Rule::kw_never => "`never`",
        Rule::kw_to => "`to`",
        Rule::kw_when => "`when`",
        Rule::kw_unless => "`unless`",
        Rule::kw_as => "`as`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_in => "`in`",
        Rule::kw_is => "`is`",
        Rule::kw_missing => "`missing`",
        Rule::kw_present => "`present`",
        Rule::kw_all => "`all`",
        Rule::kw_everyone => "`everyone`",
        Rule::kw_example => "`example`",
        Rule::kw_given => "`given`",
        Rule::kw_expect => "`expect`",
        Rule::kw_gets => "`gets`",
        Rule::kw_nothing => "`nothing`",
        Rule::kw_exactly => "`exactly`",
        Rule::kw_true => "`true`",
        Rule::kw_false => "`false`",
        Rule::kw_today => "`today`",
        Rule::kw_list => "`list`",
        Rule::kw_of => "`of`",
        Rule::kw_one => "`one`",
        Rule::kw_notify => "`notify`",
        Rule::kw_within => "`within`",
        Rule::kw_days => "`days`",
        Rule::kw_delete => "`delete`",
        Rule::kw_after => "`after`",
        Rule::kw_allow => "`allow`",
        Rule::kw_raw => "`raw`",
        // Silent rules: pest never reports them. The match has no catch-all, so a new rule in
        // the grammar cannot reach a reader without a description.
        Rule::WHITESPACE
        | Rule::COMMENT
        | Rule::ident_start
        | Rule::ident_char
        | Rule::reserved
        | Rule::field_reserved => "a word",
    }
}

use super::{FIELD_RESERVED, RESERVED};

/// After `is`, which takes only `missing` or `present`: `state is not "CA"` means
/// `state != "CA"`, `state is "CA"` means `state == "CA"`, `email is not missing` means
/// `email is present`.
fn is_not_hint(text: &str, found: &Found<'_>) -> String {
    let next_word = |at: usize| {
        super::lex::tokens_from(text, at)
            .find(|t| !t.is_trivia())
            .map(|t| (t.end, t.text(text)))
    };
    let is_start = previous_token(text, found.span.start).map_or(0, |(start, _)| start);
    let subject = previous_token(text, is_start)
        .map(|(_, word)| word)
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'));
    let (negated, value) = if found.token == "not" {
        (true, next_word(found.span.end).map(|(_, w)| w))
    } else {
        (false, Some(found.token))
    };
    match (negated, value) {
        (true, Some("missing")) => "write `is present` for a value that is there".to_string(),
        (true, Some("present")) => "write `is missing` for a value that is not there".to_string(),
        (true, Some("in")) => "write `not in [...]`, without `is`".to_string(),
        (false, Some("in")) => "write `in [...]`, without `is`".to_string(),
        (_, Some(value)) if !value.is_empty() && value != "\n" => {
            let op = if negated { "!=" } else { "==" };
            let written = if negated { "is not" } else { "is" };
            match subject {
                Some(subject) => format!(
                    "`is` only tests for `missing` or `present`; to compare values, write \
                     `{subject} {op} {value}`"
                ),
                None => format!(
                    "`is` only tests for `missing` or `present`; to compare values, write `{op} \
                     {value}` instead of `{written} {value}`"
                ),
            }
        }
        _ => "`is` is followed by `missing` or `present`".to_string(),
    }
}

/// A help line for common slips.
fn hint(positives: &[Rule], found: &Found<'_>, text: &str) -> Option<String> {
    let expects = |rule: Rule| positives.contains(&rule);
    let token = found.token;
    let previous = previous_token(text, found.span.start).map(|(_, t)| t);
    if token == "=" && (expects(Rule::compare_tail) || expects(Rule::cmp_op)) {
        return Some("to compare two values, write `==`".to_string());
    }
    if token == "/"
        && text
            .get(found.span.start..)
            .is_some_and(|t| t.starts_with("//"))
    {
        return Some("a comment starts with `#`: write `# ...` instead of `// ...`".to_string());
    }
    if previous == Some("is") && expects(Rule::kw_missing) {
        return Some(is_not_hint(text, found));
    }
    let field_expected =
        expects(Rule::field_name) || expects(Rule::path) || expects(Rule::field_decl);
    if (expects(Rule::ident) && RESERVED.contains(&token))
        || (field_expected && FIELD_RESERVED.contains(&token))
    {
        return Some(format!(
            "`{token}` is a word of the language and cannot be used as a name here; choose \
             another name"
        ));
    }
    if expects(Rule::rbrace) && super::starts_with_declaration(token).is_some() {
        return Some("is a `}` missing before this line?".to_string());
    }
    if expects(Rule::rparen) && matches!(token, "}" | "" | "\n" | "\r") {
        return Some("a `(` is not closed: is a `)` missing?".into());
    }
    if let Some(word @ ("and" | "or" | "not" | "when" | "unless")) = previous {
        if !RESERVED.contains(&token) || token == "not" || token == "}" || token.is_empty() {
            return Some(format!("the condition is not finished after `{word}`"));
        }
    }
    if token == "}" && only_declarations(positives) && !positives.is_empty() {
        return Some("this `}` closes nothing: remove it".into());
    }
    if previous == Some("to")
        && (expects(Rule::recipient_list) || expects(Rule::recipient_selector))
    {
        return Some("say who after `to`: recipients, kinds or `everyone`".into());
    }
    if token == "," && (expects(Rule::decl) || expects(Rule::decl_start)) {
        return Some("nothing follows this `,`: remove it, or add what is missing after it".into());
    }
    if previous == Some(",") && (matches!(token, "}" | "]" | ")" | "") || RESERVED.contains(&token))
    {
        return Some("remove the `,` before this, or add what is missing after it".into());
    }
    if previous == Some("in") && expects(Rule::lbracket) {
        return Some("write the values in brackets, as in `in [\"CA\", \"VA\"]`".into());
    }
    let is_word = token.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if (expects(Rule::string) || expects(Rule::literal)) && is_word && !RESERVED.contains(&token) {
        return Some(format!("text is written in double quotes: \"{token}\""));
    }
    if expects(Rule::colon) && is_word {
        if let Some((start, word)) = previous_token(text, found.span.start) {
            return Some(if starts_line(text, start) {
                format!("is a `:` missing after `{word}`?")
            } else {
                format!("a field's label is written in double quotes, as in \"{word} {token}\"")
            });
        }
    }
    if previous == Some(",") && super::starts_with_declaration(token).is_some() {
        return Some(
            "the line before ends with `,`: remove it, or add what is missing after it".into(),
        );
    }
    if (expects(Rule::number) || expects(Rule::json_number))
        && token.starts_with(|c: char| c.is_alphabetic())
    {
        return Some("write the number in digits, such as 30".into());
    }
    if expects(Rule::rbracket)
        && token.starts_with('"')
        && previous.is_some_and(|p| p.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
    {
        return Some("is a `]` missing before this?".into());
    }
    let starts_value = is_word || token.starts_with(|c: char| c == '"' || c.is_ascii_digit());
    let ends_value = previous.is_some_and(|p| {
        p.ends_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '"' | ']' | '}'))
    });
    if expects(Rule::comma) && starts_value && ends_value && !RESERVED.contains(&token) {
        return Some(format!("is a `,` missing before {}?", found.words));
    }
    if expects(Rule::type_expr) && token == "?" {
        return Some("write the type before `?`, as in `email: text?`".to_string());
    }
    if token == "&" {
        return Some("write `and` to require both conditions".to_string());
    }
    if token == "|" {
        return Some("write `or` when either condition is enough".to_string());
    }
    if token == "'" {
        return Some("quoted text uses double quotes: \"like this\"".to_string());
    }
    None
}
