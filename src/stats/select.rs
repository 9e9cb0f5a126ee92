//! Selecting the system with the largest mean: the fully sequential
//! indifference-zone procedure "KN" of Kim and Nelson, with common random
//! numbers.
//!
//! S.-H. Kim and B. L. Nelson, "A fully sequential procedure for
//! indifference-zone selection in simulation", ACM Transactions on Modeling
//! and Computer Simulation 11(3), 251–273 (2001); the procedure as restated
//! in their "Selecting the best system", Handbooks in Operations Research
//! and Management Science 13, ch. 17 (2006):
//!
//! - Setup: confidence 1 − α with 1/k < 1 − α < 1, indifference zone δ > 0,
//!   first-stage size n₀ ≥ 2, and
//!   η = ½[(2α/(k − 1))^(−2/(n₀ − 1)) − 1], h² = 2η(n₀ − 1).
//! - First stage: n₀ observations of every system, replication j of all
//!   systems on the same random numbers; S²ᵢₗ is the sample variance of the
//!   paired differences Xᵢⱼ − Xₗⱼ over those n₀ (it is never updated).
//! - Screening, at r = n₀ and after each further observation of every
//!   survivor: with Wᵢₗ(r) = max{0, (δ/(2r))(h²S²ᵢₗ/δ² − r)}, system i is
//!   eliminated when X̄ᵢ(r) < X̄ₗ(r) − Wᵢₗ(r) for some other survivor l (all
//!   judged against the survivors before this screening).
//! - Stop when one survivor is left: it is selected. If the best mean is at
//!   least δ above every other, it is the one selected with probability at
//!   least 1 − α (for normal observations; Bonferroni over the k − 1 pairs
//!   makes the bound hold whatever the correlation that common random
//!   numbers induce).
//!
//! Wᵢₗ(r) reaches 0 once r > h²S²ᵢₗ/δ², so the procedure ends by
//! r = max ⌊h²S²ᵢₗ/δ²⌋ + 1 unless two survivors are exactly tied there.

use super::OnlineMoments;

/// How a system left the contest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Elimination {
    /// Observations of the system when it was eliminated.
    pub after: u64,
    /// The survivor that eliminated it (the one ahead by the widest margin).
    pub by: usize,
    /// How far its mean was then below that survivor's.
    pub behind: f64,
}

/// The KN procedure for the largest mean, fed one replication at a time.
#[derive(Debug, Clone)]
pub struct Kn {
    /// Indifference zone δ.
    delta: f64,
    /// The constant h².
    h2: f64,
    /// Number of systems.
    k: usize,
    /// S²ᵢₗ, row-major k × k (the diagonal unused).
    s2: Vec<f64>,
    /// Sum of each system's observations so far.
    sums: Vec<f64>,
    /// Observations of every survivor.
    runs: u64,
    /// How each eliminated system left, in system order.
    fates: Vec<Option<Elimination>>,
    /// Eliminated systems in the order they left.
    order: Vec<usize>,
}

/// h² of KN for `k` systems, confidence `confidence` and `n0` first-stage
/// observations (expm1 keeps η accurate when n₀ is large).
pub fn kn_h2(k: usize, confidence: f64, n0: u64) -> f64 {
    let alpha = 1.0 - confidence;
    let base = 2.0 * alpha / (k as f64 - 1.0);
    let dof = n0 as f64 - 1.0;
    let eta = 0.5 * (-2.0 / dof * base.ln()).exp_m1();
    2.0 * eta * dof
}

/// Why the procedure cannot start with these arguments, if it cannot.
fn check(first_stage: &[Vec<f64>], delta: f64, confidence: f64) -> Result<(), String> {
    let k = first_stage.len();
    if k < 2 {
        return Err(format!("selection needs at least 2 systems, not {k}"));
    }
    let n0 = first_stage[0].len();
    if n0 < 2 || first_stage.iter().any(|v| v.len() != n0) {
        return Err("every system needs the same first stage of at least 2 observations".into());
    }
    if !(delta > 0.0 && delta.is_finite()) {
        return Err(format!(
            "the indifference zone must be positive, not {delta}"
        ));
    }
    let low = 1.0 / k as f64;
    if !(confidence > low && confidence < 1.0) {
        return Err(format!(
            "the confidence must lie between 1/{k} and 1 (exclusive) for {k} systems, not \
             {confidence}"
        ));
    }
    if first_stage.iter().flatten().any(|x| !x.is_finite()) {
        return Err("an observation is not a finite number".into());
    }
    Ok(())
}

