//! Student-t confidence intervals for a mean, from independent values or from
//! batch means of a correlated sequence.

use super::OnlineMoments;
use statrs::distribution::{ContinuousCDF, StudentsT};

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
    let t = StudentsT::new(0.0, 1.0, dof).ok()?;
    let q = t.inverse_cdf(0.5 + confidence / 2.0);
    let half = q * m.std_dev() / (m.count() as f64).sqrt();
    Some(MeanInterval {
        mean: m.mean(),
        low: m.mean() - half,
        high: m.mean() + half,
    })
}
