//! Running means of delivered cargo and of NPV, each with its 95% band,
//! against the number of replications: whether the batch was large enough.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT, INK, PALE};
use super::{Area, Chart, ChartData, Drawn, drawing, key_box, key_line};
use crate::report::format::{thousands, usd};
use crate::stats::{OnlineMoments, Z95};
use plotters::prelude::*;

/// (n, running mean, half-width of its 95% normal band) at up to
/// `max_points` values of n spread evenly over the replications (about a
/// pixel apart at most: a thick line doubling back within a pixel column
/// is drawn with spikes).
pub(super) fn running_mean(values: &[f64], max_points: usize) -> Vec<(f64, f64, f64)> {
    let step = values.len().div_ceil(max_points.max(1)).max(1);
    let mut m = OnlineMoments::new();
    let mut points = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        m.push(v);
        let n = i + 1;
        if n % step == 0 || n == values.len() {
            let half = if n > 1 {
                Z95 * m.std_dev() / (n as f64).sqrt()
            } else {
                0.0
            };
            points.push((n as f64, m.mean(), half));
        }
    }
    points
}

/// The running means of delivered cargo and NPV of a batch, side by side.
pub(super) struct RunningMean<'a>(pub &'a ChartData<'a>);

impl Chart for RunningMean<'_> {
    const STEM: &'static str = "convergence";
    const TITLE: &'static str = "running means of delivered cargo and NPV with their 95% bands";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let (left, right) = body.split_horizontally(body.dim_in_pixel().0 / 2);
        let kg = |x: f64| format!("{} kg", thousands(x, 0));
        Panel {
            caption: "Delivered cargo",
            desc: "Mean delivered cargo (kg)",
            show: &kg,
        }
        .draw(&left, &self.0.delivered)?;
        let millions: Vec<f64> = self.0.npv.iter().map(|v| v / 1e6).collect();
        Panel {
            caption: "Net present value",
            desc: "Mean NPV (million USD)",
            show: &|m| usd(m * 1e6),
        }
        .draw(&right, &millions)
    }

    fn caption(&self) -> String {
        "Each panel's scale is that of its settled part (from a tenth of the batch on); \
         the first replications' means and bands can leave it and are cut at its edge."
            .to_owned()
    }
}

/// One panel of the chart: what it shows, and how its values read.
struct Panel<'a> {
    caption: &'a str,
    desc: &'a str,
    show: &'a dyn Fn(f64) -> String,
}

impl Panel<'_> {
    /// Draws the running mean of `values` with its band on `area`.
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, values: &[f64]) -> Drawn {
        let points = running_mean(values, 500);
        let n = (values.len() as f64).max(2.0);
        let (lo, hi) = mean_range(&points);
        let mut chart = Axes::new(
            Axis::new(style::count_label).desc("Replications").ticks(6),
            Axis::new(style::si_label).desc(self.desc),
        )
        .room(25, 60, 85)
        .caption(self.caption)
        .draw(area, 0.0..n, lo..hi)?;
        let clamp = |y: f64| y.clamp(lo, hi);
        let band: Vec<(f64, f64)> = points
            .iter()
            .map(|&(x, m, h)| (x, clamp(m + h)))
            .chain(points.iter().rev().map(|&(x, m, h)| (x, clamp(m - h))))
            .collect();
        chart
            .draw_series([Polygon::new(band, PALE.filled())])
            .map_err(drawing)?
            .label("95% band of the mean")
            .legend(key_box(PALE));
        let line = INK.stroke_width(3);
        let mean: Vec<(f64, f64)> = points.iter().map(|&(x, m, _)| (x, m)).collect();
        chart
            .draw_series(
                clip(&mean, lo, hi)
                    .into_iter()
                    .map(|run| PathElement::new(run, line)),
            )
            .map_err(drawing)?
            .label("running mean")
            .legend(key_line(line));
        if let Some(&(_, last, half)) = points.last() {
            let line = ACCENT.stroke_width(2);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(0.0, last), (n, last)],
                    12,
                    8,
                    line,
                ))
                .map_err(drawing)?
                .label(if points.len() > 1 {
                    format!("final {} ± {}", (self.show)(last), (self.show)(half))
                } else {
                    format!("one replication: {}, no band", (self.show)(last))
                })
                .legend(key_line(line));
        }
        super::legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

/// The mean axis's range for running-mean `points`, scaled on the settled
/// part of the curve (from a tenth of the replications on): the first
/// replications' band can be far wider than anything worth reading.
pub(super) fn mean_range(points: &[(f64, f64, f64)]) -> (f64, f64) {
    let n = points.last().map_or(0.0, |p| p.0);
    let settled = &points[points.partition_point(|p| p.0 < n / 10.0)..];
    let lo = settled
        .iter()
        .map(|p| p.1 - p.2)
        .fold(f64::MAX, f64::min)
        .min(points.last().map_or(0.0, |p| p.1));
    let hi = settled.iter().map(|p| p.1 + p.2).fold(f64::MIN, f64::max);
    let (lo, hi) = style::padded(lo.min(hi), hi.max(lo));
    (lo - (hi - lo) * 0.3, hi + (hi - lo) * 0.3)
}

