//! What one replication reports: its outcome and its metrics.
//! The rules: docs/model.md §Outcomes and §Metrics.

use serde::Serialize;

/// How a replication ended: exactly one per replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Some cargo was delivered.
    Success,
    /// The launch failed.
    LaunchFailure,
    /// Fewer than `min_anchored` robots anchored.
    AnchoringFailure,
    /// The last working robot was lost or stopped before operations ended.
    FleetLoss,
    /// The plant died before operations ended.
    PlantFailure,
    /// No departure was possible before the horizon.
    Stranded,
    /// Every trip that left was lost in transit.
    ReturnLoss,
}

impl Outcome {
    /// Every outcome, in report order.
    pub const ALL: [Outcome; 7] = [
        Outcome::Success,
        Outcome::LaunchFailure,
        Outcome::AnchoringFailure,
        Outcome::FleetLoss,
        Outcome::PlantFailure,
        Outcome::Stranded,
        Outcome::ReturnLoss,
    ];

    /// The outcome named `name` in files, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.name() == name)
    }

    /// The outcome's name in files (`launch_failure`).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::LaunchFailure => "launch_failure",
            Outcome::AnchoringFailure => "anchoring_failure",
            Outcome::FleetLoss => "fleet_loss",
            Outcome::PlantFailure => "plant_failure",
            Outcome::Stranded => "stranded",
            Outcome::ReturnLoss => "return_loss",
        }
    }
}

