//! The headline of the reports: targets (`--target`, `[report] targets`)
//! with their shares and Wilson intervals, the percentile table of the
//! headline metrics, the table of contents of long reports, and summary.md,
//! the report without images for CI job summaries.

use crate::scenario::{line_of, problems, with};
use crate::support::{
    BASELINE_PATH, FIXED, astromine_exits, astromine_ok, listing, read_json, runs_csv_column, text,
};
use astromine::stats::{Z95, quantile_sorted, wilson};
use serde_json::Value;
use std::path::Path;

/// The fixed-window scenario named `name` with `[report] targets`.
fn with_targets(name: &str, targets: &[&str]) -> String {
    let list: Vec<String> = targets.iter().map(|t| format!("{t:?}")).collect();
    let text = FIXED.replacen("name = \"fixed-windows\"", &format!("name = \"{name}\""), 1);
    format!("{text}\n[report]\ntargets = [{}]\n", list.join(", "))
}

/// Runs the baseline `runs` times into `d`/o with `extra` arguments,
/// quietly; its results folder.
fn run_baseline(d: &Path, runs: &str, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec![
        "run",
        BASELINE_PATH,
        "--runs",
        runs,
        "--out",
        "o",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    astromine_ok(d, &args);
    d.join("o/baseline")
}

/// Whether the JSON number `got` is `want`, as serde_json reads floats
/// back (to within an ulp or so).
fn close(got: &Value, want: f64) -> bool {
    got.as_f64()
        .is_some_and(|x| (x - want).abs() <= 1e-12 * want.abs())
}

#[test]
fn targets_in_a_scenario_are_checked_where_they_are_written() {
    let good = with_targets("t", &["delivered_kg >= 100000", "npv_usd>0"]);
    assert!(problems(&good).is_empty(), "{:?}", problems(&good));
    let bad = with_targets(
        "t",
        &[
            "delivered_kg >= 1",
            "delivered >= 1",
            "npv_usd = 0",
            "mission_days < soon",
        ],
    );
    let line = line_of(&bad, "targets = [");
    let got = problems(&bad);
    assert_eq!(got, vec![(String::from("report.targets"), Some(line)); 3]);
    let Err(astromine::scenario::ScenarioError::Invalid(report)) =
        astromine::scenario::parse(&bad, "t.toml")
    else {
        panic!("invalid targets load");
    };
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages[0].contains("`delivered` is not a metric"),
        "{messages:?}"
    );
    assert!(
        messages[0].contains("delivered_kg, revenue_usd"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`=` is not a comparison"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("`soon` is not a number"),
        "{messages:?}"
    );
    // Each is pointed at where it is written: its own column on the line.
    let columns: Vec<usize> = report
        .diagnostics
        .iter()
        .map(|d| report.locate(d.span.as_ref().unwrap()).unwrap().1.column)
        .collect();
    let row = bad.lines().nth(line - 1).unwrap();
    for (col, target) in columns
        .iter()
        .zip(["\"delivered >=", "\"npv_usd =", "\"mission_days"])
    {
        assert_eq!(row[col - 1..].find(target), Some(0), "{row}, column {col}");
    }
    // A [report] section is optional; unknown keys in it are errors.
    let typo = with(
        "discount_rate = 0.08",
        "discount_rate = 0.08\n[report]\ntarget = []",
    );
    assert_eq!(problems(&typo)[0].0, "report.target");
}

#[test]
fn run_reports_each_target_with_its_wilson_interval() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = with_targets("t", &["delivered_kg >= 100000", "npv_usd > 0"]);
    std::fs::write(d.join("t.toml"), file).unwrap();
    // One target again in other words, two new ones.
    let args = [
        "run",
        "t.toml",
        "--runs",
        "120",
        "--out",
        "o",
        "--no-charts",
        "--quiet",
        "--target",
        "delivered_kg>=1e5",
        "--target",
        "mission_days < 2600",
        "--target",
        "robots_lost <= 0",
    ];
    astromine_ok(d, &args);
    let results = d.join("o/t");
    let summary = read_json(results.join("summary.json"));
    let targets = summary["targets"].as_array().unwrap();
    let names: Vec<&str> = targets
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "delivered_kg >= 100000",
            "npv_usd > 0",
            "mission_days < 2600",
            "robots_lost <= 0"
        ]
    );
    let report = std::fs::read_to_string(results.join("report.md")).unwrap();
    let met: [fn(f64) -> bool; 4] = [
        |x| x >= 100_000.0,
        |x| x > 0.0,
        |x| x < 2600.0,
        |x| x <= 0.0,
    ];
    for (t, holds) in targets.iter().zip(met) {
        let values = runs_csv_column(&results, t["metric"].as_str().unwrap());
        let count = values.iter().filter(|&&x| holds(x)).count() as u64;
        assert_eq!(t["count"].as_u64(), Some(count), "{t}");
        let (low, high) = wilson(count, 120, Z95);
        for (field, want) in [
            ("share", count as f64 / 120.0),
            ("ci95_low", low),
            ("ci95_high", high),
        ] {
            assert!(close(&t[field], want), "{field} of {t}: want {want}");
        }
        assert!(low <= count as f64 / 120.0 && count as f64 / 120.0 <= high);
        let share = format!(
            "{:.1}% (95% CI {:.1}% to {:.1}%)",
            100.0 * count as f64 / 120.0,
            low * 100.0,
            high * 100.0
        );
        assert!(report.contains(&share), "report.md lacks {share}");
    }
    for row in [
        "| P(delivered_kg ≥ 100,000) |",
        "| P(npv_usd > 0) |",
        "| P(mission_days < 2,600) |",
        "| P(robots_lost ≤ 0) |",
    ] {
        assert!(report.contains(row), "report.md lacks {row}");
    }
}

