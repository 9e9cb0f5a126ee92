//! Heat maps of a two-key sweep: a panel per result, a cell per grid point
//! coloured by its mean (or share) on a scale drawn beside the panel with
//! its unit, and written in the cell with its median (or interval) when
//! the cell has room.

use super::axes::{Axes, Axis};
use super::style;
use super::sweep::{Grid, MEASURES, Measure};
use super::{Area, Chart, Drawn, captioned, drawing, fitted};
use crate::report::format::percent;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::RangedCoordi32;
use plotters::prelude::*;

/// Width of a panel's colour scale with its tick labels, pixels.
const SCALE_WIDTH: u32 = 135;

/// Blue scale from white (0) to dark (1), monotone in lightness.
fn heat(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(lerp(240.0, 20.0), lerp(244.0, 45.0), lerp(250.0, 100.0))
}

/// Heat maps of the results over a two-key grid.
pub(super) struct HeatMaps<'a>(pub &'a Grid);

impl Chart for HeatMaps<'_> {
    const STEM: &'static str = "sweep";
    const TITLE: &'static str = "results over the swept grid";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let body = captioned(
            body,
            "in each cell: the mean and the median, or the share and its 95% Wilson interval;",
            &["the colour shows the first figure, on the scale at the right".to_owned()],
        )?;
        for (panel, measure) in body.split_evenly((2, 2)).iter().zip(MEASURES) {
            draw_heat_map(panel, self.0, measure)?;
        }
        Ok(())
    }
}

