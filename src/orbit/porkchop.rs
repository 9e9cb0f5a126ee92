//! The porkchop: for each departure day, the cheapest prograde transfer
//! between the target and the Earth over a range of flight times and
//! revolution counts; the windows it opens; the outbound leg.
//!
//! Return leg (target → Earth): departure Δv = |v₁ − v_target|, arrival
//! v∞ = |v₂ − v_Earth|; with [`Arrival::Capture`] the total adds the Δv to
//! capture at perigee r_p into an orbit of apogee r_a, with
//! [`Arrival::Entry`] the total is the departure Δv and v∞ must not exceed
//! the entry limit. Outbound leg (Earth → target): the "departure Δv" is the
//! launch v∞ (C3 = its square), and the total adds the arrival v∞ (the
//! rendezvous Δv).
//!
//! Speed: flight times are first tried every `flight_step_days` days; then,
//! around each revolution count's best coarse flight time, every day within
//! one step either side. The day's best is the best of all of these.

use super::ephemeris::{Orbit, State, earth};
use super::lambert::{LambertError, MAX_REVOLUTIONS, transfer};
use super::vec3::{norm, sub};
use super::{GM_SUN_AU3_D2, MU_EARTH_KM3_S2, au_per_day_to_km_s};
use rayon::prelude::*;

/// The coarse flight-time step the scenarios use, days.
pub const FLIGHT_STEP_DAYS: u32 = 8;

/// How the return leg ends at the Earth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arrival {
    /// Capture at perigee into an orbit of the given perigee and apogee
    /// radii (km); its Δv is part of the total.
    Capture {
        /// Perigee radius, km.
        perigee_km: f64,
        /// Apogee radius, km.
        apogee_km: f64,
    },
    /// Direct entry: no Δv, arrival v∞ at most the limit.
    Entry {
        /// Largest arrival v∞, m/s.
        max_vinf_m_s: f64,
    },
}

/// Which way the transfer goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Leg {
    /// Target → Earth, ending as stated.
    Return(Arrival),
    /// Earth → target (launch and rendezvous).
    Outbound,
}

/// The departure days and flight times a porkchop covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// The first departure day, Julian date.
    pub first_departure_jd: f64,
    /// How many consecutive departure days, from 1.
    pub departure_days: u32,
    /// Shortest flight time, days (from 1).
    pub min_flight_days: u32,
    /// Longest flight time, days (at least the shortest).
    pub max_flight_days: u32,
    /// Coarse flight-time step, days (from 1); see the module's note.
    pub flight_step_days: u32,
    /// Most complete revolutions, 0 to 32.
    pub max_revolutions: u32,
}

/// One transfer, costs in m/s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    /// Departure, Julian date.
    pub departure_jd: f64,
    /// Flight time, whole days.
    pub flight_days: u32,
    /// Complete revolutions on the way.
    pub revolutions: u32,
    /// Departure Δv (outbound: launch v∞), m/s.
    pub departure_dv_m_s: f64,
    /// Arrival v∞, m/s.
    pub arrival_vinf_m_s: f64,
    /// What the day's best minimises, m/s (see the module's note).
    pub total_dv_m_s: f64,
}

impl Transfer {
    /// Arrival, Julian date.
    pub fn arrival_jd(&self) -> f64 {
        self.departure_jd + f64::from(self.flight_days)
    }

    /// Characteristic energy of the departure, km²/s² (the launch C3 of an
    /// outbound leg).
    pub fn c3_km2_s2(&self) -> f64 {
        (self.departure_dv_m_s / 1000.0).powi(2)
    }
}

/// A maximal run of departure days whose best total Δv is within a limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// First departure day of the run, Julian date.
    pub open_jd: f64,
    /// Last departure day of the run, Julian date.
    pub close_jd: f64,
    /// The cheapest transfer of the run.
    pub best: Transfer,
}

/// A porkchop request that cannot be met, with what would be valid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PorkchopError {
    /// A span or arrival value out of range.
    #[error("{0}")]
    Range(String),
    /// No prograde transfer exists for the dates asked for.
    #[error(
        "no prograde transfer departs on JD {departure_jd} with a flight of {flight_days} days"
    )]
    NoTransfer {
        /// Departure, Julian date.
        departure_jd: f64,
        /// Flight time, days.
        flight_days: u32,
    },
    /// The Lambert problem of the dates asked for has no answer.
    #[error(transparent)]
    Lambert(#[from] LambertError),
}

