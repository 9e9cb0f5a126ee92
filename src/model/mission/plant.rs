//! The plant and the product: processing batches, failures and repairs, water split between propellant and cargo, electrolysis.

use super::*;

impl Mission<'_> {
    pub(super) fn try_plant(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.ops_ended
            || self.plant != PlantPhase::Idle
            || self.hopper_kg + EPS < self.inp.plant_batch_kg
        {
            return Ok(());
        }
        self.plant = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    pub(super) fn start_plant(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
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

    pub(super) fn serve_hopper(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
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

    pub(super) fn on_plant_end(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
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

    pub(super) fn on_plant_failure(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
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

    pub(super) fn on_plant_repaired(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.plant_fail_left_h = exponential(&mut self.plant_rng, self.inp.plant_mtbf_h);
        self.plant = PlantPhase::WaitPower;
        self.request_priority(Priority::Plant, e)
    }

    pub(super) fn allocate_product(
        &mut self,
        product: f64,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
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
    pub(super) fn add_propellant_water(
        &mut self,
        kg: f64,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
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
        self.inp.electrolysis_power_kw / self.inp.electrolysis_kwh_per_kg
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
}
