//! astromine: a discrete-event Monte Carlo simulator of robotic asteroid mining.
//!
//! A tour, bottom up (a layer never uses one above it):
//! - [`engine`]: the generic discrete-event core (clock, event queue with FIFO
//!   ties and lazy cancellation, the [`engine::Model`] trait) and the portable
//!   random streams, validated on an M/M/1 queue ([`engine::mm1`]).
//! - [`stats`]: domain-free numerics (moments, intervals, quantiles, paired
//!   and independent comparisons, rank correlation).
//! - [`orbit`]: dates, ephemerides, Lambert, day geometry, porkchop, target catalog.
//! - [`scenario`]: the TOML scenario format, every key declared once
//!   ([`scenario::KEYS`], `scenario::key::<section>::<key>`), validated with
//!   located diagnostics, and the inputs of one replication
//!   ([`scenario::RunInputs`]).
//! - [`model`]: the mission, one module per subsystem.
//! - [`batch`]: replications of a scenario in parallel, handed on in order.
//! - [`aggregate`]: a batch's outcome shares and metric statistics, indexed
//!   by typed outcome and metric ids.
//! - [`study`]: comparisons on common random numbers, sweeps, sensitivity.
//! - [`report`]: the charts with their embedded font; the documents and
//!   file formats behind them are internal.
//! - `pipeline` (internal): from replications to result files, staged and
//!   swapped in whole: one batch shared by `run` and `merge` (one exporter
//!   per output file), and the studies.
//! - [`cli`]: the `astromine` command line.
//! - [`units`]: hours, days and years, named once (used by every layer).

#![warn(missing_docs)]

pub mod aggregate;
pub mod batch;
pub mod cli;
pub mod design;
pub mod engine;
pub mod model;
pub mod orbit;
mod pipeline;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod study;
pub mod units;
