//! One replication of the mission: the events, the state, and the rules of
//! MODEL.md that tie the subsystems together. Time is in hours since launch.

use super::Subsystem;
mod departures;
mod plant;
mod robots;
mod site;

use super::anchoring::{Harpoon, Shot};
use super::comms::Ground;
use super::dust::{DustCloud, escape_speed_m_s};
use super::economics::Discount;
use super::fleet::{FaultFix, resolve_fault};
use super::power::PowerPool;
use super::propellant::{PropellantStore, water_to_propellant};
use super::record::{Metrics, Outcome, RunRecord};
use super::trace::{Entity, TraceEvent, TraceSink};
use super::transit::{max_cargo, propellant_for};
use crate::engine::rng::{StreamRng, Streams};
use crate::engine::{Engine, EventKey, Model, ScheduleError};
use crate::scenario::{AsteroidClass, Mitigation, PropellantKind, RunInputs, Scenario};
use rand::RngExt;
use rand_distr::Distribution;
use std::collections::VecDeque;

/// Masses and times closer than this are equal.
const EPS: f64 = 1e-9;

/// Propellant and cargo within a milligram of a full trip's count as full.
const MASS_TOL: f64 = 1e-6;

/// The events of a replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ev {
    /// The spacecraft reaches the asteroid; the survey starts.
    Arrive,
    /// The survey is done; anchoring starts.
    SurveyDone,
    /// A robot's harpoon shot resolves.
    Shot(u32),
    /// A robot has moved to a new site after a failed shot.
    Relocated(u32),
    /// A robot's dome setup for a batch is done.
    SetupDone(u32),
    /// A robot's cutting reaches its next limit (batch, bit, fault).
    CutEnd(u32),
    /// A robot is back after a repair or bit change.
    Resume(u32),
    /// The dust cloud has settled to the hold threshold.
    HoldEnd,
    /// An electrostatic cleaning starts.
    CleanStart,
    /// An electrostatic cleaning ends.
    CleanEnd,
    /// The plant's processing reaches its next limit (batch or failure).
    PlantEnd,
    /// The plant is repaired.
    PlantRepaired,
    /// An electrolysis chunk is done.
    ElectrolysisEnd,
    /// Departure window i opens.
    WindowOpen(u32),
    /// Departure window i closes.
    WindowClose(u32),
    /// Return trip j arrives (or is lost).
    TripArrives(u32),
    /// The scenario horizon.
    Horizon,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Anchoring,
    Reanchoring,
    Idle,
    WaitPower,
    Setup,
    Cutting,
    Down,
    WaitHopper,
    Unanchored,
    Lost,
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CutLimit {
    Batch,
    Bit,
    Fault,
}

#[derive(Debug)]
struct Robot {
    phase: Phase,
    harpoons: u32,
    spare_bits: u32,
    holds_power: bool,
    batch_left_h: f64,
    bit_left_h: f64,
    fault_left_h: f64,
    new_bit: bool,
    cut_since_h: f64,
    cut_key: Option<EventKey>,
    cut_limit: CutLimit,
    ore_kg: f64,
    anchoring: StreamRng,
    drilling: StreamRng,
    faults: StreamRng,
}

