//! The inputs of one replication, drawn from its world stream.
//! The rules: docs/model.md §Random draws.
//!
//! The inputs themselves ([`RunInputs`]) are generated from the scenario's
//! key declaration; here they take their uniforms from the world stream:
//! one per per-run key, in file order, fixed keys included. Two scenarios
//! that agree on a key therefore draw the same value for it in replication
//! k, whatever else differs (common random numbers).
//!
//! A [`Draws`] may replace, key by key, the uniform a per-run key takes
//! (a sampling design, a sensitivity study's sample matrix) and scale a
//! per-event key's distribution for a whole replication (a sensitivity
//! study). The world stream's uniforms are drawn either way, so every
//! other key keeps its draws.

use crate::engine::rng::StreamRng;
use crate::scenario::{KeySpec, RunInputs, Scenario};
use rand::RngExt;
use std::fmt::Debug;

/// Where one replication's per-run uniforms and per-event scales come from.
/// The defaults are the world stream's uniforms and the distributions as
/// written ([`AsWritten`]).
pub trait Draws: Debug + Send + Sync {
    /// The uniform per-run key `key` takes in replication `run`, given the
    /// one the world stream drew for it (`stream`).
    fn uniform(&self, key: &'static KeySpec, run: u64, stream: f64) -> f64 {
        let _ = (key, run);
        stream
    }

    /// The factor every draw of per-event key `key` is multiplied by in
    /// replication `run` ([`crate::scenario::Dist::scaled`]).
    fn event_scale(&self, key: &'static KeySpec, run: u64) -> f64 {
        let _ = (key, run);
        1.0
    }
}

/// The world stream's uniforms and the distributions as written.
#[derive(Debug, Clone, Copy, Default)]
pub struct AsWritten;

impl Draws for AsWritten {}

/// Draws every per-run value of `s` for replication `run` from `world`,
/// through `draws`.
pub fn draw(s: &Scenario, world: &mut StreamRng, run: u64, draws: &dyn Draws) -> RunInputs {
    RunInputs::draw(
        s,
        &mut |k| draws.uniform(k, run, world.random::<f64>()),
        &mut |k| draws.event_scale(k, run),
    )
}
