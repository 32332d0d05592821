//! The partition of each field's values: finitely many values per field such that every
//! combination of truth values the conditions can take on some record is taken on a record
//! made of these values.
//!
//! For a field read only against literals the partition is exact: each literal is a value of
//! its own, and between (and beyond) two neighbouring literals one value stands for all the
//! others (as many as fields it is compared with, so that those can be equal, below or above
//! each other there too). Whole quantities (`integer` fields, `age`, `days_since`, `count`,
//! dates) take the whole numbers around each threshold; `number` fields also take a fraction
//! where no whole number lies between two literals, exactly beyond 2^53 too. Text takes each
//! literal, for each `lower(x) == "s"` a spelling of `s` that no literal names, and texts no
//! condition names. A date read through `age` or `days_since` is partitioned by age or by days
//! before the evaluation date, and made into a date once that date is chosen; a date read both
//! ways, or both against the evaluation date and against fixed dates, is "coupled": its values
//! are chosen for each evaluation date from every boundary on that date, and the evaluation
//! dates are sampled (the analysis then says it is not proved).

use std::borrow::Cow;

use chrono::NaiveDate;

use super::super::value::Val;
use super::uses::{FieldUse, around, whole_i128};
use crate::ir::{FieldType, Num};

/// How to choose the values of one field.
#[derive(Clone, Debug)]
pub(super) enum Plan {
    /// Fixed values, whatever the evaluation date.
    Fixed(Vec<Val<'static>>),
    /// Dates of people of these ages on the evaluation date.
    Ages(Vec<i64>),
    /// Dates this many days before the evaluation date.
    DaysAgo(Vec<i64>),
    /// Dates chosen for each evaluation date from every boundary on it.
    Coupled(Coupled),
    /// Lists of these lengths.
    Counts(Vec<usize>),
}

/// The boundaries of a coupled date field.
#[derive(Clone, Debug, Default)]
pub(super) struct Coupled {
    pub literals: Vec<NaiveDate>,
    pub ages: Vec<i64>,
    pub days: Vec<i64>,
    pub spread: usize,
}

/// The longest list a record made up here holds: a condition on a longer count is sampled.
pub(super) const MAX_COUNT: usize = 10_000;

/// Why a field's partition is not exact, if it is not.
pub(super) type Inexact = Option<String>;

/// The plan for a field of type `ty` read as `uses` says, in a group of `spread` fields
/// compared with each other.
pub(super) fn plan(ty: &FieldType, uses: &FieldUse, spread: usize, path: &str) -> (Plan, Inexact) {
    let spread = spread.max(1);
    let mut inexact = uses.odd.then(|| {
        format!("`{path}` is compared in a way the analysis samples instead of partitioning")
    });
    let plan = match ty {
        FieldType::Bool => Plan::Fixed(vec![Val::Bool(true), Val::Bool(false)]),
        FieldType::Enum { values } => Plan::Fixed(enum_values(values, uses, spread)),
        FieldType::Text => {
            let (texts, exact) = texts(uses, spread);
            if !exact {
                inexact = Some(format!(
                    "`{path}`: no spelling of a lowercased text was found that no literal names"
                ));
            }
            Plan::Fixed(texts.into_iter().map(|t| Val::Text(t.into())).collect())
        }
        FieldType::Integer => Plan::Fixed(numbers(&uses.literals, spread, true)),
        FieldType::Number => Plan::Fixed(numbers(&uses.literals, spread, false)),
        FieldType::Date => return date_plan(uses, spread, path, inexact),
        FieldType::List { .. } => {
            let mut counts = uses.counts.clone();
            counts.push(Num::Int(0));
            let (lengths, capped) = counts_of(&counts);
            if capped {
                inexact = Some(format!(
                    "`{path}`: lists longer than {MAX_COUNT} are not made up; they are sampled"
                ));
            }
            Plan::Counts(lengths)
        }
        FieldType::Object { .. } => Plan::Fixed(Vec::new()),
    };
    (plan, inexact)
}

fn date_plan(uses: &FieldUse, spread: usize, path: &str, inexact: Inexact) -> (Plan, Inexact) {
    let literals: Vec<NaiveDate> = uses
        .literals
        .iter()
        .filter_map(|v| match v {
            Val::Date(d) => Some(*d),
            _ => None,
        })
        .collect();
    let absolute = !literals.is_empty() || !uses.partners.is_empty();
    let whole = |nums: &[Num]| -> Vec<i64> {
        let mut out: Vec<i64> = nums.iter().flat_map(|n| around(*n)).collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    let coupled = (absolute && uses.relative()) || (!uses.ages.is_empty() && !uses.days.is_empty());
    if coupled {
        let why = format!(
            "`{path}` is read both against the evaluation date and otherwise; evaluation dates \
             are sampled around leap days"
        );
        let plan = Plan::Coupled(Coupled {
            literals,
            ages: whole(&uses.ages),
            days: whole(&uses.days),
            spread,
        });
        return (plan, inexact.or(Some(why)));
    }
    if !uses.ages.is_empty() {
        let ages = whole_candidates(&whole(&uses.ages), spread, -200, 200);
        return (Plan::Ages(ages), inexact);
    }
    if !uses.days.is_empty() {
        let days = whole_candidates(&whole(&uses.days), spread, -3_000_000, 3_000_000);
        return (Plan::DaysAgo(days), inexact);
    }
    let days: Vec<i64> = literals.iter().map(|d| day_number(*d)).collect();
    let candidates = whole_candidates(&days, spread, day_number(MIN_DATE), day_number(MAX_DATE));
    let dates = candidates
        .into_iter()
        .filter_map(from_day_number)
        .map(Val::Date)
        .collect();
    (Plan::Fixed(dates), inexact)
}

/// The first and last dates a record can hold.
pub(super) const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
pub(super) const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

pub(super) fn day_number(d: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&d))
}

