//! Exponential decay over the short steps between events (boil-off, dust
//! settling): e^x − 1 by a short series where the exponent is tiny, which
//! the slow decays of a mission make the usual case.
//! The rules: docs/model.md §Water and propellant and §Dust.

/// Largest |x| the series serves: its remainder there, under x⁶/720, is
/// about 10⁻¹⁸ of the result, far below half an ulp.
const SERIES_LIMIT: f64 = 1.0 / 1024.0;

/// e^x − 1, as accurate as the library's `exp_m1` (within an ulp or two)
/// and several times cheaper for |x| ≤ 2⁻¹⁰ (Taylor's series to x⁵,
/// Horner's scheme); the library's `exp_m1` beyond.
pub fn exp_m1(x: f64) -> f64 {
    if x.abs() <= SERIES_LIMIT {
        x * (1.0 + x * (1.0 / 2.0 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0)))))
    } else {
        x.exp_m1()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in ulps between two finite numbers of the same sign.
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn the_series_agrees_with_the_library_to_two_ulps() {
        // Log-spaced magnitudes from 10⁻³⁰⁰ up to the limit, both signs,
        // and the points on either side of the limit.
        let mut worst = 0;
        for k in 0..=30_000 {
            let magnitude = SERIES_LIMIT * 10f64.powf(-f64::from(k) / 100.0);
            for x in [magnitude, -magnitude] {
                worst = worst.max(ulps(exp_m1(x), x.exp_m1()));
            }
        }
        for x in [
            SERIES_LIMIT,
            SERIES_LIMIT.next_up(),
            -SERIES_LIMIT,
            0.5,
            -3.0,
        ] {
            worst = worst.max(ulps(exp_m1(x), x.exp_m1()));
        }
        assert!(worst <= 2, "{worst} ulps apart");
        assert_eq!(exp_m1(0.0), 0.0);
    }

    #[test]
    fn a_decay_is_monotone_across_the_limit() {
        // The factor e^−x loses nothing and gains nothing where the two
        // formulas meet: it keeps decreasing step by step.
        let mut x = SERIES_LIMIT;
        for _ in 0..1000 {
            x = x.next_down();
        }
        let mut last = exp_m1(-x);
        for _ in 0..2000 {
            x = x.next_up();
            let now = exp_m1(-x);
            assert!(now <= last, "e^−x − 1 rose at x = {x:e}");
            last = now;
        }
    }
}