/// The parts of the polyline through `points` inside `lo ≤ y ≤ hi`, each
/// cut where it crosses an edge: a line that leaves the plot ends at its
/// edge instead of running along it.
pub(super) fn clip(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let inside = |y: f64| (lo..=hi).contains(&y);
    // Where the segment from a to b crosses the edge at y.
    let cross = |(x0, y0): (f64, f64), (x1, y1): (f64, f64), y: f64| {
        (x0 + (x1 - x0) * (y - y0) / (y1 - y0), y)
    };
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut last: Option<(f64, f64)> = None;
    for &p in points {
        if let Some(a) = last {
            // The edges this segment crosses, in its direction.
            let mut edges: Vec<f64> = [lo, hi]
                .into_iter()
                .filter(|e| (a.1 - e) * (p.1 - e) < 0.0)
                .collect();
            if a.1 > p.1 {
                edges.reverse();
            }
            for e in edges {
                let at = cross(a, p, e);
                if run.is_empty() {
                    run.push(at);
                } else {
                    run.push(at);
                    runs.push(std::mem::take(&mut run));
                }
            }
        }
        if inside(p.1) {
            run.push(p);
        } else if !run.is_empty() {
            // It left from a point on the edge.
            runs.push(std::mem::take(&mut run));
        }
        last = Some(p);
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_mean_has_no_band_at_one_and_ends_at_the_full_mean() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let points = running_mean(&values, 100);
        assert_eq!(points.len(), 100);
        assert_eq!(points[0], (1.0, 1.0, 0.0));
        assert_eq!(points[1].1, 1.5);
        assert!(points[1].2 > 0.0);
        assert_eq!(points.last().map(|p| (p.0, p.1)), Some((100.0, 50.5)));
        // Every 7th (100 / 15 rounded up), and the last.
        let thinned = running_mean(&values, 15);
        assert_eq!(thinned.len(), 15);
        assert_eq!(
            (thinned[0].0, thinned[13].0, thinned[14].0),
            (7.0, 98.0, 100.0)
        );
    }

    #[test]
    fn every_plotted_point_of_the_mean_is_inside_the_range() {
        // A start far from the settled mean: 200 t twice, then a mix
        // around 80 t.
        let values: Vec<f64> = [200_000.0, 200_000.0]
            .into_iter()
            .chain((0..2000).map(|i| f64::from((i * 7919) % 17) * 10_000.0))
            .collect();
        let points = running_mean(&values, 1500);
        let (lo, hi) = mean_range(&points);
        let mean: Vec<(f64, f64)> = points.iter().map(|&(x, m, _)| (x, m)).collect();
        assert!(mean.iter().any(|p| p.1 > hi), "the start leaves the range");
        let runs = clip(&mean, lo, hi);
        assert!(runs.iter().flatten().all(|p| (lo..=hi).contains(&p.1)));
        // Every point inside is drawn.
        let drawn: usize = runs.iter().flatten().filter(|p| mean.contains(p)).count();
        assert_eq!(
            drawn,
            mean.iter().filter(|p| (lo..=hi).contains(&p.1)).count()
        );
    }

    #[test]
    fn clipping_cuts_at_the_edges_and_keeps_what_is_inside() {
        let points = [(0.0, 5.0), (1.0, 15.0), (2.0, 5.0), (3.0, -5.0), (4.0, 5.0)];
        let runs = clip(&points, 0.0, 10.0);
        assert_eq!(
            runs,
            [
                vec![(0.0, 5.0), (0.5, 10.0)],
                vec![(1.5, 10.0), (2.0, 5.0), (2.5, 0.0)],
                vec![(3.5, 0.0), (4.0, 5.0)],
            ]
        );
        // A segment across the whole plot, and one on an edge.
        assert_eq!(
            clip(&[(0.0, 20.0), (1.0, -10.0)], 0.0, 10.0),
            [vec![(1.0 / 3.0, 10.0), (2.0 / 3.0, 0.0)]]
        );
        assert_eq!(
            clip(&[(0.0, 10.0), (1.0, 10.0)], 0.0, 10.0),
            [vec![(0.0, 10.0), (1.0, 10.0)]]
        );
        assert!(clip(&[(0.0, 20.0), (1.0, 30.0)], 0.0, 10.0).is_empty());
        // Leaving from a point on the edge and coming back.
        assert_eq!(
            clip(&[(0.0, 10.0), (1.0, 15.0), (2.0, 5.0)], 0.0, 10.0),
            [vec![(0.0, 10.0)], vec![(1.5, 10.0), (2.0, 5.0)]]
        );
    }
}
