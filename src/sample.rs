//! Sample customer records for a policy's `record` declaration: realistic, reproducible, and
//! partly broken on purpose.
//!
//! [`write_samples`] takes the checked [`RecordSchema`], a count and [`SampleOptions`] (a seed,
//! the fraction of invalid records, the fraction with undeclared extra keys) and streams JSON
//! Lines to any [`io::Write`]. The same schema, count and options give the same bytes.
//!
//! Values are chosen from each field's type and name: `first_name` gets a first name, `email`
//! an address made from the record's own name (in varied case, sometimes with a stray space),
//! `zip` a ZIP code that matches the city and state, `birth_date` a birth date across every
//! age, minors and 29 February included, a one-of field one of its values (the first ones more
//! often), a `consent.*` or `do_not_sell` yes/no at a realistic rate, a list 0 to 5 elements.
//! The key field counts up: `C-000001`, `C-000002`, ... Optional fields are sometimes absent
//! and sometimes `null`.
//!
//! A chosen fraction of the records is invalid, each in one way (see [`Flaw`]): a required
//! field missing or null, a value of the wrong type, a number where text is expected, a value
//! outside its one-of set, an impossible date, a fraction for a whole number, a malformed JSON
//! line, a key written twice, a line that is not an object. Exactly `round(count × rate)`
//! records are invalid, at random positions. Some records also carry keys the policy does not
//! declare (`source_system`, `ssn_last4`, ...), which a runtime must ignore and never share.
//!
//! Dates are drawn relative to [`SampleOptions::today`], a fixed date by default, so that the
//! output does not change from one day to the next.
//!
//! What it does not do: it knows nothing of recipients or rules, and it does not try to make
//! records that satisfy particular conditions; the mix of ages, consents and opt-outs is what
//! exercises a policy.
//!
//! ```
//! use shareguard::lint::LintOptions;
//! use shareguard::sample::{write_samples, SampleOptions};
//! use shareguard::span::SourceFile;
//!
//! let text = r#"
//!     policy "Demo" {}
//!     record customer key id {
//!       id: text
//!       email: text?
//!       birth_date: date?
//!       tier: one of "gold", "silver"
//!     }
//! "#;
//! let compiled = shareguard::policy::compile(SourceFile::new("demo.share", text), &LintOptions::default());
//! let schema = &compiled.ir.expect("the policy compiles").record;
//!
//! let mut out = Vec::new();
//! let options = SampleOptions { seed: 7, invalid_rate: 0.1, ..SampleOptions::default() };
//! let summary = write_samples(schema, 50, &options, &mut out)?;
//! assert_eq!((summary.records, summary.invalid), (50, 5));
//! assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 50);
//! # Ok::<(), std::io::Error>(())
//! ```

mod flaws;
mod tables;

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::{Datelike, Days, Months, NaiveDate};
use fastrand::Rng;
use serde_json::{Map, Value};

use crate::ir::{Field, FieldType, RecordSchema};
pub use flaws::Flaw;
use tables::{Place, PostalStyle};

/// How to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleOptions {
    /// The same seed gives the same records.
    pub seed: u64,
    /// The fraction of records that are invalid, from 0 to 1.
    pub invalid_rate: f64,
    /// The fraction of records that carry undeclared keys, from 0 to 1.
    pub extra_key_rate: f64,
    /// The date ages and "days ago" are counted from.
    pub today: NaiveDate,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            seed: 1,
            invalid_rate: 0.03,
            extra_key_rate: 0.05,
            today: reference_date(),
        }
    }
}

/// The default evaluation date of samples: 1 June 2026.
pub fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
}

/// What one generated line is meant to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
    Valid,
    Invalid(Flaw),
}

/// What [`write_samples`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub records: u64,
    pub invalid: u64,
    /// Invalid records by what is wrong with them.
    pub flaws: BTreeMap<Flaw, u64>,
}

