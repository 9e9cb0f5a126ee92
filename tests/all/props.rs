//! Property tests: samplers monotone and inside their support, shard ranges
//! tiling a batch, and the engine's event order against a reference model.

use astromine::batch::Shard;
use astromine::engine::{Engine, EventKey, Model, ScheduleError};
use astromine::scenario::{Dist, Sampler};
use proptest::prelude::*;

/// The smallest positive uniform a stream yields (53 random bits).
const U_MIN: f64 = 1.0 / (1u64 << 53) as f64;

/// Uniform numbers as streams yield them ([0, 1) in steps of 2⁻⁵³), biased
/// to the ends where quantile functions break first, plus 1 itself.
fn unit() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..1.0_f64,
        1 => (1..1_000_000_u64).prop_map(|k| k as f64 * U_MIN),
        1 => (1..1_000_000_u64).prop_map(|k| 1.0 - k as f64 * U_MIN),
        1 => (0..=53_i32).prop_map(|k| 2.0_f64.powi(-k)),
        1 => (1..=53_i32).prop_map(|k| 1.0 - 2.0_f64.powi(-k)),
        1 => Just(0.0),
        1 => Just(1.0),
    ]
}

/// A positive number spread over many orders of magnitude, 10^lo to 10^hi.
fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> + Clone {
    (lo..hi).prop_map(|e| 10.0_f64.powf(e))
}

/// Optional truncation bounds `(min, max)` around `centre` with `scale`.
fn bounds(centre: f64, scale: f64) -> impl Strategy<Value = (Option<f64>, Option<f64>)> {
    (
        proptest::option::of(-3.0..1.0_f64),
        proptest::option::of(-1.0..3.0_f64),
    )
        .prop_map(move |(lo, hi)| {
            let lo = lo.map(|z| centre + z * scale);
            let hi = hi.map(|z| centre + z * scale);
            match (lo, hi) {
                (Some(l), Some(h)) if l >= h => (Some(l), None),
                b => b,
            }
        })
}

/// Every one of the eight distribution forms with valid parameters (beta
/// with shapes 0.5 to 50 here; the extreme shapes have their own test).
fn dist() -> impl Strategy<Value = Dist> {
    let three = (-1e3..1e3_f64, 0.0..1.0_f64, log_uniform(-3.0, 3.0));
    prop_oneof![
        (-1e3..1e3_f64, log_uniform(-6.0, 3.0))
            .prop_map(|(lo, w)| Dist::Uniform { lo, hi: lo + w }),
        three.clone().prop_map(|(min, f, w)| Dist::Triangular {
            min,
            mode: min + f * w,
            max: min + w
        }),
        three.prop_map(|(min, f, w)| Dist::Pert {
            min,
            mode: min + f * w,
            max: min + w
        }),
        (-1e3..1e3_f64, log_uniform(-3.0, 2.0))
            .prop_flat_map(|(mean, sd)| (Just(mean), Just(sd), bounds(mean, sd)))
            .prop_map(|(mean, sd, (min, max))| Dist::Normal { mean, sd, min, max }),
        (log_uniform(-3.0, 3.0), 0.05..3.0_f64)
            .prop_flat_map(|(median, sigma)| (Just(median), Just(sigma), bounds(median, median)))
            .prop_map(|(median, sigma, (min, max))| Dist::LogNormal {
                median,
                sigma,
                min: min.map(|m| m.max(median * 1e-3)),
                max,
            }),
        (log_uniform(-1.0, 1.0), log_uniform(-2.0, 4.0))
            .prop_map(|(shape, scale)| Dist::Weibull { shape, scale }),
        log_uniform(-3.0, 4.0).prop_map(|mean| Dist::Exponential { mean }),
        (log_uniform(-0.3, 1.7), log_uniform(-0.3, 1.7))
            .prop_map(|(alpha, beta)| Dist::Beta { alpha, beta }),
    ]
    .prop_filter("valid parameters", |d| d.parameter_errors().is_empty())
}

/// Beta over every shape a scenario accepts (0.5 to 1000): U-shaped,
/// J-shaped and very peaked.
fn beta() -> impl Strategy<Value = Dist> {
    (log_uniform(-0.302, 3.0), log_uniform(-0.302, 3.0))
        .prop_map(|(alpha, beta)| Dist::Beta { alpha, beta })
}

