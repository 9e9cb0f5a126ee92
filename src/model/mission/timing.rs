//! Where the operating time goes: each robot's, the plant's and the
//! electrolysis unit's state, derived from their phases after every event
//! and booked by their clocks from the start to the end of operations.
//! The rules: docs/model.md §Where the time goes.

use super::*;
use robots::{Phase, Robot};

impl Mission<'_> {
    /// Operations start at `now`: the clocks book from here.
    pub(super) fn start_clocks(&mut self, now: f64) {
        self.ops.start_h = now;
        for robot in &mut self.fleet.robots {
            robot.clock.start(now);
        }
        self.fleet.touch_all();
        self.plant.clock.start(now);
        self.product.electrolysis_clock.start(now);
    }

    /// Operations end at `now`: every clock books up to here.
    pub(super) fn stop_clocks(&mut self, now: f64) {
        if !self.ops.started {
            return;
        }
        let m = &mut self.m;
        m.operating_h = now - self.ops.start_h;
        for robot in &mut self.fleet.robots {
            robot.clock.book(now, m);
        }
        self.plant.clock.book(now, m);
        self.product.electrolysis_clock.book(now, m);
    }

    /// After an event at `now`: each entity's clock takes the state its
    /// phase now puts it in (nothing changes for an entity whose state is
    /// the same). Robots are looked at only when their phase changed
    /// (`Fleet::set_phase`), the result the same as looking at them all.
    pub(super) fn tally_time(&mut self, now: f64) {
        if !self.ops.started || self.ops.ended {
            return;
        }
        let m = &mut self.m;
        let cutting = cutting_time(&self.site);
        // Only robots whose phase changed can change state (a dust hold or
        // cleaning touches them all): the others' clocks run on.
        self.fleet.drain_touched(|robot| {
            robot.clock.set(now, robot_state(robot, cutting), m);
        });
        debug_assert!(
            self.fleet
                .robots
                .iter()
                .all(|robot| robot.clock.state() == robot_state(robot, cutting)),
            "a robot's phase changed without Fleet::set_phase"
        );
        let plant = plant_time(self.plant.phase);
        self.plant.clock.set(now, plant, m);
        let electrolysis = self.product.electrolysis_time();
        self.product.electrolysis_clock.set(now, electrolysis, m);
    }

    /// A ground intervention for `entity` of `hours` from `now`: its clock
    /// books the wait before its own state (a harpoon shot to confirm, a
    /// fault or a plant failure to fix).
    pub(super) fn clock_ground_wait(&mut self, now: f64, entity: Entity, hours: f64) {
        if !self.ops.started || self.ops.ended {
            return;
        }
        let m = &mut self.m;
        match entity {
            Entity::Robot(n) => self.fleet.robots[(n - 1) as usize].clock.wait_ground(
                now,
                hours,
                RobotTime::WaitGround,
                m,
            ),
            Entity::Plant => self
                .plant
                .clock
                .wait_ground(now, hours, PlantTime::WaitGround, m),
            _ => {}
        }
    }
}

/// What a robot in its batch's cutting phase spends its time on: the dust
/// hold first, then a cleaning, pause the cutting.
fn cutting_time(site: &Site) -> RobotTime {
    if site.hold {
        RobotTime::DustHold
    } else if site.cleaning > 0 {
        RobotTime::Cleaning
    } else {
        RobotTime::Cutting
    }
}

/// What a robot spends its time on: its phase's state, or when cutting
/// the site's `cutting` state.
fn robot_state(robot: &Robot, cutting: RobotTime) -> RobotTime {
    if robot.phase() == Phase::Cutting {
        cutting
    } else {
        ROBOT_TIMES[robot.phase() as usize]
    }
}

/// `robot_time` of every phase, indexed by the phase's discriminant: the
/// scan after every event looks a robot's state up here (a `match` there
/// compiled to an indirect jump per robot).
const ROBOT_TIMES: [RobotTime; Phase::ALL.len()] = {
    let mut times = [RobotTime::Idle; Phase::ALL.len()];
    let mut i = 0;
    while i < Phase::ALL.len() {
        times[Phase::ALL[i] as usize] = robot_time(Phase::ALL[i]);
        i += 1;
    }
    times
};

/// What a robot in `phase` spends its time on, the cutting phase aside
/// (`cutting_time`).
const fn robot_time(phase: Phase) -> RobotTime {
    match phase {
        Phase::Anchoring | Phase::Reanchoring => RobotTime::Anchoring,
        Phase::Idle => RobotTime::Idle,
        Phase::WaitPower => RobotTime::WaitPower,
        Phase::Setup => RobotTime::DomeSetup,
        Phase::Cutting => RobotTime::Cutting,
        Phase::Down => RobotTime::Repair,
        Phase::WaitHopper => RobotTime::WaitHopper,
        Phase::Unanchored => RobotTime::Unanchored,
        Phase::Lost | Phase::Stopped => RobotTime::Out,
    }
}

/// What the plant in `phase` spends its time on: idle means starved, since
/// it takes a batch as soon as the hopper holds one.
fn plant_time(phase: PlantPhase) -> PlantTime {
    match phase {
        PlantPhase::Idle => PlantTime::Starved,
        PlantPhase::WaitPower => PlantTime::WaitPower,
        PlantPhase::Processing => PlantTime::Processing,
        PlantPhase::Repair => PlantTime::Repair,
        PlantPhase::Dead => PlantTime::Dead,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_each_phase_its_state() {
        for (i, &phase) in Phase::ALL.iter().enumerate() {
            assert_eq!(phase as usize, i, "{phase:?} out of order");
            assert_eq!(ROBOT_TIMES[i], robot_time(phase), "{phase:?}");
        }
    }
}
