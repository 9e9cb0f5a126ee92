//! Robots on the mission: harpoon shots, drilling batches, bit changes, faults.
//! The rules: docs/model.md §Anchoring, §Drilling and §Robot faults.

use super::*;
use crate::model::anchoring::{Harpoon, Shot};

/// Declares the robot's phases once: the enum and the list of all of them
/// in declaration order (so a phase's discriminant is its index there).
macro_rules! phases {
    ($($phase:ident,)*) => {
        /// What a robot is doing.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(super) enum Phase {
            $($phase,)*
        }

        impl Phase {
            /// Every phase, in declaration order.
            pub(super) const ALL: &'static [Phase] = &[$(Phase::$phase,)*];
        }
    };
}

phases! {
    Anchoring,
    Reanchoring,
    Idle,
    WaitPower,
    Setup,
    Cutting,
    Down,
    WaitHopper,
    Unanchored,
    Lost,
    Stopped,
}

/// What ends a robot's current cut first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CutLimit {
    Batch,
    Bit,
    Fault,
}

#[derive(Debug)]
pub(super) struct Robot {
    /// Changed only by `Fleet::set_phase`, which tells the time accounting.
    phase: Phase,
    harpoons: u32,
    spare_bits: u32,
    holds_power: bool,
    batch_left_h: f64,
    bit_left_h: f64,
    fault_left_h: f64,
    new_bit: bool,
    cut_since_h: f64,
    cut_key: Option<EventKey>,
    cut_limit: CutLimit,
    pub(super) ore_kg: f64,
    /// Where its operating time goes.
    pub(super) clock: Clock<RobotTime>,
}

impl Fleet {
    /// Robot `r` is in `phase` from now on; the time accounting looks at
    /// it after the event (`tally_time`).
    pub(super) fn set_phase(&mut self, r: u32, phase: Phase) {
        self.robots[r as usize].phase = phase;
        self.touched[r as usize / 64] |= 1 << (r % 64);
    }

    /// Every robot's time state may have changed: operations start, or a
    /// dust hold or cleaning starts or ends.
    pub(super) fn touch_all(&mut self) {
        let n = self.robots.len();
        for (w, word) in self.touched.iter_mut().enumerate() {
            let in_word = (n - 64 * w).min(64);
            *word = u64::MAX >> (64 - in_word);
        }
    }

    /// Hands each robot whose phase changed since the last call to `f`, in
    /// index order, and forgets them.
    pub(super) fn drain_touched(&mut self, mut f: impl FnMut(&mut Robot)) {
        for (w, word) in self.touched.iter_mut().enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                f(&mut self.robots[64 * w + bits.trailing_zeros() as usize]);
                bits &= bits - 1;
            }
        }
    }
}

/// A robot's random streams, kept apart from its state: the state is what
/// every event scans (time accounting, whether any robot works), and the
/// streams' buffers would spread it over many cache lines.
#[derive(Debug)]
pub(super) struct RobotStreams {
    anchoring: StreamRng,
    drilling: StreamRng,
    faults: StreamRng,
}

impl Robot {
    /// What it is doing.
    pub(super) fn phase(&self) -> Phase {
        self.phase
    }

    fn working(&self) -> bool {
        !matches!(self.phase, Phase::Lost | Phase::Stopped | Phase::Unanchored)
    }
}

/// The robots, their harpoons, and how the fleet's anchoring went.
#[derive(Debug)]
pub(super) struct Fleet {
    pub(super) robots: Vec<Robot>,
    /// Each robot's random streams, by robot.
    streams: Vec<RobotStreams>,
    harpoon: Harpoon,
    /// Robots whose first anchoring is not resolved yet.
    anchoring_pending: u32,
    /// Fewer robots anchored than the minimum.
    pub(super) anchoring_failed: bool,
    /// When the last working robot was lost or stopped.
    pub(super) dead_h: Option<f64>,
    /// Robots whose phase changed since the time accounting last looked,
    /// a bit per robot.
    touched: Vec<u64>,
}

