//! Domain-free numerics: online moments, confidence intervals, exact
//! quantiles, the DKW band of a distribution function, proportions, paired
//! and independent comparisons, rank correlation, the normal distribution,
//! selection of the best mean, variance-based (Sobol) sensitivity indices.

mod dkw;
mod interval;
mod moments;
mod normal;
mod paired;
mod proportion;
mod quantile;
mod select;
mod sobol;
mod student;

pub use dkw::dkw_epsilon;
pub use interval::{MeanInterval, batch_means, mean_interval};
pub use moments::OnlineMoments;
pub use normal::{std_normal_cdf, std_normal_quantile};
pub use paired::{paired_difference, spearman, spearman_interval, welch_difference};
pub use proportion::{Z95, wilson};
pub use quantile::quantile_sorted;
pub use select::{Elimination, Kn, kn_h2};
pub use sobol::{Estimate, SaltelliOutputs, SobolIndex, sobol_indices};
