//! What a scenario with a real orbit derives once, before any replication:
//! the geometry of every mission day (Sun and Earth distances, conjunctions)
//! and, with orbit windows, the return porkchop and its windows, plus the
//! outbound transfer of the launch date. Shared read-only by every
//! replication ([`Prepared`]).
//! The rules: docs/model.md §Orbits.

use super::inputs::{AsWritten, Draws};
use crate::orbit::date::Date;
use crate::orbit::ephemeris::Orbit;
use crate::orbit::geometry::{GeometryDay, geometry_on};
use crate::orbit::porkchop::{
    Arrival, FLIGHT_STEP_DAYS, Leg, Porkchop, PorkchopError, Span, Transfer, outbound, porkchop,
};
use crate::scenario::{ArrivalMode, Scenario, WindowMode};
use crate::units::HOURS_PER_DAY;
use std::sync::{Arc, Mutex};

/// A scenario and what is computed once from it for all its replications.
#[derive(Debug, Clone)]
pub struct Prepared {
    scenario: Scenario,
    sky: Option<Arc<Sky>>,
    draws: Arc<dyn Draws>,
}

impl Prepared {
    /// Prepares `scenario`: computes its orbit tables and porkchop when it
    /// names an orbit (shared through a small cache, so variants that agree
    /// on the orbit keys compute them once).
    pub fn new(scenario: &Scenario) -> Result<Self, PorkchopError> {
        let sky = match scenario.target.orbit.as_ref() {
            Some(orbit) => Some(Arc::new(Sky::new(scenario, orbit.orbit())?)),
            None => None,
        };
        Ok(Self {
            scenario: scenario.clone(),
            sky,
            draws: Arc::new(AsWritten),
        })
    }

    /// The same scenario with its per-run uniforms and per-event scales
    /// taken from `draws` (a sampling design, a study's sample matrix).
    pub fn with_draws(self, draws: Arc<dyn Draws>) -> Self {
        Self { draws, ..self }
    }

    /// Where replications take their per-run uniforms and per-event scales.
    pub fn draws(&self) -> &dyn Draws {
        self.draws.as_ref()
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The orbit tables, when the scenario names an orbit.
    pub fn sky(&self) -> Option<&Sky> {
        self.sky.as_deref()
    }
}

/// A return window in mission days (both ends included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReturnWindow {
    /// First departure day.
    pub open_day: u32,
    /// Last departure day.
    pub close_day: u32,
    /// The cheapest transfer of the window.
    pub best: Transfer,
}

/// The return porkchop of a scenario in mission days.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnPlan {
    /// The porkchop (for charts and the CSV).
    pub porkchop: Arc<Porkchop>,
    /// Mission day of the porkchop's first departure day.
    pub first_day: u32,
    /// The windows, in date order.
    pub windows: Vec<ReturnWindow>,
    /// The window limit, m/s.
    pub max_delta_v_m_s: f64,
    /// The leg the porkchop solves (return, ending as the scenario says).
    pub leg: Leg,
}

impl ReturnPlan {
    /// The best transfer departing on mission `day`, if any.
    pub fn transfer(&self, day: u32) -> Option<&Transfer> {
        let k = day.checked_sub(self.first_day)?;
        self.porkchop.best().get(k as usize)?.as_ref()
    }
}

/// The orbit tables of a scenario: per mission day from the launch (day 0)
/// to past the latest horizon, the return plan, the outbound transfer.
#[derive(Debug, Clone, PartialEq)]
pub struct Sky {
    /// The launch date: mission day 0.
    pub launch: Date,
    /// The geometry of each mission day (at its 00:00 UTC).
    pub days: Vec<GeometryDay>,
    /// For each mission day, the first day from it on that is not in
    /// conjunction (`days.len()` when none is left in the table).
    clear_from: Vec<u32>,
    /// The return porkchop and its windows (orbit windows only).
    pub returns: Option<ReturnPlan>,
    /// The outbound transfer of the launch date and the median outbound
    /// flight time, when one exists.
    pub outbound: Option<Transfer>,
}

impl Sky {
    fn new(s: &Scenario, orbit: &Orbit) -> Result<Self, PorkchopError> {
        let launch = s
            .transit
            .launch_date
            .as_ref()
            .map(|d| d.date())
            .ok_or_else(|| {
                PorkchopError::Range("a scenario with an orbit needs a launch date".into())
            })?;
        let horizon = s.scenario.horizon_days.dist().support().high.ceil() as u32;
        let min_elongation = s.comms.min_elongation_deg.setting();
        let days = (0..=horizon + 1)
            .map(|k| {
                let g = launch
                    .plus_days(i64::from(k))
                    .map(|d| geometry_on(orbit, d, min_elongation))
                    .map_err(|e| PorkchopError::Range(e.to_string()))?;
                Ok(g)
            })
            .collect::<Result<Vec<_>, PorkchopError>>()?;
        let clear_from = clear_from(&days);
        let flight = s.transit.outbound_days.dist().sampler().quantile(0.5);
        let outbound = outbound(
            orbit,
            launch.jd(),
            flight.round().max(1.0) as u32,
            s.return_plan.max_revolutions(),
        )
        .ok();
        let returns = if s.window_mode() == WindowMode::Orbit {
            Some(return_plan(s, orbit, launch, horizon)?)
        } else {
            None
        };
        Ok(Self {
            launch,
            days,
            clear_from,
            returns,
            outbound,
        })
    }

    /// The geometry of mission `day`, clamped to the table.
    fn day(&self, day: usize) -> &GeometryDay {
        &self.days[day.min(self.days.len() - 1)]
    }

    /// Target–Sun distance on the day of mission hour `t_h`, au.
    pub fn sun_au(&self, t_h: f64) -> f64 {
        self.day(day_index(t_h)).sun_distance_au
    }