/// Writes `count` records as JSON Lines. The writer is buffered here.
pub fn write_samples<W: Write>(
    schema: &RecordSchema,
    count: u64,
    options: &SampleOptions,
    out: W,
) -> io::Result<Summary> {
    let mut samples = Samples::new(schema, count, options.clone());
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut line = Vec::with_capacity(4096);
    let mut summary = Summary::default();
    while let Some(sample) = samples.next_line(&mut line)? {
        out.write_all(&line)?;
        line.clear();
        summary.records += 1;
        if let Sample::Invalid(flaw) = sample {
            summary.invalid += 1;
            *summary.flaws.entry(flaw).or_default() += 1;
        }
    }
    out.flush()?;
    Ok(summary)
}

/// A stream of sample records, one line at a time.
#[derive(Debug)]
pub struct Samples {
    fields: Vec<Field>,
    plan: Vec<FieldPlan>,
    key_prefix: String,
    /// Whether the record has a country, so that some customers may live abroad.
    international: bool,
    options: SampleOptions,
    rng: Rng,
    count: u64,
    next: u64,
    invalid_left: u64,
}

impl Samples {
    pub fn new(schema: &RecordSchema, count: u64, options: SampleOptions) -> Samples {
        let rate = fraction(options.invalid_rate);
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a fraction (0 to 1) of `count`, rounded, fits a u64"
        )]
        let invalid = ((count as f64) * rate).round() as u64;
        let key_prefix = schema
            .name
            .chars()
            .find(char::is_ascii_alphabetic)
            .unwrap_or('R')
            .to_ascii_uppercase()
            .to_string();
        let plan = plan_fields(&schema.fields, "", schema.key.as_deref());
        Samples {
            fields: schema.fields.clone(),
            international: has_country(&plan),
            plan,
            key_prefix,
            rng: Rng::with_seed(options.seed),
            options,
            count,
            next: 0,
            invalid_left: invalid.min(count),
        }
    }

    /// Appends the next record to `line` as one line ending in `\n`, and says whether it was
    /// meant to be valid; `None` once `count` records have been produced.
    pub fn next_line(&mut self, line: &mut Vec<u8>) -> io::Result<Option<Sample>> {
        if self.next >= self.count {
            return Ok(None);
        }
        let index = self.next;
        self.next += 1;
        // Selection sampling: exactly `invalid_left` of the remaining records, evenly at random.
        let left = self.count - index;
        let invalid = self.invalid_left > 0 && self.rng.u64(..left) < self.invalid_left;
        if invalid {
            self.invalid_left -= 1;
        }
        let person = Person::new(&mut self.rng, self.international, self.options.today);
        let ctx = Ctx {
            person: &person,
            today: self.options.today,
            key: format!("{}-{:06}", self.key_prefix, index + 1),
        };
        let mut record = object(&mut self.rng, &self.plan, &ctx);
        if self.rng.f64() < fraction(self.options.extra_key_rate) {
            add_extra_keys(&mut self.rng, &mut record, &self.fields);
        }
        let record = Value::Object(record);
        if !invalid {
            serde_json::to_writer(&mut *line, &record)?;
            line.push(b'\n');
            return Ok(Some(Sample::Valid));
        }
        let flaw = flaws::write_invalid(&mut self.rng, &self.fields, record, index == 0, line)?;
        Ok(Some(Sample::Invalid(flaw)))
    }
}

/// A rate from options, made safe: NaN and negatives are 0, more than 1 is 1.
fn fraction(rate: f64) -> f64 {
    if rate.is_nan() {
        0.0
    } else {
        rate.clamp(0.0, 1.0)
    }
}

// ---------------------------------------------------------------- the plan

/// How to make one field's value, decided once per schema from its type and name.
#[derive(Clone, Debug)]
struct FieldPlan {
    name: String,
    optional: bool,
    /// For an optional field, how often it has a value.
    presence: f64,
    generator: Generator,
}

#[derive(Clone, Debug)]
enum Generator {
    Key,
    Id(char),
    FirstName,
    LastName,
    FullName,
    Email,
    Phone,
    Street,
    Unit,
    City,
    Region,
    Postal,
    Country,
    Airport,
    FlightNumber,
    Brand,
    Sku,
    Passport,
    TravelerNumber,
    DocumentNumber,
    Notes,
    Word,
    /// Ten to the power of a uniform exponent: amounts spread over orders of magnitude.
    Money(f64, f64),
    Latitude,
    Longitude,
    Fraction,
    Miles,
    SmallCount,
    Age,
    Integer,
    Bool(f64),
    BirthDate,
    DaysAgo(u64, u64),
    DaysAhead(u64, u64),
    OneOf(Vec<String>),
    Object(Vec<FieldPlan>),
    List(Box<Generator>),
}

