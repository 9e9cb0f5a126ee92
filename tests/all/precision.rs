//! `run --precision`: blocks of runs until the 95% interval of each mean or
//! share asked for is narrow enough, or `--max-runs`.

use crate::support::{
    BASELINE_PATH, astromine_exits, astromine_ok, read_json, runs_csv_cells, runs_csv_column, text,
    thousands,
};
use astromine::aggregate::precision::{DEFAULT_MAX_RUNS, FIRST_CHECK};
use astromine::batch::BLOCK;
use astromine::stats::{Z95, mean_interval, wilson};
use serde_json::Value;
use std::path::Path;

/// Half the launches fail: half the runs end at once (cheap), and the
/// launch-failure share is known exactly.
const LAUNCH_FAILURE: f64 = 0.5;

/// `astromine run` of the baseline with [`LAUNCH_FAILURE`] and `more`
/// arguments into `dir/out`, with no charts; its summary.json.
fn run(dir: &Path, more: &[&str]) -> (Value, String) {
    let set = format!("transit.launch_failure_prob={LAUNCH_FAILURE}");
    let mut args = vec![
        "run",
        BASELINE_PATH,
        "--set",
        &set,
        "--out",
        "out",
        "--no-charts",
    ];
    args.extend(more);
    let out = astromine_ok(dir, &args);
    (
        read_json(dir.join("out/baseline/summary.json")),
        text(&out.stderr),
    )
}

/// Column `name` of `dir/out/baseline/runs.csv`, in run order.
fn column(dir: &Path, name: &str) -> Vec<String> {
    runs_csv_cells(&dir.join("out/baseline"), name)
}

/// Every file of a results folder, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn the_stop_is_the_first_block_where_all_are_known_whatever_the_threads() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ask = [
        "--precision",
        "delivered_kg=5.5%",
        "--precision",
        "delivered_kg>=50000=2pp",
    ];
    let (summary, stderr) = run(one.path(), &[&ask[..], &["--threads", "1"]].concat());
    run(two.path(), &[&ask[..], &["--threads", "2"]].concat());
    assert_eq!(
        files(&one.path().join("out/baseline")),
        files(&two.path().join("out/baseline")),
        "1 and 2 threads write the same bytes"
    );
    let p = &summary["precision"];
    let runs = p["runs"].as_u64().unwrap();
    assert_eq!(p["stopped"], "reached");
    assert_eq!(summary["runs"], runs);
    // Recomputed from runs.csv: it holds exactly the runs simulated, and
    // the stop is the first block boundary from the first check on where
    // the relative half-width of the mean's interval is at most 5.5% and
    // the Wilson half-width of P(delivered_kg ≥ 50,000) at most 2 points.
    let delivered = runs_csv_column(&one.path().join("out/baseline"), "delivered_kg");
    assert_eq!(delivered.len() as u64, runs);
    let relative = |n: u64| {
        let ci = mean_interval(&delivered[..n as usize], 0.95).unwrap();
        ci.half_width() / ci.mean.abs()
    };
    let points = |n: u64| {
        let met = delivered[..n as usize].iter().filter(|&&x| x >= 50_000.0);
        let (low, high) = wilson(met.count() as u64, n, Z95);
        (high - low) / 2.0
    };
    let both = |n: u64| relative(n) <= 0.055 && points(n) <= 0.02;
    assert!(runs >= FIRST_CHECK && runs.is_multiple_of(BLOCK), "{runs}");
    for before in (FIRST_CHECK..runs).step_by(BLOCK as usize) {
        assert!(!both(before), "met at {before} already");
    }
    assert!(both(runs));
    assert!(runs > FIRST_CHECK, "the test should see a check fail first");
    let [mean, share] = [&p["targets"][0], &p["targets"][1]];
    assert_eq!(mean["target"], "delivered_kg=5.5%");
    assert_eq!(share["target"], "delivered_kg >= 50000=2pp");
    assert_eq!(
        (&mean["reached"], &share["reached"]),
        (&true.into(), &true.into())
    );
    let reached = mean["reached_half_width"].as_f64().unwrap();
    assert!((reached - relative(runs)).abs() < 1e-12, "{reached}");
    let reached = share["reached_half_width"].as_f64().unwrap();
    assert!((reached - points(runs)).abs() < 1e-15, "{reached}");
    // A target whose share was asked about is reported with the others.
    let targets = summary["targets"].as_array().unwrap();
    assert!(
        targets
            .iter()
            .any(|t| t["target"] == "delivered_kg >= 50000")
    );
    assert!(
        stderr.contains(&format!("precision reached after {} runs", thousands(runs))),
        "{stderr}"
    );
    let report = std::fs::read_to_string(one.path().join("out/baseline/report.md")).unwrap();
    assert!(report.contains("## Precision") && report.contains("| delivered_kg=5.5% |"));
    assert!(report.contains("| P(delivered_kg ≥ 50,000) |"), "{report}");
}

