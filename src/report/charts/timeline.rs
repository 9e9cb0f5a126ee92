//! Timeline of one representative replication: a row per robot and one for
//! the plant, coloured by activity, the dust holds, each return trip's
//! flight home from departure to arrival, and the propellant level. What
//! each event starts is declared with its kind
//! ([`crate::model::trace::EventKind::activity`]); this chart only draws it.

mod trace;

pub use trace::Timeline;

use super::style::{self, ACCENT, ALERT, GREY, INK, PALE, si};
use super::{Chart, canvas, drawing, note};
use crate::model::trace::Activity;
use crate::report::format::thousands;
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The Gantt rows' coordinates: days across, one segment per row down.
type RowsCoord = Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordi32>>;

/// Activities with a colour, in legend order.
const DRAWN: [Activity; 8] = [
    Activity::Anchoring,
    Activity::Drilling,
    Activity::Processing,
    Activity::WaitPower,
    Activity::WaitHopper,
    Activity::Repair,
    Activity::GroundRepair,
    Activity::Out,
];

fn label(a: Activity) -> &'static str {
    match a {
        Activity::Anchoring => "anchoring",
        Activity::Drilling => "drilling",
        Activity::Processing => "plant processing",
        Activity::WaitPower => "waiting for power",
        Activity::WaitHopper => "waiting for hopper",
        Activity::Repair => "repair / bit change",
        Activity::GroundRepair => "ground wait + repair",
        Activity::Out => "lost / stopped / dead",
        Activity::Idle => "idle",
    }
}

fn colour(a: Activity) -> RGBColor {
    match a {
        Activity::Anchoring => ACCENT,
        Activity::Drilling => INK,
        Activity::Processing => RGBColor(60, 140, 130),
        Activity::WaitPower => RGBColor(240, 210, 90),
        Activity::WaitHopper => PALE,
        Activity::Repair => RGBColor(140, 90, 170),
        Activity::GroundRepair => ALERT,
        Activity::Out => BLACK,
        Activity::Idle => WHITE,
    }
}

/// A legend down `area`: coloured boxes, then (from entry `lines` on) lines.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, RGBColor)],
    lines: usize,
) -> Result<(), String> {
    for (i, (label, colour)) in entries.iter().enumerate() {
        let y = 30 + 34 * i as i32;
        if i < lines {
            area.draw(&Rectangle::new([(10, y), (36, y + 20)], colour.filled()))
                .map_err(drawing)?;
            area.draw(&Rectangle::new(
                [(10, y), (36, y + 20)],
                BLACK.stroke_width(1),
            ))
            .map_err(drawing)?;
        } else {
            area.draw(&PathElement::new(
                vec![(10, y + 10), (36, y + 10)],
                colour.stroke_width(4),
            ))
            .map_err(drawing)?;
        }
        area.draw(&Text::new(label.clone(), (44, y + 1), style::tick_font()))
            .map_err(drawing)?;
    }
    Ok(())
}

/// The timeline chart: the representative replication's timeline, if one
/// was traced, and the batch's median delivered cargo for its title.
pub(super) struct Gantt<'a> {
    /// The timeline.
    pub timeline: Option<&'a Timeline>,
    /// The batch's median delivered cargo, kg, as the report states it.
    pub median_kg: f64,
}

/// Colour of a flight home.
const FLIGHT: RGBColor = RGBColor(150, 196, 125);

impl Chart for Gantt<'_> {
    const STEM: &'static str = "timeline";
    const TITLE: &'static str = "timeline of the median replication";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let Some(t) = self.timeline else {
            let body = canvas(area, title)?;
            return note(&body, "No replication was traced for a timeline");
        };
        let body = canvas(area, &format!("{title} ({})", t.about(self.median_kg)))?;
        if t.rows
            .iter()
            .all(|r| r.spans.iter().all(|s| s.2 == Activity::Idle))
        {
            return note(
                &body,
                "Nothing happened at the asteroid in this replication (launch failure)",
            );
        }
        let (main, legend) = body.split_horizontally(body.dim_in_pixel().0 - 270);
        let (top, bottom) = main.split_vertically(main.dim_in_pixel().1 * 64 / 100);
        t.draw_rows(&top, &legend)?;
        t.draw_propellant(&bottom)
    }

    fn caption(&self) -> String {
        "The replication shown delivered the median cargo of the batch (the lower of the two \
         middle ones when their number is even, so its cargo can differ from the median the \
         report states, which the title gives as well). The bars under the dust holds are the \
         return trips' flights home, from departure (dashed line) to arrival; activity and \
         propellant end with operations."
            .to_owned()
    }
}

