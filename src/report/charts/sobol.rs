//! Variance-based sensitivity: each input's first-order and total Sobol
//! index of a result side by side, largest total on top, each with its 95%
//! bootstrap interval, and the model's own randomness as the last row; the
//! caption says how many rows and runs stand behind them and that indices
//! of fixed numbers depend on the swing.

use super::axes::Axis;
use super::style::{self, ACCENT, INK};
use super::tornado::draw_rows;
use super::{
    Area, Chart, ChartError, Drawn, KeyMark, Plot, canvas, captioned, drawing, key_row, render,
};
use crate::report::document::ChartRef;
use crate::report::format::thousands;
use crate::stats::Estimate;
use crate::study::sensitivity::variance::{InputIndices, Ranking, VarianceReport};
use plotters::prelude::*;
use std::path::Path;

/// The most inputs a chart shows (the noise row comes on top of them).
const SHOWN: usize = 16;

/// One result's indices with what the caption needs.
struct SobolChart<'a, const NPV: bool> {
    report: &'a VarianceReport,
    ranking: &'a Ranking,
}

/// Which of `total` inputs the chart shows.
fn coverage(total: usize) -> String {
    super::tornado::coverage_of(total, SHOWN)
}

/// One row: the first-order bar in the upper half of the slot from `y` to
/// `y + 1`, the total bar in the lower half, each with its interval.
fn draw_row<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, row: &InputIndices, y: f64) -> Drawn {
    let halves: [(&Estimate, RGBColor, f64); 2] = [
        (&row.indices.first_order, ACCENT, y + 0.5),
        (&row.indices.total, INK, y + 0.1),
    ];
    for (e, colour, bottom) in halves {
        let (top, mid) = (bottom + 0.4, bottom + 0.2);
        let whisker = BLACK.stroke_width(2);
        chart
            .draw_series([Rectangle::new(
                [(0.0, bottom), (e.estimate, top)],
                colour.filled(),
            )])
            .map_err(drawing)?;
        let (l, h) = (e.ci95_low, e.ci95_high);
        chart
            .draw_series([
                PathElement::new(vec![(l, mid), (h, mid)], whisker),
                PathElement::new(vec![(l, mid - 0.12), (l, mid + 0.12)], whisker),
                PathElement::new(vec![(h, mid - 0.12), (h, mid + 0.12)], whisker),
            ])
            .map_err(drawing)?;
    }
    Ok(())
}

fn draw_sobol<DB: DrawingBackend>(
    r: &VarianceReport,
    ranking: &Ranking,
    result: &str,
    body: &Area<DB>,
) -> Drawn {
    let body = key_row(
        body,
        &[
            (
                KeyMark::Box(ACCENT),
                "first-order index: the input alone".to_owned(),
            ),
            (
                KeyMark::Box(INK),
                "total index: with its interactions".to_owned(),
            ),
            (KeyMark::Whisker, "95% bootstrap interval".to_owned()),
        ],
    )?;
    let body = captioned(
        &body,
        &format!(
            "share of the variance of {result} due to each input, over {} rows of a Saltelli design \
             ({} runs, seed {});",
            thousands(r.n as f64, 0),
            thousands(r.runs as f64, 0),
            r.seed
        ),
        &[format!(
            "fixed numbers vary uniformly over ±{:.0}% (their indices depend on that swing); \
             \"noise\": the model's own per-event randomness",
            r.swing * 100.0
        )],
    )?;
    let mut rows: Vec<&InputIndices> = ranking.inputs.iter().take(SHOWN).collect();
    rows.push(&ranking.noise);
    let (lo, hi) = rows
        .iter()
        .flat_map(|r| [r.indices.first_order, r.indices.total])
        .fold((0.0f64, 0.05f64), |(lo, hi), e| {
            (lo.min(e.ci95_low), hi.max(e.ci95_high))
        });
    let (lo, hi) = style::padded(lo, hi);
    let labels: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
    let x = Axis::new(|x: &f64| format!("{:.2}", if x.abs() < 1e-9 { 0.0 } else { *x }))
        .desc(format!("Sobol index: share of the variance of {result}"));
    draw_rows(&body, x, lo..hi, &labels, |chart, i, y| {
        draw_row(chart, rows[i], y)
    })
}

impl<const NPV: bool> Chart for SobolChart<'_, NPV> {
    const STEM: &'static str = if NPV { "sobol_npv" } else { "sobol_delivered" };
    const TITLE: &'static str = if NPV {
        "variance-based sensitivity of NPV"
    } else {
        "variance-based sensitivity of delivered cargo"
    };

    /// The title names how many inputs are shown of how many.
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, title: &str) -> Drawn {
        let title = format!("{title}, {}", coverage(self.ranking.inputs.len()));
        let result = if NPV { "NPV" } else { "delivered cargo" };
        draw_sobol(self.report, self.ranking, result, &canvas(area, &title)?)
    }
}

/// Draws the NPV and delivered-cargo index charts.
pub(crate) fn render_sobol(
    r: &VarianceReport,
    label: &str,
    dir: &Path,
) -> Result<Vec<ChartRef>, ChartError> {
    super::prepare(dir)?;
    Ok(vec![
        render(
            &SobolChart::<true> {
                report: r,
                ranking: &r.npv,
            },
            label,
            dir,
        )?,
        render(
            &SobolChart::<false> {
                report: r,
                ranking: &r.delivered,
            },
            label,
            dir,
        )?,
    ])
}
