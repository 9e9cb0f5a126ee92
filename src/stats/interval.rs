//! Student-t confidence intervals for a mean, from independent values or from
//! batch means of a correlated sequence.

use super::OnlineMoments;
use super::student::t_quantile;

/// A sample mean with a two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanInterval {
    /// The sample mean.
    pub mean: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

impl MeanInterval {
    /// Whether `x` lies inside the interval (ends included).
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// Half the interval's width.
    pub fn half_width(&self) -> f64 {
        (self.high - self.low) / 2.0
    }
}

/// Interval for the mean of independent values at `confidence` (e.g. 0.95);
/// `None` with fewer than two values or a confidence outside (0, 1).
pub fn mean_interval(values: &[f64], confidence: f64) -> Option<MeanInterval> {
    let m: OnlineMoments = values.iter().copied().collect();
    t_interval(&m, confidence)
}

/// Batch-means interval for the mean of a stationary but autocorrelated
/// sequence: the values are cut into `batches` contiguous batches of equal
/// length (a remainder at the end is dropped) and the batch averages, nearly
/// independent when batches are long, get a Student-t interval.
pub fn batch_means(values: &[f64], batches: usize, confidence: f64) -> Option<MeanInterval> {
    if batches < 2 {
        return None;
    }
    let len = values.len() / batches;
    if len == 0 {
        return None;
    }
    let m: OnlineMoments = values
        .chunks_exact(len)
        .take(batches)
        .map(|b| b.iter().sum::<f64>() / len as f64)
        .collect();
    t_interval(&m, confidence)
}

fn t_interval(m: &OnlineMoments, confidence: f64) -> Option<MeanInterval> {
    if m.count() < 2 || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let dof = (m.count() - 1) as f64;
    let q = t_quantile(0.5 + confidence / 2.0, dof)?;
    let half = q * m.std_dev() / (m.count() as f64).sqrt();
    Some(MeanInterval {
        mean: m.mean(),
        low: m.mean() - half,
        high: m.mean() + half,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two-sided 95% t critical values from the published tables.
    const T95_DOF_2: f64 = 4.302_652_729_749_464;
    const T95_DOF_7: f64 = 2.364_624_251_592_785;

    #[test]
    fn mean_interval_is_mean_plus_minus_t_se() {
        // Mean 5, sample variance 32/7, n = 8, t(0.975; 7) = 2.3646.
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let ci = mean_interval(&v, 0.95).unwrap();
        let half = T95_DOF_7 * (32.0_f64 / 7.0).sqrt() / 8.0_f64.sqrt();
        assert!((ci.mean - 5.0).abs() < 1e-12);
        assert!((ci.half_width() - half).abs() < 1e-6, "{ci:?}");
        assert!(ci.contains(5.0) && ci.contains(ci.low) && !ci.contains(ci.high + 1e-9));
    }

    #[test]
    fn mean_interval_needs_two_values_and_a_confidence_in_0_1() {
        assert_eq!(mean_interval(&[1.0], 0.95), None);
        assert_eq!(mean_interval(&[1.0, 2.0], 0.0), None);
        assert_eq!(mean_interval(&[1.0, 2.0], 1.0), None);
        let flat = mean_interval(&[3.0, 3.0, 3.0], 0.95).unwrap();
        assert_eq!((flat.low, flat.high), (3.0, 3.0));
    }

    #[test]
    fn batch_means_averages_contiguous_batches_and_drops_the_remainder() {
        // Batches (1, 3), (5, 7), (9, 11); the 100 left over is dropped.
        // Batch means 2, 6, 10: mean 6, sd 4, t(0.975; 2) = 4.3027.
        let v = [1.0, 3.0, 5.0, 7.0, 9.0, 11.0, 100.0];
        let ci = batch_means(&v, 3, 0.95).unwrap();
        assert!((ci.mean - 6.0).abs() < 1e-12);
        assert!((ci.half_width() - T95_DOF_2 * 4.0 / 3.0_f64.sqrt()).abs() < 1e-6);
        assert_eq!(batch_means(&v, 1, 0.95), None);
        assert_eq!(batch_means(&v[..2], 3, 0.95), None);
    }

    #[test]
    fn huge_batches_get_the_normal_quantile() {
        // 10⁷ + 1 values ±1 (mean 1/(n), sd ≈ 1): a merged batch of this
        // size used to get statrs' 1.83 instead of 1.96.
        let n = 10_000_001_u64;
        let m: OnlineMoments = (0..n)
            .map(|k| if k % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let ci = t_interval(&m, 0.95).unwrap();
        let z = ci.half_width() * (n as f64).sqrt() / m.std_dev();
        assert!((z - 1.959_963_984_540_054).abs() < 1e-9, "{z}");
    }
}
