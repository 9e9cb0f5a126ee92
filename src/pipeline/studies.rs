//! The studies behind `astromine compare`, `sweep` and `sensitivity`: each
//! runs its samples on common random numbers, charts and writes them into a
//! staged folder that replaces the previous results only when complete.

use super::{BatchError, Owner, Staging, io_error};
use crate::batch::signals;
use crate::model::RunRecord;
use crate::report::charts::{
    Series, render_comparison, render_sobol, render_sweep, render_tornadoes,
};
use crate::report::document::{self, Block};
use crate::report::files::write_atomic;
use crate::report::results::ResultsError;
use crate::report::selection;
use crate::report::shard::Fnv1a;
use crate::report::study as documents;
use crate::scenario::Scenario;
use crate::study::StudyError;
use crate::study::compare::compare as compare_samples;
use crate::study::overrides::{Base, SetArg};
use crate::study::sample::{Sample, unique_labels};
use crate::study::select::{Progress, SelectOptions, select as select_best};
use crate::study::{sensitivity as sens, sweep as sw};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A label made safe as a directory name.
fn dir_name(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The longest folder name a study derives from scenario names, in bytes;
/// well under the 255 that file systems allow.
const MAX_DIR_NAME: usize = 100;

/// The folder `<stem><suffix>`, or, when that is longer than
/// [`MAX_DIR_NAME`], the start of `stem`, a hash of the whole name (16 hex
/// digits of FNV-1a, the same on every machine) and `suffix`.
fn derived_dir(stem: &str, suffix: &str) -> String {
    let full = format!("{stem}{suffix}");
    if full.len() <= MAX_DIR_NAME {
        return full;
    }
    let mut hash = Fnv1a::default();
    // Writing into a hash cannot fail.
    let _ = hash.write_all(full.as_bytes());
    let hash = hash.hex();
    let mut keep = MAX_DIR_NAME.saturating_sub(hash.len() + 1 + suffix.len());
    while !stem.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}-{hash}{suffix}", stem[..keep].trim_end_matches('-'))
}

/// Writes `<stem>.json`, `<stem>.md` and `<stem>.html` into `dir`.
fn write_study(
    dir: &Path,
    stem: &str,
    json: &impl Serialize,
    blocks: &[Block],
    title: &str,
) -> Result<(), BatchError> {
    let mut json = serde_json::to_vec_pretty(json).map_err(std::io::Error::from);
    if let Ok(bytes) = &mut json {
        bytes.push(b'\n');
    }
    let files = [
        ("json", json),
        ("md", Ok(document::to_markdown(blocks).into_bytes())),
        ("html", Ok(document::to_html(blocks, title).into_bytes())),
    ];
    for (extension, bytes) in files {
        let path = dir.join(format!("{stem}.{extension}"));
        bytes
            .and_then(|b| write_atomic(&path, |w| w.write_all(&b)))
            .map_err(io_error(format!("writing {}", path.display())))?;
    }
    Ok(())
}

/// Takes the study's folder `dir` for a new set of `<stem>.json`, `.md`,
/// `.html` and `charts/`, built aside and put in place only when complete
/// (as `run` does): a failed or interrupted study leaves the previous
/// results as they were, and two studies cannot write one folder at once.
fn stage(dir: PathBuf, stem: &str, owner: &Owner) -> Result<Staging, BatchError> {
    signals::catch().map_err(io_error("installing the signal handlers".to_owned()))?;
    let owned = [
        format!("{stem}.json"),
        format!("{stem}.md"),
        format!("{stem}.html"),
        "charts".to_owned(),
    ];
    let owned: Vec<&str> = owned.iter().map(String::as_str).collect();
    Staging::begin_for(dir, &owned, Some(owner))
}

/// The replications, seed and parent folder of a study (`None`: the
/// scenario's own runs and seed).
#[derive(Debug, Clone)]
pub(crate) struct StudyOptions<'a> {
    /// Replications per scenario or variant.
    pub(crate) runs: Option<u64>,
    /// Master seed.
    pub(crate) seed: Option<u64>,
    /// The folder that holds the study's results folder.
    pub(crate) out: &'a Path,
    /// Whether to draw the charts.
    pub(crate) charts: bool,
    /// The scenario files the study reads.
    pub(crate) owner: Owner,
}

/// Where a study reports its replications as they complete.
pub(crate) trait Meter: Sync {
    /// Sets the number of replications the study will run.
    fn total(&self, n: u64);
    /// Adds `n` replications to the total, found needed as it runs.
    fn more(&self, n: u64);
    /// Counts `n` more replications done.
    fn add(&self, n: u64);
}

