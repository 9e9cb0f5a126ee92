//! What one replication reports: its outcome and its metrics.

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

/// Declares [`Metrics`] once: the struct, its column names in order, and
/// its values in the same order.
macro_rules! metrics {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
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
    delivered_kg,
    /// Undiscounted revenue of delivered cargo, USD.
    revenue_usd,
    /// Net present value, USD.
    npv_usd,
    /// Days from launch to the later of end of operations and last arrival.
    mission_days,
    /// Ore excavated by completed batches, kg.
    ore_mined_kg,
    /// Ore through the plant, kg.
    ore_processed_kg,
    /// Ore left in the hopper, in the plant, or held by waiting robots, kg.
    ore_left_kg,
    /// Product extracted (water or metal), kg.
    product_kg,
    /// Product that left as cargo, kg.
    cargo_departed_kg,
    /// Product left at the asteroid (cargo stock, water awaiting electrolysis), kg.
    product_left_kg,
    /// Propellant made at the asteroid (electrolysis or water for steam), kg.
    propellant_produced_kg,
    /// Propellant burned by departures, kg.
    propellant_burned_kg,
    /// LOX/LH2 lost to boil-off, kg.
    boiloff_kg,
    /// Propellant left at the end (initial load included), kg.
    propellant_left_kg,
    /// Dust lofted by drilling, kg.
    dust_lofted_kg,
    /// Lofted dust faster than escape speed, kg.
    dust_escaped_kg,
    /// Lofted dust that settled back (all airborne dust at the end), kg.
    dust_settled_kg,
    /// Lofted dust captured by a dome, kg.
    dust_captured_kg,
    /// Energy used by drills, plant and electrolysis, kWh.
    energy_kwh,
    /// Electrolysis energy, kWh.
    electrolysis_kwh,
    /// Robots anchored when operations began.
    robots_anchored,
    /// Harpoons fired, re-anchoring included.
    harpoons_fired,
    /// Harpoon shots that pulled out of weak ground.
    harpoon_pullouts,
    /// Harpoon shots that bounced off hard ground.
    harpoon_bounces,
    /// Harpoon shots lost to a tether or winch failure.
    tether_failures,
    /// Anchors pulled out by drilling reaction.
    anchor_pullouts,
    /// Robot faults.
    robot_faults,
    /// Robots destroyed by faults.
    robots_lost,
    /// Robots stopped for want of bits or harpoons.
    robots_stopped,
    /// Drill bits that failed.
    bit_failures,
    /// Plant failures.
    plant_failures,
    /// Dust holds of all drilling.
    dust_holds,
    /// Hours of dust holds.
    dust_hold_h,
    /// Electrostatic cleanings.
    cleanings,
    /// Ground interventions.
    ground_waits,
    /// Hours spent waiting for the ground.
    ground_wait_h,
    /// Return vehicles that left.
    departures,
    /// Return vehicles that delivered.
    deliveries,
    /// Return vehicles lost in transit.
    trips_lost,
    /// Drawn grade of the asteroid, wt%.
    grade_wt_pct,
    /// Drawn mean surface strength, kPa.
    surface_strength_kpa,
    /// Drawn Earth distance, AU.
    distance_au,
    /// Events handled by the engine.
    events,
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
