//! Golden files: summary.json and report.md of two small fixed scenarios,
//! byte for byte: the fixed-window one in `tests/golden/` and the orbit one
//! (Bennu) in `tests/golden/orbit/`. A deliberate change of the outputs regenerates them with
//!
//! ```sh
//! ASTROMINE_BLESS=1 cargo test --test all golden
//! ```
//!
//! and the diff of `tests/golden/` goes into the same commit, explained.

use crate::support::{astromine_cli, text};
use std::path::Path;

/// The files pinned, as `run` writes them.
const PINNED: [&str; 2] = ["summary.json", "report.md"];

#[test]
fn summary_and_report_match_the_golden_files() {
    matches_golden("tests/golden", "golden");
}

#[test]
fn an_orbit_scenario_matches_its_golden_files() {
    matches_golden("tests/golden/orbit", "orbit");
}

/// Runs `<folder>/<name>.toml` and compares its pinned files with those in
/// `folder`.
fn matches_golden(folder: &str, name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let golden = root.join(folder);
    let dir = tempfile::tempdir().unwrap();
    let scenario = golden.join(format!("{name}.toml"));
    let out = astromine_cli(
        dir.path(),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            "o",
            "--no-charts",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bless = std::env::var_os("ASTROMINE_BLESS").is_some();
    for file in PINNED {
        let got = std::fs::read(dir.path().join("o").join(name).join(file)).unwrap();
        let path = golden.join(file);
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            got == want,
            "{file} differs from {folder}/{file}; if the change is deliberate, \
             regenerate with ASTROMINE_BLESS=1 cargo test --test all golden\n--- got:\n{}",
            text(&got)
        );
    }
}
