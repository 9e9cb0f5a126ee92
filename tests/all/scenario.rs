//! The scenario format: the reference scenario loads completely, every
//! distribution form parses and samples correctly, and each class of mistake
//! is reported at its key and line, all problems of a file at once.

use astromine::engine::rng::Streams;
use astromine::model::Subsystem;
use astromine::scenario::{
    AsteroidClass, Dist, Mitigation, PropellantKind, Scenario, ScenarioError, parse,
};
use rand_distr::Distribution;
use statrs::function::gamma::gamma;

pub use crate::support::FIXED;
use crate::support::edit;

/// The baseline with one line replaced (the line must exist).
pub fn with(from: &str, to: &str) -> String {
    assert!(FIXED.contains(from), "baseline has no {from:?}");
    FIXED.replacen(from, to, 1)
}

/// 1-based line of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle present");
    text[..at].matches('\n').count() + 1
}

/// (key, line) of every diagnostic for `text`.
pub fn problems(text: &str) -> Vec<(String, Option<usize>)> {
    match parse(text, "t.toml") {
        Ok(_) => vec![],
        Err(ScenarioError::Invalid(report)) => report
            .diagnostics
            .iter()
            .map(|d| {
                let line = d
                    .span
                    .as_ref()
                    .and_then(|s| report.locate(s))
                    .map(|(_, at)| at.line);
                (d.key.clone(), line)
            })
            .collect(),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

fn baseline() -> Scenario {
    parse(FIXED, "baseline.toml").expect("baseline is valid")
}

#[test]
fn baseline_loads_every_section() {
    let s = baseline();
    assert_eq!(s.scenario.name.get_ref(), "fixed-windows");
    assert_eq!(s.scenario.horizon_days.as_fixed(), Some(2190.0));
    assert_eq!(
        (*s.monte_carlo.runs.get_ref(), s.monte_carlo.seed),
        (2000, 20261121)
    );
    assert_eq!(s.target.class, AsteroidClass::C);
    assert_eq!(
        *s.target.distance_au.dist(),
        Dist::Uniform { lo: 0.8, hi: 2.2 }
    );
    assert_eq!(
        *s.target.surface_strength_kpa.dist(),
        Dist::LogNormal {
            median: 3.0,
            sigma: 1.5,
            min: None,
            max: None
        }
    );
    assert_eq!(
        *s.transit.outbound_days.dist(),
        Dist::Normal {
            mean: 600.0,
            sd: 20.0,
            min: Some(500.0),
            max: None
        }
    );
    assert_eq!(
        (*s.fleet.robots.get_ref(), *s.fleet.min_anchored.get_ref()),
        (4, 2)
    );
    assert_eq!(*s.anchoring.harpoons_per_robot.get_ref(), 8);
    assert!(!s.anchoring.ground_confirm);
    assert_eq!(
        *s.drilling.bit_life_h.dist(),
        Dist::Weibull {
            shape: 1.8,
            scale: 1200.0
        }
    );
    assert_eq!(*s.drilling.spare_bits.get_ref(), 20);
    assert_eq!(s.dust.mitigation, Mitigation::None);
    // Optional mitigation keys take their declared defaults (docs/model.md §Dust).
    assert_eq!(s.dust.dome_capture.as_fixed(), Some(0.9));
    assert_eq!(s.dust.dome_overhead_h.as_fixed(), Some(1.0));
    assert_eq!(s.dust.clean_every_h.as_fixed(), Some(500.0));
    assert_eq!(s.dust.clean_h.as_fixed(), Some(4.0));
    assert_eq!(s.dust.clean_efficiency.as_fixed(), Some(0.8));
    assert_eq!(*s.processing.spares.get_ref(), 8);
    assert_eq!(s.propellant.kind, PropellantKind::LoxLh2);
    assert_eq!(s.power.heliocentric_au.as_fixed(), Some(1.13));
    assert_eq!(s.comms.contact_h_per_day.as_fixed(), Some(8.0));
    assert_eq!(*s.return_plan.trips.get_ref(), 2);
    assert_eq!(s.return_plan.cargo_target_kg.as_fixed(), Some(100_000.0));
    assert_eq!(s.economics.mission_cost_usd.as_fixed(), Some(1.5e8));
}

#[test]
fn every_distribution_form_parses() {
    let cases = [
        ("{ uniform = [1, 2] }", Dist::Uniform { lo: 1.0, hi: 2.0 }),
        (
            "{ triangular = [1, 2, 4] }",
            Dist::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 4.0,
            },
        ),
        (
            "{ pert = [1, 2, 4] }",
            Dist::Pert {
                min: 1.0,
                mode: 2.0,
                max: 4.0,
            },
        ),
        (
            "{ normal = { mean = 5, sd = 1, min = 0, max = 9 } }",
            Dist::Normal {
                mean: 5.0,
                sd: 1.0,
                min: Some(0.0),
                max: Some(9.0),
            },
        ),
        (
            "{ lognormal = { median = 5, sigma = 0.5, max = 50 } }",
            Dist::LogNormal {
                median: 5.0,
                sigma: 0.5,
                min: None,
                max: Some(50.0),
            },
        ),
        (
            "{ weibull = { shape = 2, scale = 3 } }",
            Dist::Weibull {
                shape: 2.0,
                scale: 3.0,
            },
        ),
        (
            "{ exponential = { mean = 3 } }",
            Dist::Exponential { mean: 3.0 },
        ),
        ("7.5", Dist::Fixed(7.5)),
    ];
    for (text, expected) in cases {
        let s = parse(
            &with("bit_change_h = 4", &format!("bit_change_h = {text}")),
            "t",
        )
        .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(*s.drilling.bit_change_h.dist(), expected, "{text}");
    }
    let s = parse(
        &with(
            "autonomy = 0.8 ",
            "autonomy = { beta = { alpha = 8, beta = 2 } } ",
        ),
        "t",
    )
    .unwrap();
    assert_eq!(
        *s.fleet.autonomy.dist(),
        Dist::Beta {
            alpha: 8.0,
            beta: 2.0
        }
    );
}

/// Closed-form means of each form, checked on 200 000 draws within five
/// standard errors (a false alarm has probability below 1e-6 per form, while
/// a bias of about 1% of the standard deviation or more is caught).
#[test]
fn samplers_match_their_closed_form_means_and_bounds() {
    let phi = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let big_phi = |z: f64| 0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2);
    // Truncated normal N(10, 4²) on [8, 20]: mean = μ + σ(φ(α) − φ(β)) / (Φ(β) − Φ(α)).
    let (a, b) = ((8.0 - 10.0) / 4.0, (20.0 - 10.0) / 4.0);
    let trunc_mean = 10.0 + 4.0 * (phi(a) - phi(b)) / (big_phi(b) - big_phi(a));
    let cases = [
        (Dist::Uniform { lo: 1.0, hi: 3.0 }, 2.0, (1.0, 3.0)),
        (
            Dist::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 6.0,
            },
            3.0,
            (1.0, 6.0),
        ),
        (
            Dist::Pert {
                min: 12.0,
                mode: 48.0,
                max: 240.0,
            },
            (12.0 + 4.0 * 48.0 + 240.0) / 6.0,
            (12.0, 240.0),
        ),
        (
            Dist::Normal {
                mean: 10.0,
                sd: 4.0,
                min: Some(8.0),
                max: Some(20.0),
            },
            trunc_mean,
            (8.0, 20.0),
        ),
        (
            Dist::LogNormal {
                median: 3.0,
                sigma: 0.5,
                min: None,
                max: None,
            },
            3.0 * (0.125f64).exp(),
            (0.0, f64::INFINITY),
        ),
        (
            Dist::Weibull {
                shape: 1.8,
                scale: 1200.0,
            },
            1200.0 * gamma(1.0 + 1.0 / 1.8),
            (0.0, f64::INFINITY),
        ),
        (
            Dist::Exponential { mean: 1500.0 },
            1500.0,
            (0.0, f64::INFINITY),
        ),
        (
            Dist::Beta {
                alpha: 2.0,
                beta: 5.0,
            },
            2.0 / 7.0,
            (0.0, 1.0),
        ),
    ];
    let mut rng = Streams::new(99, 0).stream(Subsystem::World);
    for (dist, mean, (lo, hi)) in cases {
        let sampler = dist.sampler();
        let xs: Vec<f64> = (0..200_000).map(|_| sampler.sample(&mut rng)).collect();
        let m: astromine::stats::OnlineMoments = xs.iter().copied().collect();
        let se = m.std_dev() / (xs.len() as f64).sqrt();
        assert!(
            (m.mean() - mean).abs() < 5.0 * se,
            "{dist}: sample mean {} vs {mean} (se {se})",
            m.mean()
        );
        assert!(
            xs.iter().all(|&x| x >= lo && x <= hi),
            "{dist}: draw outside [{lo}, {hi}]"
        );
    }
}

