//! Iman–Conover (1982): rearranges the values of each column of a sample so
//! that the columns' rank correlations approach a target, without changing
//! any column's values (so marginals, and Latin hypercube strata, are kept
//! exactly).
//!
//! Each column gets van der Waerden scores Φ⁻¹(i/(n+1)) in a keyed random
//! order; the score matrix S is decorrelated by its own Cholesky factor Q
//! and given the target's P (S·Q⁻ᵀ·Pᵀ), and each column's values are then
//! laid out in the rank order of its new scores.

use super::hash::hash;
use super::lhs::permute;
use crate::stats::std_normal_quantile;

const SCORES: u64 = 0x6963_5f73_636f_7265;

/// `columns` (each of the same length n) rearranged so that their rank
/// correlations approach those of normal scores with correlation matrix
/// `target` = P·Pᵀ (`target_factor` = P, lower triangular). The random
/// order of the scores is keyed by `key`. With too few rows to estimate
/// the scores' correlation (n ≤ number of columns) the columns are
/// returned as they are.
pub(crate) fn rearrange(
    mut columns: Vec<Vec<f64>>,
    target_factor: &[Vec<f64>],
    key: &[u64],
) -> Vec<Vec<f64>> {
    let m = columns.len();
    let n = columns.first().map_or(0, Vec::len);
    if n <= m + 1 {
        return columns;
    }
    let scores = score_columns(n, m, key);
    let Ok(q) = crate::scenario::cholesky(&correlation(&scores)) else {
        return columns;
    };
    let mixed = transform(&scores, &q, target_factor);
    for (column, wanted) in columns.iter_mut().zip(&mixed) {
        let mut sorted = column.clone();
        sorted.sort_by(f64::total_cmp);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| wanted[a].total_cmp(&wanted[b]).then(a.cmp(&b)));
        for (rank, &row) in order.iter().enumerate() {
            column[row] = sorted[rank];
        }
    }
    columns
}

/// m columns of the n van der Waerden scores, each in its own keyed order.
fn score_columns(n: usize, m: usize, key: &[u64]) -> Vec<Vec<f64>> {
    let scores: Vec<f64> = (1..=n)
        .map(|i| std_normal_quantile(i as f64 / (n as f64 + 1.0)))
        .collect();
    let len = u32::try_from(n).expect("a design block has at most 2^32 rows");
    (0..m)
        .map(|c| {
            let mut parts = key.to_vec();
            parts.push(c as u64);
            let p = hash(SCORES, &parts) as u32;
            (0..len)
                .map(|i| scores[permute(i, len, p) as usize])
                .collect()
        })
        .collect()
}

/// The Pearson correlation matrix of `columns`.
fn correlation(columns: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let centred: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| {
            let mean = c.iter().sum::<f64>() / c.len() as f64;
            c.iter().map(|x| x - mean).collect()
        })
        .collect();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    centred
        .iter()
        .map(|a| {
            centred
                .iter()
                .map(|b| dot(a, b) / (dot(a, a) * dot(b, b)).sqrt())
                .collect()
        })
        .collect()
}

/// Each row s of `scores` (by columns) becomes P·Q⁻¹·s.
fn transform(scores: &[Vec<f64>], q: &[Vec<f64>], p: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let (m, n) = (scores.len(), scores[0].len());
    let mut out = vec![vec![0.0; n]; m];
    let mut white = vec![0.0; m];
    for row in 0..n {
        // Forward substitution: white = Q⁻¹·s.
        for i in 0..m {
            let done: f64 = (0..i).map(|k| q[i][k] * white[k]).sum();
            white[i] = (scores[i][row] - done) / q[i][i];
        }
        for (i, column) in out.iter_mut().enumerate() {
            column[row] = (0..=i).map(|k| p[i][k] * white[k]).sum();
        }
    }
    out
}
