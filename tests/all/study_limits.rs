//! Studies refuse what they cannot finish, blame the right `--set`, and keep
//! the folders they derive from scenario names short.

use crate::support::{BASELINE_PATH, FIXED, astromine_exits, astromine_ok, edit, listing, text};
use astromine::scenario::MAX_RUNS;
use astromine::study::sensitivity::{MAX_SWING, MIN_SWING, check_swing};
use astromine::study::sweep::MAX_POINTS;

/// A name of `len` characters that starts with `stem`.
fn long_name(stem: &str, len: usize) -> String {
    format!("{stem}-{}", "x".repeat(len - stem.len() - 1))
}

/// Writes the baseline renamed to each of `names` into `dir`, returning the paths.
fn renamed_baselines(dir: &std::path::Path, names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            let path = dir.join(format!("{n}.toml"));
            let text = edit(
                FIXED,
                &[("name = \"fixed-windows\"", &format!("name = \"{n}\""))],
            );
            std::fs::write(&path, text).unwrap();
            path.display().to_string()
        })
        .collect()
}

/// Runs `compare` of `paths` into `out` and returns the one folder it wrote,
/// checking that the closing line names it.
fn compare_folder(dir: &std::path::Path, paths: &[String], out: &str) -> String {
    let mut args = vec!["compare"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--runs", "2", "--out", out]);
    let done = astromine_ok(dir, &args);
    let folders = listing(&dir.join(out));
    assert_eq!(folders.len(), 1, "{folders:?}");
    let folder = folders[0].clone();
    assert!(
        text(&done.stderr).contains(&folder),
        "the closing line names the folder: {}",
        text(&done.stderr)
    );
    assert!(
        dir.join(out)
            .join(&folder)
            .join("comparison.json")
            .is_file()
    );
    folder
}

/// A compare of 25 scenarios used to join every name with `-vs-` into a
/// folder name too long for the file system.
#[test]
fn a_compare_of_many_scenarios_writes_a_short_stable_folder() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..25)
        .map(|i| format!("strategy-{i:02}-of-many"))
        .collect();
    let paths = renamed_baselines(dir.path(), &names);
    let folder = compare_folder(dir.path(), &paths, "o");
    assert!(folder.len() <= 100, "{} bytes: {folder}", folder.len());
    assert!(
        folder.starts_with("strategy-00-of-many-vs-strategy-01"),
        "{folder}"
    );
    let hash = folder.rsplit('-').next().unwrap();
    assert!(
        hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "a hash of the full name ends it: {folder}"
    );
    // The same scenarios give the same folder; other scenarios another one.
    assert_eq!(compare_folder(dir.path(), &paths, "again"), folder);
    let fewer = compare_folder(dir.path(), &paths[..24], "fewer");
    assert_ne!(fewer, folder);
    // Two names of 64 characters are hashed too; short names stay as they were.
    let pair = [long_name("left", 64), long_name("right", 64)];
    let folder = compare_folder(dir.path(), &renamed_baselines(dir.path(), &pair), "pair");
    assert!(
        folder.len() <= 100 && folder.starts_with("left-xxx"),
        "{folder}"
    );
    let short = ["a".to_owned(), "b".to_owned()];
    let short = compare_folder(dir.path(), &renamed_baselines(dir.path(), &short), "short");
    assert_eq!(short, "a-vs-b");
}

/// Names of up to 64 characters keep their study folders as they were: the
/// name and the study's suffix, well under the limit.
#[test]
fn sweeps_of_long_names_keep_their_suffix() {
    let dir = tempfile::tempdir().unwrap();
    let name = long_name("sweep", 64);
    let paths = renamed_baselines(dir.path(), std::slice::from_ref(&name));
    astromine_ok(
        dir.path(),
        &[
            "sweep",
            &paths[0],
            "--set",
            "fleet.robots=2",
            "--runs",
            "2",
            "--out",
            "o",
        ],
    );
    assert_eq!(
        listing(&dir.path().join("o")),
        [format!("{name}-sweep-fleet.robots")]
    );
}

