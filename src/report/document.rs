//! The report as a small document (headings, paragraphs, tables, charts),
//! rendered to Markdown for report.md and to self-contained HTML for
//! report.html, so both always say the same thing.

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

/// A chart as the report shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRef {
    /// File stem (`delivered_histogram`); files are `charts/<stem>.png|svg`.
    pub stem: String,
    /// Title.
    pub title: String,
    /// The SVG text, inlined in HTML.
    pub svg: String,
}

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of the given level (1 or 2).
    Heading(u8, String),
    /// A paragraph of plain text.
    Paragraph(String),
    /// A table: header cells, which columns align right, rows.
    Table {
        /// Header cells.
        header: Vec<String>,
        /// Right-aligned columns (numbers).
        right: Vec<bool>,
        /// Body rows.
        rows: Vec<Vec<String>>,
    },
    /// The charts.
    Charts(Vec<ChartRef>),
}

fn band(m: &MetricSummary, show: impl Fn(f64) -> String) -> String {
    format!(
        "median {} (5–95%: {} to {})",
        show(m.p50),
        show(m.p05),
        show(m.p95)
    )
}

fn table(header: &[&str], right: &[bool], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        header: header.iter().map(|s| (*s).to_owned()).collect(),
        right: right.to_vec(),
        rows,
    }
}

/// The report's blocks for `summary`.
pub fn build(summary: &Summary, description: &str, charts: Vec<ChartRef>) -> Vec<Block> {
    let s = summary;
    let mut blocks = vec![Block::Heading(1, format!("astromine: {}", s.scenario))];
    if !description.is_empty() {
        blocks.push(Block::Paragraph(description.to_owned()));
    }
    blocks.push(Block::Paragraph(format!(
        "{} runs, seed {}.",
        thousands(s.runs as f64, 0),
        s.seed
    )));

    let mut headline = Vec::new();
    if let Some(o) = s.outcomes.get("success") {
        headline.push(vec![
            "success (some cargo delivered)".into(),
            format!(
                "{} (95% CI {} to {})",
                percent(o.share),
                percent(o.ci95_low),
                percent(o.ci95_high)
            ),
        ]);
    }
    if let Some(d) = s.metrics.get("delivered_kg") {
        headline.push(vec![
            "delivered cargo, kg".into(),
            band(d, |x| thousands(x, 0)),
        ]);
    }
    if let Some(npv) = s.metrics.get("npv_usd") {
        headline.push(vec!["net present value".into(), band(npv, usd)]);
    }
    let p = &s.npv_positive;
    headline.push(vec![
        "P(NPV > 0)".into(),
        format!(
            "{} (95% CI {} to {})",
            percent(p.share),
            percent(p.ci95_low),
            percent(p.ci95_high)
        ),
    ]);
    if let Some(days) = s.metrics.get("mission_days") {
        headline.push(vec![
            "mission length, days".into(),
            band(days, |x| thousands(x, 0)),
        ]);
    }
    blocks.push(table(&["headline", "value"], &[false, false], headline));

    blocks.push(Block::Heading(2, "Outcomes".into()));
    let outcomes = s
        .outcomes
        .0
        .iter()
        .map(|(name, o)| {
            vec![
                name.clone(),
                thousands(o.count as f64, 0),
                percent(o.share),
                format!("{} to {}", percent(o.ci95_low), percent(o.ci95_high)),
            ]
        })
        .collect();
    blocks.push(table(
        &["outcome", "runs", "share", "95% CI"],
        &[false, true, true, false],
        outcomes,
    ));

    blocks.push(Block::Heading(2, "Failure events per run".into()));
    let failures = FAILURE_EVENTS
        .iter()
        .filter_map(|(key, label)| {
            s.metrics.get(key).map(|m| {
                vec![
                    (*label).to_owned(),
                    thousands(m.mean, 2),
                    thousands(m.p50, 1),
                    thousands(m.p95, 1),
                    thousands(m.max, 1),
                ]
            })
        })
        .collect();
    blocks.push(table(
        &["event", "mean", "median", "95th pct", "max"],
        &[false, true, true, true, true],
        failures,
    ));

    if !charts.is_empty() {
        blocks.push(Block::Heading(2, "Charts".into()));
        blocks.push(Block::Charts(charts));
    }

    blocks.push(Block::Heading(2, "All metrics".into()));
    blocks.push(Block::Paragraph(
        "Masses in kg, money in USD, time in days unless the name says otherwise.".into(),
    ));
    let f = |x: f64| thousands(x, if x == 0.0 || x.abs() >= 100.0 { 0 } else { 2 });
    let metrics = s
        .metrics
        .0
        .iter()
        .map(|(name, m)| {
            vec![
                name.clone(),
                f(m.mean),
                match (m.ci95_low, m.ci95_high) {
                    (Some(lo), Some(hi)) => format!("{} to {}", f(lo), f(hi)),
                    _ => "n/a (one run)".to_owned(),
                },
                f(m.p05),
                f(m.p50),
                f(m.p95),
                f(m.min),
                f(m.max),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            "metric",
            "mean",
            "95% CI of mean",
            "p05",
            "p50",
            "p95",
            "min",
            "max",
        ],
        &[false, true, false, true, true, true, true, true],
        metrics,
    ));
    blocks.push(Block::Paragraph(format!(
        "Intervals: outcome shares and P(NPV > 0) use the Wilson score interval; \
         means use Student's t. Quantiles are exact over all {} runs.",
        thousands(s.runs as f64, 0)
    )));
    blocks
}

