//! The asteroid-mining mission as events and state on the engine, one module
//! per subsystem and a private `mission` module wiring them into one
//! replication ([`simulate`], [`simulate_traced`]). The physics a user may
//! want on its own (light time and contact windows, escape speed,
//! discounting, the rocket equation) is public; so are the per-run inputs,
//! the record of a run and its event trace.

pub mod anchoring;
pub mod comms;
mod decay;
pub mod dust;
pub mod economics;
mod fleet;
pub mod inputs;
pub mod metric_target;
mod mission;
mod power;
mod propellant;
pub mod record;
pub mod sky;
mod streams;
pub mod time;
pub mod trace;
pub mod transit;

pub use mission::{SimError, simulate, simulate_traced};
pub use record::{Metric, Metrics, Outcome, RunRecord};
pub use sky::Prepared;
pub use streams::Subsystem;
