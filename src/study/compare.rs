//! Strategies side by side on common random numbers: paired statistics of
//! each scenario against the first, beside what an independent-samples
//! analysis would give.

use super::sample::Sample;
use crate::model::Outcome;
use crate::report::document::{Block, ChartRef};
use crate::report::format::{percent, thousands, usd};
use crate::report::summary::{MetricSummary, Ordered, Share};
use crate::stats::{MeanInterval, Z95, paired_difference, welch_difference, wilson};
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
    /// Share of replications where this scenario's NPV was higher.
    pub p_npv_higher: Share,
    /// Change in each outcome's share (as a fraction).
    pub outcome_share_change: Ordered<Difference>,
}

/// One scenario's headline numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// Scenario label.
    pub scenario: String,
    /// Runs that delivered cargo.
    pub success: Share,
    /// Runs with NPV above zero.
    pub npv_positive: Share,
    /// Delivered cargo statistics.
    pub delivered_kg: MetricSummary,
    /// NPV statistics.
    pub npv_usd: MetricSummary,
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
}

fn share_where(n: usize, count: usize) -> Share {
    let (ci95_low, ci95_high) = wilson(count as u64, n as u64, Z95);
    Share {
        count: count as u64,
        share: count as f64 / n.max(1) as f64,
        ci95_low,
        ci95_high,
    }
}

/// Compares every sample with the first. All samples must cover the same
/// replications with the same seed.
pub fn compare(samples: &[Sample], seed: u64) -> CompareReport {
    let runs = samples.first().map_or(0, |s| s.delivered.len());
    let brief = |s: &Sample| Brief {
        scenario: s.label.clone(),
        success: s
            .summary
            .outcomes
            .get("success")
            .copied()
            .unwrap_or(share_where(runs, 0)),
        npv_positive: s.summary.npv_positive,
        delivered_kg: s
            .summary
            .metrics
            .get("delivered_kg")
            .copied()
            .unwrap_or(MetricSummary::of(&mut [])),
        npv_usd: s
            .summary
            .metrics
            .get("npv_usd")
            .copied()
            .unwrap_or(MetricSummary::of(&mut [])),
    };
    let comparisons = match samples.split_first() {
        Some((first, others)) => others
            .iter()
            .map(|s| Comparison {
                scenario: s.label.clone(),
                against: first.label.clone(),
                delivered_kg: Difference::of(&first.delivered, &s.delivered),
                npv_usd: Difference::of(&first.npv, &s.npv),
                p_delivered_higher: share_where(
                    runs,
                    first
                        .delivered
                        .iter()
                        .zip(&s.delivered)
                        .filter(|(a, b)| b > a)
                        .count(),
                ),
                p_npv_higher: share_where(
                    runs,
                    first.npv.iter().zip(&s.npv).filter(|(a, b)| b > a).count(),
                ),
                outcome_share_change: Ordered(
                    Outcome::ALL
                        .iter()
                        .map(|&o| {
                            (
                                o.name().to_owned(),
                                Difference::of(&first.indicator(o), &s.indicator(o)),
                            )
                        })
                        .collect(),
                ),
            })
            .collect(),
        None => Vec::new(),
    };
    CompareReport {
        seed,
        runs: runs as u64,
        scenarios: samples.iter().map(brief).collect(),
        comparisons,
    }
}

fn interval(low: f64, high: f64, show: impl Fn(f64) -> String) -> String {
    format!("{} to {}", show(low), show(high))
}

