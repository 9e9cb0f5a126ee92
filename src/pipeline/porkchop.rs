//! `astromine porkchop`: a scenario's return (or outbound) porkchop as a CSV
//! of each departure day's best transfer and a chart, written into
//! `OUT/<name>-porkchop-<leg>/` the way studies write theirs.

use super::{BatchError, Staging, io_error};
use crate::batch::signals;
use crate::model::Prepared;
use crate::model::sky::Sky;
use crate::orbit::porkchop::{FLIGHT_STEP_DAYS, Leg, Porkchop, Span, Window, porkchop};
use crate::report::charts::{PorkchopChart, render_porkchop};
use crate::report::porkchop_csv::write_porkchop_csv;
use crate::report::results::ResultsError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which leg a porkchop shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// Target → Earth: the windows the scenario's trips use.
    Return,
    /// Earth → target, for a year either side of the launch date.
    Outbound,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Return => "return",
            Which::Outbound => "outbound",
        }
    }
}

/// Days either side of the launch date an outbound porkchop covers.
const OUTBOUND_DAYS_AROUND_LAUNCH: u32 = 365;

/// What `porkchop` wrote.
#[derive(Debug, Clone)]
pub(crate) struct PorkchopDone {
    /// The results folder.
    pub(crate) dir: PathBuf,
    /// Departure days with a transfer, and all departure days.
    pub(crate) days: (usize, usize),
    /// Windows marked.
    pub(crate) windows: usize,
}

/// The porkchop of `which` for `prepared`, its windows, and the leg.
fn compute(prepared: &Prepared, sky: &Sky, which: Which) -> Result<(Drawn, Leg), String> {
    let s = prepared.scenario();
    match which {
        Which::Return => {
            let r = sky.returns.as_ref().ok_or_else(|| {
                "its return windows are fixed (return.windows = \"fixed\"); the return \
                 porkchop is computed for return.windows = \"orbit\""
                    .to_owned()
            })?;
            let jd = |day: u32| sky.launch.jd() + f64::from(day);
            let windows = r
                .windows
                .iter()
                .map(|w| Window {
                    open_jd: jd(w.open_day),
                    close_jd: jd(w.close_day),
                    best: w.best,
                })
                .collect();
            Ok((
                Drawn {
                    porkchop: Arc::clone(&r.porkchop),
                    windows,
                    limit: Some(r.max_delta_v_m_s),
                },
                r.leg,
            ))
        }
        Which::Outbound => {
            let r = &s.return_plan;
            let (min_flight_days, max_flight_days) = r.flight_days();
            let span = Span {
                first_departure_jd: sky.launch.jd() - f64::from(OUTBOUND_DAYS_AROUND_LAUNCH),
                departure_days: 2 * OUTBOUND_DAYS_AROUND_LAUNCH + 1,
                min_flight_days,
                max_flight_days,
                flight_step_days: FLIGHT_STEP_DAYS,
                max_revolutions: r.max_revolutions(),
            };
            let orbit = s.target.orbit.as_ref().ok_or("it has no target.orbit")?;
            let pc = porkchop(orbit.orbit(), &Leg::Outbound, &span).map_err(|e| e.to_string())?;
            // The scenario's own launch, marked like a window's best.
            let windows = sky
                .outbound
                .iter()
                .map(|t| Window {
                    open_jd: t.departure_jd,
                    close_jd: t.departure_jd,
                    best: *t,
                })
                .collect();
            Ok((
                Drawn {
                    porkchop: Arc::new(pc),
                    windows,
                    limit: None,
                },
                Leg::Outbound,
            ))
        }
    }
}

/// A porkchop with the windows to mark and the window limit.
struct Drawn {
    porkchop: Arc<Porkchop>,
    windows: Vec<Window>,
    limit: Option<f64>,
}

/// Writes the porkchop of `which` for `prepared` into
/// `out/<name>-porkchop-<which>/`: `porkchop.csv` and `charts/porkchop.png`
/// and `.svg`, replacing the previous ones only when complete.
pub(crate) fn write(
    prepared: &Prepared,
    which: Which,
    out: &Path,
) -> Result<PorkchopDone, BatchError> {
    let s = prepared.scenario();
    let name = s.scenario.name.get_ref();
    let sky = prepared.sky().ok_or_else(|| {
        BatchError::Usage(format!(
            "{name} has no target.orbit: a porkchop needs the target's orbit; name a catalog \
             target (target.orbit = \"bennu\") or give its elements"
        ))
    })?;
    let (pc, leg) = compute(prepared, sky, which)
        .map_err(|why| BatchError::Usage(format!("{name}: no {} porkchop: {why}", which.name())))?;
    signals::catch().map_err(io_error("installing the signal handlers".to_owned()))?;
    let dir = out.join(format!("{name}-porkchop-{}", which.name()));
    let staging = Staging::begin(dir.clone(), &["porkchop.csv", "charts"])?;
    let csv = staging.path().join("porkchop.csv");
    write_porkchop_csv(&csv, &pc.porkchop)
        .map_err(io_error(format!("writing {}", csv.display())))?;
    let chart = PorkchopChart {
        porkchop: &pc.porkchop,
        windows: &pc.windows,
        leg,
        target: s.target.name.clone(),
        max_total_dv_m_s: pc.limit,
    };
    render_porkchop(&chart, name, &staging.path().join("charts")).map_err(ResultsError::from)?;
    if let Some(sig) = signals::caught() {
        return Err(BatchError::Interrupted(sig));
    }
    staging.commit()?;
    let best = &pc.porkchop.best();
    Ok(PorkchopDone {
        dir,
        days: (best.iter().flatten().count(), best.len()),
        windows: pc.windows.len(),
    })
}
