//! The keys of electrolysis, needed only where it can happen: water from a
//! C-type target split into LOX/LH2 (docs/model.md §Water and propellant).
//! A steam return burns the water itself, and a metal target yields no
//! water, so neither needs them.

use super::declare::KeySpec;
use super::diagnostic::Diagnostic;
use super::orbit_keys::{missing_key, written};
use super::schema::{AsteroidClass, PropellantKind, Scenario, key};

/// The keys only electrolysis reads.
const ELECTROLYSIS: [&KeySpec; 2] = [
    key::propellant::electrolysis_kwh_per_kg,
    key::propellant::power_kw,
];

impl Scenario {
    /// Whether product water is electrolysed into LOX/LH2: a C-type target
    /// (water) and a LOX/LH2 engine.
    pub fn electrolyses(&self) -> bool {
        self.target.class == AsteroidClass::C && self.propellant.kind == PropellantKind::LoxLh2
    }
}

/// A missing-key error for each electrolysis key a scenario that
/// electrolyses leaves out; call before defaults are filled.
pub(super) fn check_presence(s: &Scenario, out: &mut Vec<Diagnostic>) {
    if !s.electrolyses() {
        return;
    }
    out.extend(
        ELECTROLYSIS
            .iter()
            .filter(|spec| !written(s, spec))
            .map(|spec| {
                missing_key(
                    spec,
                    "water from a C-type target is electrolysed into LOX/LH2 \
                     (propellant.kind = \"lox_lh2\")",
                )
            }),
    );
}
