//! The orbit keys of a scenario (target.orbit, transit.launch_date,
//! return.windows and the porkchop settings): every mistake is an exit 2
//! from `check` located at file:line:col with its key and what would be
//! valid, and `run` writes nothing; the catalog fills what it knows; and
//! the commands that use an orbit (`porkchop`, `orbit`, `sweep`, `run`'s
//! summary.json) agree with each other.

use crate::orbit_model::{baseline_without_density, bennu_inline, orbit_with_fixed_windows};
use crate::support::{
    BASELINE, BASELINE_PATH, FIXED, astromine_cli, astromine_exits, astromine_ok, edit, prepared,
    read_json, scenario, text,
};
use astromine::model::simulate;
use astromine::orbit::date::Date;
use astromine::scenario::{ScenarioError, parse};
use std::path::Path;

/// Writes `text` as `t.toml` in a fresh folder, asserts that `check`
/// exits 2 and that `run` exits 2 without writing anything, and returns
/// check's stderr.
fn refused(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.toml"), text).unwrap();
    let err = crate::support::text(&astromine_exits(dir.path(), &["check", "t.toml"], 2).stderr);
    astromine_exits(
        dir.path(),
        &["run", "t.toml", "--runs", "5", "--out", "out"],
        2,
    );
    assert!(!dir.path().join("out").exists(), "run wrote results");
    err
}

/// Line and column (1-based, in characters) of `value` inside the first
/// occurrence of `line` in `text` (a leading newline in `line` makes it
/// match at the start of a line only).
fn at(text: &str, line: &str, value: &str) -> (usize, usize) {
    let start = text.find(line).unwrap_or_else(|| panic!("no {line:?}"));
    let pos = start + line.find(value).expect("value in its line");
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..pos].matches('\n').count() + 1,
        text[line_start..pos].chars().count() + 1,
    )
}

/// Asserts that `stderr` has an error at `t.toml:LINE:COL` of `value` in
/// `line`, for `key`, saying every one of `says`.
fn located(stderr: &str, text: &str, (line, value): (&str, &str), key: &str, says: &[&str]) {
    let (l, c) = at(text, line, value);
    let head = format!("error: t.toml:{l}:{c}: {key}: ");
    assert!(
        stderr
            .lines()
            .any(|e| e.starts_with(&head) && says.iter().all(|n| e.contains(n))),
        "no {head:?} saying {says:?} in:\n{stderr}"
    );
}

/// The problems `parse` reports for `text`, as (key, message).
fn problems(text: &str) -> Vec<(String, String)> {
    match parse(text, "t.toml") {
        Ok(_) => vec![],
        Err(ScenarioError::Invalid(r)) => r
            .diagnostics
            .iter()
            .map(|d| (d.key.clone(), d.message.clone()))
            .collect(),
        Err(e) => panic!("{e}"),
    }
}

/// The baseline with one more line after `after`.
fn with_line(base: &str, after: &str, line: &str) -> String {
    edit(base, &[(after, &format!("{after}\n{line}"))])
}

// ---- 1. target.orbit ----

#[test]
fn an_unknown_target_lists_the_catalog() {
    let text = edit(BASELINE, &[("orbit = \"bennu\"", "orbit = \"bennnu\"")]);
    let err = refused(&text);
    located(
        &err,
        &text,
        ("orbit = \"bennnu\"", "\"bennnu\""),
        "target.orbit",
        &[
            "unknown target \"bennnu\"",
            "bennu, ryugu, itokawa, nereus, didymos, 2008-ev5, eros",
            "astromine orbit --list",
        ],
    );
    // A table of the wrong kind is also told what is valid.
    let text = edit(BASELINE, &[("orbit = \"bennu\"", "orbit = 7")]);
    let err = refused(&text);
    located(
        &err,
        &text,
        ("orbit = 7", "7"),
        "target.orbit",
        &["a target name from the catalog such as \"bennu\"", "a_au"],
    );
    // Names match ignoring case, a space standing for a hyphen.
    let s = scenario(&edit(
        BASELINE,
        &[("orbit = \"bennu\"", "orbit = \"Bennu\"")],
    ));
    assert_eq!(s.target.orbit.as_ref().unwrap().name(), "bennu");
}

// ---- 2. transit.launch_date ----