/// Checks `dist`'s quantiles at `us`: never NaN, ordered as the uniforms
/// are, and inside the support, both up to `ulps` units in the last place
/// of rounding (0 for the exact property).
fn check_quantiles(dist: &Dist, mut us: Vec<f64>, ulps: f64) -> Result<(), TestCaseError> {
    us.sort_by(f64::total_cmp);
    let sampler = dist.sampler();
    let support = dist.support();
    let slack = |x: f64| {
        if ulps == 0.0 {
            0.0
        } else {
            ulps * f64::EPSILON * x.abs()
        }
    };
    let mut last = f64::NEG_INFINITY;
    for u in us {
        let x = sampler.quantile(u);
        prop_assert!(!x.is_nan(), "{dist}: quantile({u}) is NaN");
        prop_assert!(
            support.low - slack(support.low) <= x && x <= support.high + slack(support.high),
            "{dist}: quantile({u}) = {x} outside [{}, {}]",
            support.low,
            support.high
        );
        prop_assert!(
            x >= last || x >= last - slack(last),
            "{dist}: quantile({u}) = {x} < {last} at a smaller u"
        );
        last = last.max(x);
    }
    Ok(())
}

/// Rounding tolerated: none. Every sampler is exactly monotone and stays
/// inside its support (beta by bisection over the floats, truncated normals
/// clamped to their bounds after the transform).
const ROUNDING_ULPS: f64 = 0.0;

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_sampler_is_monotone_and_inside_its_support(
        dist in dist(),
        us in proptest::collection::vec(unit(), 2..24),
    ) {
        check_quantiles(&dist, us, ROUNDING_ULPS)?;
    }

    #[test]
    fn a_draw_exceeds_a_level_exactly_when_its_uniform_exceeds_the_cdf(
        dist in dist(),
        u in unit().prop_filter("streams give [0, 1)", |u| *u < 1.0),
        v in 0.0..1.0_f64,
    ) {
        let sampler = dist.sampler();
        let inside = sampler.quantile(v);
        // Rounding: a few ulps of the values, or of the spread where the
        // values themselves are near 0 (F amplifies an ulp of x by the
        // density, so the check is made on the values, not on F).
        let spread = sampler.quantile(0.9) - sampler.quantile(0.1);
        let tolerance = 1e-9 * (inside.abs() + spread);
        // The cdf inverts the quantile.
        let back = sampler.quantile(sampler.cdf(inside));
        prop_assert!((back - inside).abs() <= tolerance, "{dist}: Q(F({inside})) = {back}");
        // Levels inside the support and below and above it.
        let span = inside.abs() + 1e4;
        for level in [inside, inside - span, inside + span] {
            let at_most = sampler.cdf(level);
            prop_assert!((0.0..=1.0).contains(&at_most), "{dist}: F({level}) = {at_most}");
            let draw = sampler.quantile(u);
            let by_cdf = Sampler::exceeds(u, at_most);
            // They may differ only for a draw at the level, to rounding.
            prop_assert!(
                (draw > level) == by_cdf || (draw - level).abs() <= tolerance,
                "{dist}: Q({u}) = {draw} against {level}, F = {at_most}"
            );
        }
    }

    #[test]
    fn a_scaled_distribution_has_every_quantile_scaled(
        dist in dist(),
        factor in log_uniform(-1.0, 1.0),
        // Inside the far tails: there Φ⁻¹ turns the last-bit rounding of a
        // truncation's scaled cdf into relative errors far above 1e-12.
        u in 1e-6..(1.0 - 1e-6),
    ) {
        let Some(scaled) = dist.scaled(factor) else {
            let only_beta_cannot_scale = matches!(dist, Dist::Beta { .. });
            prop_assert!(only_beta_cannot_scale);
            return Ok(());
        };
        prop_assert!(scaled.parameter_errors().is_empty(), "{}", scaled);
        let (x, y) = (dist.sampler().quantile(u), scaled.sampler().quantile(u));
        // Scaling each parameter rounds once, and the quantile's own steps
        // (ln, Φ⁻¹, exp, square roots, mean + sd·z) amplify that by a few
        // ulps of the largest parameter.
        let size = dist.numbers().fold(x.abs(), |m, p| m.max(p.abs()));
        let tolerance = 1e-12 * factor * size;
        prop_assert!(y == factor * x || (y - factor * x).abs() <= tolerance, "{dist} ×{factor} at {u}: {y} vs {}", factor * x);
    }

    #[test]
    fn beta_is_monotone_deep_in_both_tails(
        dist in beta(),
        us in proptest::collection::vec(
            prop_oneof![
                (0..=15_i32).prop_map(|k| 10.0_f64.powi(-k)),
                (1..=15_i32).prop_map(|k| 1.0 - 10.0_f64.powi(-k)),
                (1..64_u64).prop_map(|k| k as f64 * U_MIN),
                (1..64_u64).prop_map(|k| 1.0 - k as f64 * U_MIN),
                0.0..1.0_f64,
            ],
            2..24,
        ),
    ) {
        check_quantiles(&dist, us, ROUNDING_ULPS)?;
    }

    #[test]
    fn beta_survives_uniforms_below_the_stream_resolution(
        dist in beta(),
        k in 16..=300_i32,
    ) {
        check_quantiles(&dist, vec![10.0_f64.powi(-k), 0.5], ROUNDING_ULPS)?;
    }

    #[test]
    fn lognormal_stays_exactly_inside_its_bounds(
        median in log_uniform(-3.0, 3.0),
        sigma in 0.05..3.0_f64,
        (lo_z, hi_z) in (-3.0..-0.5_f64, 0.5..3.0_f64),
        us in proptest::collection::vec(unit(), 2..24),
    ) {
        let dist = Dist::LogNormal {
            median,
            sigma,
            min: Some(median * (lo_z * sigma).exp()),
            max: Some(median * (hi_z * sigma).exp()),
        };
        check_quantiles(&dist, us, 0.0)?;
    }

    #[test]
    fn beta_is_exactly_monotone(
        dist in beta(),
        us in proptest::collection::vec(
            prop_oneof![
                (1..=15_i32).prop_map(|k| 1.0 - 10.0_f64.powi(-k)),
                (0..=15_i32).prop_map(|k| 10.0_f64.powi(-k)),
                0.0..1.0_f64,
            ],
            2..24,
        ),
    ) {
        check_quantiles(&dist, us, 0.0)?;
    }

    #[test]
    fn shards_tile_the_runs_exactly(
        runs in prop_oneof![0..5000_u64, any::<u64>()],
        count in prop_oneof![1..40_u32, 1..=u32::MAX],
    ) {
        let mut next = 0;
        let (floor, ceil) = (runs / u64::from(count), runs.div_ceil(u64::from(count)));
        // Walk at most 64 slices of a huge shard count: first, last and a
        // sample between.
        let step = (count / 64).max(1);
        let mut ks: Vec<u32> = (1..=count).step_by(step as usize).collect();
        ks.push(count);
        ks.dedup();
        for k in ks {
            let r = Shard { index: k, count }.range(runs);
            prop_assert!(r.start <= r.end);
            let len = r.end - r.start;
            prop_assert!(len == floor || len == ceil, "{k}/{count} of {runs}: {r:?}");
            if step == 1 {
                prop_assert_eq!(r.start, next, "{}/{} of {}", k, count, runs);
            }
            next = r.end;
            prop_assert_eq!(format!("{}/{}", k, count).parse::<Shard>(), Ok(Shard { index: k, count }));
        }
        prop_assert_eq!(Shard { index: 1, count }.range(runs).start, 0);
        prop_assert_eq!(next, runs);
    }
}

