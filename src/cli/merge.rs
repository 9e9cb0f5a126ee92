//! `astromine merge`: shard results into exactly what one unsharded run
//! writes.

use super::run::{clear_results, create_out_dir, fnv1a_file, io_error};
use super::{CliError, MergeArgs};
use crate::aggregate::Tally;
use crate::batch::Shard;
use crate::report::files::AtomicFile;
use crate::report::results;
use crate::report::runs_csv::{RunsCsvWriter, read_rows};
use crate::report::shard::{FORMAT, ShardManifest};
use crate::scenario;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn usage(msg: String) -> CliError {
    CliError::Usage(msg)
}

/// Shard directories named by `path`: itself if it holds a shard.json, else
/// its subdirectories that do.
fn shard_dirs(path: &Path) -> Result<Vec<PathBuf>, CliError> {
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

fn read_manifest(dir: &Path) -> Result<ShardManifest, CliError> {
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

/// Checks that the shards are of one batch and tile it exactly once;
/// returns them in shard order.
fn check_shards(
    mut shards: Vec<(PathBuf, ShardManifest)>,
) -> Result<Vec<(PathBuf, ShardManifest)>, CliError> {
    let (first_dir, first) = shards[0].clone();
    for (dir, m) in &shards {
        let differs = |what: &str| {
            usage(format!(
                "{} and {} are shards of different batches: their {what} differ",
                first_dir.display(),
                dir.display()
            ))
        };
        if m.scenario != first.scenario || m.scenario_source != first.scenario_source {
            return Err(differs("scenarios"));
        }
        if m.seed != first.seed {
            return Err(differs("seeds"));
        }
        if m.runs != first.runs {
            return Err(differs("run counts"));
        }
        if m.shards != first.shards {
            return Err(differs("shard counts"));
        }
        let shard = Shard {
            index: m.shard,
            count: m.shards,
        };
        if m.shard == 0 || m.shard > m.shards || shard.range(m.runs) != (m.first..m.end) {
            return Err(usage(format!(
                "{}: its slice does not match shard {shard}",
                dir.display()
            )));
        }
    }
    shards.sort_by_key(|(_, m)| m.shard);
    for pair in shards.windows(2) {
        if pair[0].1.shard == pair[1].1.shard {
            return Err(usage(format!(
                "shard {}/{} is given twice ({} and {}): slices overlap",
                pair[0].1.shard,
                first.shards,
                pair[0].0.display(),
                pair[1].0.display()
            )));
        }
    }
    let missing: Vec<String> = (1..=first.shards)
        .filter(|k| !shards.iter().any(|(_, m)| m.shard == *k))
        .map(|k| format!("{k}/{}", first.shards))
        .collect();
    if !missing.is_empty() {
        return Err(usage(format!("shards missing: {}", missing.join(", "))));
    }
    Ok(shards)
}

/// Merges shard directories into DIR/<scenario name>/.
pub(super) fn merge(args: &MergeArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let mut shards = Vec::new();
    for path in &args.shards {
        for dir in shard_dirs(path)? {
            let manifest = read_manifest(&dir)?;
            shards.push((dir, manifest));
        }
    }
    let shards = check_shards(shards)?;
    for (dir, m) in &shards {
        let path = dir.join("runs.csv");
        let hash = fnv1a_file(&path)
            .map_err(|e| usage(format!("{}: cannot read: {e}", path.display())))?;
        if hash != m.runs_csv_fnv1a {
            return Err(usage(format!(
                "{}: runs.csv is not the one its shard.json was written with (rerun that shard)",
                dir.display()
            )));
        }
    }
    let first = shards[0].1.clone();
    let scenario = scenario::parse(&first.scenario_source, "the shards' scenario")
        .map_err(|e| CliError::Scenario(vec![e]))?;
    let dir = args.out.join(&first.scenario);
    if shards.iter().any(|(d, _)| d == &dir) {
        return Err(usage(format!(
            "--out {}: the merged results would overwrite a shard; choose another directory",
            args.out.display()
        )));
    }
    create_out_dir(&dir)?;
    clear_results(&dir)?;

    let csv_path = dir.join("runs.csv");
    let mut csv = AtomicFile::create(&csv_path)
        .and_then(RunsCsvWriter::new)
        .map_err(io_error(format!("writing {}", csv_path.display())))?;
    let mut tally = Tally::with_capacity(usize::try_from(first.runs).unwrap_or(0));
    for (shard_dir, m) in &shards {
        let path = shard_dir.join("runs.csv");
        let file =
            std::fs::File::open(&path).map_err(io_error(format!("reading {}", path.display())))?;
        let mut next = m.first;
        read_rows(std::io::BufReader::new(file), |r| {
            if r.run != next || r.run >= m.end {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("replication {} where {next} was expected", r.run),
                ));
            }
            next += 1;
            tally.push(&r);
            csv.write(&r)
        })
        .map_err(io_error(format!("merging {}", path.display())))?;
        if next != m.end {
            return Err(CliError::Io {
                what: format!("merging {}", path.display()),
                source: std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    format!("it stops at replication {next}, before {}", m.end),
                ),
            });
        }
    }
    csv.into_inner()
        .and_then(AtomicFile::commit)
        .map_err(io_error(format!("writing {}", csv_path.display())))?;
    let counts = (tally.runs(), tally.events());
    results::write(&dir, tally, &scenario, first.seed, !args.no_charts)?;
    eprintln!(
        "{}: merged {} shards, {} runs, in {:.1} s; results in {}{}",
        first.scenario,
        shards.len(),
        counts.0,
        started.elapsed().as_secs_f64(),
        dir.display(),
        std::path::MAIN_SEPARATOR
    );
    Ok(())
}
