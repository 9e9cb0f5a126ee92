//! The batch tool: thread-count independence, summary and report contents,
//! sharding and merging, progress and closing line, interruption, memory.

use crate::support::{
    BASELINE_PATH, FIXED, astromine_cli, astromine_exits, astromine_ok, edit, read_json, text,
};
use astromine::stats::{Z95, wilson};
use std::path::Path;

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

const FILES: [&str; 3] = ["summary.json", "runs.csv", "report.md"];

#[test]
fn wilson_interval_matches_published_values() {
    // n = 10, k = 5: 0.2366 to 0.7634; k = 0: upper z²/(n + z²) = 0.2775.
    let (lo, hi) = wilson(5, 10, Z95);
    assert!(
        (lo - 0.236_593).abs() < 1e-6 && (hi - 0.763_407).abs() < 1e-6,
        "{lo} {hi}"
    );
    let (lo, hi) = wilson(0, 10, Z95);
    assert_eq!(lo, 0.0);
    assert!((hi - Z95 * Z95 / (10.0 + Z95 * Z95)).abs() < 1e-12);
    assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
}

#[test]
fn results_are_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    for t in ["1", "2", "8"] {
        astromine_ok(
            dir.path(),
            &["run", b, "--runs", "300", "--threads", t, "--out", t],
        );
    }
    for f in FILES {
        let one = read(dir.path().join("1/baseline").join(f));
        assert_eq!(
            one,
            read(dir.path().join("2/baseline").join(f)),
            "{f}: 1 vs 2 threads"
        );
        assert_eq!(
            one,
            read(dir.path().join("8/baseline").join(f)),
            "{f}: 1 vs 8 threads"
        );
        assert!(!text(&one).contains("threads"), "{f} mentions threads");
    }
}

#[test]
fn summary_and_report_hold_what_a_reader_needs() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let out = astromine_ok(dir.path(), &["run", b, "--runs", "200", "--out", "o"]);
    let err = text(&out.stderr);
    assert!(
        err.contains("baseline: 200 runs in ")
            && err.contains("runs/s")
            && err.contains("events/s"),
        "{err}"
    );
    assert!(err.contains("results in o/baseline/"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no progress bar when CI is set: {err:?}"
    );

    let s: serde_json::Value = read_json(dir.path().join("o/baseline/summary.json"));
    let mut total = 0;
    for (name, o) in s["outcomes"].as_object().unwrap() {
        let (count, share) = (o["count"].as_u64().unwrap(), o["share"].as_f64().unwrap());
        let (lo, hi) = wilson(count, 200, Z95);
        // JSON's float text round-trips to within an ulp.
        assert!(
            (o["ci95_low"].as_f64().unwrap() - lo).abs() < 1e-15,
            "{name}"
        );
        assert!(
            (o["ci95_high"].as_f64().unwrap() - hi).abs() < 1e-15,
            "{name}"
        );
        assert_eq!(share, count as f64 / 200.0);
        total += count;
    }
    assert_eq!(total, 200);
    assert!(s["npv_positive"]["share"].is_number());
    let json = text(&read(dir.path().join("o/baseline/summary.json")));
    assert!(
        !json.contains("time") || !json.contains("wall"),
        "no wall times"
    );

    let md = text(&read(dir.path().join("o/baseline/report.md")));
    for needle in [
        "# astromine: baseline",
        "200 runs, seed 20261121.",
        "| success (some cargo delivered) |",
        "## Headline",
        "| delivered cargo, kg | mean ",
        "| net present value | mean ",
        "| P(NPV > 0) |",
        "## Costs",
        "## Percentiles",
        "| metric | P1 | P5 | P10 | P25 | P50 | P75 | P90 | P95 | P99 | mean | std |",
        "## Outcomes",
        "| anchoring_failure |",
        "## Failure events per run",
        "| drill bit failed |",
        "## All metrics",
    ] {
        assert!(md.contains(needle), "report.md lacks {needle:?}");
    }

    let quiet = astromine_ok(
        dir.path(),
        &["run", b, "--runs", "20", "--out", "q", "--quiet"],
    );
    assert!(quiet.stderr.is_empty() && quiet.stdout.is_empty());
}

