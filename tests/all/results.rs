//! The result folder under misuse: concurrent runs, interruptions, failures
//! and forged shards never lose or corrupt results; bounds on `--runs` and
//! `--threads`; a failing stderr never panics.

use crate::support::{BASELINE_PATH, astromine_exits, astromine_ok, listing, read_json, text};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every file under `dir` (hidden ones too) by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_owned(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// A child process, killed if a failing test leaves it running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `astromine ARGS` in `dir` as CI would, stderr discarded.
fn spawn(dir: &Path, args: &[&str]) -> Running {
    Running(
        Command::new(env!("CARGO_BIN_EXE_astromine"))
            .args(args)
            .current_dir(dir)
            .env("CI", "true")
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

/// Waits until a run has started writing `name`'s results beside it in `out`.
fn wait_for_staging(out: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with(&prefix))
    {
        assert!(Instant::now() < deadline, "the run never started writing");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends `signal` to the child and returns its exit code.
#[cfg(unix)]
fn signal(mut child: Running, signal: libc::c_int) -> Option<i32> {
    let pid = libc::pid_t::try_from(child.0.id()).unwrap();
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    child.0.wait().unwrap().code()
}

/// A batch long enough to be interrupted.
const FOREVER: &str = "10000000";

#[cfg(unix)]
#[test]
fn a_second_run_into_the_same_folder_refuses_while_the_first_writes() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let first = spawn(dir.path(), &["run", b, "--runs", FOREVER, "--out", "o"]);
    wait_for_staging(&dir.path().join("o"), "baseline");
    let second = astromine_exits(dir.path(), &["run", b, "--runs", "5", "--out", "o"], 2);
    let err = text(&second.stderr);
    assert!(
        err.contains("o/baseline") && err.contains("another astromine run"),
        "{err}"
    );
    assert_eq!(signal(first, libc::SIGINT), Some(130));
    // The interrupted first run into a new folder leaves nothing at all.
    assert!(
        !dir.path().join("o").exists(),
        "{:?}",
        listing(&dir.path().join("o"))
    );
    astromine_ok(dir.path(), &["run", b, "--runs", "5", "--out", "o"]);
}

/// The first data row of `dir/runs.csv`.
fn first_row(dir: &Path) -> String {
    let csv = std::fs::read_to_string(dir.join("runs.csv")).unwrap();
    csv.lines().nth(1).unwrap().to_owned()
}

#[test]
fn two_concurrent_runs_leave_one_consistent_set() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let run = |runs: &str, seed: &str| {
        spawn(
            dir.path(),
            &[
                "run",
                b,
                "--runs",
                runs,
                "--seed",
                seed,
                "--out",
                "o",
                "--no-charts",
            ],
        )
    };
    let (mut one, mut two) = (run("1500", "1"), run("1000", "2"));
    let codes = [one.0.wait().unwrap().code(), two.0.wait().unwrap().code()];
    assert!(codes.contains(&Some(0)), "{codes:?}");
    assert!(codes.iter().all(|c| matches!(c, Some(0 | 2))), "{codes:?}");
    let results = dir.path().join("o/baseline");
    let summary = read_json(results.join("summary.json"));
    let (seed, runs) = (summary["seed"].as_u64().unwrap(), summary["runs"].as_u64());
    assert_eq!(runs, Some(if seed == 1 { 1500 } else { 1000 }));
    let csv = std::fs::read_to_string(results.join("runs.csv")).unwrap();
    assert_eq!(csv.lines().count() as u64, 1 + runs.unwrap());
    let seed = seed.to_string();
    astromine_ok(
        dir.path(),
        &["run", b, "--runs", "1", "--seed", &seed, "--out", "ref"],
    );
    assert_eq!(
        first_row(&results),
        first_row(&dir.path().join("ref/baseline"))
    );
    assert_eq!(
        listing(&results),
        [
            "report.html",
            "report.md",
            "runs.csv",
            "summary.json",
            "summary.md"
        ]
    );
    assert_eq!(listing(&dir.path().join("o")), ["baseline"]);
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_the_previous_results_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let out = dir.path().join("o");
    astromine_ok(dir.path(), &["run", b, "--runs", "20", "--out", "o"]);
    std::fs::write(out.join("baseline/notes.txt"), "mine").unwrap();
    let before = snapshot(&out);
    for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let child = spawn(
            dir.path(),
            &["run", b, "--runs", FOREVER, "--seed", "9", "--out", "o"],
        );
        wait_for_staging(&out, "baseline");
        assert_eq!(signal(child, sig), Some(code), "signal {sig}");
        assert!(snapshot(&out) == before, "signal {sig} changed the results");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_run_that_fails_to_write_leaves_the_previous_results_intact() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let out = dir.path().join("o");
    astromine_ok(dir.path(), &["run", b, "--runs", "20", "--out", "o"]);
    let before = snapshot(&out);
    // A full disk, as root too: files may not grow past 32 KiB.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_astromine"));
    cmd.args(["run", b, "--runs", "2000", "--seed", "4", "--out", "o"])
        .current_dir(dir.path())
        .env("CI", "true");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 32 << 10,
                rlim_max: 32 << 10,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let failed = cmd.output().unwrap();
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed.stderr));
    assert!(
        text(&failed.stderr).contains("o/baseline/runs.csv"),
        "{}",
        text(&failed.stderr)
    );
    assert!(
        snapshot(&out) == before,
        "the failed run changed the results"
    );
}

