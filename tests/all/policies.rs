//! Operating policies (docs/model.md §Water and propellant, §Departures):
//! each one's effect in its expected direction on a scenario built for it.

use crate::scenario::line_of;
use crate::support::{FIXED, IDEAL, batch, edit, prepared, scenario};
use astromine::model::trace::{EventKind, TraceEvent};
use astromine::model::{RunRecord, simulate_traced};
use astromine::scenario::{ExcessOxygen, PropellantPolicy, ReturnPolicy, Scenario, parse};

/// The fixed-window scenario where nothing fails, with `edits` on top.
fn ideal_with(edits: &[(&str, &str)]) -> Scenario {
    let ideal = edit(FIXED, &IDEAL);
    scenario(&edit(&ideal, edits))
}

fn mean(records: &[RunRecord], f: impl Fn(&RunRecord) -> f64) -> f64 {
    records.iter().map(f).sum::<f64>() / records.len() as f64
}

/// The departures of replication `run`: (mission day, cargo kg).
fn departures(s: &Scenario, run: u64) -> Vec<(f64, f64)> {
    let mut events: Vec<TraceEvent> = Vec::new();
    simulate_traced(&prepared(s), 7, run, &mut events).unwrap();
    events
        .iter()
        .filter(|e| e.kind == EventKind::Departure)
        .map(|e| (e.time_h / 24.0, e.quantity))
        .collect()
}

const BOILOFF: (&str, &str) = ("boiloff_pct_per_day = 0.05", "boiloff_pct_per_day = 0.5");
/// Electrolysis at 200 kW (800 kg/day) for 50 t trips (a 22 t need, some
/// 27 days' work): ready well inside the boil-off's time constant.
const FAST: [(&str, &str); 2] = [
    ("power_kw = 60", "power_kw = 200"),
    ("cargo_target_kg = 100000", "cargo_target_kg = 50000"),
];
const JUST_IN_TIME: (&str, &str) = ("policy = \"eager\"", "policy = \"just_in_time\"");

#[test]
fn just_in_time_electrolysis_boils_off_less_and_delivers_as_much() {
    let eager = batch(&ideal_with(&[BOILOFF, FAST[0], FAST[1]]), 3, 8);
    let jit = batch(
        &ideal_with(&[BOILOFF, FAST[0], FAST[1], JUST_IN_TIME]),
        3,
        8,
    );
    for (a, b) in eager.iter().zip(&jit) {
        let (a, b) = (&a.metrics, &b.metrics);
        assert!(
            b.boiloff_kg < 0.5 * a.boiloff_kg,
            "eager {} kg, just in time {} kg",
            a.boiloff_kg,
            b.boiloff_kg
        );
        assert_eq!((a.delivered_kg, b.delivered_kg), (100_000.0, 100_000.0));
        assert!(b.propellant_produced_kg < a.propellant_produced_kg);
    }
    // Less boil-off to make up: the trips leave no later on average.
    let days = |r: &RunRecord| r.metrics.mission_days;
    assert!(mean(&jit, days) <= mean(&eager, days));
}

const RATIO_6: (&str, &str) = ("initial_kg = 0", "initial_kg = 0\nmixture_ratio = 6");

#[test]
fn venting_at_o_f_6_delivers_less_than_o_f_8_and_selling_the_oxygen_more() {
    // The fixed-window scenario is short of water in many replications.
    let n = 120;
    let o_f_8 = batch(&scenario(FIXED), 11, n);
    let vent = batch(&scenario(&edit(FIXED, &[RATIO_6])), 11, n);
    let sell = scenario(&edit(
        FIXED,
        &[
            RATIO_6,
            ("excess_oxygen = \"vent\"", "excess_oxygen = \"cargo\""),
        ],
    ));
    let sell = batch(&sell, 11, n);
    let delivered = |r: &RunRecord| r.metrics.delivered_kg;
    let (d8, d_vent, d_sell) = (
        mean(&o_f_8, delivered),
        mean(&vent, delivered),
        mean(&sell, delivered),
    );
    assert!(d_vent < 0.95 * d8, "vent at 6: {d_vent} kg, at 8: {d8} kg");
    assert!(d_sell > d_vent, "sold: {d_sell} kg, vented: {d_vent} kg");
    assert!(mean(&vent, |r| r.metrics.oxygen_vented_kg) > 0.0);
    assert_eq!(mean(&vent, |r| r.metrics.oxygen_shipped_kg), 0.0);
    assert_eq!(mean(&sell, |r| r.metrics.oxygen_vented_kg), 0.0);
    assert!(mean(&sell, |r| r.metrics.oxygen_shipped_kg) > 0.0);
    assert_eq!(mean(&o_f_8, |r| r.metrics.oxygen_vented_kg), 0.0);
    // Each kg of water makes 7/9 kg of propellant and 2/9 kg of oxygen over.
    for r in &vent {
        let m = &r.metrics;
        let water = m.propellant_produced_kg + m.oxygen_vented_kg;
        assert!((m.oxygen_vented_kg - water * 2.0 / 9.0).abs() <= 1e-6 * water.max(1.0));
    }
}

