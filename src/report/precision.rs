//! The "Precision" section of a batch run until a precision was reached
//! (`run --precision`), and its closing line on the terminal.

use super::document::{Block, table};
use super::format::{percent, range, significant, thousands, usd};
use crate::aggregate::precision::{Estimand, PrecisionSummary, Stop, TargetPrecision};

/// Between a number and its unit, so that a narrow table cell does not
/// part them.
const NBSP: char = '\u{a0}';

/// A value of `t`'s metric or share as the section shows it.
fn value(t: &TargetPrecision, x: f64) -> String {
    match t.target.estimand {
        Estimand::Share(_) => percent(x),
        Estimand::Mean(m) if m.unit() == "USD" => usd(x),
        Estimand::Mean(m) => format!("{}{NBSP}{}", significant(x), m.unit()),
    }
}

/// A half-width of `t` in the terms it was asked in: "±2.0%" of the mean,
/// "±0.85 pp", "±5,000 kg".
fn half_width(t: &TargetPrecision, h: f64) -> String {
    match t.target.estimand {
        _ if t.relative => format!("±{:.2}%", h * 100.0),
        Estimand::Share(_) => format!("±{:.2}{NBSP}pp", h * 100.0),
        Estimand::Mean(_) => format!("±{}", value(t, h)),
    }
}

/// What became of `t`.
fn status(t: &TargetPrecision) -> String {
    if t.reached {
        return "reached".to_owned();
    }
    if t.straddles_zero() {
        return format!(
            "not reached: the interval holds 0, so the mean may be 0 and no number of runs \
             need reach a width relative to it; ask for an absolute one ({}=VALUE in {})",
            t.metric,
            match t.target.estimand {
                Estimand::Mean(m) => m.unit(),
                Estimand::Share(_) => "pp",
            }
        );
    }
    match t.runs_needed {
        Some(n) => format!(
            "not reached; about {} runs would reach it",
            thousands(n as f64, 0)
        ),
        None => "not reached".to_owned(),
    }
}

/// Whether every target is met where the batch ended.
fn all_met(p: &PrecisionSummary) -> bool {
    p.targets.iter().all(|t| t.reached)
}

/// The section's opening sentences.
fn intro(p: &PrecisionSummary) -> String {
    let how = format!(
        "Run until each target below was met: the 95% interval of each mean (Student's t) or \
         share (Wilson) was checked after every block of {} runs from {} on, so where the \
         batch stopped does not depend on the thread count.",
        thousands(p.block as f64, 0),
        thousands(p.first_check as f64, 0)
    );
    let runs = thousands(p.runs as f64, 0);
    let max = thousands(p.max_runs as f64, 0);
    match p.stopped {
        Stop::Reached => format!("{how} All were met after {runs} runs."),
        Stop::MaxRuns if all_met(p) => format!(
            "{how} All are met at {runs} runs, where --max-runs {max} stopped the batch before \
             a check found them so."
        ),
        Stop::MaxRuns => format!(
            "{how} Not all were met by --max-runs {max}: the batch stopped there, at {runs} runs."
        ),
    }
}

/// The "Precision" section.
pub(crate) fn blocks(p: &PrecisionSummary) -> Vec<Block> {
    let rows = p
        .targets
        .iter()
        .map(|t| {
            vec![
                t.target.to_string(),
                value(t, t.estimate),
                match (t.ci95_low, t.ci95_high) {
                    (Some(low), Some(high)) => range(low, high, |x| value(t, x)),
                    _ => "n/a (one run)".to_owned(),
                },
                t.reached_half_width
                    .map_or_else(|| "n/a".to_owned(), |h| half_width(t, h)),
                half_width(t, t.requested),
                status(t),
            ]
        })
        .collect();
    vec![
        Block::Heading(2, "Precision".into()),
        Block::Paragraph(intro(p)),
        table(
            &[
                "target",
                "estimate",
                "95% CI",
                "half-width reached",
                "asked",
                "status",
            ],
            &[false, true, false, true, true, false],
            rows,
        ),
    ]
}

/// The closing line's precision part: "precision reached after 3,000 runs:
/// delivered_kg ±4.6% (asked ±5%)".
pub(crate) fn line(p: &PrecisionSummary) -> String {
    let runs = thousands(p.runs as f64, 0);
    let head = match p.stopped {
        Stop::Reached => format!("precision reached after {runs} runs"),
        Stop::MaxRuns if all_met(p) => format!("precision met at --max-runs ({runs} runs)"),
        Stop::MaxRuns => format!("precision NOT reached by --max-runs ({runs} runs)"),
    };
    let parts: Vec<String> = p
        .targets
        .iter()
        .map(|t| {
            let reached = t
                .reached_half_width
                .map_or_else(|| "n/a".to_owned(), |h| half_width(t, h));
            let mark = if t.reached { "" } else { ", not reached" };
            format!(
                "{} {reached} (asked {}{mark})",
                t.metric,
                half_width(t, t.requested)
            )
        })
        .collect();
    format!("{head}: {}", parts.join("; "))
}
