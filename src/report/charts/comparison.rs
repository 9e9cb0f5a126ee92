//! Charts of a comparison: overlaid exceedance curves, NPV box plots,
//! outcome shares side by side, and the paired differences against the
//! first scenario.

use super::delivered::{bin, bin_count, vline};
use super::exceedance::{exceedance_mesh, exceedance_points};
use super::failures::draw_box;
use super::outcomes::outcome_mesh;
use super::style::{self, ACCENT, ALERT, GREY, INK, si};
use super::{Chart, drawing, render, sorted};
use crate::aggregate::Summary;
use crate::report::document::ChartRef;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// One scenario of a comparison, as the charts need it.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
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

fn legend_box(c: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], c.filled())
}

struct Exceedance<'a>(&'a [Series<'a>]);

impl Chart for Exceedance<'_> {
    const STEM: &'static str = "compare_exceedance";
    const TITLE: &'static str = "delivered cargo exceedance, P(delivered ≥ x)";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
        let max = self
            .0
            .iter()
            .flat_map(|s| s.delivered.iter().copied())
            .fold(0.0, f64::max);
        let (lo, hi) = style::padded(0.0, max);
        let mut chart = super::plot(&body, lo..hi, 0.0..105.0)?;
        exceedance_mesh(&mut chart)?;
        for (i, s) in self.0.iter().enumerate() {
            let c = colour(i);
            let points = exceedance_points(&sorted(s.delivered), 3000)
                .into_iter()
                .map(|(x, p)| (x, p * 100.0));
            let width = if i == 0 { 4 } else { 3 };
            if i % 2 == 0 {
                chart.draw_series(LineSeries::new(points, c.stroke_width(width)))
            } else {
                chart.draw_series(DashedLineSeries::new(points, 14, 6, c.stroke_width(width)))
            }
            .map_err(drawing)?
            .label(s.label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(4)));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

struct NpvBoxes<'a>(&'a [Series<'a>]);

impl Chart for NpvBoxes<'_> {
    const STEM: &'static str = "compare_npv";
    const TITLE: &'static str = "NPV per scenario (box 25–75%, whiskers 5–95%)";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
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
        let mut chart = super::plot(&body, -0.5..(n as f64 - 0.5), lo..hi)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&|x| style::category(*x, &labels))
            .x_desc("Scenario")
            .y_desc("Net present value (million USD)")
            .y_label_formatter(&|y| si(*y))
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .draw()
            .map_err(drawing)?;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
                12,
                8,
                GREY.stroke_width(2),
            ))
            .map_err(drawing)?
            .label("break-even")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], GREY.stroke_width(2)));
        for (i, v) in all.iter().enumerate() {
            let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
            draw_box(&mut chart, i as f64, 0.2, v, mean)?;
        }
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(drawing)?
            .label("mean")
            .legend(|(x, y)| Circle::new((x + 10, y), 7, ACCENT.filled()));
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