/// The porkchop of a span: the coarse grid of totals (for charts) and each
/// departure day's best transfer after refinement.
#[derive(Debug, Clone, PartialEq)]
pub struct Porkchop {
    first_departure_jd: f64,
    flight_days: Vec<u32>,
    total_dv_m_s: Vec<Option<f64>>,
    best: Vec<Option<Transfer>>,
}

/// Δv (km/s) at perigee `perigee_km` to capture from hyperbolic excess
/// `vinf_km_s` into an orbit of apogee `apogee_km`:
/// √(v∞² + 2μ⊕/r_p) − √(2μ⊕/r_p − 2μ⊕/(r_p + r_a)).
pub fn capture_dv_km_s(vinf_km_s: f64, perigee_km: f64, apogee_km: f64) -> f64 {
    let escape2 = 2.0 * MU_EARTH_KM3_S2 / perigee_km;
    (vinf_km_s * vinf_km_s + escape2).sqrt()
        - (escape2 - 2.0 * MU_EARTH_KM3_S2 / (perigee_km + apogee_km)).sqrt()
}

fn range(message: String) -> Result<(), PorkchopError> {
    Err(PorkchopError::Range(message))
}

impl Leg {
    /// Checks the arrival: radii positive and finite, apogee ≥ perigee; the
    /// entry limit positive and finite.
    pub fn check(&self) -> Result<(), PorkchopError> {
        match *self {
            Leg::Return(Arrival::Capture {
                perigee_km,
                apogee_km,
            }) if !(perigee_km.is_finite() && apogee_km.is_finite())
                || perigee_km <= 0.0
                || apogee_km < perigee_km =>
            {
                range(format!(
                    "capture orbit perigee {perigee_km} km, apogee {apogee_km} km: both finite, perigee > 0 and apogee ≥ perigee"
                ))
            }
            Leg::Return(Arrival::Entry { max_vinf_m_s })
                if !(max_vinf_m_s.is_finite() && max_vinf_m_s > 0.0) =>
            {
                range(format!(
                    "entry v∞ limit {max_vinf_m_s} m/s is out of range: a finite speed > 0"
                ))
            }
            _ => Ok(()),
        }
    }

    /// The states of the departure and arrival bodies at `jd`.
    fn ends(&self, target: &Orbit, jd: f64, arrival: bool) -> State {
        match (self, arrival) {
            (Leg::Return(_), false) | (Leg::Outbound, true) => target.state(jd),
            _ => earth(jd),
        }
    }

    /// The transfer of arc velocities `v1`, `v2` between `from` and `to`;
    /// `None` when an entry would arrive too fast.
    fn cost(&self, from: &State, to: &State, v: ([f64; 3], [f64; 3])) -> Option<(f64, f64, f64)> {
        let departure = au_per_day_to_km_s(norm(sub(v.0, from.v))) * 1000.0;
        let vinf = au_per_day_to_km_s(norm(sub(v.1, to.v))) * 1000.0;
        let total = match *self {
            Leg::Return(Arrival::Capture {
                perigee_km,
                apogee_km,
            }) => departure + 1000.0 * capture_dv_km_s(vinf / 1000.0, perigee_km, apogee_km),
            Leg::Return(Arrival::Entry { max_vinf_m_s }) if vinf > max_vinf_m_s => return None,
            Leg::Return(Arrival::Entry { .. }) => departure,
            Leg::Outbound => departure + vinf,
        };
        Some((departure, vinf, total))
    }
}

impl Span {
    /// Checks the span: a finite first day, at least one departure day,
    /// 1 ≤ min ≤ max flight days, a step of at least 1 day, revolutions ≤ 32.
    pub fn check(&self) -> Result<(), PorkchopError> {
        if !self.first_departure_jd.is_finite() || self.departure_days == 0 {
            return range(format!(
                "departure span from JD {} over {} days: a finite date and at least 1 day",
                self.first_departure_jd, self.departure_days
            ));
        }
        if self.min_flight_days == 0 || self.min_flight_days > self.max_flight_days {
            return range(format!(
                "flight times {} to {} days are empty: need 1 ≤ min_flight_days ≤ max_flight_days",
                self.min_flight_days, self.max_flight_days
            ));
        }
        if self.flight_step_days == 0 {
            return range("flight-time step 0 days is out of range: at least 1 day".into());
        }
        if self.max_revolutions > MAX_REVOLUTIONS {
            return range(format!(
                "max_revolutions = {} is out of range: 0 to {MAX_REVOLUTIONS}",
                self.max_revolutions
            ));
        }
        Ok(())
    }

