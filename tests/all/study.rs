//! Studies: comparisons on common random numbers, sweeps and sensitivity.

use crate::support::{
    BASELINE, BASELINE_PATH, astromine_cli, astromine_ok, batch, prepared, read_json, scenario,
    shipped, text,
};
use astromine::model::record::Metric;
use astromine::model::{Outcome, simulate};
use astromine::stats::{paired_difference, spearman, welch_difference};
use astromine::study::compare::{Difference, compare};
use astromine::study::sample::{Sample, unique_labels};

/// Every text of the SVG file at `path`, in document order.
fn svg_texts(path: impl AsRef<std::path::Path>) -> Vec<String> {
    let svg = std::fs::read_to_string(path.as_ref()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_owned()))
        .collect()
}

/// `x` rounded to a whole number with thousands commas and its sign, as
/// the charts write differences: "+31,084", "−6,599".
fn signed_kg(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x.round() > 0.0 {
        "+"
    } else if x.round() < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{grouped}")
}

#[test]
fn two_sample_statistics_match_hand_computation() {
    let a = [1.0, 2.0, 3.0, 4.0];
    let b = [2.0, 2.5, 4.5, 5.0];
    // Differences 1, 0.5, 1.5, 1: mean 1, sd 0.4082; t(0.975, 3) = 3.182446.
    let p = paired_difference(&a, &b, 0.95).unwrap();
    let half = 3.182_446 * (1.0f64 / 6.0).sqrt() / 2.0;
    assert!(
        (p.mean - 1.0).abs() < 1e-12 && (p.half_width() - half).abs() < 1e-5,
        "{p:?}"
    );
    // Welch: variances 5/3 and 25/12, se² = (5/3 + 25/12)/4.
    let w = welch_difference(&a, &b, 0.95).unwrap();
    let se = ((5.0 / 3.0 + 25.0 / 12.0) / 4.0f64).sqrt();
    assert!((w.mean - 1.0).abs() < 1e-12);
    assert!(
        w.half_width() > 1.96 * se && w.half_width() < 3.2 * se,
        "{w:?}"
    );
    assert_eq!(spearman(&a, &b), Some(1.0));
    assert_eq!(spearman(&a, &[4.0, 3.0, 2.0, 1.0]), Some(-1.0));
    // Ties average their ranks: x = 1,2,2,3 and y = 1,3,2,4 give ρ = 0.9487.
    let rho = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
    assert!((rho - 0.948_683).abs() < 1e-6, "{rho}");
    assert_eq!(
        spearman(&[1.0, 1.0], &[1.0, 2.0]),
        None,
        "a constant sample has no rank correlation"
    );
    assert_eq!(
        unique_labels(&["a".into(), "a".into(), "b".into()]),
        ["a", "a (2)", "b"]
    );
}

/// Replication k of every scenario sees the same asteroid: the per-run
/// draws agree wherever the scenarios agree.
#[test]
fn strategies_see_the_same_asteroid_in_each_replication() {
    let (a, b) = (
        prepared(&scenario(BASELINE)),
        prepared(&scenario(shipped("swarm"))),
    );
    for k in 0..30 {
        let (x, y) = (simulate(&a, 9, k).unwrap(), simulate(&b, 9, k).unwrap());
        assert_eq!(x.metrics.grade_wt_pct, y.metrics.grade_wt_pct, "run {k}");
        assert_eq!(
            x.metrics.surface_strength_kpa,
            y.metrics.surface_strength_kpa
        );
        assert_eq!(x.metrics.distance_au, y.metrics.distance_au);
    }
}

