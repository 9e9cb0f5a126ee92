//! Fuzzing the scenario loader: mutants of the shipped scenarios (extreme
//! numbers, swapped types, lost and doubled lines, typos, unknown keys,
//! truncation, stray bytes, long names, several at once) must each be
//! refused with located diagnostics or accepted, never panic; an accepted
//! mutant's replications must end within a time bound; and the binary's
//! `check` must exit 0 or 2 on them.
//!
//! The case count is fixed (`DEFAULT_CASES`) so that CI time is stable;
//! `PROPTEST_CASES=N` runs more, and `PROPTEST_RNG_SEED=S` draws other
//! mutants than the fixed default seed does.

use crate::support::{BASELINE, FIXED, IN_SCENARIOS, SHIPPED, astromine_cli, text};
use astromine::model::{Prepared, SimError, simulate};
use astromine::scenario::{KEYS, KeyKind, KeySpec, Scenario, ScenarioError, load, parse};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Mutants per fuzz test unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 300;

/// Replications simulated for each accepted mutant.
const REPLICATIONS: u64 = 2;

/// The longest an accepted mutant's replications may take together. A
/// shipped scenario's take milliseconds, but valid extremes cost far more
/// (`processing.batch_kg = 1`: 6 million events, ~0.4 s a replication in a
/// release build), so the bound leaves room for a loaded machine.
const TIME_BOUND: Duration = Duration::from_secs(10);

/// After this many mutants that outlive the time bound, the rest are only
/// parsed: each one left behind keeps a core busy.
const MAX_HANGS: usize = 3;

/// Numbers at and past the edges: zero, signs, denormals, overflow, the
/// integer limits, TOML's special floats and near-misses of number syntax.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.5",
    "1e-300",
    "5e-324",
    "1e-9",
    "1e300",
    "1e308",
    "1.7976931348623157e308",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999999",
    "nan",
    "-nan",
    "+nan",
    "inf",
    "-inf",
    "0x10",
    "0o7",
    "0b1",
    "1_000",
    "1e",
    "1.",
    ".5",
    "--1",
    "01",
    "2190.000000000001",
];

/// Values of other types, and distributions with extreme parameters.
const VALUES: &[&str] = &[
    "\"text\"",
    "\"\"",
    "\"nan\"",
    "\"1e300\"",
    "'''\nmulti\nline'''",
    "true",
    "false",
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "[]",
    "[1, 2]",
    "[\"a\", 1]",
    "[[1], [2]]",
    "{}",
    "{ a = 1 }",
    "{ pert = [0, 1e307, 1e308] }",
    "{ pert = [0, 1e308, 1.7e308] }",
    "{ pert = [5, 5, 5] }",
    "{ pert = [1, 2] }",
    "{ beta = { alpha = 1e7, beta = 1 } }",
    "{ beta = { alpha = 1e-3, beta = 1e-3 } }",
    "{ beta = { alpha = 0.5, beta = 1000 } }",
    "{ weibull = { shape = 1e-3, scale = 1000 } }",
    "{ weibull = { shape = 0.1, scale = 1e15 } }",
    "{ weibull = { shape = 100, scale = 1e-300 } }",
    "{ normal = { mean = 600, sd = 1e-300 } }",
    "{ normal = { mean = 0, sd = 1, min = 38, max = 39 } }",
    "{ normal = { mean = 0, sd = 1e15, min = -1, max = 1 } }",
    "{ normal = { mean = 1, sd = 1, min = 5, max = 4 } }",
    "{ lognormal = { median = 1e-300, sigma = 100 } }",
    "{ lognormal = { median = 1, sigma = 1e-300, max = 1 } }",
    "{ uniform = [1e-300, 2e-300] }",
    "{ uniform = [5, 5] }",
    "{ uniform = [-1e15, 1e15] }",
    "{ triangular = [0, 0, 0] }",
    "{ triangular = [0, 0, 1e-300] }",
    "{ triangular = [-1e15, 0, 1e15] }",
    "{ exponential = { mean = 1e-300 } }",
    "{ exponential = { mean = 1e15 } }",
    "{ normal = [600, 20] }",
    "{ uniform = [1, 2], normal = { mean = 1, sd = 1 } }",
    "{ gamma = { k = 1 } }",
];

