//! Portable, reproducible random streams.
//!
//! Derivation (fixed; changing it changes every published result): the
//! ChaCha8 key is the 32 bytes `master_seed.to_le_bytes()`,
//! `replication.to_le_bytes()`, then sixteen zero bytes; the ChaCha stream
//! (nonce) is the subsystem's stream id. Each `(master seed, replication,
//! stream id)` therefore selects its own ChaCha8 key stream: streams never
//! overlap, and a stream's values do not depend on which other streams were
//! created or drawn from first. ChaCha8 is specified independently of any
//! crate version, unlike `StdRng`.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// The generator every stream uses.
pub type StreamRng = ChaCha8Rng;

/// The random streams of one replication of one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streams {
    master_seed: u64,
    replication: u64,
}

impl Streams {
    /// Streams of replication `replication` of a batch seeded with `master_seed`.
    pub fn new(master_seed: u64, replication: u64) -> Self {
        Self {
            master_seed,
            replication,
        }
    }

    /// A fresh generator for stream `id`, at the start of that stream.
    pub fn stream(&self, id: impl Into<u64>) -> StreamRng {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&self.master_seed.to_le_bytes());
        key[8..16].copy_from_slice(&self.replication.to_le_bytes());
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(id.into());
        rng
    }
}
