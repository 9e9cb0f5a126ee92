//! Running mean and variance (Welford's algorithm).

/// Mean and variance accumulated one value at a time, numerically stable.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OnlineMoments {
    count: u64,
    mean: f64,
    m2: f64,
}

impl OnlineMoments {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value.
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Number of values added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Sample mean (0 when empty).
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Unbiased sample variance (0 with fewer than two values).
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            0.0
        } else {
            self.m2 / (self.count - 1) as f64
        }
    }

    /// Sample standard deviation.
    pub fn std_dev(&self) -> f64 {
        self.variance().sqrt()
    }
}

impl FromIterator<f64> for OnlineMoments {
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Self {
        let mut m = Self::new();
        for x in iter {
            m.push(x);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_single_values() {
        let m = OnlineMoments::new();
        assert_eq!((m.count(), m.mean(), m.variance()), (0, 0.0, 0.0));
        let m: OnlineMoments = [7.5].into_iter().collect();
        assert_eq!((m.count(), m.mean(), m.variance()), (1, 7.5, 0.0));
    }

    #[test]
    fn integers_one_to_n_match_the_closed_form() {
        // Mean (n + 1)/2 and sample variance n(n + 1)/12.
        let n = 1001_u64;
        let m: OnlineMoments = (1..=n).map(|k| k as f64).collect();
        let nf = n as f64;
        assert_eq!(m.count(), n);
        assert!((m.mean() - (nf + 1.0) / 2.0).abs() < 1e-9);
        assert!((m.variance() - nf * (nf + 1.0) / 12.0).abs() < 1e-6);
        assert!((m.std_dev() - (nf * (nf + 1.0) / 12.0).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn a_large_offset_does_not_cancel() {
        // The textbook case where the naive Σx² − n·x̄² fails: 4, 7, 13, 16
        // shifted by 10⁹ still has variance 30.
        let m: OnlineMoments = [4.0, 7.0, 13.0, 16.0].iter().map(|x| 1e9 + x).collect();
        assert_eq!(m.mean(), 1e9 + 10.0);
        assert!((m.variance() - 30.0).abs() < 1e-6, "{}", m.variance());
    }
}
