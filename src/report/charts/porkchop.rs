//! The porkchop chart: departure date across, flight time up, the coarse
//! grid's total Δv as discrete colour bands, each day's best transfer as a
//! line, and the windows: their spans in a strip along the top and their
//! cheapest transfers as labelled points.
//!
//! Speed: cells are drawn as runs of consecutive days in the same band (a
//! flight-time row of 2,000 days is a few dozen rectangles, not 2,000), and
//! cells above the scale's top are left to the white background.

use super::axes::{Axes, Axis};
use super::style::{self, ACCENT};
use super::{Area, Chart, ChartError, Drawn, canvas, drawing, render};
use crate::orbit::date::Date;
use crate::orbit::porkchop::{Arrival, Leg, Porkchop, Window};
use crate::report::document::ChartRef;
use crate::report::format::thousands;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::ops::Range;
use std::path::Path;

/// What the porkchop chart shows.
#[derive(Debug, Clone)]
pub struct PorkchopChart<'a> {
    /// The porkchop: its coarse grid is drawn as colour bands, its daily
    /// best ([`Porkchop::best`]) as a line.
    pub porkchop: &'a Porkchop,
    /// The windows to mark, in date order (usually
    /// `porkchop.windows(limit)`).
    pub windows: &'a [Window],
    /// The leg the porkchop was computed for: it names the chart and the
    /// date axis.
    pub leg: Leg,
    /// The target as readers know it, e.g. `Bennu`.
    pub target: String,
    /// The windows' limit on the day's best total Δv, m/s, if any: marked
    /// on the colour key, and the colour scale ends near 3× it (see
    /// `Bands::new`).
    pub max_total_dv_m_s: Option<f64>,
}

impl PorkchopChart<'_> {
    /// What the chart is of, after `porkchop — ` in its title.
    fn description(&self) -> String {
        let target = &self.target;
        match self.leg {
            Leg::Return(Arrival::Capture {
                perigee_km,
                apogee_km,
            }) => format!(
                "return from {target}, capture into r_p × r_a = {} × {} km",
                thousands(perigee_km, 0),
                thousands(apogee_km, 0)
            ),
            Leg::Return(Arrival::Entry { max_vinf_m_s }) => format!(
                "return from {target}, direct entry at v∞ ≤ {:.1} km/s",
                max_vinf_m_s / 1000.0
            ),
            Leg::Outbound => format!("outbound to {target}, launch v∞ + rendezvous"),
        }
    }

    /// The date axis's description.
    fn departure_desc(&self) -> String {
        match self.leg {
            Leg::Return(_) => format!("departure from {} (UTC date)", self.target),
            Leg::Outbound => "launch from Earth (UTC date)".to_owned(),
        }
    }
}

/// Width of the colour key and legend column, pixels.
const KEY_WIDTH: u32 = 270;
/// Height of the windows strip over the plot, pixels.
const STRIP_HEIGHT: u32 = 44;
/// The plot's outer margin, pixels; the strip uses the same, so both share
/// the date axis pixel for pixel.
const MARGIN: u32 = 20;
/// Width of the y labels' area of the plot and the strip, pixels.
const Y_AREA: u32 = 100;
/// Cells with no transfer.
const NO_TRANSFER: RGBColor = RGBColor(214, 214, 214);
/// The day's best line, drawn in this order: a white core on a black
/// casing, visible on every band and on white.
const BEST_LINE: [(RGBColor, u32); 2] = [(BLACK, 4), (WHITE, 2)];

/// Draws the porkchop `chart` of `scenario` as `porkchop.png` and
/// `porkchop.svg` into `dir` (created if needed), 1200×800 like every
/// chart, and returns its reference for a report.
pub fn render_porkchop(
    chart: &PorkchopChart<'_>,
    scenario: &str,
    dir: &Path,
) -> Result<ChartRef, ChartError> {
    super::prepare(dir)?;
    let pc = chart.porkchop;
    let bands = Bands::new(pc, chart.max_total_dv_m_s);
    let drawing = Drawing {
        chart,
        ticks: date_ticks(pc.first_departure_jd(), pc.best().len()),
        edges: row_edges(pc.flight_days()),
        runs: runs(pc, &bands),
        bands,
        description: chart.description(),
    };
    let mut reference = render(&drawing, scenario, dir)?;
    reference.title = format!("{} — {}", Drawing::TITLE, drawing.description);
    Ok(reference)
}

