//! Keyed hashing: the random numbers of a design are functions of (seed,
//! block, dimension, replication), so any point can be had without the
//! others (shards, threads and studies reach the same values).

/// SplitMix64's finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A 64-bit hash of `parts` under `tag` (each use of a hash gets its own
/// tag, so no two uses share values).
pub(crate) fn hash(tag: u64, parts: &[u64]) -> u64 {
    parts
        .iter()
        .fold(mix(tag ^ 0x9e37_79b9_7f4a_7c15), |h, &p| {
            mix(h.wrapping_add(0x9e37_79b9_7f4a_7c15) ^ p)
        })
}

/// The midpoint of cell `cell` of 2^52 equal cells of (0, 1): strictly
/// inside it (`cell` < 2^52; 52 bits and the half keep the sum exact).
pub(crate) fn cell_midpoint(cell: u64) -> f64 {
    (cell as f64 + 0.5) / (1u64 << 52) as f64
}

/// A uniform strictly inside (0, 1) with 52 random bits, from `h`.
pub(crate) fn open_unit(h: u64) -> f64 {
    cell_midpoint(h >> 12)
}
