//! The command line as a user meets it: exit codes, silence on success,
//! located diagnostics on stderr, no panics, nothing written on bad input.

use crate::scenario::{FIXED, line_of, with};
use crate::support::{
    BASELINE_PATH, astromine_cli, astromine_exits, astromine_ok, listing, read_json, text,
    thousands,
};
use std::path::Path;

#[test]
fn check_of_the_shipped_scenario_is_silent() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = astromine_ok(Path::new(root), &["check", "scenarios/baseline.toml"]);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

/// Each bad input: exit 2 from `check` and from `run`, a message naming the
/// file and line (where there is one) and the key, no panic, nothing written.
#[test]
fn every_class_of_bad_input_is_rejected_cleanly() {
    let cases: Vec<(&str, Vec<u8>, Option<&str>, &str)> = vec![
        ("empty", vec![], None, "the file is empty"),
        (
            "binary",
            vec![0x00, 0xff, 0xfe, 0x81, 0x00, 0xc3],
            None,
            "not a text file",
        ),
        (
            "syntax",
            with("[fleet]", "[fleet").into_bytes(),
            Some("[fleet"),
            "TOML syntax",
        ),
        (
            "typo",
            with("robots = 4", "robts = 4").into_bytes(),
            Some("robts = 4"),
            "fleet.robts",
        ),
        (
            "section",
            with("[dust]", "[dusty]").into_bytes(),
            Some("[dusty]"),
            "dusty",
        ),
        (
            "type",
            with("robots = 4", "robots = \"four\"").into_bytes(),
            Some("robots = \"four\""),
            "fleet.robots",
        ),
        (
            "duplicate",
            with("robots = 4", "robots = 4\nrobots = 5").into_bytes(),
            Some("robots = 5"),
            "duplicate key",
        ),
        (
            "missing",
            FIXED.replacen("[comms]", "[comms_]", 1).into_bytes(),
            Some("[comms_]"),
            "comms_",
        ),
        (
            "probability",
            with("loss_prob = 0.03", "loss_prob = 1.5").into_bytes(),
            Some("loss_prob = 1.5"),
            "return.loss_prob",
        ),
        (
            "negative",
            with("relocate_h = 12", "relocate_h = -12").into_bytes(),
            Some("relocate_h = -12"),
            "anchoring.relocate_h",
        ),
        (
            "nan",
            with("settle_h = 6", "settle_h = nan").into_bytes(),
            Some("settle_h = nan"),
            "dust.settle_h",
        ),
        (
            "inf",
            with("settle_h = 6", "settle_h = inf").into_bytes(),
            Some("settle_h = inf"),
            "dust.settle_h",
        ),
        (
            "triangular",
            with("[2, 6, 24]", "[24, 6, 2]").into_bytes(),
            Some("[24, 6, 2]"),
            "fleet.local_repair_h",
        ),
        (
            "sd",
            with(
                "mean = 600, sd = 20, min = 500 } }    # (per run)",
                "mean = 600, sd = -20, min = 500 } }",
            )
            .into_bytes(),
            Some("sd = -20"),
            "transit.outbound_days",
        ),
        (
            "distribution",
            with("{ weibull = {", "{ weibul = {").into_bytes(),
            Some("weibul"),
            "drilling.bit_life_h",
        ),
        (
            "enum",
            with("mitigation = \"none\"", "mitigation = \"domes\"").into_bytes(),
            Some("mitigation = \"domes\""),
            "dust.mitigation",
        ),
        (
            "support",
            with(
                "window_days = 60",
                "window_days = { normal = { mean = 60, sd = 30 } }",
            )
            .into_bytes(),
            Some("window_days = {"),
            "return.window_days",
        ),
        (
            "min_anchored",
            with("min_anchored = 2", "min_anchored = 5").into_bytes(),
            Some("min_anchored = 5"),
            "fleet.min_anchored",
        ),
        (
            "strength",
            with("max_strength_kpa = 500", "max_strength_kpa = 0.4").into_bytes(),
            Some("min_strength_kpa = 0.5"),
            "anchoring.min_strength_kpa",
        ),
        (
            "zero_robots",
            with("robots = 4", "robots = 0").into_bytes(),
            Some("robots = 0"),
            "fleet.robots",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, needle, key) in cases {
        let file = format!("{name}.toml");
        std::fs::write(dir.path().join(&file), &bytes).unwrap();
        let before = listing(dir.path());
        for cmd in [
            &["check", &file][..],
            &["run", &file, "--out", "results"][..],
        ] {
            let out = astromine_cli(dir.path(), cmd);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name} {cmd:?}: {err}");
            assert!(!err.contains("panicked"), "{name}: {err}");
            assert!(err.contains(key), "{name}: no {key:?} in {err}");
            if let Some(needle) = needle {
                let line = line_of(&String::from_utf8_lossy(&bytes), needle);
                assert!(
                    err.contains(&format!("{file}:{line}:")),
                    "{name}: no line {line} in {err}"
                );
            }
            assert!(
                out.stdout.is_empty(),
                "{name}: stdout {}",
                text(&out.stdout)
            );
            assert_eq!(
                listing(dir.path()),
                before,
                "{name}: {cmd:?} wrote something"
            );
        }
    }
}

