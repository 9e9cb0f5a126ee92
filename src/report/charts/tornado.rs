//! Tornado charts: the change in a result's mean when each input moves to
//! its low and high value, largest effect on top.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, GREY, INK, si};
use super::{Area, Chart, ChartError, Drawn, Plot, drawing, key_box, render};
use crate::report::document::ChartRef;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::path::Path;

/// One input's effect on a result's mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The input (dotted key).
    pub key: String,
    /// Its low value as shown.
    pub low_value: String,
    /// Its high value as shown.
    pub high_value: String,
    /// Change of the mean at the low value (same unit as the tornado).
    pub low: f64,
    /// Change of the mean at the high value.
    pub high: f64,
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
    /// Effects, largest first.
    pub bars: Vec<Bar>,
}

/// The most inputs a tornado shows.
const SHOWN: usize = 16;

fn draw_tornado<DB: DrawingBackend>(t: &Tornado, body: &Area<DB>) -> Drawn {
    let bars: Vec<&Bar> = t.bars.iter().take(SHOWN).collect();
    let n = bars.len().max(1);
    let reach = bars
        .iter()
        .map(|b| b.low.abs().max(b.high.abs()))
        .fold(0.0, f64::max);
    let (lo, hi) = style::padded(-reach, reach);
    let labels: Vec<String> = bars.iter().map(|b| b.key.clone()).collect();
    let x_desc = format!("change in {}, {} (base {})", t.result, t.unit, si(t.base));
    let mut chart = Axes::new(
        Axis::new(style::si_label).desc(x_desc),
        Axis::new(|y| style::category(n as f64 - y - 0.5, &labels))
            .ticks(n * 2 + 1)
            .no_grid(),
    )
    .room(20, 60, 330)
    .draw(body, lo * 1.25..hi * 1.25, 0.0..n as f64)?;
    for (i, b) in bars.iter().enumerate() {
        draw_bar(&mut chart, b, n as f64 - i as f64 - 1.0)?;
    }
    chart
        .draw_series(LineSeries::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            GREY.stroke_width(2),
        ))
        .map_err(drawing)?;
    let entries = [
        ("input at its low value", ACCENT),
        ("input at its high value", INK),
    ];
    for (label, colour) in entries {
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
            .map_err(drawing)?
            .label(label)
            .legend(key_box(colour));
    }
    super::legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// One input's bars in the slot from `y` to `y + 1`, each value's label at
/// the outer end of its bar.
fn draw_bar<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, b: &Bar, y: f64) -> Drawn {
    chart
        .draw_series([
            Rectangle::new([(0.0, y + 0.15), (b.low, y + 0.85)], ACCENT.filled()),
            Rectangle::new([(0.0, y + 0.15), (b.high, y + 0.85)], INK.filled()),
        ])
        .map_err(drawing)?;
    let ((lx, lv), (rx, hv)) = if b.low <= b.high {
        ((b.low, &b.low_value), (b.high, &b.high_value))
    } else {
        ((b.high, &b.high_value), (b.low, &b.low_value))
    };
    chart
        .draw_series([
            Text::new(
                format!("{lv} "),
                (lx.min(0.0), y + 0.5),
                style::anchored(HPos::Right, VPos::Center),
            ),
            Text::new(
                format!(" {hv}"),
                (rx.max(0.0), y + 0.5),
                style::anchored(HPos::Left, VPos::Center),
            ),
        ])
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

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        draw_tornado(self.0, body)
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
