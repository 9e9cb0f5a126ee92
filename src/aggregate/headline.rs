//! What the headline adds to the per-metric statistics: the full
//! percentile table of the headline metrics, and the share of replications
//! that meet each target asked for.

use super::Share;
use crate::model::metric_target::MetricTarget;
use crate::model::record::Metric;
use crate::stats::quantile_sorted;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// The metrics whose full percentile table the reports give: the headline's
/// delivered cargo, NPV and mission length.
pub const HEADLINE: [Metric; 3] = [Metric::DeliveredKg, Metric::NpvUsd, Metric::MissionDays];

/// The percentile levels of the table, in percent.
pub const LEVELS: [u8; 9] = [1, 5, 10, 25, 50, 75, 90, 95, 99];

/// One metric's percentiles at [`LEVELS`], exact (type 7 interpolation);
/// serialized as `{"p01": …, "p05": …, …, "p99": …}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percentiles(pub [f64; LEVELS.len()]);

impl Percentiles {
    /// The percentiles of ascending `sorted` values (NaN when empty).
    pub fn of_sorted(sorted: &[f64]) -> Self {
        Self(LEVELS.map(|p| quantile_sorted(sorted, f64::from(p) / 100.0).unwrap_or(f64::NAN)))
    }
}

impl Serialize for Percentiles {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(LEVELS.len()))?;
        for (level, value) in LEVELS.iter().zip(self.0) {
            map.serialize_entry(&format!("p{level:02}"), &value)?;
        }
        map.end()
    }
}

/// The percentiles of each [`HEADLINE`] metric, in runs.csv column order; serialized
/// as an object from metric names to their percentiles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PercentileTable(pub Vec<(Metric, Percentiles)>);

impl Serialize for PercentileTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(m, p)| (m.name(), p)))
    }
}

/// The replications that met a target, out of all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetShare {
    /// The target.
    pub target: MetricTarget,
    /// The runs that met it, with the 95% Wilson interval of the share.
    pub share: Share,
}

impl Serialize for TargetShare {
    /// `{"target": "delivered_kg >= 100000", "metric", "op", "threshold",
    /// "count", "share", "ci95_low", "ci95_high"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (t, share) = (&self.target, &self.share);
        let mut st = s.serialize_struct("TargetShare", 8)?;
        st.serialize_field("target", &t.to_string())?;
        st.serialize_field("metric", t.metric.name())?;
        st.serialize_field("op", t.comparison.operator())?;
        st.serialize_field("threshold", &t.threshold)?;
        st.serialize_field("count", &share.count)?;
        st.serialize_field("share", &share.share)?;
        st.serialize_field("ci95_low", &share.ci95_low)?;
        st.serialize_field("ci95_high", &share.ci95_high)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metric_target::Comparison;

    #[test]
    fn percentiles_are_exact_and_named_by_level() {
        let sorted: Vec<f64> = (0..=100).map(f64::from).collect();
        let p = Percentiles::of_sorted(&sorted);
        assert_eq!(p.0, LEVELS.map(f64::from));
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.starts_with(r#"{"p01":1.0,"p05":5.0,"p10":10.0,"#),
            "{json}"
        );
        assert!(json.ends_with(r#""p99":99.0}"#), "{json}");
        assert!(Percentiles::of_sorted(&[]).0.iter().all(|x| x.is_nan()));
    }

    #[test]
    fn a_target_share_serializes_its_target_in_parts() {
        let share = TargetShare {
            target: MetricTarget {
                metric: Metric::NpvUsd,
                comparison: Comparison::Above,
                threshold: 0.0,
            },
            share: Share::of(1, 4),
        };
        let json = serde_json::to_value(share).unwrap();
        assert_eq!(json["target"], "npv_usd > 0");
        assert_eq!(json["metric"], "npv_usd");
        assert_eq!(json["op"], ">");
        assert_eq!(json["count"], 1);
        assert_eq!(json["share"], 0.25);
    }
}
