//! What a batch reports about its orbit: the launch, the outbound transfer,
//! the return windows (in summary.json and in the report), and the warnings
//! `check` gives. The rules: docs/model.md §Orbits.

use super::charts::GeometryChart;
use super::document::Block;
use super::format::thousands;
use crate::model::sky::Sky;
use crate::model::trace::{EventKind, TraceEvent};
use crate::orbit::date::Date;
use crate::orbit::porkchop::Transfer;
use crate::scenario::Scenario;
use crate::units::hours_to_days;
use serde::Serialize;

/// One return window, dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowSummary {
    /// First departure day.
    pub open: String,
    /// Last departure day.
    pub close: String,
    /// The day of the cheapest departure.
    pub best_day: String,
    /// Its total Δv, m/s.
    pub best_total_dv_m_s: f64,
    /// Its flight time, days.
    pub flight_days: u32,
}

/// The outbound transfer of the launch date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboundSummary {
    /// Launch date.
    pub launch_date: String,
    /// Flight time (the median of `transit.outbound_days`), days.
    pub flight_days: u32,
    /// Complete revolutions on the way.
    pub revolutions: u32,
    /// Launch energy, km²/s².
    pub c3_km2_s2: f64,
    /// Arrival speed relative to the target, m/s.
    pub arrival_vinf_m_s: f64,
}

/// The orbit part of summary.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrbitSummary {
    /// The target's catalog name, or `inline`.
    pub target_orbit: String,
    /// Mission day 0.
    pub launch_date: String,
    /// The outbound transfer, when one exists for the launch date.
    pub outbound: Option<OutboundSummary>,
    /// The return windows (orbit windows only), from the earliest arrival
    /// to the latest horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub windows: Option<Vec<WindowSummary>>,
    /// The window limit, m/s (orbit windows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_delta_v_m_s: Option<f64>,
    /// The target's display name (`target.name`), for the report.
    #[serde(skip)]
    pub target_name: String,
}

/// Rounds to 0.1 (m/s, km²/s²): the model's resolution, steady across
/// platforms in the JSON.
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn date_of(jd: f64) -> String {
    Date::from_jd(jd).map_or_else(|_| format!("JD {jd}"), |d| d.to_string())
}

fn day_date(sky: &Sky, day: u32) -> String {
    sky.launch
        .plus_days(i64::from(day))
        .map_or_else(|_| format!("day {day}"), |d| d.to_string())
}

impl OrbitSummary {
    /// The summary of `sky` for scenario `s`.
    pub fn of(s: &Scenario, sky: &Sky) -> Self {
        let windows = sky.returns.as_ref().map(|r| {
            r.windows
                .iter()
                .map(|w| WindowSummary {
                    open: day_date(sky, w.open_day),
                    close: day_date(sky, w.close_day),
                    best_day: date_of(w.best.departure_jd),
                    best_total_dv_m_s: tenth(w.best.total_dv_m_s),
                    flight_days: w.best.flight_days,
                })
                .collect()
        });
        Self {
            target_orbit: s
                .target
                .orbit
                .as_ref()
                .map_or("inline", |o| o.name())
                .to_owned(),
            launch_date: sky.launch.to_string(),
            outbound: sky.outbound.as_ref().map(outbound_of),
            windows,
            max_delta_v_m_s: sky.returns.as_ref().map(|r| r.max_delta_v_m_s),
            target_name: target_label(s),
        }
    }

    /// The report's section on the orbit: the launch and the windows.
    pub(crate) fn blocks(&self) -> Vec<Block> {
        let mut blocks = vec![Block::Heading(2, "Orbit and return windows".into())];
        let launch = match &self.outbound {
            Some(o) => format!(
                "Launch {} to {} on a {}-day transfer{}: launch C3 {} km²/s², arrival \
                 {} m/s relative to the target.",
                self.launch_date,
                self.target_name,
                o.flight_days,
                match o.revolutions {
                    0 => String::new(),
                    n => format!(" ({n} revolution{})", if n == 1 { "" } else { "s" }),
                },
                thousands(o.c3_km2_s2, 1),
                thousands(o.arrival_vinf_m_s, 0)
            ),
            None => format!(
                "Launch {} to {}: no prograde transfer for the median outbound flight time.",
                self.launch_date, self.target_name
            ),
        };
        blocks.push(Block::Paragraph(launch));
        let (Some(windows), Some(limit)) = (&self.windows, self.max_delta_v_m_s) else {
            blocks.push(Block::Paragraph(
                "Return windows are fixed by the scenario (return.windows = \"fixed\"); the \
                 Earth and Sun distances follow the orbit."
                    .into(),
            ));
            return blocks;
        };
        if windows.is_empty() {
            blocks.push(Block::Paragraph(format!(
                "No departure day between the earliest arrival and the horizon has a return \
                 under {} m/s: no trip can come home.",
                thousands(limit, 0)
            )));
            return blocks;
        }
        blocks.push(Block::Paragraph(format!(
            "Trips leave only on days whose best return costs at most {} m/s (total Δv, \
             including the capture or entry conditions); each uses its day's Δv and flight \
             time. Windows from the earliest arrival to the horizon:",
            thousands(limit, 0)
        )));
        blocks.push(Block::Table {
            header: [
                "opens",
                "closes",
                "best day",
                "best Δv, m/s",
                "flight, days",
            ]
            .map(String::from)
            .to_vec(),
            right: vec![false, false, false, true, true],
            rows: windows
                .iter()
                .map(|w| {
                    vec![
                        w.open.clone(),
                        w.close.clone(),
                        w.best_day.clone(),
                        thousands(w.best_total_dv_m_s, 0),
                        w.flight_days.to_string(),
                    ]
                })
                .collect(),
        });
        blocks
    }
}