/// Markdown (report.md); charts are linked as PNG files.
pub fn to_markdown(blocks: &[Block]) -> String {
    let mut md = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(md, "{} {text}\n", "#".repeat(usize::from(*level)));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(md, "{text}\n");
            }
            Block::Table {
                header,
                right,
                rows,
            } => {
                let _ = writeln!(md, "| {} |", header.join(" | "));
                let rule: Vec<&str> = right
                    .iter()
                    .map(|r| if *r { "---:" } else { "---" })
                    .collect();
                let _ = writeln!(md, "|{}|", rule.join("|"));
                for row in rows {
                    let _ = writeln!(md, "| {} |", row.join(" | "));
                }
                md.push('\n');
            }
            Block::Charts(charts) => {
                for c in charts {
                    let _ = writeln!(md, "![{}](charts/{}.png)\n", c.title, c.stem);
                }
            }
        }
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Self-contained HTML (report.html): styles and SVG charts inline, no
/// network access needed.
pub fn to_html(blocks: &[Block], title: &str) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n\
         body {{ font-family: sans-serif; max-width: 1240px; margin: 2em auto; padding: 0 1em; color: #1b1b1b; }}\n\
         table {{ border-collapse: collapse; margin: 1em 0; }}\n\
         th, td {{ border: 1px solid #c8c8c8; padding: 0.3em 0.6em; }}\n\
         th {{ background: #eef2f8; }}\n\
         td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}\n\
         figure {{ margin: 1.5em 0; }}\n\
         figure svg {{ max-width: 100%; height: auto; }}\n\
         </style>\n</head>\n<body>\n",
        escape(title)
    );
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(html, "<h{level}>{}</h{level}>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(html, "<p>{}</p>", escape(text));
            }
            Block::Table {
                header,
                right,
                rows,
            } => {
                html.push_str("<table>\n<tr>");
                for h in header {
                    let _ = write!(html, "<th>{}</th>", escape(h));
                }
                html.push_str("</tr>\n");
                for row in rows {
                    html.push_str("<tr>");
                    for (cell, r) in row.iter().zip(right) {
                        let class = if *r { " class=\"num\"" } else { "" };
                        let _ = write!(html, "<td{class}>{}</td>", escape(cell));
                    }
                    html.push_str("</tr>\n");
                }
                html.push_str("</table>\n");
            }
            Block::Charts(charts) => {
                for c in charts {
                    let _ = writeln!(
                        html,
                        "<figure id=\"{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
                        c.stem,
                        c.svg.trim(),
                        escape(&c.title)
                    );
                }
            }
        }
    }
    html.push_str("</body>\n</html>\n");
    html
}
