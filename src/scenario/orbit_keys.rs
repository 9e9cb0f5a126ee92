//! The keys that put a scenario on a real orbit (`target.orbit`,
//! `transit.launch_date`, `return.windows` and the porkchop settings) and
//! the rules that tie them to the keys they replace.
//! The rules: docs/model.md §Orbits.
//!
//! Presence is decided here, before defaults are filled in, so that a key
//! written in the file can be told from one left out:
//! - with `target.orbit`, the Earth and Sun distances come from the orbits:
//!   `target.distance_au` and `power.heliocentric_au` are errors, a
//!   `transit.launch_date` is needed, and the catalog fills
//!   `target.diameter_m` and `target.bulk_density_kg_m3` when they are left
//!   out;
//! - with `return.windows = "orbit"` (the default when an orbit is given),
//!   the porkchop sets the windows, the Δv and the flight time: the fixed
//!   window keys are errors naming their replacement and
//!   `return.max_delta_v_m_s` is needed; with `"fixed"` it is the other way
//!   round.

use super::declare::{KeySpec, KeyValue};
use super::diagnostic::Diagnostic;
use super::param::Param;
use super::schema::{ArrivalMode, Scenario, WindowMode, key};
use crate::orbit::catalog::{self, Target};
use crate::orbit::date::Date;
use crate::orbit::ephemeris::{EPHEMERIS_YEARS, Elements, Orbit};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// `transit.launch_date` as written: a calendar date, quoted or bare.
#[derive(Debug, Clone, PartialEq)]
pub struct DateKey {
    date: Date,
    span: Range<usize>,
}

impl DateKey {
    /// The date.
    pub fn date(&self) -> Date {
        self.date
    }

    /// Where it is written.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

impl<'de> Deserialize<'de> for DateKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = Spanned::<toml::Value>::deserialize(d)?;
        let span = written.span();
        let text = match written.get_ref() {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "must be a calendar date such as 2031-06-15 (UTC), got {other}"
                )));
            }
        };
        let date = Date::parse(&text).map_err(|e| {
            let e = e.to_string();
            if e.contains("e.g.") {
                serde::de::Error::custom(e)
            } else {
                serde::de::Error::custom(format!("{e}; e.g. 2031-06-15"))
            }
        })?;
        if !EPHEMERIS_YEARS.contains(&date.year()) {
            return Err(serde::de::Error::custom(format!(
                "{date} is outside 1800-01-01 to 2100-12-31, the years the Earth's \
                 orbital elements hold for"
            )));
        }
        Ok(Self { date, span })
    }
}

/// `target.orbit` as written: a catalog target or inline elements.
#[derive(Debug, Clone, PartialEq)]
pub struct OrbitKey {
    target: Option<&'static Target>,
    orbit: Orbit,
    span: Range<usize>,
}

impl OrbitKey {
    /// The catalog name, or `inline` for elements given in the file.
    pub fn name(&self) -> &'static str {
        self.target.map_or("inline", |t| t.name.as_str())
    }

    /// The catalog entry, when the orbit names one.
    pub fn target(&self) -> Option<&'static Target> {
        self.target
    }

    /// The orbit.
    pub fn orbit(&self) -> &Orbit {
        &self.orbit
    }

    /// Where it is written.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

impl<'de> Deserialize<'de> for OrbitKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let written = Spanned::<toml::Value>::deserialize(d)?;
        let span = written.span();
        match written.into_inner() {
            toml::Value::String(name) => {
                let target = catalog::target(&name).map_err(|e| {
                    D::Error::custom(format!("{e} (`astromine orbit --list` shows them)"))
                })?;
                Ok(Self {
                    target: Some(target),
                    orbit: target.orbit.clone(),
                    span,
                })
            }
            toml::Value::Table(table) => {
                let elements = Elements::deserialize(table).map_err(|e| {
                    D::Error::custom(format!(
                        "{}; inline elements are a_au, e, i_deg, node_deg, peri_deg, \
                         mean_anomaly_deg and epoch_jd",
                        e.message().trim_end()
                    ))
                })?;
                let orbit = Orbit::new(elements).map_err(D::Error::custom)?;
                Ok(Self {
                    target: None,
                    orbit,
                    span,
                })
            }
            other => Err(D::Error::custom(format!(
                "must be a target name from the catalog such as \"bennu\", or a table of \
                 elements {{ a_au, e, i_deg, node_deg, peri_deg, mean_anomaly_deg, epoch_jd }}; \
                 got {other}"
            ))),
        }
    }
}

impl Scenario {
    /// Whether the scenario's geometry comes from a real orbit.
    pub fn has_orbit(&self) -> bool {
        self.target.orbit.is_some()
    }

