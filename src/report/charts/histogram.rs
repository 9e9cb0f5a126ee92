//! The parts every histogram shares: bins whose edges fall on multiples of
//! a round width (so 0, when in range, is always an edge), their bars, and
//! the mean and median lines.

use super::style;
use super::{Drawn, Plot, drawing, key_line};
use plotters::prelude::*;

/// Counts of `values` in `bins` bins of `width` from `lo`: a value goes in
/// the bin whose edges hold it, [edge, next edge), checked against the
/// edges themselves so rounding never moves a value across one (a loss
/// just under 0 stays in the bar below 0); the ends are closed.
pub(super) fn bin(values: &[f64], lo: f64, width: f64, bins: usize) -> Vec<(f64, f64, u64)> {
    let edge = |i: usize| lo + i as f64 * width;
    let mut counts = vec![0u64; bins];
    for &v in values {
        let mut i = (((v - lo) / width).floor().max(0.0) as usize).min(bins - 1);
        if i > 0 && v < edge(i) {
            i -= 1;
        } else if i + 1 < bins && v >= edge(i + 1) {
            i += 1;
        }
        counts[i] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| (edge(i), edge(i + 1), c))
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
    /// Width of every bar.
    pub width: f64,
    /// Whether the values spread over a range (else they are one value, in
    /// the middle bar of an arbitrary width).
    pub spread: bool,
    /// The bars, left to right.
    pub bars: Vec<(f64, f64, u64)>,
}

impl Bins {
    /// Bins `values` from their minimum, or from `start` when lower, to
    /// their maximum, about [`bin_count`] of them, of a round width
    /// ([`style::nice_step`]) with every edge a multiple of it: 0 is an
    /// edge whenever it is in range, and a maximum on an edge gets a bar
    /// of its own. A degenerate range is widened around its value (see
    /// [`style::padded`]) into 11 bins with the value in the middle one.
    pub(super) fn of(values: &[f64], start: Option<f64>) -> Self {
        let min = values.iter().copied().fold(f64::MAX, f64::min);
        let max = values.iter().copied().fold(f64::MIN, f64::max);
        if style::degenerate(min, max) {
            let (lo, hi) = style::padded(min, max);
            let width = (hi - lo) / 11.0;
            return Self::new(values, lo, width, 11).one_value();
        }
        let from = start.map_or(min, |s| s.min(min));
        let width = style::nice_step((max - from) / bin_count(values.len(), from, max) as f64);
        let lo = (from / width).floor() * width;
        let bins = ((max - lo) / width).floor() as usize + 1;
        Self::new(values, lo, width, bins)
    }

    fn new(values: &[f64], lo: f64, width: f64, bins: usize) -> Self {
        let bars = bin(values, lo, width, bins);
        let hi = bars.last().map_or(lo, |b| b.1);
        Self {
            lo,
            hi,
            width,
            spread: true,
            bars,
        }
    }

    fn one_value(self) -> Self {
        Self {
            spread: false,
            ..self
        }
    }

    /// The count axis's description: replications per bin of the width
    /// `show` writes, or just replications for a single value.
    pub(super) fn count_desc(&self, show: impl Fn(f64) -> String) -> String {
        if self.spread {
            format!("Replications per {} bin", show(self.width))
        } else {
            "Replications".to_owned()
        }
    }

    /// The tallest bar's count (1 if there is none) times `headroom`: the
    /// top of the count axis, or of the lines drawn across the bars (below
    /// a legend over them).
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

/// The mean (solid) and median (dashed) lines up to `top`, labelled in the
/// legend with their values as `show` writes them.
pub(super) fn draw_centre<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    (mean, median): (f64, f64),
    top: f64,
    show: impl Fn(f64) -> String,
) -> Drawn {
    let mean_line = style::ACCENT.stroke_width(4);
    chart
        .draw_series(LineSeries::new(vline(mean, top), mean_line))
        .map_err(drawing)?
        .label(format!("mean {}", show(mean)))
        .legend(key_line(mean_line));
    let median_line = BLACK.stroke_width(3);
    chart
        .draw_series(DashedLineSeries::new(
            vline(median, top),
            12,
            8,
            median_line,
        ))
        .map_err(drawing)?
        .label(format!("median {}", show(median)))
        .legend(key_line(median_line));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_count_every_value_once_with_the_maximum_in_the_last() {
        let bars = bin(&[0.0, 0.5, 1.0, 9.99, 10.0], 0.0, 1.0, 10);
        assert_eq!(bars.len(), 10);
        assert_eq!(bars[0], (0.0, 1.0, 2));
        assert_eq!(bars[1].2, 1);
        assert_eq!(bars[9].2, 2);
        assert_eq!(bars.iter().map(|b| b.2).sum::<u64>(), 5);
    }

    #[test]
    fn a_value_never_crosses_an_edge_by_rounding() {
        // From −3 × 0.1 the edge at 0 is exact, but (−1e-17 + 0.3) / 0.1
        // rounds to 3: the bin from 0 by the division alone.
        let lo: f64 = -3.0 * 0.1;
        assert!(((-1e-17 - lo) / 0.1).floor() >= 3.0);
        let bars = bin(&[-1e-17, 0.0], lo, 0.1, 6);
        assert_eq!(bars[3].0, 0.0);
        assert_eq!((bars[2].2, bars[3].2), (1, 1));
    }

    #[test]
    fn bin_count_follows_the_square_root_within_bounds() {
        assert_eq!(bin_count(4, 0.0, 1.0), 10);
        assert_eq!(bin_count(400, 0.0, 1.0), 20);
        assert_eq!(bin_count(1_000_000, 0.0, 1.0), 50);
        assert_eq!(bin_count(1000, 7.0, 7.0), 11);
    }

    #[test]
    fn edges_are_round_multiples_with_zero_among_them() {
        let values: Vec<f64> = (0..400).map(|i| -247.3 + f64::from(i) * 0.66).collect();
        let bins = Bins::of(&values, None);
        assert_eq!(bins.width, 10.0);
        assert_eq!((bins.lo, bins.hi), (-250.0, 20.0));
        assert!(bins.bars.iter().any(|b| b.0 == 0.0));
        assert!(bins.bars.iter().all(|b| b.0 >= 0.0 || b.1 <= 0.0));
        assert_eq!(bins.bars.iter().map(|b| b.2).sum::<u64>(), 400);
        let from_zero = Bins::of(&[2.0, 4.0], Some(0.0));
        assert_eq!(
            (from_zero.lo, from_zero.hi, from_zero.width),
            (0.0, 4.5, 0.5)
        );
        assert_eq!(from_zero.bars.last().map(|b| b.2), Some(1));
    }

    #[test]
    fn a_single_value_sits_in_the_middle_bin_of_a_widened_range() {
        let bins = Bins::of(&[5.0; 3], Some(0.0));
        assert_eq!((bins.lo, bins.hi), (4.0, 6.0));
        assert_eq!(bins.bars[5].2, 3);
        assert_eq!(bins.peak(1.5), 4.5);
        assert_eq!(bins.count_desc(|w| format!("{w}")), "Replications");
        let spread = Bins::of(&[0.0, 10.0], None);
        assert_eq!(
            spread.count_desc(|w| format!("{w} kg")),
            "Replications per 1 kg bin"
        );
    }
}