impl Kn {
    /// Starts from the first stage (`first_stage[i][j]`: system i in
    /// replication j, every system the same length n₀ ≥ 2, values finite) and
    /// screens once at r = n₀.
    pub fn new(first_stage: &[Vec<f64>], delta: f64, confidence: f64) -> Result<Self, String> {
        check(first_stage, delta, confidence)?;
        let k = first_stage.len();
        let n0 = first_stage[0].len();
        let mut s2 = vec![0.0; k * k];
        for i in 0..k {
            for l in i + 1..k {
                let d: OnlineMoments = (0..n0)
                    .map(|j| first_stage[i][j] - first_stage[l][j])
                    .collect();
                s2[i * k + l] = d.variance();
                s2[l * k + i] = d.variance();
            }
        }
        let mut kn = Self {
            delta,
            h2: kn_h2(k, confidence, n0 as u64),
            k,
            s2,
            sums: first_stage.iter().map(|v| v.iter().sum()).collect(),
            runs: n0 as u64,
            fates: vec![None; k],
            order: Vec::new(),
        };
        kn.screen();
        Ok(kn)
    }

    /// The constant h².
    pub fn h2(&self) -> f64 {
        self.h2
    }

    /// Observations of every survivor so far (r).
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// The systems still in contention, in order.
    pub fn survivors(&self) -> Vec<usize> {
        (0..self.k).filter(|&i| self.fates[i].is_none()).collect()
    }

    /// How system `i` left, or `None` while it survives.
    pub fn fate(&self, i: usize) -> Option<Elimination> {
        self.fates[i]
    }

    /// Eliminated systems in the order they left (those screened out at one
    /// step lowest mean first).
    pub fn eliminated(&self) -> &[usize] {
        &self.order
    }

    /// Observations of system `i`: up to its elimination, or all so far.
    pub fn runs_of(&self, i: usize) -> u64 {
        self.fates[i].map_or(self.runs, |f| f.after)
    }

    /// Mean of system `i` over its observations.
    pub fn mean(&self, i: usize) -> f64 {
        self.sums[i] / self.runs_of(i) as f64
    }

    /// Whether the procedure has ended: one survivor, or survivors whose
    /// first-stage differences were all exactly zero and whose means are
    /// equal (identical in every replication: more runs cannot part them).
    pub fn decided(&self) -> bool {
        let alive = self.survivors();
        alive.len() <= 1
            || alive.iter().all(|&i| {
                alive
                    .iter()
                    .all(|&l| self.s2[i * self.k + l] == 0.0 && self.sums[i] == self.sums[l])
            })
    }

    /// The number of observations by which the survivors are sure to be
    /// parted (unless exactly tied): max ⌊h²S²ᵢₗ/δ²⌋ + 1 over surviving
    /// pairs, at least the observations so far.
    pub fn runs_to_decide(&self) -> u64 {
        let alive = self.survivors();
        let most = alive
            .iter()
            .flat_map(|&i| alive.iter().map(move |&l| (i, l)))
            .map(|(i, l)| (self.h2 * self.s2[i * self.k + l] / (self.delta * self.delta)).floor())
            .fold(0.0, f64::max);
        (most as u64).saturating_add(1).max(self.runs)
    }

    /// Adds one observation (`value(i)`) of every survivor i, then screens.
    pub fn push(&mut self, value: impl Fn(usize) -> f64) {
        for i in self.survivors() {
            self.sums[i] += value(i);
        }
        self.runs += 1;
        self.screen();
    }

    /// Wᵢₗ(r) at the current r.
    fn w(&self, i: usize, l: usize) -> f64 {
        let (r, d) = (self.runs as f64, self.delta);
        (d / (2.0 * r) * (self.h2 * self.s2[i * self.k + l] / (d * d) - r)).max(0.0)
    }