/// What a finished study ran and where its results are.
#[derive(Debug, Clone)]
pub(crate) struct StudyDone {
    /// What was run, in a few words.
    pub(crate) what: String,
    /// The results folder.
    pub(crate) dir: PathBuf,
    /// The study's answer in a line, when it has one (the best strategy).
    pub(crate) verdict: Option<String>,
}

impl From<StudyError> for BatchError {
    fn from(e: StudyError) -> Self {
        BatchError::Study(e)
    }
}

/// The study's charts, drawn by `draw` unless `--no-charts` said not to.
fn charts_if<E>(
    on: bool,
    draw: impl FnOnce() -> Result<Vec<document::ChartRef>, E>,
) -> Result<Vec<document::ChartRef>, BatchError>
where
    ResultsError: From<E>,
{
    if on {
        Ok(draw().map_err(ResultsError::from)?)
    } else {
        Ok(Vec::new())
    }
}

/// Comparisons need a spread: intervals and correlations need two runs.
fn at_least_two(runs: u64) -> Result<(), BatchError> {
    if runs < 2 {
        return Err(BatchError::Usage(format!(
            "--runs {runs}: comparisons need at least 2 replications for an interval"
        )));
    }
    Ok(())
}

/// The first stage of every scenario: replications 0..`runs` with `seed`,
/// keeping each run's value of what `select` ranks by, if anything.
fn first_stage(
    scenarios: &[Scenario],
    labels: &[String],
    (seed, runs): (u64, u64),
    select: Option<&SelectOptions>,
    meter: &dyn Meter,
) -> Result<Vec<Sample>, BatchError> {
    let measure = select.map(|o| o.goal.measure);
    let value = |r: &RunRecord| measure.map_or(0.0, |m| m.value(r));
    let keep = measure
        .is_some()
        .then_some(&value as &dyn Fn(&RunRecord) -> f64);
    meter.total(runs.saturating_mul(scenarios.len() as u64));
    Ok(scenarios
        .iter()
        .zip(labels)
        .map(|(s, label)| Sample::run_keeping(s, label, seed, runs, keep, &|n| meter.add(n)))
        .collect::<Result<Vec<_>, _>>()?)
}

/// Runs every scenario on the same replications and seed and compares each
/// with the first; with `select`, goes on to select the best (the
/// comparison's runs are the selection's first stage).
pub(crate) fn compare(
    scenarios: &[Scenario],
    o: StudyOptions<'_>,
    select: Option<&SelectOptions>,
    meter: &dyn Meter,
) -> Result<StudyDone, BatchError> {
    let first = &scenarios[0];
    let runs = o.runs.unwrap_or(*first.monte_carlo.runs.get_ref());
    let seed = o.seed.unwrap_or(first.monte_carlo.seed);
    at_least_two(runs)?;
    if let Some(options) = select {
        options
            .check(scenarios.len(), runs)
            .map_err(BatchError::Usage)?;
    }
    let labels = unique_labels(
        &scenarios
            .iter()
            .map(|s| s.scenario.name.get_ref().clone())
            .collect::<Vec<_>>(),
    );
    let title = labels.join(" vs ");
    let stem = labels
        .iter()
        .map(|l| dir_name(l))
        .collect::<Vec<_>>()
        .join("-vs-");
    let dir = o.out.join(derived_dir(&stem, ""));
    let staging = stage(dir.clone(), "comparison", &o.owner)?;
    let samples = first_stage(scenarios, &labels, (seed, runs), select, meter)?;
    let mut report = compare_samples(&samples, seed);
    if let Some(options) = select {
        let progress = Progress {
            planned: &|n| meter.more(n),
            done: &|n| meter.add(n),
        };
        report.selection = Some(select_best(scenarios, &samples, seed, options, &progress)?);
    }
    let series: Vec<Series<'_>> = samples
        .iter()
        .map(|s| Series {
            label: &s.label,
            delivered: &s.delivered,
            npv: &s.npv,
            summary: &s.summary,
        })
        .collect();
    let charts = charts_if(o.charts, || {
        render_comparison(
            &series,
            &report.comparisons,
            &title,
            &staging.path().join("charts"),
        )
    })?;
    let blocks = documents::compare_document(&report, charts);
    let html_title = format!("astromine: {title}");
    write_study(staging.path(), "comparison", &report, &blocks, &html_title)?;
    staging.commit()?;
    let what = format!("{title}: {} scenarios × {runs} runs", scenarios.len());
    Ok(StudyDone {
        what,
        dir,
        verdict: report.selection.as_ref().map(selection::verdict),
    })
}

