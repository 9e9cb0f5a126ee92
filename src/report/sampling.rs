//! What a batch reports about its sampling design and rank correlations
//! (in summary.json and in the report). The rules: docs/model.md §Random
//! draws. A batch sampled at random without correlations reports nothing
//! here, so its files are as they were before designs existed.

use super::document::{Block, table};
use super::format::thousands;
use crate::design::Design;
use crate::scenario::{Sampling, Scenario};
use crate::stats::spearman;
use serde::Serialize;
use std::collections::HashMap;

/// One pair of `[correlations]`: asked and achieved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrelationSummary {
    /// The two keys.
    pub keys: [String; 2],
    /// The rank correlation asked for.
    pub rank: f64,
    /// Spearman's rank correlation of the two keys' draws over the batch;
    /// absent when the pair was not applied (a key is fixed here).
    pub achieved: Option<f64>,
}

/// The sampling part of summary.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SamplingSummary {
    /// `random`, `lhs` or `sobol`.
    pub sampling: &'static str,
    /// The rank correlations, when the scenario has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<CorrelationSummary>,
}

impl SamplingSummary {
    /// The summary of batch `0..runs` of `s` with master seed `seed`, its
    /// design laid over blocks of `block` runs; none for random sampling
    /// without correlations.
    pub fn of(s: &Scenario, seed: u64, block: u64, runs: u64) -> Option<Self> {
        let design = Design::new(s, seed, block);
        let pairs = &s.correlations.pairs;
        if design.is_as_written() && pairs.is_empty() {
            return None;
        }
        let applied = design.correlated_keys();
        let mut columns: HashMap<&str, Vec<f64>> = HashMap::new();
        for key in applied {
            columns.insert(key.path, design.column(key, 0..runs));
        }
        let correlations = pairs
            .iter()
            .map(|p| {
                let [a, b] = &p.keys;
                let achieved = match (
                    columns.get(a.get_ref().as_str()),
                    columns.get(b.get_ref().as_str()),
                ) {
                    (Some(x), Some(y)) => spearman(x, y),
                    _ => None,
                };
                CorrelationSummary {
                    keys: [a.get_ref().clone(), b.get_ref().clone()],
                    rank: *p.rank.get_ref(),
                    achieved,
                }
            })
            .collect();
        Some(Self {
            sampling: s.monte_carlo.sampling.name(),
            correlations,
        })
    }

    /// The report's section on sampling for a batch of `runs`.
    pub(crate) fn blocks(&self, runs: u64) -> Vec<Block> {
        let n = thousands(runs as f64, 0);
        let design = match Sampling::from_name(self.sampling) {
            Some(Sampling::Lhs) => format!(
                "a Latin hypercube over the {n} runs: each per-run key's range is cut into {n} \
                 equally likely strata and each is drawn exactly once"
            ),
            Some(Sampling::Sobol) => {
                format!("Owen-scrambled Sobol points over the {n} runs")
            }
            _ => "independent random draws".to_owned(),
        };
        let mut text = format!(
            "Per-run keys: {design} (monte_carlo.sampling = \"{}\"); per-event draws are random.",
            self.sampling
        );
        if self.sampling != Sampling::Random.name() {
            text.push_str(
                " The intervals in this report treat the runs as independent; for smooth \
                 responses a Latin hypercube or scrambled Sobol points have a smaller variance \
                 than that (Owen 1997, 1998), so the intervals are conservative.",
            );
        }
        let mut blocks = vec![Block::Heading(2, "Sampling".into()), Block::Paragraph(text)];
        if !self.correlations.is_empty() {
            blocks.push(Block::Paragraph(format!(
                "Rank correlations imposed by Iman–Conover, each key keeping its own \
                 distribution; achieved is Spearman's ρ of the draws over the {n} runs."
            )));
            blocks.push(self.correlations_table());
        }
        blocks
    }

    fn correlations_table(&self) -> Block {
        let rows = self
            .correlations
            .iter()
            .map(|c| {
                vec![
                    c.keys[0].clone(),
                    c.keys[1].clone(),
                    signed(format!("{:.2}", c.rank)),
                    c.achieved.map_or_else(
                        || "not applied (a key is fixed)".to_owned(),
                        |r| signed(format!("{r:.3}")),
                    ),
                ]
            })
            .collect();
        table(
            &["key", "with", "rank asked", "rank achieved"],
            &[false, false, true, true],
            rows,
        )
    }
}

/// A formatted number with the typographic minus the report uses elsewhere.
fn signed(text: String) -> String {
    text.replacen('-', "−", 1)
}
