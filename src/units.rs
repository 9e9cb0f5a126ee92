//! Units of time shared by every layer. The model's clock runs in hours
//! since launch; scenarios, reports and discounting speak in days and years.

/// Hours in a mission day.
pub const HOURS_PER_DAY: f64 = 24.0;

/// Days in a year (Julian year, as used for discounting and degradation).
pub const DAYS_PER_YEAR: f64 = 365.25;

/// Hours in a year.
pub const HOURS_PER_YEAR: f64 = HOURS_PER_DAY * DAYS_PER_YEAR;

/// Hours from mission days.
pub fn days_to_hours(days: f64) -> f64 {
    days * HOURS_PER_DAY
}

/// Mission days from hours.
pub fn hours_to_days(hours: f64) -> f64 {
    hours / HOURS_PER_DAY
}

/// The mission day holding mission hour `hours` (day 0 before the start):
/// the floor of its days, by truncation, which for times after the start
/// is the floor and costs no library call.
pub fn day_of(hours: f64) -> u32 {
    hours_to_days(hours) as u32
}