impl Fleet {
    pub(super) fn new(s: &Scenario, plan: &Plan, inp: &RunInputs, streams: &Streams) -> Self {
        let robots = (0..plan.robots)
            .map(|_| Robot {
                phase: Phase::Anchoring,
                harpoons: *s.anchoring.harpoons_per_robot.get_ref(),
                spare_bits: *s.drilling.spare_bits.get_ref(),
                holds_power: false,
                batch_left_h: 0.0,
                bit_left_h: 0.0,
                fault_left_h: 0.0,
                new_bit: false,
                cut_since_h: 0.0,
                cut_key: None,
                cut_limit: CutLimit::Batch,
                ore_kg: 0.0,
                clock: Clock::new(RobotTime::Idle),
            })
            .collect();
        let robot_streams = (0..plan.robots)
            .map(|r| RobotStreams {
                anchoring: streams.stream(Subsystem::Anchoring.entity(r)),
                drilling: streams.stream(Subsystem::Drilling.entity(r)),
                faults: streams.stream(Subsystem::Faults.entity(r)),
            })
            .collect();
        Self {
            robots,
            streams: robot_streams,
            harpoon: Harpoon {
                min_strength_kpa: inp.anchoring.min_strength_kpa,
                max_strength_kpa: inp.anchoring.max_strength_kpa,
                site_sigma: inp.anchoring.site_variability_sigma,
                tether_failure_prob: inp.anchoring.tether_failure_prob,
            },
            anchoring_pending: plan.robots,
            touched: vec![0; (plan.robots as usize).div_ceil(64)],
            anchoring_failed: false,
            dead_h: None,
        }
    }

    pub(super) fn any_working(&self) -> bool {
        self.robots.iter().any(Robot::working)
    }

    /// Ore still on board the robots, kg.
    pub(super) fn ore_on_board_kg(&self) -> f64 {
        self.robots.iter().map(|r| r.ore_kg).sum::<f64>()
    }
}

