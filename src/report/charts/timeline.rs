//! Timeline of one representative replication: a row per robot and one for
//! the plant, coloured by state, the dust holds, the propellant level and
//! the departures.

use super::style::{self, ACCENT, ALERT, GREY, INK, PALE, si};
use super::{Chart, drawing, note};
use crate::model::RunRecord;
use crate::model::trace::{Entity, TraceEvent};
use crate::report::format::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;

/// What a robot or the plant is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Firing harpoons (first anchoring or re-anchoring).
    Anchoring,
    /// Drilling a batch (holds and cleanings included).
    Drilling,
    /// Waiting for power.
    WaitPower,
    /// Waiting for room in the hopper.
    WaitHopper,
    /// Repair or bit change on board.
    Repair,
    /// Waiting for the ground, then repairing.
    GroundRepair,
    /// Plant processing a batch.
    Processing,
    /// Lost, stopped, or (plant) dead.
    Out,
    /// Nothing to show.
    Idle,
}

impl State {
    const DRAWN: [State; 8] = [
        State::Anchoring,
        State::Drilling,
        State::Processing,
        State::WaitPower,
        State::WaitHopper,
        State::Repair,
        State::GroundRepair,
        State::Out,
    ];

    fn label(self) -> &'static str {
        match self {
            State::Anchoring => "anchoring",
            State::Drilling => "drilling",
            State::Processing => "plant processing",
            State::WaitPower => "waiting for power",
            State::WaitHopper => "waiting for hopper",
            State::Repair => "repair / bit change",
            State::GroundRepair => "ground wait + repair",
            State::Out => "lost / stopped / dead",
            State::Idle => "idle",
        }
    }

    fn colour(self) -> RGBColor {
        match self {
            State::Anchoring => ACCENT,
            State::Drilling => INK,
            State::Processing => RGBColor(60, 140, 130),
            State::WaitPower => RGBColor(240, 210, 90),
            State::WaitHopper => PALE,
            State::Repair => RGBColor(140, 90, 170),
            State::GroundRepair => ALERT,
            State::Out => BLACK,
            State::Idle => WHITE,
        }
    }
}

/// The state a traced event puts its robot or plant into, if any.
fn state_after(kind: &str) -> Option<State> {
    Some(match kind {
        "shot_pulled_out" | "shot_bounced" | "shot_tether_failed" | "anchor_pulled_out" => {
            State::Anchoring
        }
        "batch_start" => State::Drilling,
        "batch_done" | "anchored" => State::Idle,
        "wait_power" => State::WaitPower,
        "wait_hopper" => State::WaitHopper,
        "fault_onboard_repair" | "bit_change" | "plant_repair" => State::Repair,
        "fault_ground_repair" => State::GroundRepair,
        "robot_lost" | "out_of_bits" | "out_of_harpoons" | "plant_dead" => State::Out,
        _ => return None,
    })
}

/// One row of the timeline: intervals in mission days.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Row label (`robot 1`, `plant`).
    pub label: String,
    /// (start day, end day, state), in time order.
    pub spans: Vec<(f64, f64, State)>,
}

/// The timeline of one replication, built from its trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Replication index.
    pub run: u64,
    /// Its record.
    pub record: RunRecord,
    /// First and last day shown.
    pub days: (f64, f64),
    /// Robots, then the plant.
    pub rows: Vec<Row>,
    /// Dust holds, (start, end) in days.
    pub holds: Vec<(f64, f64)>,
    /// Propellant on hand, (day, kg), after every change.
    pub propellant: Vec<(f64, f64)>,
    /// Departures: (day, cargo kg).
    pub departures: Vec<(f64, f64)>,
}

