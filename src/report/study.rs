//! The documents and chart data of studies: comparisons, sweeps and
//! sensitivity, rendered from the study's results.

use super::charts::{Bar, Grid, GridPoint, Tornado, coverage};
use super::document::{Block, ChartRef, charts_section, table, target_label};
use super::format::{percent, quantity, range, thousands, usd};
use crate::aggregate::Share;
use crate::aggregate::time::TimeBudget;
use crate::stats::Estimate;
use crate::study::compare::{CompareReport, Comparison, Difference};
use crate::study::sensitivity::variance::{Ranking, VarianceReport};
use crate::study::sensitivity::{Effect, Kind, Rho, SensitivityReport};
use crate::study::sweep::SweepReport;

/// Headers of the per-scenario headline columns shared by compare and sweep.
const HEADLINE: [&str; 5] = [
    "mean delivered, kg",
    "median delivered, kg",
    "mean NPV",
    "median NPV",
    "P(NPV > 0)",
];

/// The headline cells under [`HEADLINE`].
fn headline_cells(
    delivered: &crate::aggregate::MetricSummary,
    npv: &crate::aggregate::MetricSummary,
    npv_positive: &Share,
) -> [String; 5] {
    [
        thousands(delivered.mean, 0),
        thousands(delivered.p50, 0),
        usd(npv.mean),
        usd(npv.p50),
        percent(npv_positive.share),
    ]
}

/// "86.1% (80.0% to 90.0%)".
fn share_and_range(s: &Share) -> String {
    format!(
        "{} ({})",
        percent(s.share),
        range(s.ci95_low, s.ci95_high, percent)
    )
}

/// A difference's row cells: mean, paired interval, independent interval.
fn difference_cells(d: &Difference, show: impl Fn(f64) -> String + Copy) -> [String; 3] {
    [
        show(d.mean),
        range(d.paired_ci95_low, d.paired_ci95_high, show),
        range(d.independent_ci95_low, d.independent_ci95_high, show),
    ]
}

/// The comparison's scenarios, one row each.
fn compare_scenarios(report: &CompareReport) -> Block {
    let rows = report
        .scenarios
        .iter()
        .map(|b| {
            let mut row = vec![
                b.scenario.clone(),
                share_and_range(&b.success),
                share_and_range(&b.full_success),
            ];
            row.extend(headline_cells(&b.delivered_kg, &b.npv_usd, &b.npv_positive));
            row
        })
        .collect();
    let mut header = vec!["scenario", "success (95% CI)", "full success (95% CI)"];
    header.extend(HEADLINE);
    table(
        &header,
        &[false, false, false, true, true, true, true, true],
        rows,
    )
}

/// Each scenario's share of runs meeting each target, when there are
/// targets.
fn compare_targets(report: &CompareReport) -> Vec<Block> {
    let Some(first) = report.scenarios.first().filter(|b| !b.targets.is_empty()) else {
        return Vec::new();
    };
    let labels: Vec<String> = first
        .targets
        .iter()
        .map(|t| format!("{} (95% CI)", target_label(&t.target)))
        .collect();
    let mut header = vec!["scenario"];
    header.extend(labels.iter().map(String::as_str));
    let rows = report
        .scenarios
        .iter()
        .map(|b| {
            let mut row = vec![b.scenario.clone()];
            row.extend(b.targets.iter().map(|t| share_and_range(&t.share)));
            row
        })
        .collect();
    vec![
        Block::Heading(2, "Targets".into()),
        Block::Paragraph(
            "The share of runs that met each target, with its 95% Wilson interval.".into(),
        ),
        table(&header, &vec![false; header.len()], rows),
    ]
}

/// One row of the differences table.
fn difference_row(
    c: &Comparison,
    metric: &str,
    d: &Difference,
    [higher, tied, lower]: [&Share; 3],
    show: impl Fn(f64) -> String + Copy,
) -> Vec<String> {
    let mut row = vec![c.scenario.clone(), metric.to_owned()];
    row.extend(difference_cells(d, show));
    row.push(share_and_range(higher));
    let pct = |s: &Share| format!("{:.1}%", s.share * 100.0);
    row.push(pct(tied));
    row.push(pct(lower));
    row
}