#[test]
fn a_share_stops_near_z_squared_p_q_over_h_squared() {
    // The launch-failure share p is known: each run fails its launch with
    // probability p, independently. The stop is the first block boundary
    // n ≥ FIRST_CHECK at which the Wilson half-width of p̂ₙ is at most h,
    // about n* = z²p(1−p)/h². p̂ₙ lies within p ± 5σₙ (σₙ² = p(1−p)/n) at
    // every boundary but with probability under 10⁻⁵ (a few boundaries,
    // 6·10⁻⁷ each); the half-width is largest for p̂ nearest ½ and smallest
    // at the far end of that range, so the stop is no earlier than the first
    // boundary where the smallest possible half-width meets h, and no later
    // than the first where the largest does.
    let h = 0.02;
    let p = LAUNCH_FAILURE;
    let dir = tempfile::tempdir().unwrap();
    let (summary, _) = run(dir.path(), &["--precision", "launch_failure=2pp"]);
    let runs = summary["precision"]["runs"].as_u64().unwrap();
    let half = |share: f64, n: u64| {
        let (low, high) = wilson((share * n as f64).round() as u64, n, Z95);
        (high - low) / 2.0
    };
    let bounds = |n: u64| {
        let spread = 5.0 * (p * (1.0 - p) / n as f64).sqrt();
        let (lo, hi) = (p - spread, p + spread);
        let widest = half(0.5_f64.clamp(lo, hi), n);
        let narrowest = half(lo, n).min(half(hi, n));
        (narrowest, widest)
    };
    let boundaries = || (FIRST_CHECK..).step_by(BLOCK as usize);
    let earliest = boundaries().find(|&n| bounds(n).0 <= h).unwrap();
    let latest = boundaries().find(|&n| bounds(n).1 <= h).unwrap();
    assert!(
        (earliest..=latest).contains(&runs),
        "stopped at {runs}, expected {earliest} to {latest}"
    );
    let n_star = Z95 * Z95 * p * (1.0 - p) / (h * h);
    assert!(
        latest as f64 - n_star < BLOCK as f64 && n_star - (earliest as f64) < BLOCK as f64,
        "the derivation brackets n* = {n_star}: {earliest} to {latest}"
    );
    // And the half-width reached is the report's Wilson interval of the share.
    let failures = column(dir.path(), "outcome")
        .iter()
        .filter(|o| *o == "launch_failure")
        .count() as u64;
    let (low, high) = wilson(failures, runs, Z95);
    let t = &summary["precision"]["targets"][0];
    assert_eq!(t["of"], "share");
    assert_eq!(summary["outcomes"]["launch_failure"]["count"], failures);
    assert!((t["reached_half_width"].as_f64().unwrap() - (high - low) / 2.0).abs() < 1e-15);
    assert!(t["reached_half_width"].as_f64().unwrap() <= h);
}

