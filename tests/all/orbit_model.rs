//! What replications do with an orbit: departures only on window days with
//! each day's Δv and flight time, light time from the day's Earth distance,
//! no contact through a solar conjunction, power from the day's Sun
//! distance, determinism, mass balance in the orbit modes the shipped files
//! do not cover, and a scenario whose orbit gives no window.

use crate::support::{BASELINE, astromine_ok, edit, prepared, read_json, scenario};
use astromine::batch::run_range;
use astromine::engine::rng::Streams;
use astromine::model::comms::{Distance, Ground};
use astromine::model::sky::Sky;
use astromine::model::trace::{Entity, EventKind, TraceEvent};
use astromine::model::transit::propellant_for;
use astromine::model::{Metrics, Outcome, Subsystem, simulate, simulate_traced};
use astromine::orbit::LIGHT_TIME_S_PER_AU;
use astromine::scenario::Dist;
use astromine::units::HOURS_PER_DAY;

/// The baseline with `edits`, parsed.
fn baseline_orbit(edits: &[(&str, &str)]) -> astromine::scenario::Scenario {
    scenario(&edit(BASELINE, edits))
}

/// The mission day of hour `t_h`.
fn day_of(t_h: f64) -> u32 {
    (t_h / HOURS_PER_DAY).floor() as u32
}

/// The ground's response time in these tests, h.
const RESPONSE_H: f64 = 5.0;

/// A ground segment on `sky` with `contact_h` of contact a day and a fixed
/// 5 h response.
fn ground(sky: &Sky, contact_h: f64) -> Ground<'_> {
    Ground::new(
        Distance::Orbit(sky),
        contact_h,
        Dist::Fixed(RESPONSE_H).sampler(),
        Streams::new(1, 0).stream(Subsystem::Comms),
    )
}

/// Every departure leaves on a day of a porkchop window (or at the close of
/// its last day, when the window's closing sends the waiting trips), burns
/// the propellant of that day's Δv, and arrives exactly that day's flight
/// time later. The day is clamped to the window's close: a trip sent as the
/// window closes flies the last window day's transfer.
#[test]
fn departures_fly_their_window_days_transfer() {
    let s = scenario(BASELINE);
    let p = prepared(&s);
    let sky = p.sky().expect("the baseline has an orbit");
    let returns = sky.returns.as_ref().expect("orbit windows");
    assert!(!returns.windows.is_empty());
    let dry = s.return_plan.dry_kg.as_fixed().unwrap();
    let isp = s.propellant.isp_s.as_fixed().unwrap();
    let (mut departures, mut at_close) = (0, 0);
    let mut windows_used = std::collections::BTreeSet::new();
    for k in 0..40 {
        let mut events: Vec<TraceEvent> = Vec::new();
        let record = simulate_traced(&p, 17, k, &mut events).unwrap();
        let mut burned = 0.0;
        for e in events.iter().filter(|e| e.kind == EventKind::Departure) {
            departures += 1;
            let d = day_of(e.time_h);
            let (i, w) = returns
                .windows
                .iter()
                .enumerate()
                .find(|(_, w)| w.open_day <= d && d <= w.close_day + 1)
                .unwrap_or_else(|| panic!("run {k}: departure on day {d} is in no window"));
            windows_used.insert(i);
            at_close += usize::from(d == w.close_day + 1);
            let day = d.min(w.close_day);
            let transfer = returns.transfer(day).expect("a window day has a transfer");
            burned += propellant_for(dry + e.quantity, transfer.total_dv_m_s, isp);
            let arrival = events
                .iter()
                .find(|a| {
                    a.entity == e.entity
                        && matches!(a.kind, EventKind::Delivered | EventKind::LostInTransit)
                })
                .unwrap_or_else(|| panic!("run {k}: {} never arrives", e.entity));
            // The day's transfer leaves at its midnight and arrives at the
            // midnight its flight time later.
            let due_h = f64::from(day + transfer.flight_days) * HOURS_PER_DAY;
            assert!(
                (arrival.time_h - due_h.max(e.time_h)).abs() < 1e-6,
                "run {k}, {}: left day {d} (window {}-{}), arrived at {} h, \
                 the day's transfer arrives at {due_h} h",
                e.entity,
                w.open_day,
                w.close_day,
                arrival.time_h
            );
        }
        let m = record.metrics;
        assert!(
            (m.propellant_burned_kg - burned).abs() <= 1e-9 * burned.max(1.0),
            "run {k}: burned {} kg, the departure days' Δv need {burned} kg",
            m.propellant_burned_kg
        );
    }
    eprintln!("{departures} departures in windows {windows_used:?}, {at_close} as a window closed");
    assert!(departures >= 20, "only {departures} departures in 40 runs");
    assert!(
        windows_used.len() >= 2,
        "trips used windows {windows_used:?}"
    );
}

