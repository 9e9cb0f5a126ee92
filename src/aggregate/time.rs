//! Where the time goes over a batch: each stage's mean hours per state,
//! their shares of the stage's time, and the stage that limits production.
//! The rules: docs/model.md §Where the time goes.

use super::Summary;
use crate::model::Metric;
use crate::model::time::{ElectrolysisTime, PlantTime, RobotTime, TimeState};
use serde::Serialize;

/// A stage whose operating time is accounted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The robots, their hours summed over robots.
    Robots,
    /// The processing plant.
    Plant,
    /// The electrolysis unit.
    Electrolysis,
}

impl Stage {
    /// Every stage, in production order.
    pub const ALL: [Stage; 3] = [Stage::Robots, Stage::Plant, Stage::Electrolysis];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Robots => "robots",
            Stage::Plant => "plant",
            Stage::Electrolysis => "electrolysis",
        }
    }

    /// What its hours are called ("robot-hours").
    pub fn hours(self) -> &'static str {
        match self {
            Stage::Robots => "robot-hours",
            Stage::Plant => "plant hours",
            Stage::Electrolysis => "electrolysis hours",
        }
    }

    /// Its states: (metric, label), in column order.
    pub fn states(self) -> Vec<(Metric, &'static str)> {
        fn of<S: TimeState>(states: &[S]) -> Vec<(Metric, &'static str)> {
            states.iter().map(|s| (s.metric(), s.label())).collect()
        }
        match self {
            Stage::Robots => of(RobotTime::ALL),
            Stage::Plant => of(PlantTime::ALL),
            Stage::Electrolysis => of(ElectrolysisTime::ALL),
        }
    }
}

/// One state of a stage over a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateTime {
    /// Its runs.csv column.
    pub metric: &'static str,
    /// Its label in reports.
    pub label: &'static str,
    /// Mean hours per replication.
    pub mean_h: f64,
    /// Share of the stage's mean hours (0 when the stage has none).
    pub share: f64,
}

/// One stage over a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTime {
    /// The stage.
    pub stage: Stage,
    /// Mean hours per replication, all states (robot-hours for robots).
    pub total_h: f64,
    /// Its states, in column order.
    pub states: Vec<StateTime>,
}

impl StageTime {
    fn of(stage: Stage, summary: &Summary) -> Self {
        let means: Vec<(Metric, &str, f64)> = stage
            .states()
            .into_iter()
            .map(|(metric, label)| (metric, label, summary.metrics[metric].mean))
            .collect();
        let total_h: f64 = means.iter().map(|m| m.2).sum();
        let states = means
            .into_iter()
            .map(|(metric, label, mean_h)| StateTime {
                metric: metric.name(),
                label,
                mean_h,
                share: if total_h > 0.0 { mean_h / total_h } else { 0.0 },
            })
            .collect();
        Self {
            stage,
            total_h,
            states,
        }
    }

    /// The share of the state summed in `metric` (0 if not one of this
    /// stage's).
    pub fn share(&self, metric: Metric) -> f64 {
        let name = metric.name();
        self.states
            .iter()
            .find(|s| s.metric == name)
            .map_or(0.0, |s| s.share)
    }
}

/// What limits production, by the rule of docs/model.md §Where the time goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limiter {
    /// The robots: the plant is starved of ore.
    Robots,
    /// The plant: the robots wait for room in the hopper.
    Plant,
    /// Power: a stage waits for power.
    Power,
    /// Electrolysis: it works nearly all the time.
    Electrolysis,
    /// No stage waits on another for long.
    Balanced,
}

/// The limiting stage with the share that names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limit {
    /// What limits production.
    pub limiter: Limiter,
    /// The share behind it: of the waiting stage's time (or electrolysis
    /// working, or the largest wait when balanced).
    pub share: f64,
    /// The stage whose time the share is of.
    pub of: Stage,
    /// What that share measures ("robots waiting for the hopper").
    pub evidence: String,
}