// ---- the date axis ----

/// Departure dates across: days from the first departure day (cell `d`
/// spans `d − ½ .. d + ½`), ticked at chosen calendar dates.
#[derive(Clone)]
struct DateAxis {
    days: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for DateAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.days.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, _hint: H) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> Range<f64> {
        self.days.range()
    }
}

impl ValueFormatter<f64> for DateAxis {
    /// Unused: the plot's [`Axis`] labels the ticks from [`date_ticks`].
    fn format(_: &f64) -> String {
        String::new()
    }
}

/// The most ticks the date axis takes.
const MAX_DATE_TICKS: usize = 10;

/// Ticks over departure days `0..days` from `first_jd`, as (day, label):
/// month starts every 1, 2, 3 or 6 months (`2031-06`) or year starts every
/// 1, 2, 5 or 10 years (`2031`), the finest giving at most ten ticks; on a
/// span too short for four month starts, every 1, 2, 5, 7 or 14 days
/// (`2031-06-15`), the finest giving at most six.
fn date_ticks(first_jd: f64, days: usize) -> Vec<(f64, String)> {
    let last_jd = first_jd + days.saturating_sub(1) as f64;
    if month_ticks(first_jd, last_jd, 1).len() < 4 {
        let step = [1, 2, 5, 7, 14]
            .into_iter()
            .find(|s| days.div_ceil(*s) <= 6)
            .unwrap_or(28);
        return (0..days)
            .step_by(step)
            .filter_map(|d| {
                let date = Date::from_jd(first_jd + d as f64).ok()?;
                Some((d as f64, date.to_string()))
            })
            .collect();
    }
    [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .map(|months| month_ticks(first_jd, last_jd, months))
        .find(|t| t.len() <= MAX_DATE_TICKS)
        .unwrap_or_default()
}

/// The month starts in `first_jd..=last_jd` whose month count from year 0
/// is a multiple of `months`, as (days from `first_jd`, label).
fn month_ticks(first_jd: f64, last_jd: f64, months: u32) -> Vec<(f64, String)> {
    let Ok(first) = Date::from_jd(first_jd) else {
        return Vec::new();
    };
    let mut ticks = Vec::new();
    let mut index = first.year() * 12 + first.month() as i32 - 1;
    while let Ok(start) = Date::new(index / 12, (index % 12) as u32 + 1, 1) {
        if start.jd() > last_jd {
            break;
        }
        if start.jd() >= first_jd && index % months as i32 == 0 {
            let label = if months >= 12 {
                start.year().to_string()
            } else {
                format!("{}-{:02}", start.year(), start.month())
            };
            ticks.push((start.jd() - first_jd, label));
        }
        index += 1;
    }
    ticks
}

// ---- the colour bands ----

/// Band widths the scale picks from, m/s.
const STEPS_M_S: [f64; 9] = [
    100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 2500.0, 5000.0, 10_000.0,
];
/// The most bands the scale has.
const MAX_BANDS: f64 = 10.0;

/// The colour scale: `count` bands `step` m/s wide from `bottom`; totals
/// at or over the top are left white.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bands {
    bottom: f64,
    step: f64,
    count: usize,
}

/// How a cell is filled.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fill {
    /// Within band `i` of the scale.
    Band(usize),
    /// At or over the scale's top: left white.
    Over,
    /// No transfer.
    Empty,
}

