//! The inputs of one replication, drawn from its world stream.
//! The rules: docs/model.md §Random draws.
//!
//! The inputs themselves ([`RunInputs`]) are generated from the scenario's
//! key declaration; here they take their uniforms from the world stream:
//! one per per-run key, in file order, fixed keys included. Two scenarios
//! that agree on a key therefore draw the same value for it in replication
//! k, whatever else differs (common random numbers).

use crate::engine::rng::StreamRng;
use crate::scenario::{RunInputs, Scenario};
use rand::RngExt;

/// Draws every per-run value of `s` from `world`.
pub fn draw(s: &Scenario, world: &mut StreamRng) -> RunInputs {
    RunInputs::draw(s, &mut |_| world.random::<f64>())
}