/// Any number or any other value.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(NUMBERS).prop_map(str::to_owned),
        prop::sample::select(VALUES).prop_map(str::to_owned),
    ]
}

/// How a key's name is misspelt.
#[derive(Debug, Clone, Copy)]
enum Typo {
    /// Two neighbouring letters swapped.
    Swap,
    /// One letter dropped.
    Drop,
    /// One letter doubled.
    Double,
    /// Upper case.
    Upper,
    /// Quoted with a space inside.
    Quoted,
}

/// One change to a scenario's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    /// A number in the file replaced by another.
    Number(Index, String),
    /// The value of a `key = value` line replaced by another value.
    Value(Index, String),
    /// A line deleted.
    DeleteLine(Index),
    /// A line written twice.
    DuplicateLine(Index),
    /// A key's name misspelt.
    RenameKey(Index, Index, Typo),
    /// A declared key set to any value (replacing the value it has).
    SetKey(Index, String),
    /// A declared key set to a value at or just inside the edge of what it
    /// accepts.
    Edge(Index, Index),
    /// An unknown key added after a line.
    UnknownKey(Index, String),
    /// An unknown or odd section appended.
    Section(&'static str),
    /// The file cut short at a byte (perhaps inside a character).
    Truncate(Index),
    /// Bytes inserted (perhaps not UTF-8).
    Bytes(Index, Vec<u8>),
    /// A `name` (or key) made very long.
    LongName(Index, usize, &'static str),
    /// A value nested deeply in arrays or inline tables.
    Nest(Index, usize, bool),
}

/// Any one mutation.
fn mutation() -> impl Strategy<Value = Mutation> {
    let typo = prop_oneof![
        Just(Typo::Swap),
        Just(Typo::Drop),
        Just(Typo::Double),
        Just(Typo::Upper),
        Just(Typo::Quoted),
    ];
    let unknown = prop::sample::select(&["bogus", "robot", "seed_", "x.y", "\"\"", "name"][..]);
    let section = prop::sample::select(
        &[
            "[bogus]\nx = 1",
            "[fleet.extra]\nx = 1",
            "[[fleet]]\nrobots = 1",
            "[monte_carlo]\nruns = 5",
            "[scenario.name]",
            "[\"\"]\n\"\" = 1",
            "fleet = 1",
        ][..],
    );
    let filler = prop::sample::select(&["x", "é", "/", "../", "\\u0000", " ", "\\\""][..]);
    prop_oneof![
        6 => (any::<Index>(), prop::sample::select(NUMBERS).prop_map(str::to_owned))
            .prop_map(|(i, n)| Mutation::Number(i, n)),
        5 => (any::<Index>(), value()).prop_map(|(i, v)| Mutation::Value(i, v)),
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        2 => (any::<Index>(), any::<Index>(), typo).prop_map(|(l, c, t)| Mutation::RenameKey(l, c, t)),
        6 => (any::<Index>(), value()).prop_map(|(k, v)| Mutation::SetKey(k, v)),
        4 => edge(),
        1 => (any::<Index>(), unknown, value())
            .prop_map(|(i, k, v)| Mutation::UnknownKey(i, format!("{k} = {v}"))),
        1 => section.prop_map(Mutation::Section),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::Bytes(i, b)),
        1 => (any::<Index>(), prop::sample::select(&[64_usize, 250, 256, 300, 5_000, 100_000][..]), filler)
            .prop_map(|(i, n, f)| Mutation::LongName(i, n, f)),
        1 => (any::<Index>(), prop::sample::select(&[2_usize, 64, 200, 5_000][..]), any::<bool>())
            .prop_map(|(i, d, t)| Mutation::Nest(i, d, t)),
    ]
}

