//! Histogram of delivered cargo, with replications that delivered nothing in
//! a panel of their own so a spike at zero does not flatten the rest.

use super::axes::{Axes, Axis};
use super::histogram::{Bins, draw_centre, vline};
use super::style::{self, ALERT, GREY, INK};
use super::{Area, Chart, ChartData, Drawn, Plot, drawing, key_box, key_line, note, sorted};
use crate::report::format::{percent, thousands};
use crate::stats::quantile_sorted;
use plotters::prelude::*;

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

    fn caption(&self) -> String {
        "The replications that delivered nothing are counted on the left, on a scale of \
         their own: they are one value, while each bar on the right counts the replications \
         in a bin of cargo, so heights are not comparable across the panels (a finer bin \
         would lower every bar on the right). Mean, median, P5 and P95 are those of all \
         replications, zeros included."
            .to_owned()
    }
}

/// The panel of replications that delivered nothing, on its own scale.
fn draw_zeros<DB: DrawingBackend>(area: &Area<DB>, values: &[f64]) -> Drawn {
    let zeros = values.iter().filter(|v| **v <= 0.0).count();
    let top = (zeros.max(1) as f64) * 1.2;
    let mut chart = Axes::new(
        Axis::blank().desc("nothing delivered"),
        Axis::new(style::count_label).desc("Replications (own scale)"),
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
/// with the mean, median, P5 and P95 of all `values`.
fn draw_positive<DB: DrawingBackend>(area: &Area<DB>, values: &[f64], positive: &[f64]) -> Drawn {
    let bins = Bins::of(positive, Some(0.0));
    let (lo, hi) = (bins.lo, bins.hi);
    let (peak, top) = (bins.peak(1.35), bins.peak(1.08));
    let mut chart = Axes::new(
        Axis::new(style::si_label).desc("Delivered cargo per replication (kg)"),
        Axis::new(style::count_label).desc(bins.count_desc(|w| format!("{} kg", thousands(w, 0)))),
    )
    .room(20, 70, 90)
    .draw(area, lo..hi + (hi - lo) * 0.02, 0.0..peak)?;
    chart
        .draw_series(bins.rectangles(INK))
        .map_err(drawing)?
        .label("replications per bin")
        .legend(key_box(INK));
    let all = sorted(values);
    let q = |p| quantile_sorted(&all, p).unwrap_or(0.0);
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let kg = |x| format!("{} kg", thousands(x, 0));
    draw_centre(&mut chart, (mean, q(0.5)), top, kg)?;
    draw_tails(&mut chart, (q(0.05), q(0.95)), lo, top)?;
    super::legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// The P5 and P95 lines of all runs up to `top`, where they fall in the
/// panel (above `lo`: a P5 of nothing delivered is in the other panel);
/// the legend names both.
fn draw_tails<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    (p5, p95): (f64, f64),
    lo: f64,
    top: f64,
) -> Drawn {
    let line = GREY.stroke_width(2);
    let lines = [p5, p95]
        .into_iter()
        .filter(|x| *x > lo)
        .map(|x| PathElement::new(vline(x, top), line));
    chart
        .draw_series(lines)
        .map_err(drawing)?
        .label(format!(
            "P5 and P95: {} and {} kg",
            thousands(p5, 0),
            thousands(p95, 0)
        ))
        .legend(key_line(line));
    Ok(())
}
