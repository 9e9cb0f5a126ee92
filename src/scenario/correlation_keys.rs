//! `[correlations] pairs`: rank correlations between per-run keys, and the
//! checks that make them a valid target for Iman–Conover (docs/model.md
//! §Random draws): every key named exists and is drawn once per
//! replication, no pair is given twice, every rank is inside (−1, 1), and
//! together they form a positive definite matrix.

use super::declare::{KeyKind, KeySpec, Timing};
use super::diagnostic::Diagnostic;
use super::param::show_number;
use super::schema::{KEYS, Scenario, key};
use super::structure::suggestion;
use serde::Deserialize;
use toml::Spanned;

/// One pair of `[correlations] pairs` as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankPair {
    /// The two per-run keys, by dotted path.
    pub keys: [Spanned<String>; 2],
    /// The Spearman rank correlation wanted between them.
    pub rank: Spanned<f64>,
}

impl RankPair {
    /// The two keys' declarations, when both name per-run keys.
    pub fn specs(&self) -> Option<[&'static KeySpec; 2]> {
        let [a, b] = &self.keys;
        Some([per_run(a.get_ref())?, per_run(b.get_ref())?])
    }
}

fn per_run(path: &str) -> Option<&'static KeySpec> {
    super::find_key(path).filter(|k| k.is_per_run())
}

/// The Pearson correlation of normal scores whose Spearman rank
/// correlation is `rank` (Pearson 1907): 2·sin(π·rank/6).
pub fn normal_score_correlation(rank: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rank / 6.0).sin()
}

/// The keys of `pairs` in order of first mention, and the matrix of
/// normal-score correlations between them (1 on the diagonal, 0 for pairs
/// not given). Pairs naming keys that are not per-run are left out.
pub fn target_matrix(pairs: &[RankPair]) -> (Vec<&'static KeySpec>, Vec<Vec<f64>>) {
    let mut keys: Vec<&'static KeySpec> = Vec::new();
    let index = |k: &'static KeySpec, keys: &mut Vec<&'static KeySpec>| {
        keys.iter()
            .position(|x| x.path == k.path)
            .unwrap_or_else(|| {
                keys.push(k);
                keys.len() - 1
            })
    };
    let mut entries = Vec::new();
    for pair in pairs {
        if let Some([a, b]) = pair.specs() {
            let (i, j) = (index(a, &mut keys), index(b, &mut keys));
            entries.push((i, j, normal_score_correlation(*pair.rank.get_ref())));
        }
    }
    let m = keys.len();
    let mut matrix = vec![vec![0.0; m]; m];
    for (i, row) in matrix.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for (i, j, r) in entries {
        matrix[i][j] = r;
        matrix[j][i] = r;
    }
    (keys, matrix)
}

/// The lower Cholesky factor of `a`, or the index of the first row whose
/// pivot is not positive (the leading block up to it is not positive
/// definite).
pub fn cholesky(a: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, usize> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let pivot = a[i][i] - dot;
                if pivot <= 1e-10 {
                    return Err(i);
                }
                l[i][i] = pivot.sqrt();
            } else {
                l[i][j] = (a[i][j] - dot) / l[j][j];
            }
        }
    }
    Ok(l)
}

/// Every problem with `s`'s `[correlations] pairs`, each where it is
/// written.
pub(super) fn check_correlations(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let pairs = &s.correlations.pairs;
    let path = key::correlations::pairs.path;
    let mut seen: Vec<(String, String)> = Vec::new();
    let before = out.len();
    for pair in pairs {
        for k in &pair.keys {
            if let Some(why) = key_problem(k.get_ref()) {
                out.push(Diagnostic::new(path, why, Some(k.span())));
            }
        }
        let [a, b] = &pair.keys;
        let (a, b) = (a.get_ref().clone(), b.get_ref().clone());
        if a == b {
            out.push(Diagnostic::new(
                path,
                format!("a pair needs two different keys, got `{a}` twice"),
                Some(pair.keys[1].span()),
            ));
        } else if seen
            .iter()
            .any(|p| *p == (a.clone(), b.clone()) || *p == (b.clone(), a.clone()))
        {
            out.push(Diagnostic::new(
                path,
                format!("the pair `{a}`, `{b}` is given twice; keep one"),
                Some(pair.keys[0].span()),
            ));
        }
        seen.push((a, b));
        let rank = *pair.rank.get_ref();
        if !(rank.is_finite() && rank.abs() < 1.0) {
            out.push(Diagnostic::new(
                path,
                format!(
                    "a rank correlation must be strictly between -1 and 1, got {}",
                    show_number(rank)
                ),
                Some(pair.rank.span()),
            ));
        }
    }
    if out.len() == before {
        check_definite(pairs, out);
    }
}

/// Why `path` cannot be correlated, if it cannot.
fn key_problem(path: &str) -> Option<String> {
    let Some(spec) = super::find_key(path) else {
        let paths = KEYS.iter().filter(|k| k.is_per_run()).map(|k| k.path);
        return Some(format!(
            "unknown key `{path}`{}; name per-run keys by their dotted path, such as \
             `target.grade_wt_pct`",
            suggestion(path, paths)
        ));
    };
    if spec.is_per_run() {
        return None;
    }
    let section = path.split('.').next().unwrap_or(path);
    let here: Vec<&str> = KEYS
        .iter()
        .filter(|k| k.is_per_run() && k.path.starts_with(&format!("{section}.")))
        .map(|k| k.path)
        .collect();
    let what = match spec.kind {
        KeyKind::Number {
            timing: Timing::PerEvent,
            ..
        } => "is drawn afresh at every event",
        KeyKind::Number { .. } => "is a plain number, the same for the whole batch",
        KeyKind::Whole { .. } => "is a whole number, the same in every replication",
        _ => "is not a number",
    };
    let others = if here.is_empty() {
        format!("[{section}] has no per-run keys")
    } else {
        format!("the per-run keys of [{section}] are {}", here.join(", "))
    };
    Some(format!(
        "`{path}` {what}; only keys drawn once per replication can be correlated ({others})"
    ))
}

/// The pairs must form a positive definite matrix; when they do not, the
/// error names the pairs to change: those whose removal alone would make
/// it definite, or else those of the first key that makes it indefinite.
fn check_definite(pairs: &[RankPair], out: &mut Vec<Diagnostic>) {
    let (keys, matrix) = target_matrix(pairs);
    let Err(row) = cholesky(&matrix) else {
        return;
    };
    let names = |p: &RankPair| format!("`{}` ~ `{}`", p.keys[0].get_ref(), p.keys[1].get_ref());
    let without = |skip: usize| {
        let rest: Vec<RankPair> = pairs
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, p)| p.clone())
            .collect();
        cholesky(&target_matrix(&rest).1).is_ok()
    };
    let mut culprits: Vec<usize> = (0..pairs.len()).filter(|&i| without(i)).collect();
    if culprits.is_empty() {
        let last = keys[row].path;
        culprits = (0..pairs.len())
            .filter(|&i| pairs[i].keys.iter().any(|k| k.get_ref() == last))
            .collect();
    }
    let listed: Vec<String> = culprits.iter().map(|&i| names(&pairs[i])).collect();
    let first = &pairs[culprits[0]];
    out.push(Diagnostic::new(
        key::correlations::pairs.path,
        format!(
            "these rank correlations cannot hold together (their matrix is not positive \
             definite); weaken or remove {}",
            listed.join(" or ")
        ),
        Some(first.rank.span()),
    ));
}
