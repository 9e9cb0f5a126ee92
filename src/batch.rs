//! Running replications of a scenario in parallel and handing their records
//! on in replication order, chunk by chunk, so results do not depend on the
//! number of threads and memory does not grow with the number of runs.

pub(crate) mod signals;

use crate::model::SimError;
use crate::model::{Prepared, RunRecord, simulate};
use rayon::prelude::*;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// Replications simulated in parallel before their records are handed on.
pub(crate) const CHUNK: u64 = 512;

/// Replications per block of a batch whose size is not fixed in advance
/// (`run --precision`): its stopping rule is checked only after whole
/// blocks, so where it stops does not depend on the thread count. It is
/// also the block a sampling design (Latin hypercube, Sobol) should be
/// laid over, so that each block a batch may stop after is a whole design.
pub const BLOCK: u64 = 1000;

/// Replications `runs` of `scenario` with master seed `seed`, in order, on
/// the current rayon thread pool.
pub fn run_range(
    prepared: &Prepared,
    seed: u64,
    runs: Range<u64>,
) -> Result<Vec<RunRecord>, SimError> {
    runs.into_par_iter()
        .map(|k| simulate(prepared, seed, k))
        .collect()
}

/// Simulates `runs` in chunks of [`CHUNK`], each in parallel, and calls
/// `each` with every chunk's records in replication order.
pub(crate) fn run_chunked<E: From<SimError>>(
    prepared: &Prepared,
    seed: u64,
    runs: Range<u64>,
    mut each: impl FnMut(&[RunRecord]) -> Result<(), E>,
) -> Result<(), E> {
    let mut start = runs.start;
    while start < runs.end {
        let end = runs.end.min(start.saturating_add(CHUNK));
        let records = run_range(prepared, seed, start..end)?;
        each(&records)?;
        start = end;
    }
    Ok(())
}

/// A shard `K/N`: the K-th (1-based) of N contiguous slices of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1 to `count`.
    pub index: u32,
    /// How many slices.
    pub count: u32,
}

impl Shard {
    /// The replication indices of this slice of `runs` replications:
    /// [⌊runs·(K−1)/N⌋, ⌊runs·K/N⌋), so the slices tile 0..runs exactly.
    pub fn range(&self, runs: u64) -> Range<u64> {
        let at = |k: u32| (u128::from(runs) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a shard; write K/N with 1 ≤ K ≤ N, e.g. 2/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}