/// Electrolysis working at least this share of the time limits.
pub const ELECTROLYSIS_BUSY: f64 = 0.9;

/// Below this share no stage is said to wait on another.
pub const BALANCED_BELOW: f64 = 0.05;

/// Where a batch's operating time goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeBudget {
    /// Mean operating time per replication, h.
    pub operating_h: f64,
    /// Robots, plant and electrolysis.
    pub stages: Vec<StageTime>,
    /// What limits production; none without operating time.
    pub limit: Option<Limit>,
}

impl TimeBudget {
    /// The time budget of `summary`: shares of the mean hours, so each
    /// replication weighs by its operating time.
    pub fn of(summary: &Summary) -> Self {
        let stages: Vec<StageTime> = Stage::ALL
            .iter()
            .map(|&s| StageTime::of(s, summary))
            .collect();
        let operating_h = summary.metrics[Metric::OperatingH].mean;
        let limit = (operating_h > 0.0).then(|| limit(&stages));
        Self {
            operating_h,
            stages,
            limit,
        }
    }

    /// The stage `stage`.
    pub fn stage(&self, stage: Stage) -> &StageTime {
        &self.stages[stage as usize]
    }
}

/// The limiting stage: electrolysis if it works at least
/// [`ELECTROLYSIS_BUSY`] of the time; else whichever waits most — the
/// robots for the hopper (the plant limits), the plant for ore (the robots
/// limit), any stage for power (power limits) — unless no wait reaches
/// [`BALANCED_BELOW`].
fn limit(stages: &[StageTime]) -> Limit {
    let share = |stage: Stage, metric| stages[stage as usize].share(metric);
    let working = share(Stage::Electrolysis, Metric::ElectrolysisWorkingH);
    if working >= ELECTROLYSIS_BUSY {
        return Limit {
            limiter: Limiter::Electrolysis,
            share: working,
            of: Stage::Electrolysis,
            evidence: "electrolysis working".into(),
        };
    }
    let waits = [
        (Limiter::Plant, Stage::Robots, Metric::RobotWaitHopperH),
        (Limiter::Robots, Stage::Plant, Metric::PlantStarvedH),
        (Limiter::Power, Stage::Robots, Metric::RobotWaitPowerH),
        (Limiter::Power, Stage::Plant, Metric::PlantWaitPowerH),
        (
            Limiter::Power,
            Stage::Electrolysis,
            Metric::ElectrolysisWaitPowerH,
        ),
    ]
    .map(|(limiter, stage, metric)| (limiter, stage, metric, share(stage, metric)));
    let (limiter, of, metric, share) = waits
        .into_iter()
        .fold(waits[0], |best, w| if w.3 > best.3 { w } else { best });
    let label = of
        .states()
        .into_iter()
        .find(|s| s.0 == metric)
        .map_or("", |s| s.1);
    Limit {
        limiter: if share < BALANCED_BELOW {
            Limiter::Balanced
        } else {
            limiter
        },
        share,
        of,
        evidence: format!("{} {label}", of.name()),
    }
}

impl Limit {
    /// The limit in a sentence: "Limiting stage: the plant (robots waiting
    /// for the hopper 24.0% of robot-hours)."
    pub fn sentence(&self) -> String {
        let why = format!(
            "{} {:.1}% of {}",
            self.evidence,
            self.share * 100.0,
            self.of.hours()
        );
        match self.limiter {
            Limiter::Balanced => format!(
                "Limiting stage: none; no stage waits on another for {:.0}% of its time \
                 (the longest wait: {why}).",
                BALANCED_BELOW * 100.0
            ),
            limiter => format!("Limiting stage: {} ({why}).", limiter.name()),
        }
    }
}

impl Limiter {
    /// Its name in reports ("the plant").
    pub fn name(self) -> &'static str {
        match self {
            Limiter::Robots => "the robots",
            Limiter::Plant => "the plant",
            Limiter::Power => "power",
            Limiter::Electrolysis => "electrolysis",
            Limiter::Balanced => "none",
        }
    }
}
