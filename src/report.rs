//! Turning results into files people read: summaries, tables, reports,
//! and the chart font.

pub mod charts;
pub mod costs;
pub(crate) mod document;
pub(crate) mod files;
pub mod font;
pub(crate) mod format;
pub mod orbit;
pub mod porkchop_csv;
pub(crate) mod precision;
pub(crate) mod results;
pub(crate) mod runs_csv;
pub mod sampling;
pub(crate) mod selection;
pub(crate) mod shard;
pub(crate) mod study;
pub(crate) mod summary;
pub(crate) mod time;
pub mod trace;
pub mod warnings;
