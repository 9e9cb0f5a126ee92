//! `astromine compare`, `sweep` and `sensitivity`.

use super::progress::Progress;
use super::run::{create_out_dir, io_error};
use super::{CliError, CompareArgs, SensitivityArgs, SweepArgs, check, load};
use crate::report::charts::{Series, render_comparison, render_sweep, render_tornadoes};
use crate::report::document::{self, Block};
use crate::report::files::write_atomic;
use crate::report::results::ResultsError;
use crate::report::study as documents;
use crate::scenario::ScenarioError;
use crate::study::compare::compare as compare_samples;
use crate::study::overrides::Base;
use crate::study::sample::{Sample, unique_labels};
use crate::study::{sensitivity as sens, sweep as sw};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
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

/// Says on stderr what was run, how long it took and where the results are.
fn done(what: &str, started: Instant, dir: &Path) {
    eprintln!(
        "{what} in {:.1} s; results in {}{}",
        started.elapsed().as_secs_f64(),
        dir.display(),
        std::path::MAIN_SEPARATOR
    );
}

/// Runs every scenario on the same replications and seed and compares each
/// with the first.
pub(super) fn compare(args: &CompareArgs) -> Result<(), CliError> {
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
    let dir = args.batch.out.join(
        labels
            .iter()
            .map(|l| dir_name(l))
            .collect::<Vec<_>>()
            .join("-vs-"),
    );
    create_out_dir(&dir)?;
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
    let charts =
        render_comparison(&series, &title, &dir.join("charts")).map_err(ResultsError::from)?;
    let blocks = documents::compare_document(&report, charts);
    write_study(
        &dir,
        "comparison",
        &report,
        &blocks,
        &format!("astromine: {title}"),
    )?;
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
    let base = load_base(&args.scenario)?;
    let points = sw::grid(&base, &args.sets).map_err(crate::study::StudyError::from)?;
    let s = base.scenario();
    let runs = args.batch.runs.unwrap_or(*s.monte_carlo.runs.get_ref());
    let seed = args.batch.seed.unwrap_or(s.monte_carlo.seed);
    let name = s.scenario.name.get_ref().clone();
    let dir = args.batch.out.join(format!("{name}-sweep"));
    create_out_dir(&dir)?;
    let started = Instant::now();
    let progress = Progress::new(runs.saturating_mul(points.len() as u64), false);
    let report = sw::sweep(&base, &args.sets, &points, seed, runs, &|n| progress.inc(n))?;
    progress.finish();
    let charts = render_sweep(&documents::sweep_grid(&report), &name, &dir.join("charts"))
        .map_err(ResultsError::from)?;
    let blocks = documents::sweep_document(&report, charts);
    write_study(
        &dir,
        "sweep",
        &report,
        &blocks,
        &format!("astromine: {name} sweep"),
    )?;
    done(
        &format!("{name}: {} points × {runs} runs", points.len()),
        started,
        &dir,
    );
    Ok(())
}

/// One-at-a-time sensitivity of NPV and delivered cargo to each input.
pub(super) fn sensitivity(args: &SensitivityArgs) -> Result<(), CliError> {
    let base = load_base(&args.scenario)?;
    let s = base.scenario();
    let runs = args
        .batch
        .runs
        .unwrap_or((*s.monte_carlo.runs.get_ref()).min(400));
    at_least_two(runs)?;
    let seed = args.batch.seed.unwrap_or(s.monte_carlo.seed);
    let name = s.scenario.name.get_ref().clone();
    let dir = args.batch.out.join(format!("{name}-sensitivity"));
    create_out_dir(&dir)?;
    let started = Instant::now();
    let plan = sens::plan(&base, args.swing);
    let inputs = plan.moves.len();
    let progress = Progress::new(runs.saturating_mul(1 + 2 * inputs as u64), false);
    let report = sens::run(&base, plan, args.swing, seed, runs, &|n| progress.inc(n))?;
    progress.finish();
    let (npv, delivered) = documents::tornadoes(&report);
    let charts = render_tornadoes(&npv, &delivered, &name, &dir.join("charts"))
        .map_err(ResultsError::from)?;
    let blocks = documents::sensitivity_document(&report, charts);
    write_study(
        &dir,
        "sensitivity",
        &report,
        &blocks,
        &format!("astromine: {name} sensitivity"),
    )?;
    done(
        &format!("{name}: {inputs} inputs × 2 values × {runs} runs"),
        started,
        &dir,
    );
    Ok(())
}
