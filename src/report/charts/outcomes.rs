//! Outcome shares as bars with 95% Wilson intervals and their values
//! written on them: success on its own panel, the failures beside it on a
//! zoomed scale so that shares of a few percent stay legible. The same
//! drawing serves one batch and the scenarios of a comparison.

use super::axes::{Axes, Axis};
use super::style::{self, ALERT, INK};
use super::{Area, Chart, ChartData, Drawn, KeyMark, Plot, drawing, key_box, key_row, whisker};
use crate::aggregate::{PerKey, Share};
use crate::model::Outcome;
use crate::report::format::{percent, thousands};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Share of the body's width given to the success panel: about one
/// outcome's slot of the failure panel beside it, plus its axis.
const SUCCESS_WIDTH: f64 = 0.23;

/// Share of a panel's height left above the highest interval for the
/// values written over the bars.
const HEADROOM: f64 = 0.3;

/// One batch's outcome bars: its shares, the label its legend entry gets
/// (none for a lone batch) and the colours of its success and failure bars.
pub(super) struct OutcomeBars<'a> {
    /// Legend label; none when a single batch is shown.
    pub label: Option<&'a str>,
    /// Every outcome's share with its interval.
    pub shares: &'a PerKey<Outcome, Share>,
    /// Colours of the success bar and of the failure bars.
    pub colours: (RGBColor, RGBColor),
}

/// The outcome shares of a batch.
pub(super) struct Shares<'a>(pub &'a ChartData<'a>);

impl Chart for Shares<'_> {
    const STEM: &'static str = "outcomes";
    const TITLE: &'static str = "outcome shares with 95% intervals";

    fn body<DB: DrawingBackend>(&self, body: &Area<DB>) -> Drawn {
        let bars = OutcomeBars {
            label: None,
            shares: &self.0.summary.outcomes,
            colours: (INK, ALERT),
        };
        draw_outcomes(body, &[bars], true)
    }
}

