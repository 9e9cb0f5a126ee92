//! Mission geometry from a real orbit: two panels over the mission days
//! since launch, sharing their x axis. Top: the target's Earth distance
//! with the one-way light time on the right (the same curve: light time is
//! distance × 499.004784 s/au). Bottom: its Sun distance with the array
//! power available at that distance on the right. Both panels shade solar
//! conjunctions and departure windows and mark the arrival, the departures
//! with their cargo and the horizon; calendar years and months run along
//! the top.

use super::style::{self, ACCENT, ALERT, GREY, INK};
use super::{Area, Chart, ChartError, Drawn, Plot, canvas, drawing, note, prepare, render};
use crate::orbit::date::Date;
use crate::orbit::geometry::GeometryDay;
use crate::orbit::light_time_min;
use crate::report::document::ChartRef;
use crate::report::format::thousands;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::ops::Range;
use std::path::Path;

/// What the geometry chart shows, every day counted in mission days from
/// launch (day 0).
#[derive(Debug, Clone, PartialEq)]
pub struct GeometryChart {
    /// The target's name as the title shows it (e.g. `Bennu`).
    pub target: String,
    /// The launch date: mission day 0.
    pub launch: Date,
    /// The geometry of every mission day from day 0: `days[k]` is mission
    /// day k (`days[0].date` is `launch`).
    pub days: Vec<GeometryDay>,
    /// Array output at 1 au, kW: the power shown on a day is
    /// `array_kw_1au / r²` at its Sun distance r, before dust and
    /// degradation.
    pub array_kw_1au: f64,
    /// The mission day operations start at the target, if it was reached.
    pub arrival_day: Option<f64>,
    /// Departure windows: (open day, close day), both included, so each is
    /// shaded from the start of its open day to the end of its close day.
    pub windows: Vec<(f64, f64)>,
    /// Departures of the representative replication: (mission day, cargo kg).
    pub departures: Vec<(f64, f64)>,
    /// The mission day the simulation stops at.
    pub horizon_day: f64,
}

/// Colour of a departure window's shading.
const WINDOW: RGBColor = RGBColor(60, 150, 90);
/// Opacity of a window's shading.
const WINDOW_ALPHA: f64 = 0.3;
/// Opacity of a conjunction's (grey) shading.
const CONJUNCTION_ALPHA: f64 = 0.4;
/// Width of the left and right axis areas, px.
const Y_AREA: u32 = 95;
/// Margin left and right of a panel, px.
const SIDE_MARGIN: u32 = 15;
/// Margin above or below a panel's plot where it has no axis, px.
const GAP: u32 = 8;
/// Margin beyond an axis area above or below a panel, px.
const EDGE: u32 = 4;
/// Height of the calendar axis over the top panel, px.
const DATE_AREA: u32 = 38;
/// Height of the mission-day axis under the bottom panel, px.
const DAY_AREA: u32 = 62;
/// Height of a row of the legend under the panels, px.
const LEGEND_ROW: u32 = 28;
/// Left and right margin of the legend, px.
const LEGEND_INDENT: u32 = 20;
/// Width of a legend key, px.
const KEY_WIDTH: u32 = 26;
/// Height of one row of event labels, px.
const LABEL_ROW: u32 = 24;

/// A legend key: how an entry is drawn.
enum Key {
    /// A solid line.
    Line(ShapeStyle),
    /// A dashed line.
    Dashed(ShapeStyle),
    /// A translucent fill, as the shading.
    Fill(RGBAColor),
}

/// A labelled mark across both panels: day, label.
type Event = (f64, String);

impl GeometryChart {
    /// The last mission day shown: 1% past the horizon or the table's last
    /// day, whichever is later, so a line there clears the frame.
    fn x_max(&self) -> f64 {
        let last = self.days.len().saturating_sub(1) as f64;
        self.horizon_day.max(last).max(1.0) * 1.01
    }

