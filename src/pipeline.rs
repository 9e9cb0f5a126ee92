//! One batch, from replications to result files, shared by `run` (which
//! simulates the replications) and `merge` (which reads shards back).
//!
//! Every replication passes, in order, through the tally and every
//! [`export::Exporter`]; the finished batch gets its charts (the pipeline
//! picks and traces the representative replication for the timeline) and
//! then each exporter writes the rest of its file. All files are written into
//! one [`output::Staging`] folder and swapped in together at the end, so a
//! failed, interrupted or concurrent run never touches the previous results.

use crate::aggregate::precision::{PrecisionSummary, Stopping};
use crate::aggregate::{Summary, Tally};
use crate::batch::{Shard, run_chunked, signals};
use crate::model::SimError;
use crate::model::metric_target::MetricTarget;
use crate::model::trace::TraceEvent;
use crate::model::{Prepared, simulate_traced};
use crate::report::charts::{ChartData, Timeline, render_all};
use crate::report::document::{self, ChartRef};
use crate::report::orbit::{self, OrbitSummary};
use crate::report::results::{ChartColumns, ResultsError};
use crate::report::sampling::SamplingSummary;
use crate::report::shard::{FORMAT, ShardManifest};
use crate::scenario::{self, Scenario, ScenarioError};
use export::{Exporter, Finished};
use output::Sink;
pub(crate) use output::{Owner, Staging};
use shards::ShardInput;
use std::ops::Range;
use std::path::{Path, PathBuf};
use thiserror::Error;

mod export;
mod output;
pub(crate) mod porkchop;
mod shards;
pub(crate) mod studies;

/// Every entry a batch's results folder may hold: a new batch replaces or
/// removes each of them, so none can sit stale beside new results, and
/// leaves anything else there alone.
const OWNED: [&str; 7] = [
    "runs.csv",
    "summary.json",
    "report.md",
    "summary.md",
    "report.html",
    "shard.json",
    "charts",
];
const CHARTS: &str = "charts";

