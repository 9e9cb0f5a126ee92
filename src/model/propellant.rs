//! Propellant: the stock on hand with exponential boil-off, and the rule that
//! splits product water between propellant and cargo.
//! The rules: docs/model.md §Water and propellant.

use super::decay::exp_m1;
use crate::units::HOURS_PER_DAY;

/// Propellant on hand, boiling off exponentially (LOX/LH2) or not (water).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PropellantStore {
    kg: f64,
    updated_h: f64,
    decay_per_h: f64,
    boiled_kg: f64,
}

impl PropellantStore {
    /// A store holding `initial_kg` at time zero, losing `boiloff_pct_per_day`
    /// per day (0 for water).
    pub fn new(initial_kg: f64, boiloff_pct_per_day: f64) -> Self {
        Self {
            kg: initial_kg,
            updated_h: 0.0,
            decay_per_h: boiloff_pct_per_day / 100.0 / HOURS_PER_DAY,
            boiled_kg: 0.0,
        }
    }

    /// Applies boil-off up to `now_h`.
    pub fn advance(&mut self, now_h: f64) {
        let dt = now_h - self.updated_h;
        if dt > 0.0 && self.kg > 0.0 && self.decay_per_h > 0.0 {
            let lost = -self.kg * exp_m1(-self.decay_per_h * dt);
            self.kg -= lost;
            self.boiled_kg += lost;
        }
        self.updated_h = self.updated_h.max(now_h);
    }

    /// Propellant on hand at `now_h`.
    pub fn level(&mut self, now_h: f64) -> f64 {
        self.advance(now_h);
        self.kg
    }

    /// Propellant on hand at `now_h`, without recording the boil-off (for
    /// reporting: it leaves the stock's arithmetic untouched).
    pub fn peek(&self, now_h: f64) -> f64 {
        let dt = (now_h - self.updated_h).max(0.0);
        self.kg * (-self.decay_per_h * dt).exp()
    }

    /// Adds `kg` at `now_h`.
    pub fn add(&mut self, now_h: f64, kg: f64) {
        self.advance(now_h);
        self.kg += kg;
    }

    /// Removes `kg` at `now_h` (at most what is there).
    pub fn take(&mut self, now_h: f64, kg: f64) {
        self.advance(now_h);
        self.kg = (self.kg - kg).max(0.0);
    }

    /// Total lost to boil-off so far.
    pub fn boiled_kg(&self) -> f64 {
        self.boiled_kg
    }
}

/// Of `product_kg` new water, the share that goes to propellant: enough to
/// bring propellant on hand or on its way (`have_kg`) up to the next
/// departure's `need_kg` when each kg of water makes `per_water` kg of
/// propellant, never more than the product itself.
pub fn water_to_propellant(product_kg: f64, have_kg: f64, need_kg: f64, per_water: f64) -> f64 {
    ((need_kg - have_kg) / per_water).clamp(0.0, product_kg)
}

/// LOX/LH2 made per kg of water electrolysed for an engine burning at
/// oxygen-to-hydrogen mass ratio `mixture_ratio` (at most 8): the 1/9 kg of
/// hydrogen with `mixture_ratio` times as much oxygen; the rest of the
/// water's 8/9 kg of oxygen is left over. Exactly 1 at 8.
pub fn propellant_per_water(mixture_ratio: f64) -> f64 {
    (1.0 + mixture_ratio) / WATER_PARTS
}

/// Water's mass in parts of its hydrogen's: 1 of hydrogen, 8 of oxygen.
const WATER_PARTS: f64 = 9.0;
