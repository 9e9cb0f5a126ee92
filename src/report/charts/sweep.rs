//! Charts of a sweep: for one key, each result at each swept value as a
//! marker with its 95% interval (no line joins them: only the swept values
//! were simulated); for two keys, heat maps over the grid (heatmap.rs).
//! Four results either way: delivered cargo and NPV (mean with the
//! Student-t interval of the mean, and the median), the success share and
//! P(NPV > 0) (with Wilson intervals).

use super::axes::{Axes, Axis};
use super::heatmap::HeatMaps;
use super::style::{self, ACCENT, INK};
use super::{Area, Chart, ChartError, Drawn, KeyMark, Plot, drawing, key_row, render, whisker};
use crate::aggregate::{MetricSummary, Share};
use crate::report::document::ChartRef;
use plotters::prelude::*;
use std::path::Path;

/// One grid point as the charts need it.
#[derive(Debug, Clone, PartialEq)]
pub struct GridPoint {
    /// The swept keys' values, as written.
    pub values: Vec<String>,
    /// Delivered cargo, kg.
    pub delivered: MetricSummary,
    /// NPV, USD.
    pub npv: MetricSummary,
    /// Runs that delivered cargo.
    pub success: Share,
    /// Runs with NPV above zero.
    pub npv_positive: Share,
}

/// A sweep's grid: keys with their values, and the points (last key fastest).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Swept keys and their values.
    pub keys: Vec<(String, Vec<String>)>,
    /// Every point.
    pub points: Vec<GridPoint>,
}

/// A result at one point in its panel's unit: the estimate, its 95%
/// interval, and the median when the result has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Estimate {
    /// The mean, or the share.
    pub value: f64,
    /// Low end of the 95% interval.
    pub low: f64,
    /// High end of the 95% interval.
    pub high: f64,
    /// The median (metrics only).
    pub median: Option<f64>,
}

impl Estimate {
    /// The mean of `m` with its interval (the mean itself with one run),
    /// and its median, divided by `scale`.
    fn metric(m: &MetricSummary, scale: f64) -> Self {
        Self {
            value: m.mean / scale,
            low: m.ci95_low.unwrap_or(m.mean) / scale,
            high: m.ci95_high.unwrap_or(m.mean) / scale,
            median: Some(m.p50 / scale),
        }
    }

    /// The share `s` in percent with its Wilson interval.
    fn share(s: &Share) -> Self {
        Self {
            value: s.share * 100.0,
            low: s.ci95_low * 100.0,
            high: s.ci95_high * 100.0,
            median: None,
        }
    }
}

/// One result of a sweep: what it is, its unit, and its estimate at a
/// point.
#[derive(Clone, Copy)]
pub(super) struct Measure {
    /// What is shown (`delivered cargo`).
    pub name: &'static str,
    /// Its unit (`kg`, `%`).
    pub unit: &'static str,
    /// Its estimate at a point.
    pub at: fn(&GridPoint) -> Estimate,
}

impl Measure {
    /// Whether this is a share (in percent, with a Wilson interval).
    pub(super) fn is_share(&self) -> bool {
        self.unit == "%"
    }
}

/// The four results every sweep chart shows.
pub(super) const MEASURES: [Measure; 4] = [
    Measure {
        name: "delivered cargo",
        unit: "kg",
        at: |p| Estimate::metric(&p.delivered, 1.0),
    },
    Measure {
        name: "NPV",
        unit: "million USD",
        at: |p| Estimate::metric(&p.npv, 1e6),
    },
    Measure {
        name: "success share",
        unit: "%",
        at: |p| Estimate::share(&p.success),
    },
    Measure {
        name: "P(NPV > 0)",
        unit: "%",
        at: |p| Estimate::share(&p.npv_positive),
    },
];

/// Markers against the key at the given index (the only one that varies).
struct Points<'a>(&'a Grid, usize);

impl Chart for Points<'_> {
    const STEM: &'static str = "sweep";
    const TITLE: &'static str = "results at each swept value, with 95% intervals";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let body = key_row(
            body,
            &[
                (KeyMark::Dot(INK), "mean, or share".to_owned()),
                (
                    KeyMark::Whisker,
                    "95% interval (Student t for means, Wilson for shares)".to_owned(),
                ),
                (KeyMark::Triangle(ACCENT), "median".to_owned()),
            ],
        )?;
        let axis = SweptAxis::of(&self.0.keys[self.1]);
        for (panel, measure) in body.split_evenly((2, 2)).iter().zip(MEASURES) {
            let estimates: Vec<Estimate> = self.0.points.iter().map(|p| (measure.at)(p)).collect();
            draw_points(panel, &axis, measure, &estimates)?;
        }
        Ok(())
    }
}

