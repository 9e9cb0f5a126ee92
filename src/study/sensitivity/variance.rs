//! Variance-based sensitivity: first-order and total Sobol indices of NPV
//! and delivered cargo over the inputs of the one-at-a-time [`plan`]
//! (same skip rules), each varied by replication over a range:
//! per-run distributions over themselves, fixed numbers uniformly over
//! ±swing (kept inside their key's range), per-event distributions by a
//! factor uniform between the ones that put their median at P10 and P90.
//!
//! Saltelli (2010) design: N rows of two matrices A and B of uniforms, and
//! for each input i the matrix A_B^i (A with column i from B); N(d + 3)
//! replications in all. The model also draws per-event randomness from its
//! replication's streams: rows of A and A_B^i run on replications 0..N,
//! rows of B on N..2N, so that randomness counts as one more input, and a
//! last block (A's inputs on B's replications) gives its own indices: the
//! noise share.
//!
//! [`plan`]: fn@super::plan

use super::super::StudyError;
use super::super::overrides::{Base, parse_value};
use super::super::sample::Sample;
use super::{How, Kind, Plan};
use crate::engine::rng::{StreamRng, Streams};
use crate::model::inputs::Draws;
use crate::model::{Prepared, SimError};
use crate::scenario::{KeySpec, Timing, show_number};
use crate::stats::{SaltelliOutputs, SobolIndex, sobol_indices};
use rand::RngExt;
use serde::Serialize;
use std::sync::Arc;

/// The stream of the master seed's replication 0 that draws the design's
/// uniforms (the model's subsystems use streams 0 to 8).
const DESIGN_STREAM: u64 = 1000;

/// The stream that draws the bootstrap's resamples.
const BOOTSTRAP_STREAM: u64 = 1001;

/// Bootstrap resamples behind every interval.
pub const RESAMPLES: usize = 1000;

/// How a studied input varies from replication to replication.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Vary {
    /// A per-run key: its quantile is the design's uniform.
    Quantile,
    /// A per-event key: its distribution is multiplied by
    /// `low + u·(high − low)` for the design's uniform u.
    Scale { low: f64, high: f64 },
}

/// One input of the design.
#[derive(Debug, Clone)]
struct Factor {
    spec: &'static KeySpec,
    kind: Kind,
    vary: Vary,
    range: String,
    /// The value the variant scenario writes for it (a fixed per-run
    /// number becomes a uniform distribution over its range).
    set: Option<toml::Value>,
}

/// `x` to four significant figures ("1,907", "0.3511").
fn short(x: f64) -> String {
    crate::report::format::significant(x)
}

impl Factor {
    /// The factor of a planned move, or why it cannot vary by replication.
    fn of(m: &super::Move) -> Result<Self, String> {
        let timing = m.spec.number().map(|(_, t)| t);
        let at = |kind, vary, range: String, set| Self {
            spec: m.spec,
            kind,
            vary,
            range,
            set,
        };
        match (m.how, timing) {
            (How::Fixed { .. }, Some(Timing::PerScenario)) => Err(
                "fixed for the whole batch (it shapes what is computed once per scenario): it \
                 cannot vary by replication"
                    .to_owned(),
            ),
            (How::Fixed { .. }, _) if m.low >= m.high => {
                Err("its range is a single value".to_owned())
            }
            (How::Fixed { value }, Some(Timing::PerEvent)) => Ok(at(
                Kind::Fixed,
                Vary::Scale {
                    low: m.low / value,
                    high: m.high / value,
                },
                format!(
                    "fixed {}, every event ×{} to ×{} by run",
                    short(value),
                    short(m.low / value),
                    short(m.high / value)
                ),
                None,
            )),
            (How::Fixed { value }, _) => {
                let uniform = format!(
                    "{{ uniform = [{}, {}] }}",
                    show_number(m.low),
                    show_number(m.high)
                );
                Ok(at(
                    Kind::Fixed,
                    Vary::Quantile,
                    format!(
                        "fixed {}, uniform {} to {} by run",
                        short(value),
                        short(m.low),
                        short(m.high)
                    ),
                    Some(parse_value(&uniform)),
                ))
            }
            (How::PerRun { dist }, _) => Ok(at(
                Kind::PerRunDistribution,
                Vary::Quantile,
                format!("per-run {dist}"),
                None,
            )),
            (
                How::PerEvent {
                    dist,
                    low_scale,
                    high_scale,
                },
                _,
            ) => Ok(at(
                Kind::PerEventDistribution,
                Vary::Scale {
                    low: low_scale,
                    high: high_scale,
                },
                format!(
                    "per-event {dist}, ×{} to ×{} by run (median from P10 to P90)",
                    short(low_scale),
                    short(high_scale)
                ),
                None,
            )),
        }
    }
}