#[test]
fn quantiles_match_closed_forms() {
    let ln2 = std::f64::consts::LN_2;
    let cases = [
        (Dist::Exponential { mean: 10.0 }, 0.5, 10.0 * ln2),
        (
            Dist::Weibull {
                shape: 2.0,
                scale: 3.0,
            },
            0.5,
            3.0 * ln2.sqrt(),
        ),
        (
            Dist::Normal {
                mean: 5.0,
                sd: 2.0,
                min: None,
                max: None,
            },
            0.975,
            5.0 + 2.0 * 1.959_963_985,
        ),
        (
            Dist::LogNormal {
                median: 3.0,
                sigma: 0.7,
                min: None,
                max: None,
            },
            0.5,
            3.0,
        ),
        (
            Dist::Pert {
                min: 0.0,
                mode: 5.0,
                max: 10.0,
            },
            0.5,
            5.0,
        ),
        (
            Dist::Beta {
                alpha: 2.0,
                beta: 2.0,
            },
            0.5,
            0.5,
        ),
        // Triangular [0, 1, 4]: F(1) = 1/4.
        (
            Dist::Triangular {
                min: 0.0,
                mode: 1.0,
                max: 4.0,
            },
            0.25,
            1.0,
        ),
        (Dist::Uniform { lo: 2.0, hi: 6.0 }, 0.25, 3.0),
        // Normal truncated below at its mean: the median is the 75% point.
        (
            Dist::Normal {
                mean: 0.0,
                sd: 1.0,
                min: Some(0.0),
                max: None,
            },
            0.5,
            0.674_489_750,
        ),
    ];
    for (dist, u, expected) in cases {
        let got = dist.sampler().quantile(u);
        assert!(
            (got - expected).abs() < 1e-6 * expected.abs().max(1.0),
            "{dist} at {u}: {got} vs {expected}"
        );
    }
}

