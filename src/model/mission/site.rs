//! The site's shared resources: the dust cloud and its holds, array cleaning, the power pool.

use super::*;

impl Mission<'_> {
    pub(super) fn loft_dust(
        &mut self,
        batch_kg: f64,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        let now = e.now();
        let lofted = batch_kg * self.inp.dust.lofted_fraction;
        self.m.dust_lofted_kg += lofted;
        let captured = if self.plan.mitigation == Mitigation::Dome {
            lofted * self.inp.dust.dome_capture
        } else {
            0.0
        };
        self.m.dust_captured_kg += captured;
        let free = lofted - captured;
        let speed = self.inp.dust.ejecta_speed_m_s.sample(&mut self.dust_rng);
        if speed > self.v_esc {
            self.m.dust_escaped_kg += free;
            return Ok(());
        }
        self.cloud.loft(now, free);
        if !self.hold && self.cloud.airborne_kg() > self.inp.dust.hold_above_kg {
            let hours = self.cloud.hours_to_decay_to(self.inp.dust.hold_above_kg);
            self.hold = true;
            self.m.dust_holds += 1.0;
            self.m.dust_hold_h += hours;
            self.log(now, "dust", Entity::Site, "dust_hold", hours, "h");
            self.pause_cutting(e);
            e.schedule_in(hours, Ev::HoldEnd)?;
        }
        Ok(())
    }

    pub(super) fn on_clean_start(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.cleanings += 1.0;
        self.cleaning += 1;
        self.pause_cutting(e);
        self.cloud.advance(now);
        let before = self.cloud.array_loss();
        self.cloud.clean(self.inp.dust.clean_efficiency);
        self.log(
            now,
            "dust",
            Entity::Site,
            "clean",
            before - self.cloud.array_loss(),
            "loss",
        );
        let hours = self.inp.dust.clean_h.sample(&mut self.dust_rng);
        e.schedule_in(hours, Ev::CleanEnd)?;
        e.schedule_in(self.inp.dust.clean_every_h, Ev::CleanStart)?;
        self.serve_power(e)
    }

    /// Grants power to waiting consumers: plant and electrolysis first, in
    /// arrival order; drills only when no priority consumer is waiting.
    pub(super) fn serve_power(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
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
        let kw = self.inp.drilling.power_kw;
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

    pub(super) fn priority_kw(&self, c: Priority) -> f64 {
        match c {
            Priority::Plant => self.inp.processing.power_kw,
            Priority::Electrolysis => self.inp.propellant.power_kw,
        }
    }

    pub(super) fn request_priority(
        &mut self,
        c: Priority,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
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

    pub(super) fn start_priority(
        &mut self,
        c: Priority,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        match c {
            Priority::Plant => self.start_plant(e),
            Priority::Electrolysis => self.start_electrolysis(e),
        }
    }
}
