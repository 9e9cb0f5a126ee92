//! Which strategy is best: Kim and Nelson's fully sequential procedure
//! ([`crate::stats::Kn`]) run on the scenarios of a comparison. Its first
//! stage is the comparison's own runs; it then adds runs, a replication
//! index at a time and on common random numbers, to the scenarios still in
//! contention until one is left, they prove identical, or the budget ends.

use super::StudyError;
use super::sample::{Sample, prepare};
use crate::batch::{CHUNK, run_range, signals};
use crate::model::metric_target::metric_named;
use crate::model::record::Metric;
use crate::model::{Outcome, RunRecord};
use crate::scenario::{MAX_RUNS, Scenario};
use crate::stats::Kn;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What a selection ranks scenarios by, per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A metric of runs.csv.
    Metric(Metric),
    /// 1 when the run ended in this outcome, else 0 (its mean is the share).
    Outcome(Outcome),
}

impl Measure {
    /// Its name, as written.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Metric(m) => m.name(),
            Measure::Outcome(o) => o.name(),
        }
    }

    /// Its unit ("share" for an outcome).
    pub fn unit(self) -> &'static str {
        match self {
            Measure::Metric(m) => m.unit(),
            Measure::Outcome(_) => "share",
        }
    }

    /// Its value in run `r`.
    pub fn value(self, r: &RunRecord) -> f64 {
        match self {
            Measure::Metric(m) => r.metrics.get(m),
            Measure::Outcome(o) => f64::from(u8::from(r.outcome == o)),
        }
    }
}

/// Whether the best is the highest or the lowest mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The highest mean is best.
    Max,
    /// The lowest mean is best.
    Min,
}

/// What `--select-best` asks for: `[max:|min:]NAME`, NAME a metric or an
/// outcome; without a prefix the highest mean is best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    /// What is ranked.
    pub measure: Measure,
    /// Which way is better.
    pub direction: Direction,
}

impl Goal {
    /// +1 when the highest mean is best, −1 when the lowest is: values are
    /// multiplied by it, since the procedure looks for the largest mean.
    fn sign(&self) -> f64 {
        match self.direction {
            Direction::Max => 1.0,
            Direction::Min => -1.0,
        }
    }
}

impl FromStr for Goal {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let (direction, name) = match trimmed.split_once(':') {
            Some(("max", name)) => (Direction::Max, name.trim()),
            Some(("min", name)) => (Direction::Min, name.trim()),
            Some((way, _)) => {
                return Err(format!(
                    "\"{text}\": `{way}:` is not a direction; write max:METRIC (the highest \
                     mean is best, the default) or min:METRIC (the lowest)"
                ));
            }
            None => (Direction::Max, trimmed),
        };
        let measure = match Outcome::from_name(name) {
            Some(o) => Measure::Outcome(o),
            None => Measure::Metric(metric_named(text, name).map_err(|e| {
                let outcomes: Vec<&str> = Outcome::ALL.iter().map(|o| o.name()).collect();
                format!(
                    "{e}; or an outcome, ranked by its share: {}",
                    outcomes.join(", ")
                )
            })?),
        };
        Ok(Self { measure, direction })
    }
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.direction {
            Direction::Max => write!(f, "{}", self.measure.name()),
            Direction::Min => write!(f, "min:{}", self.measure.name()),
        }
    }
}

/// The default run budget of a selection with a first stage of `n0` runs:
/// ten times that, and at least 10,000 (seconds to a minute of simulation
/// per scenario), so a small first stage still leaves the procedure room.
pub fn default_max_runs(n0: u64) -> u64 {
    n0.saturating_mul(10).clamp(10_000, MAX_RUNS)
}

/// What the user asked of a selection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelectOptions {
    /// What is ranked, and which way.
    pub goal: Goal,
    /// The indifference zone δ, in the measure's unit: a smaller
    /// difference does not matter.
    pub indifference: f64,
    /// The probability of selecting the best when it is at least δ ahead.
    pub confidence: f64,
    /// Most runs of any scenario (`None`: [`default_max_runs`]).
    pub max_runs: Option<u64>,
}

impl SelectOptions {
    /// The run budget for `k` scenarios with a first stage of `n0` runs, or
    /// why these options cannot be used.
    pub fn check(&self, k: usize, n0: u64) -> Result<u64, String> {
        let (c, d) = (self.confidence, self.indifference);
        if !(c > 1.0 / k as f64 && c < 1.0) {
            return Err(format!(
                "--confidence {c}: with {k} scenarios it must lie between 1/{k} and 1 \
                 (exclusive), e.g. 0.95"
            ));
        }
        if !(d > 0.0 && d.is_finite()) {
            return Err(format!(
                "--indifference {d}: give a positive difference in {}'s unit ({})",
                self.goal.measure.name(),
                self.goal.measure.unit()
            ));
        }
        let max = self.max_runs.unwrap_or(default_max_runs(n0));
        if max < n0 {
            return Err(format!(
                "--max-runs {max} is fewer than the {n0} runs every scenario gets first \
                 (--runs); give at least {n0}"
            ));
        }
        Ok(max)
    }
}