/// The target as the report names it: its display name, with the catalog
/// entry when the two differ (a sweep over `target.orbit` keeps the name).
fn target_label(s: &Scenario) -> String {
    let name = &s.target.name;
    match s.target.orbit.as_ref().map(|o| o.name()) {
        Some(orbit) if !name.to_lowercase().replace(' ', "-").contains(orbit) => {
            format!("{name} (orbit: {orbit})")
        }
        _ => name.clone(),
    }
}

fn outbound_of(t: &Transfer) -> OutboundSummary {
    OutboundSummary {
        launch_date: date_of(t.departure_jd),
        flight_days: t.flight_days,
        revolutions: t.revolutions,
        c3_km2_s2: tenth(t.c3_km2_s2()),
        arrival_vinf_m_s: tenth(t.arrival_vinf_m_s),
    }
}

/// The geometry chart of a mission: the days of `sky`, the porkchop's
/// windows (or, with fixed windows, those the replication saw) and the
/// arrival and departures of the replication traced in `events`.
pub(crate) fn geometry_chart(s: &Scenario, sky: &Sky, events: &[TraceEvent]) -> GeometryChart {
    let day = |e: &TraceEvent| hours_to_days(e.time_h);
    let windows = match &sky.returns {
        Some(r) => r
            .windows
            .iter()
            .map(|w| (f64::from(w.open_day), f64::from(w.close_day)))
            .collect(),
        None => {
            let opens = events.iter().filter(|e| e.kind == EventKind::WindowOpen);
            let closes = events.iter().filter(|e| e.kind == EventKind::WindowClose);
            // A window closes at the end of its last day.
            opens
                .zip(closes)
                .map(|(o, c)| (day(o), (day(c) - 1.0).max(day(o))))
                .collect()
        }
    };
    GeometryChart {
        target: s.target.name.clone(),
        launch: sky.launch,
        days: sky.days.clone(),
        // A drawn array size is shown at its median.
        array_kw_1au: s.power.array_kw_1au.dist().sampler().quantile(0.5),
        arrival_day: events
            .iter()
            .find(|e| e.kind == EventKind::Arrival)
            .map(day),
        windows,
        departures: events
            .iter()
            .filter(|e| e.kind == EventKind::Departure)
            .map(|e| (day(e), e.quantity))
            .collect(),
        horizon_day: s.scenario.horizon_days.dist().support().high,
    }
}

/// What `check` warns about in a valid scenario with an orbit: a mission
/// that can never come home, or a launch with no transfer.
pub fn warnings(s: &Scenario, sky: &Sky) -> Vec<String> {
    let mut out = Vec::new();
    if sky.outbound.is_none() {
        out.push(format!(
            "no prograde transfer reaches the target from launch on {} in the median \
             transit.outbound_days; choose another launch date or flight time \
             (astromine porkchop SCENARIO --leg outbound)",
            sky.launch
        ));
    }
    let earliest_ops =
        s.transit.outbound_days.dist().support().low + s.target.survey_days.dist().support().low;
    if let Some(last) = sky
        .returns
        .as_ref()
        .and_then(|r| r.windows.last())
        .filter(|w| f64::from(w.close_day) + 1.0 < earliest_ops)
    {
        out.push(format!(
            "every return window closes before operations can start: the last closes on \
             mission day {} ({}), and operations start on day {} at the earliest \
             (transit.outbound_days + target.survey_days), so no trip can ever come home",
            last.close_day,
            day_date(sky, last.close_day),
            thousands(earliest_ops, 0)
        ));
    }
    if let Some(r) = sky.returns.as_ref().filter(|r| r.windows.is_empty()) {
        let cheapest = r
            .porkchop
            .best()
            .iter()
            .flatten()
            .min_by(|a, b| a.total_dv_m_s.total_cmp(&b.total_dv_m_s));
        let horizon = s.scenario.horizon_days.dist().support().high;
        out.push(format!(
            "no return window: no departure day from mission day {} to the horizon (day {}) \
             has a return under return.max_delta_v_m_s = {} m/s, so no trip can ever come \
             home{}",
            r.first_day,
            thousands(horizon, 0),
            thousands(r.max_delta_v_m_s, 0),
            match cheapest {
                Some(t) => format!(
                    "; the cheapest departure in that span costs {} m/s on {}",
                    thousands(t.total_dv_m_s, 0),
                    date_of(t.departure_jd)
                ),
                None => "; no prograde transfer exists in that span".to_owned(),
            }
        ));
    }
    out
}
