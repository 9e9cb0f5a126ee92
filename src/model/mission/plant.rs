//! The plant and the product: processing batches, failures and repairs,
//! water split between propellant and cargo, electrolysis.
//! The rules: docs/model.md §Hopper and plant and §Water and propellant.

use super::*;
use crate::model::propellant::PropellantStore;
use crate::units::HOURS_PER_DAY;

/// What the plant is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PlantPhase {
    Idle,
    WaitPower,
    Processing,
    Repair,
    Dead,
}

/// The hopper and the processing plant.
#[derive(Debug)]
pub(super) struct Plant {
    pub(super) phase: PlantPhase,
    spares: u32,
    /// Ore of the batch in the plant, kg.
    pub(super) ore_kg: f64,
    /// Processing hours left on the batch.
    left_h: f64,
    /// Processing hours left before the next failure.
    fail_left_h: f64,
    /// When processing last (re)started.
    since_h: f64,
    rng: StreamRng,
    /// When the plant died, if it did.
    pub(super) dead_h: Option<f64>,
    /// Ore in the hopper, kg.
    pub(super) hopper_kg: f64,
    /// Robots waiting to pour ore into the hopper, in arrival order.
    pub(super) hopper_queue: VecDeque<u32>,
    /// Where its operating time goes.
    pub(super) clock: Clock<PlantTime>,
}

impl Plant {
    pub(super) fn new(s: &Scenario, plan: &Plan, inp: &RunInputs, streams: &Streams) -> Self {
        let mut rng = streams.stream(Subsystem::Plant);
        let fail_left_h = exponential(&mut rng, inp.processing.mtbf_h);
        Self {
            phase: PlantPhase::Idle,
            spares: *s.processing.spares.get_ref(),
            ore_kg: 0.0,
            left_h: 0.0,
            fail_left_h,
            since_h: 0.0,
            rng,
            dead_h: None,
            hopper_kg: 0.0,
            hopper_queue: VecDeque::with_capacity(plan.robots as usize),
            clock: Clock::new(PlantTime::Starved),
        }
    }
}

/// The product between the plant and the departures: cargo, the propellant
/// on hand, and water on its way to propellant through electrolysis.
#[derive(Debug)]
pub(super) struct Product {
    /// Cargo waiting to leave (metal, or water not needed as propellant), kg.
    pub(super) cargo_kg: f64,
    /// Oxygen left over by electrolysis, waiting to leave as cargo, kg.
    oxygen_kg: f64,
    /// Propellant on hand.
    pub(super) store: PropellantStore,
    /// Water waiting for electrolysis, kg.
    water_kg: f64,
    /// Water in the electrolysis chunk under way, kg.
    electrolysis_kg: f64,
    electrolysis_busy: bool,
    electrolysis_waiting: bool,
    /// Where the electrolysis unit's operating time goes.
    pub(super) electrolysis_clock: Clock<ElectrolysisTime>,
    /// When a just-in-time electrolysis wake-up is scheduled.
    due_h: Option<f64>,
    /// Energy per kg of water electrolysed: the electrolysis, and the
    /// liquefaction of the propellant it makes, kWh/kg.
    kwh_per_water_kg: f64,
    /// Water electrolysed per hour at the unit's power, kg/h.
    electrolysis_rate_kg_h: f64,
}

impl Product {
    pub(super) fn new(plan: &Plan, inp: &RunInputs) -> Self {
        let boiloff = match plan.kind {
            PropellantKind::LoxLh2 => inp.propellant.boiloff_pct_per_day,
            PropellantKind::WaterSteam => 0.0,
        };
        let kwh_per_water_kg = inp.propellant.electrolysis_kwh_per_kg
            + plan.liquefaction_kwh_per_kg * plan.propellant_yield;
        Self {
            cargo_kg: 0.0,
            oxygen_kg: 0.0,
            store: PropellantStore::new(inp.propellant.initial_kg, boiloff),
            water_kg: 0.0,
            electrolysis_kg: 0.0,
            electrolysis_busy: false,
            electrolysis_waiting: false,
            electrolysis_clock: Clock::new(ElectrolysisTime::Idle),
            due_h: None,
            kwh_per_water_kg,
            electrolysis_rate_kg_h: inp.propellant.power_kw / kwh_per_water_kg,
        }
    }

    /// Electrolysis is under way, waiting for power, or has water to split.
    pub(super) fn electrolysis_can_work(&self) -> bool {
        self.electrolysis_busy || self.electrolysis_waiting || self.water_kg > EPS
    }

    /// What the electrolysis unit is doing.
    pub(super) fn electrolysis_time(&self) -> ElectrolysisTime {
        if self.electrolysis_busy {
            ElectrolysisTime::Working
        } else if self.electrolysis_waiting {
            ElectrolysisTime::WaitPower
        } else {
            ElectrolysisTime::Idle
        }
    }