/// With no conjunction (min_elongation_deg = 0) and contact all day, a
/// ground answer is back after the light time at sending, the response, and
/// the light time when the command leaves; each light time is the day
/// table's Earth distance × 499.004784 s/au, interpolated between midnights.
#[test]
fn ground_waits_follow_the_days_light_time() {
    let s = baseline_orbit(&[("min_elongation_deg = 3", "min_elongation_deg = 0")]);
    let p = prepared(&s);
    let sky = p.sky().unwrap();
    assert!(sky.days.iter().all(|d| !d.conjunction));
    for (k, day) in sky.days.iter().enumerate() {
        let midnight = k as f64 * HOURS_PER_DAY;
        let want = day.earth_distance_au * LIGHT_TIME_S_PER_AU / 3600.0;
        assert!(
            (sky.light_h(midnight) - want).abs() <= 1e-12 * want,
            "day {k}"
        );
        assert!((day.light_time_min / 60.0 - want).abs() <= 1e-12 * want);
    }
    assert_eq!(LIGHT_TIME_S_PER_AU, 499.004_784);
    // Noon is halfway between the two midnights.
    let noon = 1000.5 * HOURS_PER_DAY;
    let mean = (sky.light_h(1000.0 * HOURS_PER_DAY) + sky.light_h(1001.0 * HOURS_PER_DAY)) / 2.0;
    assert!((sky.light_h(noon) - mean).abs() < 1e-12);
    let mut g = ground(sky, HOURS_PER_DAY);
    let end = (sky.days.len() - 3) as f64 * HOURS_PER_DAY;
    let (mut now, mut checked) = (0.0, 0);
    let (mut shortest, mut longest) = (f64::INFINITY, 0.0f64);
    while now < end {
        let light = sky.light_h(now);
        let want = light + RESPONSE_H + sky.light_h(now + light + RESPONSE_H);
        let wait = g.intervention_wait_h(now);
        assert!((wait - want).abs() < 1e-9, "at {now} h: {wait} vs {want}");
        shortest = shortest.min(wait);
        longest = longest.max(wait);
        checked += 1;
        now += 7.3;
    }
    eprintln!("{checked} waits from {shortest:.3} h to {longest:.3} h");
    // The distance really varies (Bennu is 0.3 to 2.3 au from the Earth):
    // the waits spread over at least the one-way light time's range.
    let lights = sky.days.iter().map(|d| d.light_time_min / 60.0);
    let range = lights.clone().fold(0.0, f64::max) - lights.fold(f64::INFINITY, f64::min);
    assert!(
        range > 0.2 && longest - shortest > range,
        "{shortest} to {longest}"
    );
}

