//! Tornado charts: the change in a result's mean when each input moves to
//! its low and high value, largest effect on top, each bar with the paired
//! 95% interval of its change and the input's value (with its unit) at its
//! end; the title says how many of the inputs are shown and the caption how
//! many runs each bar stands for.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, GREY, INK, si};
use super::{
    Area, Chart, ChartError, Drawn, KeyMark, Plot, canvas, captioned, drawing, key_row, render,
};
use crate::report::document::ChartRef;
use crate::report::format::thousands;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::path::Path;

/// One input's effect on a result's mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The input (dotted key).
    pub key: String,
    /// Its low value as shown, with its unit.
    pub low_value: String,
    /// Its high value as shown, with its unit.
    pub high_value: String,
    /// Change of the mean at the low value (same unit as the tornado).
    pub low: f64,
    /// Change of the mean at the high value.
    pub high: f64,
    /// The paired 95% interval of the change at the low value.
    pub low_interval: (f64, f64),
    /// The paired 95% interval of the change at the high value.
    pub high_interval: (f64, f64),
    /// Whether the low value's interval leaves out 0 (else its bar is pale:
    /// the change cannot be told from zero).
    pub low_clear: bool,
    /// The same at the high value.
    pub high_clear: bool,
}

/// A tornado: a result, its base mean and each input's effect, sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// What the result is (`mean NPV`).
    pub result: String,
    /// Axis unit (`million USD`).
    pub unit: String,
    /// The base batch's mean, in that unit.
    pub base: f64,
    /// Replications behind each bar end, and in the base batch.
    pub runs: u64,
    /// The relative swing of fixed numbers.
    pub swing: f64,
    /// Effects of every input moved, largest first.
    pub bars: Vec<Bar>,
}

/// Which of `total` inputs a tornado shows: `top 16 of 74 inputs`, or
/// `all 12 inputs` when it shows every one.
pub(crate) fn coverage(total: usize) -> String {
    coverage_of(total, SHOWN)
}

/// Which of `total` inputs a chart that shows at most `shown` shows.
pub(super) fn coverage_of(total: usize, shown: usize) -> String {
    if total > shown {
        format!("top {shown} of {total} inputs")
    } else {
        format!("all {total} inputs")
    }
}

/// The most inputs a tornado shows.
const SHOWN: usize = 16;

/// Opacity of a bar whose interval contains 0.
const PALE_ALPHA: f64 = 0.3;

/// Width of the input names' column, pixels.
const NAMES: u32 = 330;

fn draw_tornado<DB: DrawingBackend>(t: &Tornado, body: &Area<DB>) -> Drawn {
    let body = key_row(
        body,
        &[
            (KeyMark::Box(ACCENT), "input at its low value".to_owned()),
            (KeyMark::Box(INK), "input at its high value".to_owned()),
            (
                KeyMark::Whisker,
                "paired 95% interval of the change".to_owned(),
            ),
            (
                KeyMark::Shade(INK.mix(PALE_ALPHA)),
                "pale: interval contains 0".to_owned(),
            ),
        ],
    )?;
    let runs = thousands(t.runs as f64, 0);
    let body = captioned(
        &body,
        &format!(
            "each bar: the change in the {} over {runs} runs with the input at the value written \
             at its end,",
            t.result
        ),
        &[
            format!(
                "paired run by run with the base batch's {runs} (common random numbers); the \
                 other inputs as in the scenario;"
            ),
            format!(
                "fixed numbers ±{:.0}%, per-run distributions at P10/P90, per-event ones scaled \
                 to put their median event (\"median\") at P10/P90",
                t.swing * 100.0
            ),
        ],
    )?;
    let bars: Vec<&Bar> = t.bars.iter().take(SHOWN).collect();
    let reach = bars
        .iter()
        .flat_map(|b| {
            [
                b.low_interval.0,
                b.low_interval.1,
                b.high_interval.0,
                b.high_interval.1,
            ]
        })
        .fold(0.0, |r: f64, v| r.max(v.abs()));
    let (lo, hi) = style::padded(-reach, reach);
    let widen = room_for_labels(&body, &bars)?;
    let labels: Vec<String> = bars.iter().map(|b| b.key.clone()).collect();
    let x_desc = format!("change in {}, {} (base {})", t.result, t.unit, si(t.base));
    draw_rows(
        &body,
        Axis::new(style::si_label).desc(x_desc),
        lo * widen..hi * widen,
        &labels,
        |chart, i, y| draw_bar(chart, bars[i], y),
    )
}

