//! Outcome shares as bars with 95% Wilson intervals.

use super::style::{self, ALERT, INK};
use super::{Chart, ChartData, drawing};
use crate::model::Outcome;
use crate::report::format::{percent, thousands};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// Axes of an outcome-share chart: one category per outcome name.
pub(super) fn outcome_mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    names: &[String],
) -> Result<(), String> {
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(names.len())
        .x_label_formatter(&|x| style::category(*x, names))
        .x_desc("Outcome")
        .y_desc("Share of replications (%)")
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .axis_desc_style(style::label_font())
        .label_style(style::tick_font())
        .draw()
        .map_err(drawing)
}

pub(super) struct Shares<'a>(pub &'a ChartData<'a>);

impl Chart for Shares<'_> {
    const STEM: &'static str = "outcomes";
    const TITLE: &'static str = "outcome shares with 95% intervals";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let body = super::canvas(area, title)?;
        let outcomes = &self.0.summary.outcomes;
        let names: Vec<String> = outcomes
            .iter()
            .map(|(o, _)| o.name().replace('_', " "))
            .collect();
        let top = outcomes
            .iter()
            .map(|(_, o)| o.ci95_high)
            .fold(0.0, f64::max)
            .max(0.05)
            * 100.0
            * 1.15;
        let mut chart = super::plot(&body, -0.5..(names.len() as f64 - 0.5), 0.0..top.min(115.0))?;
        outcome_mesh(&mut chart, &names)?;
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
        chart
            .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], INK.filled())])
            .map_err(drawing)?
            .label("delivered cargo")
            .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], INK.filled()));
        chart
            .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], ALERT.filled())])
            .map_err(drawing)?
            .label("failed (first cause)")
            .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], ALERT.filled()));
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
