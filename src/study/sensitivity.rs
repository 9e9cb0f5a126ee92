//! One-at-a-time sensitivity: each numeric input moved to a low and a high
//! value ([`plan`]: a fixed number ±swing, a per-run distribution to its
//! 10th and 90th percentiles, a per-event distribution scaled so that its
//! median event moves there) on common random numbers, each change with its
//! paired 95% interval; and rank correlations, with their 95% intervals,
//! between the per-run input draws and the outputs of the base batch.

use super::StudyError;
use super::compare::Difference;
use super::overrides::Base;
use super::sample::Sample;
use crate::engine::rng::Streams;
use crate::model::Subsystem;
use crate::model::inputs;
use crate::scenario::{DrawnValue, KEYS, KeySpec};
use crate::stats::{spearman, spearman_interval};
use serde::Serialize;

mod plan;
pub mod variance;

pub use plan::{How, Kind, MAX_SWING, MIN_SWING, Move, Plan, check_swing, plan};

/// One input moved to its low and high value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// The input (dotted key).
    pub key: String,
    /// What kind of input it is.
    pub kind: Kind,
    /// What it is and what was done to it (`fixed 1500 ±20%`, `per-event
    /// distribution, median scaled to P10–P90`).
    pub label: String,
    /// Its low value (a per-event distribution: the median event's value
    /// in the low variant, the distribution's 10th percentile).
    pub low_value: f64,
    /// Its high value.
    pub high_value: f64,
    /// A per-event distribution's factor in the low variant (P10/median).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low_scale: Option<f64>,
    /// A per-event distribution's factor in the high variant (P90/median).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high_scale: Option<f64>,
    /// Mean delivered cargo with the input low, kg.
    pub delivered_low: f64,
    /// Mean delivered cargo with the input high, kg.
    pub delivered_high: f64,
    /// Mean NPV with the input low, USD.
    pub npv_low: f64,
    /// Mean NPV with the input high, USD.
    pub npv_high: f64,
    /// Change in delivered cargo with the input low, run by run against
    /// the base batch, kg, with its paired 95% interval.
    pub delivered_low_change: Difference,
    /// Change in delivered cargo with the input high, kg.
    pub delivered_high_change: Difference,
    /// Change in NPV with the input low, USD.
    pub npv_low_change: Difference,
    /// Change in NPV with the input high, USD.
    pub npv_high_change: Difference,
    /// Whether the paired 95% interval of the low or the high change in NPV
    /// leaves out 0; false: the input's effect on NPV cannot be told from
    /// zero at these runs.
    pub npv_clear_of_zero: bool,
    /// The same for delivered cargo.
    pub delivered_clear_of_zero: bool,
}

/// A rank correlation with its 95% intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rho {
    /// Spearman's ρ.
    pub estimate: f64,
    /// Fisher-z 95% interval of this ρ alone, low end.
    pub ci95_low: f64,
    /// High end.
    pub ci95_high: f64,
    /// Simultaneous 95% interval over every ρ of the study (Bonferroni:
    /// each at 1 − 0.05/m for m correlations), low end: what a reader who
    /// scans the whole ranking for inputs that matter should use.
    pub simultaneous_ci95_low: f64,
    /// High end.
    pub simultaneous_ci95_high: f64,
    /// Whether the simultaneous interval leaves out 0; false: ρ cannot be
    /// told from zero once every input screened is accounted for.
    pub clear_of_zero: bool,
}

impl Rho {
    /// Spearman's ρ of `x` and `y` with its intervals, one of `family`
    /// correlations screened together (none when either never varies or
    /// there are fewer than four pairs).
    pub fn of(x: &[f64], y: &[f64], family: usize) -> Option<Self> {
        let estimate = spearman(x, y)?;
        let n = x.len().min(y.len());
        let (ci95_low, ci95_high) = spearman_interval(estimate, n, 0.95)?;
        let (low, high) = spearman_interval(estimate, n, 1.0 - 0.05 / family.max(1) as f64)?;
        Some(Self {
            estimate,
            ci95_low,
            ci95_high,
            simultaneous_ci95_low: low,
            simultaneous_ci95_high: high,
            clear_of_zero: low > 0.0 || high < 0.0,
        })
    }
}

/// Spearman rank correlation of a per-run input draw with the outputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    /// The input (dotted key).
    pub key: String,
    /// With delivered cargo (none when either never varies).
    pub delivered: Option<Rho>,
    /// With NPV (none when either never varies).
    pub npv: Option<Rho>,
}

/// The contents of `sensitivity.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityReport {
    /// Scenario name.
    pub scenario: String,
    /// Master seed shared by every variant.
    pub seed: u64,
    /// Replications per variant.
    pub runs: u64,
    /// Relative swing applied to fixed numbers.
    pub swing: f64,
    /// Base mean delivered cargo, kg.
    pub base_delivered: f64,
    /// Base mean NPV, USD.
    pub base_npv: f64,
    /// Every input that could be moved, largest NPV effect first.
    pub effects: Vec<Effect>,
    /// Inputs left out, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Rank correlations of the uncertain per-run inputs, strongest first.
    pub correlations: Vec<Correlation>,
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// Whether either interval leaves out 0.
fn clear_of_zero(a: &Difference, b: &Difference) -> bool {
    [a, b]
        .iter()
        .any(|d| d.paired_ci95_low > 0.0 || d.paired_ci95_high < 0.0)
}

