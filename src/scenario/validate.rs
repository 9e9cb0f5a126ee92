//! The validation pass: ranges, distribution parameters and supports, and the
//! rules that tie keys together. It reports every problem, not only the first.

use super::diagnostic::Diagnostic;
use super::param::{Dist, Param};
use super::schema::Scenario;
use toml::Spanned;

/// The values a key accepts: `[low, high]`, or `(low, high]` when `low_open`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Domain {
    low: f64,
    low_open: bool,
    high: f64,
}

const PROBABILITY: Domain = Domain {
    low: 0.0,
    low_open: false,
    high: 1.0,
};
const NON_NEGATIVE: Domain = Domain {
    low: 0.0,
    low_open: false,
    high: f64::INFINITY,
};
const POSITIVE: Domain = Domain {
    low: 0.0,
    low_open: true,
    high: f64::INFINITY,
};
const PERCENT: Domain = Domain {
    low: 0.0,
    low_open: false,
    high: 100.0,
};
const HOURS_OF_DAY: Domain = Domain {
    low: 0.0,
    low_open: true,
    high: 24.0,
};

impl Domain {
    fn describe(&self) -> String {
        match (self.low_open, self.high.is_finite()) {
            (false, false) => format!("≥ {}", self.low),
            (true, false) => format!("> {}", self.low),
            (false, true) => format!("in [{}, {}]", self.low, self.high),
            (true, true) => format!("in ({}, {}]", self.low, self.high),
        }
    }

    fn contains(&self, x: f64) -> bool {
        let above = if self.low_open {
            x > self.low
        } else {
            x >= self.low
        };
        above && x <= self.high
    }
}

/// Keys drawn at every occurrence rather than once per replication
/// (MODEL.md rule 1).
pub const PER_EVENT: [&str; 11] = [
    "fleet.local_repair_h",
    "anchoring.attempt_h",
    "anchoring.relocate_h",
    "drilling.bit_life_h",
    "drilling.bit_change_h",
    "dust.ejecta_speed_m_s",
    "dust.dome_overhead_h",
    "dust.clean_h",
    "processing.repair_h",
    "comms.ground_response_h",
    "return.return_days",
];

/// A numeric key of a scenario.
#[derive(Debug, Clone, Copy)]
pub struct NumericKey<'a> {
    /// Dotted path (`fleet.autonomy`).
    pub key: &'static str,
    /// Its value or distribution.
    pub param: &'a Param,
    /// Whether it is drawn at every occurrence (else once per replication).
    pub per_event: bool,
}

/// Every numeric key of `s`, in file order: the order per-run values are
/// drawn in.
pub fn numeric_keys(s: &Scenario) -> Vec<NumericKey<'_>> {
    keys_with_domains(s)
        .into_iter()
        .map(|(key, param, _)| NumericKey {
            key,
            param,
            per_event: PER_EVENT.contains(&key),
        })
        .collect()
}

/// `value` brought inside the values `key` accepts (its closed hull; an
/// open lower end is left to validation). Unknown keys are returned as is.
pub fn clamp_to_valid(s: &Scenario, key: &str, value: f64) -> f64 {
    keys_with_domains(s)
        .into_iter()
        .find(|(k, _, _)| *k == key)
        .map_or(value, |(_, _, d)| value.clamp(d.low, d.high))
}