/// Delivered cargo and NPV of each scenario against the first.
fn compare_differences(report: &CompareReport) -> Block {
    let kg = |x: f64| thousands(x, 0);
    let rows = report
        .comparisons
        .iter()
        .flat_map(|c| {
            [
                difference_row(
                    c,
                    "delivered cargo, kg",
                    &c.delivered_kg,
                    [
                        &c.p_delivered_higher,
                        &c.p_delivered_tied,
                        &c.p_delivered_lower,
                    ],
                    kg,
                ),
                difference_row(
                    c,
                    "NPV",
                    &c.npv_usd,
                    [&c.p_npv_higher, &c.p_npv_tied, &c.p_npv_lower],
                    usd,
                ),
            ]
        })
        .collect();
    table(
        &[
            "scenario",
            "metric",
            "mean difference",
            "paired 95% CI",
            "independent 95% CI",
            "higher in a run",
            "tied",
            "lower",
        ],
        &[false, false, true, false, false, false, true, true],
        rows,
    )
}

/// Change in each outcome's share, against the first.
fn compare_outcomes(report: &CompareReport) -> Block {
    let pp = |x: f64| format!("{:+.1} pp", x * 100.0).replacen('-', "−", 1);
    let rows = report
        .comparisons
        .iter()
        .flat_map(|c| {
            c.outcome_share_change.iter().map(move |(outcome, d)| {
                let mut row = vec![c.scenario.clone(), outcome.name().to_owned()];
                row.extend(difference_cells(d, pp));
                row
            })
        })
        .collect();
    table(
        &[
            "scenario",
            "outcome",
            "change",
            "paired 95% CI",
            "independent 95% CI",
        ],
        &[false, false, true, false, false],
        rows,
    )
}

/// The comparison report's blocks (comparison.md and .html).
pub(crate) fn compare_document(report: &CompareReport, charts: Vec<ChartRef>) -> Vec<Block> {
    let labels: Vec<&str> = report
        .scenarios
        .iter()
        .map(|b| b.scenario.as_str())
        .collect();
    let mut blocks = vec![
        Block::Heading(1, format!("astromine: {}", labels.join(" vs "))),
        Block::Paragraph(format!(
            "{} runs per scenario, seed {}, on common random numbers: replication k of every \
             scenario sees the same asteroid and the same draws wherever the scenarios agree, so \
             differences are measured run by run (paired). Beside each paired interval stands the \
             interval an analysis of independent samples would give.",
            thousands(report.runs as f64, 0),
            report.seed
        )),
        Block::Heading(2, "Scenarios".into()),
        compare_scenarios(report),
    ];
    blocks.extend(compare_targets(report));
    if let Some(selection) = &report.selection {
        blocks.extend(super::selection::best_strategy(selection));
    }
    if !report.comparisons.is_empty() {
        blocks.extend([
            Block::Heading(2, format!("Against {}", labels[0])),
            compare_differences(report),
            Block::Heading(2, "Change in outcome shares".into()),
            compare_outcomes(report),
        ]);
    }
    let budgets: Vec<&TimeBudget> = report.scenarios.iter().map(|b| &b.time).collect();
    blocks.extend(super::time::compare_blocks(&labels, &budgets));
    blocks.extend(charts_section(charts));
    blocks
}

/// The sweep's grid as the charts need it.
pub(crate) fn sweep_grid(r: &SweepReport) -> Grid {
    Grid {
        keys: r.keys.clone(),
        points: r
            .points
            .iter()
            .map(|p| GridPoint {
                values: p.values.iter().map(|(_, v)| v.clone()).collect(),
                delivered: p.delivered_kg,
                npv: p.npv_usd,
                success: p.success,
                npv_positive: p.npv_positive,
            })
            .collect(),
    }
}

