//! The mission model: analytic probabilities, mass balance, the ideal
//! mission, every outcome, strategy directions on common seeds, and
//! trace/batch agreement.

use crate::support::{
    BASELINE, FIXED, IDEAL, SHIPPED, baseline_with, batch, edit, prepared, scenario, shipped,
};
use astromine::batch::run_range;
use astromine::model::trace::{Entity, EventKind, TraceEvent};
use astromine::model::{Metrics, Outcome, Prepared, RunRecord, simulate, simulate_traced};
use astromine::stats::mean_interval;
use proptest::prelude::*;
use statrs::distribution::{Binomial, DiscreteCDF};
use std::sync::LazyLock;

/// Edits that make a replication end right after anchoring: a one-day
/// flight and survey, and no departure window before the horizon.
const SHORT: [(&str, &str); 4] = [
    ("horizon_days = 2190", "horizon_days = 30"),
    (
        "outbound_days = { normal = { mean = 600, sd = 20, min = 500 } }",
        "outbound_days = 1",
    ),
    ("survey_days = 60", "survey_days = 1"),
    ("first_window_day = 900", "first_window_day = 40"),
];

fn share(records: &[RunRecord], outcome: Outcome) -> f64 {
    records.iter().filter(|r| r.outcome == outcome).count() as f64 / records.len() as f64
}

/// |observed − p| within four binomial standard errors: a correct model
/// fails this with probability 6e-5; with 4000 runs, a bias of 0.03 in a
/// probability near 0.3 is caught.
fn assert_binomial(observed: f64, p: f64, n: usize, what: &str) {
    let se = (p * (1.0 - p) / n as f64).sqrt();
    assert!(
        (observed - p).abs() <= 4.0 * se,
        "{what}: {observed} vs {p} (4 se = {})",
        4.0 * se
    );
}

#[test]
fn launch_failure_share_equals_its_probability() {
    let mut edits = SHORT.to_vec();
    edits.push(("launch_failure_prob = 0.03", "launch_failure_prob = 0.3"));
    let s = baseline_with(&edits);
    let n = 4000;
    let records = batch(&s, 17, n as u64);
    assert_binomial(
        share(&records, Outcome::LaunchFailure),
        0.3,
        n,
        "launch failures",
    );
    for r in records
        .iter()
        .filter(|r| r.outcome == Outcome::LaunchFailure)
    {
        assert_eq!(r.metrics.mission_days, 0.0);
    }
}

/// Strength fixed inside the window and no site variation: a robot anchors
/// unless all h shots lose their tether, so it anchors with 1 − q^h and
/// P(anchoring_failure) = P(Binomial(robots, 1 − q^h) < min_anchored).
#[test]
fn anchoring_failure_follows_the_binomial() {
    let (q, h, robots, min) = (0.5_f64, 2, 4, 3);
    let mut edits = SHORT.to_vec();
    edits.extend([
        ("launch_failure_prob = 0.03", "launch_failure_prob = 0"),
        (
            "surface_strength_kpa = { lognormal = { median = 3.0, sigma = 1.5 } }",
            "surface_strength_kpa = 3.0",
        ),
        ("site_variability_sigma = 0.8", "site_variability_sigma = 0"),
        ("tether_failure_prob = 0.05", "tether_failure_prob = 0.5"),
        ("harpoons_per_robot = 8", "harpoons_per_robot = 2"),
        ("min_anchored = 2", "min_anchored = 3"),
    ]);
    let s = baseline_with(&edits);
    let p_anchor = 1.0 - q.powi(h);
    let p_fail = Binomial::new(p_anchor, robots).unwrap().cdf(min - 1);
    assert!((p_fail - 0.26171875).abs() < 1e-12, "closed form: {p_fail}");
    let n = 4000;
    let records = batch(&s, 23, n as u64);
    assert_binomial(
        share(&records, Outcome::AnchoringFailure),
        p_fail,
        n,
        "anchoring failures",
    );
    let fired: f64 = records
        .iter()
        .map(|r| r.metrics.harpoons_fired)
        .sum::<f64>()
        / n as f64;
    // Shots per robot: 1 + q (a second shot only after a tether failure).
    assert!((fired / robots as f64 - (1.0 + q)).abs() < 0.05, "{fired}");
}

fn near(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.max(1.0)
}

