//! The event trace of one replication, for `astromine trace` and timelines.
//! The rules: docs/model.md §Trace events.
//!
//! Every kind of traced event is declared once, in [`EventKind`]: its
//! subsystem, its name in the trace, the unit of its quantity, and what it
//! puts its robot or the plant to doing (its activity). The model logs kinds,
//! the trace rows print their names, and the timeline reads their activities.

use crate::units::{HOURS_PER_DAY, hours_to_days};
use serde::Serialize;
use std::fmt;

/// What an event happened to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// The mission as a whole.
    Mission,
    /// Robot number n (from 1).
    Robot(u32),
    /// The processing plant.
    Plant,
    /// The electrolysis unit.
    Electrolysis,
    /// The dust cloud and arrays.
    Site,
    /// Return trip number n (from 1).
    Trip(u32),
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entity::Mission => f.write_str("mission"),
            Entity::Robot(n) => write!(f, "robot {n}"),
            Entity::Plant => f.write_str("plant"),
            Entity::Electrolysis => f.write_str("electrolysis"),
            Entity::Site => f.write_str("site"),
            Entity::Trip(n) => write!(f, "return {n}"),
        }
    }
}

/// What a robot or the plant is doing from an event on, as the timeline
/// shows it. The order is the timeline's tie-break order; keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Activity {
    /// Firing harpoons (first anchoring or re-anchoring).
    Anchoring,
    /// Drilling a batch (dome setup, holds and cleanings included).
    Drilling,
    /// Waiting for power.
    WaitPower,
    /// Waiting for room in the hopper.
    WaitHopper,
    /// Repair or bit change on board.
    Repair,
    /// Waiting for the ground, then repairing.
    GroundRepair,
    /// The plant processing a batch.
    Processing,
    /// Lost, stopped, or (plant) dead: nothing follows.
    Out,
    /// Nothing under way.
    Idle,
}

impl Activity {
    /// Every activity, in declaration order.
    pub(crate) const ALL: [Activity; 9] = [
        Activity::Anchoring,
        Activity::Drilling,
        Activity::WaitPower,
        Activity::WaitHopper,
        Activity::Repair,
        Activity::GroundRepair,
        Activity::Processing,
        Activity::Out,
        Activity::Idle,
    ];
}

