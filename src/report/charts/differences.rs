//! The paired differences of each scenario against the first, run by run,
//! in delivered cargo and NPV: each with its mean, the paired 95% interval
//! of that mean (as the comparison computed it) and, written beside the
//! plot, the same figures with their units. Up to three scenarios get a
//! histogram per metric; more get one box per scenario, so that every
//! panel keeps a readable height.

use super::axes::{Axes, Axis};
use super::comparison::{Series, colour};
use super::failures::draw_box;
use super::histogram::{Bins, vline};
use super::style::{self, ACCENT, GREY, INK, PALE};
use super::{Area, Chart, Drawn, KeyMark, captioned, drawing, fitted, key_row, sorted};
use crate::aggregate::Share;
use crate::report::format::{thousands, usd};
use crate::study::compare::{Comparison, Difference};
use plotters::prelude::*;

/// The most scenarios (besides the first) drawn as histograms, one column
/// each; more are drawn as boxes.
const HISTOGRAM_COLUMNS: usize = 3;

/// The paired differences of every scenario against the first.
pub(super) struct Differences<'a>(pub &'a [Series<'a>], pub &'a [Comparison]);

impl Chart for Differences<'_> {
    const STEM: &'static str = "compare_differences";
    const TITLE: &'static str = "paired differences against the first scenario";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let Some((first, others)) = self.0.split_first() else {
            return Ok(());
        };
        let pairs: Vec<[Metric<'_>; 2]> = others
            .iter()
            .zip(self.1)
            .map(|(other, c)| Metric::both(first, other, c))
            .collect();
        if others.len() <= HISTOGRAM_COLUMNS {
            draw_histograms(body, &pairs)
        } else {
            draw_boxes(body, &pairs)
        }
    }
}

/// The shade of a paired interval.
fn shade() -> RGBAColor {
    BLACK.mix(0.25)
}

/// One metric of one scenario against the first: the paired runs, the
/// scale of its axis, how its values read, and the comparison's figures.
struct Metric<'a> {
    /// The scenario (not the first).
    label: &'a str,
    /// Panel caption: `swarm − baseline: delivered cargo`.
    caption: String,
    /// The first scenario's runs and this one's, in replication order.
    runs: (&'a [f64], &'a [f64]),
    /// Divisor from the metric's unit to the axis's.
    scale: f64,
    /// The axis description with its unit.
    x_desc: &'static str,
    /// A value with its sign and currency, without a trailing unit.
    show: fn(f64) -> String,
    /// A unit written after values (` kg`), or nothing.
    unit: &'static str,
    /// The mean difference with its intervals, as the comparison has it.
    difference: Difference,
    /// The shares of runs higher, tied and lower than the first's.
    split: [&'a Share; 3],
}

impl<'a> Metric<'a> {
    /// Delivered cargo and NPV of `other` against `first`.
    fn both(first: &Series<'a>, other: &Series<'a>, c: &'a Comparison) -> [Self; 2] {
        let caption = |what: &str| format!("{} − {}: {what}", other.label, first.label);
        [
            Self {
                label: other.label,
                caption: caption("delivered cargo"),
                runs: (first.delivered, other.delivered),
                scale: 1.0,
                x_desc: "Δ delivered cargo per run (kg)",
                show: |x| signed(x, |v| thousands(v, 0)),
                unit: " kg",
                difference: c.delivered_kg,
                split: [
                    &c.p_delivered_higher,
                    &c.p_delivered_tied,
                    &c.p_delivered_lower,
                ],
            },
            Self {
                label: other.label,
                caption: caption("NPV"),
                runs: (first.npv, other.npv),
                scale: 1e6,
                x_desc: "Δ NPV per run (million USD)",
                show: |x| signed(x, usd),
                unit: "",
                difference: c.npv_usd,
                split: [&c.p_npv_higher, &c.p_npv_tied, &c.p_npv_lower],
            },
        ]
    }

