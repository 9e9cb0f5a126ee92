//! The charts of a batch, each drawn once for PNG (about 1200×800) and once
//! for SVG from the same code, with the embedded font.

mod axes;
mod comparison;
mod convergence;
mod delivered;
mod differences;
mod exceedance;
mod failures;
mod geometry;
mod heatmap;
mod histogram;
mod npv;
mod outcomes;
mod porkchop;
mod sobol;
mod style;
mod sweep;
mod time;
mod timeline;
mod tornado;

pub(crate) use comparison::{Series, render_comparison};
pub use geometry::{GeometryChart, render_geometry};
pub use porkchop::{PorkchopChart, render_porkchop};
pub(crate) use sobol::render_sobol;
pub(crate) use sweep::render_sweep;
pub use sweep::{Grid, GridPoint};
pub use timeline::Timeline;
pub use tornado::{Bar, Tornado};
pub(crate) use tornado::{coverage, render_tornadoes};

use super::document::ChartRef;
use super::files::write_atomic;
use crate::aggregate::Summary;
use crate::aggregate::time::TimeBudget;
use crate::model::record::Metric;
use image::ImageEncoder;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;
use thiserror::Error;

/// Why the charts could not be written.
#[derive(Debug, Error)]
pub enum ChartError {
    /// Drawing failed.
    #[error("drawing {chart}: {message}")]
    Draw {
        /// The chart's file stem.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// Writing a file failed.
    #[error("writing {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The reason.
        source: std::io::Error,
    },
}

/// A failure-event series for the small multiples.
#[derive(Debug, Clone, PartialEq)]
pub struct FailureSeries {
    /// Panel title.
    pub label: &'static str,
    /// Unit shown on the axis.
    pub unit: &'static str,
    /// One value per replication.
    pub values: Vec<f64>,
}

/// Everything the charts show, taken from a batch.
#[derive(Debug, Clone)]
pub struct ChartData<'a> {
    /// The batch's summary (outcome shares, quantiles).
    pub summary: &'a Summary,
    /// Delivered cargo per replication, in replication order.
    pub delivered: Vec<f64>,
    /// NPV per replication, in replication order.
    pub npv: Vec<f64>,
    /// Failure events per replication, by kind.
    pub failures: Vec<FailureSeries>,
    /// The representative replication's timeline, if it was traced.
    pub timeline: Option<Timeline>,
    /// The mission's geometry, when the scenario has an orbit.
    pub geometry: Option<GeometryChart>,
}

/// A drawing area of a chart.
type Area<DB> = DrawingArea<DB, Shift>;

/// What drawing gives back: nothing, or why it failed.
type Drawn = Result<(), String>;

/// A plot with numeric axes.
type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One chart: its file stem, title, and drawing on any backend.
trait Chart {
    /// File stem under charts/.
    const STEM: &'static str;
    /// Title shown above the chart (without the scenario name).
    const TITLE: &'static str;

    /// Draws the chart on `area` under `title`: by default a white canvas
    /// with the title over the chart's [`Chart::body`].
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, title: &str) -> Drawn {
        self.body(&canvas(area, title)?)
    }

    /// Draws the chart below its title. Charts whose title depends on what
    /// they show override [`Chart::draw`] instead and leave this empty.
    fn body<DB: DrawingBackend>(&self, _body: &Area<DB>) -> Drawn {
        Ok(())
    }

    /// What the report says under the chart about how to read it: empty
    /// unless the chart needs more than its title.
    fn caption(&self) -> String {
        String::new()
    }
}

/// Clears `area` to white and draws `title` over it; returns the area
/// below the title.
fn canvas<DB: DrawingBackend>(area: &Area<DB>, title: &str) -> Result<Area<DB>, String> {
    area.fill(&WHITE).map_err(drawing)?;
    area.titled(title, style::title_font(title))
        .map_err(drawing)
}

/// Draws the series legend of `chart` at `position`, in the charts' style.
fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Drawn {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(style::tick_font())
        .draw()
        .map_err(drawing)
}

/// A legend key: a box filled with `colour`.
fn key_box(colour: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], colour.filled())
}

/// A legend key: a short line drawn with `line`.
fn key_line(line: ShapeStyle) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], line)
}

/// A legend key: a dot filled with `colour`.
fn key_dot(colour: RGBColor) -> impl Fn((i32, i32)) -> Circle<(i32, i32), i32> {
    move |(x, y)| Circle::new((x + 10, y), 7, colour.filled())
}

