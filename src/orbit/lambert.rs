//! Lambert's problem — the orbit from `r1` to `r2` in a given time — behind
//! one function, [`transfer`], so the solver (the `lambert_izzo` crate, Izzo
//! 2014) can be swapped without touching its callers.
//!
//! Only prograde arcs are returned: those whose angular momentum `r1 × v1`
//! points along +z of the ecliptic, the sense in which the Earth and the
//! near-Earth asteroids orbit. "Short way" is not the same thing: the short
//! arc is retrograde whenever `r2` lies clockwise of `r1`.

use super::vec3::{Vec3, cross};
use lambert_izzo::{LambertInput, RevolutionBudget, TransferWay};

/// The largest revolution count a transfer may ask for.
pub const MAX_REVOLUTIONS: u32 = 32;

/// Which solution of a given revolution count an arc is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// Less than one revolution (the single solution of 0 revolutions).
    Direct,
    /// The multi-revolution solution with the longer period (lower energy
    /// side of the time-of-flight curve).
    LongPeriod,
    /// The multi-revolution solution with the shorter period.
    ShortPeriod,
}

/// One prograde solution: velocities at departure and arrival, in the units
/// of the inputs (position unit per time unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arc {
    /// Velocity at `r1`.
    pub v1: [f64; 3],
    /// Velocity at `r2`.
    pub v2: [f64; 3],
    /// Complete revolutions before arrival.
    pub revolutions: u32,
    /// Which solution of that revolution count.
    pub branch: Branch,
}

/// Why a Lambert problem has no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LambertError {
    /// `r1` and `r2` are colinear: the transfer plane is undefined.
    #[error(
        "r1 and r2 are colinear (sine of the transfer angle {sin_angle:.1e}): the transfer plane is undefined; a transfer needs positions that are not on one line through the centre"
    )]
    Colinear {
        /// The sine of the angle between `r1` and `r2`.
        sin_angle: f64,
    },
    /// An input out of range: positions non-zero and finite, time of flight
    /// and gravitational parameter positive and finite, revolutions ≤ 32.
    #[error("invalid Lambert problem: {0}")]
    Input(String),
    /// The solver did not converge or returned a non-finite velocity.
    #[error("the Lambert solver failed: {0}")]
    Solver(String),
}

/// The prograde arcs from `r1` to `r2` in time `tof` under gravitational
/// parameter `mu`, with 0 to `revs` complete revolutions (each multi-revolution
/// count that the time allows gives up to two arcs). Any consistent units.
/// `Ok` with no arc when the transfer plane holds the z axis (no prograde
/// sense); colinear positions are [`LambertError::Colinear`], never NaN.
pub fn transfer(
    r1: Vec3,
    r2: Vec3,
    tof: f64,
    mu: f64,
    revs: u32,
) -> Result<Vec<Arc>, LambertError> {
    let revolutions = match revs {
        0 => RevolutionBudget::SingleOnly,
        n => RevolutionBudget::try_up_to(n).map_err(|_| {
            LambertError::Input(format!(
                "revolutions = {n} is out of range: 0 to {MAX_REVOLUTIONS}"
            ))
        })?,
    };
    // The crate's short arc turns about r1 × r2, its long arc the other way:
    // ask for the one that can turn about +z, then check each arc's own
    // angular momentum, which is what defines prograde.
    let way = if cross(r1, r2)[2] >= 0.0 {
        TransferWay::Short
    } else {
        TransferWay::Long
    };
    let input = LambertInput {
        r1,
        r2,
        tof,
        mu,
        way,
        revolutions,
    };
    let solutions = lambert_izzo::lambert(&input).map_err(from_crate)?;
    let mut arcs = vec![Arc {
        v1: solutions.single.v1,
        v2: solutions.single.v2,
        revolutions: 0,
        branch: Branch::Direct,
    }];
    for pair in solutions.multi.iter() {
        let m = pair.n_revs.get();
        for (sol, branch) in [
            (pair.long_period, Branch::LongPeriod),
            (pair.short_period, Branch::ShortPeriod),
        ] {
            arcs.push(Arc {
                v1: sol.v1,
                v2: sol.v2,
                revolutions: m,
                branch,
            });
        }
    }
    if arcs
        .iter()
        .any(|a| a.v1.iter().chain(&a.v2).any(|x| !x.is_finite()))
    {
        return Err(LambertError::Solver(
            "a velocity came out non-finite".into(),
        ));
    }
    arcs.retain(|a| cross(r1, a.v1)[2] > 0.0);
    Ok(arcs)
}

/// The crate's error, in this module's terms.
fn from_crate(e: lambert_izzo::LambertError) -> LambertError {
    use lambert_izzo::LambertError as E;
    match e {
        E::CollinearGeometry { sin_angle } => LambertError::Colinear { sin_angle },
        E::NoConvergence { .. } | E::SingularDenominator { .. } => {
            LambertError::Solver(e.to_string())
        }
        other => LambertError::Input(other.to_string()),
    }
}
