//! The asteroid-mining mission as events and state on the engine.

mod streams;

pub use streams::Subsystem;