#[test]
fn paired_intervals_are_narrower_than_independent_ones() {
    let runs = 400;
    let no_progress = |_: u64| {};
    let samples: Vec<Sample> = ["baseline", "high-autonomy"]
        .iter()
        .map(|n| Sample::run(&scenario(shipped(n)), n, 20261121, runs, &no_progress).unwrap())
        .collect();
    let report = compare(&samples, 20261121);
    let c = &report.comparisons[0];
    assert_eq!(
        (c.against.as_str(), c.scenario.as_str()),
        ("baseline", "high-autonomy")
    );
    for (what, d) in [("delivered", c.delivered_kg), ("npv", c.npv_usd)] {
        assert!(
            d.width_ratio() < 0.5,
            "{what}: paired {d:?} not narrower than independent"
        );
        assert!(d.paired_ci95_low <= d.mean && d.mean <= d.paired_ci95_high);
    }
    // The same scenario against itself: no difference at all, paired.
    let same = compare(&[samples[0].clone(), samples[0].clone()], 1);
    let d: Difference = same.comparisons[0].npv_usd;
    assert_eq!(
        (d.mean, d.paired_ci95_low, d.paired_ci95_high),
        (0.0, 0.0, 0.0)
    );
    let s = &same.comparisons[0];
    assert_eq!((s.p_npv_higher.count, s.p_npv_lower.count), (0, 0));
    assert_eq!(
        s.p_npv_tied.share, 1.0,
        "a scenario ties itself in every run"
    );
    assert_eq!(s.p_delivered_tied.share, 1.0);
    // Higher, tied and lower cover every paired run exactly once.
    for c in &report.comparisons {
        let total = |x: [&astromine::aggregate::Share; 3]| x.iter().map(|s| s.count).sum::<u64>();
        let runs = samples[0].delivered.len() as u64;
        assert_eq!(
            total([
                &c.p_delivered_higher,
                &c.p_delivered_tied,
                &c.p_delivered_lower
            ]),
            runs
        );
        assert_eq!(
            total([&c.p_npv_higher, &c.p_npv_tied, &c.p_npv_lower]),
            runs
        );
    }
    // Briefs come from the typed summary: the same numbers as the per-run columns.
    let (brief, sample) = (&report.scenarios[1], &samples[1]);
    let mean = sample.delivered.iter().sum::<f64>() / sample.delivered.len() as f64;
    assert!((brief.delivered_kg.mean - mean).abs() <= 1e-9 * mean.abs().max(1.0));
    assert_eq!(
        brief.delivered_kg,
        sample.summary.metrics[Metric::DeliveredKg]
    );
    assert_eq!(brief.success, sample.summary.outcomes[Outcome::Success]);
    let changes = &same.comparisons[0].outcome_share_change;
    assert!(changes.iter().all(|(_, d)| d.mean == 0.0));
}

#[test]
fn compare_writes_tables_and_charts_for_every_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let (a, b, c) = (
        format!("{root}/scenarios/baseline.toml"),
        format!("{root}/scenarios/dust-dome.toml"),
        format!("{root}/scenarios/swarm.toml"),
    );
    astromine_ok(
        dir.path(),
        &["compare", &a, &b, &c, "--runs", "60", "--out", "o"],
    );
    let results = dir.path().join("o/baseline-vs-dust-dome-vs-swarm");
    let json: serde_json::Value = read_json(results.join("comparison.json"));
    assert_eq!(json["runs"], 60);
    assert_eq!(json["scenarios"].as_array().unwrap().len(), 3);
    let first = &json["comparisons"][0];
    assert_eq!(first["scenario"], "dust-dome");
    for key in [
        "mean",
        "paired_ci95_low",
        "paired_ci95_high",
        "independent_ci95_low",
        "independent_ci95_high",
    ] {
        assert!(first["npv_usd"][key].is_number(), "{key}");
    }
    assert!(first["p_delivered_higher"]["share"].is_number());
    assert_eq!(first["outcome_share_change"].as_object().unwrap().len(), 7);
    let md = std::fs::read_to_string(results.join("comparison.md")).unwrap();
    assert!(
        md.contains("paired 95% CI")
            && md.contains("independent 95% CI")
            && md.contains("| swarm |")
            && md.contains("## Where the time goes")
            && md.contains("| limiting stage |")
    );
    let time = &json["scenarios"][1]["time"];
    assert_eq!(time["stages"].as_array().unwrap().len(), 3);
    assert!(time["limit"]["share"].is_number(), "{time}");
    for stem in [
        "compare_exceedance",
        "compare_npv",
        "compare_outcomes",
        "compare_differences",
        "compare_time",
    ] {
        let img = image::open(results.join(format!("charts/{stem}.png"))).unwrap();
        assert_eq!((img.width(), img.height()), (1200, 800), "{stem}");
        roxmltree::Document::parse(
            &std::fs::read_to_string(results.join(format!("charts/{stem}.svg"))).unwrap(),
        )
        .unwrap();
    }
    assert!(
        std::fs::read_to_string(results.join("comparison.html"))
            .unwrap()
            .matches("<svg")
            .count()
            == 5
    );
}

