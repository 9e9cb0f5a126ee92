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
