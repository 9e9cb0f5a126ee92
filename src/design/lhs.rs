//! Latin hypercube points by random access: within a block of `len`
//! replications, the one at position i of dimension d lies in stratum
//! π_d(i) of `len` equal strata, where π_d is a keyed pseudo-random
//! permutation of 0..len (Kensler 2013, "Correlated Multi-Jittered
//! Sampling", with cycle walking), jittered uniformly within it. No table
//! of points is kept.

use super::hash::{hash, open_unit};

const PERMUTATION: u64 = 0x6c68_735f_7065_726d;
const JITTER: u64 = 0x6c68_735f_6a69_7474;

/// The image of `i` under the permutation of 0..len keyed by `key`
/// (Kensler's hash-based permutation; `len` ≥ 1, `i` < `len`).
pub(crate) fn permute(mut i: u32, len: u32, key: u32) -> u32 {
    let mut w = len.wrapping_sub(1);
    w |= w >> 1;
    w |= w >> 2;
    w |= w >> 4;
    w |= w >> 8;
    w |= w >> 16;
    let p = key;
    loop {
        i ^= p;
        i = i.wrapping_mul(0xe170_893d);
        i ^= p >> 16;
        i ^= (i & w) >> 4;
        i ^= p >> 8;
        i = i.wrapping_mul(0x0929_eb3f);
        i ^= p >> 23;
        i ^= (i & w) >> 1;
        i = i.wrapping_mul(1 | (p >> 27));
        i = i.wrapping_mul(0x6935_fa69);
        i ^= (i & w) >> 11;
        i = i.wrapping_mul(0x74dc_b303);
        i ^= (i & w) >> 2;
        i = i.wrapping_mul(0x9e50_1cc3);
        i ^= (i & w) >> 2;
        i = i.wrapping_mul(0xc860_a3df);
        i &= w;
        i ^= i >> 5;
        if i < len {
            break;
        }
    }
    ((u64::from(i) + u64::from(p)) % u64::from(len)) as u32
}

/// The stratum of position `pos` of block `block` in dimension `dim`.
pub(crate) fn stratum(seed: u64, block: u64, len: u32, pos: u32, dim: u32) -> u32 {
    let key = hash(PERMUTATION, &[seed, block, u64::from(dim)]) as u32;
    permute(pos, len, key)
}

/// The uniform of replication `run`, at position `pos` of block `block`
/// of `len`, in dimension `dim`: strictly inside (0, 1).
pub(crate) fn point(seed: u64, block: u64, len: u32, pos: u32, dim: u32, run: u64) -> f64 {
    let s = stratum(seed, block, len, pos, dim);
    let jitter = open_unit(hash(JITTER, &[seed, u64::from(dim), run]));
    let u = (f64::from(s) + jitter) / f64::from(len);
    u.min(1.0 - f64::EPSILON / 2.0)
}
