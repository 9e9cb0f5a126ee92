//! The site's shared resources: the dust cloud and its holds, array
//! cleaning, the power pool.
//! The rules: docs/model.md §Dust and §Power.

use super::*;
use crate::model::dust::{DustCloud, escape_speed_m_s};
use crate::model::power::PowerPool;
use crate::scenario::Sampler;
use crate::units::day_of;

/// A consumer served before any drill when power frees up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Priority {
    Plant,
    Electrolysis,
}

/// The power pool with its queues, and the dust around the site.
#[derive(Debug)]
pub(super) struct Site {
    pub(super) power: PowerPool,
    /// Robots waiting for drill power, in arrival order.
    pub(super) drill_queue: VecDeque<u32>,
    /// Plant and electrolysis waiting for power, in arrival order.
    pub(super) priority_queue: VecDeque<Priority>,
    pub(super) cloud: DustCloud,
    dust_rng: StreamRng,
    /// The probability that a batch's ejecta speed is below the escape
    /// speed at the surface (the dust stays), F(v_esc).
    slow_ejecta: f64,
    /// A dust hold is under way.
    pub(super) hold: bool,
    /// Cleanings under way.
    pub(super) cleaning: u32,
    /// With an orbit, the mission day whose Sun distance the array has.
    sun_day: Option<u32>,
}

impl Site {
    pub(super) fn new(plan: &Plan, inp: &RunInputs, sky: Option<&Sky>, streams: &Streams) -> Self {
        // With an orbit, `available_kw` sets the Sun distance of each day read.
        let sun_au = sky.map_or(inp.power.heliocentric_au, |s| s.sun_au(0.0));
        Self {
            power: PowerPool::new(
                inp.power.array_kw_1au,
                sun_au,
                inp.power.degradation_pct_per_year,
            ),
            drill_queue: VecDeque::with_capacity(plan.robots as usize),
            priority_queue: VecDeque::with_capacity(2),
            cloud: DustCloud::new(
                inp.dust.settle_h,
                inp.dust.deposit_fraction,
                inp.dust.array_loss_per_kg,
            ),
            dust_rng: streams.stream(Subsystem::Dust),
            slow_ejecta: inp.dust.ejecta_speed_m_s.cdf(escape_speed_m_s(
                inp.target.diameter_m,
                inp.target.bulk_density_kg_m3,
            )),
            hold: false,
            cleaning: 0,
            sun_day: None,
        }
    }

    /// Robots may cut: no dust hold and no cleaning under way.
    pub(super) fn cutting_allowed(&self) -> bool {
        !self.hold && self.cleaning == 0
    }

    /// Array output at `now`, after the dust settled so far.
    fn output_kw(&mut self, now: f64) -> f64 {
        self.cloud.advance(now);
        self.power.output_kw(now, self.cloud.array_loss())
    }
}

impl Mission<'_> {
    /// With an orbit, gives the array the Sun distance of the day holding
    /// `now` (set as the day is first read).
    fn follow_sun(&mut self, now: f64) {
        if let Some(sky) = self.sky {
            let day = day_of(now);
            if self.site.sun_day != Some(day) {
                self.site.sun_day = Some(day);
                let sun_au = sky.sun_au(days_to_hours(f64::from(day)));
                self.site
                    .power
                    .set_sun_distance(self.inp.power.array_kw_1au, sun_au);
            }
        }
    }

    /// Array output at `now`: with an orbit at the day's Sun distance, after
    /// the dust settled so far.
    pub(super) fn available_kw(&mut self, now: f64) -> f64 {
        self.follow_sun(now);
        self.site.output_kw(now)
    }

    /// Whether `kw` more fits under the array's output at `now`. The dust
    /// settling since the cloud was last updated only adds array loss, so
    /// the output lies between its value with nothing more settled and with
    /// all the airborne dust settled; the cloud is brought up to `now` only
    /// when `kw` falls between the two.
    pub(super) fn power_fits(&mut self, kw: f64, now: f64) -> bool {
        self.follow_sun(now);
        let (least_loss, most_loss) = self.site.cloud.array_loss_bounds();
        let power = &self.site.power;
        if power.fits(kw, power.output_kw(now, most_loss)) {
            return true;
        }
        if !power.fits(kw, power.output_kw(now, least_loss)) {
            return false;
        }
        let output = self.site.output_kw(now);
        self.site.power.fits(kw, output)
    }

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
        // One uniform per batch, as a drawn ejecta speed would take: the dust
        // escapes when that speed would exceed the escape speed.
        let u = self.site.dust_rng.random::<f64>();
        if Sampler::exceeds(u, self.site.slow_ejecta) {
            self.m.dust_escaped_kg += free;
            return Ok(());
        }
        self.site.cloud.loft(now, free);
        if !self.site.hold && self.site.cloud.airborne_kg() > self.inp.dust.hold_above_kg {
            let hours = self
                .site
                .cloud
                .hours_to_decay_to(self.inp.dust.hold_above_kg);
            self.site.hold = true;
            self.m.dust_holds += 1.0;
            self.m.dust_hold_h += hours;
            self.log(now, Entity::Site, EventKind::DustHold, hours);
            self.pause_cutting(e);
            e.schedule_in(hours, Ev::HoldEnd)?;
        }
        Ok(())
    }

    pub(super) fn on_clean_start(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.cleanings += 1.0;
        self.site.cleaning += 1;
        self.pause_cutting(e);
        self.site.cloud.advance(now);
        let before = self.site.cloud.array_loss();
        self.site.cloud.clean(self.inp.dust.clean_efficiency);
        self.log(
            now,
            Entity::Site,
            EventKind::Clean,
            before - self.site.cloud.array_loss(),
        );
        let hours = self.inp.dust.clean_h.sample(&mut self.site.dust_rng);
        e.schedule_in(hours, Ev::CleanEnd)?;
        e.schedule_in(self.inp.dust.clean_every_h, Ev::CleanStart)?;
        self.serve_power(e)
    }

    /// Grants power to waiting consumers: plant and electrolysis first, in
    /// arrival order; drills only when no priority consumer is waiting.
    pub(super) fn serve_power(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.site.priority_queue.is_empty() && self.site.drill_queue.is_empty() {
            // Nobody waits: the array's output is not needed now.
            return Ok(());
        }
        let now = e.now();
        let output = self.available_kw(now);
        while let Some(&c) = self.site.priority_queue.front() {
            let kw = self.priority_kw(c);
            if !self.site.power.fits(kw, output) {
                return Ok(());
            }
            self.site.priority_queue.pop_front();
            self.site.power.hold(kw);
            self.start_priority(c, e)?;
        }
        let kw = self.inp.drilling.power_kw;
        while let Some(&r) = self.site.drill_queue.front() {
            if !self.site.power.fits(kw, output) {
                break;
            }
            self.site.drill_queue.pop_front();
            self.site.power.hold(kw);
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
        // The array's output matters only when nobody waits ahead.
        if self.site.priority_queue.is_empty() && self.power_fits(kw, e.now()) {
            self.site.power.hold(kw);
            self.start_priority(c, e)
        } else {
            self.site.priority_queue.push_back(c);
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
