//! The shards `merge` reads: found, checked to be of one batch and to tile
//! it exactly once, and read back row by row in replication order.

use super::BatchError;
use crate::batch::Shard;
use crate::model::{Prepared, RunRecord, simulate};
use crate::report::runs_csv::{read_rows, row_bytes};
use crate::report::shard::{FORMAT, Fnv1a, ShardManifest};
use std::path::{Path, PathBuf};

fn usage(msg: String) -> BatchError {
    BatchError::Usage(msg)
}

/// One shard's directory and manifest.
#[derive(Debug, Clone)]
pub(crate) struct ShardInput {
    /// The shard directory.
    pub(crate) dir: PathBuf,
    /// Its shard.json.
    pub(crate) manifest: ShardManifest,
}

/// The shards under `paths`, checked and in shard order (never empty).
pub(crate) fn gather(paths: &[PathBuf]) -> Result<Vec<ShardInput>, BatchError> {
    let mut shards = Vec::new();
    for path in paths {
        for dir in shard_dirs(path)? {
            let manifest = read_manifest(&dir)?;
            shards.push(ShardInput { dir, manifest });
        }
    }
    let shards = check_tiling(check_same_batch(shards)?)?;
    for s in &shards {
        let path = s.dir.join("runs.csv");
        let hash = Fnv1a::of_file(&path)
            .map_err(|e| usage(format!("{}: cannot read: {e}", path.display())))?;
        if hash.hex() != s.manifest.runs_csv_fnv1a {
            return Err(usage(format!(
                "{}: runs.csv is not the one its shard.json was written with (rerun that shard)",
                s.dir.display()
            )));
        }
    }
    Ok(shards)
}

/// Shard directories named by `path`: itself if it holds a shard.json, else
/// its subdirectories that do.
fn shard_dirs(path: &Path) -> Result<Vec<PathBuf>, BatchError> {
    if path.join("shard.json").is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        usage(format!(
            "{}: cannot read it as a shard directory: {e}",
            path.display()
        ))
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("shard.json").is_file())
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(usage(format!(
            "{} holds no shard: a shard directory has a shard.json, written by `astromine run --shard K/N`",
            path.display()
        )));
    }
    Ok(found)
}