#[test]
fn a_malformed_launch_date_says_what_a_date_is() {
    let day = "launch_date = 2030-10-09";
    for (bad, says) in [
        (
            "\"2031-13-01\"",
            &["month 13", "1 to 12", "e.g. 2031-06-15"][..],
        ),
        ("\"June 2031\"", &["YYYY-MM-DD", "e.g. 2031-06-15"][..]),
        ("31", &["a calendar date such as 2031-06-15", "got 31"][..]),
        (
            "2031-06-15T10:00:00",
            &["a calendar date such as 2031-06-15"][..],
        ),
        ("\"1799-12-31\"", &["outside 1800-01-01 to 2100-12-31"][..]),
    ] {
        let line = format!("launch_date = {bad}");
        let text = edit(BASELINE, &[(day, &line)]);
        let err = refused(&text);
        located(&err, &text, (&line, bad), "transit.launch_date", says);
    }
    // A bare date that does not exist is already a TOML syntax error, at
    // its value.
    let text = edit(BASELINE, &[(day, "launch_date = 2031-13-01")]);
    let err = refused(&text);
    let (l, c) = at(&text, "launch_date = 2031-13-01", "2031");
    assert!(
        err.contains(&format!("t.toml:{l}:{c}: TOML syntax")) && err.contains("month"),
        "{err}"
    );
    // Bare and quoted, the same date.
    let date = |text: &str| {
        scenario(text)
            .transit
            .launch_date
            .as_ref()
            .expect("a launch date")
            .date()
    };
    let quoted = edit(BASELINE, &[(day, "launch_date = \"2030-10-09\"")]);
    assert_eq!(date(BASELINE), date(&quoted));
    assert_eq!(date(BASELINE), Date::parse("2030-10-09").unwrap());
}

// ---- 3. inline orbits ----

#[test]
fn inline_elements_equal_to_bennus_give_bennus_sky() {
    let inline = edit(BASELINE, &[("orbit = \"bennu\"", &bennu_inline())]);
    let (a, b) = (scenario(&inline), scenario(BASELINE));
    assert_eq!(a.target.orbit.as_ref().unwrap().name(), "inline");
    let (pa, pb) = (prepared(&a), prepared(&b));
    let (sa, sb) = (pa.sky().unwrap(), pb.sky().unwrap());
    assert!(sa == sb, "the day tables, porkchop and windows differ");
    assert!(!sa.returns.as_ref().unwrap().windows.is_empty());
    for k in 0..5 {
        assert_eq!(simulate(&pa, 3, k).unwrap(), simulate(&pb, 3, k).unwrap());
    }
}

#[test]
fn bad_inline_elements_are_located_and_name_the_fields() {
    let good = bennu_inline();
    let orbit_line = good.lines().next().unwrap().to_owned();
    let e = astromine::orbit::catalog::target("bennu")
        .unwrap()
        .orbit
        .elements()
        .e;
    for (from, to, says) in [
        (
            format!("e = {e:?}"),
            "e = 1.0".to_owned(),
            &["e = 1", "[0, 1)"][..],
        ),
        (
            "epoch_jd".to_owned(),
            "epoch".to_owned(),
            &[
                "unknown key `epoch`",
                "a_au, e, i_deg, node_deg, peri_deg, mean_anomaly_deg and epoch_jd",
            ][..],
        ),
        (
            "a_au = ".to_owned(),
            "semi_major = ".to_owned(),
            &["`semi_major`", "epoch_jd"][..],
        ),
    ] {
        let bad_line = orbit_line.replacen(&from, &to, 1);
        let text = edit(
            BASELINE,
            &[(
                "orbit = \"bennu\"",
                &good.replacen(&orbit_line, &bad_line, 1),
            )],
        );
        let err = refused(&text);
        located(&err, &text, (&bad_line, "{"), "target.orbit", says);
    }
}

/// An inline orbit has no catalog entry to fill the diameter and density
/// from, and without target.orbit's catalog they are required: leaving
/// them out must be an error, not NaN in every replication.
#[test]
fn an_inline_orbit_needs_its_diameter_and_density() {
    let inline = bennu_inline();
    let orbit_line = inline.lines().next().unwrap();
    let text = edit(
        &baseline_without_density(),
        &[("orbit = \"bennu\"", orbit_line)],
    );
    let keys: Vec<String> = problems(&text).into_iter().map(|(k, _)| k).collect();
    assert!(
        keys.contains(&"target.diameter_m".to_owned())
            && keys.contains(&"target.bulk_density_kg_m3".to_owned()),
        "{keys:?}"
    );
}