#[test]
fn shards_merge_into_exactly_the_unsharded_files() {
    // Under every sampling design: lhs and sobol points are laid over the
    // whole batch and each shard takes its slice; shards run on one thread,
    // the whole batch on the default pool.
    for sampling in ["random", "lhs", "sobol"] {
        let dir = tempfile::tempdir().unwrap();
        let b = BASELINE_PATH;
        let common = ["--runs", "250", "--seed", "5", "--sampling", sampling];
        let with = |extra: &[&str]| -> Vec<String> {
            ["run", b]
                .iter()
                .chain(&common)
                .chain(extra)
                .map(|s| s.to_string())
                .collect()
        };
        let args = with(&["--out", "whole"]);
        astromine_ok(
            dir.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        for k in 1..=4 {
            let shard = format!("{k}/4");
            let args = with(&["--shard", &shard, "--out", "shards", "--threads", "1"]);
            astromine_ok(
                dir.path(),
                &args.iter().map(String::as_str).collect::<Vec<_>>(),
            );
        }
        let shard_dir = dir.path().join("shards/baseline/shard-2-of-4");
        assert!(shard_dir.join("shard.json").is_file() && shard_dir.join("runs.csv").is_file());
        // Shard 2 of 250 runs in 4 is replications 62..125.
        let rows = text(&read(shard_dir.join("runs.csv")));
        assert_eq!(rows.lines().count(), 1 + 63);
        assert!(rows.lines().nth(1).unwrap().starts_with("62,"));

        astromine_ok(dir.path(), &["merge", "shards/baseline", "--out", "merged"]);
        for f in FILES {
            assert_eq!(
                read(dir.path().join("whole/baseline").join(f)),
                read(dir.path().join("merged/baseline").join(f)),
                "{f} differs after merge under {sampling}"
            );
        }
    }
}

#[test]
fn merge_refuses_shards_that_do_not_belong_together() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.toml"), FIXED).unwrap();
    std::fs::write(
        d.join("b.toml"),
        edit(FIXED, &[("robots = 4", "robots = 5")]),
    )
    .unwrap();
    let shard = |file: &str, runs: &str, seed: &str, k: &str, out: &str| {
        astromine_ok(
            d,
            &[
                "run", file, "--runs", runs, "--seed", seed, "--shard", k, "--out", out,
            ],
        );
        format!("{out}/fixed-windows/shard-{}-of-{}", &k[..1], &k[2..])
    };
    let s1 = shard("a.toml", "40", "1", "1/2", "x");
    let s2 = shard("a.toml", "40", "1", "2/2", "x");
    let other_seed = shard("a.toml", "40", "2", "2/2", "seed");
    let other_runs = shard("a.toml", "50", "1", "2/2", "runs");
    let other_file = shard("b.toml", "40", "1", "2/2", "file");
    let three = shard("a.toml", "40", "1", "2/3", "three");
    std::fs::create_dir(d.join("empty")).unwrap();
    let cases: [(&[&str], &str); 8] = [
        (&[&s1, &other_seed], "seeds differ"),
        (&[&s1, &other_runs], "run counts differ"),
        (&[&s1, &other_file], "scenarios differ"),
        (&[&s1, &three], "shard counts differ"),
        (&[&s1], "shards missing: 2/2"),
        (&[&s1, &s2, &s2], "given twice"),
        (&["empty"], "holds no shard"),
        (&["nowhere"], "nowhere"),
    ];
    for (dirs, message) in cases {
        let mut args = vec!["merge"];
        args.extend_from_slice(dirs);
        args.extend(["--out", "merged"]);
        let out = astromine_cli(d, &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{dirs:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(message),
            "{dirs:?}: {}",
            text(&out.stderr)
        );
        assert!(
            !d.join("merged").exists(),
            "{dirs:?}: something was written"
        );
    }
}

#[test]
fn bad_batch_arguments_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    std::fs::write(dir.path().join("afile"), "x").unwrap();
    for args in [
        &["run", b, "--runs", "0"][..],
        &["run", b, "--shard", "3/2"][..],
        &["run", b, "--shard", "0/2"][..],
        &["run", b, "--shard", "x"][..],
        &["run", b, "--threads", "0"][..],
        &["run", b, "--runs", "5", "--out", "afile/sub"][..],
        &["merge", ".", "--out", "m"][..],
    ] {
        astromine_exits(dir.path(), args, 2);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["afile"], "{args:?} wrote something");
    }
}

