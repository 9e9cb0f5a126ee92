//! The scenario file's sections and keys as typed structs.
//!
//! Keys marked *(per event)* are drawn afresh at every occurrence; every other
//! [`Param`] is drawn once per replication (MODEL.md, rule 1). Counts are plain
//! integers. Every struct rejects unknown keys.

use super::param::Param;
use serde::Deserialize;
use toml::Spanned;

/// A complete, validated scenario: everything one batch needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// `[scenario]`: name, description, horizon.
    pub scenario: Meta,
    /// `[monte_carlo]`: replication count and master seed.
    pub monte_carlo: MonteCarlo,
    /// `[target]`: the asteroid.
    pub target: Target,
    /// `[transit]`: launch and outbound flight.
    pub transit: Transit,
    /// `[fleet]`: the robots and their faults.
    pub fleet: Fleet,
    /// `[anchoring]`: harpoon anchoring.
    pub anchoring: Anchoring,
    /// `[drilling]`: excavation by the robots.
    pub drilling: Drilling,
    /// `[dust]`: lofted dust, its cloud, deposits and mitigation.
    pub dust: Dust,
    /// `[processing]`: hopper and extraction plant.
    pub processing: Processing,
    /// `[propellant]`: propellant production and storage.
    pub propellant: Propellant,
    /// `[power]`: the solar array.
    pub power: Power,
    /// `[comms]`: contact with the ground.
    pub comms: Comms,
    /// `[return]`: departure windows and return trips.
    #[serde(rename = "return")]
    pub return_plan: ReturnPlan,
    /// `[economics]`: prices, costs and discounting.
    pub economics: Economics,
}

/// `[scenario]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Name; results go to `OUT/<name>/`.
    pub name: Spanned<String>,
    /// One or two sentences on what the scenario represents.
    #[serde(default)]
    pub description: String,
    /// No departure after this mission day.
    pub horizon_days: Param,
}

/// `[monte_carlo]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarlo {
    /// Number of replications.
    pub runs: Spanned<u64>,
    /// Master seed of every random stream.
    pub seed: u64,
}

/// Spectral class of the target, which decides the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum AsteroidClass {
    /// Carbonaceous: water.
    C,
    /// Stony: metal.
    S,
    /// Metallic: metal.
    M,
}

/// `[target]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Display name of the asteroid.
    pub name: String,
    /// Spectral class: `C` (water), `S` or `M` (metal).
    pub class: AsteroidClass,
    /// Mean diameter, m.
    pub diameter_m: Param,
    /// Bulk density, kg/m³.
    pub bulk_density_kg_m3: Param,
    /// Earth distance during operations, AU.
    pub distance_au: Param,
    /// Product mass fraction of the ore, wt%.
    pub grade_wt_pct: Param,
    /// Mean surface strength, kPa.
    pub surface_strength_kpa: Param,
    /// Survey duration after arrival, days.
    pub survey_days: Param,
}

/// `[transit]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transit {
    /// Probability the launch fails.
    pub launch_failure_prob: Param,
    /// Outbound flight, days.
    pub outbound_days: Param,
}

/// `[fleet]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    /// Number of robots launched.
    pub robots: Spanned<u32>,
    /// Fewest anchored robots with which operations go ahead.
    pub min_anchored: Spanned<u32>,
    /// Mean operating hours between robot faults.
    pub fault_mtbf_h: Param,
    /// Share of faults (and plant repairs) handled without the ground.
    pub autonomy: Param,
    /// Hours of an on-board repair *(per event)*.
    pub local_repair_h: Param,
    /// Probability a fault destroys the robot.
    pub fault_loss_prob: Param,
}

/// How robots hold on to the surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorMethod {
    /// A tethered harpoon shot into the regolith.
    Harpoon,
}

/// `[anchoring]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchoring {
    /// Anchoring method.
    pub method: AnchorMethod,
    /// Harpoons carried by each robot; every shot uses one.
    pub harpoons_per_robot: Spanned<u32>,
    /// Hours per shot *(per event)*.
    pub attempt_h: Param,
    /// Hours to move to a new site after a failed shot *(per event)*.
    pub relocate_h: Param,
    /// Below this site strength, kPa, the harpoon pulls out.
    pub min_strength_kpa: Param,
    /// Above this site strength, kPa, the harpoon bounces off.
    pub max_strength_kpa: Param,
    /// Sigma of the lognormal site factor on the surface strength.
    pub site_variability_sigma: Param,
    /// Probability the tether or winch fails on a shot that holds.
    pub tether_failure_prob: Param,
    /// Probability a drilled batch pulls the anchor out.
    pub pullout_per_batch_prob: Param,
    /// Whether each shot waits for a ground go/no-go.
    pub ground_confirm: bool,
}

/// `[drilling]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drilling {
    /// Ore excavated per batch, kg.
    pub batch_kg: Param,
    /// Excavation rate, kg/h.
    pub rate_kg_h: Param,
    /// Power held while drilling a batch, kW.
    pub power_kw: Param,
    /// Cutting hours a bit lasts *(per event)*.
    pub bit_life_h: Param,
    /// Spare bits carried by each robot.
    pub spare_bits: u32,
    /// Hours to change a bit *(per event)*.
    pub bit_change_h: Param,
}