#[test]
fn a_missing_path_and_a_directory_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = astromine_cli(dir.path(), &["check", "nope.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope.toml: cannot read the scenario"));
    std::fs::create_dir(dir.path().join("adir")).unwrap();
    let out = astromine_cli(dir.path(), &["check", "adir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("adir: is a directory"));
    assert_eq!(listing(dir.path()), vec!["adir"]);
}

#[test]
fn check_reports_every_bad_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), FIXED).unwrap();
    std::fs::write(dir.path().join("a.toml"), with("robots = 4", "robots = 0")).unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        with("settle_h = 6", "settle_h = -1"),
    )
    .unwrap();
    let out = astromine_cli(dir.path(), &["check", "good.toml", "a.toml", "b.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("a.toml:") && err.contains("b.toml:") && !err.contains("good.toml"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["frobnicate"][..],
        &["check"][..],
        &["run", "x.toml", "--runs", "0"][..],
        &["run", "x.toml", "--threads", "0"][..],
        &["run", "x.toml", "--shard", "3/2"][..],
        &["run", "x.toml", "--shard", "0/2"][..],
        &["trace", "x.toml"][..],
        &["compare", "x.toml"][..],
    ] {
        astromine_exits(dir.path(), args, 2);
    }
    for cmd in [
        "run",
        "check",
        "trace",
        "compare",
        "merge",
        "sweep",
        "sensitivity",
    ] {
        let out = astromine_ok(dir.path(), &[cmd, "--help"]);
        assert!(text(&out.stdout).contains("Usage: astromine"), "{cmd}");
    }
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn run_writes_the_summary_and_one_csv_row_per_replication() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let out = astromine_ok(
        dir.path(),
        &["run", b, "--runs", "40", "--seed", "9", "--out", "res"],
    );
    assert!(
        text(&out.stderr).contains("res/baseline/"),
        "{}",
        text(&out.stdout)
    );
    let results = dir.path().join("res/baseline");
    assert_eq!(
        listing(&results),
        vec![
            "charts",
            "report.html",
            "report.md",
            "runs.csv",
            "summary.json",
            "summary.md"
        ]
    );
    let summary: serde_json::Value = read_json(results.join("summary.json"));
    assert_eq!(summary["scenario"], "baseline");
    assert_eq!(
        (summary["seed"].as_u64(), summary["runs"].as_u64()),
        (Some(9), Some(40))
    );
    let outcomes = summary["outcomes"].as_object().unwrap();
    assert_eq!(outcomes.len(), 7, "every outcome, zeros included");
    assert_eq!(
        outcomes
            .values()
            .map(|v| v["count"].as_u64().unwrap())
            .sum::<u64>(),
        40
    );
    let delivered = &summary["metrics"]["delivered_kg"];
    for key in [
        "mean",
        "std",
        "ci95_low",
        "ci95_high",
        "p05",
        "p50",
        "p95",
        "min",
        "max",
    ] {
        assert!(delivered[key].is_number(), "{key}");
    }
    let csv = std::fs::read_to_string(results.join("runs.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 41);
    assert!(lines[0].starts_with("run,outcome,delivered_kg,revenue_usd,npv_usd,mission_days,"));
    assert!(lines[1].starts_with("0,") && lines[40].starts_with("39,"));

    // Same seed, same bytes; different thread counts too.
    astromine_ok(
        dir.path(),
        &[
            "run",
            b,
            "--runs",
            "40",
            "--seed",
            "9",
            "--out",
            "res2",
            "--threads",
            "1",
        ],
    );
    for f in ["summary.json", "runs.csv"] {
        assert_eq!(
            std::fs::read(results.join(f)).unwrap(),
            std::fs::read(dir.path().join("res2/baseline").join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn an_output_directory_that_cannot_be_made_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("afile"), "x").unwrap();
    let b = BASELINE_PATH;
    let out = astromine_cli(dir.path(), &["run", b, "--runs", "2", "--out", "afile/sub"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot create the output directory"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn trace_prints_every_event_as_csv_or_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let out = astromine_ok(dir.path(), &["trace", b, "--run", "3"]);
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("day,hour,subsystem,entity,event,quantity,unit")
    );
    assert_eq!(lines.next(), Some("0,0.0,transit,mission,launch,0.0,"));
    assert!(csv.contains(",anchoring,robot 1,"), "robots are named");
    assert!(text(&out.stderr).contains("replication 3"));
    // The closing line counts the rows printed (the header aside).
    let rows = csv.lines().count() - 1;
    let count = format!("; {} rows traced from", thousands(rows as u64));
    assert!(text(&out.stderr).contains(&count), "{}", text(&out.stderr));

    let out = astromine_cli(dir.path(), &["trace", b, "--run", "3", "--format", "jsonl"]);
    let jsonl = text(&out.stdout);
    assert_eq!(jsonl.lines().count(), csv.lines().count() - 1);
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["day"].is_u64() && v["event"].is_string());
    }
    assert!(listing(dir.path()).is_empty(), "trace writes no files");
}

/// Counts and swings that cannot be meant say what would be: `--runs 0`
/// asks for at least one replication (not a range to 2^64), and a bare
/// swing below 1 is refused as ambiguous rather than read as 0.2%.
#[test]
fn runs_and_swing_mistakes_say_what_is_meant() {
    let dir = tempfile::tempdir().unwrap();
    let err = |args: &[&str]| text(&astromine_exits(dir.path(), args, 2).stderr);
    let zero = err(&["run", BASELINE_PATH, "--runs", "0"]);
    assert!(zero.contains("use at least 1 replication"), "{zero}");
    let many = err(&[
        "compare",
        BASELINE_PATH,
        BASELINE_PATH,
        "--runs",
        "10000001",
    ]);
    assert!(many.contains("use at most 10000000"), "{many}");
    let bare = err(&["sensitivity", BASELINE_PATH, "--swing", "0.2"]);
    assert!(
        bare.contains("ambiguous") && bare.contains("20%") && bare.contains("0.2%"),
        "{bare}"
    );
    let tiny = err(&["sensitivity", BASELINE_PATH, "--swing", "0.2%"]);
    assert!(tiny.contains("outside 1% to 90%"), "{tiny}");
    assert!(!dir.path().join("output").exists(), "nothing is written");
}

/// Compared scenarios share one seed and run count; when their files
/// disagree and the command line does not settle it, `compare` says which
/// it used.
#[test]
fn compare_says_which_batch_it_uses_when_the_files_differ() {
    let dir = tempfile::tempdir().unwrap();
    let other = std::fs::read_to_string(BASELINE_PATH)
        .unwrap()
        .replace("name = \"baseline\"", "name = \"other\"")
        .replace("seed = 20261121", "seed = 5");
    std::fs::write(dir.path().join("other.toml"), other).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["compare", BASELINE_PATH, "other.toml", "--runs", "4"];
        args.extend_from_slice(extra);
        text(&astromine_ok(dir.path(), &args).stderr)
    };
    let warned = run(&[]);
    assert!(
        warned.contains("warning: the scenarios' [monte_carlo] sections differ")
            && warned.contains("seed 20261121"),
        "{warned}"
    );
    let settled = run(&["--seed", "9"]);
    assert!(!settled.contains("warning:"), "{settled}");
}

/// `--set KEY=VALUE` on run, check, trace and compare: the key is set as a
/// sweep would set it (one value), validated like a file, and a run with
/// sets splits into shards that merge into what the unsharded run writes.
#[test]
fn set_overrides_keys_on_run_check_trace_and_compare() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let b = BASELINE_PATH;
    // Six robots instead of four: two more robots' units and launched mass.
    let six = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "run",
            b,
            "--set",
            "fleet.robots=6",
            "--runs",
            "20",
            "--out",
            out,
            "--no-charts",
        ];
        args.extend_from_slice(extra);
        astromine_ok(d, &args);
    };
    six("six", &[]);
    let costs = read_json(d.join("six/baseline/summary.json"))["costs"].clone();
    assert_eq!(costs["units_usd"], 69e6, "{costs}");
    assert_eq!(costs["launched_mass_kg"], 14_284.0, "{costs}");
    // Mistakes name the set and write nothing.
    for (set, says) in [
        ("fleet.robot=6", "unknown key"),
        ("fleet.robots=0", "at most fleet.robots"),
        ("fleet.robots=4,6", "give one value here"),
    ] {
        let out = astromine_exits(d, &["run", b, "--set", set, "--out", "bad"], 2);
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("--set {set}")) && err.contains(says),
            "{err}"
        );
        let out = astromine_exits(d, &["check", b, "--set", set], 2);
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }
    assert!(!d.join("bad").exists());
    let ok = astromine_ok(d, &["check", b, "--set", "fleet.robots=6"]);
    assert!(ok.stdout.is_empty() && ok.stderr.is_empty());
    // trace replays the set scenario.
    let one = ["--set", "fleet.robots=1", "--set", "fleet.min_anchored=1"];
    let traced = astromine_ok(d, &[&["trace", b, "--run", "0"][..], &one[..]].concat());
    assert!(text(&traced.stderr).starts_with("replication 0"));
    // compare sets the key in every file.
    astromine_ok(
        d,
        &[
            "compare",
            b,
            b,
            "--set",
            "economics.cargo_price_usd_per_kg=4000",
            "--runs",
            "4",
            "--out",
            "cmp",
        ],
    );
    // Shards of a run with sets merge into the unsharded run's files.
    for k in ["1/2", "2/2"] {
        six("s", &["--shard", k]);
    }
    astromine_ok(d, &["merge", "s/baseline", "--out", "m", "--no-charts"]);
    for f in ["summary.json", "runs.csv"] {
        assert_eq!(
            std::fs::read(d.join("six/baseline").join(f)).unwrap(),
            std::fs::read(d.join("m/baseline").join(f)).unwrap(),
            "{f}"
        );
    }
}

