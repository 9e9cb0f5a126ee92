//! Outcome shares as bars with 95% Wilson intervals.

use super::axes::{Axes, Axis};
use super::style::{self, ALERT, INK};
use super::{Area, Chart, ChartData, Drawn, Plot, drawing, key_box};
use crate::aggregate::Summary;
use crate::model::Outcome;
use crate::report::format::{percent, thousands};
use plotters::prelude::*;

/// Axes of an outcome-share chart: one category per outcome name.
pub(super) fn outcome_axes(names: &[String]) -> Axes<'_, f64, f64> {
    Axes::new(
        Axis::new(|x| style::category(*x, names))
            .desc("Outcome")
            .ticks(names.len())
            .no_grid(),
        Axis::new(style::percent_label).desc("Share of replications (%)"),
    )
}

/// The outcome names of `summary` as shown (underscores as spaces).
pub(super) fn outcome_names(summary: &Summary) -> Vec<String> {
    summary
        .outcomes
        .iter()
        .map(|(o, _)| o.name().replace('_', " "))
        .collect()
}

/// The outcome shares of a batch.
pub(super) struct Shares<'a>(pub &'a ChartData<'a>);

impl Chart for Shares<'_> {
    const STEM: &'static str = "outcomes";
    const TITLE: &'static str = "outcome shares with 95% intervals";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let outcomes = &self.0.summary.outcomes;
        let names = outcome_names(self.0.summary);
        let top = outcomes
            .iter()
            .map(|(_, o)| o.ci95_high)
            .fold(0.0, f64::max)
            .max(0.05)
            * 100.0
            * 1.15;
        let mut chart = outcome_axes(&names).draw(
            body,
            -0.5..(names.len() as f64 - 0.5),
            0.0..top.min(115.0),
        )?;
        for (i, (outcome, o)) in outcomes.iter().enumerate() {
            let x = i as f64;
            let colour = if outcome == Outcome::Success {
                INK
            } else {
                ALERT
            };
            let (share, lo, hi) = (o.share * 100.0, o.ci95_low * 100.0, o.ci95_high * 100.0);
            chart
                .draw_series([Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, share)],
                    colour.filled(),
                )])
                .map_err(drawing)?;
            let whisker = BLACK.stroke_width(2);
            chart
                .draw_series([
                    PathElement::new(vec![(x, lo), (x, hi)], whisker),
                    PathElement::new(vec![(x - 0.08, lo), (x + 0.08, lo)], whisker),
                    PathElement::new(vec![(x - 0.08, hi), (x + 0.08, hi)], whisker),
                ])
                .map_err(drawing)?;
            chart
                .draw_series([Text::new(
                    format!("{} ({})", percent(o.share), thousands(o.count as f64, 0)),
                    (x - 0.3, hi + top * 0.05),
                    style::tick_font(),
                )])
                .map_err(drawing)?;
        }
        legend_boxes(
            &mut chart,
            &[("delivered cargo", INK), ("failed (first cause)", ALERT)],
        )?;
        chart
            .draw_series([PathElement::new(
                vec![(0.0, 0.0), (0.0, 0.0)],
                BLACK.stroke_width(2),
            )])
            .map_err(drawing)?
            .label("95% Wilson interval")
            .legend(|(x, y)| {
                PathElement::new(
                    vec![(x + 10, y - 8), (x + 10, y + 8)],
                    BLACK.stroke_width(2),
                )
            });
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

/// Legend entries with box keys, each `(label, colour)` marked on the plot
/// by an empty box at the origin.
pub(super) fn legend_boxes<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    entries: &[(&str, RGBColor)],
) -> Drawn {
    for &(label, colour) in entries {
        chart
            .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], colour.filled())])
            .map_err(drawing)?
            .label(label)
            .legend(key_box(colour));
    }
    Ok(())
}
