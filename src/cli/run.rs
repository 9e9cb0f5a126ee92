//! `astromine run` and `astromine trace`.

use super::progress::Progress;
use super::{CliError, RunArgs, TraceArgs, TraceFormat, load};
use crate::aggregate::Tally;
use crate::batch::run_chunked;
use crate::model::simulate_traced;
use crate::model::trace::{TraceEvent, TraceRow};
use crate::report::files::{AtomicFile, write_atomic};
use crate::report::results;
use crate::report::runs_csv::RunsCsvWriter;
use crate::report::shard::{FORMAT, ShardManifest};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Maps an I/O error to an exit-1 error saying what was being done.
pub(super) fn io_error(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> CliError {
    let what = what.into();
    move |source| CliError::Io { what, source }
}

/// Creates `dir` (and its parents) or fails with an exit-2 error.
pub(super) fn create_out_dir(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        CliError::Usage(format!(
            "cannot create the output directory {}: {e}",
            dir.display()
        ))
    })
}

/// Removes the result files a previous batch left in `dir`, so no stale
/// summary, report, chart or shard manifest can sit beside new results.
pub(super) fn clear_results(dir: &Path) -> Result<(), CliError> {
    for name in [
        "summary.json",
        "report.md",
        "report.html",
        "shard.json",
        "runs.csv",
    ] {
        let path = dir.join(name);
        if path.is_file() {
            std::fs::remove_file(&path)
                .map_err(io_error(format!("removing the old {}", path.display())))?;
        }
    }
    let charts = dir.join("charts");
    if charts.is_dir() {
        std::fs::remove_dir_all(&charts)
            .map_err(io_error(format!("removing the old {}", charts.display())))?;
    }
    Ok(())
}

/// FNV-1a (64-bit) of a file's bytes, as 16 hex digits: ties a shard's
/// manifest to the rows it was written with.
pub(super) fn fnv1a_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(format!("{hash:016x}"));
        }
        for &b in &buf[..n] {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// The closing line on stderr.
pub(super) fn closing_line(name: &str, (runs, events): (u64, u64), started: Instant, dir: &Path) {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "{name}: {runs} runs in {secs:.1} s ({:.0} runs/s, {:.2}M events/s); results in {}{}",
        runs as f64 / secs,
        events as f64 / secs / 1e6,
        dir.display(),
        std::path::MAIN_SEPARATOR
    );
}

/// Simulates the batch (or one shard of it), streaming runs.csv, then
/// writes summary.json and report.md (or shard.json).
pub(super) fn run(args: &RunArgs) -> Result<(), CliError> {
    let scenario = load(&args.scenario)?;
    let source = std::fs::read_to_string(&args.scenario)
        .map_err(io_error(format!("reading {}", args.scenario.display())))?;
    let name = scenario.scenario.name.get_ref().clone();
    let runs = args
        .batch
        .runs
        .unwrap_or(*scenario.monte_carlo.runs.get_ref());
    let seed = args.batch.seed.unwrap_or(scenario.monte_carlo.seed);
    if let Some(s) = args.shard
        && u64::from(s.count) > runs
    {
        return Err(CliError::Usage(format!(
            "--shard {s}: {} shards for {runs} runs would leave shards empty; use at most {runs}",
            s.count
        )));
    }
    let range = args.shard.map_or(0..runs, |s| s.range(runs));
    let mut dir = args.batch.out.join(&name);
    if let Some(s) = args.shard {
        dir.push(format!("shard-{}-of-{}", s.index, s.count));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, |t| t as usize))
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start the worker threads: {e}")))?;
    create_out_dir(&dir)?;
    clear_results(&dir)?;

    let started = Instant::now();
    let progress = Progress::new(range.end - range.start, args.quiet);
    let csv_path = dir.join("runs.csv");
    let csv_error = io_error(format!("writing {}", csv_path.display()));
    let mut csv = AtomicFile::create(&csv_path)
        .and_then(RunsCsvWriter::new)
        .map_err(io_error(format!("writing {}", csv_path.display())))?;
    let mut tally = Tally::with_capacity(usize::try_from(range.end - range.start).unwrap_or(0));
    let streamed = pool.install(|| {
        run_chunked(&scenario, seed, range.clone(), |chunk| {
            for r in chunk {
                csv.write(r)?;
                tally.push(r);
            }
            progress.inc(chunk.len() as u64);
            Ok::<(), StreamError>(())
        })
    });
    progress.finish();
    match streamed {
        Ok(()) => {}
        Err(StreamError::Io(e)) => return Err(csv_error(e)),
        Err(StreamError::Simulation(e)) => return Err(e.into()),
    }
    csv.into_inner()
        .and_then(AtomicFile::commit)
        .map_err(csv_error)?;

    let counts = (tally.runs(), tally.events());
    match args.shard {
        Some(s) => {
            let runs_csv_fnv1a = fnv1a_file(&csv_path)
                .map_err(io_error(format!("reading back {}", csv_path.display())))?;
            let manifest = ShardManifest {
                format: FORMAT.to_owned(),
                scenario: name.clone(),
                scenario_source: source,
                seed,
                runs,
                shard: s.index,
                shards: s.count,
                first: range.start,
                end: range.end,
                runs_csv_fnv1a,
            };
            let path = dir.join("shard.json");
            write_atomic(&path, |w| {
                serde_json::to_writer_pretty(&mut *w, &manifest)?;
                writeln!(w)
            })
            .map_err(io_error(format!("writing {}", path.display())))?;
        }
        None => {
            results::write(&dir, tally, &scenario, seed, !args.no_charts)?;
        }
    }
    if !args.quiet {
        closing_line(&name, counts, started, &dir);
    }
    Ok(())
}

/// Why streaming a batch stopped.
enum StreamError {
    Io(std::io::Error),
    Simulation(crate::engine::ScheduleError),
}

impl From<std::io::Error> for StreamError {
    fn from(e: std::io::Error) -> Self {
        StreamError::Io(e)
    }
}

impl From<crate::engine::ScheduleError> for StreamError {
    fn from(e: crate::engine::ScheduleError) -> Self {
        StreamError::Simulation(e)
    }
}

/// The I/O error inside a CSV error, so a broken pipe stays recognisable.
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Prints every event of one replication to stdout.
pub(super) fn trace(args: &TraceArgs) -> Result<(), CliError> {
    let scenario = load(&args.scenario)?;
    let seed = args.seed.unwrap_or(scenario.monte_carlo.seed);
    let mut events: Vec<TraceEvent> = Vec::new();
    let record = simulate_traced(&scenario, seed, args.run, &mut events)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match args.format {
        TraceFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            events
                .iter()
                .try_for_each(|e| w.serialize(TraceRow::from(e)).map_err(csv_io))
                .and_then(|()| w.flush())
        }
        TraceFormat::Jsonl => events.iter().try_for_each(|e| {
            serde_json::to_writer(&mut out, &TraceRow::from(e))?;
            writeln!(out)
        }),
    };
    match result.and_then(|()| out.flush()) {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        other => other.map_err(io_error("writing the trace"))?,
    }
    eprintln!(
        "replication {} (seed {seed}): {}, {} kg delivered, {} events",
        args.run,
        record.outcome.name(),
        record.metrics.delivered_kg,
        record.metrics.events
    );
    Ok(())
}
