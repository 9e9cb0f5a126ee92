//! Golden files: summary.json and report.md of a small fixed scenario, byte
//! for byte. A deliberate change of the outputs regenerates them with
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let golden = root.join("tests/golden");
    let dir = tempfile::tempdir().unwrap();
    let scenario = golden.join("golden.toml");
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
    for name in PINNED {
        let got = std::fs::read(dir.path().join("o/golden").join(name)).unwrap();
        let path = golden.join(name);
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            got == want,
            "{name} differs from tests/golden/{name}; if the change is deliberate, \
             regenerate with ASTROMINE_BLESS=1 cargo test --test all golden\n--- got:\n{}",
            text(&got)
        );
    }
}
