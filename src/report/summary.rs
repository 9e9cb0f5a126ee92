//! `summary.json`: a batch's [`Summary`] as pretty JSON, with the mean
//! costs, and the orbit's launch, outbound transfer and return windows
//! when the scenario has one.

use super::costs::CostsSummary;
use super::orbit::OrbitSummary;
use crate::aggregate::Summary;
use serde::Serialize;

/// The file's fields: the summary's, the costs, then the orbit's.
#[derive(Serialize)]
struct SummaryFile<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    costs: CostsSummary,
    #[serde(flatten)]
    orbit: Option<&'a OrbitSummary>,
}

impl Summary {
    /// Writes the summary, and `orbit` when given, as pretty JSON with a
    /// final newline.
    pub fn write_json(
        &self,
        orbit: Option<&OrbitSummary>,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        let file = SummaryFile {
            summary: self,
            costs: CostsSummary::of(self),
            orbit,
        };
        serde_json::to_writer_pretty(&mut *out, &file)?;
        writeln!(out)
    }
}
