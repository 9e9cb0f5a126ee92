//! Charts and report.html: every chart is written as a PNG of the expected
//! size with real content and as a well-formed SVG, for ordinary and for
//! degenerate batches; --no-charts skips them; the HTML is self-contained.

use crate::support::{BASELINE, BASELINE_PATH, FIXED, IDEAL, edit, read_json, runs_csv_column};
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

/// The charts of a run of the baseline (the geometry chart comes with an
/// orbit).
const CHARTS: [&str; 9] = [
    "delivered_histogram",
    "delivered_exceedance",
    "npv_histogram",
    "outcomes",
    "failure_events",
    "time",
    "timeline",
    "geometry",
    "convergence",
];

fn run(dir: &Path, file: &str, runs: &str, extra: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_astromine"))
        .args(["run", file, "--runs", runs, "--out", "o", "--quiet"])
        .args(extra)
        .current_dir(dir)
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Checks every chart of `results`: PNG 1200×800 with more than a handful
/// of colours, SVG that parses with an <svg> root; the geometry chart only
/// when the scenario has an orbit.
fn assert_charts(results: &Path, orbit: bool) {
    let geometry = results.join("charts/geometry.png");
    assert_eq!(geometry.is_file(), orbit, "{}", geometry.display());
    for stem in CHARTS.into_iter().filter(|s| orbit || *s != "geometry") {
        let png = results.join("charts").join(format!("{stem}.png"));
        let img = image::open(&png)
            .unwrap_or_else(|e| panic!("{}: {e}", png.display()))
            .to_rgb8();
        assert_eq!(img.dimensions(), (1200, 800), "{stem}");
        let colours: HashSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
        assert!(
            colours.len() > 8,
            "{stem}: only {} colours: blank?",
            colours.len()
        );
        let svg =
            std::fs::read_to_string(results.join("charts").join(format!("{stem}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{stem}.svg: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg", "{stem}");
        assert!(svg.contains("<text"), "{stem}.svg has no text");
    }
}

#[test]
fn a_batch_writes_every_chart_and_a_self_contained_html_report() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    run(dir.path(), b, "300", &[]);
    let results = dir.path().join("o/baseline");
    assert_charts(&results, true);
    let md = std::fs::read_to_string(results.join("report.md")).unwrap();
    for stem in CHARTS {
        assert!(
            md.contains(&format!("(charts/{stem}.png)")),
            "report.md does not link {stem}"
        );
    }
    let html = std::fs::read_to_string(results.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg").count(),
        CHARTS.len(),
        "every chart inline"
    );
    assert!(html.contains("<table>") && html.contains("P(NPV &gt; 0)"));
    for external in ["src=\"http", "href=\"http", "<script", "<link", "@import"] {
        assert!(
            !html.contains(external),
            "report.html reaches out: {external}"
        );
    }
}

#[test]
fn degenerate_batches_still_chart_sensibly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Every run fails at launch.
    std::fs::write(
        d.join("fail.toml"),
        edit(
            BASELINE,
            &[
                ("name = \"baseline\"", "name = \"fail\""),
                ("launch_failure_prob = 0.03", "launch_failure_prob = 1"),
            ],
        ),
    )
    .unwrap();
    run(d, "fail.toml", "50", &[]);
    assert_charts(&d.join("o/fail"), true);
    // Every run identical: no uncertainty, nothing fails, full delivery.
    let mut same = IDEAL.to_vec();
    same.extend([
        ("name = \"fixed-windows\"", "name = \"same\""),
        ("distance_au = { uniform = [0.8, 2.2] }", "distance_au = 1"),
        (
            "grade_wt_pct = { triangular = [3.0, 8.0, 12.0] }",
            "grade_wt_pct = 8",
        ),
    ]);
    std::fs::write(d.join("same.toml"), edit(FIXED, &same)).unwrap();
    run(d, "same.toml", "30", &[]);
    assert_charts(&d.join("o/same"), false);
    let summary: serde_json::Value = read_json(d.join("o/same/summary.json"));
    assert_eq!(
        summary["metrics"]["delivered_kg"]["std"], 0.0,
        "all runs deliver the same"
    );
    // A single replication.
    std::fs::write(
        d.join("one.toml"),
        edit(FIXED, &[("name = \"fixed-windows\"", "name = \"one\"")]),
    )
    .unwrap();
    run(d, "one.toml", "1", &[]);
    assert_charts(&d.join("o/one"), false);
}

#[test]
fn no_charts_skips_them_but_keeps_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    run(dir.path(), b, "20", &["--no-charts"]);
    let results = dir.path().join("o/baseline");
    assert!(!results.join("charts").exists());
    let md = std::fs::read_to_string(results.join("report.md")).unwrap();
    assert!(!md.contains("## Charts") && !md.contains(".png"));
    let html = std::fs::read_to_string(results.join("report.html")).unwrap();
    assert!(!html.contains("<svg"));
}

