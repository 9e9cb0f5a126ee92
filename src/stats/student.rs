//! Quantiles of Student's t distribution, with the normal quantile standing
//! in where statrs 0.19 goes wrong.

use super::std_normal_quantile;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Degrees of freedom above which the standard normal quantile replaces
/// Student's t.
///
/// statrs 0.19 inverts the t CDF numerically and loses accuracy as the
/// degrees of freedom grow: its 0.975 quantile is off by 3.5·10⁻⁶
/// (relative) at 10⁵, by 6.5·10⁻⁵ at 5·10⁵, gives 1.83 instead of 1.95996
/// at 10⁷, and does not return at 10⁸. The normal quantile's own error is
/// t₀.₉₇₅ − z₀.₉₇₅ ≈ (z³ + z)/(4ν): 1.2·10⁻⁵ relative at ν = 10⁵ (2.4·10⁻⁵
/// absolute), shrinking as 1/ν, so the switch moves a 95% interval by about
/// one part in 10⁵ and removes an error that grows without bound.
pub(crate) const NORMAL_ABOVE_DOF: f64 = 1e5;

/// The `p`-quantile of Student's t with `dof` degrees of freedom (any
/// positive real, as Welch's interval needs); `None` when `dof` is not
/// positive or `p` lies outside (0, 1).
pub(crate) fn t_quantile(p: f64, dof: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    if dof > NORMAL_ABOVE_DOF {
        return Some(std_normal_quantile(p));
    }
    Some(StudentsT::new(0.0, 1.0, dof).ok()?.inverse_cdf(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cornish–Fisher (Fisher 1925) expansion of the t quantile in powers of
    /// 1/ν up to ν⁻³: accurate to better than 10⁻¹¹ for ν ≥ 1000.
    fn t_expansion(p: f64, dof: f64) -> f64 {
        let z = std_normal_quantile(p);
        let g1 = (z.powi(3) + z) / 4.0;
        let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
        let g3 = (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / 384.0;
        z + g1 / dof + g2 / dof.powi(2) + g3 / dof.powi(3)
    }

    #[test]
    fn small_dof_match_published_tables() {
        // Two-sided 95% critical values (Fisher and Yates; NIST/SEMATECH
        // e-Handbook, table 1.3.6.7.2), to the table's three decimals.
        for (dof, table) in [
            (1.0, 12.706),
            (2.0, 4.303),
            (5.0, 2.571),
            (10.0, 2.228),
            (30.0, 2.042),
            (100.0, 1.984),
            (1000.0, 1.962),
        ] {
            let q = t_quantile(0.975, dof).unwrap();
            assert!((q - table).abs() < 5e-4, "dof {dof}: {q} vs {table}");
        }
        // 99% two-sided at 10 dof: 3.169.
        assert!((t_quantile(0.995, 10.0).unwrap() - 3.169).abs() < 5e-4);
        // Symmetry.
        assert!((t_quantile(0.025, 10.0).unwrap() + 2.228).abs() < 5e-4);
    }

    #[test]
    fn below_the_switch_statrs_agrees_with_the_expansion() {
        for dof in [1e3, 1e4, 3e4, 5e4, 8e4, 99_999.0, 1e5] {
            for p in [0.975, 0.995] {
                let (q, x) = (t_quantile(p, dof).unwrap(), t_expansion(p, dof));
                assert!(((q - x) / x).abs() < 5e-6, "dof {dof}, p {p}: {q} vs {x}");
            }
        }
    }

    #[test]
    fn above_the_switch_the_normal_quantile_is_used() {
        // statrs 0.19 gives 1.83 here; the true value is 1.959964.
        let q = t_quantile(0.975, 1e7).unwrap();
        assert!((q - 1.959_963_984_540_054).abs() < 1e-12, "{q}");
        for dof in [1.000_001e5, 1e6, 1e7, 1e9, 1e12] {
            let (q, x) = (t_quantile(0.975, dof).unwrap(), t_expansion(0.975, dof));
            assert!(((q - x) / x).abs() < 1.3e-5, "dof {dof}: {q} vs {x}");
        }
    }

    #[test]
    fn the_switch_is_seamless() {
        let below = t_quantile(0.975, NORMAL_ABOVE_DOF).unwrap();
        let above = t_quantile(0.975, NORMAL_ABOVE_DOF * (1.0 + 1e-9)).unwrap();
        assert!(below > above, "t is heavier-tailed than the normal");
        assert!((below - above) / above < 1.3e-5, "{below} vs {above}");
    }

    #[test]
    fn rejects_what_has_no_quantile() {
        assert_eq!(t_quantile(0.0, 10.0), None);
        assert_eq!(t_quantile(1.0, 10.0), None);
        assert_eq!(t_quantile(f64::NAN, 10.0), None);
        assert_eq!(t_quantile(0.975, 0.0), None);
        assert_eq!(t_quantile(0.975, -1.0), None);
    }
}
