//! Turning results into files people read: summaries, tables, charts.

pub mod files;
pub mod font;
pub mod runs_csv;
pub mod summary;
