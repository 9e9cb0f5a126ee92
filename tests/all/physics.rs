//! Closed forms behind the model: escape speed, light time, contact windows,
//! the rocket equation, discounting, and their use in replications.

use crate::support::{BASELINE, FIXED, baseline_with, batch, edit, prepared, scenario};
use astromine::engine::rng::Streams;
use astromine::model::comms::{Distance, Ground, light_time_h, next_contact_h};
use astromine::model::dust::escape_speed_m_s;
use astromine::model::economics::Discount;
use astromine::model::trace::{EventKind, TraceEvent};
use astromine::model::transit::{G0, max_cargo, propellant_for};
use astromine::model::{Subsystem, simulate_traced};
use astromine::scenario::Dist;
use astromine::units::{DAYS_PER_YEAR, HOURS_PER_DAY};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

#[test]
fn escape_speed_of_bennu_and_ryugu() {
    // Lauretta et al. 2019: Bennu ≈ 0.20 m/s; Watanabe et al. 2019: Ryugu ≈ 0.37 m/s.
    let bennu = escape_speed_m_s(490.0, 1190.0);
    assert!(close(bennu, 0.200, 0.01), "{bennu}");
    let ryugu = escape_speed_m_s(900.0, 1190.0);
    assert!(close(ryugu, 0.367, 0.01), "{ryugu}");
    // v ∝ r√ρ.
    assert!(close(
        escape_speed_m_s(980.0, 4.0 * 1190.0),
        4.0 * bennu,
        1e-12
    ));
}

#[test]
fn light_time_is_499_seconds_per_au() {
    // 1 au / c = 149 597 870 700 m / 299 792 458 m/s = 499.004 784 s.
    assert!(close(
        light_time_h(1.0) * 3600.0,
        149_597_870_700.0 / 299_792_458.0,
        1e-9
    ));
    assert!(close(light_time_h(2.2) * 3600.0, 2.2 * 499.004_784, 1e-12));
}

#[test]
fn commands_leave_in_the_daily_contact_window() {
    assert_eq!(
        next_contact_h(30.0, 8.0),
        30.0,
        "06:00 on day 1 is inside an 8 h window"
    );
    assert_eq!(next_contact_h(33.0, 8.0), 48.0, "09:00 waits for day 2");
    assert_eq!(
        next_contact_h(47.9, HOURS_PER_DAY),
        47.9,
        "continuous contact never waits"
    );
}

/// A ground intervention at distance d waits at least 2·d·499.0048 s plus the
/// response, and at most a day more (the next contact window).
#[test]
fn ground_waits_are_bounded_by_light_time_and_contact() {
    let response = Dist::Fixed(5.0).sampler();
    let d = 2.0;
    let floor = 2.0 * light_time_h(d) + 5.0;
    let mut ground = Ground::new(
        Distance::Fixed(d),
        6.0,
        response,
        Streams::new(1, 0).stream(Subsystem::Comms),
    );
    for i in 0..2000 {
        let now = f64::from(i) * 0.37;
        let wait = ground.intervention_wait_h(now);
        assert!(
            wait >= floor - 1e-9 && wait <= floor + HOURS_PER_DAY,
            "{wait} at {now}"
        );
    }
    // And inside a replication: ground-confirmed shots and ground repairs.
    let s = baseline_with(&[
        (
            "distance_au = { uniform = [0.8, 2.2] }",
            "distance_au = 2.0",
        ),
        (
            "ground_response_h = { triangular = [2, 8, 48] }",
            "ground_response_h = 5",
        ),
        ("ground_confirm = false", "ground_confirm = true"),
    ]);
    let mut events: Vec<TraceEvent> = Vec::new();
    let mut seen = 0;
    for k in 0..5 {
        events.clear();
        simulate_traced(&prepared(&s), 3, k, &mut events).unwrap();
        for e in events.iter().filter(|e| e.kind == EventKind::GroundWait) {
            seen += 1;
            assert!(
                e.quantity >= floor - 1e-9 && e.quantity <= floor + HOURS_PER_DAY,
                "{}",
                e.quantity
            );
        }
    }
    assert!(seen > 20, "only {seen} ground waits traced");
}

#[test]
fn rocket_equation_and_its_inverse() {
    // Δv = Isp·g0·ln 2 doubles the mass: propellant equals the final mass.
    let isp = 450.0;
    let dv = isp * G0 * std::f64::consts::LN_2;
    assert!(close(propellant_for(1000.0, dv, isp), 1000.0, 1e-12));
    // Baseline trip: 105 t at 1500 m/s and 450 s → 105 000·(e^0.33990 − 1) ≈ 42 505 kg.
    assert!(close(
        propellant_for(105_000.0, 1500.0, 450.0),
        42_505.0,
        1e-4
    ));
    let m_p = propellant_for(5000.0 + 30_000.0, 1500.0, 450.0);
    assert!(close(
        max_cargo(m_p, 5000.0, 1500.0, 450.0),
        30_000.0,
        1e-12
    ));
}

