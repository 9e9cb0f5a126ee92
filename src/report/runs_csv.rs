//! `runs.csv`: one row per replication, in replication order.

use crate::model::{Metrics, RunRecord};
use std::io::{self, Write};

/// The header row: `run`, `outcome`, then every metric.
pub fn header() -> Vec<&'static str> {
    let mut h = vec!["run", "outcome"];
    h.extend(Metrics::NAMES);
    h
}

/// Writes the header and one row per record.
pub fn write(out: &mut impl Write, records: &[RunRecord]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header())?;
    let mut row: Vec<String> = Vec::with_capacity(2 + Metrics::COUNT);
    for r in records {
        row.clear();
        row.push(r.run.to_string());
        row.push(r.outcome.name().to_owned());
        row.extend(r.metrics.values().iter().map(f64::to_string));
        w.write_record(&row)?;
    }
    w.flush()
}
