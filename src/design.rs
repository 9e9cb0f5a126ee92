//! Sampling designs for the per-run keys: Latin hypercube and
//! Owen-scrambled Sobol points over a batch, and rank correlations imposed
//! by Iman–Conover (`monte_carlo.sampling`, `[correlations]`). The rules:
//! docs/model.md §Random draws.
//!
//! A [`Design`] is a [`Draws`]: it replaces the uniform each per-run key
//! takes in each replication. Every value is a function of (seed, block,
//! dimension, replication) alone, so shards, threads and the scenarios of
//! a study reach the same values:
//! - the dimension of a key is its place among the per-run keys of
//!   [`KEYS`], whatever the scenario makes uncertain, so scenarios that agree
//!   on a key draw it from the same column (common random numbers);
//! - replication k lies in block ⌊k / len⌋ at position k mod len: a batch
//!   is one block of its `runs`, and a design over blocks of fixed length
//!   serves batches whose size is not known in advance.
//!
//! Per-event draws and every other stream are untouched.

mod hash;
mod iman_conover;
mod lhs;
mod sobol;

use crate::model::Prepared;
use crate::model::inputs::Draws;
use crate::scenario::{KEYS, KeySpec, Sampling, Scenario, cholesky, target_matrix};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

/// The dimension of every per-run key: its place among the per-run keys of
/// [`KEYS`].
fn dimension(key: &KeySpec) -> u32 {
    static DIMENSIONS: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    let table = DIMENSIONS.get_or_init(|| {
        KEYS.iter()
            .filter(|k| k.is_per_run())
            .zip(0..)
            .map(|(k, d)| (k.path, d))
            .collect()
    });
    table[key.path]
}

/// Blocks of Iman–Conover columns kept at once (a batch visits its blocks
/// in order, so the current and the next one suffice).
const KEPT_BLOCKS: usize = 2;

/// One block's rearranged columns, one per correlated key.
type Columns = Arc<Vec<Vec<f64>>>;

/// The rank correlations a design imposes.
#[derive(Debug)]
struct Correlated {
    /// The keys, in the order of the target matrix.
    keys: Vec<&'static KeySpec>,
    /// Lower Cholesky factor of the normal scores' target correlation.
    factor: Vec<Vec<f64>>,
    /// Recent blocks' rearranged columns, one per key.
    blocks: Mutex<Vec<(u64, Columns)>>,
}

/// The per-run uniforms of a batch laid out by `monte_carlo.sampling`,
/// with `[correlations]` imposed block by block.
#[derive(Debug)]
pub struct Design {
    sampling: Sampling,
    seed: u64,
    block_len: u32,
    correlated: Option<Correlated>,
}

impl Design {
    /// The design `s` asks for with master seed `seed`, over blocks of
    /// `block_len` replications (a batch's `runs`; at least 1, at most
    /// 2^32 − 1). Correlations between keys that `s` fixes are left out:
    /// a constant has no ranks to arrange.
    pub fn new(s: &Scenario, seed: u64, block_len: u64) -> Self {
        let block_len = u32::try_from(block_len.max(1)).unwrap_or(u32::MAX);
        let (keys, matrix) = target_matrix(&s.correlations.pairs);
        let varying: Vec<usize> = (0..keys.len()).filter(|&i| varies(s, keys[i])).collect();
        let sub: Vec<Vec<f64>> = varying
            .iter()
            .map(|&i| varying.iter().map(|&j| matrix[i][j]).collect())
            .collect();
        let correlated = match cholesky(&sub) {
            Ok(factor) if varying.len() >= 2 => Some(Correlated {
                keys: varying.iter().map(|&i| keys[i]).collect(),
                factor,
                blocks: Mutex::new(Vec::new()),
            }),
            _ => None,
        };
        Self {
            sampling: s.monte_carlo.sampling,
            seed,
            block_len,
            correlated,
        }
    }

