//! What a finished batch hands the charts: the per-replication columns they
//! plot, taken from the tally before it is summarised.

use super::charts::{ChartError, FailureSeries};
use super::summary::Tally;
use crate::engine::ScheduleError;
use thiserror::Error;

/// Why the results could not be written.
#[derive(Debug, Error)]
pub(crate) enum ResultsError {
    /// A chart could not be drawn or written.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The representative replication could not be re-simulated.
    #[error("tracing the representative replication: {0}")]
    Simulation(#[from] ScheduleError),
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
        let column = |n: &str| tally.column(n).map(<[f64]>::to_vec).unwrap_or_default();
        Self {
            delivered: column("delivered_kg"),
            npv: column("npv_usd"),
            failures: failure_series(tally),
        }
    }
}

/// The failure-event series of the small multiples, from the tally.
fn failure_series(tally: &Tally) -> Vec<FailureSeries> {
    let column = |name: &str| tally.column(name).map(<[f64]>::to_vec).unwrap_or_default();
    let misses: Vec<f64> = {
        let (p, b, t) = (
            column("harpoon_pullouts"),
            column("harpoon_bounces"),
            column("tether_failures"),
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
        ("anchor_pullouts", "anchor pull-outs", "per run"),
        ("bit_failures", "bit failures", "per run"),
        ("robot_faults", "robot faults", "per run"),
        ("robots_lost", "robots lost", "per run"),
        ("plant_failures", "plant failures", "per run"),
        ("dust_holds", "dust holds", "per run"),
        ("ground_waits", "ground waits", "per run"),
    ] {
        series.push(FailureSeries {
            label,
            unit,
            values: column(key),
        });
    }
    series
}