pub(super) fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
        .filter(|d| (MIN_DATE..=MAX_DATE).contains(d))
}

/// The values an enum takes: every value some condition names (directly or lowercased), and
/// `spread` it does not.
fn enum_values(values: &[String], uses: &FieldUse, spread: usize) -> Vec<Val<'static>> {
    let named = |v: &String| {
        uses.literals
            .iter()
            .any(|l| matches!(l, Val::Text(t) if t == v))
            || uses.lowered.contains(&v.to_lowercase())
    };
    let mut out: Vec<&String> = values.iter().filter(|v| named(v)).collect();
    out.extend(values.iter().filter(|v| !named(v)).take(spread));
    out.into_iter()
        .map(|v| Val::Text(Cow::Owned(v.clone())))
        .collect()
}

/// The texts a text field takes, and whether they are known to be enough.
fn texts(uses: &FieldUse, spread: usize) -> (Vec<String>, bool) {
    let mut out: Vec<String> = Vec::new();
    let push = |out: &mut Vec<String>, t: String| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    let literals: Vec<String> = uses
        .literals
        .iter()
        .filter_map(|v| match v {
            Val::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    for l in &literals {
        push(&mut out, l.clone());
    }
    let mut exact = true;
    for s in &uses.lowered {
        let fresh: Vec<String> = spellings(s)
            .into_iter()
            .filter(|p| !literals.contains(p))
            .take(spread)
            .collect();
        // `lower(x) == s` can be true only for some `x` when `s` is its own lowercase.
        if fresh.is_empty() && s.to_lowercase() == *s && spellings(s).len() >= 64 {
            exact = false;
        }
        for p in fresh {
            push(&mut out, p);
        }
    }
    let mut n = 0;
    let mut others = 0;
    while others < spread && n < 1000 {
        let candidate = if n == 0 {
            "other".to_string()
        } else {
            format!("other {n}")
        };
        n += 1;
        if !literals.contains(&candidate) && !uses.lowered.contains(&candidate.to_lowercase()) {
            push(&mut out, candidate);
            others += 1;
        }
    }
    (out, exact)
}

/// Spellings of `s` whose lowercase is `s`: `s` itself, all capitals, a capital first, and
/// the other mixes of case (at most 64 in all).
fn spellings(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let cased: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| c.to_uppercase().collect::<String>() != c.to_string())
        .map(|(i, _)| i)
        .collect();
    let mut candidates = vec![s.to_string(), s.to_uppercase()];
    let mut first = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i == 0 {
            first.extend(c.to_uppercase());
        } else {
            first.push(*c);
        }
    }
    candidates.push(first);
    let mixes = 1u64 << cased.len().min(6);
    for mask in 0..mixes {
        let mut text = String::new();
        for (i, c) in chars.iter().enumerate() {
            match cased.iter().position(|p| *p == i) {
                Some(bit) if bit < 6 && mask & (1 << bit) != 0 => text.extend(c.to_uppercase()),
                _ => text.push(*c),
            }
        }
        candidates.push(text);
    }
    for c in candidates {
        if c.to_lowercase() == s && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Whole numbers around each of `thresholds` (sorted), `spread` deep on each side, within
/// `min..=max`; one value when there is no threshold.
pub(super) fn whole_candidates(thresholds: &[i64], spread: usize, min: i64, max: i64) -> Vec<i64> {
    let spread = i64::try_from(spread).unwrap_or(1);
    let mut out: Vec<i64> = thresholds
        .iter()
        .flat_map(|t| {
            (t.saturating_sub(spread)..=t.saturating_add(spread))
                .filter(|v| (min..=max).contains(v))
        })
        .collect();
    if out.is_empty() {
        out.extend((0..spread).map(|i| i.clamp(min, max)));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// List lengths around each threshold, from 0; and whether some were left out for being too
/// long to make up.
fn counts_of(thresholds: &[Num]) -> (Vec<usize>, bool) {
    let mut wholes: Vec<i64> = thresholds.iter().flat_map(|n| around(*n)).collect();
    wholes.sort_unstable();
    wholes.dedup();
    let all = whole_candidates(&wholes, 1, 0, i64::MAX);
    let capped = all.iter().any(|n| *n > MAX_COUNT as i64);
    let lengths = all
        .into_iter()
        .filter_map(|n| usize::try_from(n).ok())
        .filter(|n| *n <= MAX_COUNT)
        .collect();
    (lengths, capped)
}

/// Numbers for a `number` or `integer` field compared with `literals`: each literal the field
/// can hold, and `spread` values in each stretch between and beyond them.
fn numbers(literals: &[Val<'static>], spread: usize, integer: bool) -> Vec<Val<'static>> {
    let mut breaks: Vec<Num> = literals
        .iter()
        .filter_map(|v| match v {
            Val::Number(n) => Some(*n),
            _ => None,
        })
        .collect();
    breaks.sort_by(|a, b| a.compare(*b).unwrap_or(std::cmp::Ordering::Equal));
    breaks.dedup_by(|a, b| a == b);
    let mut out: Vec<Num> = breaks
        .iter()
        .copied()
        .filter(|b| !integer || fits_integer(*b))
        .collect();
    let mut bounds: Vec<Option<Num>> = vec![None];
    bounds.extend(breaks.iter().copied().map(Some));
    bounds.push(None);
    for pair in bounds.windows(2) {
        if let [lo, hi] = pair {
            out.extend(between(*lo, *hi, spread, integer));
        }
    }
    out.into_iter().map(Val::Number).collect()
}

fn fits_integer(n: Num) -> bool {
    match n {
        Num::Int(_) => true,
        Num::UInt(_) => false,
        Num::Float(f) => whole_i128(f).is_some_and(|w| i64::try_from(w).is_ok()),
    }
}

fn exact_whole(n: Num) -> Option<i128> {
    match n {
        Num::Int(i) => Some(i.into()),
        Num::UInt(u) => Some(u.into()),
        Num::Float(f) => whole_i128(f),
    }
}

/// A whole number as a value a record can hold (`None` beyond 64 bits).
fn whole_num(w: i128, integer: bool) -> Option<Num> {
    if let Ok(i) = i64::try_from(w) {
        return Some(Num::Int(i));
    }
    if integer {
        return None;
    }
    u64::try_from(w).ok().map(Num::UInt)
}

/// Up to `spread` values strictly between `lo` and `hi` (either may be open): whole numbers
/// first, then (for `number` fields) floats.
fn between(lo: Option<Num>, hi: Option<Num>, spread: usize, integer: bool) -> Vec<Num> {
    let inside = |n: Num| {
        lo.is_none_or(|l| n.compare(l) == Some(std::cmp::Ordering::Greater))
            && hi.is_none_or(|h| n.compare(h) == Some(std::cmp::Ordering::Less))
    };
    let mut out = Vec::new();
    // The first whole number inside, walking up from `lo` (or down from `hi`).
    let (start, step): (Option<i128>, i128) = match (lo, hi) {
        (Some(l), _) => (floor_i128(l).map(|f| f + 1), 1),
        (None, Some(h)) => (ceil_i128(h).map(|c| c - 1), -1),
        (None, None) => (Some(0), 1),
    };
    if let Some(mut w) = start {
        for _ in 0..spread {
            match whole_num(w, integer).filter(|n| inside(*n)) {
                Some(n) => out.push(n),
                None => break,
            }
            w += step;
        }
    }
    if integer || out.len() >= spread {
        return out;
    }
    // Floats: the nearest ones inside, from the open end's side.
    let mut f = match (lo, hi) {
        (Some(l), _) => next_float(l.as_f64(), 1.0),
        (None, Some(h)) => next_float(h.as_f64(), -1.0),
        (None, None) => 0.5,
    };
    for _ in 0..4 {
        if inside(Num::Float(f)) {
            break;
        }
        f = next_float(f, if lo.is_some() { 1.0 } else { -1.0 });
    }
    while out.len() < spread && f.is_finite() && inside(Num::Float(f)) {
        if !out.contains(&Num::Float(f)) {
            out.push(Num::Float(f));
        }
        f = next_float(f, if lo.is_some() { 1.0 } else { -1.0 });
    }
    out
}

fn floor_i128(n: Num) -> Option<i128> {
    exact_whole(n).or_else(|| whole_i128(n.as_f64().floor()))
}

fn ceil_i128(n: Num) -> Option<i128> {
    exact_whole(n).or_else(|| whole_i128(n.as_f64().ceil()))
}

/// The next float after `x` towards `direction` (+1 or -1).
fn next_float(x: f64, direction: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(direction);
    }
    let bits = x.to_bits();
    let away = (x > 0.0) == (direction > 0.0);
    f64::from_bits(if away { bits + 1 } else { bits - 1 })
}

/// The latest birth date of someone at least `years` old on `on`.
pub(super) fn latest_birth(on: NaiveDate, years: i64) -> Option<NaiveDate> {
    use chrono::Datelike;
    let year = i32::try_from(i64::from(on.year()).checked_sub(years)?).ok()?;
    let mut d = NaiveDate::from_ymd_opt(year, on.month(), on.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))?;
    for _ in 0..4 {
        match d.succ_opt() {
            Some(next) if crate::dates::age(next, on) >= years => d = next,
            _ => break,
        }
    }
    for _ in 0..4 {
        if crate::dates::age(d, on) >= years {
            break;
        }
        d = d.pred_opt()?;
    }
    (crate::dates::age(d, on) >= years).then_some(d)
}

/// A birth date of someone exactly `years` old on `on`, away from the birthday (as most
/// people are), or on it when nothing else is on the calendar.
pub(super) fn born_aged(on: NaiveDate, years: i64) -> Option<NaiveDate> {
    let last = latest_birth(on, years)?;
    let earlier = last - chrono::Days::new(137);
    let chosen = if crate::dates::age(earlier, on) == years {
        earlier
    } else {
        last
    };
    Some(chosen).filter(|d| (MIN_DATE..=MAX_DATE).contains(d))
}

impl Plan {
    /// The values on evaluation date `on`.
    pub fn values(&self, on: NaiveDate) -> Vec<Val<'static>> {
        match self {
            Plan::Fixed(values) => values.clone(),
            Plan::Ages(ages) => ages
                .iter()
                .filter_map(|a| born_aged(on, *a))
                .map(Val::Date)
                .collect(),
            Plan::DaysAgo(days) => days
                .iter()
                .filter_map(|k| from_day_number(day_number(on) - k))
                .map(Val::Date)
                .collect(),
            Plan::Coupled(coupled) => coupled.dates(on).into_iter().map(Val::Date).collect(),
            Plan::Counts(lengths) => lengths.iter().map(|n| Val::List(*n)).collect(),
        }
    }
}

impl Coupled {
    /// Every boundary on evaluation date `on`, and `spread` dates around and between them.
    fn dates(&self, on: NaiveDate) -> Vec<NaiveDate> {
        let mut days: Vec<i64> = self.literals.iter().map(|d| day_number(*d)).collect();
        for a in &self.ages {
            if let Some(d) = latest_birth(on, *a) {
                days.push(day_number(d));
            }
        }
        for k in &self.days {
            days.push(day_number(on) - k);
        }
        days.sort_unstable();
        days.dedup();
        let mut all = whole_candidates(
            &days,
            self.spread,
            day_number(MIN_DATE),
            day_number(MAX_DATE),
        );
        // One date inside each longer stretch between boundaries.
        let mids: Vec<i64> = days
            .windows(2)
            .filter_map(|w| match w {
                [a, b] if b - a > 2 => Some(a + (b - a) / 2),
                _ => None,
            })
            .collect();
        all.extend(mids);
        all.sort_unstable();
        all.dedup();
        all.into_iter().filter_map(from_day_number).collect()
    }
}

/// The evaluation dates to try: each boundary and the days around it, one date inside each
/// stretch between boundaries (`reference` where it falls inside), and, when some field is
/// coupled, dates around 29 February in four years around `reference`.
pub(super) fn today_values(
    boundaries: &[NaiveDate],
    reference: NaiveDate,
    coupled: bool,
) -> Vec<NaiveDate> {
    let mut days: Vec<i64> = boundaries.iter().map(|d| day_number(*d)).collect();
    days.sort_unstable();
    days.dedup();
    let r = day_number(reference);
    let mut out: Vec<i64> = vec![r];
    for w in days.windows(2) {
        if let [a, b] = w {
            if b - a > 1 && !(a + 1..*b).contains(&r) {
                out.push(a + (b - a) / 2);
            }
        }
    }
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        if r >= *first {
            out.push(first - 365);
        }
        if r <= *last {
            out.push(last + 365);
        }
    }
    out.extend(days.iter().flat_map(|d| [d - 1, *d, d + 1]));
    if coupled {
        use chrono::Datelike;
        for year in reference.year() - 2..=reference.year() + 2 {
            for (m, d) in [(1, 1), (2, 28), (2, 29), (3, 1), (12, 31)] {
                if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                    out.push(day_number(date));
                }
            }
        }
    }
    let mut dates: Vec<NaiveDate> = out.into_iter().filter_map(from_day_number).collect();
    // The reference date first: witnesses are told on it where they can be.
    let head = dates.first().copied();
    dates.sort_unstable();
    dates.dedup();
    if let Some(h) = head {
        dates.retain(|d| *d != h);
        dates.insert(0, h);
    }
    dates
}

#[cfg(test)]
fn turns(birth: NaiveDate, years: i64) -> Option<NaiveDate> {
    super::uses::first_day_aged(birth, years)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::dates::parse_date(s).unwrap()
    }

    #[test]
    fn whole_numbers_between_literals_beyond_two_to_the_53() {
        let big = Num::Int(9_007_199_254_740_993);
        let values = numbers(&[Val::Number(big)], 1, true);
        let wholes: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        assert!(
            wholes.contains(&"9007199254740992".to_string()),
            "{wholes:?}"
        );
        assert!(wholes.contains(&"9007199254740993".to_string()));
        assert!(wholes.contains(&"9007199254740994".to_string()));
    }

    #[test]
    fn a_fraction_where_no_whole_number_fits() {
        let values = numbers(
            &[Val::Number(Num::Float(17.2)), Val::Number(Num::Float(17.8))],
            1,
            false,
        );
        let inside = values.iter().any(|v| match v {
            Val::Number(n) => n.as_f64() > 17.2 && n.as_f64() < 17.8,
            _ => false,
        });
        assert!(inside, "{values:?}");
        // An integer field has nothing there.
        let ints = numbers(
            &[Val::Number(Num::Float(17.2)), Val::Number(Num::Float(17.8))],
            1,
            true,
        );
        assert!(ints.iter().all(|v| matches!(v, Val::Number(Num::Int(_)))));
    }

    #[test]
    fn ages_become_birth_dates_of_that_age() {
        let on = d("2026-02-28");
        for a in [0, 15, 16, 17, 18, 99] {
            let born = born_aged(on, a).unwrap();
            assert_eq!(crate::dates::age(born, on), a);
        }
        let last = latest_birth(on, 18).unwrap();
        assert_eq!(crate::dates::age(last, on), 18);
        assert_eq!(crate::dates::age(last.succ_opt().unwrap(), on), 17);
        assert_eq!(turns(d("2008-02-29"), 18), Some(d("2026-03-01")));
    }

    #[test]
    fn lowercased_texts_get_a_spelling_no_literal_names() {
        let uses = FieldUse {
            literals: vec![Val::Text("us".into())],
            lowered: vec!["us".into()],
            ..FieldUse::default()
        };
        let (values, exact) = texts(&uses, 1);
        assert!(exact);
        assert!(values.contains(&"us".to_string()));
        assert!(values.contains(&"US".to_string()));
        assert!(values.contains(&"other".to_string()));
    }
}