    /// Where the return windows come from: as written, or from the porkchop
    /// when the scenario names an orbit.
    pub fn window_mode(&self) -> WindowMode {
        self.return_plan.windows.unwrap_or(if self.has_orbit() {
            WindowMode::Orbit
        } else {
            WindowMode::Fixed
        })
    }

    /// How return trips end at the Earth (orbit windows).
    pub fn arrival_mode(&self) -> ArrivalMode {
        self.return_plan.arrival.unwrap_or(ArrivalMode::Capture)
    }
}

/// The window mode the presence rules judge the other keys by: as
/// [`Scenario::window_mode`], except that `windows = "orbit"` without an
/// orbit (itself an error) counts as fixed, so one mistake gives one error.
fn rule_mode(s: &Scenario) -> WindowMode {
    if s.has_orbit() {
        s.window_mode()
    } else {
        WindowMode::Fixed
    }
}

/// Whether `spec` is written in the file (before defaults are filled).
pub(super) fn written(s: &Scenario, spec: &KeySpec) -> bool {
    match spec.value(s) {
        KeyValue::Number(p) => !p.is_absent(),
        KeyValue::Default => false,
        _ => true,
    }
}

/// Where `spec` is written, when it is.
pub(super) fn span_of(s: &Scenario, spec: &KeySpec) -> Option<Range<usize>> {
    match spec.value(s) {
        KeyValue::Number(p) => Some(p.span()),
        KeyValue::Whole(_, span) => span,
        KeyValue::Date(d) => Some(d.span()),
        KeyValue::Orbit(_) => s.target.orbit.as_ref().map(OrbitKey::span),
        _ => None,
    }
}

/// The keys an orbit replaces, and what replaces each.
const REPLACED_BY_ORBIT: [(&KeySpec, &str); 2] = [
    (
        key::target::distance_au,
        "the Earth distance comes from the orbits of the target and the Earth",
    ),
    (
        key::power::heliocentric_au,
        "the Sun distance comes from the target's orbit, day by day",
    ),
];

/// The keys the porkchop replaces, and what replaces each.
const REPLACED_BY_PORKCHOP: [(&KeySpec, &str); 5] = [
    (
        key::return_plan::delta_v_m_s,
        "each departure day's Δv comes from the porkchop; return.max_delta_v_m_s bounds it",
    ),
    (
        key::return_plan::first_window_day,
        "windows are the days whose best Δv is at most return.max_delta_v_m_s",
    ),
    (
        key::return_plan::window_every_days,
        "windows are the days whose best Δv is at most return.max_delta_v_m_s",
    ),
    (
        key::return_plan::window_days,
        "windows are the days whose best Δv is at most return.max_delta_v_m_s",
    ),
    (
        key::return_plan::return_days,
        "each departure day's flight time comes from the porkchop, within \
         return.min_flight_days and return.max_flight_days",
    ),
];

/// Keys that only the porkchop reads.
const PORKCHOP_ONLY: [&KeySpec; 8] = [
    key::return_plan::max_delta_v_m_s,
    key::return_plan::min_flight_days,
    key::return_plan::max_flight_days,
    key::return_plan::max_revolutions,
    key::return_plan::arrival,
    key::return_plan::capture_perigee_km,
    key::return_plan::capture_apogee_km,
    key::return_plan::max_entry_vinf_m_s,
];

/// Every problem with the presence of the orbit keys and the keys they
/// replace; call before defaults are filled.
pub(super) fn check_presence(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let orbit = s.has_orbit();
    let mode = rule_mode(s);
    let mut replaced = |spec: &KeySpec, by: &str, why: &str| {
        out.push(Diagnostic::new(
            spec.path,
            format!("is replaced by {by}: {why}; remove this key"),
            span_of(s, spec),
        ));
    };
    for (spec, why) in REPLACED_BY_ORBIT {
        if orbit && written(s, spec) {
            replaced(spec, "target.orbit", why);
        }
    }
    if mode == WindowMode::Orbit {
        for (spec, why) in REPLACED_BY_PORKCHOP {
            if written(s, spec) {
                replaced(spec, "the porkchop (return.windows = \"orbit\")", why);
            }
        }
    }
    let mut missing = |spec: &KeySpec, why: &str| {
        out.push(missing_key(spec, why));
    };
    for (spec, _) in REPLACED_BY_ORBIT {
        if !orbit && !written(s, spec) {
            missing(spec, "it is needed without target.orbit");
        }
    }
    let from_catalog = s.target.orbit.as_ref().and_then(OrbitKey::target).is_some();
    for spec in [key::target::diameter_m, key::target::bulk_density_kg_m3] {
        if !from_catalog && !written(s, spec) {
            missing(
                spec,
                if orbit {
                    "inline orbital elements carry no physical data; give it"
                } else {
                    "it is needed without target.orbit, which would give it"
                },
            );
        }
    }
    if orbit && !written(s, key::transit::launch_date) {
        missing(
            key::transit::launch_date,
            "a scenario with target.orbit needs one, e.g. launch_date = 2031-06-15",
        );
    }
    match mode {
        WindowMode::Fixed => {
            for (spec, _) in REPLACED_BY_PORKCHOP {
                if !written(s, spec) {
                    missing(spec, "it is needed with return.windows = \"fixed\"");
                }
            }
        }
        WindowMode::Orbit => {
            if !written(s, key::return_plan::max_delta_v_m_s) {
                missing(
                    key::return_plan::max_delta_v_m_s,
                    "it is needed with return.windows = \"orbit\": a departure day belongs \
                     to a window when its best total Δv is at most this",
                );
            }
        }
    }
    check_misplaced(s, out);
}

