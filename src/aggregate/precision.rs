//! Precision-controlled stopping (`run --precision`): run blocks of
//! [`BLOCK`] replications until the 95% interval of each asked-for mean or
//! share is as narrow as asked, or `--max-runs` is reached.
//!
//! The intervals are the reports' own: Student's t for a mean (as in "All
//! metrics"), Wilson's score interval for a share (as for outcomes), both
//! taken from the [`Tally`] that the reports are made from. The check is
//! made only after whole blocks, so where a batch stops depends on the
//! scenario, the seed and the targets, never on the thread count.

use super::{Share, Tally};
use crate::batch::BLOCK;
use crate::model::metric_target::{MetricTarget, metric_named, parse_number};
use crate::model::{Metric, Outcome};
use crate::stats::{MeanInterval, mean_interval};
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Blocks simulated before the first check. A stopping rule that trusts a
/// variance estimated from few runs stops too early whenever that estimate
/// happens to be low, and its intervals then cover less than they claim;
/// Chow and Robbins (Ann. Math. Statist. 36:457, 1965) prove the coverage
/// only as the sample grows, and practice (and their own rule) starts from
/// a pilot sample. Two blocks also give a rare event (a failure a few runs
/// in a thousand have) a chance to show up before a mean of zero variance
/// is believed.
pub const FIRST_CHECK_BLOCKS: u64 = 2;

/// The run count of the first check.
pub const FIRST_CHECK: u64 = FIRST_CHECK_BLOCKS * BLOCK;

/// `--max-runs` when not given: a few minutes of the baseline on a laptop.
pub const DEFAULT_MAX_RUNS: u64 = 100_000;

/// A share of the runs that a precision can be asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShareOf {
    /// Runs that ended in this outcome.
    Outcome(Outcome),
    /// Runs whose NPV is above zero (`npv_positive`).
    NpvPositive,
    /// Runs in which every trip delivered its full cargo (`full_success`).
    FullSuccess,
    /// Runs that meet a target (`delivered_kg >= 100000`), which the
    /// reports then give beside the others.
    Target(MetricTarget),
}

impl ShareOf {
    /// Every share named by a word, in report order.
    fn named() -> impl Iterator<Item = ShareOf> {
        Outcome::ALL
            .into_iter()
            .map(ShareOf::Outcome)
            .chain([ShareOf::NpvPositive, ShareOf::FullSuccess])
    }

    /// The share's name, as summary.json names it (a target as written).
    pub fn name(self) -> String {
        match self {
            ShareOf::Outcome(o) => o.name().to_owned(),
            ShareOf::NpvPositive => "npv_positive".to_owned(),
            ShareOf::FullSuccess => "full_success".to_owned(),
            ShareOf::Target(t) => t.to_string(),
        }
    }
}

/// What a precision target is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimand {
    /// The mean of a metric.
    Mean(Metric),
    /// A share of the runs.
    Share(ShareOf),
}

impl Estimand {
    /// The metric's or share's name.
    pub fn name(self) -> String {
        match self {
            Estimand::Mean(m) => m.name().to_owned(),
            Estimand::Share(s) => s.name(),
        }
    }

    /// The estimate with its 95% interval after the runs in `tally`; none
    /// for a mean before two runs.
    pub fn interval(self, tally: &Tally) -> Option<MeanInterval> {
        match self {
            Estimand::Mean(m) => mean_interval(&tally.column(m), 0.95),
            Estimand::Share(of) => {
                let s: Share = tally.share(of);
                Some(MeanInterval {
                    mean: s.share,
                    low: s.ci95_low,
                    high: s.ci95_high,
                })
            }
        }
    }
}

/// How narrow the interval is asked to be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// A half-width relative to the mean's magnitude (0.02 for `2%`).
    Relative(f64),
    /// A half-width in the metric's unit, or for a share as a fraction
    /// (0.01 for `1pp`).
    Absolute(f64),
}

/// One `--precision` target: `npv_usd=2%`, `delivered_kg=5000kg`,
/// `success=1pp`, `delivered_kg>=100000=1pp`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrecisionTarget {
    /// The mean or share.
    pub estimand: Estimand,
    /// The half-width asked for.
    pub width: Width,
}

/// The forms a target takes, for error messages.
const FORM: &str = "write METRIC=X% (half-width of the 95% interval of the mean, relative to it; \
     e.g. npv_usd=2%), METRIC=VALUE in the metric's unit (absolute; e.g. delivered_kg=5000, \
     mission_days=10days) or SHARE=Xpp (percentage points; e.g. success=1pp, or a target's \
     share: delivered_kg>=100000=1pp)";