/// A plot with one row per label, the first on top, against `x` over
/// `range`: row i drawn by `row(chart, i, y)` in the slot from y to y + 1,
/// the names in a column on the left, and a grey line at 0.
pub(super) fn draw_rows<DB: DrawingBackend>(
    body: &Area<DB>,
    x: Axis<'_, f64>,
    range: std::ops::Range<f64>,
    labels: &[String],
    mut row: impl FnMut(&mut Plot<'_, DB>, usize, f64) -> Drawn,
) -> Drawn {
    let n = labels.len().max(1);
    let mut chart = Axes::new(
        x,
        Axis::new(|y| style::category(n as f64 - y - 0.5, labels))
            .ticks(n * 2 + 1)
            .no_grid(),
    )
    .room(20, 60, NAMES)
    .draw(body, range, 0.0..n as f64)?;
    for i in 0..labels.len() {
        row(&mut chart, i, n as f64 - i as f64 - 1.0)?;
    }
    chart
        .draw_series(LineSeries::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            GREY.stroke_width(2),
        ))
        .map_err(drawing)?;
    Ok(())
}

/// The factor that widens the plot's symmetric range so that the widest
/// value written beyond a bar's end still fits inside it (at most 2).
fn room_for_labels<DB: DrawingBackend>(body: &Area<DB>, bars: &[&Bar]) -> Result<f64, String> {
    let font = style::tick_font().into_text_style(body);
    let mut widest = 0u32;
    for b in bars {
        for text in [&b.low_value, &b.high_value] {
            widest = widest.max(body.estimate_text_size(text, &font).map_err(drawing)?.0);
        }
    }
    // The plot's width: the body less the names' column and the margins.
    let plot = f64::from(body.dim_in_pixel().0.saturating_sub(NAMES + 40)).max(1.0);
    let share = (f64::from(widest) + 16.0) / plot;
    Ok((1.0 / (1.0 - 2.0 * share).max(0.5)).max(1.05))
}

/// One input's bars in the slot from `y` to `y + 1`, each with its
/// interval, and each value's label beyond the outer end of its bar.
fn draw_bar<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, b: &Bar, y: f64) -> Drawn {
    let fill = |colour: RGBColor, clear: bool| {
        if clear {
            colour.filled()
        } else {
            colour.mix(PALE_ALPHA).filled()
        }
    };
    chart
        .draw_series([
            Rectangle::new(
                [(0.0, y + 0.15), (b.low, y + 0.85)],
                fill(ACCENT, b.low_clear),
            ),
            Rectangle::new(
                [(0.0, y + 0.15), (b.high, y + 0.85)],
                fill(INK, b.high_clear),
            ),
        ])
        .map_err(drawing)?;
    let whisker = BLACK.stroke_width(2);
    for (l, h) in [b.low_interval, b.high_interval] {
        chart
            .draw_series([
                PathElement::new(vec![(l, y + 0.5), (h, y + 0.5)], whisker),
                PathElement::new(vec![(l, y + 0.35), (l, y + 0.65)], whisker),
                PathElement::new(vec![(h, y + 0.35), (h, y + 0.65)], whisker),
            ])
            .map_err(drawing)?;
    }
    // Each end's outermost point: the bar or its interval.
    let left = |v: f64, (l, _): (f64, f64)| v.min(l).min(0.0);
    let right = |v: f64, (_, h): (f64, f64)| v.max(h).max(0.0);
    let ((lx, lv), (rx, hv)) = if b.low <= b.high {
        (
            (left(b.low, b.low_interval), &b.low_value),
            (right(b.high, b.high_interval), &b.high_value),
        )
    } else {
        (
            (left(b.high, b.high_interval), &b.high_value),
            (right(b.low, b.low_interval), &b.low_value),
        )
    };
    // Six pixels clear of the bar or its whisker.
    let label = |x: f64, dx: i32, text: &str, h: HPos| {
        EmptyElement::at((x, y + 0.5))
            + Text::new(text.to_owned(), (dx, 0), style::anchored(h, VPos::Center))
    };
    chart
        .draw_series([label(lx, -6, lv, HPos::Right), label(rx, 6, hv, HPos::Left)])
        .map_err(drawing)?;
    Ok(())
}

/// The tornado chart of mean NPV (`NPV`) or of mean delivered cargo.
struct TornadoChart<'a, const NPV: bool>(&'a Tornado);

impl<const NPV: bool> Chart for TornadoChart<'_, NPV> {
    const STEM: &'static str = if NPV {
        "tornado_npv"
    } else {
        "tornado_delivered"
    };
    const TITLE: &'static str = if NPV {
        "sensitivity of mean NPV"
    } else {
        "sensitivity of mean delivered cargo"
    };

    /// The title names how many inputs are shown of how many.
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, title: &str) -> Drawn {
        let title = format!("{title}, {}", coverage(self.0.bars.len()));
        draw_tornado(self.0, &canvas(area, &title)?)
    }
}

/// Draws the NPV and delivered-cargo tornadoes.
pub(crate) fn render_tornadoes(
    npv: &Tornado,
    delivered: &Tornado,
    label: &str,
    dir: &Path,
) -> Result<Vec<ChartRef>, ChartError> {
    super::prepare(dir)?;
    Ok(vec![
        render(&TornadoChart::<true>(npv), label, dir)?,
        render(&TornadoChart::<false>(delivered), label, dir)?,
    ])
}