#[test]
fn merge_never_writes_over_a_shard_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    astromine_ok(
        d,
        &[
            "run",
            BASELINE_PATH,
            "--runs",
            "20",
            "--shard",
            "1/1",
            "--out",
            "s",
        ],
    );
    std::fs::create_dir(d.join("X")).unwrap();
    std::fs::rename(d.join("s/baseline/shard-1-of-1"), d.join("X/baseline")).unwrap();
    let before = snapshot(&d.join("X"));
    let out = astromine_exits(d, &["merge", "X/baseline", "--out", "./X"], 2);
    assert!(
        text(&out.stderr).contains("would overwrite a shard"),
        "{}",
        text(&out.stderr)
    );
    assert!(snapshot(&d.join("X")) == before, "the shard was changed");
}

/// Shards 1/2 and 2/2 of 40 runs with seed 5, in `d/s/baseline`.
fn two_shards(d: &Path) -> [PathBuf; 2] {
    for k in ["1/2", "2/2"] {
        astromine_ok(
            d,
            &[
                "run",
                BASELINE_PATH,
                "--runs",
                "40",
                "--seed",
                "5",
                "--shard",
                k,
                "--out",
                "s",
            ],
        );
    }
    ["shard-1-of-2", "shard-2-of-2"].map(|s| d.join("s/baseline").join(s).join("shard.json"))
}

#[test]
fn merge_refuses_forged_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let victim = d.join("victim");
    std::fs::create_dir_all(victim.join("charts")).unwrap();
    std::fs::write(victim.join("charts/foreign.txt"), "keep").unwrap();
    std::fs::write(victim.join("summary.json"), "keep").unwrap();
    let manifests = two_shards(d);
    let victim_name = victim.display().to_string();
    let forgeries: [(&str, serde_json::Value, &str); 5] = [
        ("scenario", victim_name.clone().into(), "plain folder name"),
        ("scenario", "../x".into(), "plain folder name"),
        ("scenario", "".into(), "plain folder name"),
        ("scenario", "other".into(), "\"baseline\""),
        ("seed", 6.into(), "seed"),
    ];
    for (key, value, message) in forgeries {
        let originals = manifests.clone().map(|m| std::fs::read(m).unwrap());
        for m in &manifests {
            let mut json = read_json(m);
            json[key] = value.clone();
            std::fs::write(m, serde_json::to_string_pretty(&json).unwrap()).unwrap();
        }
        let out = astromine_exits(d, &["merge", "s/baseline", "--out", "m/n"], 2);
        let err = text(&out.stderr);
        assert!(err.contains(message), "{key} = {value}: {err}");
        assert!(!d.join("m").exists() && !d.join("x").exists(), "{value}");
        assert_eq!(listing(&victim), ["charts", "summary.json"]);
        assert_eq!(listing(&victim.join("charts")), ["foreign.txt"]);
        for (m, bytes) in manifests.iter().zip(originals) {
            std::fs::write(m, bytes).unwrap();
        }
    }
    astromine_ok(d, &["merge", "s/baseline", "--out", "m"]);
}

#[test]
fn runs_and_threads_beyond_their_caps_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let cases: [(&[&str], &str); 4] = [
        (&["run", b, "--runs", "10000001"], "10000000"),
        (&["sensitivity", b, "--runs", "99999999999"], "10000000"),
        (
            &["run", b, "--runs", "2", "--threads", "100000"],
            "--threads",
        ),
        (&["run", b, "--threads", "4294967295"], "--threads"),
    ];
    for (args, message) in cases {
        let mut args = args.to_vec();
        args.extend(["--out", "o"]);
        let started = Instant::now();
        let out = astromine_exits(dir.path(), &args, 2);
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
        assert!(started.elapsed() < Duration::from_secs(10), "{args:?}");
        assert!(listing(dir.path()).is_empty(), "{args:?} wrote something");
    }
}

