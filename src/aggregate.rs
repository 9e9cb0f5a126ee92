//! Aggregates of a batch, shared by result files and studies: outcome
//! shares and per-metric statistics, accumulated replication by
//! replication in replication order, and indexed by typed ids
//! ([`Outcome`], [`Metric`]) so a name that does not exist cannot be asked for.

pub mod headline;
pub mod precision;
pub mod time;

use crate::model::metric_target::MetricTarget;
use crate::model::record::Metric;
use crate::model::{Outcome, RunRecord};
use crate::stats::{OnlineMoments, Z95, mean_interval, quantile_sorted, wilson};
use headline::{HEADLINE, PercentileTable, Percentiles, TargetShare};
use precision::{PrecisionSummary, ShareOf};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A closed set of ids that results are keyed by, each with its name in files.
pub trait Key: Copy + 'static {
    /// Every id, in file order.
    const ALL: &'static [Self];
    /// The id's name in files.
    fn name(self) -> &'static str;
    /// The id's position in [`Key::ALL`].
    fn index(self) -> usize;
}

impl Key for Outcome {
    const ALL: &'static [Self] = &Outcome::ALL;
    fn name(self) -> &'static str {
        Outcome::name(self)
    }
    fn index(self) -> usize {
        self as usize
    }
}

impl Key for Metric {
    const ALL: &'static [Self] = &Metric::ALL;
    fn name(self) -> &'static str {
        Metric::name(self)
    }
    fn index(self) -> usize {
        Metric::index(self)
    }
}

/// One value per id of `K`, in [`Key::ALL`] order; serialized as a JSON
/// object from names to values in that order.
#[derive(Debug, Clone, PartialEq)]
pub struct PerKey<K, T> {
    values: Vec<T>,
    key: PhantomData<K>,
}

impl<K: Key, T> PerKey<K, T> {
    /// The value `f(k)` for every id `k`.
    pub fn from_fn(f: impl FnMut(K) -> T) -> Self {
        Self {
            values: K::ALL.iter().copied().map(f).collect(),
            key: PhantomData,
        }
    }

    /// Every id with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &T)> {
        K::ALL.iter().copied().zip(&self.values)
    }

    /// The value of every id with `f` applied, in order.
    pub fn map<U>(&self, mut f: impl FnMut(K, &T) -> U) -> PerKey<K, U> {
        PerKey::from_fn(|k| f(k, &self[k]))
    }
}

impl<K: Key, T: Default> Default for PerKey<K, T> {
    fn default() -> Self {
        Self::from_fn(|_| T::default())
    }
}

impl<K: Key, T> Index<K> for PerKey<K, T> {
    type Output = T;
    fn index(&self, k: K) -> &T {
        &self.values[k.index()]
    }
}

impl<K: Key, T> IndexMut<K> for PerKey<K, T> {
    fn index_mut(&mut self, k: K) -> &mut T {
        &mut self.values[k.index()]
    }
}

impl<K: Key, T: Serialize> Serialize for PerKey<K, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter().map(|(k, v)| (k.name(), v)))
    }
}

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
    /// Statistics of `values` (in replication order; sorted on return, so
    /// more quantiles may be taken of them).
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

/// The contents of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub runs: u64,
    /// How a batch run until a precision was reached (`run --precision`)
    /// ended; none for a batch of a fixed size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionSummary>,
    /// Every outcome with its count and share, zeros included.
    pub outcomes: PerKey<Outcome, Share>,
    /// Runs whose NPV is above zero.
    pub npv_positive: Share,
    /// Runs in which every trip delivered its full cargo target.
    pub full_success: Share,
    /// Each target's share of the runs, in the order asked for.
    pub targets: Vec<TargetShare>,
    /// The full percentiles of the headline metrics.
    pub percentiles: PercentileTable,
    /// Every metric's statistics, in runs.csv column order.
    pub metrics: PerKey<Metric, MetricSummary>,
    /// Events handled over all replications.
    pub events: u64,
}

impl Summary {
    /// Summarises `records` (in replication order).
    pub fn of(scenario: &str, seed: u64, records: &[RunRecord]) -> Self {
        let mut tally = Tally::with_capacity(records.len());
        records.iter().for_each(|r| tally.push(r));
        tally.finish(scenario, seed)
    }
}

/// Most runs whose room is reserved up front.
pub(crate) const MAX_RESERVED: usize = 1 << 20;

/// One metric's values in replication order. A column whose values are all
/// zero so far holds only their count: metrics a scenario never uses (dome,
/// cleaning, the states of a stage it lacks) take no memory per run.
#[derive(Debug, Clone, Default)]
struct Column {
    /// Values so far.
    len: usize,
    /// Every value, or none while all are zero (+0.0).
    values: Vec<f64>,
    /// Room to reserve once the first non-zero value comes.
    reserve: usize,
}

impl Column {
    fn push(&mut self, v: f64) {
        if self.values.is_empty() {
            if v.to_bits() == 0 {
                self.len += 1;
                return;
            }
            self.values.reserve_exact(self.reserve.max(self.len + 1));
            self.values.resize(self.len, 0.0);
        }
        self.values.push(v);
        self.len += 1;
    }

    /// The values, zeros written out if need be.
    fn values_mut(&mut self) -> &mut [f64] {
        if self.values.is_empty() {
            self.values.resize(self.len, 0.0);
        }
        &mut self.values
    }

