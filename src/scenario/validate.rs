//! The validation pass: ranges, distribution parameters and supports, and the
//! rules that tie keys together. It reports every problem, not only the first.

use super::declare::{Domain, KeyKind, KeySpec, KeyValue, Timing};
use super::diagnostic::Diagnostic;
use super::param::{Dist, Param, show_number};
use super::schema::{KEYS, Scenario, key};
use std::ops::Range;
use toml::Spanned;

/// Every problem in `s`, in file order of the checks; empty when valid.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_name(&s.scenario.name, &mut out);
    for spec in KEYS {
        match (spec.kind, spec.value(s)) {
            (KeyKind::Number { .. }, KeyValue::Number(param)) if param.is_absent() => {}
            (KeyKind::Number { domain, timing }, KeyValue::Number(param)) => {
                check_param(spec.path, param, domain, &mut out);
                if timing == Timing::PerScenario && param.as_fixed().is_none() {
                    out.push(Diagnostic::new(
                        spec.path,
                        format!(
                            "must be a plain number, not a distribution: it is the same for the \
                             whole batch (a design setting, or one that shapes the orbit \
                             tables and porkchop computed once); got {}",
                            param.dist()
                        ),
                        Some(param.span()),
                    ));
                }
            }
            (KeyKind::Whole { min, max }, KeyValue::Whole(value, span)) => {
                check_whole(spec, value, (min, max), span, &mut out);
            }
            (KeyKind::Targets, KeyValue::Targets(targets)) => {
                check_targets(spec.path, targets, &mut out);
            }
            (KeyKind::Correlations, KeyValue::Correlations(_)) => {
                super::correlation_keys::check_correlations(s, &mut out);
            }
            _ => {}
        }
    }
    check_cross_fields(s, &mut out);
    out
}

/// The longest scenario name: it names result folders, and folders derived
/// from it (shards, sweeps, comparisons) must stay within file-name limits.
pub(crate) const MAX_NAME_CHARS: usize = 64;

/// Whether `name` can name a results folder: 1 to [`MAX_NAME_CHARS`]
/// letters, digits, '-', '_' and '.', not starting with '.' or '-' (a
/// folder named `-rf` is an accident waiting in a shell).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_CHARS
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

fn check_name(name: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let n = name.get_ref();
    if !is_valid_name(n) {
        let shown: String = n.chars().take(MAX_NAME_CHARS + 8).collect();
        let shown = if shown.len() < n.len() {
            format!("{shown:?}…")
        } else {
            format!("{shown:?}")
        };
        out.push(Diagnostic::new(
            key::scenario::name.path,
            format!(
                "{shown} cannot name a results folder; use 1 to {MAX_NAME_CHARS} letters, \
                 digits, '-', '_' and '.' ('.' and '-' not first), e.g. \"baseline-v2\""
            ),
            Some(name.span()),
        ));
    }
}

/// Every report target must read `METRIC OP VALUE` with a metric of
/// runs.csv; each mistake is reported where it is written.
fn check_targets(key: &str, targets: &[Spanned<String>], out: &mut Vec<Diagnostic>) {
    for target in targets {
        if let Err(why) = target
            .get_ref()
            .parse::<crate::model::metric_target::MetricTarget>()
        {
            out.push(Diagnostic::new(key, why, Some(target.span())));
        }
    }
}

