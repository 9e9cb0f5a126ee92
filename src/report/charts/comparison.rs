//! Charts of a comparison: overlaid exceedance curves, NPV box plots,
//! outcome shares side by side, and the paired differences against the
//! first scenario.

use super::axes::{Axes, Axis};
use super::exceedance::{exceedance_axes, exceedance_curve};
use super::failures::draw_box;
use super::histogram::{Bins, vline};
use super::outcomes::{outcome_axes, outcome_names};
use super::style::{self, ACCENT, ALERT, GREY, INK, si};
use super::time::CompareWhere;
use super::{Area, Chart, Drawn, Plot, drawing, key_box, key_dot, key_line, render, sorted};
use crate::aggregate::Summary;
use crate::aggregate::time::TimeBudget;
use crate::report::document::ChartRef;
use plotters::prelude::*;
use std::path::Path;

/// One scenario of a comparison, as the charts need it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Series<'a> {
    /// Scenario label.
    pub label: &'a str,
    /// Delivered cargo per replication, kg.
    pub delivered: &'a [f64],
    /// NPV per replication, USD.
    pub npv: &'a [f64],
    /// The scenario's summary (outcome shares).
    pub summary: &'a Summary,
}

/// Series colours, distinct in hue and in lightness.
const SERIES: [RGBColor; 6] = [
    INK,
    ACCENT,
    ALERT,
    RGBColor(60, 140, 130),
    GREY,
    RGBColor(140, 90, 170),
];

fn colour(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Overlaid exceedance curves of delivered cargo, one per scenario.
struct Exceedance<'a>(&'a [Series<'a>]);

impl Chart for Exceedance<'_> {
    const STEM: &'static str = "compare_exceedance";
    const TITLE: &'static str = "delivered cargo exceedance, P(delivered ≥ x)";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let max = self
            .0
            .iter()
            .flat_map(|s| s.delivered.iter().copied())
            .fold(0.0, f64::max);
        let (lo, hi) = style::padded(0.0, max);
        let mut chart = exceedance_axes().draw(body, lo..hi, 0.0..105.0)?;
        for (i, s) in self.0.iter().enumerate() {
            let c = colour(i);
            let points = exceedance_curve(&sorted(s.delivered), 3000);
            let width = if i == 0 { 4 } else { 3 };
            if i % 2 == 0 {
                chart.draw_series(LineSeries::new(points, c.stroke_width(width)))
            } else {
                chart.draw_series(DashedLineSeries::new(points, 14, 6, c.stroke_width(width)))
            }
            .map_err(drawing)?
            .label(s.label)
            .legend(key_line(c.stroke_width(4)));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

/// NPV box plots side by side, one per scenario.
struct NpvBoxes<'a>(&'a [Series<'a>]);

impl Chart for NpvBoxes<'_> {
    const STEM: &'static str = "compare_npv";
    const TITLE: &'static str = "NPV per scenario (box 25–75%, whiskers 5–95%)";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let all: Vec<Vec<f64>> = self
            .0
            .iter()
            .map(|s| sorted(&s.npv.iter().map(|v| v / 1e6).collect::<Vec<_>>()))
            .collect();
        let lo = all
            .iter()
            .filter_map(|v| v.first().copied())
            .fold(f64::MAX, f64::min);
        let hi = all
            .iter()
            .filter_map(|v| v.last().copied())
            .fold(f64::MIN, f64::max);
        let (lo, hi) = style::padded(lo.min(0.0), hi.max(0.0));
        let labels: Vec<String> = self.0.iter().map(|s| s.label.to_owned()).collect();
        let n = labels.len();
        let mut chart = Axes::new(
            Axis::new(|x| style::category(*x, &labels))
                .desc("Scenario")
                .ticks(n)
                .no_grid(),
            Axis::new(style::si_label).desc("Net present value (million USD)"),
        )
        .draw(body, -0.5..(n as f64 - 0.5), lo..hi)?;
        let line = GREY.stroke_width(2);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
                12,
                8,
                line,
            ))
            .map_err(drawing)?
            .label("break-even")
            .legend(key_line(line));
        for (i, v) in all.iter().enumerate() {
            let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
            draw_box(&mut chart, i as f64, 0.2, v, mean)?;
        }
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(drawing)?
            .label("mean")
            .legend(key_dot(ACCENT));
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

/// Outcome shares with their intervals, scenarios side by side.
struct Outcomes<'a>(&'a [Series<'a>]);

impl Chart for Outcomes<'_> {
    const STEM: &'static str = "compare_outcomes";
    const TITLE: &'static str = "outcome shares with 95% intervals";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let Some(first) = self.0.first() else {
            return Ok(());
        };
        let names = outcome_names(first.summary);
        let top = self
            .0
            .iter()
            .flat_map(|s| s.summary.outcomes.iter().map(|(_, o)| o.ci95_high))
            .fold(0.05, f64::max)
            * 110.0;
        let width = 0.8 / self.0.len() as f64;
        let mut chart = outcome_axes(&names).draw(
            body,
            -0.5..(names.len() as f64 - 0.5),
            0.0..top.min(110.0),
        )?;
        for (j, s) in self.0.iter().enumerate() {
            let shift = -0.4 + width * (j as f64 + 0.5);
            draw_shares(&mut chart, s, colour(j), shift, width)?;
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

/// One scenario's outcome bars, `width` wide and shifted by `shift` from
/// each outcome's position, with their 95% intervals.
fn draw_shares<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    s: &Series<'_>,
    c: RGBColor,
    shift: f64,
    width: f64,
) -> Drawn {
    let at = |i: usize| i as f64 + shift;
    let outcomes = &s.summary.outcomes;
    chart
        .draw_series(outcomes.iter().enumerate().map(|(i, (_, o))| {
            Rectangle::new(
                [
                    (at(i) - width * 0.45, 0.0),
                    (at(i) + width * 0.45, o.share * 100.0),
                ],
                c.filled(),
            )
        }))
        .map_err(drawing)?
        .label(s.label)
        .legend(key_box(c));
    chart
        .draw_series(outcomes.iter().enumerate().map(|(i, (_, o))| {
            PathElement::new(
                vec![(at(i), o.ci95_low * 100.0), (at(i), o.ci95_high * 100.0)],
                BLACK.stroke_width(2),
            )
        }))
        .map_err(drawing)?;
    Ok(())
}

/// Histograms of the paired differences of each scenario against the first.
struct Differences<'a>(&'a [Series<'a>]);

impl Chart for Differences<'_> {
    const STEM: &'static str = "compare_differences";
    const TITLE: &'static str = "paired differences against the first scenario";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let Some((first, others)) = self.0.split_first() else {
            return Ok(());
        };
        let panels = body.split_evenly((2, others.len().max(1)));
        for (j, other) in others.iter().enumerate() {
            // (what, first's values, other's values, scale, axis description)
            type Row<'r> = (&'r str, &'r [f64], &'r [f64], f64, &'r str);
            let metrics: [Row<'_>; 2] = [
                (
                    "delivered cargo",
                    first.delivered,
                    other.delivered,
                    1.0,
                    "Δ delivered cargo (kg)",
                ),
                ("NPV", first.npv, other.npv, 1e6, "Δ NPV (million USD)"),
            ];
            for (row, (what, a, b, scale, x_desc)) in metrics.into_iter().enumerate() {
                let diffs: Vec<f64> = a.iter().zip(b).map(|(x, y)| (y - x) / scale).collect();
                let caption = format!("{} − {}: {what}", other.label, first.label);
                let panel = &panels[row * others.len() + j];
                draw_difference(panel, &caption, x_desc, &diffs, colour(j + 1))?;
            }
        }
        Ok(())
    }
}

