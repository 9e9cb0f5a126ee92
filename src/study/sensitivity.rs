//! One-at-a-time sensitivity: each numeric input set to a low and a high
//! value (a distribution's 10th and 90th percentiles, or a fixed number
//! ±swing) on common random numbers, and rank correlations between the
//! per-run input draws and the outputs of the base batch.

use super::StudyError;
use super::compare::Difference;
use super::overrides::Base;
use super::sample::Sample;
use crate::engine::rng::Streams;
use crate::model::Subsystem;
use crate::model::inputs;
use crate::scenario::{Dist, DrawnValue, KEYS, KeySpec};
use crate::stats::spearman;
use serde::Serialize;
use toml::Value;

/// One input moved to its low and high value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// The input (dotted key).
    pub key: String,
    /// Its low value.
    pub low_value: f64,
    /// Its high value.
    pub high_value: f64,
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
}

/// Spearman rank correlation of a per-run input draw with the outputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    /// The input (dotted key).
    pub key: String,
    /// With delivered cargo (none when either never varies).
    pub delivered: Option<f64>,
    /// With NPV (none when either never varies).
    pub npv: Option<f64>,
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

/// An input and the low and high values it is moved to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    /// The input (dotted key).
    pub key: &'static str,
    /// Its low value.
    pub low: f64,
    /// Its high value.
    pub high: f64,
}

/// What a sensitivity study will move, and what it leaves out (with why).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The inputs to move.
    pub moves: Vec<Move>,
    /// Inputs left out, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// The smallest swing a study takes (1%): smaller effects drown in the
/// noise of a few hundred runs.
pub const MIN_SWING: f64 = 0.01;

/// The largest swing a study takes (90%): near 100% the low value of a fixed
/// input is almost zero (a drill batch of a gram), and a batch can take
/// billions of events.
pub const MAX_SWING: f64 = 0.9;

/// Refuses a swing outside [`MIN_SWING`]..=[`MAX_SWING`], saying what would
/// be valid.
pub fn check_swing(swing: f64) -> Result<(), String> {
    if (MIN_SWING..=MAX_SWING).contains(&swing) {
        return Ok(());
    }
    let pct = |f: f64| format!("{}%", crate::scenario::show_number(f * 100.0));
    let why = if swing > MAX_SWING {
        "a swing near 100% moves fixed inputs to almost zero, where a run may never end"
    } else {
        "a smaller swing moves nothing measurably"
    };
    Err(format!(
        "--swing {} is outside {} to {}: {why}; e.g. --swing 20%",
        pct(swing),
        pct(MIN_SWING),
        pct(MAX_SWING)
    ))
}

/// The low and high value of every numeric input (clamped to its valid
/// range), and the inputs that cannot be moved (with why): among them
/// every input whose low or high variant is invalid. `swing` should pass
/// [`check_swing`].
pub fn plan(base: &Base, swing: f64) -> Plan {
    let mut moves = Vec::new();
    let mut skipped = Vec::new();
    for k in KEYS.iter().copied() {
        let (Some(param), Some((domain, _))) = (k.param(base.scenario()), k.number()) else {
            continue;
        };
        let (low, high) = match *param.dist() {
            Dist::Fixed(0.0) => {
                skipped.push((k.path.to_owned(), "0 has no relative swing".to_owned()));
                continue;
            }
            // Kept inside the key's valid range: a 0.85 efficiency +20% is 1.
            Dist::Fixed(x) => (
                domain.clamp(x * (1.0 - swing)),
                domain.clamp(x * (1.0 + swing)),
            ),
            ref d => {
                let s = d.sampler();
                (s.quantile(0.1), s.quantile(0.9))
            }
        };
        let invalid = [low, high]
            .into_iter()
            .find_map(|v| base.with(&[(k.path, &Value::Float(v))]).err());
        match invalid {
            Some(e) => skipped.push((k.path.to_owned(), e.message)),
            None => moves.push(Move {
                key: k.path,
                low,
                high,
            }),
        }
    }
    Plan { moves, skipped }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

impl Effect {
    /// Runs replications 0..runs with `seed` at the move's low and high
    /// value, and pairs them with the same replications of `base_sample`.
    fn of(
        base: &Base,
        base_sample: &Sample,
        Move { key, low, high }: Move,
        seed: u64,
        runs: u64,
        progress: &dyn Fn(u64),
    ) -> Result<Self, StudyError> {
        let at = |v: f64| -> Result<Sample, StudyError> {
            let variant = base.with(&[(key, &Value::Float(v))])?;
            Sample::run(&variant, key, seed, runs, progress)
        };
        let (lo, hi) = (at(low)?, at(high)?);
        Ok(Self {
            key: key.to_owned(),
            low_value: low,
            high_value: high,
            delivered_low: mean(&lo.delivered),
            delivered_high: mean(&hi.delivered),
            npv_low: mean(&lo.npv),
            npv_high: mean(&hi.npv),
            delivered_low_change: Difference::of(&base_sample.delivered, &lo.delivered),
            delivered_high_change: Difference::of(&base_sample.delivered, &hi.delivered),
            npv_low_change: Difference::of(&base_sample.npv, &lo.npv),
            npv_high_change: Difference::of(&base_sample.npv, &hi.npv),
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
    let mut correlations: Vec<Correlation> = uncertain
        .iter()
        .zip(&draws)
        .map(|((key, _), x)| Correlation {
            key: key.path.to_owned(),
            delivered: spearman(x, &base_sample.delivered),
            npv: spearman(x, &base_sample.npv),
        })
        .collect();
    let strength = |c: &Correlation| c.npv.map_or(-1.0, f64::abs);
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
