//! The per-day viewing geometry of a target: its distances from the Sun and
//! the Earth, the one-way light time, the elongation (Sun–Earth–target
//! angle), the phase angle (Sun–target–Earth angle) and whether the target is
//! in solar conjunction (elongation below a limit: no contact).

use super::date::{Date, DateError};
use super::ephemeris::{Orbit, earth};
use super::light_time_min;
use super::vec3::{angle, norm, sub};

/// The geometry on one day, at 00:00 UTC.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeometryDay {
    /// The calendar day.
    pub date: Date,
    /// Its Julian date (00:00 UTC).
    pub jd: f64,
    /// Target–Sun distance, au.
    pub sun_distance_au: f64,
    /// Target–Earth distance, au.
    pub earth_distance_au: f64,
    /// One-way light time between the Earth and the target, minutes.
    pub light_time_min: f64,
    /// Sun–Earth–target angle, degrees.
    pub elongation_deg: f64,
    /// Sun–target–Earth angle, degrees.
    pub phase_deg: f64,
    /// Whether the elongation is below the conjunction limit.
    pub conjunction: bool,
}

/// A table request that cannot be met, with what would be valid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeometryError {
    /// The first date is after the last.
    #[error("the first date {from} is after the last date {to}: give --from on or before --to")]
    Reversed {
        /// First date asked for.
        from: Date,
        /// Last date asked for.
        to: Date,
    },
    /// A step or limit out of range.
    #[error("{0}")]
    Range(String),
    /// A date outside the calendar.
    #[error(transparent)]
    Date(#[from] DateError),
}

/// The geometry of `target` on `date`, with conjunction below
/// `min_elongation_deg`.
pub fn geometry_on(target: &Orbit, date: Date, min_elongation_deg: f64) -> GeometryDay {
    let jd = date.jd();
    let e = earth(jd).r;
    let t = target.state(jd).r;
    let to_target = sub(t, e);
    let earth_distance_au = norm(to_target);
    let elongation_deg = angle([-e[0], -e[1], -e[2]], to_target).to_degrees();
    GeometryDay {
        date,
        jd,
        sun_distance_au: norm(t),
        earth_distance_au,
        light_time_min: light_time_min(earth_distance_au),
        elongation_deg,
        phase_deg: angle([-t[0], -t[1], -t[2]], sub(e, t)).to_degrees(),
        conjunction: elongation_deg < min_elongation_deg,
    }
}

/// The geometry of `target` every `step_days` days from `from` to `to`
/// (both included when the step lands on `to`). The step is at least 1 day
/// and the limit a finite angle from 0 to 180°.
pub fn geometry_table(
    target: &Orbit,
    from: Date,
    to: Date,
    step_days: u32,
    min_elongation_deg: f64,
) -> Result<Vec<GeometryDay>, GeometryError> {
    if from > to {
        return Err(GeometryError::Reversed { from, to });
    }
    if step_days == 0 {
        return Err(GeometryError::Range(
            "step 0 days is out of range: at least 1 day".into(),
        ));
    }
    if !(0.0..=180.0).contains(&min_elongation_deg) {
        return Err(GeometryError::Range(format!(
            "minimum elongation {min_elongation_deg}° is out of range: 0 to 180°"
        )));
    }
    let span = from.days_until(to);
    (0..=span)
        .step_by(step_days as usize)
        .map(|k| Ok(geometry_on(target, from.plus_days(k)?, min_elongation_deg)))
        .collect()
}
