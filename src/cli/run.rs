//! `astromine run` and `astromine trace`.

use super::progress::Progress;
use super::{
    CliError, RunArgs, TraceArgs, TraceFormat, load_with_sets, say, set_targets, with_sampling,
    write_targets,
};
use crate::aggregate::precision::{DEFAULT_MAX_RUNS, PrecisionTarget, Stopping};
use crate::model::metric_target::MetricTarget;
use crate::model::{Prepared, SimError, simulate_traced};
use crate::pipeline::{Done, Owner, Plan, RunOptions};
use crate::report::format::thousands;
use crate::report::trace::TraceWriter;
use std::time::Instant;

/// Maps an I/O error to an exit-1 error saying what was being done.
pub(super) fn io_error(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> CliError {
    let what = what.into();
    move |source| CliError::Io { what, source }
}

/// The closing line on stderr.
fn closing_line(done: &Done, started: Instant) {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    say(format_args!(
        "{}: {} runs in {secs:.1} s ({:.0} runs/s, {:.2}M events/s); results in {}{}",
        done.scenario,
        done.runs,
        done.runs as f64 / secs,
        done.events as f64 / secs / 1e6,
        done.dir.display(),
        std::path::MAIN_SEPARATOR
    ));
}

/// Simulates the batch (or one shard of it) and writes its results.
pub(super) fn run(args: &RunArgs) -> Result<(), CliError> {
    let sets = with_sampling(&args.sets, args.batch.sampling.as_deref());
    let (mut scenario, source) = load_with_sets(&args.scenario, &sets)?;
    // A target whose share has a precision asked for is reported too.
    let shares: Vec<MetricTarget> = args
        .precision
        .iter()
        .filter_map(PrecisionTarget::metric_target)
        .collect();
    let targets = MetricTarget::union(
        MetricTarget::of_scenario(&scenario)
            .iter()
            .chain(&args.targets)
            .chain(&shares),
    );
    let source = if set_targets(&mut scenario, &targets) {
        write_targets(&source, &targets)?
    } else {
        source
    };
    let options = RunOptions {
        runs: args.batch.runs,
        seed: args.batch.seed,
        shard: args.shard,
        threads: args.exec.threads,
        out: args.batch.out.clone(),
        charts: !args.exec.no_charts,
        owner: Owner::of(&[&args.scenario], args.batch.force),
        stop: (!args.precision.is_empty()).then(|| Stopping {
            targets: args.precision.clone(),
            max_runs: args.max_runs.unwrap_or(DEFAULT_MAX_RUNS),
        }),
    };
    let plan = Plan::run(scenario, source, &options)?;
    let started = Instant::now();
    let progress = if args.precision.is_empty() {
        Progress::new(plan.replications(), args.exec.quiet)
    } else {
        Progress::open_ended(plan.replications(), args.exec.quiet)
    };
    let done = plan.execute(&|n| progress.inc(n));
    progress.finish();
    let done = done?;
    if !args.exec.quiet {
        closing_line(&done, started);
        if let Some(precision) = &done.precision {
            say(crate::report::precision::line(precision));
        }
    }
    Ok(())
}

/// Prints every event of one replication to stdout.
pub(super) fn trace(args: &TraceArgs) -> Result<(), CliError> {
    let sets = with_sampling(&args.sets, args.sampling.as_deref());
    let (scenario, _) = load_with_sets(&args.scenario, &sets)?;
    let seed = args.seed.unwrap_or(scenario.monte_carlo.seed);
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut sink = match args.format {
        TraceFormat::Csv => TraceWriter::csv(out),
        TraceFormat::Jsonl => TraceWriter::jsonl(out),
    };
    let prepared = Prepared::new(&scenario)
        .map_err(SimError::from)?
        .designed(seed, *scenario.monte_carlo.runs.get_ref());
    let record = simulate_traced(&prepared, seed, args.run, &mut sink)?;
    let rows = sink.rows();
    match sink.finish() {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        other => other.map_err(io_error("writing the trace"))?,
    }
    if args.quiet {
        return Ok(());
    }
    say(format_args!(
        "replication {} (seed {seed}): {}, {} kg delivered; {} rows traced from {} engine \
         events (an event may log several rows, and internal ones such as daily orbit \
         updates log none)",
        args.run,
        record.outcome.name(),
        thousands(record.metrics.delivered_kg, 0),
        thousands(rows as f64, 0),
        thousands(record.metrics.events, 0)
    ));
    Ok(())
}