fn plan_fields(fields: &[Field], parent: &str, key: Option<&str>) -> Vec<FieldPlan> {
    fields
        .iter()
        .map(|field| {
            let path = if parent.is_empty() {
                field.name.clone()
            } else {
                format!("{parent}.{}", field.name)
            };
            let is_key = key == Some(field.path.as_str());
            FieldPlan {
                name: field.name.clone(),
                optional: field.optional,
                presence: presence(&field.name.to_ascii_lowercase()),
                generator: generator(&field.name, &path, &field.ty, is_key),
            }
        })
        .collect()
}

fn presence(name: &str) -> f64 {
    const RARE: [&str; 11] = [
        "undeliverable",
        "passport",
        "traveler",
        "minor",
        "unit",
        "assistance",
        "meal",
        "note",
        "middle",
        "suffix",
        "second",
    ];
    if RARE.iter().any(|w| name.contains(w)) {
        0.25
    } else {
        0.82
    }
}

fn has_country(plan: &[FieldPlan]) -> bool {
    plan.iter().any(|p| match &p.generator {
        Generator::Country => true,
        Generator::Object(inner) => has_country(inner),
        _ => false,
    })
}

/// Chooses how to fill a field from its type, then its name and where it sits.
fn generator(name: &str, path: &str, ty: &FieldType, is_key: bool) -> Generator {
    let name = name.to_ascii_lowercase();
    let path = path.to_ascii_lowercase();
    match ty {
        FieldType::Text if is_key => Generator::Key,
        FieldType::Text => text_generator(&name, &path),
        FieldType::Number => number_generator(&name),
        FieldType::Integer => integer_generator(&name),
        FieldType::Bool => Generator::Bool(bool_rate(&path)),
        FieldType::Date => date_generator(&name, &path),
        FieldType::Enum { values } => Generator::OneOf(values.clone()),
        FieldType::Object { fields } => Generator::Object(plan_fields(fields, &path, None)),
        FieldType::List { element } => {
            Generator::List(Box::new(generator(&name, &path, element, false)))
        }
    }
}

fn text_generator(name: &str, path: &str) -> Generator {
    let has = |w: &str| name.contains(w);
    let is = |ws: &[&str]| ws.contains(&name);
    if is(&["first_name", "firstname", "given_name", "first"]) {
        Generator::FirstName
    } else if is(&["last_name", "lastname", "surname", "family_name", "last"]) {
        Generator::LastName
    } else if has("email") {
        Generator::Email
    } else if has("phone") || has("mobile") || is(&["tel", "telephone"]) {
        Generator::Phone
    } else if has("street") || has("address_line") || is(&["line1", "address1"]) {
        Generator::Street
    } else if has("apartment") || is(&["unit", "apt", "suite", "line2", "address2"]) {
        Generator::Unit
    } else if has("city") || is(&["town"]) {
        Generator::City
    } else if is(&["state", "region", "province", "state_code"]) {
        Generator::Region
    } else if has("zip") || has("postal") || has("postcode") {
        Generator::Postal
    } else if has("country") {
        Generator::Country
    } else if has("airport") || is(&["origin", "destination", "from", "to"]) {
        Generator::Airport
    } else if has("flight") {
        Generator::FlightNumber
    } else if has("brand") || has("restaurant") || has("store") {
        Generator::Brand
    } else if has("sku") {
        Generator::Sku
    } else if has("passport") || (path.contains("passport") && has("number")) {
        Generator::Passport
    } else if has("traveler") || has("ktn") || has("redress") {
        Generator::TravelerNumber
    } else if has("note") || has("comment") {
        Generator::Notes
    } else if is(&["name", "full_name", "holder_name", "contact_name"]) {
        Generator::FullName
    } else if name == "id" || name.ends_with("_id") || name.ends_with("_no") {
        Generator::Id(name.chars().next().unwrap_or('x').to_ascii_uppercase())
    } else if has("number") {
        Generator::DocumentNumber
    } else {
        Generator::Word
    }
}