// ---- 4. keys an orbit replaces ----

#[test]
fn each_replaced_key_names_its_replacement() {
    let after_max = "max_delta_v_m_s = 2500";
    for (after, line, value, key, says) in [
        (
            "survey_days = 60",
            "distance_au = 1.2",
            "1.2",
            "target.distance_au",
            &[
                "replaced by target.orbit",
                "Earth distance",
                "remove this key",
            ][..],
        ),
        (
            "degradation_pct_per_year = 1.5",
            "heliocentric_au = 1.1",
            "1.1",
            "power.heliocentric_au",
            &[
                "replaced by target.orbit",
                "Sun distance",
                "remove this key",
            ][..],
        ),
        (
            after_max,
            "delta_v_m_s = 1500",
            "1500",
            "return.delta_v_m_s",
            &[
                "replaced by the porkchop",
                "return.max_delta_v_m_s bounds it",
            ][..],
        ),
        (
            after_max,
            "first_window_day = 900",
            "900",
            "return.first_window_day",
            &["replaced by the porkchop", "return.max_delta_v_m_s"][..],
        ),
        (
            after_max,
            "window_every_days = 365",
            "365",
            "return.window_every_days",
            &["replaced by the porkchop", "return.max_delta_v_m_s"][..],
        ),
        (
            after_max,
            "window_days = 60",
            "60",
            "return.window_days",
            &["replaced by the porkchop", "return.max_delta_v_m_s"][..],
        ),
        (
            after_max,
            "return_days = 600",
            "600",
            "return.return_days",
            &[
                "replaced by the porkchop",
                "return.min_flight_days and return.max_flight_days",
            ][..],
        ),
    ] {
        let text = with_line(BASELINE, after, line);
        let err = refused(&text);
        located(&err, &text, (line, value), key, says);
        assert!(err.contains("t.toml: 1 error found"), "{err}");
    }
}

// ---- 5. keys an orbit needs ----

#[test]
fn an_orbit_without_launch_date_or_limit_is_a_missing_key() {
    let text = edit(BASELINE, &[("launch_date = 2030-10-09", "")]);
    let err = refused(&text);
    located(
        &err,
        &text,
        ("\n[transit]", "[transit]"),
        "transit.launch_date",
        &[
            "missing key `launch_date` in [transit]",
            "e.g. launch_date = 2031-06-15",
        ],
    );
    let text = edit(BASELINE, &[("max_delta_v_m_s = 2500", "")]);
    let err = refused(&text);
    located(
        &err,
        &text,
        ("\n[return]", "[return]"),
        "return.max_delta_v_m_s",
        &["missing key `max_delta_v_m_s` in [return]", "best total Δv"],
    );
}

