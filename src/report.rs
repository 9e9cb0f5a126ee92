//! Turning results into files people read: charts and reports.

pub mod font;
