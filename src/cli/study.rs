//! `astromine compare`, `sweep` and `sensitivity`.

use super::progress::Progress;
use super::run::io_error;
use super::{BatchArgs, CliError, CompareArgs, SensitivityArgs, SweepArgs, check, load};
use crate::pipeline::Staging;
use crate::report::charts::{Series, render_comparison, render_sweep, render_tornadoes};
use crate::report::document::{self, Block};
use crate::report::files::write_atomic;
use crate::report::results::ResultsError;
use crate::report::shard::Fnv1a;
use crate::report::study as documents;
use crate::scenario::{MAX_RUNS, ScenarioError};
use crate::study::compare::compare as compare_samples;
use crate::study::overrides::Base;
use crate::study::sample::{Sample, unique_labels};
use crate::study::{sensitivity as sens, sweep as sw};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

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

/// Refuses `--runs` above [`MAX_RUNS`] before anything is loaded or run.
fn check_runs(batch: &BatchArgs) -> Result<(), CliError> {
    match batch.runs {
        Some(runs) if runs > MAX_RUNS => Err(CliError::Usage(format!(
            "--runs {runs} is more than the limit of {MAX_RUNS} replications; use at most {MAX_RUNS}"
        ))),
        _ => Ok(()),
    }
}

/// Writes `<stem>.json`, `<stem>.md` and `<stem>.html` into `dir`.
pub(super) fn write_study(
    dir: &Path,
    stem: &str,
    json: &impl Serialize,
    blocks: &[Block],
    title: &str,
) -> Result<(), CliError> {
    let path = dir.join(format!("{stem}.json"));
    write_atomic(&path, |w| {
        serde_json::to_writer_pretty(&mut *w, json)?;
        writeln!(w)
    })
    .map_err(io_error(format!("writing {}", path.display())))?;
    let path = dir.join(format!("{stem}.md"));
    write_atomic(&path, |w| {
        w.write_all(document::to_markdown(blocks).as_bytes())
    })
    .map_err(io_error(format!("writing {}", path.display())))?;
    let path = dir.join(format!("{stem}.html"));
    write_atomic(&path, |w| {
        w.write_all(document::to_html(blocks, title).as_bytes())
    })
    .map_err(io_error(format!("writing {}", path.display())))
}

/// Takes the study's folder `dir` for a new set of `<stem>.json`, `.md`,
/// `.html` and `charts/`, built aside and put in place only when complete
/// (as `run` does): a failed or interrupted study leaves the previous
/// results as they were, and two studies cannot write one folder at once.
fn stage(dir: PathBuf, stem: &str) -> Result<Staging, CliError> {
    crate::batch::signals::catch().map_err(io_error("installing the signal handlers"))?;
    let owned = [
        format!("{stem}.json"),
        format!("{stem}.md"),
        format!("{stem}.html"),
        "charts".to_owned(),
    ];
    let owned: Vec<&str> = owned.iter().map(String::as_str).collect();
    Ok(Staging::begin(dir, &owned)?)
}

/// Says on stderr what was run, how long it took and where the results are.
fn done(what: &str, started: Instant, dir: &Path) {
    super::say(format_args!(
        "{what} in {:.1} s; results in {}{}",
        started.elapsed().as_secs_f64(),
        dir.display(),
        std::path::MAIN_SEPARATOR
    ));
}

