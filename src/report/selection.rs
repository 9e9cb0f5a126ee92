//! The "Best strategy" section of comparison.md and .html, and its line on
//! the terminal: which scenario a selection picked, with what confidence,
//! after how many runs.

use super::document::{Block, table};
use super::format::{percent, quantity, significant, thousands, usd};
use crate::study::select::{Contender, Direction, Selection, Verdict};

/// A mean of the selection's measure ("−$108M", "78,457 kg", "86.1%").
fn value(sel: &Selection, x: f64) -> String {
    match sel.unit {
        "USD" => usd(x),
        "share" => percent(x),
        "kg" => format!("{} kg", thousands(x, 0)),
        "count" => significant(x),
        unit => quantity(x, unit),
    }
}

/// A difference of the measure, as the indifference zone is given ("$5.00M",
/// "2 percentage points").
fn difference(sel: &Selection, x: f64) -> String {
    if sel.unit == "share" {
        format!("{} percentage points", significant(x * 100.0))
    } else {
        value(sel, x)
    }
}

/// The confidence as a percentage ("95%", "97.5%").
fn confidence(sel: &Selection) -> String {
    format!("{}%", significant(sel.confidence * 100.0))
}

/// "highest mean npv_usd", "lowest share of launch_failure".
fn goal(sel: &Selection) -> String {
    let way = match sel.goal {
        Direction::Max => "highest",
        Direction::Min => "lowest",
    };
    let of = if sel.unit == "share" {
        "share of"
    } else {
        "mean"
    };
    format!("{way} {of} {}", sel.metric)
}

/// "a, b and c".
fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The fewest and most runs of any scenario: "2,000" or "2,000 to 2,448".
fn run_span(sel: &Selection) -> String {
    let runs = sel.scenarios.iter().map(|c| c.runs);
    let (low, high) = (runs.clone().min(), runs.max());
    match (low, high) {
        (Some(l), Some(h)) if l != h => {
            format!("{} to {}", thousands(l as f64, 0), thousands(h as f64, 0))
        }
        (_, h) => thousands(h.unwrap_or(0) as f64, 0),
    }
}

/// The selection's answer in one line, for the terminal.
pub(crate) fn verdict(sel: &Selection) -> String {
    let what = format!("best by {}", goal(sel));
    match sel.verdict {
        Verdict::Selected => format!(
            "{what}: {} (probability ≥ {} if it leads by ≥ {}; {} runs per scenario, {} in all)",
            sel.best.as_deref().unwrap_or_default(),
            confidence(sel),
            difference(sel, sel.indifference),
            run_span(sel),
            thousands(sel.total_runs as f64, 0)
        ),
        Verdict::Tied => format!(
            "{what}: {} are tied, identical in every run",
            and_list(&sel.survivors)
        ),
        Verdict::Undecided => format!(
            "{what}: {} cannot be told apart within {} after {} runs each (--max-runs); \
             at most {} would part them",
            and_list(&sel.survivors),
            difference(sel, sel.indifference),
            thousands(sel.max_runs as f64, 0),
            thousands(sel.runs_to_decide.unwrap_or(0) as f64, 0)
        ),
    }
}

/// What the selection found, in a paragraph.
fn finding(sel: &Selection) -> String {
    let delta = difference(sel, sel.indifference);
    match sel.verdict {
        Verdict::Selected => format!(
            "Best: {}, with the {}. If one scenario's {} is at least {delta} better than \
             every other's (the indifference zone δ), the procedure selects it with probability \
             at least {}; scenarios within {delta} of the best count as equally good, and it may \
             select any of them.",
            sel.best.as_deref().unwrap_or_default(),
            goal(sel),
            sel.metric,
            confidence(sel)
        ),
        Verdict::Tied => format!(
            "{} gave the same {} in every run: they cannot be told apart, and more runs would \
             not change that.",
            and_list(&sel.survivors),
            sel.metric
        ),
        Verdict::Undecided => format!(
            "No single best within {delta}. After {} runs each (the limit, --max-runs), \
             {} are still in contention: they cannot be told apart within {delta} with {} \
             confidence. The procedure would part them by {} runs each at most; or accept a \
             wider --indifference.",
            thousands(sel.max_runs as f64, 0),
            and_list(&sel.survivors),
            confidence(sel),
            thousands(sel.runs_to_decide.unwrap_or(0) as f64, 0)
        ),
    }
}

