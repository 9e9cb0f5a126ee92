//! One replication of the mission: the events, the state, and the rules
//! that tie the subsystems together. Time is in hours since launch.
//! The rules: docs/model.md §Overview and §End of operations.
//!
//! Each subsystem's state lives in its own file, on a struct of its own:
//! robots and anchoring in `robots.rs`, the dust, power and their queues in
//! `site.rs`, the plant and its product in `plant.rs`, windows and trips in
//! `departures.rs`.

use super::Subsystem;
mod departures;
mod plant;
mod robots;
mod runaway;
mod site;
mod timing;

use super::comms::{Distance, Ground};
use super::economics::{CostBasis, Costs};
use super::fleet::{FaultFix, resolve_fault};
use super::propellant::{propellant_per_water, water_to_propellant};
use super::record::{Metrics, Outcome, RunRecord};
use super::sky::{Prepared, Sky};
use super::time::{Clock, ElectrolysisTime, PlantTime, RobotTime};
use super::trace::{Entity, EventKind, TraceEvent, TraceSink};
use super::transit::{max_cargo, propellant_for};
use crate::engine::rng::{StreamRng, Streams};
use crate::engine::{Engine, EventKey, Model, RunEnd, ScheduleError};
use crate::scenario::{
    AsteroidClass, ExcessOxygen, Mitigation, PropellantKind, PropellantPolicy, ReturnPolicy,
    RunInputs, Scenario,
};
use crate::units::{day_of, days_to_hours, hours_to_days};
use departures::Departures;
use plant::{Plant, PlantPhase, Product};
use rand::RngExt;
use rand_distr::Distribution;
use robots::Fleet;
pub use runaway::SimError;
use site::{Priority, Site};
use std::collections::VecDeque;

/// What a handler returns: an event it could not schedule ends the
/// replication. Boxed, so the usual `Ok` comes back in a register rather
/// than through memory.
type Step = Result<(), Box<ScheduleError>>;

/// Masses and times closer than this are equal.
const EPS: f64 = 1e-9;

/// Propellant and cargo within a milligram of a full trip's count as full.
const MASS_TOL: f64 = 1e-6;

/// The events of a replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ev {
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
    /// Just-in-time electrolysis may be due to start.
    ElectrolysisDue,
    /// Departure window i opens.
    WindowOpen(u32),
    /// Departure window i closes.
    WindowClose(u32),
    /// Return trip j arrives (or is lost).
    TripArrives(u32),
    /// A new mission day: the array's Sun distance and the day's return Δv
    /// change (orbit scenarios only).
    NewDay,
    /// The scenario horizon.
    Horizon,
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
    costs: CostBasis,
    market: bool,
    propellant_policy: PropellantPolicy,
    /// Propellant made per kg of water (1 for steam; (1 + O/F)/9 for
    /// LOX/LH2).
    propellant_yield: f64,
    excess_oxygen: ExcessOxygen,
    liquefaction_kwh_per_kg: f64,
    heating_kwh_per_kg: f64,
    return_policy: ReturnPolicy,
}

impl Plan {
    fn of(s: &Scenario) -> Self {
        Self {
            class: s.target.class,
            mitigation: s.dust.mitigation,
            kind: s.propellant.kind,
            ground_confirm: s.anchoring.ground_confirm,
            robots: *s.fleet.robots.get_ref(),
            min_anchored: *s.fleet.min_anchored.get_ref(),
            trips: *s.return_plan.trips.get_ref(),
            costs: if s.costs_itemised() {
                CostBasis::Itemised
            } else {
                CostBasis::LumpSum {
                    masses: s.has_masses(),
                }
            },
            market: s.has_market(),
            propellant_policy: s.propellant.policy,
            propellant_yield: match s.propellant.kind {
                PropellantKind::WaterSteam => 1.0,
                PropellantKind::LoxLh2 => {
                    propellant_per_water(s.propellant.mixture_ratio.setting())
                }
            },
            excess_oxygen: s.propellant.excess_oxygen,
            liquefaction_kwh_per_kg: s.propellant.liquefaction_kwh_per_kg.setting(),
            heating_kwh_per_kg: s.propellant.heating_kwh_per_kg.setting(),
            return_policy: s.return_plan.policy,
        }
    }
}

/// Whether operations (mining to departures) have started or ended.
#[derive(Debug, Clone, Copy, Default)]
struct Ops {
    started: bool,
    ended: bool,
    /// A `NewDay` update is scheduled.
    day_due: bool,
    start_h: f64,
    end_h: f64,
}

