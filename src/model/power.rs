//! The power budget: array output after distance, dust and degradation, and
//! the kilowatts currently held by consumers.
//! The rules: docs/model.md §Power.

use crate::units::HOURS_PER_YEAR;

/// The array and the power held from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerPool {
    clean_kw: f64,
    decay_per_h: f64,
    held_kw: f64,
}

impl PowerPool {
    /// An array of `array_kw_1au` at `heliocentric_au`, losing
    /// `degradation_pct_per_year` per year since launch.
    pub fn new(array_kw_1au: f64, heliocentric_au: f64, degradation_pct_per_year: f64) -> Self {
        Self {
            clean_kw: array_kw_1au / (heliocentric_au * heliocentric_au),
            decay_per_h: -(-degradation_pct_per_year / 100.0).ln_1p() / HOURS_PER_YEAR,
            held_kw: 0.0,
        }
    }

    /// Moves the array to `heliocentric_au` from the Sun (the daily update
    /// of an orbit scenario); power already held is not taken back.
    pub fn set_sun_distance(&mut self, array_kw_1au: f64, heliocentric_au: f64) {
        self.clean_kw = array_kw_1au / (heliocentric_au * heliocentric_au);
    }

    /// The array's aging factor at mission hour `now_h`:
    /// (1 − deg)^(years since launch).
    pub fn aging(&self, now_h: f64) -> f64 {
        (-self.decay_per_h * now_h).exp()
    }

    /// Output with dust loss `loss` (0 to 1) of an array aged by `aging`
    /// (`aging` at the hour in question): kW_1AU/au² × (1 − loss) × aging.
    pub fn output_aged_kw(&self, aging: f64, loss: f64) -> f64 {
        self.clean_kw * (1.0 - loss) * aging
    }

    /// Whether `kw` more fits under `output_kw`.
    pub fn fits(&self, kw: f64, output_kw: f64) -> bool {
        self.held_kw + kw <= output_kw + 1e-9
    }

    /// Takes `kw`.
    pub fn hold(&mut self, kw: f64) {
        self.held_kw += kw;
    }

    /// Gives back `kw`.
    pub fn release(&mut self, kw: f64) {
        self.held_kw = (self.held_kw - kw).max(0.0);
    }
}