/// How an entry of a [`key_row`] is marked.
#[derive(Debug, Clone, Copy)]
enum KeyMark {
    /// A box filled with the colour (a bar's or a band's).
    Box(RGBColor),
    /// An upright black whisker with caps (an interval).
    Whisker,
    /// A dot of the colour (a point estimate).
    Dot(RGBColor),
    /// A triangle of the colour (a second point estimate).
    Triangle(RGBColor),
    /// A solid line of the colour.
    Line(RGBColor),
    /// A dashed line of the colour.
    Dashed(RGBColor),
    /// A box of a translucent colour (a shaded band).
    Shade(RGBAColor),
}

/// Height of one line of a [`key_row`], pixels.
const KEY_LINE: i32 = 30;

/// Draws `entries` side by side across the top of `area`, left to right
/// and on as many lines as they need, each its mark and its label: a
/// legend that never covers the plot. Returns the area below it.
fn key_row<DB: DrawingBackend>(
    area: &Area<DB>,
    entries: &[(KeyMark, String)],
) -> Result<Area<DB>, String> {
    let font = style::anchored(HPos::Left, VPos::Center);
    let width = area.dim_in_pixel().0 as i32 - 20;
    let (mut x, mut y) = (60, KEY_LINE / 2 + 4);
    for (mark, label) in entries {
        let (w, _) = area.estimate_text_size(label, &font).map_err(drawing)?;
        let advance = 28 + w as i32 + 36;
        if x > 60 && x + advance - 36 > width {
            (x, y) = (60, y + KEY_LINE);
        }
        draw_mark(area, *mark, (x, y))?;
        area.draw(&Text::new(label.clone(), (x + 28, y), font.clone()))
            .map_err(drawing)?;
        x += advance;
    }
    Ok(area.split_vertically(y + KEY_LINE / 2 + 10).1)
}

/// Draws a legend `mark` 20 pixels wide from `x`, centred on `y`.
fn draw_mark<DB: DrawingBackend>(area: &Area<DB>, mark: KeyMark, (x, y): (i32, i32)) -> Drawn {
    let c = x + 10;
    let line = BLACK.stroke_width(2);
    match mark {
        KeyMark::Box(colour) => area.draw(&Rectangle::new(
            [(x, y - 9), (x + 20, y + 9)],
            colour.filled(),
        )),
        KeyMark::Whisker => [
            [(c, y - 10), (c, y + 10)],
            [(c - 5, y - 10), (c + 5, y - 10)],
            [(c - 5, y + 10), (c + 5, y + 10)],
        ]
        .into_iter()
        .try_for_each(|p| area.draw(&PathElement::new(p.to_vec(), line))),
        KeyMark::Dot(colour) => area.draw(&Circle::new((c, y), 7, colour.filled())),
        KeyMark::Triangle(colour) => area.draw(&TriangleMarker::new((c, y), 8, colour.filled())),
        KeyMark::Line(colour) => area.draw(&PathElement::new(
            vec![(x, y), (x + 20, y)],
            colour.stroke_width(3),
        )),
        KeyMark::Dashed(colour) => [x, x + 13].into_iter().try_for_each(|x| {
            area.draw(&PathElement::new(
                vec![(x, y), (x + 7, y)],
                colour.stroke_width(3),
            ))
        }),
        KeyMark::Shade(colour) => area.draw(&Rectangle::new(
            [(x, y - 9), (x + 20, y + 9)],
            colour.filled(),
        )),
    }
    .map_err(drawing)
}

/// The tick font, or where one of `lines` would be wider than `width`
/// pixels, a font small enough for it (not under 11 pixels): black,
/// anchored at the top centre.
fn fitted<'s, DB: DrawingBackend>(
    area: &Area<DB>,
    lines: impl IntoIterator<Item = &'s str>,
    width: f64,
) -> Result<TextStyle<'static>, String> {
    const SIZE: f64 = 18.0;
    let mut widest = 1.0_f64;
    for line in lines {
        let (w, _) = area
            .estimate_text_size(line, &style::tick_font().into_text_style(area))
            .map_err(drawing)?;
        widest = widest.max(f64::from(w));
    }
    let size = (SIZE * (width / widest).min(1.0)).max(11.0);
    Ok((crate::report::font::FAMILY, size)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top)))
}

/// Writes `caption` and under it `lines`, centred, at the top of `panel`
/// in a [`fitted`] font; returns the area below.
fn captioned<DB: DrawingBackend>(
    panel: &Area<DB>,
    caption: &str,
    lines: &[String],
) -> Result<Area<DB>, String> {
    let all: Vec<&str> = std::iter::once(caption)
        .chain(lines.iter().map(String::as_str))
        .collect();
    let width = f64::from(panel.dim_in_pixel().0.saturating_sub(16).max(1));
    let font = fitted(panel, all.iter().copied(), width)?;
    let centre = panel.dim_in_pixel().0 as i32 / 2;
    let step = (font.font.get_size() * 1.3).ceil() as i32;
    // A gap above: the caption must not touch the panel above's axis.
    let gap = 10;
    for (k, line) in all.iter().enumerate() {
        panel
            .draw(&Text::new(
                (*line).to_owned(),
                (centre, gap + k as i32 * step),
                font.clone(),
            ))
            .map_err(drawing)?;
    }
    Ok(panel.split_vertically(gap + 4 + all.len() as i32 * step).1)
}

