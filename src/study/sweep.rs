//! A grid over scenario keys, every point on common random numbers.

use super::StudyError;
use super::overrides::{Base, OverrideError, SetArg, show};
use super::sample::Sample;
use crate::aggregate::{MetricSummary, Share};
use crate::model::Outcome;
use crate::model::record::Metric;
use crate::scenario::Scenario;
use serde::Serialize;
use thiserror::Error;

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

/// The most points a grid may have: the product of the value counts of the
/// swept keys. Every point is a batch, so a larger grid could not finish.
pub const MAX_POINTS: u64 = 10_000;

/// Why a grid cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GridError {
    /// The grid has more points than [`MAX_POINTS`].
    #[error(
        "the {keys} --set keys make a grid of {} points, more than the limit of {MAX_POINTS}; \
         sweep fewer keys or fewer values per key",
        points.map_or_else(|| format!("over {}", u64::MAX), |n| n.to_string())
    )]
    TooLarge {
        /// Number of swept keys.
        keys: usize,
        /// The product of the value counts (none when past `u64::MAX`).
        points: Option<u64>,
    },
    /// A `--set` or a point is invalid.
    #[error(transparent)]
    Override(#[from] OverrideError),
}

/// Refuses a key set twice, the study's own keys, and a grid of more than
/// [`MAX_POINTS`] points, all before any point is built.
fn check_sets(sets: &[SetArg]) -> Result<(), GridError> {
    let mut swept = std::collections::HashSet::new();
    for set in sets {
        let values = set.values.iter().map(show).collect::<Vec<_>>().join(",");
        let refuse = |message: &str| OverrideError::new(&set.key, &values, message);
        if set.key.starts_with("monte_carlo.") || set.key == "monte_carlo" {
            return Err(refuse("runs and seed are the study's own: use --runs and --seed").into());
        }
        if !swept.insert(set.key.as_str()) {
            return Err(refuse(
                "this key is already swept by an earlier --set; give all its values once",
            )
            .into());
        }
    }
    let points = sets
        .iter()
        .try_fold(1u64, |n, s| n.checked_mul(s.values.len() as u64));
    match points {
        Some(n) if n <= MAX_POINTS => Ok(()),
        points => Err(GridError::TooLarge {
            keys: sets.len(),
            points,
        }),
    }
}

/// Every point of the grid, validated before anything runs.
pub fn grid(base: &Base, sets: &[SetArg]) -> Result<Vec<Variant>, GridError> {
    check_sets(sets)?;
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
) -> Result<SweepReport, StudyError> {
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
