//! The mission cost: its parts and the launched mass by hand, the lump sum
//! as before, the presence rules located, the market response of the price,
//! and a sweep of the fleet that moves the cost linearly.

use crate::scenario::{line_of, problems};
use crate::support::{FIXED, IDEAL, ITEMISED, astromine_ok, batch, edit, read_json, scenario};
use astromine::model::Outcome;
use astromine::study::overrides::{Base, SetArg};
use astromine::study::sweep::grid;

/// The itemised scenario with propellant brought from Earth too.
fn itemised_text() -> String {
    edit(
        &edit(FIXED, &ITEMISED),
        &[("initial_kg = 0", "initial_kg = 1000")],
    )
}

#[test]
fn launched_mass_and_each_cost_part_are_exact() {
    // robots 4 × 300 + plant 2000 + trips 2 × 5000 + propellant 1000
    // + robots 4 × (8 harpoons × 2 + 20 bits × 1.5) + 8 kits × 25 kg.
    let mass = 1200.0 + 2000.0 + 10_000.0 + 1000.0 + 184.0 + 200.0;
    assert_eq!(mass, 14_584.0);
    let units = 4.0 * 5e6 + 2e7 + 2.0 * 1e7;
    let launch = mass * 5000.0;
    let total = 8e7 + units + launch;
    assert_eq!(total, 212_920_000.0);
    let itemised = batch(&scenario(&itemised_text()), 3, 6);
    for r in &itemised {
        let m = &r.metrics;
        assert_eq!(m.launched_mass_kg, mass);
        assert_eq!(m.development_usd, 8e7);
        assert_eq!(m.units_usd, units);
        assert_eq!(m.launch_usd, launch);
        assert_eq!(m.mission_cost_usd, total);
    }
    // Booked at launch: the same NPV as a lump sum of the total, whose
    // launched mass is still reported since the masses are given.
    let lump = edit(
        &itemised_text(),
        &[(
            "development_usd = 8e7\nrobot_unit_usd = 5e6\nplant_unit_usd = 2e7\n\
             return_vehicle_unit_usd = 1e7\nlaunch_usd_per_kg = 5000",
            "mission_cost_usd = 212920000",
        )],
    );
    let lump = batch(&scenario(&lump), 3, 6);
    assert!(itemised.iter().any(|r| r.outcome == Outcome::Success));
    for (a, b) in itemised.iter().zip(&lump) {
        assert_eq!(a.metrics.npv_usd.to_bits(), b.metrics.npv_usd.to_bits());
        assert_eq!(b.metrics.launched_mass_kg, mass);
        assert_eq!((b.metrics.development_usd, b.metrics.units_usd), (0.0, 0.0));
        assert_eq!(b.metrics.launch_usd, 0.0);
        assert_eq!(b.metrics.mission_cost_usd, total);
    }
}

#[test]
fn a_lump_sum_gives_the_npv_it_gave_before_bit_for_bit() {
    // fixed-windows.toml, seed 7, replications 0-7, from runs.csv of the
    // build that merged the itemised costs with the light-time constant of
    // 1 au / c and the leave-now rule for propellant that cannot grow (both
    // deliberate changes of results); a lump sum must keep these NPVs.
    let before = [
        -27117435.738489985,
        -142285671.26217633,
        -179752108.42130387,
        -136223967.71698463,
        -250173931.2440602,
        -183746326.48808673,
        -180375203.05605116,
        -101674420.3688271,
    ];
    let runs = batch(&scenario(FIXED), 7, 8);
    for (r, npv) in runs.iter().zip(before) {
        assert_eq!(
            r.metrics.npv_usd.to_bits(),
            f64::to_bits(npv),
            "run {}",
            r.run
        );
        assert_eq!(r.metrics.mission_cost_usd, 1.5e8);
        assert_eq!(
            r.metrics.launched_mass_kg, 0.0,
            "no masses, no launched mass"
        );
        assert_eq!(r.metrics.units_usd + r.metrics.launch_usd, 0.0);
    }
}

/// (key, line) of the problems of `text`, which must be about `keys` (in
/// file order of the places they point at).
fn located(text: &str, keys: &[&str]) -> Vec<(String, Option<usize>)> {
    let found = problems(text);
    let named: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(named, keys, "{found:?}");
    found
}

#[test]
fn a_part_beside_the_lump_sum_is_an_error_at_the_part() {
    let text = edit(
        FIXED,
        &[(
            "mission_cost_usd = 1.5e8",
            "mission_cost_usd = 1.5e8\ndevelopment_usd = 8e7",
        )],
    );
    assert_eq!(
        located(&text, &["economics.development_usd"]),
        [(
            "economics.development_usd".to_owned(),
            Some(line_of(&text, "development_usd"))
        )]
    );
}

