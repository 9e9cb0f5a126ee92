//! Charts of a sweep: for one key, lines of each result against its value;
//! for two keys, heat maps over the grid.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, INK, si};
use super::{Area, Chart, ChartError, Drawn, Plot, drawing, key_line, render};
use crate::report::document::ChartRef;
use crate::report::format::percent;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// One grid point as the charts need it.
#[derive(Debug, Clone, PartialEq)]
pub struct GridPoint {
    /// The swept keys' values, as written.
    pub values: Vec<String>,
    /// Mean delivered cargo, kg.
    pub mean_delivered: f64,
    /// Median delivered cargo, kg.
    pub median_delivered: f64,
    /// Mean NPV, USD.
    pub mean_npv: f64,
    /// Median NPV, USD.
    pub median_npv: f64,
    /// Share of runs that delivered cargo.
    pub success: f64,
}

/// A sweep's grid: keys with their values, and the points (last key fastest).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Swept keys and their values.
    pub keys: Vec<(String, Vec<String>)>,
    /// Every point.
    pub points: Vec<GridPoint>,
}

/// The three panels: title, unit, and (mean, median) of a point.
type Panel = (
    &'static str,
    &'static str,
    fn(&GridPoint) -> (f64, Option<f64>),
);

const PANELS: [Panel; 3] = [
    ("delivered cargo", "kg", |p| {
        (p.mean_delivered, Some(p.median_delivered))
    }),
    ("NPV", "million USD", |p| {
        (p.mean_npv / 1e6, Some(p.median_npv / 1e6))
    }),
    ("success share", "%", |p| (p.success * 100.0, None)),
];

/// Lines against the key at the given index (the only one that varies).
struct Lines<'a>(&'a Grid, usize);

impl Chart for Lines<'_> {
    const STEM: &'static str = "sweep";
    const TITLE: &'static str = "results against the swept value";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let (key, values) = &self.0.keys[self.1];
        let numeric: Option<Vec<f64>> = values.iter().map(|v| v.parse::<f64>().ok()).collect();
        let xs: Vec<f64> = numeric
            .clone()
            .unwrap_or_else(|| (0..values.len()).map(|i| i as f64).collect());
        let (x0, x1) = style::padded(
            xs.iter().copied().fold(f64::MAX, f64::min),
            xs.iter().copied().fold(f64::MIN, f64::max),
        );
        let panels = body.split_evenly((3, 1));
        for (panel, (name, unit, get)) in panels.iter().zip(PANELS) {
            let means: Vec<f64> = self.0.points.iter().map(|p| get(p).0).collect();
            let medians: Vec<Option<f64>> = self.0.points.iter().map(|p| get(p).1).collect();
            let all = means
                .iter()
                .copied()
                .chain(medians.iter().flatten().copied());
            let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
            let (lo, hi) = style::padded(lo, hi);
            let x_axis = match numeric {
                Some(_) => Axis::new(style::si_label).ticks(10),
                None => Axis::new(|x| style::category(*x, values)).ticks(values.len()),
            };
            let mut chart = Axes::new(
                x_axis.desc(key.as_str()),
                Axis::new(style::si_label).desc(format!("{name} ({unit})")),
            )
            .room(10, 45, 100)
            .small()
            .draw(panel, x0..x1, lo..hi)?;
            let mean_points: Vec<(f64, f64)> = xs.iter().copied().zip(means).collect();
            let median_points: Vec<(f64, f64)> = xs
                .iter()
                .zip(&medians)
                .filter_map(|(&x, m)| m.map(|m| (x, m)))
                .collect();
            draw_lines(&mut chart, &mean_points, &median_points)?;
        }
        Ok(())
    }
}