#[test]
fn percentiles_are_the_exact_quantiles_of_runs_csv() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let results = run_baseline(d, "90", &["--no-charts"]);
    let summary = read_json(results.join("summary.json"));
    let table = summary["percentiles"].as_object().unwrap();
    // In file order (serde_json's map sorts its keys).
    let json = std::fs::read_to_string(results.join("summary.json")).unwrap();
    let at = |name: &str| {
        json.find(&format!("\"{name}\": {{\n      \"p01\""))
            .unwrap()
    };
    assert!(at("delivered_kg") < at("npv_usd") && at("npv_usd") < at("mission_days"));
    assert_eq!(table.len(), 3);
    for (metric, p) in table {
        let mut values = runs_csv_column(&results, metric);
        values.sort_by(f64::total_cmp);
        for level in [1, 5, 10, 25, 50, 75, 90, 95, 99] {
            let want = quantile_sorted(&values, f64::from(level) / 100.0).unwrap();
            let got = &p[format!("p{level:02}")];
            assert!(close(got, want), "{metric} P{level}: {got} against {want}");
        }
        let m = &summary["metrics"][metric];
        assert_eq!(p["p05"], m["p05"], "{metric}");
        assert_eq!(p["p50"], m["p50"], "{metric}");
        assert_eq!(p["p95"], m["p95"], "{metric}");
    }
    let report = std::fs::read_to_string(results.join("report.md")).unwrap();
    assert!(
        report.contains(
            "| metric | P1 | P5 | P10 | P25 | P50 | P75 | P90 | P95 | P99 | mean | std |"
        )
    );
    for label in [
        "| delivered cargo, kg |",
        "| net present value |",
        "| mission length, days |",
    ] {
        assert_eq!(
            report.matches(label).count(),
            2,
            "{label} in the headline and percentiles"
        );
    }
}

#[test]
fn bad_targets_are_errors_that_name_the_metrics_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let b = BASELINE_PATH;
    for (target, says) in [
        ("delivered>=1", "`delivered` is not a metric"),
        ("delivered_kg=1", "`=` is not a comparison"),
        ("delivered_kg", "is not a target"),
        ("delivered_kg >= 1e999", "is not a number"),
    ] {
        for command in [&["run", b][..], &["compare", b, b][..]] {
            let mut args = command.to_vec();
            args.extend(["--runs", "4", "--out", "o", "--target", target]);
            let err = text(&astromine_exits(d, &args, 2).stderr);
            assert!(err.starts_with("error: ") && err.contains(says), "{err}");
            assert!(err.contains("--target"), "{err}");
            if says.contains("metric") {
                assert!(err.contains("delivered_kg, revenue_usd, npv_usd"), "{err}");
            }
        }
    }
    assert!(listing(d).is_empty(), "{:?}", listing(d));
}

#[test]
fn shards_of_a_run_with_targets_merge_into_the_unsharded_results() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "run",
            BASELINE_PATH,
            "--runs",
            "12",
            "--out",
            out,
            "--no-charts",
            "--quiet",
            "--target",
            "delivered_kg >= 100000",
        ];
        args.extend_from_slice(extra);
        astromine_ok(d, &args);
    };
    run("whole", &[]);
    for k in ["1/2", "2/2"] {
        run("s", &["--shard", k]);
    }
    astromine_ok(d, &["merge", "s/baseline", "--out", "m", "--no-charts"]);
    let summary = |dir: &str| std::fs::read(d.join(dir).join("baseline/summary.json")).unwrap();
    assert_eq!(summary("whole"), summary("m"));
    let targets = read_json(d.join("m/baseline/summary.json"))["targets"].clone();
    assert_eq!(targets[0]["target"], "delivered_kg >= 100000", "{targets}");
}

