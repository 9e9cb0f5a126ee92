//! Running mean of delivered cargo with its 95% band against the number of
//! replications: whether the batch was large enough.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, INK, PALE};
use super::{Area, Chart, ChartData, Drawn, drawing, key_box, key_line};
use crate::report::format::thousands;
use crate::stats::{OnlineMoments, Z95};
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

/// The running mean of delivered cargo of a batch.
pub(super) struct RunningMean<'a>(pub &'a ChartData<'a>);

impl Chart for RunningMean<'_> {
    const STEM: &'static str = "convergence";
    const TITLE: &'static str = "running mean of delivered cargo with its 95% band";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let points = running_mean(&self.0.delivered, 1500);
        let n = self.0.delivered.len() as f64;
        let (lo, hi) = mean_range(&points);
        let mut chart = Axes::new(
            Axis::new(style::si_label).desc("Replications"),
            Axis::new(style::si_label).desc("Mean delivered cargo (kg)"),
        )
        .draw(body, 0.0..n.max(2.0), lo..hi)?;
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
            .legend(key_box(PALE));
        let line = INK.stroke_width(3);
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|&(x, m, _)| (x, clamp(m))),
                line,
            ))
            .map_err(drawing)?
            .label("running mean")
            .legend(key_line(line));
        if let Some(&(_, last, half)) = points.last() {
            let line = ACCENT.stroke_width(2);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(0.0, last), (n.max(2.0), last)],
                    12,
                    8,
                    line,
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
                .legend(key_line(line));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

/// The mean axis's range for running-mean `points`, scaled on the settled
/// part of the curve: the first replications' band can be far wider than
/// anything worth reading.
fn mean_range(points: &[(f64, f64, f64)]) -> (f64, f64) {
    let settled = &points[points.len() / 10..];
    let lo = settled
        .iter()
        .map(|p| p.1 - p.2)
        .fold(f64::MAX, f64::min)
        .min(points.last().map_or(0.0, |p| p.1));
    let hi = settled.iter().map(|p| p.1 + p.2).fold(f64::MIN, f64::max);
    let (lo, hi) = style::padded(lo.min(hi), hi.max(lo));
    (lo - (hi - lo) * 0.3, hi + (hi - lo) * 0.3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_mean_has_no_band_at_one_and_ends_at_the_full_mean() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let points = running_mean(&values, 10);
        assert_eq!(points[0], (1.0, 1.0, 0.0));
        assert_eq!(points[1].1, 1.5);
        assert!(points[1].2 > 0.0);
        assert_eq!(points.last().map(|p| (p.0, p.1)), Some((100.0, 50.5)));
        // Every one of the first 20, then every 10th.
        assert_eq!(points.len(), 20 + 8);
    }
}
