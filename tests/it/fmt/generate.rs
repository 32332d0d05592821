//! Generated policies for the formatter's property test: valid (they check without errors),
//! over every construct of the grammar, with long rules and conditions, and then laid out badly: every gap between
//! two tokens becomes nothing (where the grammar allows), odd spaces and tabs, newlines,
//! blank lines, or a comment (trailing or on its own line, numbered so their order shows).

use proptest::prelude::*;

pub struct Policy {
    pub text: String,
}

/// The text as it is, so a failing case can be read (and pasted into a file).
impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\n{}", self.text)
    }
}

/// A policy as a list of tokens; the layout between them is chosen later.
#[derive(Clone, Debug, Default)]
struct Tokens(Vec<String>);

impl Tokens {
    /// Appends each word of `words` as a token: words are separated by whitespace outside
    /// quoted text.
    fn words(&mut self, words: &str) -> &mut Self {
        let mut current = String::new();
        let mut quoted = false;
        let mut escaped = false;
        for c in words.chars() {
            match (quoted, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (_, false, '"') => quoted = !quoted,
                (false, _, c) if c.is_whitespace() => {
                    if !current.is_empty() {
                        self.0.push(std::mem::take(&mut current));
                    }
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        if !current.is_empty() {
            self.0.push(current);
        }
        self
    }

    /// Appends quoted text.
    fn text(&mut self, text: &str) -> &mut Self {
        self.0.push(serde_json::Value::from(text).to_string());
        self
    }

    fn extend(&mut self, other: Tokens) -> &mut Self {
        self.0.extend(other.0);
        self
    }
}

// ---------------------------------------------------------------- the record

const RECORD: &str = "record customer key id {
  id : text [ identifier ] LABEL
  first_name : text [ contact ]
  email : text ? [ contact ] LABEL
  birth_date : date ? [ demographic , sensitive ] LABEL
  address : { zip : text [ location ] LABEL state : text [ location ] }
  tier : one of \"gold\" , \"silver\" , \"bronze\" [ behavioral ] LABEL
  spend : number [ financial ]
  score : integer ?
  visits : list of { brand : text date : date amount : number } [ behavioral ] LABEL
  consent : { marketing : bool [ preference ] sale : bool [ preference ] }
  do_not_sell : bool [ preference ]
  ailments : list of one of \"a\" , \"b\" [ health ]
}";

/// The record, with a label on some fields (`LABEL` where one may go).
fn record() -> impl Strategy<Value = Tokens> {
    prop::collection::vec(any::<bool>(), 8).prop_map(|labels| {
        let mut t = Tokens::default();
        let mut next = 0;
        for word in RECORD.split_whitespace() {
            if word == "LABEL" {
                if labels.get(next).copied().unwrap_or(false) {
                    t.text(&format!("Label {next} of a field, in words"));
                }
                next += 1;
            } else {
                t.words(word);
            }
        }
        t
    })
}

// ---------------------------------------------------------------- conditions

const ATOMS: &[&str] = &[
    "consent.marketing",
    "consent.sale",
    "do_not_sell",
    "not do_not_sell",
    "not not consent.sale",
    "age ( birth_date ) >= 18",
    "days_since ( birth_date ) > -1",
    "tier == \"gold\"",
    "tier in [ \"gold\" , \"silver\" ]",
    "tier not in [ \"bronze\" ]",
    "email is missing",
    "birth_date is present",
    "spend > 100.5",
    "score <= -3",
    "count ( visits ) >= 1",
    "lower ( address.state ) in [ \"ca\" , \"va\" , \"co\" , \"ct\" , \"ut\" , \"tx\" , \"or\" ]",
    "birth_date < 2000-01-01",
    "birth_date <= today",
    "do_not_sell == false",
    "consent.sale != true",
    "address.zip == \"93650\"",
];

fn atom() -> impl Strategy<Value = Tokens> {
    prop::sample::select(ATOMS).prop_map(|a| {
        let mut t = Tokens::default();
        t.words(a);
        t
    })
}

/// Conditions: chains of `and`/`or` up to 7 long, nested in parentheses and `not`.
fn condition() -> impl Strategy<Value = Tokens> {
    atom().prop_recursive(3, 24, 7, |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 2..7), any::<bool>()).prop_map(|(parts, and)| {
                let mut t = Tokens::default();
                for (i, p) in parts.into_iter().enumerate() {
                    if i > 0 {
                        t.words(if and { "and" } else { "or" });
                    }
                    t.extend(p);
                }
                t
            }),
            (inner, any::<bool>()).prop_map(|(c, not)| {
                let mut t = Tokens::default();
                if not {
                    t.words("not");
                }
                t.words("(").extend(c).words(")");
                t
            }),
        ]
    })
}