/// One block of the design: its rows of uniforms (one column per factor)
/// for replications `first_run..`.
#[derive(Debug)]
struct Block {
    factors: Arc<Vec<(&'static str, Vary)>>,
    rows: Arc<Vec<Vec<f64>>>,
    /// Column i taken from these rows instead (A_B^i), if any.
    swap: Option<(usize, Arc<Vec<Vec<f64>>>)>,
    first_run: u64,
}

impl Block {
    /// The factor of `key`, and its uniform in replication `run`.
    fn find(&self, key: &KeySpec, run: u64) -> Option<(Vary, f64)> {
        let i = self.factors.iter().position(|(k, _)| *k == key.path)?;
        let row = usize::try_from(run.checked_sub(self.first_run)?).ok()?;
        let rows = match &self.swap {
            Some((column, other)) if *column == i => other,
            _ => &self.rows,
        };
        Some((self.factors[i].1, *rows.get(row)?.get(i)?))
    }
}

impl Draws for Block {
    fn uniform(&self, key: &'static KeySpec, run: u64, stream: f64) -> f64 {
        match self.find(key, run) {
            Some((Vary::Quantile, u)) => u,
            _ => stream,
        }
    }

    fn event_scale(&self, key: &'static KeySpec, run: u64) -> f64 {
        match self.find(key, run) {
            Some((Vary::Scale { low, high }, u)) => low + u * (high - low),
            _ => 1.0,
        }
    }
}

/// One input's indices, as `sensitivity.json` gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputIndices {
    /// The input (dotted key), or `noise` for the model's own randomness.
    pub key: String,
    /// What kind of input it is (none for the noise).
    pub kind: Option<Kind>,
    /// The range it varies over.
    pub range: String,
    /// Its first-order and total indices.
    #[serde(flatten)]
    pub indices: SobolIndex,
}

/// The indices of one result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// Mean of the result over the rows of A and B.
    pub mean: f64,
    /// Its variance over those rows (the denominator of every index).
    pub variance: f64,
    /// The indices of the model's own per-event randomness.
    pub noise: InputIndices,
    /// Every input, largest total index first.
    pub inputs: Vec<InputIndices>,
}

/// The contents of `sensitivity.json` for `--method variance`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VarianceReport {
    /// Always `variance`.
    pub method: &'static str,
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Rows of A and B (N).
    pub n: u64,
    /// Inputs studied (d).
    pub d: u64,
    /// Replications run: N(d + 3).
    pub runs: u64,
    /// Relative swing of fixed numbers.
    pub swing: f64,
    /// Bootstrap resamples behind every interval.
    pub resamples: usize,
    /// Indices of NPV.
    pub npv: Ranking,
    /// Indices of delivered cargo.
    pub delivered: Ranking,
    /// Inputs left out, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// What the variance method will vary, and what it leaves out (with why).
#[derive(Debug, Clone)]
pub struct Design {
    factors: Vec<Factor>,
    /// Inputs left out, with the reason.
    pub skipped: Vec<(String, String)>,
}

impl Design {
    /// The inputs of the one-at-a-time `plan` that can vary by
    /// replication; a fixed per-run number must stay valid as a uniform
    /// distribution over its range.
    pub fn of(base: &Base, plan: Plan) -> Self {
        let Plan { moves, mut skipped } = plan;
        let mut factors = Vec::new();
        for m in &moves {
            let checked = Factor::of(m).and_then(|f| match &f.set {
                Some(v) => base
                    .with(&[(f.spec.path, v)])
                    .map(|_| f)
                    .map_err(|e| e.message),
                None => Ok(f),
            });
            match checked {
                Ok(f) => factors.push(f),
                Err(why) => skipped.push((m.key().to_owned(), why)),
            }
        }
        Self { factors, skipped }
    }

    /// The number of inputs varied (d).
    pub fn inputs(&self) -> usize {
        self.factors.len()
    }