/// A declared key set at an edge of its range.
fn edge() -> impl Strategy<Value = Mutation> {
    (any::<Index>(), any::<Index>()).prop_map(|(k, v)| Mutation::Edge(k, v))
}

/// A shipped scenario and one to four mutations applied in turn.
fn mutant() -> impl Strategy<Value = (usize, Vec<Mutation>)> {
    (0..SHIPPED.len(), prop::collection::vec(mutation(), 1..=4))
}

/// Mutants likely to pass `check`: keys at the edges of their ranges,
/// several at once, now and then with any other mutation.
fn runnable_mutant() -> impl Strategy<Value = (usize, Vec<Mutation>)> {
    let one = prop_oneof![6 => edge(), 1 => mutation()];
    (0..SHIPPED.len(), prop::collection::vec(one, 1..=6))
}

/// Byte ranges of the lines of `b`, newline included.
fn lines(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    out
}

/// Byte ranges of the values of `key = value` lines (up to a comment).
fn values(b: &[u8]) -> Vec<(usize, usize)> {
    lines(b)
        .into_iter()
        .filter_map(|(s, e)| {
            let line = &b[s..e];
            let eq = line.iter().position(|&c| c == b'=')?;
            if line.first() == Some(&b'#') {
                return None;
            }
            let rest = &line[eq + 1..];
            let end = rest
                .iter()
                .position(|&c| c == b'#' || c == b'\n')
                .unwrap_or(rest.len());
            Some((s + eq + 1, s + eq + 1 + end))
        })
        .collect()
}

