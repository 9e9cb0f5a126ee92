//! Studies built on batches: comparing strategies on common random numbers,
//! selecting the best of them, sweeping scenario keys, and one-at-a-time
//! sensitivity.

pub mod compare;
pub mod overrides;
pub mod sample;
pub mod select;
pub mod sensitivity;
pub mod sweep;

use crate::model::SimError;
use overrides::OverrideError;
use thiserror::Error;

/// Why a study could not be completed.
#[derive(Debug, Error)]
pub enum StudyError {
    /// A variant of the scenario is invalid.
    #[error(transparent)]
    Override(#[from] OverrideError),
    /// A selection of the best cannot run with the options given.
    #[error("{0}")]
    Select(String),
    /// A replication could not be simulated.
    #[error("simulation failed: {0}")]
    Simulation(#[from] SimError),
    /// A termination signal (its number) arrived; nothing was written.
    #[error(
        "interrupted by {}; no results were written, previous ones are as they were",
        crate::batch::signals::name(*.0)
    )]
    Interrupted(i32),
}