    /// The runs of conjunction days, each from the start of its first day
    /// to the end of its last.
    fn conjunctions(&self) -> Vec<(f64, f64)> {
        let mut runs: Vec<(f64, f64)> = Vec::new();
        for (k, day) in self.days.iter().enumerate() {
            if !day.conjunction {
                continue;
            }
            let k = k as f64;
            match runs.last_mut() {
                Some(run) if run.1 == k => run.1 = k + 1.0,
                _ => runs.push((k, k + 1.0)),
            }
        }
        runs
    }

    /// Array power at `r` au from the Sun, kW.
    fn power_kw(&self, r: f64) -> f64 {
        self.array_kw_1au / (r * r)
    }

    /// The arrival, each departure with its cargo and the horizon, by day.
    fn events(&self) -> Vec<Event> {
        let mut events: Vec<Event> = self
            .arrival_day
            .map(|d| (d, "arrival".to_owned()))
            .into_iter()
            .chain(self.departures.iter().enumerate().map(|(i, &(d, kg))| {
                (
                    d,
                    format!("return {}: {} t", i + 1, thousands(kg / 1000.0, 1)),
                )
            }))
            .chain([(self.horizon_day, "horizon".to_owned())])
            .collect();
        events.sort_by(|a, b| a.0.total_cmp(&b.0));
        events
    }

    /// The legend: the curves, then what is shaded and marked.
    fn legend(&self) -> Vec<(String, Key)> {
        let conjunction = if self.conjunctions().is_empty() {
            "solar conjunction: none in this span"
        } else {
            "solar conjunction (no contact)"
        };
        let power = format!(
            "array power at r: {} kW at 1 au, before dust and degradation",
            style::si(self.array_kw_1au)
        );
        let mut entries = vec![
            (
                "Earth distance (top), Sun distance r (bottom)".to_owned(),
                Key::Line(INK.stroke_width(3)),
            ),
            (power, Key::Line(ACCENT.stroke_width(3))),
            (
                conjunction.to_owned(),
                Key::Fill(GREY.mix(CONJUNCTION_ALPHA)),
            ),
        ];
        if !self.windows.is_empty() {
            let fill = Key::Fill(WINDOW.mix(WINDOW_ALPHA));
            entries.push(("departure window".to_owned(), fill));
        }
        if !self.departures.is_empty() {
            let line = Key::Dashed(departure_style());
            entries.push(("departure, with its cargo".to_owned(), line));
        }
        if self.arrival_day.is_some() {
            let line = Key::Line(BLACK.stroke_width(2));
            entries.push(("arrival (operations start)".to_owned(), line));
        }
        entries.push(("horizon".to_owned(), Key::Dashed(horizon_style())));
        entries
    }
}

/// A departure's line.
fn departure_style() -> ShapeStyle {
    ALERT.stroke_width(3)
}

/// The horizon's line.
fn horizon_style() -> ShapeStyle {
    BLACK.stroke_width(2)
}

/// Calendar ticks over mission days 0 to `x_max` from `launch`: the first
/// day of every month, or of every 2, 3, 6, 12 or 24 months, the least
/// that keeps at most 16 ticks; a January reads as its year, any other
/// month as its short name.
fn calendar_ticks(launch: Date, x_max: f64) -> Vec<(f64, String)> {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let months = |step: i32| {
        let first = launch.year() * 12 + launch.month() as i32 - 1;
        (first.div_euclid(step)..)
            .map_while(move |n| {
                let m = n * step;
                let date = Date::new(m / 12, (m % 12 + 1) as u32, 1).ok()?;
                let day = launch.days_until(date) as f64;
                (day <= x_max).then_some((day, date))
            })
            .filter(|&(day, _)| day >= 0.0)
            .collect::<Vec<_>>()
    };
    let ticks = [1, 2, 3, 6, 12, 24]
        .into_iter()
        .map(months)
        .find(|t| t.len() <= 16)
        .unwrap_or_else(|| months(60));
    ticks
        .into_iter()
        .map(|(day, date)| {
            let label = match date.month() {
                1 => date.year().to_string(),
                m => NAMES[m as usize - 1].to_owned(),
            };
            (day, label)
        })
        .collect()
}

