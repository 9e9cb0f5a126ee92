//! What a finished batch hands the charts: the per-replication columns they
//! plot, taken from the tally before it is summarised.

use super::charts::{ChartError, FailureSeries};
use crate::aggregate::Tally;
use crate::model::SimError;
use crate::model::record::Metric;
use thiserror::Error;

/// Why the results could not be written.
#[derive(Debug, Error)]
pub(crate) enum ResultsError {
    /// A chart could not be drawn or written.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The representative replication could not be re-simulated.
    #[error("tracing the representative replication: {0}")]
    Simulation(#[from] SimError),
}

/// The per-replication values the charts plot, in replication order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChartColumns {
    /// Delivered cargo per replication.
    pub(crate) delivered: Vec<f64>,
    /// NPV per replication.
    pub(crate) npv: Vec<f64>,
    /// Failure events per replication, by kind.
    pub(crate) failures: Vec<FailureSeries>,
}

impl ChartColumns {
    /// Copies the columns out of `tally` (its summary sorts them in place).
    pub(crate) fn of(tally: &Tally) -> Self {
        Self {
            delivered: tally.column(Metric::DeliveredKg).to_vec(),
            npv: tally.column(Metric::NpvUsd).to_vec(),
            failures: failure_series(tally),
        }
    }
}

/// The failure-event series of the small multiples, from the tally.
fn failure_series(tally: &Tally) -> Vec<FailureSeries> {
    let column = |metric| tally.column(metric).to_vec();
    let misses: Vec<f64> = {
        let (p, b, t) = (
            column(Metric::HarpoonPullouts),
            column(Metric::HarpoonBounces),
            column(Metric::TetherFailures),
        );
        p.iter()
            .zip(&b)
            .zip(&t)
            .map(|((p, b), t)| p + b + t)
            .collect()
    };
    let mut series = vec![FailureSeries {
        label: "harpoon misses",
        unit: "per run",
        values: misses,
    }];
    for (key, label, unit) in [
        (Metric::AnchorPullouts, "anchor pull-outs", "per run"),
        (Metric::BitFailures, "bit failures", "per run"),
        (Metric::RobotFaults, "robot faults", "per run"),
        (Metric::RobotsLost, "robots lost", "per run"),
        (Metric::PlantFailures, "plant failures", "per run"),
        (Metric::DustHolds, "dust holds", "per run"),
        (Metric::GroundWaits, "ground waits", "per run"),
    ] {
        series.push(FailureSeries {
            label,
            unit,
            values: column(key),
        });
    }
    series
}
