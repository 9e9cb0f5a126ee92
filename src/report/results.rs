//! Everything a finished batch writes beside runs.csv: summary.json,
//! report.md, report.html and the charts.

use super::charts::{ChartData, ChartError, FailureSeries, Timeline, render_all};
use super::document;
use super::files::write_atomic;
use crate::aggregate::{Summary, Tally};
use crate::engine::ScheduleError;
use crate::model::record::Metric;
use crate::model::simulate_traced;
use crate::model::trace::TraceEvent;
use crate::scenario::Scenario;
use std::io::Write;
use std::path::Path;
use thiserror::Error;

/// Why the results could not be written.
#[derive(Debug, Error)]
pub enum ResultsError {
    /// A file could not be written.
    #[error("writing {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The reason.
        source: std::io::Error,
    },
    /// A chart could not be drawn or written.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The representative replication could not be re-simulated.
    #[error("tracing the representative replication: {0}")]
    Simulation(#[from] ScheduleError),
}

/// Index of the replication whose value is the (lower) median of `values`;
/// among equal values, the earliest replication.
pub fn median_run(values: &[f64]) -> Option<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    order.get(values.len().saturating_sub(1) / 2).copied()
}

/// The failure-event series of the small multiples, from the tally.
fn failure_series(tally: &Tally) -> Vec<FailureSeries> {
    let column = |metric| tally.column(metric).to_vec();
    let misses: Vec<f64> = {
        let (p, b, t) = (
            column(Metric::HarpoonPullouts),
            column(Metric::HarpoonBounces),
            column(Metric::TetherFailures),
        );
        p.iter()
            .zip(&b)
            .zip(&t)
            .map(|((p, b), t)| p + b + t)
            .collect()
    };
    let mut series = vec![FailureSeries {
        label: "harpoon misses",
        unit: "per run",
        values: misses,
    }];
    for (key, label, unit) in [
        (Metric::AnchorPullouts, "anchor pull-outs", "per run"),
        (Metric::BitFailures, "bit failures", "per run"),
        (Metric::RobotFaults, "robot faults", "per run"),
        (Metric::RobotsLost, "robots lost", "per run"),
        (Metric::PlantFailures, "plant failures", "per run"),
        (Metric::DustHolds, "dust holds", "per run"),
        (Metric::GroundWaits, "ground waits", "per run"),
    ] {
        series.push(FailureSeries {
            label,
            unit,
            values: column(key),
        });
    }
    series
}

/// Writes summary.json, report.md, report.html and (with `charts`) the
/// charts of a batch of replications 0..n into `dir`.
pub fn write(
    dir: &Path,
    tally: Tally,
    scenario: &Scenario,
    seed: u64,
    charts: bool,
) -> Result<Summary, ResultsError> {
    let name = scenario.scenario.name.get_ref();
    let columns = charts.then(|| {
        (
            tally.column(Metric::DeliveredKg).to_vec(),
            tally.column(Metric::NpvUsd).to_vec(),
            failure_series(&tally),
        )
    });
    let summary = tally.finish(name, seed);
    let chart_refs = match columns {
        Some((delivered, npv, failures)) => {
            let timeline = match median_run(&delivered) {
                Some(run) => {
                    let mut events: Vec<TraceEvent> = Vec::new();
                    let record = simulate_traced(scenario, seed, run as u64, &mut events)?;
                    Some(Timeline::from_trace(run as u64, record, &events))
                }
                None => None,
            };
            let data = ChartData {
                summary: &summary,
                delivered,
                npv,
                failures,
                timeline,
            };
            render_all(&data, &dir.join("charts"))?
        }
        None => Vec::new(),
    };
    let blocks = document::build(&summary, &scenario.scenario.description, chart_refs);
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ResultsError::Io { path, source }
    };
    let path = dir.join("summary.json");
    write_atomic(&path, |w| summary.write_json(w)).map_err(io(&path))?;
    let path = dir.join("report.md");
    write_atomic(&path, |w| {
        w.write_all(document::to_markdown(&blocks).as_bytes())
    })
    .map_err(io(&path))?;
    let path = dir.join("report.html");
    let title = format!("astromine: {name}");
    write_atomic(&path, |w| {
        w.write_all(document::to_html(&blocks, &title).as_bytes())
    })
    .map_err(io(&path))?;
    Ok(summary)
}
