//! The mission cost of a batch: its parts and the launched mass, as means
//! over the replications, for summary.json and the report's "Costs"
//! section. The rules: docs/model.md §Money.

use super::document::{Block, table};
use super::format::{thousands, usd};
use crate::aggregate::Summary;
use crate::model::record::Metric;
use serde::Serialize;

/// Means of the cost metrics over a batch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostsSummary {
    /// Development cost, USD.
    pub development_usd: f64,
    /// Robots, plant and return vehicles, USD.
    pub units_usd: f64,
    /// Launched mass times the launch price, USD.
    pub launch_usd: f64,
    /// Mass launched to the outbound trajectory, kg.
    pub launched_mass_kg: f64,
    /// The whole up-front cost, USD.
    pub mission_cost_usd: f64,
}

impl CostsSummary {
    /// The means of `summary`'s cost metrics.
    pub fn of(summary: &Summary) -> Self {
        let mean = |m: Metric| summary.metrics[m].mean;
        Self {
            development_usd: mean(Metric::DevelopmentUsd),
            units_usd: mean(Metric::UnitsUsd),
            launch_usd: mean(Metric::LaunchUsd),
            launched_mass_kg: mean(Metric::LaunchedMassKg),
            mission_cost_usd: mean(Metric::MissionCostUsd),
        }
    }

    /// Whether the mission cost is a lump sum: no parts, yet a cost.
    fn lump_sum(&self) -> bool {
        self.development_usd + self.units_usd + self.launch_usd == 0.0
            && self.mission_cost_usd != 0.0
    }

    /// The report's "Costs" section: the parts, or the lump sum alone.
    pub(crate) fn blocks(&self) -> Vec<Block> {
        let mass = thousands(self.launched_mass_kg, 0);
        let (note, rows) = if self.lump_sum() {
            let mut rows = vec![vec![
                "mission cost (lump sum)".to_owned(),
                usd(self.mission_cost_usd),
            ]];
            if self.launched_mass_kg > 0.0 {
                rows.push(vec!["launched mass".to_owned(), format!("{mass} kg")]);
            }
            (
                "A lump sum (economics.mission_cost_usd), booked at launch; give its parts \
                 instead to see development, units and launch.",
                rows,
            )
        } else {
            (
                "Booked at launch; means over the runs.",
                vec![
                    vec!["development".to_owned(), usd(self.development_usd)],
                    vec![
                        "robots, plant and return vehicles".to_owned(),
                        usd(self.units_usd),
                    ],
                    vec![format!("launch of {mass} kg"), usd(self.launch_usd)],
                    vec!["mission cost".to_owned(), usd(self.mission_cost_usd)],
                ],
            )
        };
        vec![
            Block::Heading(2, "Costs".into()),
            Block::Paragraph(note.into()),
            table(&["part", "mean"], &[false, true], rows),
        ]
    }
}