#[test]
fn truncation_far_in_a_tail_still_samples_inside_the_bounds() {
    let dist = Dist::Normal {
        mean: 0.0,
        sd: 1.0,
        min: Some(4.0),
        max: Some(4.5),
    };
    let sampler = dist.sampler();
    let mut rng = Streams::new(1, 1).stream(Subsystem::World);
    for _ in 0..10_000 {
        let x = sampler.sample(&mut rng);
        assert!((4.0..=4.5).contains(&x), "{x}");
    }
}

/// Asserts `text` is rejected with a diagnostic for `key` on the line of `needle`.
fn rejected_at(text: &str, key: &str, needle: &str) {
    let got = problems(text);
    let line = line_of(text, needle);
    assert!(
        got.iter().any(|(k, l)| k == key && *l == Some(line)),
        "expected {key} at line {line}, got {got:?}"
    );
}

#[test]
fn bad_values_are_located() {
    let cases = [
        ("robots = 4", "robts = 4", "fleet.robts"),
        ("[dust]", "[dusty]", "dusty"),
        ("robots = 4", "robots = \"four\"", "fleet.robots"),
        (
            "launch_failure_prob = 0.03",
            "launch_failure_prob = 1.5",
            "transit.launch_failure_prob",
        ),
        ("attempt_h = 2", "attempt_h = -2", "anchoring.attempt_h"),
        ("settle_h = 6", "settle_h = nan", "dust.settle_h"),
        (
            "relocate_h = 12",
            "relocate_h = inf",
            "anchoring.relocate_h",
        ),
        (
            "relocate_h = 12",
            "relocate_h = -inf",
            "anchoring.relocate_h",
        ),
        (
            "[3.0, 8.0, 12.0]",
            "[13.0, 8.0, 12.0]",
            "target.grade_wt_pct",
        ),
        (
            "mean = 600, sd = 20, min = 500",
            "mean = 600, sd = -20, min = 500",
            "transit.outbound_days",
        ),
        (
            "{ uniform = [0.8, 2.2] }",
            "{ gaussian = [0.8, 2.2] }",
            "target.distance_au",
        ),
        (
            "mitigation = \"none\"",
            "mitigation = \"vacuum\"",
            "dust.mitigation",
        ),
        ("class = \"C\"", "class = \"Q\"", "target.class"),
        (
            "method = \"harpoon\"",
            "method = \"glue\"",
            "anchoring.method",
        ),
        (
            "kind = \"lox_lh2\"",
            "kind = \"antimatter\"",
            "propellant.kind",
        ),
        (
            "survey_days = 60",
            "survey_days = { normal = { mean = 60, sd = 20 } }",
            "target.survey_days",
        ),
        ("min_anchored = 2", "min_anchored = 6", "fleet.min_anchored"),
        (
            "min_strength_kpa = 0.5",
            "min_strength_kpa = 500",
            "anchoring.min_strength_kpa",
        ),
        ("robots = 4", "robots = 0", "fleet.robots"),
        ("robots = 4", "robots = -1", "fleet.robots"),
        ("runs = 2000", "runs = 0", "monte_carlo.runs"),
        ("trips = 2", "trips = 0", "return.trips"),
        (
            "name = \"fixed-windows\"",
            "name = \"../etc\"",
            "scenario.name",
        ),
        (
            "{ uniform = [0.8, 2.2] }",
            "{ uniform = [2.2, 0.8] }",
            "target.distance_au",
        ),
        (
            "shape = 1.8, scale = 1200",
            "shape = 0, scale = 1200",
            "drilling.bit_life_h",
        ),
        (
            "sigma = 0.9",
            "sigma = 0.9, mu = 1",
            "dust.ejecta_speed_m_s",
        ),
        (
            "{ uniform = [0.8, 2.2] }",
            "{ uniform = [0.8, 2.2], triangular = [1, 2, 3] }",
            "target.distance_au",
        ),
        (
            "contact_h_per_day = 8",
            "contact_h_per_day = 25",
            "comms.contact_h_per_day",
        ),
        (
            "batch_kg = 500\nthroughput",
            "batch_kg = 6000\nthroughput",
            "processing.batch_kg",
        ),
        (
            "outbound_days = { normal = { mean = 600, sd = 20, min = 500 } }",
            "outbound_days = { normal = { mean = 600, sd = 20, min = 900 } }",
            "transit.outbound_days",
        ),
    ];
    for (from, to, key) in cases {
        let text = with(from, to);
        let needle = to.lines().next().unwrap();
        rejected_at(&text, key, needle);
    }
}

