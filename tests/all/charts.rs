//! Charts and report.html: every chart is written as a PNG of the expected
//! size with real content and as a well-formed SVG, for ordinary and for
//! degenerate batches; --no-charts skips them; the HTML is self-contained.

use crate::support::{BASELINE, BASELINE_PATH, FIXED, IDEAL, edit, read_json};
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
