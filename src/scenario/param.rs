//! Uncertain parameters: a plain number or one of eight distribution tables,
//! with the checks on their own parameters, their support, and a sampler.

use crate::stats::{std_normal_cdf, std_normal_quantile};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::ops::Range;
use toml::Spanned;

/// Shows a number as a scenario author would write it: plainly in the
/// usual range, in exponent form when very large or very small (`1e300`,
/// not 301 digits).
pub fn show_number(x: f64) -> String {
    let a = x.abs();
    if x != 0.0 && a.is_finite() && !(1e-4..1e9).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// The largest magnitude any number in a scenario may have: far beyond
/// every physical quantity and price here, and small enough that the
/// products and sums of a few such numbers stay finite.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Shape parameters of a beta distribution must lie in this range, where
/// its inverse is accurate and monotone (checked on a grid of shapes).
pub const BETA_SHAPES: (f64, f64) = (0.5, 1000.0);

/// Shape of a Weibull distribution must lie in this range.
pub const WEIBULL_SHAPES: (f64, f64) = (0.1, 100.0);

/// The largest uniform number a random stream produces (53-bit floats in
/// [0, 1)): quantiles beyond it are never drawn.
pub const MAX_UNIFORM: f64 = 1.0 - f64::EPSILON / 2.0;

/// A numeric scenario value: fixed, or drawn from a distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    dist: Dist,
    span: Range<usize>,
    absent: bool,
}

/// The placeholder of an optional key left out of the file; parsing
/// replaces it with the key's declared default straight away.
impl Default for Param {
    fn default() -> Self {
        Self {
            dist: Dist::Fixed(f64::NAN),
            span: 0..0,
            absent: true,
        }
    }
}

