//! The inputs of one replication: every per-run value drawn once from the
//! world stream, and samplers for the per-event values.
//!
//! Each per-run key takes exactly one uniform number of the world stream, in
//! the fixed order below, whether it is a distribution or a plain number.
//! Two scenarios that agree on a key therefore draw the same value for it in
//! replication k, whatever else differs (common random numbers), and a key's
//! draw is its quantile, ready for stratified sampling.

use crate::engine::rng::StreamRng;
use crate::scenario::{Param, Sampler, Scenario};
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
    /// Draws every per-run value from `world`, one uniform per key.
    pub fn draw(s: &Scenario, world: &mut StreamRng) -> Self {
        let mut d = |p: &Param| sampler_of(p).quantile(world.random::<f64>());
        let (t, f, a, dr, du, p, pr, pw, r, e) = (
            &s.target,
            &s.fleet,
            &s.anchoring,
            &s.drilling,
            &s.dust,
            &s.processing,
            &s.propellant,
            &s.power,
            &s.return_plan,
            &s.economics,
        );
        Self {
            horizon_days: d(&s.scenario.horizon_days),
            diameter_m: d(&t.diameter_m),
            bulk_density_kg_m3: d(&t.bulk_density_kg_m3),
            distance_au: d(&t.distance_au),
            grade_wt_pct: d(&t.grade_wt_pct),
            surface_strength_kpa: d(&t.surface_strength_kpa),
            survey_days: d(&t.survey_days),
            launch_failure_prob: d(&s.transit.launch_failure_prob),
            outbound_days: d(&s.transit.outbound_days),
            fault_mtbf_h: d(&f.fault_mtbf_h),
            autonomy: d(&f.autonomy),
            fault_loss_prob: d(&f.fault_loss_prob),
            min_strength_kpa: d(&a.min_strength_kpa),
            max_strength_kpa: d(&a.max_strength_kpa),
            site_variability_sigma: d(&a.site_variability_sigma),
            tether_failure_prob: d(&a.tether_failure_prob),
            pullout_per_batch_prob: d(&a.pullout_per_batch_prob),
            drill_batch_kg: d(&dr.batch_kg),
            drill_rate_kg_h: d(&dr.rate_kg_h),
            drill_power_kw: d(&dr.power_kw),
            lofted_fraction: d(&du.lofted_fraction),
            settle_h: d(&du.settle_h),
            hold_above_kg: d(&du.hold_above_kg),
            deposit_fraction: d(&du.deposit_fraction),
            array_loss_per_kg: d(&du.array_loss_per_kg),
            dome_capture: d(&du.dome_capture),
            clean_every_h: d(&du.clean_every_h),
            clean_efficiency: d(&du.clean_efficiency),
            hopper_kg: d(&p.hopper_kg),
            plant_batch_kg: d(&p.batch_kg),
            throughput_kg_h: d(&p.throughput_kg_h),
            extraction_efficiency: d(&p.extraction_efficiency),
            plant_power_kw: d(&p.power_kw),
            plant_mtbf_h: d(&p.mtbf_h),
            unrepairable_prob: d(&p.unrepairable_prob),
            electrolysis_kwh_per_kg: d(&pr.electrolysis_kwh_per_kg),
            electrolysis_power_kw: d(&pr.power_kw),
            isp_s: d(&pr.isp_s),
            boiloff_pct_per_day: d(&pr.boiloff_pct_per_day),
            initial_propellant_kg: d(&pr.initial_kg),
            array_kw_1au: d(&pw.array_kw_1au),
            heliocentric_au: d(&pw.heliocentric_au),
            degradation_pct_per_year: d(&pw.degradation_pct_per_year),
            contact_h_per_day: d(&s.comms.contact_h_per_day),
            dry_kg: d(&r.dry_kg),
            delta_v_m_s: d(&r.delta_v_m_s),
            cargo_target_kg: d(&r.cargo_target_kg),
            first_window_day: d(&r.first_window_day),
            window_every_days: d(&r.window_every_days),
            window_days: d(&r.window_days),
            return_loss_prob: d(&r.loss_prob),
            cargo_price_usd_per_kg: d(&e.cargo_price_usd_per_kg),
            mission_cost_usd: d(&e.mission_cost_usd),
            ops_cost_usd_per_day: d(&e.ops_cost_usd_per_day),
            discount_rate: d(&e.discount_rate),
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
