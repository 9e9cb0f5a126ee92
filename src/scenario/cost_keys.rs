//! The keys that price a mission: `economics.mission_cost_usd` as a lump
//! sum, or its parts (development, units, launch) with the launched masses
//! they need; and the market response of the cargo price.
//! The rules: docs/model.md §Money.
//!
//! Presence is decided here, before defaults are filled in:
//! - `mission_cost_usd` alone is a lump sum; any part beside it is an error;
//! - without it, every part and every mass is needed;
//! - with a lump sum the masses are optional, all or none (they give the
//!   launched mass, reported but not priced);
//! - `price_exponent` and `market_kg` come together or not at all.

use super::declare::KeySpec;
use super::diagnostic::Diagnostic;
use super::orbit_keys::{missing_key, span_of, written};
use super::schema::{Scenario, key};

/// The parts of the mission cost, in `[economics]`.
const PARTS: [&KeySpec; 5] = [
    key::economics::development_usd,
    key::economics::robot_unit_usd,
    key::economics::plant_unit_usd,
    key::economics::return_vehicle_unit_usd,
    key::economics::launch_usd_per_kg,
];

/// The unit masses that, with the counts, `return.dry_kg` and
/// `propellant.initial_kg`, give the launched mass.
const MASSES: [&KeySpec; 5] = [
    key::fleet::robot_mass_kg,
    key::anchoring::harpoon_mass_kg,
    key::drilling::bit_mass_kg,
    key::processing::plant_mass_kg,
    key::processing::spare_mass_kg,
];

/// The market response's two keys.
const MARKET: [&KeySpec; 2] = [key::economics::price_exponent, key::economics::market_kg];

impl Scenario {
    /// Whether the mission cost is itemised (development, units, launch)
    /// rather than a lump sum.
    pub fn costs_itemised(&self) -> bool {
        !written(self, key::economics::mission_cost_usd)
    }

    /// Whether the unit masses are given, so the launched mass is known.
    pub fn has_masses(&self) -> bool {
        MASSES.iter().all(|spec| written(self, spec))
    }

    /// Whether the cargo price falls with the mass delivered.
    pub fn has_market(&self) -> bool {
        MARKET.iter().all(|spec| written(self, spec))
    }
}

/// Every problem with the presence of the cost keys; call before defaults
/// are filled.
pub(super) fn check_presence(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let lump = key::economics::mission_cost_usd;
    let any_part = PARTS.iter().any(|spec| written(s, spec));
    if !s.costs_itemised() {
        for spec in PARTS.into_iter().filter(|spec| written(s, spec)) {
            out.push(Diagnostic::new(
                spec.path,
                format!(
                    "cannot be given with {} (a lump sum): give the mission cost either as \
                     a lump sum or as its parts (development_usd, robot_unit_usd, \
                     plant_unit_usd, return_vehicle_unit_usd, launch_usd_per_kg); remove one",
                    lump.path
                ),
                span_of(s, spec),
            ));
        }
        if MASSES.iter().any(|spec| written(s, spec)) {
            missing_all(
                s,
                &MASSES,
                "the unit masses come all together or not at all",
                out,
            );
        }
    } else if any_part {
        let why = "an itemised mission cost needs every part and every unit mass";
        missing_all(s, &PARTS, why, out);
        missing_all(s, &MASSES, why, out);
    } else {
        out.push(missing_key(
            lump,
            "give the mission cost as a lump sum, or its parts (development_usd, \
             robot_unit_usd, plant_unit_usd, return_vehicle_unit_usd, launch_usd_per_kg, \
             with the unit masses)",
        ));
    }
    if MARKET.iter().any(|spec| written(s, spec)) {
        missing_all(
            s,
            &MARKET,
            "the market response needs price_exponent and market_kg together",
            out,
        );
    }
}

/// A missing-key error for each of `specs` not written, saying `why`.
fn missing_all(s: &Scenario, specs: &[&KeySpec], why: &str, out: &mut Vec<Diagnostic>) {
    out.extend(
        specs
            .iter()
            .filter(|spec| !written(s, spec))
            .map(|spec| missing_key(spec, why)),
    );
}