/// The value of a [`Param`]: a number or a distribution's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// A plain number.
    Fixed(f64),
    /// `{ uniform = [lo, hi] }`.
    Uniform {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
    /// `{ triangular = [min, mode, max] }`.
    Triangular {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// `{ pert = [min, mode, max] }` (beta-PERT, shape 4).
    Pert {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// `{ normal = { mean, sd, min?, max? } }`, truncated to the bounds given.
    Normal {
        /// Mean before truncation.
        mean: f64,
        /// Standard deviation before truncation.
        sd: f64,
        /// Optional lower bound.
        min: Option<f64>,
        /// Optional upper bound.
        max: Option<f64>,
    },
    /// `{ lognormal = { median, sigma, min?, max? } }`: ln X ~ N(ln median, sigma).
    LogNormal {
        /// Median before truncation.
        median: f64,
        /// Standard deviation of ln X.
        sigma: f64,
        /// Optional lower bound.
        min: Option<f64>,
        /// Optional upper bound.
        max: Option<f64>,
    },
    /// `{ weibull = { shape, scale } }`.
    Weibull {
        /// Shape k.
        shape: f64,
        /// Scale λ.
        scale: f64,
    },
    /// `{ exponential = { mean } }`.
    Exponential {
        /// Mean.
        mean: f64,
    },
    /// `{ beta = { alpha, beta } }` on [0, 1].
    Beta {
        /// First shape parameter.
        alpha: f64,
        /// Second shape parameter.
        beta: f64,
    },
}

/// The closed hull `[low, high]` of the values a [`Dist`] can produce.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Support {
    /// Smallest value, or −∞.
    pub low: f64,
    /// Largest value, or +∞.
    pub high: f64,
    /// Whether `low` itself is never produced (lognormal, Weibull at zero).
    pub low_open: bool,
}

impl Param {
    /// A fixed value with no source location (for values built in code).
    pub fn fixed(value: f64) -> Self {
        Self::from_dist(Dist::Fixed(value))
    }

    /// A parameter from a distribution, with no source location.
    pub fn from_dist(dist: Dist) -> Self {
        Self {
            dist,
            span: 0..0,
            absent: false,
        }
    }

    /// Whether the key was left out of the file (before its default is
    /// filled in).
    pub(crate) fn is_absent(&self) -> bool {
        self.absent
    }

    /// The value or distribution.
    pub fn dist(&self) -> &Dist {
        &self.dist
    }

    /// Byte range of the value in the scenario file.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The fixed value, if the parameter is not a distribution.
    pub fn as_fixed(&self) -> Option<f64> {
        match self.dist {
            Dist::Fixed(v) => Some(v),
            _ => None,
        }
    }

    /// The value of a setting key: a plain number for the whole batch, as
    /// validation requires of settings (NaN if it were a distribution).
    pub fn setting(&self) -> f64 {
        self.as_fixed().unwrap_or(f64::NAN)
    }
}

impl Dist {
    /// Every number written in the value, for the finiteness check.
    pub fn numbers(&self) -> impl Iterator<Item = f64> {
        let (array, len): ([f64; 4], usize) = match *self {
            Dist::Fixed(v) => ([v, 0.0, 0.0, 0.0], 1),
            Dist::Uniform { lo, hi } => ([lo, hi, 0.0, 0.0], 2),
            Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
                ([min, mode, max, 0.0], 3)
            }
            Dist::Normal { mean, sd, min, max } => {
                ([mean, sd, min.unwrap_or(0.0), max.unwrap_or(0.0)], 4)
            }
            Dist::LogNormal {
                median,
                sigma,
                min,
                max,
            } => ([median, sigma, min.unwrap_or(0.0), max.unwrap_or(0.0)], 4),
            Dist::Weibull { shape, scale } => ([shape, scale, 0.0, 0.0], 2),
            Dist::Exponential { mean } => ([mean, 0.0, 0.0, 0.0], 1),
            Dist::Beta { alpha, beta } => ([alpha, beta, 0.0, 0.0], 2),
        };
        array.into_iter().take(len)
    }

    /// The distribution of `factor`·X (`factor` > 0): every location and
    /// scale parameter and bound multiplied, shapes kept, so each quantile
    /// is multiplied by `factor`. A beta lives on [0, 1] and cannot be
    /// scaled: `None`.
    pub fn scaled(&self, factor: f64) -> Option<Dist> {
        let c = |x: f64| x * factor;
        let b = |x: Option<f64>| x.map(c);
        Some(match *self {
            Dist::Fixed(v) => Dist::Fixed(c(v)),
            Dist::Uniform { lo, hi } => Dist::Uniform {
                lo: c(lo),
                hi: c(hi),
            },
            Dist::Triangular { min, mode, max } => Dist::Triangular {
                min: c(min),
                mode: c(mode),
                max: c(max),
            },
            Dist::Pert { min, mode, max } => Dist::Pert {
                min: c(min),
                mode: c(mode),
                max: c(max),
            },
            Dist::Normal { mean, sd, min, max } => Dist::Normal {
                mean: c(mean),
                sd: c(sd),
                min: b(min),
                max: b(max),
            },
            Dist::LogNormal {
                median,
                sigma,
                min,
                max,
            } => Dist::LogNormal {
                median: c(median),
                sigma,
                min: b(min),
                max: b(max),
            },
            Dist::Weibull { shape, scale } => Dist::Weibull {
                shape,
                scale: c(scale),
            },
            Dist::Exponential { mean } => Dist::Exponential { mean: c(mean) },
            Dist::Beta { .. } => return None,
        })
    }

    /// Problems with the distribution's own parameters (assuming every
    /// number is finite), each as a sentence saying what is valid.
    pub fn parameter_errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        if self.numbers().any(|x| x.abs() > MAX_MAGNITUDE) {
            errors.push(format!(
                "numbers in a scenario are limited to {} in size",
                show_number(MAX_MAGNITUDE)
            ));
            return errors;
        }
        let mut need = |ok: bool, msg: &str| {
            if !ok {
                errors.push(msg.to_owned());
            }
        };
        let within = |x: f64, (lo, hi): (f64, f64)| (lo..=hi).contains(&x);
        match *self {
            Dist::Fixed(_) => {}
            Dist::Uniform { lo, hi } => need(
                lo < hi,
                "uniform = [lo, hi] needs lo < hi (write a plain number for a fixed value)",
            ),
            Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
                need(
                    min <= mode && mode <= max,
                    "[min, mode, max] needs min ≤ mode ≤ max",
                );
                need(
                    min < max,
                    "[min, mode, max] needs min < max (write a plain number for a fixed value)",
                );
            }
            Dist::Normal { sd, min, max, .. } => {
                need(sd > 0.0, "normal needs sd > 0");
                bounds_errors(min, max, &mut need);
            }
            Dist::LogNormal {
                median,
                sigma,
                min,
                max,
            } => {
                need(median > 0.0, "lognormal needs median > 0");
                need(sigma > 0.0, "lognormal needs sigma > 0");
                bounds_errors(min, max, &mut need);
            }
            Dist::Weibull { shape, scale } => {
                need(
                    within(shape, WEIBULL_SHAPES),
                    "weibull needs a shape from 0.1 to 100",
                );
                need(scale > 0.0, "weibull needs scale > 0");
            }
            Dist::Exponential { mean } => need(mean > 0.0, "exponential needs mean > 0"),
            Dist::Beta { alpha, beta } => {
                need(
                    within(alpha, BETA_SHAPES),
                    "beta needs alpha from 0.5 to 1000",
                );
                need(
                    within(beta, BETA_SHAPES),
                    "beta needs beta from 0.5 to 1000",
                );
            }
        }
        if errors.is_empty()
            && let Some(mass) = self.truncated_mass()
            && mass < MIN_TRUNCATED_MASS
        {
            errors.push(format!(
                "min/max keep only {mass:.1e} of the distribution's probability; \
                 bounds must keep at least {MIN_TRUNCATED_MASS:.0e}"
            ));
        }
        errors
    }

    /// The hull of the values this distribution can produce.
    pub fn support(&self) -> Support {
        let closed = |low: f64, high: f64| Support {
            low,
            high,
            low_open: false,
        };
        let open_at_zero = |min: Option<f64>, max: Option<f64>| Support {
            low: min.map_or(0.0, |m| m.max(0.0)),
            high: max.unwrap_or(f64::INFINITY),
            low_open: min.is_none_or(|m| m <= 0.0),
        };
        match *self {
            Dist::Fixed(v) => closed(v, v),
            Dist::Uniform { lo, hi } => closed(lo, hi),
            Dist::Triangular { min, max, .. } | Dist::Pert { min, max, .. } => closed(min, max),
            Dist::Normal { min, max, .. } => closed(
                min.unwrap_or(f64::NEG_INFINITY),
                max.unwrap_or(f64::INFINITY),
            ),
            Dist::LogNormal { min, max, .. } => open_at_zero(min, max),
            Dist::Weibull { .. } | Dist::Exponential { .. } => open_at_zero(None, None),
            Dist::Beta { .. } => closed(0.0, 1.0),
        }
    }

    /// The smallest and largest values a random stream can actually draw:
    /// the quantiles of 0 and of the largest uniform, which stay finite
    /// where the support does not.
    pub fn drawable(&self) -> (f64, f64) {
        let s = self.sampler();
        (s.quantile(0.0), s.quantile(MAX_UNIFORM))
    }

    /// The probability a truncated normal or lognormal keeps inside its
    /// bounds; `None` for the other forms.
    fn truncated_mass(&self) -> Option<f64> {
        let (lo, hi) = self.normal_window()?;
        Some(std_normal_cdf(hi) - std_normal_cdf(lo))
    }

    /// For a normal or lognormal: the bounds in standard-normal units.
    fn normal_window(&self) -> Option<(f64, f64)> {
        let (mu, sd, min, max) = match *self {
            Dist::Normal { mean, sd, min, max } => (mean, sd, min, max),
            Dist::LogNormal {
                median,
                sigma,
                min,
                max,
            } => (
                median.ln(),
                sigma,
                min.map(|m| if m > 0.0 { m.ln() } else { f64::NEG_INFINITY }),
                max.map(f64::ln),
            ),
            _ => return None,
        };
        let z = |x: Option<f64>, default: f64| x.map_or(default, |x| (x - mu) / sd);
        Some((z(min, f64::NEG_INFINITY), z(max, f64::INFINITY)))
    }

    /// A sampler for this distribution. Its draws are meaningful only when
    /// [`Dist::parameter_errors`] is empty, as it is for every parameter of a
    /// validated scenario.
    pub fn sampler(&self) -> Sampler {
        let full = (f64::NEG_INFINITY, f64::INFINITY);
        let kind = match *self {
            Dist::Fixed(v) => SamplerKind::Fixed(v),
            Dist::Uniform { lo, hi } => SamplerKind::Uniform { lo, width: hi - lo },
            Dist::Triangular { min, mode, max } => SamplerKind::Triangular { min, mode, max },
            Dist::Pert { min, mode, max } => {
                // Beta-PERT with shape 4: min + (max − min)·Beta(α, β).
                let range = max - min;
                SamplerKind::ScaledBeta {
                    alpha: 1.0 + 4.0 * (mode - min) / range,
                    beta: 1.0 + 4.0 * (max - mode) / range,
                    min,
                    range,
                }
            }
            Dist::Normal { mean, sd, min, max }
            | Dist::LogNormal {
                median: mean,
                sigma: sd,
                min,
                max,
            } => {
                let log = matches!(self, Dist::LogNormal { .. });
                let (lo, hi) = self.normal_window().unwrap_or(full);
                SamplerKind::TruncNormal {
                    min: min.unwrap_or(f64::NEG_INFINITY),
                    max: max.unwrap_or(f64::INFINITY),
                    mu: if log { mean.ln() } else { mean },
                    sd,
                    cdf_lo: std_normal_cdf(lo),
                    cdf_hi: std_normal_cdf(hi),
                    z_lo: lo,
                    z_hi: hi,
                    log,
                }
            }
            Dist::Weibull { shape, scale } => SamplerKind::Weibull { shape, scale },
            Dist::Exponential { mean } => SamplerKind::Exponential { mean },
            Dist::Beta { alpha, beta } => SamplerKind::ScaledBeta {
                alpha,
                beta,
                min: 0.0,
                range: 1.0,
            },
        };
        Sampler { kind }
    }
}