/// 10^6 replications of a small scenario: peak memory (resident set of the
/// child) stays under 500 MB, since runs.csv is streamed and only the metric
/// values needed for exact quantiles are kept.
#[cfg(target_os = "linux")]
#[test]
fn a_million_replications_stay_under_500_mb() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = edit(
        FIXED,
        &[
            ("name = \"fixed-windows\"", "name = \"tiny\""),
            ("horizon_days = 2190", "horizon_days = 30"),
            (
                "outbound_days = { normal = { mean = 600, sd = 20, min = 500 } }",
                "outbound_days = 1",
            ),
            ("survey_days = 60", "survey_days = 1"),
            ("first_window_day = 900", "first_window_day = 40"),
        ],
    );
    std::fs::write(dir.path().join("tiny.toml"), tiny).unwrap();
    astromine_ok(
        dir.path(),
        &[
            "run",
            "tiny.toml",
            "--runs",
            "1000000",
            "--quiet",
            "--out",
            "o",
        ],
    );
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    let peak_mb = usage.ru_maxrss as f64 / 1024.0; // Linux reports KiB
    assert!(peak_mb < 500.0, "peak resident memory {peak_mb:.0} MB");
    let rows = std::fs::read_to_string(dir.path().join("o/tiny/runs.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(rows, 1_000_001);
}

#[test]
fn stale_results_never_sit_beside_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    astromine_ok(dir.path(), &["run", b, "--runs", "20", "--out", "o"]);
    assert!(dir.path().join("o/baseline/charts").is_dir());
    std::fs::write(dir.path().join("o/baseline/notes.txt"), "mine").unwrap();
    astromine_ok(
        dir.path(),
        &[
            "run",
            b,
            "--runs",
            "20",
            "--seed",
            "3",
            "--out",
            "o",
            "--no-charts",
        ],
    );
    assert!(
        !dir.path().join("o/baseline/charts").exists(),
        "old charts removed"
    );
    assert_eq!(
        std::fs::read(dir.path().join("o/baseline/notes.txt")).unwrap(),
        b"mine",
        "files that are not results are kept"
    );
}

#[test]
fn merge_refuses_a_runs_csv_its_manifest_was_not_written_with() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    for k in ["1/2", "2/2"] {
        astromine_ok(
            dir.path(),
            &["run", b, "--runs", "30", "--shard", k, "--out", "s"],
        );
    }
    let csv = dir.path().join("s/baseline/shard-1-of-2/runs.csv");
    let tampered = std::fs::read_to_string(&csv)
        .unwrap()
        .replacen(",success,", ",stranded,", 1);
    std::fs::write(&csv, tampered).unwrap();
    let out = astromine_cli(dir.path(), &["merge", "s/baseline", "--out", "m"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("is not the one its shard.json was written with"));
    assert!(!dir.path().join("m").exists());
    let too_many = astromine_cli(
        dir.path(),
        &["run", b, "--runs", "3", "--shard", "1/4", "--out", "t"],
    );
    assert_eq!(too_many.status.code(), Some(2));
    assert!(text(&too_many.stderr).contains("use at most 3"));
}

#[test]
fn one_run_has_no_interval_rather_than_a_zero_width_one() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    astromine_ok(
        dir.path(),
        &["run", b, "--runs", "1", "--out", "o", "--no-charts"],
    );
    let s: serde_json::Value = read_json(dir.path().join("o/baseline/summary.json"));
    assert!(s["metrics"]["delivered_kg"]["ci95_low"].is_null());
    assert!(text(&read(dir.path().join("o/baseline/report.md"))).contains("n/a (one run)"));
    for cmd in [&["compare", b, b][..], &["sensitivity", b][..]] {
        let mut args = cmd.to_vec();
        args.extend(["--runs", "1", "--out", "x"]);
        let out = astromine_cli(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        assert!(!dir.path().join("x").exists());
    }
}