/// What a handled event does: maybe schedule a new event after a delay,
/// maybe cancel an event by its schedule index.
#[derive(Debug, Clone, Copy)]
struct Action {
    spawn_delay: Option<f64>,
    cancel: Option<usize>,
}

/// A script for the engine and the reference: initial events and the
/// action of each event, by event id modulo the list.
#[derive(Debug, Clone)]
struct Script {
    initial: Vec<f64>,
    actions: Vec<Action>,
}

/// Events scheduled in one script at most.
const MAX_EVENTS: usize = 200;

fn script() -> impl Strategy<Value = Script> {
    // Few distinct times so that ties are common.
    let time = (0..6_u8).prop_map(f64::from);
    let action = (
        proptest::option::of(prop_oneof![Just(0.0), Just(0.5), Just(1.0), Just(2.0)]),
        proptest::option::of(0..MAX_EVENTS),
    )
        .prop_map(|(spawn_delay, cancel)| Action {
            spawn_delay,
            cancel,
        });
    (
        proptest::collection::vec(time, 1..30),
        proptest::collection::vec(action, 1..20),
    )
        .prop_map(|(initial, actions)| Script { initial, actions })
}

/// One log line of either implementation: a delivery or a cancel's answer.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Fired { time: f64, id: usize },
    Cancelled { id: usize, was_pending: bool },
}