impl Bands {
    /// The scale of `pc`'s grid: from the cheapest cell to 3× the window
    /// limit (3× the cheapest cell without one), kept between the grid's
    /// 10th and 90th percentiles so that neither one band nor none holds
    /// most of the chart; the finest step giving at most ten bands.
    fn new(pc: &Porkchop, limit_m_s: Option<f64>) -> Self {
        let days = pc.best().len();
        let rows = pc.flight_days().len();
        let mut totals: Vec<f64> = (0..days)
            .flat_map(|d| (0..rows).filter_map(move |k| pc.total_dv_m_s(d, k)))
            .collect();
        if totals.is_empty() {
            return Self {
                bottom: 0.0,
                step: STEPS_M_S[3],
                count: 0,
            };
        }
        totals.sort_unstable_by(f64::total_cmp);
        let quantile = |p: f64| totals[((totals.len() - 1) as f64 * p).round() as usize];
        let min = totals[0];
        let wanted = limit_m_s
            .filter(|l| l.is_finite())
            .map_or(3.0 * min, |l| 3.0 * l)
            .clamp(quantile(0.1), quantile(0.9));
        let step = STEPS_M_S
            .into_iter()
            .find(|s| (wanted - min) / s <= MAX_BANDS - 1.0)
            .unwrap_or(STEPS_M_S[STEPS_M_S.len() - 1]);
        let bottom = (min / step).floor() * step;
        let count = ((wanted - bottom) / step).ceil().max(1.0) as usize;
        Self {
            bottom,
            step,
            count,
        }
    }

    /// The fill of a cell of total `total_m_s`.
    fn fill(&self, total_m_s: Option<f64>) -> Fill {
        let Some(total) = total_m_s else {
            return Fill::Empty;
        };
        let i = ((total - self.bottom) / self.step).floor().max(0.0);
        if i < self.count as f64 {
            Fill::Band(i as usize)
        } else {
            Fill::Over
        }
    }

    /// The lower edge of band `i` (the top for `i = count`), km/s.
    fn edge_km_s(&self, i: usize) -> f64 {
        (self.bottom + self.step * i as f64) / 1000.0
    }

    /// A band edge or limit in km/s as the key writes it: two decimals for
    /// a 0.25 km/s step, one otherwise.
    fn label(&self, km_s: f64) -> String {
        if (self.step / 100.0).fract() == 0.0 {
            format!("{km_s:.1}")
        } else {
            format!("{km_s:.2}")
        }
    }

    /// The colour of `fill`.
    fn colour(&self, fill: Fill) -> RGBColor {
        match fill {
            Fill::Band(i) => ramp(if self.count > 1 {
                i as f64 / (self.count - 1) as f64
            } else {
                0.0
            }),
            Fill::Over => WHITE,
            Fill::Empty => NO_TRANSFER,
        }
    }
}

/// Viridis-like ramp from dark violet (cheap, 0) to yellow (1): monotone in
/// lightness, so the bands read in greyscale too.
fn ramp(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let x = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let lerp = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(lerp(a.0, b.0), lerp(a.1, b.1), lerp(a.2, b.2))
}

/// A rectangle of cells: departure days `first..=last` of coarse
/// flight-time row `row`, all filled alike.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    first: usize,
    last: usize,
    row: usize,
    fill: Fill,
}

/// The grid of `pc` as runs of equal fill along each flight-time row,
/// leaving out those over the scale's top.
fn runs(pc: &Porkchop, bands: &Bands) -> Vec<Run> {
    let days = pc.best().len();
    let mut out = Vec::new();
    for row in 0..pc.flight_days().len() {
        let fill = |d: usize| bands.fill(pc.total_dv_m_s(d, row));
        let (mut first, mut current) = (0, fill(0));
        for d in 1..=days {
            let next = (d < days).then(|| fill(d));
            if next == Some(current) {
                continue;
            }
            if current != Fill::Over {
                out.push(Run {
                    first,
                    last: d - 1,
                    row,
                    fill: current,
                });
            }
            if let Some(fill) = next {
                (first, current) = (d, fill);
            }
        }
    }
    out
}

