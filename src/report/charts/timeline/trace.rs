//! The timeline's data, read from a replication's trace: each robot's and
//! the plant's activity spans, the dust holds, the propellant on hand and
//! the return trips' flights home.

use crate::model::RunRecord;
use crate::model::trace::{Activity, Entity, EventKind, TraceEvent};
use crate::report::format::thousands;
use crate::units::hours_to_days;

/// One row of the timeline: intervals in mission days.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// Row label (`robot 1`, `plant`).
    pub(super) label: String,
    /// (start day, end day, activity), in time order.
    pub(super) spans: Vec<(f64, f64, Activity)>,
}

/// The timeline of one replication, built from its trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Replication index.
    pub(super) run: u64,
    /// Its record.
    pub(super) record: RunRecord,
    /// First and last day shown.
    pub(super) days: (f64, f64),
    /// Robots, then the plant.
    pub(super) rows: Vec<Row>,
    /// Dust holds, (start, end) in days.
    pub(super) holds: Vec<(f64, f64)>,
    /// The day operations ended: the activity rows and the propellant stop
    /// there; the flights home go on.
    pub(super) ops_end: f64,
    /// Propellant on hand, (day, kg), after every change.
    pub(super) propellant: Vec<(f64, f64)>,
    /// The return trips, in departure order.
    pub(super) flights: Vec<Flight>,
}

/// A return trip's flight home.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Flight {
    /// Departure day.
    pub(super) leave: f64,
    /// Arrival day (delivered or lost), if it arrived within the trace.
    pub(super) arrive: Option<f64>,
    /// Cargo, kg.
    pub(super) cargo_kg: f64,
    /// Lost on the way.
    pub(super) lost: bool,
}

impl Flight {
    /// What became of its cargo: "100,000 kg delivered".
    pub(super) fn label(&self) -> String {
        let fate = match (self.arrive, self.lost) {
            (None, _) => "in flight",
            (Some(_), true) => "lost",
            (Some(_), false) => "delivered",
        };
        format!("{} kg {fate}", thousands(self.cargo_kg, 0))
    }
}

fn day(e: &TraceEvent) -> f64 {
    hours_to_days(e.time_h)
}

/// First day shown and the end of operations: from five days before
/// arrival to the end of operations (or the last event).
fn shown_days(events: &[TraceEvent]) -> (f64, f64) {
    let start = events
        .iter()
        .find(|e| e.kind == EventKind::Arrival)
        .map_or(0.0, |e| day(e) - 5.0)
        .max(0.0);
    let end = events
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::OperationsEnd)
        .map_or_else(|| events.last().map_or(1.0, day), day)
        .max(start + 1.0);
    (start, end)
}

/// The return trips of `events`: each departure, with the arrival (or
/// loss) of the same trip.
fn flights(events: &[TraceEvent]) -> Vec<Flight> {
    let mut flights: Vec<Flight> = Vec::new();
    for e in events {
        let Entity::Trip(n) = e.entity else {
            continue;
        };
        let trip = (n as usize).checked_sub(1);
        match e.kind {
            EventKind::Departure => flights.push(Flight {
                leave: day(e),
                arrive: None,
                cargo_kg: e.quantity,
                lost: false,
            }),
            EventKind::Delivered | EventKind::LostInTransit => {
                if let Some(f) = trip.and_then(|i| flights.get_mut(i)) {
                    f.arrive = Some(day(e));
                    f.lost = e.kind == EventKind::LostInTransit;
                }
            }
            _ => {}
        }
    }
    flights
}

/// A row per robot, then the plant's, each cut into spans at the events
/// that change its activity. Robots anchor from the survey on; nothing
/// follows [`Activity::Out`].
fn activity_rows(events: &[TraceEvent], (start, end): (f64, f64)) -> Vec<Row> {
    let robots = events
        .iter()
        .filter_map(|e| match e.entity {
            Entity::Robot(n) => Some(n),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let survey = events
        .iter()
        .find(|e| e.kind == EventKind::SurveyDone)
        .map(day);
    let mut rows: Vec<Row> = (1..=robots)
        .map(|n| format!("robot {n}"))
        .chain(["plant".to_owned()])
        .map(|label| Row {
            label,
            spans: Vec::new(),
        })
        .collect();
    let mut current: Vec<(f64, Activity)> = (0..=robots)
        .map(|i| match (i < robots, survey) {
            (true, Some(s)) => (s, Activity::Anchoring),
            _ => (start, Activity::Idle),
        })
        .collect();
    for e in events {
        let row = match e.entity {
            Entity::Robot(n) => (n - 1) as usize,
            Entity::Plant => robots as usize,
            _ => continue,
        };
        let Some(next) = e.kind.activity() else {
            continue;
        };
        let (since, activity) = current[row];
        if activity == Activity::Out {
            continue;
        }
        let t = day(e);
        if t > since {
            rows[row].spans.push((since, t.min(end), activity));
        }
        current[row] = (t, next);
    }
    for (row, (since, activity)) in rows.iter_mut().zip(current) {
        if end > since {
            row.spans.push((since, end, activity));
        }
    }
    rows
}

impl Timeline {
    /// The timeline of replication `run` from its trace `events`.
    /// Shown from five days before arrival at the asteroid to the last
    /// flight home's arrival.
    pub fn from_trace(run: u64, record: RunRecord, events: &[TraceEvent]) -> Self {
        let ops = shown_days(events);
        let flights = flights(events);
        let last_arrival = flights
            .iter()
            .map(|f| f.arrive.unwrap_or(f.leave))
            .fold(ops.1, f64::max);
        let mut holds = Vec::new();
        let mut propellant = Vec::new();
        for e in events {
            let t = day(e);
            match e.kind {
                EventKind::DustHold => holds.push((t, t + hours_to_days(e.quantity))),
                EventKind::PropellantLevel => propellant.push((t, e.quantity)),
                _ => {}
            }
        }
        Self {
            run,
            record,
            days: (ops.0, last_arrival),
            ops_end: ops.1,
            rows: activity_rows(events, ops),
            holds,
            propellant,
            flights,
        }
    }

    /// The spans of `row` resampled into `bins` equal bins, each taking the
    /// activity that fills most of it, merged where neighbours agree.
    pub(super) fn binned(&self, row: &Row, bins: usize) -> Vec<(f64, f64, Activity)> {
        let (start, end) = self.days;
        let width = (end - start) / bins as f64;
        let mut out: Vec<(f64, f64, Activity)> = Vec::new();
        let mut k = 0;
        for b in 0..bins {
            let (lo, hi) = (start + b as f64 * width, start + (b + 1) as f64 * width);
            let mut filled = [0.0f64; Activity::ALL.len()];
            while k < row.spans.len() && row.spans[k].1 <= lo {
                k += 1;
            }
            let mut j = k;
            while j < row.spans.len() && row.spans[j].0 < hi {
                let (a, z, s) = row.spans[j];
                filled[s as usize] += z.min(hi) - a.max(lo);
                j += 1;
            }
            let best = (0..filled.len())
                .max_by(|&a, &b| filled[a].total_cmp(&filled[b]).then(b.cmp(&a)))
                .unwrap_or(Activity::Idle as usize);
            let activity = if filled[best] > 0.0 {
                Activity::ALL[best]
            } else {
                Activity::Idle
            };
            match out.last_mut() {
                Some(last) if last.2 == activity => last.1 = hi,
                _ => out.push((lo, hi, activity)),
            }
        }
        out
    }
}
