//! Exact sample quantiles.

/// The p-quantile of ascending `sorted` values by linear interpolation
/// between order statistics (Hyndman and Fan type 7, as R and NumPy default);
/// `None` when empty.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_type_7() {
        // R: quantile(c(1, 2, 3, 4), c(0, .25, .5, .9, 1)) = 1, 1.75, 2.5, 3.7, 4.
        let v = [1.0, 2.0, 3.0, 4.0];
        for (p, q) in [(0.0, 1.0), (0.25, 1.75), (0.5, 2.5), (0.9, 3.7), (1.0, 4.0)] {
            assert!((quantile_sorted(&v, p).unwrap() - q).abs() < 1e-12, "p {p}");
        }
    }

    #[test]
    fn edges() {
        assert_eq!(quantile_sorted(&[], 0.5), None);
        assert_eq!(quantile_sorted(&[3.0], 0.0), Some(3.0));
        assert_eq!(quantile_sorted(&[3.0], 1.0), Some(3.0));
        // p outside [0, 1] is clamped to the extremes.
        assert_eq!(quantile_sorted(&[1.0, 5.0], -0.5), Some(1.0));
        assert_eq!(quantile_sorted(&[1.0, 5.0], 1.5), Some(5.0));
        // Ties and a flat stretch.
        assert_eq!(quantile_sorted(&[2.0, 2.0, 2.0, 8.0], 0.5), Some(2.0));
    }
}
