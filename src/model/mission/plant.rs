//! The plant and the product: processing batches, failures and repairs, water split between propellant and cargo, electrolysis.

use super::*;

impl Mission<'_> {
    pub(super) fn try_plant(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.ops_ended
            || self.plant != PlantPhase::Idle
            || self.hopper_kg + EPS < self.inp.processing.batch_kg
        {
            return Ok(());
        }
        self.plant = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    pub(super) fn start_plant(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        if self.plant_ore_kg == 0.0 {
            let batch = self.inp.processing.batch_kg;
            self.hopper_kg = (self.hopper_kg - batch).max(0.0);
            self.plant_ore_kg = batch;
            self.plant_left_h = batch / self.inp.processing.throughput_kg_h;
            self.log(now, "processing", Entity::Plant, "batch_start", batch, "kg");
        }
        self.plant = PlantPhase::Processing;
        self.plant_since_h = now;
        let hours = self.plant_left_h.min(self.plant_fail_left_h).max(0.0);
        e.schedule_in(hours, Ev::PlantEnd)?;
        self.serve_hopper(e)
    }

    /// Robots waiting with ore pour it into the hopper in arrival order,
    /// each as much as fits; a robot leaves the queue once it is empty, and
    /// waits while the hopper is full.
    pub(super) fn serve_hopper(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        while let Some(&r) = self.hopper_queue.front() {
            let room = (self.inp.processing.hopper_kg - self.hopper_kg).max(0.0);
            let robot = &mut self.robots[r as usize];
            let poured = robot.ore_kg.min(room);
            self.hopper_kg += poured;
            robot.ore_kg -= poured;
            if robot.ore_kg > EPS {
                break;
            }
            self.hopper_kg += robot.ore_kg;
            robot.ore_kg = 0.0;
            self.hopper_queue.pop_front();
            self.after_deposit(r, e)?;
        }
        self.try_plant(e)
    }

    pub(super) fn on_plant_end(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let dt = now - self.plant_since_h;
        self.plant_left_h -= dt;
        self.plant_fail_left_h -= dt;
        self.m.energy_kwh += self.inp.processing.power_kw * dt;
        self.power.release(self.inp.processing.power_kw);
        if self.plant_fail_left_h <= self.plant_left_h {
            return self.on_plant_failure(e);
        }
        let ore = self.plant_ore_kg;
        self.plant_ore_kg = 0.0;
        self.plant = PlantPhase::Idle;
        self.m.ore_processed_kg += ore;
        let product =
            ore * self.inp.target.grade_wt_pct / 100.0 * self.inp.processing.extraction_efficiency;
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
        // The plant and electrolysis claim the freed power before any drill.
        self.try_plant(e)?;
        self.serve_power(e)?;
        self.try_departures(e)
    }

    pub(super) fn on_plant_failure(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.plant_failures += 1.0;
        let u_dead = self.plant_rng.random::<f64>();
        let u_auto = self.plant_rng.random::<f64>();
        let repair = self.inp.processing.repair_h.sample(&mut self.plant_rng);
        if u_dead < self.inp.processing.unrepairable_prob || self.plant_spares == 0 {
            self.plant = PlantPhase::Dead;
            self.plant_dead_h = Some(now);
            self.log(now, "processing", Entity::Plant, "plant_dead", 0.0, "");
            return self.serve_power(e);
        }
        self.plant_spares -= 1;
        let wait = if u_auto < self.inp.fleet.autonomy {
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

    pub(super) fn on_plant_repaired(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.plant_fail_left_h = exponential(&mut self.plant_rng, self.inp.processing.mtbf_h);
        self.plant = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    /// New product: metal is cargo; water joins the one water stock, from
    /// which rule 8 tops up propellant.
    pub(super) fn allocate_product(
        &mut self,
        product: f64,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        self.cargo_kg += product;
        self.rebalance_water(e)
    }

    /// Rule 8: while trips remain, water moves from the stock to propellant
    /// whenever propellant on hand or waiting for electrolysis is short of
    /// the next departure's need (boil-off losses included).
    pub(super) fn rebalance_water(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.plan.class != AsteroidClass::C || self.trips_left() == 0 || self.ops_ended {
            return Ok(());
        }
        let have = self.store.level(e.now()) + self.water_pending_kg + self.electrolysis_kg;
        let kg = water_to_propellant(self.cargo_kg, have, self.need_kg);
        if kg <= MASS_TOL {
            return Ok(());
        }
        self.cargo_kg -= kg;
        self.add_propellant_water(kg, e)
    }

    /// Water turned to propellant: directly for steam, through electrolysis
    /// for LOX/LH2.
    pub(super) fn add_propellant_water(
        &mut self,
        kg: f64,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        match self.plan.kind {
            PropellantKind::WaterSteam => {
                self.store.add(e.now(), kg);
                self.m.propellant_produced_kg += kg;
                self.log_propellant(e.now());
                Ok(())
            }
            PropellantKind::LoxLh2 => {
                self.water_pending_kg += kg;
                self.try_electrolysis(e)
            }
        }
    }

    pub(super) fn try_electrolysis(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
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

    pub(super) fn electrolysis_rate_kg_h(&self) -> f64 {
        self.inp.propellant.power_kw / self.inp.propellant.electrolysis_kwh_per_kg
    }

    pub(super) fn start_electrolysis(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let rate = self.electrolysis_rate_kg_h();
        let chunk = self.water_pending_kg.min(rate * 24.0);
        self.water_pending_kg -= chunk;
        self.electrolysis_kg = chunk;
        self.electrolysis_waiting = false;
        self.electrolysis_busy = true;
        e.schedule_in(chunk / rate, Ev::ElectrolysisEnd)?;
        Ok(())
    }

    pub(super) fn on_electrolysis_end(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let kg = self.electrolysis_kg;
        self.electrolysis_kg = 0.0;
        self.electrolysis_busy = false;
        self.power.release(self.inp.propellant.power_kw);
        self.store.add(now, kg);
        self.m.propellant_produced_kg += kg;
        let kwh = kg * self.inp.propellant.electrolysis_kwh_per_kg;
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
        self.log_propellant(now);
        self.try_electrolysis(e)?;
        self.serve_power(e)?;
        self.try_departures(e)
    }
}