#[test]
fn liquefaction_adds_its_energy_per_kg_of_propellant() {
    let s = scenario(&edit(
        FIXED,
        &[
            RATIO_6,
            (
                "initial_kg = 0",
                "initial_kg = 0\nliquefaction_kwh_per_kg = 4",
            ),
        ],
    ));
    for r in batch(&s, 5, 20) {
        let m = &r.metrics;
        let water = m.propellant_produced_kg + m.oxygen_vented_kg;
        let kwh = water * 6.0 + m.propellant_produced_kg * 4.0;
        assert!(
            (m.electrolysis_kwh - kwh).abs() <= 1e-9 * kwh.max(1.0),
            "{} vs {kwh}",
            m.electrolysis_kwh
        );
    }
}

#[test]
fn steam_heating_is_energy_at_departure_and_changes_nothing_else() {
    let steam = edit(FIXED, &[("kind = \"lox_lh2\"", "kind = \"water_steam\"")]);
    let cold = batch(&scenario(&steam), 9, 30);
    let heated = edit(
        &steam,
        &[("initial_kg = 0", "initial_kg = 0\nheating_kwh_per_kg = 2.5")],
    );
    let heated = batch(&scenario(&heated), 9, 30);
    for (a, b) in cold.iter().zip(&heated) {
        let (a, b) = (&a.metrics, &b.metrics);
        let heat = 2.5 * a.propellant_burned_kg;
        assert!((b.energy_kwh - a.energy_kwh - heat).abs() <= 1e-9 * b.energy_kwh.max(1.0));
        assert_eq!(b.delivered_kg, a.delivered_kg);
        assert_eq!(b.mission_days, a.mission_days);
    }
}

#[test]
fn first_window_leaves_earlier_with_less() {
    // One trip for 200 t, its propellant brought from Earth (so all water
    // is cargo): the plant has not made 200 t by the first window (days
    // 900–960).
    let edits = [
        ("trips = 2", "trips = 1"),
        ("cargo_target_kg = 100000", "cargo_target_kg = 200000"),
        ("initial_kg = 0", "initial_kg = 90000"),
        ("boiloff_pct_per_day = 0.05", "boiloff_pct_per_day = 0"),
    ];
    let full = ideal_with(&edits);
    let mut first = edits.to_vec();
    first.push(("policy = \"full\"", "policy = \"first_window\""));
    let first = ideal_with(&first);
    for run in 0..3 {
        let f = departures(&full, run);
        let w = departures(&first, run);
        assert_eq!((f.len(), w.len()), (1, 1), "{f:?} {w:?}");
        let ((f_day, f_kg), (w_day, w_kg)) = (f[0], w[0]);
        assert!((959.0..=960.0).contains(&w_day), "left on day {w_day}");
        assert!(w_day < f_day && w_kg < f_kg, "first {w:?}, full {f:?}");
        assert!(w_kg > 0.0);
    }
}

/// Metal, one trip, propellant from Earth that covers a full trip at
/// launch but, after 900 days of boil-off, not at the first window.
const METAL: [(&str, &str); 3] = [
    ("class = \"C\"", "class = \"M\""),
    ("initial_kg = 0", "initial_kg = 45000"),
    ("trips = 2", "trips = 1"),
];

#[test]
fn metal_whose_propellant_cannot_grow_leaves_in_the_first_window() {
    let s = ideal_with(&METAL);
    for run in 0..3 {
        let days = departures(&s, run);
        assert_eq!(days.len(), 1, "{days:?}");
        let (day, kg) = days[0];
        // Boil-off left 45 t · e^(−0.005·900) ≈ 0.5 t short of a full
        // trip's need (42.6 t): the trip leaves as the window opens with
        // the cargo that propellant carries.
        assert!((900.0..901.0).contains(&day), "left on day {day}");
        assert!((1000.0..100_000.0).contains(&kg), "{kg} kg");
    }
    // Without boil-off it covers a full trip; the cargo (97.5 t by day
    // 960) is still growing, so the trip waits for it, and leaves full as
    // the second window opens (not at the last, day 3820).
    let no_boiloff = ("boiloff_pct_per_day = 0.05", "boiloff_pct_per_day = 0");
    let s = ideal_with(&[METAL[0], METAL[1], METAL[2], no_boiloff]);
    assert_eq!(departures(&s, 0), vec![(1265.0, 100_000.0)]);
}

