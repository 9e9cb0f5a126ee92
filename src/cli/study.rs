//! `astromine compare`, `sweep` and `sensitivity`: their arguments checked
//! and handed to the study pipelines, with a progress bar and a closing
//! line.

use super::progress::Progress;
use super::{
    BatchArgs, CliError, CompareArgs, ExecArgs, SensitivityArgs, SweepArgs, check, load_with_sets,
    one_value_each, set_targets, with_sampling,
};
use crate::model::metric_target::MetricTarget;
use crate::pipeline::studies::{self, Meter, StudyDone, StudyOptions};
use crate::pipeline::{Owner, worker_pool};
use crate::scenario::ScenarioError;
use crate::study::overrides::Base;
use crate::study::overrides::SetArg;
use crate::study::select::SelectOptions;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

/// The progress bar, made once the study knows how many runs it has
/// (hidden when quiet).
#[derive(Default)]
struct Bar {
    progress: OnceLock<Progress>,
    quiet: bool,
}

impl Meter for Bar {
    fn total(&self, n: u64) {
        let _ = self.progress.set(Progress::new(n, self.quiet));
    }

    fn more(&self, n: u64) {
        if let Some(p) = self.progress.get() {
            p.grow(n);
        }
    }

    fn add(&self, n: u64) {
        if let Some(p) = self.progress.get() {
            p.inc(n);
        }
    }
}

/// Runs a study on `exec.threads` worker threads with a progress bar, then
/// says what was run, how long it took and where the results are (unless
/// quiet).
fn with_bar(
    exec: &ExecArgs,
    study: impl FnOnce(&Bar) -> Result<StudyDone, crate::pipeline::BatchError> + Send,
) -> Result<(), CliError> {
    let started = Instant::now();
    let pool = worker_pool(exec.threads)?;
    let bar = Bar {
        progress: OnceLock::new(),
        quiet: exec.quiet,
    };
    let done = pool.install(|| study(&bar));
    if let Some(p) = bar.progress.get() {
        p.finish();
    }
    let done = done?;
    if exec.quiet {
        return Ok(());
    }
    if let Some(verdict) = &done.verdict {
        super::say(verdict);
    }
    super::say(format_args!(
        "{} in {:.1} s; results in {}{}",
        done.what,
        started.elapsed().as_secs_f64(),
        done.dir.display(),
        std::path::MAIN_SEPARATOR
    ));
    Ok(())
}

/// The options every study shares; `files` are the scenario files it
/// reads.
fn options<'a>(batch: &'a BatchArgs, exec: &ExecArgs, files: &[&Path]) -> StudyOptions<'a> {
    StudyOptions {
        runs: batch.runs,
        seed: batch.seed,
        out: &batch.out,
        charts: !exec.no_charts,
        owner: Owner::of(files, batch.force),
    }
}

/// The study's base scenario, with `sets` (one value each) laid over it.
fn load_base(path: &Path, sets: &[SetArg]) -> Result<Base, CliError> {
    let base = Base::load(path).map_err(|e: ScenarioError| CliError::Scenario(vec![e]))?;
    let pairs = one_value_each(sets)?;
    base.over(&pairs).map_err(|e| CliError::Study(e.into()))
}

/// `astromine compare`.
pub(super) fn compare(args: &CompareArgs) -> Result<(), CliError> {
    let sets = with_sampling(&args.sets, args.batch.sampling.as_deref());
    check(&args.scenarios, &sets)?;
    let loaded = args
        .scenarios
        .iter()
        .map(|p| load_with_sets(p, &sets))
        .collect::<Result<Vec<_>, _>>()?;
    // Every scenario is measured against the same targets, in one order.
    let in_files: Vec<MetricTarget> = loaded
        .iter()
        .flat_map(|(s, _)| MetricTarget::of_scenario(s))
        .collect();
    let targets = MetricTarget::union(in_files.iter().chain(&args.targets));
    let scenarios: Vec<_> = loaded
        .into_iter()
        .map(|(mut s, _)| {
            set_targets(&mut s, &targets);
            s
        })
        .collect();
    warn_if_batches_differ(args, &scenarios);
    // Common random numbers need one design for all: the first file's.
    let sampling = scenarios[0].monte_carlo.sampling;
    let scenarios: Vec<_> = scenarios
        .into_iter()
        .map(|mut s| {
            s.monte_carlo.sampling = sampling;
            s
        })
        .collect();
    let files: Vec<&Path> = args.scenarios.iter().map(PathBuf::as_path).collect();
    let o = options(&args.batch, &args.exec, &files);
    let select = args.select_best.map(|goal| SelectOptions {
        goal,
        // clap requires --indifference with --select-best; were it missing,
        // NaN would fail the options' check with a message.
        indifference: args.indifference.unwrap_or(f64::NAN),
        confidence: args.confidence,
        max_runs: args.max_runs,
    });
    with_bar(&args.exec, |bar| {
        studies::compare(&scenarios, o, select.as_ref(), bar)
    })
}

/// Compared scenarios run on one seed, run count and sampling design: the
/// first file's, unless `--runs`/`--seed`/`--sampling` say otherwise. Says
/// so when the files' `[monte_carlo]` sections disagree on what is not
/// given.
fn warn_if_batches_differ(args: &CompareArgs, scenarios: &[crate::scenario::Scenario]) {
    let batch = |s: &crate::scenario::Scenario| {
        let mc = &s.monte_carlo;
        (*mc.runs.get_ref(), mc.seed, mc.sampling)
    };
    let (runs, seed, sampling) = batch(&scenarios[0]);
    let differ = scenarios.iter().skip(1).any(|s| {
        let (r, k, d) = batch(s);
        (args.batch.runs.is_none() && r != runs)
            || (args.batch.seed.is_none() && k != seed)
            || (args.batch.sampling.is_none() && d != sampling)
    });
    if differ {
        super::say(format_args!(
            "warning: the scenarios' [monte_carlo] sections differ; every scenario runs with \
             {} runs, seed {} and sampling {} (from {} and the command line); give --runs, \
             --seed and --sampling to choose",
            args.batch.runs.unwrap_or(runs),
            args.batch.seed.unwrap_or(seed),
            sampling.name(),
            args.scenarios[0].display()
        ));
    }
}

/// `astromine sweep`.
pub(super) fn sweep(args: &SweepArgs) -> Result<(), CliError> {
    let base = load_base(
        &args.scenario,
        &with_sampling(&[], args.batch.sampling.as_deref()),
    )?;
    let o = options(&args.batch, &args.exec, &[&args.scenario]);
    with_bar(&args.exec, |bar| studies::sweep(&base, &args.sets, o, bar))
}

/// `astromine sensitivity`.
pub(super) fn sensitivity(args: &SensitivityArgs) -> Result<(), CliError> {
    crate::study::sensitivity::check_swing(args.swing).map_err(CliError::Usage)?;
    let sets = with_sampling(&args.sets, args.batch.sampling.as_deref());
    let base = load_base(&args.scenario, &sets)?;
    let o = options(&args.batch, &args.exec, &[&args.scenario]);
    let variance = args.method == super::MethodArg::Variance;
    with_bar(&args.exec, |bar| {
        if variance {
            studies::sobol(&base, args.swing, o, bar)
        } else {
            studies::sensitivity(&base, args.swing, o, bar)
        }
    })
}
