//! What a sensitivity study moves: every numeric input, by what it is — a
//! fixed number by ±swing, a per-run distribution to its 10th and 90th
//! percentiles, a per-event distribution scaled so that its median event
//! moves to those percentiles while every event keeps its spread — and the
//! inputs it leaves out, with why.

use super::super::overrides::{Base, parse_value};
use crate::scenario::{Dist, Domain, KEYS, KeySpec, Timing, show_number};
use serde::Serialize;
use toml::Value;

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

/// A fraction as a percentage (`20%`).
fn pct(f: f64) -> String {
    format!("{}%", show_number((f * 100.0 * 1e6).round() / 1e6))
}

/// What kind of input a move is about, as `sensitivity.json` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A plain number (drawn per run, per event or fixed for the batch).
    Fixed,
    /// A distribution drawn once per replication.
    PerRunDistribution,
    /// A distribution drawn afresh at every event.
    PerEventDistribution,
}

/// How one input is moved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    /// A fixed number moved by ±swing, kept inside its key's range.
    Fixed {
        /// The number as written.
        value: f64,
    },
    /// A per-run distribution replaced by its 10th and 90th percentiles.
    PerRun {
        /// The distribution as written.
        dist: Dist,
    },
    /// A per-event distribution multiplied by `low_scale` and `high_scale`
    /// (P10/median and P90/median): its median event moves to the 10th or
    /// 90th percentile, every event keeps its spread.
    PerEvent {
        /// The distribution as written.
        dist: Dist,
        /// The factor of the low variant.
        low_scale: f64,
        /// The factor of the high variant.
        high_scale: f64,
    },
}

/// An input and the low and high values it is moved to.
#[derive(Debug, Clone, Copy)]
pub struct Move {
    /// The input.
    pub spec: &'static KeySpec,
    /// Its low value (a per-event distribution's median event at the low
    /// variant: its 10th percentile).
    pub low: f64,
    /// Its high value.
    pub high: f64,
    /// How it is moved.
    pub how: How,
}

impl Move {
    /// The move of `spec`, written as `dist`, or why it cannot be moved.
    fn new(
        spec: &'static KeySpec,
        dist: Dist,
        (domain, timing): (Domain, Timing),
        swing: f64,
    ) -> Result<Self, String> {
        let at = |low, high, how| Self {
            spec,
            low,
            high,
            how,
        };
        match dist {
            Dist::Fixed(0.0) => Err("0 has no relative swing".to_owned()),
            // Kept inside the key's valid range: a 0.85 efficiency +20% is 1.
            Dist::Fixed(x) => Ok(at(
                domain.clamp(x * (1.0 - swing)),
                domain.clamp(x * (1.0 + swing)),
                How::Fixed { value: x },
            )),
            d if timing == Timing::PerEvent => {
                let s = d.sampler();
                let (p10, median, p90) = (s.quantile(0.1), s.quantile(0.5), s.quantile(0.9));
                if d.scaled(1.0).is_none() {
                    return Err(format!(
                        "a per-event {d} lives on [0, 1] and cannot be scaled"
                    ));
                }
                if median.is_nan() || median <= 0.0 {
                    return Err(format!(
                        "a per-event distribution with median {} cannot be scaled",
                        show_number(median)
                    ));
                }
                let how = How::PerEvent {
                    dist: d,
                    low_scale: p10 / median,
                    high_scale: p90 / median,
                };
                Ok(at(p10, p90, how))
            }
            d => {
                let s = d.sampler();
                Ok(at(
                    s.quantile(0.1),
                    s.quantile(0.9),
                    How::PerRun { dist: d },
                ))
            }
        }
    }

    /// The dotted key.
    pub fn key(&self) -> &'static str {
        self.spec.path
    }

    /// What kind of input it is.
    pub fn kind(&self) -> Kind {
        match self.how {
            How::Fixed { .. } => Kind::Fixed,
            How::PerRun { .. } => Kind::PerRunDistribution,
            How::PerEvent { .. } => Kind::PerEventDistribution,
        }
    }

    /// What the input is and what was done to it, for a reader:
    /// `fixed 1500 ±20%`, `per-run distribution, P10–P90`, `per-event
    /// distribution, median scaled to P10–P90`.
    pub fn label(&self) -> String {
        match self.how {
            How::Fixed { value } => {
                // To a tenth of a percent: 17.6%.
                let tenth = |f: f64| format!("{}%", show_number((f * 1000.0).round() / 10.0));
                let (down, up) = (1.0 - self.low / value, self.high / value - 1.0);
                let moved = if (down - up).abs() < 1e-9 {
                    format!("±{}", tenth(up))
                } else {
                    // Cut at the key's range: say how far each side went.
                    format!("−{} / +{}", tenth(down), tenth(up))
                };
                format!("fixed {} {moved}", show_number(value))
            }
            How::PerRun { .. } => "per-run distribution, P10–P90".to_owned(),
            How::PerEvent { .. } => "per-event distribution, median scaled to P10–P90".to_owned(),
        }
    }

    /// The value the low (`high` false) or high variant writes for the key:
    /// a number, or the scaled per-event distribution.
    pub fn value(&self, high: bool) -> Value {
        match self.how {
            How::PerEvent {
                dist,
                low_scale,
                high_scale,
            } => {
                let scale = if high { high_scale } else { low_scale };
                // A distribution other than a beta always scales.
                let scaled = dist.scaled(scale).unwrap_or(dist);
                parse_value(&scaled.to_string())
            }
            _ => Value::Float(if high { self.high } else { self.low }),
        }
    }
}

/// What a sensitivity study will move, and what it leaves out (with why).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The inputs to move.
    pub moves: Vec<Move>,
    /// Inputs left out, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// The move of every numeric input (see [`Move`]), and the inputs that
/// cannot be moved (with why): among them every input whose low or high
/// variant is invalid (validated as a `--set` would be). `swing` should
/// pass [`check_swing`].
pub fn plan(base: &Base, swing: f64) -> Plan {
    let mut moves = Vec::new();
    let mut skipped = Vec::new();
    for k in KEYS.iter().copied() {
        let (Some(param), Some(number)) = (k.param(base.scenario()), k.number()) else {
            continue;
        };
        let checked = Move::new(k, *param.dist(), number, swing).and_then(|m| {
            match [false, true]
                .into_iter()
                .find_map(|high| base.with(&[(k.path, &m.value(high))]).err())
            {
                Some(e) => Err(e.message),
                None => Ok(m),
            }
        });
        match checked {
            Ok(m) => moves.push(m),
            Err(why) => skipped.push((k.path.to_owned(), why)),
        }
    }
    Plan { moves, skipped }
}
