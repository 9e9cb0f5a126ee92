//! Domain-free numerics: online moments, confidence intervals, exact
//! quantiles, proportions, paired and independent comparisons, rank
//! correlation, the normal distribution.

mod interval;
mod moments;
mod normal;
mod paired;
mod proportion;
mod quantile;
mod student;

pub use interval::{MeanInterval, batch_means, mean_interval};
pub use moments::OnlineMoments;
pub use normal::{std_normal_cdf, std_normal_quantile};
pub use paired::{paired_difference, spearman, welch_difference};
pub use proportion::{Z95, wilson};
pub use quantile::quantile_sorted;
