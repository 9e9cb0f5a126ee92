//! Timeline of one representative replication: a row per robot and one for
//! the plant, coloured by activity, the dust holds, the propellant level and
//! the departures. What each event starts is declared with its kind
//! ([`EventKind::activity`]); this chart only draws it.

use super::style::{self, ACCENT, ALERT, GREY, INK, PALE, si};
use super::{Chart, canvas, drawing, note};
use crate::model::RunRecord;
use crate::model::trace::{Activity, Entity, EventKind, TraceEvent};
use crate::report::format::thousands;
use crate::units::hours_to_days;
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::prelude::*;

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

/// One row of the timeline: intervals in mission days.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    /// Row label (`robot 1`, `plant`).
    label: String,
    /// (start day, end day, activity), in time order.
    spans: Vec<(f64, f64, Activity)>,
}

/// The timeline of one replication, built from its trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Replication index.
    run: u64,
    /// Its record.
    record: RunRecord,
    /// First and last day shown.
    days: (f64, f64),
    /// Robots, then the plant.
    rows: Vec<Row>,
    /// Dust holds, (start, end) in days.
    holds: Vec<(f64, f64)>,
    /// Propellant on hand, (day, kg), after every change.
    propellant: Vec<(f64, f64)>,
    /// Departures: (day, cargo kg).
    departures: Vec<(f64, f64)>,
}

fn day(e: &TraceEvent) -> f64 {
    hours_to_days(e.time_h)
}

/// First and last day shown: from five days before arrival to the end of
/// operations (or the last event).
fn shown_days(events: &[TraceEvent]) -> (f64, f64) {
    let start = events
        .iter()
        .find(|e| e.kind == EventKind::Arrival)
        .map_or(0.0, |e| day(e) - 5.0)
        .max(0.0);
    let end = events
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::OperationsEnd)
        .map_or_else(|| events.last().map_or(1.0, day), day)
        .max(start + 1.0);
    (start, end)
}

