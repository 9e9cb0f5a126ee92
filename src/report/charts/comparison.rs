//! Charts of a comparison: overlaid exceedance curves, NPV box plots,
//! outcome shares side by side, and the paired differences against the
//! first scenario.

use super::axes::{Axes, Axis};
use super::differences::Differences;
use super::exceedance::{exceedance_axes, exceedance_curve};
use super::failures::draw_box;
use super::outcomes::{OutcomeBars, draw_outcomes};
use super::style::{self, ACCENT, ALERT, GREY, INK};
use super::time::CompareWhere;
use super::{Area, Chart, Drawn, drawing, key_dot, key_line, render, sorted};
use crate::aggregate::Summary;
use crate::aggregate::time::TimeBudget;
use crate::report::document::ChartRef;
use crate::study::compare::Comparison;
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
const SERIES: [RGBColor; 10] = [
    INK,
    ACCENT,
    ALERT,
    RGBColor(60, 140, 130),
    GREY,
    RGBColor(140, 90, 170),
    RGBColor(120, 175, 60),
    RGBColor(95, 170, 225),
    RGBColor(215, 110, 170),
    RGBColor(130, 95, 55),
];

/// The colour of the `i`-th scenario (the first is 0).
pub(super) fn colour(i: usize) -> RGBColor {
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
        let bars: Vec<OutcomeBars<'_>> = self
            .0
            .iter()
            .enumerate()
            .map(|(j, s)| OutcomeBars {
                label: Some(s.label),
                shares: &s.summary.outcomes,
                colours: (colour(j), colour(j)),
            })
            .collect();
        draw_outcomes(body, &bars, false)
    }
}

/// Draws the comparison charts of `samples` (first is the reference).
pub(crate) fn render_comparison(
    samples: &[Series<'_>],
    comparisons: &[Comparison],
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
        render(&Differences(samples, comparisons), label, dir)?,
        render(&CompareWhere(&budgets), label, dir)?,
    ])
}
