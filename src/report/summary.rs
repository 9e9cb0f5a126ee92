//! `summary.json`: outcome shares and per-metric statistics of a batch,
//! accumulated replication by replication in replication order.

use crate::model::{Metrics, Outcome, RunRecord};
use crate::stats::{OnlineMoments, Z95, mean_interval, quantile_sorted, wilson};
use serde::{Serialize, Serializer};

/// Statistics of one metric over the replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricSummary {
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub std: f64,
    /// Lower end of the 95% interval of the mean (Student t); none with
    /// fewer than two runs.
    pub ci95_low: Option<f64>,
    /// Upper end of the 95% interval of the mean.
    pub ci95_high: Option<f64>,
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
    /// Statistics of `values` (in replication order; sorted on return).
    /// Quantiles are exact (type 7 interpolation).
    pub fn of(values: &mut [f64]) -> Self {
        let m: OnlineMoments = values.iter().copied().collect();
        let ci = mean_interval(values, 0.95);
        values.sort_by(f64::total_cmp);
        let q = |p| quantile_sorted(values, p).unwrap_or(f64::NAN);
        Self {
            mean: m.mean(),
            std: m.std_dev(),
            ci95_low: ci.map(|c| c.low),
            ci95_high: ci.map(|c| c.high),
            p05: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
            min: q(0.0),
            max: q(1.0),
        }
    }
}

/// A count out of the runs with its share and 95% Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    /// Runs counted.
    pub count: u64,
    /// count / runs.
    pub share: f64,
    /// Lower end of the 95% Wilson interval of the share.
    pub ci95_low: f64,
    /// Upper end of the 95% Wilson interval of the share.
    pub ci95_high: f64,
}

impl Share {
    /// `count` out of `runs`.
    pub fn of(count: u64, runs: u64) -> Self {
        let (ci95_low, ci95_high) = wilson(count, runs, Z95);
        Self {
            count,
            share: if runs == 0 {
                0.0
            } else {
                count as f64 / runs as f64
            },
            ci95_low,
            ci95_high,
        }
    }
}

/// A list of named entries serialized as a JSON object in list order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Ordered<T> {
    /// The entry named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

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
    /// Every outcome with its count and share, zeros included.
    pub outcomes: Ordered<Share>,
    /// Runs whose NPV is above zero.
    pub npv_positive: Share,
    /// Every metric's statistics, in runs.csv column order.
    pub metrics: Ordered<MetricSummary>,
    /// Events handled over all replications.
    pub events: u64,
}

/// Most runs whose room is reserved up front.
pub const MAX_RESERVED: usize = 1 << 20;

/// Accumulates replications, in replication order, into a [`Summary`]. It
/// keeps each metric's values (8 bytes per metric per run) for exact
/// quantiles, and nothing else per run.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    outcomes: [u64; Outcome::ALL.len()],
    columns: Vec<Vec<f64>>,
    runs: u64,
    events: u64,
    npv_positive: u64,
}

impl Tally {
    /// An empty tally with room for `runs` replications (reserved up to a
    /// million; beyond that the columns grow as runs arrive).
    pub fn with_capacity(runs: usize) -> Self {
        let runs = runs.min(MAX_RESERVED);
        Self {
            columns: (0..Metrics::COUNT)
                .map(|_| Vec::with_capacity(runs))
                .collect(),
            ..Self::default()
        }
    }

    /// Adds the next replication.
    pub fn push(&mut self, r: &RunRecord) {
        if let Some(i) = Outcome::ALL.iter().position(|&o| o == r.outcome) {
            self.outcomes[i] += 1;
        }
        if self.columns.is_empty() {
            self.columns = vec![Vec::new(); Metrics::COUNT];
        }
        for (column, v) in self.columns.iter_mut().zip(r.metrics.values()) {
            column.push(v);
        }
        self.runs += 1;
        self.events += r.metrics.events as u64;
        self.npv_positive += u64::from(r.metrics.npv_usd > 0.0);
    }

    /// The values of metric `name` so far, in replication order.
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        let i = Metrics::NAMES.iter().position(|n| *n == name)?;
        self.columns.get(i).map(Vec::as_slice)
    }

    /// Replications added so far.
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// Events over the replications added so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The summary of everything added.
    pub fn finish(mut self, scenario: &str, seed: u64) -> Summary {
        let runs = self.runs;
        let outcomes = Outcome::ALL
            .iter()
            .zip(self.outcomes)
            .map(|(o, n)| (o.name().to_owned(), Share::of(n, runs)))
            .collect();
        if self.columns.is_empty() {
            self.columns = vec![Vec::new(); Metrics::COUNT];
        }
        let metrics = Metrics::NAMES
            .iter()
            .zip(self.columns.iter_mut())
            .map(|(name, values)| ((*name).to_owned(), MetricSummary::of(values)))
            .collect();
        Summary {
            scenario: scenario.to_owned(),
            seed,
            runs,
            outcomes: Ordered(outcomes),
            npv_positive: Share::of(self.npv_positive, runs),
            metrics: Ordered(metrics),
            events: self.events,
        }
    }
}

impl Summary {
    /// Summarises `records` (in replication order).
    pub fn of(scenario: &str, seed: u64, records: &[RunRecord]) -> Self {
        let mut tally = Tally::with_capacity(records.len());
        records.iter().for_each(|r| tally.push(r));
        tally.finish(scenario, seed)
    }

    /// Writes the summary as pretty JSON with a final newline.
    pub fn write_json(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }
}
