//! Histogram of net present value with the break-even line and P(NPV > 0).

use super::delivered::{bin, bin_count, vline};
use super::style::{self, ALERT, GREY, INK, si};
use super::{Chart, ChartData, drawing};
use crate::report::format::percent;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) struct Histogram<'a>(pub &'a ChartData<'a>);

impl Chart for Histogram<'_> {
    const STEM: &'static str = "npv_histogram";
    const TITLE: &'static str = "net present value per replication";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
        let millions: Vec<f64> = self.0.npv.iter().map(|v| v / 1e6).collect();
        let min = millions.iter().copied().fold(f64::MAX, f64::min);
        let max = millions.iter().copied().fold(f64::MIN, f64::max);
        let bins = bin_count(millions.len(), min, max);
        let (lo, hi) = if style::degenerate(min, max) {
            style::padded(min, max)
        } else {
            (min, max)
        };
        let bars = bin(&millions, lo, hi, bins);
        let peak = bars.iter().map(|b| b.2).max().unwrap_or(1) as f64 * 1.3;
        let (x0, x1) = style::padded(
            lo.min(0.0).max(lo - (hi - lo) * 0.1),
            hi.max(0.0).min(hi + (hi - lo) * 0.1),
        );
        let mut chart = super::plot(&body, x0..x1, 0.0..peak)?;
        chart
            .configure_mesh()
            .x_desc("Net present value (million USD)")
            .y_desc("Replications")
            .x_label_formatter(&|x| si(*x))
            .y_label_formatter(&|y| style::count_label(*y))
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .draw()
            .map_err(drawing)?;
        chart
            .draw_series(bars.iter().filter(|b| b.2 > 0).map(|&(a, b, c)| {
                let colour = if b <= 0.0 { ALERT } else { INK };
                Rectangle::new([(a, 0.0), (b, c as f64)], colour.filled())
            }))
            .map_err(drawing)?;
        chart
            .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], ALERT.filled())])
            .map_err(drawing)?
            .label("loss (NPV < 0)")
            .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], ALERT.filled()));
        chart
            .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], INK.filled())])
            .map_err(drawing)?
            .label("gain (NPV > 0)")
            .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], INK.filled()));
        let p = &self.0.summary.npv_positive;
        if (x0..=x1).contains(&0.0) {
            chart
                .draw_series(DashedLineSeries::new(
                    vline(0.0, peak),
                    12,
                    8,
                    GREY.stroke_width(3),
                ))
                .map_err(drawing)?
                .label(format!(
                    "break-even: P(NPV > 0) = {} (95% CI {} to {})",
                    percent(p.share),
                    percent(p.ci95_low),
                    percent(p.ci95_high)
                ))
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], GREY.stroke_width(3)));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperLeft)
    }
}
