//! Where the operating time goes: what each robot, the plant and the
//! electrolysis unit spend it on, and the clock that books it.
//! The rules: docs/model.md §Where the time goes.
//!
//! Every state is declared once, in [`time_states!`]: its stage, the metric
//! its hours go to and its label in the report. The mission derives each
//! entity's state from its own phase after every event; a [`Clock`] per
//! entity books the hours since the state last changed.

use super::record::{Metric, Metrics};

/// Declares the states of each stage once: the enum, every state in order,
/// the metric its hours are summed in, and its label in the report.
macro_rules! time_states {
    ($($(#[doc = $sdoc:literal])* $stage:ident {
        $($(#[doc = $doc:literal])* $state:ident => $metric:ident $label:literal,)*
    })*) => {
        $(
            $(#[doc = $sdoc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub enum $stage {
                $($(#[doc = $doc])* $state,)*
            }

            impl $stage {
                /// Every state, in column order.
                pub const ALL: &'static [$stage] = &[$($stage::$state,)*];

                /// The metric its hours are summed in.
                pub fn metric(self) -> Metric {
                    match self {
                        $($stage::$state => Metric::$metric,)*
                    }
                }

                /// Its label in the report.
                pub fn label(self) -> &'static str {
                    match self {
                        $($stage::$state => $label,)*
                    }
                }
            }

            impl TimeState for $stage {
                fn metric(self) -> Metric {
                    $stage::metric(self)
                }

                fn label(self) -> &'static str {
                    $stage::label(self)
                }
            }
        )*
    };
}

/// A state whose hours are summed in one metric.
pub trait TimeState: Copy + PartialEq {
    /// The metric its hours are summed in.
    fn metric(self) -> Metric;

    /// Its label in reports.
    fn label(self) -> &'static str;
}

time_states! {
    /// What a robot spends the operating time on.
    RobotTime {
        /// Cutting a batch (its drill power held, its clocks running).
        Cutting => RobotCuttingH "cutting",
        /// Setting up a dust dome before a batch.
        DomeSetup => RobotDomeSetupH "dome setup",
        /// Waiting for room in the hopper with a finished batch.
        WaitHopper => RobotWaitHopperH "waiting for the hopper",
        /// Waiting for drill power.
        WaitPower => RobotWaitPowerH "waiting for power",
        /// In a batch, paused by a dust hold.
        DustHold => RobotDustHoldH "dust hold",
        /// In a batch, paused by an array cleaning.
        Cleaning => RobotCleaningH "array cleaning",
        /// Repairing a fault or changing a bit.
        Repair => RobotRepairH "repair / bit change",
        /// Waiting for the ground's answer (a fault, or a shot to confirm).
        WaitGround => RobotWaitGroundH "waiting for the ground",
        /// Anchoring again after a pull-out.
        Anchoring => RobotAnchoringH "re-anchoring",
        /// Anchored with nothing under way.
        Idle => RobotIdleH "idle",
        /// Never anchored: out of harpoons in the first anchoring.
        Unanchored => RobotUnanchoredH "never anchored",
        /// Lost to a fault, or stopped for want of bits or harpoons.
        Out => RobotOutH "lost / stopped",
    }
    /// What the plant spends the operating time on.
    PlantTime {
        /// Processing a batch (its power held).
        Processing => PlantProcessingH "processing",
        /// Starved: less than a batch of ore in the hopper.
        Starved => PlantStarvedH "starved of ore",
        /// A batch ready, waiting for power.
        WaitPower => PlantWaitPowerH "waiting for power",
        /// Under repair after a failure.
        Repair => PlantRepairH "repair",
        /// Waiting for the ground's answer before a repair.
        WaitGround => PlantWaitGroundH "waiting for the ground",
        /// Failed beyond repair or with no spare left.
        Dead => PlantDeadH "dead",
    }
    /// What the electrolysis unit spends the operating time on.
    ElectrolysisTime {
        /// Splitting water (its power held).
        Working => ElectrolysisWorkingH "working",
        /// No water to split.
        Idle => ElectrolysisIdleH "idle",
        /// Water to split, waiting for power.
        WaitPower => ElectrolysisWaitPowerH "waiting for power",
    }
}

/// One entity's state since a moment, and an answer from the ground it may
/// be waiting for first. Booking adds the hours since that moment to the
/// state's metric; nothing is allocated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock<S> {
    state: S,
    since: f64,
    /// The ground's answer comes at this hour; until then the time goes to
    /// the given state whatever the entity's own state.
    ground: Option<(f64, S)>,
}

impl<S: TimeState> Clock<S> {
    /// A clock in `state`, booking from hour 0.
    pub(crate) fn new(state: S) -> Self {
        Self {
            state,
            since: 0.0,
            ground: None,
        }
    }

    /// The state its time goes to (the ground's wait aside).
    pub(crate) fn state(&self) -> S {
        self.state
    }

    /// Books nothing before `t`: the operating time starts there.
    pub(crate) fn start(&mut self, t: f64) {
        self.since = t;
    }

    /// Books the hours from the last booking to `t` into `m`: first any
    /// wait for the ground, then the current state.
    pub(crate) fn book(&mut self, t: f64, m: &mut Metrics) {
        if let Some((until, waiting)) = self.ground {
            let end = until.clamp(self.since, t.max(self.since));
            *m.get_mut(waiting.metric()) += end - self.since;
            self.since = end;
            if until <= t {
                self.ground = None;
            }
        }
        *m.get_mut(self.state.metric()) += t - self.since;
        self.since = t;
    }

    /// From `t` on the entity is in `state`.
    pub(crate) fn set(&mut self, t: f64, state: S, m: &mut Metrics) {
        if state != self.state {
            self.book(t, m);
            self.state = state;
        }
    }

    /// From `t` the entity waits `hours` for the ground, booked to
    /// `waiting`, before its own state counts again.
    pub(crate) fn wait_ground(&mut self, t: f64, hours: f64, waiting: S, m: &mut Metrics) {
        self.book(t, m);
        self.ground = Some((t + hours, waiting));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_books_the_ground_wait_first() {
        let mut m = Metrics::default();
        let mut c = Clock::new(RobotTime::Idle);
        c.start(10.0);
        c.set(12.0, RobotTime::Cutting, &mut m);
        c.wait_ground(15.0, 4.0, RobotTime::WaitGround, &mut m);
        c.set(15.0, RobotTime::Repair, &mut m);
        c.book(17.0, &mut m);
        c.set(22.0, RobotTime::Cutting, &mut m);
        c.book(30.0, &mut m);
        assert_eq!(m.robot_idle_h, 2.0);
        assert_eq!(m.robot_cutting_h, 3.0 + 8.0);
        assert_eq!(m.robot_wait_ground_h, 4.0);
        assert_eq!(m.robot_repair_h, 3.0);
    }

    #[test]
    fn every_state_has_its_own_metric() {
        let metrics: Vec<Metric> = RobotTime::ALL
            .iter()
            .map(|s| s.metric())
            .chain(PlantTime::ALL.iter().map(|s| s.metric()))
            .chain(ElectrolysisTime::ALL.iter().map(|s| s.metric()))
            .collect();
        let first = metrics[0].index();
        for (i, m) in metrics.iter().enumerate() {
            assert_eq!(m.index(), first + i, "{m:?} out of column order");
        }
    }
}
