//! Shared helpers: shipped scenarios, variants of the baseline, batches.

use astromine::model::{RunRecord, simulate};
use astromine::scenario::{Scenario, parse};

/// The reference scenario's text.
pub const BASELINE: &str = include_str!("../../scenarios/baseline.toml");

/// Every shipped scenario, by file name.
pub const SHIPPED: [(&str, &str); 8] = [
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
        "metal-m-type",
        include_str!("../../scenarios/metal-m-type.toml"),
    ),
];

/// `text` with each `(from, to)` replaced once (each `from` must exist).
pub fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_owned(), |t, (from, to)| {
        assert!(t.contains(from), "no {from:?} to replace");
        t.replacen(from, to, 1)
    })
}

/// The baseline with `edits`, parsed (it must stay valid).
pub fn baseline_with(edits: &[(&str, &str)]) -> Scenario {
    let text = edit(BASELINE, edits);
    parse(&text, "variant.toml").unwrap_or_else(|e| panic!("variant invalid: {e}"))
}

/// Parses shipped or edited text.
pub fn scenario(text: &str) -> Scenario {
    parse(text, "t.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// Replications 0..n with seed `seed`.
pub fn batch(s: &Scenario, seed: u64, n: u64) -> Vec<RunRecord> {
    (0..n)
        .map(|k| simulate(s, seed, k).expect("simulates"))
        .collect()
}