fn read_manifest(dir: &Path) -> Result<ShardManifest, BatchError> {
    let path = dir.join("shard.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| usage(format!("{}: cannot read: {e}", path.display())))?;
    let m: ShardManifest = serde_json::from_str(&text)
        .map_err(|e| usage(format!("{}: not a shard manifest: {e}", path.display())))?;
    if m.format != FORMAT {
        return Err(usage(format!(
            "{}: format {:?}, this version reads {FORMAT:?}",
            path.display(),
            m.format
        )));
    }
    Ok(m)
}

/// Checks that the shards are of one batch and each holds its own slice.
fn check_same_batch(shards: Vec<ShardInput>) -> Result<Vec<ShardInput>, BatchError> {
    let first = &shards[0];
    for s in &shards {
        let (m, f) = (&s.manifest, &first.manifest);
        let differs = |what: &str| {
            usage(format!(
                "{} and {} are shards of different batches: their {what} differ",
                first.dir.display(),
                s.dir.display()
            ))
        };
        if m.scenario != f.scenario || m.scenario_source != f.scenario_source {
            return Err(differs("scenarios"));
        }
        if m.seed != f.seed {
            return Err(differs("seeds"));
        }
        if m.runs != f.runs {
            return Err(differs("run counts"));
        }
        if m.shards != f.shards {
            return Err(differs("shard counts"));
        }
        let shard = Shard {
            index: m.shard,
            count: m.shards,
        };
        if m.shard == 0 || m.shard > m.shards || shard.range(m.runs) != (m.first..m.end) {
            return Err(usage(format!(
                "{}: its slice does not match shard {shard}",
                s.dir.display()
            )));
        }
    }
    Ok(shards)
}

/// Checks that shards of one batch cover it exactly once; returns them in
/// shard order.
fn check_tiling(mut shards: Vec<ShardInput>) -> Result<Vec<ShardInput>, BatchError> {
    shards.sort_by_key(|s| s.manifest.shard);
    let count = shards[0].manifest.shards;
    for pair in shards.windows(2) {
        if pair[0].manifest.shard == pair[1].manifest.shard {
            return Err(usage(format!(
                "shard {}/{count} is given twice ({} and {}): slices overlap",
                pair[0].manifest.shard,
                pair[0].dir.display(),
                pair[1].dir.display()
            )));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !shards.iter().any(|s| s.manifest.shard == *k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(usage(format!("shards missing: {}", missing.join(", "))));
    }
    Ok(shards)
}

/// Checks what the shards' manifests say against what they were written
/// from, so a damaged or forged shard.json cannot steer the merge: the
/// scenario name must be a plain folder name and the one in the recorded
/// scenario text (`scenario`), and rows spread through each shard must be
/// the replications its recorded seed gives.
pub(crate) fn check_origin(shards: &[ShardInput], prepared: &Prepared) -> Result<(), BatchError> {
    let first = &shards[0];
    let name = &first.manifest.scenario;
    let manifest = first.dir.join("shard.json");
    // The rule `check` applies to scenario names: no separators, no `..`.
    if !crate::scenario::is_valid_name(name) {
        return Err(usage(format!(
            "{}: scenario {name:?} is not a plain folder name; the manifest was edited or \
             damaged (rerun the shards)",
            manifest.display()
        )));
    }
    let recorded = prepared.scenario().scenario.name.get_ref();
    if name != recorded {
        return Err(usage(format!(
            "{}: scenario {name:?}, but its scenario text is named {recorded:?}; the manifest \
             was edited or damaged (rerun the shards)",
            manifest.display()
        )));
    }
    shards.iter().try_for_each(|s| check_rows(s, prepared))
}

/// Rows of each shard simulated again to check it: the first, the last and
/// evenly spaced ones between. A consistency check against edits and
/// mix-ups, not a proof: re-checking every row would cost the batch.
const CHECKED_ROWS: u64 = 8;

/// Checks that rows spread through a shard (first and last included) are
/// the replications its manifest's seed and scenario give, simulated again.
fn check_rows(shard: &ShardInput, prepared: &Prepared) -> Result<(), BatchError> {
    let m = &shard.manifest;
    let path = shard.dir.join("runs.csv");
    let reading = || super::io_error(format!("reading {}", path.display()));
    let file = std::fs::File::open(&path).map_err(reading())?;
    let len = m.end.saturating_sub(m.first);
    let checked = |i: u64| {
        len <= CHECKED_ROWS || (0..CHECKED_ROWS).any(|k| i == k * (len - 1) / (CHECKED_ROWS - 1))
    };
    let rows = read_rows(std::io::BufReader::new(file)).map_err(reading())?;
    for (i, row) in (0..len).zip(rows) {
        if !checked(i) {
            continue;
        }
        let found = row_bytes(&row.map_err(reading())?).map_err(reading())?;
        let run = m.first + i;
        let expected = row_bytes(&simulate(prepared, m.seed, run)?).map_err(reading())?;
        if found != expected {
            return Err(usage(format!(
                "{}: replication {run} is not the one seed {} gives with its scenario; the \
                 shard was edited or damaged (rerun it)",
                shard.dir.display(),
                m.seed
            )));
        }
    }
    Ok(())
}

/// Reads a shard's rows in order, calling `each` with every replication;
/// fails if a replication is out of place or the slice is incomplete.
pub(crate) fn read(
    shard: &ShardInput,
    mut each: impl FnMut(&RunRecord) -> Result<(), BatchError>,
) -> Result<(), BatchError> {
    let path = shard.dir.join("runs.csv");
    let merging = || super::io_error(format!("merging {}", path.display()));
    let file = std::fs::File::open(&path)
        .map_err(super::io_error(format!("reading {}", path.display())))?;
    let m = &shard.manifest;
    let mut next = m.first;
    for row in read_rows(std::io::BufReader::new(file)).map_err(merging())? {
        let r = row.map_err(merging())?;
        if r.run != next || r.run >= m.end {
            return Err(merging()(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("replication {} where {next} was expected", r.run),
            )));
        }
        next += 1;
        each(&r)?;
    }
    if next != m.end {
        return Err(merging()(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("it stops at replication {next}, before {}", m.end),
        )));
    }
    Ok(())
}
