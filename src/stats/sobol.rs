//! Variance-based sensitivity: first-order and total Sobol indices from a
//! Saltelli design, by the estimators of Saltelli et al. (2010), "Variance
//! based sensitivity analysis of model output. Design and estimator for the
//! total sensitivity index", Comput. Phys. Commun. 181, 259–270, Table 2:
//! first order V_i = V − ½·E[(f(B) − f(A_B^i))²] (its (f) with (b)'s
//! Jansen form) and total V_Ti = ½·E[(f(A) − f(A_B^i))²] (Jansen 1999), each
//! divided by V, the variance of f over the rows of A and B together; with
//! percentile intervals from a bootstrap over the rows.

use super::quantile_sorted;
use rand::{Rng, RngExt};

/// An estimate with its 95% bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Estimate {
    /// The estimate over every row.
    pub estimate: f64,
    /// 2.5th percentile of the bootstrap replicates.
    pub ci95_low: f64,
    /// 97.5th percentile.
    pub ci95_high: f64,
}

/// One input's indices.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SobolIndex {
    /// First-order index: the share of the variance the input explains alone.
    pub first_order: Estimate,
    /// Total index: the share it explains with all its interactions.
    pub total: Estimate,
}

/// The model's outputs over a Saltelli design: row j of A, of B, and of
/// each A_B^i (A with column i taken from B).
#[derive(Debug, Clone, Copy)]
pub struct SaltelliOutputs<'a> {
    /// f(A), one value per row.
    pub a: &'a [f64],
    /// f(B).
    pub b: &'a [f64],
    /// f(A_B^i) for each input i.
    pub ab: &'a [Vec<f64>],
}

/// The variance and each input's (first order, total) variance shares
/// over the rows `rows` (repeats allowed); zeros when f never varies.
fn indices_over(o: SaltelliOutputs<'_>, rows: &[usize]) -> (f64, Vec<(f64, f64)>) {
    let n = rows.len().max(1) as f64;
    let mean = rows.iter().map(|&j| o.a[j] + o.b[j]).sum::<f64>() / (2.0 * n);
    let variance = rows
        .iter()
        .map(|&j| (o.a[j] - mean).powi(2) + (o.b[j] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * n - 1.0).max(1.0);
    let shares = o
        .ab
        .iter()
        .map(|abi| {
            if variance <= 0.0 {
                return (0.0, 0.0);
            }
            let half_mean_sq =
                |f: &[f64]| rows.iter().map(|&j| (f[j] - abi[j]).powi(2)).sum::<f64>() / (2.0 * n);
            (
                (variance - half_mean_sq(o.b)) / variance,
                half_mean_sq(o.a) / variance,
            )
        })
        .collect();
    (variance, shares)
}

/// The variance of f and every input's first-order and total indices,
/// each with a 95% percentile interval from `resamples` bootstrap
/// resamples of the rows drawn from `rng` (the same generator state gives
/// the same intervals).
pub fn sobol_indices(
    o: SaltelliOutputs<'_>,
    resamples: usize,
    rng: &mut impl Rng,
) -> (f64, Vec<SobolIndex>) {
    let n = o.a.len();
    let all: Vec<usize> = (0..n).collect();
    let (variance, point) = indices_over(o, &all);
    // replicates[i] = (first-order values, total values) over resamples.
    let mut replicates =
        vec![(Vec::with_capacity(resamples), Vec::with_capacity(resamples)); point.len()];
    let mut rows = vec![0; n];
    for _ in 0..resamples {
        for r in &mut rows {
            *r = rng.random_range(0..n.max(1));
        }
        for (rep, (s, t)) in replicates.iter_mut().zip(indices_over(o, &rows).1) {
            rep.0.push(s);
            rep.1.push(t);
        }
    }
    let estimate = |value: f64, mut reps: Vec<f64>| {
        reps.sort_by(f64::total_cmp);
        Estimate {
            estimate: value,
            ci95_low: quantile_sorted(&reps, 0.025).unwrap_or(value),
            ci95_high: quantile_sorted(&reps, 0.975).unwrap_or(value),
        }
    };
    let indices = point
        .into_iter()
        .zip(replicates)
        .map(|((s, t), (ss, ts))| SobolIndex {
            first_order: estimate(s, ss),
            total: estimate(t, ts),
        })
        .collect();
    (variance, indices)
}