    /// The per-run differences in the axis's unit, in replication order.
    fn diffs(&self) -> Vec<f64> {
        let (a, b) = self.runs;
        a.iter().zip(b).map(|(x, y)| (y - x) / self.scale).collect()
    }

    /// The mean and its paired interval in the axis's unit.
    fn interval(&self) -> (f64, f64, f64) {
        let d = &self.difference;
        (
            d.mean / self.scale,
            d.paired_ci95_low / self.scale,
            d.paired_ci95_high / self.scale,
        )
    }

    /// `mean +31,084 kg`.
    fn mean_text(&self) -> String {
        format!("mean {}{}", (self.show)(self.difference.mean), self.unit)
    }

    /// `95% CI +27,817 to +34,352 kg`.
    fn interval_text(&self) -> String {
        let d = &self.difference;
        format!(
            "95% CI {} to {}{}",
            (self.show)(d.paired_ci95_low),
            (self.show)(d.paired_ci95_high),
            self.unit
        )
    }

    /// `higher in 74% of runs, tied in 24%, lower in 3%`.
    fn split_text(&self) -> String {
        let pct = |s: &Share| format!("{:.0}%", s.share * 100.0);
        format!(
            "higher in {} of runs, tied in {}, lower in {}",
            pct(self.split[0]),
            pct(self.split[1]),
            pct(self.split[2])
        )
    }
}

/// `show(x)` with a plus sign before a positive `x` (a minus comes with
/// `show`).
fn signed(x: f64, show: impl Fn(f64) -> String) -> String {
    let text = show(x);
    if x > 0.0 { format!("+{text}") } else { text }
}