    fn values(&self) -> Cow<'_, [f64]> {
        if self.values.is_empty() {
            Cow::Owned(vec![0.0; self.len])
        } else {
            Cow::Borrowed(&self.values)
        }
    }
}

/// Accumulates replications, in replication order, into a [`Summary`]. It
/// keeps each metric's values (8 bytes per metric per run, none for a
/// metric still all zeros) for exact quantiles, and nothing else per run.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    outcomes: PerKey<Outcome, u64>,
    columns: PerKey<Metric, Column>,
    runs: u64,
    events: u64,
    npv_positive: u64,
    full_success: u64,
    /// Each target with the runs that met it so far.
    targets: Vec<(MetricTarget, u64)>,
}

impl Tally {
    /// An empty tally with room for `runs` replications (reserved up to a
    /// million; beyond that the columns grow as runs arrive).
    pub fn with_capacity(runs: usize) -> Self {
        let runs = runs.min(MAX_RESERVED);
        Self {
            columns: PerKey::from_fn(|_| Column {
                reserve: runs,
                ..Column::default()
            }),
            ..Self::default()
        }
    }

    /// The tally counting, besides, the runs that meet each of `targets`.
    #[must_use]
    pub fn with_targets(mut self, targets: &[MetricTarget]) -> Self {
        self.targets = targets.iter().map(|&t| (t, 0)).collect();
        self
    }

    /// Adds the next replication.
    pub fn push(&mut self, r: &RunRecord) {
        self.outcomes[r.outcome] += 1;
        for m in Metric::ALL {
            self.columns[m].push(r.metrics.get(m));
        }
        self.runs += 1;
        self.events += r.metrics.events as u64;
        self.npv_positive += u64::from(r.metrics.npv_usd > 0.0);
        self.full_success += u64::from(r.metrics.full_success > 0.5);
        for (target, met) in &mut self.targets {
            *met += u64::from(target.holds(&r.metrics));
        }
    }

    /// The values of `metric` so far, in replication order.
    pub fn column(&self, metric: Metric) -> Cow<'_, [f64]> {
        self.columns[metric].values()
    }

    /// A share of the replications added so far (of a target only if the
    /// tally counts it: [`Tally::with_targets`]; none meet one it does not).
    pub fn share(&self, of: ShareOf) -> Share {
        let count = match of {
            ShareOf::Outcome(o) => self.outcomes[o],
            ShareOf::NpvPositive => self.npv_positive,
            ShareOf::FullSuccess => self.full_success,
            ShareOf::Target(t) => self
                .targets
                .iter()
                .find(|(counted, _)| *counted == t)
                .map_or(0, |&(_, met)| met),
        };
        Share::of(count, self.runs)
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
        let mut percentiles = PercentileTable::default();
        // One column at a time: a column of zeros is written out only while
        // it is summarised.
        let metrics = PerKey::from_fn(|m| {
            let mut column = std::mem::take(&mut self.columns[m]);
            let sorted = column.values_mut();
            let summary = MetricSummary::of(sorted);
            if HEADLINE.contains(&m) {
                percentiles.0.push((m, Percentiles::of_sorted(sorted)));
            }
            summary
        });
        Summary {
            scenario: scenario.to_owned(),
            seed,
            runs,
            precision: None,
            outcomes: self.outcomes.map(|_, &n| Share::of(n, runs)),
            npv_positive: Share::of(self.npv_positive, runs),
            full_success: Share::of(self.full_success, runs),
            targets: self
                .targets
                .iter()
                .map(|&(target, met)| TargetShare {
                    target,
                    share: Share::of(met, runs),
                })
                .collect(),
            percentiles,
            metrics,
            events: self.events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metrics;

    #[test]
    fn a_column_of_zeros_holds_only_its_length() {
        let mut c = Column::default();
        c.push(0.0);
        c.push(0.0);
        assert!(c.values.is_empty());
        assert_eq!(*c.values(), [0.0, 0.0]);
        c.push(-0.0);
        c.push(2.5);
        let values = c.values();
        assert_eq!(*values, [0.0, 0.0, -0.0, 2.5]);
        assert!(values[2].is_sign_negative());
    }

    #[test]
    fn per_key_serializes_names_in_order() {
        let shares = PerKey::<Outcome, u64>::from_fn(|o| o as u64);
        let json = serde_json::to_string(&shares).unwrap();
        assert!(json.starts_with(r#"{"success":0,"launch_failure":1,"#));
        assert_eq!(shares[Outcome::ReturnLoss], 6);
        let metrics = PerKey::<Metric, u8>::default();
        let names: Vec<&str> = metrics.iter().map(|(m, _)| m.name()).collect();
        assert_eq!(names, Metrics::NAMES);
    }

    #[test]
    fn tally_indexes_columns_by_metric() {
        let record = |run, delivered_kg| RunRecord {
            run,
            outcome: Outcome::Success,
            metrics: Metrics {
                delivered_kg,
                events: 2.0,
                ..Metrics::default()
            },
        };
        let mut tally = Tally::default();
        tally.push(&record(0, 3.0));
        tally.push(&record(1, 1.0));
        assert_eq!(*tally.column(Metric::DeliveredKg), [3.0, 1.0]);
        assert_eq!(*tally.column(Metric::NpvUsd), [0.0, 0.0]);
        let s = tally.finish("t", 1);
        assert_eq!(s.events, 4);
        assert_eq!(s.outcomes[Outcome::Success].count, 2);
        assert_eq!(s.metrics[Metric::DeliveredKg].max, 3.0);
    }
}
