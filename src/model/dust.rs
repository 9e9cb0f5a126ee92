//! Dust: escape speed, the local cloud that settles exponentially, and what
//! settles on the solar arrays.
//! The rules: docs/model.md §Dust.

use super::decay::exp_m1;

/// Newtonian constant of gravitation, m³/(kg·s²) (CODATA 2018).
pub const G: f64 = 6.674_30e-11;

/// Escape speed from the surface of a uniform sphere, m/s:
/// v = r·√(8πGρ/3) for diameter `diameter_m` and bulk density `density`.
pub fn escape_speed_m_s(diameter_m: f64, density_kg_m3: f64) -> f64 {
    0.5 * diameter_m * (8.0 * std::f64::consts::PI * G * density_kg_m3 / 3.0).sqrt()
}

/// The lofted dust around the site and its deposits on the arrays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DustCloud {
    settle_h: f64,
    deposit_fraction: f64,
    loss_per_kg: f64,
    airborne_kg: f64,
    updated_h: f64,
    settled_kg: f64,
    on_arrays_kg: f64,
}

impl DustCloud {
    /// An empty cloud settling with time constant `settle_h`, of which
    /// `deposit_fraction` lands on arrays that lose `loss_per_kg` per kg.
    pub fn new(settle_h: f64, deposit_fraction: f64, loss_per_kg: f64) -> Self {
        Self {
            settle_h,
            deposit_fraction,
            loss_per_kg,
            airborne_kg: 0.0,
            updated_h: 0.0,
            settled_kg: 0.0,
            on_arrays_kg: 0.0,
        }
    }

    /// Lets the cloud settle until `now_h` (dC/dt = −C/τ).
    pub fn advance(&mut self, now_h: f64) {
        let dt = now_h - self.updated_h;
        if dt > 0.0 && self.airborne_kg > 0.0 {
            let settled = -self.airborne_kg * exp_m1(-dt / self.settle_h);
            self.airborne_kg -= settled;
            self.settle(settled);
        }
        self.updated_h = self.updated_h.max(now_h);
    }

    fn settle(&mut self, kg: f64) {
        self.settled_kg += kg;
        self.on_arrays_kg += kg * self.deposit_fraction;
    }

    /// Adds `kg` of dust to the cloud at `now_h`.
    pub fn loft(&mut self, now_h: f64, kg: f64) {
        self.advance(now_h);
        self.airborne_kg += kg;
    }

    /// Airborne mass, kg (as of the last update).
    pub fn airborne_kg(&self) -> f64 {
        self.airborne_kg
    }

    /// Hours until the cloud decays from its current mass to `kg` (> 0).
    pub fn hours_to_decay_to(&self, kg: f64) -> f64 {
        if self.airborne_kg <= kg {
            0.0
        } else {
            self.settle_h * (self.airborne_kg / kg).ln()
        }
    }

    /// Fraction of array output lost: min(1, deposited kg × loss per kg).
    pub fn array_loss(&self) -> f64 {
        (self.on_arrays_kg * self.loss_per_kg).min(1.0)
    }

    /// Bounds on the array loss at any later time before more dust is
    /// lofted or the arrays are cleaned: as of the last update, and with
    /// all the airborne dust settled.
    pub fn array_loss_bounds(&self) -> (f64, f64) {
        let all_settled = self.on_arrays_kg + self.airborne_kg * self.deposit_fraction;
        (self.array_loss(), (all_settled * self.loss_per_kg).min(1.0))
    }

    /// Removes `efficiency` of the dust on the arrays (electrostatic cleaning).
    pub fn clean(&mut self, efficiency: f64) {
        self.on_arrays_kg *= 1.0 - efficiency;
    }

    /// Settles whatever is still airborne (end of the replication).
    pub fn settle_all(&mut self) {
        let kg = self.airborne_kg;
        self.airborne_kg = 0.0;
        self.settle(kg);
    }

    /// Total settled, kg.
    pub fn settled_kg(&self) -> f64 {
        self.settled_kg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loss_bounds_bracket_the_loss_until_the_next_loft() {
        let mut cloud = DustCloud::new(6.0, 0.3, 1e-3);
        cloud.loft(0.0, 500.0);
        cloud.advance(2.0);
        let (least, most) = cloud.array_loss_bounds();
        assert!(least < most);
        for t in [2.0, 2.5, 5.0, 20.0, 200.0] {
            let mut later = cloud;
            later.advance(t);
            let loss = later.array_loss();
            assert!(
                least <= loss && loss <= most,
                "at {t} h: {loss} outside {least}…{most}"
            );
        }
        // Long after, everything airborne has settled: the upper bound.
        let mut settled = cloud;
        settled.advance(2.0 + 6.0 * 60.0);
        assert!((settled.array_loss() - most).abs() < 1e-12);
    }
}