fn number_generator(name: &str) -> Generator {
    let has = |w: &str| name.contains(w);
    if name == "lat" || has("latitude") {
        Generator::Latitude
    } else if name == "lon" || name == "lng" || has("longitude") {
        Generator::Longitude
    } else if has("lifetime") || has("12m") || has("annual") || has("ytd") || has("spend") {
        Generator::Money(1.3, 4.0)
    } else if has("score") || has("rate") || has("ratio") || has("probability") {
        Generator::Fraction
    } else {
        Generator::Money(0.6, 3.2)
    }
}

fn integer_generator(name: &str) -> Generator {
    const COUNTS: [&str; 10] = [
        "count", "orders", "visits", "trips", "nights", "stays", "12m", "quantity", "qty", "items",
    ];
    if name.contains("mile") || name.contains("point") || name.contains("balance") {
        Generator::Miles
    } else if name == "age" {
        Generator::Age
    } else if COUNTS.iter().any(|w| name.contains(w)) {
        Generator::SmallCount
    } else {
        Generator::Integer
    }
}

/// How often a yes/no field is yes: opt-outs are rare, consents common but far from universal.
fn bool_rate(path: &str) -> f64 {
    let has = |w: &str| path.contains(w);
    if has("do_not") || has("opt_out") || has("gpc") || has("limit") || has("unsubscribe") {
        0.12
    } else if has("minor") {
        0.3
    } else if has("holder") {
        0.25
    } else if has("consent") || has("privacy") || has("preference") || has("opt_in") {
        0.55
    } else if has("verified") || has("active") || has("member") {
        0.8
    } else {
        0.5
    }
}

fn date_generator(name: &str, path: &str) -> Generator {
    let has = |w: &str| name.contains(w);
    if has("birth") || name == "dob" {
        Generator::BirthDate
    } else if has("expir") || has("valid_until") || has("renew") {
        Generator::DaysAhead(30, 3650)
    } else if has("undeliverable") || has("bounced") || has("returned") {
        Generator::DaysAgo(0, 700)
    } else if has("last") || has("verified") || has("captured") || has("updated") {
        Generator::DaysAgo(0, 1100)
    } else if has("enrolled") || has("joined") || has("opened") || has("created") {
        Generator::DaysAgo(30, 9000)
    } else if path.contains('.') {
        Generator::DaysAgo(0, 730)
    } else {
        Generator::DaysAgo(0, 1825)
    }
}

// ---------------------------------------------------------------- the person behind a record

/// One customer: the values that must agree with each other wherever they appear.
struct Person {
    first: &'static str,
    last: &'static str,
    place: &'static Place,
    country: &'static str,
    region: String,
    postal: String,
    street: String,
    unit: String,
    email: String,
    phone: String,
    birth: NaiveDate,
}

impl Person {
    fn new(rng: &mut Rng, international: bool, today: NaiveDate) -> Person {
        let place = if international && rng.f64() < 0.07 {
            pick(rng, tables::FOREIGN_PLACES)
        } else {
            pick(rng, tables::US_PLACES)
        }
        .unwrap_or(&tables::FALLBACK_PLACE);
        let first = pick(rng, tables::FIRST_NAMES).copied().unwrap_or("Alex");
        let last = pick(rng, tables::LAST_NAMES).copied().unwrap_or("Morgan");
        Person {
            first,
            last,
            place,
            country: country(rng, place),
            // Systems that take the state as typed do not always upper-case it.
            region: if rng.f64() < 0.04 {
                place.region.to_lowercase()
            } else {
                place.region.to_string()
            },
            postal: postal(rng, place),
            street: street(rng),
            unit: unit(rng),
            email: email(rng, first, last),
            phone: phone(rng, place),
            birth: birth_date(rng, today),
        }
    }
}

fn country(rng: &mut Rng, place: &Place) -> &'static str {
    if place.country != "US" {
        return place.country;
    }
    match rng.u32(..100) {
        0..=2 => "us",
        3..=4 => "USA",
        5 => "United States",
        _ => "US",
    }
}