#[test]
fn orbit_windows_need_an_orbit() {
    let text = with_line(FIXED, "delta_v_m_s = 1500", "windows = \"orbit\"");
    let err = refused(&text);
    let error = err
        .lines()
        .find(|l| l.contains("return.windows: \"orbit\" needs target.orbit"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(error.starts_with("error: t.toml:"), "not located: {error}");
    assert!(error.contains("orbit = \"bennu\"") && error.contains("windows = \"fixed\""));
}

/// Every other misplaced key is located at its value; this one points at
/// the [return] header although its value is on a line of its own.
#[test]
fn orbit_windows_without_an_orbit_point_at_the_value() {
    let text = with_line(FIXED, "delta_v_m_s = 1500", "windows = \"orbit\"");
    let err = refused(&text);
    located(
        &err,
        &text,
        ("windows = \"orbit\"", "\"orbit\""),
        "return.windows",
        &["needs target.orbit"],
    );
}

// ---- 6. flight range ----

#[test]
fn an_empty_flight_range_is_located() {
    let text = edit(
        BASELINE,
        &[("min_flight_days = 150", "min_flight_days = 1300")],
    );
    let err = refused(&text);
    located(
        &err,
        &text,
        ("min_flight_days = 1300", "1300"),
        "return.min_flight_days",
        &["must be at most return.max_flight_days (1200), got 1300"],
    );
    // Equal bounds are a valid one-value range.
    let text = edit(
        BASELINE,
        &[
            ("min_flight_days = 150", "min_flight_days = 600"),
            ("max_flight_days = 1200", "max_flight_days = 600"),
        ],
    );
    assert_eq!(problems(&text), vec![]);
}

// ---- 7. porkchop settings ----

#[test]
fn porkchop_settings_apply_only_to_orbit_windows_and_are_plain_numbers() {
    for line in [
        "max_delta_v_m_s = 2500",
        "min_flight_days = 150",
        "max_revolutions = 1",
        "capture_perigee_km = 6678",
    ] {
        let text = with_line(FIXED, "delta_v_m_s = 1500", line);
        let err = refused(&text);
        let (key, value) = line.split_once(" = ").unwrap();
        located(
            &err,
            &text,
            (line, value),
            &format!("return.{key}"),
            &["applies only with return.windows = \"orbit\""],
        );
    }
    for (key, from, to) in [
        ("min_flight_days", "150", "{ uniform = [100, 200] }"),
        (
            "capture_apogee_km",
            "384400",
            "{ triangular = [300000, 384400, 400000] }",
        ),
        ("min_elongation_deg", "3", "{ uniform = [2, 4] }"),
    ] {
        let line = format!("{key} = {to}");
        let text = edit(BASELINE, &[(&format!("{key} = {from}")[..], &line[..])]);
        let err = refused(&text);
        let section = if key == "min_elongation_deg" {
            "comms"
        } else {
            "return"
        };
        located(
            &err,
            &text,
            (&line, "{"),
            &format!("{section}.{key}"),
            &["must be a plain number, not a distribution"],
        );
    }
    let line = "max_delta_v_m_s = { uniform = [1000, 2000] }";
    let text = edit(BASELINE, &[("max_delta_v_m_s = 2500", line)]);
    located(
        &refused(&text),
        &text,
        (line, "{"),
        "return.max_delta_v_m_s",
        &["must be a plain number", "got { uniform = [1000, 2000] }"],
    );
    // The other arrival's settings are misplaced too.
    let line = "max_entry_vinf_m_s = 6000";
    let text = with_line(BASELINE, "max_delta_v_m_s = 2500", line);
    located(
        &refused(&text),
        &text,
        (line, "6000"),
        "return.max_entry_vinf_m_s",
        &["applies only with return.arrival = \"entry\""],
    );
}

// ---- 8. the ephemeris' last day ----

/// The mission needs the Earth's elements up to launch + horizon + the
/// longest return flight (2190 + 1200 days), which must stay in 2100.
#[test]
fn a_mission_past_2100_is_an_error_at_the_launch_date() {
    let last = Date::parse("2100-12-31").unwrap();
    let latest = last.plus_days(-(2190 + 1200)).unwrap();
    let at_date = |d: Date| {
        edit(
            BASELINE,
            &[("launch_date = 2030-10-09", &format!("launch_date = {d}"))],
        )
    };
    assert_eq!(problems(&at_date(latest)), vec![], "{latest} is the latest");
    let text = at_date(latest.plus_days(1).unwrap());
    let err = refused(&text);
    let late = latest.plus_days(1).unwrap().to_string();
    located(
        &err,
        &text,
        (&format!("launch_date = {late}"), &late),
        "transit.launch_date",
        &[
            "past 2100-12-31",
            "2190 days of horizon and up to 1200 days of return flight",
            "launch earlier or shorten scenario.horizon_days",
        ],
    );
}

// ---- 9. the catalog's physical data ----

#[test]
fn the_catalog_fills_diameter_and_density_a_scenario_leaves_out() {
    let bare = baseline_without_density();
    let s = scenario(&bare);
    assert!(!bare.contains("diameter_m =") && !bare.contains("bulk_density_kg_m3 ="));
    assert_eq!(s.target.diameter_m.as_fixed(), Some(490.0));
    assert_eq!(s.target.bulk_density_kg_m3.as_fixed(), Some(1190.0));
    let own = with_line(BASELINE, "survey_days = 60", "diameter_m = 600");
    assert_eq!(scenario(&own).target.diameter_m.as_fixed(), Some(600.0));
    let ryugu = edit(&bare, &[("orbit = \"bennu\"", "orbit = \"ryugu\"")]);
    assert_eq!(scenario(&ryugu).target.diameter_m.as_fixed(), Some(900.0));

    let ev5 = edit(&bare, &[("orbit = \"bennu\"", "orbit = \"2008-ev5\"")]);
    located(
        &refused(&ev5),
        &ev5,
        ("\n[target]", "[target]"),
        "target.bulk_density_kg_m3",
        &[
            "missing key `bulk_density_kg_m3` in [target]",
            "the catalog has no measured density for 2008-ev5",
        ],
    );
    let with_density = with_line(&ev5, "survey_days = 60", "bulk_density_kg_m3 = 1300");
    let s = scenario(&with_density);
    assert_eq!(s.target.bulk_density_kg_m3.as_fixed(), Some(1300.0));
    let catalog = astromine::orbit::catalog::target("2008-ev5").unwrap();
    assert_eq!(s.target.diameter_m.as_fixed(), Some(catalog.diameter_m));
}

// ---- 10. check's warnings ----

#[test]
fn check_warns_when_no_trip_can_come_home() {
    let dir = tempfile::tempdir().unwrap();
    let low = edit(
        BASELINE,
        &[("max_delta_v_m_s = 2500", "max_delta_v_m_s = 1500")],
    );
    std::fs::write(dir.path().join("low.toml"), &low).unwrap();
    let out = astromine_ok(dir.path(), &["check", "low.toml"]);
    let err = text(&out.stderr);
    assert!(out.stdout.is_empty());
    let returns = prepared(&scenario(&low));
    let pc = &returns.sky().unwrap().returns.as_ref().unwrap().porkchop;
    let cheapest = pc
        .best()
        .iter()
        .flatten()
        .min_by(|a, b| a.total_dv_m_s.total_cmp(&b.total_dv_m_s))
        .unwrap();
    let m_s = cheapest.total_dv_m_s.round() as u64;
    assert!((1000..1_000_000).contains(&m_s));
    let shown = format!("{},{:03} m/s", m_s / 1000, m_s % 1000);
    let warning = err
        .lines()
        .find(|l| l.starts_with("warning: low.toml: "))
        .unwrap_or_else(|| panic!("{err}"));
    for needle in [
        "no return window",
        "max_delta_v_m_s = 1,500 m/s",
        &format!(
            "the cheapest departure in that span costs {shown} on {}",
            Date::from_jd(cheapest.departure_jd).unwrap()
        ),
    ] {
        assert!(warning.contains(needle), "{needle:?} not in {warning}");
    }
    let quiet = astromine_ok(dir.path(), &["check", BASELINE_PATH]);
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

// ---- 11. porkchop ----

/// (open, close) dates of the runs of consecutive CSV rows whose total is
/// at most `limit`.
fn csv_windows(csv: &str, limit: f64) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, String)> = None;
    for row in csv.lines().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        let ok = fields[5].parse::<f64>().is_ok_and(|t| t <= limit);
        match (ok, open.as_mut()) {
            (true, Some(w)) => w.1 = fields[0].to_owned(),
            (true, None) => open = Some((fields[0].to_owned(), fields[0].to_owned())),
            (false, _) => out.extend(open.take()),
        }
    }
    out.extend(open);
    out
}

