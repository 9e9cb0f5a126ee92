//! A target a replication meets or misses: a threshold on one of its
//! metrics, such as `delivered_kg >= 100000`. Reports give the share of
//! replications that meet each target asked for (`--target`, or `[report]
//! targets` in a scenario).

use super::record::{Metric, Metrics};
use std::fmt;
use std::str::FromStr;

/// How a metric is compared with a target's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// At least the threshold (`>=`).
    AtLeast,
    /// Above the threshold (`>`).
    Above,
    /// At most the threshold (`<=`).
    AtMost,
    /// Below the threshold (`<`).
    Below,
}

impl Comparison {
    /// Every comparison, two-character operators first (the order a parser
    /// must try them in).
    const ALL: [Comparison; 4] = [
        Comparison::AtLeast,
        Comparison::AtMost,
        Comparison::Above,
        Comparison::Below,
    ];

    /// The operator as written in a target (`>=`).
    pub fn operator(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
            Comparison::AtMost => "<=",
            Comparison::Below => "<",
        }
    }

    /// The operator as reports print it (`≥`).
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::Above => ">",
            Comparison::AtMost => "≤",
            Comparison::Below => "<",
        }
    }

    /// Whether `value` compares so with `threshold`.
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::AtLeast => value >= threshold,
            Comparison::Above => value > threshold,
            Comparison::AtMost => value <= threshold,
            Comparison::Below => value < threshold,
        }
    }
}

/// A threshold on one metric of a replication: `METRIC OP VALUE`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricTarget {
    /// The metric compared.
    pub metric: Metric,
    /// How it is compared.
    pub comparison: Comparison,
    /// The threshold, in the metric's unit.
    pub threshold: f64,
}

impl MetricTarget {
    /// The targets of a validated scenario's `[report]` section, in order,
    /// each once.
    pub fn of_scenario(s: &crate::scenario::Scenario) -> Vec<MetricTarget> {
        let parsed: Vec<MetricTarget> = s
            .report
            .targets
            .iter()
            .filter_map(|text| text.get_ref().parse().ok())
            .collect();
        Self::union(&parsed)
    }

    /// `targets` in order, each once.
    pub fn union<'a>(targets: impl IntoIterator<Item = &'a MetricTarget>) -> Vec<MetricTarget> {
        let mut once: Vec<MetricTarget> = Vec::new();
        for t in targets {
            if !once.contains(t) {
                once.push(*t);
            }
        }
        once
    }

    /// Whether a replication with `metrics` meets the target.
    pub fn holds(&self, metrics: &Metrics) -> bool {
        self.comparison
            .holds(metrics.get(self.metric), self.threshold)
    }
}

impl MetricTarget {
    /// A regular expression (the same in ECMA-262, as JSON Schema uses,
    /// and in Rust) that every target this parser accepts matches: a
    /// metric's name, an operator and a number, blanks around. It leaves
    /// the number's own shape to the parser: digits, `_`, `.`, signs and
    /// exponents are let through.
    pub fn pattern() -> String {
        let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
        let operators: Vec<&str> = Comparison::ALL.iter().map(|c| c.operator()).collect();
        format!(
            "^\\s*(?:{})\\s*(?:{})\\s*[-+0-9_.eE]+\\s*$",
            names.join("|"),
            operators.join("|")
        )
    }
}

/// The form of a target, for error messages.
const FORM: &str = "METRIC OP VALUE such as \"delivered_kg >= 100000\" (OP one of >=, >, <=, <)";

impl FromStr for MetricTarget {
    type Err = String;