/// Mission days 0 to `x_max` as an axis ticked and labelled by the
/// calendar (see [`calendar_ticks`]).
struct Calendar {
    /// The mission days.
    days: RangedCoordf64,
    /// (mission day, label) of every tick.
    ticks: Vec<(f64, String)>,
}

impl Calendar {
    /// The calendar axis of mission days 0 to `x_max` after `launch`.
    fn new(launch: Date, x_max: f64) -> Self {
        Self {
            days: (0.0..x_max).into(),
            ticks: calendar_ticks(launch, x_max),
        }
    }
}

impl Ranged for Calendar {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.days.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.iter().map(|t| t.0).collect()
    }

    fn range(&self) -> Range<f64> {
        self.days.range()
    }
}

impl ValueFormatter<f64> for Calendar {
    /// The label of the tick nearest `value`.
    fn format_ext(&self, value: &f64) -> String {
        self.ticks
            .iter()
            .min_by(|a, b| (a.0 - value).abs().total_cmp(&(b.0 - value).abs()))
            .map(|t| t.1.clone())
            .unwrap_or_default()
    }
}

/// Rows for labels so none overlaps another: each label, given as the
/// pixel position of its line and its width, sits right of its line, or
/// left of it where it would pass `width`, the plot's right edge. Returns
/// (pixel left edge, row) per label; labels come in the order of their lines.
fn label_rows(labels: &[(f64, f64)], width: f64) -> Vec<(f64, usize)> {
    let mut row_ends: Vec<f64> = Vec::new();
    labels
        .iter()
        .map(|&(x, w)| {
            let left = if x + 6.0 + w <= width {
                x + 6.0
            } else {
                x - 6.0 - w
            };
            let row = row_ends
                .iter()
                .position(|&end| end + 10.0 <= left)
                .unwrap_or(row_ends.len());
            if row == row_ends.len() {
                row_ends.push(left + w);
            } else {
                row_ends[row] = left + w;
            }
            (left, row)
        })
        .collect()
}

/// The labels of the arrival, departures and horizon, laid out in rows
/// at the top of the top panel (in pixels of its plot).
struct EventLabels {
    /// (text, left edge, width, row) of each label, and whether another
    /// event's line crosses it.
    labels: Vec<(String, f64, f64, usize, bool)>,
    /// The plot's width and height.
    plot: (f64, f64),
}

impl EventLabels {
    /// The labels of `chart`'s events on the top panel `area` (laid out as
    /// [`builder`] with the calendar axis above and no axis below).
    fn new<DB: DrawingBackend>(chart: &GeometryChart, area: &Area<DB>) -> Self {
        let (w, h) = area.dim_in_pixel();
        let plot = (
            f64::from(w.saturating_sub(2 * (Y_AREA + SIDE_MARGIN))).max(1.0),
            f64::from(h.saturating_sub(EDGE + DATE_AREA + GAP)).max(1.0),
        );
        let events = chart.events();
        let x_max = chart.x_max();
        let sized: Vec<(f64, f64)> = events
            .iter()
            .map(|(day, text)| {
                let w = text_width(area, text).map_or(0.0, f64::from);
                (day / x_max * plot.0, w)
            })
            .collect();
        let rows = label_rows(&sized, plot.0);
        let crossed = |(left, w): (f64, f64)| {
            let span = left - 3.0..=left + w + 3.0;
            sized.iter().any(|l| span.contains(&l.0))
        };
        let labels = events
            .into_iter()
            .zip(&sized)
            .zip(rows)
            .map(|(((_, text), &(_, w)), (left, row))| (text, left, w, row, crossed((left, w))))
            .collect();
        Self { labels, plot }
    }

    /// The share of the plot's height the rows take, from the top.
    fn headroom(&self) -> f64 {
        let rows = self.labels.iter().map(|l| l.3 + 1).max().unwrap_or(0) as u32;
        (f64::from(rows * LABEL_ROW + 8) / self.plot.1).min(0.7)
    }