/// The state of one replication: the inputs, then one part per subsystem.
struct Mission<'t> {
    plan: Plan,
    inp: RunInputs,
    streams: Streams,
    m: Metrics,
    trace: Option<&'t mut dyn TraceSink>,
    ops: Ops,
    /// The orbit tables, when the scenario names an orbit.
    sky: Option<&'t Sky>,
    ground: Ground<'t>,
    fleet: Fleet,
    site: Site,
    plant: Plant,
    product: Product,
    departures: Departures,
}

/// Simulates replication `run` of a prepared scenario with master seed
/// `seed`.
pub fn simulate(prepared: &Prepared, seed: u64, run: u64) -> Result<RunRecord, SimError> {
    simulate_inner(prepared, seed, run, None)
}

/// Simulates replication `run` and hands every event to `sink`.
pub fn simulate_traced(
    prepared: &Prepared,
    seed: u64,
    run: u64,
    sink: &mut dyn TraceSink,
) -> Result<RunRecord, SimError> {
    simulate_inner(prepared, seed, run, Some(sink))
}

fn simulate_inner<'a>(
    prepared: &'a Prepared,
    seed: u64,
    run: u64,
    trace: Option<&'a mut dyn TraceSink>,
) -> Result<RunRecord, SimError> {
    let scenario = prepared.scenario();
    let streams = Streams::new(seed, run);
    let mut world = streams.stream(Subsystem::World);
    let inp = super::inputs::draw(scenario, &mut world, run, prepared.draws());
    let mut mission = Mission::new(scenario, prepared.sky(), inp, streams, trace);
    let mut engine = Engine::with_capacity(2 * mission.fleet.robots.len() + 16);
    let launch_failed =
        streams.stream(Subsystem::Launch).random::<f64>() < inp.transit.launch_failure_prob;
    if launch_failed {
        mission.mark(0.0, Entity::Mission, EventKind::LaunchFailure);
    } else {
        mission.mark(0.0, Entity::Mission, EventKind::Launch);
        engine.schedule_at(days_to_hours(inp.transit.outbound_days), Ev::Arrive)?;
        engine.schedule_at(days_to_hours(inp.scenario.horizon_days), Ev::Horizon)?;
        let limit = scenario.monte_carlo.max_events();
        engine.set_event_limit(limit);
        if engine.run(&mut mission).map_err(|e| *e)? == RunEnd::EventLimit {
            return Err(runaway::runaway(&mut mission, &mut engine, run, limit));
        }
    }
    Ok(mission.finish(run, launch_failed, engine.events_handled()))
}

impl<'t> Mission<'t> {
    fn new(
        s: &Scenario,
        sky: Option<&'t Sky>,
        inp: RunInputs,
        streams: Streams,
        trace: Option<&'t mut dyn TraceSink>,
    ) -> Self {
        let plan = Plan::of(s);
        let mut m = Metrics {
            grade_wt_pct: inp.target.grade_wt_pct,
            surface_strength_kpa: inp.target.surface_strength_kpa,
            distance_au: inp.target.distance_au,
            ..Metrics::default()
        };
        let distance = match sky {
            Some(sky) => {
                // The Earth distance on arrival (whether or not the launch
                // fails: the metric describes the replication's geometry).
                m.distance_au = sky.earth_au(days_to_hours(inp.transit.outbound_days));
                Distance::Orbit(sky)
            }
            None => Distance::Fixed(inp.target.distance_au),
        };
        m.propellant_left_kg = inp.propellant.initial_kg;
        Self {
            plan,
            inp,
            streams,
            m,
            trace,
            ops: Ops::default(),
            sky,
            ground: Ground::new(
                distance,
                inp.comms.contact_h_per_day,
                inp.comms.ground_response_h,
                streams.stream(Subsystem::Comms),
            ),
            fleet: Fleet::new(s, &plan, &inp, &streams),
            site: Site::new(&plan, &inp, sky, &streams),
            plant: Plant::new(s, &plan, &inp, &streams),
            product: Product::new(&plan, &inp),
            departures: Departures::new(&plan, &inp),
        }
    }

    /// Hands an event to the trace, if any.
    fn log(&mut self, time_h: f64, entity: Entity, kind: EventKind, quantity: f64) {
        debug_assert!(quantity == 0.0 || !kind.unit().is_empty(), "{kind:?}");
        if let Some(sink) = self.trace.as_mut() {
            sink.record(TraceEvent {
                time_h,
                entity,
                kind,
                quantity,
            });
        }
    }

