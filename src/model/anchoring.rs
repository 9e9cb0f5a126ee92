//! Harpoon anchoring: what one shot does at a site of a given strength.
//! The rules: docs/model.md §Anchoring.

use crate::stats::{std_normal_cdf, std_normal_quantile};

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

    /// Probability that one shot anchors on ground of mean strength
    /// `strength_kpa`: the site's lognormal strength falls in the window and
    /// the tether holds.
    pub fn anchor_probability(&self, strength_kpa: f64) -> f64 {
        let in_window = if self.site_sigma == 0.0 {
            let inside = (self.min_strength_kpa..=self.max_strength_kpa).contains(&strength_kpa);
            f64::from(u8::from(inside))
        } else {
            let z = |kpa: f64| (kpa / strength_kpa).ln() / self.site_sigma;
            std_normal_cdf(z(self.max_strength_kpa)) - std_normal_cdf(z(self.min_strength_kpa))
        };
        in_window * (1.0 - self.tether_failure_prob)
    }

    /// Probability that at least `needed` of `robots` robots anchor, each
    /// with `harpoons` independent shots, on ground of mean strength
    /// `strength_kpa` (docs/model.md §Anchoring).
    pub fn fleet_anchor_probability(
        &self,
        strength_kpa: f64,
        harpoons: u32,
        robots: u32,
        needed: u32,
    ) -> f64 {
        use statrs::distribution::{Binomial, DiscreteCDF};
        if needed == 0 {
            return 1.0;
        }
        let p = self.anchor_probability(strength_kpa);
        let robot = 1.0 - (1.0 - p).powf(f64::from(harpoons));
        Binomial::new(robot.clamp(0.0, 1.0), u64::from(robots))
            .map_or(0.0, |b| b.sf(u64::from(needed - 1)))
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
