//! The scenario file format: TOML in, a typed and validated [`Scenario`] out.
//!
//! [`load`] and [`parse`] are the only ways in, and they return a scenario
//! only when every check has passed, so everything downstream may rely on
//! ranges and cross-field rules holding. Errors come back as a [`Report`] that
//! points at file, line, column and key.

#[macro_use]
mod declare;
mod correlation_keys;
mod cost_keys;
mod diagnostic;
mod explain;
mod json_schema;
mod layers;
mod orbit_keys;
mod param;
mod propellant_keys;
mod schema;
mod structure;
mod validate;

pub use correlation_keys::{RankPair, cholesky, normal_score_correlation, target_matrix};
pub use declare::{Domain, DrawnValue, KeyKind, KeySpec, KeyValue, SectionSpec, Timing};
pub use diagnostic::{Diagnostic, LineCol, Report, Source, Sources, line_col};
pub use explain::explain;
pub use json_schema::json_schema;
pub use orbit_keys::{DateKey, OrbitKey};
pub use param::{
    DIST_FORMS, Dist, DistForm, FormParams, Param, Sampler, Support, event_sampler, show_number,
};
pub use schema::{
    AnchorMethod, Anchoring, AnchoringInputs, ArrivalMode, AsteroidClass, Comms, CommsInputs,
    Drilling, DrillingInputs, Dust, DustInputs, Economics, EconomicsInputs, ExcessOxygen, Fleet,
    FleetInputs, KEYS, MAX_RUNS, Meta, MetaInputs, Mitigation, MonteCarlo, Power, PowerInputs,
    Processing, ProcessingInputs, Propellant, PropellantInputs, PropellantKind, PropellantPolicy,
    Reporting, ReturnInputs, ReturnPlan, ReturnPolicy, RunInputs, SECTIONS, Sampling, Scenario,
    Target, TargetInputs, Transit, TransitInputs, WindowMode, key,
};
pub use structure::unknown_key_message;
pub use validate::is_valid_name;

/// The declaration of the key at dotted `path` (`fleet.robots`), if any.
pub fn find_key(path: &str) -> Option<&'static KeySpec> {
    KEYS.iter().copied().find(|k| k.path == path)
}

use std::path::Path;
use thiserror::Error;

/// Why a scenario could not be loaded.
#[derive(Debug, Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{path}: cannot read the scenario: {source}")]
    Read {
        /// The path as given.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The path names a directory.
    #[error("{path}: is a directory; give the path of a scenario .toml file")]
    IsDirectory {
        /// The path as given.
        path: String,
    },
    /// The path names something other than a regular file (a device, a
    /// pipe), or a file far larger than any scenario.
    #[error("{path}: {why}")]
    NotAScenario {
        /// The path as given.
        path: String,
        /// What it is instead.
        why: String,
    },
    /// The file was read but is not a valid scenario.
    #[error("{0}")]
    Invalid(Box<Report>),
}

/// Reads and validates the scenario at `path`, and the files it extends.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    load_with_source(path).map(|(scenario, _)| scenario)
}

/// Reads and validates the scenario at `path`, returning too the TOML text
/// of the whole scenario, its files merged (what a shard's manifest must
/// rebuild it from).
pub fn load_with_source(path: &Path) -> Result<(Scenario, String), ScenarioError> {
    let sources = read_sources(path)?;
    build(&sources, &path.display().to_string())
}

/// Reads the file at `path` and every file it extends, the file extended
/// first.
pub fn read_sources(path: &Path) -> Result<Sources, ScenarioError> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown)?;
    chain(&shown, text)
}

/// The chain of texts starting with `text` named `name`.
fn chain(name: &str, text: String) -> Result<Sources, ScenarioError> {
    layers::read_chain(name, text, |p| {
        read_text(p, &p.display().to_string()).map_err(|e| match e {
            ScenarioError::Invalid(_) => {
                "not a text file: it holds bytes that are not UTF-8".into()
            }
            ScenarioError::Read { source, .. } => source.to_string(),
            other => other.to_string(),
        })
    })
    .map_err(|e| {
        ScenarioError::Invalid(Box::new(Report {
            file: name.to_owned(),
            sources: e.sources,
            diagnostics: vec![e.diagnostic],
        }))
    })
}

/// Reads the text of the scenario file at `path`, shown as `shown`.
fn read_text(path: &Path, shown: &str) -> Result<String, ScenarioError> {
    if path.is_dir() {
        return Err(ScenarioError::IsDirectory {
            path: shown.to_owned(),
        });
    }
    let bytes = read_capped(path, shown)?;
    String::from_utf8(bytes).map_err(|e| {
        // Only the valid prefix is shown: the rest may be binary noise.
        let at = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        invalid(
            shown,
            Sources::single(shown, prefix),
            vec![Diagnostic::new(
                "",
                "not a text file: a scenario is TOML text in UTF-8, and the file holds \
                 bytes that are not UTF-8 here",
                Some(at..at),
            )],
        )
    })
}

