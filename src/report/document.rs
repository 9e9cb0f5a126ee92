//! The report as a small document (headings, paragraphs, tables, charts),
//! rendered to Markdown for report.md and to self-contained HTML for
//! report.html, so both always say the same thing.

use super::costs::CostsSummary;
use super::format::{percent, range, thousands, usd};
use super::orbit::OrbitSummary;
use crate::aggregate::time::TimeBudget;
use crate::aggregate::{MetricSummary, Share, Summary};
use crate::model::Outcome;
use crate::model::record::Metric;
use std::fmt::Write;

/// Failure-event metrics, with the label the report gives each.
const FAILURE_EVENTS: [(Metric, &str); 12] = [
    (Metric::HarpoonPullouts, "harpoon pulled out of weak ground"),
    (Metric::HarpoonBounces, "harpoon bounced off hard ground"),
    (Metric::TetherFailures, "tether or winch failed"),
    (Metric::AnchorPullouts, "anchor pulled out by drilling"),
    (Metric::BitFailures, "drill bit failed"),
    (Metric::RobotFaults, "robot fault"),
    (Metric::RobotsLost, "robot lost"),
    (Metric::RobotsStopped, "robot stopped (no bits or harpoons)"),
    (Metric::PlantFailures, "plant failure"),
    (Metric::DustHolds, "dust hold"),
    (Metric::GroundWaits, "ground intervention"),
    (Metric::GroundWaitH, "hours waiting for the ground"),
];

/// A chart as the report shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRef {
    /// File stem (`delivered_histogram`); files are `charts/<stem>.png|svg`.
    pub stem: String,
    /// Title.
    pub title: String,
    /// How to read it, under the chart; empty when the title says enough.
    pub caption: String,
    /// The SVG text, inlined in HTML.
    pub svg: String,
}

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
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

/// A share with its interval: "86.1% (95% CI 80.0% to 90.0%)".
fn share_with_ci(s: &Share) -> String {
    format!(
        "{} (95% CI {})",
        percent(s.share),
        range(s.ci95_low, s.ci95_high, percent)
    )
}

/// A table block: header cells, which columns align right, rows.
pub(crate) fn table(header: &[&str], right: &[bool], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        header: header.iter().map(|s| (*s).to_owned()).collect(),
        right: right.to_vec(),
        rows,
    }
}

/// A "Charts" section, if there are charts.
pub(crate) fn charts_section(charts: Vec<ChartRef>) -> Vec<Block> {
    if charts.is_empty() {
        return Vec::new();
    }
    vec![Block::Heading(2, "Charts".into()), Block::Charts(charts)]
}

/// The headline table: success, delivered cargo, NPV, mission length.
fn headline(s: &Summary) -> Block {
    let kg = |x| thousands(x, 0);
    let rows = vec![
        vec![
            "success (some cargo delivered)".into(),
            share_with_ci(&s.outcomes[Outcome::Success]),
        ],
        vec![
            "full success (every trip delivered its cargo target)".into(),
            share_with_ci(&s.full_success),
        ],
        vec![
            "delivered cargo, kg".into(),
            band(&s.metrics[Metric::DeliveredKg], kg),
        ],
        vec![
            "net present value".into(),
            band(&s.metrics[Metric::NpvUsd], usd),
        ],
        vec!["P(NPV > 0)".into(), share_with_ci(&s.npv_positive)],
        vec![
            "mission length, days".into(),
            band(&s.metrics[Metric::MissionDays], kg),
        ],
    ];
    table(&["headline", "value"], &[false, false], rows)
}

/// Every outcome's count, share and interval.
fn outcomes_table(s: &Summary) -> Block {
    let rows = s
        .outcomes
        .iter()
        .map(|(outcome, o)| {
            vec![
                outcome.name().to_owned(),
                thousands(o.count as f64, 0),
                percent(o.share),
                range(o.ci95_low, o.ci95_high, percent),
            ]
        })
        .collect();
    table(
        &["outcome", "runs", "share", "95% CI"],
        &[false, true, true, false],
        rows,
    )
}

/// The failure events per run.
fn failures_table(s: &Summary) -> Block {
    let rows = FAILURE_EVENTS
        .iter()
        .map(|&(metric, label)| {
            let m = &s.metrics[metric];
            vec![
                label.to_owned(),
                thousands(m.mean, 2),
                thousands(m.p50, 1),
                thousands(m.p95, 1),
                thousands(m.max, 1),
            ]
        })
        .collect();
    table(
        &["event", "mean", "median", "95th pct", "max"],
        &[false, true, true, true, true],
        rows,
    )
}