/// How a selection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// One scenario is left: the best, with the stated confidence.
    Selected,
    /// The scenarios left gave the same value in every run.
    Tied,
    /// The run budget ended with several scenarios left.
    Undecided,
}

/// One scenario in a selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contender {
    /// Scenario label.
    pub scenario: String,
    /// Its runs: up to its elimination, or all.
    pub runs: u64,
    /// Its mean over those runs, in the measure's unit.
    pub mean: f64,
    /// The run after which it was eliminated, if it was.
    pub eliminated_after: Option<u64>,
    /// The scenario ahead of it then, if it was eliminated.
    pub eliminated_by: Option<String>,
    /// How far its mean was then behind that scenario's (over the same
    /// runs), in the measure's unit; positive whichever way is better.
    pub behind_by: Option<f64>,
}

/// The `selection` of `comparison.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Selection {
    /// What was ranked (a metric or an outcome).
    pub metric: &'static str,
    /// Whether the highest or the lowest mean is best.
    pub goal: Direction,
    /// The measure's unit ("share" for an outcome).
    pub unit: &'static str,
    /// The indifference zone δ, in that unit.
    pub indifference: f64,
    /// The probability of a correct selection when the best is δ ahead.
    pub confidence: f64,
    /// Runs of every scenario before any is eliminated (the comparison's).
    pub first_stage_runs: u64,
    /// Most runs any scenario could get.
    pub max_runs: u64,
    /// The procedure's constant h².
    pub h2: f64,
    /// How it ended.
    pub verdict: Verdict,
    /// The selected scenario, when one is.
    pub best: Option<String>,
    /// The scenarios left at the end (the best alone when selected).
    pub survivors: Vec<String>,
    /// Runs by which the survivors would certainly be parted, when the
    /// budget ran out first.
    pub runs_to_decide: Option<u64>,
    /// Runs the procedure used, first stage included: the sum of every
    /// scenario's runs.
    pub total_runs: u64,
    /// Runs simulated for it: runs are simulated in chunks, so a few past
    /// where it stopped are simulated and not used.
    pub simulated_runs: u64,
    /// Every scenario, in the comparison's order.
    pub scenarios: Vec<Contender>,
    /// Eliminated scenarios, first eliminated first.
    pub elimination_order: Vec<String>,
}

/// Progress reports of a selection.
pub struct Progress<'a> {
    /// Called with the runs about to be simulated.
    pub planned: &'a dyn Fn(u64),
    /// Called with the runs just simulated.
    pub done: &'a dyn Fn(u64),
}

/// The runs of the next chunk after `r`: a quarter of those so far, from 16
/// to [`CHUNK`], so at most a quarter are simulated past where the
/// procedure stops.
fn chunk_after(r: u64) -> u64 {
    (r / 4).clamp(16, CHUNK)
}

/// Runs the procedure on `scenarios` (labelled as `first`, whose
/// [`Sample::kept`] hold each first-stage run's value of the goal's measure)
/// with `seed`, adding runs to the survivors in chunks simulated in
/// parallel and judged run by run, so where it stops does not depend on the
/// thread count. `options` must have passed [`SelectOptions::check`].
pub fn select(
    scenarios: &[Scenario],
    first: &[Sample],
    seed: u64,
    options: &SelectOptions,
    progress: &Progress<'_>,
) -> Result<Selection, StudyError> {
    let n0 = first.first().map_or(0, |s| s.kept.len() as u64);
    let max_runs = options.check(first.len(), n0).map_err(StudyError::Select)?;
    let (measure, sign) = (options.goal.measure, options.goal.sign());
    let stage: Vec<Vec<f64>> = first
        .iter()
        .map(|s| s.kept.iter().map(|x| sign * x).collect())
        .collect();
    let mut kn =
        Kn::new(&stage, options.indifference, options.confidence).map_err(StudyError::Select)?;
    let prepared = scenarios
        .iter()
        .map(|s| prepare(s, seed, n0))
        .collect::<Result<Vec<_>, _>>()?;
    let mut total = n0.saturating_mul(first.len() as u64);
    while !kn.decided() && kn.runs() < max_runs {
        let (start, alive) = (kn.runs(), kn.survivors());
        let end = max_runs.min(start + chunk_after(start));
        let n = (end - start) * alive.len() as u64;
        (progress.planned)(n);
        let mut columns = vec![Vec::new(); first.len()];
        for &i in &alive {
            let records = run_range(&prepared[i], seed, start..end)?;
            columns[i] = records.iter().map(|r| sign * measure.value(r)).collect();
        }
        total += n;
        (progress.done)(n);
        if let Some(s) = signals::caught() {
            return Err(StudyError::Interrupted(s));
        }
        while kn.runs() < end && !kn.decided() {
            // The chunk's next replication: index r, at r − start in it.
            let j = (kn.runs() - start) as usize;
            kn.push(|i| columns[i][j]);
        }
    }
    Ok(outcome(&kn, first, options, (max_runs, total), sign))
}