#[test]
fn discounting_matches_its_integral() {
    let d = Discount::annual(0.08);
    assert!(
        close(d.factor(DAYS_PER_YEAR), 1.0 / 1.08, 1e-12),
        "one year discounts by 1/(1+r)"
    );
    // Trapezoid rule of ∫₀ᵀ e^(−ρt) dt.
    let t = 2400.0;
    let n = 240_000;
    let h = t / n as f64;
    let integral: f64 = (0..=n)
        .map(|i| {
            let w = if i == 0 || i == n { 0.5 } else { 1.0 };
            w * d.factor(i as f64 * h) * h
        })
        .sum();
    assert!(close(d.annuity(t), integral, 1e-9));
    assert_eq!(Discount::annual(0.0).annuity(t), t);
}

/// Every departure burns exactly m_p = (dry + cargo)·(e^(Δv/(Isp·g0)) − 1).
#[test]
fn each_departure_burns_the_rocket_equation_propellant() {
    let steam = edit(
        FIXED,
        &[
            ("kind = \"lox_lh2\"", "kind = \"water_steam\""),
            ("isp_s = 450", "isp_s = 175"),
        ],
    );
    for (name, text) in [
        ("fixed windows", FIXED),
        ("fixed-window steam", steam.as_str()),
        ("baseline (orbit windows)", BASELINE),
    ] {
        let s = scenario(text);
        let p = prepared(&s);
        let dry = s.return_plan.dry_kg.as_fixed().unwrap();
        // Fixed windows: one Δv. Orbit windows: the departure day's best
        // transfer, the last day of its window for the trips that leave
        // as it closes.
        let dv = |time_h: f64| match p.sky().and_then(|sky| sky.returns.as_ref()) {
            None => s.return_plan.delta_v_m_s.as_fixed().unwrap(),
            Some(r) => {
                let day = (time_h / 24.0).floor() as u32;
                let w = r
                    .windows
                    .iter()
                    .find(|w| w.open_day <= day && day <= w.close_day + 1)
                    .expect("departures leave inside a window");
                r.transfer(day.min(w.close_day)).unwrap().total_dv_m_s
            }
        };
        let isp = s.propellant.isp_s.as_fixed().unwrap();
        let mut departures = 0;
        for k in 0..20 {
            let mut events: Vec<TraceEvent> = Vec::new();
            let r = simulate_traced(&p, 11, k, &mut events).unwrap();
            let expected: f64 = events
                .iter()
                .filter(|e| e.kind == EventKind::Departure)
                .map(|e| propellant_for(dry + e.quantity, dv(e.time_h), isp))
                .sum();
            departures += events
                .iter()
                .filter(|e| e.kind == EventKind::Departure)
                .count();
            assert!(
                close(r.metrics.propellant_burned_kg, expected, 1e-12),
                "{name} run {k}: {} vs {expected}",
                r.metrics.propellant_burned_kg
            );
        }
        assert!(
            departures > 10,
            "{name}: only {departures} departures to check"
        );
    }
}

/// Electrolysis energy is the propellant it made times kWh per kg.
#[test]
fn electrolysis_energy_matches_propellant_made() {
    let s = scenario(FIXED);
    for r in batch(&s, 5, 20) {
        let m = r.metrics;
        assert!(
            close(m.electrolysis_kwh, m.propellant_produced_kg * 6.0, 1e-12),
            "{m:?}"
        );
    }
    let steam = scenario(&edit(
        FIXED,
        &[("kind = \"lox_lh2\"", "kind = \"water_steam\"")],
    ));
    for r in batch(&steam, 5, 10) {
        assert_eq!(r.metrics.electrolysis_kwh, 0.0);
    }
}

#[test]
fn anchoring_fails_as_often_as_the_closed_form_says() {
    use astromine::model::Outcome;
    use astromine::report::warnings::anchoring_probability;
    // A narrow strength window and few harpoons, so that anchoring fails
    // often; no launch failures, so every replication reaches anchoring.
    let text = edit(
        FIXED,
        &[
            ("launch_failure_prob = 0.03", "launch_failure_prob = 0"),
            ("harpoons_per_robot = 8", "harpoons_per_robot = 2"),
            ("max_strength_kpa = 500", "max_strength_kpa = 5"),
            ("min_anchored = 2", "min_anchored = 3"),
        ],
    );
    let s = scenario(&text);
    let p = 1.0 - anchoring_probability(&s);
    let n = 3000;
    let failed = batch(&s, 11, n)
        .iter()
        .filter(|r| r.outcome == Outcome::AnchoringFailure)
        .count() as f64;
    // 4.5 standard errors: a false alarm once in ~150,000 runs of this test,
    // while a bias of a tenth of p (about 0.04 here) is caught.
    let se = (p * (1.0 - p) / n as f64).sqrt();
    let share = failed / n as f64;
    assert!(
        (0.2..0.8).contains(&p) && (share - p).abs() < 4.5 * se,
        "simulated {share:.4} against {p:.4} ± {:.4}",
        4.5 * se
    );
}
