//! Failure events per replication, by kind: one box plot per kind, each on
//! its own scale (small multiples).

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, INK, PALE, si};
use super::{Area, Chart, ChartData, Drawn, FailureSeries, Plot, drawing, note, sorted};
use crate::stats::quantile_sorted;
use plotters::prelude::*;

/// A box plot of ascending `v` centred at `x`, `half` wide each side: box
/// 25–75%, whiskers 5–95%, median bar, mean dot, max point.
pub(super) fn draw_box<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    x: f64,
    half: f64,
    v: &[f64],
    mean: f64,
) -> Drawn {
    let q = |p| quantile_sorted(v, p).unwrap_or(0.0);
    let line = BLACK.stroke_width(2);
    let cap = half * 0.6;
    chart
        .draw_series([
            PathElement::new(vec![(x, q(0.05)), (x, q(0.25))], line),
            PathElement::new(vec![(x, q(0.75)), (x, q(0.95))], line),
            PathElement::new(vec![(x - cap, q(0.05)), (x + cap, q(0.05))], line),
            PathElement::new(vec![(x - cap, q(0.95)), (x + cap, q(0.95))], line),
        ])
        .map_err(drawing)?;
    chart
        .draw_series([
            Rectangle::new([(x - half, q(0.25)), (x + half, q(0.75))], PALE.filled()),
            Rectangle::new(
                [(x - half, q(0.25)), (x + half, q(0.75))],
                INK.stroke_width(2),
            ),
        ])
        .map_err(drawing)?;
    chart
        .draw_series([PathElement::new(
            vec![(x - half, q(0.5)), (x + half, q(0.5))],
            INK.stroke_width(4),
        )])
        .map_err(drawing)?;
    chart
        .draw_series([
            Circle::new((x, mean), 7, ACCENT.filled()),
            Circle::new((x, q(1.0)), 4, BLACK.filled()),
        ])
        .map_err(drawing)?;
    Ok(())
}

/// The failure-event box plots of a batch.
pub(super) struct SmallMultiples<'a>(pub &'a ChartData<'a>);

impl Chart for SmallMultiples<'_> {
    const STEM: &'static str = "failure_events";
    const TITLE: &'static str = "failure events per replication (box 25–75%, whiskers 5–95%)";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let series = &self.0.failures;
        if series.is_empty() {
            return note(body, "No failure events recorded");
        }
        let columns = 4;
        let rows = series.len().div_ceil(columns);
        let panels = body.split_evenly((rows, columns));
        for (panel, s) in panels.iter().zip(series) {
            draw_panel(panel, s)?;
        }
        Ok(())
    }
}

/// One kind's box plot on its own scale, with its mean and maximum.
fn draw_panel<DB: DrawingBackend>(panel: &Area<DB>, s: &FailureSeries) -> Drawn {
    let v = sorted(&s.values);
    let max = v.last().copied().unwrap_or(0.0);
    let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
    let top = max.max(1.0) * 1.1;
    let mut chart = Axes::new(
        Axis::blank(),
        Axis::new(style::si_label).desc(s.unit).ticks(6),
    )
    .room(12, 10, 60)
    .caption(s.label)
    .draw(panel, 0.0..1.0, 0.0..top)?;
    draw_box(&mut chart, 0.5, 0.25, &v, mean)?;
    chart
        .draw_series([Text::new(
            format!("mean {}, max {}", si(mean), si(max)),
            (0.05, top * 0.97),
            style::tick_font(),
        )])
        .map_err(drawing)?;
    Ok(())
}