/// Draws the legend row, the success panel and the failure panel of
/// `series` side by side; with `counts`, each value also gives its number
/// of replications.
pub(super) fn draw_outcomes<DB: DrawingBackend>(
    body: &Area<DB>,
    series: &[OutcomeBars<'_>],
    counts: bool,
) -> Drawn {
    let mut entries: Vec<(KeyMark, String)> = match series {
        [one] if one.label.is_none() => vec![
            (KeyMark::Box(one.colours.0), "delivered cargo".to_owned()),
            (
                KeyMark::Box(one.colours.1),
                "failed (first cause)".to_owned(),
            ),
        ],
        _ => series
            .iter()
            .map(|s| (KeyMark::Box(s.colours.0), s.label.unwrap_or("").to_owned()))
            .collect(),
    };
    entries.push((KeyMark::Whisker, "95% Wilson interval".to_owned()));
    let panels = key_row(body, &entries)?;
    let (w, _) = panels.dim_in_pixel();
    let (left, right) = panels.split_horizontally((f64::from(w) * SUCCESS_WIDTH) as u32);
    let failures: Vec<Outcome> = Outcome::ALL[1..].to_vec();
    draw_panel(
        &left,
        "delivered cargo",
        &[Outcome::Success],
        series,
        counts,
    )?;
    draw_panel(
        &right,
        "failed, by first cause (on a scale of their own)",
        &failures,
        series,
        counts,
    )
}

/// The top of a panel's scale, in percent, whose highest interval ends at
/// the share `highest`: room above it for the values written over the
/// bars, at least 1%, and never far past 100% (a full bar's value needs a
/// tenth more).
fn scale_top(highest: f64) -> f64 {
    (highest * 100.0 / (1.0 - HEADROOM)).clamp(1.0, 112.0)
}

/// One panel: the bars of `outcomes` for every series, on a scale that
/// fits their intervals and the values above them.
fn draw_panel<DB: DrawingBackend>(
    area: &Area<DB>,
    caption: &str,
    outcomes: &[Outcome],
    series: &[OutcomeBars<'_>],
    counts: bool,
) -> Drawn {
    let names: Vec<String> = outcomes
        .iter()
        .map(|o| o.name().replace('_', " "))
        .collect();
    let highest = series
        .iter()
        .flat_map(|s| outcomes.iter().map(|&o| s.shares[o].ci95_high))
        .fold(0.0, f64::max);
    let top = scale_top(highest);
    let mut chart = Axes::new(
        Axis::new(|x| style::category(*x, &names))
            .ticks(names.len())
            .no_grid(),
        Axis::new(|v: &f64| {
            if *v > 100.0 + 1e-9 {
                String::new()
            } else {
                format!("{}%", style::si(*v))
            }
        })
        .desc("Share of replications (%)"),
    )
    .room(15, 40, 85)
    .caption(caption)
    .draw(area, -0.5..(names.len() as f64 - 0.5), 0.0..top)?;
    let width = 0.8 / series.len().max(1) as f64;
    for (j, s) in series.iter().enumerate() {
        let shift = -0.4 + width * (j as f64 + 0.5);
        for (i, &outcome) in outcomes.iter().enumerate() {
            let colour = if outcome == Outcome::Success {
                s.colours.0
            } else {
                s.colours.1
            };
            let share = &s.shares[outcome];
            let text = if counts {
                format!(
                    "{} ({})",
                    percent(share.share),
                    thousands(share.count as f64, 0)
                )
            } else {
                percent(share.share)
            };
            draw_bar(
                &mut chart,
                (i as f64 + shift, width * 0.9),
                share,
                colour,
                &text,
            )?;
        }
    }
    Ok(())
}

/// A bar at `x`, `width` wide, up to `share` with its interval, and `text`
/// above the interval: across when it fits the bar's width, upright when
/// it does not.
fn draw_bar<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    (x, width): (f64, f64),
    share: &Share,
    colour: RGBColor,
    text: &str,
) -> Drawn {
    let (value, lo, hi) = (
        share.share * 100.0,
        share.ci95_low * 100.0,
        share.ci95_high * 100.0,
    );
    let half = width / 2.0;
    chart
        .draw_series([Rectangle::new(
            [(x - half, 0.0), (x + half, value)],
            colour.filled(),
        )])
        .map_err(drawing)?;
    chart
        .draw_series(whisker(x, (lo, hi), half * 0.3))
        .map_err(drawing)?;
    let font = TextStyle::from(style::tick_font()).color(&BLACK);
    let (text_w, _) = chart
        .plotting_area()
        .estimate_text_size(text, &font)
        .map_err(drawing)?;
    let (left, _) = chart.backend_coord(&(x - half, 0.0));
    let (right, _) = chart.backend_coord(&(x + half, 0.0));
    let style = if text_w as i32 <= right - left {
        font.pos(Pos::new(HPos::Center, VPos::Bottom))
    } else {
        font.transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Left, VPos::Center))
    };
    chart
        .draw_series([EmptyElement::at((x, hi)) + Text::new(text.to_owned(), (0, -6), style)])
        .map_err(drawing)?;
    Ok(())
}

/// Legend entries with box keys, each `(label, colour)` marked on the plot
/// by an empty box at the origin.
pub(super) fn legend_boxes<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    entries: &[(&str, RGBColor)],
) -> Drawn {
    for &(label, colour) in entries {
        chart
            .draw_series([Rectangle::new([(0.0, 0.0), (0.0, 0.0)], colour.filled())])
            .map_err(drawing)?
            .label(label)
            .legend(key_box(colour));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_shares_get_a_zoomed_scale_and_a_full_one_stops_near_100() {
        // Failures up to 9.6%: the scale ends near 14%, so a 1% bar is a
        // fourteenth of the panel's height rather than a hundredth.
        assert!((scale_top(0.096) - 9.6 / 0.7).abs() < 1e-12);
        assert_eq!(scale_top(1.0), 112.0);
        assert_eq!(scale_top(0.0), 1.0);
        assert!(scale_top(0.5) > 50.0 / 0.75);
    }
}
