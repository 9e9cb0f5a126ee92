//! What `check` warns about in a valid scenario: missions that cannot
//! succeed as written (docs/model.md §Outcomes). A warning does not stop a
//! run; it says before the batch what its results would only show after.

use crate::model::Prepared;
use crate::model::anchoring::Harpoon;
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
    out.extend(anchoring_warning(s));
    out.extend(correlation_warnings(s));
    out
}

/// `[correlations]` pairs that this scenario cannot apply because it fixes
/// one of their keys: a constant has no ranks to arrange (the report says
/// "not applied"). A warning, not an error: a sweep may fix a key on purpose.
fn correlation_warnings(s: &Scenario) -> Vec<String> {
    s.correlations
        .pairs
        .iter()
        .filter_map(|pair| {
            let keys = pair.specs()?;
            let fixed: Vec<&str> = keys
                .iter()
                .filter(|k| !crate::design::varies(s, k))
                .map(|k| k.path)
                .collect();
            (!fixed.is_empty()).then(|| {
                format!(
                    "correlations.pairs: the rank correlation {} between {} and {} is not applied: {} {} a fixed number here, and a constant has no ranks to arrange",
                    super::format::significant(*pair.rank.get_ref()),
                    keys[0].path,
                    keys[1].path,
                    fixed.join(" and "),
                    if fixed.len() == 1 { "is" } else { "are" },
                )
            })
        })
        .collect()
}

/// The share of missions below which anchoring is said to almost never
/// succeed.
const RARELY: f64 = 0.01;

/// Probability that anchoring reaches `fleet.min_anchored`, averaged over
/// the surface strength's distribution (the other anchoring keys at their
/// medians).
pub fn anchoring_probability(s: &Scenario) -> f64 {
    let median = |p: &crate::scenario::Param| p.dist().sampler().quantile(0.5);
    let a = &s.anchoring;
    let harpoon = Harpoon {
        min_strength_kpa: median(&a.min_strength_kpa),
        max_strength_kpa: median(&a.max_strength_kpa),
        site_sigma: median(&a.site_variability_sigma),
        tether_failure_prob: median(&a.tether_failure_prob),
    };
    let strength = s.target.surface_strength_kpa.dist().sampler();
    // The mean over the strength's quantiles at the midpoints of 400 equal
    // slices of probability.
    const SLICES: u32 = 400;
    (0..SLICES)
        .map(|i| {
            let u = (f64::from(i) + 0.5) / f64::from(SLICES);
            harpoon.fleet_anchor_probability(
                strength.quantile(u),
                *a.harpoons_per_robot.get_ref(),
                *s.fleet.robots.get_ref(),
                *s.fleet.min_anchored.get_ref(),
            )
        })
        .sum::<f64>()
        / f64::from(SLICES)
}

/// Anchoring that almost never reaches `fleet.min_anchored` with the
/// harpoons carried.
fn anchoring_warning(s: &Scenario) -> Option<String> {
    let p = anchoring_probability(s);
    (p < RARELY).then(|| {
        format!(
            "fleet.min_anchored = {} of {} robots is reached in {:.2}% of missions with \
             anchoring.harpoons_per_robot = {} (at the surface strengths drawn): nearly every \
             replication ends in anchoring_failure; carry more harpoons, need fewer robots \
             anchored or widen the strength window",
            s.fleet.min_anchored.get_ref(),
            s.fleet.robots.get_ref(),
            100.0 * p,
            s.anchoring.harpoons_per_robot.get_ref()
        )
    })
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