impl Robot {
    fn working(&self) -> bool {
        !matches!(self.phase, Phase::Lost | Phase::Stopped | Phase::Unanchored)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlantPhase {
    Idle,
    WaitPower,
    Processing,
    Repair,
    Dead,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Priority {
    Plant,
    Electrolysis,
}

#[derive(Debug, Clone, Copy)]
struct Trip {
    cargo_kg: f64,
    lost: bool,
}

/// Counts and flags fixed by the scenario (not drawn).
#[derive(Debug, Clone, Copy)]
struct Plan {
    class: AsteroidClass,
    mitigation: Mitigation,
    kind: PropellantKind,
    ground_confirm: bool,
    robots: u32,
    min_anchored: u32,
    trips: u32,
}

/// The state of one replication.
struct Mission<'t> {
    plan: Plan,
    inp: RunInputs,
    streams: Streams,
    m: Metrics,
    trace: Option<&'t mut dyn TraceSink>,

    robots: Vec<Robot>,
    drill_queue: VecDeque<u32>,
    hopper_queue: VecDeque<u32>,
    priority_queue: VecDeque<Priority>,
    anchoring_pending: u32,
    ops_started: bool,
    ops_ended: bool,
    ops_end_h: f64,
    anchoring_failed: bool,
    fleet_dead_h: Option<f64>,
    plant_dead_h: Option<f64>,

    harpoon: Harpoon,
    ground: Ground,
    power: PowerPool,
    cloud: DustCloud,
    dust_rng: StreamRng,
    v_esc: f64,
    hold: bool,
    cleaning: u32,
    hopper_kg: f64,

    plant: PlantPhase,
    plant_spares: u32,
    plant_ore_kg: f64,
    plant_left_h: f64,
    plant_fail_left_h: f64,
    plant_since_h: f64,
    plant_rng: StreamRng,

    electrolysis_busy: bool,
    electrolysis_waiting: bool,
    electrolysis_kg: f64,
    water_pending_kg: f64,
    store: PropellantStore,
    cargo_kg: f64,
    need_kg: f64,

    window_open: bool,
    last_window: Option<u32>,
    trips: Vec<Trip>,
    last_arrival_h: f64,
    present_value: f64,
    discount: Discount,
}

/// Simulates replication `run` of `scenario` with master seed `seed`.
pub fn simulate(scenario: &Scenario, seed: u64, run: u64) -> Result<RunRecord, ScheduleError> {
    simulate_inner(scenario, seed, run, None)
}

/// Simulates replication `run` and hands every event to `sink`.
pub fn simulate_traced(
    scenario: &Scenario,
    seed: u64,
    run: u64,
    sink: &mut dyn TraceSink,
) -> Result<RunRecord, ScheduleError> {
    simulate_inner(scenario, seed, run, Some(sink))
}

fn simulate_inner(
    scenario: &Scenario,
    seed: u64,
    run: u64,
    trace: Option<&mut dyn TraceSink>,
) -> Result<RunRecord, ScheduleError> {
    let streams = Streams::new(seed, run);
    let inp = super::inputs::draw(scenario, &mut streams.stream(Subsystem::World));
    let mut mission = Mission::new(scenario, inp, streams, trace);
    let mut engine = Engine::with_capacity(2 * mission.robots.len() + 16);
    let launch_failed =
        streams.stream(Subsystem::Launch).random::<f64>() < inp.transit.launch_failure_prob;
    if launch_failed {
        mission.log(0.0, "transit", Entity::Mission, "launch_failure", 0.0, "");
    } else {
        mission.log(0.0, "transit", Entity::Mission, "launch", 0.0, "");
        engine.schedule_at(inp.transit.outbound_days * 24.0, Ev::Arrive)?;
        engine.schedule_at(inp.scenario.horizon_days * 24.0, Ev::Horizon)?;
        engine.run(&mut mission)?;
    }
    Ok(mission.finish(run, launch_failed, engine.events_handled()))
}

impl<'t> Mission<'t> {
    fn new(
        s: &Scenario,
        inp: RunInputs,
        streams: Streams,
        trace: Option<&'t mut dyn TraceSink>,
    ) -> Self {
        let plan = Plan {
            class: s.target.class,
            mitigation: s.dust.mitigation,
            kind: s.propellant.kind,
            ground_confirm: s.anchoring.ground_confirm,
            robots: *s.fleet.robots.get_ref(),
            min_anchored: *s.fleet.min_anchored.get_ref(),
            trips: *s.return_plan.trips.get_ref(),
        };
        let robots = (0..plan.robots)
            .map(|r| Robot {
                phase: Phase::Anchoring,
                harpoons: *s.anchoring.harpoons_per_robot.get_ref(),
                spare_bits: *s.drilling.spare_bits.get_ref(),
                holds_power: false,
                batch_left_h: 0.0,
                bit_left_h: 0.0,
                fault_left_h: 0.0,
                new_bit: false,
                cut_since_h: 0.0,
                cut_key: None,
                cut_limit: CutLimit::Batch,
                ore_kg: 0.0,
                anchoring: streams.stream(Subsystem::Anchoring.entity(r)),
                drilling: streams.stream(Subsystem::Drilling.entity(r)),
                faults: streams.stream(Subsystem::Faults.entity(r)),
            })
            .collect();
        let boiloff = match plan.kind {
            PropellantKind::LoxLh2 => inp.propellant.boiloff_pct_per_day,
            PropellantKind::WaterSteam => 0.0,
        };
        let mut plant_rng = streams.stream(Subsystem::Plant);
        let plant_fail_left_h = exponential(&mut plant_rng, inp.processing.mtbf_h);
        let mut m = Metrics {
            grade_wt_pct: inp.target.grade_wt_pct,
            surface_strength_kpa: inp.target.surface_strength_kpa,
            distance_au: inp.target.distance_au,
            ..Metrics::default()
        };
        m.propellant_left_kg = inp.propellant.initial_kg;
        Self {
            plan,
            inp,
            streams,
            m,
            trace,
            robots,
            drill_queue: VecDeque::with_capacity(plan.robots as usize),
            hopper_queue: VecDeque::with_capacity(plan.robots as usize),
            priority_queue: VecDeque::with_capacity(2),
            anchoring_pending: plan.robots,
            ops_started: false,
            ops_ended: false,
            ops_end_h: 0.0,
            anchoring_failed: false,
            fleet_dead_h: None,
            plant_dead_h: None,
            harpoon: Harpoon {
                min_strength_kpa: inp.anchoring.min_strength_kpa,
                max_strength_kpa: inp.anchoring.max_strength_kpa,
                site_sigma: inp.anchoring.site_variability_sigma,
                tether_failure_prob: inp.anchoring.tether_failure_prob,
            },
            ground: Ground::new(
                inp.target.distance_au,
                inp.comms.contact_h_per_day,
                inp.comms.ground_response_h,
                streams.stream(Subsystem::Comms),
            ),
            power: PowerPool::new(
                inp.power.array_kw_1au,
                inp.power.heliocentric_au,
                inp.power.degradation_pct_per_year,
            ),
            cloud: DustCloud::new(
                inp.dust.settle_h,
                inp.dust.deposit_fraction,
                inp.dust.array_loss_per_kg,
            ),
            dust_rng: streams.stream(Subsystem::Dust),
            v_esc: escape_speed_m_s(inp.target.diameter_m, inp.target.bulk_density_kg_m3),
            hold: false,
            cleaning: 0,
            hopper_kg: 0.0,
            plant: PlantPhase::Idle,
            plant_spares: *s.processing.spares.get_ref(),
            plant_ore_kg: 0.0,
            plant_left_h: 0.0,
            plant_fail_left_h,
            plant_since_h: 0.0,
            plant_rng,
            electrolysis_busy: false,
            electrolysis_waiting: false,
            electrolysis_kg: 0.0,
            water_pending_kg: 0.0,
            store: PropellantStore::new(inp.propellant.initial_kg, boiloff),
            cargo_kg: 0.0,
            need_kg: propellant_for(
                inp.return_plan.dry_kg + inp.return_plan.cargo_target_kg,
                inp.return_plan.delta_v_m_s,
                inp.propellant.isp_s,
            ),
            window_open: false,
            last_window: None,
            trips: Vec::with_capacity(plan.trips as usize),
            last_arrival_h: 0.0,
            present_value: 0.0,
            discount: Discount::annual(inp.economics.discount_rate),
        }
    }

    fn log(
        &mut self,
        time_h: f64,
        subsystem: &'static str,
        entity: Entity,
        kind: &'static str,
        quantity: f64,
        unit: &'static str,
    ) {
        if let Some(sink) = self.trace.as_mut() {
            sink.record(TraceEvent {
                time_h,
                subsystem,
                entity,
                kind,
                quantity,
                unit,
            });
        }
    }

    /// Traces the propellant on hand (only when tracing).
    fn log_propellant(&mut self, now: f64) {
        if self.trace.is_some() {
            let kg = self.store.peek(now);
            self.log(
                now,
                "propellant",
                Entity::Mission,
                "propellant_level",
                kg,
                "kg",
            );
        }
    }

    fn horizon_h(&self) -> f64 {
        self.inp.scenario.horizon_days * 24.0
    }

    fn ground_wait(&mut self, now: f64, entity: Entity) -> f64 {
        let wait = self.ground.intervention_wait_h(now);
        self.m.ground_waits += 1.0;
        self.m.ground_wait_h += wait;
        self.log(now, "comms", entity, "ground_wait", wait, "h");
        wait
    }

    /// Ends operations early when nothing more can be produced and no
    /// departure is possible.
    fn check_dead(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.ops_ended || !self.ops_started {
            return Ok(());
        }
        let plant_can_work = self.plant != PlantPhase::Dead
            && (self.robots.iter().any(Robot::working)
                || self.plant_ore_kg > 0.0
                || self.hopper_kg + EPS >= self.inp.processing.batch_kg);
        let electrolysis_can_work =
            self.electrolysis_busy || self.electrolysis_waiting || self.water_pending_kg > EPS;
        if plant_can_work || electrolysis_can_work {
            return Ok(());
        }
        let now = e.now();
        if self.trips_left() > 0 && self.departable_cargo(now) > EPS {
            return Ok(());
        }
        self.end_ops(now)
    }

    fn end_ops(&mut self, now: f64) -> Result<(), ScheduleError> {
        if !self.ops_ended {
            self.ops_ended = true;
            self.ops_end_h = now;
            self.window_open = false;
            self.log(now, "mission", Entity::Mission, "operations_end", 0.0, "");
        }
        Ok(())
    }

    fn finish(mut self, run: u64, launch_failed: bool, events: u64) -> RunRecord {
        let end = self.ops_end_h;
        self.cloud.advance(end);
        self.cloud.settle_all();
        self.store.advance(end);
        let m = &mut self.m;
        m.dust_settled_kg = self.cloud.settled_kg();
        m.boiloff_kg = self.store.boiled_kg();
        m.propellant_left_kg = self.store.level(end);
        m.ore_left_kg =
            self.hopper_kg + self.plant_ore_kg + self.robots.iter().map(|r| r.ore_kg).sum::<f64>();
        m.product_left_kg = self.cargo_kg + self.water_pending_kg + self.electrolysis_kg;
        m.mission_days = if launch_failed {
            0.0
        } else {
            end.max(self.last_arrival_h) / 24.0
        };
        m.npv_usd = -self.inp.economics.mission_cost_usd + self.present_value
            - self.inp.economics.ops_cost_usd_per_day * self.discount.annuity(m.mission_days);
        m.events = events as f64;
        let outcome = if m.delivered_kg > 0.0 {
            Outcome::Success
        } else if launch_failed {
            Outcome::LaunchFailure
        } else if self.anchoring_failed {
            Outcome::AnchoringFailure
        } else if m.departures > 0.0 {
            Outcome::ReturnLoss
        } else {
            let before_end = |t: Option<f64>| t.filter(|&t| t <= end + EPS);
            match (before_end(self.fleet_dead_h), before_end(self.plant_dead_h)) {
                (Some(f), Some(p)) if p < f => Outcome::PlantFailure,
                (Some(_), _) => Outcome::FleetLoss,
                (None, Some(_)) => Outcome::PlantFailure,
                (None, None) => Outcome::Stranded,
            }
        };
        RunRecord {
            run,
            outcome,
            metrics: self.m,
        }
    }
}

/// An exponential draw with mean `mean` by inversion (one uniform).
fn exponential(rng: &mut StreamRng, mean: f64) -> f64 {
    -mean * (-rng.random::<f64>()).ln_1p()
}

impl Model for Mission<'_> {
    type Event = Ev;
    type Error = ScheduleError;

    fn handle(&mut self, ev: Ev, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        if let Ev::TripArrives(j) = ev {
            self.on_trip_arrives(j, now);
            return Ok(());
        }
        if self.ops_ended {
            return Ok(());
        }
        self.dispatch(ev, e)?;
        // Rule 9: operations end as soon as nothing more can be produced and
        // no departure is possible, whatever event brought that about.
        self.check_dead(e)
    }
}

impl Mission<'_> {
    fn dispatch(&mut self, ev: Ev, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        match ev {
            Ev::Arrive => {
                self.log(now, "transit", Entity::Mission, "arrival", 0.0, "");
                e.schedule_in(self.inp.target.survey_days * 24.0, Ev::SurveyDone)?;
                Ok(())
            }
            Ev::SurveyDone => {
                self.log(
                    now,
                    "target",
                    Entity::Mission,
                    "survey_done",
                    self.inp.target.grade_wt_pct,
                    "wt%",
                );
                (0..self.plan.robots).try_for_each(|r| self.start_shot(r, e))
            }
            Ev::Shot(r) => self.on_shot(r, e),
            Ev::Relocated(r) => self.start_shot(r, e),
            Ev::SetupDone(r) => self.begin_cut(r, e),
            Ev::CutEnd(r) => self.on_cut_end(r, e),
            Ev::Resume(r) => self.on_resume(r, e),
            Ev::HoldEnd => {
                self.hold = false;
                self.log(now, "dust", Entity::Site, "hold_end", 0.0, "");
                self.resume_cutting(e)
            }
            Ev::CleanStart => self.on_clean_start(e),
            Ev::CleanEnd => {
                self.cleaning -= 1;
                self.resume_cutting(e)
            }
            Ev::PlantEnd => self.on_plant_end(e),
            Ev::PlantRepaired => self.on_plant_repaired(e),
            Ev::ElectrolysisEnd => self.on_electrolysis_end(e),
            Ev::WindowOpen(i) => self.on_window_open(i, e),
            Ev::WindowClose(i) => self.on_window_close(i, e),
            // The last window closes at the horizon at the latest.
            Ev::Horizon => self.final_departures(e),
            Ev::TripArrives(_) => Ok(()),
        }
    }
}
