//! Heliocentric positions and velocities in the J2000 ecliptic frame, au and
//! au/day: the Earth from Standish's elements, a target from its osculating
//! elements propagated by Kepler's equation (two-body motion).

use super::vec3::{Vec3, combine, norm};
use super::{GM_SUN_AU3_D2, J2000_JD, au_per_day_to_km_s};
use std::f64::consts::{PI, TAU};

/// The years the Earth's elements are used for: Standish's Table 1 holds
/// from 1800 to 2050, and its linear rates are used on to 2100 (a few
/// thousand km more error, far below what light time and windows need).
pub const EPHEMERIS_YEARS: std::ops::RangeInclusive<i32> = 1800..=2100;

/// Osculating heliocentric elements, J2000 ecliptic, at an epoch.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elements {
    /// Semi-major axis, au.
    pub a_au: f64,
    /// Eccentricity, 0 ≤ e < 1.
    pub e: f64,
    /// Inclination, degrees.
    pub i_deg: f64,
    /// Longitude of the ascending node Ω, degrees.
    pub node_deg: f64,
    /// Argument of perihelion ω, degrees.
    pub peri_deg: f64,
    /// Mean anomaly at the epoch, degrees.
    pub mean_anomaly_deg: f64,
    /// The epoch, Julian date (TDB).
    pub epoch_jd: f64,
}

impl Elements {
    /// The elements as written in an inline orbit table, in the order of
    /// the fields, each with what it means.
    pub const KEYS: [(&'static str, &'static str); 7] = [
        ("a_au", "Semi-major axis, au (> 0)."),
        ("e", "Eccentricity, 0 ≤ e < 1."),
        ("i_deg", "Inclination to the J2000 ecliptic, degrees."),
        ("node_deg", "Longitude of the ascending node, degrees."),
        ("peri_deg", "Argument of perihelion, degrees."),
        ("mean_anomaly_deg", "Mean anomaly at the epoch, degrees."),
        ("epoch_jd", "The epoch, Julian date (TDB)."),
    ];
}

/// Elements that do not describe a closed orbit, with what would be valid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ElementsError(String);

/// A position (au) and velocity (au/day), heliocentric J2000 ecliptic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    /// Position, au.
    pub r: [f64; 3],
    /// Velocity, au/day.
    pub v: [f64; 3],
}

impl State {
    /// Distance from the Sun, au.
    pub fn sun_distance_au(&self) -> f64 {
        norm(self.r)
    }

    /// Speed, km/s.
    pub fn speed_km_s(&self) -> f64 {
        au_per_day_to_km_s(norm(self.v))
    }
}

/// A validated elliptic orbit, ready to propagate.
#[derive(Debug, Clone, PartialEq)]
pub struct Orbit {
    elements: Elements,
    /// Mean motion, rad/day.
    n: f64,
    /// Unit vectors towards perihelion and 90° ahead of it in the orbit plane.
    p: Vec3,
    q: Vec3,
}

/// The orbit plane's perifocal unit vectors P, Q from i, Ω, ω (radians).
fn perifocal_axes(i: f64, node: f64, peri: f64) -> (Vec3, Vec3) {
    let (si, ci) = i.sin_cos();
    let (so, co) = node.sin_cos();
    let (sw, cw) = peri.sin_cos();
    let p = [cw * co - sw * so * ci, cw * so + sw * co * ci, sw * si];
    let q = [-sw * co - cw * so * ci, -sw * so + cw * co * ci, cw * si];
    (p, q)
}

/// Solves Kepler's equation E − e·sin E = M for the eccentric anomaly,
/// radians in (−π, π], for any M and 0 ≤ e < 1: Newton's method kept inside
/// a bracket by bisection, so it converges for every e below 1.
pub fn eccentric_anomaly(mean_anomaly: f64, e: f64) -> f64 {
    let m = mean_anomaly - TAU * ((mean_anomaly + PI) / TAU).floor();
    let (mut lo, mut hi) = (-PI, PI);
    let mut x = if e < 0.8 { m } else { PI.copysign(m) };
    for _ in 0..100 {
        let f = x - e * x.sin() - m;
        let step = f / (1.0 - e * x.cos());
        if step.abs() < 1e-15 {
            return x - step;
        }
        if f > 0.0 {
            hi = x;
        } else {
            lo = x;
        }
        let next = x - step;
        x = if next > lo && next < hi {
            next
        } else {
            0.5 * (lo + hi)
        };
        if hi - lo < 1e-15 {
            break;
        }
    }
    x
}

