//! The event trace of one replication, for `astromine trace` and timelines.

use serde::Serialize;
use std::fmt;

/// What an event happened to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// The mission as a whole.
    Mission,
    /// Robot number n (from 1).
    Robot(u32),
    /// The processing plant.
    Plant,
    /// The electrolysis unit.
    Electrolysis,
    /// The dust cloud and arrays.
    Site,
    /// Return trip number n (from 1).
    Trip(u32),
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entity::Mission => f.write_str("mission"),
            Entity::Robot(n) => write!(f, "robot {n}"),
            Entity::Plant => f.write_str("plant"),
            Entity::Electrolysis => f.write_str("electrolysis"),
            Entity::Site => f.write_str("site"),
            Entity::Trip(n) => write!(f, "return {n}"),
        }
    }
}

/// One traced event: when, where, what, and the quantity that changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceEvent {
    /// Mission time, hours since launch.
    pub time_h: f64,
    /// Subsystem that handled it (`anchoring`, `drilling`, ...).
    pub subsystem: &'static str,
    /// What it happened to.
    pub entity: Entity,
    /// What happened (`shot_pullout`, `batch_done`, ...).
    pub kind: &'static str,
    /// The quantity that matters for this event (0 when none).
    pub quantity: f64,
    /// Unit of `quantity` (`kg`, `h`, `kWh`, `count`, or empty).
    pub unit: &'static str,
}

/// A trace row as written to CSV or JSON lines.
#[derive(Debug, Clone, Serialize)]
pub struct TraceRow {
    /// Mission day (whole days since launch).
    pub day: u64,
    /// Hour within that day.
    pub hour: f64,
    /// Subsystem.
    pub subsystem: &'static str,
    /// Entity.
    pub entity: String,
    /// Event kind.
    pub event: &'static str,
    /// Quantity.
    pub quantity: f64,
    /// Unit.
    pub unit: &'static str,
}

impl From<&TraceEvent> for TraceRow {
    fn from(e: &TraceEvent) -> Self {
        let day = (e.time_h / 24.0).floor();
        Self {
            day: day as u64,
            hour: ((e.time_h - day * 24.0) * 1e6).round() / 1e6,
            subsystem: e.subsystem,
            entity: e.entity.to_string(),
            event: e.kind,
            quantity: (e.quantity * 1e6).round() / 1e6,
            unit: e.unit,
        }
    }
}

/// Receives every traced event of a replication.
pub trait TraceSink {
    /// Records one event.
    fn record(&mut self, event: TraceEvent);
}

impl TraceSink for Vec<TraceEvent> {
    fn record(&mut self, event: TraceEvent) {
        self.push(event);
    }
}
