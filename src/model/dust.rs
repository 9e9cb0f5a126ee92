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
///
/// The cloud changes only when dust is lofted or the arrays are cleaned:
/// it keeps its state as of that moment (its anchor), and a read at any
/// later time decays from there in one step without changing anything. So
/// how often the power pool looks at the arrays does not change the dust.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DustCloud {
    settle_h: f64,
    deposit_fraction: f64,
    loss_per_kg: f64,
    /// Airborne at the anchor, kg.
    airborne_kg: f64,
    /// When dust was last lofted or the arrays cleaned.
    anchor_h: f64,
    /// Settled by the anchor, kg.
    settled_kg: f64,
    /// On the arrays at the anchor, kg.
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
            anchor_h: 0.0,
            settled_kg: 0.0,
            on_arrays_kg: 0.0,
        }
    }

    /// Dust settled between the anchor and `now_h` (dC/dt = −C/τ), kg.
    fn settled_since_anchor(&self, now_h: f64) -> f64 {
        let dt = now_h - self.anchor_h;
        if dt > 0.0 && self.airborne_kg > 0.0 {
            -self.airborne_kg * exp_m1(-dt / self.settle_h)
        } else {
            0.0
        }
    }

    /// Moves the anchor to `now_h` (not before the anchor).
    fn anchor(&mut self, now_h: f64) {
        let settled = self.settled_since_anchor(now_h);
        self.airborne_kg -= settled;
        self.settled_kg += settled;
        self.on_arrays_kg += settled * self.deposit_fraction;
        self.anchor_h = self.anchor_h.max(now_h);
    }

    /// Adds `kg` of dust to the cloud at `now_h`.
    pub fn loft(&mut self, now_h: f64, kg: f64) {
        self.anchor(now_h);
        self.airborne_kg += kg;
    }

    /// Airborne mass as of the last loft or cleaning, kg.
    pub fn airborne_kg(&self) -> f64 {
        self.airborne_kg
    }

    /// Hours until the cloud decays from its mass at the last loft or
    /// cleaning to `kg` (> 0).
    pub fn hours_to_decay_to(&self, kg: f64) -> f64 {
        if self.airborne_kg <= kg {
            0.0
        } else {
            self.settle_h * (self.airborne_kg / kg).ln()
        }
    }

    /// Fraction of array output lost at `now_h` (not before the last loft
    /// or cleaning): min(1, deposited kg × loss per kg).
    pub fn array_loss(&self, now_h: f64) -> f64 {
        let settled = self.settled_since_anchor(now_h);
        self.loss_of(self.on_arrays_kg + settled * self.deposit_fraction)
    }

    fn loss_of(&self, on_arrays_kg: f64) -> f64 {
        (on_arrays_kg * self.loss_per_kg).min(1.0)
    }

    /// Bounds on the array loss at any time from the last loft or cleaning
    /// to the next: with nothing more settled, and with all the airborne
    /// dust settled.
    pub fn array_loss_bounds(&self) -> (f64, f64) {
        let all_settled = self.on_arrays_kg + self.airborne_kg * self.deposit_fraction;
        (self.loss_of(self.on_arrays_kg), self.loss_of(all_settled))
    }

    /// Removes `efficiency` of the dust on the arrays at `now_h`
    /// (electrostatic cleaning).
    pub fn clean(&mut self, now_h: f64, efficiency: f64) {
        self.anchor(now_h);
        self.on_arrays_kg *= 1.0 - efficiency;
    }

    /// All the dust lofted and not escaped: settled so far, and whatever is
    /// still airborne (at the end of the replication it counts as settled).
    pub fn settled_in_the_end_kg(&self) -> f64 {
        self.settled_kg + self.airborne_kg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cloud_follows_the_closed_form_of_each_loft() {
        // Two lofts, each decaying as m·e^(−t/τ) from its own time; what
        // settles, f of it on the arrays, costs L per kg.
        let (tau, f, l) = (6.0, 0.3, 1e-3);
        let mut cloud = DustCloud::new(tau, f, l);
        cloud.loft(0.0, 500.0);
        cloud.loft(4.0, 200.0);
        let airborne = |t: f64| 500.0 * (-t / tau).exp() + 200.0 * (-(t - 4.0) / tau).exp();
        assert!((cloud.airborne_kg() - airborne(4.0)).abs() < 1e-10);
        for t in [4.0, 5.0, 9.5, 30.0] {
            let want = ((700.0 - airborne(t)) * f * l).min(1.0);
            let got = cloud.array_loss(t);
            assert!((got - want).abs() < 1e-13, "at {t} h: {got} vs {want}");
        }
        assert_eq!(cloud.settled_in_the_end_kg(), 700.0);
        // Cleaning at 9.5 h removes 80% of what is on the arrays by then.
        let before = cloud.array_loss(9.5);
        cloud.clean(9.5, 0.8);
        assert!((cloud.array_loss(9.5) - 0.2 * before).abs() < 1e-15);
    }

    #[test]
    fn the_loss_bounds_bracket_the_loss_until_the_next_loft() {
        let mut cloud = DustCloud::new(6.0, 0.3, 1e-3);
        cloud.loft(0.0, 500.0);
        cloud.loft(2.0, 100.0);
        let (least, most) = cloud.array_loss_bounds();
        assert!(least < most);
        for t in [2.0, 2.5, 5.0, 20.0, 200.0] {
            let loss = cloud.array_loss(t);
            assert!(
                least <= loss && loss <= most,
                "at {t} h: {loss} outside {least}…{most}"
            );
        }
        // Long after, everything airborne has settled: the upper bound.
        assert!((cloud.array_loss(2.0 + 6.0 * 60.0) - most).abs() < 1e-12);
    }
}
