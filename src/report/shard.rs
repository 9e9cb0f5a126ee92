//! `shard.json`: what a shard ran, so `merge` can check that shards belong
//! together and cover the batch exactly once.

use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::Path;

/// The file format tag of this version's shards.
pub(crate) const FORMAT: &str = "astromine-shard-2";

/// Everything that identifies one shard's slice of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShardManifest {
    /// Always [`FORMAT`].
    pub(crate) format: String,
    /// Scenario name.
    pub(crate) scenario: String,
    /// The scenario file's text, so shards of edited files never mix.
    pub(crate) scenario_source: String,
    /// Master seed.
    pub(crate) seed: u64,
    /// Replications in the whole batch.
    pub(crate) runs: u64,
    /// This shard's number, from 1.
    pub(crate) shard: u32,
    /// Number of shards.
    pub(crate) shards: u32,
    /// First replication of the slice.
    pub(crate) first: u64,
    /// One past the last replication of the slice.
    pub(crate) end: u64,
    /// FNV-1a hash of the shard's runs.csv (16 hex digits).
    pub(crate) runs_csv_fnv1a: String,
}

/// FNV-1a (64-bit) of the bytes written into it: ties a shard's manifest to
/// the runs.csv it was written with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// The hash of a file's bytes.
    pub(crate) fn of_file(path: &Path) -> io::Result<Self> {
        let mut hash = Self::default();
        io::copy(&mut std::fs::File::open(path)?, &mut hash)?;
        Ok(hash)
    }

    /// The hash as 16 hex digits.
    pub(crate) fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

impl Write for Fnv1a {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        let hash = |bytes: &[u8]| {
            let mut h = Fnv1a::default();
            h.write_all(bytes).unwrap();
            h.hex()
        };
        assert_eq!(hash(b""), "cbf29ce484222325");
        assert_eq!(hash(b"a"), "af63dc4c8601ec8c");
        assert_eq!(hash(b"foobar"), "85944171f73967e8");
    }
}