    /// The coarse flight times: every step from the shortest, and the longest.
    fn coarse_flights(&self) -> Vec<u32> {
        let (min, max) = (self.min_flight_days, self.max_flight_days);
        let mut axis: Vec<u32> = (min..=max)
            .step_by(self.flight_step_days as usize)
            .collect();
        if axis.last() != Some(&max) {
            axis.push(max);
        }
        axis
    }
}

/// The prograde transfers between two states `flight_days` apart, one per
/// arc, up to `revs` revolutions.
fn solve(
    leg: &Leg,
    from: &State,
    to: &State,
    departure_jd: f64,
    flight_days: u32,
    revs: u32,
) -> Result<Vec<Transfer>, LambertError> {
    let arcs = transfer(from.r, to.r, f64::from(flight_days), GM_SUN_AU3_D2, revs)?;
    Ok(arcs
        .iter()
        .filter_map(|arc| {
            let (departure_dv_m_s, arrival_vinf_m_s, total_dv_m_s) =
                leg.cost(from, to, (arc.v1, arc.v2))?;
            Some(Transfer {
                departure_jd,
                flight_days,
                revolutions: arc.revolutions,
                departure_dv_m_s,
                arrival_vinf_m_s,
                total_dv_m_s,
            })
        })
        .collect())
}

/// Every prograde transfer of `leg` for `target` departing at `departure_jd`
/// with a flight of `flight_days`, one per arc, up to `max_revolutions`.
pub fn transfers(
    target: &Orbit,
    leg: &Leg,
    departure_jd: f64,
    flight_days: u32,
    max_revolutions: u32,
) -> Result<Vec<Transfer>, PorkchopError> {
    leg.check()?;
    let from = leg.ends(target, departure_jd, false);
    let to = leg.ends(target, departure_jd + f64::from(flight_days), true);
    Ok(solve(
        leg,
        &from,
        &to,
        departure_jd,
        flight_days,
        max_revolutions,
    )?)
}

/// The outbound transfer of a launch date and flight time: the cheapest
/// prograde arc (launch v∞ + arrival v∞) up to `max_revolutions`; its launch
/// C3 is [`Transfer::c3_km2_s2`].
pub fn outbound(
    target: &Orbit,
    launch_jd: f64,
    flight_days: u32,
    max_revolutions: u32,
) -> Result<Transfer, PorkchopError> {
    transfers(
        target,
        &Leg::Outbound,
        launch_jd,
        flight_days,
        max_revolutions,
    )?
    .into_iter()
    .min_by(|a, b| a.total_dv_m_s.total_cmp(&b.total_dv_m_s))
    .ok_or(PorkchopError::NoTransfer {
        departure_jd: launch_jd,
        flight_days,
    })
}

/// Keeps `candidate` in `slot` when it is cheaper than what is there.
fn keep_cheaper(slot: &mut Option<Transfer>, candidate: Transfer) {
    if slot.is_none_or(|b| candidate.total_dv_m_s < b.total_dv_m_s) {
        *slot = Some(candidate);
    }
}

/// The states a porkchop reads: the departure body on each departure day,
/// the arrival body on each day from the first departure to the last arrival.
struct Tables<'a> {
    leg: &'a Leg,
    span: &'a Span,
    from: Vec<State>,
    to: Vec<State>,
}

