//! Histogram of delivered cargo, with replications that delivered nothing in
//! a panel of their own so a spike at zero does not flatten the rest.

use super::style::{self, ACCENT, ALERT, INK, PALE, si};
use super::{Chart, ChartData, drawing, note, sorted};
use crate::report::format::{percent, thousands};
use crate::stats::quantile_sorted;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Counts of `values` in `bins` equal bins over [lo, hi].
pub(super) fn bin(values: &[f64], lo: f64, hi: f64, bins: usize) -> Vec<(f64, f64, u64)> {
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0u64; bins];
    for &v in values {
        let i = (((v - lo) / width).floor().max(0.0) as usize).min(bins - 1);
        counts[i] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| (lo + i as f64 * width, lo + (i + 1) as f64 * width, c))
        .collect()
}

/// Bins for `n` values over [lo, hi]: √n, between 10 and 50; 11 for a
/// degenerate range, so its single value sits in the middle bin.
pub(super) fn bin_count(n: usize, lo: f64, hi: f64) -> usize {
    if style::degenerate(lo, hi) {
        11
    } else {
        ((n as f64).sqrt().round() as usize).clamp(10, 50)
    }
}

/// Vertical line at `x` from 0 to `top`.
pub(super) fn vline(x: f64, top: f64) -> Vec<(f64, f64)> {
    vec![(x, 0.0), (x, top)]
}

pub(super) struct Histogram<'a>(pub &'a ChartData<'a>);

impl Chart for Histogram<'_> {
    const STEM: &'static str = "delivered_histogram";
    const TITLE: &'static str = "delivered cargo per replication";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
        let values = &self.0.delivered;
        let n = values.len();
        let zeros = values.iter().filter(|v| **v <= 0.0).count();
        let (left, right) = body.split_horizontally(250);

        // Runs that delivered nothing, on their own scale.
        let top = (zeros.max(1) as f64) * 1.2;
        let mut zero_chart = ChartBuilder::on(&left)
            .margin(20)
            .x_label_area_size(70)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..1.0, 0.0..top)
            .map_err(drawing)?;
        zero_chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_desc("Replications")
            .x_desc("nothing delivered")
            .y_label_formatter(&|v| style::count_label(*v))
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .draw()
            .map_err(drawing)?;
        zero_chart
            .draw_series([Rectangle::new(
                [(0.2, 0.0), (0.8, zeros as f64)],
                ALERT.filled(),
            )])
            .map_err(drawing)?;
        zero_chart
            .draw_series([Text::new(
                format!(
                    "{} ({})",
                    thousands(zeros as f64, 0),
                    percent(zeros as f64 / n.max(1) as f64)
                ),
                (0.08, zeros as f64 + top * 0.04),
                style::tick_font(),
            )])
            .map_err(drawing)?;

        let positive: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
        if positive.is_empty() {
            return note(&right, "No replication delivered any cargo");
        }
        let all = sorted(values);
        let max = positive.iter().copied().fold(f64::MIN, f64::max);
        let min = positive.iter().copied().fold(f64::MAX, f64::min);
        let bins = bin_count(positive.len(), min, max);
        let (lo, hi) = if style::degenerate(min, max) {
            style::padded(min, max)
        } else {
            (0.0, max)
        };
        let bars = bin(&positive, lo, hi, bins);
        let peak = bars.iter().map(|b| b.2).max().unwrap_or(1) as f64 * 1.25;
        let mut chart = ChartBuilder::on(&right)
            .margin(20)
            .x_label_area_size(70)
            .y_label_area_size(90)
            .build_cartesian_2d(lo..hi + (hi - lo) * 0.02, 0.0..peak)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .x_desc("Delivered cargo per replication (kg)")
            .y_desc("Replications")
            .x_label_formatter(&|v| si(*v))
            .y_label_formatter(&|v| style::count_label(*v))
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .draw()
            .map_err(drawing)?;
        let q = |p| quantile_sorted(&all, p).unwrap_or(0.0);
        let mean = values.iter().sum::<f64>() / n as f64;
        chart
            .draw_series([Rectangle::new(
                [(q(0.05), 0.0), (q(0.95), peak)],
                PALE.mix(0.6).filled(),
            )])
            .map_err(drawing)?
            .label(format!(
                "5–95% of all runs: {} to {} kg",
                si(q(0.05)),
                si(q(0.95))
            ))
            .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], PALE.filled()));
        chart
            .draw_series(
                bars.iter()
                    .map(|&(a, b, c)| Rectangle::new([(a, 0.0), (b, c as f64)], INK.filled())),
            )
            .map_err(drawing)?
            .label("replications per bin")
            .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], INK.filled()));
        chart
            .draw_series(LineSeries::new(vline(mean, peak), ACCENT.stroke_width(4)))
            .map_err(drawing)?
            .label(format!("mean {} kg", thousands(mean, 0)))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], ACCENT.stroke_width(4)));
        chart
            .draw_series(DashedLineSeries::new(
                vline(q(0.5), peak),
                12,
                8,
                BLACK.stroke_width(3),
            ))
            .map_err(drawing)?
            .label(format!("median {} kg", thousands(q(0.5), 0)))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(3)));
        super::legend(&mut chart, SeriesLabelPosition::UpperLeft)
    }
}
