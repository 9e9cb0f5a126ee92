//! `summary.json`: outcome counts and per-metric statistics of a batch.

use crate::model::{Metrics, Outcome, RunRecord};
use crate::stats::{OnlineMoments, mean_interval, quantile_sorted};
use serde::{Serialize, Serializer};

/// Statistics of one metric over the replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricSummary {
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub std: f64,
    /// Lower end of the 95% interval of the mean (Student t).
    pub ci95_low: f64,
    /// Upper end of the 95% interval of the mean.
    pub ci95_high: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl MetricSummary {
    /// Statistics of `values`, taken in the given (replication) order.
    pub fn of(values: &[f64]) -> Self {
        let m: OnlineMoments = values.iter().copied().collect();
        let ci = mean_interval(values, 0.95);
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let q = |p| quantile_sorted(&sorted, p).unwrap_or(f64::NAN);
        Self {
            mean: m.mean(),
            std: m.std_dev(),
            ci95_low: ci.map_or(m.mean(), |c| c.low),
            ci95_high: ci.map_or(m.mean(), |c| c.high),
            p05: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
            min: q(0.0),
            max: q(1.0),
        }
    }
}

/// A list of named entries serialized as a JSON object in list order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The contents of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub runs: u64,
    /// Every outcome with its count, zeros included.
    pub outcomes: Ordered<u64>,
    /// Every metric's statistics, in runs.csv column order.
    pub metrics: Ordered<MetricSummary>,
    /// Events handled over all replications.
    pub events: u64,
}

impl Summary {
    /// Summarises `records` (in replication order).
    pub fn of(scenario: &str, seed: u64, records: &[RunRecord]) -> Self {
        let outcomes = Outcome::ALL
            .iter()
            .map(|&o| {
                let n = records.iter().filter(|r| r.outcome == o).count() as u64;
                (o.name().to_owned(), n)
            })
            .collect();
        let mut columns: Vec<Vec<f64>> = (0..Metrics::COUNT)
            .map(|_| Vec::with_capacity(records.len()))
            .collect();
        for r in records {
            for (column, v) in columns.iter_mut().zip(r.metrics.values()) {
                column.push(v);
            }
        }
        let metrics = Metrics::NAMES
            .iter()
            .zip(&columns)
            .map(|(name, values)| ((*name).to_owned(), MetricSummary::of(values)))
            .collect();
        Self {
            scenario: scenario.to_owned(),
            seed,
            runs: records.len() as u64,
            outcomes: Ordered(outcomes),
            metrics: Ordered(metrics),
            events: records.iter().map(|r| r.metrics.events as u64).sum(),
        }
    }
}
