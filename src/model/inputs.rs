//! The inputs of one replication: every per-run value drawn once from the
//! world stream, and samplers for the per-event values.
//!
//! Each per-run key takes exactly one uniform number of the world stream, in
//! the order of [`numeric_keys`] (file order), whether it is a distribution
//! or a plain number.
//! Two scenarios that agree on a key therefore draw the same value for it in
//! replication k, whatever else differs (common random numbers), and a key's
//! draw is its quantile, ready for stratified sampling.

use crate::engine::rng::StreamRng;
use crate::scenario::{Param, Sampler, Scenario, numeric_keys};
use rand::RngExt;

/// Per-run values of one replication (units as in the scenario).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunInputs {
    pub horizon_days: f64,
    pub diameter_m: f64,
    pub bulk_density_kg_m3: f64,
    pub distance_au: f64,
    pub grade_wt_pct: f64,
    pub surface_strength_kpa: f64,
    pub survey_days: f64,
    pub launch_failure_prob: f64,
    pub outbound_days: f64,
    pub fault_mtbf_h: f64,
    pub autonomy: f64,
    pub fault_loss_prob: f64,
    pub min_strength_kpa: f64,
    pub max_strength_kpa: f64,
    pub site_variability_sigma: f64,
    pub tether_failure_prob: f64,
    pub pullout_per_batch_prob: f64,
    pub drill_batch_kg: f64,
    pub drill_rate_kg_h: f64,
    pub drill_power_kw: f64,
    pub lofted_fraction: f64,
    pub settle_h: f64,
    pub hold_above_kg: f64,
    pub deposit_fraction: f64,
    pub array_loss_per_kg: f64,
    pub dome_capture: f64,
    pub clean_every_h: f64,
    pub clean_efficiency: f64,
    pub hopper_kg: f64,
    pub plant_batch_kg: f64,
    pub throughput_kg_h: f64,
    pub extraction_efficiency: f64,
    pub plant_power_kw: f64,
    pub plant_mtbf_h: f64,
    pub unrepairable_prob: f64,
    pub electrolysis_kwh_per_kg: f64,
    pub electrolysis_power_kw: f64,
    pub isp_s: f64,
    pub boiloff_pct_per_day: f64,
    pub initial_propellant_kg: f64,
    pub array_kw_1au: f64,
    pub heliocentric_au: f64,
    pub degradation_pct_per_year: f64,
    pub contact_h_per_day: f64,
    pub dry_kg: f64,
    pub delta_v_m_s: f64,
    pub cargo_target_kg: f64,
    pub first_window_day: f64,
    pub window_every_days: f64,
    pub window_days: f64,
    pub return_loss_prob: f64,
    pub cargo_price_usd_per_kg: f64,
    pub mission_cost_usd: f64,
    pub ops_cost_usd_per_day: f64,
    pub discount_rate: f64,
}

/// Samplers of the values drawn afresh at every occurrence.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventDraws {
    pub local_repair_h: Sampler,
    pub attempt_h: Sampler,
    pub relocate_h: Sampler,
    pub bit_life_h: Sampler,
    pub bit_change_h: Sampler,
    pub ejecta_speed_m_s: Sampler,
    pub dome_overhead_h: Sampler,
    pub clean_h: Sampler,
    pub plant_repair_h: Sampler,
    pub ground_response_h: Sampler,
    pub return_days: Sampler,
}

fn sampler_of(p: &Param) -> Sampler {
    p.dist().sampler()
}

impl RunInputs {
    /// Every per-run key with its drawn value, in draw order: one uniform of
    /// `world` per key, fixed values included.
    pub fn draws(s: &Scenario, world: &mut StreamRng) -> Vec<(&'static str, f64)> {
        numeric_keys(s)
            .into_iter()
            .filter(|k| !k.per_event)
            .map(|k| (k.key, sampler_of(k.param).quantile(world.random::<f64>())))
            .collect()
    }