/// Runs the fixed-window scenario for `runs` replications in `dir`; returns
/// its results folder.
fn fixed_batch(dir: &Path, runs: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("fixed.toml"), FIXED).unwrap();
    run(dir, "fixed.toml", runs, &[]);
    dir.join("o/fixed-windows")
}

/// The SVG of chart `stem` in `results`.
fn chart_svg(results: &Path, stem: &str) -> String {
    std::fs::read_to_string(results.join("charts").join(format!("{stem}.svg"))).unwrap()
}

/// The texts of an SVG, in document order.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().trim().to_owned())
        .collect()
}

/// The SVG elements named `tag` whose `attr` is `value`.
fn svg_elements<'a>(
    doc: &'a roxmltree::Document<'a>,
    tag: &'a str,
    (attr, value): (&'a str, &'a str),
) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> + 'a {
    doc.descendants()
        .filter(move |n| n.has_tag_name(tag) && n.attribute(attr) == Some(value))
}

/// The number attribute `name` of SVG element `n`.
fn num(n: &roxmltree::Node<'_, '_>, name: &str) -> f64 {
    n.attribute(name).unwrap().parse().unwrap()
}

/// The points of an SVG polyline.
fn polyline_points(n: &roxmltree::Node<'_, '_>) -> Vec<(f64, f64)> {
    n.attribute("points")
        .unwrap()
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn npv_bars_are_all_loss_or_all_gain_with_zero_an_edge() {
    let dir = tempfile::tempdir().unwrap();
    let results = fixed_batch(dir.path(), "300");
    let npv = runs_csv_column(&results, "npv_usd");
    assert!(npv.iter().any(|v| *v < 0.0) && npv.iter().any(|v| *v > 0.0));
    let svg = chart_svg(&results, "npv_histogram");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // Bars stand on the axis; legend keys do not.
    let bars = |fill| -> Vec<(f64, f64, f64)> {
        svg_elements(&doc, "rect", ("fill", fill))
            .map(|r| {
                (
                    num(&r, "x"),
                    num(&r, "width"),
                    num(&r, "y") + num(&r, "height"),
                )
            })
            .collect()
    };
    let (losses, gains) = (bars("#A52A2A"), bars("#1F3B73"));
    let axis = losses.iter().chain(&gains).map(|b| b.2).fold(0.0, f64::max);
    let on_axis = |b: &&(f64, f64, f64)| b.2 == axis;
    let loss_end = losses
        .iter()
        .filter(on_axis)
        .map(|b| b.0 + b.1)
        .fold(0.0, f64::max);
    let gain_start = gains
        .iter()
        .filter(on_axis)
        .map(|b| b.0)
        .fold(f64::MAX, f64::min);
    let zero = svg_elements(&doc, "polyline", ("stroke", "#6E6E6E"))
        .flat_map(|l| polyline_points(&l))
        .map(|p| p.0)
        .next()
        .expect("a break-even line");
    assert!(
        loss_end <= zero && zero <= gain_start,
        "losses end at {loss_end}, 0 at {zero}, gains start at {gain_start}"
    );
    let texts = svg_texts(&svg);
    for centre in ["mean −$", "median −$"] {
        assert!(
            texts.iter().any(|t| t.starts_with(centre)),
            "{centre}: {texts:?}"
        );
    }
}

#[test]
fn exceedance_marks_carry_the_real_probability_and_the_dkw_band() {
    let dir = tempfile::tempdir().unwrap();
    let results = fixed_batch(dir.path(), "300");
    let delivered = runs_csv_column(&results, "delivered_kg");
    let n = delivered.len() as f64;
    let share = |keep: &dyn Fn(f64) -> bool| {
        let count = delivered.iter().filter(|v| keep(**v)).count() as f64;
        format!("{:.1}%", count / n * 100.0)
    };
    let texts = svg_texts(&chart_svg(&results, "delivered_exceedance"));
    let eps = astromine::stats::dkw_epsilon(300, 0.05) * 100.0;
    let band = format!("95% confidence band (DKW): ±{eps:.1} points at n = 300");
    assert!(texts.contains(&band), "{band}: {texts:?}");
    let mut atoms = 0;
    for (mark, level) in [("P90", 90.0), ("P50", 50.0), ("P10", 10.0)] {
        let prefix = format!("{mark}: ≥ ");
        let (label, rest) = texts
            .iter()
            .find_map(|t| Some((t, t.strip_prefix(&prefix)?)))
            .unwrap_or_else(|| panic!("no {mark} in {texts:?}"));
        let (kg, rest) = rest.split_once(" kg with ").unwrap();
        let x: f64 = kg.replace(',', "").parse().unwrap();
        let (p, more) = rest.split_once(" probability").unwrap();
        let stated: f64 = p.trim_end_matches('%').parse().unwrap();
        if more.is_empty() {
            // A value of one run: within a run of the nominal level.
            assert!((stated - level).abs() <= 100.0 / n + 0.05, "{label}");
        } else {
            // An atom: the real shares at and above it.
            atoms += 1;
            assert_eq!(p, share(&|v| v >= x), "{label}");
            assert_eq!(
                more,
                format!(" (> {kg} kg: {})", share(&|v| v > x)),
                "{label}"
            );
        }
    }
    // Nothing delivered (P90) and every trip full (P10: P(≥ 200 t) > 10%).
    assert_eq!(atoms, 2, "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("P10: ≥ 200,000 kg with 1"))
    );
}

#[test]
fn the_dkw_half_width_follows_its_formula() {
    // ε = √(ln(2/α) / (2n)): ln 40 = 3.688879454, so 0.0303681 at n = 2000.
    let eps = astromine::stats::dkw_epsilon(2000, 0.05);
    assert!((eps - 0.030_368_07).abs() < 1e-8, "{eps}");
    // The band holds with 1 − α: 2·exp(−2nε²) = α.
    let alpha = 2.0 * (-2.0 * 2000.0 * eps * eps).exp();
    assert!((alpha - 0.05).abs() < 1e-12, "{alpha}");
}

#[test]
fn the_running_means_stay_inside_their_panels_and_never_run_along_an_edge() {
    let dir = tempfile::tempdir().unwrap();
    let results = fixed_batch(dir.path(), "300");
    let svg = chart_svg(&results, "convergence");
    let texts = svg_texts(&svg);
    assert!(
        texts.contains(&"Delivered cargo".to_owned())
            && texts.contains(&"Net present value".to_owned())
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let means: Vec<Vec<(f64, f64)>> = svg_elements(&doc, "polyline", ("stroke", "#1F3B73"))
        .map(|l| polyline_points(&l))
        .filter(|p| p.len() > 2)
        .collect();
    assert!(means.iter().any(|m| m[0].0 < 600.0) && means.iter().any(|m| m[0].0 > 600.0));
    for mean in &means {
        let left = mean[0].0 < 600.0;
        // The panel's vertical grid lines span its plot from top to bottom.
        let (top, bottom) = doc
            .descendants()
            .filter(|n| n.has_tag_name("line") && num(n, "x1") == num(n, "x2"))
            .filter(|n| (num(n, "x1") < 600.0) == left)
            .map(|n| {
                (
                    num(&n, "y1").min(num(&n, "y2")),
                    num(&n, "y1").max(num(&n, "y2")),
                )
            })
            .fold((f64::MAX, 0.0_f64), |(t, b), (y0, y1)| {
                (t.min(y0), b.max(y1))
            });
        assert!(
            mean.iter().all(|p| (top..=bottom).contains(&p.1)),
            "{top}..{bottom}: {mean:?}"
        );
        let along = mean
            .windows(2)
            .any(|w| w[0].1 == w[1].1 && (w[0].1 == top || w[0].1 == bottom));
        assert!(!along, "a running mean runs along the edge: {mean:?}");
    }
}

#[test]
fn the_timeline_states_the_reports_median_and_draws_the_flights_home() {
    let dir = tempfile::tempdir().unwrap();
    let results = fixed_batch(dir.path(), "300");
    let md = std::fs::read_to_string(results.join("report.md")).unwrap();
    let median = md
        .lines()
        .filter(|l| l.starts_with("| delivered cargo, kg |"))
        .find_map(|l| l.split_once("median "))
        .and_then(|(_, rest)| rest.split_once([' ', ';']))
        .map(|(m, _)| m.to_owned())
        .unwrap();
    let svg = chart_svg(&results, "timeline");
    let texts = svg_texts(&svg);
    let title = &texts[0];
    assert!(
        title.ends_with(&format!("; median {median} kg)"))
            || title.ends_with(&format!(", {median} kg delivered = median)")),
        "{title} vs the report's {median}"
    );
    // A flight home per departure, labelled beside its bar, under the
    // departure lines (which stop above the flights' rows).
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let flights: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.text()
                .map(str::trim)
                .is_some_and(|t| t.ends_with(" kg delivered") || t.ends_with(" kg lost"))
        })
        .map(|n| num(&n, "y"))
        .collect();
    assert!(!flights.is_empty(), "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "return 1") && !texts.iter().any(|t| t.starts_with("return 1:"))
    );
    let gantt_bottom = flights.iter().copied().fold(0.0, f64::max);
    let lowest_departure = svg_elements(&doc, "polyline", ("stroke", "#A52A2A"))
        .flat_map(|l| polyline_points(&l))
        .map(|p| p.1)
        .filter(|y| *y < gantt_bottom + 30.0)
        .fold(0.0, f64::max);
    let first_flight = flights.iter().copied().fold(f64::MAX, f64::min);
    assert!(
        lowest_departure < first_flight - 10.0,
        "departures reach {lowest_departure}, labels at {flights:?}"
    );
}
