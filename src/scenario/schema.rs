//! The scenario format: every section and key, declared once.
//!
//! Each key is written here with its documentation, its kind and range,
//! and its default when it may be left out; this one list generates the
//! parsing structs, the key table that drives validation, `--set`, sweeps
//! and sensitivity, and the inputs of one replication (see
//! `declare.rs`). Keys marked `event` are drawn afresh at every occurrence;
//! other numbers are drawn once per replication (docs/model.md §Random
//! draws). Counts are plain whole numbers.

#[allow(unused_imports)]
use super::declare::*;

/// The most replications one batch may have: its per-run columns (about
/// 350 bytes a run) must fit in memory.
pub const MAX_RUNS: u64 = 10_000_000;

choices! {
    /// Spectral class of the target, which decides the product.
    AsteroidClass {
        /// Carbonaceous: water.
        C = "C",
        /// Stony: metal.
        S = "S",
        /// Metallic: metal.
        M = "M",
    }
}

choices! {
    /// How robots hold on to the surface.
    AnchorMethod {
        /// A tethered harpoon shot into the regolith.
        Harpoon = "harpoon",
    }
}

choices! {
    /// Dust mitigation strategy.
    Mitigation {
        /// No mitigation.
        None = "none",
        /// A capture dome over the drill site.
        Dome = "dome",
        /// Periodic electrostatic cleaning of the arrays.
        Electrostatic = "electrostatic",
    }
}

choices! {
    /// Which propellant the return vehicles burn.
    PropellantKind {
        /// Liquid oxygen and hydrogen made by electrolysis of water.
        LoxLh2 = "lox_lh2",
        /// Water heated and expelled as steam.
        WaterSteam = "water_steam",
    }
}

choices! {
    /// When product water becomes LOX/LH2 (docs/model.md §Water and
    /// propellant).
    PropellantPolicy {
        /// Electrolyse water as soon as it is set aside for propellant.
        Eager = "eager",
        /// Keep it as water and electrolyse it just in time for the next
        /// window.
        JustInTime = "just_in_time",
    }
}

choices! {
    /// What becomes of the oxygen an engine burning below O/F 8 leaves over.
    ExcessOxygen {
        /// It is vented.
        Vent = "vent",
        /// It joins the cargo and is sold at the cargo price.
        Cargo = "cargo",
    }
}

choices! {
    /// When a trip leaves (docs/model.md §Departures).
    ReturnPolicy {
        /// Wait until the cargo target is met.
        Full = "full",
        /// Leave in the first window with what is there.
        FirstWindow = "first_window",
    }
}

choices! {
    /// Where the return windows come from.
    WindowMode {
        /// The porkchop of the target's orbit (docs/model.md §Orbits).
        Orbit = "orbit",
        /// A fixed pattern: first window, period and length.
        Fixed = "fixed",
    }
}

choices! {
    /// How a return trip ends at the Earth.
    ArrivalMode {
        /// A burn at perigee into a high Earth orbit; its Δv counts.
        Capture = "capture",
        /// Direct atmospheric entry, arrival speed limited, no Δv.
        Entry = "entry",
    }
}

choices! {
    /// How the per-run uniforms of a batch are laid out (docs/model.md
    /// §Random draws).
    Sampling {
        /// Independent uniforms from each replication's world stream.
        Random = "random",
        /// A Latin hypercube over the batch: every per-run key's range is cut
        /// into as many equally likely strata as there are replications, and
        /// each stratum is drawn exactly once.
        Lhs = "lhs",
        /// Owen-scrambled Sobol points over the batch.
        Sobol = "sobol",
    }
}