/// Declares every metric once: the [`Metric`] id (variant, column name,
/// unit), the [`Metrics`] struct, and its values in column order. Adding a
/// metric is one line here plus the model code that sets it.
macro_rules! metrics {
    ($($(#[doc = $doc:literal])* $variant:ident $name:ident $unit:literal,)*) => {
        /// One metric of a replication, in runs.csv column order. Aggregates
        /// are indexed by it, so a metric that does not exist cannot be named.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Metric {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Metric {
            /// Every metric, in column order.
            pub const ALL: [Metric; Metrics::COUNT] = [$(Metric::$variant,)*];

            /// The metric's column name (`delivered_kg`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Metric::$variant => stringify!($name),)*
                }
            }

            /// The metric's unit (`kg`, `USD`, `days`, `count`, …).
            pub fn unit(self) -> &'static str {
                match self {
                    $(Metric::$variant => $unit,)*
                }
            }

            /// The metric's position in column order.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        /// The metrics of one replication (the columns of runs.csv after
        /// `run` and `outcome`). Masses in kg, money in USD, time in days
        /// unless the name says otherwise.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
        pub struct Metrics {
            $($(#[doc = $doc])* pub $name: f64,)*
        }

        impl Metrics {
            /// Column names, in order.
            pub const NAMES: [&'static str; Self::COUNT] = [$(stringify!($name),)*];

            /// Number of metrics.
            pub const COUNT: usize = [$(stringify!($name),)*].len();

            /// The value of `metric`.
            pub fn get(&self, metric: Metric) -> f64 {
                match metric {
                    $(Metric::$variant => self.$name,)*
                }
            }

            /// The value of `metric`, to change it.
            pub fn get_mut(&mut self, metric: Metric) -> &mut f64 {
                match metric {
                    $(Metric::$variant => &mut self.$name,)*
                }
            }

            /// Values in the order of [`Metrics::NAMES`].
            pub fn values(&self) -> [f64; Self::COUNT] {
                [$(self.$name,)*]
            }

            /// Metrics from values in the order of [`Metrics::NAMES`].
            pub fn from_values(values: [f64; Self::COUNT]) -> Self {
                let [$($name,)*] = values;
                Self { $($name,)* }
            }
        }
    };
}

metrics! {
    /// Cargo delivered to Earth's vicinity, kg.
    DeliveredKg delivered_kg "kg",
    /// Undiscounted revenue of delivered cargo, USD.
    RevenueUsd revenue_usd "USD",
    /// Net present value, USD.
    NpvUsd npv_usd "USD",
    /// Days from launch to the later of end of operations and last arrival.
    MissionDays mission_days "days",
    /// Ore excavated by completed batches, kg.
    OreMinedKg ore_mined_kg "kg",
    /// Ore through the plant, kg.
    OreProcessedKg ore_processed_kg "kg",
    /// Ore left in the hopper, in the plant, or held by waiting robots, kg.
    OreLeftKg ore_left_kg "kg",
    /// Product extracted (water or metal), kg.
    ProductKg product_kg "kg",
    /// Product that left as cargo, kg.
    CargoDepartedKg cargo_departed_kg "kg",
    /// Product left at the asteroid (cargo stock, water awaiting electrolysis), kg.
    ProductLeftKg product_left_kg "kg",
    /// Propellant made at the asteroid (electrolysis or water for steam), kg.
    PropellantProducedKg propellant_produced_kg "kg",
    /// Propellant burned by departures, kg.
    PropellantBurnedKg propellant_burned_kg "kg",
    /// LOX/LH2 lost to boil-off, kg.
    BoiloffKg boiloff_kg "kg",
    /// Propellant left at the end (initial load included), kg.
    PropellantLeftKg propellant_left_kg "kg",
    /// Dust lofted by drilling, kg.
    DustLoftedKg dust_lofted_kg "kg",
    /// Lofted dust faster than escape speed, kg.
    DustEscapedKg dust_escaped_kg "kg",
    /// Lofted dust that settled back (all airborne dust at the end), kg.
    DustSettledKg dust_settled_kg "kg",
    /// Lofted dust captured by a dome, kg.
    DustCapturedKg dust_captured_kg "kg",
    /// Energy used by drills, plant, electrolysis (liquefaction included)
    /// and steam heating, kWh.
    EnergyKwh energy_kwh "kWh",
    /// Electrolysis energy, liquefaction included, kWh.
    ElectrolysisKwh electrolysis_kwh "kWh",
    /// Robots anchored when operations began.
    RobotsAnchored robots_anchored "count",
    /// Harpoons fired, re-anchoring included.
    HarpoonsFired harpoons_fired "count",
    /// Harpoon shots that pulled out of weak ground.
    HarpoonPullouts harpoon_pullouts "count",
    /// Harpoon shots that bounced off hard ground.
    HarpoonBounces harpoon_bounces "count",
    /// Harpoon shots lost to a tether or winch failure.
    TetherFailures tether_failures "count",
    /// Anchors pulled out by drilling reaction.
    AnchorPullouts anchor_pullouts "count",
    /// Robot faults.
    RobotFaults robot_faults "count",
    /// Robots destroyed by faults.
    RobotsLost robots_lost "count",
    /// Robots stopped for want of bits or harpoons.
    RobotsStopped robots_stopped "count",
    /// Drill bits that failed.
    BitFailures bit_failures "count",
    /// Plant failures.
    PlantFailures plant_failures "count",
    /// Dust holds of all drilling.
    DustHolds dust_holds "count",
    /// Hours of dust holds.
    DustHoldH dust_hold_h "h",
    /// Electrostatic cleanings.
    Cleanings cleanings "count",
    /// Ground interventions.
    GroundWaits ground_waits "count",
    /// Hours spent waiting for the ground.
    GroundWaitH ground_wait_h "h",
    /// Return vehicles that left.
    Departures departures "count",
    /// Return vehicles that delivered.
    Deliveries deliveries "count",
    /// Return vehicles lost in transit.
    TripsLost trips_lost "count",
    /// Drawn grade of the asteroid, wt%.
    GradeWtPct grade_wt_pct "wt%",
    /// Drawn mean surface strength, kPa.
    SurfaceStrengthKpa surface_strength_kpa "kPa",
    /// Drawn Earth distance, AU.
    DistanceAu distance_au "AU",
    /// Events handled by the engine.
    Events events "count",
    /// Mass launched to the outbound trajectory, kg (0 for a lump-sum
    /// mission cost without unit masses).
    LaunchedMassKg launched_mass_kg "kg",
    /// Development cost booked at launch, USD (0 for a lump sum).
    DevelopmentUsd development_usd "USD",
    /// Robots, plant and return vehicles, USD (0 for a lump sum).
    UnitsUsd units_usd "USD",
    /// Launched mass times the launch price, USD (0 for a lump sum).
    LaunchUsd launch_usd "USD",
    /// Up-front mission cost booked at launch, USD.
    MissionCostUsd mission_cost_usd "USD",
    /// Operating time: from the start of operations (anchoring done) to
    /// their end, h; 0 when operations never started.
    OperatingH operating_h "h",
    /// Robot-hours cutting, summed over robots.
    RobotCuttingH robot_cutting_h "h",
    /// Robot-hours setting up a dust dome.
    RobotDomeSetupH robot_dome_setup_h "h",
    /// Robot-hours waiting for room in the hopper.
    RobotWaitHopperH robot_wait_hopper_h "h",
    /// Robot-hours waiting for drill power.
    RobotWaitPowerH robot_wait_power_h "h",
    /// Robot-hours in a batch paused by a dust hold.
    RobotDustHoldH robot_dust_hold_h "h",
    /// Robot-hours in a batch paused by an array cleaning.
    RobotCleaningH robot_cleaning_h "h",
    /// Robot-hours repairing a fault or changing a bit.
    RobotRepairH robot_repair_h "h",
    /// Robot-hours waiting for the ground.
    RobotWaitGroundH robot_wait_ground_h "h",
    /// Robot-hours anchoring again after a pull-out.
    RobotAnchoringH robot_anchoring_h "h",
    /// Robot-hours anchored with nothing under way.
    RobotIdleH robot_idle_h "h",
    /// Robot-hours of robots that never anchored.
    RobotUnanchoredH robot_unanchored_h "h",
    /// Robot-hours lost or stopped.
    RobotOutH robot_out_h "h",
    /// Plant hours processing.
    PlantProcessingH plant_processing_h "h",
    /// Plant hours starved of ore.
    PlantStarvedH plant_starved_h "h",
    /// Plant hours waiting for power.
    PlantWaitPowerH plant_wait_power_h "h",
    /// Plant hours under repair.
    PlantRepairH plant_repair_h "h",
    /// Plant hours waiting for the ground.
    PlantWaitGroundH plant_wait_ground_h "h",
    /// Plant hours dead.
    PlantDeadH plant_dead_h "h",
    /// Electrolysis hours splitting water.
    ElectrolysisWorkingH electrolysis_working_h "h",
    /// Electrolysis hours with no water to split.
    ElectrolysisIdleH electrolysis_idle_h "h",
    /// Electrolysis hours waiting for power.
    ElectrolysisWaitPowerH electrolysis_wait_power_h "h",
    /// Oxygen left over by electrolysis below O/F 8 and vented, kg.
    OxygenVentedKg oxygen_vented_kg "kg",
    /// Oxygen left over by electrolysis that left as cargo (within
    /// `cargo_departed_kg`), kg.
    OxygenShippedKg oxygen_shipped_kg "kg",
    /// 1 when every trip delivered its full cargo target, else 0.
    FullSuccess full_success "count",
}

/// The result of one replication.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RunRecord {
    /// Replication index within the batch.
    pub run: u64,
    /// How it ended.
    pub outcome: Outcome,
    /// Its metrics.
    pub metrics: Metrics,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_ids_follow_the_columns() {
        let m = Metrics::from_values(std::array::from_fn(|i| i as f64));
        for (i, metric) in Metric::ALL.into_iter().enumerate() {
            assert_eq!(metric.index(), i);
            assert_eq!(metric.name(), Metrics::NAMES[i]);
            assert_eq!(m.get(metric), i as f64);
        }
        assert_eq!(Metric::DeliveredKg.unit(), "kg");
        assert_eq!(Metric::NpvUsd.unit(), "USD");
        assert_eq!(Metric::GradeWtPct.unit(), "wt%");
        assert_eq!(Metric::Events.unit(), "count");
    }
}
