//! Exceedance curve of delivered cargo, P(delivered ≥ x), with P90, P50 and
//! P10 marked: what can be promised with 90%, 50% and 10% confidence.

use super::style::{self, ACCENT, ALERT, INK, si};
use super::{Chart, ChartData, drawing, sorted};
use crate::report::format::thousands;
use crate::stats::quantile_sorted;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
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
pub(super) fn exceedance_mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
) -> Result<(), String> {
    chart
        .configure_mesh()
        .x_desc("Delivered cargo x (kg)")
        .y_desc("Probability of delivering at least x (%)")
        .x_label_formatter(&|x| si(*x))
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .axis_desc_style(style::label_font())
        .label_style(style::tick_font())
        .draw()
        .map_err(drawing)
}

pub(super) struct Exceedance<'a>(pub &'a ChartData<'a>);

impl Chart for Exceedance<'_> {
    const STEM: &'static str = "delivered_exceedance";
    const TITLE: &'static str = "delivered cargo exceedance, P(delivered ≥ x)";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
        let v = sorted(&self.0.delivered);
        let (lo, hi) = style::padded(0.0, v.last().copied().unwrap_or(0.0).max(0.0));
        let mut chart = super::plot(&body, lo.min(0.0)..hi, 0.0..105.0)?;
        exceedance_mesh(&mut chart)?;
        let curve: Vec<(f64, f64)> = exceedance_points(&v, 4000)
            .into_iter()
            .map(|(x, p)| (x, p * 100.0))
            .collect();
        chart
            .draw_series(LineSeries::new(curve, INK.stroke_width(3)))
            .map_err(drawing)?
            .label("P(delivered ≥ x)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], INK.stroke_width(3)));
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
                .legend(move |(px, py)| Circle::new((px + 10, py), 7, colour.filled()));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}