/// The comparison report's blocks (comparison.md and .html).
pub fn document(report: &CompareReport, charts: Vec<ChartRef>) -> Vec<Block> {
    let labels: Vec<&str> = report
        .scenarios
        .iter()
        .map(|b| b.scenario.as_str())
        .collect();
    let mut blocks = vec![
        Block::Heading(1, format!("astromine: {}", labels.join(" vs "))),
        Block::Paragraph(format!(
            "{} runs per scenario, seed {}, on common random numbers: replication k of every \
             scenario sees the same asteroid and the same draws wherever the scenarios agree, so \
             differences are measured run by run (paired). Beside each paired interval stands the \
             interval an analysis of independent samples would give.",
            thousands(report.runs as f64, 0),
            report.seed
        )),
        Block::Heading(2, "Scenarios".into()),
    ];
    let rows = report
        .scenarios
        .iter()
        .map(|b| {
            vec![
                b.scenario.clone(),
                format!(
                    "{} ({})",
                    percent(b.success.share),
                    interval(b.success.ci95_low, b.success.ci95_high, percent)
                ),
                thousands(b.delivered_kg.mean, 0),
                thousands(b.delivered_kg.p50, 0),
                usd(b.npv_usd.mean),
                usd(b.npv_usd.p50),
                percent(b.npv_positive.share),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        header: [
            "scenario",
            "success (95% CI)",
            "mean delivered, kg",
            "median delivered, kg",
            "mean NPV",
            "median NPV",
            "P(NPV > 0)",
        ]
        .map(str::to_owned)
        .to_vec(),
        right: vec![false, false, true, true, true, true, true],
        rows,
    });
    if !report.comparisons.is_empty() {
        blocks.push(Block::Heading(2, format!("Against {}", labels[0])));
        let rows = report
            .comparisons
            .iter()
            .flat_map(|c| {
                let kg = |x: f64| thousands(x, 0);
                [
                    vec![
                        c.scenario.clone(),
                        "delivered cargo, kg".into(),
                        kg(c.delivered_kg.mean),
                        interval(
                            c.delivered_kg.paired_ci95_low,
                            c.delivered_kg.paired_ci95_high,
                            kg,
                        ),
                        interval(
                            c.delivered_kg.independent_ci95_low,
                            c.delivered_kg.independent_ci95_high,
                            kg,
                        ),
                        format!(
                            "{} ({})",
                            percent(c.p_delivered_higher.share),
                            interval(
                                c.p_delivered_higher.ci95_low,
                                c.p_delivered_higher.ci95_high,
                                percent
                            )
                        ),
                    ],
                    vec![
                        c.scenario.clone(),
                        "NPV".into(),
                        usd(c.npv_usd.mean),
                        interval(c.npv_usd.paired_ci95_low, c.npv_usd.paired_ci95_high, usd),
                        interval(
                            c.npv_usd.independent_ci95_low,
                            c.npv_usd.independent_ci95_high,
                            usd,
                        ),
                        format!(
                            "{} ({})",
                            percent(c.p_npv_higher.share),
                            interval(c.p_npv_higher.ci95_low, c.p_npv_higher.ci95_high, percent)
                        ),
                    ],
                ]
            })
            .collect();
        blocks.push(Block::Table {
            header: [
                "scenario",
                "metric",
                "mean difference",
                "paired 95% CI",
                "independent 95% CI",
                "P(higher) in a run",
            ]
            .map(str::to_owned)
            .to_vec(),
            right: vec![false, false, true, false, false, false],
            rows,
        });
        blocks.push(Block::Heading(2, "Change in outcome shares".into()));
        let rows = report
            .comparisons
            .iter()
            .flat_map(|c| {
                c.outcome_share_change.0.iter().map(move |(name, d)| {
                    let pp = |x: f64| format!("{:+.1} pp", x * 100.0).replacen('-', "−", 1);
                    vec![
                        c.scenario.clone(),
                        name.clone(),
                        pp(d.mean),
                        interval(d.paired_ci95_low, d.paired_ci95_high, pp),
                        interval(d.independent_ci95_low, d.independent_ci95_high, pp),
                    ]
                })
            })
            .collect();
        blocks.push(Block::Table {
            header: [
                "scenario",
                "outcome",
                "change",
                "paired 95% CI",
                "independent 95% CI",
            ]
            .map(str::to_owned)
            .to_vec(),
            right: vec![false, false, true, false, false],
            rows,
        });
    }
    if !charts.is_empty() {
        blocks.push(Block::Heading(2, "Charts".into()));
        blocks.push(Block::Charts(charts));
    }
    blocks
}