/// The sampler of a per-event key's distribution multiplied by `scale`
/// for one replication ([`Dist::scaled`]); 1 (and a beta, which cannot be
/// scaled) keeps the distribution as written.
pub fn event_sampler(dist: &Dist, scale: f64) -> Sampler {
    if scale == 1.0 {
        return dist.sampler();
    }
    dist.scaled(scale).unwrap_or(*dist).sampler()
}

/// The smallest probability that truncation bounds may keep.
const MIN_TRUNCATED_MASS: f64 = 1e-6;

fn bounds_errors(min: Option<f64>, max: Option<f64>, need: &mut impl FnMut(bool, &str)) {
    if let (Some(lo), Some(hi)) = (min, max) {
        need(lo < hi, "min must be below max");
    }
}

/// Draws values of one [`Dist`] by inversion: every draw is the quantile of
/// one uniform number, so each draw consumes exactly one value of its stream
/// whatever the form, which keeps common random numbers aligned between
/// scenarios and lets per-run inputs be stratified later.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sampler {
    kind: SamplerKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum SamplerKind {
    Fixed(f64),
    Uniform {
        lo: f64,
        width: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// min + range·Beta(alpha, beta): PERT and beta.
    ScaledBeta {
        alpha: f64,
        beta: f64,
        min: f64,
        range: f64,
    },
    /// Normal (or lognormal when `log`) truncated to (cdf_lo, cdf_hi) in
    /// probability: x = mu + sd·Φ⁻¹(cdf_lo + u·(cdf_hi − cdf_lo)).
    TruncNormal {
        /// The bounds themselves, which rounding must not step outside.
        min: f64,
        max: f64,
        mu: f64,
        sd: f64,
        cdf_lo: f64,
        cdf_hi: f64,
        z_lo: f64,
        z_hi: f64,
        log: bool,
    },
    Weibull {
        shape: f64,
        scale: f64,
    },
    Exponential {
        mean: f64,
    },
}

impl Sampler {
    /// The value at cumulative probability `u` (clamped into [0, 1]).
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self.kind {
            SamplerKind::Fixed(v) => v,
            SamplerKind::Uniform { lo, width } => lo + u * width,
            SamplerKind::Triangular { min, mode, max } => {
                let split = (mode - min) / (max - min);
                if u < split {
                    min + (u * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
                }
            }
            SamplerKind::ScaledBeta {
                alpha,
                beta,
                min,
                range,
            } => min + range * beta_quantile(alpha, beta, u),
            SamplerKind::TruncNormal {
                min,
                max,
                mu,
                sd,
                cdf_lo,
                cdf_hi,
                z_lo,
                z_hi,
                log,
            } => {
                let p = (cdf_lo + u * (cdf_hi - cdf_lo))
                    .clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
                // Clamping z keeps rounding from stepping outside the bounds.
                let x = mu + sd * std_normal_quantile(p).clamp(z_lo, z_hi);
                // exp(ln bound) and mu + sd·z may round past a bound.
                (if log { x.exp() } else { x }).clamp(min, max)
            }
            SamplerKind::Weibull { shape, scale } => scale * (-(-u).ln_1p()).powf(1.0 / shape),
            SamplerKind::Exponential { mean } => -mean * (-u).ln_1p(),
        }
    }
}

impl Sampler {
    /// F(x): the probability that a draw is at most `x`. A test of a draw
    /// against a fixed level needs no quantile: `quantile(u) > x` exactly
    /// when `u > F(x)` (or always, when F(x) = 0), up to rounding at the
    /// boundary itself — see [`Sampler::exceeds`].
    pub fn cdf(&self, x: f64) -> f64 {
        match self.kind {
            SamplerKind::Fixed(v) => f64::from(u8::from(x >= v)),
            SamplerKind::Uniform { lo, width } if width > 0.0 => ((x - lo) / width).clamp(0.0, 1.0),
            SamplerKind::Uniform { lo, .. } => f64::from(u8::from(x >= lo)),
            SamplerKind::Triangular { min, mode, max } => {
                if x <= min {
                    0.0
                } else if x >= max {
                    1.0
                } else if x < mode {
                    (x - min) * (x - min) / ((max - min) * (mode - min))
                } else {
                    1.0 - (max - x) * (max - x) / ((max - min) * (max - mode))
                }
            }
            SamplerKind::ScaledBeta {
                alpha,
                beta,
                min,
                range,
            } => {
                let t = (x - min) / range;
                if t <= 0.0 {
                    0.0
                } else if t >= 1.0 {
                    1.0
                } else {
                    statrs::function::beta::beta_reg(alpha, beta, t)
                }
            }
            SamplerKind::TruncNormal {
                min,
                max,
                mu,
                sd,
                cdf_lo,
                cdf_hi,
                z_lo,
                z_hi,
                log,
            } => {
                if x < min || (log && x <= 0.0) {
                    return 0.0;
                }
                if x >= max {
                    return 1.0;
                }
                let z = ((if log { x.ln() } else { x }) - mu) / sd;
                let p = std_normal_cdf(z.clamp(z_lo, z_hi));
                ((p - cdf_lo) / (cdf_hi - cdf_lo)).clamp(0.0, 1.0)
            }
            SamplerKind::Weibull { shape, scale } if x > 0.0 => {
                -(-(x / scale).powf(shape)).exp_m1()
            }
            SamplerKind::Exponential { mean } if x > 0.0 => -(-x / mean).exp_m1(),
            SamplerKind::Weibull { .. } | SamplerKind::Exponential { .. } => 0.0,
        }
    }

    /// Whether the draw at uniform `u` exceeds the level whose
    /// [`Sampler::cdf`] is `at_most`: `quantile(u) > level` without the
    /// quantile.
    pub fn exceeds(u: f64, at_most: f64) -> bool {
        at_most == 0.0 || u > at_most
    }
}

/// The u-quantile of Beta(a, b) on [0, 1].
///
/// statrs' inverse is not monotone in the tails (for a < 1 it is wrong by
/// orders of magnitude below u ≈ 1e-10) and panics for tiny u, so this
/// uses the closed forms where a or b is 1 and otherwise bisects over the
/// ordered floats for the smallest x with I_x(a, b) ≥ u: monotone in u by
/// construction, exact to the float, and bounded at 64 evaluations.
fn beta_quantile(a: f64, b: f64, u: f64) -> f64 {
    use statrs::function::beta::beta_reg;
    if u <= 0.0 {
        return 0.0;
    }
    if u >= 1.0 {
        return 1.0;
    }
    if a == 1.0 {
        // I_x(1, b) = 1 − (1 − x)^b.
        return -((-u).ln_1p() / b).exp_m1();
    }
    if b == 1.0 {
        // I_x(a, 1) = x^a.
        return (u.ln() / a).exp();
    }
    // Non-negative floats order as their bit patterns.
    let (mut lo, mut hi) = (0u64, 1.0f64.to_bits());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if beta_reg(a, b, f64::from_bits(mid)) >= u {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    f64::from_bits(hi)
}

impl rand_distr::Distribution<f64> for Sampler {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        use rand::RngExt;
        // [0, 1): 53 random bits; u = 0 maps to the lower end of the support.
        self.quantile(rng.random::<f64>())
    }
}

impl fmt::Display for Dist {
    /// The value as it would be written in a scenario file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = show_number;
        let bounds = |f: &mut fmt::Formatter<'_>, min: Option<f64>, max: Option<f64>| {
            if let Some(m) = min {
                write!(f, ", min = {}", n(m))?;
            }
            if let Some(m) = max {
                write!(f, ", max = {}", n(m))?;
            }
            Ok(())
        };
        match *self {
            Dist::Fixed(v) => write!(f, "{}", n(v)),
            Dist::Uniform { lo, hi } => write!(f, "{{ uniform = [{}, {}] }}", n(lo), n(hi)),
            Dist::Triangular { min, mode, max } => {
                write!(
                    f,
                    "{{ triangular = [{}, {}, {}] }}",
                    n(min),
                    n(mode),
                    n(max)
                )
            }
            Dist::Pert { min, mode, max } => {
                write!(f, "{{ pert = [{}, {}, {}] }}", n(min), n(mode), n(max))
            }
            Dist::Normal { mean, sd, min, max } => {
                write!(f, "{{ normal = {{ mean = {}, sd = {}", n(mean), n(sd))?;
                bounds(f, min, max)?;
                write!(f, " }} }}")
            }
            Dist::LogNormal {
                median,
                sigma,
                min,
                max,
            } => {
                write!(
                    f,
                    "{{ lognormal = {{ median = {}, sigma = {}",
                    n(median),
                    n(sigma)
                )?;
                bounds(f, min, max)?;
                write!(f, " }} }}")
            }
            Dist::Weibull { shape, scale } => {
                write!(
                    f,
                    "{{ weibull = {{ shape = {}, scale = {} }} }}",
                    n(shape),
                    n(scale)
                )
            }
            Dist::Exponential { mean } => {
                write!(f, "{{ exponential = {{ mean = {} }} }}", n(mean))
            }
            Dist::Beta { alpha, beta } => {
                write!(
                    f,
                    "{{ beta = {{ alpha = {}, beta = {} }} }}",
                    n(alpha),
                    n(beta)
                )
            }
        }
    }
}