#[test]
fn a_duplicate_key_is_a_syntax_error_at_the_second_one() {
    let text = with("robots = 4", "robots = 4\nrobots = 5");
    assert_eq!(
        problems(&text),
        vec![(String::new(), Some(line_of(&text, "robots = 5")))]
    );
}

#[test]
fn a_syntax_error_points_at_its_line() {
    let text = with("[fleet]", "[fleet\n");
    let got = problems(&text);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, Some(line_of(&text, "[fleet")));
}

#[test]
fn a_missing_section_and_a_missing_key_are_named() {
    let start = FIXED.find("[drilling]").unwrap();
    let end = FIXED.find("[dust]").unwrap();
    let text = format!("{}{}", &FIXED[..start], &FIXED[end..]);
    let err = parse(&text, "t.toml").unwrap_err().to_string();
    assert!(err.contains("missing section [drilling]"), "{err}");

    let text = with("settle_h = 6\n", "");
    let err = parse(&text, "t.toml").unwrap_err().to_string();
    assert!(err.contains("missing key `settle_h` in [dust]"), "{err}");
}

#[test]
fn every_validation_error_of_a_file_is_reported_at_once() {
    let text = with("attempt_h = 2", "attempt_h = -2")
        .replacen("settle_h = 6", "settle_h = nan", 1)
        .replacen("min_anchored = 2", "min_anchored = 9", 1)
        .replacen("loss_prob = 0.03", "loss_prob = 3", 1);
    let keys: Vec<String> = problems(&text).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        [
            "fleet.min_anchored",
            "anchoring.attempt_h",
            "dust.settle_h",
            "return.loss_prob"
        ],
        "reported in file order"
    );
}

