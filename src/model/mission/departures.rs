//! Departure windows, departures sized by the rocket equation, and arrivals.

use super::*;

impl Mission<'_> {
    pub(super) fn trips_left(&self) -> u32 {
        self.plan.trips - self.trips.len() as u32
    }

    pub(super) fn window_open_h(&self, i: u32) -> f64 {
        (self.inp.return_plan.first_window_day
            + f64::from(i) * self.inp.return_plan.window_every_days)
            * 24.0
    }

    pub(super) fn window_close_h(&self, i: u32) -> f64 {
        (self.window_open_h(i) + self.inp.return_plan.window_days * 24.0).min(self.horizon_h())
    }

    /// Schedules the first window that has not closed yet; ends operations
    /// if none is left.
    pub(super) fn schedule_first_window(
        &mut self,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        let now = e.now();
        let r = &self.inp;
        if r.return_plan.first_window_day > r.scenario.horizon_days {
            return self.end_ops(now);
        }
        let last = ((r.scenario.horizon_days - r.return_plan.first_window_day)
            / r.return_plan.window_every_days)
            .floor();
        let last = last.min(f64::from(u32::MAX - 1)) as u32;
        self.last_window = Some(last);
        let behind = ((now / 24.0 - r.return_plan.first_window_day - r.return_plan.window_days)
            / r.return_plan.window_every_days)
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

    pub(super) fn on_window_open(
        &mut self,
        i: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
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

    pub(super) fn on_window_close(
        &mut self,
        i: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
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
    /// propellant covers a full trip. Propellant sits at the need minus what
    /// boiled off since the last top-up, so a shortfall is topped up from
    /// the water stock (rule 8) and the trip waits for it.
    pub(super) fn try_departures(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let target = self.inp.return_plan.cargo_target_kg;
        while self.window_open
            && !self.ops_ended
            && self.trips_left() > 0
            && self.cargo_kg + MASS_TOL >= target
        {
            let level = self.store.level(now);
            if level + MASS_TOL >= self.need_kg {
                self.depart(target.min(self.cargo_kg), e)?;
                self.rebalance_water(e)?;
                continue;
            }
            self.rebalance_water(e)?;
            // Steam propellant is ready at once; LOX/LH2 waits for electrolysis.
            if self.store.level(now) <= level {
                break;
            }
        }
        Ok(())
    }

    /// When the last window closes, waiting trips leave with the most cargo
    /// their propellant allows, then operations end.
    pub(super) fn final_departures(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
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

    pub(super) fn departable_cargo(&mut self, now: f64) -> f64 {
        let fuel = self.store.level(now);
        let by_fuel = max_cargo(
            fuel,
            self.inp.return_plan.dry_kg,
            self.inp.return_plan.delta_v_m_s,
            self.inp.propellant.isp_s,
        );
        by_fuel
            .min(self.cargo_kg)
            .min(self.inp.return_plan.cargo_target_kg)
    }

    pub(super) fn depart(&mut self, cargo: f64, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let burn = propellant_for(
            self.inp.return_plan.dry_kg + cargo,
            self.inp.return_plan.delta_v_m_s,
            self.inp.propellant.isp_s,
        );
        self.store.take(now, burn);
        self.m.propellant_burned_kg += burn;
        self.cargo_kg -= cargo;
        self.m.cargo_departed_kg += cargo;
        self.m.departures += 1.0;
        let j = self.trips.len() as u32;
        let mut rng = self.streams.stream(Subsystem::Transit.entity(j));
        let lost = rng.random::<f64>() < self.inp.return_plan.loss_prob;
        let days = self.inp.return_plan.return_days.sample(&mut rng);
        self.trips.push(Trip {
            cargo_kg: cargo,
            lost,
        });
        self.log(now, "return", Entity::Trip(j + 1), "departure", cargo, "kg");
        self.log_propellant(now);
        e.schedule_in(days * 24.0, Ev::TripArrives(j))?;
        if self.trips_left() == 0 {
            self.end_ops(now)?;
        }
        Ok(())
    }

    pub(super) fn on_trip_arrives(&mut self, j: u32, now: f64) {
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
            let value = trip.cargo_kg * self.inp.economics.cargo_price_usd_per_kg;
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
}
