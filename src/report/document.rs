//! The report as a small document (headings, paragraphs, tables, charts),
//! rendered to Markdown for report.md and to self-contained HTML for
//! report.html, so both always say the same thing.

use super::costs::CostsSummary;
use super::format::{percent, range, thousands, usd};
use super::orbit::OrbitSummary;
use super::sampling::SamplingSummary;
use crate::aggregate::headline::LEVELS;
use crate::aggregate::time::TimeBudget;
use crate::aggregate::{MetricSummary, Share, Summary};
use crate::model::Outcome;
use crate::model::metric_target::MetricTarget;
use crate::model::record::Metric;
use crate::scenario::show_number;
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

/// "mean 1,234; median 1,000 (5–95%: 0 to 2,000)".
fn mean_and_band(m: &MetricSummary, show: impl Fn(f64) -> String) -> String {
    format!(
        "mean {}; median {} (5–95%: {} to {})",
        show(m.mean),
        show(m.p50),
        show(m.p05),
        show(m.p95)
    )
}

/// What the report calls a headline metric, with its unit.
fn headline_label(metric: Metric) -> &'static str {
    match metric {
        Metric::DeliveredKg => "delivered cargo, kg",
        Metric::NpvUsd => "net present value",
        Metric::MissionDays => "mission length, days",
        other => other.name(),
    }
}

/// A value of `metric` as the headline shows it: money with a suffix,
/// anything else in whole units with thousands separators.
fn headline_value(metric: Metric) -> fn(f64) -> String {
    if metric.unit() == "USD" {
        usd
    } else {
        |x| thousands(x, 0)
    }
}

/// A target as the reports name it: "P(delivered_kg ≥ 100,000)".
pub(crate) fn target_label(t: &MetricTarget) -> String {
    let x = t.threshold;
    let threshold = if x.fract() == 0.0 && x.abs() < 1e15 {
        thousands(x, 0)
    } else {
        show_number(x).replace('-', "−")
    };
    format!(
        "P({} {} {threshold})",
        t.metric.name(),
        t.comparison.symbol()
    )
}