    /// Product not yet departed nor turned into propellant, kg.
    pub(super) fn left_kg(&self) -> f64 {
        self.cargo_on_hand() + self.water_kg + self.electrolysis_kg
    }

    /// Cargo ready to leave, oxygen included, kg.
    pub(super) fn cargo_on_hand(&self) -> f64 {
        self.cargo_kg + self.oxygen_kg
    }

    /// Takes `kg` of cargo, oxygen first (it has no other use); returns the
    /// oxygen taken.
    pub(super) fn take_cargo(&mut self, kg: f64) -> f64 {
        let oxygen = kg.min(self.oxygen_kg);
        self.oxygen_kg -= oxygen;
        self.cargo_kg -= kg - oxygen;
        oxygen
    }
}

impl Mission<'_> {
    pub(super) fn try_plant(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.ops.ended
            || self.plant.phase != PlantPhase::Idle
            || self.plant.hopper_kg + EPS < self.inp.processing.batch_kg
        {
            return Ok(());
        }
        self.plant.phase = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    pub(super) fn start_plant(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        if self.plant.ore_kg == 0.0 {
            let batch = self.inp.processing.batch_kg;
            self.plant.hopper_kg = (self.plant.hopper_kg - batch).max(0.0);
            self.plant.ore_kg = batch;
            self.plant.left_h = batch / self.inp.processing.throughput_kg_h;
            self.log(now, Entity::Plant, EventKind::PlantBatchStart, batch);
        }
        self.plant.phase = PlantPhase::Processing;
        self.plant.since_h = now;
        let hours = self.plant.left_h.min(self.plant.fail_left_h).max(0.0);
        e.schedule_in(hours, Ev::PlantEnd)?;
        self.serve_hopper(e)
    }

    /// Robots waiting with ore pour it into the hopper in arrival order,
    /// each as much as fits; a robot leaves the queue once it is empty, and
    /// waits while the hopper is full.
    pub(super) fn serve_hopper(&mut self, e: &mut Engine<Ev>) -> Step {
        while let Some(&r) = self.plant.hopper_queue.front() {
            let room = (self.inp.processing.hopper_kg - self.plant.hopper_kg).max(0.0);
            let robot = &mut self.fleet.robots[r as usize];
            let poured = robot.ore_kg.min(room);
            self.plant.hopper_kg += poured;
            robot.ore_kg -= poured;
            if robot.ore_kg > EPS {
                break;
            }
            self.plant.hopper_kg += robot.ore_kg;
            robot.ore_kg = 0.0;
            self.plant.hopper_queue.pop_front();
            self.after_deposit(r, e)?;
        }
        self.try_plant(e)
    }

    pub(super) fn on_plant_end(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let dt = now - self.plant.since_h;
        self.plant.left_h -= dt;
        self.plant.fail_left_h -= dt;
        self.m.energy_kwh += self.inp.processing.power_kw * dt;
        self.site.power.release(self.inp.processing.power_kw);
        if self.plant.fail_left_h <= self.plant.left_h {
            return self.on_plant_failure(e);
        }
        let ore = self.plant.ore_kg;
        self.plant.ore_kg = 0.0;
        self.plant.phase = PlantPhase::Idle;
        self.m.ore_processed_kg += ore;
        let product =
            ore * self.inp.target.grade_wt_pct / 100.0 * self.inp.processing.extraction_efficiency;
        self.m.product_kg += product;
        self.log(now, Entity::Plant, EventKind::PlantBatchDone, product);
        self.allocate_product(product, e)?;
        // The plant and electrolysis claim the freed power before any drill.
        self.try_plant(e)?;
        self.serve_power(e)?;
        self.try_departures(e)
    }

    pub(super) fn on_plant_failure(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        self.m.plant_failures += 1.0;
        let u_dead = self.plant.rng.random::<f64>();
        let u_auto = self.plant.rng.random::<f64>();
        let repair = self.inp.processing.repair_h.sample(&mut self.plant.rng);
        if u_dead < self.inp.processing.unrepairable_prob || self.plant.spares == 0 {
            self.plant.phase = PlantPhase::Dead;
            self.plant.dead_h = Some(now);
            self.mark(now, Entity::Plant, EventKind::PlantDead);
            return self.serve_power(e);
        }
        self.plant.spares -= 1;
        let wait = if u_auto < self.inp.fleet.autonomy {
            0.0
        } else {
            self.ground_wait(now, Entity::Plant)
        };
        self.plant.phase = PlantPhase::Repair;
        self.log(now, Entity::Plant, EventKind::PlantRepair, wait + repair);
        e.schedule_in(wait + repair, Ev::PlantRepaired)?;
        self.serve_power(e)
    }

    pub(super) fn on_plant_repaired(&mut self, e: &mut Engine<Ev>) -> Step {
        self.plant.fail_left_h = exponential(&mut self.plant.rng, self.inp.processing.mtbf_h);
        self.plant.phase = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    /// New product: metal is cargo; water joins the one water stock, from
    /// which propellant is topped up (`rebalance_water`).
    pub(super) fn allocate_product(&mut self, product: f64, e: &mut Engine<Ev>) -> Step {
        self.product.cargo_kg += product;
        self.rebalance_water(e)
    }

    /// The one water stock: while trips remain, water moves from the stock to propellant
    /// whenever propellant on hand or waiting for electrolysis is short of
    /// the next departure's need (boil-off losses included).
    pub(super) fn rebalance_water(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.plan.class != AsteroidClass::C || self.trips_left() == 0 || self.ops.ended {
            return Ok(());
        }
        let now = e.now();
        let per_water = self.plan.propellant_yield;
        let have = self.product.store.level(now)
            + self.product.water_kg * per_water
            + self.product.electrolysis_kg * per_water;
        let kg = water_to_propellant(self.product.cargo_kg, have, self.need_kg(now), per_water);
        if kg <= MASS_TOL {
            return Ok(());
        }
        self.product.cargo_kg -= kg;
        self.add_propellant_water(kg, e)
    }

    /// Water turned to propellant: directly for steam, through electrolysis
    /// for LOX/LH2.
    pub(super) fn add_propellant_water(&mut self, kg: f64, e: &mut Engine<Ev>) -> Step {
        match self.plan.kind {
            PropellantKind::WaterSteam => {
                self.product.store.add(e.now(), kg);
                self.m.propellant_produced_kg += kg;
                self.log_propellant(e.now());
                Ok(())
            }
            PropellantKind::LoxLh2 => {
                self.product.water_kg += kg;
                self.try_electrolysis(e)
            }
        }
    }

    /// Oxygen an engine burning below O/F 8 leaves over: vented, or cargo.
    fn left_oxygen(&mut self, kg: f64) {
        if kg <= 0.0 {
            return;
        }
        match self.plan.excess_oxygen {
            ExcessOxygen::Vent => self.m.oxygen_vented_kg += kg,
            ExcessOxygen::Cargo => self.product.oxygen_kg += kg,
        }
    }

    pub(super) fn try_electrolysis(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.ops.ended
            || self.product.electrolysis_busy
            || self.product.electrolysis_waiting
            || self.product.water_kg <= EPS
        {
            return Ok(());
        }
        if let Some(due) = self.electrolysis_due_h(e.now()) {
            // Just in time: wake up when the lead time before the next
            // window begins (unless an earlier wake-up is on its way).
            if self.product.due_h.is_none_or(|h| h > due) {
                self.product.due_h = Some(due);
                e.schedule_at(due, Ev::ElectrolysisDue)?;
            }
            return Ok(());
        }
        self.product.electrolysis_waiting = true;
        self.request_priority(Priority::Electrolysis, e)
    }

    /// With just-in-time electrolysis, when the water set aside must start
    /// to be electrolysed (at full power) to be propellant as the next
    /// window opens, if that is later than `now`.
    fn electrolysis_due_h(&self, now: f64) -> Option<f64> {
        if self.plan.propellant_policy != PropellantPolicy::JustInTime {
            return None;
        }
        let open = self.departures.next_open_h?;
        let lead = self.product.water_kg / self.product.electrolysis_rate_kg_h;
        Some(open - lead).filter(|&due| due > now + EPS)
    }

    /// A just-in-time wake-up: electrolysis starts if it is due.
    pub(super) fn on_electrolysis_due(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.product.due_h.is_some_and(|h| h <= e.now() + EPS) {
            self.product.due_h = None;
        }
        self.try_electrolysis(e)
    }

    pub(super) fn start_electrolysis(&mut self, e: &mut Engine<Ev>) -> Step {
        let rate = self.product.electrolysis_rate_kg_h;
        let chunk = self.product.water_kg.min(rate * HOURS_PER_DAY);
        self.product.water_kg -= chunk;
        self.product.electrolysis_kg = chunk;
        self.product.electrolysis_waiting = false;
        self.product.electrolysis_busy = true;
        e.schedule_in(chunk / rate, Ev::ElectrolysisEnd)?;
        Ok(())
    }

    pub(super) fn on_electrolysis_end(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let kg = self.product.electrolysis_kg;
        self.product.electrolysis_kg = 0.0;
        self.product.electrolysis_busy = false;
        self.site.power.release(self.inp.propellant.power_kw);
        let made = kg * self.plan.propellant_yield;
        self.product.store.add(now, made);
        self.m.propellant_produced_kg += made;
        self.left_oxygen(kg - made);
        let kwh = kg * self.product.kwh_per_water_kg;
        self.m.electrolysis_kwh += kwh;
        self.m.energy_kwh += kwh;
        self.log(now, Entity::Electrolysis, EventKind::LoxLh2Made, made);
        self.log_propellant(now);
        self.try_electrolysis(e)?;
        self.serve_power(e)?;
        self.try_departures(e)
    }
}