/// Byte ranges of the numbers in `b` (outside words).
fn numbers(b: &[u8]) -> Vec<(usize, usize)> {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit() && (i == 0 || !word(b[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let s = if i > 0 && b[i - 1] == b'-' { i - 1 } else { i };
        let mut e = i;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b"._+-".contains(&b[e])) {
            e += 1;
        }
        out.push((s, e));
        i = e;
    }
    out
}

/// Byte ranges of the keys of `key = value` lines.
fn keys(b: &[u8]) -> Vec<(usize, usize)> {
    values(b)
        .into_iter()
        .filter_map(|(v, _)| {
            let s = lines(b).into_iter().find(|&(s, e)| s < v && v <= e)?.0;
            let k = &b[s..v - 1];
            let len = k.iter().position(|&c| c == b' ' || c == b'=')?;
            (len > 0).then_some((s, s + len))
        })
        .collect()
}

/// Replaces `b[s..e]` with `with`.
fn splice(b: &mut Vec<u8>, (s, e): (usize, usize), with: &[u8]) {
    b.splice(s..e, with.iter().copied());
}

/// The byte just after the header line of `[section]`, if present.
fn after_header(b: &[u8], section: &str) -> Option<usize> {
    let header = format!("[{section}]");
    lines(b)
        .into_iter()
        .find(|&(s, e)| b[s..e].trim_ascii() == header.as_bytes())
        .map(|(_, e)| e)
}

/// Sets `section.key` to `value`: replaces the key's value where the
/// section has it, else adds it to the section, else appends the section.
fn set_key(b: &mut Vec<u8>, path: &str, value: &str) {
    let (section, key) = path.rsplit_once('.').unwrap_or(("", path));
    let Some(at) = after_header(b, section) else {
        b.extend(format!("\n[{section}]\n{key} = {value}\n").as_bytes());
        return;
    };
    let end = lines(b)
        .into_iter()
        .find(|&(s, _)| s >= at && b[s..].trim_ascii_start().starts_with(b"["))
        .map_or(b.len(), |(s, _)| s);
    let existing = values(b).into_iter().find(|&(v, _)| {
        let line = lines(b).into_iter().find(|&(s, e)| s < v && v <= e);
        line.is_some_and(|(s, _)| s >= at && s < end && b[s..v - 1].trim_ascii() == key.as_bytes())
    });
    match existing {
        Some(span) => splice(b, span, format!(" {value}").as_bytes()),
        None => splice(b, (at, at), format!("{key} = {value}\n").as_bytes()),
    }
}

/// Values at and just inside the edges of what `spec` accepts: ends of its
/// range, the smallest step above an open end, and distributions spanning
/// the range with extreme shapes.
fn edges(spec: &KeySpec) -> Vec<String> {
    match spec.kind {
        KeyKind::Number { domain, .. } => {
            let lo = if domain.low_open {
                domain.low + 1e-300_f64.max(domain.low * 1e-15)
            } else {
                domain.low
            };
            let hi = domain.high.min(1e15);
            let tiny = lo.max(1e-300);
            // The smallest subnormal, where a quotient overflows.
            let sub = if domain.contains(5e-324) {
                5e-324
            } else {
                tiny
            };
            let mut v: Vec<String> = [lo, tiny, sub, lo + 1e-9, hi, hi / 2.0, (lo + hi) * 1e-6]
                .iter()
                .map(|x| format!("{x:e}"))
                .collect();
            // Largest draws: Weibull shape 0.1 reaches ~4.5e15 × scale,
            // shape 100 ~1.04 × scale, an exponential ~37 × its mean.
            v.extend([
                format!("{{ uniform = [{lo:e}, {hi:e}] }}"),
                format!("{{ triangular = [{lo:e}, {lo:e}, {hi:e}] }}"),
                format!("{{ pert = [{lo:e}, {hi:e}, {hi:e}] }}"),
                format!("{{ exponential = {{ mean = {tiny:e} }} }}"),
                format!("{{ exponential = {{ mean = {:e} }} }}", hi / 40.0),
                format!("{{ weibull = {{ shape = 0.1, scale = {tiny:e} }} }}"),
                format!("{{ weibull = {{ shape = 0.1, scale = {:e} }} }}", hi / 5e15),
                format!("{{ weibull = {{ shape = 100, scale = {:e} }} }}", hi / 2.0),
                format!("{{ lognormal = {{ median = {tiny:e}, sigma = 5 }} }}"),
                format!("{{ normal = {{ mean = {lo:e}, sd = 1e-300, min = {lo:e} }} }}"),
                format!(
                    "{{ normal = {{ mean = {hi:e}, sd = {hi:e}, min = {lo:e}, max = {hi:e} }} }}"
                ),
            ]);
            if lo == 0.0 && hi >= 1.0 {
                v.push("{ beta = { alpha = 0.5, beta = 1000 } }".into());
                v.push("{ beta = { alpha = 1000, beta = 0.5 } }".into());
            }
            v
        }
        KeyKind::Whole { min, max } => [min, min + 1, max / 2, max - 1, max]
            .iter()
            .map(u64::to_string)
            .collect(),
        KeyKind::Choice(names) => names.iter().map(|n| format!("\"{n}\"")).collect(),
        KeyKind::Flag => vec!["true".into(), "false".into()],
        KeyKind::Text => vec![
            "\"\"".into(),
            "\" \"".into(),
            format!("\"{}\"", long("é", 120)),
        ],
        KeyKind::Date => vec![
            "1800-01-01".into(),
            "\"2100-12-31\"".into(),
            "2031-06-15".into(),
            "\"2031-02-29\"".into(),
        ],
        KeyKind::Orbit => vec![
            "\"bennu\"".into(),
            "\"2008 EV5\"".into(),
            "\"eros\"".into(),
            "{ a_au = 1.0e-3, e = 0.0, i_deg = 0, node_deg = 0, peri_deg = 0, \
             mean_anomaly_deg = 0, epoch_jd = 2451545.0 }"
                .into(),
            "{ a_au = 30, e = 0.999999, i_deg = 180, node_deg = 1e6, peri_deg = -1e6, \
             mean_anomaly_deg = 1e9, epoch_jd = 2451545.0 }"
                .into(),
        ],
        KeyKind::Targets => vec![
            "[]".into(),
            "[\"delivered_kg>=0\", \"npv_usd < -1e15\"]".into(),
            "[\"full_success >= 1\", \"full_success >= 1\", \"events <= 1e300\"]".into(),
            "[\"delivered_kg >= 100000\", \"delivered_kg >= 1e5\"]".into(),
        ],
        KeyKind::Correlations => vec![
            "[]".into(),
            "[{ keys = [\"target.grade_wt_pct\", \"target.surface_strength_kpa\"], rank = -0.99 }]"
                .into(),
            "[{ keys = [\"target.grade_wt_pct\", \"target.grade_wt_pct\"], rank = 1 }]".into(),
        ],
    }
}

/// `key` misspelt by `typo`, at letter `at`.
fn misspell(key: &[u8], at: Index, typo: Typo) -> Vec<u8> {
    let mut k = key.to_vec();
    let i = at.index(k.len());
    let c = k[i];
    match typo {
        Typo::Swap if k.len() > 1 => {
            let j = i.min(k.len() - 2);
            k.swap(j, j + 1);
        }
        Typo::Drop if k.len() > 1 => drop(k.remove(i)),
        Typo::Double | Typo::Swap | Typo::Drop => k.insert(i, c),
        Typo::Upper => k.make_ascii_uppercase(),
        Typo::Quoted => {
            k.insert(i, b' ');
            k.insert(0, b'"');
            k.push(b'"');
        }
    }
    k
}

/// `n` bytes of `filler` repeated, cut to whole repeats.
fn long(filler: &str, n: usize) -> String {
    filler.repeat(n / filler.len().max(1) + 1)
}

/// Applies `m` to `b`.
fn apply(b: &mut Vec<u8>, m: &Mutation) {
    let pick = |spans: Vec<(usize, usize)>, i: &Index| {
        (!spans.is_empty()).then(|| spans[i.index(spans.len())])
    };
    match m {
        Mutation::Number(i, n) => {
            if let Some(span) = pick(numbers(b), i) {
                splice(b, span, n.as_bytes());
            }
        }
        Mutation::Value(i, v) => {
            if let Some(span) = pick(values(b), i) {
                splice(b, span, format!(" {v} ").as_bytes());
            }
        }
        Mutation::DeleteLine(i) => {
            if let Some(span) = pick(lines(b), i) {
                splice(b, span, b"");
            }
        }
        Mutation::DuplicateLine(i) => {
            if let Some((s, e)) = pick(lines(b), i) {
                let line = b[s..e].to_vec();
                splice(b, (e, e), &line);
            }
        }
        Mutation::RenameKey(l, c, t) => {
            if let Some((s, e)) = pick(keys(b), l) {
                let k = misspell(&b[s..e], *c, *t);
                splice(b, (s, e), &k);
            }
        }
        Mutation::SetKey(k, v) => set_key(b, KEYS[k.index(KEYS.len())].path, v),
        Mutation::Edge(k, v) => {
            let spec = KEYS[k.index(KEYS.len())];
            let values = edges(spec);
            set_key(b, spec.path, &values[v.index(values.len())]);
        }
        Mutation::UnknownKey(i, line) => {
            let at = pick(lines(b), i).map_or(b.len(), |(_, e)| e);
            splice(b, (at, at), format!("{line}\n").as_bytes());
        }
        Mutation::Section(text) => b.extend(format!("\n{text}\n").as_bytes()),
        Mutation::Truncate(i) => b.truncate(i.index(b.len() + 1)),
        Mutation::Bytes(i, bytes) => {
            let at = i.index(b.len() + 1);
            splice(b, (at, at), bytes);
        }
        Mutation::LongName(i, n, filler) => {
            let name = long(filler, *n);
            match i.index(3) {
                0 => set_key(b, "scenario.name", &format!("\"{name}\"")),
                1 => set_key(b, "target.name", &format!("\"{name}\"")),
                _ => set_key(b, &format!("fleet.{}", long("k", *n)), "1"),
            }
        }
        Mutation::Nest(i, depth, table) => {
            let (open, close) = if *table { ("{ a = ", " }") } else { ("[", "]") };
            let v = format!("{}1{}", open.repeat(*depth), close.repeat(*depth));
            if let Some(span) = pick(values(b), i) {
                splice(b, span, format!(" {v}").as_bytes());
            }
        }
    }
}

/// The mutant's bytes.
fn build((base, muts): &(usize, Vec<Mutation>)) -> Vec<u8> {
    let mut b = SHIPPED[*base].1.as_bytes().to_vec();
    for m in muts {
        apply(&mut b, m);
    }
    b
}

/// The mutant as shown in a failure: its recipe and the lines where it
/// differs from its base, bytes that are not UTF-8 escaped, long text cut.
fn show(recipe: &(usize, Vec<Mutation>), bytes: &[u8]) -> String {
    let (name, base) = SHIPPED[recipe.0];
    let mut diff = line_diff(base.as_bytes(), bytes);
    if diff.len() > 6_000 {
        diff.truncate(char_start(&diff, 6_000));
        diff.push_str("[... cut ...]\n");
    }
    let mut muts = format!("{:?}", recipe.1);
    muts.truncate(char_start(&muts, 2_000));
    format!(
        "mutant of scenarios/{name}.toml ({} bytes), mutations {muts}\n\
         lines changed (- base, + mutant, by line of the mutant):\n{diff}",
        bytes.len()
    )
}

/// The lines of `new` not in `old` and of `old` not in `new`, by a longest
/// common subsequence, each with its 1-based line number in `new`.
fn line_diff(old: &[u8], new: &[u8]) -> String {
    let a: Vec<&[u8]> = old.split(|&c| c == b'\n').collect();
    let b: Vec<&[u8]> = new.split(|&c| c == b'\n').collect();
    // lcs[i][j]: longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0_u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let line = |sign: char, at: usize, l: &[u8]| match std::str::from_utf8(l) {
        Ok(t) => format!("{sign}{at:>4} {t}\n"),
        Err(_) => format!("{sign}{at:>4} (not UTF-8) {}\n", l.escape_ascii()),
    };
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&line('+', j + 1, b[j]));
            j += 1;
        } else {
            out.push_str(&line('-', j + 1, a[i]));
            i += 1;
        }
    }
    out
}