/// The four balances of docs/model.md §Mass balances.
fn assert_balanced(m: &Metrics, initial_propellant: f64, label: &str) {
    let ore = m.dust_lofted_kg + m.ore_processed_kg + m.ore_left_kg;
    assert!(
        near(m.ore_mined_kg, ore, m.ore_mined_kg),
        "{label}: ore {} vs {ore}",
        m.ore_mined_kg
    );
    let product =
        m.propellant_produced_kg + m.oxygen_vented_kg + m.cargo_departed_kg + m.product_left_kg;
    assert!(
        near(m.product_kg, product, m.product_kg),
        "{label}: product {} vs {product}",
        m.product_kg
    );
    let made = initial_propellant + m.propellant_produced_kg;
    let used = m.propellant_burned_kg + m.boiloff_kg + m.propellant_left_kg;
    assert!(
        near(made, used, made),
        "{label}: propellant {made} vs {used}"
    );
    let dust = m.dust_escaped_kg + m.dust_settled_kg + m.dust_captured_kg;
    assert!(
        near(m.dust_lofted_kg, dust, m.dust_lofted_kg),
        "{label}: dust {} vs {dust}",
        m.dust_lofted_kg
    );
    assert!(
        m.delivered_kg <= m.cargo_departed_kg + 1e-9,
        "{label}: delivered more than left"
    );
}

