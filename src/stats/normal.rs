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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_matches_published_values() {
        // Abramowitz and Stegun, table 26.1, extended to f64 precision;
        // statrs' erfc is good to about 1.4·10⁻¹¹ relative (at z = 1).
        for (z, phi) in [
            (0.0, 0.5),
            (1.0, 0.841_344_746_068_542_9),
            (1.96, 0.975_002_104_851_779_5),
            (-3.0, 0.001_349_898_031_630_094_6),
        ] {
            assert!(
                ((std_normal_cdf(z) - phi) / phi).abs() < 1e-10,
                "Φ({z}) = {}",
                std_normal_cdf(z)
            );
        }
        assert_eq!(std_normal_cdf(f64::NEG_INFINITY), 0.0);
        assert_eq!(std_normal_cdf(f64::INFINITY), 1.0);
    }

    #[test]
    fn quantile_matches_published_values_and_inverts_the_cdf() {
        for (p, z) in [
            (0.5, 0.0),
            (0.95, 1.644_853_626_951_472_2),
            (0.975, 1.959_963_984_540_054),
            (0.999, 3.090_232_306_167_813_5),
        ] {
            assert!((std_normal_quantile(p) - z).abs() < 1e-13, "Φ⁻¹({p})");
            assert!(
                (std_normal_quantile(1.0 - p) + z).abs() < 1e-13,
                "Φ⁻¹(1 − {p})"
            );
        }
        for p in [1e-300, 1e-10, 0.01, 0.3, 0.7, 0.99] {
            let back = std_normal_cdf(std_normal_quantile(p));
            assert!(((back - p) / p).abs() < 1e-10, "Φ(Φ⁻¹({p})) = {back}");
        }
    }
}
