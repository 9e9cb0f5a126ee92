//! Flight mechanics of the return: the rocket equation and the cargo a
//! propellant load can carry.
//! The rules: docs/model.md §Departures.

/// Standard gravity, m/s² (exact by definition).
pub const G0: f64 = 9.806_65;

/// Propellant for Δv `delta_v_m_s` at specific impulse `isp_s` with final
/// (burn-out) mass `mass_kg`: m_p = m·(exp(Δv / (Isp·g0)) − 1).
pub fn propellant_for(mass_kg: f64, delta_v_m_s: f64, isp_s: f64) -> f64 {
    mass_kg * (delta_v_m_s / (isp_s * G0)).exp_m1()
}

/// Largest cargo that `propellant_kg` can return with a vehicle of dry mass
/// `dry_kg` (may be negative: not even the empty vehicle can fly).
pub fn max_cargo(propellant_kg: f64, dry_kg: f64, delta_v_m_s: f64, isp_s: f64) -> f64 {
    let ratio = (delta_v_m_s / (isp_s * G0)).exp_m1();
    if ratio <= 0.0 {
        f64::INFINITY
    } else {
        propellant_kg / ratio - dry_kg
    }
}