/// The start of the character at byte `at` of `t` (or `t`'s length).
fn char_start(t: &str, at: usize) -> usize {
    (0..=at.min(t.len()))
        .rev()
        .find(|&i| t.is_char_boundary(i))
        .unwrap_or(0)
}

/// Parses the mutant (through `load` when it is not UTF-8) without
/// panicking; `Err` says what broke the rules: a panic, an error that is
/// not a report, a report without diagnostics, or a location outside the
/// text.
fn parse_mutant(bytes: &[u8]) -> Result<Option<Scenario>, String> {
    let run = || match std::str::from_utf8(bytes) {
        Ok(t) => parse(t, IN_SCENARIOS),
        Err(_) => {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("m.toml");
            std::fs::write(&path, bytes).expect("writes the mutant");
            load(&path)
        }
    };
    let result = catch_unwind(AssertUnwindSafe(run))
        .map_err(|p| format!("parse panicked: {}", panic_text(&p)))?;
    let report = match result {
        Ok(s) => return Ok(Some(s)),
        Err(ScenarioError::Invalid(r)) => r,
        Err(e) => return Err(format!("not a located report: {e:?}")),
    };
    if std::env::var("FUZZ_DEBUG").is_ok() {
        eprintln!(
            "REJ {}: {}",
            report.diagnostics[0].key, report.diagnostics[0].message
        );
    }
    if report.diagnostics.is_empty() {
        return Err("refused without a diagnostic".into());
    }
    for d in &report.diagnostics {
        if let Some(span) = &d.span {
            let Some((text, at)) = report.sources.locate(span.start) else {
                return Err(format!(
                    "{}: span {span:?} in no text: {}",
                    d.key, d.message
                ));
            };
            let text = &text.text;
            let end = at + span.len();
            let inside = span.start <= span.end
                && end <= text.len()
                && text.is_char_boundary(at)
                && text.is_char_boundary(end);
            if !inside {
                return Err(format!(
                    "{}: span {span:?} outside its text ({} bytes): {}",
                    d.key,
                    text.len(),
                    d.message
                ));
            }
        }
    }
    catch_unwind(AssertUnwindSafe(|| report.to_string()))
        .map_err(|p| format!("showing the report panicked: {}", panic_text(&p)))?;
    Ok(None)
}