/// The means as a line with dots and, if any, the medians as a dashed line
/// with triangles.
fn draw_lines<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plot<'a, DB>,
    means: &[(f64, f64)],
    medians: &[(f64, f64)],
) -> Drawn {
    let line = INK.stroke_width(3);
    chart
        .draw_series(LineSeries::new(means.to_vec(), line))
        .map_err(drawing)?
        .label("mean")
        .legend(key_line(line));
    chart
        .draw_series(means.iter().map(|&p| Circle::new(p, 6, INK.filled())))
        .map_err(drawing)?;
    if !medians.is_empty() {
        let line = ACCENT.stroke_width(3);
        chart
            .draw_series(DashedLineSeries::new(medians.to_vec(), 12, 6, line))
            .map_err(drawing)?
            .label("median")
            .legend(key_line(line));
        chart
            .draw_series(
                medians
                    .iter()
                    .map(|&p| TriangleMarker::new(p, 7, ACCENT.filled())),
            )
            .map_err(drawing)?;
    }
    super::legend(chart, SeriesLabelPosition::UpperLeft)
}

/// Blue scale from white (0) to dark (1), monotone in lightness.
fn heat(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(lerp(240.0, 20.0), lerp(244.0, 45.0), lerp(250.0, 100.0))
}

/// Heat maps of the results over a two-key grid.
struct HeatMaps<'a>(&'a Grid);

impl Chart for HeatMaps<'_> {
    const STEM: &'static str = "sweep";
    const TITLE: &'static str = "results over the swept grid";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let panels = body.split_evenly((1, 3));
        for (panel, spec) in panels.iter().zip(PANELS) {
            draw_heat_map(panel, self.0, spec)?;
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

/// One result's mean over the two-key grid, a cell per point with its
/// value written in it.
fn draw_heat_map<DB: DrawingBackend>(
    panel: &Area<DB>,
    grid: &Grid,
    (name, unit, get): Panel,
) -> Drawn {
    let (row_key, row_values) = &grid.keys[0];
    let (col_key, col_values) = &grid.keys[1];
    let (rows, cols) = (row_values.len(), col_values.len());
    let values: Vec<f64> = grid.points.iter().map(|p| get(p).0).collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let caption = if unit == "%" {
        format!("{name} ({unit})")
    } else {
        format!("mean {name} ({unit})")
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
    .room(12, 60, 80)
    .caption(caption)
    // A segmented 0..k−1 has k segments.
    .draw(
        panel,
        (0..cols as i32 - 1).into_segmented(),
        (0..rows as i32 - 1).into_segmented(),
    )?;
    let centred = Pos::new(HPos::Center, VPos::Center);
    for (i, v) in values.iter().enumerate() {
        let (r, c) = ((i / cols) as i32, (i % cols) as i32);
        let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        chart
            .draw_series([Rectangle::new(
                [
                    (SegmentValue::Exact(c), SegmentValue::Exact(r)),
                    (SegmentValue::Exact(c + 1), SegmentValue::Exact(r + 1)),
                ],
                heat(t).filled(),
            )])
            .map_err(drawing)?;
        let ink = if t > 0.55 { WHITE } else { BLACK };
        let text = if unit == "%" {
            percent(v / 100.0)
        } else {
            si(*v)
        };
        chart
            .draw_series([Text::new(
                text,
                (SegmentValue::CenterOf(c), SegmentValue::CenterOf(r)),
                style::label_font().color(&ink).pos(centred),
            )])
            .map_err(drawing)?;
    }
    Ok(())
}

/// Draws the sweep chart: lines when one key varies, heat maps when two
/// do, none for more.
pub(crate) fn render_sweep(
    grid: &Grid,
    label: &str,
    dir: &Path,
) -> Result<Vec<ChartRef>, ChartError> {
    super::prepare(dir)?;
    let varying: Vec<usize> = (0..grid.keys.len())
        .filter(|&i| grid.keys[i].1.len() > 1)
        .collect();
    Ok(match (grid.keys.len(), varying.as_slice()) {
        (2, [_, _]) => vec![render(&HeatMaps(grid), label, dir)?],
        (_, []) => vec![render(&Lines(grid, 0), label, dir)?],
        (_, [only]) => vec![render(&Lines(grid, *only), label, dir)?],
        _ => Vec::new(),
    })
}
