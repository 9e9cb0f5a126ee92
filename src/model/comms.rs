//! Communication with Earth: light time from distance, daily contact windows,
//! and the wait a ground intervention costs.
//! The rules: docs/model.md §Ground interventions.

use crate::engine::rng::StreamRng;
use crate::scenario::Sampler;
use crate::units::{HOURS_PER_DAY, days_to_hours, hours_to_days};
use rand_distr::Distribution;

/// One-way light time per astronomical unit, seconds (IAU AU / c).
pub const LIGHT_SECONDS_PER_AU: f64 = 499.005;

/// One-way light time in hours at `distance_au`.
pub fn light_time_h(distance_au: f64) -> f64 {
    distance_au * LIGHT_SECONDS_PER_AU / 3600.0
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

/// The ground segment of one replication.
#[derive(Debug)]
pub struct Ground {
    light_h: f64,
    contact_h: f64,
    response: Sampler,
    rng: StreamRng,
}

impl Ground {
    /// A ground segment at `distance_au` with `contact_h` hours of contact a
    /// day and per-event response times from `response`.
    pub fn new(distance_au: f64, contact_h: f64, response: Sampler, rng: StreamRng) -> Self {
        Self {
            light_h: light_time_h(distance_au),
            contact_h,
            response,
            rng,
        }
    }

    /// Hours from `now_h` until a ground answer is back on board: the report
    /// travels to Earth, the ground responds, the command waits for contact,
    /// then travels back.
    pub fn intervention_wait_h(&mut self, now_h: f64) -> f64 {
        let ready = now_h + self.light_h + self.response.sample(&mut self.rng);
        next_contact_h(ready, self.contact_h) + self.light_h - now_h
    }
}