/// The message of a caught panic.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// How an accepted mutant's replications ended, when they did not end well.
enum Ran {
    /// Each finished, or stopped on the per-replication event bound, after
    /// this long.
    Fine(Duration),
    /// Not all finished within [`TIME_BOUND`].
    Hung,
    /// One panicked or failed otherwise.
    Broke(String),
}

/// Simulates a few replications of `s` on a worker thread, waiting at most
/// [`TIME_BOUND`]; a replication left running keeps its thread.
fn run_mutant(s: Scenario) -> Ran {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let out = catch_unwind(AssertUnwindSafe(|| {
            let p = Prepared::new(&s).map_err(|e| e.to_string())?;
            for k in 0..REPLICATIONS {
                match simulate(&p, 7, k) {
                    // The event budget stopped a crawling clock: the error
                    // a user gets, naming the keys, is the intended end.
                    Err(SimError::Runaway { .. }) => return Ok(()),
                    Err(e) => return Err(e.to_string()),
                    Ok(_) => {}
                }
            }
            Ok(())
        }));
        let _ = tx.send(out);
    });
    match rx.recv_timeout(TIME_BOUND) {
        Ok(Ok(Ok(()))) => Ran::Fine(start.elapsed()),
        Ok(Ok(Err(e))) => Ran::Broke(format!("simulation failed: {e}")),
        Ok(Err(p)) => Ran::Broke(format!("simulation panicked: {}", panic_text(&p))),
        Err(_) => Ran::Hung,
    }
}