#[test]
fn bounds_make_a_distribution_valid_again() {
    let text = with(
        "survey_days = 60",
        "survey_days = { normal = { mean = 60, sd = 20, min = 0 } }",
    );
    assert_eq!(problems(&text), vec![]);
}

#[test]
fn a_message_says_what_would_be_valid() {
    let text = with("launch_failure_prob = 0.03", "launch_failure_prob = 1.5");
    let msg = parse(&text, "bad.toml").unwrap_err().to_string();
    let line = line_of(&text, "launch_failure_prob = 1.5");
    assert!(
        msg.contains(&format!("bad.toml:{line}:23: transit.launch_failure_prob")),
        "{msg}"
    );
    assert!(msg.contains("must be in [0, 1], got 1.5"), "{msg}");
    assert!(
        msg.contains("launch_failure_prob = 1.5\n"),
        "shows the source line: {msg}"
    );

    let text = with(
        "survey_days = 60",
        "survey_days = { normal = { mean = 60, sd = 20 } }",
    );
    let msg = parse(&text, "bad.toml").unwrap_err().to_string();
    assert!(msg.contains("add a `min` bound"), "{msg}");
}

#[test]
fn electrolysis_keys_are_needed_only_where_water_is_electrolysed() {
    let without = |text: &str| {
        let t = edit(text, &[("electrolysis_kwh_per_kg = 6.0", "")]);
        let i = t.find("[propellant]").unwrap();
        let line = t[i..].find("\npower_kw").unwrap() + i + 1;
        let end = t[line..].find('\n').unwrap() + line;
        format!("{}{}", &t[..line], &t[end + 1..])
    };
    // A LOX/LH2 return from a C-type target electrolyses: both are needed.
    let found = problems(&without(FIXED));
    assert_eq!(
        found.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["propellant.electrolysis_kwh_per_kg", "propellant.power_kw"],
        "{found:?}"
    );
    // A steam return burns water as it is; a metal target makes none.
    let steam = edit(FIXED, &[("kind = \"lox_lh2\"", "kind = \"water_steam\"")]);
    assert_eq!(problems(&without(&steam)), vec![]);
    let metal = edit(FIXED, &[("class = \"C\"", "class = \"S\"")]);
    assert_eq!(problems(&without(&metal)), vec![]);
}