/// A row per robot, then the plant's, each cut into spans at the events
/// that change its activity. Robots anchor from the survey on; nothing
/// follows [`Activity::Out`].
fn activity_rows(events: &[TraceEvent], (start, end): (f64, f64)) -> Vec<Row> {
    let robots = events
        .iter()
        .filter_map(|e| match e.entity {
            Entity::Robot(n) => Some(n),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let survey = events
        .iter()
        .find(|e| e.kind == EventKind::SurveyDone)
        .map(day);
    let mut rows: Vec<Row> = (1..=robots)
        .map(|n| format!("robot {n}"))
        .chain(["plant".to_owned()])
        .map(|label| Row {
            label,
            spans: Vec::new(),
        })
        .collect();
    let mut current: Vec<(f64, Activity)> = (0..=robots)
        .map(|i| match (i < robots, survey) {
            (true, Some(s)) => (s, Activity::Anchoring),
            _ => (start, Activity::Idle),
        })
        .collect();
    for e in events {
        let row = match e.entity {
            Entity::Robot(n) => (n - 1) as usize,
            Entity::Plant => robots as usize,
            _ => continue,
        };
        let Some(next) = e.kind.activity() else {
            continue;
        };
        let (since, activity) = current[row];
        if activity == Activity::Out {
            continue;
        }
        let t = day(e);
        if t > since {
            rows[row].spans.push((since, t.min(end), activity));
        }
        current[row] = (t, next);
    }
    for (row, (since, activity)) in rows.iter_mut().zip(current) {
        if end > since {
            row.spans.push((since, end, activity));
        }
    }
    rows
}

impl Timeline {
    /// The timeline of replication `run` from its trace `events`.
    pub fn from_trace(run: u64, record: RunRecord, events: &[TraceEvent]) -> Self {
        let days = shown_days(events);
        let mut holds = Vec::new();
        let mut propellant = Vec::new();
        let mut departures = Vec::new();
        for e in events {
            let t = day(e);
            match e.kind {
                EventKind::DustHold => holds.push((t, t + hours_to_days(e.quantity))),
                EventKind::PropellantLevel => propellant.push((t, e.quantity)),
                EventKind::Departure => departures.push((t, e.quantity)),
                _ => {}
            }
        }
        Self {
            run,
            record,
            days,
            rows: activity_rows(events, days),
            holds,
            propellant,
            departures,
        }
    }

    /// The spans of `row` resampled into `bins` equal bins, each taking the
    /// activity that fills most of it, merged where neighbours agree.
    fn binned(&self, row: &Row, bins: usize) -> Vec<(f64, f64, Activity)> {
        let (start, end) = self.days;
        let width = (end - start) / bins as f64;
        let mut out: Vec<(f64, f64, Activity)> = Vec::new();
        let mut k = 0;
        for b in 0..bins {
            let (lo, hi) = (start + b as f64 * width, start + (b + 1) as f64 * width);
            let mut filled = [0.0f64; Activity::ALL.len()];
            while k < row.spans.len() && row.spans[k].1 <= lo {
                k += 1;
            }
            let mut j = k;
            while j < row.spans.len() && row.spans[j].0 < hi {
                let (a, z, s) = row.spans[j];
                filled[s as usize] += z.min(hi) - a.max(lo);
                j += 1;
            }
            let best = (0..filled.len())
                .max_by(|&a, &b| filled[a].total_cmp(&filled[b]).then(b.cmp(&a)))
                .unwrap_or(Activity::Idle as usize);
            let activity = if filled[best] > 0.0 {
                Activity::ALL[best]
            } else {
                Activity::Idle
            };
            match out.last_mut() {
                Some(last) if last.2 == activity => last.1 = hi,
                _ => out.push((lo, hi, activity)),
            }
        }
        out
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

pub(super) struct Gantt<'a>(pub Option<&'a Timeline>);

impl Chart for Gantt<'_> {
    const STEM: &'static str = "timeline";
    const TITLE: &'static str = "timeline of the median replication";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        let Some(t) = self.0 else {
            let body = canvas(area, title)?;
            return note(&body, "No replication was traced for a timeline");
        };
        let title = format!(
            "{title} (run {}: {}, {} kg delivered)",
            t.run,
            t.record.outcome.name().replace('_', " "),
            thousands(t.record.metrics.delivered_kg, 0)
        );
        let body = canvas(area, &title)?;
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
}

impl Timeline {
    /// Rows on the Gantt chart: a row per robot, the plant, then the dust
    /// holds (labels top down).
    fn rows_chart<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
    ) -> Result<ChartContext<'a, DB, RowsCoord>, String> {
        let (x0, x1) = self.days;
        let n_rows = self.rows.len() as i32 + 1;
        let mut gantt = ChartBuilder::on(area)
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(110)
            .build_cartesian_2d(x0..x1, (0..n_rows - 1).into_segmented())
            .map_err(drawing)?;
        let labels: Vec<String> = self
            .rows
            .iter()
            .map(|r| r.label.clone())
            .chain(["dust holds".to_owned()])
            .collect();
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

    /// Draws the activity rows, the dust holds and the departures on
    /// `area`, and the legend of the whole chart on `legend`.
    fn draw_rows<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        legend: &DrawingArea<DB, Shift>,
    ) -> Result<(), String> {
        let mut gantt = self.rows_chart(area)?;
        let n_rows = self.rows.len() as i32 + 1;
        let row_y = |i: usize| n_rows - 1 - i as i32;
        let bar = |a: f64, b: f64, y: i32, colour: RGBColor| {
            Rectangle::new(
                [(a, SegmentValue::Exact(y)), (b, SegmentValue::Exact(y + 1))],
                colour.filled(),
            )
        };
        let binned: Vec<Vec<(f64, f64, Activity)>> =
            self.rows.iter().map(|r| self.binned(r, 700)).collect();
        let mut entries: Vec<(String, RGBColor)> = Vec::new();
        for activity in DRAWN {
            let rects: Vec<_> = binned
                .iter()
                .enumerate()
                .flat_map(|(i, spans)| {
                    spans
                        .iter()
                        .filter(move |s| s.2 == activity)
                        .map(move |&(a, b, _)| bar(a, b, row_y(i), colour(activity)))
                })
                .collect();
            if rects.is_empty() {
                continue;
            }
            gantt.draw_series(rects).map_err(drawing)?;
            entries.push((label(activity).to_owned(), colour(activity)));
        }
        let (x0, x1) = self.days;
        let min_width = (x1 - x0) / 600.0;
        if !self.holds.is_empty() {
            let y = row_y(self.rows.len());
            gantt
                .draw_series(
                    self.holds
                        .iter()
                        .map(|&(a, b)| bar(a, b.max(a + min_width), y, GREY)),
                )
                .map_err(drawing)?;
            entries.push(("dust hold (drilling paused)".to_owned(), GREY));
        }
        let lines = entries.len();
        entries.push(("departure (dashed)".to_owned(), ALERT));
        entries.push(("propellant on hand".to_owned(), INK));
        draw_legend(legend, &entries, lines)?;
        for &(d, _) in &self.departures {
            gantt
                .draw_series(departure_line(vec![
                    (d, SegmentValue::Exact(0)),
                    (d, SegmentValue::Exact(n_rows)),
                ]))
                .map_err(drawing)?;
        }
        Ok(())
    }

    /// Draws the propellant on hand as steps on `area`, with the departures
    /// and their cargo.
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
        steps.push((x1, last));
        level
            .draw_series(LineSeries::new(steps, INK.stroke_width(2)))
            .map_err(drawing)?;
        let right_aligned =
            style::tick_font()
                .color(&BLACK)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Top,
                ));
        for (i, &(d, kg)) in self.departures.iter().enumerate() {
            level
                .draw_series(departure_line(vec![(d, 0.0), (d, max_prop)]))
                .map_err(drawing)?;
            level
                .draw_series([Text::new(
                    format!("return {}: {} kg ", i + 1, thousands(kg, 0)),
                    (d, max_prop * (0.98 - 0.1 * (i % 2) as f64)),
                    right_aligned.clone(),
                )])
                .map_err(drawing)?;
        }
        Ok(())
    }
}

/// A departure's dashed line through `points`.
fn departure_line<P: Clone>(points: Vec<P>) -> DashedLineSeries<std::vec::IntoIter<P>, i32> {
    DashedLineSeries::new(points, 10, 6, ALERT.stroke_width(3))
}
