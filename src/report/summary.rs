//! `summary.json`: a batch's [`Summary`] as pretty JSON.

use crate::aggregate::Summary;

impl Summary {
    /// Writes the summary as pretty JSON with a final newline.
    pub fn write_json(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }
}