/// Runs every scenario on the same replications and seed and compares each
/// with the first.
pub(super) fn compare(args: &CompareArgs) -> Result<(), CliError> {
    check_runs(&args.batch)?;
    check(&args.scenarios)?;
    let scenarios = args
        .scenarios
        .iter()
        .map(|p| load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let first = &scenarios[0];
    let runs = args.batch.runs.unwrap_or(*first.monte_carlo.runs.get_ref());
    let seed = args.batch.seed.unwrap_or(first.monte_carlo.seed);
    at_least_two(runs)?;
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
    let dir = args.batch.out.join(derived_dir(&stem, ""));
    let staging = stage(dir.clone(), "comparison")?;
    let started = Instant::now();
    let progress = Progress::new(runs.saturating_mul(scenarios.len() as u64), false);
    let samples = scenarios
        .iter()
        .zip(&labels)
        .map(|(s, label)| Sample::run(s, label, seed, runs, &|n| progress.inc(n)))
        .collect::<Result<Vec<_>, _>>()?;
    progress.finish();
    let report = compare_samples(&samples, seed);
    let series: Vec<Series<'_>> = samples
        .iter()
        .map(|s| Series {
            label: &s.label,
            delivered: &s.delivered,
            npv: &s.npv,
            summary: &s.summary,
        })
        .collect();
    let charts = render_comparison(&series, &title, &staging.path().join("charts"))
        .map_err(ResultsError::from)?;
    let blocks = documents::compare_document(&report, charts);
    write_study(
        staging.path(),
        "comparison",
        &report,
        &blocks,
        &format!("astromine: {title}"),
    )?;
    staging.commit()?;
    let what = format!("{title}: {} scenarios × {runs} runs", scenarios.len());
    done(&what, started, &dir);
    Ok(())
}

/// Comparisons need a spread: intervals and correlations need two runs.
fn at_least_two(runs: u64) -> Result<(), CliError> {
    if runs < 2 {
        return Err(CliError::Usage(format!(
            "--runs {runs}: comparisons need at least 2 replications for an interval"
        )));
    }
    Ok(())
}

fn load_base(path: &Path) -> Result<Base, CliError> {
    Base::load(path).map_err(|e: ScenarioError| CliError::Scenario(vec![e]))
}

/// Runs a grid of variants over scenario keys on common random numbers.
pub(super) fn sweep(args: &SweepArgs) -> Result<(), CliError> {
    check_runs(&args.batch)?;
    let base = load_base(&args.scenario)?;
    let points = sw::grid(&base, &args.sets).map_err(|e| match e {
        too_large @ sw::GridError::TooLarge { .. } => CliError::Usage(too_large.to_string()),
        sw::GridError::Override(e) => CliError::Study(e.into()),
    })?;
    let s = base.scenario();
    let runs = args.batch.runs.unwrap_or(*s.monte_carlo.runs.get_ref());
    let seed = args.batch.seed.unwrap_or(s.monte_carlo.seed);
    let name = s.scenario.name.get_ref().clone();
    let dir = args.batch.out.join(derived_dir(&name, "-sweep"));
    let staging = stage(dir.clone(), "sweep")?;
    let started = Instant::now();
    let progress = Progress::new(runs.saturating_mul(points.len() as u64), false);
    let report = sw::sweep(&base, &args.sets, &points, seed, runs, &|n| progress.inc(n))?;
    progress.finish();
    let charts_dir = staging.path().join("charts");
    let charts = render_sweep(&documents::sweep_grid(&report), &name, &charts_dir)
        .map_err(ResultsError::from)?;
    let blocks = documents::sweep_document(&report, charts);
    write_study(
        staging.path(),
        "sweep",
        &report,
        &blocks,
        &format!("astromine: {name} sweep"),
    )?;
    staging.commit()?;
    done(
        &format!("{name}: {} points × {runs} runs", points.len()),
        started,
        &dir,
    );
    Ok(())
}

/// One-at-a-time sensitivity of NPV and delivered cargo to each input.
pub(super) fn sensitivity(args: &SensitivityArgs) -> Result<(), CliError> {
    check_runs(&args.batch)?;
    sens::check_swing(args.swing).map_err(CliError::Usage)?;
    let base = load_base(&args.scenario)?;
    let s = base.scenario();
    let runs = args
        .batch
        .runs
        .unwrap_or((*s.monte_carlo.runs.get_ref()).min(400));
    at_least_two(runs)?;
    let seed = args.batch.seed.unwrap_or(s.monte_carlo.seed);
    let name = s.scenario.name.get_ref().clone();
    let dir = args.batch.out.join(derived_dir(&name, "-sensitivity"));
    let staging = stage(dir.clone(), "sensitivity")?;
    let started = Instant::now();
    let plan = sens::plan(&base, args.swing);
    let inputs = plan.moves.len();
    let progress = Progress::new(runs.saturating_mul(1 + 2 * inputs as u64), false);
    let report = sens::run(&base, plan, args.swing, seed, runs, &|n| progress.inc(n))?;
    progress.finish();
    let (npv, delivered) = documents::tornadoes(&report);
    let charts = render_tornadoes(&npv, &delivered, &name, &staging.path().join("charts"))
        .map_err(ResultsError::from)?;
    let blocks = documents::sensitivity_document(&report, charts);
    write_study(
        staging.path(),
        "sensitivity",
        &report,
        &blocks,
        &format!("astromine: {name} sensitivity"),
    )?;
    staging.commit()?;
    done(
        &format!("{name}: {inputs} inputs × 2 values × {runs} runs"),
        started,
        &dir,
    );
    Ok(())
}
