//! `summary.json`: a batch's [`Summary`] as pretty JSON, with the mean
//! costs, the orbit's launch, outbound transfer and return windows
//! when the scenario has one, and the sampling design and correlations
//! unless random without any.

use super::costs::CostsSummary;
use super::orbit::OrbitSummary;
use super::sampling::SamplingSummary;
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
    #[serde(flatten)]
    sampling: Option<&'a SamplingSummary>,
}

impl Summary {
    /// Writes the summary, and `orbit` and `sampling` when given, as pretty JSON with a
    /// final newline.
    pub fn write_json(
        &self,
        orbit: Option<&OrbitSummary>,
        sampling: Option<&SamplingSummary>,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        let file = SummaryFile {
            summary: self,
            costs: CostsSummary::of(self),
            orbit,
            sampling,
        };
        serde_json::to_writer_pretty(&mut *out, &file)?;
        writeln!(out)
    }
}
