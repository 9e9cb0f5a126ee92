//! Integration tests, one binary: engine, random streams, scenario format, CLI.

mod alloc;
mod batch;
mod charts;
mod cli;
mod docs;
mod engine;
mod font;
mod fuzz;
mod geometry_chart;
mod golden;
mod hardening;
mod keys;
mod mm1;
mod model;
mod orbit;
mod orbit_cli;
mod physics;
mod policies;
mod porkchop_chart;
mod props;
mod results;
mod rng;
mod scenario;
mod study;
mod study_limits;
mod support;