#[test]
fn each_missing_part_or_mass_is_located_at_its_section() {
    let text = edit(
        &edit(FIXED, &ITEMISED),
        &[
            ("\nrobot_mass_kg = 300", ""),
            ("\nplant_unit_usd = 2e7", ""),
        ],
    );
    let found = located(&text, &["fleet.robot_mass_kg", "economics.plant_unit_usd"]);
    assert_eq!(
        found,
        [
            (
                "fleet.robot_mass_kg".to_owned(),
                Some(line_of(&text, "[fleet]"))
            ),
            (
                "economics.plant_unit_usd".to_owned(),
                Some(line_of(&text, "[economics]"))
            ),
        ]
    );
    let err = astromine::scenario::parse(&text, "t.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("missing key `plant_unit_usd` in [economics]"),
        "{err}"
    );
    // Neither a lump sum nor parts: the lump sum is asked for.
    let none = edit(FIXED, &[("mission_cost_usd = 1.5e8\n", "")]);
    let err = astromine::scenario::parse(&none, "t.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("missing key `mission_cost_usd` in [economics]"),
        "{err}"
    );
    assert!(err.contains("or its parts"), "{err}");
}

#[test]
fn masses_beside_a_lump_sum_come_all_or_none() {
    let text = edit(
        FIXED,
        &[("bit_change_h = 4", "bit_change_h = 4\nbit_mass_kg = 1.5")],
    );
    let found = located(
        &text,
        &[
            "fleet.robot_mass_kg",
            "anchoring.harpoon_mass_kg",
            "processing.plant_mass_kg",
            "processing.spare_mass_kg",
        ],
    );
    assert_eq!(found[0].1, Some(line_of(&text, "[fleet]")));
    assert_eq!(found[3].1, Some(line_of(&text, "[processing]")));
}

#[test]
fn the_market_response_needs_both_keys() {
    for (written, missing) in [
        ("price_exponent = 1", "market_kg"),
        ("market_kg = 1e5", "price_exponent"),
    ] {
        let text = edit(
            FIXED,
            &[(
                "discount_rate = 0.08",
                &format!("discount_rate = 0.08\n{written}"),
            )],
        );
        let key = format!("economics.{missing}");
        let found = located(&text, &[key.as_str()]);
        assert_eq!(
            found,
            [(
                format!("economics.{missing}"),
                Some(line_of(&text, "[economics]"))
            )]
        );
    }
}

#[test]
fn with_a_market_of_one_trip_the_second_sells_at_half_price() {
    let ideal = edit(FIXED, &IDEAL);
    let market = edit(
        &ideal,
        &[(
            "discount_rate = 0.08",
            "discount_rate = 0.08\nprice_exponent = 1\nmarket_kg = 100000",
        )],
    );
    let fixed = batch(&scenario(&ideal), 1, 3);
    let falling = batch(&scenario(&market), 1, 3);
    for (a, b) in fixed.iter().zip(&falling) {
        assert_eq!(b.metrics.deliveries, 2.0);
        assert_eq!(b.metrics.delivered_kg, 200_000.0);
        assert_eq!(a.metrics.revenue_usd, 2000.0 * 200_000.0);
        // 2000 $/kg for the first 100 t, 2000 × (1 + 1)^−1 for the second.
        assert_eq!(
            b.metrics.revenue_usd,
            2000.0 * 100_000.0 + 1000.0 * 100_000.0
        );
        assert!(
            b.metrics.npv_usd < a.metrics.npv_usd,
            "the NPV uses the price paid"
        );
    }
}

#[test]
fn a_sweep_of_the_fleet_moves_the_mission_cost_linearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("itemised.toml");
    std::fs::write(&path, itemised_text()).unwrap();
    let base = Base::load(&path).unwrap();
    let set: SetArg = "fleet.robots=2,4,6".parse().unwrap();
    let cost: Vec<f64> = grid(&base, &[set])
        .unwrap()
        .iter()
        .map(|point| batch(&point.scenario, 5, 2)[1].metrics.mission_cost_usd)
        .collect();
    // Each robot: 5 M$ to build and 300 + 16 + 30 kg at 5000 $/kg.
    let per_robot = 5e6 + 346.0 * 5000.0;
    assert_eq!(
        cost,
        [
            212_920_000.0 - 2.0 * per_robot,
            212_920_000.0,
            212_920_000.0 + 2.0 * per_robot
        ]
    );
}

#[test]
fn summary_and_report_break_the_cost_down() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("itemised.toml");
    std::fs::write(&path, itemised_text()).unwrap();
    let path = path.to_str().unwrap();
    astromine_ok(
        dir.path(),
        &["run", path, "--runs", "3", "--out", "o", "--no-charts"],
    );
    let summary = read_json(dir.path().join("o/fixed-windows/summary.json"));
    assert_eq!(
        summary["costs"],
        serde_json::json!({
            "development_usd": 8e7,
            "units_usd": 6e7,
            "launch_usd": 72_920_000.0,
            "launched_mass_kg": 14_584.0,
            "mission_cost_usd": 212_920_000.0,
        })
    );
    let report = std::fs::read_to_string(dir.path().join("o/fixed-windows/report.md")).unwrap();
    for line in [
        "## Costs",
        "| development | $80.0M |",
        "| robots, plant and return vehicles | $60.0M |",
        "| launch of 14,584 kg | $72.9M |",
        "| mission cost | $213M |",
    ] {
        assert!(report.contains(line), "{line} in\n{report}");
    }
}
