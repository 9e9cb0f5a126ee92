//! Generic discrete-event core: a clock, a time-ordered event queue with lazy
//! cancellation, and the loop that hands each event to a [`Model`].
//!
//! Events are ordered by `(time, insertion sequence)`, times compared with
//! [`f64::total_cmp`], so simultaneous events run first-in-first-out and a run
//! is a pure function of the model and its random streams. This module knows
//! nothing about what is being simulated.

pub mod mm1;
mod queue;
pub mod rng;

use queue::{Entry, EventQueue};
use std::collections::HashSet;
use thiserror::Error;

/// Handle of a scheduled event, used to cancel it before it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventKey(u64);

/// Why an event could not be scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum ScheduleError {
    /// The requested time is NaN.
    #[error("event time is NaN")]
    NanTime,
    /// The requested time or delay is infinite.
    #[error("event time is infinite ({0})")]
    InfiniteTime(f64),
    /// A delay below zero was requested.
    #[error("negative delay {0}")]
    NegativeDelay(f64),
    /// An absolute time before the current clock was requested.
    #[error("event time {time} is before the current time {now}")]
    InThePast {
        /// The requested time.
        time: f64,
        /// The clock when it was requested.
        now: f64,
    },
}

/// How a call to [`Engine::run_until`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    /// No event was left to handle.
    Empty,
    /// The next event lies after the horizon; the clock stands at the horizon.
    Horizon,
    /// A handler called [`Engine::stop`].
    Stopped,
    /// The event limit set by [`Engine::set_event_limit`] was reached; the
    /// next event is still pending.
    EventLimit,
}

/// A simulation model driven by the engine: it reacts to one event at a time
/// and schedules further events on the engine it is handed.
pub trait Model {
    /// The events this model schedules and handles.
    type Event;
    /// The error a handler may return; it ends the run.
    type Error;

    /// Handles `event`, which fires at `engine.now()`.
    fn handle(
        &mut self,
        event: Self::Event,
        engine: &mut Engine<Self::Event>,
    ) -> Result<(), Self::Error>;
}

/// The event queue and clock of one simulation run.
#[derive(Debug)]
pub struct Engine<E> {
    now: f64,
    next_seq: u64,
    queue: EventQueue<E>,
    cancelled: HashSet<u64>,
    handled: u64,
    event_limit: u64,
    stop_requested: bool,
}

impl<E> Default for Engine<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Engine<E> {
    /// An engine at time zero with no pending events.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An engine whose queue has room for `capacity` pending events before it
    /// allocates.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            now: 0.0,
            next_seq: 0,
            queue: EventQueue::with_capacity(capacity),
            cancelled: HashSet::new(),
            handled: 0,
            event_limit: u64::MAX,
            stop_requested: false,
        }
    }

    /// Makes a run return [`RunEnd::EventLimit`] once `limit` events have
    /// been handled in all (a guard against models whose clock crawls);
    /// unlimited by default, kept across [`Engine::reset`].
    pub fn set_event_limit(&mut self, limit: u64) {
        self.event_limit = limit;
    }

    /// The current simulation time.
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Number of events handed to the model so far (cancelled ones excluded).
    pub fn events_handled(&self) -> u64 {
        self.handled
    }

    /// Number of events still queued, cancelled ones not yet discarded included.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }

    /// Schedules `event` at absolute time `time` (not before now).
    pub fn schedule_at(&mut self, time: f64, event: E) -> Result<EventKey, ScheduleError> {
        if time.is_nan() {
            return Err(ScheduleError::NanTime);
        }
        if time.is_infinite() {
            return Err(ScheduleError::InfiniteTime(time));
        }
        if time < self.now {
            return Err(ScheduleError::InThePast {
                time,
                now: self.now,
            });
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.queue.push(Entry::new(time, seq, event));
        Ok(EventKey(seq))
    }

    /// Schedules `event` after `delay` (zero or more) from now.
    pub fn schedule_in(&mut self, delay: f64, event: E) -> Result<EventKey, ScheduleError> {
        if delay.is_nan() {
            return Err(ScheduleError::NanTime);
        }
        if delay < 0.0 {
            return Err(ScheduleError::NegativeDelay(delay));
        }
        self.schedule_at(self.now + delay, event)
    }

    /// Cancels a pending event; returns whether it was pending. Cancelling an
    /// event that already fired, or was already cancelled, does nothing and
    /// returns false. The entry is discarded lazily when it reaches the head
    /// of the queue; the pending check scans the queue, so a cancel costs
    /// O(pending) while the per-event path stays untouched.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        if self.cancelled.contains(&key.0) || !self.queue.contains_seq(key.0) {
            return false;
        }
        self.cancelled.insert(key.0)
    }

    /// Cancels an event the caller knows is still pending (scheduled, not
    /// fired, not cancelled) in O(1); [`Engine::cancel`] checks that and
    /// costs O(pending). Models that track their pending keys (clearing a
    /// key when its event fires) use this one on the hot path.
    pub fn cancel_pending(&mut self, key: EventKey) {
        debug_assert!(
            !self.cancelled.contains(&key.0) && self.queue.contains_seq(key.0),
            "cancel_pending of an event that is not pending"
        );
        self.cancelled.insert(key.0);
    }

    /// Asks the running loop to return after the current handler.
    pub fn stop(&mut self) {
        self.stop_requested = true;
    }

    /// Runs until the queue is empty, a handler stops the run, or the next
    /// event lies after `horizon` (events at exactly `horizon` still run).
    pub fn run_until<M>(&mut self, model: &mut M, horizon: f64) -> Result<RunEnd, M::Error>
    where
        M: Model<Event = E>,
    {
        self.stop_requested = false;
        loop {
            if self.handled >= self.event_limit {
                return Ok(RunEnd::EventLimit);
            }
            let Some(head_time) = self.queue.peek_time() else {
                return Ok(RunEnd::Empty);
            };
            if head_time > horizon {
                if horizon > self.now {
                    self.now = horizon;
                }
                return Ok(RunEnd::Horizon);
            }
            let Some(entry) = self.queue.take_head() else {
                return Ok(RunEnd::Empty);
            };
            if !self.cancelled.is_empty() && self.cancelled.remove(&entry.seq()) {
                continue;
            }
            self.now = entry.time();
            self.handled += 1;
            model.handle(entry.event, self)?;
            if self.stop_requested {
                self.stop_requested = false;
                return Ok(RunEnd::Stopped);
            }
        }
    }

    /// Runs until the queue is empty or a handler stops the run.
    pub fn run<M>(&mut self, model: &mut M) -> Result<RunEnd, M::Error>
    where
        M: Model<Event = E>,
    {
        self.run_until(model, f64::INFINITY)
    }

    /// Clears all pending events and resets the clock and counters to zero,
    /// keeping the allocated capacity for the next run.
    pub fn reset(&mut self) {
        self.now = 0.0;
        self.next_seq = 0;
        self.queue.clear();
        self.cancelled.clear();
        self.handled = 0;
        self.stop_requested = false;
    }
}
