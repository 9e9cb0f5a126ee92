//! Money: the mission cost and launched mass, the cargo price, and net
//! present value with continuous daily discounting.
//! The rules: docs/model.md §Money.

use crate::scenario::RunInputs;
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

/// How a scenario prices the mission (docs/model.md §Money).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostBasis {
    /// `economics.mission_cost_usd` as a lump sum; `masses` when the unit
    /// masses are given, so the launched mass can still be reported.
    LumpSum {
        /// Whether the unit masses are given.
        masses: bool,
    },
    /// Development, units and launch, each from its keys.
    Itemised,
}

/// One replication's mission cost and launched mass, booked at launch.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Costs {
    /// Mass launched to the outbound trajectory, kg.
    pub launched_mass_kg: f64,
    /// Development cost, USD.
    pub development_usd: f64,
    /// Robots, plant and return vehicles, USD.
    pub units_usd: f64,
    /// Launched mass times the launch price, USD.
    pub launch_usd: f64,
    /// The whole up-front cost, USD.
    pub mission_cost_usd: f64,
}

impl Costs {
    /// The costs of a replication with inputs `inp` under `basis`.
    pub fn of(inp: &RunInputs, basis: CostBasis) -> Self {
        let e = &inp.economics;
        match basis {
            CostBasis::LumpSum { masses } => Self {
                launched_mass_kg: if masses { launched_mass_kg(inp) } else { 0.0 },
                mission_cost_usd: e.mission_cost_usd,
                ..Self::default()
            },
            CostBasis::Itemised => {
                let launched_mass_kg = launched_mass_kg(inp);
                let units_usd = f64::from(inp.fleet.robots) * e.robot_unit_usd
                    + e.plant_unit_usd
                    + f64::from(inp.return_plan.trips) * e.return_vehicle_unit_usd;
                let launch_usd = launched_mass_kg * e.launch_usd_per_kg;
                Self {
                    launched_mass_kg,
                    development_usd: e.development_usd,
                    units_usd,
                    launch_usd,
                    mission_cost_usd: e.development_usd + units_usd + launch_usd,
                }
            }
        }
    }
}

/// Everything launched, kg: the robots with their harpoons and spare bits,
/// the plant with its spare kits, one return vehicle per trip, and the
/// propellant brought from Earth.
pub fn launched_mass_kg(inp: &RunInputs) -> f64 {
    let robots = f64::from(inp.fleet.robots);
    let per_robot_consumables = f64::from(inp.anchoring.harpoons_per_robot)
        * inp.anchoring.harpoon_mass_kg
        + f64::from(inp.drilling.spare_bits) * inp.drilling.bit_mass_kg;
    robots * inp.fleet.robot_mass_kg
        + inp.processing.plant_mass_kg
        + f64::from(inp.return_plan.trips) * inp.return_plan.dry_kg
        + inp.propellant.initial_kg
        + robots * per_robot_consumables
        + f64::from(inp.processing.spares) * inp.processing.spare_mass_kg
}

/// The price of delivered cargo, USD/kg: fixed, or falling with the mass
/// already delivered when the scenario gives a market response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pricing {
    base_usd_per_kg: f64,
    /// `(price_exponent, market_kg)`, with a market response.
    market: Option<(f64, f64)>,
}

impl Pricing {
    /// A replication's pricing; `market` when the scenario gives
    /// `price_exponent` and `market_kg`.
    pub fn of(inp: &RunInputs, market: bool) -> Self {
        let e = &inp.economics;
        Self {
            base_usd_per_kg: e.cargo_price_usd_per_kg,
            market: market.then_some((e.price_exponent, e.market_kg)),
        }
    }

    /// The price of a delivery made when `delivered_before_kg` has already
    /// been delivered: p·(1 + Q/M)^(−ε), or p without a market response.
    pub fn usd_per_kg(&self, delivered_before_kg: f64) -> f64 {
        match self.market {
            None => self.base_usd_per_kg,
            Some((exponent, market_kg)) => {
                self.base_usd_per_kg * (1.0 + delivered_before_kg / market_kg).powf(-exponent)
            }
        }
    }
}