/// The selection's report from the procedure's end state.
fn outcome(
    kn: &Kn,
    first: &[Sample],
    options: &SelectOptions,
    (max_runs, simulated_runs): (u64, u64),
    sign: f64,
) -> Selection {
    let label = |i: usize| first[i].label.clone();
    let survivors: Vec<usize> = kn.survivors();
    let verdict = if survivors.len() == 1 {
        Verdict::Selected
    } else if kn.decided() {
        Verdict::Tied
    } else {
        Verdict::Undecided
    };
    let scenarios = (0..first.len())
        .map(|i| Contender {
            scenario: label(i),
            runs: kn.runs_of(i),
            mean: sign * kn.mean(i),
            eliminated_after: kn.fate(i).map(|f| f.after),
            eliminated_by: kn.fate(i).map(|f| label(f.by)),
            behind_by: kn.fate(i).map(|f| f.behind),
        })
        .collect();
    Selection {
        metric: options.goal.measure.name(),
        goal: options.goal.direction,
        unit: options.goal.measure.unit(),
        indifference: options.indifference,
        confidence: options.confidence,
        first_stage_runs: first.first().map_or(0, |s| s.kept.len() as u64),
        max_runs,
        h2: kn.h2(),
        verdict,
        best: (verdict == Verdict::Selected).then(|| label(survivors[0])),
        survivors: survivors.iter().map(|&i| label(i)).collect(),
        runs_to_decide: (verdict == Verdict::Undecided).then(|| kn.runs_to_decide()),
        total_runs: (0..first.len()).map(|i| kn.runs_of(i)).sum(),
        simulated_runs,
        scenarios,
        elimination_order: kn.eliminated().iter().map(|&i| label(i)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_parse_with_a_direction() {
        let g: Goal = "npv_usd".parse().unwrap();
        assert_eq!(g.measure, Measure::Metric(Metric::NpvUsd));
        assert_eq!(g.direction, Direction::Max);
        let g: Goal = " min: mission_days ".parse().unwrap();
        assert_eq!(g.direction, Direction::Min);
        assert_eq!(g.to_string(), "min:mission_days");
        let g: Goal = "max:success".parse().unwrap();
        assert_eq!(g.measure, Measure::Outcome(Outcome::Success));
        assert_eq!(g.measure.unit(), "share");
    }

    #[test]
    fn bad_goals_list_what_is_valid() {
        let e = "npv".parse::<Goal>().unwrap_err();
        assert!(e.contains("`npv` is not a metric"), "{e}");
        assert!(e.contains("npv_usd") && e.contains("launch_failure"), "{e}");
        let e = "best:npv_usd".parse::<Goal>().unwrap_err();
        assert!(e.contains("`best:` is not a direction"), "{e}");
    }

    #[test]
    fn options_are_checked_against_the_comparison() {
        let o = SelectOptions {
            goal: "npv_usd".parse().unwrap(),
            indifference: 1e6,
            confidence: 0.95,
            max_runs: None,
        };
        assert_eq!(o.check(3, 100), Ok(10_000));
        assert_eq!(o.check(3, 2000), Ok(20_000));
        assert_eq!(o.check(3, 2_000_000), Ok(MAX_RUNS));
        let low = SelectOptions {
            confidence: 0.3,
            ..o
        };
        assert!(low.check(3, 100).unwrap_err().contains("between 1/3 and 1"));
        let few = SelectOptions {
            max_runs: Some(50),
            ..o
        };
        assert!(few.check(2, 100).unwrap_err().contains("give at least 100"));
        let negative = SelectOptions {
            indifference: -1.0,
            ..o
        };
        assert!(negative.check(2, 100).unwrap_err().contains("positive"));
        assert_eq!(chunk_after(10), 16);
        assert_eq!(chunk_after(200), 50);
        assert_eq!(chunk_after(1_000_000), CHUNK);
    }
}