fn clauses() -> impl Strategy<Value = Tokens> {
    (prop::option::of(condition()), prop::option::of(condition())).prop_map(|(when, unless)| {
        let mut t = Tokens::default();
        if let Some(c) = when {
            t.words("when").extend(c);
        }
        if let Some(c) = unless {
            t.words("unless").extend(c);
        }
        t
    })
}

// ---------------------------------------------------------------- rules

/// What a recipient may share, each field in one form only, so no rule conflicts.
const SHARE_ITEMS: &[&str] = &[
    "id",
    "first_name",
    "email as hashed",
    "birth_date as age_band",
    "address.zip as first 3",
    "address.state",
    "tier",
    "spend as rounded to 100",
    "score as rounded to 5",
    "visits",
    "consent",
    "do_not_sell",
];

const NEVER_SELECTORS: &[&str] = &[
    "email",
    "address",
    "visits.amount",
    "[sensitive]",
    "[health]",
    "all",
    "reachable",
];

fn some_of(items: &'static [&'static str], max: usize) -> impl Strategy<Value = Tokens> {
    prop::sample::subsequence(items, 1..max)
        .prop_shuffle()
        .prop_map(|chosen| {
            let mut t = Tokens::default();
            for (i, item) in chosen.into_iter().enumerate() {
                if i > 0 {
                    t.words(",");
                }
                t.words(item);
            }
            t
        })
}

const LINTS: &[&str] = &[
    "constant-condition",
    "duplicate-share",
    "share-all",
    "sensitive-shared-raw",
];

fn allows(max: usize) -> impl Strategy<Value = Vec<Tokens>> {
    prop::collection::vec(
        prop::sample::select(LINTS).prop_map(|lint| {
            let mut t = Tokens::default();
            t.words(&format!("allow {lint}"))
                .text(&format!("reason for {lint}, as a lawyer wrote it"));
            t
        }),
        0..=max,
    )
}

/// A rule's `allow` lines, now and then.
fn rare_allows() -> impl Strategy<Value = Vec<Tokens>> {
    prop_oneof![4 => Just(Vec::new()), 1 => allows(2)]
}

fn share_rule() -> impl Strategy<Value = Tokens> {
    (some_of(SHARE_ITEMS, 9), clauses(), rare_allows()).prop_map(|(items, clauses, allows)| {
        let mut t = Tokens::default();
        t.words("share").extend(items).extend(clauses);
        allows.into_iter().for_each(|a| {
            t.extend(a);
        });
        t
    })
}

fn never_rule(top_level: bool) -> impl Strategy<Value = Tokens> {
    let recipients = prop::sample::subsequence(
        &["r0", "vendor", "partner", "buyer", "everyone", "affiliate"][..],
        1..4,
    );
    (
        some_of(NEVER_SELECTORS, 4),
        any::<bool>(),
        recipients,
        clauses(),
        rare_allows(),
    )
        .prop_map(move |(selectors, raw, to, clauses, allows)| {
            let mut t = Tokens::default();
            t.words("never share").extend(selectors);
            if raw {
                t.words("raw");
            }
            if top_level {
                t.words("to").words(&to.join(" , "));
            }
            t.extend(clauses);
            allows.into_iter().for_each(|a| {
                t.extend(a);
            });
            t
        })
}