impl Tables<'_> {
    /// The day's transfers with flight time `t`; none when Lambert fails.
    fn cell(&self, day: usize, t: u32) -> Vec<Transfer> {
        let jd = self.span.first_departure_jd + day as f64;
        let arrival = &self.to[day + t as usize];
        solve(
            self.leg,
            &self.from[day],
            arrival,
            jd,
            t,
            self.span.max_revolutions,
        )
        .unwrap_or_default()
    }

    /// The coarse row of `day` (best total per flight time of `axis`) and the
    /// best coarse transfer of each revolution count.
    fn coarse(&self, day: usize, axis: &[u32], row: &mut [Option<f64>]) -> Vec<Option<Transfer>> {
        let mut per_rev = vec![None; self.span.max_revolutions as usize + 1];
        for (slot, &t) in row.iter_mut().zip(axis) {
            for tr in self.cell(day, t) {
                *slot = Some(slot.map_or(tr.total_dv_m_s, |v: f64| v.min(tr.total_dv_m_s)));
                keep_cheaper(&mut per_rev[tr.revolutions as usize], tr);
            }
        }
        per_rev
    }

    /// The day's best: each revolution count's best coarse transfer, refined
    /// day by day within one coarse step either side.
    fn refine(&self, day: usize, seeds: &[Option<Transfer>]) -> Option<Transfer> {
        let span = self.span;
        let step = span.flight_step_days;
        let mut best = None;
        for seed in seeds.iter().flatten() {
            keep_cheaper(&mut best, *seed);
            let lo = seed
                .flight_days
                .saturating_sub(step - 1)
                .max(span.min_flight_days);
            let hi = (seed.flight_days + step - 1).min(span.max_flight_days);
            for t in (lo..=hi).filter(|&t| t != seed.flight_days) {
                for tr in self.cell(day, t) {
                    keep_cheaper(&mut best, tr);
                }
            }
        }
        best
    }
}

/// The porkchop of `leg` for `target` over `span` (about 1 µs per Lambert
/// problem, departure days spread over the available cores). A cell whose Lambert problem fails (colinear
/// positions) holds no transfer; it is not an error.
pub fn porkchop(target: &Orbit, leg: &Leg, span: &Span) -> Result<Porkchop, PorkchopError> {
    span.check()?;
    leg.check()?;
    let days = span.departure_days as usize;
    let jd = |k: usize| span.first_departure_jd + k as f64;
    let tables = Tables {
        leg,
        span,
        from: (0..days).map(|k| leg.ends(target, jd(k), false)).collect(),
        to: (0..days + span.max_flight_days as usize)
            .map(|k| leg.ends(target, jd(k), true))
            .collect(),
    };
    let axis = span.coarse_flights();
    let mut total_dv_m_s = vec![None; days * axis.len()];
    // Days are independent: they are solved in parallel, each into its own
    // row and slot, so the result does not depend on the thread count.
    let best = total_dv_m_s
        .par_chunks_mut(axis.len())
        .enumerate()
        .map(|(day, row)| {
            let seeds = tables.coarse(day, &axis, row);
            tables.refine(day, &seeds)
        })
        .collect();
    Ok(Porkchop {
        first_departure_jd: span.first_departure_jd,
        flight_days: axis,
        total_dv_m_s,
        best,
    })
}

impl Porkchop {
    /// The first departure day, Julian date.
    pub fn first_departure_jd(&self) -> f64 {
        self.first_departure_jd
    }

    /// The coarse flight times of the grid, days.
    pub fn flight_days(&self) -> &[u32] {
        &self.flight_days
    }

    /// The best total Δv (m/s) of the coarse cell (departure `day` from the
    /// first, flight time `flight_days()[k]`); `None` without a transfer.
    pub fn total_dv_m_s(&self, day: usize, k: usize) -> Option<f64> {
        self.total_dv_m_s
            .get(day * self.flight_days.len() + k)
            .copied()
            .flatten()
    }

    /// Each departure day's best transfer (refined), from the first day.
    pub fn best(&self) -> &[Option<Transfer>] {
        &self.best
    }

    /// The windows: maximal runs of departure days whose best total Δv is at
    /// most `max_total_dv_m_s`, in date order.
    pub fn windows(&self, max_total_dv_m_s: f64) -> Vec<Window> {
        let mut windows = Vec::new();
        let mut run: Option<Window> = None;
        for tr in &self.best {
            match (
                tr.filter(|t| t.total_dv_m_s <= max_total_dv_m_s),
                run.as_mut(),
            ) {
                (Some(t), Some(w)) => {
                    w.close_jd = t.departure_jd;
                    if t.total_dv_m_s < w.best.total_dv_m_s {
                        w.best = t;
                    }
                }
                (Some(t), None) => {
                    run = Some(Window {
                        open_jd: t.departure_jd,
                        close_jd: t.departure_jd,
                        best: t,
                    })
                }
                (None, _) => windows.extend(run.take()),
            }
        }
        windows.extend(run);
        windows
    }
}