/// Dust mitigation strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mitigation {
    /// No mitigation.
    None,
    /// A capture dome over the drill site.
    Dome,
    /// Periodic electrostatic cleaning of the arrays.
    Electrostatic,
}

/// `[dust]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dust {
    /// Share of each batch's mass lofted as dust.
    pub lofted_fraction: Param,
    /// Ejecta speed of a batch's dust, m/s *(per event)*.
    pub ejecta_speed_m_s: Param,
    /// Settling time constant of the local cloud, h.
    pub settle_h: Param,
    /// Cloud mass above which drilling holds, kg.
    pub hold_above_kg: Param,
    /// Share of settling dust that lands on the arrays.
    pub deposit_fraction: Param,
    /// Array output lost per kg deposited (fraction per kg).
    pub array_loss_per_kg: Param,
    /// Mitigation strategy.
    pub mitigation: Mitigation,
    /// Share of lofted dust a dome captures.
    #[serde(default = "defaults::dome_capture")]
    pub dome_capture: Param,
    /// Hours a dome adds to each batch *(per event)*.
    #[serde(default = "defaults::dome_overhead_h")]
    pub dome_overhead_h: Param,
    /// Hours between electrostatic cleanings.
    #[serde(default = "defaults::clean_every_h")]
    pub clean_every_h: Param,
    /// Hours one cleaning pauses cutting *(per event)*.
    #[serde(default = "defaults::clean_h")]
    pub clean_h: Param,
    /// Share of the deposited loss a cleaning removes.
    #[serde(default = "defaults::clean_efficiency")]
    pub clean_efficiency: Param,
}

/// `[processing]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Processing {
    /// Hopper capacity, kg.
    pub hopper_kg: Param,
    /// Ore the plant takes per batch, kg.
    pub batch_kg: Param,
    /// Plant throughput, kg of ore per hour.
    pub throughput_kg_h: Param,
    /// Share of the grade recovered as product.
    pub extraction_efficiency: Param,
    /// Power held while processing, kW.
    pub power_kw: Param,
    /// Mean processing hours between plant failures.
    pub mtbf_h: Param,
    /// Hours of a plant repair *(per event)*.
    pub repair_h: Param,
    /// Spare parts kits; each repair uses one.
    pub spares: u32,
    /// Probability a failure cannot be repaired.
    pub unrepairable_prob: Param,
}

/// Which propellant the return vehicles burn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PropellantKind {
    /// Liquid oxygen and hydrogen made by electrolysis of water.
    LoxLh2,
    /// Water heated and expelled as steam.
    WaterSteam,
}

/// `[propellant]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Propellant {
    /// Propellant kind.
    pub kind: PropellantKind,
    /// Electrolysis energy per kg of water, kWh/kg.
    pub electrolysis_kwh_per_kg: Param,
    /// Power held while electrolysing, kW.
    pub power_kw: Param,
    /// Specific impulse of the return engine, s.
    pub isp_s: Param,
    /// Cryogen boil-off, % of the stock per day.
    pub boiloff_pct_per_day: Param,
    /// Propellant brought from Earth, kg.
    pub initial_kg: Param,
}

/// `[power]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Power {
    /// Array output at 1 AU from the Sun, kW.
    pub array_kw_1au: Param,
    /// Distance from the Sun during operations, AU.
    pub heliocentric_au: Param,
    /// Array degradation, % per year.
    pub degradation_pct_per_year: Param,
}

/// `[comms]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comms {
    /// Ground contact hours at the start of each mission day.
    pub contact_h_per_day: Param,
    /// Hours the ground takes to answer *(per event)*.
    pub ground_response_h: Param,
}

/// `[return]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnPlan {
    /// Number of return vehicles.
    pub trips: Spanned<u32>,
    /// Dry mass of a return vehicle, kg.
    pub dry_kg: Param,
    /// Δv of the return burn, m/s.
    pub delta_v_m_s: Param,
    /// Cargo each trip waits for (and its capacity), kg.
    pub cargo_target_kg: Param,
    /// Mission day the first departure window opens.
    pub first_window_day: Param,
    /// Days between window openings.
    pub window_every_days: Param,
    /// Days each window stays open.
    pub window_days: Param,
    /// Return flight, days *(per event)*.
    pub return_days: Param,
    /// Probability a trip is lost on the way.
    pub loss_prob: Param,
}

/// `[economics]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// Price of delivered cargo, USD/kg.
    pub cargo_price_usd_per_kg: Param,
    /// Up-front mission cost, USD.
    pub mission_cost_usd: Param,
    /// Operations cost, USD per mission day.
    pub ops_cost_usd_per_day: Param,
    /// Annual discount rate (0.08 = 8%).
    pub discount_rate: Param,
}

/// Defaults of the optional mitigation keys (MODEL.md).
mod defaults {
    use super::Param;

    pub(super) fn dome_capture() -> Param {
        Param::fixed(0.9)
    }
    pub(super) fn dome_overhead_h() -> Param {
        Param::fixed(1.0)
    }
    pub(super) fn clean_every_h() -> Param {
        Param::fixed(500.0)
    }
    pub(super) fn clean_h() -> Param {
        Param::fixed(4.0)
    }
    pub(super) fn clean_efficiency() -> Param {
        Param::fixed(0.8)
    }
}