/// Cases to run: `PROPTEST_CASES`, else [`DEFAULT_CASES`].
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

/// A runner drawing the same mutants every time unless `PROPTEST_RNG_SEED`
/// names another seed, so that CI time and results are stable.
fn runner() -> TestRunner {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    };
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(20_261_121);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key))
}

/// Runs `check` over `cases()` mutants and reports how many and how long.
fn fuzz(
    what: &str,
    mutants: impl Strategy<Value = (usize, Vec<Mutation>)>,
    check: impl Fn(&(usize, Vec<Mutation>)) -> Result<(), TestCaseError>,
) {
    let start = Instant::now();
    let mut runner = runner();
    let result = runner.run(&mutants, |m| check(&m));
    eprintln!(
        "fuzz {what}: {} mutants in {:.1?}",
        cases(),
        start.elapsed()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn mutated_scenarios_are_refused_with_located_diagnostics_or_accepted() {
    fuzz("parse", mutant(), |m| {
        let bytes = build(m);
        parse_mutant(&bytes)
            .map(drop)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", show(m, &bytes))))
    });
}

/// What the simulation fuzz saw: mutants accepted, the slowest, and every
/// failure and hang (all kept, so that one run lists every problem).
#[derive(Default)]
struct Seen {
    accepted: usize,
    slowest: Duration,
    broke: Vec<String>,
    hung: Vec<String>,
}

#[test]
fn accepted_mutants_simulate_within_a_time_bound() {
    let seen = std::sync::Mutex::new(Seen::default());
    fuzz("simulate", runnable_mutant(), |m| {
        let bytes = build(m);
        let Some(s) = parse_mutant(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", show(m, &bytes))))?
        else {
            return Ok(());
        };
        if seen.lock().unwrap().hung.len() >= MAX_HANGS {
            return Ok(());
        }
        let ran = run_mutant(s);
        let mut seen = seen.lock().unwrap();
        seen.accepted += 1;
        match ran {
            Ran::Fine(t) => seen.slowest = seen.slowest.max(t),
            Ran::Hung => seen.hung.push(show(m, &bytes)),
            Ran::Broke(e) => seen.broke.push(format!("{e}\n{}", show(m, &bytes))),
        }
        Ok(())
    });
    let seen = seen.into_inner().unwrap();
    eprintln!(
        "fuzz simulate: {} mutants accepted and simulated, the slowest in {:.1?}",
        seen.accepted, seen.slowest
    );
    assert!(
        seen.broke.is_empty() && seen.hung.is_empty(),
        "{} accepted mutant(s) failed or panicked in simulation:\n\n{}\n\n\
         {} accepted mutant(s) did not finish {REPLICATIONS} replications within {TIME_BOUND:?} \
         (after {MAX_HANGS}, the rest were only parsed):\n\n{}",
        seen.broke.len(),
        seen.broke.join("\n\n"),
        seen.hung.len(),
        seen.hung.join("\n\n")
    );
}

#[test]
fn check_exits_0_or_2_on_mutants() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut runner = runner();
    let mut codes = [0; 3];
    for i in 0..8 {
        let m = mutant().new_tree(&mut runner).expect("a mutant").current();
        let bytes = build(&m);
        let path = dir.path().join(format!("m{i}.toml"));
        std::fs::write(&path, &bytes).expect("writes the mutant");
        let out = astromine_cli(dir.path(), &["check", path.to_str().expect("utf-8 path")]);
        match out.status.code() {
            Some(c @ (0 | 2)) => codes[c as usize] += 1,
            _ => panic!(
                "check exited with {:?}: {}\n{}",
                out.status,
                text(&out.stderr),
                show(&m, &bytes)
            ),
        }
    }
    eprintln!(
        "fuzz check: 8 mutants, {} accepted (exit 0), {} refused (exit 2)",
        codes[0], codes[2]
    );
}

/// Sets each key of `keys` in `base` to every edge of its range: each
/// variant is refused with a located diagnostic or accepted and simulated
/// within the time bound.
fn edges_simulate(base: &str, keys: impl Iterator<Item = &'static KeySpec>) {
    let mut problems = Vec::new();
    for spec in keys {
        for v in edges(spec) {
            let recipe = (0, vec![]);
            let mut b = base.as_bytes().to_vec();
            set_key(&mut b, spec.path, &v);
            let outcome = match parse_mutant(&b) {
                Err(e) => Some(e),
                Ok(None) => None,
                Ok(Some(s)) => match run_mutant(s) {
                    Ran::Fine(_) => None,
                    Ran::Hung => Some(format!("not done within {TIME_BOUND:?}")),
                    Ran::Broke(e) => Some(e),
                },
            };
            if let Some(e) = outcome {
                problems.push(format!("{} = {v}: {e}\n{}", spec.path, show(&recipe, &b)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_at_every_edge_of_its_range_simulates() {
    edges_simulate(FIXED, KEYS.iter().copied());
}

/// The keys that shape an orbit scenario's tables, at their edges on the
/// orbit baseline (each variant computes its own porkchop).
#[test]
fn orbit_keys_at_every_edge_simulate() {
    let shapes_the_sky = [
        "target.orbit",
        "transit.launch_date",
        "comms.min_elongation_deg",
        "return.max_delta_v_m_s",
        "return.min_flight_days",
        "return.max_flight_days",
        "return.max_revolutions",
        "return.arrival",
        "return.capture_perigee_km",
        "return.capture_apogee_km",
    ];
    edges_simulate(
        BASELINE,
        KEYS.iter()
            .copied()
            .filter(|k| shapes_the_sky.contains(&k.path)),
    );
}