#[cfg(unix)]
#[test]
fn a_full_stderr_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let code = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_astromine"))
            .args(args)
            .current_dir(dir.path())
            .env("CI", "true")
            .stdout(Stdio::null())
            .stderr(full())
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(code(&["run", b, "--runs", "20", "--out", "o"]), Some(0));
    assert!(dir.path().join("o/baseline/summary.json").is_file());
    for k in ["1/2", "2/2"] {
        assert_eq!(
            code(&["run", b, "--runs", "20", "--shard", k, "--out", "s"]),
            Some(0)
        );
    }
    assert_eq!(code(&["merge", "s/baseline", "--out", "m"]), Some(0));
    assert_eq!(code(&["trace", b, "--run", "1"]), Some(0));
    assert_eq!(code(&["run", "missing.toml"]), Some(2));
    assert_eq!(code(&["run", b, "--runs", "x"]), Some(2));
    // Studies too.
    assert_eq!(
        code(&["compare", b, b, "--runs", "4", "--out", "c"]),
        Some(0)
    );
    assert_eq!(code(&small_sweep("c")), Some(0));
}

/// A two-point sweep of the baseline into `out`.
fn small_sweep(out: &str) -> [&str; 8] {
    let set = "fleet.robots=2,4";
    [
        "sweep",
        BASELINE_PATH,
        "--set",
        set,
        "--runs",
        "2",
        "--out",
        out,
    ]
}

#[test]
fn a_study_replaces_its_own_files_and_keeps_others() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = small_sweep("o");
    astromine_ok(dir.path(), &sweep);
    let folder = dir.path().join("o/baseline-sweep-fleet.robots");
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    std::fs::write(folder.join("charts/stale.png"), "old").unwrap();
    astromine_ok(dir.path(), &sweep);
    // The old set is replaced whole (charts included), a user's file kept,
    // and nothing is left aside: no staging folder, no lock.
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!folder.join("charts/stale.png").exists());
    assert_eq!(
        listing(&folder),
        [
            "charts",
            "notes.txt",
            "sweep.html",
            "sweep.json",
            "sweep.md"
        ]
    );
    assert_eq!(
        listing(&dir.path().join("o")),
        ["baseline-sweep-fleet.robots"]
    );
}

#[test]
fn a_results_folder_behind_a_symlink_to_another_file_system_is_written() {
    // Staging beside the link made the final move cross devices (EXDEV),
    // failing after the whole batch. /dev/shm is a separate tmpfs here.
    let Ok(elsewhere) = tempfile::tempdir_in("/dev/shm") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("o")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("o/baseline")).unwrap();
    astromine_ok(
        dir.path(),
        &[
            "run",
            BASELINE_PATH,
            "--runs",
            "5",
            "--no-charts",
            "--out",
            "o",
        ],
    );
    assert!(elsewhere.path().join("summary.json").is_file());
    assert_eq!(listing(&dir.path().join("o")), ["baseline"]);
}

#[test]
fn merge_refuses_an_edited_row_even_with_its_hash_recomputed() {
    // Only the first row was once simulated again: an edited later row with
    // a recomputed hash merged into a mean of a million kg.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let [manifest, _] = two_shards(d);
    let csv = manifest.with_file_name("runs.csv");
    let rows = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = rows.lines().map(str::to_owned).collect();
    let last = lines.len() - 1;
    let mut cells: Vec<&str> = lines[last].split(',').collect();
    cells[2] = "99999999";
    lines[last] = cells.join(",");
    let forged = lines.join("\n") + "\n";
    std::fs::write(&csv, &forged).unwrap();
    // FNV-1a (64-bit), as the manifest records it.
    let hash = forged.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let mut json = read_json(&manifest);
    json["runs_csv_fnv1a"] = format!("{hash:016x}").into();
    std::fs::write(&manifest, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let out = astromine_exits(d, &["merge", "s/baseline", "--out", "m"], 2);
    assert!(
        text(&out.stderr).contains("replication 19 is not the one seed 5 gives"),
        "{}",
        text(&out.stderr)
    );
    assert!(!d.join("m").exists());
}

#[cfg(unix)]
#[test]
fn an_interrupted_study_leaves_the_previous_results_and_nothing_else() {
    // Studies once installed no handler: Ctrl-C left a lock and a staging
    // folder behind.
    let dir = tempfile::tempdir().unwrap();
    let b = BASELINE_PATH;
    let out = dir.path().join("o");
    let sweep = |runs| {
        [
            "sweep",
            b,
            "--set",
            "fleet.robots=2,4",
            "--runs",
            runs,
            "--out",
            "o",
        ]
    };
    astromine_ok(dir.path(), &sweep("2"));
    let before = snapshot(&out);
    let child = spawn(dir.path(), &sweep(FOREVER));
    wait_for_staging(&out, "baseline-sweep-fleet.robots");
    assert_eq!(signal(child, libc::SIGINT), Some(130));
    assert!(
        snapshot(&out) == before,
        "the interrupt changed the results"
    );
    assert_eq!(
        listing(&out),
        ["baseline-sweep-fleet.robots"],
        "a lock or staging was left"
    );
}
