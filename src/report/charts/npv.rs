//! Histogram of net present value with the break-even line and P(NPV > 0).

use super::axes::{Axes, Axis};
use super::delivered::{Bins, vline};
use super::outcomes::legend_boxes;
use super::style::{self, ALERT, GREY, INK};
use super::{Area, Chart, ChartData, Drawn, drawing, key_line};
use crate::report::format::percent;
use plotters::prelude::*;

/// The NPV histogram of a batch.
pub(super) struct Histogram<'a>(pub &'a ChartData<'a>);

impl Chart for Histogram<'_> {
    const STEM: &'static str = "npv_histogram";
    const TITLE: &'static str = "net present value per replication";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let millions: Vec<f64> = self.0.npv.iter().map(|v| v / 1e6).collect();
        let bins = Bins::of(&millions, None);
        let (lo, hi) = (bins.lo, bins.hi);
        let peak = bins.peak(1.3);
        let (x0, x1) = style::padded(
            lo.min(0.0).max(lo - (hi - lo) * 0.1),
            hi.max(0.0).min(hi + (hi - lo) * 0.1),
        );
        let mut chart = Axes::new(
            Axis::new(style::si_label).desc("Net present value (million USD)"),
            Axis::new(style::count_label).desc("Replications"),
        )
        .draw(body, x0..x1, 0.0..peak)?;
        chart
            .draw_series(bins.bars.iter().filter(|b| b.2 > 0).map(|&(a, b, c)| {
                let colour = if b <= 0.0 { ALERT } else { INK };
                Rectangle::new([(a, 0.0), (b, c as f64)], colour.filled())
            }))
            .map_err(drawing)?;
        legend_boxes(
            &mut chart,
            &[("loss (NPV < 0)", ALERT), ("gain (NPV > 0)", INK)],
        )?;
        let p = &self.0.summary.npv_positive;
        if (x0..=x1).contains(&0.0) {
            let line = GREY.stroke_width(3);
            chart
                .draw_series(DashedLineSeries::new(vline(0.0, peak), 12, 8, line))
                .map_err(drawing)?
                .label(format!(
                    "break-even: P(NPV > 0) = {} (95% CI {} to {})",
                    percent(p.share),
                    percent(p.ci95_low),
                    percent(p.ci95_high)
                ))
                .legend(key_line(line));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperLeft)
    }
}