/// Runs a grid of variants over scenario keys on common random numbers.
pub(crate) fn sweep(
    base: &Base,
    sets: &[SetArg],
    o: StudyOptions<'_>,
    meter: &dyn Meter,
) -> Result<StudyDone, BatchError> {
    let points = sw::grid(base, sets).map_err(|e| match e {
        too_large @ sw::GridError::TooLarge { .. } => BatchError::Usage(too_large.to_string()),
        sw::GridError::Override(e) => BatchError::Study(e.into()),
    })?;
    let s = base.scenario();
    let runs = o.runs.unwrap_or(*s.monte_carlo.runs.get_ref());
    let seed = o.seed.unwrap_or(s.monte_carlo.seed);
    let name = s.scenario.name.get_ref().clone();
    // Named by the keys swept, so sweeps over other keys keep their folders.
    let keys: Vec<String> = sets.iter().map(|set| dir_name(&set.key)).collect();
    let dir = o.out.join(derived_dir(
        &format!("{name}-sweep-{}", keys.join("-by-")),
        "",
    ));
    let staging = stage(dir.clone(), "sweep", &o.owner)?;
    meter.total(runs.saturating_mul(points.len() as u64));
    let report = sw::sweep(base, sets, &points, seed, runs, &|n| meter.add(n))?;
    let charts_dir = staging.path().join("charts");
    let charts = charts_if(o.charts, || {
        render_sweep(&documents::sweep_grid(&report), &name, &charts_dir)
    })?;
    let blocks = documents::sweep_document(&report, charts);
    let title = format!("astromine: {name} sweep");
    write_study(staging.path(), "sweep", &report, &blocks, &title)?;
    staging.commit()?;
    let what = format!("{name}: {} points × {runs} runs", points.len());
    Ok(StudyDone {
        what,
        dir,
        verdict: None,
    })
}

/// A sensitivity study's runs (at most 400 unless `runs` says otherwise),
/// seed, scenario name, folder and staging.
fn sensitivity_setup(
    base: &Base,
    o: &StudyOptions<'_>,
) -> Result<(u64, u64, String, PathBuf, Staging), BatchError> {
    let s = base.scenario();
    let runs = o.runs.unwrap_or((*s.monte_carlo.runs.get_ref()).min(400));
    at_least_two(runs)?;
    let seed = o.seed.unwrap_or(s.monte_carlo.seed);
    let name = s.scenario.name.get_ref().clone();
    let dir = o.out.join(derived_dir(&name, "-sensitivity"));
    let staging = stage(dir.clone(), "sensitivity", &o.owner)?;
    Ok((runs, seed, name, dir, staging))
}

/// One-at-a-time sensitivity of NPV and delivered cargo to each input
/// (at most 400 runs per variant unless `runs` says otherwise).
pub(crate) fn sensitivity(
    base: &Base,
    swing: f64,
    o: StudyOptions<'_>,
    meter: &dyn Meter,
) -> Result<StudyDone, BatchError> {
    let (runs, seed, name, dir, staging) = sensitivity_setup(base, &o)?;
    let plan = sens::plan(base, swing);
    let inputs = plan.moves.len();
    meter.total(runs.saturating_mul(1 + 2 * inputs as u64));
    let report = sens::run(base, plan, swing, seed, runs, &|n| meter.add(n))?;
    let (npv, delivered) = documents::tornadoes(&report);
    let charts = charts_if(o.charts, || {
        render_tornadoes(&npv, &delivered, &name, &staging.path().join("charts"))
    })?;
    let blocks = documents::sensitivity_document(&report, charts);
    let title = format!("astromine: {name} sensitivity");
    write_study(staging.path(), "sensitivity", &report, &blocks, &title)?;
    staging.commit()?;
    let what = format!("{name}: {inputs} inputs × 2 values × {runs} runs");
    Ok(StudyDone {
        what,
        dir,
        verdict: None,
    })
}

/// Variance-based sensitivity: first-order and total Sobol indices of NPV
/// and delivered cargo over N rows (at most 400 unless `runs` says
/// otherwise), N(d + 3) replications for d inputs.
pub(crate) fn sobol(
    base: &Base,
    swing: f64,
    o: StudyOptions<'_>,
    meter: &dyn Meter,
) -> Result<StudyDone, BatchError> {
    let (n, seed, name, dir, staging) = sensitivity_setup(base, &o)?;
    let design = sens::variance::Design::of(base, sens::plan(base, swing));
    let inputs = design.inputs();
    let runs = design.replications(n);
    meter.total(runs);
    let report = sens::variance::run(base, design, swing, seed, n, &|k| meter.add(k))?;
    let charts = charts_if(o.charts, || {
        render_sobol(&report, &name, &staging.path().join("charts"))
    })?;
    let blocks = documents::variance_document(&report, charts);
    let title = format!("astromine: {name} variance-based sensitivity");
    write_study(staging.path(), "sensitivity", &report, &blocks, &title)?;
    staging.commit()?;
    let what = format!("{name}: {inputs} inputs × {n} rows = {runs} runs");
    Ok(StudyDone {
        what,
        dir,
        verdict: None,
    })
}
