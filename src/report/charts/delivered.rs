//! Histogram of delivered cargo, with replications that delivered nothing in
//! a panel of their own so a spike at zero does not flatten the rest.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, ALERT, INK, PALE, si};
use super::{Area, Chart, ChartData, Drawn, Plot, drawing, key_box, key_line, note, sorted};
use crate::report::format::{percent, thousands};
use crate::stats::quantile_sorted;
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

/// Bars of a histogram: the binned range and the (from, to, count) bars.
pub(super) struct Bins {
    /// Low end of the binned range.
    pub lo: f64,
    /// High end of the binned range.
    pub hi: f64,
    /// The bars, left to right.
    pub bars: Vec<(f64, f64, u64)>,
}

impl Bins {
    /// Bins `values` (see [`bin_count`]) from their minimum, or from
    /// `start` when given, to their maximum; a degenerate range is
    /// widened around its value (see [`style::padded`]).
    pub(super) fn of(values: &[f64], start: Option<f64>) -> Self {
        let min = values.iter().copied().fold(f64::MAX, f64::min);
        let max = values.iter().copied().fold(f64::MIN, f64::max);
        let bins = bin_count(values.len(), min, max);
        let (lo, hi) = if style::degenerate(min, max) {
            style::padded(min, max)
        } else {
            (start.unwrap_or(min), max)
        };
        let bars = bin(values, lo, hi, bins);
        Self { lo, hi, bars }
    }

    /// The tallest bar's count (1 if there is none) times `headroom`: the
    /// top of the count axis.
    pub(super) fn peak(&self, headroom: f64) -> f64 {
        self.bars.iter().map(|b| b.2).max().unwrap_or(1) as f64 * headroom
    }

    /// The bars as rectangles filled with `colour`.
    pub(super) fn rectangles(
        &self,
        colour: RGBColor,
    ) -> impl Iterator<Item = Rectangle<(f64, f64)>> + '_ {
        self.bars
            .iter()
            .map(move |&(a, b, c)| Rectangle::new([(a, 0.0), (b, c as f64)], colour.filled()))
    }
}

/// Vertical line at `x` from 0 to `top`.
pub(super) fn vline(x: f64, top: f64) -> Vec<(f64, f64)> {
    vec![(x, 0.0), (x, top)]
}

/// The delivered-cargo histogram of a batch.
pub(super) struct Histogram<'a>(pub &'a ChartData<'a>);

impl Chart for Histogram<'_> {
    const STEM: &'static str = "delivered_histogram";
    const TITLE: &'static str = "delivered cargo per replication";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let values = &self.0.delivered;
        let (left, right) = body.split_horizontally(250);
        draw_zeros(&left, values)?;
        let positive: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
        if positive.is_empty() {
            return note(&right, "No replication delivered any cargo");
        }
        draw_positive(&right, values, &positive)
    }
}

/// The panel of replications that delivered nothing, on its own scale.
fn draw_zeros<DB: DrawingBackend>(area: &Area<DB>, values: &[f64]) -> Drawn {
    let zeros = values.iter().filter(|v| **v <= 0.0).count();
    let top = (zeros.max(1) as f64) * 1.2;
    let mut chart = Axes::new(
        Axis::blank().desc("nothing delivered"),
        Axis::new(style::count_label).desc("Replications"),
    )
    .room(20, 70, 80)
    .draw(area, 0.0..1.0, 0.0..top)?;
    chart
        .draw_series([Rectangle::new(
            [(0.2, 0.0), (0.8, zeros as f64)],
            ALERT.filled(),
        )])
        .map_err(drawing)?;
    let share = zeros as f64 / values.len().max(1) as f64;
    chart
        .draw_series([Text::new(
            format!("{} ({})", thousands(zeros as f64, 0), percent(share)),
            (0.08, zeros as f64 + top * 0.04),
            style::tick_font(),
        )])
        .map_err(drawing)?;
    Ok(())
}

/// The histogram of the replications that delivered cargo (`positive`),
/// with the 5–95% band, mean and median of all `values`.
fn draw_positive<DB: DrawingBackend>(area: &Area<DB>, values: &[f64], positive: &[f64]) -> Drawn {
    let bins = Bins::of(positive, Some(0.0));
    let (lo, hi) = (bins.lo, bins.hi);
    let peak = bins.peak(1.25);
    let mut chart = Axes::new(
        Axis::new(style::si_label).desc("Delivered cargo per replication (kg)"),
        Axis::new(style::count_label).desc("Replications"),
    )
    .room(20, 70, 90)
    .draw(area, lo..hi + (hi - lo) * 0.02, 0.0..peak)?;
    let all = sorted(values);
    let q = |p| quantile_sorted(&all, p).unwrap_or(0.0);
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
        .legend(key_box(PALE));
    chart
        .draw_series(bins.rectangles(INK))
        .map_err(drawing)?
        .label("replications per bin")
        .legend(key_box(INK));
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    draw_centre(&mut chart, mean, q(0.5), peak)?;
    super::legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// The mean (solid) and median (dashed) lines up to `peak`.
fn draw_centre<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    mean: f64,
    median: f64,
    peak: f64,
) -> Drawn {
    let mean_line = ACCENT.stroke_width(4);
    chart
        .draw_series(LineSeries::new(vline(mean, peak), mean_line))
        .map_err(drawing)?
        .label(format!("mean {} kg", thousands(mean, 0)))
        .legend(key_line(mean_line));
    let median_line = BLACK.stroke_width(3);
    chart
        .draw_series(DashedLineSeries::new(
            vline(median, peak),
            12,
            8,
            median_line,
        ))
        .map_err(drawing)?
        .label(format!("median {} kg", thousands(median, 0)))
        .legend(key_line(median_line));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_count_every_value_once_with_the_maximum_in_the_last() {
        let bars = bin(&[0.0, 0.5, 1.0, 9.99, 10.0], 0.0, 10.0, 10);
        assert_eq!(bars.len(), 10);
        assert_eq!(bars[0], (0.0, 1.0, 2));
        assert_eq!(bars[1].2, 1);
        assert_eq!(bars[9].2, 2);
        assert_eq!(bars.iter().map(|b| b.2).sum::<u64>(), 5);
    }

    #[test]
    fn bin_count_follows_the_square_root_within_bounds() {
        assert_eq!(bin_count(4, 0.0, 1.0), 10);
        assert_eq!(bin_count(400, 0.0, 1.0), 20);
        assert_eq!(bin_count(1_000_000, 0.0, 1.0), 50);
        assert_eq!(bin_count(1000, 7.0, 7.0), 11);
    }

    #[test]
    fn a_single_value_sits_in_the_middle_bin_of_a_widened_range() {
        let bins = Bins::of(&[5.0; 3], Some(0.0));
        assert_eq!((bins.lo, bins.hi), (4.0, 6.0));
        assert_eq!(bins.bars[5].2, 3);
        assert_eq!(bins.peak(1.5), 4.5);
        let from_zero = Bins::of(&[2.0, 4.0], Some(0.0));
        assert_eq!((from_zero.lo, from_zero.hi), (0.0, 4.0));
    }
}