/// A valid metal scenario whose propellant from Earth cannot fly a trip,
/// or cannot fly a full one, gets a warning from `check` (exit 0) before
/// a batch would report 0% success; the shipped scenarios get none.
#[test]
fn check_warns_when_anchoring_can_almost_never_reach_min_anchored() {
    let sets = [
        "anchoring.max_strength_kpa=0.6",
        "fleet.min_anchored=4",
        "anchoring.harpoons_per_robot=1",
    ];
    let mut args = vec!["check", BASELINE_PATH];
    for set in &sets {
        args.extend(["--set", set]);
    }
    let out = astromine_ok(Path::new("."), &args);
    let err = text(&out.stderr);
    assert!(
        err.starts_with("warning: ") && err.contains("fleet.min_anchored = 4 of 4 robots"),
        "{err}"
    );
}

/// A `[correlations]` pair naming a key the scenario fixes cannot be
/// applied: `check` says so (exit 0), and says nothing when both vary.
#[test]
fn check_warns_when_a_correlated_key_is_fixed() {
    let pair = r#"correlations.pairs=[{ keys = ["target.grade_wt_pct", "target.surface_strength_kpa"], rank = -0.4 }]"#;
    let out = astromine_ok(Path::new("."), &["check", BASELINE_PATH, "--set", pair]);
    assert_eq!(text(&out.stderr), "", "both keys vary in the baseline");
    let out = astromine_ok(
        Path::new("."),
        &[
            "check",
            BASELINE_PATH,
            "--set",
            pair,
            "--set",
            "target.grade_wt_pct=6",
        ],
    );
    let err = text(&out.stderr);
    assert!(
        err.starts_with("warning: ")
            && err.contains("rank correlation −0.4 between target.grade_wt_pct and target.surface_strength_kpa is not applied: target.grade_wt_pct is a fixed number here"),
        "{err}"
    );
}

