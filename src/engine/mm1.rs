//! The M/M/1 queue on the engine: the textbook model whose closed form
//! (Wq = λ/(μ(μ−λ)), utilisation ρ = λ/μ) validates the engine.

use super::rng::{StreamRng, Streams};
use super::{Engine, Model, ScheduleError};
use rand_distr::{Distribution, Exp};
use std::collections::VecDeque;

/// Events of the M/M/1 queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mm1Event {
    /// A customer arrives.
    Arrival,
    /// The customer in service leaves.
    Departure,
}

/// What one M/M/1 run observed, customer by customer.
#[derive(Debug, Clone, Default)]
pub struct Mm1Trace {
    /// Time each customer waited in the queue before service, in service order.
    pub waits: Vec<f64>,
    /// At each departure: the clock and the server's cumulative busy time.
    pub departures: Vec<(f64, f64)>,
}

/// An M/M/1 queue: Poisson arrivals at rate λ, exponential service at rate μ,
/// one server, first come first served.
#[derive(Debug)]
pub struct Mm1 {
    arrivals: Exp<f64>,
    services: Exp<f64>,
    arrival_rng: StreamRng,
    service_rng: StreamRng,
    waiting: VecDeque<f64>,
    busy_since: Option<f64>,
    busy_time: f64,
    arrivals_left: u64,
    trace: Mm1Trace,
}

const ARRIVAL_STREAM: u64 = 0;
const SERVICE_STREAM: u64 = 1;

impl Mm1 {
    /// A queue with arrival rate `lambda` and service rate `mu` (both > 0)
    /// that admits `customers` arrivals, drawing from `streams`.
    pub fn new(lambda: f64, mu: f64, customers: u64, streams: &Streams) -> Option<Self> {
        Some(Self {
            arrivals: Exp::new(lambda).ok()?,
            services: Exp::new(mu).ok()?,
            arrival_rng: streams.stream(ARRIVAL_STREAM),
            service_rng: streams.stream(SERVICE_STREAM),
            waiting: VecDeque::new(),
            busy_since: None,
            busy_time: 0.0,
            arrivals_left: customers,
            trace: Mm1Trace {
                waits: Vec::with_capacity(customers as usize),
                departures: Vec::with_capacity(customers as usize),
            },
        })
    }

    /// Runs the queue until every admitted customer has left.
    pub fn simulate(mut self) -> Result<Mm1Trace, ScheduleError> {
        let mut engine = Engine::with_capacity(4);
        let first = self.arrivals.sample(&mut self.arrival_rng);
        engine.schedule_in(first, Mm1Event::Arrival)?;
        engine.run(&mut self)?;
        Ok(self.trace)
    }

    fn start_service(
        &mut self,
        arrived: f64,
        engine: &mut Engine<Mm1Event>,
    ) -> Result<(), ScheduleError> {
        let now = engine.now();
        self.trace.waits.push(now - arrived);
        self.busy_since = Some(now);
        let service = self.services.sample(&mut self.service_rng);
        engine.schedule_in(service, Mm1Event::Departure)?;
        Ok(())
    }
}

impl Model for Mm1 {
    type Event = Mm1Event;
    type Error = ScheduleError;

    fn handle(
        &mut self,
        event: Mm1Event,
        engine: &mut Engine<Mm1Event>,
    ) -> Result<(), Self::Error> {
        let now = engine.now();
        match event {
            Mm1Event::Arrival => {
                self.arrivals_left -= 1;
                if self.arrivals_left > 0 {
                    let gap = self.arrivals.sample(&mut self.arrival_rng);
                    engine.schedule_in(gap, Mm1Event::Arrival)?;
                }
                if self.busy_since.is_none() {
                    self.start_service(now, engine)?;
                } else {
                    self.waiting.push_back(now);
                }
            }
            Mm1Event::Departure => {
                if let Some(since) = self.busy_since.take() {
                    self.busy_time += now - since;
                }
                self.trace.departures.push((now, self.busy_time));
                if let Some(arrived) = self.waiting.pop_front() {
                    self.start_service(arrived, engine)?;
                }
            }
        }
        Ok(())
    }
}
