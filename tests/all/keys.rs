//! The one declaration of every scenario key: the table is complete and in
//! file order, each key's drawn value lands in its own input, defaults and
//! bounds come from the declaration, and `--set` finds keys through it.

use crate::scenario::{FIXED, with};
use crate::support::{BASELINE, itemised_with_market};
use astromine::scenario::{
    Dist, KEYS, KeyKind, KeyValue, RunInputs, Scenario, ScenarioError, Timing, find_key, key, parse,
};

fn baseline() -> Scenario {
    parse(FIXED, "baseline.toml").expect("baseline is valid")
}

#[test]
fn every_key_is_declared_once_and_written_in_the_baseline() {
    let mut paths: Vec<&str> = KEYS.iter().map(|k| k.path).collect();
    let n = paths.len();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), n, "a path is declared twice");
    // The baseline writes every key (optional ones included), so a path in
    // the table that the parser does not know would have failed to load.
    // Keys of one geometry are written in the baseline (orbit) or in the
    // fixed-window scenario; the cost parts, which exclude the lump sum, in
    // its itemised variant.
    let itemised = itemised_with_market();
    let tables: Vec<toml::Table> = [BASELINE, FIXED, itemised.as_str()]
        .map(|t| t.parse().unwrap())
        .to_vec();
    for k in KEYS {
        let (section, leaf) = k.path.split_once('.').unwrap();
        let written = tables.iter().any(|table| {
            table
                .get(section)
                .and_then(|t| t.as_table())
                .is_some_and(|t| t.contains_key(leaf))
        });
        assert!(
            written || k.default.is_some(),
            "{} is not in the baseline",
            k.path
        );
        assert!(
            !k.description().is_empty(),
            "{} has no documentation",
            k.path
        );
        assert_eq!(find_key(k.path).map(|f| f.path), Some(k.path));
    }
    assert!(find_key("fleet.robot").is_none());
    assert_eq!(key::fleet::robots.path, "fleet.robots");
    assert_eq!(key::return_plan::loss_prob.path, "return.loss_prob");
}

#[test]
fn each_per_run_key_takes_one_uniform_in_file_order_into_its_own_input() {
    let itemised = parse(&itemised_with_market(), "itemised.toml").expect("valid");
    for s in [baseline(), itemised] {
        per_run_keys_draw_into_their_own_inputs(&s);
    }
}

/// A per-event key's distribution is multiplied by the scale its draws
/// give it; the other per-event keys stay as written.
#[test]
fn a_per_event_scale_multiplies_only_its_own_key() {
    let s = crate::support::scenario(BASELINE);
    let inputs = RunInputs::draw(&s, &mut |_| 0.5, &mut |k| {
        if k.path == "drilling.bit_life_h" {
            2.0
        } else {
            1.0
        }
    });
    let written = s.drilling.bit_life_h.dist();
    assert_eq!(
        inputs.drilling.bit_life_h,
        written.scaled(2.0).unwrap().sampler()
    );
    assert_eq!(
        inputs.drilling.bit_life_h.quantile(0.3),
        2.0 * written.sampler().quantile(0.3)
    );
    assert_eq!(
        inputs.fleet.local_repair_h,
        s.fleet.local_repair_h.dist().sampler()
    );
}

/// Every per-run key of `s` takes one uniform, in file order, into its own
/// input; a key left out (NaN) compares by its bits.
fn per_run_keys_draw_into_their_own_inputs(s: &Scenario) {
    let per_run: Vec<&str> = KEYS
        .iter()
        .filter(|k| k.is_per_run())
        .map(|k| k.path)
        .collect();
    // A distinct uniform per key: a value that lands in another key's input
    // shows as a mismatch below.
    let n = per_run.len() as f64;
    let u_of = |path: &str| (per_run.iter().position(|p| *p == path).unwrap() as f64 + 0.5) / n;
    let mut asked = Vec::new();
    let inputs = RunInputs::draw(
        s,
        &mut |k| {
            asked.push(k.path);
            u_of(k.path)
        },
        &mut |_| 1.0,
    );
    assert_eq!(asked, per_run, "one uniform per per-run key, in file order");
    for k in KEYS.iter().filter(|k| k.is_per_run()) {
        let expected = k.param(s).unwrap().dist().sampler().quantile(u_of(k.path));
        assert_eq!(
            k.drawn(&inputs).map(f64::to_bits),
            Some(expected.to_bits()),
            "{}",
            k.path
        );
    }
    // Per-event keys are samplers of their own distributions; counts and
    // choices pass through.
    assert_eq!(
        inputs.drilling.bit_life_h,
        s.drilling.bit_life_h.dist().sampler()
    );
    assert_eq!(inputs.fleet.robots, *s.fleet.robots.get_ref());
    assert_eq!(inputs.dust.mitigation, s.dust.mitigation);
}