/// Why a batch could not be run or written.
#[derive(Debug, Error)]
pub(crate) enum BatchError {
    /// Options or shards that cannot be used.
    #[error("{0}")]
    Usage(String),
    /// The shards' scenario is not valid.
    #[error(transparent)]
    Scenario(ScenarioError),
    /// Reading or writing a file failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A replication could not be simulated.
    #[error("simulation failed: {0}")]
    Simulation(#[from] SimError),
    /// The charts could not be drawn.
    #[error(transparent)]
    Results(#[from] ResultsError),
    /// A study failed: an invalid variant, a simulation, or an interrupt.
    #[error(transparent)]
    Study(crate::study::StudyError),
    /// A termination signal (its number) arrived before the results were
    /// complete; nothing of the batch was kept.
    #[error("interrupted by {}; no results were written, previous ones are as they were", signals::name(*.0))]
    Interrupted(i32),
}

/// Fails with [`BatchError::Interrupted`] once a signal was caught.
fn interrupted() -> Result<(), BatchError> {
    signals::caught().map_or(Ok(()), |s| Err(BatchError::Interrupted(s)))
}

/// Maps an I/O error to a batch error saying what was being done.
fn io_error(what: String) -> impl FnOnce(std::io::Error) -> BatchError {
    move |source| BatchError::Io { what, source }
}

/// Maps an I/O error on `path` to "writing PATH: reason".
fn writing(path: &Path) -> impl FnOnce(std::io::Error) -> BatchError {
    io_error(format!("writing {}", path.display()))
}

/// What `run` asks for, before the scenario's defaults fill it in.
#[derive(Debug, Clone)]
pub(crate) struct RunOptions {
    /// Replications (default: the scenario's).
    pub(crate) runs: Option<u64>,
    /// Master seed (default: the scenario's).
    pub(crate) seed: Option<u64>,
    /// Only this slice of the replications.
    pub(crate) shard: Option<Shard>,
    /// Worker threads (default: all cores).
    pub(crate) threads: Option<u32>,
    /// The directory the scenario's result directory goes in.
    pub(crate) out: PathBuf,
    /// Whether to draw the charts.
    pub(crate) charts: bool,
    /// The scenario file the results come from.
    pub(crate) owner: Owner,
    /// Run blocks until this rule says stop (then `runs` is unused).
    pub(crate) stop: Option<Stopping>,
}

/// Where a batch's replications come from.
enum Rows {
    /// Simulated on a pool of worker threads.
    Simulate {
        range: Range<u64>,
        pool: rayon::ThreadPool,
        /// A stopping rule that may end the batch before `range.end`.
        stop: Option<Stopping>,
    },
    /// Read back from checked shards, in shard order.
    Shards(Vec<ShardInput>),
}

/// A batch ready to run: checked, with nothing written yet.
pub(crate) struct Plan {
    prepared: Prepared,
    seed: u64,
    /// The length of the sampling design's blocks, for the reports of a
    /// whole batch (none for a shard).
    design_block: Option<u64>,
    rows: Rows,
    out: PathBuf,
    exporters: Vec<Box<dyn Exporter>>,
    charts: bool,
    /// The scenario file of a simulated batch (none for a merge).
    owner: Option<Owner>,
}

/// What a finished batch did.
#[derive(Debug, Clone)]
pub(crate) struct Done {
    /// The scenario's name.
    pub(crate) scenario: String,
    /// The result directory.
    pub(crate) dir: PathBuf,
    /// Replications written.
    pub(crate) runs: u64,
    /// Events simulated over them.
    pub(crate) events: u64,
    /// Where the precision targets stand, when there were any.
    pub(crate) precision: Option<PrecisionSummary>,
}

impl Plan {
    /// Simulating `scenario` (whose file reads `source`) as `options` ask.
    pub(crate) fn run(
        scenario: Scenario,
        source: String,
        options: &RunOptions,
    ) -> Result<Self, BatchError> {
        let name = scenario.scenario.name.get_ref().clone();
        let runs = match &options.stop {
            Some(stop) => stop.max_runs,
            None => options.runs.unwrap_or(*scenario.monte_carlo.runs.get_ref()),
        };
        let seed = options.seed.unwrap_or(scenario.monte_carlo.seed);
        let mut dir = options.out.join(&name);
        let (range, exporters) = match options.shard {
            None => (0..runs, export::results()),
            Some(s) if u64::from(s.count) > runs => {
                return Err(BatchError::Usage(format!(
                    "--shard {s}: {} shards for {runs} runs would leave shards empty; use at most {runs}",
                    s.count
                )));
            }
            Some(s) => {
                dir.push(format!("shard-{}-of-{}", s.index, s.count));
                let range = s.range(runs);
                let manifest = ShardManifest {
                    format: FORMAT.to_owned(),
                    scenario: name,
                    scenario_source: source,
                    seed,
                    runs,
                    shard: s.index,
                    shards: s.count,
                    first: range.start,
                    end: range.end,
                    runs_csv_fnv1a: String::new(),
                };
                (range, export::shard(manifest))
            }
        };
        let pool = worker_pool(options.threads)?;
        // A batch of unknown length (stopped by precision) lays its design
        // over its blocks; any other over the whole batch, shards included.
        let block = match options.stop {
            Some(_) => crate::batch::BLOCK,
            None => runs,
        };
        // The orbit tables are computed on the batch's own threads.
        let prepared = pool
            .install(|| Prepared::new(&scenario))
            .map_err(SimError::from)?
            .designed(seed, block);
        let design_block = options.shard.is_none().then_some(block);
        Ok(Self {
            prepared,
            seed,
            design_block,
            rows: Rows::Simulate {
                range,
                pool,
                stop: options.stop.clone(),
            },
            out: dir,
            exporters,
            charts: options.charts && options.shard.is_none(),
            owner: Some(options.owner.clone()),
        })
    }

    /// Merging the shards under `paths` into `out/<scenario name>/`.
    pub(crate) fn merge(paths: &[PathBuf], out: &Path, charts: bool) -> Result<Self, BatchError> {
        let shards = shards::gather(paths)?;
        let first = shards[0].manifest.clone();
        let scenario = scenario::parse(&first.scenario_source, "the shards' scenario")
            .map_err(BatchError::Scenario)?;
        let prepared = Prepared::new(&scenario)
            .map_err(SimError::from)?
            .designed(first.seed, first.runs);
        shards::check_origin(&shards, &prepared)?;
        let dir = out.join(&first.scenario);
        let same =
            |a: &Path| matches!((a.canonicalize(), dir.canonicalize()), (Ok(a), Ok(d)) if a == d);
        if shards.iter().any(|s| same(&s.dir)) {
            return Err(BatchError::Usage(format!(
                "--out {}: the merged results would overwrite a shard; choose another directory",
                out.display()
            )));
        }
        Ok(Self {
            design_block: Some(first.runs),
            prepared,
            seed: first.seed,
            rows: Rows::Shards(shards),
            out: dir,
            exporters: export::results(),
            charts,
            owner: None,
        })
    }

    /// Replications the batch will write (at most, with a stopping rule).
    pub(crate) fn replications(&self) -> u64 {
        match &self.rows {
            Rows::Simulate { range, .. } => range.end - range.start,
            Rows::Shards(shards) => shards
                .iter()
                .map(|s| s.manifest.end - s.manifest.first)
                .sum(),
        }
    }

    /// Shards read (none when simulating).
    pub(crate) fn shards(&self) -> usize {
        match &self.rows {
            Rows::Simulate { .. } => 0,
            Rows::Shards(shards) => shards.len(),
        }
    }

    /// Runs the batch and writes its results, calling `progress` with the
    /// number of replications done as they complete. The previous results
    /// are replaced only once the new ones are complete; a termination
    /// signal stops the batch with [`BatchError::Interrupted`].
    pub(crate) fn execute(self, progress: &(dyn Fn(u64) + Sync)) -> Result<Done, BatchError> {
        signals::catch().map_err(io_error("installing the signal handlers".to_owned()))?;
        let capacity = usize::try_from(self.replications()).unwrap_or(0);
        let staging = Staging::begin_for(self.out, &OWNED, self.owner.as_ref())?;
        let targets = MetricTarget::of_scenario(self.prepared.scenario());
        let mut batch = Batch::begin(&staging, self.exporters, capacity, &targets)?;
        let precision = match self.rows {
            Rows::Simulate { range, pool, stop } => {
                pool.install(|| {
                    batch.simulate(&self.prepared, self.seed, range, stop.as_ref(), progress)
                })?;
                stop.map(|rule| rule.summary(&batch.tally))
            }
            Rows::Shards(shards) => {
                for shard in &shards {
                    shards::read(shard, |r| batch.push(r))?;
                    progress(shard.manifest.end - shard.manifest.first);
                }
                None
            }
        };
        batch.finish(
            &self.prepared,
            self.seed,
            self.design_block,
            self.charts,
            staging,
            precision,
        )
    }
}

/// A batch being streamed: the tally and every exporter with its file.
struct Batch {
    tally: Tally,
    files: Vec<(Box<dyn Exporter>, Sink)>,
}

impl Batch {
    /// Opens every exporter's file and writes what comes before the rows;
    /// the tally counts the runs that meet each of `targets`.
    fn begin(
        out: &Staging,
        exporters: Vec<Box<dyn Exporter>>,
        capacity: usize,
        targets: &[MetricTarget],
    ) -> Result<Self, BatchError> {
        let mut files = Vec::with_capacity(exporters.len());
        for mut exporter in exporters {
            let mut sink = out.file(exporter.file_name())?;
            exporter.begin(&mut sink).map_err(writing(sink.path()))?;
            files.push((exporter, sink));
        }
        Ok(Self {
            tally: Tally::with_capacity(capacity).with_targets(targets),
            files,
        })
    }

    /// Hands on the next replication (or stops if a signal was caught).
    fn push(&mut self, record: &crate::model::RunRecord) -> Result<(), BatchError> {
        interrupted()?;
        self.tally.push(record);
        for (exporter, sink) in &mut self.files {
            exporter.row(record, sink).map_err(writing(sink.path()))?;
        }
        Ok(())
    }

    /// Simulates `range` in order, chunk by chunk; with a stopping rule, in
    /// blocks, ending after the first block at which the rule says stop.
    fn simulate(
        &mut self,
        prepared: &Prepared,
        seed: u64,
        range: Range<u64>,
        stop: Option<&Stopping>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(), BatchError> {
        let mut start = range.start;
        while start < range.end {
            let end = stop.map_or(range.end, |rule| rule.block_end(start));
            run_chunked(prepared, seed, start..end, |chunk| {
                chunk.iter().try_for_each(|r| self.push(r))?;
                progress(chunk.len() as u64);
                Ok::<(), BatchError>(())
            })?;
            if stop.is_some_and(|rule| rule.done(&self.tally)) {
                break;
            }
            start = end;
        }
        Ok(())
    }

    /// Summarises, draws the charts (with `charts`), finishes every file and
    /// puts them all in place.
    fn finish(
        mut self,
        prepared: &Prepared,
        seed: u64,
        design_block: Option<u64>,
        charts: bool,
        out: Staging,
        precision: Option<PrecisionSummary>,
    ) -> Result<Done, BatchError> {
        let scenario = prepared.scenario();
        let (runs, events) = (self.tally.runs(), self.tally.events());
        let sampling =
            design_block.and_then(|block| SamplingSummary::of(scenario, seed, block, runs));
        let columns = charts.then(|| ChartColumns::of(&self.tally));
        let name = scenario.scenario.name.get_ref();
        let summary = Summary {
            precision: precision.clone(),
            ..self.tally.finish(name, seed)
        };
        let chart_refs = match columns {
            Some(columns) => {
                draw_charts(prepared, seed, &summary, columns, &out.path().join(CHARTS))?
            }
            None => Vec::new(),
        };
        let orbit = prepared.sky().map(|sky| OrbitSummary::of(scenario, sky));
        let report = document::build(
            &summary,
            &scenario.scenario.description,
            orbit.as_ref(),
            sampling.as_ref(),
            chart_refs,
        );
        let finished = Finished {
            orbit,
            sampling,
            scenario,
            summary,
            report,
        };
        for (exporter, sink) in &mut self.files {
            exporter
                .finish(&finished, sink)
                .map_err(writing(sink.path()))?;
        }
        self.files
            .into_iter()
            .try_for_each(|(_, sink)| sink.finish())?;
        interrupted()?;
        let dir = out.dir().to_owned();
        out.commit()?;
        Ok(Done {
            scenario: name.clone(),
            dir,
            runs,
            events,
            precision,
        })
    }
}

/// A pool of `threads` worker threads (default: one per core); more than
/// can help are refused.
pub(crate) fn worker_pool(threads: Option<u32>) -> Result<rayon::ThreadPool, BatchError> {
    if let Some(t) = threads {
        check_threads(t)?;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.map_or(0, |t| t as usize))
        .build()
        .map_err(|e| BatchError::Usage(format!("cannot start the worker threads: {e}")))
}

/// Refuses more worker threads than can help: 8 per core, at least 64.
fn check_threads(threads: u32) -> Result<(), BatchError> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let max = cores.saturating_mul(8).max(64);
    if usize::try_from(threads).map_or(true, |t| t > max) {
        return Err(BatchError::Usage(format!(
            "--threads {threads}: at most {max} worker threads here (8 per core, at least 64); \
             results do not depend on the count"
        )));
    }
    Ok(())
}

/// Draws every chart into `dir`: the timeline, and the geometry chart when
/// the scenario has an orbit, from the representative replication.
fn draw_charts(
    prepared: &Prepared,
    seed: u64,
    summary: &Summary,
    columns: ChartColumns,
    dir: &Path,
) -> Result<Vec<ChartRef>, ResultsError> {
    let mut events: Vec<TraceEvent> = Vec::new();
    let timeline = match median_run(&columns.delivered) {
        Some(run) => {
            let run = run as u64;
            let record = simulate_traced(prepared, seed, run, &mut events)?;
            Some(Timeline::from_trace(run, record, &events))
        }
        None => None,
    };
    let geometry = prepared
        .sky()
        .map(|sky| orbit::geometry_chart(prepared.scenario(), sky, &events));
    let data = ChartData {
        summary,
        delivered: columns.delivered,
        npv: columns.npv,
        failures: columns.failures,
        timeline,
        geometry,
    };
    Ok(render_all(&data, dir)?)
}

/// Index of the replication whose value is the (lower) median of `values`;
/// among equal values, the earliest replication: the representative
/// replication whose timeline the report shows.
fn median_run(values: &[f64]) -> Option<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    order.get(values.len().saturating_sub(1) / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::median_run;

    #[test]
    fn the_representative_run_is_the_lower_median_earliest_first() {
        assert_eq!(median_run(&[]), None);
        assert_eq!(median_run(&[7.0]), Some(0));
        assert_eq!(median_run(&[3.0, 1.0, 2.0]), Some(2));
        assert_eq!(median_run(&[4.0, 1.0, 3.0, 2.0]), Some(3));
        assert_eq!(median_run(&[5.0, 5.0, 5.0]), Some(1));
        assert_eq!(median_run(&[2.0, 1.0, 2.0, 1.0]), Some(3));
    }
}