/// A 10 × 10 grid (10^10 points) used to be built and validated point by
/// point, past 4 GB, before anything was refused.
#[test]
fn an_oversized_grid_is_refused_before_it_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let keys = [
        "fleet.robots",
        "fleet.fault_mtbf_h",
        "fleet.autonomy",
        "anchoring.attempt_h",
        "anchoring.relocate_h",
        "drilling.rate_kg_h",
        "drilling.bit_change_h",
        "dust.settle_h",
        "processing.throughput_kg_h",
        "economics.ops_cost_usd_per_day",
    ];
    let sets: Vec<String> = keys
        .iter()
        .map(|k| {
            let values: Vec<String> = (1..=10).map(|v| (v * 10).to_string()).collect();
            format!("{k}={}", values.join(","))
        })
        .collect();
    let mut args = vec!["sweep", BASELINE_PATH];
    for set in &sets {
        args.extend(["--set", set.as_str()]);
    }
    args.extend(["--runs", "2", "--out", "o"]);
    let out = astromine_exits(dir.path(), &args, 2);
    let err = text(&out.stderr);
    assert!(
        err.contains("10000000000 points") && err.contains(&MAX_POINTS.to_string()),
        "says how big the grid is and what the limit is: {err}"
    );
    assert!(!dir.path().join("o").exists());
}

/// The invalid value was in the second `--set`, but the first was blamed.
#[test]
fn a_sweep_blames_the_set_the_problem_is_about() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = |sets: [&str; 2]| {
        let args = [
            "sweep",
            BASELINE_PATH,
            "--set",
            sets[0],
            "--set",
            sets[1],
            "--runs",
            "2",
            "--out",
            "o",
        ];
        text(&astromine_exits(dir.path(), &args, 2).stderr)
    };
    let err = sweep(["fleet.robots=2,4", "fleet.autonomy=1.5"]);
    assert!(
        err.contains("--set fleet.autonomy=1.5: fleet.autonomy: must be in [0, 1]"),
        "{err}"
    );
    assert!(!err.contains("fleet.robots"), "{err}");
    let err = sweep(["fleet.autonomy=1.5", "fleet.robots=2,4"]);
    assert!(err.contains("--set fleet.autonomy=1.5: "), "{err}");
    assert!(!err.contains("fleet.robots"), "{err}");
    // A problem that names neither key (one robot cannot keep two anchored)
    // is blamed on every set of the point.
    let err = sweep(["fleet.autonomy=0.5", "fleet.robots=1"]);
    assert!(
        err.contains("--set fleet.autonomy=0.5 --set fleet.robots=1: fleet.min_anchored"),
        "{err}"
    );
    assert!(!dir.path().join("o").exists());
}

/// `--swing 99.9999%` moved fixed inputs to almost zero (batch_kg 5e-4 kg)
/// and the study never ended.
#[test]
fn a_swing_near_the_whole_value_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for swing in ["99.9999%", "95%", "0.5%"] {
        let args = [
            "sensitivity",
            BASELINE_PATH,
            "--swing",
            swing,
            "--runs",
            "2",
            "--out",
            "o",
        ];
        let err = text(&astromine_exits(dir.path(), &args, 2).stderr);
        assert!(
            err.contains("--swing") && err.contains("1%") && err.contains("90%"),
            "{swing}: {err}"
        );
    }
    assert!(!dir.path().join("o").exists());
    assert!(check_swing(MIN_SWING).is_ok() && check_swing(MAX_SWING).is_ok());
    assert!(check_swing(MAX_SWING + 1e-9).is_err() && check_swing(0.005).is_err());
}

/// `--runs` above the cap used to start a study that could not finish.
#[test]
fn every_study_refuses_runs_above_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let too_many = (MAX_RUNS + 1).to_string();
    let b = BASELINE_PATH;
    for command in [
        vec!["compare", b, b],
        vec!["sweep", b, "--set", "fleet.robots=2"],
        vec!["sensitivity", b],
    ] {
        let mut args = command.clone();
        args.extend(["--runs", too_many.as_str(), "--out", "o"]);
        let err = text(&astromine_exits(dir.path(), &args, 2).stderr);
        assert!(
            err.contains(&too_many) && err.contains(&MAX_RUNS.to_string()),
            "{}: {err}",
            command[0]
        );
    }
    assert!(!dir.path().join("o").exists());
}
