//! One replication of the mission: the events, the state, and the rules of
//! MODEL.md that tie the subsystems together. Time is in hours since launch.

use super::Subsystem;
use super::anchoring::{Harpoon, Shot};
use super::comms::Ground;
use super::dust::{DustCloud, escape_speed_m_s};
use super::economics::Discount;
use super::fleet::{FaultFix, resolve_fault};
use super::inputs::{EventDraws, RunInputs};
use super::power::PowerPool;
use super::propellant::{PropellantStore, water_to_propellant};
use super::record::{Metrics, Outcome, RunRecord};
use super::trace::{Entity, TraceEvent, TraceSink};
use super::transit::{max_cargo, propellant_for};
use crate::engine::rng::{StreamRng, Streams};
use crate::engine::{Engine, EventKey, Model, ScheduleError};
use crate::scenario::{AsteroidClass, Mitigation, PropellantKind, Scenario};
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
    draws: EventDraws,
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
    let inp = RunInputs::draw(scenario, &mut streams.stream(Subsystem::World));
    let mut mission = Mission::new(scenario, inp, streams, trace);
    let mut engine = Engine::with_capacity(2 * mission.robots.len() + 16);
    let launch_failed = streams.stream(Subsystem::Launch).random::<f64>() < inp.launch_failure_prob;
    if launch_failed {
        mission.log(0.0, "transit", Entity::Mission, "launch_failure", 0.0, "");
    } else {
        mission.log(0.0, "transit", Entity::Mission, "launch", 0.0, "");
        engine.schedule_at(inp.outbound_days * 24.0, Ev::Arrive)?;
        engine.schedule_at(inp.horizon_days * 24.0, Ev::Horizon)?;
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
                spare_bits: s.drilling.spare_bits,
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
            PropellantKind::LoxLh2 => inp.boiloff_pct_per_day,
            PropellantKind::WaterSteam => 0.0,
        };
        let mut plant_rng = streams.stream(Subsystem::Plant);
        let plant_fail_left_h = exponential(&mut plant_rng, inp.plant_mtbf_h);
        let draws = EventDraws::of(s);
        let mut m = Metrics {
            grade_wt_pct: inp.grade_wt_pct,
            surface_strength_kpa: inp.surface_strength_kpa,
            distance_au: inp.distance_au,
            ..Metrics::default()
        };
        m.propellant_left_kg = inp.initial_propellant_kg;
        Self {
            plan,
            inp,
            draws,
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
                min_strength_kpa: inp.min_strength_kpa,
                max_strength_kpa: inp.max_strength_kpa,
                site_sigma: inp.site_variability_sigma,
                tether_failure_prob: inp.tether_failure_prob,
            },
            ground: Ground::new(
                inp.distance_au,
                inp.contact_h_per_day,
                draws.ground_response_h,
                streams.stream(Subsystem::Comms),
            ),
            power: PowerPool::new(
                inp.array_kw_1au,
                inp.heliocentric_au,
                inp.degradation_pct_per_year,
            ),
            cloud: DustCloud::new(inp.settle_h, inp.deposit_fraction, inp.array_loss_per_kg),
            dust_rng: streams.stream(Subsystem::Dust),
            v_esc: escape_speed_m_s(inp.diameter_m, inp.bulk_density_kg_m3),
            hold: false,
            cleaning: 0,
            hopper_kg: 0.0,
            plant: PlantPhase::Idle,
            plant_spares: s.processing.spares,
            plant_ore_kg: 0.0,
            plant_left_h: 0.0,
            plant_fail_left_h,
            plant_since_h: 0.0,
            plant_rng,
            electrolysis_busy: false,
            electrolysis_waiting: false,
            electrolysis_kg: 0.0,
            water_pending_kg: 0.0,
            store: PropellantStore::new(inp.initial_propellant_kg, boiloff),
            cargo_kg: 0.0,
            need_kg: propellant_for(inp.dry_kg + inp.cargo_target_kg, inp.delta_v_m_s, inp.isp_s),
            window_open: false,
            last_window: None,
            trips: Vec::with_capacity(plan.trips as usize),
            last_arrival_h: 0.0,
            present_value: 0.0,
            discount: Discount::annual(inp.discount_rate),
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

    fn horizon_h(&self) -> f64 {
        self.inp.horizon_days * 24.0
    }

    // ---- anchoring ----------------------------------------------------------

    fn start_shot(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let robot = &mut self.robots[r as usize];
        if robot.harpoons == 0 {
            return self.out_of_harpoons(r, e);
        }
        robot.harpoons -= 1;
        let mut delay = self.draws.attempt_h.sample(&mut robot.anchoring);
        self.m.harpoons_fired += 1.0;
        if self.plan.ground_confirm {
            delay += self.ground_wait(now, Entity::Robot(r + 1));
        }
        e.schedule_in(delay, Ev::Shot(r))?;
        Ok(())
    }

    fn on_shot(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let robot = &mut self.robots[r as usize];
        let (u_site, u_tether) = (
            robot.anchoring.random::<f64>(),
            robot.anchoring.random::<f64>(),
        );
        let site = self
            .harpoon
            .site_strength(self.inp.surface_strength_kpa, u_site);
        let shot = self.harpoon.shoot(site, u_tether);
        let entity = Entity::Robot(r + 1);
        match shot {
            Shot::Anchored => {
                self.log(now, "anchoring", entity, "anchored", site, "kPa");
                let initial = self.robots[r as usize].phase == Phase::Anchoring;
                self.robots[r as usize].phase = Phase::Idle;
                if initial {
                    self.anchoring_done_one(e)
                } else {
                    self.try_start(r, e)
                }
            }
            miss => {
                let kind = match miss {
                    Shot::PulledOut => {
                        self.m.harpoon_pullouts += 1.0;
                        "shot_pulled_out"
                    }
                    Shot::Bounced => {
                        self.m.harpoon_bounces += 1.0;
                        "shot_bounced"
                    }
                    _ => {
                        self.m.tether_failures += 1.0;
                        "shot_tether_failed"
                    }
                };
                self.log(now, "anchoring", entity, kind, site, "kPa");
                let robot = &mut self.robots[r as usize];
                if robot.harpoons == 0 {
                    self.out_of_harpoons(r, e)
                } else {
                    let delay = self.draws.relocate_h.sample(&mut robot.anchoring);
                    e.schedule_in(delay, Ev::Relocated(r))?;
                    Ok(())
                }
            }
        }
    }

    fn out_of_harpoons(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.log(
            now,
            "anchoring",
            Entity::Robot(r + 1),
            "out_of_harpoons",
            0.0,
            "",
        );
        if self.robots[r as usize].phase == Phase::Anchoring {
            self.robots[r as usize].phase = Phase::Unanchored;
            self.anchoring_done_one(e)
        } else {
            self.stop_robot(r, e)
        }
    }

    fn anchoring_done_one(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.anchoring_pending -= 1;
        if self.anchoring_pending > 0 {
            return Ok(());
        }
        let now = e.now();
        let anchored = self
            .robots
            .iter()
            .filter(|r| r.phase == Phase::Idle)
            .count() as u32;
        self.m.robots_anchored = f64::from(anchored);
        self.log(
            now,
            "anchoring",
            Entity::Mission,
            "anchoring_done",
            f64::from(anchored),
            "count",
        );
        if anchored < self.plan.min_anchored {
            self.anchoring_failed = true;
            return self.end_ops(now);
        }
        self.ops_started = true;
        self.log(now, "mission", Entity::Mission, "operations_start", 0.0, "");
        if self.plan.mitigation == Mitigation::Electrostatic {
            e.schedule_in(self.inp.clean_every_h, Ev::CleanStart)?;
        }
        self.schedule_first_window(e)?;
        if self.ops_ended {
            return Ok(());
        }
        for r in 0..self.plan.robots {
            let robot = &mut self.robots[r as usize];
            if robot.phase == Phase::Idle {
                robot.bit_left_h = self.draws.bit_life_h.sample(&mut robot.drilling);
                robot.fault_left_h = exponential(&mut robot.faults, self.inp.fault_mtbf_h);
                self.try_start(r, e)?;
            }
        }
        Ok(())
    }

    // ---- drilling -----------------------------------------------------------

    fn cutting_allowed(&self) -> bool {
        !self.hold && self.cleaning == 0
    }

    fn available_kw(&mut self, now: f64) -> f64 {
        self.cloud.advance(now);
        self.power.output_kw(now, self.cloud.array_loss())
    }

    fn try_start(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.ops_ended {
            return Ok(());
        }
        let now = e.now();
        let kw = self.inp.drill_power_kw;
        let output = self.available_kw(now);
        if self.drill_queue.is_empty()
            && self.priority_queue.is_empty()
            && self.power.fits(kw, output)
        {
            self.power.hold(kw);
            self.start_batch(r, e)
        } else {
            self.robots[r as usize].phase = Phase::WaitPower;
            self.drill_queue.push_back(r);
            self.log(now, "power", Entity::Robot(r + 1), "wait_power", kw, "kW");
            Ok(())
        }
    }

    fn start_batch(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let robot = &mut self.robots[r as usize];
        robot.holds_power = true;
        robot.batch_left_h = self.inp.drill_batch_kg / self.inp.drill_rate_kg_h;
        if self.plan.mitigation == Mitigation::Dome {
            robot.phase = Phase::Setup;
            let delay = self.draws.dome_overhead_h.sample(&mut robot.drilling);
            e.schedule_in(delay, Ev::SetupDone(r))?;
        } else {
            self.begin_cut(r, e)?;
        }
        self.log(
            now,
            "drilling",
            Entity::Robot(r + 1),
            "batch_start",
            self.inp.drill_batch_kg,
            "kg",
        );
        Ok(())
    }

    fn begin_cut(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let allowed = self.cutting_allowed();
        let robot = &mut self.robots[r as usize];
        robot.phase = Phase::Cutting;
        if !allowed {
            return Ok(());
        }
        robot.cut_since_h = e.now();
        let (limit, hours) = [
            (CutLimit::Fault, robot.fault_left_h),
            (CutLimit::Bit, robot.bit_left_h),
            (CutLimit::Batch, robot.batch_left_h),
        ]
        .into_iter()
        .fold((CutLimit::Batch, f64::INFINITY), |best, c| {
            if c.1 < best.1 { c } else { best }
        });
        robot.cut_limit = limit;
        robot.cut_key = Some(e.schedule_in(hours.max(0.0), Ev::CutEnd(r))?);
        Ok(())
    }

    fn accrue_cut(&mut self, r: u32, now: f64) {
        let robot = &mut self.robots[r as usize];
        let dt = now - robot.cut_since_h;
        robot.cut_since_h = now;
        robot.batch_left_h -= dt;
        robot.bit_left_h -= dt;
        robot.fault_left_h -= dt;
        self.m.energy_kwh += self.inp.drill_power_kw * dt;
    }

    fn pause_cutting(&mut self, e: &mut Engine<Ev>) {
        let now = e.now();
        for r in 0..self.plan.robots {
            if let Some(key) = self.robots[r as usize].cut_key.take() {
                e.cancel(key);
                self.accrue_cut(r, now);
            }
        }
    }

    fn resume_cutting(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if !self.cutting_allowed() {
            return Ok(());
        }
        for r in 0..self.plan.robots {
            let robot = &self.robots[r as usize];
            if robot.phase == Phase::Cutting && robot.cut_key.is_none() {
                self.begin_cut(r, e)?;
            }
        }
        Ok(())
    }

    fn on_cut_end(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.robots[r as usize].cut_key = None;
        self.accrue_cut(r, now);
        match self.robots[r as usize].cut_limit {
            CutLimit::Fault => self.on_fault(r, e),
            CutLimit::Bit => self.on_bit_failure(r, e),
            CutLimit::Batch => self.on_batch_done(r, e),
        }
    }

    fn on_fault(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.robot_faults += 1.0;
        let robot = &mut self.robots[r as usize];
        robot.fault_left_h = exponential(&mut robot.faults, self.inp.fault_mtbf_h);
        let (u_loss, u_auto) = (robot.faults.random::<f64>(), robot.faults.random::<f64>());
        let repair = self.draws.local_repair_h.sample(&mut robot.faults);
        let entity = Entity::Robot(r + 1);
        match resolve_fault(u_loss, u_auto, self.inp.fault_loss_prob, self.inp.autonomy) {
            FaultFix::Lost => {
                self.log(now, "fleet", entity, "robot_lost", 0.0, "");
                self.m.robots_lost += 1.0;
                self.robots[r as usize].phase = Phase::Lost;
                self.release_drill_power(r, e)?;
                self.robot_gone(e)
            }
            FaultFix::OnBoard => {
                self.log(now, "fleet", entity, "fault_onboard_repair", repair, "h");
                self.robots[r as usize].phase = Phase::Down;
                e.schedule_in(repair, Ev::Resume(r))?;
                Ok(())
            }
            FaultFix::Ground => {
                let wait = self.ground_wait(now, entity);
                self.log(
                    now,
                    "fleet",
                    entity,
                    "fault_ground_repair",
                    wait + repair,
                    "h",
                );
                self.robots[r as usize].phase = Phase::Down;
                e.schedule_in(wait + repair, Ev::Resume(r))?;
                Ok(())
            }
        }
    }

    fn on_bit_failure(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.bit_failures += 1.0;
        let robot = &mut self.robots[r as usize];
        if robot.spare_bits == 0 {
            self.log(
                now,
                "drilling",
                Entity::Robot(r + 1),
                "out_of_bits",
                0.0,
                "",
            );
            return self.stop_robot(r, e);
        }
        robot.spare_bits -= 1;
        robot.new_bit = true;
        robot.phase = Phase::Down;
        let delay = self.draws.bit_change_h.sample(&mut robot.drilling);
        let left = f64::from(robot.spare_bits);
        self.log(
            now,
            "drilling",
            Entity::Robot(r + 1),
            "bit_change",
            left,
            "spares",
        );
        e.schedule_in(delay, Ev::Resume(r))?;
        Ok(())
    }

    fn on_resume(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let robot = &mut self.robots[r as usize];
        if robot.new_bit {
            robot.new_bit = false;
            robot.bit_left_h = self.draws.bit_life_h.sample(&mut robot.drilling);
        }
        self.begin_cut(r, e)
    }

    fn on_batch_done(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let batch = self.inp.drill_batch_kg;
        self.m.ore_mined_kg += batch;
        self.log(
            now,
            "drilling",
            Entity::Robot(r + 1),
            "batch_done",
            batch,
            "kg",
        );
        self.release_drill_power(r, e)?;
        self.loft_dust(batch, e)?;
        let ore = batch * (1.0 - self.inp.lofted_fraction);
        if self.hopper_queue.is_empty() && self.hopper_kg + ore <= self.inp.hopper_kg + EPS {
            self.hopper_kg += ore;
            self.after_deposit(r, e)?;
            self.try_plant(e)
        } else {
            let robot = &mut self.robots[r as usize];
            robot.phase = Phase::WaitHopper;
            robot.ore_kg = ore;
            self.hopper_queue.push_back(r);
            self.log(
                now,
                "processing",
                Entity::Robot(r + 1),
                "wait_hopper",
                ore,
                "kg",
            );
            Ok(())
        }
    }

    /// After a robot has emptied its batch into the hopper: the drilling
    /// reaction may have pulled its anchor out; otherwise the next batch.
    fn after_deposit(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let robot = &mut self.robots[r as usize];
        if robot.drilling.random::<f64>() < self.inp.pullout_per_batch_prob {
            self.m.anchor_pullouts += 1.0;
            robot.phase = Phase::Reanchoring;
            self.log(
                e.now(),
                "anchoring",
                Entity::Robot(r + 1),
                "anchor_pulled_out",
                0.0,
                "",
            );
            self.start_shot(r, e)
        } else {
            robot.phase = Phase::Idle;
            self.try_start(r, e)
        }
    }

    fn release_drill_power(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let robot = &mut self.robots[r as usize];
        if robot.holds_power {
            robot.holds_power = false;
            self.power.release(self.inp.drill_power_kw);
            self.serve_power(e)?;
        }
        Ok(())
    }

    fn stop_robot(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.m.robots_stopped += 1.0;
        self.robots[r as usize].phase = Phase::Stopped;
        self.release_drill_power(r, e)?;
        self.robot_gone(e)
    }

    fn robot_gone(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.fleet_dead_h.is_none() && !self.robots.iter().any(Robot::working) {
            self.fleet_dead_h = Some(e.now());
            self.log(
                e.now(),
                "fleet",
                Entity::Mission,
                "no_working_robot",
                0.0,
                "",
            );
        }
        self.check_dead(e)
    }

    // ---- dust -----------------------------------------------------------------

    fn loft_dust(&mut self, batch_kg: f64, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let lofted = batch_kg * self.inp.lofted_fraction;
        self.m.dust_lofted_kg += lofted;
        let captured = if self.plan.mitigation == Mitigation::Dome {
            lofted * self.inp.dome_capture
        } else {
            0.0
        };
        self.m.dust_captured_kg += captured;
        let free = lofted - captured;
        let speed = self.draws.ejecta_speed_m_s.sample(&mut self.dust_rng);
        if speed > self.v_esc {
            self.m.dust_escaped_kg += free;
            return Ok(());
        }
        self.cloud.loft(now, free);
        if !self.hold && self.cloud.airborne_kg() > self.inp.hold_above_kg {
            let hours = self.cloud.hours_to_decay_to(self.inp.hold_above_kg);
            self.hold = true;
            self.m.dust_holds += 1.0;
            self.m.dust_hold_h += hours;
            self.log(now, "dust", Entity::Site, "dust_hold", hours, "h");
            self.pause_cutting(e);
            e.schedule_in(hours, Ev::HoldEnd)?;
        }
        Ok(())
    }

    fn on_clean_start(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.cleanings += 1.0;
        self.cleaning += 1;
        self.pause_cutting(e);
        self.cloud.advance(now);
        let before = self.cloud.array_loss();
        self.cloud.clean(self.inp.clean_efficiency);
        self.log(
            now,
            "dust",
            Entity::Site,
            "clean",
            before - self.cloud.array_loss(),
            "loss",
        );
        let hours = self.draws.clean_h.sample(&mut self.dust_rng);
        e.schedule_in(hours, Ev::CleanEnd)?;
        e.schedule_in(self.inp.clean_every_h, Ev::CleanStart)?;
        self.serve_power(e)
    }

    // ---- power ----------------------------------------------------------------

    /// Grants power to waiting consumers: plant and electrolysis first, in
    /// arrival order; drills only when no priority consumer is waiting.
    fn serve_power(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let output = self.available_kw(now);
        while let Some(&c) = self.priority_queue.front() {
            let kw = self.priority_kw(c);
            if !self.power.fits(kw, output) {
                return Ok(());
            }
            self.priority_queue.pop_front();
            self.power.hold(kw);
            self.start_priority(c, e)?;
        }
        let kw = self.inp.drill_power_kw;
        while let Some(&r) = self.drill_queue.front() {
            if !self.power.fits(kw, output) {
                break;
            }
            self.drill_queue.pop_front();
            self.power.hold(kw);
            self.start_batch(r, e)?;
        }
        Ok(())
    }

    fn priority_kw(&self, c: Priority) -> f64 {
        match c {
            Priority::Plant => self.inp.plant_power_kw,
            Priority::Electrolysis => self.inp.electrolysis_power_kw,
        }
    }

    fn request_priority(&mut self, c: Priority, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let kw = self.priority_kw(c);
        let output = self.available_kw(e.now());
        if self.priority_queue.is_empty() && self.power.fits(kw, output) {
            self.power.hold(kw);
            self.start_priority(c, e)
        } else {
            self.priority_queue.push_back(c);
            Ok(())
        }
    }

    fn start_priority(&mut self, c: Priority, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        match c {
            Priority::Plant => self.start_plant(e),
            Priority::Electrolysis => self.start_electrolysis(e),
        }
    }

    // ---- plant ----------------------------------------------------------------

    fn try_plant(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.ops_ended
            || self.plant != PlantPhase::Idle
            || self.hopper_kg + EPS < self.inp.plant_batch_kg
        {
            return Ok(());
        }
        self.plant = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    fn start_plant(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        if self.plant_ore_kg == 0.0 {
            let batch = self.inp.plant_batch_kg;
            self.hopper_kg = (self.hopper_kg - batch).max(0.0);
            self.plant_ore_kg = batch;
            self.plant_left_h = batch / self.inp.throughput_kg_h;
            self.log(now, "processing", Entity::Plant, "batch_start", batch, "kg");
        }
        self.plant = PlantPhase::Processing;
        self.plant_since_h = now;
        let hours = self.plant_left_h.min(self.plant_fail_left_h).max(0.0);
        e.schedule_in(hours, Ev::PlantEnd)?;
        self.serve_hopper(e)
    }

    fn serve_hopper(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        while let Some(&r) = self.hopper_queue.front() {
            let ore = self.robots[r as usize].ore_kg;
            if self.hopper_kg + ore > self.inp.hopper_kg + EPS {
                break;
            }
            self.hopper_queue.pop_front();
            self.hopper_kg += ore;
            self.robots[r as usize].ore_kg = 0.0;
            self.after_deposit(r, e)?;
        }
        self.try_plant(e)
    }

    fn on_plant_end(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let dt = now - self.plant_since_h;
        self.plant_left_h -= dt;
        self.plant_fail_left_h -= dt;
        self.m.energy_kwh += self.inp.plant_power_kw * dt;
        self.power.release(self.inp.plant_power_kw);
        if self.plant_fail_left_h <= self.plant_left_h {
            return self.on_plant_failure(e);
        }
        let ore = self.plant_ore_kg;
        self.plant_ore_kg = 0.0;
        self.plant = PlantPhase::Idle;
        self.m.ore_processed_kg += ore;
        let product = ore * self.inp.grade_wt_pct / 100.0 * self.inp.extraction_efficiency;
        self.m.product_kg += product;
        self.log(
            now,
            "processing",
            Entity::Plant,
            "batch_done",
            product,
            "kg",
        );
        self.allocate_product(product, e)?;
        self.serve_power(e)?;
        self.try_plant(e)?;
        self.try_departures(e)
    }

    fn on_plant_failure(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.plant_failures += 1.0;
        let u_dead = self.plant_rng.random::<f64>();
        let u_auto = self.plant_rng.random::<f64>();
        let repair = self.draws.plant_repair_h.sample(&mut self.plant_rng);
        if u_dead < self.inp.unrepairable_prob || self.plant_spares == 0 {
            self.plant = PlantPhase::Dead;
            self.plant_dead_h = Some(now);
            self.log(now, "processing", Entity::Plant, "plant_dead", 0.0, "");
            self.serve_power(e)?;
            return self.check_dead(e);
        }
        self.plant_spares -= 1;
        let wait = if u_auto < self.inp.autonomy {
            0.0
        } else {
            self.ground_wait(now, Entity::Plant)
        };
        self.plant = PlantPhase::Repair;
        self.log(
            now,
            "processing",
            Entity::Plant,
            "plant_repair",
            wait + repair,
            "h",
        );
        e.schedule_in(wait + repair, Ev::PlantRepaired)?;
        self.serve_power(e)
    }

    fn on_plant_repaired(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.plant_fail_left_h = exponential(&mut self.plant_rng, self.inp.plant_mtbf_h);
        self.plant = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    // ---- propellant -------------------------------------------------------------

    fn allocate_product(&mut self, product: f64, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        if self.plan.class != AsteroidClass::C || self.trips_left() == 0 {
            self.cargo_kg += product;
            return Ok(());
        }
        let have = self.store.level(now) + self.water_pending_kg + self.electrolysis_kg;
        let to_prop = water_to_propellant(product, have, self.need_kg);
        self.cargo_kg += product - to_prop;
        self.add_propellant_water(to_prop, e)
    }

    /// Water turned to propellant: directly for steam, through electrolysis
    /// for LOX/LH2.
    fn add_propellant_water(&mut self, kg: f64, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        match self.plan.kind {
            PropellantKind::WaterSteam => {
                self.store.add(e.now(), kg);
                self.m.propellant_produced_kg += kg;
                Ok(())
            }
            PropellantKind::LoxLh2 => {
                self.water_pending_kg += kg;
                self.try_electrolysis(e)
            }
        }
    }

    fn try_electrolysis(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.ops_ended
            || self.electrolysis_busy
            || self.electrolysis_waiting
            || self.water_pending_kg <= EPS
        {
            return Ok(());
        }
        self.electrolysis_waiting = true;
        self.request_priority(Priority::Electrolysis, e)
    }

    fn electrolysis_rate_kg_h(&self) -> f64 {
        self.inp.electrolysis_power_kw / self.inp.electrolysis_kwh_per_kg
    }

    fn start_electrolysis(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let rate = self.electrolysis_rate_kg_h();
        let chunk = self.water_pending_kg.min(rate * 24.0);
        self.water_pending_kg -= chunk;
        self.electrolysis_kg = chunk;
        self.electrolysis_waiting = false;
        self.electrolysis_busy = true;
        e.schedule_in(chunk / rate, Ev::ElectrolysisEnd)?;
        Ok(())
    }

    fn on_electrolysis_end(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let kg = self.electrolysis_kg;
        self.electrolysis_kg = 0.0;
        self.electrolysis_busy = false;
        self.power.release(self.inp.electrolysis_power_kw);
        self.store.add(now, kg);
        self.m.propellant_produced_kg += kg;
        let kwh = kg * self.inp.electrolysis_kwh_per_kg;
        self.m.electrolysis_kwh += kwh;
        self.m.energy_kwh += kwh;
        self.log(
            now,
            "propellant",
            Entity::Electrolysis,
            "lox_lh2_made",
            kg,
            "kg",
        );
        self.serve_power(e)?;
        self.try_electrolysis(e)?;
        self.try_departures(e)?;
        self.check_dead(e)
    }

    // ---- return -----------------------------------------------------------------

    fn trips_left(&self) -> u32 {
        self.plan.trips - self.trips.len() as u32
    }

    fn window_open_h(&self, i: u32) -> f64 {
        (self.inp.first_window_day + f64::from(i) * self.inp.window_every_days) * 24.0
    }

    fn window_close_h(&self, i: u32) -> f64 {
        (self.window_open_h(i) + self.inp.window_days * 24.0).min(self.horizon_h())
    }

    /// Schedules the first window that has not closed yet; ends operations
    /// if none is left.
    fn schedule_first_window(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let r = &self.inp;
        if r.first_window_day > r.horizon_days {
            return self.end_ops(now);
        }
        let last = ((r.horizon_days - r.first_window_day) / r.window_every_days).floor();
        let last = last.min(f64::from(u32::MAX - 1)) as u32;
        self.last_window = Some(last);
        let behind = ((now / 24.0 - r.first_window_day - r.window_days) / r.window_every_days)
            .floor()
            .max(0.0);
        let mut i = behind.min(f64::from(last)) as u32;
        while i < last && self.window_close_h(i) <= now {
            i += 1;
        }
        if self.window_close_h(i) <= now {
            return self.end_ops(now);
        }
        e.schedule_at(self.window_open_h(i).max(now), Ev::WindowOpen(i))?;
        Ok(())
    }

    fn on_window_open(&mut self, i: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.window_open = true;
        self.log(
            e.now(),
            "return",
            Entity::Mission,
            "window_open",
            f64::from(i + 1),
            "window",
        );
        e.schedule_at(self.window_close_h(i).max(e.now()), Ev::WindowClose(i))?;
        self.try_departures(e)
    }

    fn on_window_close(&mut self, i: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.window_open = false;
        self.log(
            e.now(),
            "return",
            Entity::Mission,
            "window_close",
            f64::from(i + 1),
            "window",
        );
        if Some(i) == self.last_window {
            self.final_departures(e)
        } else {
            e.schedule_at(
                self.window_open_h(i + 1).max(e.now()),
                Ev::WindowOpen(i + 1),
            )?;
            Ok(())
        }
    }

    /// Full trips leave while the window is open, cargo is there and the
    /// propellant covers a full trip. Propellant sits at the allocation
    /// target minus what boiled off since the last top-up, so when cargo
    /// beyond a full load is waiting, the shortfall is made up from it.
    fn try_departures(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let target = self.inp.cargo_target_kg;
        while self.window_open
            && !self.ops_ended
            && self.trips_left() > 0
            && self.cargo_kg + MASS_TOL >= target
        {
            let level = self.store.level(now);
            if level + MASS_TOL >= self.need_kg {
                self.depart(target.min(self.cargo_kg), e)?;
                continue;
            }
            let on_the_way = self.water_pending_kg + self.electrolysis_kg;
            let shortfall = self.need_kg - level - on_the_way;
            let surplus = self.cargo_kg - target;
            if self.plan.class == AsteroidClass::C && shortfall > 0.0 && surplus > 0.0 {
                let top_up = shortfall.min(surplus);
                self.cargo_kg -= top_up;
                self.add_propellant_water(top_up, e)?;
                continue;
            }
            break;
        }
        Ok(())
    }

    /// When the last window closes, waiting trips leave with the most cargo
    /// their propellant allows, then operations end.
    fn final_departures(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        while !self.ops_ended && self.trips_left() > 0 {
            let cargo = self.departable_cargo(now);
            if cargo <= EPS {
                break;
            }
            self.depart(cargo, e)?;
        }
        self.end_ops(now)
    }

    fn departable_cargo(&mut self, now: f64) -> f64 {
        let fuel = self.store.level(now);
        let by_fuel = max_cargo(fuel, self.inp.dry_kg, self.inp.delta_v_m_s, self.inp.isp_s);
        by_fuel.min(self.cargo_kg).min(self.inp.cargo_target_kg)
    }

    fn depart(&mut self, cargo: f64, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let burn = propellant_for(
            self.inp.dry_kg + cargo,
            self.inp.delta_v_m_s,
            self.inp.isp_s,
        );
        self.store.take(now, burn);
        self.m.propellant_burned_kg += burn;
        self.cargo_kg -= cargo;
        self.m.cargo_departed_kg += cargo;
        self.m.departures += 1.0;
        let j = self.trips.len() as u32;
        let mut rng = self.streams.stream(Subsystem::Transit.entity(j));
        let lost = rng.random::<f64>() < self.inp.return_loss_prob;
        let days = self.draws.return_days.sample(&mut rng);
        self.trips.push(Trip {
            cargo_kg: cargo,
            lost,
        });
        self.log(now, "return", Entity::Trip(j + 1), "departure", cargo, "kg");
        e.schedule_in(days * 24.0, Ev::TripArrives(j))?;
        if self.trips_left() == 0 {
            self.end_ops(now)?;
        }
        Ok(())
    }

    fn on_trip_arrives(&mut self, j: u32, now: f64) {
        let trip = self.trips[j as usize];
        self.last_arrival_h = self.last_arrival_h.max(now);
        if trip.lost {
            self.m.trips_lost += 1.0;
            self.log(
                now,
                "return",
                Entity::Trip(j + 1),
                "lost_in_transit",
                trip.cargo_kg,
                "kg",
            );
        } else {
            self.m.deliveries += 1.0;
            self.m.delivered_kg += trip.cargo_kg;
            let value = trip.cargo_kg * self.inp.cargo_price_usd_per_kg;
            self.m.revenue_usd += value;
            self.present_value += value * self.discount.factor(now / 24.0);
            self.log(
                now,
                "return",
                Entity::Trip(j + 1),
                "delivered",
                trip.cargo_kg,
                "kg",
            );
        }
    }

    // ---- comms, end of operations ---------------------------------------------------

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
                || self.hopper_kg + EPS >= self.inp.plant_batch_kg);
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
        m.npv_usd = -self.inp.mission_cost_usd + self.present_value
            - self.inp.ops_cost_usd_per_day * self.discount.annuity(m.mission_days);
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
        match ev {
            Ev::Arrive => {
                self.log(now, "transit", Entity::Mission, "arrival", 0.0, "");
                e.schedule_in(self.inp.survey_days * 24.0, Ev::SurveyDone)?;
                Ok(())
            }
            Ev::SurveyDone => {
                self.log(
                    now,
                    "target",
                    Entity::Mission,
                    "survey_done",
                    self.inp.grade_wt_pct,
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