/// The label of segment `v` from `values`: the value at a cell's centre.
fn cell_label(v: &SegmentValue<i32>, values: &[String]) -> String {
    match v {
        SegmentValue::CenterOf(i) => values.get(*i as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The text of a cell: the estimate, then its median or its interval.
fn cell_text(measure: Measure, e: &super::sweep::Estimate) -> [String; 2] {
    if measure.is_share() {
        [
            percent(e.value / 100.0),
            format!("{:.0}–{:.0}%", e.low, e.high),
        ]
    } else {
        [
            style::si(e.value),
            format!("median {}", style::si(e.median.unwrap_or(e.value))),
        ]
    }
}

/// One result over the two-key grid with its colour scale at the right.
fn draw_heat_map<DB: DrawingBackend>(panel: &Area<DB>, grid: &Grid, measure: Measure) -> Drawn {
    let (row_key, row_values) = &grid.keys[0];
    let (col_key, col_values) = &grid.keys[1];
    let (rows, cols) = (row_values.len(), col_values.len());
    let estimates: Vec<_> = grid.points.iter().map(|p| (measure.at)(p)).collect();
    let (lo, hi) = estimates.iter().fold((f64::MAX, f64::MIN), |(a, b), e| {
        (a.min(e.value), b.max(e.value))
    });
    let (w, _) = panel.dim_in_pixel();
    let (map, scale) = panel.split_horizontally(w.saturating_sub(SCALE_WIDTH));
    let caption = if measure.is_share() {
        format!("{}, %", measure.name)
    } else {
        format!("mean {}, {}", measure.name, measure.unit)
    };
    let mut chart = Axes::new(
        Axis::new(|v| cell_label(v, col_values))
            .desc(col_key.as_str())
            .ticks(cols + 1)
            .no_grid(),
        Axis::new(|v| cell_label(v, row_values))
            .desc(row_key.as_str())
            .ticks(rows + 1)
            .no_grid(),
    )
    .room(12, 55, 80)
    .caption(caption)
    // A segmented 0..k−1 has k segments.
    .draw(
        &map,
        (0..cols as i32 - 1).into_segmented(),
        (0..rows as i32 - 1).into_segmented(),
    )?;
    let at = |t: f64| if hi > lo { (t - lo) / (hi - lo) } else { 0.5 };
    let corner = |c: i32, r: i32| (SegmentValue::Exact(c), SegmentValue::Exact(r));
    for (i, e) in estimates.iter().enumerate() {
        let (r, c) = ((i / cols) as i32, (i % cols) as i32);
        chart
            .draw_series([Rectangle::new(
                [corner(c, r), corner(c + 1, r + 1)],
                heat(at(e.value)).filled(),
            )])
            .map_err(drawing)?;
    }
    let texts: Vec<[String; 2]> = estimates.iter().map(|e| cell_text(measure, e)).collect();
    let inks: Vec<RGBColor> = estimates
        .iter()
        .map(|e| if at(e.value) > 0.55 { WHITE } else { BLACK })
        .collect();
    write_cells(&map, &mut chart, cols, texts, &inks)?;
    draw_scale(&scale, measure.unit, (lo, hi))
}

/// The plot of a heat map: a segment per value of either key.
type Cells<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<SegmentedCoord<RangedCoordi32>, SegmentedCoord<RangedCoordi32>>,
>;

/// Writes each cell's `texts` (row by row, `cols` to a row) in its `inks`,
/// in one font that fits every cell's width: both lines where the cells are
/// tall enough, the first alone where only it fits, none where the cells
/// are too small for the smallest font.
fn write_cells<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &mut Cells<'_, DB>,
    cols: usize,
    texts: Vec<[String; 2]>,
    inks: &[RGBColor],
) -> Drawn {
    let corner = |c: i32, r: i32| (SegmentValue::Exact(c), SegmentValue::Exact(r));
    let (x0, y0) = chart.backend_coord(&corner(0, 0));
    let (x1, y1) = chart.backend_coord(&corner(1, 1));
    let (width, height) = ((x1 - x0).abs() - 8, (y1 - y0).abs() - 4);
    let lines = || texts.iter().flatten().map(String::as_str);
    let font = fitted(area, lines(), f64::from(width))?;
    let mut widest = 0;
    for line in lines() {
        widest = widest.max(area.estimate_text_size(line, &font).map_err(drawing)?.0);
    }
    let step = (font.font.get_size() * 1.25).ceil() as i32;
    let shown = if widest as i32 > width {
        0
    } else {
        usize::from(step <= height) + usize::from(2 * step <= height)
    };
    let top = -(step * shown as i32) / 2;
    for (i, (lines, ink)) in texts.into_iter().zip(inks).enumerate() {
        let centre = (
            SegmentValue::CenterOf((i % cols) as i32),
            SegmentValue::CenterOf((i / cols) as i32),
        );
        for (k, line) in lines.into_iter().take(shown).enumerate() {
            chart
                .draw_series([EmptyElement::at(centre.clone())
                    + Text::new(line, (0, top + step * k as i32), font.color(ink))])
                .map_err(drawing)?;
        }
    }
    Ok(())
}

/// The colour scale of a panel: the colours of the values `lo` to `hi`
/// (bottom to top, a little beyond either end) with ticks in `unit`.
fn draw_scale<DB: DrawingBackend>(
    area: &Area<DB>,
    unit: &'static str,
    (lo, hi): (f64, f64),
) -> Drawn {
    const STEPS: usize = 100;
    let (bottom, top) = style::padded(lo, hi);
    let mut chart = Axes::new(
        Axis::blank(),
        Axis::new(move |v: &f64| {
            if unit == "%" {
                format!("{}%", style::si(*v))
            } else {
                style::si(*v)
            }
        })
        .ticks(6)
        .no_grid(),
    )
    .room(12, 55, 62)
    .caption(unit)
    .draw(area, 0.0..1.0, bottom..top)?;
    let band = (top - bottom) / STEPS as f64;
    chart
        .draw_series((0..STEPS).map(|k| {
            let v = bottom + band * k as f64;
            let t = if hi > lo {
                (v + band / 2.0 - lo) / (hi - lo)
            } else {
                0.5
            };
            Rectangle::new([(0.0, v), (1.0, v + band)], heat(t).filled())
        }))
        .map_err(drawing)?;
    Ok(())
}
