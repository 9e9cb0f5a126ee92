//! Exceedance curve of delivered cargo, P(delivered ≥ x), with its 95%
//! DKW confidence band and P90, P50 and P10 marked: what can be promised
//! with 90%, 50% and 10% confidence, each with its real probability.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, ALERT, INK, PALE};
use super::{Area, Chart, ChartData, Drawn, drawing, key_box, key_dot, key_line, sorted};
use crate::report::format::{percent, thousands};
use crate::stats::{dkw_epsilon, quantile_sorted};
use plotters::prelude::*;

/// Points of the exceedance step curve of ascending `v`: at each value u,
/// the drop from P(X ≥ u) to P(X > u). Beyond `max_points` values only every
/// k-th is kept (the curve's shape at chart resolution is unchanged).
pub(super) fn exceedance_points(v: &[f64], max_points: usize) -> Vec<(f64, f64)> {
    let n = v.len();
    let step = n.div_ceil(max_points.max(1)).max(1);
    let mut points = Vec::new();
    let mut last = f64::NAN;
    for i in (0..n).step_by(step).chain(n.checked_sub(1)) {
        let u = v[i];
        if u == last {
            continue;
        }
        last = u;
        let at_least = (n - v.partition_point(|x| *x < u)) as f64 / n as f64;
        let above = (n - v.partition_point(|x| *x <= u)) as f64 / n as f64;
        points.push((u, at_least));
        points.push((u, above));
    }
    points
}

/// Axes of an exceedance chart: delivered cargo against the probability of
/// delivering at least that much.
pub(super) fn exceedance_axes<'f>() -> Axes<'f, f64, f64> {
    Axes::new(
        Axis::new(style::si_label).desc("Delivered cargo x (kg)"),
        Axis::new(style::percent_label).desc("Probability of delivering at least x (%)"),
    )
}

/// The exceedance curve of ascending `v` in percent, thinned to
/// `max_points` values.
pub(super) fn exceedance_curve(v: &[f64], max_points: usize) -> Vec<(f64, f64)> {
    exceedance_points(v, max_points)
        .into_iter()
        .map(|(x, p)| (x, p * 100.0))
        .collect()
}

/// The delivered-cargo exceedance curve of a batch.
pub(super) struct Exceedance<'a>(pub &'a ChartData<'a>);

/// The confidence of the band around the curve.
const BAND_ALPHA: f64 = 0.05;

impl Chart for Exceedance<'_> {
    const STEM: &'static str = "delivered_exceedance";
    const TITLE: &'static str = "delivered cargo exceedance, P(delivered ≥ x)";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let v = sorted(&self.0.delivered);
        let (lo, hi) = style::padded(0.0, v.last().copied().unwrap_or(0.0).max(0.0));
        let mut chart = exceedance_axes().draw(body, lo.min(0.0)..hi, 0.0..105.0)?;
        let curve = exceedance_curve(&v, 4000);
        let eps = dkw_epsilon(v.len() as u64, BAND_ALPHA) * 100.0;
        let band: Vec<(f64, f64)> = curve
            .iter()
            .map(|&(x, p)| (x, (p + eps).min(100.0)))
            .chain(curve.iter().rev().map(|&(x, p)| (x, (p - eps).max(0.0))))
            .collect();
        chart
            .draw_series([Polygon::new(band, PALE.filled())])
            .map_err(drawing)?
            .label(band_label(eps, v.len()))
            .legend(key_box(PALE));
        let line = INK.stroke_width(3);
        chart
            .draw_series(LineSeries::new(curve, line))
            .map_err(drawing)?
            .label("P(delivered ≥ x)")
            .legend(key_line(line));
        let marks = [
            (0.9, "P90", ALERT),
            (0.5, "P50", BLACK),
            (0.1, "P10", ACCENT),
        ];
        for (confidence, name, colour) in marks {
            let mark = Mark::of(&v, confidence);
            let y = mark.at_least * 100.0;
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(lo.min(0.0), y), (mark.x, y), (mark.x, 0.0)],
                    10,
                    6,
                    colour.stroke_width(2),
                ))
                .map_err(drawing)?;
            chart
                .draw_series([Circle::new((mark.x, y), 8, colour.filled())])
                .map_err(drawing)?
                .label(mark.label(name))
                .legend(key_dot(colour));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }

    fn caption(&self) -> String {
        let n = self.0.delivered.len() as u64;
        format!(
            "The shaded band holds the whole true curve with 95% confidence, by the \
             Dvoretzky–Kiefer–Wolfowitz inequality: ±ε with ε = √(ln(2/0.05) / (2n)) = {:.1} \
             percentage points for n = {} replications. Each mark gives the real probability \
             of delivering at least its amount: where many replications deliver exactly that \
             amount (nothing, or every trip full) it exceeds the mark's nominal level, and the \
             probability of delivering more is given too.",
            dkw_epsilon(n, BAND_ALPHA) * 100.0,
            thousands(n as f64, 0)
        )
    }
}

