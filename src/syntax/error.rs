//! pest errors → diagnostics that say, in words, what was expected and what was found.
//!
//! pest reports the grammar rules it tried at the furthest point it reached. Each rule that can
//! appear there has a description for a reader of the policy (never a rule name), and a few
//! common slips get a help line.

use pest::error::{ErrorVariant, InputLocation};

use super::Rule;
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::span::Span;

/// Converts an error from parsing `text[base..]` into a diagnostic with absolute spans.
pub(crate) fn from_pest(err: &pest::error::Error<Rule>, text: &str, base: usize) -> Diagnostic {
    let at = base
        + match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((start, _)) => start,
        };
    let positives: &[Rule] = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    let found = Found::at(text, at);
    let expected = expectations(positives);
    let message = match expected.as_slice() {
        [] => format!("this is not valid here: found {}", found.words),
        list => format!("expected {}, found {}", join_or(list), found.words),
    };
    Diagnostic::error(ErrorCode::Syntax, message, found.span)
        .with_label(match found.token {
            "" | "}" | ")" | "]" | "\n" | "\r" => "something is missing before this",
            _ => "unexpected here",
        })
        .with_optional_help(hint(positives, &found))
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
            rest.get(1..)
                .and_then(|r| r.find(['"', '\n']).map(|i| i + 2))
                .unwrap_or(rest.len())
                .min(rest.find('\n').unwrap_or(rest.len()))
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
const NEXT_LINE: [Rule; 9] = [
    Rule::recipient_item,
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
        return vec![
            "a comparison (==, !=, <, <=, >, >=, in, not in, is missing, is present)",
            "`and`",
            "`or`",
            "the end of the condition",
        ];
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
        Rule::decl | Rule::one_decl => {
            "a declaration (`policy`, `record`, `category`, `group`, `recipient`, `never share` \
             or `example`)"
        }
        Rule::ident | Rule::attr_value | Rule::named_type => "a name",
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
        Rule::EOI | Rule::rest | Rule::file => "the end of the file",
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
        _ => "something else",
    }
}

const RESERVED: [&str; 32] = [
    "policy",
    "record",
    "group",
    "category",
    "recipient",
    "share",
    "never",
    "to",
    "when",
    "unless",
    "as",
    "and",
    "or",
    "not",
    "in",
    "is",
    "missing",
    "present",
    "all",
    "everyone",
    "example",
    "given",
    "expect",
    "gets",
    "nothing",
    "exactly",
    "true",
    "false",
    "today",
    "list",
    "of",
    "one",
];

/// A help line for common slips.
fn hint(positives: &[Rule], found: &Found<'_>) -> Option<String> {
    let expects = |rule: Rule| positives.contains(&rule);
    let token = found.token;
    if token == "=" && (expects(Rule::compare_tail) || expects(Rule::cmp_op)) {
        return Some("to compare two values, write `==`".to_string());
    }
    if (expects(Rule::ident) || expects(Rule::path) || expects(Rule::field_decl))
        && RESERVED.contains(&token)
    {
        return Some(format!(
            "`{token}` is a word of the language and cannot be used as a name here; choose \
             another name"
        ));
    }
    if expects(Rule::rbrace) && super::starts_with_declaration(token).is_some() {
        return Some("is a `}` missing before this line?".to_string());
    }
    if token.starts_with('"') && (token.len() < 2 || !token.ends_with('"')) {
        return Some("this quoted text is not closed on its line".to_string());
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
