//! The standard normal distribution's CDF and quantile.

/// Φ(z), with Φ(−∞) = 0 and Φ(+∞) = 1.
pub fn std_normal_cdf(z: f64) -> f64 {
    if z == f64::NEG_INFINITY {
        0.0
    } else if z == f64::INFINITY {
        1.0
    } else {
        0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2)
    }
}

/// Φ⁻¹(p) for p in (0, 1).
pub fn std_normal_quantile(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p)
}
