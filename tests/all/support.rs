//! Shared helpers: shipped scenarios, variants of the baseline, batches.

use astromine::model::{Prepared, RunRecord, simulate};
use astromine::scenario::{Scenario, parse};
use std::path::Path;
use std::process::{Command, Output};

/// The reference scenario's text: Bennu, geometry and windows from its orbit.
pub const BASELINE: &str = include_str!("../../scenarios/baseline.toml");

/// The same mission with a fixed Earth distance and fixed yearly windows:
/// the scenario most model tests edit, since its keys are plain numbers.
pub const FIXED: &str = include_str!("../../scenarios/fixed-windows.toml");

/// Path of the shipped baseline scenario file.
pub const BASELINE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/baseline.toml");

/// Every shipped scenario, by file name.
pub const SHIPPED: [(&str, &str); 13] = [
    ("baseline", BASELINE),
    ("swarm", include_str!("../../scenarios/swarm.toml")),
    (
        "high-autonomy",
        include_str!("../../scenarios/high-autonomy.toml"),
    ),
    ("dust-dome", include_str!("../../scenarios/dust-dome.toml")),
    (
        "dust-electrostatic",
        include_str!("../../scenarios/dust-electrostatic.toml"),
    ),
    (
        "steam-return",
        include_str!("../../scenarios/steam-return.toml"),
    ),
    (
        "ryugu-like",
        include_str!("../../scenarios/ryugu-like.toml"),
    ),
    (
        "metal-s-type",
        include_str!("../../scenarios/metal-s-type.toml"),
    ),
    ("2008-ev5", include_str!("../../scenarios/2008-ev5.toml")),
    (
        "fixed-windows",
        include_str!("../../scenarios/fixed-windows.toml"),
    ),
    (
        "plant-limited",
        include_str!("../../scenarios/plant-limited.toml"),
    ),
    ("big-plant", include_str!("../../scenarios/big-plant.toml")),
    (
        "just-in-time",
        include_str!("../../scenarios/just-in-time.toml"),
    ),
];

/// The text of shipped scenario `name` (a file name without `.toml`).
pub fn shipped(name: &str) -> &'static str {
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no shipped scenario {name}"))
        .1
}

/// `text` with each `(from, to)` replaced once (each `from` must exist).
pub fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_owned(), |t, (from, to)| {
        assert!(t.contains(from), "no {from:?} to replace");
        t.replacen(from, to, 1)
    })
}

/// The fixed-window scenario with `edits`, parsed (it must stay valid).
pub fn baseline_with(edits: &[(&str, &str)]) -> Scenario {
    let text = edit(FIXED, edits);
    parse(&text, "variant.toml").unwrap_or_else(|e| panic!("variant invalid: {e}"))
}

/// A name for scenario text in the shipped scenarios' folder, so that an
/// `extends = "baseline.toml"` in it finds the shipped baseline.
pub const IN_SCENARIOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/t.toml");

/// Parses shipped or edited text (as if in the scenarios folder).
pub fn scenario(text: &str) -> Scenario {
    parse(text, IN_SCENARIOS).unwrap_or_else(|e| panic!("{e}"))
}

/// `s` prepared for simulation (its orbit tables computed).
pub fn prepared(s: &Scenario) -> Prepared {
    Prepared::new(s).unwrap_or_else(|e| panic!("{e}"))
}

/// Replications 0..n with seed `seed`.
pub fn batch(s: &Scenario, seed: u64, n: u64) -> Vec<RunRecord> {
    let p = prepared(s);
    (0..n)
        .map(|k| simulate(&p, seed, k).expect("simulates"))
        .collect()
}