/// Every metric's statistics.
fn metrics_table(s: &Summary) -> Block {
    let f = |x: f64| thousands(x, if x == 0.0 || x.abs() >= 100.0 { 0 } else { 2 });
    let rows = s
        .metrics
        .iter()
        .map(|(metric, m)| {
            vec![
                metric.name().to_owned(),
                f(m.mean),
                match (m.ci95_low, m.ci95_high) {
                    (Some(lo), Some(hi)) => range(lo, hi, f),
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
    table(
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
        rows,
    )
}

/// The report's blocks for `summary`.
pub(crate) fn build(
    summary: &Summary,
    description: &str,
    orbit: Option<&OrbitSummary>,
    charts: Vec<ChartRef>,
) -> Vec<Block> {
    let s = summary;
    let runs = thousands(s.runs as f64, 0);
    let mut blocks = vec![Block::Heading(1, format!("astromine: {}", s.scenario))];
    if !description.is_empty() {
        blocks.push(Block::Paragraph(description.to_owned()));
    }
    blocks.extend([
        Block::Paragraph(format!("{runs} runs, seed {}.", s.seed)),
        headline(s),
        Block::Heading(2, "Outcomes".into()),
        outcomes_table(s),
        Block::Heading(2, "Failure events per run".into()),
        failures_table(s),
    ]);
    blocks.extend(CostsSummary::of(s).blocks());
    blocks.extend(super::time::blocks(&TimeBudget::of(s)));
    blocks.extend(orbit.map(OrbitSummary::blocks).unwrap_or_default());
    blocks.extend(charts_section(charts));
    blocks.extend([
        Block::Heading(2, "All metrics".into()),
        Block::Paragraph(
            "Masses in kg, money in USD, time in days unless the name says otherwise.".into(),
        ),
        metrics_table(s),
        Block::Paragraph(format!(
            "Intervals: outcome shares and P(NPV > 0) use the Wilson score interval; \
             means use Student's t. Quantiles are exact over all {runs} runs."
        )),
    ]);
    blocks
}

/// A table cell for Markdown: a `|` would end the cell and a line break the
/// row, so the one is escaped and the other becomes a space.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// One Markdown table row: `| a | b |`.
fn markdown_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
    format!("| {} |", cells.join(" | "))
}

/// Markdown (report.md); charts are linked as PNG files.
pub(crate) fn to_markdown(blocks: &[Block]) -> String {
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
                let _ = writeln!(md, "{}", markdown_row(header));
                let rule: Vec<&str> = right
                    .iter()
                    .map(|r| if *r { "---:" } else { "---" })
                    .collect();
                let _ = writeln!(md, "|{}|", rule.join("|"));
                for row in rows {
                    let _ = writeln!(md, "{}", markdown_row(row));
                }
                md.push('\n');
            }
            Block::Charts(charts) => {
                for c in charts {
                    let _ = writeln!(md, "![{}](charts/{}.png)\n", c.title, c.stem);
                    if !c.caption.is_empty() {
                        let _ = writeln!(md, "{}\n", c.caption);
                    }
                }
            }
        }
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

/// Text made safe inside HTML elements.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Self-contained HTML (report.html): styles and SVG charts inline, no
/// network access needed.
pub(crate) fn to_html(blocks: &[Block], title: &str) -> String {
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
                    let caption = match c.caption.as_str() {
                        "" => escape(&c.title),
                        more => format!("<b>{}</b><br>{}", escape(&c.title), escape(more)),
                    };
                    let _ = writeln!(
                        html,
                        "<figure id=\"{}\">\n{}\n<figcaption>{caption}</figcaption>\n</figure>",
                        c.stem,
                        c.svg.trim(),
                    );
                }
            }
        }
    }
    html.push_str("</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup() {
        assert_eq!(escape("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(escape("&lt;"), "&amp;lt;");
        let html = to_html(
            &[
                Block::Heading(1, "<script>".into()),
                table(&["k|v"], &[true], vec![vec!["1 & 2".into()]]),
            ],
            "t<",
        );
        assert!(html.contains("<title>t&lt;</title>"));
        assert!(html.contains("<h1>&lt;script&gt;</h1>"));
        assert!(html.contains("<th>k|v</th>"));
        assert!(html.contains("<td class=\"num\">1 &amp; 2</td>"));
    }

    #[test]
    fn markdown_table_cells_keep_their_columns() {
        let blocks = [table(
            &["key", "value"],
            &[false, true],
            vec![vec!["a|b".into(), "line\nbreak".into()]],
        )];
        let md = to_markdown(&blocks);
        assert_eq!(md, "| key | value |\n|---|---:|\n| a\\|b | line break |\n");
        let row = md.lines().nth(2).unwrap();
        let unescaped = row
            .match_indices('|')
            .filter(|(i, _)| !row[..*i].ends_with('\\'));
        assert_eq!(unescaped.count(), 3);
    }

    #[test]
    fn markdown_blocks() {
        let md = to_markdown(&[
            Block::Heading(2, "Title".into()),
            Block::Paragraph("Text.".into()),
            Block::Charts(vec![
                ChartRef {
                    stem: "npv".into(),
                    title: "NPV".into(),
                    caption: String::new(),
                    svg: String::new(),
                },
                ChartRef {
                    stem: "cdf".into(),
                    title: "CDF".into(),
                    caption: "Read it so.".into(),
                    svg: String::new(),
                },
            ]),
        ]);
        assert_eq!(
            md,
            "## Title\n\nText.\n\n![NPV](charts/npv.png)\n\n![CDF](charts/cdf.png)\n\nRead it so.\n"
        );
    }
}