#[test]
fn kinds_and_timings_follow_the_declaration() {
    let timing = |path: &str| find_key(path).and_then(|k| k.number()).map(|n| n.1);
    assert_eq!(timing("drilling.bit_life_h"), Some(Timing::PerEvent));
    assert_eq!(timing("target.grade_wt_pct"), Some(Timing::PerRun));
    assert_eq!(timing("fleet.robots"), None);
    let per_event = KEYS
        .iter()
        .filter(|k| matches!(k.number(), Some((_, Timing::PerEvent))))
        .count();
    assert_eq!(per_event, 11);
    assert!(matches!(
        key::dust::mitigation.kind,
        KeyKind::Choice(names) if names == ["none", "dome", "electrostatic"]
    ));
    let s = baseline();
    assert_eq!(key::dust::mitigation.value(&s), KeyValue::Choice("none"));
    assert!(matches!(
        key::fleet::robots.value(&s),
        KeyValue::Whole(4, Some(_))
    ));
}

#[test]
fn a_left_out_optional_key_takes_its_declared_default() {
    // The baseline leaves the mitigation keys out.
    let s = baseline();
    assert_eq!(key::dust::dome_capture.default, Some(0.9));
    assert_eq!(*s.dust.dome_capture.dist(), Dist::Fixed(0.9));
    assert_eq!(*s.dust.clean_every_h.dist(), Dist::Fixed(500.0));
    let text = with(
        "mitigation = \"none\"",
        "mitigation = \"none\"\ndome_capture = 0.5",
    );
    let s = parse(&text, "t.toml").expect("an optional key may be written");
    assert_eq!(*s.dust.dome_capture.dist(), Dist::Fixed(0.5));
    // A required key has no default and is reported missing.
    assert_eq!(key::dust::settle_h.default, None);
}

#[test]
fn whole_number_bounds_come_from_the_declaration() {
    let text = with("robots = 4", "robots = 0");
    let Err(ScenarioError::Invalid(report)) = parse(&text, "t.toml") else {
        panic!("0 robots must be refused");
    };
    let d = &report.diagnostics[0];
    assert_eq!(d.key, "fleet.robots");
    assert!(
        d.message.contains("must be a whole number from 1 to 1000") && d.message.contains("got 0"),
        "{}",
        d.message
    );
}

#[test]
fn set_names_the_valid_keys_of_a_section() {
    use astromine::study::overrides::Base;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.toml");
    std::fs::write(&path, FIXED).unwrap();
    let base = Base::load(&path).unwrap();
    let err = base
        .with(&[("fleet.robot", &toml::Value::Integer(2))])
        .unwrap_err();
    assert!(
        err.message.contains("its keys are robots, min_anchored"),
        "{}",
        err.message
    );
}

/// Every numeric key's unit comes from its name: a key with none is a
/// share, probability, ratio, rate or count, and says so here.
#[test]
fn numeric_keys_name_their_units() {
    const UNITLESS: [&str; 26] = [
        "monte_carlo.runs",
        "monte_carlo.seed",
        "monte_carlo.max_events",
        "transit.launch_failure_prob",
        "fleet.robots",
        "fleet.min_anchored",
        "fleet.autonomy",
        "fleet.fault_loss_prob",
        "anchoring.harpoons_per_robot",
        "anchoring.site_variability_sigma",
        "anchoring.tether_failure_prob",
        "anchoring.pullout_per_batch_prob",
        "drilling.spare_bits",
        "dust.lofted_fraction",
        "dust.deposit_fraction",
        "dust.dome_capture",
        "dust.clean_efficiency",
        "processing.extraction_efficiency",
        "processing.spares",
        "processing.unrepairable_prob",
        "propellant.mixture_ratio",
        "return.trips",
        "return.max_revolutions",
        "return.loss_prob",
        "economics.discount_rate",
        "economics.price_exponent",
    ];
    let mut got: Vec<&str> = KEYS
        .iter()
        .filter(|k| matches!(k.kind, KeyKind::Number { .. } | KeyKind::Whole { .. }))
        .filter(|k| k.unit().is_empty())
        .map(|k| k.path)
        .collect();
    got.sort_unstable();
    let mut expected = UNITLESS.to_vec();
    expected.sort_unstable();
    assert_eq!(got, expected, "a numeric key without a unit suffix");
    for (path, unit) in [
        ("drilling.bit_life_h", "h"),
        ("drilling.rate_kg_h", "kg/h"),
        ("economics.cargo_price_usd_per_kg", "USD/kg"),
        ("economics.ops_cost_usd_per_day", "USD/day"),
        ("target.grade_wt_pct", "wt%"),
        ("target.bulk_density_kg_m3", "kg/m³"),
        ("power.array_kw_1au", "kW"),
        ("propellant.boiloff_pct_per_day", "%/day"),
        ("comms.contact_h_per_day", "h/day"),
        ("comms.min_elongation_deg", "°"),
        ("return.max_delta_v_m_s", "m/s"),
        ("return.first_window_day", "day"),
        ("scenario.horizon_days", "days"),
        ("dust.array_loss_per_kg", "per kg"),
        ("fleet.autonomy", ""),
    ] {
        assert_eq!(find_key(path).map(|k| k.unit()), Some(unit), "{path}");
    }
}
