//! Histogram of net present value with the break-even line and P(NPV > 0),
//! the mean and the median. Bin edges fall on 0, so every bar is all loss
//! or all gain.

use super::axes::{Axes, Axis};
use super::histogram::{Bins, draw_centre, vline};
use super::outcomes::legend_boxes;
use super::style::{self, ALERT, GREY, INK};
use super::{Area, Chart, ChartData, Drawn, drawing, key_line, sorted};
use crate::report::format::{percent, usd};
use crate::stats::quantile_sorted;
use plotters::prelude::*;

/// The NPV histogram of a batch.
pub(super) struct Histogram<'a>(pub &'a ChartData<'a>);

/// The colour of bar `(from, to)`: a loss if it ends at or below 0 (its
/// edges fall on 0, see [`Bins::of`]), else a gain.
pub(super) fn bar_colour((from, to): (f64, f64)) -> RGBColor {
    debug_assert!(to <= 0.0 || from >= 0.0, "a bar across 0");
    if to <= 0.0 { ALERT } else { INK }
}

impl Chart for Histogram<'_> {
    const STEM: &'static str = "npv_histogram";
    const TITLE: &'static str = "net present value per replication";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let millions: Vec<f64> = self.0.npv.iter().map(|v| v / 1e6).collect();
        let bins = Bins::of(&millions, None);
        let (lo, hi) = (bins.lo, bins.hi);
        let (peak, top) = (bins.peak(1.45), bins.peak(1.08));
        let (x0, x1) = style::padded(
            lo.min(0.0).max(lo - (hi - lo) * 0.1),
            hi.max(0.0).min(hi + (hi - lo) * 0.1),
        );
        let mut chart = Axes::new(
            Axis::new(style::si_label).desc("Net present value (million USD)"),
            Axis::new(style::count_label)
                .desc(bins.count_desc(|w| format!("${}", style::si(w * 1e6)))),
        )
        .draw(body, x0..x1, 0.0..peak)?;
        chart
            .draw_series(bins.bars.iter().filter(|b| b.2 > 0).map(|&(a, b, c)| {
                Rectangle::new([(a, 0.0), (b, c as f64)], bar_colour((a, b)).filled())
            }))
            .map_err(drawing)?;
        legend_boxes(
            &mut chart,
            &[("loss (NPV < 0)", ALERT), ("gain (NPV ≥ 0)", INK)],
        )?;
        let p = &self.0.summary.npv_positive;
        let shown = (x0..=x1).contains(&0.0);
        let line = GREY.stroke_width(3);
        chart
            .draw_series(DashedLineSeries::new(
                if shown { vline(0.0, top) } else { Vec::new() },
                12,
                8,
                line,
            ))
            .map_err(drawing)?
            .label(format!(
                "break-even{}: P(NPV > 0) = {} (95% CI {} to {})",
                if shown { "" } else { " (off the scale)" },
                percent(p.share),
                percent(p.ci95_low),
                percent(p.ci95_high)
            ))
            .legend(key_line(line));
        let mean = millions.iter().sum::<f64>() / millions.len().max(1) as f64;
        let median = quantile_sorted(&sorted(&millions), 0.5).unwrap_or(0.0);
        draw_centre(&mut chart, (mean, median), top, |m| usd(m * 1e6))?;
        super::legend(&mut chart, SeriesLabelPosition::UpperLeft)
    }

    fn caption(&self) -> String {
        "Bars are counts of replications per bin; the bins' edges fall on 0, so each bar is \
         all loss or all gain. The mean and median are those of all replications."
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_loss_is_in_a_bar_coloured_as_a_gain() {
        // Losses down to −$3.7M and gains up to $0.9M, two just beside 0.
        let values: Vec<f64> = (0..100)
            .map(|i| -3.7 + f64::from(i) * 0.046)
            .chain([-1e-9, 1e-9])
            .collect();
        let bins = Bins::of(&values, None);
        assert!(bins.bars.iter().any(|b| b.0 == 0.0), "0 is an edge");
        for &(a, b, _) in &bins.bars {
            let losses = values.iter().filter(|v| (a..b).contains(*v) && **v < 0.0);
            if bar_colour((a, b)) == INK {
                assert_eq!(losses.count(), 0, "bar {a}..{b}");
            }
        }
    }
}