impl PrecisionTarget {
    /// The target `METRIC OP VALUE` whose share this asks about, if any: the
    /// batch must count the runs that meet it.
    pub fn metric_target(&self) -> Option<MetricTarget> {
        match self.estimand {
            Estimand::Share(ShareOf::Target(t)) => Some(t),
            _ => None,
        }
    }

    /// The half-width reached, in the terms the target asks in (relative to
    /// the mean's magnitude, or absolute); infinite for a relative target on
    /// a mean of zero.
    pub fn achieved(&self, ci: &MeanInterval) -> f64 {
        match self.width {
            Width::Relative(_) if ci.mean == 0.0 => f64::INFINITY,
            Width::Relative(_) => ci.half_width() / ci.mean.abs(),
            Width::Absolute(_) => ci.half_width(),
        }
    }

    /// The half-width asked for (a fraction when relative).
    pub fn requested(&self) -> f64 {
        match self.width {
            Width::Relative(x) | Width::Absolute(x) => x,
        }
    }

    /// Whether the target is met after the runs in `tally`.
    pub fn met(&self, tally: &Tally) -> bool {
        self.estimand
            .interval(tally)
            .is_some_and(|ci| self.achieved(&ci) <= self.requested())
    }
}

/// Parses the number of `text` (the whole option) in `value`: positive,
/// and at most `max` when given.
fn positive(text: &str, value: &str, max: Option<(f64, &str)>) -> Result<f64, String> {
    let x = parse_number(value)
        .ok_or_else(|| format!("\"{text}\": `{value}` is not a number; {FORM}"))?;
    if x <= 0.0 {
        return Err(format!(
            "\"{text}\": the half-width must be above 0 (an interval of width 0 needs infinitely many runs)"
        ));
    }
    match max {
        Some((max, why)) if x > max => Err(format!("\"{text}\": {why}")),
        _ => Ok(x),
    }
}

/// The share named `name`, or why there is none.
fn share_named(text: &str, name: &str) -> Result<ShareOf, String> {
    if name.contains(['<', '>']) {
        return name
            .parse()
            .map(ShareOf::Target)
            .map_err(|e| format!("\"{text}\": {e}"));
    }
    ShareOf::named().find(|s| s.name() == name).ok_or_else(|| {
        let names: Vec<String> = ShareOf::named().map(ShareOf::name).collect();
        format!(
            "\"{text}\": `{name}` is not a share; percentage points (pp) are for the shares {} \
             and for targets such as delivered_kg>=100000=1pp",
            names.join(", ")
        )
    })
}

/// A precision on the mean of the metric named `name`, its half-width
/// written `width` (`2%`, `5000`, `5000kg`).
fn mean_target(text: &str, name: &str, width: &str) -> Result<PrecisionTarget, String> {
    let metric = metric_named(text, name).map_err(|e| match share_named(text, name) {
        Ok(_) => format!("\"{text}\": `{name}` is a share: give its precision in percentage points, e.g. {name}=1pp"),
        Err(_) => e,
    })?;
    let unit = metric.unit();
    let with_unit = width
        .len()
        .checked_sub(unit.len())
        .filter(|&at| width.is_char_boundary(at) && width[at..].eq_ignore_ascii_case(unit))
        .map(|at| width[..at].trim());
    let width = if let Some(value) = with_unit {
        Width::Absolute(positive(text, value, None)?)
    } else if let Some(pct) = width.strip_suffix('%') {
        let why = "a relative half-width is at most 100% of the mean";
        Width::Relative(positive(text, pct, Some((100.0, why)))? / 100.0)
    } else {
        let x = positive(text, width, None)?;
        if x <= 100.0 {
            return Err(format!(
                "\"{text}\": `{width}` is ambiguous: write {width}% for ±{width}% of the mean, \
                 or {width}{unit} for ±{width} {unit}"
            ));
        }
        Width::Absolute(x)
    };
    Ok(PrecisionTarget {
        estimand: Estimand::Mean(metric),
        width,
    })
}

impl FromStr for PrecisionTarget {
    type Err = String;

