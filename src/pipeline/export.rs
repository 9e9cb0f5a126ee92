//! One exporter per output file, as hyperfine has one per format: each is
//! handed every replication as it streams by and then the finished batch,
//! and writes its bytes into whatever sink the pipeline gives it.

use crate::aggregate::Summary;
use crate::model::RunRecord;
use crate::report::document::{self, Block, Images};
use crate::report::orbit::OrbitSummary;
use crate::report::runs_csv::RowFormat;
use crate::report::sampling::SamplingSummary;
use crate::report::shard::{Fnv1a, ShardManifest};
use crate::scenario::Scenario;
use std::io::{self, Write};

/// A finished batch, as every exporter sees it.
#[derive(Debug)]
pub(crate) struct Finished<'a> {
    /// The scenario simulated.
    pub(crate) scenario: &'a Scenario,
    /// The batch's summary statistics.
    pub(crate) summary: Summary,
    /// The launch, outbound transfer and windows, with an orbit.
    pub(crate) orbit: Option<OrbitSummary>,
    /// The sampling design and correlations, unless random without any.
    pub(crate) sampling: Option<SamplingSummary>,
    /// The report document (charts included when they were drawn).
    pub(crate) report: Vec<Block>,
}

/// One output file of a batch.
pub(crate) trait Exporter: Send {
    /// The file's name inside the result directory.
    fn file_name(&self) -> &'static str;

    /// Writes what comes before the first replication.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Takes the next replication, in replication order; formats that only
    /// need the finished batch ignore it.
    fn row(&mut self, _record: &RunRecord, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Writes the rest once every replication has been seen.
    fn finish(&mut self, batch: &Finished<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The exporters of a whole batch's results: runs.csv, summary.json,
/// report.md, summary.md and report.html, in the order they are put in
/// place.
pub(crate) fn results() -> Vec<Box<dyn Exporter>> {
    vec![
        Box::new(RunsCsv::default()),
        Box::new(SummaryJson),
        Box::new(Markdown(Images::Linked)),
        Box::new(Markdown(Images::Listed)),
        Box::new(ReportHtml),
    ]
}

/// The exporters of one shard: its runs.csv and the manifest `merge` reads.
pub(crate) fn shard(manifest: ShardManifest) -> Vec<Box<dyn Exporter>> {
    vec![
        Box::new(RunsCsv::default()),
        Box::new(ShardJson {
            manifest,
            rows: RowFormat::default(),
            hash: Fnv1a::default(),
        }),
    ]
}

/// `runs.csv`: a header, then one row per replication as it arrives.
#[derive(Debug, Default)]
struct RunsCsv(RowFormat);

impl Exporter for RunsCsv {
    fn file_name(&self) -> &'static str {
        "runs.csv"
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.0.header(out)
    }

    fn row(&mut self, record: &RunRecord, out: &mut dyn Write) -> io::Result<()> {
        self.0.row(record, out)
    }

    fn finish(&mut self, _batch: &Finished<'_>, out: &mut dyn Write) -> io::Result<()> {
        self.0.flush(out)
    }
}

/// `summary.json`: the summary as pretty JSON.
#[derive(Debug)]
struct SummaryJson;

impl Exporter for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }

    fn finish(&mut self, batch: &Finished<'_>, mut out: &mut dyn Write) -> io::Result<()> {
        batch
            .summary
            .write_json(batch.orbit.as_ref(), batch.sampling.as_ref(), &mut out)
    }
}

/// The report document as Markdown: `report.md` with the charts as images,
/// or `summary.md` (for a CI job summary) with them listed as files.
#[derive(Debug)]
struct Markdown(Images);

impl Exporter for Markdown {
    fn file_name(&self) -> &'static str {
        match self.0 {
            Images::Linked => "report.md",
            Images::Listed => "summary.md",
        }
    }

    fn finish(&mut self, batch: &Finished<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(document::to_markdown_with(&batch.report, self.0).as_bytes())
    }
}

/// `report.html`: the report document as one self-contained HTML page.
#[derive(Debug)]
struct ReportHtml;

impl Exporter for ReportHtml {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn finish(&mut self, batch: &Finished<'_>, out: &mut dyn Write) -> io::Result<()> {
        let title = format!("astromine: {}", batch.scenario.scenario.name.get_ref());
        out.write_all(document::to_html(&batch.report, &title).as_bytes())
    }
}

/// `shard.json`: the shard's manifest, with the hash of the runs.csv bytes
/// (formatted again here, so this file needs no other exporter).
#[derive(Debug)]
struct ShardJson {
    manifest: ShardManifest,
    rows: RowFormat,
    hash: Fnv1a,
}

impl Exporter for ShardJson {
    fn file_name(&self) -> &'static str {
        "shard.json"
    }

    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        self.rows.header(&mut self.hash)
    }

    fn row(&mut self, record: &RunRecord, _out: &mut dyn Write) -> io::Result<()> {
        self.rows.row(record, &mut self.hash)
    }

    fn finish(&mut self, _batch: &Finished<'_>, mut out: &mut dyn Write) -> io::Result<()> {
        self.rows.flush(&mut self.hash)?;
        self.manifest.runs_csv_fnv1a = self.hash.hex();
        serde_json::to_writer_pretty(&mut out, &self.manifest)?;
        writeln!(out)
    }
}
