//! Communication with Earth: light time from distance, daily contact windows,
//! and the wait a ground intervention costs.
//! The rules: docs/model.md §Ground interventions.

use super::sky::Sky;
use crate::engine::rng::StreamRng;
use crate::orbit::LIGHT_TIME_S_PER_AU;
use crate::scenario::Sampler;
use crate::units::{HOURS_PER_DAY, days_to_hours, hours_to_days};
use rand_distr::Distribution;

/// One-way light time in hours at `distance_au` (1 au / c =
/// [`LIGHT_TIME_S_PER_AU`] s).
pub fn light_time_h(distance_au: f64) -> f64 {
    distance_au * LIGHT_TIME_S_PER_AU / 3600.0
}

/// When a command can leave Earth: at `ready_h` if that falls inside the
/// day's contact window (each mission day's first `contact_h` hours), else
/// at the start of the next day's window.
pub fn next_contact_h(ready_h: f64, contact_h: f64) -> f64 {
    let day_start = days_to_hours(hours_to_days(ready_h).floor());
    if ready_h - day_start < contact_h {
        ready_h
    } else {
        day_start + HOURS_PER_DAY
    }
}

/// Where the Earth is: a fixed distance, or the orbit tables.
#[derive(Debug, Clone, Copy)]
pub enum Distance<'t> {
    /// A fixed Earth distance, au, and never a conjunction.
    Fixed(f64),
    /// Day by day from the orbits, with conjunctions.
    Orbit(&'t Sky),
}

/// The ground segment of one replication.
#[derive(Debug)]
pub struct Ground<'t> {
    distance: Distance<'t>,
    light_h: f64,
    contact_h: f64,
    response: Sampler,
    rng: StreamRng,
}

impl<'t> Ground<'t> {
    /// A ground segment at `distance` with `contact_h` hours of contact a
    /// day and per-event response times from `response`.
    pub fn new(distance: Distance<'t>, contact_h: f64, response: Sampler, rng: StreamRng) -> Self {
        Self {
            distance,
            light_h: match distance {
                Distance::Fixed(au) => light_time_h(au),
                Distance::Orbit(_) => f64::NAN,
            },
            contact_h,
            response,
            rng,
        }
    }

    /// One-way light time of a signal sent at `t_h`, hours.
    fn light_at(&self, t_h: f64) -> f64 {
        match self.distance {
            Distance::Fixed(_) => self.light_h,
            Distance::Orbit(sky) => sky.light_h(t_h),
        }
    }

    /// The first moment from `t_h` on outside a solar conjunction.
    fn clear_at(&self, t_h: f64) -> f64 {
        match self.distance {
            Distance::Fixed(_) => t_h,
            Distance::Orbit(sky) => sky.clear_at_or_after(t_h),
        }
    }

    /// Hours from `now_h` until a ground answer is back on board: the report
    /// leaves once there is no conjunction and travels to Earth (light time
    /// at sending), the ground responds, the command waits for a contact
    /// window outside a conjunction, then travels back (light time at its
    /// sending).
    pub fn intervention_wait_h(&mut self, now_h: f64) -> f64 {
        let sent = self.clear_at(now_h);
        let ready = sent + self.light_at(sent) + self.response.sample(&mut self.rng);
        let mut command = next_contact_h(ready, self.contact_h);
        let clear = self.clear_at(command);
        if clear > command {
            command = next_contact_h(clear, self.contact_h);
        }
        command + self.light_at(command) - now_h
    }
}
