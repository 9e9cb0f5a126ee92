//! Where the time goes: one stacked bar per stage (robots, plant,
//! electrolysis), each state's share of the stage's mean hours, for a batch
//! or for the scenarios of a comparison side by side.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, ALERT, GREY, INK, PALE};
use super::{Area, Chart, Drawn, drawing, note};
use crate::aggregate::time::{Stage, TimeBudget};
use crate::model::Metric;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Width of the legend panel at the right, pixels.
const LEGEND_W: u32 = 300;

/// Segments narrower than this share carry no label.
const LABELLED: f64 = 0.06;

/// A state's colour: the same for the same kind of state in every stage.
fn colour(metric: Metric) -> RGBColor {
    const POWER: RGBColor = RGBColor(240, 210, 90);
    const REPAIR: RGBColor = RGBColor(140, 90, 170);
    const IDLE: RGBColor = RGBColor(225, 225, 225);
    match metric {
        Metric::RobotCuttingH => INK,
        Metric::RobotDomeSetupH => RGBColor(90, 125, 185),
        Metric::RobotWaitHopperH => PALE,
        Metric::RobotDustHoldH => RGBColor(150, 110, 60),
        Metric::RobotCleaningH => RGBColor(205, 175, 125),
        Metric::RobotAnchoringH => ACCENT,
        Metric::RobotUnanchoredH => GREY,
        Metric::PlantProcessingH => RGBColor(60, 140, 130),
        Metric::PlantStarvedH => RGBColor(245, 200, 160),
        Metric::ElectrolysisWorkingH => RGBColor(40, 105, 55),
        Metric::RobotWaitPowerH | Metric::PlantWaitPowerH | Metric::ElectrolysisWaitPowerH => POWER,
        Metric::RobotRepairH | Metric::PlantRepairH => REPAIR,
        Metric::RobotWaitGroundH | Metric::PlantWaitGroundH => ALERT,
        Metric::RobotIdleH | Metric::ElectrolysisIdleH => IDLE,
        _ => BLACK,
    }
}

/// One stacked bar: its label and each state's (metric, label, share).
#[derive(Debug, Clone)]
struct Stack {
    label: String,
    segments: Vec<(Metric, &'static str, f64)>,
}

/// One bar per stage of `budget`, labelled `prefix · stage` with a prefix.
fn stacks(budget: &TimeBudget, prefix: Option<&str>) -> Vec<Stack> {
    Stage::ALL
        .iter()
        .map(|&stage| Stack {
            label: prefix.map_or_else(
                || stage.name().to_owned(),
                |p| format!("{} · {p}", stage.name()),
            ),
            segments: stage
                .states()
                .into_iter()
                .zip(&budget.stage(stage).states)
                .map(|((metric, label), s)| (metric, label, s.share))
                .collect(),
        })
        .collect()
}

/// The time chart of one batch.
pub(super) struct Where<'a>(pub &'a TimeBudget);

impl Chart for Where<'_> {
    const STEM: &'static str = "time";
    const TITLE: &'static str = "where the time goes (share of each stage's mean hours)";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        if self.0.limit.is_none() {
            return note(body, "no replication reached operations");
        }
        draw_stacks(body, &stacks(self.0, None))
    }
}

/// The time chart of a comparison: each stage's bars, scenarios side by side.
pub(super) struct CompareWhere<'a>(pub &'a [(&'a str, TimeBudget)]);

impl Chart for CompareWhere<'_> {
    const STEM: &'static str = "compare_time";
    const TITLE: &'static str = "where the time goes, per scenario";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let per_scenario: Vec<Vec<Stack>> = self
            .0
            .iter()
            .map(|(label, b)| stacks(b, Some(label)))
            .collect();
        // Grouped by stage: robots of every scenario, then the plant, ...
        let rows: Vec<Stack> = (0..Stage::ALL.len())
            .flat_map(|i| per_scenario.iter().map(move |s| s[i].clone()))
            .collect();
        draw_stacks(body, &rows)
    }
}

/// Draws `rows` as stacked bars from the top down, shares in percent, with
/// the legend of the states shown at the right.
fn draw_stacks<DB: DrawingBackend>(body: &Area<DB>, rows: &[Stack]) -> Drawn {
    let (w, _) = body.dim_in_pixel();
    let (plot, key) = body.split_horizontally(w.saturating_sub(LEGEND_W));
    let n = rows.len();
    // From the top: row i sits at n − 1 − i.
    let names: Vec<String> = rows.iter().rev().map(|r| r.label.clone()).collect();
    let widest = names.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let mut chart = Axes::new(
        Axis::new(style::percent_label).desc("Share of the stage's time (%)"),
        Axis::new(|y| style::category(*y, &names))
            .ticks(n)
            .no_grid(),
    )
    .room(25, 70, (widest as u32 * 10 + 20).clamp(100, 360))
    .draw(&plot, 0.0..100.0, -0.5..(n as f64 - 0.5))?;
    for (i, row) in rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        let mut x = 0.0;
        for &(metric, _, share) in &row.segments {
            let (x0, x1) = (x, x + share * 100.0);
            x = x1;
            if share <= 0.0 {
                continue;
            }
            let c = colour(metric);
            chart
                .draw_series([Rectangle::new([(x0, y - 0.35), (x1, y + 0.35)], c.filled())])
                .map_err(drawing)?;
            if share >= LABELLED {
                let ink = if luminance(c) < 0.5 { WHITE } else { BLACK };
                let text = style::anchored(HPos::Center, VPos::Center).color(&ink);
                chart
                    .draw_series([Text::new(
                        format!("{:.0}%", share * 100.0),
                        ((x0 + x1) / 2.0, y),
                        text,
                    )])
                    .map_err(drawing)?;
            }
        }
    }
    draw_key(&key, rows)
}

/// Relative luminance of `c`, 0 (black) to 1 (white).
fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

/// The legend: every state shown in some bar, once per label, in order.
fn draw_key<DB: DrawingBackend>(key: &Area<DB>, rows: &[Stack]) -> Drawn {
    let mut shown: Vec<(&str, RGBColor)> = Vec::new();
    for &(metric, label, share) in rows.iter().flat_map(|r| &r.segments) {
        if share > 0.0 && !shown.iter().any(|(l, _)| *l == label) {
            shown.push((label, colour(metric)));
        }
    }
    for (k, (label, c)) in shown.into_iter().enumerate() {
        let y = 40 + 30 * k as i32;
        key.draw(&Rectangle::new([(10, y), (32, y + 18)], c.filled()))
            .map_err(drawing)?;
        key.draw(&Rectangle::new(
            [(10, y), (32, y + 18)],
            BLACK.stroke_width(1),
        ))
        .map_err(drawing)?;
        key.draw(&Text::new(
            label.to_owned(),
            (42, y + 9),
            style::anchored(HPos::Left, VPos::Center),
        ))
        .map_err(drawing)?;
    }
    Ok(())
}