    /// Draws every per-run value from `world`.
    pub fn draw(s: &Scenario, world: &mut StreamRng) -> Self {
        let draws = Self::draws(s, world);
        let get = |key: &str| draws.iter().find(|d| d.0 == key).map_or(f64::NAN, |d| d.1);
        Self {
            horizon_days: get("scenario.horizon_days"),
            diameter_m: get("target.diameter_m"),
            bulk_density_kg_m3: get("target.bulk_density_kg_m3"),
            distance_au: get("target.distance_au"),
            grade_wt_pct: get("target.grade_wt_pct"),
            surface_strength_kpa: get("target.surface_strength_kpa"),
            survey_days: get("target.survey_days"),
            launch_failure_prob: get("transit.launch_failure_prob"),
            outbound_days: get("transit.outbound_days"),
            fault_mtbf_h: get("fleet.fault_mtbf_h"),
            autonomy: get("fleet.autonomy"),
            fault_loss_prob: get("fleet.fault_loss_prob"),
            min_strength_kpa: get("anchoring.min_strength_kpa"),
            max_strength_kpa: get("anchoring.max_strength_kpa"),
            site_variability_sigma: get("anchoring.site_variability_sigma"),
            tether_failure_prob: get("anchoring.tether_failure_prob"),
            pullout_per_batch_prob: get("anchoring.pullout_per_batch_prob"),
            drill_batch_kg: get("drilling.batch_kg"),
            drill_rate_kg_h: get("drilling.rate_kg_h"),
            drill_power_kw: get("drilling.power_kw"),
            lofted_fraction: get("dust.lofted_fraction"),
            settle_h: get("dust.settle_h"),
            hold_above_kg: get("dust.hold_above_kg"),
            deposit_fraction: get("dust.deposit_fraction"),
            array_loss_per_kg: get("dust.array_loss_per_kg"),
            dome_capture: get("dust.dome_capture"),
            clean_every_h: get("dust.clean_every_h"),
            clean_efficiency: get("dust.clean_efficiency"),
            hopper_kg: get("processing.hopper_kg"),
            plant_batch_kg: get("processing.batch_kg"),
            throughput_kg_h: get("processing.throughput_kg_h"),
            extraction_efficiency: get("processing.extraction_efficiency"),
            plant_power_kw: get("processing.power_kw"),
            plant_mtbf_h: get("processing.mtbf_h"),
            unrepairable_prob: get("processing.unrepairable_prob"),
            electrolysis_kwh_per_kg: get("propellant.electrolysis_kwh_per_kg"),
            electrolysis_power_kw: get("propellant.power_kw"),
            isp_s: get("propellant.isp_s"),
            boiloff_pct_per_day: get("propellant.boiloff_pct_per_day"),
            initial_propellant_kg: get("propellant.initial_kg"),
            array_kw_1au: get("power.array_kw_1au"),
            heliocentric_au: get("power.heliocentric_au"),
            degradation_pct_per_year: get("power.degradation_pct_per_year"),
            contact_h_per_day: get("comms.contact_h_per_day"),
            dry_kg: get("return.dry_kg"),
            delta_v_m_s: get("return.delta_v_m_s"),
            cargo_target_kg: get("return.cargo_target_kg"),
            first_window_day: get("return.first_window_day"),
            window_every_days: get("return.window_every_days"),
            window_days: get("return.window_days"),
            return_loss_prob: get("return.loss_prob"),
            cargo_price_usd_per_kg: get("economics.cargo_price_usd_per_kg"),
            mission_cost_usd: get("economics.mission_cost_usd"),
            ops_cost_usd_per_day: get("economics.ops_cost_usd_per_day"),
            discount_rate: get("economics.discount_rate"),
        }
    }
}

impl EventDraws {
    /// The per-event samplers of `s`.
    pub fn of(s: &Scenario) -> Self {
        Self {
            local_repair_h: sampler_of(&s.fleet.local_repair_h),
            attempt_h: sampler_of(&s.anchoring.attempt_h),
            relocate_h: sampler_of(&s.anchoring.relocate_h),
            bit_life_h: sampler_of(&s.drilling.bit_life_h),
            bit_change_h: sampler_of(&s.drilling.bit_change_h),
            ejecta_speed_m_s: sampler_of(&s.dust.ejecta_speed_m_s),
            dome_overhead_h: sampler_of(&s.dust.dome_overhead_h),
            clean_h: sampler_of(&s.dust.clean_h),
            plant_repair_h: sampler_of(&s.processing.repair_h),
            ground_response_h: sampler_of(&s.comms.ground_response_h),
            return_days: sampler_of(&s.return_plan.return_days),
        }
    }
}
