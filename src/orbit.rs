//! Orbits: where a target and the Earth are on a given day, and what it costs
//! to travel between them. A self-contained layer (it uses no other module of
//! the crate) computed once per scenario and shared read-only:
//! - [`date`]: UTC calendar dates `YYYY-MM-DD` and Julian dates.
//! - [`ephemeris`]: the Earth from Standish's Table 1 elements and a target
//!   from osculating elements by Kepler propagation (J2000 ecliptic, au, au/day).
//! - [`lambert`]: Lambert's problem behind one function, [`lambert::transfer`],
//!   keeping only prograde arcs.
//! - [`geometry`]: the per-day table of distances, light time, elongation,
//!   phase angle and conjunctions.
//! - [`porkchop`]: the best transfer per departure day, windows, and the
//!   outbound leg.
//! - [`catalog`]: the shipped targets (`data/targets.toml`), loaded by name.
//!
//! docs/model.md, section "Orbits", states what is computed and why.

pub mod catalog;
pub mod date;
pub mod ephemeris;
pub mod geometry;
pub mod lambert;
pub mod porkchop;
mod vec3;

/// The Sun's gravitational parameter, au³/day² (2.9591220828411951e-4 to the
/// last digit f64 holds; 1.32712440018e11 km³/s²).
pub const GM_SUN_AU3_D2: f64 = 2.959_122_082_841_195e-4;

/// One astronomical unit, km (IAU 2012).
pub const AU_KM: f64 = 149_597_870.7;

/// Light time over one astronomical unit, s.
pub const LIGHT_TIME_S_PER_AU: f64 = 499.004_784;

/// The Earth's gravitational parameter, km³/s².
pub const MU_EARTH_KM3_S2: f64 = 398_600.441_8;

/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// The Julian date of the J2000 epoch, 2000-01-01 12:00 TT.
pub const J2000_JD: f64 = 2_451_545.0;

/// A speed in km/s from one in au/day.
pub fn au_per_day_to_km_s(v_au_d: f64) -> f64 {
    v_au_d * AU_KM / SECONDS_PER_DAY
}

/// A speed in au/day from one in km/s.
pub fn km_s_to_au_per_day(v_km_s: f64) -> f64 {
    v_km_s * SECONDS_PER_DAY / AU_KM
}

/// One-way light time in minutes over a distance in au.
pub fn light_time_min(distance_au: f64) -> f64 {
    distance_au * LIGHT_TIME_S_PER_AU / 60.0
}