/// Position and velocity on an ellipse (semi-major axis `a`, eccentricity
/// `e`, mean motion `n`) at mean anomaly `m`, in the frame of axes `p`, `q`.
fn state_on_ellipse(a: f64, e: f64, n: f64, m: f64, p: Vec3, q: Vec3) -> State {
    let ea = eccentric_anomaly(m, e);
    let (s, c) = ea.sin_cos();
    let root = (1.0 - e * e).sqrt();
    let rate = a * n / (1.0 - e * c);
    State {
        r: combine(p, a * (c - e), q, a * root * s),
        v: combine(p, -rate * s, q, rate * root * c),
    }
}

impl Orbit {
    /// An orbit from elements: all finite, a > 0 and 0 ≤ e < 1 (elliptic).
    pub fn new(elements: Elements) -> Result<Orbit, ElementsError> {
        let el = elements;
        let values = [
            ("a_au", el.a_au),
            ("e", el.e),
            ("i_deg", el.i_deg),
            ("node_deg", el.node_deg),
            ("peri_deg", el.peri_deg),
            ("mean_anomaly_deg", el.mean_anomaly_deg),
            ("epoch_jd", el.epoch_jd),
        ];
        if let Some((name, v)) = values.iter().find(|(_, v)| !v.is_finite()) {
            return Err(ElementsError(format!(
                "{name} = {v} is not a finite number"
            )));
        }
        if el.a_au <= 0.0 {
            return Err(ElementsError(format!(
                "semi-major axis a_au = {} is not an ellipse's: it must be > 0",
                el.a_au
            )));
        }
        if !(0.0..1.0).contains(&el.e) {
            return Err(ElementsError(format!(
                "eccentricity e = {} is not elliptic: it must be in [0, 1)",
                el.e
            )));
        }
        let (p, q) = perifocal_axes(
            el.i_deg.to_radians(),
            el.node_deg.to_radians(),
            el.peri_deg.to_radians(),
        );
        let n = (GM_SUN_AU3_D2 / el.a_au.powi(3)).sqrt();
        Ok(Orbit { elements, n, p, q })
    }

    /// The elements this orbit was built from.
    pub fn elements(&self) -> &Elements {
        &self.elements
    }

    /// Orbital period, days.
    pub fn period_days(&self) -> f64 {
        TAU / self.n
    }

    /// Position and velocity at Julian date `jd` (TDB), two-body motion.
    pub fn state(&self, jd: f64) -> State {
        let el = &self.elements;
        let m = el.mean_anomaly_deg.to_radians() + self.n * (jd - el.epoch_jd);
        state_on_ellipse(el.a_au, el.e, self.n, m, self.p, self.q)
    }
}

/// The Earth (strictly the Earth–Moon barycentre) at Julian date `jd`, from
/// Standish's "Keplerian Elements for Approximate Positions of the Major
/// Planets", Table 1 (1800–2050, used here with the same rates to 2100): the
/// elements and their linear rates per Julian century from J2000; the
/// velocity uses the mean motion of the mean-longitude rate.
pub fn earth(jd: f64) -> State {
    let t = (jd - J2000_JD) / 36_525.0;
    let a = 1.000_002_61 + 0.000_005_62 * t;
    let e = 0.016_711_23 - 0.000_043_92 * t;
    let i = -0.000_015_31 - 0.012_946_68 * t;
    let l = 100.464_571_66 + 35_999.372_449_81 * t;
    let varpi = 102.937_681_93 + 0.323_273_64 * t;
    let node = 0.0;
    let n = 35_999.372_449_81_f64.to_radians() / 36_525.0;
    let (p, q) = perifocal_axes(i.to_radians(), node, (varpi - node).to_radians());
    state_on_ellipse(a, e, n, (l - varpi).to_radians(), p, q)
}
