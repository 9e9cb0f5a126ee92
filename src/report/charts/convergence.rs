//! Running mean of delivered cargo with its 95% band against the number of
//! replications: whether the batch was large enough.

use super::style::{self, ACCENT, INK, PALE, si};
use super::{Chart, ChartData, drawing};
use crate::report::format::thousands;
use crate::stats::{OnlineMoments, Z95};
use plotters::coord::Shift;
use plotters::prelude::*;

/// (n, running mean, half-width of its 95% normal band) at up to
/// `max_points` values of n spread evenly over the replications.
pub(super) fn running_mean(values: &[f64], max_points: usize) -> Vec<(f64, f64, f64)> {
    let step = values.len().div_ceil(max_points.max(1)).max(1);
    let mut m = OnlineMoments::new();
    let mut points = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        m.push(v);
        let n = i + 1;
        if n % step == 0 || n == values.len() || n <= 20 {
            let half = if n > 1 {
                Z95 * m.std_dev() / (n as f64).sqrt()
            } else {
                0.0
            };
            points.push((n as f64, m.mean(), half));
        }
    }
    points
}

pub(super) struct RunningMean<'a>(pub &'a ChartData<'a>);

impl Chart for RunningMean<'_> {
    const STEM: &'static str = "convergence";
    const TITLE: &'static str = "running mean of delivered cargo with its 95% band";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
        let points = running_mean(&self.0.delivered, 1500);
        let n = self.0.delivered.len() as f64;
        // Scale on the settled part of the curve: the first replications'
        // band can be far wider than anything worth reading.
        let settled = &points[points.len() / 10..];
        let lo = settled
            .iter()
            .map(|p| p.1 - p.2)
            .fold(f64::MAX, f64::min)
            .min(points.last().map_or(0.0, |p| p.1));
        let hi = settled.iter().map(|p| p.1 + p.2).fold(f64::MIN, f64::max);
        let (lo, hi) = style::padded(lo.min(hi), hi.max(lo));
        let (lo, hi) = (lo - (hi - lo) * 0.3, hi + (hi - lo) * 0.3);
        let mut chart = super::plot(&body, 0.0..n.max(2.0), lo..hi)?;
        chart
            .configure_mesh()
            .x_desc("Replications")
            .y_desc("Mean delivered cargo (kg)")
            .x_label_formatter(&|x| si(*x))
            .y_label_formatter(&|y| si(*y))
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .draw()
            .map_err(drawing)?;
        let clamp = |y: f64| y.clamp(lo, hi);
        let band: Vec<(f64, f64)> = points
            .iter()
            .map(|&(x, m, h)| (x, clamp(m + h)))
            .chain(points.iter().rev().map(|&(x, m, h)| (x, clamp(m - h))))
            .collect();
        chart
            .draw_series([Polygon::new(band, PALE.filled())])
            .map_err(drawing)?
            .label("95% band of the mean")
            .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], PALE.filled()));
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|&(x, m, _)| (x, clamp(m))),
                INK.stroke_width(3),
            ))
            .map_err(drawing)?
            .label("running mean")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], INK.stroke_width(3)));
        if let Some(&(_, last, half)) = points.last() {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(0.0, last), (n.max(2.0), last)],
                    12,
                    8,
                    ACCENT.stroke_width(2),
                ))
                .map_err(drawing)?
                .label(if points.len() > 1 {
                    format!(
                        "final mean {} ± {} kg",
                        thousands(last, 0),
                        thousands(half, 0)
                    )
                } else {
                    format!("one replication: {} kg, no interval", thousands(last, 0))
                })
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], ACCENT.stroke_width(2))
                });
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}