/// A histogram per scenario and metric: scenarios in columns, delivered
/// cargo above NPV.
fn draw_histograms<DB: DrawingBackend>(body: &Area<DB>, pairs: &[[Metric<'_>; 2]]) -> Drawn {
    let body = key_row(
        body,
        &[
            (KeyMark::Line(BLACK), "mean difference".to_owned()),
            (
                KeyMark::Shade(shade()),
                "its paired 95% interval".to_owned(),
            ),
            (KeyMark::Dashed(GREY), "no difference".to_owned()),
        ],
    )?;
    let panels = body.split_evenly((2, pairs.len().max(1)));
    for (j, pair) in pairs.iter().enumerate() {
        for (row, m) in pair.iter().enumerate() {
            let panel = &panels[row * pairs.len() + j];
            draw_histogram(panel, m, colour(j + 1))?;
        }
    }
    Ok(())
}

/// The histogram of `m`'s paired differences in `panel` under its caption
/// and two lines of figures; on the plot its mean, the mean's interval and
/// zero.
fn draw_histogram<DB: DrawingBackend>(panel: &Area<DB>, m: &Metric<'_>, c: RGBColor) -> Drawn {
    let lines = [
        format!("{} (paired {})", m.mean_text(), m.interval_text()),
        m.split_text(),
    ];
    let panel = captioned(panel, &m.caption, &lines)?;
    let diffs = m.diffs();
    let (mean, low, high) = m.interval();
    let bins = Bins::of(&diffs, None);
    let min = diffs.iter().copied().fold(low.min(0.0), f64::min);
    let max = diffs.iter().copied().fold(high.max(0.0), f64::max);
    let (lo, hi) = style::padded(min, max);
    let (lo, hi) = (lo.min(bins.lo), hi.max(bins.hi));
    let peak = bins.peak(1.1);
    let mut chart = Axes::new(
        Axis::new(style::si_label).desc(m.x_desc).ticks(6),
        Axis::new(style::count_label).desc("Replications"),
    )
    .room(8, 50, 70)
    .small()
    .draw(&panel, lo..hi, 0.0..peak)?;
    chart.draw_series(bins.rectangles(c)).map_err(drawing)?;
    chart
        .draw_series([Rectangle::new([(low, 0.0), (high, peak)], shade().filled())])
        .map_err(drawing)?;
    chart
        .draw_series(DashedLineSeries::new(
            vline(0.0, peak),
            10,
            6,
            GREY.stroke_width(2),
        ))
        .map_err(drawing)?;
    chart
        .draw_series(LineSeries::new(vline(mean, peak), BLACK.stroke_width(3)))
        .map_err(drawing)?;
    Ok(())
}

/// A box per scenario, delivered cargo above NPV, each box under its
/// scenario's name and figures.
fn draw_boxes<DB: DrawingBackend>(body: &Area<DB>, pairs: &[[Metric<'_>; 2]]) -> Drawn {
    let body = key_row(
        body,
        &[
            (KeyMark::Box(PALE), "middle half of the runs".to_owned()),
            (KeyMark::Whisker, "5–95% of the runs".to_owned()),
            (KeyMark::Dot(BLACK), "the largest".to_owned()),
            (KeyMark::Line(INK), "median".to_owned()),
            (KeyMark::Dot(ACCENT), "mean".to_owned()),
            (
                KeyMark::Shade(shade()),
                "its paired 95% interval".to_owned(),
            ),
            (KeyMark::Dashed(GREY), "no difference".to_owned()),
        ],
    )?;
    let panels = body.split_evenly((2, 1));
    for (row, panel) in panels.iter().enumerate() {
        let metrics: Vec<&Metric<'_>> = pairs.iter().map(|p| &p[row]).collect();
        draw_box_panel(panel, &metrics)?;
    }
    Ok(())
}

/// One metric's boxes, one per scenario, with each scenario's name, mean
/// and interval written over its box.
fn draw_box_panel<DB: DrawingBackend>(panel: &Area<DB>, metrics: &[&Metric<'_>]) -> Drawn {
    let Some(first) = metrics.first() else {
        return Ok(());
    };
    let runs: Vec<Vec<f64>> = metrics.iter().map(|m| sorted(&m.diffs())).collect();
    let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
    for (v, m) in runs.iter().zip(metrics) {
        let (_, low, high) = m.interval();
        lo = lo.min(low).min(v.first().copied().unwrap_or(0.0));
        hi = hi.max(high).max(v.last().copied().unwrap_or(0.0));
    }
    let (lo, hi) = style::padded(lo, hi);
    // Room above the highest run for three lines of text.
    let top = hi + (hi - lo) * 0.45;
    let n = metrics.len() as f64;
    let mut chart = Axes::new(
        Axis::blank(),
        Axis::new(style::si_label).desc(first.x_desc).ticks(6),
    )
    .room(10, 10, 80)
    .small()
    .draw(panel, -0.5..n - 0.5, lo..top)?;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(-0.5, 0.0), (n - 0.5, 0.0)],
            10,
            6,
            GREY.stroke_width(2),
        ))
        .map_err(drawing)?;
    let texts: Vec<[String; 3]> = metrics
        .iter()
        .map(|m| [m.label.to_owned(), m.mean_text(), m.interval_text()])
        .collect();
    let (left, _) = chart.backend_coord(&(0.0, 0.0));
    let (right, _) = chart.backend_coord(&(1.0, 0.0));
    let font = fitted(
        panel,
        texts.iter().flatten().map(String::as_str),
        f64::from((right - left - 8).max(1)),
    )?;
    let step = (font.font.get_size() * 1.25).ceil() as i32;
    for (i, ((v, m), lines)) in runs.iter().zip(metrics).zip(texts).enumerate() {
        let x = i as f64;
        let (mean, low, high) = m.interval();
        // Wider than the box, so that it shows on either side.
        chart
            .draw_series([Rectangle::new(
                [(x - 0.32, low), (x + 0.32, high)],
                shade().filled(),
            )])
            .map_err(drawing)?;
        draw_box(&mut chart, x, 0.2, v, mean)?;
        for (k, line) in lines.into_iter().enumerate() {
            chart
                .draw_series([EmptyElement::at((x, top))
                    + Text::new(line, (0, 4 + step * k as i32), font.clone())])
                .map_err(drawing)?;
        }
    }
    Ok(())
}
