//! Exceedance curve of delivered cargo, P(delivered ≥ x), with P90, P50 and
//! P10 marked: what can be promised with 90%, 50% and 10% confidence.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, ALERT, INK};
use super::{Area, Chart, ChartData, Drawn, drawing, key_dot, key_line, sorted};
use crate::report::format::thousands;
use crate::stats::quantile_sorted;
use plotters::prelude::*;

/// Points of the exceedance step curve of ascending `v`: at each value u,
/// the drop from P(X ≥ u) to P(X > u). Beyond `max_points` values only every
/// k-th is kept (the curve's shape at chart resolution is unchanged).
pub(super) fn exceedance_points(v: &[f64], max_points: usize) -> Vec<(f64, f64)> {
    let n = v.len();
    let step = n.div_ceil(max_points.max(1)).max(1);
    let mut points = Vec::new();
    let mut last = f64::NAN;
    for i in (0..n).step_by(step).chain(n.checked_sub(1)) {
        let u = v[i];
        if u == last {
            continue;
        }
        last = u;
        let at_least = (n - v.partition_point(|x| *x < u)) as f64 / n as f64;
        let above = (n - v.partition_point(|x| *x <= u)) as f64 / n as f64;
        points.push((u, at_least));
        points.push((u, above));
    }
    points
}

/// Axes of an exceedance chart: delivered cargo against the probability of
/// delivering at least that much.
pub(super) fn exceedance_axes<'f>() -> Axes<'f, f64, f64> {
    Axes::new(
        Axis::new(style::si_label).desc("Delivered cargo x (kg)"),
        Axis::new(style::percent_label).desc("Probability of delivering at least x (%)"),
    )
}

/// The exceedance curve of ascending `v` in percent, thinned to
/// `max_points` values.
pub(super) fn exceedance_curve(v: &[f64], max_points: usize) -> Vec<(f64, f64)> {
    exceedance_points(v, max_points)
        .into_iter()
        .map(|(x, p)| (x, p * 100.0))
        .collect()
}

/// The delivered-cargo exceedance curve of a batch.
pub(super) struct Exceedance<'a>(pub &'a ChartData<'a>);

impl Chart for Exceedance<'_> {
    const STEM: &'static str = "delivered_exceedance";
    const TITLE: &'static str = "delivered cargo exceedance, P(delivered ≥ x)";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let v = sorted(&self.0.delivered);
        let (lo, hi) = style::padded(0.0, v.last().copied().unwrap_or(0.0).max(0.0));
        let mut chart = exceedance_axes().draw(body, lo.min(0.0)..hi, 0.0..105.0)?;
        let line = INK.stroke_width(3);
        chart
            .draw_series(LineSeries::new(exceedance_curve(&v, 4000), line))
            .map_err(drawing)?
            .label("P(delivered ≥ x)")
            .legend(key_line(line));
        let marks = [
            (0.9, "P90", ALERT),
            (0.5, "P50", BLACK),
            (0.1, "P10", ACCENT),
        ];
        for (confidence, name, colour) in marks {
            let x = quantile_sorted(&v, 1.0 - confidence).unwrap_or(0.0);
            let y = confidence * 100.0;
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(lo.min(0.0), y), (x, y), (x, 0.0)],
                    10,
                    6,
                    colour.stroke_width(2),
                ))
                .map_err(drawing)?;
            chart
                .draw_series([Circle::new((x, y), 8, colour.filled())])
                .map_err(drawing)?
                .label(format!(
                    "{name}: {} kg delivered with {:.0}% probability",
                    thousands(x, 0),
                    y
                ))
                .legend(key_dot(colour));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceedance_steps_down_at_each_distinct_value() {
        let points = exceedance_points(&[1.0, 2.0, 2.0, 4.0], 100);
        assert_eq!(
            points,
            [
                (1.0, 1.0),
                (1.0, 0.75),
                (2.0, 0.75),
                (2.0, 0.25),
                (4.0, 0.25),
                (4.0, 0.0)
            ]
        );
        assert!(exceedance_points(&[], 10).is_empty());
    }

    #[test]
    fn thinned_exceedance_keeps_the_last_value() {
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        let points = exceedance_points(&v, 10);
        assert_eq!(points.len(), 22);
        assert_eq!(points.last(), Some(&(999.0, 0.0)));
    }
}