/// Every numeric key with its dotted path and the values it accepts.
fn keys_with_domains(s: &Scenario) -> Vec<(&'static str, &Param, Domain)> {
    let (t, tr, f, a, d, u, p, pr, pw, c, r, e) = (
        &s.target,
        &s.transit,
        &s.fleet,
        &s.anchoring,
        &s.drilling,
        &s.dust,
        &s.processing,
        &s.propellant,
        &s.power,
        &s.comms,
        &s.return_plan,
        &s.economics,
    );
    vec![
        ("scenario.horizon_days", &s.scenario.horizon_days, POSITIVE),
        ("target.diameter_m", &t.diameter_m, POSITIVE),
        ("target.bulk_density_kg_m3", &t.bulk_density_kg_m3, POSITIVE),
        ("target.distance_au", &t.distance_au, POSITIVE),
        ("target.grade_wt_pct", &t.grade_wt_pct, PERCENT),
        (
            "target.surface_strength_kpa",
            &t.surface_strength_kpa,
            NON_NEGATIVE,
        ),
        ("target.survey_days", &t.survey_days, NON_NEGATIVE),
        (
            "transit.launch_failure_prob",
            &tr.launch_failure_prob,
            PROBABILITY,
        ),
        ("transit.outbound_days", &tr.outbound_days, NON_NEGATIVE),
        ("fleet.fault_mtbf_h", &f.fault_mtbf_h, POSITIVE),
        ("fleet.autonomy", &f.autonomy, PROBABILITY),
        ("fleet.local_repair_h", &f.local_repair_h, NON_NEGATIVE),
        ("fleet.fault_loss_prob", &f.fault_loss_prob, PROBABILITY),
        ("anchoring.attempt_h", &a.attempt_h, NON_NEGATIVE),
        ("anchoring.relocate_h", &a.relocate_h, NON_NEGATIVE),
        (
            "anchoring.min_strength_kpa",
            &a.min_strength_kpa,
            NON_NEGATIVE,
        ),
        ("anchoring.max_strength_kpa", &a.max_strength_kpa, POSITIVE),
        (
            "anchoring.site_variability_sigma",
            &a.site_variability_sigma,
            NON_NEGATIVE,
        ),
        (
            "anchoring.tether_failure_prob",
            &a.tether_failure_prob,
            PROBABILITY,
        ),
        (
            "anchoring.pullout_per_batch_prob",
            &a.pullout_per_batch_prob,
            PROBABILITY,
        ),
        ("drilling.batch_kg", &d.batch_kg, POSITIVE),
        ("drilling.rate_kg_h", &d.rate_kg_h, POSITIVE),
        ("drilling.power_kw", &d.power_kw, NON_NEGATIVE),
        ("drilling.bit_life_h", &d.bit_life_h, POSITIVE),
        ("drilling.bit_change_h", &d.bit_change_h, NON_NEGATIVE),
        ("dust.lofted_fraction", &u.lofted_fraction, PROBABILITY),
        ("dust.ejecta_speed_m_s", &u.ejecta_speed_m_s, NON_NEGATIVE),
        ("dust.settle_h", &u.settle_h, POSITIVE),
        ("dust.hold_above_kg", &u.hold_above_kg, POSITIVE),
        ("dust.deposit_fraction", &u.deposit_fraction, PROBABILITY),
        ("dust.array_loss_per_kg", &u.array_loss_per_kg, NON_NEGATIVE),
        ("dust.dome_capture", &u.dome_capture, PROBABILITY),
        ("dust.dome_overhead_h", &u.dome_overhead_h, NON_NEGATIVE),
        ("dust.clean_every_h", &u.clean_every_h, POSITIVE),
        ("dust.clean_h", &u.clean_h, NON_NEGATIVE),
        ("dust.clean_efficiency", &u.clean_efficiency, PROBABILITY),
        ("processing.hopper_kg", &p.hopper_kg, POSITIVE),
        ("processing.batch_kg", &p.batch_kg, POSITIVE),
        ("processing.throughput_kg_h", &p.throughput_kg_h, POSITIVE),
        (
            "processing.extraction_efficiency",
            &p.extraction_efficiency,
            PROBABILITY,
        ),
        ("processing.power_kw", &p.power_kw, NON_NEGATIVE),
        ("processing.mtbf_h", &p.mtbf_h, POSITIVE),
        ("processing.repair_h", &p.repair_h, NON_NEGATIVE),
        (
            "processing.unrepairable_prob",
            &p.unrepairable_prob,
            PROBABILITY,
        ),
        (
            "propellant.electrolysis_kwh_per_kg",
            &pr.electrolysis_kwh_per_kg,
            POSITIVE,
        ),
        ("propellant.power_kw", &pr.power_kw, POSITIVE),
        ("propellant.isp_s", &pr.isp_s, POSITIVE),
        (
            "propellant.boiloff_pct_per_day",
            &pr.boiloff_pct_per_day,
            PERCENT,
        ),
        ("propellant.initial_kg", &pr.initial_kg, NON_NEGATIVE),
        ("power.array_kw_1au", &pw.array_kw_1au, NON_NEGATIVE),
        ("power.heliocentric_au", &pw.heliocentric_au, POSITIVE),
        (
            "power.degradation_pct_per_year",
            &pw.degradation_pct_per_year,
            PERCENT,
        ),
        (
            "comms.contact_h_per_day",
            &c.contact_h_per_day,
            HOURS_OF_DAY,
        ),
        (
            "comms.ground_response_h",
            &c.ground_response_h,
            NON_NEGATIVE,
        ),
        ("return.dry_kg", &r.dry_kg, POSITIVE),
        ("return.delta_v_m_s", &r.delta_v_m_s, NON_NEGATIVE),
        ("return.cargo_target_kg", &r.cargo_target_kg, POSITIVE),
        ("return.first_window_day", &r.first_window_day, NON_NEGATIVE),
        ("return.window_every_days", &r.window_every_days, POSITIVE),
        ("return.window_days", &r.window_days, POSITIVE),
        ("return.return_days", &r.return_days, NON_NEGATIVE),
        ("return.loss_prob", &r.loss_prob, PROBABILITY),
        (
            "economics.cargo_price_usd_per_kg",
            &e.cargo_price_usd_per_kg,
            NON_NEGATIVE,
        ),
        (
            "economics.mission_cost_usd",
            &e.mission_cost_usd,
            NON_NEGATIVE,
        ),
        (
            "economics.ops_cost_usd_per_day",
            &e.ops_cost_usd_per_day,
            NON_NEGATIVE,
        ),
        ("economics.discount_rate", &e.discount_rate, NON_NEGATIVE),
    ]
}