#[test]
fn sweeps_run_a_grid_on_common_random_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    astromine_ok(
        dir.path(),
        &[
            "sweep",
            b,
            "--set",
            "fleet.robots=2,4,8",
            "--runs",
            "40",
            "--out",
            "one",
        ],
    );
    let json: serde_json::Value = read_json(
        dir.path()
            .join("one/baseline-sweep-fleet.robots/sweep.json"),
    );
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    // The 4-robot point is the baseline itself: the same numbers as a run.
    astromine_ok(
        dir.path(),
        &["run", b, "--runs", "40", "--out", "base", "--no-charts"],
    );
    let summary: serde_json::Value = read_json(dir.path().join("base/baseline/summary.json"));
    assert_eq!(
        points[1]["delivered_kg"]["mean"],
        summary["metrics"]["delivered_kg"]["mean"]
    );
    assert!(
        points[0]["delivered_kg"]["mean"].as_f64() < points[2]["delivered_kg"]["mean"].as_f64(),
        "more robots, more cargo"
    );
    assert!(
        dir.path()
            .join("one/baseline-sweep-fleet.robots/charts/sweep.png")
            .is_file()
    );
    let svg = dir
        .path()
        .join("one/baseline-sweep-fleet.robots/charts/sweep.svg");
    assert_no_line_joins_points(&svg);
    let texts = svg_texts(&svg);
    for panel in [
        "delivered cargo, kg",
        "NPV, million USD",
        "success share, %",
        "P(NPV > 0), %",
    ] {
        assert!(
            texts.iter().any(|t| t == panel),
            "no {panel:?} panel: {texts:?}"
        );
    }
    assert!(texts.iter().any(|t| t == "median"));

    astromine_ok(
        dir.path(),
        &[
            "sweep",
            b,
            "--set",
            "fleet.robots=2,4",
            "--set",
            "dust.mitigation=none,dome,electrostatic",
            "--runs",
            "10",
            "--out",
            "two",
        ],
    );
    let json: serde_json::Value = read_json(
        dir.path()
            .join("two/baseline-sweep-fleet.robots-by-dust.mitigation/sweep.json"),
    );
    assert_eq!(json["points"].as_array().unwrap().len(), 6);
    assert_eq!(
        json["points"][1]["values"][1][1], "dome",
        "the last key varies fastest"
    );
    assert!(
        dir.path()
            .join("two/baseline-sweep-fleet.robots-by-dust.mitigation/charts/sweep.png")
            .is_file()
    );
    // Each heat map has its colour scale, captioned with its unit.
    let texts = svg_texts(
        dir.path()
            .join("two/baseline-sweep-fleet.robots-by-dust.mitigation/charts/sweep.svg"),
    );
    for caption in [
        "mean delivered cargo, kg",
        "mean NPV, million USD",
        "P(NPV > 0), %",
    ] {
        assert!(
            texts.iter().any(|t| t == caption),
            "no {caption:?}: {texts:?}"
        );
    }
    for unit in ["kg", "million USD", "%"] {
        assert!(
            texts.iter().any(|t| t == unit),
            "no scale in {unit}: {texts:?}"
        );
    }
}

/// Asserts that the chart at `path` draws no line from one swept value to
/// another: every stroke is upright (an interval), horizontal and short (a
/// cap), or an axis (one pixel, black); none is slanted or coloured.
fn assert_no_line_joins_points(path: &std::path::Path) {
    let svg = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let mut strokes = 0;
    for line in doc.descendants().filter(|n| n.has_tag_name("polyline")) {
        let points: Vec<(f64, f64)> = line
            .attribute("points")
            .unwrap()
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        let spread = |f: fn(&(f64, f64)) -> f64| {
            let v: Vec<f64> = points.iter().map(f).collect();
            v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
        };
        let (dx, dy) = (spread(|p| p.0), spread(|p| p.1));
        let axis = line.attribute("stroke") == Some("#000000")
            && line.attribute("stroke-width") == Some("1");
        assert!(dx == 0.0 || dy == 0.0, "a slanted line: {points:?}");
        assert!(dx <= 20.0 || axis, "a long horizontal line: {points:?}");
        assert_eq!(line.attribute("stroke"), Some("#000000"), "{points:?}");
        strokes += 1;
    }
    assert!(strokes > 0, "no intervals drawn");
}

#[test]
fn a_bad_set_names_the_key_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    for (set, needle) in [
        ("fleet.robts=2", "fleet.robts"),
        ("flet.robots=2", "unknown section [flet]"),
        ("fleet.robots=two", "fleet.robots"),
        (
            "fleet.robots=0,4",
            "fleet.robots: must be a whole number from 1 to 1000",
        ),
        ("fleet.autonomy=1.5", "fleet.autonomy: must be in [0, 1]"),
        ("dust.mitigation=vacuum", "dust.mitigation"),
        ("fleet.robots", "KEY=V1,V2"),
        ("monte_carlo.seed=1,2", "use --runs and --seed"),
    ] {
        let out = astromine_cli(
            dir.path(),
            &["sweep", b, "--set", set, "--runs", "5", "--out", "o"],
        );
        assert_eq!(out.status.code(), Some(2), "{set}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(needle),
            "{set}: {}",
            text(&out.stderr)
        );
        assert!(
            !dir.path().join("o").exists(),
            "{set}: something was written"
        );
    }
}