    /// Whether every uniform is the world stream's own (`random`, no
    /// correlations): the batch is then exactly as without a design.
    pub fn is_as_written(&self) -> bool {
        self.sampling == Sampling::Random && self.correlated.is_none()
    }

    /// The keys whose rank correlations this design imposes.
    pub fn correlated_keys(&self) -> &[&'static KeySpec] {
        self.correlated.as_ref().map_or(&[], |c| &c.keys)
    }

    /// The uniforms key `key` takes in replications `runs`, world-stream
    /// draws aside: under `random` a correlated key's, else the design's.
    pub fn column(&self, key: &'static KeySpec, runs: Range<u64>) -> Vec<f64> {
        runs.map(|k| self.uniform(key, k, f64::NAN)).collect()
    }

    fn block_of(&self, run: u64) -> (u64, u32) {
        let len = u64::from(self.block_len);
        (run / len, (run % len) as u32)
    }

    /// The design's own uniform for dimension `dim` of replication `run`;
    /// `stream` under `random`.
    fn base(&self, dim: u32, run: u64, stream: f64) -> f64 {
        let (block, pos) = self.block_of(run);
        match self.sampling {
            Sampling::Random => stream,
            Sampling::Lhs => lhs::point(self.seed, block, self.block_len, pos, dim, run),
            Sampling::Sobol => sobol::point(self.seed, block, pos, dim, run),
        }
    }

    /// The uniform a correlated key takes before rearranging: the design's,
    /// or under `random` an independent one of its own (a block's column
    /// must be known before its replications run).
    fn unarranged(&self, dim: u32, run: u64) -> f64 {
        const RANDOM: u64 = 0x7261_6e64_6f6d_5f63;
        match self.sampling {
            Sampling::Random => {
                hash::open_unit(hash::hash(RANDOM, &[self.seed, u64::from(dim), run]))
            }
            _ => self.base(dim, run, f64::NAN),
        }
    }

    /// Block `block`'s rearranged columns, computed once and shared.
    fn block_columns(&self, c: &Correlated, block: u64) -> Columns {
        let mut kept = c.blocks.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, cols)) = kept.iter().find(|(b, _)| *b == block) {
            return Arc::clone(cols);
        }
        let len = u64::from(self.block_len);
        let first = block * len;
        let columns = c
            .keys
            .iter()
            .map(|k| {
                let dim = dimension(k);
                (first..first + len)
                    .map(|r| self.unarranged(dim, r))
                    .collect()
            })
            .collect();
        let cols = Arc::new(iman_conover::rearrange(
            columns,
            &c.factor,
            &[self.seed, block],
        ));
        if kept.len() == KEPT_BLOCKS {
            kept.remove(0);
        }
        kept.push((block, Arc::clone(&cols)));
        cols
    }
}

impl Draws for Design {
    fn uniform(&self, key: &'static KeySpec, run: u64, stream: f64) -> f64 {
        if let Some(c) = &self.correlated
            && let Some(i) = c.keys.iter().position(|k| k.path == key.path)
        {
            let (block, pos) = self.block_of(run);
            return self.block_columns(c, block)[i][pos as usize];
        }
        self.base(dimension(key), run, stream)
    }
}

/// Whether per-run key `key` takes more than one value in `s`.
pub(crate) fn varies(s: &Scenario, key: &KeySpec) -> bool {
    key.param(s)
        .is_some_and(|p| !p.is_absent() && p.as_fixed().is_none())
}

impl Prepared {
    /// The same scenario with the sampling design and correlations its
    /// scenario asks for, with master seed `seed` over blocks of
    /// `block_len` replications (a batch: its `runs`); unchanged under
    /// `random` without correlations.
    pub fn designed(self, seed: u64, block_len: u64) -> Self {
        let design = Design::new(self.scenario(), seed, block_len);
        if design.is_as_written() {
            self
        } else {
            self.with_draws(Arc::new(design))
        }
    }
}
