//! Departure windows, departures sized by the rocket equation, and arrivals.
//! The rules: docs/model.md §Departures.

use super::*;
use crate::model::economics::Discount;

/// A return trip under way.
#[derive(Debug, Clone, Copy)]
pub(super) struct Trip {
    cargo_kg: f64,
    lost: bool,
}

/// Departure windows, the trips that left, and the value they bring home.
#[derive(Debug)]
pub(super) struct Departures {
    /// Propellant a full trip needs, kg.
    pub(super) need_kg: f64,
    /// A departure window is open.
    pub(super) window_open: bool,
    /// The last window before the horizon, once known.
    last_window: Option<u32>,
    trips: Vec<Trip>,
    /// When the last trip arrived (or was lost).
    pub(super) last_arrival_h: f64,
    /// Present value of the cargo delivered, USD.
    pub(super) present_value: f64,
    pub(super) discount: Discount,
}

impl Departures {
    pub(super) fn new(plan: &Plan, inp: &RunInputs) -> Self {
        Self {
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
}

impl Mission<'_> {
    pub(super) fn trips_left(&self) -> u32 {
        self.plan.trips - self.departures.trips.len() as u32
    }

    pub(super) fn window_open_h(&self, i: u32) -> f64 {
        days_to_hours(
            self.inp.return_plan.first_window_day
                + f64::from(i) * self.inp.return_plan.window_every_days,
        )
    }

    pub(super) fn window_close_h(&self, i: u32) -> f64 {
        (self.window_open_h(i) + days_to_hours(self.inp.return_plan.window_days))
            .min(self.horizon_h())
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
        self.departures.last_window = Some(last);
        let behind =
            ((hours_to_days(now) - r.return_plan.first_window_day - r.return_plan.window_days)
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
        self.departures.window_open = true;
        self.log(
            e.now(),
            Entity::Mission,
            EventKind::WindowOpen,
            f64::from(i + 1),
        );
        e.schedule_at(self.window_close_h(i).max(e.now()), Ev::WindowClose(i))?;
        self.try_departures(e)
    }

    pub(super) fn on_window_close(
        &mut self,
        i: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        self.departures.window_open = false;
        self.log(
            e.now(),
            Entity::Mission,
            EventKind::WindowClose,
            f64::from(i + 1),
        );
        if Some(i) == self.departures.last_window {
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
    /// the water stock (`rebalance_water`) and the trip waits for it.
    pub(super) fn try_departures(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let target = self.inp.return_plan.cargo_target_kg;
        while self.departures.window_open
            && !self.ops.ended
            && self.trips_left() > 0
            && self.product.cargo_kg + MASS_TOL >= target
        {
            let level = self.product.store.level(now);
            if level + MASS_TOL >= self.departures.need_kg {
                self.depart(target.min(self.product.cargo_kg), e)?;
                self.rebalance_water(e)?;
                continue;
            }
            self.rebalance_water(e)?;
            // Steam propellant is ready at once; LOX/LH2 waits for electrolysis.
            if self.product.store.level(now) <= level {
                break;
            }
        }
        Ok(())
    }

    /// When the last window closes, waiting trips leave with the most cargo
    /// their propellant allows, then operations end.
    pub(super) fn final_departures(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        while !self.ops.ended && self.trips_left() > 0 {
            let cargo = self.departable_cargo(now);
            if cargo <= EPS {
                break;
            }
            self.depart(cargo, e)?;
        }
        self.end_ops(now)
    }

    pub(super) fn departable_cargo(&mut self, now: f64) -> f64 {
        let fuel = self.product.store.level(now);
        let by_fuel = max_cargo(
            fuel,
            self.inp.return_plan.dry_kg,
            self.inp.return_plan.delta_v_m_s,
            self.inp.propellant.isp_s,
        );
        by_fuel
            .min(self.product.cargo_kg)
            .min(self.inp.return_plan.cargo_target_kg)
    }

    pub(super) fn depart(&mut self, cargo: f64, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let burn = propellant_for(
            self.inp.return_plan.dry_kg + cargo,
            self.inp.return_plan.delta_v_m_s,
            self.inp.propellant.isp_s,
        );
        self.product.store.take(now, burn);
        self.m.propellant_burned_kg += burn;
        self.product.cargo_kg -= cargo;
        self.m.cargo_departed_kg += cargo;
        self.m.departures += 1.0;
        let j = self.departures.trips.len() as u32;
        let mut rng = self.streams.stream(Subsystem::Transit.entity(j));
        let lost = rng.random::<f64>() < self.inp.return_plan.loss_prob;
        let days = self.inp.return_plan.return_days.sample(&mut rng);
        self.departures.trips.push(Trip {
            cargo_kg: cargo,
            lost,
        });
        self.log(now, Entity::Trip(j + 1), EventKind::Departure, cargo);
        self.log_propellant(now);
        e.schedule_in(days_to_hours(days), Ev::TripArrives(j))?;
        if self.trips_left() == 0 {
            self.end_ops(now)?;
        }
        Ok(())
    }

    pub(super) fn on_trip_arrives(&mut self, j: u32, now: f64) {
        let trip = self.departures.trips[j as usize];
        self.departures.last_arrival_h = self.departures.last_arrival_h.max(now);
        if trip.lost {
            self.m.trips_lost += 1.0;
            self.log(
                now,
                Entity::Trip(j + 1),
                EventKind::LostInTransit,
                trip.cargo_kg,
            );
        } else {
            self.m.deliveries += 1.0;
            self.m.delivered_kg += trip.cargo_kg;
            let value = trip.cargo_kg * self.inp.economics.cargo_price_usd_per_kg;
            self.m.revenue_usd += value;
            self.departures.present_value +=
                value * self.departures.discount.factor(hours_to_days(now));
            self.log(
                now,
                Entity::Trip(j + 1),
                EventKind::Delivered,
                trip.cargo_kg,
            );
        }
    }
}
