//! Robot faults: how a fault ends.
//! The rules: docs/model.md §Robot faults.

/// What a robot fault leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultFix {
    /// The robot is destroyed.
    Lost,
    /// Fixed on board in `local_repair_h`.
    OnBoard,
    /// Needs a ground intervention, then `local_repair_h`.
    Ground,
}

/// Resolves a fault from two uniforms: destroyed with `loss_prob`, else
/// fixed on board with probability `autonomy`, else by the ground.
pub fn resolve_fault(u_loss: f64, u_autonomy: f64, loss_prob: f64, autonomy: f64) -> FaultFix {
    if u_loss < loss_prob {
        FaultFix::Lost
    } else if u_autonomy < autonomy {
        FaultFix::OnBoard
    } else {
        FaultFix::Ground
    }
}
