//! `astromine run` and `astromine trace`.

use super::{CliError, RunArgs, TraceArgs, TraceFormat, load};
use crate::batch::run_range;
use crate::model::simulate_traced;
use crate::model::trace::{TraceEvent, TraceRow};
use crate::report::files::write_atomic;
use crate::report::{runs_csv, summary::Summary};
use std::io::Write;
use std::path::Path;

fn io_error(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> CliError {
    let what = what.into();
    move |source| CliError::Io { what, source }
}

/// Simulates the batch and writes summary.json and runs.csv.
pub(super) fn run(args: &RunArgs) -> Result<(), CliError> {
    let scenario = load(&args.scenario)?;
    if args.shard.is_some() {
        return Err(CliError::NotImplemented("run --shard"));
    }
    let runs = args
        .batch
        .runs
        .unwrap_or(*scenario.monte_carlo.runs.get_ref());
    let seed = args.batch.seed.unwrap_or(scenario.monte_carlo.seed);
    let dir = args.batch.out.join(scenario.scenario.name.get_ref());
    std::fs::create_dir_all(&dir).map_err(|e| {
        CliError::Usage(format!(
            "cannot create the output directory {}: {e}",
            dir.display()
        ))
    })?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, |t| t as usize))
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start {:?} threads: {e}", args.threads)))?;
    let records = pool.install(|| run_range(&scenario, seed, 0..runs))?;
    let summary = Summary::of(scenario.scenario.name.get_ref(), seed, &records);
    let summary_path = dir.join("summary.json");
    write_atomic(&summary_path, |w| {
        serde_json::to_writer_pretty(&mut *w, &summary)?;
        writeln!(w)
    })
    .map_err(io_error(format!("writing {}", summary_path.display())))?;
    let csv_path = dir.join("runs.csv");
    write_atomic(&csv_path, |w| runs_csv::write(w, &records))
        .map_err(io_error(format!("writing {}", csv_path.display())))?;
    if !args.quiet {
        println!(
            "{}: {runs} runs, results in {}",
            scenario.scenario.name.get_ref(),
            show(&dir)
        );
    }
    Ok(())
}

fn show(dir: &Path) -> String {
    format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR)
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
