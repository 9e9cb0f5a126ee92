//! Turning results into files people read: summaries, tables, reports,
//! and the chart font.

pub mod charts;
pub mod document;
pub mod files;
pub mod font;
pub mod format;
pub mod results;
pub mod runs_csv;
pub mod shard;
pub(crate) mod study;
pub mod summary;
