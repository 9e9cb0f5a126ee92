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
///
/// Day `d` holds exactly the hours from 24·d (included) to 24·(d + 1): the
/// hour just below 24·d divides to below d, since its ulp over 24 is at
/// least 2/3 of d's ulp and so rounds away from d. A cache kept for one day
/// can therefore test that range instead of dividing (tested below).
pub fn day_of(hours: f64) -> u32 {
    hours_to_days(hours) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first hour of day `day`.
    fn start(day: u32) -> f64 {
        days_to_hours(f64::from(day))
    }

    #[test]
    fn a_day_starts_at_24_times_its_number() {
        let powers = (0..26).map(|k| 1u32 << k);
        for day in (0..200_000).chain(powers).chain([u32::MAX / 64, 4_000_001]) {
            assert_eq!(day_of(start(day)), day, "day {day}");
            if day > 0 {
                let before = start(day).next_down();
                assert_eq!(day_of(before), day - 1, "the hour before day {day}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn an_hour_lies_in_the_range_of_its_day(h in 0.0..1.0e8f64) {
            let day = day_of(h);
            proptest::prop_assert!(start(day) <= h && h < start(day + 1));
        }
    }
}
