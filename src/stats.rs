//! Domain-free numerics: online moments and confidence intervals.

mod interval;
mod moments;

pub use interval::{MeanInterval, batch_means, mean_interval};
pub use moments::OnlineMoments;