#[test]
fn sensitivity_moves_each_input_and_ranks_the_draws() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    astromine_ok(
        dir.path(),
        &[
            "sensitivity",
            b,
            "--runs",
            "12",
            "--swing",
            "10%",
            "--out",
            "o",
        ],
    );
    let results = dir.path().join("o/baseline-sensitivity");
    let json: serde_json::Value = read_json(results.join("sensitivity.json"));
    assert_eq!(json["swing"], 0.1);
    let effects = json["effects"].as_array().unwrap();
    let effect = |key: &str| {
        effects
            .iter()
            .find(|e| e["key"] == key)
            .unwrap_or_else(|| panic!("{key} missing"))
    };
    // A price changes money, not mass: on common random numbers the cargo is identical.
    let price = effect("economics.cargo_price_usd_per_kg");
    assert_eq!(price["low_value"], 1800.0);
    assert_eq!(price["delivered_low"], price["delivered_high"]);
    assert!(price["npv_low"].as_f64() < price["npv_high"].as_f64());
    // Distributions move to their 10th and 90th percentiles: triangular
    // [3, 8, 12] has them at 3 + √(0.1·9·5) and 12 − √(0.1·9·4).
    let grade = effect("target.grade_wt_pct");
    assert!((grade["low_value"].as_f64().unwrap() - (3.0 + 4.5f64.sqrt())).abs() < 1e-9);
    assert!((grade["high_value"].as_f64().unwrap() - (12.0 - 3.6f64.sqrt())).abs() < 1e-9);
    // A swing past a key's range stops at its edge: efficiency 0.85 +10% is 0.935,
    // dome capture 0.9 +10% is 0.99, and 0.05 unrepairable stays a probability.
    let capture = effect("dust.dome_capture");
    assert!((capture["high_value"].as_f64().unwrap() - 0.99).abs() < 1e-12);
    let skipped = json["skipped"].as_array().unwrap();
    assert!(
        skipped.iter().any(|s| s[0] == "propellant.initial_kg"),
        "zero has no swing"
    );
    let correlations = json["correlations"].as_array().unwrap();
    assert!(
        correlations
            .iter()
            .any(|c| c["key"] == "target.grade_wt_pct")
    );
    assert!(correlations.iter().all(|c| {
        let rho = &c["npv"];
        let f = |k: &str| rho[k].as_f64().unwrap();
        f("estimate").abs() <= 1.0
            && f("ci95_low") <= f("estimate")
            && f("estimate") <= f("ci95_high")
    }));
    // Each change comes with its paired interval, run by run against the
    // base batch: a price moves no cargo at all.
    let base_npv = json["base_npv"].as_f64().unwrap();
    for e in effects {
        let change = &e["npv_low_change"];
        let mean = change["mean"].as_f64().unwrap();
        let want = e["npv_low"].as_f64().unwrap() - base_npv;
        assert!((mean - want).abs() <= 1e-6 * want.abs().max(1.0), "{e}");
        let (low, high) = (
            change["paired_ci95_low"].as_f64().unwrap(),
            change["paired_ci95_high"].as_f64().unwrap(),
        );
        assert!(low <= mean && mean <= high, "{e}");
    }
    for side in ["delivered_low_change", "delivered_high_change"] {
        let c = &price[side];
        assert_eq!(
            (&c["mean"], &c["paired_ci95_low"], &c["paired_ci95_high"]),
            (&0.0.into(), &0.0.into(), &0.0.into()),
            "{side}"
        );
    }
    let md = std::fs::read_to_string(results.join("sensitivity.md")).unwrap();
    assert!(md.contains("| 1,800 USD/kg |"), "inputs with their units");
    // The tornadoes say how many inputs they show of how many, the runs
    // behind each bar, and the inputs' values with their units.
    for stem in ["tornado_npv", "tornado_delivered"] {
        assert!(
            results.join(format!("charts/{stem}.png")).is_file(),
            "{stem}"
        );
        let texts = svg_texts(results.join(format!("charts/{stem}.svg")));
        let coverage = format!("top 16 of {} inputs", effects.len());
        assert!(
            texts.iter().any(|t| t.ends_with(&coverage)),
            "{stem}: no {coverage:?} in {texts:?}"
        );
        assert!(texts.iter().any(|t| t.contains(" over 12 runs ")), "{stem}");
        assert!(
            texts.iter().any(|t| t.contains("base batch's 12")),
            "{stem}"
        );
        let with_units = texts
            .iter()
            .filter(|t| {
                [" h", " kg", " kg/h", " USD/kg", " wt%", " m/s"]
                    .iter()
                    .any(|u| t.ends_with(u))
            })
            .count();
        assert!(
            with_units >= 8,
            "{stem}: {with_units} values with units: {texts:?}"
        );
    }
    let bad = astromine_cli(
        dir.path(),
        &["sensitivity", b, "--swing", "150%", "--out", "x"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(!dir.path().join("x").exists());
}

#[test]
fn sweeps_take_distributions_and_refuse_a_key_twice() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    astromine_ok(
        dir.path(),
        &[
            "sweep",
            b,
            "--set",
            "target.grade_wt_pct=6.0,{ uniform = [3, 9] }",
            "--runs",
            "5",
            "--out",
            "d",
        ],
    );
    let json: serde_json::Value = read_json(
        dir.path()
            .join("d/baseline-sweep-target.grade_wt_pct/sweep.json"),
    );
    assert_eq!(json["points"].as_array().unwrap().len(), 2);
    let twice = astromine_cli(
        dir.path(),
        &[
            "sweep",
            b,
            "--set",
            "fleet.robots=4,8",
            "--set",
            "fleet.robots=2",
            "--runs",
            "5",
            "--out",
            "t",
        ],
    );
    assert_eq!(twice.status.code(), Some(2));
    assert!(text(&twice.stderr).contains("already swept"));
    assert!(!dir.path().join("t").exists());
}