struct Outcomes<'a>(&'a [Series<'a>]);

impl Chart for Outcomes<'_> {
    const STEM: &'static str = "compare_outcomes";
    const TITLE: &'static str = "outcome shares with 95% intervals";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
        let Some(first) = self.0.first() else {
            return Ok(());
        };
        let names: Vec<String> = first
            .summary
            .outcomes
            .iter()
            .map(|(o, _)| o.name().replace('_', " "))
            .collect();
        let top = self
            .0
            .iter()
            .flat_map(|s| s.summary.outcomes.iter().map(|(_, o)| o.ci95_high))
            .fold(0.05, f64::max)
            * 110.0;
        let k = self.0.len() as f64;
        let width = 0.8 / k;
        let mut chart = super::plot(&body, -0.5..(names.len() as f64 - 0.5), 0.0..top.min(110.0))?;
        outcome_mesh(&mut chart, &names)?;
        for (j, s) in self.0.iter().enumerate() {
            let c = colour(j);
            let shift = -0.4 + width * (j as f64 + 0.5);
            let bars: Vec<_> = s
                .summary
                .outcomes
                .iter()
                .enumerate()
                .map(|(i, (_, o))| {
                    let x = i as f64 + shift;
                    Rectangle::new(
                        [(x - width * 0.45, 0.0), (x + width * 0.45, o.share * 100.0)],
                        c.filled(),
                    )
                })
                .collect();
            chart
                .draw_series(bars)
                .map_err(drawing)?
                .label(s.label)
                .legend(legend_box(c));
            let whiskers: Vec<_> = s
                .summary
                .outcomes
                .iter()
                .enumerate()
                .map(|(i, (_, o))| {
                    let x = i as f64 + shift;
                    PathElement::new(
                        vec![(x, o.ci95_low * 100.0), (x, o.ci95_high * 100.0)],
                        BLACK.stroke_width(2),
                    )
                })
                .collect();
            chart.draw_series(whiskers).map_err(drawing)?;
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

struct Differences<'a>(&'a [Series<'a>]);

impl Chart for Differences<'_> {
    const STEM: &'static str = "compare_differences";
    const TITLE: &'static str = "paired differences against the first scenario";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
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
                let panel = &panels[row * others.len() + j];
                let diffs: Vec<f64> = a.iter().zip(b).map(|(x, y)| (y - x) / scale).collect();
                let min = diffs.iter().copied().fold(f64::MAX, f64::min);
                let max = diffs.iter().copied().fold(f64::MIN, f64::max);
                let bins = bin_count(diffs.len(), min, max);
                let (lo, hi) = style::padded(min.min(0.0), max.max(0.0));
                let (blo, bhi) = if style::degenerate(min, max) {
                    style::padded(min, max)
                } else {
                    (min, max)
                };
                let bars = bin(&diffs, blo, bhi, bins);
                let peak = bars.iter().map(|b| b.2).max().unwrap_or(1) as f64 * 1.2;
                let mean = diffs.iter().sum::<f64>() / diffs.len().max(1) as f64;
                let mut chart = ChartBuilder::on(panel)
                    .caption(
                        format!("{} − {}: {what}", other.label, first.label),
                        style::tick_font(),
                    )
                    .margin(12)
                    .x_label_area_size(55)
                    .y_label_area_size(70)
                    .build_cartesian_2d(lo.min(blo)..hi.max(bhi), 0.0..peak)
                    .map_err(drawing)?;
                chart
                    .configure_mesh()
                    .x_desc(x_desc)
                    .y_desc("Replications")
                    .x_labels(6)
                    .x_label_formatter(&|x| si(*x))
                    .y_label_formatter(&|y| style::count_label(*y))
                    .axis_desc_style(style::tick_font())
                    .label_style(style::tick_font())
                    .draw()
                    .map_err(drawing)?;
                chart
                    .draw_series(bars.iter().map(|&(a, b, c)| {
                        Rectangle::new([(a, 0.0), (b, c as f64)], colour(j + 1).filled())
                    }))
                    .map_err(drawing)?;
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
                let higher =
                    diffs.iter().filter(|d| **d > 0.0).count() as f64 / diffs.len().max(1) as f64;
                chart
                    .draw_series([Text::new(
                        format!(
                            "mean Δ {} (black); > 0 in {:.0}% of runs; dashed: 0",
                            si(mean),
                            higher * 100.0
                        ),
                        (
                            lo.min(blo) + (hi.max(bhi) - lo.min(blo)) * 0.02,
                            peak * 0.97,
                        ),
                        style::tick_font(),
                    )])
                    .map_err(drawing)?;
            }
        }
        Ok(())
    }
}

/// Draws the comparison charts of `samples` (first is the reference).
pub fn render_comparison(
    samples: &[Series<'_>],
    label: &str,
    dir: &Path,
) -> Result<Vec<ChartRef>, super::ChartError> {
    crate::report::font::register();
    std::fs::create_dir_all(dir).map_err(|source| super::ChartError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    Ok(vec![
        render(&Exceedance(samples), label, dir)?,
        render(&NpvBoxes(samples), label, dir)?,
        render(&Outcomes(samples), label, dir)?,
        render(&Differences(samples), label, dir)?,
    ])
}