fn postal(rng: &mut Rng, place: &Place) -> String {
    match place.style {
        PostalStyle::Us if rng.f64() < 0.05 => format!(
            "{}{:02}-{:04}",
            place.postal,
            rng.u32(..100),
            rng.u32(..10_000)
        ),
        PostalStyle::Us => format!("{}{:02}", place.postal, rng.u32(..100)),
        PostalStyle::Canada => format!(
            "{} {}{}{}",
            place.postal,
            rng.u32(..10),
            rng.uppercase(),
            rng.u32(..10)
        ),
        PostalStyle::Mexico => format!("{}{:03}", place.postal, rng.u32(..1000)),
        PostalStyle::Uk => place.postal.to_string(),
    }
}

fn street(rng: &mut Rng) -> String {
    // House numbers: mostly short, a few long ones.
    let number = match rng.u32(..10) {
        0..=5 => rng.u32(1..1000),
        6..=8 => rng.u32(1000..10_000),
        _ => rng.u32(10_000..40_000),
    };
    let name = pick(rng, tables::STREET_NAMES).copied().unwrap_or("Main");
    let kind = pick(rng, tables::STREET_TYPES).copied().unwrap_or("St");
    if rng.f64() < 0.15 {
        let prefix = pick(rng, tables::STREET_PREFIXES).copied().unwrap_or("N");
        format!("{number} {prefix} {name} {kind}")
    } else {
        format!("{number} {name} {kind}")
    }
}

fn unit(rng: &mut Rng) -> String {
    let form = pick(rng, tables::UNIT_FORMS).copied().unwrap_or("Apt");
    let number = rng.u32(1..40);
    if rng.bool() {
        format!("{form} {number}{}", rng.uppercase())
    } else {
        format!("{form} {number}")
    }
}

/// An email address made from the name, written the ways people and old systems write them.
fn email(rng: &mut Rng, first: &str, last: &str) -> String {
    let f = ascii_letters(first);
    let l = ascii_letters(last);
    let initial: String = f.chars().take(1).collect();
    let local = match rng.u32(..8) {
        0 | 1 => format!("{f}.{l}"),
        2 => format!("{f}{l}"),
        3 => format!("{initial}{l}"),
        4 => format!("{f}_{l}"),
        5 => format!("{f}.{l}{}", rng.u32(1..100)),
        6 => format!("{f}{}", rng.u32(1..10_000)),
        _ => format!("{l}.{f}"),
    };
    let domain = pick(rng, tables::EMAIL_DOMAINS)
        .copied()
        .unwrap_or("example.com");
    let address = format!("{local}@{domain}");
    let address = match rng.u32(..100) {
        0..=69 => address.to_lowercase(),
        70..=91 => capitalize_parts(&address),
        _ => address.to_uppercase(),
    };
    match rng.u32(..100) {
        0..=3 => format!("{address} "),
        4..=6 => format!(" {address}"),
        7 => format!(" {address}  "),
        _ => address,
    }
}

/// Letters and digits of a name, accents dropped: `García-López` → `garcialopez`.
fn ascii_letters(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let c = c.to_lowercase().next().unwrap_or(c);
            let plain = match c {
                'á' | 'à' | 'ä' | 'â' | 'ã' => 'a',
                'é' | 'è' | 'ë' | 'ê' => 'e',
                'í' | 'ì' | 'ï' | 'î' => 'i',
                'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
                'ú' | 'ù' | 'ü' | 'û' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                other => other,
            };
            plain.is_ascii_alphanumeric().then_some(plain)
        })
        .collect()
}

/// `ana.lopez@example.com` → `Ana.Lopez@Example.com`.
fn capitalize_parts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_ascii_alphanumeric();
    }
    out
}