/// An upright black interval at `x` from `lo` to `hi` with caps `cap` wide
/// either side (in data units).
fn whisker(x: f64, (lo, hi): (f64, f64), cap: f64) -> [PathElement<(f64, f64)>; 3] {
    let line = BLACK.stroke_width(2);
    [
        PathElement::new(vec![(x, lo), (x, hi)], line),
        PathElement::new(vec![(x - cap, lo), (x + cap, lo)], line),
        PathElement::new(vec![(x - cap, hi), (x + cap, hi)], line),
    ]
}

/// Maps any drawing error to its message.
fn drawing<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draws `chart` of `scenario` as PNG and SVG into `dir` and returns its
/// reference for the report (the SVG inline).
fn render<C: Chart>(chart: &C, scenario: &str, dir: &Path) -> Result<ChartRef, ChartError> {
    let title = format!("{scenario}: {}", C::TITLE);
    let title = match title.char_indices().nth(style::TITLE_CHARS) {
        // Keep the chart's own name: cut the scenario label instead.
        Some(_) => {
            let keep = style::TITLE_CHARS.saturating_sub(C::TITLE.chars().count() + 3);
            let label: String = scenario.chars().take(keep).collect();
            format!("{label}…: {}", C::TITLE)
        }
        None => title,
    };
    let draw_error = |message| ChartError::Draw {
        chart: C::STEM,
        message,
    };
    let (w, h) = style::SIZE;
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, style::SIZE).into_drawing_area();
        chart.draw(&area, &title).map_err(draw_error)?;
        area.present().map_err(|e| draw_error(drawing(e)))?;
    }
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, style::SIZE).into_drawing_area();
        chart.draw(&area, &title).map_err(draw_error)?;
        area.present().map_err(|e| draw_error(drawing(e)))?;
    }
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ChartError::Io { path, source }
    };
    let png_path = dir.join(format!("{}.png", C::STEM));
    write_atomic(&png_path, |out| {
        image::codecs::png::PngEncoder::new(out)
            .write_image(&pixels, w, h, image::ColorType::Rgb8)
            .map_err(std::io::Error::other)
    })
    .map_err(io(&png_path))?;
    let svg_path = dir.join(format!("{}.svg", C::STEM));
    write_atomic(&svg_path, |out| {
        std::io::Write::write_all(out, svg.as_bytes())
    })
    .map_err(io(&svg_path))?;
    Ok(ChartRef {
        stem: C::STEM.to_owned(),
        title: C::TITLE.to_owned(),
        caption: chart.caption(),
        svg,
    })
}

/// Registers the chart font and creates `dir` for charts to be written in.
fn prepare(dir: &Path) -> Result<(), ChartError> {
    crate::report::font::register();
    std::fs::create_dir_all(dir).map_err(|source| ChartError::Io {
        path: dir.display().to_string(),
        source,
    })
}

/// Draws every chart into `dir` (created if needed) as PNG and SVG.
pub fn render_all(data: &ChartData<'_>, dir: &Path) -> Result<Vec<ChartRef>, ChartError> {
    prepare(dir)?;
    let name = &data.summary.scenario;
    let mut charts = vec![
        render(&delivered::Histogram(data), name, dir)?,
        render(&exceedance::Exceedance(data), name, dir)?,
        render(&npv::Histogram(data), name, dir)?,
        render(&outcomes::Shares(data), name, dir)?,
        render(&failures::SmallMultiples(data), name, dir)?,
        render(&time::Where(&TimeBudget::of(data.summary)), name, dir)?,
        render(
            &timeline::Gantt {
                timeline: data.timeline.as_ref(),
                median_kg: data.summary.metrics[Metric::DeliveredKg].p50,
            },
            name,
            dir,
        )?,
    ];
    if let Some(g) = &data.geometry {
        charts.push(render_geometry(g, name, dir)?);
    }
    charts.push(render(&convergence::RunningMean(data), name, dir)?);
    Ok(charts)
}

/// Draws `message` centred on `area` (for charts with nothing to plot).
fn note<DB: DrawingBackend>(area: &Area<DB>, message: &str) -> Drawn {
    let (w, h) = area.dim_in_pixel();
    let style = style::label_font()
        .color(&style::GREY)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        message.to_owned(),
        (w as i32 / 2, h as i32 / 2),
        style,
    ))
    .map_err(drawing)
}

/// The sorted copy of `values`.
fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v
}
