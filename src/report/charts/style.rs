//! Shared look of every chart: size, fonts, a palette that stays
//! distinguishable in greyscale, and axis number formats.

use crate::report::font::FAMILY;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, IntoFont, RGBColor, TextStyle};

/// Pixel size of every chart.
pub(super) const SIZE: (u32, u32) = (1200, 800);

/// Dark blue: the main series (luminance ~20%).
pub(super) const INK: RGBColor = RGBColor(31, 59, 115);
/// Orange: the second series (luminance ~60%).
pub(super) const ACCENT: RGBColor = RGBColor(224, 130, 20);
/// Light blue-grey: bands and fills (luminance ~80%).
pub(super) const PALE: RGBColor = RGBColor(190, 205, 228);
/// Red-brown: losses and failures (luminance ~35%).
pub(super) const ALERT: RGBColor = RGBColor(165, 42, 42);
/// Mid grey: reference lines.
pub(super) const GREY: RGBColor = RGBColor(110, 110, 110);

/// The title font for `title`: smaller for long titles so they fit.
pub(super) fn title_font(title: &str) -> FontDesc<'static> {
    // A character of the chart font is about 0.55 of its size wide: the
    // size that fits the title in the chart's width, between 13 and 30.
    let chars = title.chars().count().max(1) as f64;
    let fits = (f64::from(SIZE.0) * 0.95 / (0.55 * chars)).floor();
    (FAMILY, fits.clamp(13.0, 30.0)).into_font()
}

/// The most characters a title keeps: what fits at the smallest title
/// size; a longer one is cut with an ellipsis (a compare of many
/// scenarios).
pub(super) const TITLE_CHARS: usize = 150;

/// Axis description font.
pub(super) fn label_font() -> FontDesc<'static> {
    (FAMILY, 22).into_font()
}

/// Tick and legend font.
pub(super) fn tick_font() -> FontDesc<'static> {
    (FAMILY, 18).into_font()
}

/// A compact number with an SI suffix: 950, 12.5k, 1.2M, −3.4B.
pub(super) fn si(x: f64) -> String {
    let a = x.abs();
    let sign = if x < 0.0 { "−" } else { "" };
    let (v, suffix) = crate::report::format::si_scale(a);
    let text = if v == v.round() || v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    format!("{sign}{text}{suffix}")
}

/// A range around `lo..hi` that is never empty nor unreadably narrow: a
/// range under 0.1% of its magnitude is widened to ±10% of it (at least ±1)
/// around its middle; any other gets 4% of padding.
pub(super) fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let magnitude = lo.abs().max(hi.abs());
    if hi - lo > magnitude * 1e-3 {
        let pad = (hi - lo) * 0.04;
        (lo - pad, hi + pad)
    } else {
        let mid = (lo + hi) / 2.0;
        let pad = (magnitude * 0.1).max(1.0);
        (mid - pad, mid + pad)
    }
}

/// The round step (1, 2, 2.5 or 5 times a power of ten) nearest to `raw`
/// by ratio; 1 for a `raw` that is not a positive number.
pub(super) fn nice_step(raw: f64) -> f64 {
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let unit = 10f64.powi(raw.log10().floor() as i32);
    let off = |step: f64| (step / raw).ln().abs();
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * unit)
        .fold(
            unit,
            |best, step| if off(step) < off(best) { step } else { best },
        )
}

/// Whether `lo..hi` is too narrow to bin (see [`padded`]).
pub(super) fn degenerate(lo: f64, hi: f64) -> bool {
    hi - lo <= lo.abs().max(hi.abs()) * 1e-3
}

/// A tick label in [`si`] form.
pub(super) fn si_label(v: &f64) -> String {
    si(*v)
}

/// A tick label for a count axis: whole numbers only.
pub(super) fn count_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        crate::report::format::thousands(*v, 0)
    } else {
        String::new()
    }
}

/// A tick label for a percentage axis, in whole percent.
pub(super) fn percent_label(v: &f64) -> String {
    format!("{v:.0}%")
}

/// Black tick-font text anchored at its `h`orizontal and `v`ertical side.
pub(super) fn anchored(h: HPos, v: VPos) -> TextStyle<'static> {
    tick_font()
        .color(&plotters::style::BLACK)
        .pos(Pos::new(h, v))
}

/// The label of category `x` (an axis position) from `names`: the name at
/// whole positions, nothing between them.
pub(super) fn category(x: f64, names: &[String]) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 {
        names.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn si_is_compact_with_a_true_minus() {
        let cases = [
            (0.0, "0"),
            (950.0, "950"),
            (12_500.0, "12.5k"),
            (1_234_567.0, "1.23M"),
            (-3.4e9, "−3.4B"),
            (150_000.0, "150k"),
            (0.25, "0.25"),
        ];
        for (x, text) in cases {
            assert_eq!(si(x), text, "{x}");
        }
    }

    #[test]
    fn padded_widens_degenerate_ranges_and_pads_others() {
        assert_eq!(padded(0.0, 100.0), (-4.0, 104.0));
        assert_eq!(padded(5.0, 5.0), (4.0, 6.0));
        assert_eq!(padded(1000.0, 1000.0), (900.0, 1100.0));
        assert!(degenerate(1000.0, 1000.5) && !degenerate(0.0, 1.0));
    }

    #[test]
    fn nice_steps_are_the_nearest_round_ones() {
        let cases = [
            (13.17, 10.0),
            (0.4, 0.5),
            (2.2, 2.0),
            (2.3, 2.5),
            (5000.0, 5000.0),
            (5.9, 5.0),
            (7.5, 10.0),
            (0.0, 1.0),
            (f64::NAN, 1.0),
        ];
        for (raw, step) in cases {
            assert_eq!(nice_step(raw), step, "{raw}");
        }
    }

    #[test]
    fn tick_labels_show_whole_counts_and_categories_only() {
        assert_eq!(count_label(&1234.0), "1,234");
        assert_eq!(count_label(&2.5), "");
        assert_eq!(percent_label(&42.4), "42%");
        let names = ["a".to_owned(), "b".to_owned()];
        assert_eq!(category(1.0, &names), "b");
        assert_eq!(category(0.5, &names), "");
        assert_eq!(category(2.0, &names), "");
        assert_eq!(category(-1.0, &names), "");
    }
}
