//! Comparing two samples: paired differences (common random numbers), the
//! independent-samples (Welch) interval, and Spearman rank correlation.

use super::{MeanInterval, mean_interval};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Interval for the mean of `b[k] − a[k]` over pairs (replications on common
/// random numbers); `None` with fewer than two pairs.
pub fn paired_difference(a: &[f64], b: &[f64], confidence: f64) -> Option<MeanInterval> {
    let diffs: Vec<f64> = a.iter().zip(b).map(|(x, y)| y - x).collect();
    mean_interval(&diffs, confidence)
}

/// Welch's interval for mean(b) − mean(a), treating the samples as
/// independent: what an analysis without common random numbers would give.
pub fn welch_difference(a: &[f64], b: &[f64], confidence: f64) -> Option<MeanInterval> {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    if na < 2.0 || nb < 2.0 {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let var = |v: &[f64], m: f64| {
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() as f64 - 1.0)
    };
    let (ma, mb) = (mean(a), mean(b));
    let (va, vb) = (var(a, ma) / na, var(b, mb) / nb);
    let se = (va + vb).sqrt();
    let d = mb - ma;
    if se == 0.0 {
        return Some(MeanInterval {
            mean: d,
            low: d,
            high: d,
        });
    }
    // Welch–Satterthwaite degrees of freedom.
    let dof = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    let t = StudentsT::new(0.0, 1.0, dof)
        .ok()?
        .inverse_cdf(0.5 + confidence / 2.0);
    Some(MeanInterval {
        mean: d,
        low: d - t * se,
        high: d + t * se,
    })
}

/// Ranks of `v` from 1, ties sharing their average rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = rank;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation of paired samples (Pearson's r of their
/// ranks, ties averaged); `None` when either sample is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let (rx, ry) = (ranks(&x[..n]), ranks(&y[..n]));
    let mean = (n as f64 + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mean) * (b - mean);
        sxx += (a - mean) * (a - mean);
        syy += (b - mean) * (b - mean);
    }
    if sxx == 0.0 || syy == 0.0 {
        None
    } else {
        Some(sxy / (sxx * syy).sqrt())
    }
}