impl Mission<'_> {
    pub(super) fn start_shot(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let robot = &mut self.fleet.robots[r as usize];
        if robot.harpoons == 0 {
            return self.out_of_harpoons(r, e);
        }
        robot.harpoons -= 1;
        let mut delay = self
            .inp
            .anchoring
            .attempt_h
            .sample(&mut self.fleet.streams[r as usize].anchoring);
        self.m.harpoons_fired += 1.0;
        if self.plan.ground_confirm {
            delay += self.ground_wait(now, Entity::Robot(r + 1));
        }
        e.schedule_in(delay, Ev::Shot(r))?;
        Ok(())
    }

    pub(super) fn on_shot(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let stream = &mut self.fleet.streams[r as usize].anchoring;
        let (u_site, u_tether) = (stream.random::<f64>(), stream.random::<f64>());
        let harpoon = &self.fleet.harpoon;
        let site = harpoon.site_strength(self.inp.target.surface_strength_kpa, u_site);
        let shot = harpoon.shoot(site, u_tether);
        let entity = Entity::Robot(r + 1);
        match shot {
            Shot::Anchored => {
                self.log(now, entity, EventKind::Anchored, site);
                let initial = self.fleet.robots[r as usize].phase == Phase::Anchoring;
                self.fleet.set_phase(r, Phase::Idle);
                if initial {
                    self.anchoring_done_one(e)
                } else {
                    self.try_start(r, e)
                }
            }
            miss => {
                let kind = match miss {
                    Shot::PulledOut => {
                        self.m.harpoon_pullouts += 1.0;
                        EventKind::ShotPulledOut
                    }
                    Shot::Bounced => {
                        self.m.harpoon_bounces += 1.0;
                        EventKind::ShotBounced
                    }
                    _ => {
                        self.m.tether_failures += 1.0;
                        EventKind::ShotTetherFailed
                    }
                };
                self.log(now, entity, kind, site);
                let robot = &mut self.fleet.robots[r as usize];
                if robot.harpoons == 0 {
                    self.out_of_harpoons(r, e)
                } else {
                    let delay = self
                        .inp
                        .anchoring
                        .relocate_h
                        .sample(&mut self.fleet.streams[r as usize].anchoring);
                    e.schedule_in(delay, Ev::Relocated(r))?;
                    Ok(())
                }
            }
        }
    }

    pub(super) fn out_of_harpoons(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        self.mark(now, Entity::Robot(r + 1), EventKind::OutOfHarpoons);
        if self.fleet.robots[r as usize].phase == Phase::Anchoring {
            self.fleet.set_phase(r, Phase::Unanchored);
            self.anchoring_done_one(e)
        } else {
            self.stop_robot(r, e)
        }
    }

    pub(super) fn anchoring_done_one(&mut self, e: &mut Engine<Ev>) -> Step {
        self.fleet.anchoring_pending -= 1;
        if self.fleet.anchoring_pending > 0 {
            return Ok(());
        }
        let now = e.now();
        let anchored = self
            .fleet
            .robots
            .iter()
            .filter(|r| r.phase == Phase::Idle)
            .count() as u32;
        self.m.robots_anchored = f64::from(anchored);
        self.log(
            now,
            Entity::Mission,
            EventKind::AnchoringDone,
            f64::from(anchored),
        );
        if anchored < self.plan.min_anchored {
            self.fleet.anchoring_failed = true;
            return self.end_ops(now);
        }
        self.ops.started = true;
        self.start_clocks(now);
        self.mark(now, Entity::Mission, EventKind::OperationsStart);
        self.log_propellant(now);
        if self.plan.mitigation == Mitigation::Electrostatic {
            e.schedule_in(self.inp.dust.clean_every_h, Ev::CleanStart)?;
        }
        self.schedule_first_window(e)?;
        if self.ops.ended {
            return Ok(());
        }
        for r in 0..self.plan.robots {
            let robot = &mut self.fleet.robots[r as usize];
            if robot.phase == Phase::Idle {
                robot.bit_left_h = self
                    .inp
                    .drilling
                    .bit_life_h
                    .sample(&mut self.fleet.streams[r as usize].drilling);
                robot.fault_left_h = exponential(
                    &mut self.fleet.streams[r as usize].faults,
                    self.inp.fleet.fault_mtbf_h,
                );
                self.try_start(r, e)?;
            }
        }
        Ok(())
    }

    pub(super) fn try_start(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        if self.ops.ended {
            return Ok(());
        }
        let now = e.now();
        let kw = self.inp.drilling.power_kw;
        // The array's output matters only when nobody waits ahead.
        if self.site.drill_queue.is_empty()
            && self.site.priority_queue.is_empty()
            && self.power_fits(kw, now)
        {
            self.site.power.hold(kw);
            self.start_batch(r, e)
        } else {
            self.fleet.set_phase(r, Phase::WaitPower);
            self.site.drill_queue.push_back(r);
            self.log(now, Entity::Robot(r + 1), EventKind::WaitPower, kw);
            Ok(())
        }
    }

    pub(super) fn start_batch(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let robot = &mut self.fleet.robots[r as usize];
        robot.holds_power = true;
        robot.batch_left_h = self.inp.drilling.batch_kg / self.inp.drilling.rate_kg_h;
        if self.plan.mitigation == Mitigation::Dome {
            self.fleet.set_phase(r, Phase::Setup);
            let delay = self
                .inp
                .dust
                .dome_overhead_h
                .sample(&mut self.fleet.streams[r as usize].drilling);
            e.schedule_in(delay, Ev::SetupDone(r))?;
        } else {
            self.begin_cut(r, e)?;
        }
        self.log(
            now,
            Entity::Robot(r + 1),
            EventKind::DrillBatchStart,
            self.inp.drilling.batch_kg,
        );
        Ok(())
    }

    pub(super) fn begin_cut(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let allowed = self.site.cutting_allowed();
        self.fleet.set_phase(r, Phase::Cutting);
        let robot = &mut self.fleet.robots[r as usize];
        if !allowed {
            return Ok(());
        }
        robot.cut_since_h = e.now();
        let (limit, hours) = [
            (CutLimit::Fault, robot.fault_left_h),
            (CutLimit::Bit, robot.bit_left_h),
            (CutLimit::Batch, robot.batch_left_h),
        ]
        .into_iter()
        .fold((CutLimit::Batch, f64::INFINITY), |best, c| {
            if c.1 < best.1 { c } else { best }
        });
        robot.cut_limit = limit;
        robot.cut_key = Some(e.schedule_in(hours.max(0.0), Ev::CutEnd(r))?);
        Ok(())
    }

    pub(super) fn accrue_cut(&mut self, r: u32, now: f64) {
        let robot = &mut self.fleet.robots[r as usize];
        let dt = now - robot.cut_since_h;
        robot.cut_since_h = now;
        robot.batch_left_h -= dt;
        robot.bit_left_h -= dt;
        robot.fault_left_h -= dt;
        self.m.energy_kwh += self.inp.drilling.power_kw * dt;
    }

    pub(super) fn pause_cutting(&mut self, e: &mut Engine<Ev>) {
        let now = e.now();
        for r in 0..self.plan.robots {
            // A cut key is cleared when its event fires, so it is pending.
            if let Some(key) = self.fleet.robots[r as usize].cut_key.take() {
                e.cancel_pending(key);
                self.accrue_cut(r, now);
            }
        }
    }

    pub(super) fn resume_cutting(&mut self, e: &mut Engine<Ev>) -> Step {
        if !self.site.cutting_allowed() {
            return Ok(());
        }
        for r in 0..self.plan.robots {
            let robot = &self.fleet.robots[r as usize];
            if robot.phase == Phase::Cutting && robot.cut_key.is_none() {
                self.begin_cut(r, e)?;
            }
        }
        Ok(())
    }

    pub(super) fn on_cut_end(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        self.fleet.robots[r as usize].cut_key = None;
        self.accrue_cut(r, now);
        match self.fleet.robots[r as usize].cut_limit {
            CutLimit::Fault => self.on_fault(r, e),
            CutLimit::Bit => self.on_bit_failure(r, e),
            CutLimit::Batch => self.on_batch_done(r, e),
        }
    }

    pub(super) fn on_fault(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        self.m.robot_faults += 1.0;
        let robot = &mut self.fleet.robots[r as usize];
        robot.fault_left_h = exponential(
            &mut self.fleet.streams[r as usize].faults,
            self.inp.fleet.fault_mtbf_h,
        );
        let (u_loss, u_auto) = (
            self.fleet.streams[r as usize].faults.random::<f64>(),
            self.fleet.streams[r as usize].faults.random::<f64>(),
        );
        let repair = self
            .inp
            .fleet
            .local_repair_h
            .sample(&mut self.fleet.streams[r as usize].faults);
        let entity = Entity::Robot(r + 1);
        match resolve_fault(
            u_loss,
            u_auto,
            self.inp.fleet.fault_loss_prob,
            self.inp.fleet.autonomy,
        ) {
            FaultFix::Lost => {
                self.mark(now, entity, EventKind::RobotLost);
                self.m.robots_lost += 1.0;
                self.fleet.set_phase(r, Phase::Lost);
                self.release_drill_power(r, e)?;
                self.robot_gone(e)
            }
            FaultFix::OnBoard => {
                self.log(now, entity, EventKind::FaultOnboardRepair, repair);
                self.fleet.set_phase(r, Phase::Down);
                e.schedule_in(repair, Ev::Resume(r))?;
                Ok(())
            }
            FaultFix::Ground => {
                let wait = self.ground_wait(now, entity);
                self.log(now, entity, EventKind::FaultGroundRepair, wait + repair);
                self.fleet.set_phase(r, Phase::Down);
                e.schedule_in(wait + repair, Ev::Resume(r))?;
                Ok(())
            }
        }
    }

    pub(super) fn on_bit_failure(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        self.m.bit_failures += 1.0;
        let robot = &mut self.fleet.robots[r as usize];
        if robot.spare_bits == 0 {
            self.mark(now, Entity::Robot(r + 1), EventKind::OutOfBits);
            return self.stop_robot(r, e);
        }
        robot.spare_bits -= 1;
        robot.new_bit = true;
        let left = f64::from(robot.spare_bits);
        self.fleet.set_phase(r, Phase::Down);
        let delay = self
            .inp
            .drilling
            .bit_change_h
            .sample(&mut self.fleet.streams[r as usize].drilling);
        self.log(now, Entity::Robot(r + 1), EventKind::BitChange, left);
        e.schedule_in(delay, Ev::Resume(r))?;
        Ok(())
    }

    pub(super) fn on_resume(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let robot = &mut self.fleet.robots[r as usize];
        if robot.new_bit {
            robot.new_bit = false;
            robot.bit_left_h = self
                .inp
                .drilling
                .bit_life_h
                .sample(&mut self.fleet.streams[r as usize].drilling);
        }
        self.begin_cut(r, e)
    }

    pub(super) fn on_batch_done(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let now = e.now();
        let batch = self.inp.drilling.batch_kg;
        self.m.ore_mined_kg += batch;
        self.log(now, Entity::Robot(r + 1), EventKind::DrillBatchDone, batch);
        self.release_drill_power(r, e)?;
        self.loft_dust(batch, e)?;
        let ore = batch * (1.0 - self.inp.dust.lofted_fraction);
        self.fleet.robots[r as usize].ore_kg = ore;
        self.fleet.set_phase(r, Phase::WaitHopper);
        self.plant.hopper_queue.push_back(r);
        self.serve_hopper(e)?;
        if self.fleet.robots[r as usize].phase == Phase::WaitHopper {
            let left = self.fleet.robots[r as usize].ore_kg;
            self.log(now, Entity::Robot(r + 1), EventKind::WaitHopper, left);
        }
        Ok(())
    }

    /// After a robot has emptied its batch into the hopper: the drilling
    /// reaction may have pulled its anchor out; otherwise the next batch.
    pub(super) fn after_deposit(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        if self.fleet.streams[r as usize].drilling.random::<f64>()
            < self.inp.anchoring.pullout_per_batch_prob
        {
            self.m.anchor_pullouts += 1.0;
            self.fleet.set_phase(r, Phase::Reanchoring);
            self.mark(e.now(), Entity::Robot(r + 1), EventKind::AnchorPulledOut);
            self.start_shot(r, e)
        } else {
            self.fleet.set_phase(r, Phase::Idle);
            self.try_start(r, e)
        }
    }

    pub(super) fn release_drill_power(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        let robot = &mut self.fleet.robots[r as usize];
        if robot.holds_power {
            robot.holds_power = false;
            self.site.power.release(self.inp.drilling.power_kw);
            self.serve_power(e)?;
        }
        Ok(())
    }

    pub(super) fn stop_robot(&mut self, r: u32, e: &mut Engine<Ev>) -> Step {
        self.m.robots_stopped += 1.0;
        self.fleet.set_phase(r, Phase::Stopped);
        self.release_drill_power(r, e)?;
        self.robot_gone(e)
    }

    pub(super) fn robot_gone(&mut self, e: &mut Engine<Ev>) -> Step {
        if self.fleet.dead_h.is_none() && !self.fleet.robots.iter().any(Robot::working) {
            self.fleet.dead_h = Some(e.now());
            self.mark(e.now(), Entity::Mission, EventKind::NoWorkingRobot);
        }
        self.check_dead(e)
    }
}