impl Timeline {
    /// The timeline of replication `run` from its trace `events`.
    pub fn from_trace(run: u64, record: RunRecord, events: &[TraceEvent]) -> Self {
        let day = |e: &TraceEvent| e.time_h / 24.0;
        let start = events
            .iter()
            .find(|e| e.kind == "arrival")
            .map_or(0.0, |e| day(e) - 5.0)
            .max(0.0);
        let end = events
            .iter()
            .rev()
            .find(|e| e.kind == "operations_end")
            .map_or_else(|| events.last().map_or(1.0, day), day)
            .max(start + 1.0);
        let robots = events
            .iter()
            .filter_map(|e| match e.entity {
                Entity::Robot(n) => Some(n),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let survey = events.iter().find(|e| e.kind == "survey_done").map(day);
        let mut rows: Vec<Row> = (1..=robots)
            .map(|n| Row {
                label: format!("robot {n}"),
                spans: Vec::new(),
            })
            .chain([Row {
                label: "plant".into(),
                spans: Vec::new(),
            }])
            .collect();
        let mut current: Vec<(f64, State)> = (0..=robots)
            .map(|i| match (i < robots, survey) {
                (true, Some(s)) => (s, State::Anchoring),
                _ => (start, State::Idle),
            })
            .collect();
        let mut holds = Vec::new();
        let mut propellant = Vec::new();
        let mut departures = Vec::new();
        for e in events {
            let t = day(e);
            match e.kind {
                "dust_hold" => holds.push((t, t + e.quantity / 24.0)),
                "propellant_level" => propellant.push((t, e.quantity)),
                "departure" => departures.push((t, e.quantity)),
                _ => {}
            }
            let row = match e.entity {
                Entity::Robot(n) => (n - 1) as usize,
                Entity::Plant => robots as usize,
                _ => continue,
            };
            let kind = if e.entity == Entity::Plant && e.kind == "batch_start" {
                Some(State::Processing)
            } else {
                state_after(e.kind)
            };
            if let Some(next) = kind {
                let (since, state) = current[row];
                if state == State::Out {
                    continue;
                }
                if t > since {
                    rows[row].spans.push((since, t.min(end), state));
                }
                current[row] = (t, next);
            }
        }
        for (row, (since, state)) in rows.iter_mut().zip(current) {
            if end > since {
                row.spans.push((since, end, state));
            }
        }
        Self {
            run,
            record,
            days: (start, end),
            rows,
            holds,
            propellant,
            departures,
        }
    }

    /// The spans of `row` resampled into `bins` equal bins, each taking the
    /// state that fills most of it, merged where neighbours agree.
    fn binned(&self, row: &Row, bins: usize) -> Vec<(f64, f64, State)> {
        let (start, end) = self.days;
        let width = (end - start) / bins as f64;
        let mut out: Vec<(f64, f64, State)> = Vec::new();
        let mut k = 0;
        for b in 0..bins {
            let (lo, hi) = (start + b as f64 * width, start + (b + 1) as f64 * width);
            let mut filled = [0.0f64; 9];
            while k < row.spans.len() && row.spans[k].1 <= lo {
                k += 1;
            }
            let mut j = k;
            while j < row.spans.len() && row.spans[j].0 < hi {
                let (a, z, s) = row.spans[j];
                filled[s as usize] += z.min(hi) - a.max(lo);
                j += 1;
            }
            let best = (0..9)
                .max_by(|&a, &b| filled[a].total_cmp(&filled[b]).then(b.cmp(&a)))
                .unwrap_or(State::Idle as usize);
            let state = if filled[best] > 0.0 {
                STATES_BY_INDEX[best]
            } else {
                State::Idle
            };
            match out.last_mut() {
                Some(last) if last.2 == state => last.1 = hi,
                _ => out.push((lo, hi, state)),
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

const STATES_BY_INDEX: [State; 9] = [
    State::Anchoring,
    State::Drilling,
    State::WaitPower,
    State::WaitHopper,
    State::Repair,
    State::GroundRepair,
    State::Processing,
    State::Out,
    State::Idle,
];

pub(super) struct Gantt<'a>(pub Option<&'a Timeline>);

impl Chart for Gantt<'_> {
    const STEM: &'static str = "timeline";
    const TITLE: &'static str = "timeline of the median replication";

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), String> {
        area.fill(&WHITE).map_err(drawing)?;
        let Some(t) = self.0 else {
            let body = area
                .titled(title, style::title_font(title))
                .map_err(drawing)?;
            return note(&body, "No replication was traced for a timeline");
        };
        let title = format!(
            "{title} (run {}: {}, {} kg delivered)",
            t.run,
            t.record.outcome.name().replace('_', " "),
            thousands(t.record.metrics.delivered_kg, 0)
        );
        let body = area
            .titled(&title, style::title_font(&title))
            .map_err(drawing)?;
        if t.rows
            .iter()
            .all(|r| r.spans.iter().all(|s| s.2 == State::Idle))
        {
            return note(
                &body,
                "Nothing happened at the asteroid in this replication (launch failure)",
            );
        }
        let (main, legend) = body.split_horizontally(body.dim_in_pixel().0 - 270);
        let (top, bottom) = main.split_vertically(main.dim_in_pixel().1 * 64 / 100);
        let (x0, x1) = t.days;
        let n_rows = t.rows.len() as i32 + 1;
        let mut gantt = ChartBuilder::on(&top)
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(110)
            .build_cartesian_2d(x0..x1, (0..n_rows - 1).into_segmented())
            .map_err(drawing)?;
        let labels: Vec<String> = t
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
        let row_y = |i: usize| n_rows - 1 - i as i32;
        let bins = 700;
        let binned: Vec<Vec<(f64, f64, State)>> =
            t.rows.iter().map(|r| t.binned(r, bins)).collect();
        let mut entries: Vec<(String, RGBColor)> = Vec::new();
        for state in State::DRAWN {
            let rects: Vec<_> = binned
                .iter()
                .enumerate()
                .flat_map(|(i, spans)| {
                    let y = row_y(i);
                    spans
                        .iter()
                        .filter(move |s| s.2 == state)
                        .map(move |&(a, b, _)| {
                            Rectangle::new(
                                [(a, SegmentValue::Exact(y)), (b, SegmentValue::Exact(y + 1))],
                                state.colour().filled(),
                            )
                        })
                })
                .collect();
            if rects.is_empty() {
                continue;
            }
            gantt.draw_series(rects).map_err(drawing)?;
            entries.push((state.label().to_owned(), state.colour()));
        }
        let min_width = (x1 - x0) / 600.0;
        if !t.holds.is_empty() {
            let y = row_y(t.rows.len());
            gantt
                .draw_series(t.holds.iter().map(|&(a, b)| {
                    Rectangle::new(
                        [
                            (a, SegmentValue::Exact(y)),
                            (b.max(a + min_width), SegmentValue::Exact(y + 1)),
                        ],
                        GREY.filled(),
                    )
                }))
                .map_err(drawing)?;
            entries.push(("dust hold (drilling paused)".to_owned(), GREY));
        }
        let lines = entries.len();
        entries.push(("departure (dashed)".to_owned(), ALERT));
        entries.push(("propellant on hand".to_owned(), INK));
        draw_legend(&legend, &entries, lines)?;
        for &(d, _) in &t.departures {
            gantt
                .draw_series(DashedLineSeries::new(
                    vec![
                        (d, SegmentValue::Exact(0)),
                        (d, SegmentValue::Exact(n_rows)),
                    ],
                    10,
                    6,
                    ALERT.stroke_width(3),
                ))
                .map_err(drawing)?;
        }

        let max_prop = t
            .propellant
            .iter()
            .map(|p| p.1)
            .fold(0.0, f64::max)
            .max(1.0)
            * 1.15;
        let mut level = ChartBuilder::on(&bottom)
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
        let mut steps = Vec::with_capacity(t.propellant.len() * 2);
        let mut last = t.propellant.first().map_or(0.0, |p| p.1);
        for &(d, kg) in &t.propellant {
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
        for (i, &(d, kg)) in t.departures.iter().enumerate() {
            level
                .draw_series(DashedLineSeries::new(
                    vec![(d, 0.0), (d, max_prop)],
                    10,
                    6,
                    ALERT.stroke_width(3),
                ))
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
