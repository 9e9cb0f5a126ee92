//! Money: revenue and net present value with continuous daily discounting.
//! The rules: docs/model.md §Money.

use crate::units::DAYS_PER_YEAR;

/// Discounting of one replication's cash flows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Discount {
    /// Continuous rate per day, ρ = ln(1 + r)/[`DAYS_PER_YEAR`].
    pub rho_per_day: f64,
}

impl Discount {
    /// From an annual rate r (0.08 = 8%).
    pub fn annual(rate: f64) -> Self {
        Self {
            rho_per_day: (1.0 + rate).ln() / DAYS_PER_YEAR,
        }
    }

    /// Present value factor e^(−ρt) of a cash flow on mission day `day`.
    pub fn factor(&self, day: f64) -> f64 {
        (-self.rho_per_day * day).exp()
    }

    /// Present value of 1 per day paid continuously over days [0, T]:
    /// (1 − e^(−ρT))/ρ, and T itself when ρ = 0.
    pub fn annuity(&self, days: f64) -> f64 {
        if self.rho_per_day == 0.0 {
            days
        } else {
            -(-self.rho_per_day * days).exp_m1() / self.rho_per_day
        }
    }
}