    /// Eliminates every survivor that some other survivor is ahead of by
    /// more than their W, all judged against the survivors before it.
    fn screen(&mut self) {
        let alive = self.survivors();
        let r = self.runs as f64;
        let mut out = Vec::new();
        for &i in &alive {
            let mean_i = self.sums[i] / r;
            // The survivor ahead by the widest margin, if any is ahead by
            // more than W.
            let ahead = alive
                .iter()
                .filter(|&&l| l != i)
                .map(|&l| (l, self.sums[l] / r - mean_i, self.w(i, l)))
                .filter(|&(_, behind, w)| behind > w)
                .max_by(|a, b| (a.1 - a.2).total_cmp(&(b.1 - b.2)));
            if let Some((by, behind, _)) = ahead {
                out.push((
                    i,
                    Elimination {
                        after: self.runs,
                        by,
                        behind,
                    },
                ));
            }
        }
        // Those out at one step leave worst first.
        out.sort_by(|a, b| self.sums[a.0].total_cmp(&self.sums[b.0]));
        for (i, fate) in out {
            self.fates[i] = Some(fate);
            self.order.push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h2_matches_the_closed_form() {
        // k = 2, α = 0.05, n₀ = 10: η = ½(0.1^(−2/9) − 1), h² = 18η.
        let eta: f64 = 0.5 * (0.1f64.powf(-2.0 / 9.0) - 1.0);
        assert!((kn_h2(2, 0.95, 10) - 18.0 * eta).abs() < 1e-12);
        // Large n₀: h² → −2 ln(2α/(k − 1)) = 2 ln 20 for k = 3, α = 0.05.
        let limit = 2.0 * 20.0f64.ln();
        assert!((kn_h2(3, 0.95, 10_000_000) - limit).abs() < 1e-5);
    }

    #[test]
    fn a_clear_case_ends_at_the_first_stage() {
        let first = vec![vec![1.0, 2.0, 3.0], vec![11.0, 12.5, 13.0]];
        // h² = 18 for k = 2, n₀ = 3 (η = ½(0.1⁻¹ − 1) = 4.5).
        assert!((kn_h2(2, 0.95, 3) - 18.0).abs() < 1e-12);
        let kn = Kn::new(&first, 1.0, 0.95).unwrap();
        // S² of the differences 10, 10.5, 10 is 1/12, so h²S²/δ² = 1.5 < r
        // and W = 0: the lower mean goes at once.
        assert!(kn.decided());
        assert_eq!(kn.survivors(), vec![1]);
        let fate = kn.fate(0).unwrap();
        assert_eq!((fate.after, fate.by), (3, 1));
        assert!((fate.behind - 61.0 / 6.0).abs() < 1e-12, "{fate:?}");
        assert_eq!(kn.eliminated(), &[0]);
        assert_eq!((kn.runs_of(0), kn.mean(0)), (3, 2.0));
        assert_eq!(kn.runs_to_decide(), 3);
    }

    #[test]
    fn identical_systems_are_tied_at_once() {
        let a = vec![1.0, 5.0, 2.0];
        let kn = Kn::new(&[a.clone(), a], 0.1, 0.95).unwrap();
        assert!(kn.decided());
        assert_eq!(kn.survivors(), vec![0, 1]);
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        let two = vec![vec![1.0, 2.0], vec![2.0, 1.0]];
        let err = |first: &[Vec<f64>], d: f64, c: f64| Kn::new(first, d, c).unwrap_err();
        assert!(err(&two[..1], 1.0, 0.95).contains("at least 2 systems"));
        assert!(err(&[vec![1.0], vec![2.0]], 1.0, 0.95).contains("at least 2 observations"));
        assert!(err(&two, 0.0, 0.95).contains("must be positive"));
        assert!(err(&two, 1.0, 0.5).contains("between 1/2 and 1"));
        assert!(err(&two, 1.0, 1.0).contains("between 1/2 and 1"));
        assert!(err(&[vec![1.0, f64::NAN], vec![1.0, 2.0]], 1.0, 0.9).contains("finite"));
    }
}
