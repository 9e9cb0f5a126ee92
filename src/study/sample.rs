//! One scenario's batch, kept per run where studies need to pair runs.

use super::StudyError;
use crate::aggregate::{MAX_RESERVED, Summary, Tally};
use crate::batch::{run_chunked, signals};
use crate::model::metric_target::MetricTarget;
use crate::model::record::Metric;
use crate::model::{Outcome, Prepared, RunRecord, SimError};
use crate::scenario::Scenario;
use std::ops::Range;

/// Per-run results of a scenario's batch, in replication order, with its
/// summary.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Label (the scenario name, made unique within a study).
    pub label: String,
    /// Delivered cargo per run, kg.
    pub delivered: Vec<f64>,
    /// NPV per run, USD.
    pub npv: Vec<f64>,
    /// Outcome per run.
    pub outcomes: Vec<Outcome>,
    /// Per run, the value a selection of the best ranks by (empty unless
    /// asked for: [`Sample::run_keeping`]).
    pub kept: Vec<f64>,
    /// The batch's summary.
    pub summary: Summary,
}

impl Sample {
    /// Runs replications 0..runs of `scenario` with `seed`, calling
    /// `progress` with each chunk's size; stops with
    /// [`StudyError::Interrupted`] at the first chunk after a termination
    /// signal.
    pub fn run(
        scenario: &Scenario,
        label: &str,
        seed: u64,
        runs: u64,
        progress: &dyn Fn(u64),
    ) -> Result<Self, StudyError> {
        Self::run_keeping(scenario, label, seed, runs, None, progress)
    }

    /// As [`Sample::run`], keeping `keep` of each run in [`Sample::kept`].
    pub fn run_keeping(
        scenario: &Scenario,
        label: &str,
        seed: u64,
        runs: u64,
        keep: Option<&dyn Fn(&RunRecord) -> f64>,
        progress: &dyn Fn(u64),
    ) -> Result<Self, StudyError> {
        let prepared = prepare(scenario, seed, runs)?;
        Self::run_prepared(&prepared, label, seed, 0..runs, keep, progress)
    }

    /// Runs replications `runs` of `prepared` with `seed` (as
    /// [`Sample::run_keeping`]).
    pub fn run_prepared(
        prepared: &Prepared,
        label: &str,
        seed: u64,
        runs: Range<u64>,
        keep: Option<&dyn Fn(&RunRecord) -> f64>,
        progress: &dyn Fn(u64),
    ) -> Result<Self, StudyError> {
        let n = usize::try_from(runs.end.saturating_sub(runs.start)).unwrap_or(0);
        let targets = MetricTarget::of_scenario(prepared.scenario());
        let mut tally = Tally::with_capacity(n).with_targets(&targets);
        let mut outcomes = Vec::with_capacity(n.min(MAX_RESERVED));
        let mut kept = Vec::new();
        run_chunked(prepared, seed, runs, |chunk| {
            for r in chunk {
                tally.push(r);
                outcomes.push(r.outcome);
            }
            if let Some(keep) = keep {
                kept.extend(chunk.iter().map(keep));
            }
            progress(chunk.len() as u64);
            signals::caught().map_or(Ok(()), |s| Err(StudyError::Interrupted(s)))
        })?;
        Ok(Self {
            label: label.to_owned(),
            delivered: tally.column(Metric::DeliveredKg).to_vec(),
            npv: tally.column(Metric::NpvUsd).to_vec(),
            outcomes,
            kept,
            summary: tally.finish(label, seed),
        })
    }

    /// 1 where the run ended in `outcome`, else 0.
    pub fn indicator(&self, outcome: Outcome) -> Vec<f64> {
        self.outcomes
            .iter()
            .map(|&o| f64::from(u8::from(o == outcome)))
            .collect()
    }
}

/// `scenario` ready to simulate, as every study runs it: with its sampling
/// design over blocks of `runs` replications (a study's batch; runs past
/// it, as a selection adds, fall in the following blocks).
pub fn prepare(scenario: &Scenario, seed: u64, runs: u64) -> Result<Prepared, StudyError> {
    Ok(Prepared::new(scenario)
        .map_err(SimError::from)?
        .designed(seed, runs))
}

/// Labels for scenarios named `names`: the names, with " (2)", " (3)" added
/// to repeats so every label is distinct.
pub fn unique_labels(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let mut label = name.clone();
        let mut k = 2;
        while out.contains(&label) {
            label = format!("{name} ({k})");
            k += 1;
        }
        out.push(label);
    }
    out
}