/// The differences chart shows the paired interval that comparison.json
/// gives, and both are the paired t interval of the runs' differences.
#[test]
fn compare_charts_show_the_paired_intervals_and_every_outcome_share() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let (a, b) = (
        format!("{root}/scenarios/baseline.toml"),
        format!("{root}/scenarios/swarm.toml"),
    );
    let (runs, seed) = (50, 7);
    astromine_ok(
        dir.path(),
        &[
            "compare", &a, &b, "--runs", "50", "--seed", "7", "--out", "o",
        ],
    );
    let results = dir.path().join("o/baseline-vs-swarm");
    let json: serde_json::Value = read_json(results.join("comparison.json"));
    let delivered = |name: &str| -> Vec<f64> {
        batch(&scenario(shipped(name)), seed, runs)
            .iter()
            .map(|r| r.metrics.delivered_kg)
            .collect()
    };
    let expected = paired_difference(&delivered("baseline"), &delivered("swarm"), 0.95).unwrap();
    let d = &json["comparisons"][0]["delivered_kg"];
    for (key, want) in [
        ("mean", expected.mean),
        ("paired_ci95_low", expected.low),
        ("paired_ci95_high", expected.high),
    ] {
        let got = d[key].as_f64().unwrap();
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{key}: {got} vs {want}"
        );
    }
    assert!(
        expected.low < expected.high,
        "a real interval: {expected:?}"
    );
    let texts = svg_texts(results.join("charts/compare_differences.svg"));
    let line = format!(
        "mean {} kg (paired 95% CI {} to {} kg)",
        signed_kg(expected.mean),
        signed_kg(expected.low),
        signed_kg(expected.high)
    );
    assert!(texts.contains(&line), "no {line:?} in {texts:?}");
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("(paired 95% CI"))
            .count(),
        2,
        "one line for delivered cargo and one for NPV: {texts:?}"
    );
    // Every outcome's share is written on its bar, the smallest included.
    let texts = svg_texts(results.join("charts/compare_outcomes.svg"));
    let mut labels: Vec<String> = Vec::new();
    for name in ["baseline", "swarm"] {
        let records = batch(&scenario(shipped(name)), seed, runs);
        for outcome in Outcome::ALL {
            let count = records.iter().filter(|r| r.outcome == outcome).count();
            labels.push(format!("{:.1}%", 100.0 * count as f64 / runs as f64));
        }
    }
    for label in &labels {
        let want = labels.iter().filter(|l| *l == label).count();
        let got = texts.iter().filter(|t| *t == label).count();
        assert!(got >= want, "{label} on {got} bars, not {want}: {texts:?}");
    }
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("failed, by first cause"))
    );
}
