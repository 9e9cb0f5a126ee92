//! `astromine trace` output: every event of a replication written as it
//! happens (CSV or JSON lines), so a long replication is streamed, never
//! held in memory.

use super::runs_csv::csv_io;
use crate::model::trace::{TraceEvent, TraceRow, TraceSink};
use std::io::{self, Write};

/// A [`TraceSink`] that writes each event as a row. The first write error
/// is kept (later events are dropped) and returned by
/// [`TraceWriter::finish`].
pub struct TraceWriter<W: Write> {
    out: Out<W>,
    error: Option<io::Error>,
    rows: u64,
}

enum Out<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: Write> TraceWriter<W> {
    /// Rows as CSV with a header line.
    pub fn csv(out: W) -> Self {
        Self::new(Out::Csv(Box::new(csv::Writer::from_writer(out))))
    }

    /// Rows as JSON objects, one per line.
    pub fn jsonl(out: W) -> Self {
        Self::new(Out::Jsonl(out))
    }

    fn new(out: Out<W>) -> Self {
        Self {
            out,
            error: None,
            rows: 0,
        }
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn write(&mut self, row: &TraceRow) -> io::Result<()> {
        match &mut self.out {
            Out::Csv(w) => w.serialize(row).map_err(csv_io),
            Out::Jsonl(w) => {
                serde_json::to_writer(&mut *w, row)?;
                writeln!(w)
            }
        }
    }

    /// Flushes the rows; the first error met while writing, if any.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        match &mut self.out {
            Out::Csv(w) => w.flush(),
            Out::Jsonl(w) => w.flush(),
        }
    }
}

impl<W: Write> TraceSink for TraceWriter<W> {
    fn record(&mut self, event: TraceEvent) {
        if self.error.is_none() {
            match self.write(&TraceRow::from(&event)) {
                Ok(()) => self.rows += 1,
                Err(e) => self.error = Some(e),
            }
        }
    }
}
