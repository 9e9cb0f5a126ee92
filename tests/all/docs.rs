//! docs/model.md and the code agree: every metric, outcome and trace event
//! the code declares is documented, with the metric's unit.

use astromine::model::trace::EventKind;
use astromine::model::{Metric, Outcome};

const MODEL: &str = include_str!("../../docs/model.md");

/// The rows of the Markdown table under `heading`.
fn table_rows(heading: &str) -> Vec<Vec<String>> {
    let at = MODEL
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading}"));
    MODEL[at..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn every_metric_is_documented_with_its_unit() {
    let rows = table_rows("## Metrics");
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let declared: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    assert_eq!(
        names, declared,
        "the metrics table lists runs.csv's columns in order"
    );
    for (row, m) in rows.iter().zip(Metric::ALL) {
        assert_eq!(
            row.last().map(String::as_str),
            Some(m.unit()),
            "{}",
            m.name()
        );
    }
}

#[test]
fn every_trace_event_and_outcome_is_documented() {
    let rows = table_rows("## Trace events");
    let documented: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    let declared: Vec<(&str, &str)> = EventKind::ALL
        .iter()
        .map(|k| (k.subsystem(), k.name()))
        .collect();
    assert_eq!(documented, declared);
    let outcomes = &MODEL[MODEL.find("## Outcomes").unwrap()..];
    for o in Outcome::ALL {
        assert!(
            outcomes.contains(&format!("`{}`", o.name())),
            "{}",
            o.name()
        );
    }
}

#[test]
fn every_key_of_the_baseline_says_what_it_is_or_where_it_comes_from() {
    let text = crate::support::BASELINE;
    let mut previous = "";
    let mut bare = Vec::new();
    for line in text.lines() {
        let is_key = line
            .split_once('=')
            .is_some_and(|(k, _)| !k.trim().is_empty() && !k.contains(['#', '[', '"']));
        // A comment after the value (outside its quotes), or a comment
        // block just above the key.
        let commented = line
            .rsplit('"')
            .next()
            .is_some_and(|tail| tail.contains('#'))
            || previous.trim_start().starts_with('#');
        if is_key && !commented {
            bare.push(line.to_owned());
        }
        previous = line;
    }
    assert!(bare.is_empty(), "keys without a comment: {bare:#?}");
}