/// Declares [`EventKind`] once: per subsystem, each kind with its trace
/// name, the unit of its quantity (none when omitted) and the activity it
/// starts (none when omitted).
macro_rules! event_kinds {
    (@unit) => { "" };
    (@unit $unit:literal) => { $unit };
    (@activity) => { None };
    (@activity $activity:ident) => { Some(Activity::$activity) };
    ($($subsystem:literal {
        $($(#[doc = $doc:literal])*
        $kind:ident = $name:literal $(in $unit:literal)? $(=> $activity:ident)?;)*
    })*) => {
        /// What happened, one variant per kind of traced event. Each kind
        /// fixes its subsystem, its name in the trace and the unit of its
        /// quantity (no quantity when it has no unit).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventKind {
            $($($(#[doc = $doc])* $kind,)*)*
        }

        impl EventKind {
            /// Every kind, grouped by subsystem.
            pub const ALL: &'static [EventKind] = &[$($(EventKind::$kind,)*)*];

            fn spec(self) -> Spec {
                match self {
                    $($(EventKind::$kind => Spec {
                        subsystem: $subsystem,
                        name: $name,
                        unit: event_kinds!(@unit $($unit)?),
                        activity: event_kinds!(@activity $($activity)?),
                    },)*)*
                }
            }
        }
    };
}

/// What [`event_kinds!`] declares about one kind.
struct Spec {
    subsystem: &'static str,
    name: &'static str,
    unit: &'static str,
    activity: Option<Activity>,
}

event_kinds! {
    "transit" {
        /// The launch failed: nothing else happens in the replication.
        LaunchFailure = "launch_failure";
        /// The spacecraft was launched towards the asteroid.
        Launch = "launch";
        /// The spacecraft reached the asteroid; the survey starts.
        Arrival = "arrival";
    }
    "target" {
        /// The survey is done and the robots start anchoring; quantity: the
        /// ore grade found.
        SurveyDone = "survey_done" in "wt%";
    }
    "anchoring" {
        /// A robot's harpoon holds; quantity: the strength of the site.
        Anchored = "anchored" in "kPa" => Idle;
        /// A harpoon pulled out of ground weaker than its minimum; the robot
        /// moves to another site. Quantity: the strength of the site.
        ShotPulledOut = "shot_pulled_out" in "kPa" => Anchoring;
        /// A harpoon bounced off ground stronger than its maximum; the robot
        /// moves to another site. Quantity: the strength of the site.
        ShotBounced = "shot_bounced" in "kPa" => Anchoring;
        /// A harpoon held but its tether or winch failed; the robot moves
        /// to another site. Quantity: the strength of the site.
        ShotTetherFailed = "shot_tether_failed" in "kPa" => Anchoring;
        /// A robot needs a harpoon and has none left: it stays unanchored
        /// (first anchoring) or stops (re-anchoring).
        OutOfHarpoons = "out_of_harpoons" => Out;
        /// Every robot's first anchoring is resolved; quantity: the robots
        /// anchored.
        AnchoringDone = "anchoring_done" in "count";
        /// The drilling reaction pulled a robot's anchor out after a batch;
        /// it anchors again.
        AnchorPulledOut = "anchor_pulled_out" => Anchoring;
    }
    "mission" {
        /// Enough robots anchored: operations start.
        OperationsStart = "operations_start";
        /// Operations end: nothing more can be produced and no departure is
        /// possible, the last trip left, or the last window closed.
        OperationsEnd = "operations_end";
    }
    "power" {
        /// A robot queues for power; quantity: the drill power it waits for.
        WaitPower = "wait_power" in "kW" => WaitPower;
    }
    "drilling" {
        /// A robot starts a drilling batch (after a dome setup when domes
        /// are used); quantity: the batch mass.
        DrillBatchStart = "batch_start" in "kg" => Drilling;
        /// A robot has cut its batch; quantity: the ore mined, lofted dust
        /// included.
        DrillBatchDone = "batch_done" in "kg" => Idle;
        /// A bit wore out and a spare goes in; quantity: the spares left.
        BitChange = "bit_change" in "spares" => Repair;
        /// A bit wore out with no spare left: the robot stops.
        OutOfBits = "out_of_bits" => Out;
    }
    "fleet" {
        /// A fault destroyed a robot.
        RobotLost = "robot_lost" => Out;
        /// A robot fault is repaired on board; quantity: the repair time.
        FaultOnboardRepair = "fault_onboard_repair" in "h" => Repair;
        /// A robot fault needs the ground, then a repair; quantity: the
        /// ground wait plus the repair time.
        FaultGroundRepair = "fault_ground_repair" in "h" => GroundRepair;
        /// The last working robot was lost or stopped.
        NoWorkingRobot = "no_working_robot";
    }
    "comms" {
        /// A robot or the plant asks the ground; quantity: the hours until
        /// the answer is on board (light time both ways, response, contact
        /// window).
        GroundWait = "ground_wait" in "h";
    }
    "dust" {
        /// Airborne dust passed the hold threshold: cutting pauses; quantity:
        /// the hours until the cloud settles back to the threshold.
        DustHold = "dust_hold" in "h";
        /// The dust hold is over: cutting resumes.
        HoldEnd = "hold_end";
        /// An electrostatic cleaning starts (cutting pauses); quantity: the
        /// fraction of array output it wins back.
        Clean = "clean" in "loss";
    }
    "processing" {
        /// A robot waits for room in the hopper; quantity: the ore still on
        /// board.
        WaitHopper = "wait_hopper" in "kg" => WaitHopper;
        /// The plant takes a batch from the hopper; quantity: its ore mass.
        PlantBatchStart = "batch_start" in "kg" => Processing;
        /// The plant finished a batch; quantity: the product (water or
        /// metal) it yielded.
        PlantBatchDone = "batch_done" in "kg" => Idle;
        /// The plant failed and is being repaired; quantity: the ground wait
        /// (if any) plus the repair time.
        PlantRepair = "plant_repair" in "h" => Repair;
        /// The plant failed beyond repair or with no spare left.
        PlantDead = "plant_dead" => Out;
    }
    "propellant" {
        /// Electrolysis turned water into LOX/LH2; quantity: the mass made.
        LoxLh2Made = "lox_lh2_made" in "kg";
        /// Propellant on hand after a change (boil-off to date included).
        PropellantLevel = "propellant_level" in "kg";
    }
    "return" {
        /// A departure window opens; quantity: its number (from 1).
        WindowOpen = "window_open" in "window";
        /// A departure window closes; quantity: its number (from 1).
        WindowClose = "window_close" in "window";
        /// A return trip leaves; quantity: its cargo.
        Departure = "departure" in "kg";
        /// A return trip was lost on the way; quantity: the cargo lost.
        LostInTransit = "lost_in_transit" in "kg";
        /// A return trip arrived; quantity: the cargo delivered.
        Delivered = "delivered" in "kg";
    }
}

impl EventKind {
    /// The subsystem that handles it (`anchoring`, `drilling`, ...).
    pub fn subsystem(self) -> &'static str {
        self.spec().subsystem
    }

    /// Its name in the trace (`shot_pulled_out`, `batch_done`, ...).
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The unit of its quantity (`kg`, `h`, `kPa`, ...; empty when none).
    pub fn unit(self) -> &'static str {
        self.spec().unit
    }

    /// What its robot or the plant is doing from this event on, if it
    /// changes that.
    pub(crate) fn activity(self) -> Option<Activity> {
        self.spec().activity
    }
}

/// One traced event: when, what, to what, and the quantity that changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceEvent {
    /// Mission time, hours since launch.
    pub time_h: f64,
    /// What it happened to.
    pub entity: Entity,
    /// What happened.
    pub kind: EventKind,
    /// The quantity that matters for this event, in the kind's unit (0 when
    /// none).
    pub quantity: f64,
}