// ---------------------------------------------------------------- recipients

const KINDS: &[&str] = &["vendor", "affiliate", "partner", "buyer"];

fn recipient(index: usize) -> impl Strategy<Value = Tokens> {
    (
        prop::sample::select(KINDS),
        any::<bool>(),
        rare_allows(),
        prop::collection::vec(share_rule(), 1..4),
        prop::collection::vec(never_rule(false), 0..2),
        any::<bool>(),
        1..400u32,
        any::<bool>(),
    )
        .prop_map(
            move |(kind, display, allows, shares, nevers, day, days, generated)| {
                let mut t = Tokens::default();
                t.words(&format!("recipient r{index}"));
                if display {
                    t.text(&format!("Recipient #{index} \"Inc.\""));
                }
                t.words("{ kind").words(kind).words("purpose");
                t.text("Why we share: # not a comment");
                t.words("contract").text(&format!("C-{index}"));
                if kind == "affiliate" {
                    t.words("brand").text("Sister").words("parent").text("Us");
                }
                t.words("basis consent");
                allows.into_iter().for_each(|a| {
                    t.extend(a);
                });
                shares.into_iter().for_each(|s| {
                    t.extend(s);
                });
                nevers.into_iter().for_each(|n| {
                    t.extend(n);
                });
                t.words("notify");
                if !generated {
                    t.text("We shared your details with a company whose name is long enough");
                }
                t.words(&format!("within {days} days"));
                t.words(&format!(
                    "delete after {days} {}",
                    if day { "day" } else { "days" }
                ));
                t.words("}");
                t
            },
        )
}

// ---------------------------------------------------------------- examples

const GIVEN: &str = r#"{ "id" : "C-1" , "first_name" : "Ana  # not a comment" , "email" : null ,
  "birth_date" : "1990-04-12" , "address" : { "zip" : "93650" , "state" : "CA" } ,
  "tier" : "gold" , "spend" : 1234.5 , "visits" : [ { "brand" : "A" , "date" : "2026-01-02" ,
  "amount" : 1e2 } , { "brand" : "B" , "date" : "2026-01-03" , "amount" : -3 } ] ,
  "consent" : { "marketing" : true , "sale" : false } , "do_not_sell" : false ,
  "ailments" : [ ] }"#;

