//! Strategies side by side on common random numbers: paired statistics of
//! each scenario against the first, beside what an independent-samples
//! analysis would give.

use super::sample::Sample;
use super::select::Selection;
use crate::aggregate::headline::TargetShare;
use crate::aggregate::time::TimeBudget;
use crate::aggregate::{MetricSummary, PerKey, Share};
use crate::model::Outcome;
use crate::model::record::Metric;
use crate::stats::{MeanInterval, paired_difference, welch_difference};
use serde::Serialize;

/// A difference (other − first) with its paired and independent 95% intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Difference {
    /// Mean difference.
    pub mean: f64,
    /// Paired interval (common random numbers), low end.
    pub paired_ci95_low: f64,
    /// Paired interval, high end.
    pub paired_ci95_high: f64,
    /// Independent-samples (Welch) interval, low end.
    pub independent_ci95_low: f64,
    /// Independent-samples interval, high end.
    pub independent_ci95_high: f64,
}

impl Difference {
    /// Of `b` − `a`, paired by replication.
    pub fn of(a: &[f64], b: &[f64]) -> Self {
        let zero = |d: f64| MeanInterval {
            mean: d,
            low: d,
            high: d,
        };
        let mean_diff = b.iter().sum::<f64>() / b.len().max(1) as f64
            - a.iter().sum::<f64>() / a.len().max(1) as f64;
        let paired = paired_difference(a, b, 0.95).unwrap_or(zero(mean_diff));
        let independent = welch_difference(a, b, 0.95).unwrap_or(zero(mean_diff));
        Self {
            mean: paired.mean,
            paired_ci95_low: paired.low,
            paired_ci95_high: paired.high,
            independent_ci95_low: independent.low,
            independent_ci95_high: independent.high,
        }
    }

    /// Width of the paired interval over that of the independent one.
    pub fn width_ratio(&self) -> f64 {
        let independent = self.independent_ci95_high - self.independent_ci95_low;
        if independent > 0.0 {
            (self.paired_ci95_high - self.paired_ci95_low) / independent
        } else {
            1.0
        }
    }
}

/// One scenario against the first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// This scenario.
    pub scenario: String,
    /// The scenario it is compared with (the first).
    pub against: String,
    /// Delivered cargo, kg.
    pub delivered_kg: Difference,
    /// NPV, USD.
    pub npv_usd: Difference,
    /// Share of replications where this scenario delivered more.
    pub p_delivered_higher: Share,
    /// Share of replications where both delivered exactly the same (common
    /// random numbers make ties common: both nothing, both full trips).
    pub p_delivered_tied: Share,
    /// Share of replications where this scenario delivered less.
    pub p_delivered_lower: Share,
    /// Share of replications where this scenario's NPV was higher.
    pub p_npv_higher: Share,
    /// Share of replications where both NPVs were exactly equal.
    pub p_npv_tied: Share,
    /// Share of replications where this scenario's NPV was lower.
    pub p_npv_lower: Share,
    /// Change in each outcome's share (as a fraction).
    pub outcome_share_change: PerKey<Outcome, Difference>,
}

/// One scenario's headline numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// Scenario label.
    pub scenario: String,
    /// Runs that delivered cargo.
    pub success: Share,
    /// Runs in which every trip delivered its full cargo target.
    pub full_success: Share,
    /// Runs with NPV above zero.
    pub npv_positive: Share,
    /// Runs that met each target (the same targets, in the same order, for
    /// every scenario of a comparison).
    pub targets: Vec<TargetShare>,
    /// Delivered cargo statistics.
    pub delivered_kg: MetricSummary,
    /// NPV statistics.
    pub npv_usd: MetricSummary,
    /// Where the operating time goes, and the limiting stage.
    pub time: TimeBudget,
}

/// The contents of `comparison.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareReport {
    /// Master seed shared by every scenario.
    pub seed: u64,
    /// Replications per scenario (the same indices for all).
    pub runs: u64,
    /// Each scenario's headline numbers, first first.
    pub scenarios: Vec<Brief>,
    /// Each later scenario against the first.
    pub comparisons: Vec<Comparison>,
    /// The best scenario, when `--select-best` asked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<Selection>,
}

/// Share of the paired runs where `higher` holds.
fn share_where(a: &[f64], b: &[f64], higher: impl Fn(f64, f64) -> bool) -> Share {
    let count = a.iter().zip(b).filter(|(a, b)| higher(**a, **b)).count();
    Share::of(count as u64, a.len() as u64)
}

impl Brief {
    /// The headline numbers of `sample`.
    fn of(sample: &Sample) -> Self {
        let s = &sample.summary;
        Self {
            scenario: sample.label.clone(),
            success: s.outcomes[Outcome::Success],
            full_success: s.full_success,
            npv_positive: s.npv_positive,
            targets: s.targets.clone(),
            delivered_kg: s.metrics[Metric::DeliveredKg],
            npv_usd: s.metrics[Metric::NpvUsd],
            time: TimeBudget::of(s),
        }
    }
}

impl Comparison {
    /// `other` against `first`, run by run.
    fn of(first: &Sample, other: &Sample) -> Self {
        let higher = |a: f64, b: f64| b > a;
        let tied = |a: f64, b: f64| b == a;
        let lower = |a: f64, b: f64| b < a;
        let (d, n) = (
            (&first.delivered, &other.delivered),
            (&first.npv, &other.npv),
        );
        Self {
            scenario: other.label.clone(),
            against: first.label.clone(),
            delivered_kg: Difference::of(d.0, d.1),
            npv_usd: Difference::of(n.0, n.1),
            p_delivered_higher: share_where(d.0, d.1, higher),
            p_delivered_tied: share_where(d.0, d.1, tied),
            p_delivered_lower: share_where(d.0, d.1, lower),
            p_npv_higher: share_where(n.0, n.1, higher),
            p_npv_tied: share_where(n.0, n.1, tied),
            p_npv_lower: share_where(n.0, n.1, lower),
            outcome_share_change: PerKey::from_fn(|o| {
                Difference::of(&first.indicator(o), &other.indicator(o))
            }),
        }
    }
}

/// Compares every sample with the first. All samples must cover the same
/// replications with the same seed.
pub fn compare(samples: &[Sample], seed: u64) -> CompareReport {
    let runs = samples.first().map_or(0, |s| s.delivered.len());
    let comparisons = match samples.split_first() {
        Some((first, others)) => others.iter().map(|s| Comparison::of(first, s)).collect(),
        None => Vec::new(),
    };
    CompareReport {
        seed,
        runs: runs as u64,
        scenarios: samples.iter().map(Brief::of).collect(),
        comparisons,
        selection: None,
    }
}