    /// Draws the labels on `chart`, whose axes run to `x_max` and `top`; a
    /// label another event's line crosses goes on a white box.
    fn draw<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, x_max: f64, top: f64) -> Drawn {
        let x = |px: f64| px / self.plot.0 * x_max;
        let y = |px: u32| top * (1.0 - f64::from(px) / self.plot.1);
        for (text, left, w, row, crossed) in &self.labels {
            let row_top = *row as u32 * LABEL_ROW + 3;
            if *crossed {
                let (a, b) = (x(left - 3.0), x(left + w + 3.0));
                let white = Rectangle::new([(a, y(row_top)), (b, y(row_top + 21))], WHITE.filled());
                chart.draw_series([white]).map_err(drawing)?;
            }
            let style = style::anchored(HPos::Left, VPos::Top);
            let label = Text::new(text.clone(), (x(*left), y(row_top + 2)), style);
            chart.draw_series([label]).map_err(drawing)?;
        }
        Ok(())
    }
}

/// The two-panel geometry chart.
struct Geometry<'a>(&'a GeometryChart);

impl Chart for Geometry<'_> {
    const STEM: &'static str = "geometry";
    const TITLE: &'static str = "mission geometry";

    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, title: &str) -> Drawn {
        let c = self.0;
        let title = format!("{title} — {}, launch {}", c.target, c.launch);
        let body = canvas(area, &title)?;
        if c.days.is_empty() {
            return note(&body, "No orbit geometry to show");
        }
        let (w, h) = body.dim_in_pixel();
        let entries = c.legend();
        let widths = entries
            .iter()
            .map(|(label, _)| text_width(&body, label))
            .collect::<Result<Vec<_>, _>>()?;
        let places = legend_layout(&widths, w);
        let legend_h = places.last().map_or(0, |p| p.1) + LEGEND_ROW + 6;
        let (panels, legend) = body.split_vertically(h.saturating_sub(legend_h));
        let top_h = (panels.dim_in_pixel().1 + DATE_AREA - DAY_AREA) / 2;
        let (top, bottom) = panels.split_vertically(top_h);
        c.draw_earth(&top)?;
        c.draw_sun(&bottom)?;
        draw_legend(&legend, &entries, &places)
    }
}

impl GeometryChart {
    /// The top panel: Earth distance, light time on the right, the shading
    /// and marks, and the event labels in a band of headroom at the top.
    fn draw_earth<DB: DrawingBackend>(&self, area: &Area<DB>) -> Drawn {
        let x_max = self.x_max();
        let labels = EventLabels::new(self, area);
        let max = self
            .days
            .iter()
            .map(|d| d.earth_distance_au)
            .fold(0.0, f64::max);
        let top = max.max(1e-3) * 1.04 / (1.0 - labels.headroom());
        let mut chart = builder(area, DATE_AREA, 0)
            .build_cartesian_2d(0.0..x_max, 0.0..top)
            .map_err(drawing)?
            .set_secondary_coord(Calendar::new(self.launch, x_max), 0.0..light_time_min(top));
        mesh(&mut chart, "Earth distance Δ (au)", INK)?;
        chart
            .configure_secondary_axes()
            .y_label_formatter(&style::si_label)
            .y_desc("One-way light time (min)")
            .label_style(style::tick_font())
            .axis_desc_style(style::label_font().color(&INK))
            .draw()
            .map_err(drawing)?;
        self.draw_marks(&mut chart, 0.0..top)?;
        chart
            .draw_series(LineSeries::new(
                self.days
                    .iter()
                    .enumerate()
                    .map(|(k, d)| (k as f64, d.earth_distance_au)),
                INK.stroke_width(3),
            ))
            .map_err(drawing)?;
        labels.draw(&mut chart, x_max, top)
    }