/// Every problem in `s`, in file order of the checks; empty when valid.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_name(&s.scenario.name, &mut out);
    for (key, param, domain) in keys_with_domains(s) {
        check_param(key, param, domain, &mut out);
    }
    check_counts(s, &mut out);
    check_cross_fields(s, &mut out);
    out.sort_by_key(|d| d.span.as_ref().map_or(0, |r| r.start));
    out
}

fn check_name(name: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let n = name.get_ref();
    let ok = !n.is_empty()
        && !n.starts_with('.')
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !ok {
        out.push(Diagnostic::new(
            "scenario.name",
            format!(
                "{n:?} cannot name a results folder; use letters, digits, '-', '_' and '.' \
                 (not first), e.g. \"baseline-v2\""
            ),
            Some(name.span()),
        ));
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
                format!("must be {}, got {v}", domain.describe()),
                span,
            ));
        }
        return;
    }
    let support = dist.support();
    let below = support.low < domain.low
        || (support.low == domain.low && domain.low_open && !support.low_open);
    let above = support.high > domain.high;
    if below || above {
        let side = if below {
            format!(
                "values {} {}",
                if domain.low_open {
                    "at or below"
                } else {
                    "below"
                },
                domain.low
            )
        } else {
            format!("values above {}", domain.high)
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

fn at_least_one(key: &str, value: &Spanned<u32>, what: &str, out: &mut Vec<Diagnostic>) {
    if *value.get_ref() == 0 {
        out.push(Diagnostic::new(
            key,
            format!("must be at least 1 ({what}), got 0"),
            Some(value.span()),
        ));
    }
}

fn check_counts(s: &Scenario, out: &mut Vec<Diagnostic>) {
    if *s.monte_carlo.runs.get_ref() == 0 {
        out.push(Diagnostic::new(
            "monte_carlo.runs",
            "must be at least 1 replication, got 0",
            Some(s.monte_carlo.runs.span()),
        ));
    }
    at_least_one(
        "fleet.robots",
        &s.fleet.robots,
        "a mission needs a robot",
        out,
    );
    at_least_one(
        "fleet.min_anchored",
        &s.fleet.min_anchored,
        "operations need an anchored robot",
        out,
    );
    at_least_one(
        "anchoring.harpoons_per_robot",
        &s.anchoring.harpoons_per_robot,
        "anchoring takes a harpoon",
        out,
    );
    at_least_one(
        "return.trips",
        &s.return_plan.trips,
        "a campaign needs a trip",
        out,
    );
    let (robots, min) = (*s.fleet.robots.get_ref(), *s.fleet.min_anchored.get_ref());
    if min > robots {
        out.push(Diagnostic::new(
            "fleet.min_anchored",
            format!("must be at most fleet.robots ({robots}), got {min}"),
            Some(s.fleet.min_anchored.span()),
        ));
    }
}

/// `a` must lie entirely below `b` (or at most `b` when `allow_equal`), for
/// every value either can take.
fn ordered(
    (a_key, a): (&str, &Param),
    (b_key, b): (&str, &Param),
    allow_equal: bool,
    out: &mut Vec<Diagnostic>,
) {
    let (sa, sb) = (a.dist().support(), b.dist().support());
    let ok = if allow_equal {
        sa.high <= sb.low
    } else {
        sa.high < sb.low
    };
    if !ok {
        let rel = if allow_equal { "at most" } else { "below" };
        let message = match (a.as_fixed(), b.as_fixed()) {
            (Some(av), Some(bv)) => format!("must be {rel} {b_key} ({bv}), got {av}"),
            _ => format!(
                "must be {rel} {b_key} for every draw: {} reaches {} while {b_key} = {} \
                 can be as low as {}",
                a.dist(),
                sa.high,
                b.dist(),
                sb.low
            ),
        };
        out.push(Diagnostic::new(a_key, message, Some(a.span())));
    }
}

fn check_cross_fields(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let all_finite = |p: &Param| p.dist().numbers().all(f64::is_finite);
    let pairs = [
        (
            ("anchoring.min_strength_kpa", &s.anchoring.min_strength_kpa),
            ("anchoring.max_strength_kpa", &s.anchoring.max_strength_kpa),
            false,
        ),
        (
            ("processing.batch_kg", &s.processing.batch_kg),
            ("processing.hopper_kg", &s.processing.hopper_kg),
            true,
        ),
        (
            ("return.window_days", &s.return_plan.window_days),
            ("return.window_every_days", &s.return_plan.window_every_days),
            true,
        ),
    ];
    for (a, b, allow_equal) in pairs {
        if all_finite(a.1) && all_finite(b.1) {
            ordered(a, b, allow_equal, out);
        }
    }
}
