//! Running replications of a scenario in parallel and gathering their
//! records in replication order, so results do not depend on the number of
//! threads.

use crate::engine::ScheduleError;
use crate::model::{RunRecord, simulate};
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::ops::Range;

/// Replications `runs` of `scenario` with master seed `seed`, in order, on
/// the current rayon thread pool.
pub fn run_range(
    scenario: &Scenario,
    seed: u64,
    runs: Range<u64>,
) -> Result<Vec<RunRecord>, ScheduleError> {
    runs.into_par_iter()
        .map(|k| simulate(scenario, seed, k))
        .collect()
}