/// With a 20° conjunction limit the baseline has long conjunctions: a
/// request made during one leaves only on the first clear day, so the wait
/// is at least the rest of the conjunction plus the light time at sending
/// plus the response, and a command due during a conjunction waits for its
/// end too. Far from a conjunction the wait is the plain one.
#[test]
fn no_contact_through_a_solar_conjunction() {
    let s = baseline_orbit(&[("min_elongation_deg = 3", "min_elongation_deg = 20")]);
    let p = prepared(&s);
    let sky = p.sky().unwrap();
    let conjunction: Vec<usize> = (0..sky.days.len())
        .filter(|&k| sky.days[k].conjunction)
        .collect();
    eprintln!(
        "{} conjunction days at 20° of {}",
        conjunction.len(),
        sky.days.len()
    );
    assert!(conjunction.len() > 30, "{conjunction:?}");
    assert!(conjunction.len() < sky.days.len() / 2);
    let in_conjunction = |t: f64| {
        sky.days
            .get(day_of(t) as usize)
            .is_some_and(|d| d.conjunction)
    };
    let mut g = ground(sky, HOURS_PER_DAY);
    let end = (sky.days.len() - 3) as f64 * HOURS_PER_DAY;
    let (mut inside, mut clear) = (0, 0);
    let mut now = 0.0;
    while now < end {
        let wait = g.intervention_wait_h(now);
        let sent = sky.clear_at_or_after(now);
        if in_conjunction(now) {
            inside += 1;
            assert!(sent > now && !in_conjunction(sent), "at {now} h");
            assert_eq!(sent % HOURS_PER_DAY, 0.0, "a clear day starts at midnight");
            let floor = sent - now + sky.light_h(sent) + RESPONSE_H;
            assert!(wait >= floor, "at {now} h: {wait} < {floor}");
            // Exactly: the command leaves when ready, or on the first clear
            // day if it is ready during a conjunction.
            let command = sky.clear_at_or_after(sent + sky.light_h(sent) + RESPONSE_H);
            let want = command + sky.light_h(command) - now;
            assert!((wait - want).abs() < 1e-9, "at {now} h: {wait} vs {want}");
        } else {
            assert_eq!(sent, now);
            let near = (day_of(now).saturating_sub(3)..=day_of(now) + 3)
                .any(|d| sky.days.get(d as usize).is_some_and(|g| g.conjunction));
            if !near {
                clear += 1;
                let light = sky.light_h(now);
                let want = light + RESPONSE_H + sky.light_h(now + light + RESPONSE_H);
                assert!((wait - want).abs() < 1e-9, "at {now} h: {wait} vs {want}");
            }
        }
        now += 5.9;
    }
    assert!(
        inside > 100 && clear > 1000,
        "{inside} inside, {clear} clear"
    );
}

/// Array output follows the Sun distance day by day. The baseline is given
/// a 155 kW array (at 1 au) without dust loss or degradation, so its clean
/// output 155/r² kW is what consumers share: it covers all of them (four
/// 5 kW drills, the 48 kW plant and 60 kW of electrolysis, 128 kW) while
/// Bennu is inside r* = √(155/128) ≈ 1.10 au, and never drops below the
/// largest single consumer (155/1.36² ≈ 84 kW). A robot can queue for power
/// only when the output is short of the total demand: every WaitPower event
/// must fall on a day beyond r*. The check has teeth because a good share
/// f of the operating days are inside r*: if waits were placed regardless
/// of r, the chance that the m distinct days with a wait all miss those
/// days would be at most (1 − f)^m.
#[test]
fn power_follows_the_sun_distance() {
    const ARRAY_KW_1AU: f64 = 155.0;
    let s = baseline_orbit(&[
        ("array_kw_1au = 200", "array_kw_1au = 155"),
        (
            "degradation_pct_per_year = 1.5",
            "degradation_pct_per_year = 0",
        ),
        ("array_loss_per_kg = 0.004", "array_loss_per_kg = 0"),
    ]);
    let demand = f64::from(*s.fleet.robots.get_ref()) * s.drilling.power_kw.as_fixed().unwrap()
        + s.processing.power_kw.as_fixed().unwrap()
        + s.propellant.power_kw.as_fixed().unwrap();
    assert_eq!(demand, 128.0);
    let p = prepared(&s);
    let sky = p.sky().unwrap();
    let clean_kw = |day: u32| {
        let r = sky.days[day as usize].sun_distance_au;
        ARRAY_KW_1AU / (r * r)
    };
    let (mut waits, mut covered_days, mut ops_days) = (0, 0usize, 0usize);
    let mut wait_days = std::collections::BTreeSet::new();
    for k in 0..40 {
        let mut events: Vec<TraceEvent> = Vec::new();
        simulate_traced(&p, 7, k, &mut events).unwrap();
        let at = |kind| events.iter().find(|e| e.kind == kind).map(|e| e.time_h);
        if let (Some(start), Some(end)) =
            (at(EventKind::OperationsStart), at(EventKind::OperationsEnd))
        {
            for d in day_of(start)..day_of(end) {
                ops_days += 1;
                covered_days += usize::from(clean_kw(d) >= demand);
            }
        }
        for e in events.iter().filter(|e| e.kind == EventKind::WaitPower) {
            waits += 1;
            let d = day_of(e.time_h);
            wait_days.insert((k, d));
            // An event at the stroke of midnight may come before that
            // day's update and still see the previous day's output.
            let midnight = e.time_h % HOURS_PER_DAY == 0.0 && d > 0;
            let output = if midnight {
                clean_kw(d).min(clean_kw(d - 1))
            } else {
                clean_kw(d)
            };
            assert!(
                output < demand,
                "run {k}: {} waits for power on day {d} (r = {:.3} au) with {output:.1} kW \
                 clean output for {demand} kW of demand",
                e.entity,
                sky.days[d as usize].sun_distance_au
            );
        }
    }
    let f = covered_days as f64 / ops_days as f64;
    let m = wait_days.len();
    let chance = (1.0 - f).powi(m as i32);
    eprintln!(
        "{waits} WaitPower events on {m} days; {covered_days} of {ops_days} operating days \
         ({:.0}%) fully powered; (1 − f)^m = {chance:.1e}",
        100.0 * f
    );
    assert!(waits > 100, "only {waits} WaitPower events");
    assert!(chance < 1e-9, "f = {f}, m = {m}");
}