/// Edits of the baseline where nothing fails and resources abound: both
/// trips fill and fly, every time.
pub const IDEAL: [(&str, &str); 14] = [
    ("launch_failure_prob = 0.03", "launch_failure_prob = 0"),
    (
        "surface_strength_kpa = { lognormal = { median = 3.0, sigma = 1.5 } }",
        "surface_strength_kpa = 3.0",
    ),
    ("site_variability_sigma = 0.8", "site_variability_sigma = 0"),
    ("tether_failure_prob = 0.05", "tether_failure_prob = 0"),
    (
        "pullout_per_batch_prob = 0.002",
        "pullout_per_batch_prob = 0",
    ),
    ("fault_mtbf_h = 1500", "fault_mtbf_h = 1e12"),
    ("fault_loss_prob = 0.02", "fault_loss_prob = 0"),
    (
        "bit_life_h = { weibull = { shape = 1.8, scale = 1200 } }",
        "bit_life_h = 1e9",
    ),
    ("mtbf_h = 6000", "mtbf_h = 1e12"),
    ("unrepairable_prob = 0.05", "unrepairable_prob = 0"),
    ("loss_prob = 0.03", "loss_prob = 0"),
    ("throughput_kg_h = 150", "throughput_kg_h = 1000"),
    ("array_kw_1au = 200", "array_kw_1au = 1000"),
    ("horizon_days = 2190", "horizon_days = 4000"),
];

/// Edits of the fixed-window scenario that itemise its mission cost: the
/// unit masses at the end of their sections, and the parts in place of the
/// lump sum (test numbers, round so the arithmetic is exact).
pub const ITEMISED: [(&str, &str); 5] = [
    (
        "fault_loss_prob = 0.02",
        "fault_loss_prob = 0.02\nrobot_mass_kg = 300",
    ),
    (
        "ground_confirm = false",
        "ground_confirm = false\nharpoon_mass_kg = 2",
    ),
    ("bit_change_h = 4", "bit_change_h = 4\nbit_mass_kg = 1.5"),
    (
        "unrepairable_prob = 0.05",
        "unrepairable_prob = 0.05\nplant_mass_kg = 2000\nspare_mass_kg = 25",
    ),
    (
        "mission_cost_usd = 1.5e8",
        "development_usd = 8e7\nrobot_unit_usd = 5e6\nplant_unit_usd = 2e7\n\
         return_vehicle_unit_usd = 1e7\nlaunch_usd_per_kg = 5000",
    ),
];

/// The fixed-window scenario with [`ITEMISED`] costs, a market response
/// and report targets: every key of the format is written in it or in
/// [`FIXED`].
pub fn itemised_with_market() -> String {
    let text = edit(FIXED, &ITEMISED);
    edit(
        &text,
        &[
            (
                "discount_rate = 0.08",
                "discount_rate = 0.08\nprice_exponent = 1\nmarket_kg = 100000\n\n\
             [report]\ntargets = [\"delivered_kg >= 100000\"]\n\n[correlations]\npairs = []",
            ),
            ("[monte_carlo]\n", "[monte_carlo]\nsampling = \"random\"\n"),
        ],
    )
}

/// Runs the astromine binary in `dir` as CI would (CI set, no terminal).
pub fn astromine_cli(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astromine"))
        .args(args)
        .current_dir(dir)
        .env("CI", "true")
        .output()
        .expect("the binary runs")
}

/// `n` with thousands separators, as the command line and the reports
/// print counts.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Column `name` of runs.csv in the results folder `results`, cell by
/// cell as written, in replication order.
pub fn runs_csv_cells(results: &Path, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(results.join("runs.csv")).unwrap();
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    reader
        .records()
        .map(|r| r.unwrap()[at].to_owned())
        .collect()
}

/// Column `name` of runs.csv in the results folder `results`, as numbers.
pub fn runs_csv_column(results: &Path, name: &str) -> Vec<f64> {
    runs_csv_cells(results, name)
        .iter()
        .map(|x| x.parse().unwrap())
        .collect()
}

/// Bytes as text, lossily.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The JSON file at `path`.
pub fn read_json(path: impl AsRef<Path>) -> serde_json::Value {
    let text = std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// Runs `astromine ARGS` in `dir` and asserts that it succeeded.
pub fn astromine_ok(dir: &Path, args: &[&str]) -> Output {
    let out = astromine_cli(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "astromine {}: {}",
        args.join(" "),
        text(&out.stderr)
    );
    out
}

/// Names of everything in `dir`, sorted, but the hidden file in which a
/// results folder names the scenario files it holds results of
/// (`.astromine-source`, tested on its own).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".astromine-source")
        .collect();
    names.sort();
    names
}

/// Runs `astromine ARGS` in `dir` and asserts that it exited with `code`.
pub fn astromine_exits(dir: &Path, args: &[&str], code: i32) -> Output {
    let out = astromine_cli(dir, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "astromine {}: {}",
        args.join(" "),
        text(&out.stderr)
    );
    out
}
