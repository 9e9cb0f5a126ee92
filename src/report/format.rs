//! Numbers for people: thousands separators, money with SI-style suffixes,
//! percentages.

/// `x` rounded to `decimals` with comma thousands separators ("85,896").
pub(crate) fn thousands(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// US dollars with a k/M/B suffix and three significant figures ("$152M",
/// "−$1.25B").
pub(crate) fn usd(x: f64) -> String {
    let sign = if x < 0.0 { "−" } else { "" };
    let (v, suffix) = si_scale(x.abs());
    // Chosen on the rounded value, so 99.97 shows as 100 rather than 100.0.
    let decimals = if v >= 99.95 {
        0
    } else if v >= 9.995 {
        1
    } else {
        2
    };
    format!("{sign}${v:.decimals$}{suffix}")
}

/// A non-negative `a` scaled to below a thousand, with its k/M/B suffix.
pub(crate) fn si_scale(a: f64) -> (f64, &'static str) {
    if a >= 1e9 {
        (a / 1e9, "B")
    } else if a >= 1e6 {
        (a / 1e6, "M")
    } else if a >= 1e3 {
        (a / 1e3, "k")
    } else {
        (a, "")
    }
}

/// An interval as "`low` to `high`", each end shown by `show`.
pub(crate) fn range(low: f64, high: f64, show: impl Fn(f64) -> String) -> String {
    format!("{} to {}", show(low), show(high))
}

/// A share as a percentage with one decimal ("86.1%").
pub(crate) fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `x` to four significant figures, with thousands separators from 1,000 on
/// ("343.7", "0.004388", "1,907").
pub(crate) fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let magnitude = x.abs().log10().floor() as i32;
    if magnitude >= 3 {
        return thousands(x, 0);
    }
    let decimals = (3 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    text.replacen('-', "−", 1)
}

/// `x` with `unit` after it ("343.7 h", "12°", "0.68" for no unit).
pub(crate) fn quantity(x: f64, unit: &str) -> String {
    match unit {
        "" => significant(x),
        "°" => format!("{}°", significant(x)),
        unit => format!("{} {unit}", significant(x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_and_signs() {
        assert_eq!(thousands(85_896.4, 0), "85,896");
        assert_eq!(thousands(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(-1000.0, 0), "−1,000");
        assert_eq!(thousands(-0.004, 2), "0.00");
        assert_eq!(thousands(0.0, 1), "0.0");
        assert_eq!(thousands(f64::NAN, 0), "NaN");
        assert_eq!(thousands(f64::INFINITY, 0), "inf");
    }

    #[test]
    fn usd_keeps_three_figures() {
        assert_eq!(usd(152e6), "$152M");
        assert_eq!(usd(-1.25e9), "−$1.25B");
        assert_eq!(usd(12_345.0), "$12.3k");
        assert_eq!(usd(999.6), "$1000");
        assert_eq!(usd(99_970.0), "$100k");
        assert_eq!(usd(9.996e6), "$10.0M");
        assert_eq!(usd(0.0), "$0.00");
    }

    #[test]
    fn percent_and_significant() {
        assert_eq!(percent(0.861), "86.1%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(significant(343.71), "343.7");
        assert_eq!(significant(0.0043880), "0.004388");
        assert_eq!(significant(1907.4), "1,907");
        assert_eq!(significant(-2.5), "−2.5");
        assert_eq!(significant(0.0), "0");
    }

    #[test]
    fn ranges_and_scales() {
        assert_eq!(range(0.1, 0.25, percent), "10.0% to 25.0%");
        assert_eq!(si_scale(2.5e6), (2.5, "M"));
        assert_eq!(si_scale(999.0), (999.0, ""));
    }
}
