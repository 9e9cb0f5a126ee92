//! Runaway replications. A mistaken input can make the clock crawl (a
//! fault every second, a batch of a gram): the replication then never
//! ends. The engine stops it at the scenario's event budget
//! (`monte_carlo.max_events`); a short census of the events that follow
//! names the process that keeps firing and the keys that drive it.

use super::{Ev, Mission, Step};
use crate::engine::{Engine, Model, ScheduleError};
use crate::scenario::{KeySpec, key};
use thiserror::Error;

/// Why a replication could not be simulated.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SimError {
    /// An event could not be scheduled (a time that is not finite).
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// The replication used up its event budget without ending.
    #[error(
        "replication {run} handled {limit} events without ending \
         (monte_carlo.max_events): {process} keep firing; check {keys}, \
         or raise monte_carlo.max_events if that many events are meant"
    )]
    Runaway {
        /// The replication.
        run: u64,
        /// Its event budget.
        limit: u64,
        /// The process that fired most after the budget ran out.
        process: &'static str,
        /// The keys that drive that process, comma-separated.
        keys: String,
    },
    /// The scenario's orbit tables or porkchop could not be computed.
    #[error("the orbit tables cannot be computed: {0}")]
    Orbit(#[from] crate::orbit::porkchop::PorkchopError),
}

/// Events counted after the budget is spent to find the busiest process.
const CENSUS: u64 = 10_000;

/// The processes events belong to, for the census.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Process {
    Anchoring,
    Cutting,
    Repairs,
    DustHolds,
    Cleaning,
    Plant,
    Electrolysis,
    Windows,
    Mission,
}

impl Process {
    const ALL: [Process; 9] = [
        Process::Anchoring,
        Process::Cutting,
        Process::Repairs,
        Process::DustHolds,
        Process::Cleaning,
        Process::Plant,
        Process::Electrolysis,
        Process::Windows,
        Process::Mission,
    ];

    fn of(ev: Ev) -> Self {
        match ev {
            Ev::Shot(_) | Ev::Relocated(_) => Process::Anchoring,
            Ev::SetupDone(_) | Ev::CutEnd(_) => Process::Cutting,
            Ev::Resume(_) => Process::Repairs,
            Ev::HoldEnd => Process::DustHolds,
            Ev::CleanStart | Ev::CleanEnd => Process::Cleaning,
            Ev::PlantEnd | Ev::PlantRepaired => Process::Plant,
            Ev::ElectrolysisEnd | Ev::ElectrolysisDue => Process::Electrolysis,
            Ev::WindowOpen(_) | Ev::WindowClose(_) => Process::Windows,
            Ev::Arrive | Ev::SurveyDone | Ev::TripArrives(_) | Ev::Horizon | Ev::NewDay => {
                Process::Mission
            }
        }
    }

    /// What the process is, and the keys that set how often it fires.
    fn describe(self) -> (&'static str, &'static [&'static KeySpec]) {
        match self {
            Process::Anchoring => (
                "harpoon shots",
                &[
                    key::anchoring::attempt_h,
                    key::anchoring::relocate_h,
                    key::anchoring::harpoons_per_robot,
                ],
            ),
            Process::Cutting => (
                "drilling batches",
                &[
                    key::drilling::batch_kg,
                    key::drilling::rate_kg_h,
                    key::drilling::bit_life_h,
                    key::fleet::fault_mtbf_h,
                ],
            ),
            Process::Repairs => (
                "robot repairs and bit changes",
                &[
                    key::fleet::fault_mtbf_h,
                    key::fleet::local_repair_h,
                    key::drilling::bit_life_h,
                    key::drilling::bit_change_h,
                ],
            ),
            Process::DustHolds => (
                "dust holds",
                &[key::dust::hold_above_kg, key::dust::settle_h],
            ),
            Process::Cleaning => (
                "array cleanings",
                &[key::dust::clean_every_h, key::dust::clean_h],
            ),
            Process::Plant => (
                "plant batches and repairs",
                &[
                    key::processing::batch_kg,
                    key::processing::throughput_kg_h,
                    key::processing::mtbf_h,
                    key::processing::repair_h,
                ],
            ),
            Process::Electrolysis => (
                "electrolysis chunks",
                &[
                    key::propellant::power_kw,
                    key::propellant::electrolysis_kwh_per_kg,
                ],
            ),
            Process::Windows => (
                "departure windows",
                &[
                    key::return_plan::window_every_days,
                    key::scenario::horizon_days,
                ],
            ),
            Process::Mission => ("mission events", &[key::scenario::horizon_days]),
        }
    }
}

/// The mission with every event counted by process.
struct Census<'m, 't> {
    mission: &'m mut Mission<'t>,
    counts: [u64; Process::ALL.len()],
}

impl Model for Census<'_, '_> {
    type Event = Ev;
    type Error = Box<ScheduleError>;

    fn handle(&mut self, ev: Ev, e: &mut Engine<Ev>) -> Step {
        // `Process::ALL` lists the variants in declaration order.
        self.counts[Process::of(ev) as usize] += 1;
        self.mission.handle(ev, e)
    }
}

/// The error for replication `run` that spent its `limit` events: runs a
/// short census past the limit to name the busiest process.
pub(super) fn runaway(
    mission: &mut Mission<'_>,
    engine: &mut Engine<Ev>,
    run: u64,
    limit: u64,
) -> SimError {
    let mut census = Census {
        mission,
        counts: [0; Process::ALL.len()],
    };
    engine.set_event_limit(limit.saturating_add(CENSUS));
    // The census only reads what fires; how the extra stretch ends does not
    // matter.
    let _ = engine.run(&mut census);
    let busiest = Process::ALL
        .iter()
        .zip(census.counts)
        .max_by_key(|&(_, n)| n)
        .map_or(Process::Mission, |(&p, _)| p);
    let (process, keys) = busiest.describe();
    SimError::Runaway {
        run,
        limit,
        process,
        keys: keys.iter().map(|k| k.path).collect::<Vec<_>>().join(", "),
    }
}