/// The flight-time edges of the coarse rows: halfway between neighbours,
/// the outer ones as far out as the nearest inner one (½ day for a single
/// row).
fn row_edges(flights: &[u32]) -> Vec<f64> {
    let f: Vec<f64> = flights.iter().map(|&t| f64::from(t)).collect();
    let n = f.len();
    let outer = |a: usize, b: usize| if n > 1 { (f[b] - f[a]) / 2.0 } else { 0.5 };
    let mut edges = Vec::with_capacity(n + 1);
    if n > 0 {
        edges.push(f[0] - outer(0, 1.min(n - 1)));
        edges.extend(f.windows(2).map(|w| (w[0] + w[1]) / 2.0));
        edges.push(f[n - 1] + outer(n.saturating_sub(2), n - 1));
    }
    edges
}

// ---- drawing ----

/// A porkchop ready to draw: the chart, its date ticks, row edges, colour
/// scale and cell runs, computed once for both PNG and SVG.
struct Drawing<'a> {
    chart: &'a PorkchopChart<'a>,
    ticks: Vec<(f64, String)>,
    edges: Vec<f64>,
    runs: Vec<Run>,
    bands: Bands,
    description: String,
}

/// The main plot's coordinates: departure day across, flight days up.
type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<DateAxis, RangedCoordf64>>;

impl Chart for Drawing<'_> {
    const STEM: &'static str = "porkchop";
    const TITLE: &'static str = "porkchop";

    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, title: &str) -> Drawn {
        let body = canvas(area, &format!("{title} — {}", self.description))?;
        let (width, _) = body.dim_in_pixel();
        let (main, key) = body.split_horizontally(width - KEY_WIDTH);
        let (strip, plot) = main.split_vertically(STRIP_HEIGHT);
        self.draw_strip(&strip)?;
        let mut chart = self.plot(&plot)?;
        let cells = self.runs.iter().map(|r| {
            let (y0, y1) = (self.edges[r.row], self.edges[r.row + 1]);
            let (x0, x1) = (r.first as f64 - 0.5, r.last as f64 + 0.5);
            Rectangle::new([(x0, y0), (x1, y1)], self.bands.colour(r.fill).filled())
        });
        chart.draw_series(cells).map_err(drawing)?;
        for line in best_lines(self.chart.porkchop) {
            for (colour, width) in BEST_LINE {
                chart
                    .draw_series(LineSeries::new(line.clone(), colour.stroke_width(width)))
                    .map_err(drawing)?;
            }
            if let [point] = line[..] {
                let dot = EmptyElement::at(point)
                    + Circle::new((0, 0), 3, WHITE.filled())
                    + Circle::new((0, 0), 3, BLACK.stroke_width(1));
                chart.draw_series([dot]).map_err(drawing)?;
            }
        }
        self.draw_best_of_windows(&mut chart)?;
        if self.chart.porkchop.best().iter().all(Option::is_none) {
            let message = "No transfer departs in this span";
            super::note(&chart.plotting_area().strip_coord_spec(), message)?;
        }
        self.draw_key(&key)
    }
}