#[test]
fn max_runs_stops_a_target_out_of_reach_and_says_how_far_it_got() {
    let dir = tempfile::tempdir().unwrap();
    // NPV to ±0.1% needs far more runs than 1,500; robot_cleaning_h is 0 in
    // every run (no electrostatic cleaning), so no count of runs gives a
    // relative precision of it.
    let (summary, stderr) = run(
        dir.path(),
        &[
            "--precision",
            "npv_usd=0.1%",
            "--precision",
            "robot_cleaning_h=5%",
            "--max-runs",
            "1500",
        ],
    );
    let p = &summary["precision"];
    assert_eq!(p["stopped"], "max_runs");
    assert_eq!(
        (p["runs"].as_u64(), p["max_runs"].as_u64()),
        (Some(1500), Some(1500))
    );
    assert_eq!(column(dir.path(), "run").len(), 1500);
    let npv = &p["targets"][0];
    assert_eq!(npv["reached"], false);
    let values = runs_csv_column(&dir.path().join("out/baseline"), "npv_usd");
    let ci = mean_interval(&values, 0.95).unwrap();
    let achieved = ci.half_width() / ci.mean.abs();
    assert!((npv["reached_half_width"].as_f64().unwrap() - achieved).abs() < 1e-12);
    let needed = (1500.0 * (achieved / 0.001).powi(2)).ceil() as u64;
    assert_eq!(npv["runs_needed"].as_u64(), Some(needed));
    let cleaning = &p["targets"][1];
    assert_eq!(cleaning["reached"], false);
    assert_eq!(cleaning["reached_half_width"], Value::Null);
    let report = std::fs::read_to_string(dir.path().join("out/baseline/report.md")).unwrap();
    assert!(
        report.contains("Not all were met by --max-runs 1,500"),
        "{report}"
    );
    assert!(report.contains(&format!(
        "not reached; about {} runs would reach it",
        thousands(needed)
    )));
    assert!(report.contains("the interval holds 0, so the mean may be 0"));
    assert!(
        stderr.contains("precision NOT reached by --max-runs (1,500 runs)"),
        "{stderr}"
    );
}

#[test]
fn bad_precision_options_are_usage_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            &["--precision", "npv_usd=2"][..],
            "`2` is ambiguous: write 2% for ±2% of the mean, or 2USD",
        ),
        (
            &["--precision", "npv=abc%"],
            "`npv` is not a metric; the metrics are",
        ),
        (&["--precision", "npv_usd=abc%"], "`abc` is not a number"),
        (
            &["--precision", "success=5%"],
            "`success` is a share: give its precision in percentage points",
        ),
        (&["--precision", "npv_usd=0%"], "must be above 0"),
        (&["--precision", "npv_usd=-5%"], "must be above 0"),
        (
            &["--precision", "delivered_kg=1pp"],
            "`delivered_kg` is not a share",
        ),
        (&["--precision", "npv_usd"], "is not a precision target"),
        (
            &["--precision", "npv_usd=2%", "--runs", "100"],
            "cannot be used with",
        ),
        (
            &["--precision", "npv_usd=2%", "--shard", "1/2"],
            "cannot be used with",
        ),
        (&["--max-runs", "5000"], "--precision"),
        (
            &["--precision", "npv_usd=2%", "--max-runs", "0"],
            "at least 1 replication",
        ),
        (
            &["--precision", "npv_usd=2%", "--max-runs", "20000000"],
            "more than the limit",
        ),
    ] {
        let mut all = vec!["run", BASELINE_PATH, "--out", "out"];
        all.extend(args);
        let stderr = text(&astromine_exits(dir.path(), &all, 2).stderr);
        assert!(
            stderr.starts_with("error:") && stderr.contains(says),
            "{args:?}: {stderr}"
        );
        assert!(!dir.path().join("out").exists(), "{args:?} wrote nothing");
    }
}

#[test]
fn the_help_gives_the_block_the_first_check_and_the_default_limit() {
    let dir = tempfile::tempdir().unwrap();
    let help = text(&astromine_ok(dir.path(), &["run", "--help"]).stdout);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains(&format!(
            "after each block of {BLOCK} runs from {FIRST_CHECK} on"
        )),
        "{help}"
    );
    assert!(
        help.contains(&format!("[default: {DEFAULT_MAX_RUNS}]")),
        "{help}"
    );
}

#[test]
fn a_target_met_before_the_first_check_is_reported_met_at_max_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (summary, stderr) = run(
        dir.path(),
        &["--precision", "launch_failure=10pp", "--max-runs", "1000"],
    );
    let p = &summary["precision"];
    const { assert!(1000 < FIRST_CHECK, "no check comes before --max-runs") };
    assert_eq!(p["stopped"], "max_runs");
    assert_eq!(p["targets"][0]["reached"], true);
    let report = std::fs::read_to_string(dir.path().join("out/baseline/report.md")).unwrap();
    assert!(
        report.contains("All are met at 1,000 runs, where --max-runs 1,000 stopped the batch"),
        "{report}"
    );
    assert!(
        stderr.contains("precision met at --max-runs (1,000 runs)"),
        "{stderr}"
    );
}
