//! Variants of a scenario file with keys set by dotted path
//! (`fleet.robots=8`), each validated exactly like a file.

use crate::scenario::{self, Diagnostic, Scenario, ScenarioError, Sources};
use std::fmt;
use thiserror::Error;
use toml::{Table, Value};

/// A key set to a value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}: {message}", blamed(.sets))]
pub struct OverrideError {
    /// The `--set`s to blame, as (dotted key, value as written): the ones
    /// whose keys the problems are about, or every set of the variant when a
    /// problem names none of them.
    pub sets: Vec<(String, String)>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl OverrideError {
    /// `key` set to `value` (as written) cannot be used, because of `message`.
    pub fn new(key: &str, value: &str, message: impl Into<String>) -> Self {
        Self {
            sets: vec![(key.to_owned(), value.to_owned())],
            message: message.into(),
        }
    }
}

/// `--set KEY=VALUE` for each set, as they were written on the command line.
fn blamed(sets: &[(String, String)]) -> String {
    sets.iter()
        .map(|(key, value)| format!("--set {key}={value}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One key and the values to try, from `KEY=V1,V2,...`.
#[derive(Debug, Clone, PartialEq)]
pub struct SetArg {
    /// Dotted path (`fleet.robots`).
    pub key: String,
    /// The values, in order.
    pub values: Vec<Value>,
}

/// A value as TOML would read it; bare words are strings (`dome`).
pub fn parse_value(text: &str) -> Value {
    let text = text.trim();
    match format!("v = {text}").parse::<Table>() {
        Ok(mut t) => t
            .remove("v")
            .unwrap_or_else(|| Value::String(text.to_owned())),
        Err(_) => Value::String(text.to_owned()),
    }
}

impl std::str::FromStr for SetArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (key, values) = s
            .split_once('=')
            .ok_or_else(|| format!("'{s}' is not KEY=V1,V2,...; e.g. fleet.robots=2,4,8"))?;
        let key = key.trim();
        if key.is_empty() || key.split('.').any(str::is_empty) {
            return Err(format!(
                "'{key}' is not a dotted key path such as fleet.robots"
            ));
        }
        let values: Vec<Value> = split_values(values)
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .map(parse_value)
            .collect();
        if values.is_empty() {
            return Err(format!("--set {key}= gives no values; e.g. {key}=1,2"));
        }
        Ok(Self {
            key: key.to_owned(),
            values,
        })
    }
}

/// Splits `V1,V2,...` on the commas outside brackets and braces, so a
/// distribution such as `{ uniform = [0.8, 2.2] }` stays one value.
fn split_values(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Shows a value as it would be written on the command line.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A validated scenario file whose keys can be overridden.
#[derive(Debug, Clone)]
pub struct Base {
    sources: Sources,
    origin: String,
    scenario: Scenario,
}

impl Base {
    /// Loads and validates the file at `path` (and the files it extends).
    pub fn load(path: &std::path::Path) -> Result<Self, ScenarioError> {
        let origin = path.display().to_string();
        let sources = scenario::read_sources(path)?;
        let (scenario, _) = scenario::build(&sources, &origin)?;
        Ok(Self {
            sources,
            origin,
            scenario,
        })
    }

    /// The scenario as written.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// This base with `sets` laid over its files: a new base whose own
    /// variants are set over those.
    pub fn over(&self, sets: &[(&str, &Value)]) -> Result<Self, OverrideError> {
        let sources = self.sources_with(sets)?;
        let (scenario, _) = self.build(&sources, sets)?;
        Ok(Self {
            sources,
            origin: self.origin.clone(),
            scenario,
        })
    }

    /// The base's texts with `sets` as one more text, named `--set`.
    fn sources_with(&self, sets: &[(&str, &Value)]) -> Result<Sources, OverrideError> {
        let mut sources = self.sources.clone();
        if let Some(text) = sets_text(sets)? {
            sources.push("--set", text);
        }
        Ok(sources)
    }

    /// Builds `sources`, blaming an error on the `sets` whose keys its
    /// problems are about (on every set when a problem names none).
    fn build(
        &self,
        sources: &Sources,
        sets: &[(&str, &Value)],
    ) -> Result<(Scenario, String), OverrideError> {
        scenario::build(sources, &self.origin).map_err(|e| {
            let named = blame(sets, &e);
            OverrideError {
                sets: if named.is_empty() { shown(sets) } else { named },
                message: describe(&e),
            }
        })
    }

    /// The scenario with `sets` applied, validated. An error blames the
    /// sets whose keys its problems are about.
    pub fn with(&self, sets: &[(&str, &Value)]) -> Result<Scenario, OverrideError> {
        self.with_source(sets).map(|(scenario, _)| scenario)
    }

    /// The scenario with `sets` applied over its files (as one more file,
    /// named `--set`), validated, and its TOML text (for a shard's
    /// manifest, which must rebuild it).
    pub fn with_source(
        &self,
        sets: &[(&str, &Value)],
    ) -> Result<(Scenario, String), OverrideError> {
        self.build(&self.sources_with(sets)?, sets)
    }
}

/// The `--set`s as a TOML text to lay over a scenario's files, if any.
pub fn sets_text(sets: &[(&str, &Value)]) -> Result<Option<String>, OverrideError> {
    if sets.is_empty() {
        return Ok(None);
    }
    let mut table = Table::new();
    for (key, value) in sets {
        set(&mut table, key, (*value).clone())
            .map_err(|message| OverrideError::new(key, &show(value), message))?;
    }
    toml::to_string(&table)
        .map(Some)
        .map_err(|e| OverrideError {
            sets: shown(sets),
            message: e.to_string(),
        })
}

/// Every set as (dotted key, value as written).
fn shown(sets: &[(&str, &Value)]) -> Vec<(String, String)> {
    sets.iter()
        .map(|(k, v)| ((*k).to_owned(), show(v)))
        .collect()
}

/// The sets whose keys the problems of `e` are about, in `--set` order;
/// empty when some problem names none of them (then every set is to blame).
fn blame(sets: &[(&str, &Value)], e: &ScenarioError) -> Vec<(String, String)> {
    let ScenarioError::Invalid(report) = e else {
        return Vec::new();
    };
    let about = |d: &Diagnostic, key: &str| {
        d.key
            .strip_prefix(key)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    let mut named = vec![false; sets.len()];
    for d in &report.diagnostics {
        let mut found = false;
        for (flag, (key, _)) in named.iter_mut().zip(sets) {
            if about(d, key) {
                (*flag, found) = (true, true);
            }
        }
        if !found {
            return Vec::new();
        }
    }
    sets.iter()
        .zip(named)
        .filter(|(_, n)| *n)
        .map(|((k, v), _)| ((*k).to_owned(), show(v)))
        .collect()
}

/// The problems of an invalid variant as `key: message` sentences.
fn describe(e: &ScenarioError) -> String {
    match e {
        ScenarioError::Invalid(report) => report
            .diagnostics
            .iter()
            .map(|d| {
                if d.key.is_empty() {
                    d.message.clone()
                } else {
                    format!("{}: {}", d.key, d.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Sets `key` (dotted) in `table`, a table of sets: it must be a declared
/// key.
fn set(table: &mut Table, key: &str, value: Value) -> Result<(), String> {
    let Some((section, leaf)) = scenario::find_key(key).and_then(|k| k.path.split_once('.')) else {
        return Err(scenario::unknown_key_message(key));
    };
    if let Value::Table(keys) = table
        .entry(section)
        .or_insert_with(|| Value::Table(Table::new()))
    {
        keys.insert(leaf.to_owned(), value);
    }
    Ok(())
}

impl fmt::Display for SetArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values: Vec<String> = self.values.iter().map(show).collect();
        write!(f, "{}={}", self.key, values.join(","))
    }
}
