//! The transforms of LANGUAGE.md section 4: hashed, masked, first N, year, age_band,
//! rounded to N. Each works on one present, already validated value.
//!
//! Decisions where the language is silent (also in docs/semantics.md):
//! - `hashed` hashes the value's text: text and one-of values are trimmed and lowercased first;
//!   a date is its `YYYY-MM-DD` text; a number is written without exponent and without a
//!   trailing `.0` (`80`, `80.0` and `8e1` all hash as "80").
//! - `rounded to N` rounds the decimal value as written, exactly, halves away from zero; the
//!   result is written as a whole number when it is one.

use chrono::{Datelike, NaiveDate};
use serde_json::{Number, Value};
use sha2::{Digest, Sha256};

use crate::ir::{FieldType, Form};

/// Whether `form` can be applied to a value of type `ty`.
pub fn fits(form: &Form, ty: &FieldType) -> bool {
    match form {
        Form::Raw => true,
        Form::Hashed => matches!(
            ty,
            FieldType::Text
                | FieldType::Number
                | FieldType::Integer
                | FieldType::Date
                | FieldType::Enum { .. }
        ),
        Form::Masked | Form::First(_) => matches!(ty, FieldType::Text),
        Form::Year | Form::AgeBand => matches!(ty, FieldType::Date),
        Form::RoundedTo(_) => matches!(ty, FieldType::Number | FieldType::Integer),
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        for nibble in [byte >> 4, byte & 0xf] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// `hashed` for text: trimmed, lowercased, hashed.
pub fn hash_text(text: &str) -> String {
    sha256_hex(text.trim().to_lowercase().as_bytes())
}

/// The canonical text of a number, as `hashed` sees it.
pub fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    crate::ir::format_number(n.as_f64().unwrap_or(0.0))
}

/// `masked`: all but the last four characters become `*`.
pub fn mask(text: &str) -> String {
    let count = text.chars().count();
    if count <= 4 {
        return "*".repeat(count);
    }
    let mut out = "*".repeat(count - 4);
    out.extend(text.chars().skip(count - 4));
    out
}

/// `first N`: the first N characters.
pub fn first(text: &str, n: u32) -> String {
    text.chars().take(n as usize).collect()
}

/// `age_band`: the band of the age on `as_of`.
pub fn age_band(birth: NaiveDate, as_of: NaiveDate) -> &'static str {
    match crate::dates::age(birth, as_of) {
        i64::MIN..=17 => "under 18",
        18..=24 => "18-24",
        25..=34 => "25-34",
        35..=44 => "35-44",
        45..=54 => "45-54",
        55..=64 => "55-64",
        _ => "65+",
    }
}

/// A finite decimal: `mantissa / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Decimal {
    mantissa: i128,
    scale: u32,
}

const MAX_SCALE: u32 = 18;

impl Decimal {
    /// The decimal a number was written as: the one with the fewest fractional digits that
    /// reads back as the same f64 (what Rust prints for it).
    fn from_f64(x: f64) -> Option<Decimal> {
        if !x.is_finite() {
            return None;
        }
        // Fast path, exact while the digits fit in an f64's integers: for the smallest scale
        // whose rounded multiple divides back to `x`, that multiple is the decimal's digits.
        let mut factor = 1.0f64;
        for scale in 0..=MAX_SCALE {
            let scaled = (x * factor).round();
            if scaled.abs() >= 4.0e15 {
                break;
            }
            if scaled / factor == x {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "`scaled` is whole and below 4e15 (checked above)"
                )]
                let mantissa = scaled as i128;
                return Some(Decimal { mantissa, scale });
            }
            factor *= 10.0;
        }
        Decimal::from_text(x)
    }

    /// The decimal of Rust's shortest text for `x`.
    fn from_text(x: f64) -> Option<Decimal> {
        let text = format!("{x}");
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let scale = u32::try_from(frac.len()).ok().filter(|s| *s <= MAX_SCALE)?;
        let digits = format!("{int}{frac}");
        let mantissa = digits.parse::<i128>().ok()?;
        Some(Decimal { mantissa, scale })
    }

    fn rescale(self, scale: u32) -> Option<i128> {
        self.mantissa
            .checked_mul(10i128.checked_pow(scale.checked_sub(self.scale)?)?)
    }
}