impl Timeline {
    /// The title's account of the replication: its number, outcome and
    /// cargo, with the batch's `median_kg` rounded as the report does.
    pub(super) fn about(&self, median_kg: f64) -> String {
        let kg = thousands(self.record.metrics.delivered_kg, 0);
        let median = thousands(median_kg, 0);
        let outcome = self.record.outcome.name().replace('_', " ");
        if kg == median {
            format!("run {}: {outcome}, {kg} kg delivered = median", self.run)
        } else {
            format!(
                "run {}: {outcome}, {kg} kg delivered; median {median} kg",
                self.run
            )
        }
    }

    /// The labels of the Gantt rows, top down: a row per robot, the plant,
    /// the dust holds, then a row per flight home.
    fn row_labels(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|r| r.label.clone())
            .chain(["dust holds".to_owned()])
            .chain((1..=self.flights.len()).map(|i| format!("return {i}")))
            .collect()
    }

    /// The Gantt chart's plot, its rows labelled top down.
    fn rows_chart<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
    ) -> Result<ChartContext<'a, DB, RowsCoord>, String> {
        let (x0, x1) = self.days;
        let labels = self.row_labels();
        let n_rows = labels.len() as i32;
        let mut gantt = ChartBuilder::on(area)
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(110)
            .build_cartesian_2d(x0..x1, (0..n_rows - 1).into_segmented())
            .map_err(drawing)?;
        gantt
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(labels.len())
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels
                    .get((n_rows - 1 - i) as usize)
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_formatter(&|x| thousands(*x, 0))
            .label_style(style::tick_font())
            .draw()
            .map_err(drawing)?;
        Ok(gantt)
    }

    /// Draws the activity rows, the dust holds, the flights home and the
    /// departures on `area`, and the legend of the whole chart on `legend`.
    fn draw_rows<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        legend: &DrawingArea<DB, Shift>,
    ) -> Result<(), String> {
        let mut gantt = self.rows_chart(area)?;
        let n_rows = self.row_labels().len() as i32;
        let mut entries = self.draw_activities(&mut gantt, n_rows)?;
        let (x0, x1) = self.days;
        let min_width = (x1 - x0) / 600.0;
        if !self.holds.is_empty() {
            let y = n_rows - 1 - self.rows.len() as i32;
            gantt
                .draw_series(
                    self.holds
                        .iter()
                        .map(|&(a, b)| bar(a, b.max(a + min_width), y, GREY)),
                )
                .map_err(drawing)?;
            entries.push(("dust hold (drilling paused)".to_owned(), GREY));
        }
        if !self.flights.is_empty() {
            self.draw_flights(&mut gantt, area)?;
            entries.push(("flight home".to_owned(), FLIGHT));
        }
        let lines = entries.len();
        entries.push(("departure (dashed)".to_owned(), ALERT));
        entries.push(("propellant on hand".to_owned(), INK));
        draw_legend(legend, &entries, lines)?;
        // Down to the flights, whose bars start at their departure.
        let bottom = self.flights.len() as i32;
        for f in &self.flights {
            gantt
                .draw_series(departure_line(vec![
                    (f.leave, SegmentValue::Exact(bottom)),
                    (f.leave, SegmentValue::Exact(n_rows)),
                ]))
                .map_err(drawing)?;
        }
        Ok(())
    }

    /// Draws each activity's spans in the robot and plant rows (the top
    /// ones of `n_rows`); returns the legend entries of those drawn.
    fn draw_activities<DB: DrawingBackend>(
        &self,
        gantt: &mut ChartContext<'_, DB, RowsCoord>,
        n_rows: i32,
    ) -> Result<Vec<(String, RGBColor)>, String> {
        let binned: Vec<Vec<(f64, f64, Activity)>> =
            self.rows.iter().map(|r| self.binned(r, 700)).collect();
        let mut entries = Vec::new();
        for activity in DRAWN {
            let rects: Vec<_> = binned
                .iter()
                .enumerate()
                .flat_map(|(i, spans)| {
                    let y = n_rows - 1 - i as i32;
                    spans
                        .iter()
                        .filter(move |s| s.2 == activity)
                        .map(move |&(a, b, _)| bar(a, b, y, colour(activity)))
                })
                .collect();
            if rects.is_empty() {
                continue;
            }
            gantt.draw_series(rects).map_err(drawing)?;
            entries.push((label(activity).to_owned(), colour(activity)));
        }
        Ok(entries)
    }

    /// Draws each flight home in its row (the bottom ones), from departure
    /// to arrival, with its cargo and fate beside it: before the bar where
    /// the row leaves room, else inside it.
    fn draw_flights<DB: DrawingBackend>(
        &self,
        gantt: &mut ChartContext<'_, DB, RowsCoord>,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), String> {
        let (x0, x1) = self.days;
        let n = self.flights.len() as i32;
        let font = style::anchored(HPos::Left, VPos::Center);
        for (i, f) in self.flights.iter().enumerate() {
            let y = n - 1 - i as i32;
            let end = f.arrive.unwrap_or(x1);
            gantt
                .draw_series([bar(f.leave, end, y, FLIGHT)])
                .map_err(drawing)?;
            let text = f.label();
            let width = area.estimate_text_size(&text, &font).map_err(drawing)?.0 as i32;
            let pixel = |x: f64| gantt.backend_coord(&(x, SegmentValue::CenterOf(y))).0;
            let (at, h) = if pixel(f.leave) - pixel(x0) > width + 12 {
                (f.leave - (x1 - x0) * 0.006, HPos::Right)
            } else {
                (f.leave + (x1 - x0) * 0.006, HPos::Left)
            };
            gantt
                .draw_series([Text::new(
                    text,
                    (at, SegmentValue::CenterOf(y)),
                    font.pos(Pos::new(h, VPos::Center)),
                )])
                .map_err(drawing)?;
        }
        Ok(())
    }

    /// Draws the propellant on hand as steps on `area` until operations
    /// end, with the departures.
    fn draw_propellant<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), String> {
        let (x0, x1) = self.days;
        let max_prop = self
            .propellant
            .iter()
            .map(|p| p.1)
            .fold(0.0, f64::max)
            .max(1.0)
            * 1.15;
        let mut level = ChartBuilder::on(area)
            .margin(15)
            .x_label_area_size(60)
            .y_label_area_size(110)
            .build_cartesian_2d(x0..x1, 0.0..max_prop)
            .map_err(drawing)?;
        level
            .configure_mesh()
            .x_desc("Mission day (days since launch)")
            .y_desc("Propellant (kg)")
            .x_label_formatter(&|x| thousands(*x, 0))
            .y_label_formatter(&|y| si(*y))
            .axis_desc_style(style::label_font())
            .label_style(style::tick_font())
            .draw()
            .map_err(drawing)?;
        let mut steps = Vec::with_capacity(self.propellant.len() * 2);
        let mut last = self.propellant.first().map_or(0.0, |p| p.1);
        for &(d, kg) in &self.propellant {
            steps.push((d, last));
            steps.push((d, kg));
            last = kg;
        }
        steps.push((self.ops_end.max(steps.last().map_or(x0, |p| p.0)), last));
        level
            .draw_series(LineSeries::new(steps, INK.stroke_width(2)))
            .map_err(drawing)?;
        for f in &self.flights {
            level
                .draw_series(departure_line(vec![(f.leave, 0.0), (f.leave, max_prop)]))
                .map_err(drawing)?;
        }
        Ok(())
    }
}

/// A bar in Gantt row `y` from day `a` to day `b`.
fn bar(a: f64, b: f64, y: i32, colour: RGBColor) -> Rectangle<(f64, SegmentValue<i32>)> {
    Rectangle::new(
        [(a, SegmentValue::Exact(y)), (b, SegmentValue::Exact(y + 1))],
        colour.filled(),
    )
}

/// A departure's dashed line through `points`.
fn departure_line<P: Clone>(points: Vec<P>) -> DashedLineSeries<std::vec::IntoIter<P>, i32> {
    DashedLineSeries::new(points, 10, 6, ALERT.stroke_width(3))
}