    /// Hands an event without a quantity to the trace, if any.
    fn mark(&mut self, time_h: f64, entity: Entity, kind: EventKind) {
        self.log(time_h, entity, kind, 0.0);
    }

    /// Traces the propellant on hand (only when tracing).
    fn log_propellant(&mut self, now: f64) {
        if self.trace.is_some() {
            let kg = self.product.store.peek(now);
            self.log(now, Entity::Mission, EventKind::PropellantLevel, kg);
        }
    }

    fn horizon_h(&self) -> f64 {
        days_to_hours(self.inp.scenario.horizon_days)
    }

    fn ground_wait(&mut self, now: f64, entity: Entity) -> f64 {
        let wait = self.ground.intervention_wait_h(now);
        self.m.ground_waits += 1.0;
        self.m.ground_wait_h += wait;
        self.clock_ground_wait(now, entity, wait);
        self.log(now, entity, EventKind::GroundWait, wait);
        wait
    }

    /// Ends operations early when nothing more can be produced and no
    /// departure is possible. (Asked after every event: the usual answer,
    /// that something can still be produced, is inlined.)
    #[inline]
    fn check_dead(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.ops.ended
            || !self.ops.started
            || self.plant_can_work()
            || self.product.electrolysis_can_work()
        {
            return Ok(());
        }
        self.end_ops_unless_departable(e)
    }

    /// Nothing more can be produced: operations end unless cargo can
    /// still leave in a window ahead.
    fn end_ops_unless_departable(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let dv = self.lowest_dv_ahead(now);
        if self.trips_left() > 0 && self.departable_cargo(now, dv) > EPS {
            return Ok(());
        }
        self.end_ops(now)
    }

    /// The plant is alive and has, or may still get, ore to process.
    fn plant_can_work(&self) -> bool {
        self.plant.phase != PlantPhase::Dead
            && (self.fleet.any_working()
                || self.plant.ore_kg > 0.0
                || self.plant.hopper_kg + EPS >= self.inp.processing.batch_kg)
    }

    fn end_ops(&mut self, now: f64) -> Step {
        if !self.ops.ended {
            self.ops.ended = true;
            self.ops.end_h = now;
            self.stop_clocks(now);
            self.departures.window_open = false;
            self.mark(now, Entity::Mission, EventKind::OperationsEnd);
        }
        Ok(())
    }

    fn finish(mut self, run: u64, launch_failed: bool, events: u64) -> RunRecord {
        let end = self.ops.end_h;
        self.product.store.advance(end);
        let m = &mut self.m;
        m.full_success = f64::from(u8::from(self.departures.full_deliveries == self.plan.trips));
        m.dust_settled_kg = self.site.cloud.settled_in_the_end_kg();
        m.boiloff_kg = self.product.store.boiled_kg();
        m.propellant_left_kg = self.product.store.level(end);
        m.ore_left_kg = self.plant.hopper_kg + self.plant.ore_kg + self.fleet.ore_on_board_kg();
        m.product_left_kg = self.product.left_kg();
        m.mission_days = if launch_failed {
            0.0
        } else {
            hours_to_days(end.max(self.departures.last_arrival_h))
        };
        let costs = Costs::of(&self.inp, self.plan.costs);
        m.launched_mass_kg = costs.launched_mass_kg;
        m.development_usd = costs.development_usd;
        m.units_usd = costs.units_usd;
        m.launch_usd = costs.launch_usd;
        m.mission_cost_usd = costs.mission_cost_usd;
        m.npv_usd = -costs.mission_cost_usd + self.departures.present_value
            - self.inp.economics.ops_cost_usd_per_day
                * self.departures.discount.annuity(m.mission_days);
        m.events = events as f64;
        let outcome = self.outcome(launch_failed);
        RunRecord {
            run,
            outcome,
            metrics: self.m,
        }
    }

    fn outcome(&self, launch_failed: bool) -> Outcome {
        if self.m.delivered_kg > 0.0 {
            return Outcome::Success;
        } else if launch_failed {
            return Outcome::LaunchFailure;
        } else if self.fleet.anchoring_failed {
            return Outcome::AnchoringFailure;
        } else if self.m.departures > 0.0 {
            return Outcome::ReturnLoss;
        }
        let end = self.ops.end_h;
        let before_end = |t: Option<f64>| t.filter(|&t| t <= end + EPS);
        match (before_end(self.fleet.dead_h), before_end(self.plant.dead_h)) {
            (Some(f), Some(p)) if p < f => Outcome::PlantFailure,
            (Some(_), _) => Outcome::FleetLoss,
            (None, Some(_)) => Outcome::PlantFailure,
            (None, None) => Outcome::Stranded,
        }
    }
}