    /// The bottom panel: Sun distance, the array power on the right, the
    /// shading and marks, and the mission-day axis.
    fn draw_sun<DB: DrawingBackend>(&self, area: &Area<DB>) -> Drawn {
        let x_max = self.x_max();
        let r = |d: &GeometryDay| d.sun_distance_au;
        let lo = self.days.iter().map(r).fold(f64::MAX, f64::min);
        let hi = self.days.iter().map(r).fold(f64::MIN, f64::max);
        let (lo, hi) = style::padded(lo, hi);
        let (p_lo, p_hi) = style::padded(self.power_kw(hi), self.power_kw(lo));
        let mut chart = builder(area, 0, DAY_AREA)
            .build_cartesian_2d(0.0..x_max, lo..hi)
            .map_err(drawing)?
            .set_secondary_coord(0.0..x_max, p_lo..p_hi);
        mesh(&mut chart, "Sun distance r (au)", INK)?;
        chart
            .configure_secondary_axes()
            .y_label_formatter(&style::si_label)
            .y_desc("Array power at r (kW)")
            .label_style(style::tick_font())
            .axis_desc_style(style::label_font().color(&ACCENT))
            .draw()
            .map_err(drawing)?;
        self.draw_marks(&mut chart, lo..hi)?;
        let days = || self.days.iter().enumerate().map(|(k, d)| (k as f64, d));
        chart
            .draw_series(LineSeries::new(
                days().map(|(k, d)| (k, r(d))),
                INK.stroke_width(3),
            ))
            .map_err(drawing)?;
        chart
            .draw_secondary_series(LineSeries::new(
                days().map(|(k, d)| (k, self.power_kw(r(d)))),
                ACCENT.stroke_width(3),
            ))
            .map_err(drawing)?;
        Ok(())
    }

    /// Shades the conjunctions and windows over `y` and draws the lines of
    /// the arrival, the departures and the horizon.
    fn draw_marks<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, y: Range<f64>) -> Drawn {
        let band = |(a, b): (f64, f64), colour: RGBAColor| {
            Rectangle::new([(a, y.start), (b, y.end)], colour.filled())
        };
        let conjunction = GREY.mix(CONJUNCTION_ALPHA);
        let window = WINDOW.mix(WINDOW_ALPHA);
        chart
            .draw_series(
                self.conjunctions()
                    .into_iter()
                    .map(|c| band(c, conjunction)),
            )
            .map_err(drawing)?;
        chart
            .draw_series(
                self.windows
                    .iter()
                    .map(|&(open, close)| band((open, close + 1.0), window)),
            )
            .map_err(drawing)?;
        let vline = |x: f64| vec![(x, y.start), (x, y.end)];
        if let Some(d) = self.arrival_day {
            chart
                .draw_series(LineSeries::new(vline(d), BLACK.stroke_width(2)))
                .map_err(drawing)?;
        }
        for &(d, _) in &self.departures {
            chart
                .draw_series(DashedLineSeries::new(vline(d), 10, 6, departure_style()))
                .map_err(drawing)?;
        }
        chart
            .draw_series(DashedLineSeries::new(
                vline(self.horizon_day),
                4,
                4,
                horizon_style(),
            ))
            .map_err(drawing)?;
        Ok(())
    }
}

/// A panel's builder: both y axes, `top` px of calendar axis above and
/// `bottom` px of mission-day axis below.
fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a Area<DB>,
    top: u32,
    bottom: u32,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    let margin = |axis: u32| if axis == 0 { GAP } else { EDGE };
    b.margin_left(SIDE_MARGIN)
        .margin_right(SIDE_MARGIN)
        .margin_top(margin(top))
        .margin_bottom(margin(bottom))
        .set_label_area_size(LabelAreaPosition::Top, top)
        .set_label_area_size(LabelAreaPosition::Bottom, bottom)
        .set_label_area_size(LabelAreaPosition::Left, Y_AREA)
        .set_label_area_size(LabelAreaPosition::Right, Y_AREA);
    b
}

