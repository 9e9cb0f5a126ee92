//! A grid over scenario keys, every point on common random numbers.

use super::overrides::{Base, OverrideError, SetArg, show};
use super::sample::Sample;
use crate::aggregate::{MetricSummary, Share};
use crate::model::Outcome;
use crate::model::SimError;
use crate::model::record::Metric;
use crate::scenario::Scenario;
use serde::Serialize;

/// One grid point: the values of the swept keys and its results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// `key = value` for each swept key, in `--set` order.
    pub values: Vec<(String, String)>,
    /// Runs that delivered cargo.
    pub success: Share,
    /// Delivered cargo statistics.
    pub delivered_kg: MetricSummary,
    /// NPV statistics.
    pub npv_usd: MetricSummary,
    /// Runs with NPV above zero.
    pub npv_positive: Share,
}

/// The contents of `sweep.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepReport {
    /// The base scenario's name.
    pub scenario: String,
    /// Master seed shared by every point.
    pub seed: u64,
    /// Replications per point.
    pub runs: u64,
    /// The swept keys with their values, in order.
    pub keys: Vec<(String, Vec<String>)>,
    /// Every point, the last key varying fastest.
    pub points: Vec<Point>,
}

/// One grid point's scenario, with the values that made it.
#[derive(Debug, Clone)]
pub struct Variant {
    /// `key = value` for each swept key.
    pub values: Vec<(String, String)>,
    /// The validated scenario.
    pub scenario: Scenario,
}

/// Every point of the grid, validated before anything runs.
pub fn grid(base: &Base, sets: &[SetArg]) -> Result<Vec<Variant>, OverrideError> {
    for (i, set) in sets.iter().enumerate() {
        let refuse = |message: &str| OverrideError {
            key: set.key.clone(),
            value: set.values.iter().map(show).collect::<Vec<_>>().join(","),
            message: message.to_owned(),
        };
        if set.key.starts_with("monte_carlo.") || set.key == "monte_carlo" {
            return Err(refuse(
                "runs and seed are the study's own: use --runs and --seed",
            ));
        }
        if sets[..i].iter().any(|s| s.key == set.key) {
            return Err(refuse(
                "this key is already swept by an earlier --set; give all its values once",
            ));
        }
    }
    let mut points = vec![Vec::new()];
    for set in sets {
        points = points
            .into_iter()
            .flat_map(|prefix: Vec<(&str, &toml::Value)>| {
                set.values.iter().map(move |v| {
                    let mut p = prefix.clone();
                    p.push((set.key.as_str(), v));
                    p
                })
            })
            .collect();
    }
    points
        .into_iter()
        .map(|p| {
            let scenario = base.with(&p)?;
            let values = p.iter().map(|(k, v)| ((*k).to_owned(), show(v))).collect();
            Ok(Variant { values, scenario })
        })
        .collect()
}

/// Runs every point with `seed` over replications 0..runs.
pub fn sweep(
    base: &Base,
    sets: &[SetArg],
    points: &[Variant],
    seed: u64,
    runs: u64,
    progress: &dyn Fn(u64),
) -> Result<SweepReport, SimError> {
    let mut out = Vec::with_capacity(points.len());
    for Variant { values, scenario } in points {
        let label = values
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sample = Sample::run(scenario, &label, seed, runs, progress)?;
        let s = &sample.summary;
        out.push(Point {
            values: values.clone(),
            success: s.outcomes[Outcome::Success],
            delivered_kg: s.metrics[Metric::DeliveredKg],
            npv_usd: s.metrics[Metric::NpvUsd],
            npv_positive: s.npv_positive,
        });
    }
    Ok(SweepReport {
        scenario: base.scenario().scenario.name.get_ref().clone(),
        seed,
        runs,
        keys: sets
            .iter()
            .map(|s| (s.key.clone(), s.values.iter().map(show).collect()))
            .collect(),
        points: out,
    })
}
