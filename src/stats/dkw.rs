//! The Dvoretzky–Kiefer–Wolfowitz confidence band of an empirical
//! distribution function.

/// Half-width ε of the two-sided `1 − alpha` confidence band of a whole
/// empirical distribution function (or exceedance curve) of `n` independent
/// draws, by the Dvoretzky–Kiefer–Wolfowitz inequality with Massart's
/// constant: P(sup |Fₙ − F| > ε) ≤ 2·exp(−2nε²) = alpha, so
/// ε = √(ln(2/alpha) / (2n)). It holds at every x at once and needs no
/// assumption about F; infinite when `n` is zero. `alpha` is in (0, 1).
pub fn dkw_epsilon(n: u64, alpha: f64) -> f64 {
    ((2.0 / alpha).ln() / (2.0 * n as f64)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_closed_form_and_shrinks_as_one_over_root_n() {
        // ln(40) = 3.688879..., so at n = 100: √(3.688879 / 200) = 0.135810.
        assert!((dkw_epsilon(100, 0.05) - 0.135_810).abs() < 1e-6);
        let ratio = dkw_epsilon(100, 0.05) / dkw_epsilon(400, 0.05);
        assert!((ratio - 2.0).abs() < 1e-12);
        assert!(dkw_epsilon(100, 0.01) > dkw_epsilon(100, 0.05));
        assert_eq!(dkw_epsilon(0, 0.05), f64::INFINITY);
    }
}