fn check_param(key: &str, param: &Param, domain: Domain, out: &mut Vec<Diagnostic>) {
    let span = Some(param.span());
    let dist = param.dist();
    if dist.numbers().any(|x| !x.is_finite()) {
        out.push(Diagnostic::new(
            key,
            format!(
                "must be a finite number {}; nan and inf are not accepted",
                domain.describe()
            ),
            span,
        ));
        return;
    }
    let param_errors = dist.parameter_errors();
    if !param_errors.is_empty() {
        for e in param_errors {
            out.push(Diagnostic::new(
                key,
                format!("{e}; got {dist}"),
                span.clone(),
            ));
        }
        return;
    }
    if let Dist::Fixed(v) = *dist {
        if !domain.contains(v) {
            out.push(Diagnostic::new(
                key,
                format!("must be {}, got {}", domain.describe(), show_number(v)),
                span,
            ));
        }
        return;
    }
    let support = dist.support();
    let below = support.low < domain.low
        || (support.low == domain.low && domain.low_open && !support.low_open);
    // An unbounded tail is judged by the largest value a stream can draw.
    let high = if support.high.is_finite() {
        support.high
    } else {
        dist.drawable().1
    };
    let above = high > domain.high || high.is_nan();
    if below || above {
        let side = if below {
            format!(
                "values {} {}",
                if domain.low_open {
                    "at or below"
                } else {
                    "below"
                },
                show_number(domain.low)
            )
        } else {
            format!("values above {}", show_number(domain.high))
        };
        let hint = match dist {
            Dist::Normal { .. } | Dist::LogNormal { .. } => {
                let bound = if below { "min" } else { "max" };
                format!("; add a `{bound}` bound to the distribution")
            }
            _ => "; choose parameters inside that range".to_owned(),
        };
        out.push(Diagnostic::new(
            key,
            format!(
                "{dist} can produce {side}, but this key must be {}{hint}",
                domain.describe()
            ),
            span,
        ));
    }
}

fn check_whole(
    spec: &KeySpec,
    value: u64,
    (min, max): (u64, u64),
    span: Option<Range<usize>>,
    out: &mut Vec<Diagnostic>,
) {
    if value < min || value > max {
        out.push(Diagnostic::new(
            spec.path,
            format!(
                "must be a whole number from {min} to {max} ({}), got {value}",
                spec.description().trim_end_matches('.').to_lowercase()
            ),
            span,
        ));
    }
}

/// `a` must lie entirely below `b` (or at most `b` when `allow_equal`), for
/// every value either can take.
fn ordered(s: &Scenario, a: &KeySpec, b: &KeySpec, allow_equal: bool, out: &mut Vec<Diagnostic>) {
    let (Some(pa), Some(pb)) = (a.param(s), b.param(s)) else {
        return;
    };
    let all_finite = |p: &Param| p.dist().numbers().all(f64::is_finite);
    if !all_finite(pa) || !all_finite(pb) {
        return;
    }
    let (sa, sb) = (pa.dist().support(), pb.dist().support());
    let ok = if allow_equal {
        sa.high <= sb.low
    } else {
        sa.high < sb.low
    };
    if !ok {
        let rel = if allow_equal { "at most" } else { "below" };
        let b_key = b.path;
        let message = match (pa.as_fixed(), pb.as_fixed()) {
            (Some(av), Some(bv)) => format!(
                "must be {rel} {b_key} ({}), got {}",
                show_number(bv),
                show_number(av)
            ),
            _ => format!(
                "must be {rel} {b_key} for every draw: {} reaches {} while {b_key} = {} \
                 can be as low as {}",
                pa.dist(),
                show_number(sa.high),
                pb.dist(),
                show_number(sb.low)
            ),
        };
        out.push(Diagnostic::new(a.path, message, Some(pa.span())));
    }
}

/// The rules that tie keys together.
fn check_cross_fields(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let (robots, min) = (*s.fleet.robots.get_ref(), *s.fleet.min_anchored.get_ref());
    if min > robots {
        out.push(Diagnostic::new(
            key::fleet::min_anchored.path,
            format!(
                "must be at most {} ({robots}), got {min}",
                key::fleet::robots.path
            ),
            Some(s.fleet.min_anchored.span()),
        ));
    }
    ordered(
        s,
        key::anchoring::min_strength_kpa,
        key::anchoring::max_strength_kpa,
        false,
        out,
    );
    ordered(
        s,
        key::processing::batch_kg,
        key::processing::hopper_kg,
        true,
        out,
    );
    for (a, b) in [
        (
            key::return_plan::window_days,
            key::return_plan::window_every_days,
        ),
        (
            key::return_plan::min_flight_days,
            key::return_plan::max_flight_days,
        ),
        (
            key::return_plan::capture_perigee_km,
            key::return_plan::capture_apogee_km,
        ),
    ] {
        ordered(s, a, b, true, out);
    }
}
