//! Departure windows, departures sized by the rocket equation, and arrivals.
//! The rules: docs/model.md §Departures.

use super::*;
use crate::model::economics::{Discount, Pricing};
use crate::model::sky::{ReturnPlan, ReturnWindow};
use crate::units::{HOURS_PER_DAY, day_of};
use std::cell::Cell;

/// The departure of one mission day and the propellant it needs.
#[derive(Debug, Clone, Copy)]
struct DepartureDay {
    /// The hours it holds for: from its day's first to the next day's
    /// (`day_of`), or all of them with fixed windows.
    start_h: f64,
    end_h: f64,
    departure: Option<(f64, Option<f64>)>,
    need_kg: f64,
}

/// A return trip under way.
#[derive(Debug, Clone, Copy)]
pub(super) struct Trip {
    cargo_kg: f64,
    lost: bool,
}

/// Departure windows, the trips that left, and the value they bring home.
#[derive(Debug)]
pub(super) struct Departures {
    /// A departure window is open.
    pub(super) window_open: bool,
    /// The last window opened.
    current: u32,
    /// When the open window or the next one opens, once scheduled.
    pub(super) next_open_h: Option<f64>,
    /// A trip left in the window open now (or the last one).
    left_in_window: bool,
    /// The last window before the horizon, once known.
    last_window: Option<u32>,
    trips: Vec<Trip>,
    /// Trips that delivered their full cargo target.
    pub(super) full_deliveries: u32,
    /// When the last trip arrived (or was lost).
    pub(super) last_arrival_h: f64,
    /// Present value of the cargo delivered, USD.
    pub(super) present_value: f64,
    pub(super) discount: Discount,
    pricing: Pricing,
    /// The departure of the last mission day asked about.
    day: Cell<Option<DepartureDay>>,
}

impl Departures {
    pub(super) fn new(plan: &Plan, inp: &RunInputs) -> Self {
        Self {
            window_open: false,
            current: 0,
            next_open_h: None,
            left_in_window: false,
            last_window: None,
            trips: Vec::with_capacity(plan.trips as usize),
            full_deliveries: 0,
            last_arrival_h: 0.0,
            present_value: 0.0,
            discount: Discount::annual(inp.economics.discount_rate),
            pricing: Pricing::of(inp, plan.market),
            day: Cell::new(None),
        }
    }
}

impl<'t> Mission<'t> {
    pub(super) fn trips_left(&self) -> u32 {
        self.plan.trips - self.departures.trips.len() as u32
    }

