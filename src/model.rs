//! The asteroid-mining mission as events and state on the engine, one module
//! per subsystem and [`mission`] wiring them into one replication.

pub mod anchoring;
pub mod comms;
pub mod dust;
pub mod economics;
pub mod fleet;
pub mod inputs;
pub mod mission;
pub mod power;
pub mod propellant;
pub mod record;
mod streams;
pub mod trace;
pub mod transit;

pub use mission::{simulate, simulate_traced};
pub use record::{Metric, Metrics, Outcome, RunRecord};
pub use streams::Subsystem;
