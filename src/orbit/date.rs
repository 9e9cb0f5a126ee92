//! UTC calendar dates (`YYYY-MM-DD`, proleptic Gregorian, years 1 to 9999)
//! and Julian dates. A date stands for its midnight, 00:00 UTC, JD x.5. The
//! ephemeris reads the same number as TDB: the difference, about a minute,
//! is far below the model's one-day step.

use std::fmt;

/// A date that does not parse or does not exist; the message says what is valid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(String);

/// A valid calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

const MONTHS: [&str; 12] = [
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

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1 to 12) of `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The date `year-month-day`, checked: year 1 to 9999, month 1 to 12,
    /// day within the month (leap years counted).
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError(format!("year {year} is out of range: 1 to 9999")));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError(format!("month {month} is out of range: 1 to 12")));
        }
        let last = days_in_month(year, month);
        if !(1..=last).contains(&day) {
            return Err(DateError(format!(
                "day {day} is not in {} {year}: 1 to {last}",
                MONTHS[month as usize - 1]
            )));
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let shape = |t: &str| {
            let b = t.as_bytes();
            b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit())
        };
        if !shape(text) {
            return Err(DateError(format!(
                "\"{text}\" is not a date: expected YYYY-MM-DD, e.g. 2031-06-15"
            )));
        }
        let field = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
        Date::new(field(0..4) as i32, field(5..7), field(8..10))
            .map_err(|e| DateError(format!("\"{text}\" is not a valid date: {e}")))
    }

    /// The Julian date of this day's midnight, 00:00 UTC (always x.5).
    pub fn jd(self) -> f64 {
        self.day_number() as f64 - 0.5
    }

    /// The Julian day number (the day that begins at noon of this date).
    fn day_number(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let a = (14 - m) / 12;
        let y = y + 4800 - a;
        let m = m + 12 * a - 3;
        d + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// The calendar day (UTC) that contains the instant `jd`.
    pub fn from_jd(jd: f64) -> Result<Date, DateError> {
        let first = Date {
            year: 1,
            month: 1,
            day: 1,
        }
        .jd();
        let end = Date {
            year: 9999,
            month: 12,
            day: 31,
        }
        .jd()
            + 1.0;
        if !(first..end).contains(&jd) {
            return Err(DateError(format!(
                "Julian date {jd} is outside the calendar's years 1 to 9999 (JD {first} to {end})"
            )));
        }
        let a = (jd + 0.5).floor() as i64 + 32044;
        let b = (4 * a + 3) / 146_097;
        let c = a - 146_097 * b / 4;
        let d = (4 * c + 3) / 1461;
        let e = c - 1461 * d / 4;
        let m = (5 * e + 2) / 153;
        Ok(Date {
            day: (e - (153 * m + 2) / 5 + 1) as u32,
            month: (m + 3 - 12 * (m / 10)) as u32,
            year: (100 * b + d - 4800 + m / 10) as i32,
        })
    }

    /// The date `days` days later (earlier when negative).
    pub fn plus_days(self, days: i64) -> Result<Date, DateError> {
        Date::from_jd(self.jd() + days as f64)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u32 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}
