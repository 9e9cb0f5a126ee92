//! `runs.csv`: one row per replication, in replication order; written as
//! the batch streams by, and read back to merge shards.

use crate::model::{Metrics, Outcome, RunRecord};
use std::io::{self, Read, Write};

/// The header row: `run`, `outcome`, then every metric.
pub fn header() -> Vec<&'static str> {
    let mut h = vec!["run", "outcome"];
    h.extend(Metrics::NAMES);
    h
}

/// Writes rows as they come.
#[derive(Debug)]
pub struct RunsCsvWriter<W: Write> {
    csv: csv::Writer<W>,
    row: Vec<String>,
}

fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl<W: Write> RunsCsvWriter<W> {
    /// A writer that has written the header.
    pub fn new(out: W) -> io::Result<Self> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(header()).map_err(csv_io)?;
        Ok(Self {
            csv,
            row: Vec::with_capacity(2 + Metrics::COUNT),
        })
    }

    /// Writes one replication's row.
    pub fn write(&mut self, r: &RunRecord) -> io::Result<()> {
        self.row.clear();
        self.row.push(r.run.to_string());
        self.row.push(r.outcome.name().to_owned());
        self.row
            .extend(r.metrics.values().iter().map(f64::to_string));
        self.csv.write_record(&self.row).map_err(csv_io)
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// Reads every row of a runs.csv, calling `each` in file order. The header
/// must be this version's; values round-trip exactly (shortest
/// representation written, correctly rounded parse).
pub fn read_rows(
    input: impl Read,
    mut each: impl FnMut(RunRecord) -> io::Result<()>,
) -> io::Result<()> {
    let bad = |what: String| io::Error::new(io::ErrorKind::InvalidData, what);
    let mut csv = csv::Reader::from_reader(input);
    let found: Vec<String> = csv
        .headers()
        .map_err(csv_io)?
        .iter()
        .map(str::to_owned)
        .collect();
    if found != header() {
        return Err(bad(
            "its header is not this version's runs.csv header".into()
        ));
    }
    let mut row = csv::StringRecord::new();
    while csv.read_record(&mut row).map_err(csv_io)? {
        let line = row.position().map_or(0, csv::Position::line);
        let field = |i: usize| row.get(i).unwrap_or("");
        let run = field(0)
            .parse()
            .map_err(|_| bad(format!("line {line}: bad run index")))?;
        let outcome = Outcome::from_name(field(1))
            .ok_or_else(|| bad(format!("line {line}: unknown outcome {:?}", field(1))))?;
        let mut values = [0.0; Metrics::COUNT];
        for (i, v) in values.iter_mut().enumerate() {
            *v = field(i + 2)
                .parse()
                .map_err(|_| bad(format!("line {line}: bad {}", Metrics::NAMES[i])))?;
        }
        each(RunRecord {
            run,
            outcome,
            metrics: Metrics::from_values(values),
        })?;
    }
    Ok(())
}