// ---- deserialization -------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormalSpec {
    mean: f64,
    sd: f64,
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LogNormalSpec {
    median: f64,
    sigma: f64,
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeibullSpec {
    shape: f64,
    scale: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExponentialSpec {
    mean: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BetaSpec {
    alpha: f64,
    beta: f64,
}

/// How one distribution is written in a file: the key naming it and its
/// parameters. [`DIST_FORMS`] lists every one; messages and the JSON Schema
/// are made from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DistForm {
    /// The key naming the distribution (`uniform`).
    pub name: &'static str,
    /// Its parameters.
    pub params: FormParams,
}

/// The parameters of a [`DistForm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormParams {
    /// A list of numbers, in this order: `[min, mode, max]`.
    List(&'static [&'static str]),
    /// A table of named numbers.
    Table {
        /// The parameters it must have.
        required: &'static [&'static str],
        /// The parameters it may have.
        optional: &'static [&'static str],
    },
}

/// Every distribution a number may be drawn from.
pub const DIST_FORMS: [DistForm; 8] = [
    list_form("uniform", &["lo", "hi"]),
    list_form("triangular", &["min", "mode", "max"]),
    list_form("pert", &["min", "mode", "max"]),
    table_form("normal", &["mean", "sd"], &["min", "max"]),
    table_form("lognormal", &["median", "sigma"], &["min", "max"]),
    table_form("weibull", &["shape", "scale"], &[]),
    table_form("exponential", &["mean"], &[]),
    table_form("beta", &["alpha", "beta"], &[]),
];

