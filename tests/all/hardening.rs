//! Hostile input that `check` once accepted and `run` then choked on:
//! every such value is now refused at `check`, located, with a message in
//! the scenario's terms (issue: hardening).

use crate::scenario::with;
use astromine::scenario::{ScenarioError, parse};

/// The diagnostics of `text` as `key: message` lines; panics if it loads.
fn refused(text: &str) -> Vec<(String, String)> {
    match parse(text, "t.toml") {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(ScenarioError::Invalid(r)) => r
            .diagnostics
            .iter()
            .map(|d| {
                assert!(d.span.is_some(), "{}: {} has no location", d.key, d.message);
                (d.key.clone(), d.message.clone())
            })
            .collect(),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

/// Asserts that replacing `from` with `to` in the baseline is refused at
/// `key` with a message containing every needle.
fn refuses(from: &str, to: &str, key: &str, needles: &[&str]) {
    let problems = refused(&with(from, to));
    let (k, message) = &problems[0];
    assert_eq!(k, key, "{to}: {problems:?}");
    for n in needles {
        assert!(message.contains(n), "{to}: {message}");
    }
}

#[test]
fn distributions_that_overflow_or_hang_the_sampler_are_refused() {
    // Once a panic inside statrs, a hang on 4·(max − mode) = inf, and an
    // endless beta inverse.
    for pert in ["[0, 1e308, 1.7e308]", "[0, 1e307, 1e308]"] {
        refuses(
            "relocate_h = 12",
            &format!("relocate_h = {{ pert = {pert} }}"),
            "anchoring.relocate_h",
            &["limited to 1e15"],
        );
    }
    refuses(
        "autonomy = 0.8 ",
        "autonomy = { beta = { alpha = 1e7, beta = 1 } } ",
        "fleet.autonomy",
        &["alpha from 0.5 to 1000"],
    );
    refuses(
        "autonomy = 0.8 ",
        "autonomy = { beta = { alpha = 2, beta = 0.1 } } ",
        "fleet.autonomy",
        &["beta from 0.5 to 1000"],
    );
    // A tail that reaches past the key's range is judged by the largest
    // value a stream can draw, not by its infinite support.
    refuses(
        "return_days = { normal = { mean = 600, sd = 20, min = 500 } }",
        "return_days = { weibull = { shape = 0.1, scale = 1000 } }",
        "return.return_days",
        &["above 36525"],
    );
}

#[test]
fn magnitudes_that_overflow_the_clock_are_refused() {
    // Each once ended in "simulation failed: event time is infinite".
    refuses(
        "survey_days = 60",
        "survey_days = 1e308",
        "target.survey_days",
        &["limited to 1e15", "got 1e308"],
    );
    refuses(
        "horizon_days = 2190",
        "horizon_days = 1e7",
        "scenario.horizon_days",
        &["in (0, 36525]", "got 10000000"],
    );
    refuses(
        "grade_wt_pct = { triangular = [3.0, 8.0, 12.0] }",
        "grade_wt_pct = { triangular = [-1.7e308, 0, 1.7e308] }",
        "target.grade_wt_pct",
        &["limited to 1e15"],
    );
}

#[test]
fn sizes_and_periods_that_stop_the_clock_are_refused() {
    // Each once ran forever: the clock advanced by nothing.
    refuses(
        "batch_kg = 500",
        "batch_kg = 1e-300",
        "drilling.batch_kg",
        &["in [1, 1e15]", "got 1e-300"],
    );
    refuses(
        "fault_mtbf_h = 1500",
        "fault_mtbf_h = 1e-300",
        "fleet.fault_mtbf_h",
        &["in [1, 1e15]"],
    );
    refuses(
        "window_every_days = 365",
        "window_every_days = 1e-9",
        "return.window_every_days",
        &["in [1, 36525]"],
    );
}

#[test]
fn counts_are_capped() {
    // Once a 68 GB allocation and an abort.
    for (from, to, key) in [
        ("trips = 2", "trips = 4294967295", "return.trips"),
        ("robots = 4", "robots = 4294967295", "fleet.robots"),
        (
            "harpoons_per_robot = 8",
            "harpoons_per_robot = 4294967295",
            "anchoring.harpoons_per_robot",
        ),
        (
            "spare_bits = 20",
            "spare_bits = 4294967295",
            "drilling.spare_bits",
        ),
        ("runs = 2000", "runs = 100000000000", "monte_carlo.runs"),
    ] {
        refuses(from, to, key, &["must be a whole number from"]);
    }
}

#[test]
fn messages_name_the_problem_not_the_parser() {
    let cases = [
        (
            "horizon_days = 2190",
            "horizon_days = 2026-01-01",
            "scenario.horizon_days",
            "a date or time is not a number",
        ),
        (
            "outbound_days = { normal = { mean = 600, sd = 20, min = 500 } }",
            "outbound_days = { normal = [600, 20] }",
            "transit.outbound_days",
            "`normal` takes a table: write { normal = { mean = …, sd = …",
        ),
        (
            "robots = 4",
            "robots = 18446744073709551616",
            "fleet.robots",
            "must be a whole number from 1 to 1000, got 18446744073709551616",
        ),
        (
            "robots = 4",
            "robots = -1",
            "fleet.robots",
            "must be a whole number from 1 to 1000, got -1",
        ),
        (
            "survey_days = 60",
            "survey_days = 1e300",
            "target.survey_days",
            "got 1e300",
        ),
        (
            "robots = 4",
            "robots = 1e300",
            "fleet.robots",
            "from 1 to 1000, got 1e300",
        ),
        (
            "robots = 4",
            "robots = 1979-05-27",
            "fleet.robots",
            "got a table or a date",
        ),
        ("robots = 4", "robots = [4]", "fleet.robots", "got a list"),
        (
            "name = \"fixed-windows\"",
            "name = 1",
            "scenario.name",
            "must be text in quotes, got 1",
        ),
        (
            "method = \"harpoon\"",
            "method = 1979-05-27",
            "anchoring.method",
            "must be one of \"harpoon\"",
        ),
        (
            "ground_confirm = false",
            "ground_confirm = 1",
            "anchoring.ground_confirm",
            "must be true or false, got 1",
        ),
    ];
    for (from, to, key, needle) in cases {
        let text = with(from, to);
        let problems = refused(&text);
        let (k, m) = &problems[0];
        assert_eq!(k, key, "{to}");
        assert!(m.contains(needle), "{to}: {m}");
        for parser_word in [
            "$__toml", "struct ", "i128", "Spec", "map", "sequence", "wanted",
        ] {
            assert!(!m.contains(parser_word), "{to}: {m}");
        }
        assert!(m.len() < 300, "{to}: {m}");
    }
}

#[test]
fn beta_quantiles_hold_deep_in_the_tails() {
    use astromine::scenario::Dist;
    // Beta(a, 1) has the closed form x = u^(1/a); statrs once gave 5.6e-22
    // for Beta(0.66, 1) at u = 2.7e-11 where the truth is 5.8e-17.
    let q = |alpha, beta, u| Dist::Beta { alpha, beta }.sampler().quantile(u);
    for (a, u) in [
        (0.66_f64, 2.7e-11_f64),
        (0.5, 1e-15),
        (3.0, 1e-12),
        (0.8, 0.3),
    ] {
        let exact = u.powf(1.0 / a);
        assert!(
            (q(a, 1.0, u) / exact - 1.0).abs() < 1e-12,
            "Beta({a}, 1) at {u}"
        );
    }
    // A general shape: bisection to the float against the median of
    // Beta(2, 3), 0.3857275681323894 (root of I_x(2, 3) = 1/2).
    assert!((q(2.0, 3.0, 0.5) - 0.385_727_568_132_389_4).abs() < 1e-13);
    // Far below anything a stream draws: once a panic inside statrs.
    assert!(q(1.5, 2.0, 1e-250) >= 0.0);
    assert!(q(1.5, 2.0, 1e-250) <= q(1.5, 2.0, 1e-200));
}

/// `monte_carlo.max_events` set in the baseline (after the seed line).
fn with_budget(text: &str, events: u64) -> String {
    let seed = text.lines().find(|l| l.starts_with("seed = ")).unwrap();
    text.replacen(seed, &format!("{seed}\nmax_events = {events}"), 1)
}

#[test]
fn a_runaway_replication_is_stopped_and_names_its_keys() {
    use astromine::model::{SimError, simulate};
    let crawl = |edits: &[(&str, &str)], budget| {
        let text = with_budget(&crate::support::edit(crate::support::FIXED, edits), budget);
        let s = astromine::scenario::parse(&text, "t.toml").expect("valid");
        let p = crate::support::prepared(&s);
        (0..20)
            .map(|k| simulate(&p, 1, k))
            .find_map(Result::err)
            .expect("a replication exceeds the budget")
    };
    // Drilling dominates the reference mission (about 20,000 events).
    let SimError::Runaway {
        limit,
        process,
        keys,
        ..
    } = crawl(&[], 2000)
    else {
        panic!("not a runaway");
    };
    assert_eq!(limit, 2000);
    assert_eq!(process, "drilling batches");
    assert!(keys.contains("drilling.batch_kg"), "{keys}");
    // Ground too weak for every harpoon: shots fire until harpoons run out.
    let weak = [
        ("min_strength_kpa = 0.5", "min_strength_kpa = 400"),
        ("harpoons_per_robot = 8", "harpoons_per_robot = 1000"),
    ];
    let err = crawl(&weak, 1000);
    assert!(
        matches!(
            &err,
            SimError::Runaway {
                process: "harpoon shots",
                ..
            }
        ),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains("anchoring.attempt_h") && message.contains("raise monte_carlo.max_events"),
        "{message}"
    );
    // Within budget, the same scenario runs as before.
    let text = with_budget(crate::support::FIXED, 10_000_000);
    let s = astromine::scenario::parse(&text, "t.toml").unwrap();
    let b = astromine::scenario::parse(crate::support::FIXED, "b.toml").unwrap();
    let (s, b) = (crate::support::prepared(&s), crate::support::prepared(&b));
    assert_eq!(simulate(&s, 1, 3).unwrap(), simulate(&b, 1, 3).unwrap());
}

#[test]
fn the_event_budget_is_a_validated_key() {
    refuses(
        "seed = 20261121",
        "seed = 20261121\nmax_events = 10",
        "monte_carlo.max_events",
        &["from 1000 to 1000000000"],
    );
}

#[test]
fn a_name_too_long_for_a_folder_is_refused_at_check() {
    // 256 characters once passed check and failed at run with "File name
    // too long".
    let long = "n".repeat(256);
    refuses(
        "name = \"fixed-windows\"",
        &format!("name = \"{long}\""),
        "scenario.name",
        &["1 to 64 letters"],
    );
    let fits = "n".repeat(64);
    assert!(
        astromine::scenario::parse(
            &with("name = \"fixed-windows\"", &format!("name = \"{fits}\"")),
            "t"
        )
        .is_ok()
    );
}

#[test]
fn only_regular_files_of_scenario_size_are_read() {
    use astromine::scenario::load;
    // `check /dev/zero` once grew until out of memory; a scenario padded
    // with 50 MB of blank lines took 2.4 GB.
    let err = load(std::path::Path::new("/dev/zero")).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    let mut text = crate::support::FIXED.to_owned();
    text.push_str(&"\n".repeat(2 << 20));
    std::fs::write(&big, text).unwrap();
    let err = load(&big).unwrap_err();
    assert!(err.to_string().contains("larger than 1024 KiB"), "{err}");
    let dir_err = load(dir.path()).unwrap_err();
    assert!(dir_err.to_string().contains("is a directory"), "{dir_err}");
    // The command line says so with exit 2, as for any invalid scenario.
    crate::support::astromine_exits(dir.path(), &["check", "/dev/zero", "big.toml"], 2);
}

#[test]
fn rates_and_thresholds_that_make_a_time_infinite_are_refused() {
    // Found by the fuzzer: each passed check, then failed at run with
    // "event time is infinite" or "is NaN" and no key named.
    for (from, to, key) in [
        (
            "hold_above_kg = 120",
            "hold_above_kg = 5e-324",
            "dust.hold_above_kg",
        ),
        ("power_kw = 60", "power_kw = 5e-324", "propellant.power_kw"),
        ("rate_kg_h = 60", "rate_kg_h = 1e-300", "drilling.rate_kg_h"),
        (
            "throughput_kg_h = 150",
            "throughput_kg_h = 1e-300",
            "processing.throughput_kg_h",
        ),
    ] {
        refuses(from, to, key, &["in [0.001, 1e15]"]);
    }
}
