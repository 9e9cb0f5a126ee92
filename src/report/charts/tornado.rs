//! Tornado charts: the change in a result's mean when each input moves to
//! its low and high value, largest effect on top.

use super::style::{self, ACCENT, GREY, INK, si};
use super::{Chart, ChartError, drawing, render};
use crate::report::document::ChartRef;
use plotters::coord::Shift;
use plotters::prelude::*;
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

fn draw_tornado<DB: DrawingBackend>(
    t: &Tornado,
    area: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<(), String> {
    let body = super::canvas(area, title)?;
    let bars: Vec<&Bar> = t.bars.iter().take(SHOWN).collect();
    let n = bars.len().max(1);
    let reach = bars
        .iter()
        .map(|b| b.low.abs().max(b.high.abs()))
        .fold(0.0, f64::max);
    let (lo, hi) = style::padded(-reach, reach);
    let labels: Vec<String> = bars.iter().map(|b| b.key.clone()).collect();
    let mut chart = ChartBuilder::on(&body)
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(330)
        .build_cartesian_2d(lo * 1.25..hi * 1.25, 0.0..n as f64)
        .map_err(drawing)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n * 2 + 1)
        .y_label_formatter(&|y| {
            let slot = n as f64 - y - 0.5;
            let i = slot.round();
            if (slot - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_desc(format!(
            "change in {}, {} (base {})",
            t.result,
            t.unit,
            si(t.base)
        ))
        .x_label_formatter(&|x| si(*x))
        .axis_desc_style(style::label_font())
        .label_style(style::tick_font())
        .draw()
        .map_err(drawing)?;
    for (i, b) in bars.iter().enumerate() {
        let y = n as f64 - i as f64 - 1.0;
        chart
            .draw_series([
                Rectangle::new([(0.0, y + 0.15), (b.low, y + 0.85)], ACCENT.filled()),
                Rectangle::new([(0.0, y + 0.15), (b.high, y + 0.85)], INK.filled()),
            ])
            .map_err(drawing)?;
        // The value label sits at the outer end of its bar.
        let ((lx, lv), (rx, hv)) = if b.low <= b.high {
            ((b.low, &b.low_value), (b.high, &b.high_value))
        } else {
            ((b.high, &b.high_value), (b.low, &b.low_value))
        };
        let right_aligned =
            style::tick_font()
                .color(&BLACK)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Center,
                ));
        let left_aligned =
            style::tick_font()
                .color(&BLACK)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                ));
        chart
            .draw_series([
                Text::new(format!("{lv} "), (lx.min(0.0), y + 0.5), right_aligned),
                Text::new(format!(" {hv}"), (rx.max(0.0), y + 0.5), left_aligned),
            ])
            .map_err(drawing)?;
    }
    chart
        .draw_series(LineSeries::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            GREY.stroke_width(2),
        ))
        .map_err(drawing)?;
    chart
        .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
        .map_err(drawing)?
        .label("input at its low value")
        .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], ACCENT.filled()));
    chart
        .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
        .map_err(drawing)?
        .label("input at its high value")
        .legend(|(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], INK.filled()));
    super::legend(&mut chart, SeriesLabelPosition::LowerRight)
}

struct NpvTornado<'a>(&'a Tornado);
struct DeliveredTornado<'a>(&'a Tornado);

impl Chart for NpvTornado<'_> {
    const STEM: &'static str = "tornado_npv";
    const TITLE: &'static str = "sensitivity of mean NPV";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        draw_tornado(self.0, area, title)
    }
}

impl Chart for DeliveredTornado<'_> {
    const STEM: &'static str = "tornado_delivered";
    const TITLE: &'static str = "sensitivity of mean delivered cargo";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        draw_tornado(self.0, area, title)
    }
}

/// Draws the NPV and delivered-cargo tornadoes.
pub fn render_tornadoes(
    npv: &Tornado,
    delivered: &Tornado,
    label: &str,
    dir: &Path,
) -> Result<Vec<ChartRef>, ChartError> {
    crate::report::font::register();
    std::fs::create_dir_all(dir).map_err(|source| ChartError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    Ok(vec![
        render(&NpvTornado(npv), label, dir)?,
        render(&DeliveredTornado(delivered), label, dir)?,
    ])
}