    /// Parses `METRIC=X%`, `METRIC=VALUE[UNIT]` or `SHARE=Xpp` (SHARE an
    /// outcome, `npv_positive`, `full_success` or a target `METRIC OP VALUE`). A bare
    /// number from 0 to 100 is refused as ambiguous (a forgotten `%` would
    /// otherwise ask for ±2 USD instead of ±2% and run to `--max-runs`).
    fn from_str(text: &str) -> Result<Self, String> {
        let Some((name, width)) = text.rsplit_once('=') else {
            return Err(format!("\"{text}\" is not a precision target: {FORM}"));
        };
        let (name, width) = (name.trim(), width.trim());
        let Some(points) = width.strip_suffix("pp") else {
            return mean_target(text, name, width);
        };
        let share = share_named(text, name)?;
        let why = "a share's interval is at most 50 points either side";
        let points = positive(text, points, Some((50.0, why)))?;
        Ok(Self {
            estimand: Estimand::Share(share),
            width: Width::Absolute(points / 100.0),
        })
    }
}

impl fmt::Display for PrecisionTarget {
    /// The target as it is written, units always given: `npv_usd=2%`,
    /// `delivered_kg=5000kg`, `success=1pp`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.estimand.name();
        let show = |x: f64| crate::scenario::show_number(x);
        match (self.estimand, self.width) {
            (_, Width::Relative(x)) => write!(f, "{name}={}%", show(x * 100.0)),
            (Estimand::Share(_), Width::Absolute(x)) => write!(f, "{name}={}pp", show(x * 100.0)),
            (Estimand::Mean(m), Width::Absolute(x)) => write!(f, "{name}={}{}", show(x), m.unit()),
        }
    }
}

impl Serialize for PrecisionTarget {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a precision-controlled batch stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// Every target was met at a check.
    Reached,
    /// `--max-runs` came first.
    MaxRuns,
}

/// One target as the batch ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetPrecision {
    /// The target as written (`npv_usd=2%`).
    pub target: PrecisionTarget,
    /// The metric or share.
    pub metric: String,
    /// `mean` or `share`.
    pub of: &'static str,
    /// The mean or share.
    pub estimate: f64,
    /// Lower end of its 95% interval (none with one run).
    pub ci95_low: Option<f64>,
    /// Upper end of its 95% interval.
    pub ci95_high: Option<f64>,
    /// Whether the half-widths below are relative to the estimate.
    pub relative: bool,
    /// The half-width asked for (a fraction when relative, of a share too).
    pub requested: f64,
    /// The half-width reached, in the same terms; none when it cannot be
    /// said (one run, or relative to a mean of zero).
    pub reached_half_width: Option<f64>,
    /// Whether it is at most the half-width asked for.
    pub reached: bool,
    /// Runs that would about reach it, assuming the half-width shrinks as
    /// 1/√n; none when it cannot be said.
    pub runs_needed: Option<u64>,
}

impl TargetPrecision {
    /// `target` after the runs in `tally`.
    fn of(target: &PrecisionTarget, tally: &Tally) -> Self {
        let ci = target.estimand.interval(tally);
        let achieved = ci.map(|ci| target.achieved(&ci)).filter(|x| x.is_finite());
        let runs = tally.runs() as f64;
        let runs_needed = achieved.map(|h| (runs * (h / target.requested()).powi(2)).ceil() as u64);
        let estimate = match target.estimand {
            Estimand::Mean(m) => tally.column(m).iter().sum::<f64>() / runs.max(1.0),
            Estimand::Share(of) => tally.share(of).share,
        };
        Self {
            target: *target,
            metric: target.estimand.name(),
            of: match target.estimand {
                Estimand::Mean(_) => "mean",
                Estimand::Share(_) => "share",
            },
            estimate: ci.map_or(estimate, |ci| ci.mean),
            ci95_low: ci.map(|ci| ci.low),
            ci95_high: ci.map(|ci| ci.high),
            relative: matches!(target.width, Width::Relative(_)),
            requested: target.requested(),
            reached_half_width: achieved,
            reached: achieved.is_some_and(|h| h <= target.requested()),
            runs_needed: runs_needed.map(|n| n.max(tally.runs())),
        }
    }

    /// Whether a relative target's interval holds zero: then the mean may
    /// be zero and no number of runs need ever meet it.
    pub fn straddles_zero(&self) -> bool {
        self.relative
            && match (self.ci95_low, self.ci95_high) {
                (Some(low), Some(high)) => low <= 0.0 && 0.0 <= high,
                _ => self.estimate == 0.0,
            }
    }
}

/// How a precision-controlled batch ended: summary.json's `precision`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrecisionSummary {
    /// Why it stopped.
    pub stopped: Stop,
    /// Runs simulated.
    pub runs: u64,
    /// The most it would have run.
    pub max_runs: u64,
    /// Runs per block: checks come only after whole blocks.
    pub block: u64,
    /// The run count of the first check.
    pub first_check: u64,
    /// Every target, in the order asked for.
    pub targets: Vec<TargetPrecision>,
}