const fn list_form(name: &'static str, params: &'static [&'static str]) -> DistForm {
    DistForm {
        name,
        params: FormParams::List(params),
    }
}

const fn table_form(
    name: &'static str,
    required: &'static [&'static str],
    optional: &'static [&'static str],
) -> DistForm {
    DistForm {
        name,
        params: FormParams::Table { required, optional },
    }
}

impl DistForm {
    /// How it is written, every parameter named: `{ uniform = [lo, hi] }`,
    /// `{ normal = { mean = …, sd = …, min = …, max = … } } (min and max
    /// optional)`.
    pub fn written(&self) -> String {
        match self.params {
            FormParams::List(_) => self.outline(),
            FormParams::Table { required, optional } => {
                let names: Vec<String> = required
                    .iter()
                    .chain(optional)
                    .map(|p| format!("{p} = …"))
                    .collect();
                let optional = if optional.is_empty() {
                    String::new()
                } else {
                    format!(" ({} optional)", optional.join(" and "))
                };
                format!("{{ {} = {{ {} }} }}{optional}", self.name, names.join(", "))
            }
        }
    }

    /// Its outline, required parameters only: `{ uniform = [lo, hi] }`,
    /// `{ normal = { mean, sd } }`.
    pub fn outline(&self) -> String {
        match self.params {
            FormParams::List(params) => format!("{{ {} = [{}] }}", self.name, params.join(", ")),
            FormParams::Table { required, .. } => {
                format!("{{ {} = {{ {} }} }}", self.name, required.join(", "))
            }
        }
    }
}