    /// Target–Earth distance at mission hour `t_h`, au, interpolated
    /// between the days' midnights.
    pub fn earth_au(&self, t_h: f64) -> f64 {
        let days = (t_h / HOURS_PER_DAY).max(0.0);
        let k = days.floor();
        let (a, b) = (
            self.day(k as usize).earth_distance_au,
            self.day(k as usize + 1).earth_distance_au,
        );
        a + (b - a) * (days - k)
    }

    /// One-way light time at mission hour `t_h`, hours.
    pub fn light_h(&self, t_h: f64) -> f64 {
        super::comms::light_time_h(self.earth_au(t_h))
    }

    /// The first moment at or after mission hour `t_h` outside a
    /// conjunction: `t_h` itself, or the start of the first clear day.
    pub fn clear_at_or_after(&self, t_h: f64) -> f64 {
        let k = day_index(t_h);
        if k >= self.days.len() || !self.days[k].conjunction {
            return t_h;
        }
        f64::from(self.clear_from[k]) * HOURS_PER_DAY
    }
}

/// The mission day of hour `t_h` (day 0 before launch).
fn day_index(t_h: f64) -> usize {
    (t_h / HOURS_PER_DAY).max(0.0) as usize
}

/// For each day, the first day from it on that is not in conjunction.
fn clear_from(days: &[GeometryDay]) -> Vec<u32> {
    let mut out = vec![0; days.len()];
    let mut next = days.len() as u32;
    for (k, d) in days.iter().enumerate().rev() {
        if !d.conjunction {
            next = k as u32;
        }
        out[k] = next;
    }
    out
}

/// The return porkchop from the earliest arrival to the latest horizon, and
/// its windows.
fn return_plan(
    s: &Scenario,
    orbit: &Orbit,
    launch: Date,
    horizon: u32,
) -> Result<ReturnPlan, PorkchopError> {
    let r = &s.return_plan;
    let arrival = match s.arrival_mode() {
        ArrivalMode::Capture => Arrival::Capture {
            perigee_km: r.capture_perigee_km.setting(),
            apogee_km: r.capture_apogee_km.setting(),
        },
        ArrivalMode::Entry => Arrival::Entry {
            max_vinf_m_s: r.max_entry_vinf_m_s.setting(),
        },
    };
    let (min_flight_days, max_flight_days) = r.flight_days();
    let first_day = (s.transit.outbound_days.dist().support().low.floor() as u32).min(horizon);
    let span = Span {
        first_departure_jd: launch.jd() + f64::from(first_day),
        departure_days: horizon - first_day + 1,
        min_flight_days,
        max_flight_days,
        flight_step_days: FLIGHT_STEP_DAYS,
        max_revolutions: r.max_revolutions(),
    };
    let leg = Leg::Return(arrival);
    let porkchop = cached_porkchop(orbit, &leg, &span)?;
    let max_delta_v_m_s = r.max_delta_v_m_s.setting();
    let day_of_jd = |jd: f64| (jd - launch.jd()).round() as u32;
    let windows = porkchop
        .windows(max_delta_v_m_s)
        .into_iter()
        .map(|w| ReturnWindow {
            open_day: day_of_jd(w.open_jd),
            close_day: day_of_jd(w.close_jd),
            best: w.best,
        })
        .collect();
    Ok(ReturnPlan {
        porkchop,
        first_day,
        windows,
        max_delta_v_m_s,
        leg,
    })
}

/// What a porkchop is computed from, bit for bit.
type CacheKey = ([u64; 7], [u64; 3], [u32; 5], u64);

fn cache_key(orbit: &Orbit, leg: &Leg, span: &Span) -> CacheKey {
    let e = orbit.elements();
    let bits = |xs: [f64; 3]| xs.map(f64::to_bits);
    let leg_bits = match *leg {
        Leg::Return(Arrival::Capture {
            perigee_km,
            apogee_km,
        }) => bits([1.0, perigee_km, apogee_km]),
        Leg::Return(Arrival::Entry { max_vinf_m_s }) => bits([2.0, max_vinf_m_s, 0.0]),
        Leg::Outbound => bits([3.0, 0.0, 0.0]),
    };
    (
        [
            e.a_au,
            e.e,
            e.i_deg,
            e.node_deg,
            e.peri_deg,
            e.mean_anomaly_deg,
            e.epoch_jd,
        ]
        .map(f64::to_bits),
        leg_bits,
        [
            span.departure_days,
            span.min_flight_days,
            span.max_flight_days,
            span.flight_step_days,
            span.max_revolutions,
        ],
        span.first_departure_jd.to_bits(),
    )
}

/// How many porkchops the cache keeps: enough for a sweep's variants that
/// share an orbit, small enough to bound memory (a few MB each).
const CACHE_SIZE: usize = 8;

/// The porkchop of `leg` over `span`, from a small cache of the most recent
/// ones: the computation is deterministic, so a cached copy is the same
/// value bit for bit.
fn cached_porkchop(orbit: &Orbit, leg: &Leg, span: &Span) -> Result<Arc<Porkchop>, PorkchopError> {
    static CACHE: Mutex<Vec<(CacheKey, Arc<Porkchop>)>> = Mutex::new(Vec::new());
    let key = cache_key(orbit, leg, span);
    let hit = |cache: &Vec<(CacheKey, Arc<Porkchop>)>| {
        cache
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, p)| Arc::clone(p))
    };
    if let Some(p) = CACHE.lock().ok().and_then(|c| hit(&c)) {
        return Ok(p);
    }
    let computed = Arc::new(porkchop(orbit, leg, span)?);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_SIZE {
            cache.remove(0);
        }
        cache.push((key, Arc::clone(&computed)));
    }
    Ok(computed)
}
