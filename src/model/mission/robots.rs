//! Robots on the mission: harpoon shots, drilling batches, bit changes, faults.

use super::*;

impl Mission<'_> {
    pub(super) fn start_shot(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let robot = &mut self.robots[r as usize];
        if robot.harpoons == 0 {
            return self.out_of_harpoons(r, e);
        }
        robot.harpoons -= 1;
        let mut delay = self.inp.anchoring.attempt_h.sample(&mut robot.anchoring);
        self.m.harpoons_fired += 1.0;
        if self.plan.ground_confirm {
            delay += self.ground_wait(now, Entity::Robot(r + 1));
        }
        e.schedule_in(delay, Ev::Shot(r))?;
        Ok(())
    }

    pub(super) fn on_shot(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let robot = &mut self.robots[r as usize];
        let (u_site, u_tether) = (
            robot.anchoring.random::<f64>(),
            robot.anchoring.random::<f64>(),
        );
        let site = self
            .harpoon
            .site_strength(self.inp.target.surface_strength_kpa, u_site);
        let shot = self.harpoon.shoot(site, u_tether);
        let entity = Entity::Robot(r + 1);
        match shot {
            Shot::Anchored => {
                self.log(now, "anchoring", entity, "anchored", site, "kPa");
                let initial = self.robots[r as usize].phase == Phase::Anchoring;
                self.robots[r as usize].phase = Phase::Idle;
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
                        "shot_pulled_out"
                    }
                    Shot::Bounced => {
                        self.m.harpoon_bounces += 1.0;
                        "shot_bounced"
                    }
                    _ => {
                        self.m.tether_failures += 1.0;
                        "shot_tether_failed"
                    }
                };
                self.log(now, "anchoring", entity, kind, site, "kPa");
                let robot = &mut self.robots[r as usize];
                if robot.harpoons == 0 {
                    self.out_of_harpoons(r, e)
                } else {
                    let delay = self.inp.anchoring.relocate_h.sample(&mut robot.anchoring);
                    e.schedule_in(delay, Ev::Relocated(r))?;
                    Ok(())
                }
            }
        }
    }

    pub(super) fn out_of_harpoons(
        &mut self,
        r: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        let now = e.now();
        self.log(
            now,
            "anchoring",
            Entity::Robot(r + 1),
            "out_of_harpoons",
            0.0,
            "",
        );
        if self.robots[r as usize].phase == Phase::Anchoring {
            self.robots[r as usize].phase = Phase::Unanchored;
            self.anchoring_done_one(e)
        } else {
            self.stop_robot(r, e)
        }
    }

    pub(super) fn anchoring_done_one(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.anchoring_pending -= 1;
        if self.anchoring_pending > 0 {
            return Ok(());
        }
        let now = e.now();
        let anchored = self
            .robots
            .iter()
            .filter(|r| r.phase == Phase::Idle)
            .count() as u32;
        self.m.robots_anchored = f64::from(anchored);
        self.log(
            now,
            "anchoring",
            Entity::Mission,
            "anchoring_done",
            f64::from(anchored),
            "count",
        );
        if anchored < self.plan.min_anchored {
            self.anchoring_failed = true;
            return self.end_ops(now);
        }
        self.ops_started = true;
        self.log(now, "mission", Entity::Mission, "operations_start", 0.0, "");
        self.log_propellant(now);
        if self.plan.mitigation == Mitigation::Electrostatic {
            e.schedule_in(self.inp.dust.clean_every_h, Ev::CleanStart)?;
        }
        self.schedule_first_window(e)?;
        if self.ops_ended {
            return Ok(());
        }
        for r in 0..self.plan.robots {
            let robot = &mut self.robots[r as usize];
            if robot.phase == Phase::Idle {
                robot.bit_left_h = self.inp.drilling.bit_life_h.sample(&mut robot.drilling);
                robot.fault_left_h = exponential(&mut robot.faults, self.inp.fleet.fault_mtbf_h);
                self.try_start(r, e)?;
            }
        }
        Ok(())
    }

    pub(super) fn cutting_allowed(&self) -> bool {
        !self.hold && self.cleaning == 0
    }

    pub(super) fn available_kw(&mut self, now: f64) -> f64 {
        self.cloud.advance(now);
        self.power.output_kw(now, self.cloud.array_loss())
    }

    pub(super) fn try_start(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.ops_ended {
            return Ok(());
        }
        let now = e.now();
        let kw = self.inp.drilling.power_kw;
        let output = self.available_kw(now);
        if self.drill_queue.is_empty()
            && self.priority_queue.is_empty()
            && self.power.fits(kw, output)
        {
            self.power.hold(kw);
            self.start_batch(r, e)
        } else {
            self.robots[r as usize].phase = Phase::WaitPower;
            self.drill_queue.push_back(r);
            self.log(now, "power", Entity::Robot(r + 1), "wait_power", kw, "kW");
            Ok(())
        }
    }

    pub(super) fn start_batch(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        let robot = &mut self.robots[r as usize];
        robot.holds_power = true;
        robot.batch_left_h = self.inp.drilling.batch_kg / self.inp.drilling.rate_kg_h;
        if self.plan.mitigation == Mitigation::Dome {
            robot.phase = Phase::Setup;
            let delay = self.inp.dust.dome_overhead_h.sample(&mut robot.drilling);
            e.schedule_in(delay, Ev::SetupDone(r))?;
        } else {
            self.begin_cut(r, e)?;
        }
        self.log(
            now,
            "drilling",
            Entity::Robot(r + 1),
            "batch_start",
            self.inp.drilling.batch_kg,
            "kg",
        );
        Ok(())
    }

    pub(super) fn begin_cut(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let allowed = self.cutting_allowed();
        let robot = &mut self.robots[r as usize];
        robot.phase = Phase::Cutting;
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
        let robot = &mut self.robots[r as usize];
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
            if let Some(key) = self.robots[r as usize].cut_key.take() {
                e.cancel(key);
                self.accrue_cut(r, now);
            }
        }
    }

    pub(super) fn resume_cutting(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if !self.cutting_allowed() {
            return Ok(());
        }
        for r in 0..self.plan.robots {
            let robot = &self.robots[r as usize];
            if robot.phase == Phase::Cutting && robot.cut_key.is_none() {
                self.begin_cut(r, e)?;
            }
        }
        Ok(())
    }

    pub(super) fn on_cut_end(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.robots[r as usize].cut_key = None;
        self.accrue_cut(r, now);
        match self.robots[r as usize].cut_limit {
            CutLimit::Fault => self.on_fault(r, e),
            CutLimit::Bit => self.on_bit_failure(r, e),
            CutLimit::Batch => self.on_batch_done(r, e),
        }
    }

    pub(super) fn on_fault(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.robot_faults += 1.0;
        let robot = &mut self.robots[r as usize];
        robot.fault_left_h = exponential(&mut robot.faults, self.inp.fleet.fault_mtbf_h);
        let (u_loss, u_auto) = (robot.faults.random::<f64>(), robot.faults.random::<f64>());
        let repair = self.inp.fleet.local_repair_h.sample(&mut robot.faults);
        let entity = Entity::Robot(r + 1);
        match resolve_fault(
            u_loss,
            u_auto,
            self.inp.fleet.fault_loss_prob,
            self.inp.fleet.autonomy,
        ) {
            FaultFix::Lost => {
                self.log(now, "fleet", entity, "robot_lost", 0.0, "");
                self.m.robots_lost += 1.0;
                self.robots[r as usize].phase = Phase::Lost;
                self.release_drill_power(r, e)?;
                self.robot_gone(e)
            }
            FaultFix::OnBoard => {
                self.log(now, "fleet", entity, "fault_onboard_repair", repair, "h");
                self.robots[r as usize].phase = Phase::Down;
                e.schedule_in(repair, Ev::Resume(r))?;
                Ok(())
            }
            FaultFix::Ground => {
                let wait = self.ground_wait(now, entity);
                self.log(
                    now,
                    "fleet",
                    entity,
                    "fault_ground_repair",
                    wait + repair,
                    "h",
                );
                self.robots[r as usize].phase = Phase::Down;
                e.schedule_in(wait + repair, Ev::Resume(r))?;
                Ok(())
            }
        }
    }

    pub(super) fn on_bit_failure(
        &mut self,
        r: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        let now = e.now();
        self.m.bit_failures += 1.0;
        let robot = &mut self.robots[r as usize];
        if robot.spare_bits == 0 {
            self.log(
                now,
                "drilling",
                Entity::Robot(r + 1),
                "out_of_bits",
                0.0,
                "",
            );
            return self.stop_robot(r, e);
        }
        robot.spare_bits -= 1;
        robot.new_bit = true;
        robot.phase = Phase::Down;
        let delay = self.inp.drilling.bit_change_h.sample(&mut robot.drilling);
        let left = f64::from(robot.spare_bits);
        self.log(
            now,
            "drilling",
            Entity::Robot(r + 1),
            "bit_change",
            left,
            "spares",
        );
        e.schedule_in(delay, Ev::Resume(r))?;
        Ok(())
    }

    pub(super) fn on_resume(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        let robot = &mut self.robots[r as usize];
        if robot.new_bit {
            robot.new_bit = false;
            robot.bit_left_h = self.inp.drilling.bit_life_h.sample(&mut robot.drilling);
        }
        self.begin_cut(r, e)
    }

    pub(super) fn on_batch_done(
        &mut self,
        r: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        let now = e.now();
        let batch = self.inp.drilling.batch_kg;
        self.m.ore_mined_kg += batch;
        self.log(
            now,
            "drilling",
            Entity::Robot(r + 1),
            "batch_done",
            batch,
            "kg",
        );
        self.release_drill_power(r, e)?;
        self.loft_dust(batch, e)?;
        let ore = batch * (1.0 - self.inp.dust.lofted_fraction);
        self.robots[r as usize].ore_kg = ore;
        self.robots[r as usize].phase = Phase::WaitHopper;
        self.hopper_queue.push_back(r);
        self.serve_hopper(e)?;
        if self.robots[r as usize].phase == Phase::WaitHopper {
            let left = self.robots[r as usize].ore_kg;
            self.log(
                now,
                "processing",
                Entity::Robot(r + 1),
                "wait_hopper",
                left,
                "kg",
            );
        }
        Ok(())
    }

    /// After a robot has emptied its batch into the hopper: the drilling
    /// reaction may have pulled its anchor out; otherwise the next batch.
    pub(super) fn after_deposit(
        &mut self,
        r: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        let robot = &mut self.robots[r as usize];
        if robot.drilling.random::<f64>() < self.inp.anchoring.pullout_per_batch_prob {
            self.m.anchor_pullouts += 1.0;
            robot.phase = Phase::Reanchoring;
            self.log(
                e.now(),
                "anchoring",
                Entity::Robot(r + 1),
                "anchor_pulled_out",
                0.0,
                "",
            );
            self.start_shot(r, e)
        } else {
            robot.phase = Phase::Idle;
            self.try_start(r, e)
        }
    }

    pub(super) fn release_drill_power(
        &mut self,
        r: u32,
        e: &mut Engine<Ev>,
    ) -> Result<(), ScheduleError> {
        let robot = &mut self.robots[r as usize];
        if robot.holds_power {
            robot.holds_power = false;
            self.power.release(self.inp.drilling.power_kw);
            self.serve_power(e)?;
        }
        Ok(())
    }

    pub(super) fn stop_robot(&mut self, r: u32, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        self.m.robots_stopped += 1.0;
        self.robots[r as usize].phase = Phase::Stopped;
        self.release_drill_power(r, e)?;
        self.robot_gone(e)
    }

    pub(super) fn robot_gone(&mut self, e: &mut Engine<Ev>) -> Result<(), ScheduleError> {
        if self.fleet_dead_h.is_none() && !self.robots.iter().any(Robot::working) {
            self.fleet_dead_h = Some(e.now());
            self.log(
                e.now(),
                "fleet",
                Entity::Mission,
                "no_working_robot",
                0.0,
                "",
            );
        }
        self.check_dead(e)
    }
}