/// `rounded to N` on a JSON number: whole numbers are rounded as integers, exactly, whatever
/// their size; other numbers as the decimal they were written as.
pub fn round_number(n: &Number, step: f64) -> Number {
    let whole = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from));
    match whole {
        Some(mantissa) => round_decimal(Some(Decimal { mantissa, scale: 0 }), step)
            .unwrap_or_else(|| round_float(mantissa as f64, step)),
        None => round_to(n.as_f64().unwrap_or(0.0), step),
    }
}

/// `rounded to N`: the nearest multiple of `step`, halves away from zero.
pub fn round_to(x: f64, step: f64) -> Number {
    round_decimal(Decimal::from_f64(x), step).unwrap_or_else(|| round_float(x, step))
}

/// Exact rounding of a decimal; `None` when it does not fit the exact arithmetic.
fn round_decimal(dx: Option<Decimal>, step: f64) -> Option<Number> {
    if let (Some(dx), Some(ds)) = (dx, Decimal::from_f64(step)) {
        let scale = dx.scale.max(ds.scale);
        if let (Some(mx), Some(ms)) = (dx.rescale(scale), ds.rescale(scale)) {
            if ms > 0 {
                let magnitude = mx.unsigned_abs();
                let step = ms.unsigned_abs();
                let rem = magnitude % step;
                let base = magnitude - rem;
                let rounded = if rem.checked_mul(2).is_some_and(|r| r >= step) {
                    base.checked_add(step)
                } else {
                    Some(base)
                };
                if let Some(rounded) = rounded.and_then(|r| i128::try_from(r).ok()) {
                    let signed = if mx < 0 { -rounded } else { rounded };
                    return Some(decimal_number(signed, scale));
                }
            }
        }
    }
    None
}

/// Rounding in floating point, for numbers beyond exact decimal arithmetic (below 1e-18 or
/// with more than about 36 digits); a whole result within 64 bits is written as an integer.
fn round_float(x: f64, step: f64) -> Number {
    let r = (x / step).round() * step;
    if r.fract() == 0.0 && r.abs() < 9.2e18 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a whole number below 9.2e18 fits an i64 exactly"
        )]
        let whole = r as i64;
        return Number::from(whole);
    }
    Number::from_f64(r).unwrap_or_else(|| Number::from(0))
}

/// `mantissa / 10^scale` as a JSON number: whole numbers without a fraction.
fn decimal_number(mantissa: i128, scale: u32) -> Number {
    let pow = 10i128.pow(scale);
    if mantissa % pow == 0 {
        if let Ok(i) = i64::try_from(mantissa / pow) {
            return Number::from(i);
        }
        if let Ok(u) = u64::try_from(mantissa / pow) {
            return Number::from(u);
        }
    }
    let negative = mantissa < 0;
    let magnitude = mantissa.unsigned_abs();
    let pow = pow.unsigned_abs();
    let text = format!(
        "{}{}.{:0width$}",
        if negative { "-" } else { "" },
        magnitude / pow,
        magnitude % pow,
        width = scale as usize
    );
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .unwrap_or_else(|| Number::from(0))
}