/// A phone number in a range reserved for fiction, in one of the common ways of writing it.
fn phone(rng: &mut Rng, place: &Place) -> String {
    let area = place.area;
    let line = rng.u32(..100);
    match place.country {
        "MX" => format!("+52 {area} 5555 01{line:02}"),
        "GB" => format!("+44 {area} 7946 0{:03}", rng.u32(..1000)),
        _ => match rng.u32(..6) {
            0 => format!("+1 {area} 555 01{line:02}"),
            1 => format!("({area}) 555-01{line:02}"),
            2 => format!("{area}-555-01{line:02}"),
            3 => format!("{area}.555.01{line:02}"),
            4 => format!("{area}55501{line:02}"),
            _ => format!("+1{area}55501{line:02}"),
        },
    }
}

/// A birth date: ages spread like a customer base, with minors, the very old and 29 February.
fn birth_date(rng: &mut Rng, today: NaiveDate) -> NaiveDate {
    if rng.f64() < 0.006 {
        // Someone born on 29 February of a leap year up to 90 years back.
        let back = rng.i32(0..23) * 4;
        let leap = today.year() - (today.year() % 4) - back;
        if let Some(date) = NaiveDate::from_ymd_opt(leap, 2, 29).filter(|d| *d <= today) {
            return date;
        }
    }
    // (lowest age, highest age, weight in percent)
    const BANDS: [(u32, u32, u32); 8] = [
        (0, 12, 2),
        (13, 17, 6),
        (18, 24, 11),
        (25, 34, 18),
        (35, 44, 18),
        (45, 54, 16),
        (55, 64, 14),
        (65, 99, 15),
    ];
    let mut roll = rng.u32(..100);
    let (low, high) = BANDS
        .iter()
        .find(|(_, _, weight)| {
            let hit = roll < *weight;
            roll = roll.saturating_sub(*weight);
            hit
        })
        .map_or((30, 40), |(low, high, _)| (*low, *high));
    let age = rng.u32(low..=high);
    // Born between one day after `age + 1` years ago and `age` years ago: exactly `age` today.
    let latest = today.checked_sub_months(Months::new(12 * age));
    let earliest = today
        .checked_sub_months(Months::new(12 * (age + 1)))
        .and_then(|d| d.checked_add_days(Days::new(1)));
    match (earliest, latest) {
        (Some(earliest), Some(latest)) if earliest <= latest => {
            let span = (latest - earliest).num_days().max(0) as u64;
            earliest
                .checked_add_days(Days::new(rng.u64(..=span)))
                .unwrap_or(latest)
        }
        _ => today,
    }
}

// ---------------------------------------------------------------- values

/// What the values of one record are drawn from.
struct Ctx<'p> {
    person: &'p Person,
    today: NaiveDate,
    key: String,
}

fn object(rng: &mut Rng, plan: &[FieldPlan], ctx: &Ctx<'_>) -> Map<String, Value> {
    // Room for the extra keys too, so the map never grows.
    let mut map = Map::with_capacity(plan.len() + 3);
    for field in plan {
        if field.optional && rng.f64() >= field.presence {
            // Missing either way; exports differ in whether they write `null`.
            if rng.u32(..5) < 2 {
                map.insert(field.name.clone(), Value::Null);
            }
            continue;
        }
        map.insert(field.name.clone(), value(rng, &field.generator, ctx));
    }
    map
}