impl Effect {
    /// Runs replications 0..runs with `seed` at the move's low and high
    /// value, and pairs them with the same replications of `base_sample`.
    fn of(
        base: &Base,
        base_sample: &Sample,
        m: Move,
        seed: u64,
        runs: u64,
        progress: &dyn Fn(u64),
    ) -> Result<Self, StudyError> {
        let key = m.key();
        let at = |high: bool| -> Result<Sample, StudyError> {
            let variant = base.with(&[(key, &m.value(high))])?;
            Sample::run(&variant, key, seed, runs, progress)
        };
        let (lo, hi) = (at(false)?, at(true)?);
        let (low_scale, high_scale) = match m.how {
            How::PerEvent {
                low_scale,
                high_scale,
                ..
            } => (Some(low_scale), Some(high_scale)),
            _ => (None, None),
        };
        let npv = [&lo.npv, &hi.npv].map(|v| Difference::of(&base_sample.npv, v));
        let delivered =
            [&lo.delivered, &hi.delivered].map(|v| Difference::of(&base_sample.delivered, v));
        Ok(Self {
            key: key.to_owned(),
            kind: m.kind(),
            label: m.label(),
            low_value: m.low,
            high_value: m.high,
            low_scale,
            high_scale,
            delivered_low: mean(&lo.delivered),
            delivered_high: mean(&hi.delivered),
            npv_low: mean(&lo.npv),
            npv_high: mean(&hi.npv),
            delivered_low_change: delivered[0],
            delivered_high_change: delivered[1],
            npv_low_change: npv[0],
            npv_high_change: npv[1],
            npv_clear_of_zero: clear_of_zero(&npv[0], &npv[1]),
            delivered_clear_of_zero: clear_of_zero(&delivered[0], &delivered[1]),
        })
    }
}

/// Runs the base batch and every move, all on replications 0..runs with `seed`.
pub fn run(
    base: &Base,
    plan: Plan,
    swing: f64,
    seed: u64,
    runs: u64,
    progress: &dyn Fn(u64),
) -> Result<SensitivityReport, StudyError> {
    let scenario = base.scenario();
    let name = scenario.scenario.name.get_ref().clone();
    let base_sample = Sample::run(scenario, &name, seed, runs, progress)?;
    let Plan { moves, skipped } = plan;
    let mut effects = moves
        .into_iter()
        .map(|m| Effect::of(base, &base_sample, m, seed, runs, progress))
        .collect::<Result<Vec<_>, _>>()?;
    let (base_delivered, base_npv) = (mean(&base_sample.delivered), mean(&base_sample.npv));
    let reach = |e: &Effect| {
        (e.npv_low - base_npv)
            .abs()
            .max((e.npv_high - base_npv).abs())
    };
    effects.sort_by(|a, b| reach(b).total_cmp(&reach(a)));

    // Per-run draws of the uncertain per-run inputs, as replication k drew them
    // (through the scenario's sampling design).
    let design = crate::design::Design::new(scenario, seed, runs);
    // Uncertain per-run keys, each with the accessor of its drawn value.
    let uncertain: Vec<(&KeySpec, DrawnValue)> = KEYS
        .iter()
        .filter(|k| k.param(scenario).is_some_and(|p| p.as_fixed().is_none()))
        .filter_map(|&k| Some((k, k.drawn?)))
        .collect();
    let mut draws: Vec<Vec<f64>> =
        vec![Vec::with_capacity(base_sample.delivered.len()); uncertain.len()];
    for k in 0..runs {
        let drawn = inputs::draw(
            scenario,
            &mut Streams::new(seed, k).stream(Subsystem::World),
            k,
            &design,
        );
        for (column, (_, value)) in draws.iter_mut().zip(&uncertain) {
            column.push(value(&drawn));
        }
    }
    // Every ρ of the table, with both results, is screened at once.
    let family = 2 * uncertain.len();
    let mut correlations: Vec<Correlation> = uncertain
        .iter()
        .zip(&draws)
        .map(|((key, _), x)| Correlation {
            key: key.path.to_owned(),
            delivered: Rho::of(x, &base_sample.delivered, family),
            npv: Rho::of(x, &base_sample.npv, family),
        })
        .collect();
    let strength = |c: &Correlation| c.npv.map_or(-1.0, |r| r.estimate.abs());
    correlations.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
    Ok(SensitivityReport {
        scenario: name,
        seed,
        runs,
        swing,
        base_delivered,
        base_npv,
        effects,
        skipped,
        correlations,
    })
}