    /// Parses `METRIC OP VALUE`, spaces optional; the error says what is
    /// wrong and, for a metric, lists the valid ones.
    fn from_str(text: &str) -> Result<Self, String> {
        let found = text.find(['<', '>', '=', '!']);
        let Some(at) = found else {
            return Err(format!("\"{text}\" is not a target: write {FORM}"));
        };
        let (name, rest) = (text[..at].trim(), &text[at..]);
        let comparison = Comparison::ALL
            .into_iter()
            .find(|c| rest.starts_with(c.operator()))
            .filter(|c| {
                !rest[c.operator().len()..]
                    .trim_start()
                    .starts_with(['<', '>', '='])
            })
            .ok_or_else(|| {
                let op: String = rest.chars().take_while(|c| "<>=!".contains(*c)).collect();
                format!("\"{text}\": `{op}` is not a comparison; use >=, >, <= or <")
            })?;
        let metric = parse_metric(text, name)?;
        let value = rest[comparison.operator().len()..].trim();
        let threshold = value
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("\"{text}\": `{value}` is not a number; write {FORM}"))?;
        Ok(Self {
            metric,
            comparison,
            threshold,
        })
    }
}

/// The metric named `name`, or why there is none, listing every metric
/// (`text` is what was written, quoted at the start of the message).
pub fn parse_metric(text: &str, name: &str) -> Result<Metric, String> {
    Metric::ALL
        .into_iter()
        .find(|m| m.name() == name)
        .ok_or_else(|| unknown_metric(text, name))
}

/// Why `name` is no metric, with every metric that is.
fn unknown_metric(text: &str, name: &str) -> String {
    let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    let what = if name.is_empty() {
        "no metric is named".to_owned()
    } else {
        format!("`{name}` is not a metric")
    };
    format!(
        "\"{text}\": {what}; the metrics are the columns of runs.csv: {}",
        names.join(", ")
    )
}

impl fmt::Display for MetricTarget {
    /// The target as a scenario writes it: `delivered_kg >= 100000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.metric.name(),
            self.comparison.operator(),
            crate::scenario::show_number(self.threshold)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<MetricTarget, String> {
        text.parse()
    }

    #[test]
    fn targets_parse_with_or_without_spaces() {
        let t = parse("delivered_kg>=100000").unwrap();
        assert_eq!(t.metric, Metric::DeliveredKg);
        assert_eq!(t.comparison, Comparison::AtLeast);
        assert_eq!(t.threshold, 100_000.0);
        assert_eq!(t.to_string(), "delivered_kg >= 100000");
        for (text, shown) in [
            ("  npv_usd >  -5e7 ", "npv_usd > -50000000"),
            ("mission_days <= 2_500", "mission_days <= 2500"),
            ("robots_lost<1", "robots_lost < 1"),
        ] {
            assert_eq!(parse(text).unwrap().to_string(), shown, "{text}");
        }
    }

    #[test]
    fn a_target_holds_on_its_side_of_the_threshold() {
        let metrics = Metrics {
            delivered_kg: 100.0,
            ..Metrics::default()
        };
        let holds = |text: &str| parse(text).unwrap().holds(&metrics);
        assert!(holds("delivered_kg >= 100") && !holds("delivered_kg > 100"));
        assert!(holds("delivered_kg <= 100") && !holds("delivered_kg < 100"));
        assert!(holds("npv_usd <= 0") && !holds("npv_usd > 0"));
    }

    #[test]
    fn mistakes_say_what_is_wrong() {
        let error = |text: &str| parse(text).unwrap_err();
        let e = error("delivered >= 5");
        assert!(e.contains("`delivered` is not a metric"), "{e}");
        assert!(e.contains("delivered_kg, revenue_usd, npv_usd"), "{e}");
        assert!(error("delivered_kg 5").contains("is not a target"));
        assert!(error("delivered_kg == 5").contains("`==` is not a comparison"));
        assert!(error("delivered_kg => 5").contains("`=>` is not a comparison"));
        assert!(error("delivered_kg >>= 5").contains("`>>=` is not a comparison"));
        assert!(error("delivered_kg != 5").contains("`!=` is not a comparison"));
        assert!(error("delivered_kg >= lots").contains("`lots` is not a number"));
        assert!(error("delivered_kg >=").contains("`` is not a number"));
        assert!(error("delivered_kg >= inf").contains("is not a number"));
        assert!(error(">= 5").contains("no metric is named"));
    }
}