/// Draws the primary axes and grid of a panel: the left axis described as
/// `y_desc` in `colour`, mission days along the bottom (where the panel
/// has room for them).
fn mesh<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, y_desc: &str, colour: RGBColor) -> Drawn {
    chart
        .configure_mesh()
        .x_desc("Mission day (days since launch)")
        .y_desc(y_desc)
        .x_label_formatter(&|x| thousands(*x, 0))
        .y_label_formatter(&style::si_label)
        .label_style(style::tick_font())
        .axis_desc_style(style::label_font().color(&colour))
        .max_light_lines(1)
        .draw()
        .map_err(drawing)
}

/// The width of `text` in the tick font on `area`, px.
fn text_width<DB: DrawingBackend>(area: &Area<DB>, text: &str) -> Result<u32, String> {
    area.estimate_text_size(text, &style::tick_font().into())
        .map(|s| s.0)
        .map_err(drawing)
}

/// Where the legend's entries go in a strip `width` px wide, given their
/// labels' `widths`: the (x, y) of each key, left to right in rows.
fn legend_layout(widths: &[u32], width: u32) -> Vec<(u32, u32)> {
    let (mut x, mut y) = (LEGEND_INDENT, 4);
    widths
        .iter()
        .map(|&w| {
            let need = KEY_WIDTH + 8 + w;
            if x > LEGEND_INDENT && x + need > width.saturating_sub(LEGEND_INDENT) {
                (x, y) = (LEGEND_INDENT, y + LEGEND_ROW);
            }
            let place = (x, y);
            x += need + 32;
            place
        })
        .collect()
}

/// Draws `entries` on `area` at `places` (see [`legend_layout`]).
fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    entries: &[(String, Key)],
    places: &[(u32, u32)],
) -> Drawn {
    for ((label, key), &(x, y)) in entries.iter().zip(places) {
        let (x, y) = (x as i32, y as i32);
        let (end, mid) = (x + KEY_WIDTH as i32, y + 10);
        let segment = |a: i32, b: i32, line: &ShapeStyle| {
            area.draw(&PathElement::new(vec![(a, mid), (b, mid)], *line))
        };
        match key {
            Key::Line(line) => segment(x, end, line),
            Key::Dashed(line) => segment(x, x + 10, line).and_then(|()| segment(x + 16, end, line)),
            Key::Fill(fill) => area.draw(&Rectangle::new([(x, y), (end, y + 20)], fill.filled())),
        }
        .map_err(drawing)?;
        let text = Text::new(label.clone(), (end + 8, y + 1), style::tick_font());
        area.draw(&text).map_err(drawing)?;
    }
    Ok(())
}

/// Draws `chart` of `scenario` as `charts/geometry.png` and `.svg` in `dir`
/// (created if needed) and returns its reference for the report.
pub fn render_geometry(
    chart: &GeometryChart,
    scenario: &str,
    dir: &Path,
) -> Result<ChartRef, ChartError> {
    prepare(dir)?;
    render(&Geometry(chart), scenario, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn calendar_ticks_fall_on_month_starts_and_name_years_in_january() {
        let launch = date("2031-06-15");
        let ticks = calendar_ticks(launch, 2190.0);
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        let want = [
            "Jul", "2032", "Jul", "2033", "Jul", "2034", "Jul", "2035", "Jul", "2036", "Jul",
            "2037",
        ];
        assert_eq!(labels, want);
        assert_eq!((ticks[0].0, ticks[1].0), (16.0, 200.0));
        let years = calendar_ticks(launch, 3300.0);
        assert!(years.iter().all(|t| t.1.starts_with("20")), "{years:?}");
        let months = calendar_ticks(launch, 100.0);
        assert_eq!(months[0], (16.0, "Jul".to_owned()));
        assert_eq!(months.len(), 3);
        let on_a_month_start = calendar_ticks(date("2032-01-01"), 3000.0);
        assert_eq!(on_a_month_start[0], (0.0, "2032".to_owned()));
    }

    #[test]
    fn labels_that_would_overlap_take_new_rows() {
        let rows = label_rows(&[(0.0, 30.0), (5.0, 30.0), (100.0, 30.0)], 120.0);
        assert_eq!(rows, [(6.0, 0), (11.0, 1), (64.0, 0)]);
    }
}