/// The stopping rule of `run --precision`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stopping {
    /// The targets, each to be met.
    pub targets: Vec<PrecisionTarget>,
    /// The most runs to simulate.
    pub max_runs: u64,
}

impl Stopping {
    /// The end of the block that starts at run `start` (cut at `max_runs`).
    pub fn block_end(&self, start: u64) -> u64 {
        ((start / BLOCK + 1) * BLOCK).min(self.max_runs)
    }

    /// Whether every target is met at a check after the runs in `tally`:
    /// a whole number of blocks, from [`FIRST_CHECK`] on.
    pub fn reached(&self, tally: &Tally) -> bool {
        let runs = tally.runs();
        runs >= FIRST_CHECK
            && runs.is_multiple_of(BLOCK)
            && self.targets.iter().all(|t| t.met(tally))
    }

    /// Whether to stop after the runs in `tally`.
    pub fn done(&self, tally: &Tally) -> bool {
        tally.runs() >= self.max_runs || self.reached(tally)
    }

    /// Where every target stands after the runs in `tally`.
    pub fn summary(&self, tally: &Tally) -> PrecisionSummary {
        PrecisionSummary {
            stopped: if self.reached(tally) {
                Stop::Reached
            } else {
                Stop::MaxRuns
            },
            runs: tally.runs(),
            max_runs: self.max_runs,
            block: BLOCK,
            first_check: FIRST_CHECK,
            targets: self
                .targets
                .iter()
                .map(|t| TargetPrecision::of(t, tally))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PrecisionTarget, String> {
        text.parse()
    }

    #[test]
    fn targets_parse_and_print_with_their_units() {
        for (text, shown) in [
            ("npv_usd=2%", "npv_usd=2%"),
            (" delivered_kg = 5_000 ", "delivered_kg=5000kg"),
            ("delivered_kg=50kg", "delivered_kg=50kg"),
            ("mission_days=10 days", "mission_days=10days"),
            ("npv_usd=5e6USD", "npv_usd=5000000USD"),
            ("grade_wt_pct=0.1wt%", "grade_wt_pct=0.1wt%"),
            ("grade_wt_pct=1%", "grade_wt_pct=1%"),
            ("success=1pp", "success=1pp"),
            ("npv_positive=0.5pp", "npv_positive=0.5pp"),
            ("full_success=2pp", "full_success=2pp"),
            ("full_success=2%", "full_success=2%"),
            ("delivered_kg>=100000=1pp", "delivered_kg >= 100000=1pp"),
            ("npv_usd > 0 = 0.5pp", "npv_usd > 0=0.5pp"),
        ] {
            let t = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(t.to_string(), shown, "{text}");
            assert_eq!(parse(shown), Ok(t), "{shown} reads back");
        }
        let t = parse("success=1pp").unwrap();
        assert_eq!(
            t.estimand,
            Estimand::Share(ShareOf::Outcome(Outcome::Success))
        );
        assert_eq!(t.width, Width::Absolute(0.01));
        assert_eq!(parse("npv_usd=2%").unwrap().width, Width::Relative(0.02));
    }

    #[test]
    fn mistakes_say_what_is_valid() {
        let error = |text: &str| parse(text).unwrap_err();
        for (text, says) in [
            ("npv_usd", "is not a precision target"),
            (
                "npv_usd=2",
                "`2` is ambiguous: write 2% for ±2% of the mean, or 2USD",
            ),
            ("npv=abc%", "`npv` is not a metric"),
            ("npv_usd=abc%", "`abc` is not a number"),
            ("npv_usd=0%", "must be above 0"),
            ("npv_usd=-5%", "must be above 0"),
            ("delivered_kg=-5000", "must be above 0"),
            ("npv_usd=150%", "at most 100%"),
            (
                "success=5%",
                "`success` is a share: give its precision in percentage points",
            ),
            ("success=0.01", "`success` is a share"),
            ("delivered_kg=1pp", "`delivered_kg` is not a share"),
            ("success=60pp", "at most 50 points"),
            ("success=0pp", "must be above 0"),
            ("npv_usd>0=2%", "`npv_usd>0` is a share"),
            ("npv_usd>>0=1pp", "`>>` is not a comparison"),
            ("npv>0=1pp", "`npv` is not a metric"),
        ] {
            let e = error(text);
            assert!(e.contains(says), "{text}: {e}");
        }
        assert!(error("npv=2%").contains("delivered_kg, revenue_usd, npv_usd"));
        assert!(error("delivered_kg=1pp").contains("success, launch_failure"));
    }
}
