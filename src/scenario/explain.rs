//! `astromine check --explain KEY`: where a key's value comes from in a
//! chain of files that extend each other (docs/model.md §Scenario files).

use super::declare::{KeyKind, KeySpec};
use super::diagnostic::Sources;
use super::find_key;
use super::layers;
use super::param::show_number;
use super::structure::unknown_key_message;
use std::ops::Range;

/// Says what the dotted `key` is, which text wrote the value the scenario
/// uses and which earlier values it replaced; an unknown key is an error
/// naming the valid ones.
pub fn explain(sources: &Sources, key: &str) -> Result<String, String> {
    let spec = find_key(key).ok_or_else(|| unknown_key_message(key))?;
    let history = match layers::merge(sources) {
        Ok(merged) => merged.history.get(key).cloned().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let mut out = Vec::new();
    let mut written = history.iter().rev();
    match written.next() {
        Some(span) => {
            let (value, at) = shown(sources, span);
            out.push(format!("{key} = {value}"));
            out.push(format!("  written at {at}"));
            for earlier in written {
                let (value, at) = shown(sources, earlier);
                out.push(format!("  replaces {value} written at {at}"));
            }
        }
        None => out.push(format!("{key}: {}", left_out(spec, sources))),
    }
    out.push(format!("  {}", spec.description()));
    out.push(format!("  {}", accepts(spec)));
    Ok(out.join("\n"))
}

/// The value written at `span` and where, as `file:line:column`.
fn shown(sources: &Sources, span: &Range<usize>) -> (String, String) {
    match sources.locate(span.start) {
        Some((source, at)) => {
            let text = source.text.get(at..at + span.len()).unwrap_or("?");
            let lc = super::line_col(&source.text, at);
            (
                text.to_owned(),
                format!("{}:{}:{}", source.name, lc.line, lc.column),
            )
        }
        None => ("?".to_owned(), "?".to_owned()),
    }
}

/// What a key no text writes means.
fn left_out(spec: &KeySpec, sources: &Sources) -> String {
    let files: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let default = match (spec.default, spec.kind) {
        (Some(v), _) => format!("it takes its default, {}", show_number(v)),
        (None, KeyKind::Choice(_)) if spec.optional => {
            "it takes its default, or the keys it depends on decide".to_owned()
        }
        (None, _) if spec.optional => {
            "other keys decide whether it is needed (docs/model.md)".to_owned()
        }
        (None, _) => "it is required: the scenario is invalid without it".to_owned(),
    };
    format!("not written in {}; {default}", files.join(" or "))
}

/// The values the key accepts, in words.
pub(super) fn accepts(spec: &KeySpec) -> String {
    match spec.kind {
        KeyKind::Number { domain, timing } => {
            let range = domain.describe();
            match timing {
                super::Timing::PerRun => {
                    format!(
                        "accepts a number or a distribution {range}, drawn once per replication"
                    )
                }
                super::Timing::PerEvent => format!(
                    "accepts a number or a distribution {range}, drawn afresh at every occurrence"
                ),
                super::Timing::PerScenario => {
                    format!("accepts a plain number {range}, the same for the whole batch")
                }
            }
        }
        KeyKind::Whole { min, max } => format!("accepts a whole number from {min} to {max}"),
        KeyKind::Choice(names) => format!("accepts one of {}", names.join(", ")),
        KeyKind::Flag => "accepts true or false".to_owned(),
        KeyKind::Text => "accepts text in quotes".to_owned(),
        KeyKind::Date => "accepts a date, YYYY-MM-DD".to_owned(),
        KeyKind::Targets => {
            "accepts a list of targets such as [\"delivered_kg >= 100000\"]".to_owned()
        }
        KeyKind::Correlations => "accepts a list of pairs of per-run keys with their rank \
                                   correlation, such as [{ keys = [\"target.grade_wt_pct\", \
                                   \"target.surface_strength_kpa\"], rank = -0.4 }]"
            .to_owned(),
        KeyKind::Orbit => {
            "accepts a catalog target's name (astromine orbit --list) or inline elements".to_owned()
        }
    }
}