/// A share with its interval: "86.1% (95% CI 80.0% to 90.0%)".
pub(crate) fn share_with_ci(s: &Share) -> String {
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

/// The headline table: success, delivered cargo, NPV, P(NPV > 0), each
/// target, mission length.
fn headline(s: &Summary) -> Block {
    let metric = |m: Metric| {
        vec![
            headline_label(m).to_owned(),
            mean_and_band(&s.metrics[m], headline_value(m)),
        ]
    };
    let mut rows = vec![
        vec![
            "success (some cargo delivered)".into(),
            share_with_ci(&s.outcomes[Outcome::Success]),
        ],
        vec![
            "full success (every trip delivered its cargo target)".into(),
            share_with_ci(&s.full_success),
        ],
        metric(Metric::DeliveredKg),
        metric(Metric::NpvUsd),
        vec!["P(NPV > 0)".into(), share_with_ci(&s.npv_positive)],
    ];
    rows.extend(
        s.targets
            .iter()
            .map(|t| vec![target_label(&t.target), share_with_ci(&t.share)]),
    );
    rows.push(metric(Metric::MissionDays));
    table(&["measure", "value"], &[false, false], rows)
}

/// The headline metrics' percentiles, mean and standard deviation.
fn percentiles_table(s: &Summary) -> Block {
    let rows = s
        .percentiles
        .0
        .iter()
        .map(|(metric, p)| {
            let show = headline_value(*metric);
            let m = &s.metrics[*metric];
            let mut row = vec![headline_label(*metric).to_owned()];
            row.extend(p.0.iter().map(|&x| show(x)));
            row.extend([show(m.mean), show(m.std)]);
            row
        })
        .collect();
    let levels: Vec<String> = LEVELS.iter().map(|l| format!("P{l}")).collect();
    let mut header = vec!["metric"];
    header.extend(levels.iter().map(String::as_str));
    header.extend(["mean", "std"]);
    let mut right = vec![true; header.len()];
    right[0] = false;
    table(&header, &right, rows)
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
    sampling: Option<&SamplingSummary>,
    charts: Vec<ChartRef>,
) -> Vec<Block> {
    let s = summary;
    let runs = thousands(s.runs as f64, 0);
    let mut blocks = vec![Block::Heading(1, format!("astromine: {}", s.scenario))];
    if !description.is_empty() {
        blocks.push(Block::Paragraph(description.to_owned()));
    }
    blocks.extend([
        Block::Paragraph(match sampling {
            Some(d) => format!("{runs} runs, seed {}, sampling {}.", s.seed, d.sampling),
            None => format!("{runs} runs, seed {}.", s.seed),
        }),
        Block::Heading(2, "Headline".into()),
        headline(s),
    ]);
    blocks.extend(
        s.precision
            .as_ref()
            .map(super::precision::blocks)
            .unwrap_or_default(),
    );
    blocks.extend(CostsSummary::of(s).blocks());
    blocks.extend([
        Block::Heading(2, "Percentiles".into()),
        Block::Paragraph(format!(
            "P10 is the value 10% of the runs fall below and 90% reach or exceed (for \
             delivered cargo: what can be promised with 90% confidence). Exact over all \
             {runs} runs."
        )),
        percentiles_table(s),
        Block::Heading(2, "Outcomes".into()),
        outcomes_table(s),
        Block::Heading(2, "Failure events per run".into()),
        failures_table(s),
    ]);
    blocks.extend(super::time::blocks(&TimeBudget::of(s)));
    blocks.extend(orbit.map(OrbitSummary::blocks).unwrap_or_default());
    blocks.extend(sampling.map(|d| d.blocks(s.runs)).unwrap_or_default());
    blocks.extend(charts_section(charts));
    blocks.extend([
        Block::Heading(2, "All metrics".into()),
        Block::Paragraph(
            "Masses in kg, money in USD, time in days unless the name says otherwise.".into(),
        ),
        metrics_table(s),
        Block::Paragraph(format!(
            "Intervals: outcome shares, P(NPV > 0) and targets use the Wilson score interval; \
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

/// The fewest sections a document has for its renderings to open with a
/// table of contents.
const CONTENTS_FROM: usize = 4;

/// The anchor of every section heading (level 2), in order, as GitHub
/// makes them for Markdown headings (lower case, punctuation dropped,
/// spaces as hyphens, repeats numbered), so the Markdown and HTML tables of
/// contents link alike; `None` for every other block.
fn anchors(blocks: &[Block]) -> Vec<Option<String>> {
    let mut seen: Vec<String> = Vec::new();
    blocks
        .iter()
        .map(|block| {
            let Block::Heading(2, text) = block else {
                return None;
            };
            let slug: String = text
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            let repeats = seen.iter().filter(|s| **s == slug).count();
            seen.push(slug.clone());
            Some(if repeats == 0 {
                slug
            } else {
                format!("{slug}-{repeats}")
            })
        })
        .collect()
}

/// Each section's title and anchor, when there are enough sections for a
/// table of contents (none otherwise).
fn contents(blocks: &[Block], anchors: &[Option<String>]) -> Vec<(String, String)> {
    let sections: Vec<(String, String)> = blocks
        .iter()
        .zip(anchors)
        .filter_map(|(block, anchor)| match (block, anchor) {
            (Block::Heading(_, text), Some(anchor)) => Some((text.clone(), anchor.clone())),
            _ => None,
        })
        .collect();
    if sections.len() >= CONTENTS_FROM {
        sections
    } else {
        Vec::new()
    }
}

/// Where the table of contents goes: before the first section.
fn contents_at(anchors: &[Option<String>]) -> usize {
    anchors.iter().position(Option::is_some).unwrap_or(0)
}

/// How Markdown shows the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Images {
    /// As images linked from `charts/` (report.md beside its charts).
    Linked,
    /// As a list of the chart files, no image (summary.md, for pages such
    /// as a CI job summary where relative image paths cannot resolve).
    Listed,
}

/// Markdown (report.md); charts are linked as PNG files.
pub(crate) fn to_markdown(blocks: &[Block]) -> String {
    to_markdown_with(blocks, Images::Linked)
}

/// The Markdown charts section's lines, as `images` says.
fn markdown_charts(md: &mut String, charts: &[ChartRef], images: Images) {
    if images == Images::Listed {
        md.push_str(
            "The charts are not shown here. They are files in `charts/` beside this summary \
             (PNG and SVG; in CI, in the uploaded results artifact), and report.html holds them \
             all inline:\n\n",
        );
    }
    for c in charts {
        let _ = match images {
            Images::Linked => writeln!(md, "![{}](charts/{}.png)\n", c.title, c.stem),
            Images::Listed if c.caption.is_empty() => {
                writeln!(md, "- `charts/{}.png`: {}", c.stem, c.title)
            }
            Images::Listed => writeln!(md, "- `charts/{}.png`: {}. {}", c.stem, c.title, c.caption),
        };
        if images == Images::Linked && !c.caption.is_empty() {
            let _ = writeln!(md, "{}\n", c.caption);
        }
    }
    if images == Images::Listed {
        md.push('\n');
    }
}

/// Markdown with the charts shown as `images` says, and a table of
/// contents before the first section of a long document.
pub(crate) fn to_markdown_with(blocks: &[Block], images: Images) -> String {
    let mut md = String::new();
    let anchors = anchors(blocks);
    let contents = contents(blocks, &anchors);
    let at = contents_at(&anchors);
    for (i, block) in blocks.iter().enumerate() {
        if i == at && !contents.is_empty() {
            md.push_str("**Contents**\n\n");
            for (title, anchor) in &contents {
                let _ = writeln!(md, "- [{title}](#{anchor})");
            }
            md.push('\n');
        }
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
            Block::Charts(charts) => markdown_charts(&mut md, charts, images),
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

/// The page's head and styles, up to the opening of its body.
fn html_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n\
         body {{ font-family: sans-serif; max-width: 1240px; margin: 2em auto; padding: 0 1em; color: #1b1b1b; }}\n\
         table {{ border-collapse: collapse; margin: 1em 0; }}\n\
         th, td {{ border: 1px solid #c8c8c8; padding: 0.3em 0.6em; }}\n\
         th {{ background: #eef2f8; }}\n\
         td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}\n\
         nav.contents ul {{ columns: 2; margin: 0.5em 0 1.5em; }}\n\
         figure {{ margin: 1.5em 0; }}\n\
         figure svg {{ display: block; max-width: 100%; height: auto; }}\n\
         </style>\n</head>\n<body>\n",
        escape(title)
    )
}

/// A table as HTML, numbers right-aligned.
fn html_table(html: &mut String, header: &[String], right: &[bool], rows: &[Vec<String>]) {
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

/// The table of contents as HTML.
fn html_contents(html: &mut String, contents: &[(String, String)]) {
    html.push_str("<nav class=\"contents\">\n<p><strong>Contents</strong></p>\n<ul>\n");
    for (title, anchor) in contents {
        let _ = writeln!(html, "<li><a href=\"#{anchor}\">{}</a></li>", escape(title));
    }
    html.push_str("</ul>\n</nav>\n");
}

/// Self-contained HTML (report.html): styles and SVG charts inline, no
/// network access needed; sections carry the anchors of the Markdown
/// rendering, and a long document opens with a table of contents.
pub(crate) fn to_html(blocks: &[Block], title: &str) -> String {
    let mut html = html_head(title);
    let anchors = anchors(blocks);
    let contents = contents(blocks, &anchors);
    let at = contents_at(&anchors);
    for (i, (block, anchor)) in blocks.iter().zip(&anchors).enumerate() {
        if i == at && !contents.is_empty() {
            html_contents(&mut html, &contents);
        }
        match block {
            Block::Heading(level, text) => {
                let id = anchor
                    .as_ref()
                    .map_or_else(String::new, |a| format!(" id=\"{a}\""));
                let _ = writeln!(html, "<h{level}{id}>{}</h{level}>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(html, "<p>{}</p>", escape(text));
            }
            Block::Table {
                header,
                right,
                rows,
            } => html_table(&mut html, header, right, rows),
            Block::Charts(charts) => {
                for c in charts {
                    let caption = match c.caption.as_str() {
                        "" => escape(&c.title),
                        more => format!("<b>{}</b><br>{}", escape(&c.title), escape(more)),
                    };
                    let _ = writeln!(
                        html,
                        "<figure id=\"chart-{}\">\n{}\n<figcaption>{caption}</figcaption>\n</figure>",
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
    fn long_documents_open_with_contents_anchored_as_github_does() {
        let section = |title: &str| Block::Heading(2, title.to_owned());
        let mut blocks = vec![
            Block::Heading(1, "astromine: a".into()),
            Block::Paragraph("Intro.".into()),
            section("Effects, largest NPV effect first"),
            section("Against baseline-v2 (2)"),
            section("Charts"),
        ];
        assert!(!to_markdown(&blocks).contains("Contents"), "three sections");
        blocks.push(section("Charts"));
        let md = to_markdown(&blocks);
        assert!(md.starts_with(
            "# astromine: a\n\nIntro.\n\n**Contents**\n\n\
             - [Effects, largest NPV effect first](#effects-largest-npv-effect-first)\n\
             - [Against baseline-v2 (2)](#against-baseline-v2-2)\n\
             - [Charts](#charts)\n- [Charts](#charts-1)\n\n## Effects"
        ));
        let html = to_html(&blocks, "a");
        assert!(html.contains("<li><a href=\"#charts-1\">Charts</a></li>"));
        assert!(html.contains("<h2 id=\"charts-1\">Charts</h2>"));
        assert!(html.contains("<h1>astromine: a</h1>"));
    }

    #[test]
    fn markdown_blocks() {
        let npv = ChartRef {
            stem: "npv".into(),
            title: "NPV".into(),
            caption: String::new(),
            svg: String::new(),
        };
        let md = to_markdown(&[
            Block::Heading(2, "Title".into()),
            Block::Paragraph("Text.".into()),
            Block::Charts(vec![
                npv.clone(),
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
        let listed = to_markdown_with(&[Block::Charts(vec![npv])], Images::Listed);
        assert!(
            listed.ends_with("\n\n- `charts/npv.png`: NPV\n"),
            "{listed}"
        );
        assert!(!listed.contains("!["));
    }
}