/// A trace row as written to CSV or JSON lines.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TraceRow {
    /// Mission day (whole days since launch).
    pub day: u64,
    /// Hour within that day.
    pub hour: f64,
    /// Subsystem.
    pub subsystem: &'static str,
    /// Entity.
    pub entity: String,
    /// Event kind.
    pub event: &'static str,
    /// Quantity.
    pub quantity: f64,
    /// Unit.
    pub unit: &'static str,
}

impl From<&TraceEvent> for TraceRow {
    fn from(e: &TraceEvent) -> Self {
        let day = hours_to_days(e.time_h).floor();
        Self {
            day: day as u64,
            hour: ((e.time_h - day * HOURS_PER_DAY) * 1e6).round() / 1e6,
            subsystem: e.kind.subsystem(),
            entity: e.entity.to_string(),
            event: e.kind.name(),
            quantity: (e.quantity * 1e6).round() / 1e6,
            unit: e.kind.unit(),
        }
    }
}

/// Receives every traced event of a replication.
pub trait TraceSink {
    /// Records one event.
    fn record(&mut self, event: TraceEvent);
}

impl TraceSink for Vec<TraceEvent> {
    fn record(&mut self, event: TraceEvent) {
        self.push(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_name_is_shared_only_by_drilling_and_plant_batches() {
        for (i, a) in EventKind::ALL.iter().enumerate() {
            for b in &EventKind::ALL[i + 1..] {
                if a.name() == b.name() {
                    assert!(a.subsystem() != b.subsystem(), "{a:?} {b:?}");
                    assert!(a.name().starts_with("batch_"), "{a:?} {b:?}");
                }
            }
        }
        assert_eq!(EventKind::ALL.len(), 38);
    }

    #[test]
    fn a_row_prints_the_kind_declaration() {
        let e = TraceEvent {
            time_h: 50.5,
            entity: Entity::Robot(2),
            kind: EventKind::ShotPulledOut,
            quantity: 1.25,
        };
        let row = TraceRow::from(&e);
        assert_eq!((row.day, row.hour), (2, 2.5));
        assert_eq!(
            (row.subsystem, row.event, row.unit, row.entity.as_str()),
            ("anchoring", "shot_pulled_out", "kPa", "robot 2")
        );
    }
}
