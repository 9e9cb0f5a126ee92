//! The named random streams of one replication, one per subsystem, so that
//! two scenarios compared on the same replication see the same draws wherever
//! their subsystems agree (common random numbers).
//! The rules: docs/model.md §Random draws.

/// A subsystem that owns its own random stream. The discriminant is the
/// stream id; it is part of the results' identity and must never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u64)]
pub enum Subsystem {
    /// The asteroid's true properties and per-run draws of uncertain inputs.
    World = 0,
    /// Launch success and the outbound flight.
    Launch = 1,
    /// Harpoon shots: site strength, tether failures, relocation.
    Anchoring = 2,
    /// Bit lives, bit changes, anchor pull-outs.
    Drilling = 3,
    /// Robot faults and their repairs.
    Faults = 4,
    /// Ejecta speeds and dust mitigation.
    Dust = 5,
    /// The processing plant's failures and repairs.
    Plant = 6,
    /// Ground response times.
    Comms = 7,
    /// Return flights and losses in transit.
    Transit = 8,
}

impl Subsystem {
    /// Every subsystem, in stream-id order.
    pub const ALL: [Subsystem; 9] = [
        Subsystem::World,
        Subsystem::Launch,
        Subsystem::Anchoring,
        Subsystem::Drilling,
        Subsystem::Faults,
        Subsystem::Dust,
        Subsystem::Plant,
        Subsystem::Comms,
        Subsystem::Transit,
    ];
}

impl Subsystem {
    /// The stream of entity `entity` (robot, trip) within this subsystem, so
    /// that robot 3's draws do not shift when the fleet size changes.
    pub fn entity(self, entity: u32) -> u64 {
        ((self as u64) << 32) | u64::from(entity)
    }
}

impl From<Subsystem> for u64 {
    fn from(s: Subsystem) -> u64 {
        s as u64
    }
}
