//! What `check` warns about in a valid scenario: missions that cannot
//! succeed as written (docs/model.md §Outcomes). A warning does not stop a
//! run; it says before the batch what its results would only show after.

use crate::model::Prepared;
use crate::model::transit::{max_cargo, propellant_for};
use crate::scenario::{AsteroidClass, Scenario};

/// The lowest Δv (m/s) any trip of `prepared` could leave at: the fixed
/// windows' Δv at its lowest draw, or the cheapest window of the orbit.
fn lowest_dv(prepared: &Prepared) -> Option<f64> {
    let s = prepared.scenario();
    match prepared.sky().and_then(|sky| sky.returns.as_ref()) {
        Some(r) => r
            .windows
            .iter()
            .map(|w| w.best.total_dv_m_s)
            .min_by(f64::total_cmp),
        None => Some(s.return_plan.delta_v_m_s.dist().support().low),
    }
}

/// Every warning for `prepared`: the orbit's (no window, windows before
/// operations, no outbound transfer) and the propellant's.
pub fn warnings(prepared: &Prepared) -> Vec<String> {
    let s = prepared.scenario();
    let mut out = prepared
        .sky()
        .map(|sky| super::orbit::warnings(s, sky))
        .unwrap_or_default();
    if let Some(dv) = lowest_dv(prepared) {
        out.extend(propellant_warning(s, dv));
    }
    out
}

/// For metal (classes S and M) all return propellant comes from Earth: a
/// trip can never carry more than `propellant.initial_kg` flies at the
/// lowest Δv, before any boil-off.
fn propellant_warning(s: &Scenario, dv: f64) -> Option<String> {
    if s.target.class == AsteroidClass::C {
        return None;
    }
    let initial = s.propellant.initial_kg.dist().support().high;
    let dry = s.return_plan.dry_kg.dist().support().low;
    let isp = s.propellant.isp_s.dist().support().high;
    let target = s.return_plan.cargo_target_kg.dist().support().low;
    let most = max_cargo(initial, dry, dv, isp);
    if most <= 0.0 {
        return Some(format!(
            "no trip can ever leave: a class {} target makes no propellant, and \
             propellant.initial_kg = {initial:.0} kg cannot fly even the empty {dry:.0} kg \
             vehicle at {dv:.0} m/s (that needs {:.0} kg); no replication can succeed",
            s.target.class.name(),
            propellant_for(dry, dv, isp)
        ));
    }
    (most + 1e-6 < target).then(|| {
        format!(
            "the propellant brought from Earth ({initial:.0} kg) lifts at most {most:.0} kg of \
             cargo at {dv:.0} m/s, less than return.cargo_target_kg = {target:.0} kg: trips \
             can never leave full, so no replication can reach full success"
        )
    })
}