impl Drawing<'_> {
    /// The date axis over the porkchop's departure days.
    fn date_axis(&self) -> DateAxis {
        let days = self.chart.porkchop.best().len() as f64;
        DateAxis {
            days: (-0.5..days - 0.5).into(),
            ticks: self.ticks.iter().map(|t| t.0).collect(),
        }
    }

    /// The main plot on `area`: date axis across, flight time up.
    fn plot<'a, DB: DrawingBackend>(&self, area: &'a Area<DB>) -> Result<Plot<'a, DB>, String> {
        let label = |x: &f64| {
            self.ticks
                .iter()
                .find(|t| (t.0 - x).abs() < 1e-6)
                .map(|t| t.1.clone())
                .unwrap_or_default()
        };
        let (y0, y1) = match (self.edges.first(), self.edges.last()) {
            (Some(&lo), Some(&hi)) => (lo, hi),
            _ => (0.0, 1.0),
        };
        Axes::new(
            Axis::new(label)
                .desc(self.chart.departure_desc())
                .ticks(self.ticks.len())
                .no_grid(),
            Axis::new(|y: &f64| format!("{y:.0}"))
                .desc("flight time (days)")
                .no_grid(),
        )
        .room(MARGIN, 70, Y_AREA)
        .draw(area, self.date_axis(), y0..y1)
    }

    /// The strip over the plot: each window's departure days as a bar, on
    /// the plot's date axis.
    fn draw_strip<DB: DrawingBackend>(&self, area: &Area<DB>) -> Drawn {
        let mut strip = ChartBuilder::on(area)
            .margin_left(MARGIN)
            .margin_right(MARGIN)
            .margin_top(10)
            .y_label_area_size(Y_AREA)
            .build_cartesian_2d(self.date_axis(), 0.0..1.0)
            .map_err(drawing)?;
        let first = self.chart.porkchop.first_departure_jd();
        let days = self.chart.porkchop.best().len() as f64;
        // At least 2 pixels wide for a one-day window.
        let min_width = days / 400.0;
        let bars = self.chart.windows.iter().map(|w| {
            let (a, b) = (w.open_jd - first - 0.5, w.close_jd - first + 0.5);
            let pad = ((min_width - (b - a)) / 2.0).max(0.0);
            [(a - pad, 0.0), (b + pad, 1.0)]
        });
        for style in [ACCENT.filled(), BLACK.stroke_width(1)] {
            strip
                .draw_series(bars.clone().map(|corners| Rectangle::new(corners, style)))
                .map_err(drawing)?;
        }
        let (_, h) = area.dim_in_pixel();
        let outbound = self.chart.leg == Leg::Outbound;
        let label = match (self.chart.windows.is_empty(), self.chart.max_total_dv_m_s) {
            (false, _) if outbound => "launch",
            (false, _) => "windows",
            (true, Some(_)) => "no window",
            (true, None) => return Ok(()),
        };
        area.draw(&Text::new(
            label,
            ((MARGIN + Y_AREA - 10) as i32, (h as i32 + 10) / 2),
            style::anchored(HPos::Right, VPos::Center),
        ))
        .map_err(drawing)
    }
}

/// The day's best transfer as lines of (departure day, flight days), broken
/// where no transfer departs and where the best jumps by more than two
/// coarse steps (to another revolution count or branch).
fn best_lines(pc: &Porkchop) -> Vec<Vec<(f64, f64)>> {
    let f = pc.flight_days();
    let jump = 2 * f.get(1).map_or(8, |&second| second - f[0]);
    let mut lines: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut previous: Option<u32> = None;
    for (day, best) in pc.best().iter().enumerate() {
        let Some(t) = best else {
            previous = None;
            continue;
        };
        if previous.is_none_or(|p| p.abs_diff(t.flight_days) > jump) {
            lines.push(Vec::new());
        }
        if let Some(line) = lines.last_mut() {
            line.push((day as f64, f64::from(t.flight_days)));
        }
        previous = Some(t.flight_days);
    }
    lines
}

/// A label's box, pixels from its point: left, top, right, bottom.
type LabelBox = (i32, i32, i32, i32);

