//! Turning results into files people read: summaries, tables, reports,
//! and the chart font.

pub mod files;
pub mod font;
pub mod format;
pub mod markdown;
pub mod runs_csv;
pub mod shard;
pub mod summary;