/// A batch with an orbit does not depend on the thread count, and a
/// replication traced alone is the same replication as in a batch.
#[test]
fn orbit_replications_are_deterministic() {
    let p = prepared(&scenario(BASELINE));
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run_range(&p, 42, 0..48).unwrap())
    };
    let one = on(1);
    assert_eq!(one, on(4));
    for k in [0u64, 13, 47] {
        let mut events: Vec<TraceEvent> = Vec::new();
        let traced = simulate_traced(&p, 42, k, &mut events).unwrap();
        assert_eq!(traced, one[k as usize], "run {k}");
    }
    // A second preparation of the same text gives the same replications.
    let again = prepared(&scenario(BASELINE));
    assert_eq!(simulate(&again, 42, 13).unwrap(), one[13]);
    assert!(p.sky() == again.sky());
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The four mass balances of docs/model.md §Mass balances (the shipped
/// files are checked in model.rs; these are the orbit modes none of them
/// uses).
fn assert_balanced(m: &Metrics, initial_propellant_kg: f64, label: &str) {
    let ore = m.dust_lofted_kg + m.ore_processed_kg + m.ore_left_kg;
    assert!(near(m.ore_mined_kg, ore), "{label}: ore {m:?}");
    let product = m.propellant_produced_kg + m.cargo_departed_kg + m.product_left_kg;
    assert!(near(m.product_kg, product), "{label}: product {m:?}");
    let used = m.propellant_burned_kg + m.boiloff_kg + m.propellant_left_kg;
    assert!(
        near(initial_propellant_kg + m.propellant_produced_kg, used),
        "{label}: propellant {m:?}"
    );
    let dust = m.dust_escaped_kg + m.dust_settled_kg + m.dust_captured_kg;
    assert!(near(m.dust_lofted_kg, dust), "{label}: dust {m:?}");
    assert!(m.delivered_kg <= m.cargo_departed_kg + 1e-9, "{label}");
}

/// Mass balances hold in the orbit modes no shipped scenario uses: an
/// orbit with fixed windows, direct entry, long conjunctions, and an inline
/// orbit.
#[test]
fn mass_balances_in_the_other_orbit_modes() {
    let fixed_windows = orbit_with_fixed_windows();
    let entry = edit(
        BASELINE,
        &[
            ("arrival = \"capture\"", "arrival = \"entry\""),
            ("capture_perigee_km = 6678", ""),
            ("capture_apogee_km = 384400", ""),
            ("max_delta_v_m_s = 2500", "max_delta_v_m_s = 1000"),
        ],
    );
    let conjunctions = edit(
        BASELINE,
        &[("min_elongation_deg = 3", "min_elongation_deg = 20")],
    );
    let inline = edit(BASELINE, &[("orbit = \"bennu\"", &bennu_inline())]);
    for (name, text) in [
        ("orbit with fixed windows", fixed_windows),
        ("direct entry", entry),
        ("20° conjunctions", conjunctions),
        ("inline orbit", inline),
    ] {
        let s = scenario(&text);
        let initial = s.propellant.initial_kg.as_fixed().unwrap();
        let p = prepared(&s);
        let mut delivered = 0.0;
        for k in 0..40 {
            let r = simulate(&p, 99, k).unwrap();
            assert_balanced(&r.metrics, initial, &format!("{name} run {k}"));
            delivered += r.metrics.delivered_kg;
        }
        assert!(delivered > 0.0, "{name}: nothing delivered in 40 runs");
    }
}

/// The baseline with fixed windows (its orbit still sets the Earth and Sun
/// distances).
pub fn orbit_with_fixed_windows() -> String {
    edit(
        BASELINE,
        &[
            ("windows = \"orbit\"", "windows = \"fixed\""),
            ("max_delta_v_m_s = 2500", "delta_v_m_s = 2000"),
            ("min_flight_days = 150", "first_window_day = 900"),
            ("max_flight_days = 1200", "window_every_days = 365"),
            ("max_revolutions = 1", "window_days = 60"),
            ("arrival = \"capture\"", "return_days = 600"),
            ("capture_perigee_km = 6678", ""),
            ("capture_apogee_km = 384400", ""),
        ],
    )
}

/// The baseline's line that writes Bennu's density (the catalog's value).
pub const DENSITY_LINE: &str = "bulk_density_kg_m3 = 1190           # Bennu (Lauretta et al. 2019), \
written out so a sweep over target.orbit\n                                    # reaches 2008-ev5, \
whose density is unmeasured\n";

/// The baseline without its density line: the catalog gives Bennu's.
pub fn baseline_without_density() -> String {
    edit(BASELINE, &[(DENSITY_LINE, "")])
}

/// Bennu's catalog elements written inline, with its diameter (the
/// baseline writes the density).
pub fn bennu_inline() -> String {
    let e = astromine::orbit::catalog::target("bennu")
        .unwrap()
        .orbit
        .elements();
    format!(
        "orbit = {{ a_au = {:?}, e = {:?}, i_deg = {:?}, node_deg = {:?}, peri_deg = {:?}, \
         mean_anomaly_deg = {:?}, epoch_jd = {:?} }}\ndiameter_m = 490",
        e.a_au, e.e, e.i_deg, e.node_deg, e.peri_deg, e.mean_anomaly_deg, e.epoch_jd
    )
}

/// With a Δv limit below Bennu's cheapest return (1.82 km/s with capture)
/// there is no window: no replication departs or delivers, none succeeds,
/// and the report and summary.json say there is no window.
#[test]
fn a_scenario_without_a_window_never_departs() {
    let text = edit(
        BASELINE,
        &[("max_delta_v_m_s = 2500", "max_delta_v_m_s = 1500")],
    );
    let p = prepared(&scenario(&text));
    let returns = p.sky().unwrap().returns.as_ref().unwrap();
    assert!(returns.windows.is_empty());
    for k in 0..20 {
        let mut events: Vec<TraceEvent> = Vec::new();
        let r = simulate_traced(&p, 5, k, &mut events).unwrap();
        assert!(
            events.iter().all(|e| !matches!(
                e.kind,
                EventKind::WindowOpen
                    | EventKind::Departure
                    | EventKind::Delivered
                    | EventKind::LostInTransit
            )),
            "run {k}"
        );
        assert!(events.iter().all(|e| !matches!(e.entity, Entity::Trip(_))));
        assert_ne!(r.outcome, Outcome::Success, "run {k}");
        assert_eq!(
            (r.metrics.departures, r.metrics.delivered_kg),
            (0.0, 0.0),
            "run {k}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("low.toml"), &text).unwrap();
    astromine_ok(
        dir.path(),
        &[
            "run",
            "low.toml",
            "--runs",
            "20",
            "--out",
            "o",
            "--no-charts",
        ],
    );
    let summary = read_json(dir.path().join("o/baseline/summary.json"));
    assert_eq!(summary["windows"], serde_json::json!([]));
    assert_eq!(summary["outcomes"]["success"]["count"], 0, "{summary}");
    assert_eq!(summary["metrics"]["departures"]["max"], 0.0);
    let report = std::fs::read_to_string(dir.path().join("o/baseline/report.md")).unwrap();
    assert!(
        report.contains("no trip can come home") && report.contains("1,500 m/s"),
        "{report}"
    );
}