#[test]
fn check_warns_when_metal_propellant_cannot_fly_a_trip() {
    let metal = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/metal-s-type.toml");
    for (kg, says) in [
        ("0", "no trip can ever leave"),
        ("40000", "trips can never leave full"),
    ] {
        let set = format!("propellant.initial_kg={kg}");
        let out = astromine_ok(Path::new("."), &["check", metal, "--set", &set]);
        let err = text(&out.stderr);
        assert!(err.starts_with("warning: ") && err.contains(says), "{err}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped: Vec<String> = std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let mut args = vec!["check"];
    args.extend(shipped.iter().map(String::as_str));
    let out = astromine_ok(root, &args);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

/// Each command's help speaks of its own runs and folder: `run --runs`
/// does not mention sensitivity, and each `--out` says where that
/// command's results go.
#[test]
fn help_is_written_per_command() {
    let dir = tempfile::tempdir().unwrap();
    for (command, runs, out) in [
        ("run", "Replications, at most", "DIR/<scenario name>/"),
        (
            "compare",
            "per scenario, the same for all",
            "DIR/<a>-vs-<b>/",
        ),
        ("sweep", "per point of the grid", "DIR/<name>-sweep-<key>/"),
        ("sensitivity", "per variant", "DIR/<name>-sensitivity/"),
    ] {
        let help = text(&astromine_ok(dir.path(), &[command, "--help"]).stdout);
        let line = |flag: &str| {
            help.lines()
                .find(|l| l.trim_start().starts_with(flag))
                .unwrap_or_else(|| panic!("{command}: no {flag} in\n{help}"))
                .to_owned()
        };
        assert!(
            line("--runs").contains(runs),
            "{command}: {}",
            line("--runs")
        );
        assert!(line("--out").contains(out), "{command}: {}", line("--out"));
        assert!(
            command == "sensitivity" || !line("--runs").contains("sensitivity"),
            "{command}"
        );
    }
}

#[test]
fn two_files_with_one_name_do_not_overwrite_each_other_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), FIXED).unwrap();
    std::fs::write(dir.path().join("b.toml"), FIXED).unwrap();
    let run = |file: &str, extra: &[&str]| {
        let mut args = vec!["run", file, "--runs", "20", "--no-charts", "--quiet"];
        args.extend(extra);
        astromine_cli(dir.path(), &args)
    };
    assert!(run("a.toml", &[]).status.success());
    let before = std::fs::read(dir.path().join("output/fixed-windows/runs.csv")).unwrap();
    // The same file again replaces its own results without asking.
    assert!(run("a.toml", &["--seed", "3"]).status.success());
    let out = run("b.toml", &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("a.toml") && err.contains("--force"),
        "{err}"
    );
    let after = std::fs::read(dir.path().join("output/fixed-windows/runs.csv")).unwrap();
    assert_ne!(
        before, after,
        "the second run of a.toml did not replace its results"
    );
    assert!(run("b.toml", &["--force"]).status.success());
    // Studies keep the same rule.
    let sweep = |file: &str, extra: &[&str]| {
        let mut args = vec!["sweep", file, "--set", "fleet.robots=2,4", "--runs", "4"];
        args.extend(["--no-charts", "--quiet"]);
        args.extend(extra);
        astromine_cli(dir.path(), &args)
    };
    assert!(sweep("a.toml", &[]).status.success());
    assert_eq!(sweep("b.toml", &[]).status.code(), Some(2));
    assert!(sweep("b.toml", &["--force"]).status.success());
}