    /// The replications the design takes at `n` rows: N(d + 3).
    pub fn replications(&self, n: u64) -> u64 {
        n.saturating_mul(self.factors.len() as u64 + 3)
    }
}

/// `n` rows of `d` uniforms.
fn matrix(rng: &mut StreamRng, n: u64, d: usize) -> Arc<Vec<Vec<f64>>> {
    Arc::new(
        (0..n)
            .map(|_| (0..d).map(|_| rng.random::<f64>()).collect())
            .collect(),
    )
}

impl Ranking {
    /// The indices of one result from its values over A, B and each
    /// A_B^i, the noise block last.
    fn of(factors: &[Factor], a: &[f64], b: &[f64], ab: &[Vec<f64>], seed: u64) -> Self {
        let outputs = SaltelliOutputs { a, b, ab };
        let mut rng = Streams::new(seed, 0).stream(BOOTSTRAP_STREAM);
        let (variance, mut indices) = sobol_indices(outputs, RESAMPLES, &mut rng);
        let noise = InputIndices {
            key: "noise".to_owned(),
            kind: None,
            range: "the model's own per-event randomness (its replication's streams)".to_owned(),
            indices: indices.pop().expect("the noise block is last"),
        };
        let mut inputs: Vec<InputIndices> = factors
            .iter()
            .zip(indices)
            .map(|(f, indices)| InputIndices {
                key: f.spec.path.to_owned(),
                kind: Some(f.kind),
                range: f.range.clone(),
                indices,
            })
            .collect();
        inputs.sort_by(|x, y| {
            y.indices
                .total
                .estimate
                .total_cmp(&x.indices.total.estimate)
        });
        let n = (a.len() + b.len()).max(1) as f64;
        Self {
            mean: (a.iter().sum::<f64>() + b.iter().sum::<f64>()) / n,
            variance,
            noise,
            inputs,
        }
    }
}

/// Runs the design with `n` rows: blocks A (replications 0..n), B
/// (n..2n), each A_B^i (0..n) and A on B's replications (the noise), all
/// from `seed`, and estimates the indices of NPV and delivered cargo.
pub fn run(
    base: &Base,
    design: Design,
    swing: f64,
    seed: u64,
    n: u64,
    progress: &dyn Fn(u64),
) -> Result<VarianceReport, StudyError> {
    let Design { factors, skipped } = design;
    let sets: Vec<(&str, &toml::Value)> = factors
        .iter()
        .filter_map(|f| Some((f.spec.path, f.set.as_ref()?)))
        .collect();
    let variant = base.with(&sets)?;
    let name = variant.scenario.name.get_ref().clone();
    let prepared = Prepared::new(&variant).map_err(SimError::from)?;
    let d = factors.len();
    let mut rng = Streams::new(seed, 0).stream(DESIGN_STREAM);
    let (a, b) = (matrix(&mut rng, n, d), matrix(&mut rng, n, d));
    let keys = Arc::new(factors.iter().map(|f| (f.spec.path, f.vary)).collect());
    let block = |rows: &Arc<Vec<Vec<f64>>>, swap, first_run: u64| {
        let draws = Block {
            factors: Arc::clone(&keys),
            rows: Arc::clone(rows),
            swap,
            first_run,
        };
        let p = prepared.clone().with_draws(Arc::new(draws));
        Sample::run_prepared(&p, &name, seed, first_run..first_run + n, None, progress)
    };
    let fa = block(&a, None, 0)?;
    let fb = block(&b, None, n)?;
    let mut fab = (0..d)
        .map(|i| block(&a, Some((i, Arc::clone(&b))), 0))
        .collect::<Result<Vec<_>, _>>()?;
    fab.push(block(&a, None, n)?);
    let ranking = |metric: fn(&Sample) -> &Vec<f64>| {
        let ab: Vec<Vec<f64>> = fab.iter().map(|s| metric(s).clone()).collect();
        Ranking::of(&factors, metric(&fa), metric(&fb), &ab, seed)
    };
    Ok(VarianceReport {
        method: "variance",
        scenario: name,
        seed,
        n,
        d: d as u64,
        runs: n * (d as u64 + 3),
        swing,
        resamples: RESAMPLES,
        npv: ranking(|s| &s.npv),
        delivered: ranking(|s| &s.delivered),
        skipped,
    })
}