/// The distribution named `name` with parameters `value`, or a message
/// saying how that distribution is written.
fn dist_from(name: &str, value: toml::Value) -> Result<Dist, String> {
    let form = DIST_FORMS.iter().find(|f| f.name == name).ok_or_else(|| {
        let names: Vec<&str> = DIST_FORMS.iter().map(|f| f.name).collect();
        format!(
            "unknown distribution `{name}`; the distributions are {}",
            names.join(", ")
        )
    })?;
    let expected = |what: &str| format!("`{name}` takes {what}: write {}", form.written());
    match form.params {
        FormParams::List(params) => list_dist(name, params.len(), &value, expected),
        FormParams::Table { .. } if value.is_table() => table_dist(name, value)
            .map_err(|e| format!("{}; {}", e.message().trim_end(), expected("a table"))),
        FormParams::Table { .. } => Err(expected("a table")),
    }
}

/// A distribution written as a list of numbers.
fn list_dist(
    name: &str,
    n: usize,
    value: &toml::Value,
    expected: impl Fn(&str) -> String,
) -> Result<Dist, String> {
    let bad = || expected(&format!("a list of {n} numbers"));
    let list = value.as_array().filter(|a| a.len() == n).ok_or_else(bad)?;
    let v = list
        .iter()
        .map(|v| {
            v.as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .ok_or_else(bad)
        })
        .collect::<Result<Vec<f64>, String>>()?;
    Ok(match name {
        "uniform" => Dist::Uniform { lo: v[0], hi: v[1] },
        "pert" => Dist::Pert {
            min: v[0],
            mode: v[1],
            max: v[2],
        },
        _ => Dist::Triangular {
            min: v[0],
            mode: v[1],
            max: v[2],
        },
    })
}