#[test]
fn sweeps_over_other_keys_keep_their_own_folders() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let common = ["--runs", "3", "--no-charts", "--quiet", "--out", "o"];
    let mut one = vec!["sweep", b, "--set", "fleet.robots=2,4"];
    one.extend(common);
    let mut two = vec![
        "sweep",
        b,
        "--set",
        "fleet.robots=2,4",
        "--set",
        "fleet.autonomy=0.5,0.9",
    ];
    two.extend(common);
    astromine_ok(dir.path(), &one);
    astromine_ok(dir.path(), &two);
    assert_eq!(
        listing(&dir.path().join("o")),
        [
            "baseline-sweep-fleet.robots",
            "baseline-sweep-fleet.robots-by-fleet.autonomy"
        ]
    );
}

#[test]
fn the_shared_flags_mean_the_same_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let quiet = [
        "--quiet",
        "--threads",
        "2",
        "--no-charts",
        "--seed",
        "4",
        "--out",
        "o",
    ];
    for cmd in [
        vec!["run", b, "--runs", "4"],
        vec!["compare", b, b, "--runs", "4"],
        vec!["sweep", b, "--set", "fleet.robots=2,4", "--runs", "4"],
        vec!["sensitivity", b, "--runs", "2", "--set", "fleet.robots=5"],
    ] {
        let mut args = cmd.clone();
        args.extend(quiet);
        let out = astromine_ok(dir.path(), &args);
        assert!(
            out.stderr.is_empty() && out.stdout.is_empty(),
            "{cmd:?} --quiet printed: {}",
            text(&out.stderr)
        );
    }
    for folder in listing(&dir.path().join("o")) {
        assert!(
            !dir.path().join("o").join(&folder).join("charts").exists(),
            "{folder} drew charts under --no-charts"
        );
    }
    // trace and merge are quiet on request too; merge's --out defaults as
    // run's does.
    let out = astromine_ok(dir.path(), &["trace", b, "--run", "0", "--quiet"]);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    astromine_ok(
        dir.path(),
        &["run", b, "--runs", "4", "--shard", "1/1", "--quiet"],
    );
    let out = astromine_ok(
        dir.path(),
        &["merge", "output/baseline", "--quiet", "--no-charts"],
    );
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(dir.path().join("output/baseline/summary.json").is_file());
}