/// An exponential draw with mean `mean` by inversion (one uniform).
fn exponential(rng: &mut StreamRng, mean: f64) -> f64 {
    -mean * (-rng.random::<f64>()).ln_1p()
}

impl Model for Mission<'_> {
    type Event = Ev;
    type Error = Box<ScheduleError>;

    fn handle(&mut self, ev: Ev, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        if let Ev::TripArrives(j) = ev {
            self.on_trip_arrives(j, now);
            return Ok(());
        }
        if self.ops.ended {
            return Ok(());
        }
        self.dispatch(ev, e)?;
        // Operations end as soon as nothing more can be produced and
        // no departure is possible, whatever event brought that about.
        self.check_dead(e)?;
        self.keep_days(e)?;
        self.tally_time(now);
        Ok(())
    }
}

impl Mission<'_> {
    fn dispatch(&mut self, ev: Ev, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        match ev {
            Ev::Arrive => {
                self.mark(now, Entity::Mission, EventKind::Arrival);
                e.schedule_in(days_to_hours(self.inp.target.survey_days), Ev::SurveyDone)?;
                Ok(())
            }
            Ev::NewDay => self.on_new_day(e),
            Ev::SurveyDone => {
                let grade = self.inp.target.grade_wt_pct;
                self.log(now, Entity::Mission, EventKind::SurveyDone, grade);
                (0..self.plan.robots).try_for_each(|r| self.start_shot(r, e))
            }
            Ev::Shot(r) => self.on_shot(r, e),
            Ev::Relocated(r) => self.start_shot(r, e),
            Ev::SetupDone(r) => self.begin_cut(r, e),
            Ev::CutEnd(r) => self.on_cut_end(r, e),
            Ev::Resume(r) => self.on_resume(r, e),
            Ev::HoldEnd => {
                self.site.hold = false;
                self.fleet.touch_all();
                self.mark(now, Entity::Site, EventKind::HoldEnd);
                self.resume_cutting(e)
            }
            Ev::CleanStart => self.on_clean_start(e),
            Ev::CleanEnd => {
                self.site.cleaning -= 1;
                self.fleet.touch_all();
                self.resume_cutting(e)
            }
            Ev::PlantEnd => self.on_plant_end(e),
            Ev::PlantRepaired => self.on_plant_repaired(e),
            Ev::ElectrolysisEnd => self.on_electrolysis_end(e),
            Ev::ElectrolysisDue => self.on_electrolysis_due(e),
            Ev::WindowOpen(i) => self.on_window_open(i, e),
            Ev::WindowClose(i) => self.on_window_close(i, e),
            // The last window closes at the horizon at the latest.
            Ev::Horizon => self.final_departures(e),
            Ev::TripArrives(_) => Ok(()),
        }
    }

    /// The daily update of an orbit scenario, due only while someone waits
    /// for power or a window is open (`keep_days`): the array's output
    /// follows the Sun distance (`power_fits` takes each day's as it is
    /// read; a rise serves waiting consumers; power already held is not
    /// taken back), and an open window's Δv changes.
    fn on_new_day(&mut self, e: &mut Engine<Ev>) -> Step {
        self.ops.day_due = false;
        let now = e.now();
        self.serve_power(e)?;
        if self.window_still_open(now) {
            self.try_departures(e)?;
        }
        Ok(())
    }

    /// With an orbit, schedules the next midnight's update when a day
    /// could change something: a consumer waits for power (the Sun
    /// distance changes the output), a window is open (its Δv changes), or
    /// nothing is being produced (boil-off may leave no departure
    /// possible: `check_dead` looks again each day). Days that would
    /// change nothing pass without an event.
    fn keep_days(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.ops.day_due || self.sky.is_none() || !self.ops.started || self.ops.ended {
            return Ok(());
        }
        let due = !self.site.drill_queue.is_empty()
            || !self.site.priority_queue.is_empty()
            || self.departures.window_open
            || !(self.plant_can_work() || self.product.electrolysis_can_work());
        if due {
            let next = days_to_hours(f64::from(day_of(e.now()) + 1));
            e.schedule_at(next, Ev::NewDay)?;
            self.ops.day_due = true;
        }
        Ok(())
    }
}