/// The band's legend entry: its half-width `eps` in percentage points at
/// `n` replications, or the whole range when it is that wide.
fn band_label(eps: f64, n: usize) -> String {
    let n = thousands(n as f64, 0);
    if eps < 100.0 {
        format!("95% confidence band (DKW): ±{eps:.1} points at n = {n}")
    } else {
        format!("95% confidence band (DKW): 0–100% at n = {n}")
    }
}

/// A quantile mark on the exceedance curve: Pk, the amount delivered with
/// probability at least k, and the real probabilities at it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mark {
    /// The amount: the (1 − k) quantile.
    pub x: f64,
    /// P(delivered ≥ x), k or more.
    pub at_least: f64,
    /// P(delivered > x).
    pub above: f64,
    /// Replications that delivered exactly x.
    pub tied: usize,
}

impl Mark {
    /// The mark of confidence `k` over ascending `v`.
    pub(super) fn of(v: &[f64], k: f64) -> Self {
        let x = quantile_sorted(v, 1.0 - k).unwrap_or(0.0);
        let below = v.partition_point(|u| *u < x);
        let not_above = v.partition_point(|u| *u <= x);
        let n = v.len().max(1) as f64;
        Self {
            x,
            at_least: (v.len() - below) as f64 / n,
            above: (v.len() - not_above) as f64 / n,
            tied: not_above - below,
        }
    }

    /// Its legend entry: the amount and the real probability of at least
    /// it; at an atom (several replications exactly at it), that of more.
    pub(super) fn label(&self, name: &str) -> String {
        let kg = thousands(self.x, 0);
        let at_least = percent(self.at_least);
        if self.tied > 1 {
            format!(
                "{name}: ≥ {kg} kg with {at_least} probability (> {kg} kg: {})",
                percent(self.above)
            )
        } else {
            format!("{name}: ≥ {kg} kg with {at_least} probability")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceedance_steps_down_at_each_distinct_value() {
        let points = exceedance_points(&[1.0, 2.0, 2.0, 4.0], 100);
        assert_eq!(
            points,
            [
                (1.0, 1.0),
                (1.0, 0.75),
                (2.0, 0.75),
                (2.0, 0.25),
                (4.0, 0.25),
                (4.0, 0.0)
            ]
        );
        assert!(exceedance_points(&[], 10).is_empty());
    }

    #[test]
    fn marks_at_atoms_carry_their_real_probability() {
        // 12 of 100 deliver nothing, 16 deliver the full 200 t.
        let v: Vec<f64> = std::iter::repeat_n(0.0, 12)
            .chain((0..72).map(|i| 1000.0 + f64::from(i) * 2000.0))
            .chain(std::iter::repeat_n(200_000.0, 16))
            .collect();
        let p10 = Mark::of(&v, 0.1);
        assert_eq!(
            (p10.x, p10.at_least, p10.above, p10.tied),
            (200_000.0, 0.16, 0.0, 16)
        );
        assert_eq!(
            p10.label("P10"),
            "P10: ≥ 200,000 kg with 16.0% probability (> 200,000 kg: 0.0%)"
        );
        let p90 = Mark::of(&v, 0.9);
        assert_eq!((p90.x, p90.at_least, p90.above), (0.0, 1.0, 0.88));
        let p50 = Mark::of(&v, 0.5);
        assert_eq!((p50.tied, p50.at_least), (0, 0.5));
        assert_eq!(
            p50.label("P50"),
            format!("P50: ≥ {} kg with 50.0% probability", thousands(p50.x, 0))
        );
    }

    #[test]
    fn thinned_exceedance_keeps_the_last_value() {
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        let points = exceedance_points(&v, 10);
        assert_eq!(points.len(), 22);
        assert_eq!(points.last(), Some(&(999.0, 0.0)));
    }
}
