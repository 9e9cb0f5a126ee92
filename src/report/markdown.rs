//! `report.md`: what a person reads first, and what CI shows as a job
//! summary.

use super::format::{percent, thousands, usd};
use super::summary::{MetricSummary, Summary};
use std::fmt::Write;

/// Failure-event metrics, with the label the report gives each.
pub const FAILURE_EVENTS: [(&str, &str); 12] = [
    ("harpoon_pullouts", "harpoon pulled out of weak ground"),
    ("harpoon_bounces", "harpoon bounced off hard ground"),
    ("tether_failures", "tether or winch failed"),
    ("anchor_pullouts", "anchor pulled out by drilling"),
    ("bit_failures", "drill bit failed"),
    ("robot_faults", "robot fault"),
    ("robots_lost", "robot lost"),
    ("robots_stopped", "robot stopped (no bits or harpoons)"),
    ("plant_failures", "plant failure"),
    ("dust_holds", "dust hold"),
    ("ground_waits", "ground intervention"),
    ("ground_wait_h", "hours waiting for the ground"),
];

fn band(m: &MetricSummary, show: impl Fn(f64) -> String) -> String {
    format!(
        "median {} (5–95%: {} to {})",
        show(m.p50),
        show(m.p05),
        show(m.p95)
    )
}

/// Renders the report; `charts` lists chart files to link (may be empty).
pub fn render(summary: &Summary, description: &str, charts: &[(&str, &str)]) -> String {
    let mut md = String::new();
    let s = summary;
    let _ = writeln!(md, "# astromine: {}\n", s.scenario);
    if !description.is_empty() {
        let _ = writeln!(md, "{description}\n");
    }
    let _ = writeln!(
        md,
        "{} runs, seed {}.\n",
        thousands(s.runs as f64, 0),
        s.seed
    );
    let _ = writeln!(md, "| headline | value |\n|---|---|");
    if let Some(success) = s.outcomes.get("success") {
        let _ = writeln!(
            md,
            "| success (some cargo delivered) | {} (95% CI {} to {}) |",
            percent(success.share),
            percent(success.ci95_low),
            percent(success.ci95_high)
        );
    }
    if let Some(d) = s.metrics.get("delivered_kg") {
        let _ = writeln!(
            md,
            "| delivered cargo, kg | {} |",
            band(d, |x| thousands(x, 0))
        );
    }
    if let Some(npv) = s.metrics.get("npv_usd") {
        let _ = writeln!(md, "| net present value | {} |", band(npv, usd));
    }
    let p = &s.npv_positive;
    let _ = writeln!(
        md,
        "| P(NPV > 0) | {} (95% CI {} to {}) |",
        percent(p.share),
        percent(p.ci95_low),
        percent(p.ci95_high)
    );
    if let Some(days) = s.metrics.get("mission_days") {
        let _ = writeln!(
            md,
            "| mission length, days | {} |",
            band(days, |x| thousands(x, 0))
        );
    }

    let _ = writeln!(md, "\n## Outcomes\n");
    let _ = writeln!(
        md,
        "| outcome | runs | share | 95% CI |\n|---|---:|---:|---|"
    );
    for (name, o) in &s.outcomes.0 {
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {} to {} |",
            thousands(o.count as f64, 0),
            percent(o.share),
            percent(o.ci95_low),
            percent(o.ci95_high)
        );
    }

    let _ = writeln!(md, "\n## Failure events per run\n");
    let _ = writeln!(
        md,
        "| event | mean | median | 95th pct | max |\n|---|---:|---:|---:|---:|"
    );
    for (key, label) in FAILURE_EVENTS {
        if let Some(m) = s.metrics.get(key) {
            let _ = writeln!(
                md,
                "| {label} | {} | {} | {} | {} |",
                thousands(m.mean, 2),
                thousands(m.p50, 1),
                thousands(m.p95, 1),
                thousands(m.max, 1)
            );
        }
    }

    if !charts.is_empty() {
        let _ = writeln!(md, "\n## Charts\n");
        for (file, title) in charts {
            let _ = writeln!(md, "- [{title}]({file})");
        }
    }

    let _ = writeln!(md, "\n## All metrics\n");
    let _ = writeln!(
        md,
        "Masses in kg, money in USD, time in days unless the name says otherwise.\n"
    );
    let _ = writeln!(
        md,
        "| metric | mean | 95% CI of mean | p05 | p50 | p95 | min | max |\n|---|---:|---|---:|---:|---:|---:|---:|"
    );
    for (name, m) in &s.metrics.0 {
        let f = |x: f64| thousands(x, if x == 0.0 || x.abs() >= 100.0 { 0 } else { 2 });
        let _ = writeln!(
            md,
            "| {name} | {} | {} to {} | {} | {} | {} | {} | {} |",
            f(m.mean),
            f(m.ci95_low),
            f(m.ci95_high),
            f(m.p05),
            f(m.p50),
            f(m.p95),
            f(m.min),
            f(m.max)
        );
    }
    let _ = writeln!(
        md,
        "\nIntervals: outcome shares and P(NPV > 0) use the Wilson score interval; \
         means use Student's t. Quantiles are exact over all {} runs.",
        thousands(s.runs as f64, 0)
    );
    md
}