/// A distribution written as a table of named parameters.
fn table_dist(name: &str, value: toml::Value) -> Result<Dist, toml::de::Error> {
    Ok(match name {
        "normal" => {
            let s = NormalSpec::deserialize(value)?;
            Dist::Normal {
                mean: s.mean,
                sd: s.sd,
                min: s.min,
                max: s.max,
            }
        }
        "lognormal" => {
            let s = LogNormalSpec::deserialize(value)?;
            Dist::LogNormal {
                median: s.median,
                sigma: s.sigma,
                min: s.min,
                max: s.max,
            }
        }
        "weibull" => {
            let s = WeibullSpec::deserialize(value)?;
            Dist::Weibull {
                shape: s.shape,
                scale: s.scale,
            }
        }
        "exponential" => Dist::Exponential {
            mean: ExponentialSpec::deserialize(value)?.mean,
        },
        _ => {
            let s = BetaSpec::deserialize(value)?;
            Dist::Beta {
                alpha: s.alpha,
                beta: s.beta,
            }
        }
    })
}

struct DistVisitor;

impl<'de> Visitor<'de> for DistVisitor {
    type Value = Dist;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let forms: Vec<String> = DIST_FORMS.iter().map(DistForm::outline).collect();
        write!(f, "a number or a distribution table: {}", forms.join(", "))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dist, E> {
        Ok(Dist::Fixed(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dist, E> {
        Ok(Dist::Fixed(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dist, E> {
        Ok(Dist::Fixed(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dist, A::Error> {
        let Some(name) = map.next_key::<String>()? else {
            return Err(de::Error::custom(
                "an empty table names no distribution; write a number or e.g. \
                 { uniform = [lo, hi] }",
            ));
        };
        if name.starts_with("$__toml") {
            return Err(de::Error::custom(
                "a date or time is not a number here; write a number or a distribution table",
            ));
        }
        let value: toml::Value = map.next_value()?;
        let dist = dist_from(&name, value).map_err(de::Error::custom)?;
        if map.next_key::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(
                "a distribution table names exactly one distribution, e.g. { uniform = [lo, hi] }",
            ));
        }
        Ok(dist)
    }
}

impl<'de> Deserialize<'de> for Dist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DistVisitor)
    }
}

impl<'de> Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Dist>::deserialize(d)?;
        Ok(Self {
            span: spanned.span(),
            dist: spanned.into_inner(),
            absent: false,
        })
    }
}
