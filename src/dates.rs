//! Calendar dates as the language uses them: strict `YYYY-MM-DD`, ages, days since.

use chrono::{Datelike, NaiveDate};

/// Parses a strict `YYYY-MM-DD` date; the error says, in words, what is wrong.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err("dates are written YYYY-MM-DD".to_string());
    }
    let number = |range: std::ops::Range<usize>| -> u32 {
        text.get(range).and_then(|s| s.parse().ok()).unwrap_or(0)
    };
    let (year, month, day) = (number(0..4) as i32, number(5..7), number(8..10));
    if year == 0 {
        return Err("there is no year 0: years start at 0001".to_string());
    }
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    if day == 0 {
        return Err("days of the month start at 1".to_string());
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        format!(
            "{} {year} has {} days",
            month_name(month),
            days_in_month(year, month)
        )
    })
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("that month")
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28)
}

/// Age in whole years on `on`: someone born on 29 February turns a year older on 1 March in
/// years without a 29 February.
pub fn age(birth: NaiveDate, on: NaiveDate) -> i64 {
    let mut years = i64::from(on.year()) - i64::from(birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Days from `date` to `on` (negative when `date` is in the future).
pub fn days_since(date: NaiveDate, on: NaiveDate) -> i64 {
    (on - date).num_days()
}

/// Today's date in UTC: the default evaluation date.
pub fn today_utc() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn rejects_dates_not_on_the_calendar() {
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "February 2026 has 28 days"
        );
        assert_eq!(
            parse_date("2026-13-01").unwrap_err(),
            "there is no month 13"
        );
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("0000-01-01").is_err());
        assert!(parse_date("0001-01-01").is_ok());
        assert!(parse_date("2026-2-01").is_err());
        assert!(parse_date("２０２６-01-01").is_err());
    }

    #[test]
    fn age_counts_whole_years_and_leap_birthdays() {
        assert_eq!(age(d("1990-04-12"), d("2026-04-11")), 35);
        assert_eq!(age(d("1990-04-12"), d("2026-04-12")), 36);
        assert_eq!(age(d("2008-02-29"), d("2026-02-28")), 17);
        assert_eq!(age(d("2008-02-29"), d("2026-03-01")), 18);
        assert_eq!(age(d("2030-01-01"), d("2026-01-01")), -4);
    }

    #[test]
    fn days_since_can_be_negative() {
        assert_eq!(days_since(d("2026-01-01"), d("2026-01-31")), 30);
        assert_eq!(days_since(d("2026-01-31"), d("2026-01-01")), -30);
    }
}