scenario_sections! {
    /// `[scenario]`: name, description, horizon.
    ["scenario"] scenario: Meta => MetaInputs {
        /// Name; results go to `OUT/<name>/`.
        name: name,
        /// One or two sentences on what the scenario represents.
        description: text = "",
        /// No departure after this mission day.
        horizon_days: run(POSITIVE_DAYS),
    }

    /// `[monte_carlo]`: replication count, master seed and sampling design.
    ["monte_carlo"] monte_carlo: MonteCarlo {
        /// Number of replications.
        runs: runs(1, MAX_RUNS),
        /// Master seed of every random stream.
        seed: seed,
        /// Most events one replication may handle before it is stopped as
        /// a runaway (a mistaken input that makes the clock crawl); the
        /// reference mission needs about 20,000.
        max_events: limit(1000, 1_000_000_000) = 10_000_000,
        /// How the per-run keys are sampled over the batch: `random`
        /// (independent draws), `lhs` (Latin hypercube) or `sobol`
        /// (Owen-scrambled Sobol points); per-event draws stay random.
        sampling: choice(Sampling) = "random",
    }

    /// `[target]`: the asteroid.
    ["target"] target: Target => TargetInputs {
        /// Display name of the asteroid.
        name: text,
        /// Its orbit: a catalog name (`astromine orbit --list`) or an inline
        /// table `{ a_au, e, i_deg, node_deg, peri_deg, mean_anomaly_deg,
        /// epoch_jd }` (J2000 ecliptic, au, degrees, Julian date). With an
        /// orbit the Earth and Sun distances follow the date.
        orbit: orbit = optional,
        /// Spectral class: `C` (water), `S` or `M` (metal).
        class: choice(AsteroidClass),
        /// Mean diameter, m; a catalog target gives it when left out.
        diameter_m: run(POSITIVE) = optional,
        /// Bulk density, kg/m³; a catalog target with a measured density
        /// gives it when left out.
        bulk_density_kg_m3: run(POSITIVE) = optional,
        /// Earth distance during operations, AU (without `orbit`).
        distance_au: run(POSITIVE) = optional,
        /// Product mass fraction of the ore, wt%.
        grade_wt_pct: run(PERCENT),
        /// Mean surface strength, kPa.
        surface_strength_kpa: run(NON_NEGATIVE),
        /// Survey duration after arrival, days.
        survey_days: run(DAYS),
    }

    /// `[transit]`: launch and outbound flight.
    ["transit"] transit: Transit => TransitInputs {
        /// Launch date, UTC (`2031-06-15`): mission day 0 (with
        /// `target.orbit`).
        launch_date: date = optional,
        /// Probability the launch fails.
        launch_failure_prob: run(PROBABILITY),
        /// Outbound flight, days.
        outbound_days: run(DAYS),
    }

    /// `[fleet]`: the robots and their faults.
    ["fleet"] fleet: Fleet => FleetInputs {
        /// Number of robots launched.
        robots: count(1, 1000),
        /// Fewest anchored robots with which operations go ahead.
        min_anchored: count(1, 1000),
        /// Mean operating hours between robot faults.
        fault_mtbf_h: run(PERIOD_HOURS),
        /// Share of faults (and plant repairs) handled without the ground.
        autonomy: run(PROBABILITY),
        /// Hours of an on-board repair *(per event)*.
        local_repair_h: event(HOURS),
        /// Probability a fault destroys the robot.
        fault_loss_prob: run(PROBABILITY),
        /// Launched mass of one robot without its harpoons and spare bits,
        /// kg (with itemised costs: docs/model.md §Money).
        robot_mass_kg: run(NON_NEGATIVE) = optional,
    }

    /// `[anchoring]`: harpoon anchoring.
    ["anchoring"] anchoring: Anchoring => AnchoringInputs {
        /// Anchoring method.
        method: choice(AnchorMethod),
        /// Harpoons carried by each robot; every shot uses one.
        harpoons_per_robot: count(1, 1000),
        /// Hours per shot *(per event)*.
        attempt_h: event(HOURS),
        /// Hours to move to a new site after a failed shot *(per event)*.
        relocate_h: event(HOURS),
        /// Below this site strength, kPa, the harpoon pulls out.
        min_strength_kpa: run(NON_NEGATIVE),
        /// Above this site strength, kPa, the harpoon bounces off.
        max_strength_kpa: run(POSITIVE),
        /// Sigma of the lognormal site factor on the surface strength.
        site_variability_sigma: run(NON_NEGATIVE),
        /// Probability the tether or winch fails on a shot that holds.
        tether_failure_prob: run(PROBABILITY),
        /// Probability a drilled batch pulls the anchor out.
        pullout_per_batch_prob: run(PROBABILITY),
        /// Whether each shot waits for a ground go/no-go.
        ground_confirm: flag,
        /// Launched mass of one harpoon with its tether, kg (with itemised
        /// costs).
        harpoon_mass_kg: run(NON_NEGATIVE) = optional,
    }

    /// `[drilling]`: excavation by the robots.
    ["drilling"] drilling: Drilling => DrillingInputs {
        /// Ore excavated per batch, kg.
        batch_kg: run(BATCH_KG),
        /// Excavation rate, kg/h.
        rate_kg_h: run(RATE),
        /// Power held while drilling a batch, kW.
        power_kw: run(NON_NEGATIVE),
        /// Cutting hours a bit lasts *(per event)*.
        bit_life_h: event(POSITIVE_HOURS),
        /// Spare bits carried by each robot.
        spare_bits: count(0, 10_000),
        /// Hours to change a bit *(per event)*.
        bit_change_h: event(HOURS),
        /// Launched mass of one spare bit, kg (with itemised costs).
        bit_mass_kg: run(NON_NEGATIVE) = optional,
    }

    /// `[dust]`: lofted dust, its cloud, deposits and mitigation.
    ["dust"] dust: Dust => DustInputs {
        /// Share of each batch's mass lofted as dust.
        lofted_fraction: run(PROBABILITY),
        /// Ejecta speed of a batch's dust, m/s *(per event)*.
        ejecta_speed_m_s: event(NON_NEGATIVE),
        /// Settling time constant of the local cloud, h.
        settle_h: run(POSITIVE_HOURS),
        /// Cloud mass above which drilling holds, kg.
        hold_above_kg: run(THRESHOLD_KG),
        /// Share of settling dust that lands on the arrays.
        deposit_fraction: run(PROBABILITY),
        /// Array output lost per kg deposited (fraction per kg).
        array_loss_per_kg: run(NON_NEGATIVE),
        /// Mitigation strategy.
        mitigation: choice(Mitigation),
        /// Share of lofted dust a dome captures.
        dome_capture: run(PROBABILITY) = 0.9,
        /// Hours a dome adds to each batch *(per event)*.
        dome_overhead_h: event(HOURS) = 1.0,
        /// Hours between electrostatic cleanings.
        clean_every_h: run(PERIOD_HOURS) = 500.0,
        /// Hours one cleaning pauses cutting *(per event)*.
        clean_h: event(HOURS) = 4.0,
        /// Share of the deposited loss a cleaning removes.
        clean_efficiency: run(PROBABILITY) = 0.8,
    }

    /// `[processing]`: hopper and extraction plant.
    ["processing"] processing: Processing => ProcessingInputs {
        /// Hopper capacity, kg.
        hopper_kg: run(BATCH_KG),
        /// Ore the plant takes per batch, kg.
        batch_kg: run(BATCH_KG),
        /// Plant throughput, kg of ore per hour.
        throughput_kg_h: run(RATE),
        /// Share of the grade recovered as product.
        extraction_efficiency: run(PROBABILITY),
        /// Power held while processing, kW.
        power_kw: run(NON_NEGATIVE),
        /// Mean processing hours between plant failures.
        mtbf_h: run(PERIOD_HOURS),
        /// Hours of a plant repair *(per event)*.
        repair_h: event(HOURS),
        /// Spare parts kits; each repair uses one.
        spares: count(0, 10_000),
        /// Probability a failure cannot be repaired.
        unrepairable_prob: run(PROBABILITY),
        /// Launched mass of the plant (hopper, extraction, electrolysis),
        /// kg (with itemised costs).
        plant_mass_kg: run(NON_NEGATIVE) = optional,
        /// Launched mass of one spare parts kit, kg (with itemised costs).
        spare_mass_kg: run(NON_NEGATIVE) = optional,
    }

    /// `[propellant]`: propellant production and storage.
    ["propellant"] propellant: Propellant => PropellantInputs {
        /// Propellant kind: `lox_lh2` or `water_steam`.
        kind: choice(PropellantKind),
        /// Electrolysis energy per kg of water, kWh/kg. Needed only where
        /// water is electrolysed: a C-type target and `kind = "lox_lh2"`.
        electrolysis_kwh_per_kg: run(RATE) = optional,
        /// Power held while electrolysing, kW. Needed only where water is
        /// electrolysed: a C-type target and `kind = "lox_lh2"`.
        power_kw: run(RATE) = optional,
        /// Specific impulse of the return engine, s.
        isp_s: run(POSITIVE),
        /// Cryogen boil-off, % of the stock per day.
        boiloff_pct_per_day: run(PERCENT),
        /// Propellant brought from Earth, kg.
        initial_kg: run(NON_NEGATIVE),
        /// When water becomes LOX/LH2: `eager` (as soon as it is set aside)
        /// or `just_in_time` (so late that it is ready as the next window
        /// opens).
        policy: choice(PropellantPolicy) = "eager",
        /// Engine mixture ratio O/F by mass (8: water's own; below, oxygen
        /// is left over) (lox_lh2).
        mixture_ratio: setting(MIXTURE_RATIO) = 8.0,
        /// Oxygen left over below O/F 8: `vent` or `cargo` (lox_lh2).
        excess_oxygen: choice(ExcessOxygen) = "vent",
        /// Energy to liquefy the propellant made, kWh per kg of propellant
        /// (lox_lh2).
        liquefaction_kwh_per_kg: setting(NON_NEGATIVE) = 0.0,
        /// Energy to heat steam at departure, kWh per kg burned
        /// (water_steam).
        heating_kwh_per_kg: setting(NON_NEGATIVE) = 0.0,
    }

    /// `[power]`: the solar array.
    ["power"] power: Power => PowerInputs {
        /// Array output at 1 AU from the Sun, kW.
        array_kw_1au: run(NON_NEGATIVE),
        /// Distance from the Sun during operations, AU (without
        /// `target.orbit`).
        heliocentric_au: run(POSITIVE) = optional,
        /// Array degradation, % per year.
        degradation_pct_per_year: run(PERCENT),
    }

    /// `[comms]`: contact with the ground.
    ["comms"] comms: Comms => CommsInputs {
        /// Ground contact hours at the start of each mission day.
        contact_h_per_day: run(HOURS_OF_DAY),
        /// Hours the ground takes to answer *(per event)*.
        ground_response_h: event(HOURS),
        /// No contact while the Sun–Earth–target angle is below this,
        /// degrees (solar conjunction; with `target.orbit`).
        min_elongation_deg: setting(ELONGATION_DEG) = 3.0,
    }

    /// `[return]`: departure windows and return trips.
    ["return"] return_plan: ReturnPlan => ReturnInputs {
        /// Number of return vehicles.
        trips: count(1, 100),
        /// Dry mass of a return vehicle, kg.
        dry_kg: run(POSITIVE),
        /// Where windows come from: `orbit` (the porkchop; the default with
        /// `target.orbit`) or `fixed` (the keys below).
        windows: mode(WindowMode) = optional,
        /// Δv of the return burn, m/s (fixed windows).
        delta_v_m_s: run(NON_NEGATIVE) = optional,
        /// Cargo each trip waits for (and its capacity), kg.
        cargo_target_kg: run(POSITIVE),
        /// Mission day the first departure window opens (fixed windows).
        first_window_day: run(DAYS) = optional,
        /// Days between window openings (fixed windows).
        window_every_days: run(PERIOD_DAYS) = optional,
        /// Days each window stays open (fixed windows).
        window_days: run(POSITIVE_DAYS) = optional,
        /// Return flight, days *(per event)* (fixed windows).
        return_days: event(DAYS) = optional,
        /// A departure day is in a window when its best total Δv is at
        /// most this, m/s (orbit windows).
        max_delta_v_m_s: setting(DELTA_V_M_S) = optional,
        /// Shortest return flight tried, days (orbit windows).
        min_flight_days: setting(FLIGHT_DAYS) = 150.0,
        /// Longest return flight tried, days (orbit windows).
        max_flight_days: setting(FLIGHT_DAYS) = 1200.0,
        /// Most complete revolutions about the Sun on the way home: 0 for
        /// direct transfers only (orbit windows).
        max_revolutions: limit(0, 3) = 1,
        /// How trips end: `capture` into the Earth orbit below (its Δv
        /// counts) or `entry` (direct entry, no Δv) (orbit windows).
        arrival: mode(ArrivalMode) = optional,
        /// Perigee radius of the capture orbit, km (6678: 300 km altitude).
        capture_perigee_km: setting(EARTH_RADIUS_KM) = 6678.0,
        /// Apogee radius of the capture orbit, km (384400: the Moon's
        /// distance).
        capture_apogee_km: setting(EARTH_RADIUS_KM) = 384_400.0,
        /// Largest arrival speed relative to the Earth for direct entry,
        /// m/s.
        max_entry_vinf_m_s: setting(VINF_M_S) = 6000.0,
        /// Probability a trip is lost on the way.
        loss_prob: run(PROBABILITY),
        /// When a trip leaves: `full` (once its cargo target is met) or
        /// `first_window` (by the close of the first window it can, with
        /// what is there).
        policy: choice(ReturnPolicy) = "full",
    }

    /// `[economics]`: prices, costs and discounting.
    ["economics"] economics: Economics => EconomicsInputs {
        /// Price of delivered cargo, USD/kg (of the first delivery, with a
        /// market response).
        cargo_price_usd_per_kg: run(NON_NEGATIVE),
        /// Up-front mission cost as a lump sum, USD; or leave it out and
        /// give its parts below.
        mission_cost_usd: run(NON_NEGATIVE) = optional,
        /// Operations cost, USD per mission day.
        ops_cost_usd_per_day: run(NON_NEGATIVE),
        /// Annual discount rate (0.08 = 8%).
        discount_rate: run(ANNUAL_RATE),
        /// Development cost, USD, paid at launch (a part of the mission
        /// cost).
        development_usd: run(NON_NEGATIVE) = optional,
        /// Cost of one robot, USD (a part of the mission cost).
        robot_unit_usd: run(NON_NEGATIVE) = optional,
        /// Cost of the plant, USD (a part of the mission cost).
        plant_unit_usd: run(NON_NEGATIVE) = optional,
        /// Cost of one return vehicle, USD; one per trip (a part of the
        /// mission cost).
        return_vehicle_unit_usd: run(NON_NEGATIVE) = optional,
        /// Launch price to the outbound trajectory, USD per kg launched (a
        /// part of the mission cost).
        launch_usd_per_kg: run(NON_NEGATIVE) = optional,
        /// Market response: how steeply the price falls with the mass
        /// already delivered (with `market_kg`).
        price_exponent: run(NON_NEGATIVE) = optional,
        /// Market response: the delivered mass at which the price has
        /// fallen by the factor 2^price_exponent, kg (with
        /// `price_exponent`).
        market_kg: run(POSITIVE) = optional,
    }

    /// `[report]` (optional): what the reports add for this scenario.
    ["report"] report: Reporting = default {
        /// Targets whose share of replications the reports give with its
        /// 95% interval, each `"METRIC OP VALUE"` with a metric of runs.csv
        /// and OP one of >=, >, <=, < (`"delivered_kg >= 100000"`); `run
        /// --target` and `compare --target` add to them.
        targets: targets = [],
    }

    /// `[correlations]` (optional): rank correlations between per-run keys,
    /// imposed on each batch by Iman–Conover (docs/model.md §Random draws).
    ["correlations"] correlations: Correlations = default {
        /// Pairs of per-run keys and the Spearman rank correlation wanted
        /// between them, each `{ keys = ["A", "B"], rank = R }` with R in
        /// (−1, 1); pairs not listed among the keys named are uncorrelated.
        pairs: correlations = [],
    }
}

impl ReturnPlan {
    /// The shortest and longest return flights the porkchop tries, whole
    /// days.
    pub fn flight_days(&self) -> (u32, u32) {
        let days = |p: &super::Param| p.setting().round() as u32;
        (days(&self.min_flight_days), days(&self.max_flight_days))
    }

    /// The most revolutions a return transfer may make: as written, or
    /// its declared default.
    pub fn max_revolutions(&self) -> u32 {
        match &self.max_revolutions {
            Some(v) => u32::try_from(*v.get_ref()).unwrap_or(u32::MAX),
            None => key::return_plan::max_revolutions
                .default
                .map_or(0, |d| d as u32),
        }
    }
}

impl MonteCarlo {
    /// The event budget of one replication: `max_events` as written, or
    /// its declared default.
    pub fn max_events(&self) -> u64 {
        match &self.max_events {
            Some(v) => *v.get_ref(),
            None => key::monte_carlo::max_events
                .default
                .map_or(u64::MAX, |d| d as u64),
        }
    }
}
