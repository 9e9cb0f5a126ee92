//! The site's shared resources: the dust cloud and its holds, array
//! cleaning, the power pool.
//! The rules: docs/model.md §Dust and §Power.

use super::*;
use crate::model::dust::{DustCloud, escape_speed_m_s};
use crate::model::power::PowerPool;
use crate::scenario::Sampler;
use crate::units::day_of;

/// Slack on the aging bounds of a day, relative: a library `exp` need not
/// be monotone to the last bit, so the bounds stand a little apart from
/// the day's first and last values.
const AGING_SLACK: f64 = 1e-12;

/// The mission day whose Sun distance the array has, and the bounds on its
/// aging factor over that day.
#[derive(Debug, Clone, Copy)]
struct SiteDay {
    /// Its first hour and the next day's.
    start_h: f64,
    end_h: f64,
    /// The aging factor at the end of the day and at its start (it falls
    /// with time), with `AGING_SLACK` outside.
    aging: (f64, f64),
}

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
    /// The day of the last power read, once read.
    day: Option<SiteDay>,
}

impl Site {
    pub(super) fn new(plan: &Plan, inp: &RunInputs, sky: Option<&Sky>, streams: &Streams) -> Self {
        // With an orbit, `power_fits` sets the Sun distance of each day read.
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
            day: None,
        }
    }

    /// Robots may cut: no dust hold and no cleaning under way.
    pub(super) fn cutting_allowed(&self) -> bool {
        !self.hold && self.cleaning == 0
    }

    /// The array's output at `now`, on the day `day` holding it, as far as
    /// its bounds: the dust settling since the last loft or cleaning only
    /// adds array loss, and the array only ages through the day, so the
    /// output lies between its value with all the airborne dust settled at
    /// the day's end and with nothing more settled at its start.
    fn output_at(&self, now: f64, day: SiteDay) -> Output {
        let (least_loss, most_loss) = self.cloud.array_loss_bounds();
        let (aging_low, aging_high) = day.aging;
        Output {
            now,
            low_kw: self.power.output_aged_kw(aging_low, most_loss),
            high_kw: self.power.output_aged_kw(aging_high, least_loss),
            exact_kw: None,
        }
    }

    /// Whether `kw` more fits beside the power held under the output
    /// `out`: the bounds decide unless `kw` falls between them, and only
    /// then is the settling worked out (once per `out`).
    fn fits(&self, kw: f64, out: &mut Output) -> bool {
        if self.power.fits(kw, out.low_kw) {
            return true;
        }
        if !self.power.fits(kw, out.high_kw) {
            return false;
        }
        let exact = *out.exact_kw.get_or_insert_with(|| {
            let loss = self.cloud.array_loss(out.now);
            self.power.output_aged_kw(self.power.aging(out.now), loss)
        });
        self.power.fits(kw, exact)
    }
}

/// The array's output at one instant, between its bounds, and exactly once
/// a question needed it.
#[derive(Debug, Clone, Copy)]
struct Output {
    now: f64,
    /// With all the airborne dust settled, kW.
    low_kw: f64,
    /// With nothing more settled, kW.
    high_kw: f64,
    /// With the dust settled by `now`, kW.
    exact_kw: Option<f64>,
}

impl Mission<'_> {
    /// The day holding `now`, as the power reads see it: worked out as the
    /// day is first read, when with an orbit the array takes the day's Sun
    /// distance.
    #[inline]
    fn site_day(&mut self, now: f64) -> SiteDay {
        match self.site.day {
            Some(day) if day.start_h <= now && now < day.end_h => day,
            _ => self.new_site_day(now),
        }
    }

    /// `site_day` when `now` lies on another day than the last read's.
    #[cold]
    #[inline(never)]
    fn new_site_day(&mut self, now: f64) -> SiteDay {
        let day = day_of(now);
        if let Some(sky) = self.sky {
            let sun_au = sky.sun_au(days_to_hours(f64::from(day)));
            self.site
                .power
                .set_sun_distance(self.inp.power.array_kw_1au, sun_au);
        }
        // Day d holds the hours from 24·d to 24·(d + 1) (`day_of`).
        let start_h = days_to_hours(f64::from(day));
        let end_h = days_to_hours(f64::from(day + 1));
        let power = &self.site.power;
        let worked = SiteDay {
            start_h,
            end_h,
            aging: (
                power.aging(end_h) * (1.0 - AGING_SLACK),
                power.aging(start_h) * (1.0 + AGING_SLACK),
            ),
        };
        self.site.day = Some(worked);
        worked
    }

    /// The array's output at `now` (`Site::output_at`): with an orbit at
    /// the day's Sun distance.
    fn output_at(&mut self, now: f64) -> Output {
        let day = self.site_day(now);
        self.site.output_at(now, day)
    }

    /// Whether `kw` more fits beside the power held under the array's
    /// output at `now`, after the dust settled so far.
    pub(super) fn power_fits(&mut self, kw: f64, now: f64) -> bool {
        let mut out = self.output_at(now);
        self.site.fits(kw, &mut out)
    }

    pub(super) fn loft_dust(&mut self, batch_kg: f64, e: &mut Engine<Ev>) -> Step {
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
            self.fleet.touch_all();
            self.m.dust_holds += 1.0;
            self.m.dust_hold_h += hours;
            self.log(now, Entity::Site, EventKind::DustHold, hours);
            self.pause_cutting(e);
            e.schedule_in(hours, Ev::HoldEnd)?;
        }
        Ok(())
    }

    pub(super) fn on_clean_start(&mut self, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        self.m.cleanings += 1.0;
        self.site.cleaning += 1;
        self.fleet.touch_all();
        self.pause_cutting(e);
        let before = self.site.cloud.array_loss(now);
        self.site.cloud.clean(now, self.inp.dust.clean_efficiency);
        self.log(
            now,
            Entity::Site,
            EventKind::Clean,
            before - self.site.cloud.array_loss(now),
        );
        let hours = self.inp.dust.clean_h.sample(&mut self.site.dust_rng);
        e.schedule_in(hours, Ev::CleanEnd)?;
        e.schedule_in(self.inp.dust.clean_every_h, Ev::CleanStart)?;
        self.serve_power(e)
    }

    /// Grants power to waiting consumers: plant and electrolysis first, in
    /// arrival order; drills only when no priority consumer is waiting.
    pub(super) fn serve_power(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.site.priority_queue.is_empty() && self.site.drill_queue.is_empty() {
            // Nobody waits: the array's output is not needed now.
            return Ok(());
        }
        // Nothing started here changes the output at this instant.
        let mut out = self.output_at(e.now());
        while let Some(&c) = self.site.priority_queue.front() {
            let kw = self.priority_kw(c);
            if !self.site.fits(kw, &mut out) {
                return Ok(());
            }
            self.site.priority_queue.pop_front();
            self.site.power.hold(kw);
            self.start_priority(c, e)?;
        }
        let kw = self.inp.drilling.power_kw;
        while let Some(&r) = self.site.drill_queue.front() {
            if !self.site.fits(kw, &mut out) {
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

    pub(super) fn request_priority(&mut self, c: Priority, e: &mut Engine<Ev>) -> Step {
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

    pub(super) fn start_priority(&mut self, c: Priority, e: &mut Engine<Ev>) -> Step {
        match c {
            Priority::Plant => self.start_plant(e),
            Priority::Electrolysis => self.start_electrolysis(e),
        }
    }
}
