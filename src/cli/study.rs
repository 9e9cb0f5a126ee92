//! `astromine compare`, `sweep` and `sensitivity`: their arguments checked
//! and handed to the study pipelines, with a progress bar and a closing
//! line.

use super::progress::Progress;
use super::{BatchArgs, CliError, CompareArgs, SensitivityArgs, SweepArgs, check, load};
use crate::pipeline::studies::{self, Meter, StudyDone, StudyOptions};
use crate::scenario::{MAX_RUNS, ScenarioError};
use crate::study::overrides::Base;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

/// Refuses `--runs` above [`MAX_RUNS`] before anything is loaded or run.
fn check_runs(batch: &BatchArgs) -> Result<(), CliError> {
    match batch.runs {
        Some(runs) if runs > MAX_RUNS => Err(CliError::Usage(format!(
            "--runs {runs} is more than the limit of {MAX_RUNS} replications; use at most {MAX_RUNS}"
        ))),
        _ => Ok(()),
    }
}

/// The progress bar, made once the study knows how many runs it has.
#[derive(Default)]
struct Bar(OnceLock<Progress>);

impl Meter for Bar {
    fn total(&self, n: u64) {
        let _ = self.0.set(Progress::new(n, false));
    }

    fn add(&self, n: u64) {
        if let Some(p) = self.0.get() {
            p.inc(n);
        }
    }
}

/// Runs a study with a progress bar, then says what was run, how long it
/// took and where the results are.
fn with_bar(
    study: impl FnOnce(&Bar) -> Result<StudyDone, crate::pipeline::BatchError>,
) -> Result<(), CliError> {
    let started = Instant::now();
    let bar = Bar::default();
    let done = study(&bar);
    if let Some(p) = bar.0.get() {
        p.finish();
    }
    let done = done?;
    super::say(format_args!(
        "{} in {:.1} s; results in {}{}",
        done.what,
        started.elapsed().as_secs_f64(),
        done.dir.display(),
        std::path::MAIN_SEPARATOR
    ));
    Ok(())
}

/// The options every study shares.
fn options(batch: &BatchArgs) -> StudyOptions<'_> {
    StudyOptions {
        runs: batch.runs,
        seed: batch.seed,
        out: &batch.out,
    }
}

fn load_base(path: &Path) -> Result<Base, CliError> {
    Base::load(path).map_err(|e: ScenarioError| CliError::Scenario(vec![e]))
}

/// `astromine compare`.
pub(super) fn compare(args: &CompareArgs) -> Result<(), CliError> {
    check_runs(&args.batch)?;
    check(&args.scenarios)?;
    let scenarios = args
        .scenarios
        .iter()
        .map(|p| load(p))
        .collect::<Result<Vec<_>, _>>()?;
    with_bar(|bar| studies::compare(&scenarios, options(&args.batch), bar))
}

/// `astromine sweep`.
pub(super) fn sweep(args: &SweepArgs) -> Result<(), CliError> {
    check_runs(&args.batch)?;
    let base = load_base(&args.scenario)?;
    with_bar(|bar| studies::sweep(&base, &args.sets, options(&args.batch), bar))
}

/// `astromine sensitivity`.
pub(super) fn sensitivity(args: &SensitivityArgs) -> Result<(), CliError> {
    check_runs(&args.batch)?;
    crate::study::sensitivity::check_swing(args.swing).map_err(CliError::Usage)?;
    let base = load_base(&args.scenario)?;
    with_bar(|bar| studies::sensitivity(&base, args.swing, options(&args.batch), bar))
}