#[test]
fn compare_measures_every_scenario_against_every_target() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.toml"),
        with_targets("a", &["delivered_kg >= 100000"]),
    )
    .unwrap();
    std::fs::write(
        d.join("b.toml"),
        with_targets("b", &["npv_usd > 0", "delivered_kg >= 1e5"]),
    )
    .unwrap();
    let args = [
        "compare",
        "a.toml",
        "b.toml",
        "--runs",
        "30",
        "--out",
        "o",
        "--target",
        "deliveries >= 2",
    ];
    astromine_ok(d, &args);
    let json = read_json(d.join("o/a-vs-b/comparison.json"));
    for scenario in json["scenarios"].as_array().unwrap() {
        let names: Vec<&str> = scenario["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["target"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["delivered_kg >= 100000", "npv_usd > 0", "deliveries >= 2"]
        );
    }
    let md = std::fs::read_to_string(d.join("o/a-vs-b/comparison.md")).unwrap();
    assert!(md.contains("## Targets"), "{md}");
    assert!(
        md.contains(
            "| scenario | P(delivered_kg ≥ 100,000) (95% CI) | P(npv_usd > 0) (95% CI) | \
             P(deliveries ≥ 2) (95% CI) |"
        ),
        "{md}"
    );
    // Common random numbers and the same scenario apart from its name and
    // targets: the same shares.
    let [a, b] = [0, 1].map(|i| json["scenarios"][i]["targets"].clone());
    assert_eq!(a, b);
}

/// The anchors a Markdown document's table of contents links to, and those
/// its `## ` headings get on GitHub.
fn contents_and_headings(md: &str) -> (Vec<String>, Vec<String>) {
    let links = md
        .lines()
        .skip_while(|l| *l != "**Contents**")
        .skip(2)
        .take_while(|l| l.starts_with("- ["))
        .map(|l| {
            l.split("](#")
                .nth(1)
                .unwrap()
                .trim_end_matches(')')
                .to_owned()
        })
        .collect();
    let headings = md
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|h| {
            h.to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || " -_".contains(*c))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        })
        .collect();
    (links, headings)
}

#[test]
fn summary_md_lists_the_charts_instead_of_showing_them_and_contents_link_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let results = run_baseline(d, "30", &[]);
    let report = std::fs::read_to_string(results.join("report.md")).unwrap();
    let summary = std::fs::read_to_string(results.join("summary.md")).unwrap();
    assert!(report.contains("!["), "report.md shows its charts");
    assert!(!summary.contains("!["), "summary.md has no image to break");
    assert!(
        !summary.contains("<img"),
        "summary.md has no image to break"
    );
    assert!(
        summary.contains("in the uploaded results artifact"),
        "{summary}"
    );
    // The CI example sends summary.md, not report.md, to the job summary.
    let workflow = include_str!("../../examples/ci/github-actions.yml");
    assert!(workflow.contains("cat results/*/summary.md >> \"$GITHUB_STEP_SUMMARY\""));
    assert!(!workflow.contains("report.md >>"), "{workflow}");
    let pngs: Vec<String> = listing(&results.join("charts"))
        .into_iter()
        .filter(|f| f.ends_with(".png"))
        .collect();
    assert!(pngs.len() >= 8, "{pngs:?}");
    for png in &pngs {
        assert!(
            summary.contains(&format!("- `charts/{png}`: ")),
            "summary.md lacks {png}"
        );
    }
    // Apart from the charts section's body, the same document.
    let without_charts = |md: &str| -> Vec<String> {
        let mut in_charts = false;
        md.lines()
            .filter(|l| {
                if l.starts_with("## ") {
                    in_charts = *l == "## Charts";
                    return true;
                }
                !in_charts
            })
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(without_charts(&report), without_charts(&summary));
    // The table of contents links every section, as GitHub anchors them,
    // and report.html gives each section that anchor.
    let html = std::fs::read_to_string(results.join("report.html")).unwrap();
    for md in [&report, &summary] {
        let (links, headings) = contents_and_headings(md);
        assert_eq!(links, headings);
        assert!(links.len() >= 8, "{links:?}");
        for anchor in &links {
            assert!(
                html.contains(&format!("<a href=\"#{anchor}\">")),
                "{anchor}"
            );
            assert_eq!(
                html.matches(&format!(" id=\"{anchor}\"")).count(),
                1,
                "{anchor}"
            );
        }
    }
}

#[test]
fn a_run_without_charts_has_no_charts_section_in_summary_md() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let results = run_baseline(d, "5", &["--no-charts"]);
    let summary = std::fs::read_to_string(results.join("summary.md")).unwrap();
    assert!(!summary.contains("## Charts") && !summary.contains("charts/"));
    assert_eq!(
        summary,
        std::fs::read_to_string(results.join("report.md")).unwrap()
    );
    // The baseline's own [report] targets, and no others.
    let json: Value = read_json(results.join("summary.json"));
    let texts: Vec<&str> = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["delivered_kg >= 100000", "delivered_kg >= 200000"]);
}