/// The largest scenario file read: a scenario is a few kilobytes of TOML.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Reads a regular file of at most [`MAX_FILE_BYTES`].
fn read_capped(path: &Path, shown: &str) -> Result<Vec<u8>, ScenarioError> {
    use std::io::Read;
    let read_error = |source| ScenarioError::Read {
        path: shown.to_owned(),
        source,
    };
    let not = |why: String| ScenarioError::NotAScenario {
        path: shown.to_owned(),
        why,
    };
    if !std::fs::metadata(path).map_err(read_error)?.is_file() {
        return Err(not(
            "is not a regular file; give the path of a scenario .toml file".to_owned(),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(not(format!(
            "is larger than {} KiB; a scenario is a few kilobytes of TOML",
            MAX_FILE_BYTES / 1024
        )));
    }
    Ok(bytes)
}

/// Parses and validates scenario text; `origin` names it in diagnostics,
/// and a file it extends is found relative to `origin`'s directory.
pub fn parse(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let sources = chain(origin, text.to_owned())?;
    build(&sources, origin).map(|(scenario, _)| scenario)
}

/// Merges, parses and validates the texts of one scenario, `file` being the
/// name the user gave; every problem of every text is reported at once.
/// Returns too the merged scenario as TOML text.
pub fn build(sources: &Sources, file: &str) -> Result<(Scenario, String), ScenarioError> {
    let fail = |diagnostics| invalid(file, sources.clone(), diagnostics);
    if sources.iter().all(|s| s.text.trim().is_empty()) {
        return Err(fail(vec![Diagnostic::new(
            "",
            "the file is empty; a scenario needs the sections [scenario], [monte_carlo], \
             [target], [transit], [fleet], [anchoring], [drilling], [dust], [processing], \
             [propellant], [power], [comms], [return] and [economics] \
             (start from scenarios/baseline.toml, or extend it: extends = \"baseline.toml\")",
            None,
        )]));
    }
    let mut merged = layers::merge(sources).map_err(fail)?;
    let shape = structure::check(&mut merged);
    let root = toml::Spanned::new(0..0, merged.table.clone());
    let mut scenario = match deserialize(root) {
        Ok(scenario) => scenario,
        Err(d) => {
            let mut problems = shape.problems;
            problems.push(d);
            return Err(fail(problems));
        }
    };
    let mut problems = Vec::new();
    orbit_keys::check_presence(&scenario, &mut problems);
    cost_keys::check_presence(&scenario, &mut problems);
    propellant_keys::check_presence(&scenario, &mut problems);
    orbit_keys::fill_from_catalog(&mut scenario, &mut problems);
    fill_defaults(&mut scenario);
    problems.extend(validate::validate(&scenario));
    orbit_keys::check_dates(&scenario, &mut problems);
    problems.retain(|d| !shape.explains(d));
    problems.extend(shape.problems);
    for d in &mut problems {
        if d.span.is_none() {
            let section = d.key.split_once('.').map_or(d.key.as_str(), |(s, _)| s);
            d.span = merged.value_span(&d.key).or_else(|| {
                let name = merged.section_span(section)?;
                Some(header_span(sources, name))
            });
        }
    }
    problems.sort_by_key(|d| d.span.as_ref().map_or(0, |r| r.start));
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    Ok((scenario, merged_text(merged.table)))
}

/// The span of a section's whole header, `[name]`, from its name's.
fn header_span(sources: &Sources, name: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let bracketed = sources.locate(name.start).is_some_and(|(source, at)| {
        let text = source.text.as_bytes();
        let end = at + name.len();
        at > 0 && text.get(at - 1) == Some(&b'[') && text.get(end) == Some(&b']')
    });
    if bracketed {
        name.start - 1..name.end + 1
    } else {
        name
    }
}

/// The merged table as TOML text: the whole scenario in one file, every
/// number as written (a seed above 2^63 included).
fn merged_text(table: toml::de::DeTable<'_>) -> String {
    let mut text = String::new();
    for (section, value) in &table {
        if let Some(keys) = value.get_ref().as_table() {
            text.push_str(&format!("[{}]\n", section.get_ref()));
            for (key, v) in keys {
                text.push_str(&format!(
                    "{} = {}\n",
                    key.get_ref(),
                    toml_value(v.get_ref())
                ));
            }
            text.push('\n');
        }
    }
    text
}

/// One value as TOML, on one line.
fn toml_value(value: &toml::de::DeValue<'_>) -> String {
    use toml::de::DeValue;
    match value {
        DeValue::String(s) => toml::Value::String(s.to_string()).to_string(),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| toml_value(v.get_ref())).collect();
            format!("[{}]", items.join(", "))
        }
        DeValue::Table(t) => {
            let entries: Vec<String> = t
                .iter()
                .map(|(k, v)| {
                    let key = toml::Value::String(k.get_ref().to_string()).to_string();
                    format!("{key} = {}", toml_value(v.get_ref()))
                })
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
    }
}

/// Gives every optional key left out of the file its declared default.
fn fill_defaults(s: &mut Scenario) {
    for spec in KEYS {
        if let (Some(value), Some(param_mut)) = (spec.default, spec.param_mut) {
            let param = param_mut(s);
            if param.is_absent() {
                *param = Param::fixed(value);
            }
        }
    }
}

fn invalid(file: &str, sources: Sources, diagnostics: Vec<Diagnostic>) -> ScenarioError {
    ScenarioError::Invalid(Box::new(Report {
        file: file.to_owned(),
        sources,
        diagnostics,
    }))
}

/// The merged and repaired table as a [`Scenario`]; a failure here is a
/// shape the checks of `structure.rs` missed, reported as serde gives it.
fn deserialize(root: toml::Spanned<toml::de::DeTable<'_>>) -> Result<Scenario, Diagnostic> {
    serde_path_to_error::deserialize(toml::de::Deserializer::from(root)).map_err(|e| {
        let key = e
            .path()
            .iter()
            .map(ToString::to_string)
            .filter(|s| !s.starts_with("$__serde_spanned"))
            .collect::<Vec<_>>()
            .join(".");
        let message = structure::message(e.inner().message(), &key);
        Diagnostic::new(key, message, e.inner().span())
    })
}