/// Keys written where nothing reads them.
fn check_misplaced(s: &Scenario, out: &mut Vec<Diagnostic>) {
    if !s.has_orbit() && s.return_plan.windows == Some(WindowMode::Orbit) {
        out.push(Diagnostic::new(
            key::return_plan::windows.path,
            "\"orbit\" needs target.orbit: the windows come from the target's orbit; \
             name a target (e.g. orbit = \"bennu\") or use windows = \"fixed\"",
            None,
        ));
    }
    let mut unused = |spec: &KeySpec, only: &str| {
        if written(s, spec) {
            out.push(Diagnostic::new(
                spec.path,
                format!("applies only {only}; remove it or set that"),
                span_of(s, spec),
            ));
        }
    };
    if !s.has_orbit() {
        unused(key::transit::launch_date, "with target.orbit");
        unused(key::comms::min_elongation_deg, "with target.orbit");
    }
    if rule_mode(s) == WindowMode::Fixed {
        for spec in PORKCHOP_ONLY {
            unused(spec, "with return.windows = \"orbit\"");
        }
        return;
    }
    match s.arrival_mode() {
        ArrivalMode::Capture => unused(
            key::return_plan::max_entry_vinf_m_s,
            "with return.arrival = \"entry\"",
        ),
        ArrivalMode::Entry => {
            for spec in [
                key::return_plan::capture_perigee_km,
                key::return_plan::capture_apogee_km,
            ] {
                unused(spec, "with return.arrival = \"capture\"");
            }
        }
    }
}

/// A key that must be written: located at its section by the caller.
pub(super) fn missing_key(spec: &KeySpec, why: &str) -> Diagnostic {
    let (section, name) = spec.path.split_once('.').unwrap_or(("", spec.path));
    Diagnostic::new(
        spec.path,
        format!("missing key `{name}` in [{section}]: {why}"),
        None,
    )
}

/// Fills the physical data a catalog target gives, where the file leaves
/// it out; a target without a measured density needs one in the file.
pub(super) fn fill_from_catalog(s: &mut Scenario, out: &mut Vec<Diagnostic>) {
    let Some(target) = s.target.orbit.as_ref().and_then(OrbitKey::target) else {
        return;
    };
    let fill = |p: &mut Param, v: f64| {
        if p.is_absent() {
            *p = Param::fixed(v);
        }
    };
    fill(&mut s.target.diameter_m, target.diameter_m);
    match target.bulk_density_kg_m3 {
        Some(density) => fill(&mut s.target.bulk_density_kg_m3, density),
        None if s.target.bulk_density_kg_m3.is_absent() => out.push(missing_key(
            key::target::bulk_density_kg_m3,
            &format!(
                "the catalog has no measured density for {}; give one (C-types \
                 1100-1500 kg/m³, S-types 1900-2700)",
                target.name
            ),
        )),
        None => {}
    }
}

/// The last day a mission can need the ephemeris for: its horizon plus the
/// longest return flight.
pub(super) fn check_dates(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let Some(launch) = &s.transit.launch_date else {
        return;
    };
    let horizon = s.scenario.horizon_days.dist().support().high;
    let flight = s
        .return_plan
        .max_flight_days
        .as_fixed()
        .filter(|_| s.window_mode() == WindowMode::Orbit)
        .unwrap_or(0.0);
    let last = launch.date().plus_days((horizon + flight).ceil() as i64);
    if last.is_err() || last.is_ok_and(|d| !EPHEMERIS_YEARS.contains(&d.year())) {
        out.push(Diagnostic::new(
            key::transit::launch_date.path,
            format!(
                "the mission would run past 2100-12-31 ({} days of horizon{}), beyond the \
                 years the Earth's orbital elements hold for; launch earlier or shorten \
                 scenario.horizon_days",
                super::show_number(horizon),
                if flight > 0.0 {
                    format!(
                        " and up to {} days of return flight",
                        super::show_number(flight)
                    )
                } else {
                    String::new()
                }
            ),
            Some(launch.span()),
        ));
    }
}