fn value(rng: &mut Rng, generator: &Generator, ctx: &Ctx<'_>) -> Value {
    let person = ctx.person;
    let text = |s: &str| Value::String(s.to_string());
    match generator {
        Generator::Key => text(&ctx.key),
        Generator::Id(prefix) => Value::String(format!("{prefix}-{:06}", rng.u32(1..1_000_000))),
        Generator::FirstName => text(person.first),
        Generator::LastName => text(person.last),
        Generator::FullName => Value::String(format!("{} {}", person.first, person.last)),
        Generator::Email => text(&person.email),
        Generator::Phone => text(&person.phone),
        Generator::Street => text(&person.street),
        Generator::Unit => text(&person.unit),
        Generator::City => text(person.place.city),
        Generator::Region => text(&person.region),
        Generator::Postal => text(&person.postal),
        Generator::Country => text(person.country),
        Generator::Airport => {
            if rng.bool() {
                text(person.place.airport)
            } else {
                let place = pick(rng, tables::US_PLACES).unwrap_or(&tables::FALLBACK_PLACE);
                text(place.airport)
            }
        }
        Generator::FlightNumber => {
            let code = pick(rng, tables::AIRLINE_CODES).copied().unwrap_or("BC");
            Value::String(format!("{code} {}", rng.u32(1..3000)))
        }
        Generator::Brand => text(pick(rng, tables::BRANDS).copied().unwrap_or("Acme")),
        Generator::Sku => Value::String(format!("SKU-{:07}", rng.u32(..10_000_000))),
        Generator::Passport => {
            Value::String(format!("{}{:08}", rng.uppercase(), rng.u32(..100_000_000)))
        }
        Generator::TravelerNumber => Value::String(format!("TT{:07}", rng.u32(..10_000_000))),
        Generator::DocumentNumber => Value::String(format!("{:09}", rng.u32(..1_000_000_000))),
        Generator::Notes => text(pick(rng, tables::NOTES).copied().unwrap_or("")),
        Generator::Word => text(pick(rng, tables::WORDS).copied().unwrap_or("standard")),
        Generator::Money(low, high) => money(rng, *low, *high),
        Generator::Latitude => coordinate(rng, person.place.lat),
        Generator::Longitude => coordinate(rng, person.place.lon),
        Generator::Fraction => Value::from((rng.f64() * 1000.0).round() / 1000.0),
        Generator::Miles => {
            if rng.u32(..20) == 0 {
                Value::from(0)
            } else {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "at most 10^6.3, a whole number that fits an i64"
                )]
                let miles = 10f64.powf(2.0 + rng.f64() * 4.3).round() as i64;
                Value::from(miles)
            }
        }
        Generator::SmallCount => {
            let x = rng.f64();
            #[expect(
                clippy::cast_possible_truncation,
                reason = "from 0 to 40: the whole part is the count"
            )]
            let count = (x * x * 40.0) as i64;
            Value::from(count)
        }
        Generator::Age => Value::from(crate::dates::age(person.birth, ctx.today)),
        Generator::Integer => Value::from(rng.i64(0..1000)),
        Generator::Bool(rate) => Value::Bool(rng.f64() < *rate),
        Generator::BirthDate => Value::String(date_text(person.birth)),
        Generator::DaysAgo(low, high) => {
            let days = rng.u64(*low..=(*high).max(*low));
            let date = ctx.today.checked_sub_days(Days::new(days));
            Value::String(date_text(date.unwrap_or(ctx.today)))
        }
        Generator::DaysAhead(low, high) => {
            let days = rng.u64(*low..=(*high).max(*low));
            let date = ctx.today.checked_add_days(Days::new(days));
            Value::String(date_text(date.unwrap_or(ctx.today)))
        }
        Generator::OneOf(values) => one_of(rng, values),
        Generator::Object(plan) => Value::Object(object(rng, plan, ctx)),
        Generator::List(element) => list(rng, element, ctx),
    }
}

fn list(rng: &mut Rng, element: &Generator, ctx: &Ctx<'_>) -> Value {
    let roll = rng.u32(..100);
    if let Generator::Object(_) = element {
        // Histories: 0 to 5 entries, 1 to 3 most often.
        let len = match roll {
            0..=14 => 0,
            15..=39 => 1,
            40..=61 => 2,
            62..=78 => 3,
            79..=90 => 4,
            _ => 5,
        };
        return Value::Array((0..len).map(|_| value(rng, element, ctx)).collect());
    }
    // Tags and interests: mostly none, a few at most, none twice.
    let len = match roll {
        0..=54 => 0,
        55..=79 => 1,
        80..=91 => 2,
        _ => 3,
    };
    let mut items: Vec<Value> = Vec::with_capacity(len);
    for _ in 0..len * 3 {
        if items.len() == len {
            break;
        }
        let item = value(rng, element, ctx);
        if !items.contains(&item) {
            items.push(item);
        }
    }
    Value::Array(items)
}

/// Amounts from 10^low to 10^high; a quarter of them whole.
fn money(rng: &mut Rng, low: f64, high: f64) -> Value {
    let amount = 10f64.powf(low + rng.f64() * (high - low));
    if rng.u32(..4) == 0 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "amounts are at most 10^high, far within an i64"
        )]
        let whole = amount.round() as i64;
        Value::from(whole)
    } else {
        Value::from((amount * 100.0).round() / 100.0)
    }
}