    /// The porkchop's windows, with orbit windows.
    fn returns(&self) -> Option<&'t ReturnPlan> {
        self.sky.and_then(|s| s.returns.as_ref())
    }

    /// The orbit windows that open by the horizon.
    fn orbit_windows(&self, returns: &'t ReturnPlan) -> &'t [ReturnWindow] {
        let horizon = self.horizon_h();
        let n = returns
            .windows
            .partition_point(|w| days_to_hours(f64::from(w.open_day)) <= horizon);
        &returns.windows[..n]
    }

    pub(super) fn window_open_h(&self, i: u32) -> f64 {
        match self.returns() {
            Some(r) => days_to_hours(f64::from(r.windows[i as usize].open_day)),
            None => days_to_hours(
                self.inp.return_plan.first_window_day
                    + f64::from(i) * self.inp.return_plan.window_every_days,
            ),
        }
    }

    pub(super) fn window_close_h(&self, i: u32) -> f64 {
        let close = match self.returns() {
            Some(r) => days_to_hours(f64::from(r.windows[i as usize].close_day) + 1.0),
            None => self.window_open_h(i) + days_to_hours(self.inp.return_plan.window_days),
        };
        close.min(self.horizon_h())
    }

    /// The Δv (m/s) of a departure at `now` and, with orbit windows, its
    /// arrival (mission hour): the day's best transfer inside a window,
    /// arriving at the midnight its flight time after that day's; before a
    /// window, its first day's; after the last, the last day's (trips that
    /// leave as the last window closes fly that day's transfer). `None`
    /// when no window opens by the horizon.
    pub(super) fn departure_at(&self, now: f64) -> Option<(f64, Option<f64>)> {
        self.departure_day(now).departure
    }

    /// The departure of the mission day holding `now`, and the propellant
    /// it needs: worked out once per day (it depends on the day alone) and
    /// kept until an event on another day asks.
    #[inline]
    fn departure_day(&self, now: f64) -> DepartureDay {
        match self.departures.day.get() {
            Some(kept) if kept.start_h <= now && now < kept.end_h => kept,
            _ => self.new_departure_day(now),
        }
    }

    /// `departure_day` when `now` lies on another day than the last one
    /// asked about.
    #[cold]
    #[inline(never)]
    fn new_departure_day(&self, now: f64) -> DepartureDay {
        let day = day_of(now);
        let departure = self.departure_on(day);
        let need_kg = departure.map_or(0.0, |(dv, _)| {
            propellant_for(
                self.inp.return_plan.dry_kg + self.inp.return_plan.cargo_target_kg,
                dv,
                self.inp.propellant.isp_s,
            )
        });
        // With fixed windows every day's departure is the same.
        let (start_h, end_h) = match self.returns() {
            Some(_) => (
                days_to_hours(f64::from(day)),
                days_to_hours(f64::from(day + 1)),
            ),
            None => (0.0, f64::INFINITY),
        };
        let worked = DepartureDay {
            start_h,
            end_h,
            departure,
            need_kg,
        };
        self.departures.day.set(Some(worked));
        worked
    }

    /// `departure_at` for any time on mission day `day`.
    fn departure_on(&self, day: u32) -> Option<(f64, Option<f64>)> {
        let Some(returns) = self.returns() else {
            return Some((self.inp.return_plan.delta_v_m_s, None));
        };
        let windows = self.orbit_windows(returns);
        let i = windows.partition_point(|w| w.close_day < day);
        let day = match windows.get(i) {
            Some(w) => day.max(w.open_day),
            None => {
                let horizon_day = self.inp.scenario.horizon_days.floor() as u32;
                windows.last()?.close_day.min(horizon_day)
            }
        };
        let t = returns.transfer(day)?;
        let arrival = days_to_hours(f64::from(day) + f64::from(t.flight_days));
        Some((t.total_dv_m_s, Some(arrival)))
    }

    /// The lowest Δv (m/s) a trip could still leave at from `now` on: with
    /// orbit windows the best of each window not yet closed (`None` when
    /// none is left).
    pub(super) fn lowest_dv_ahead(&self, now: f64) -> Option<f64> {
        let Some(returns) = self.returns() else {
            return Some(self.inp.return_plan.delta_v_m_s);
        };
        let day = hours_to_days(now).floor().max(0.0) as u32;
        self.orbit_windows(returns)
            .iter()
            .filter(|w| w.close_day >= day)
            .map(|w| w.best.total_dv_m_s)
            .min_by(f64::total_cmp)
    }

    /// The propellant a full trip needs at the Δv of a departure at `now`
    /// (`departure_at`: the day's inside a window, the next window's first
    /// day's between windows; a constant with fixed windows), kg.
    ///
    /// With an orbit kept per mission day, never across days: an event at a midnight may
    /// come before the day's `NewDay`, and a need kept from the day before
    /// would let a trip leave with less than the day's Δv burns.
    pub(super) fn need_kg(&self, now: f64) -> f64 {
        self.departure_day(now).need_kg
    }

    /// Schedules the first window that has not closed yet; ends operations
    /// if none is left.
    pub(super) fn schedule_first_window(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let Some(last) = self.last_window() else {
            return self.end_ops(now);
        };
        self.departures.last_window = Some(last);
        let mut i = self.first_window_not_before(now).min(last);
        while i < last && self.window_close_h(i) <= now {
            i += 1;
        }
        if self.window_close_h(i) <= now {
            return self.end_ops(now);
        }
        self.schedule_window(i, e)
    }

    /// Schedules window i's opening.
    fn schedule_window(&mut self, i: u32, e: &mut Engine<Ev>) -> Step {
        let open = self.window_open_h(i).max(e.now());
        self.departures.next_open_h = Some(open);
        e.schedule_at(open, Ev::WindowOpen(i))?;
        Ok(())
    }

    /// The index of the last window that opens by the horizon, if any.
    fn last_window(&self) -> Option<u32> {
        let r = &self.inp;
        match self.returns() {
            Some(returns) => (self.orbit_windows(returns).len() as u32).checked_sub(1),
            None if r.return_plan.first_window_day > r.scenario.horizon_days => None,
            None => {
                let last = ((r.scenario.horizon_days - r.return_plan.first_window_day)
                    / r.return_plan.window_every_days)
                    .floor();
                Some(last.min(f64::from(u32::MAX - 1)) as u32)
            }
        }
    }

    /// A window index at or before the first window that closes after
    /// `now` (a fast start for the scan in `schedule_first_window`).
    fn first_window_not_before(&self, now: f64) -> u32 {
        let r = &self.inp;
        match self.returns() {
            Some(returns) => {
                let day = hours_to_days(now).floor().max(0.0) as u32;
                returns.windows.partition_point(|w| w.close_day < day) as u32
            }
            None => {
                let behind = ((hours_to_days(now)
                    - r.return_plan.first_window_day
                    - r.return_plan.window_days)
                    / r.return_plan.window_every_days)
                    .floor()
                    .max(0.0);
                behind.min(f64::from(u32::MAX - 1)) as u32
            }
        }
    }

    pub(super) fn on_window_open(&mut self, i: u32, e: &mut Engine<Ev>) -> Step {
        self.departures.window_open = true;
        self.departures.current = i;
        self.departures.left_in_window = false;
        self.log(
            e.now(),
            Entity::Mission,
            EventKind::WindowOpen,
            f64::from(i + 1),
        );
        e.schedule_at(self.window_close_h(i).max(e.now()), Ev::WindowClose(i))?;
        self.try_departures(e)
    }

    pub(super) fn on_window_close(&mut self, i: u32, e: &mut Engine<Ev>) -> Step {
        let last = Some(i) == self.departures.last_window;
        if !last {
            self.first_window_departure(i, e)?;
        }
        self.departures.window_open = false;
        self.log(
            e.now(),
            Entity::Mission,
            EventKind::WindowClose,
            f64::from(i + 1),
        );
        if last {
            self.final_departures(e)
        } else {
            self.schedule_window(i + 1, e)
        }
    }

    /// With `return.policy = "first_window"`, a window that closes without
    /// a departure sends one trip with the most cargo its propellant
    /// allows, at the Δv of the window's last day.
    fn first_window_departure(&mut self, i: u32, e: &mut Engine<Ev>) -> Step {
        if self.plan.return_policy != ReturnPolicy::FirstWindow
            || self.departures.left_in_window
            || self.ops.ended
            || self.trips_left() == 0
        {
            return Ok(());
        }
        let last_day = (self.window_close_h(i) - HOURS_PER_DAY).max(self.window_open_h(i));
        let cargo = self.cargo_to_leave_with(e.now(), self.dv_at(last_day));
        if cargo > EPS {
            self.depart_on(cargo, last_day, e)?;
        }
        Ok(())
    }

    /// Full trips leave while the window is open, cargo is there and the
    /// propellant covers a full trip. Propellant sits at the need minus what
    /// boiled off since the last top-up, so a shortfall is topped up from
    /// the water stock (`rebalance_water`) and the trip waits for it. A trip
    /// whose propellant cannot grow does not wait (`leave_now`).
    pub(super) fn try_departures(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let target = self.inp.return_plan.cargo_target_kg;
        // A window closing at this very moment no longer counts: its close
        // event may come after other events of the same instant.
        while self.window_still_open(now) && !self.ops.ended && self.trips_left() > 0 {
            let cargo = self.product.cargo_on_hand();
            if cargo + MASS_TOL >= target {
                // (Boil-off is brought up to date only here: each update
                // rounds.)
                let level = self.product.store.level(now);
                if level + MASS_TOL >= self.need_kg(now) {
                    self.depart(target.min(cargo), e)?;
                    self.rebalance_water(e)?;
                    continue;
                }
                self.rebalance_water(e)?;
                // Steam propellant is ready at once; LOX/LH2 waits for
                // electrolysis.
                if self.product.store.level(now) > level {
                    continue;
                }
            }
            if !self.leave_now(now, e)? {
                break;
            }
        }
        Ok(())
    }

    /// Whether a window is open at `now` (not closing at it), with a
    /// transfer to fly.
    pub(super) fn window_still_open(&self, now: f64) -> bool {
        self.departures.window_open
            && now < self.window_close_h(self.departures.current)
            && self.departure_at(now).is_some()
    }

    /// A trip whose propellant cannot grow (metal, or no water left to
    /// make more) only loses it to boil-off by waiting, so it leaves in
    /// this window with the most cargo its propellant allows as soon as the
    /// cargo stock holds that much, or at once if the cargo cannot grow
    /// either. Returns whether it left.
    fn leave_now(&mut self, now: f64, e: &mut Engine<Ev>) -> Result<bool, Box<ScheduleError>> {
        if self.propellant_can_grow() {
            return Ok(false);
        }
        self.resplit_steam(now, self.dv_at(now));
        let capacity = self.capacity_at(now, self.dv_at(now), 0.0);
        let cargo = capacity.min(self.product.cargo_on_hand());
        let cargo_can_grow = self.plant_can_work() || self.product.electrolysis_can_work();
        if cargo <= EPS || (cargo + MASS_TOL < capacity && cargo_can_grow) {
            return Ok(false);
        }
        self.depart(cargo, e)?;
        Ok(true)
    }

    /// Whether more propellant may still be made: water product, from the
    /// plant or on its way through electrolysis.
    fn propellant_can_grow(&self) -> bool {
        self.plan.class == AsteroidClass::C
            && (self.plant_can_work() || self.product.electrolysis_can_work())
    }

    /// When the last window closes, waiting trips leave with the most cargo
    /// their propellant allows, then operations end.
    pub(super) fn final_departures(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let dv = self.departure_at(now).map(|(dv, _)| dv);
        while !self.ops.ended && self.trips_left() > 0 {
            let cargo = self.cargo_to_leave_with(now, dv);
            if cargo <= EPS {
                break;
            }
            self.depart(cargo, e)?;
        }
        self.end_ops(now)
    }

    /// The most cargo a trip leaving at `now` at `dv` (m/s) could carry:
    /// at most the cargo stock, the capacity, and what the propellant
    /// allows.
    pub(super) fn departable_cargo(&mut self, now: f64, dv: Option<f64>) -> f64 {
        let back = self.steam_back_to_cargo(now, dv).unwrap_or(0.0);
        self.capacity_at(now, dv, back)
            .min(self.product.cargo_on_hand() + back)
    }

    /// The cargo a trip leaving now at `dv` takes: as `departable_cargo`,
    /// with the steam split made first.
    fn cargo_to_leave_with(&mut self, now: f64, dv: Option<f64>) -> f64 {
        self.resplit_steam(now, dv);
        self.departable_cargo(now, dv)
    }

    /// With steam, propellant and cargo are the same water: a trip about to
    /// leave with what it can carry takes the best split of the whole
    /// stock, so water in the tank beyond that split's need goes back to
    /// cargo (and no longer counts as propellant made).
    fn resplit_steam(&mut self, now: f64, dv: Option<f64>) {
        if let Some(kg) = self.steam_back_to_cargo(now, dv) {
            self.product.store.take(now, kg);
            self.product.cargo_kg += kg;
            self.m.propellant_produced_kg -= kg;
        }
    }

    /// The water `resplit_steam` moves back to cargo at `dv`, if any: with
    /// k = e^(Δv/(Isp·g₀)) − 1, a stock S of tank plus cargo flies at most
    /// c = (S − dry·k)/(1 + k) of cargo (capped at the capacity), which
    /// needs (dry + c)·k in the tank.
    fn steam_back_to_cargo(&mut self, now: f64, dv: Option<f64>) -> Option<f64> {
        if self.plan.kind != PropellantKind::WaterSteam {
            return None;
        }
        let (dv, isp) = (dv?, self.inp.propellant.isp_s);
        let (dry, capacity) = (
            self.inp.return_plan.dry_kg,
            self.inp.return_plan.cargo_target_kg,
        );
        let k = propellant_for(1.0, dv, isp);
        let fuel = self.product.store.level(now);
        let stock = fuel + self.product.cargo_kg;
        let cargo = ((stock - dry * k) / (1.0 + k)).clamp(0.0, capacity);
        // Only the asteroid's own water goes back, not propellant brought
        // from Earth.
        let back = (fuel - propellant_for(dry + cargo, dv, isp)).min(self.m.propellant_produced_kg);
        (back > MASS_TOL).then_some(back)
    }

    /// The Δv (m/s) of a departure at `at_h`, if one can leave then.
    fn dv_at(&self, at_h: f64) -> Option<f64> {
        self.departure_at(at_h).map(|(dv, _)| dv)
    }

    /// The cargo a trip's propellant on hand at `now`, less `less_fuel`,
    /// carries at `dv`, at most the trip's capacity.
    fn capacity_at(&mut self, now: f64, dv: Option<f64>, less_fuel: f64) -> f64 {
        let Some(dv) = dv else {
            return 0.0;
        };
        let fuel = self.product.store.level(now) - less_fuel;
        let by_fuel = max_cargo(
            fuel,
            self.inp.return_plan.dry_kg,
            dv,
            self.inp.propellant.isp_s,
        );
        by_fuel.min(self.inp.return_plan.cargo_target_kg)
    }

    pub(super) fn depart(&mut self, cargo: f64, e: &mut Engine<Ev>) -> Step {
        self.depart_on(cargo, e.now(), e)
    }

    /// A trip leaves now with `cargo`, at the Δv (and flight time) of a
    /// departure at `dv_h`.
    fn depart_on(&mut self, cargo: f64, dv_h: f64, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let Some((dv, arrival_h)) = self.departure_at(dv_h) else {
            return Ok(());
        };
        let burn = propellant_for(
            self.inp.return_plan.dry_kg + cargo,
            dv,
            self.inp.propellant.isp_s,
        );
        // Every way a trip leaves sizes it to the propellant on hand at this
        // Δv; more would be burned without ever having been made.
        debug_assert!(
            burn <= self.product.store.peek(now) + MASS_TOL,
            "a trip burns {burn} kg with {} kg on hand",
            self.product.store.peek(now)
        );
        self.product.store.take(now, burn);
        self.m.propellant_burned_kg += burn;
        if self.plan.kind == PropellantKind::WaterSteam {
            // The vehicle's own heater: energy, not power from the site.
            self.m.energy_kwh += burn * self.plan.heating_kwh_per_kg;
        }
        self.m.oxygen_shipped_kg += self.product.take_cargo(cargo);
        self.m.cargo_departed_kg += cargo;
        self.m.departures += 1.0;
        self.departures.left_in_window = true;
        let j = self.departures.trips.len() as u32;
        let mut rng = self.streams.stream(Subsystem::Transit.entity(j));
        let lost = rng.random::<f64>() < self.inp.return_plan.loss_prob;
        let arrival = match arrival_h {
            Some(at) => at.max(now),
            None => now + days_to_hours(self.inp.return_plan.return_days.sample(&mut rng)),
        };
        self.departures.trips.push(Trip {
            cargo_kg: cargo,
            lost,
        });
        self.log(now, Entity::Trip(j + 1), EventKind::Departure, cargo);
        self.log_propellant(now);
        e.schedule_at(arrival, Ev::TripArrives(j))?;
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
            let price = self.departures.pricing.usd_per_kg(self.m.delivered_kg);
            self.m.deliveries += 1.0;
            self.m.delivered_kg += trip.cargo_kg;
            if trip.cargo_kg + MASS_TOL >= self.inp.return_plan.cargo_target_kg {
                self.departures.full_deliveries += 1;
            }
            let value = trip.cargo_kg * price;
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
