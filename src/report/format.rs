//! Numbers for people: thousands separators, money with SI-style suffixes,
//! percentages.

/// `x` rounded to `decimals` with comma thousands separators ("85,896").
pub fn thousands(x: f64, decimals: usize) -> String {
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
pub fn usd(x: f64) -> String {
    let sign = if x < 0.0 { "−" } else { "" };
    let a = x.abs();
    let (v, suffix) = if a >= 1e9 {
        (a / 1e9, "B")
    } else if a >= 1e6 {
        (a / 1e6, "M")
    } else if a >= 1e3 {
        (a / 1e3, "k")
    } else {
        (a, "")
    };
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

/// A share as a percentage with one decimal ("86.1%").
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `x` to four significant figures, with thousands separators from 1,000 on
/// ("343.7", "0.004388", "1,907").
pub fn significant(x: f64) -> String {
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