/// The sweep report's blocks.
pub(crate) fn sweep_document(r: &SweepReport, charts: Vec<ChartRef>) -> Vec<Block> {
    let keys: Vec<&str> = r.keys.iter().map(|(k, _)| k.as_str()).collect();
    let mut blocks = vec![
        Block::Heading(
            1,
            format!("astromine: {} swept over {}", r.scenario, keys.join(" × ")),
        ),
        Block::Paragraph(format!(
            "{} points, {} runs each, seed {}, on common random numbers: every point sees the \
             same replications, so differences between points come from the swept keys. The \
             chart gives each mean with its 95% interval (Student t) and the median, and each \
             share with its 95% Wilson interval; sweep.json has them all.",
            r.points.len(),
            thousands(r.runs as f64, 0),
            r.seed
        )),
    ];
    if !charts.is_empty() {
        blocks.push(Block::Charts(charts));
    }
    let mut header = keys.clone();
    header.push("success");
    header.extend(HEADLINE);
    let mut right = vec![false; keys.len()];
    right.extend([true; 6]);
    let rows = r
        .points
        .iter()
        .map(|p| {
            let mut row: Vec<String> = p.values.iter().map(|(_, v)| v.clone()).collect();
            row.push(percent(p.success.share));
            row.extend(headline_cells(&p.delivered_kg, &p.npv_usd, &p.npv_positive));
            row
        })
        .collect();
    blocks.push(Block::Heading(2, "Points".into()));
    blocks.push(table(&header, &right, rows));
    blocks
}

/// `value` of the input `key` with the key's unit ("343.7 h", "0.68").
fn with_unit(key: &str, value: f64) -> String {
    quantity(
        value,
        crate::scenario::find_key(key).map_or("", |k| k.unit()),
    )
}

/// The value written at a tornado bar's end: the input's value with its
/// unit, after `P10`/`P90` for a per-run distribution and `median` for a
/// per-event one (its median event, the distribution scaled).
fn end_label(e: &Effect, high: bool) -> String {
    let value = with_unit(&e.key, if high { e.high_value } else { e.low_value });
    match e.kind {
        Kind::Fixed => value,
        Kind::PerRunDistribution => format!("{} {value}", if high { "P90" } else { "P10" }),
        Kind::PerEventDistribution => format!("median {value}"),
    }
}

/// Whether a change's paired interval leaves out 0.
fn clear(d: &Difference) -> bool {
    d.paired_ci95_low > 0.0 || d.paired_ci95_high < 0.0
}

/// One tornado: each effect's change at the low and high value (its
/// `changes`) divided by `scale`, largest reach first, around `base`.
fn tornado(
    r: &SensitivityReport,
    (result, unit): (&str, &str),
    base: f64,
    scale: f64,
    changes: fn(&Effect) -> [&Difference; 2],
) -> Tornado {
    let interval = |d: &Difference| (d.paired_ci95_low / scale, d.paired_ci95_high / scale);
    let mut bars: Vec<Bar> = r
        .effects
        .iter()
        .map(|e| {
            let [low, high] = changes(e);
            Bar {
                key: e.key.clone(),
                low_value: end_label(e, false),
                high_value: end_label(e, true),
                low: low.mean / scale,
                high: high.mean / scale,
                low_interval: interval(low),
                high_interval: interval(high),
                low_clear: clear(low),
                high_clear: clear(high),
            }
        })
        .collect();
    let reach = |b: &Bar| b.low.abs().max(b.high.abs());
    bars.sort_by(|a, b| reach(b).total_cmp(&reach(a)));
    Tornado {
        result: result.into(),
        unit: unit.into(),
        base: base / scale,
        runs: r.runs,
        swing: r.swing,
        bars,
    }
}

/// The two tornadoes (NPV in million USD, delivered cargo in kg).
pub(crate) fn tornadoes(r: &SensitivityReport) -> (Tornado, Tornado) {
    (
        tornado(r, ("mean NPV", "million USD"), r.base_npv, 1e6, |e| {
            [&e.npv_low_change, &e.npv_high_change]
        }),
        tornado(
            r,
            ("mean delivered cargo", "kg"),
            r.base_delivered,
            1.0,
            |e| [&e.delivered_low_change, &e.delivered_high_change],
        ),
    )
}