fn is_png(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(b"\x89PNG\r\n\x1a\n"))
}

#[test]
fn the_porkchop_csv_holds_the_windows_a_run_uses() {
    let dir = tempfile::tempdir().unwrap();
    let out = astromine_ok(dir.path(), &["porkchop", BASELINE_PATH, "--out", "pk"]);
    assert!(
        text(&out.stderr).contains("windows marked"),
        "{}",
        text(&out.stderr)
    );
    let folder = dir.path().join("pk/baseline-porkchop-return");
    let csv = std::fs::read_to_string(folder.join("porkchop.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "departure_date,flight_days,revolutions,departure_dv_m_s,arrival_vinf_m_s,total_dv_m_s"
        )
    );
    // One row per departure day, from the earliest arrival to the horizon.
    let p = prepared(&scenario(BASELINE));
    let sky = p.sky().unwrap();
    let returns = sky.returns.as_ref().unwrap();
    let first = sky.launch.plus_days(i64::from(returns.first_day)).unwrap();
    let dates: Vec<&str> = lines.map(|l| &l[..10]).collect();
    assert_eq!(dates.len(), 2190 - returns.first_day as usize + 1);
    for (k, d) in dates.iter().enumerate() {
        assert_eq!(*d, first.plus_days(k as i64).unwrap().to_string());
    }
    for chart in ["porkchop.png", "porkchop.svg"] {
        assert!(folder.join("charts").join(chart).is_file(), "{chart}");
    }
    assert!(is_png(&folder.join("charts/porkchop.png")));
    // The days within the limit are exactly the run's windows.
    astromine_ok(
        dir.path(),
        &[
            "run",
            BASELINE_PATH,
            "--runs",
            "2",
            "--out",
            "r",
            "--no-charts",
        ],
    );
    let summary = read_json(dir.path().join("r/baseline/summary.json"));
    let limit = summary["max_delta_v_m_s"].as_f64().unwrap();
    assert_eq!(limit, 2500.0);
    let listed: Vec<(String, String)> = summary["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["open"].as_str().unwrap().to_owned(),
                w["close"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(listed.len() >= 3, "{listed:?}");
    assert_eq!(csv_windows(&csv, limit), listed);

    astromine_ok(
        dir.path(),
        &[
            "porkchop",
            BASELINE_PATH,
            "--leg",
            "outbound",
            "--out",
            "pk",
        ],
    );
    let outbound = dir.path().join("pk/baseline-porkchop-outbound");
    assert!(outbound.join("porkchop.csv").is_file());
    assert!(is_png(&outbound.join("charts/porkchop.png")));
    assert!(outbound.join("charts/porkchop.svg").is_file());
    // The return folder is left as it was.
    assert_eq!(
        std::fs::read_to_string(folder.join("porkchop.csv")).unwrap(),
        csv
    );
}

#[test]
fn porkchop_mistakes_are_usage_errors_that_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fixed = Path::new(BASELINE_PATH).with_file_name("fixed-windows.toml");
    let out = astromine_exits(
        dir.path(),
        &["porkchop", fixed.to_str().unwrap(), "--out", "pk"],
        2,
    );
    assert!(
        text(&out.stderr).contains("fixed-windows has no target.orbit"),
        "{}",
        text(&out.stderr)
    );
    let out = astromine_cli(
        dir.path(),
        &[
            "porkchop",
            BASELINE_PATH,
            "--leg",
            "sideways",
            "--out",
            "pk",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("invalid value 'sideways' for '--leg <LEG>'") && err.contains("outbound"),
        "{err}"
    );
    // An orbit with fixed windows has an outbound porkchop but no return one.
    let orbit_fixed = orbit_with_fixed_windows();
    std::fs::write(dir.path().join("of.toml"), orbit_fixed).unwrap();
    let out = astromine_exits(dir.path(), &["porkchop", "of.toml", "--out", "pk"], 2);
    assert!(
        text(&out.stderr).contains("no return porkchop"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("pk").exists(), "something was written");
    astromine_ok(
        dir.path(),
        &["porkchop", "of.toml", "--leg", "outbound", "--out", "pk"],
    );
}

// ---- 12. orbit on a scenario ----

#[test]
fn orbit_on_a_scenario_prints_its_targets_table() {
    let dir = tempfile::tempdir().unwrap();
    let range = ["--from", "2033-01-01", "--to", "2033-01-10"];
    let of = |target: &str| {
        astromine_ok(dir.path(), &[&["orbit", target][..], &range[..]].concat()).stdout
    };
    let table = of(BASELINE_PATH);
    assert_eq!(text(&table).lines().count(), 11);
    assert_eq!(table, of("bennu"), "the baseline's limit is the default 3°");
    let fixed = Path::new(BASELINE_PATH).with_file_name("fixed-windows.toml");
    let out = astromine_exits(
        dir.path(),
        &[&["orbit", fixed.to_str().unwrap()][..], &range[..]].concat(),
        2,
    );
    assert!(
        text(&out.stderr).contains("has no target.orbit"),
        "{}",
        text(&out.stderr)
    );
}

// ---- 13. sweeps over the orbit keys ----

#[test]
fn sweeps_vary_the_target_and_the_launch_date() {
    let dir = tempfile::tempdir().unwrap();
    // 2008 EV5 has no measured density: the shipped baseline writes Bennu's,
    // so every point has one.
    std::fs::write(dir.path().join("b.toml"), BASELINE).unwrap();
    let sweep = |file: &str, set: &str, out: &str| {
        astromine_cli(
            dir.path(),
            &["sweep", file, "--set", set, "--runs", "20", "--out", out],
        )
    };
    let run = sweep("b.toml", "target.orbit=bennu,ryugu,2008-ev5", "targets");
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let json = read_json(
        dir.path()
            .join("targets/baseline-sweep-target.orbit/sweep.json"),
    );
    let points = json["points"].as_array().unwrap();
    let names: Vec<&str> = points
        .iter()
        .map(|p| p["values"][0][1].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bennu", "ryugu", "2008-ev5"]);

    let run = sweep(
        BASELINE_PATH,
        "transit.launch_date=2030-10-09,2031-10-08",
        "dates",
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let json = read_json(
        dir.path()
            .join("dates/baseline-sweep-transit.launch_date/sweep.json"),
    );
    assert_eq!(json["points"].as_array().unwrap().len(), 2);
    // The baseline's own launch date is the baseline itself.
    astromine_ok(
        dir.path(),
        &[
            "run",
            BASELINE_PATH,
            "--runs",
            "20",
            "--out",
            "base",
            "--no-charts",
        ],
    );
    let summary = read_json(dir.path().join("base/baseline/summary.json"));
    assert_eq!(
        json["points"][0]["delivered_kg"]["mean"],
        summary["metrics"]["delivered_kg"]["mean"]
    );

    // Leaving the density to the catalog makes the 2008 EV5 point invalid,
    // and nothing runs.
    std::fs::write(dir.path().join("bare.toml"), baseline_without_density()).unwrap();
    let run = sweep("bare.toml", "target.orbit=bennu,2008-ev5", "none");
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("--set target.orbit=2008-ev5")
            && text(&run.stderr).contains("no measured density"),
        "{}",
        text(&run.stderr)
    );
    assert!(!dir.path().join("none").exists());
}

// ---- 14. summary.json ----

#[test]
fn summary_json_describes_the_orbit_and_its_windows() {
    let dir = tempfile::tempdir().unwrap();
    astromine_ok(
        dir.path(),
        &[
            "run",
            BASELINE_PATH,
            "--runs",
            "4",
            "--out",
            "o",
            "--no-charts",
        ],
    );
    let s = read_json(dir.path().join("o/baseline/summary.json"));
    assert_eq!(s["target_orbit"], "bennu");
    assert_eq!(s["launch_date"], "2030-10-09");
    let outbound = &s["outbound"];
    assert_eq!(outbound["launch_date"], "2030-10-09");
    assert_eq!(outbound["flight_days"], 391, "the median outbound_days");
    let c3 = outbound["c3_km2_s2"].as_f64().unwrap();
    let vinf = outbound["arrival_vinf_m_s"].as_f64().unwrap();
    // The baseline's comment: C3 20 km²/s², arrival v∞ 1.0 km/s.
    assert!(
        (c3 - 20.0).abs() < 1.0 && (vinf - 1000.0).abs() < 100.0,
        "{outbound}"
    );
    let limit = s["max_delta_v_m_s"].as_f64().unwrap();
    let windows = s["windows"].as_array().unwrap();
    assert!(!windows.is_empty());
    let date = |v: &serde_json::Value| {
        let text = v.as_str().unwrap_or_else(|| panic!("{v} is not text"));
        assert_eq!(text.len(), 10, "{text} is not YYYY-MM-DD");
        Date::parse(text).unwrap_or_else(|e| panic!("{e}"))
    };
    let mut last_close: Option<Date> = None;
    for w in windows {
        let (open, close, best) = (date(&w["open"]), date(&w["close"]), date(&w["best_day"]));
        assert!(open.days_until(close) >= 0, "{w}");
        assert!(
            open.days_until(best) >= 0 && best.days_until(close) >= 0,
            "{w}"
        );
        if let Some(prev) = last_close {
            assert!(prev.days_until(open) > 1, "windows are separate runs: {w}");
        }
        last_close = Some(close);
        assert!(w["best_total_dv_m_s"].as_f64().unwrap() <= limit, "{w}");
        let flight = w["flight_days"].as_u64().unwrap();
        assert!((150..=1200).contains(&flight), "{w}");
    }
    astromine_ok(
        dir.path(),
        &[
            "run",
            Path::new(BASELINE_PATH)
                .with_file_name("fixed-windows.toml")
                .to_str()
                .unwrap(),
            "--runs",
            "4",
            "--out",
            "o",
            "--no-charts",
        ],
    );
    let f = read_json(dir.path().join("o/fixed-windows/summary.json"));
    for key in [
        "windows",
        "launch_date",
        "target_orbit",
        "outbound",
        "max_delta_v_m_s",
    ] {
        assert!(f.get(key).is_none(), "fixed-windows summary has {key}");
    }
    assert!(f.get("metrics").is_some());
}