/// Whether two boxes overlap.
fn overlap(a: LabelBox, b: LabelBox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// A window's label: its point (plot coordinates), its box (pixels from
/// the point) and its two lines, the Δv and the date.
struct Label {
    point: (f64, f64),
    offset: LabelBox,
    lines: [String; 2],
    line_height: i32,
}

impl Drawing<'_> {
    /// Where the cheapest transfer of window `w` lies on the plot.
    fn point(&self, w: &Window) -> (f64, f64) {
        let first = self.chart.porkchop.first_departure_jd();
        (w.best.departure_jd - first, f64::from(w.best.flight_days))
    }

    /// The labels of the windows' cheapest transfers that fit: each beside
    /// its point (right or left, above or below, the first that fits),
    /// inside the plot, covering no other label nor point; the cheapest
    /// windows are placed first.
    fn place_labels<DB: DrawingBackend>(&self, chart: &Plot<'_, DB>) -> Result<Vec<Label>, String> {
        let windows = self.chart.windows;
        let pixels: Vec<(i32, i32)> = windows
            .iter()
            .map(|w| chart.backend_coord(&self.point(w)))
            .collect();
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let inside = |b: LabelBox| {
            xs.contains(&b.0) && xs.contains(&b.2) && ys.contains(&b.1) && ys.contains(&b.3)
        };
        let mut taken: Vec<LabelBox> = pixels
            .iter()
            .map(|&(x, y)| (x - 9, y - 9, x + 9, y + 9))
            .collect();
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by(|&a, &b| {
            windows[a]
                .best
                .total_dv_m_s
                .total_cmp(&windows[b].best.total_dv_m_s)
        });
        let font = TextStyle::from(style::tick_font());
        let mut labels = Vec::new();
        for i in order {
            let best = &windows[i].best;
            let lines = [
                format!("{:.2} km/s", best.total_dv_m_s / 1000.0),
                Date::from_jd(best.departure_jd).map_or_else(|_| String::new(), |d| d.to_string()),
            ];
            let mut size = (0, 0);
            for line in &lines {
                let (w, h) = chart
                    .plotting_area()
                    .estimate_text_size(line, &font)
                    .map_err(drawing)?;
                size = (size.0.max(w as i32), h as i32);
            }
            let (w, h) = (size.0 + 10, 2 * size.1 + 12);
            let (x, y) = pixels[i];
            let spot = [(12, -h - 6), (12, 6), (-12 - w, -h - 6), (-12 - w, 6)]
                .into_iter()
                .map(|(dx, dy)| (x + dx, y + dy, x + dx + w, y + dy + h))
                .find(|&b| inside(b) && taken.iter().all(|&t| !overlap(b, t)));
            if let Some(b) = spot {
                taken.push(b);
                labels.push(Label {
                    point: self.point(&windows[i]),
                    offset: (b.0 - x, b.1 - y, b.2 - x, b.3 - y),
                    lines,
                    line_height: size.1,
                });
            }
        }
        Ok(labels)
    }

    /// Each window's cheapest transfer as a ringed point, with its label
    /// where one fits ([`Drawing::place_labels`]).
    fn draw_best_of_windows<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>) -> Drawn {
        let labels = self.place_labels(chart)?;
        chart
            .draw_series(self.chart.windows.iter().map(|w| {
                EmptyElement::at(self.point(w))
                    + Circle::new((0, 0), 7, WHITE.filled())
                    + Circle::new((0, 0), 7, BLACK.stroke_width(2))
            }))
            .map_err(drawing)?;
        chart
            .draw_series(labels.into_iter().map(|label| {
                let (l, t, r, b) = label.offset;
                let [value, date] = label.lines;
                EmptyElement::at(label.point)
                    + Rectangle::new([(l, t), (r, b)], WHITE.mix(0.85).filled())
                    + Rectangle::new([(l, t), (r, b)], BLACK.stroke_width(1))
                    + Text::new(value, (l + 5, t + 4), style::tick_font())
                    + Text::new(date, (l + 5, t + 8 + label.line_height), style::tick_font())
            }))
            .map_err(drawing)?;
        Ok(())
    }

    /// The colour key (a box per band with its range in km/s, the boxes
    /// over the top and without a transfer, the window limit marked) and
    /// the legend of the lines and marks, down `area`.
    fn draw_key<DB: DrawingBackend>(&self, area: &Area<DB>) -> Drawn {
        let bands = &self.bands;
        let n = bands.count;
        area.draw(&Text::new("total Δv, km/s", (14, 14), style::label_font()))
            .map_err(drawing)?;
        let h = (400 / (n as i32 + 2)).min(34);
        let (x0, x1, top) = (60, 100, 54);
        let mut entries: Vec<(Fill, String)> = Vec::new();
        if n > 0 {
            entries.push((Fill::Over, format!("≥ {}", bands.label(bands.edge_km_s(n)))));
        }
        entries.extend((0..n).rev().map(|i| {
            let range = format!(
                "{} – {}",
                bands.label(bands.edge_km_s(i)),
                bands.label(bands.edge_km_s(i + 1))
            );
            (Fill::Band(i), range)
        }));
        if self.runs.iter().any(|r| r.fill == Fill::Empty) {
            entries.push((Fill::Empty, "no transfer".to_owned()));
        }
        for (j, (fill, text)) in entries.iter().enumerate() {
            let y = top + j as i32 * h;
            let corners = [(x0, y), (x1, y + h)];
            area.draw(&Rectangle::new(corners, bands.colour(*fill).filled()))
                .map_err(drawing)?;
            area.draw(&Rectangle::new(corners, BLACK.stroke_width(1)))
                .map_err(drawing)?;
            let anchor = style::anchored(HPos::Left, VPos::Center);
            area.draw(&Text::new(text.as_str(), (x1 + 8, y + h / 2), anchor))
                .map_err(drawing)?;
        }
        if let Some(limit) = self.chart.max_total_dv_m_s.map(|l| l / 1000.0) {
            let level = (limit - bands.edge_km_s(0)) / (bands.step / 1000.0);
            if n > 0 && (0.0..=n as f64).contains(&level) {
                let y = top + ((n as f64 + 1.0 - level) * f64::from(h)).round() as i32;
                area.draw(&PathElement::new(
                    vec![(x0 - 6, y), (x1 + 4, y)],
                    ACCENT.stroke_width(4),
                ))
                .map_err(drawing)?;
                let anchor = style::anchored(HPos::Right, VPos::Center);
                area.draw(&Text::new("limit", (x0 - 8, y), anchor))
                    .map_err(drawing)?;
            }
        }
        self.draw_legend(area, top + entries.len() as i32 * h + 30)
    }

    /// The legend of the day's best line, the window bars and the windows'
    /// cheapest points, from height `y` down `area`.
    fn draw_legend<DB: DrawingBackend>(&self, area: &Area<DB>, y: i32) -> Drawn {
        let (x0, x1) = (14, 54);
        let anchor = style::anchored(HPos::Left, VPos::Center);
        // An outbound chart marks the scenario's launch, not windows.
        let (window, best) = match (self.chart.leg, self.chart.max_total_dv_m_s) {
            (Leg::Outbound, _) => ("launch date".to_owned(), "the scenario's launch"),
            (_, Some(l)) => (
                format!("window ≤ {} km/s", self.bands.label(l / 1000.0)),
                "cheapest in window",
            ),
            (_, None) => ("window".to_owned(), "cheapest in window"),
        };
        let mut texts = vec!["day's best transfer".to_owned()];
        if self.chart.max_total_dv_m_s.is_some() || !self.chart.windows.is_empty() {
            texts.extend([window, best.to_owned()]);
        }
        for (i, text) in texts.into_iter().enumerate() {
            let y = y + 34 * i as i32;
            area.draw(&Text::new(text, (x1 + 8, y), anchor.clone()))
                .map_err(drawing)?;
            match i {
                0 => {
                    for (colour, width) in BEST_LINE {
                        area.draw(&PathElement::new(
                            vec![(x0, y), (x1, y)],
                            colour.stroke_width(width),
                        ))
                        .map_err(drawing)?;
                    }
                }
                1 => {
                    let corners = [(x0, y - 9), (x1, y + 9)];
                    area.draw(&Rectangle::new(corners, ACCENT.filled()))
                        .map_err(drawing)?;
                    area.draw(&Rectangle::new(corners, BLACK.stroke_width(1)))
                        .map_err(drawing)?;
                }
                _ => {
                    let centre = ((x0 + x1) / 2, y);
                    area.draw(&Circle::new(centre, 7, WHITE.filled()))
                        .map_err(drawing)?;
                    area.draw(&Circle::new(centre, 7, BLACK.stroke_width(2)))
                        .map_err(drawing)?;
                }
            }
        }
        Ok(())
    }
}
