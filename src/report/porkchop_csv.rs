//! `porkchop.csv`: each departure day's best transfer of a porkchop, one
//! row a day in date order, for spreadsheets and mission planners.

use super::files::write_atomic;
use super::runs_csv::csv_io;
use crate::orbit::date::Date;
use crate::orbit::porkchop::{Porkchop, Transfer};
use std::io;
use std::path::Path;

/// The header row of `porkchop.csv`.
pub const HEADER: [&str; 6] = [
    "departure_date",
    "flight_days",
    "revolutions",
    "departure_dv_m_s",
    "arrival_vinf_m_s",
    "total_dv_m_s",
];

/// A speed in m/s as the file writes it: rounded to 0.1 m/s, always one
/// decimal, so the same transfer always gives the same text.
fn speed(m_s: f64) -> String {
    format!("{m_s:.1}")
}

/// The row of the departure day `jd`: its date, then the day's best
/// transfer, or empty fields when no transfer departs that day.
fn row(jd: f64, best: Option<&Transfer>) -> io::Result<[String; 6]> {
    let date = Date::from_jd(jd)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?
        .to_string();
    Ok(match best {
        Some(t) => [
            date,
            t.flight_days.to_string(),
            t.revolutions.to_string(),
            speed(t.departure_dv_m_s),
            speed(t.arrival_vinf_m_s),
            speed(t.total_dv_m_s),
        ],
        None => [
            date,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
    })
}

/// Writes `path` atomically: the [`HEADER`], then one row per departure day
/// of `pc` ([`Porkchop::best`]): the date `YYYY-MM-DD`, the best transfer's
/// flight time (days) and revolutions, and its departure Δv (the launch v∞
/// of an outbound leg), arrival v∞ and total, in m/s rounded to 0.1 m/s. A
/// day with no transfer has its date and empty fields.
pub fn write_porkchop_csv(path: &Path, pc: &Porkchop) -> io::Result<()> {
    write_atomic(path, |out| {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(HEADER).map_err(csv_io)?;
        for (day, best) in pc.best().iter().enumerate() {
            let jd = pc.first_departure_jd() + day as f64;
            csv.write_record(row(jd, best.as_ref())?).map_err(csv_io)?;
        }
        csv.flush()
    })
}