/// The engine under test, driven by a script. Event ids are schedule order.
struct Scripted<'s> {
    script: &'s Script,
    keys: Vec<EventKey>,
    log: Vec<Step>,
}

impl Model for Scripted<'_> {
    type Event = usize;
    type Error = ScheduleError;

    fn handle(&mut self, id: usize, e: &mut Engine<usize>) -> Result<(), ScheduleError> {
        self.log.push(Step::Fired { time: e.now(), id });
        let a = self.script.actions[id % self.script.actions.len()];
        if let Some(d) = a.spawn_delay
            && self.keys.len() < MAX_EVENTS
        {
            let next = self.keys.len();
            self.keys.push(e.schedule_in(d, next)?);
        }
        if let Some(c) = a.cancel {
            let target = c % self.keys.len();
            let was_pending = e.cancel(self.keys[target]);
            self.log.push(Step::Cancelled {
                id: target,
                was_pending,
            });
        }
        Ok(())
    }
}

/// The obvious implementation: scan a list for the earliest (time, id).
fn reference(script: &Script) -> Vec<Step> {
    let mut pending: Vec<(f64, usize)> = script.initial.iter().copied().zip(0..).collect();
    let mut scheduled = pending.len();
    let mut log = Vec::new();
    while let Some(i) = (0..pending.len()).min_by(|&a, &b| {
        pending[a]
            .0
            .total_cmp(&pending[b].0)
            .then(pending[a].1.cmp(&pending[b].1))
    }) {
        let (time, id) = pending.remove(i);
        log.push(Step::Fired { time, id });
        let a = script.actions[id % script.actions.len()];
        if let Some(d) = a.spawn_delay
            && scheduled < MAX_EVENTS
        {
            pending.push((time + d, scheduled));
            scheduled += 1;
        }
        if let Some(c) = a.cancel {
            let target = c % scheduled;
            let at = pending.iter().position(|p| p.1 == target);
            if let Some(at) = at {
                pending.remove(at);
            }
            log.push(Step::Cancelled {
                id: target,
                was_pending: at.is_some(),
            });
        }
    }
    log
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn engine_order_matches_the_reference(script in script()) {
        let mut e = Engine::new();
        let mut model = Scripted { script: &script, keys: Vec::new(), log: Vec::new() };
        for (id, &t) in script.initial.iter().enumerate() {
            model.keys.push(e.schedule_at(t, id).unwrap());
        }
        e.run(&mut model).unwrap();
        let expected = reference(&script);
        prop_assert_eq!(&model.log, &expected);

        // The properties the reference embodies, stated directly.
        let fired: Vec<(f64, usize)> = model.log.iter().filter_map(|s| match *s {
            Step::Fired { time, id } => Some((time, id)),
            Step::Cancelled { .. } => None,
        }).collect();
        for w in fired.windows(2) {
            prop_assert!(w[0].0 <= w[1].0, "time went back: {:?}", w);
        }
        let mut cancelled = std::collections::HashSet::new();
        for s in &model.log {
            match *s {
                Step::Cancelled { id, was_pending: true } => { cancelled.insert(id); }
                Step::Fired { id, .. } => prop_assert!(!cancelled.contains(&id), "cancelled {id} fired"),
                Step::Cancelled { .. } => {}
            }
        }
        prop_assert_eq!(e.events_handled(), fired.len() as u64);
    }
}
