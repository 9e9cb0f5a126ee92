//! Harpoon anchoring: what one shot does at a site of a given strength.
//! The rules: docs/model.md §Anchoring.

use crate::stats::std_normal_quantile;

/// The result of one harpoon shot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shot {
    /// The harpoon holds and the robot is anchored.
    Anchored,
    /// Ground weaker than `min_strength_kpa`: the harpoon pulls out.
    PulledOut,
    /// Ground stronger than `max_strength_kpa`: the harpoon bounces off.
    Bounced,
    /// The harpoon holds but the tether or winch fails.
    TetherFailed,
}

/// The harpoon's strength window and reliability for one replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Harpoon {
    /// Weakest ground that holds, kPa.
    pub min_strength_kpa: f64,
    /// Strongest ground it penetrates, kPa.
    pub max_strength_kpa: f64,
    /// Sigma of the lognormal site factor.
    pub site_sigma: f64,
    /// Probability the tether or winch fails on a shot that holds.
    pub tether_failure_prob: f64,
}

impl Harpoon {
    /// Strength of a site on ground of mean strength `strength_kpa`, for the
    /// uniform `u_site` (a lognormal factor with median 1).
    pub fn site_strength(&self, strength_kpa: f64, u_site: f64) -> f64 {
        if self.site_sigma == 0.0 {
            return strength_kpa;
        }
        let p = u_site.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
        strength_kpa * (self.site_sigma * std_normal_quantile(p)).exp()
    }

    /// The result of a shot into a site of strength `site_kpa`, with the
    /// uniform `u_tether` deciding the tether.
    pub fn shoot(&self, site_kpa: f64, u_tether: f64) -> Shot {
        if site_kpa < self.min_strength_kpa {
            Shot::PulledOut
        } else if site_kpa > self.max_strength_kpa {
            Shot::Bounced
        } else if u_tether < self.tether_failure_prob {
            Shot::TetherFailed
        } else {
            Shot::Anchored
        }
    }
}