/// The mark after a figure whose interval contains 0.
const NOT_CLEAR: &str = " †";

/// `shown`, marked when `d`'s paired interval contains 0.
fn marked(shown: String, d: &Difference) -> String {
    if clear(d) { shown } else { shown + NOT_CLEAR }
}

/// The effects table, largest NPV effect first.
fn effects_table(r: &SensitivityReport) -> Block {
    let rows = r
        .effects
        .iter()
        .map(|e| {
            vec![
                e.key.clone(),
                e.label.clone(),
                with_unit(&e.key, e.low_value),
                with_unit(&e.key, e.high_value),
                marked(usd(e.npv_low), &e.npv_low_change),
                marked(usd(e.npv_high), &e.npv_high_change),
                marked(thousands(e.delivered_low, 0), &e.delivered_low_change),
                marked(thousands(e.delivered_high, 0), &e.delivered_high_change),
            ]
        })
        .collect();
    table(
        &[
            "input",
            "what it is, how it was moved",
            "low",
            "high",
            "mean NPV low",
            "mean NPV high",
            "mean delivered low, kg",
            "mean delivered high, kg",
        ],
        &[false, false, true, true, true, true, true, true],
        rows,
    )
}

/// "+0.201 (+0.004 to +0.381; −0.07 to +0.45)": ρ, its own interval and
/// the simultaneous one, marked when the simultaneous one contains 0.
fn rho_cell(rho: Option<Rho>) -> String {
    rho.map_or("n/a".to_owned(), |r| {
        let show = |x: f64| format!("{x:+.3}");
        let cell = format!(
            "{} ({}; {})",
            show(r.estimate),
            range(r.ci95_low, r.ci95_high, show),
            range(r.simultaneous_ci95_low, r.simultaneous_ci95_high, show)
        );
        if r.clear_of_zero {
            cell
        } else {
            cell + NOT_CLEAR
        }
    })
}

/// The rank-correlation table.
fn correlations_table(r: &SensitivityReport) -> Block {
    let rows = r
        .correlations
        .iter()
        .map(|c| vec![c.key.clone(), rho_cell(c.npv), rho_cell(c.delivered)])
        .collect();
    table(
        &[
            "input",
            "ρ with NPV (95% CI; simultaneous)",
            "ρ with delivered cargo (95% CI; simultaneous)",
        ],
        &[false, true, true],
        rows,
    )
}

/// The sensitivity report's blocks.
pub(crate) fn sensitivity_document(r: &SensitivityReport, charts: Vec<ChartRef>) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(1, format!("astromine: sensitivity of {}", r.scenario)),
        Block::Paragraph(format!(
            "Each numeric input in turn is moved to a low and a high value, with everything \
             else as in the scenario, {} runs each on common random numbers (seed {}): a fixed \
             number by ±{:.0}% (kept inside its valid range); a distribution drawn once per run \
             to its 10th and 90th percentiles (P10, P90); a distribution drawn at every event \
             multiplied so that its median event moves to its P10 or P90, every event keeping \
             its spread (the low and high values given are that median event). Base: mean \
             delivered cargo {} kg, mean NPV {}. The tornado charts show the {} with the \
             largest effect, each change with its paired 95% interval (run by run against the \
             base batch; in sensitivity.json); a pale bar and † mark a change whose interval \
             contains 0: it cannot be told from zero at these runs.",
            thousands(r.runs as f64, 0),
            r.seed,
            r.swing * 100.0,
            thousands(r.base_delivered, 0),
            usd(r.base_npv),
            coverage(r.effects.len())
        )),
    ];
    if !charts.is_empty() {
        blocks.push(Block::Charts(charts));
    }
    blocks.extend([
        Block::Heading(2, "Effects, largest NPV effect first".into()),
        effects_table(r),
        Block::Heading(
            2,
            "Rank correlations with the base batch's per-run draws".into(),
        ),
        Block::Paragraph(
            "Spearman's ρ between each uncertain per-run input, as drawn in each replication, \
             and that replication's result: how much of the spread each uncertainty explains, \
             with its 95% interval (Fisher's z, variance 1.06/(n − 3)) and the simultaneous \
             95% interval over every ρ in the table (Bonferroni), which is the one to use when \
             scanning the table for inputs that matter: one ρ in twenty clears its own interval \
             by chance. † marks a ρ whose simultaneous interval contains 0: it cannot be told \
             from zero at these runs."
                .into(),
        ),
        correlations_table(r),
    ]);
    blocks.extend(left_out(&r.skipped));
    blocks
}