/// How the procedure ran, in a paragraph.
fn method(sel: &Selection) -> String {
    let n0 = thousands(sel.first_stage_runs as f64, 0);
    let tables = sel.first_stage_runs * sel.scenarios.len() as u64;
    let runs = if sel.total_runs == tables {
        format!(
            "It needed no runs beyond the tables' {}.",
            thousands(tables as f64, 0)
        )
    } else {
        let wasted = sel.simulated_runs.saturating_sub(sel.total_runs);
        let chunks = if wasted > 0 {
            format!(
                " ({} more were simulated and not needed: runs go in chunks)",
                thousands(wasted as f64, 0)
            )
        } else {
            String::new()
        };
        format!(
            "It used {} runs, {} beyond the tables' {}{chunks}.",
            thousands(sel.total_runs as f64, 0),
            thousands((sel.total_runs - tables) as f64, 0),
            thousands(tables as f64, 0),
        )
    };
    format!(
        "Kim and Nelson's fully sequential procedure (KN, 2001) on common random numbers. The \
         first {n0} runs of every scenario are those of the tables; from then on, after each \
         replication index, a scenario is dropped as soon as another is ahead of it by more \
         than a margin that narrows as runs accumulate (set by the variance of their paired \
         differences over the first {n0} runs; h² = {:.3}), and the scenarios still in \
         contention get the next replication, so their means always cover the same runs. It \
         assumes each scenario's mean over runs is close to normal. {runs} Each mean in the \
         table is over that scenario's own runs, so an eliminated scenario's is not comparable \
         with the others'; how far behind it was is measured over the same runs.",
        sel.h2,
    )
}

/// A contender's state at the end.
fn result(sel: &Selection, c: &Contender) -> String {
    match (&c.eliminated_by, c.eliminated_after, c.behind_by) {
        (Some(by), Some(after), Some(behind)) => format!(
            "eliminated after run {}, {} behind {by}",
            thousands(after as f64, 0),
            difference(sel, behind)
        ),
        _ => match sel.verdict {
            Verdict::Selected => "selected".to_owned(),
            Verdict::Tied => "tied".to_owned(),
            Verdict::Undecided => "in contention".to_owned(),
        },
    }
}

/// The eliminated contenders, first eliminated first.
fn eliminated(sel: &Selection) -> impl Iterator<Item = &Contender> {
    sel.elimination_order
        .iter()
        .filter_map(|name| sel.scenarios.iter().find(|c| &c.scenario == name))
}

/// The contenders, survivors first, then the eliminated from last to
/// first: the order in which the procedure ranks them.
fn contenders(sel: &Selection) -> Block {
    let survivors = sel.scenarios.iter().filter(|c| c.eliminated_by.is_none());
    let last_first: Vec<&Contender> = eliminated(sel).collect();
    let rows = survivors
        .chain(last_first.into_iter().rev())
        .map(|c| {
            vec![
                c.scenario.clone(),
                thousands(c.runs as f64, 0),
                value(sel, c.mean),
                result(sel, c),
            ]
        })
        .collect();
    let mean = if sel.unit == "share" {
        format!("share of {}", sel.metric)
    } else {
        format!("mean {}", sel.metric)
    };
    table(
        &["scenario", "runs", &mean, "result"],
        &[false, true, true, false],
        rows,
    )
}

/// The "Best strategy" section.
pub(crate) fn best_strategy(sel: &Selection) -> Vec<Block> {
    let mut steps: Vec<(u64, Vec<String>)> = Vec::new();
    for c in eliminated(sel) {
        let after = c.eliminated_after.unwrap_or(0);
        match steps.last_mut() {
            Some((at, names)) if *at == after => names.push(c.scenario.clone()),
            _ => steps.push((after, vec![c.scenario.clone()])),
        }
    }
    let order: Vec<String> = steps
        .iter()
        .map(|(after, names)| {
            format!(
                "after run {}, {}",
                thousands(*after as f64, 0),
                and_list(names)
            )
        })
        .collect();
    let mut blocks = vec![
        Block::Heading(2, "Best strategy".into()),
        Block::Paragraph(finding(sel)),
        contenders(sel),
    ];
    if !order.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "Eliminated, in this order: {}.",
            order.join("; ")
        )));
    }
    blocks.push(Block::Paragraph(method(sel)));
    blocks
}