/// The x axis of a one-key sweep: the key, its values as shown, and where
/// each point sits (the value itself when every value is a number, else
/// its index).
struct SweptAxis<'a> {
    key: &'a str,
    values: &'a [String],
    xs: Vec<f64>,
    numeric: bool,
    whole: bool,
}

impl<'a> SweptAxis<'a> {
    /// The axis of `key` over `values`.
    fn of((key, values): &'a (String, Vec<String>)) -> Self {
        let numbers: Option<Vec<f64>> = values.iter().map(|v| v.parse::<f64>().ok()).collect();
        let numeric = numbers.is_some();
        let xs = numbers.unwrap_or_else(|| (0..values.len()).map(|i| i as f64).collect());
        let whole = numeric && xs.iter().all(|x| x.fract() == 0.0);
        Self {
            key,
            values,
            xs,
            numeric,
            whole,
        }
    }

    /// The plotted range, with room either side for the markers, and the
    /// distance between a point's mean and its median marker.
    fn range(&self) -> (f64, f64, f64) {
        let lo = self.xs.iter().copied().fold(f64::MAX, f64::min);
        let hi = self.xs.iter().copied().fold(f64::MIN, f64::max);
        if !self.numeric {
            return (-0.5, self.xs.len() as f64 - 0.5, 0.08);
        }
        let (lo, hi) = style::padded(lo, hi);
        let pad = (hi - lo) * 0.06;
        (lo - pad, hi + pad, (hi - lo) * 0.012)
    }

    /// The axis's tick labels: numbers (whole ones only for a count), or
    /// the values' names.
    fn axis(&self) -> Axis<'_, f64> {
        let axis = if !self.numeric {
            Axis::new(|x| style::category(*x, self.values)).ticks(self.values.len())
        } else if self.whole {
            Axis::new(|x: &f64| {
                if x.fract() == 0.0 {
                    style::si(*x)
                } else {
                    String::new()
                }
            })
        } else {
            Axis::new(style::si_label)
        };
        axis.desc(self.key).no_grid()
    }
}

/// One result's panel: at each swept value its estimate with the interval
/// and, a little to the right, its median; nothing between the values.
fn draw_points<DB: DrawingBackend>(
    panel: &Area<DB>,
    axis: &SweptAxis<'_>,
    measure: Measure,
    estimates: &[Estimate],
) -> Drawn {
    let (x0, x1, offset) = axis.range();
    let (lo, hi) = estimates
        .iter()
        .flat_map(|e| [e.low, e.high].into_iter().chain(e.median))
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = style::padded(lo, hi);
    let share = measure.is_share();
    let mut chart = Axes::new(
        axis.axis(),
        Axis::new(move |v: &f64| {
            if share {
                format!("{}%", style::si(*v))
            } else {
                style::si(*v)
            }
        })
        .desc(if share { "% of runs" } else { measure.unit }),
    )
    .room(10, 50, 90)
    .caption(format!("{}, {}", measure.name, measure.unit))
    .draw(panel, x0..x1, lo..hi)?;
    for (&x, e) in axis.xs.iter().zip(estimates) {
        let at = if e.median.is_some() { x - offset } else { x };
        draw_interval(&mut chart, at, e, (x1 - x0) * 0.008)?;
        if let Some(m) = e.median {
            chart
                .draw_series([TriangleMarker::new((x + offset, m), 8, ACCENT.filled())])
                .map_err(drawing)?;
        }
    }
    Ok(())
}

/// The estimate `e` at `x` as a dot on an upright interval with caps
/// `cap` wide either side.
fn draw_interval<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    x: f64,
    e: &Estimate,
    cap: f64,
) -> Drawn {
    chart
        .draw_series(whisker(x, (e.low, e.high), cap))
        .map_err(drawing)?;
    chart
        .draw_series([Circle::new((x, e.value), 7, INK.filled())])
        .map_err(drawing)?;
    Ok(())
}

/// Draws the sweep chart: markers when one key varies, heat maps when two
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
        (_, []) => vec![render(&Points(grid, 0), label, dir)?],
        (_, [only]) => vec![render(&Points(grid, *only), label, dir)?],
        _ => Vec::new(),
    })
}