fn coordinate(rng: &mut Rng, center: f64) -> Value {
    let jitter = (rng.f64() - 0.5) * 0.16;
    Value::from(((center + jitter) * 10_000.0).round() / 10_000.0)
}

/// One of the values, the first ones more often (weights 1, 1/2, 1/3, ...).
fn one_of(rng: &mut Rng, values: &[String]) -> Value {
    let total: f64 = (1..=values.len()).map(|i| 1.0 / i as f64).sum();
    let mut roll = rng.f64() * total;
    for (i, v) in values.iter().enumerate() {
        roll -= 1.0 / (i + 1) as f64;
        if roll < 0.0 {
            return Value::String(v.clone());
        }
    }
    values
        .last()
        .map_or(Value::Null, |v| Value::String(v.clone()))
}

/// Keys an export carries that the policy does not declare: some first, some last, sometimes one
/// inside a nested object.
fn add_extra_keys(rng: &mut Rng, record: &mut Map<String, Value>, fields: &[Field]) {
    let declared = |name: &str| fields.iter().any(|f| f.name == name);
    for _ in 0..rng.u32(1..=2) {
        let Some(&key) = pick(rng, tables::EXTRA_KEYS) else {
            continue;
        };
        if declared(key) || record.contains_key(key) {
            continue;
        }
        let value = extra_value(rng, key);
        if rng.bool() {
            record.shift_insert(0, key.to_string(), value);
        } else {
            record.insert(key.to_string(), value);
        }
    }
    if rng.u32(..3) == 0 {
        nested_extra_key(rng, record, fields);
    }
}

fn nested_extra_key(rng: &mut Rng, record: &mut Map<String, Value>, fields: &[Field]) {
    let Some(&key) = pick(rng, tables::NESTED_EXTRA_KEYS) else {
        return;
    };
    for field in fields {
        let FieldType::Object { fields: inner } = &field.ty else {
            continue;
        };
        if inner.iter().any(|f| f.name == key) {
            continue;
        }
        if let Some(Value::Object(map)) = record.get_mut(&field.name) {
            let value = match key {
                "geocode_quality" => Value::String(
                    pick(rng, tables::GEOCODE_QUALITY)
                        .copied()
                        .unwrap_or("rooftop")
                        .into(),
                ),
                "_verified_by" => Value::String("import-job-17".into()),
                _ => Value::String(format!("{:08x}", rng.u32(..))),
            };
            map.insert(key.to_string(), value);
            return;
        }
    }
}

fn extra_value(rng: &mut Rng, key: &str) -> Value {
    let word = |rng: &mut Rng, list: &[&str]| {
        Value::String(pick(rng, list).copied().unwrap_or("").to_string())
    };
    match key {
        "source_system" => word(rng, tables::SOURCE_SYSTEMS),
        "updated_at" => Value::String(format!(
            "2026-0{}-{:02}T{:02}:{:02}:{:02}Z",
            rng.u32(1..6),
            rng.u32(1..29),
            rng.u32(..24),
            rng.u32(..60),
            rng.u32(..60)
        )),
        "_etl_batch" => Value::from(rng.u32(10_000..99_999)),
        "legacy_crm_id" => Value::String(format!("L{:07}", rng.u32(..10_000_000))),
        "utm_campaign" => word(rng, tables::CAMPAIGNS),
        "internal_score" => Value::from((rng.f64() * 100.0).round() / 100.0),
        "crm_notes" => word(rng, tables::NOTES),
        "ssn_last4" => Value::String(format!("{:04}", rng.u32(..10_000))),
        _ => Value::Array(vec![word(rng, tables::TAGS)]),
    }
}

fn date_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// A random element; `None` only for an empty slice.
fn pick<'t, T>(rng: &mut Rng, items: &'t [T]) -> Option<&'t T> {
    if items.is_empty() {
        return None;
    }
    items.get(rng.usize(..items.len()))
}

#[cfg(test)]
mod tests;