#[test]
fn mass_balances_in_every_shipped_scenario() {
    for (name, text) in SHIPPED {
        let s = scenario(text);
        let initial = s.propellant.initial_kg.as_fixed().unwrap();
        for r in batch(&s, 99, 60) {
            assert_balanced(&r.metrics, initial, &format!("{name} run {}", r.run));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mass_balances_for_any_seed_and_parameters(
        seed in any::<u64>(),
        robots in 1u32..8,
        lofted in 0.0f64..0.4,
        hold in 5.0f64..500.0,
        hopper in 500.0f64..20_000.0,
        mitigation in prop::sample::select(vec!["none", "dome", "electrostatic"]),
        kind in prop::sample::select(vec!["lox_lh2", "water_steam"]),
        class in prop::sample::select(vec!["C", "S", "M"]),
        initial in 0.0f64..60_000.0,
        pullout in 0.0f64..0.05,
        array_kw in 50.0f64..400.0,
        mixture_ratio in 4.0f64..=8.0,
        excess in prop::sample::select(vec!["vent", "cargo"]),
        propellant_policy in prop::sample::select(vec!["eager", "just_in_time"]),
        return_policy in prop::sample::select(vec!["full", "first_window"]),
    ) {
        let text = edit(FIXED, &[
            ("robots = 4", &format!("robots = {robots}")),
            ("min_anchored = 2", "min_anchored = 1"),
            ("lofted_fraction = 0.05", &format!("lofted_fraction = {lofted}")),
            ("hold_above_kg = 120", &format!("hold_above_kg = {hold}")),
            ("hopper_kg = 5000", &format!("hopper_kg = {hopper}")),
            ("mitigation = \"none\"", &format!("mitigation = \"{mitigation}\"")),
            ("kind = \"lox_lh2\"", &format!("kind = \"{kind}\"")),
            ("class = \"C\"", &format!("class = \"{class}\"")),
            ("initial_kg = 0", &format!("initial_kg = {initial}\nmixture_ratio = {mixture_ratio}")),
            ("excess_oxygen = \"vent\"", &format!("excess_oxygen = \"{excess}\"")),
            ("policy = \"eager\"", &format!("policy = \"{propellant_policy}\"")),
            ("policy = \"full\"", &format!("policy = \"{return_policy}\"")),
            ("pullout_per_batch_prob = 0.002", &format!("pullout_per_batch_prob = {pullout}")),
            ("array_kw_1au = 200", &format!("array_kw_1au = {array_kw}")),
        ]);
        let s = prepared(&scenario(&text));
        for k in 0..2 {
            let r = simulate(&s, seed, k).unwrap();
            assert_balanced(&r.metrics, initial, &format!("seed {seed} run {k}"));
        }
    }
}

/// Replications (seed 99) in which a trip used to burn more propellant than
/// it had: waiting in an orbit window for electrolysis, it was judged at a
/// midnight, when a chunk was done, against the need of the day before (the
/// day's orbit update had not come yet), and flew that day's dearer
/// transfer. ryugu-like run 54 burned 112 kg it never had.
#[test]
fn a_trip_judged_at_midnight_burns_only_propellant_it_has() {
    let known: [(&str, &[u64]); 2] = [
        ("ryugu-like", &[54, 240, 885, 1053, 1704]),
        ("2008-ev5", &[611, 979, 1217, 1586]),
    ];
    for (name, runs) in known {
        let p = prepared(&scenario(shipped(name)));
        for &k in runs {
            let r = simulate(&p, 99, k).unwrap();
            let label = format!("{name} seed 99 run {k}");
            assert!(r.metrics.departures > 0.0, "{label}: no trip left");
            assert_balanced(&r.metrics, 0.0, &label);
        }
    }
}

/// Orbit scenarios, whose Δv changes every day, with no propellant brought
/// from Earth: the baseline, ryugu-like, 2008-ev5, and ryugu-like with a
/// plant that dies at its first failure (trips then wait in a window for
/// electrolysis alone, the case that used to break the propellant balance).
static ORBIT_SCENARIOS: LazyLock<[(&str, Prepared); 4]> = LazyLock::new(|| {
    let dies = format!(
        "{}\n[processing]\nunrepairable_prob = 1\n",
        shipped("ryugu-like")
    );
    [
        ("baseline", prepared(&scenario(BASELINE))),
        ("ryugu-like", prepared(&scenario(shipped("ryugu-like")))),
        ("2008-ev5", prepared(&scenario(shipped("2008-ev5")))),
        ("ryugu-like, plant dies", prepared(&scenario(&dies))),
    ]
});

proptest! {
    // Before the fix of the midnight need, 0.225% of ryugu-like
    // replications, 0.11% of 2008-ev5's and 0.46% of the dying plant's
    // (20,000 each) broke the propellant balance, the baseline's none: a
    // case of 64 runs found it with probability 13%, 7%, 26% and 0, so 32
    // cases did with probability 1 − (1 − 0.114)³² ≈ 98%.
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn mass_balances_on_orbit_windows_for_any_seed(
        which in 0..ORBIT_SCENARIOS.len(),
        seed in any::<u64>(),
    ) {
        let (name, p) = &ORBIT_SCENARIOS[which];
        for k in 0..64 {
            let r = simulate(p, seed, k).unwrap();
            assert_balanced(&r.metrics, 0.0, &format!("{name} seed {seed} run {k}"));
        }
    }
}

/// Nothing fails, resources abound: both trips carry exactly their target.
#[test]
fn an_ideal_mission_delivers_every_trip_in_full() {
    let s = baseline_with(&IDEAL);
    for r in batch(&s, 7, 10) {
        assert_eq!(r.outcome, Outcome::Success);
        assert_eq!(r.metrics.deliveries, 2.0);
        assert_eq!(r.metrics.delivered_kg, 200_000.0, "run {}", r.run);
        assert_eq!(r.metrics.revenue_usd, 200_000.0 * 2000.0);
    }
}

/// A scenario for each outcome shows it happening.
#[test]
fn every_outcome_is_reachable() {
    let cases: [(Outcome, Vec<(&str, &str)>); 7] = [
        (Outcome::Success, vec![]),
        (
            Outcome::LaunchFailure,
            vec![("launch_failure_prob = 0.03", "launch_failure_prob = 1")],
        ),
        (
            Outcome::AnchoringFailure,
            vec![
                (
                    "surface_strength_kpa = { lognormal = { median = 3.0, sigma = 1.5 } }",
                    "surface_strength_kpa = 0.01",
                ),
                ("site_variability_sigma = 0.8", "site_variability_sigma = 0"),
            ],
        ),
        (
            Outcome::FleetLoss,
            vec![
                ("fault_mtbf_h = 1500", "fault_mtbf_h = 1"),
                ("fault_loss_prob = 0.02", "fault_loss_prob = 1"),
            ],
        ),
        (
            Outcome::PlantFailure,
            vec![
                ("mtbf_h = 6000", "mtbf_h = 1"),
                ("unrepairable_prob = 0.05", "unrepairable_prob = 1"),
            ],
        ),
        (
            Outcome::Stranded,
            vec![("first_window_day = 900", "first_window_day = 3000")],
        ),
        (
            Outcome::ReturnLoss,
            vec![("loss_prob = 0.03", "loss_prob = 1")],
        ),
    ];
    for (outcome, mut edits) in cases {
        if outcome != Outcome::LaunchFailure {
            edits.push(("launch_failure_prob = 0.03", "launch_failure_prob = 0"));
        }
        if !matches!(outcome, Outcome::AnchoringFailure) {
            edits.push(("min_anchored = 2", "min_anchored = 1"));
        }
        let records = batch(&baseline_with(&edits), 31, 30);
        let got = share(&records, outcome);
        assert!(
            got >= 0.5,
            "{outcome:?}: only {got} of runs; outcomes {:?}",
            records.iter().map(|r| r.outcome).collect::<Vec<_>>()
        );
    }
}

/// Paired differences (other − base) of one metric on common seeds must have
/// a 99.9% interval entirely on the expected side of zero.
fn assert_moves(base: &str, other: &str, metric: &str, up: bool) {
    let i = Metrics::NAMES.iter().position(|n| *n == metric).unwrap();
    let (a, b) = (
        batch(&scenario(base), 2026, 150),
        batch(&scenario(other), 2026, 150),
    );
    let diffs: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| y.metrics.values()[i] - x.metrics.values()[i])
        .collect();
    let ci = mean_interval(&diffs, 0.999).unwrap();
    if up {
        assert!(ci.low > 0.0, "{metric} should rise: {ci:?}");
    } else {
        assert!(ci.high < 0.0, "{metric} should fall: {ci:?}");
    }
}

#[test]
fn strategies_move_results_the_way_engineers_expect() {
    let more_robots = edit(FIXED, &[("robots = 4", "robots = 6")]);
    let fewer_robots = edit(
        FIXED,
        &[
            ("robots = 4", "robots = 2"),
            ("min_anchored = 2", "min_anchored = 1"),
        ],
    );
    assert_moves(&fewer_robots, FIXED, "ore_mined_kg", true);
    assert_moves(FIXED, &more_robots, "ore_mined_kg", true);
    // The strategy files are variants of the (orbit) baseline.
    assert_moves(BASELINE, shipped("swarm"), "ore_mined_kg", true);
    assert_moves(BASELINE, shipped("dust-dome"), "dust_holds", false);
    assert_moves(
        BASELINE,
        shipped("steam-return"),
        "propellant_produced_kg",
        true,
    );
    assert_moves(BASELINE, shipped("high-autonomy"), "ground_wait_h", false);
}

/// Each kind of event happens to the entity its subsystem implies, and a
/// kind without a unit carries no quantity.
#[test]
fn traced_kinds_fit_their_entities_and_units() {
    let s = prepared(&scenario(FIXED));
    let mut events: Vec<TraceEvent> = Vec::new();
    for k in 0..8 {
        simulate_traced(&s, 5, k, &mut events).unwrap();
    }
    for e in &events {
        let fits = match e.kind.subsystem() {
            "drilling" | "power" | "anchoring" if e.kind != EventKind::AnchoringDone => {
                matches!(e.entity, Entity::Robot(_))
            }
            "processing" if e.kind == EventKind::WaitHopper => matches!(e.entity, Entity::Robot(_)),
            "processing" => e.entity == Entity::Plant,
            "return" => !matches!(e.entity, Entity::Robot(_) | Entity::Plant),
            _ => true,
        };
        assert!(fits, "{e:?}");
        assert!(!e.kind.unit().is_empty() || e.quantity == 0.0, "{e:?}");
    }
    let seen = |k: EventKind| events.iter().any(|e| e.kind == k);
    assert!(seen(EventKind::DrillBatchStart) && seen(EventKind::PlantBatchStart));
}

#[test]
fn a_traced_replication_is_the_same_replication_as_in_a_batch() {
    let s = prepared(&scenario(FIXED));
    let records = run_range(&s, 42, 0..12).unwrap();
    for k in [0u64, 5, 11] {
        let mut events: Vec<TraceEvent> = Vec::new();
        let traced = simulate_traced(&s, 42, k, &mut events).unwrap();
        assert_eq!(traced, records[k as usize]);
        assert!(
            events.windows(2).all(|w| w[0].time_h <= w[1].time_h),
            "trace in time order"
        );
    }
    // Replication k does not depend on which others ran, or in what order.
    assert_eq!(simulate(&s, 42, 11).unwrap(), records[11]);
    assert_eq!(run_range(&s, 42, 5..12).unwrap(), records[5..].to_vec());
}

/// "Success" counts any cargo at all; full success only runs in which every
/// trip delivered its full cargo target, i.e. the delivered mass reaches
/// trips × target (each trip carries at most its target).
#[test]
fn full_success_means_every_trip_delivered_its_target() {
    let s = scenario(BASELINE);
    let trips = f64::from(*s.return_plan.trips.get_ref());
    let target = s.return_plan.cargo_target_kg.as_fixed().unwrap();
    let runs = batch(&s, 3, 300);
    let mut full = 0;
    for r in &runs {
        let m = &r.metrics;
        let expected = m.delivered_kg + 1e-6 * trips >= trips * target;
        assert_eq!(m.full_success == 1.0, expected, "run {}: {m:?}", r.run);
        assert!(m.full_success == 0.0 || r.outcome == Outcome::Success);
        full += usize::from(expected);
    }
    // The reference sees both: some full missions, many partial ones.
    assert!(full > 0 && full < runs.len(), "{full} of {}", runs.len());
    let summary = astromine::aggregate::Summary::of("b", 3, &runs);
    assert_eq!(summary.full_success.count, full as u64);
}
