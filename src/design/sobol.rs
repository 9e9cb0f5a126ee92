//! Owen-scrambled Sobol points by random access (Burley 2020, through
//! `sobol_burley`). That generator gives at most 2^16 points of 256
//! dimensions per seed, as `f32`: a block longer than 2^16 takes a fresh
//! scramble for every 2^16 positions, dimensions past 256 a fresh one for
//! every 256, and random bits are added below the generator's 23 so that
//! a uniform has 52 bits and lies strictly inside (0, 1).

use super::hash::{cell_midpoint, hash};

const SCRAMBLE: u64 = 0x736f_626f_6c5f_7363;
const LOW_BITS: u64 = 0x736f_626f_6c5f_6c6f;
/// Points per scramble.
const POINTS: u32 = 1 << 16;

/// The uniform of replication `run`, at position `pos` of block `block`,
/// in dimension `dim`.
pub(crate) fn point(seed: u64, block: u64, pos: u32, dim: u32, run: u64) -> f64 {
    let per_seed = sobol_burley::NUM_DIMENSIONS;
    let scramble = hash(
        SCRAMBLE,
        &[
            seed,
            block,
            u64::from(pos / POINTS),
            u64::from(dim / per_seed),
        ],
    ) as u32;
    let x = sobol_burley::sample(pos % POINTS, dim % per_seed, scramble);
    // x is a multiple of 2^-23 in [0, 1).
    let high = (f64::from(x) * f64::from(1u32 << 23)) as u64;
    let low = hash(LOW_BITS, &[seed, u64::from(dim), run]) >> 35;
    cell_midpoint(high << 29 | low)
}
