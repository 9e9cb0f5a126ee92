//! `astromine orbit`: the shipped target catalog, and the daily geometry of
//! a target (Sun and Earth distance, light time, elongation, phase angle,
//! solar conjunction) between two dates.

use super::{CliError, LegArg, OrbitArgs, PorkchopArgs, TraceFormat, print};
use crate::model::{Prepared, SimError};
use crate::orbit::catalog::{Target, catalog, target};
use crate::orbit::ephemeris::{EPHEMERIS_YEARS, Orbit};
use crate::orbit::geometry::{GeometryDay, geometry_table};
use crate::pipeline::porkchop::Which;
use crate::report::runs_csv::csv_io;
use serde::Serialize;
use std::io::Write;

/// Elongation below which a bare target name counts as in conjunction, deg.
const DEFAULT_MIN_ELONGATION_DEG: f64 = 3.0;

/// One row of the geometry table, rounded for reading.
#[derive(Debug, Serialize)]
struct Row {
    date: String,
    jd: f64,
    sun_distance_au: f64,
    earth_distance_au: f64,
    light_time_min: f64,
    elongation_deg: f64,
    phase_deg: f64,
    conjunction: bool,
}

/// `x` to `digits` decimals.
fn round(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

impl From<&GeometryDay> for Row {
    fn from(d: &GeometryDay) -> Self {
        Self {
            date: d.date.to_string(),
            jd: d.jd,
            sun_distance_au: round(d.sun_distance_au, 6),
            earth_distance_au: round(d.earth_distance_au, 6),
            light_time_min: round(d.light_time_min, 3),
            elongation_deg: round(d.elongation_deg, 3),
            phase_deg: round(d.phase_deg, 3),
            conjunction: d.conjunction,
        }
    }
}

/// Runs `astromine orbit`.
pub(super) fn orbit(args: &OrbitArgs) -> Result<(), CliError> {
    let usage = |e: &dyn std::fmt::Display| CliError::Usage(e.to_string());
    if args.list {
        let targets = catalog().map_err(|e| usage(&e))?;
        return print("writing the table", |out| list(targets, out));
    }
    let (Some(name), Some(from), Some(to)) = (&args.target, args.from, args.to) else {
        return Err(CliError::Usage(
            "give a target and a date range, e.g. `astromine orbit bennu --from 2030-01-01 \
             --to 2036-12-31`, or `astromine orbit --list` for the targets"
                .into(),
        ));
    };
    for d in [from, to] {
        if !EPHEMERIS_YEARS.contains(&d.year()) {
            return Err(CliError::Usage(format!(
                "{d} is outside 1800-01-01 to 2100-12-31, the years Earth's orbital elements \
                 hold for"
            )));
        }
    }
    let (orbit, min_elongation) = target_orbit(name)?;
    let days =
        geometry_table(&orbit, from, to, args.step, min_elongation).map_err(|e| usage(&e))?;
    print("writing the table", |out| match args.format {
        TraceFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            for d in &days {
                w.serialize(Row::from(d)).map_err(csv_io)?;
            }
            w.flush()
        }
        TraceFormat::Jsonl => days.iter().try_for_each(|d| {
            serde_json::to_writer(&mut *out, &Row::from(d))?;
            writeln!(out)
        }),
    })
}

/// The orbit and conjunction limit `name` stands for: a scenario file with
/// `target.orbit` (a path ending in `.toml`, or one that exists), or a
/// catalog target with the default limit.
fn target_orbit(name: &str) -> Result<(Orbit, f64), CliError> {
    let path = std::path::Path::new(name);
    if !(name.ends_with(".toml") || path.is_file()) {
        let t = target(name).map_err(|e| CliError::Usage(e.to_string()))?;
        return Ok((t.orbit.clone(), DEFAULT_MIN_ELONGATION_DEG));
    }
    let s = super::load(path)?;
    let Some(orbit) = &s.target.orbit else {
        return Err(CliError::Usage(format!(
            "{name} has no target.orbit: its geometry is fixed by target.distance_au and \
             power.heliocentric_au; name a catalog target or a scenario with an orbit"
        )));
    };
    Ok((orbit.orbit().clone(), s.comms.min_elongation_deg.setting()))
}

/// Runs `astromine porkchop`.
pub(super) fn porkchop(args: &PorkchopArgs) -> Result<(), CliError> {
    let scenario = super::load(&args.scenario)?;
    let started = std::time::Instant::now();
    let prepared = Prepared::new(&scenario).map_err(SimError::from)?;
    let which = match args.leg {
        LegArg::Return => Which::Return,
        LegArg::Outbound => Which::Outbound,
    };
    let done = crate::pipeline::porkchop::write(&prepared, which, &args.out)?;
    let marked = match which {
        Which::Outbound => "the scenario's launch marked".to_owned(),
        Which::Return => format!(
            "{} window{} marked",
            done.windows,
            if done.windows == 1 { "" } else { "s" }
        ),
    };
    super::say(format_args!(
        "{}: porkchop of {} departure days ({} with a prograde transfer), {marked}, in {:.1} s; \
         results in {}{}",
        scenario.scenario.name.get_ref(),
        done.days.1,
        done.days.0,
        started.elapsed().as_secs_f64(),
        done.dir.display(),
        std::path::MAIN_SEPARATOR
    ));
    Ok(())
}

/// The catalog as an aligned table.
fn list(targets: &[Target], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<10} {:<30} {:<5} {:>9} {:>8} {:>9} {:>7} {:>6} {:>6}  epoch",
        "name", "designation", "type", "diam. m", "kg/m³", "rot. h", "a au", "e", "i deg"
    )?;
    for t in targets {
        let o = t.orbit.elements();
        let density = t
            .bulk_density_kg_m3
            .map_or_else(|| "—".to_owned(), |d| format!("{d:.0}"));
        let epoch = crate::orbit::date::Date::from_jd(o.epoch_jd)
            .map_or_else(|_| format!("JD {}", o.epoch_jd), |d| d.to_string());
        writeln!(
            out,
            "{:<10} {:<30} {:<5} {:>9.0} {:>8} {:>9.3} {:>7.4} {:>6.4} {:>6.2}  {epoch}",
            t.name,
            t.designation,
            t.spectral_type,
            t.diameter_m,
            density,
            t.rotation_h,
            o.a_au,
            o.e,
            o.i_deg
        )?;
    }
    writeln!(
        out,
        "\nSources: JPL Small-Body Database (orbits) and the papers in data/targets.toml; \
         density \"—\": not measured, a scenario must give it."
    )
}
