//! The "where the time goes" section of the run report and of the
//! comparison report: mean hours and shares per stage and state, and the
//! stage that limits production.

use super::document::{Block, table};
use super::format::{percent, thousands};
use crate::aggregate::time::{Limit, Stage, TimeBudget};

/// How the section's numbers are made.
const METHOD: &str = "Operating time runs from the end of anchoring to the end of \
     operations; every robot-hour, plant hour and electrolysis hour of it is in exactly one \
     state. Robot-hours are summed over the robots. Shares are of the stage's mean hours over \
     the batch (longer replications weigh more); a replication's own shares are its runs.csv \
     hours over operating_h (robots: over robots × operating_h).";

/// "plant (62.0%)", or "n/a" without operating time.
fn limit_cell(limit: Option<&Limit>) -> String {
    limit.map_or_else(
        || "n/a".to_owned(),
        |l| format!("{} ({})", l.limiter.name(), percent(l.share)),
    )
}

/// The run report's section.
pub(crate) fn blocks(budget: &TimeBudget) -> Vec<Block> {
    let limit = budget.limit.as_ref().map_or_else(
        || "No replication reached operations: there is no operating time.".to_owned(),
        Limit::sentence,
    );
    let rows = budget
        .stages
        .iter()
        .flat_map(|stage| {
            stage.states.iter().map(|s| {
                vec![
                    stage.stage.name().to_owned(),
                    s.label.to_owned(),
                    thousands(s.mean_h, 0),
                    percent(s.share),
                ]
            })
        })
        .collect();
    vec![
        Block::Heading(2, "Where the time goes".into()),
        Block::Paragraph(format!(
            "{limit} Mean operating time {} h per replication. {METHOD}",
            thousands(budget.operating_h, 0)
        )),
        table(
            &[
                "stage",
                "state",
                "mean hours per run",
                "share of the stage's time",
            ],
            &[false, false, true, true],
            rows,
        ),
    ]
}

/// The comparison report's section: each state's share, scenarios side by
/// side, under the limiting stage of each.
pub(crate) fn compare_blocks(labels: &[&str], budgets: &[&TimeBudget]) -> Vec<Block> {
    let mut limits = vec!["limiting stage".to_owned(), String::new()];
    limits.extend(budgets.iter().map(|b| limit_cell(b.limit.as_ref())));
    let mut rows = vec![limits];
    for stage in Stage::ALL {
        for (i, (_, label)) in stage.states().into_iter().enumerate() {
            let mut row = vec![stage.name().to_owned(), label.to_owned()];
            row.extend(
                budgets
                    .iter()
                    .map(|b| percent(b.stage(stage).states[i].share)),
            );
            rows.push(row);
        }
    }
    let mut header = vec!["stage", "state"];
    header.extend(labels);
    let mut right = vec![false, false];
    right.extend(labels.iter().map(|_| true));
    vec![
        Block::Heading(2, "Where the time goes".into()),
        Block::Paragraph(format!(
            "Share of each stage's time by state; the limiting stage with the share that \
             names it (docs/model.md §Where the time goes). {METHOD}"
        )),
        table(&header, &right, rows),
    ]
}
