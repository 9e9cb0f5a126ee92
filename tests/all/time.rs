//! Where the time goes: every robot-hour, plant hour and electrolysis hour
//! of the operating time is booked to exactly one state, in every
//! replication; and a plant-bound mission shows it.

use crate::support::{BASELINE, FIXED, IDEAL, batch, edit, scenario};
use astromine::aggregate::Summary;
use astromine::aggregate::time::{Limiter, TimeBudget};
use astromine::model::time::{ElectrolysisTime, PlantTime, RobotTime, TimeState};
use astromine::model::{Metric, Metrics, RunRecord};

/// The hours of `states` in `m`.
fn hours<S: TimeState>(m: &Metrics, states: &[S]) -> f64 {
    states.iter().map(|s| m.get(s.metric())).sum()
}

/// In every record, robot-hours add up to robots × operating_h and plant
/// and electrolysis hours to operating_h, to 1e-6 relative.
fn assert_adds_up(what: &str, robots: f64, records: &[RunRecord]) {
    let mut operating = 0.0;
    for r in records {
        let m = &r.metrics;
        let t = m.operating_h;
        assert!(t >= 0.0, "{what} run {}: operating_h {t}", r.run);
        let tol = 1e-6 * (robots * t).max(1e-9);
        let sums = [
            ("robots", hours(m, RobotTime::ALL), robots * t),
            ("plant", hours(m, PlantTime::ALL), t),
            ("electrolysis", hours(m, ElectrolysisTime::ALL), t),
        ];
        for (stage, sum, expected) in sums {
            assert!(
                (sum - expected).abs() <= tol,
                "{what} run {} ({:?}): {stage} hours {sum} vs {expected}",
                r.run,
                r.outcome
            );
        }
        for metric in Metric::ALL.iter().filter(|m| m.name().ends_with("_h")) {
            assert!(m.get(*metric) >= -tol, "{what}: {} < 0", metric.name());
        }
        operating += t;
    }
    assert!(operating > 0.0, "{what}: no operating time at all");
}

/// Runs `n` replications of the fixed-window scenario with `edits` and
/// checks their time accounting.
fn check_variant(what: &str, edits: &[(&str, &str)], n: u64) -> Vec<RunRecord> {
    let records = batch(&scenario(&edit(FIXED, edits)), 11, n);
    assert_adds_up(what, 4.0, &records);
    records
}

fn total(records: &[RunRecord], metric: Metric) -> f64 {
    records.iter().map(|r| r.metrics.get(metric)).sum()
}

#[test]
fn the_shipped_scenarios_account_for_every_hour() {
    for (what, text) in [("baseline", BASELINE), ("fixed-windows", FIXED)] {
        let records = batch(&scenario(text), 5, 200);
        assert_adds_up(what, 4.0, &records);
        assert!(total(&records, Metric::RobotCuttingH) > 0.0);
        assert!(total(&records, Metric::PlantProcessingH) > 0.0);
        assert!(total(&records, Metric::ElectrolysisWorkingH) > 0.0);
    }
}

#[test]
fn faults_and_ground_waits_are_accounted_for() {
    let records = check_variant(
        "faults",
        &[
            ("fault_mtbf_h = 1500", "fault_mtbf_h = 150"),
            ("autonomy = 0.8", "autonomy = 0.2"),
            ("fault_loss_prob = 0.02", "fault_loss_prob = 0.05"),
            ("mtbf_h = 6000", "mtbf_h = 300"),
            ("spare_bits = 20", "spare_bits = 2"),
            (
                "pullout_per_batch_prob = 0.002",
                "pullout_per_batch_prob = 0.05",
            ),
            ("ground_confirm = false", "ground_confirm = true"),
            ("harpoons_per_robot = 8", "harpoons_per_robot = 3"),
        ],
        60,
    );
    for metric in [
        Metric::RobotRepairH,
        Metric::RobotWaitGroundH,
        Metric::RobotAnchoringH,
        Metric::RobotOutH,
        Metric::PlantRepairH,
        Metric::PlantWaitGroundH,
        Metric::PlantDeadH,
    ] {
        assert!(total(&records, metric) > 0.0, "no {}", metric.name());
    }
}

#[test]
fn dust_holds_cleanings_and_domes_are_accounted_for() {
    let holds = check_variant(
        "holds",
        &[
            ("hold_above_kg = 120", "hold_above_kg = 5"),
            ("lofted_fraction = 0.05", "lofted_fraction = 0.2"),
        ],
        60,
    );
    assert!(total(&holds, Metric::RobotDustHoldH) > 0.0);
    let cleaning = check_variant(
        "electrostatic",
        &[(
            "mitigation = \"none\"",
            "mitigation = \"electrostatic\"\nclean_every_h = 50\nclean_h = 6",
        )],
        60,
    );
    assert!(total(&cleaning, Metric::RobotCleaningH) > 0.0);
    let dome = check_variant(
        "dome",
        &[("mitigation = \"none\"", "mitigation = \"dome\"")],
        60,
    );
    assert!(total(&dome, Metric::RobotDomeSetupH) > 0.0);
}

#[test]
fn power_shortages_are_accounted_for() {
    let records = check_variant(
        "short of power",
        &[("array_kw_1au = 200", "array_kw_1au = 70")],
        60,
    );
    for metric in [
        Metric::RobotWaitPowerH,
        Metric::PlantWaitPowerH,
        Metric::ElectrolysisWaitPowerH,
    ] {
        assert!(total(&records, metric) > 0.0, "no {}", metric.name());
    }
}

#[test]
fn a_plant_bound_mission_keeps_the_plant_busy_and_the_robots_waiting() {
    // No faults, no dust, ample power: four robots cut 240 kg/h of ore for
    // a plant that takes 60 kg/h, so the plant processes all the time and
    // each robot cuts a quarter of its time and waits for the hopper the
    // other three quarters.
    let mut edits: Vec<(&str, &str)> = IDEAL
        .iter()
        .copied()
        .filter(|(from, _)| !from.starts_with("throughput_kg_h"))
        .collect();
    edits.extend([
        ("throughput_kg_h = 150", "throughput_kg_h = 60"),
        ("lofted_fraction = 0.05", "lofted_fraction = 0"),
    ]);
    let records = check_variant("plant-bound", &edits, 20);
    let operating = total(&records, Metric::OperatingH);
    let robot_h = 4.0 * operating;
    let processing = total(&records, Metric::PlantProcessingH) / operating;
    let waiting = total(&records, Metric::RobotWaitHopperH) / robot_h;
    let cutting = total(&records, Metric::RobotCuttingH) / robot_h;
    assert!(processing > 0.99, "plant processing share {processing}");
    assert!((waiting - 0.75).abs() < 0.01, "robots wait {waiting}");
    assert!((cutting - 0.25).abs() < 0.01, "robots cut {cutting}");
    let limit = TimeBudget::of(&Summary::of("plant-bound", 11, &records))
        .limit
        .unwrap();
    assert_eq!(limit.limiter, Limiter::Plant);
    assert!((limit.share - 0.75).abs() < 0.01, "{limit:?}");
    // The same robots before a plant that takes 1000 kg/h: it starves.
    let records = check_variant("robot-bound", &IDEAL, 20);
    let limit = TimeBudget::of(&Summary::of("robot-bound", 11, &records))
        .limit
        .unwrap();
    assert_eq!(limit.limiter, Limiter::Robots, "{limit:?}");
    assert!(limit.share > 0.7, "{limit:?}");
}