/// The inputs a study left out, with why (nothing when none).
fn left_out(skipped: &[(String, String)]) -> Vec<Block> {
    if skipped.is_empty() {
        return Vec::new();
    }
    let rows = skipped
        .iter()
        .map(|(k, why)| vec![k.clone(), why.clone()])
        .collect();
    vec![
        Block::Heading(2, "Left out".into()),
        table(&["input", "why"], &[false, false], rows),
    ]
}

/// "0.312 (0.250 to 0.371)", marked † when the interval reaches 0.
fn index_cell(e: &Estimate) -> String {
    let show = |x: f64| format!("{x:.3}");
    let cell = format!(
        "{} ({})",
        show(e.estimate),
        range(e.ci95_low, e.ci95_high, show)
    );
    if e.ci95_low > 0.0 {
        cell
    } else {
        cell + NOT_CLEAR
    }
}

/// One result's indices: a sentence and a table, noise last.
fn ranking_blocks(title: &str, ranking: &Ranking, show: fn(f64) -> String) -> Vec<Block> {
    let rows = ranking
        .inputs
        .iter()
        .chain([&ranking.noise])
        .map(|i| {
            vec![
                i.key.clone(),
                i.range.clone(),
                index_cell(&i.indices.first_order),
                index_cell(&i.indices.total),
            ]
        })
        .collect();
    vec![
        Block::Heading(2, title.to_owned()),
        Block::Paragraph(format!(
            "Mean {}, standard deviation {} over the rows of A and B. The model's own randomness \
             (noise) has a total index of {}.",
            show(ranking.mean),
            show(ranking.variance.sqrt()),
            index_cell(&ranking.noise.indices.total)
        )),
        table(
            &[
                "input",
                "range",
                "first-order index (95% CI)",
                "total index (95% CI)",
            ],
            &[false, false, true, true],
            rows,
        ),
    ]
}

/// The variance-based sensitivity report's blocks.
pub(crate) fn variance_document(r: &VarianceReport, charts: Vec<ChartRef>) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(
            1,
            format!("astromine: variance-based sensitivity of {}", r.scenario),
        ),
        Block::Paragraph(format!(
            "First-order and total Sobol indices of NPV and delivered cargo over {} inputs: the \
             share of each result's variance an input explains alone, and with all its \
             interactions. Each input varies by replication over a range: a distribution drawn \
             once per run over itself; a fixed number uniformly over ±{:.0}% (kept inside its \
             valid range), so its indices depend on that swing and say what the result would \
             owe to it were it that uncertain; a distribution drawn at every event multiplied by \
             a factor uniform between those that put its median at its P10 and at its P90. \
             Saltelli design of {} rows (matrices A and B and each A_B^i; seed {}), {} runs; \
             Jansen's estimators (Saltelli et al. 2010, Table 2) with 95% intervals from {} \
             bootstrap resamples of the rows; † marks an index whose interval reaches 0. Rows of \
             A and each A_B^i run on replications 0 to N − 1 and rows of B on N to 2N − 1, so \
             the model's own per-event randomness is one more input (noise), with its indices \
             from A's inputs on B's replications.",
            r.d,
            r.swing * 100.0,
            thousands(r.n as f64, 0),
            r.seed,
            thousands(r.runs as f64, 0),
            r.resamples
        )),
    ];
    if !charts.is_empty() {
        blocks.push(Block::Charts(charts));
    }
    blocks.extend(ranking_blocks("NPV", &r.npv, usd));
    blocks.extend(ranking_blocks("Delivered cargo, kg", &r.delivered, |x| {
        thousands(x, 0)
    }));
    blocks.extend(left_out(&r.skipped));
    blocks
}