/// Applies `form` to a present, validated value. A value that does not fit the transform
/// (which the checker rules out) is passed through `None`.
pub fn apply(form: &Form, value: &Value, as_of: NaiveDate) -> Option<Value> {
    Some(match (form, value) {
        (Form::Raw, v) => v.clone(),
        (Form::Hashed, Value::String(s)) => {
            // Dates are hashed as written; their text has no case or spaces to normalise.
            Value::String(hash_text(s))
        }
        (Form::Hashed, Value::Number(n)) => Value::String(sha256_hex(number_text(n).as_bytes())),
        (Form::Masked, Value::String(s)) => Value::String(mask(s)),
        (Form::First(n), Value::String(s)) => Value::String(first(s, *n)),
        (Form::Year, Value::String(s)) => Value::from(crate::dates::parse_date(s).ok()?.year()),
        (Form::AgeBand, Value::String(s)) => {
            Value::from(age_band(crate::dates::parse_date(s).ok()?, as_of))
        }
        (Form::RoundedTo(step), Value::Number(n)) => Value::Number(round_number(n, step.get())),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_normalised_text() {
        // sha256("ana.lopez@example.com")
        assert_eq!(
            hash_text(" Ana.Lopez@Example.com "),
            sha256_hex(b"ana.lopez@example.com")
        );
        assert_eq!(
            hash_text(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(hash_text("ÉCOLE"), sha256_hex("école".as_bytes()));
    }

    #[test]
    fn hashes_numbers_by_canonical_text() {
        let n = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        assert_eq!(number_text(&n("80")), "80");
        assert_eq!(number_text(&n("80.0")), "80");
        assert_eq!(number_text(&n("-1234.5")), "-1234.5");
        assert_eq!(number_text(&n("8e1")), "80");
    }

    #[test]
    fn masks_all_but_the_last_four_characters() {
        assert_eq!(mask("555-123-4567"), "********4567");
        assert_eq!(mask("1234"), "****");
        assert_eq!(mask("12"), "**");
        assert_eq!(mask(""), "");
        assert_eq!(mask("ñandú-日本語です"), "*******本語です");
    }

    #[test]
    fn first_counts_characters() {
        assert_eq!(first("93650-1234", 5), "93650");
        assert_eq!(first("日本語", 2), "日本");
        assert_eq!(first("ab", 5), "ab");
        assert_eq!(first("", 3), "");
    }

    #[test]
    fn age_bands_on_the_evaluation_date() {
        let d = |s: &str| crate::dates::parse_date(s).unwrap();
        let on = d("2026-06-01");
        assert_eq!(age_band(d("2008-06-02"), on), "under 18");
        assert_eq!(age_band(d("2008-06-01"), on), "18-24");
        assert_eq!(age_band(d("2001-06-02"), on), "18-24");
        assert_eq!(age_band(d("2001-06-01"), on), "25-34");
        assert_eq!(age_band(d("1990-04-12"), on), "35-44");
        assert_eq!(age_band(d("1961-06-01"), on), "65+");
        assert_eq!(age_band(d("1961-06-02"), on), "55-64");
        assert_eq!(age_band(d("2030-01-01"), on), "under 18");
    }

    #[test]
    fn the_fast_decimal_is_the_shortest_text() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for i in 0..200_000u64 {
            let x = match i % 4 {
                0 => (next() % 1_000_000) as f64 / 100.0,
                1 => (next() % 10_000_000) as f64 / 1000.0 - 5000.0,
                2 => f64::from_bits(next() >> 2) % 1e12,
                _ => (next() % 100_000) as f64 * 0.1,
            };
            assert_eq!(Decimal::from_f64(x), Decimal::from_text(x), "{x}");
        }
    }

    #[test]
    fn rounds_halves_away_from_zero() {
        let r = |x: f64, s: f64| round_to(x, s).to_string();
        assert_eq!(r(1234.5, 100.0), "1200");
        assert_eq!(r(150.0, 100.0), "200");
        assert_eq!(r(149.99, 100.0), "100");
        assert_eq!(r(-150.0, 100.0), "-200");
        assert_eq!(r(-149.0, 100.0), "-100");
        assert_eq!(r(0.0, 100.0), "0");
        assert_eq!(r(0.05, 0.1), "0.1");
        assert_eq!(r(0.35, 0.1), "0.4");
        assert_eq!(r(-0.25, 0.5), "-0.5");
        assert_eq!(r(7.0, 2.5), "7.5");
        assert_eq!(r(12.5, 5.0), "15");
        assert_eq!(round_to(1e20, 100.0).as_f64(), Some(1e20));
        assert_eq!(r(-1e-20, 100.0), "0");
        assert_eq!(r(1e-19, 100.0), "0");
        let n = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        assert_eq!(
            round_number(&n("18014398509481985"), 10.0).to_string(),
            "18014398509481990"
        );
        assert_eq!(
            round_number(&n("9223372036854775807"), 100.0).to_string(),
            "9223372036854775800"
        );
        assert_eq!(
            round_number(&n("18446744073709551605"), 10.0).to_string(),
            "18446744073709551610"
        );
        assert_eq!(round_number(&n("-150"), 100.0).to_string(), "-200");
        assert_eq!(r(1.15, 0.1), "1.2");
        assert_eq!(r(2.675, 0.01), "2.68");
        assert_eq!(r(1234.56, 0.5), "1234.5");
        assert_eq!(r(-0.05, 0.1), "-0.1");
    }
}