/// A histogram of paired differences `diffs` with zero, their mean and the
/// share above zero marked.
fn draw_difference<DB: DrawingBackend>(
    panel: &Area<DB>,
    caption: &str,
    x_desc: &str,
    diffs: &[f64],
    c: RGBColor,
) -> Drawn {
    let bins = Bins::of(diffs, None);
    let (blo, bhi) = (bins.lo, bins.hi);
    let min = diffs.iter().copied().fold(f64::MAX, f64::min);
    let max = diffs.iter().copied().fold(f64::MIN, f64::max);
    let (lo, hi) = style::padded(min.min(0.0), max.max(0.0));
    let (lo, hi) = (lo.min(blo), hi.max(bhi));
    let peak = bins.peak(1.2);
    let mean = diffs.iter().sum::<f64>() / diffs.len().max(1) as f64;
    let mut chart = Axes::new(
        Axis::new(style::si_label).desc(x_desc).ticks(6),
        Axis::new(style::count_label).desc("Replications"),
    )
    .room(12, 55, 70)
    .caption(caption)
    .draw(panel, lo..hi, 0.0..peak)?;
    chart.draw_series(bins.rectangles(c)).map_err(drawing)?;
    chart
        .draw_series(DashedLineSeries::new(
            vline(0.0, peak),
            10,
            6,
            GREY.stroke_width(2),
        ))
        .map_err(drawing)?;
    chart
        .draw_series(LineSeries::new(vline(mean, peak), BLACK.stroke_width(3)))
        .map_err(drawing)?;
    let higher = diffs.iter().filter(|d| **d > 0.0).count() as f64 / diffs.len().max(1) as f64;
    chart
        .draw_series([Text::new(
            format!(
                "mean Δ {} (black); > 0 in {:.0}% of runs; dashed: 0",
                si(mean),
                higher * 100.0
            ),
            (lo + (hi - lo) * 0.02, peak * 0.97),
            style::tick_font(),
        )])
        .map_err(drawing)?;
    Ok(())
}

/// Draws the comparison charts of `samples` (first is the reference).
pub(crate) fn render_comparison(
    samples: &[Series<'_>],
    label: &str,
    dir: &Path,
) -> Result<Vec<ChartRef>, super::ChartError> {
    super::prepare(dir)?;
    let budgets: Vec<(&str, TimeBudget)> = samples
        .iter()
        .map(|s| (s.label, TimeBudget::of(s.summary)))
        .collect();
    Ok(vec![
        render(&Exceedance(samples), label, dir)?,
        render(&NpvBoxes(samples), label, dir)?,
        render(&Outcomes(samples), label, dir)?,
        render(&Differences(samples), label, dir)?,
        render(&CompareWhere(&budgets), label, dir)?,
    ])
}