#[test]
fn left_out_policies_take_todays_defaults() {
    let text = edit(
        FIXED,
        &[
            ("policy = \"eager\"", ""),
            ("excess_oxygen = \"vent\"", ""),
            ("policy = \"full\"", ""),
        ],
    );
    let s = scenario(&text);
    assert_eq!(s.propellant.policy, PropellantPolicy::Eager);
    assert_eq!(s.propellant.excess_oxygen, ExcessOxygen::Vent);
    assert_eq!(s.return_plan.policy, ReturnPolicy::Full);
    assert_eq!(s.propellant.mixture_ratio.as_fixed(), Some(8.0));
    assert_eq!(s.propellant.liquefaction_kwh_per_kg.as_fixed(), Some(0.0));
    assert_eq!(s.propellant.heating_kwh_per_kg.as_fixed(), Some(0.0));
    assert_eq!(batch(&s, 1, 5), batch(&scenario(FIXED), 1, 5));
}

#[test]
fn bad_policies_are_located_and_say_what_is_valid() {
    let cases = [
        (
            RATIO_6.0,
            "initial_kg = 0\nmixture_ratio = 9",
            "mixture_ratio = 9",
            "(0, 8]",
        ),
        (
            RATIO_6.0,
            "initial_kg = 0\nmixture_ratio = { uniform = [5, 6] }",
            "mixture_ratio =",
            "plain number",
        ),
        (
            "policy = \"eager\"",
            "policy = \"lazy\"",
            "policy = \"lazy\"",
            "just_in_time",
        ),
        (
            "excess_oxygen = \"vent\"",
            "excess_oxygen = \"sell\"",
            "excess_oxygen",
            "cargo",
        ),
        (
            "policy = \"full\"",
            "policy = \"half\"",
            "policy = \"half\"",
            "first_window",
        ),
        (
            "initial_kg = 0",
            "initial_kg = 0\nheating_kwh_per_kg = -1",
            "heating_kwh_per_kg",
            "in [0, 1e15]",
        ),
    ];
    for (from, to, needle, valid) in cases {
        let text = edit(FIXED, &[(from, to)]);
        let msg = parse(&text, "bad.toml").unwrap_err().to_string();
        let line = line_of(&text, needle);
        assert!(
            msg.contains(&format!("bad.toml:{line}:")),
            "{needle}: {msg}"
        );
        assert!(msg.contains(valid), "{needle}: {msg}");
    }
}

/// With steam the tank and the cargo are the same water. A plant that dies
/// before a 100 t trip fills leaves some tens of tonnes of water, all of it
/// topped up into the tank for the trip's need; the trip must still fly the
/// best split of that stock home at the last window, c = (S − dry·k)/(1 + k),
/// instead of ending with the water locked in the tank and nothing aboard.
#[test]
fn steam_flies_its_whole_stock_home_when_production_stops() {
    let text = edit(
        FIXED,
        &[
            ("kind = \"lox_lh2\"", "kind = \"water_steam\""),
            ("isp_s = 450", "isp_s = 175"),
            ("mtbf_h = 6000", "mtbf_h = 3000"),
            ("unrepairable_prob = 0.05", "unrepairable_prob = 1"),
        ],
    );
    let runs = batch(&scenario(&text), 5, 60);
    let mut checked = 0;
    for r in &runs {
        let m = &r.metrics;
        // Runs whose plant died after making water, and that reached a window.
        if m.plant_failures < 1.0 || m.product_kg < 20_000.0 {
            continue;
        }
        checked += 1;
        assert!(
            m.departures >= 1.0 && m.cargo_departed_kg > 0.0,
            "run {}: {} kg of water made, none flown home",
            r.run,
            m.product_kg
        );
        // What stays in the tank is at most rounding, unless the trip was
        // full.
        assert!(
            m.propellant_left_kg < 1.0 || m.cargo_departed_kg >= 100_000.0 - 1e-6,
            "run {}: {} kg left in the tank",
            r.run,
            m.propellant_left_kg
        );
    }
    assert!(checked >= 10, "only {checked} runs to check");
}
