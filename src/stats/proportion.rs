//! Intervals for a proportion.

/// 95% two-sided normal quantile.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Wilson score interval `(low, high)` for `successes` out of `n` at normal
/// quantile `z`; `(0, 1)` when `n` is zero. Unlike the Wald interval it stays
/// inside [0, 1] and is sensible for shares near 0 or 1.
pub fn wilson(successes: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z95_is_the_normal_quantile() {
        assert!((Z95 - crate::stats::std_normal_quantile(0.975)).abs() < 1e-15);
    }

    #[test]
    fn matches_newcombe_1998() {
        // Newcombe, Statistics in Medicine 17:857 (1998), table II, method 3
        // (score interval without continuity correction), four decimals.
        for (s, n, low, high) in [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ] {
            let (l, h) = wilson(s, n, Z95);
            assert!(
                (l - low).abs() < 5e-5 && (h - high).abs() < 5e-5,
                "{s}/{n}: {l}, {h}"
            );
        }
    }

    #[test]
    fn stays_inside_zero_one() {
        // All successes: the upper end is exactly 1, the lower n/(n + z²).
        let (l, h) = wilson(29, 29, Z95);
        assert_eq!(h, 1.0);
        assert!((l - 29.0 / (29.0 + Z95 * Z95)).abs() < 1e-12);
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
    }
}
