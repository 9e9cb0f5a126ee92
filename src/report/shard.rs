//! `shard.json`: what a shard ran, so `merge` can check that shards belong
//! together and cover the batch exactly once.

use serde::{Deserialize, Serialize};

/// The file format tag of this version's shards.
pub const FORMAT: &str = "astromine-shard-2";

/// Everything that identifies one shard's slice of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardManifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Scenario name.
    pub scenario: String,
    /// The scenario file's text, so shards of edited files never mix.
    pub scenario_source: String,
    /// Master seed.
    pub seed: u64,
    /// Replications in the whole batch.
    pub runs: u64,
    /// This shard's number, from 1.
    pub shard: u32,
    /// Number of shards.
    pub shards: u32,
    /// First replication of the slice.
    pub first: u64,
    /// One past the last replication of the slice.
    pub end: u64,
    /// FNV-1a hash of the shard's runs.csv (16 hex digits).
    pub runs_csv_fnv1a: String,
}
