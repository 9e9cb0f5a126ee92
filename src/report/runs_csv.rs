//! `runs.csv`: one row per replication, in replication order; written as
//! the batch streams by, and read back to merge shards.

use crate::model::{Metrics, Outcome, RunRecord};
use std::io::{self, Read, Write};

/// The header row: `run`, `outcome`, then every metric.
pub(crate) fn header() -> Vec<&'static str> {
    let mut h = vec!["run", "outcome"];
    h.extend(Metrics::NAMES);
    h
}

/// The I/O error inside a CSV error, so a broken pipe stays recognisable.
pub(crate) fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Bytes gathered before they are handed on to the output.
const DRAIN_AT: usize = 1 << 16;

/// Formats the header and rows of runs.csv into any writer, handing the
/// bytes on in blocks, so the same bytes can go to a file or into a hash.
#[derive(Debug)]
pub(crate) struct RowFormat {
    csv: csv::Writer<Vec<u8>>,
    row: Vec<String>,
}

impl Default for RowFormat {
    fn default() -> Self {
        Self {
            csv: csv::Writer::from_writer(Vec::with_capacity(DRAIN_AT)),
            row: Vec::with_capacity(2 + Metrics::COUNT),
        }
    }
}

impl RowFormat {
    /// Formats the header row and hands it on at once, so a file that
    /// cannot be written fails before the first replication.
    pub(crate) fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.csv.write_record(header()).map_err(csv_io)?;
        self.flush(out)
    }

    /// Formats one replication's row.
    pub(crate) fn row(&mut self, r: &RunRecord, out: &mut dyn Write) -> io::Result<()> {
        self.row.clear();
        self.row.push(r.run.to_string());
        self.row.push(r.outcome.name().to_owned());
        self.row
            .extend(r.metrics.values().iter().map(f64::to_string));
        self.csv.write_record(&self.row).map_err(csv_io)?;
        self.drain_if_full(out)
    }

    /// Hands every byte formatted so far on to `out`.
    pub(crate) fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let full = std::mem::replace(
            &mut self.csv,
            csv::Writer::from_writer(Vec::with_capacity(DRAIN_AT)),
        );
        let bytes = full.into_inner().map_err(|e| e.into_error())?;
        out.write_all(&bytes)
    }

    fn drain_if_full(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.csv.get_ref().len() >= DRAIN_AT {
            self.flush(out)?;
        }
        Ok(())
    }
}

/// The rows of a runs.csv, in file order. The header must be this
/// version's; values round-trip exactly (shortest representation written,
/// correctly rounded parse).
pub(crate) fn read_rows(
    input: impl Read,
) -> io::Result<impl Iterator<Item = io::Result<RunRecord>>> {
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
    Ok(csv
        .into_records()
        .map(|row| parse_row(&row.map_err(csv_io)?)))
}

fn bad(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
}

/// One runs.csv record as a replication's record.
fn parse_row(row: &csv::StringRecord) -> io::Result<RunRecord> {
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
    Ok(RunRecord {
        run,
        outcome,
        metrics: Metrics::from_values(values),
    })
}

/// One replication's row exactly as runs.csv holds it.
pub(crate) fn row_bytes(r: &RunRecord) -> io::Result<Vec<u8>> {
    let (mut format, mut bytes) = (RowFormat::default(), Vec::new());
    format.row(r, &mut bytes)?;
    format.flush(&mut bytes)?;
    Ok(bytes)
}