fn example(recipients: usize) -> impl Strategy<Value = Tokens> {
    (
        prop::collection::vec(0..3usize, 1..=recipients.min(3)),
        any::<bool>(),
    )
        .prop_map(move |(kinds, as_of)| {
            let mut t = Tokens::default();
            t.words("example EXAMPLE_NAME");
            t.words("{");
            if as_of {
                t.words("as of 2026-06-01");
            }
            t.words("given").words(GIVEN);
            for (r, kind) in kinds.into_iter().enumerate() {
                t.words(&format!("expect r{r} gets"));
                match kind {
                    0 => t.words("nothing"),
                    1 => t.words(r#"exactly { "tier" : "gold" , "visits" : [ ] }"#),
                    _ => t.words("id , email as hashed , address"),
                };
            }
            t.words("}");
            t
        })
}

// ---------------------------------------------------------------- the policy

/// Every declaration of a policy, in any order (the language allows any).
fn declarations() -> impl Strategy<Value = Tokens> {
    (1..4usize)
        .prop_flat_map(|recipients| {
            (
                record(),
                prop::collection::vec(recipient(0), recipients),
                prop::collection::vec(never_rule(true), 0..3),
                prop::collection::vec(example(recipients), 0..2),
                allows(1),
            )
        })
        .prop_flat_map(|(record, recipients, nevers, examples, top_allows)| {
            let mut decls = vec![record];
            let mut header = Tokens::default();
            header
                .words("policy")
                .text("Generated")
                .words("{ version")
                .text("1")
                .words("owner")
                .text("legal@example.com")
                .words("}");
            decls.push(header);
            for category in ["category health", "category internal"] {
                let mut t = Tokens::default();
                t.words(category);
                if category.ends_with("health") {
                    t.text("Health information");
                }
                decls.push(t);
            }
            for group in [
                "group reachable = first_name , email , address",
                "group everything = all",
            ] {
                let mut t = Tokens::default();
                t.words(group);
                decls.push(t);
            }
            decls.extend(recipients);
            decls.extend(nevers);
            decls.extend(examples);
            decls.extend(top_allows);
            Just(decls).prop_shuffle()
        })
        .prop_map(|decls| {
            let mut t = Tokens::default();
            decls.into_iter().for_each(|d| {
                t.extend(d);
            });
            t
        })
}

/// Gives the recipients the names r0, r1, ... in order, and each example its own name.
fn number_recipients(tokens: &mut Tokens) {
    let mut next = 0;
    let mut examples = 0;
    let mut after_keyword = false;
    for word in &mut tokens.0 {
        if after_keyword {
            *word = format!("r{next}");
            next += 1;
        }
        if word == "EXAMPLE_NAME" {
            examples += 1;
            *word = format!("\"Example {examples}, with \\\"quotes\\\" and # signs\"");
        }
        after_keyword = word == "recipient";
    }
}

// ---------------------------------------------------------------- layout

/// What goes between two tokens. `None` is no space at all, used only next to punctuation.
/// `comments` weighs how often a comment goes there (against 20 for everything else).
fn gap(comments: u32) -> BoxedStrategy<Option<String>> {
    let plain = prop_oneof![
        10 => Just(Some(" ".to_string())),
        3 => Just(None),
        2 => Just(Some("\n".to_string())),
        1 => Just(Some("\n\n\n".to_string())),
        1 => Just(Some("   \t ".to_string())),
        2 => Just(Some("\n      ".to_string())),
        1 => Just(Some("\r\n  ".to_string())),
    ];
    if comments == 0 {
        return plain.boxed();
    }
    prop_oneof![
        20 => plain,
        comments => prop_oneof![
            Just(Some(" # COMMENT \"quoted\" # more\n".to_string())),
            Just(Some("\n  # COMMENT on its own line\n".to_string())),
            Just(Some("\n\n# COMMENT after a blank line\n\n".to_string())),
        ],
    ]
    .boxed()
}

fn is_punctuation(token: &str) -> bool {
    matches!(
        token,
        "{" | "}"
            | "["
            | "]"
            | "("
            | ")"
            | ","
            | ":"
            | "?"
            | "="
            | "=="
            | "!="
            | "<"
            | "<="
            | ">"
            | ">="
    )
}

fn lay_out(tokens: &[String], gaps: &[Option<String>]) -> String {
    let mut text = String::new();
    let mut comment = 0;
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            let previous = &tokens[i - 1];
            let gap = gaps.get(i).cloned().flatten();
            // Two operators side by side (`=` `==`) would read as one; punctuation
            // otherwise may touch.
            let may_touch = (is_punctuation(previous) || is_punctuation(token))
                && !(previous.starts_with(['=', '<', '>', '!']) && token.starts_with('='));
            match gap {
                Some(g) if g.contains("COMMENT") => {
                    comment += 1;
                    text.push_str(&g.replace("COMMENT", &format!("c{comment}")));
                }
                Some(g) => text.push_str(&g),
                None if may_touch => {}
                None => text.push(' '),
            }
        }
        text.push_str(token);
    }
    text.push('\n');
    text
}

pub fn policy() -> impl Strategy<Value = Policy> {
    declarations().prop_flat_map(|mut tokens| {
        number_recipients(&mut tokens);
        let n = tokens.0.len();
        // No comments, a few or many: plain code's layout is tested too.
        prop_oneof![Just(0u32), Just(1u32), Just(6u32)]
            .prop_flat_map(move |comments| prop::collection::vec(gap(comments), n))
            .prop_map(move |gaps| Policy {
                text: lay_out(&tokens.0, &gaps),
            })
    })
}
