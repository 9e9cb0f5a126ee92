//! Comparing two samples: paired differences (common random numbers), the
//! independent-samples (Welch) interval, and Spearman rank correlation.

use super::student::t_quantile;
use super::{MeanInterval, mean_interval};

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
    let t = t_quantile(0.5 + confidence / 2.0, dof)?;
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

/// The `confidence` interval of a Spearman rank correlation `rho` over `n`
/// pairs, by Fisher's z: atanh ρ is about normal with variance 1.06/(n − 3)
/// (Fieller, Hartley & Pearson 1957, "Tests for rank correlation
/// coefficients. I", Biometrika 44, 470–481), so the 95% interval is
/// tanh(atanh ρ ± 1.96·√(1.06/(n − 3))). `None` with fewer than four pairs;
/// a ρ of ±1 has the interval [ρ, ρ].
pub fn spearman_interval(rho: f64, n: usize, confidence: f64) -> Option<(f64, f64)> {
    if n < 4 || !rho.is_finite() {
        return None;
    }
    let z = rho.clamp(-1.0, 1.0).atanh();
    let critical = super::std_normal_quantile(0.5 + confidence / 2.0);
    let half = critical * (1.06 / (n as f64 - 3.0)).sqrt();
    Some(((z - half).tanh(), (z + half).tanh()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_matches_the_textbook_example() {
        // IQ against hours of television (the example in most texts):
        // Σd² = 194, ρ = 1 − 6·194/(10·99) = −29/165.
        let iq = [
            106.0, 86.0, 100.0, 101.0, 99.0, 103.0, 97.0, 113.0, 112.0, 110.0,
        ];
        let tv = [7.0, 0.0, 27.0, 50.0, 28.0, 29.0, 20.0, 12.0, 6.0, 17.0];
        let rho = spearman(&iq, &tv).unwrap();
        assert!((rho + 29.0 / 165.0).abs() < 1e-12, "{rho}");
    }

    #[test]
    fn spearman_extremes_ties_and_constants() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let up = [1.0, 8.0, 27.0, 64.0, 125.0];
        let down = [5.0, 4.0, 3.0, 2.0, -1e9];
        assert_eq!(spearman(&x, &up), Some(1.0));
        assert_eq!(spearman(&x, &down), Some(-1.0));
        assert_eq!(spearman(&x, &[2.0; 5]), None);
        assert_eq!(spearman(&[1.0], &[1.0]), None);
        // Ties share the average rank: y ranks 1.5, 1.5, 3, 4, 5.
        // Pearson of (1..5) and those ranks: 9.5 / √(10·9.5).
        let tied = [0.0, 0.0, 1.0, 2.0, 3.0];
        let expect = 9.5 / (10.0_f64 * 9.5).sqrt();
        assert!((spearman(&x, &tied).unwrap() - expect).abs() < 1e-12);
        assert_eq!(ranks(&tied), vec![1.5, 1.5, 3.0, 4.0, 5.0]);
    }

    #[test]
    fn paired_difference_is_the_interval_of_the_differences() {
        // Differences 1, 2, 3: mean 2, sd 1, t(0.975; 2) = 4.3027.
        let ci = paired_difference(&[10.0, 20.0, 30.0], &[11.0, 22.0, 33.0], 0.95).unwrap();
        assert!((ci.mean - 2.0).abs() < 1e-12);
        assert!((ci.half_width() - 4.302_652_729_749_464 / 3.0_f64.sqrt()).abs() < 1e-6);
    }

    #[test]
    fn welch_with_equal_variances_has_2n_minus_2_dof() {
        // Both variances 2.5, n = 5: se = 1, Welch–Satterthwaite ν = 8,
        // t(0.975; 8) = 2.3060.
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        let b = [3.0, 4.0, 5.0, 6.0, 7.0];
        let ci = welch_difference(&a, &b, 0.95).unwrap();
        assert!((ci.mean - 2.0).abs() < 1e-12);
        assert!(
            (ci.half_width() - 2.306_004_135_204_166).abs() < 1e-6,
            "{ci:?}"
        );
        let same = welch_difference(&[1.0, 1.0], &[4.0, 4.0], 0.95).unwrap();
        assert_eq!((same.low, same.mean, same.high), (3.0, 3.0, 3.0));
        assert_eq!(welch_difference(&[1.0], &a, 0.95), None);
    }
}
