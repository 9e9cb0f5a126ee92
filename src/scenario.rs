//! The scenario file format: TOML in, a typed and validated [`Scenario`] out.
//!
//! [`load`] and [`parse`] are the only ways in, and they return a scenario
//! only when every check has passed, so everything downstream may rely on
//! ranges and cross-field rules holding. Errors come back as a [`Report`] that
//! points at file, line, column and key.

#[macro_use]
mod declare;
mod cost_keys;
mod diagnostic;
mod orbit_keys;
mod param;
mod schema;
mod validate;

pub use declare::{Domain, DrawnValue, KeyKind, KeySpec, KeyValue, Timing};
pub use diagnostic::{Diagnostic, LineCol, Report, line_col};
pub use orbit_keys::{DateKey, OrbitKey};
pub use param::{Dist, Param, Sampler, Support, show_number};
pub use schema::{
    AnchorMethod, Anchoring, AnchoringInputs, ArrivalMode, AsteroidClass, Comms, CommsInputs,
    Drilling, DrillingInputs, Dust, DustInputs, Economics, EconomicsInputs, ExcessOxygen, Fleet,
    FleetInputs, KEYS, MAX_RUNS, Meta, MetaInputs, Mitigation, MonteCarlo, Power, PowerInputs,
    Processing, ProcessingInputs, Propellant, PropellantInputs, PropellantKind, PropellantPolicy,
    Reporting, ReturnInputs, ReturnPlan, ReturnPolicy, RunInputs, Scenario, Target, TargetInputs,
    Transit, TransitInputs, WindowMode, key,
};
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

/// Reads and validates the scenario at `path`.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    load_with_source(path).map(|(scenario, _)| scenario)
}

/// Reads and validates the scenario at `path`, returning its text too (the
/// exact text that was validated, read once).
pub fn load_with_source(path: &Path) -> Result<(Scenario, String), ScenarioError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(ScenarioError::IsDirectory { path: shown });
    }
    let bytes = read_capped(path, &shown)?;
    match String::from_utf8(bytes) {
        Ok(text) => parse(&text, &shown).map(|s| (s, text)),
        Err(e) => {
            // Only the valid prefix is shown: the rest may be binary noise.
            let at = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            Err(invalid(
                &shown,
                prefix,
                vec![Diagnostic::new(
                    "",
                    "not a text file: a scenario is TOML text in UTF-8, and the file holds \
                     bytes that are not UTF-8 here",
                    Some(at..at),
                )],
            ))
        }
    }
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

/// Parses and validates scenario text; `origin` names it in diagnostics.
pub fn parse(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    if text.trim().is_empty() {
        return Err(invalid(
            origin,
            text.to_owned(),
            vec![Diagnostic::new(
                "",
                "the file is empty; a scenario needs the sections [scenario], [monte_carlo], \
                 [target], [transit], [fleet], [anchoring], [drilling], [dust], [processing], \
                 [propellant], [power], [comms], [return] and [economics] \
                 (start from scenarios/baseline.toml)",
                None,
            )],
        ));
    }
    let mut scenario = deserialize(text).map_err(|d| invalid(origin, text.to_owned(), vec![d]))?;
    let mut problems = Vec::new();
    orbit_keys::check_presence(&scenario, &mut problems);
    cost_keys::check_presence(&scenario, &mut problems);
    orbit_keys::fill_from_catalog(&mut scenario, &mut problems);
    fill_defaults(&mut scenario);
    problems.extend(validate::validate(&scenario));
    orbit_keys::check_dates(&scenario, &mut problems);
    for d in &mut problems {
        if d.span.is_none() {
            d.span = key_span(text, &d.key).or_else(|| section_span(text, &d.key));
        }
    }
    problems.sort_by_key(|d| d.span.as_ref().map_or(0, |r| r.start));
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(invalid(origin, text.to_owned(), problems))
    }
}

/// The lines of `text` with the byte offset of each line's first
/// non-blank character, and the line from there.
fn trimmed_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset + (line.len() - line.trim_start().len());
        *offset += line.len();
        Some((start, line.trim_start()))
    })
}

/// Where the section of the dotted `key` starts (its `[section]` header),
/// to locate a problem that has no value of its own to point at, such as a
/// missing key.
fn section_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let (section, _) = key.split_once('.')?;
    let header = format!("[{section}]");
    trimmed_lines(text)
        .find(|(_, line)| line.starts_with(&header))
        .map(|(start, _)| start..start + header.len())
}

/// Where the value of the dotted `key` is written in its section, for a
/// problem whose value carries no location of its own.
fn key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let (section, leaf) = key.split_once('.')?;
    let header = format!("[{section}]");
    trimmed_lines(text)
        .skip_while(|(_, line)| !line.starts_with(&header))
        .skip(1)
        .take_while(|(_, line)| !line.starts_with('['))
        .find_map(|(start, line)| {
            let rest = line.strip_prefix(leaf)?.trim_start().strip_prefix('=')?;
            let value = rest.trim_start();
            let from = start + (line.len() - value.len());
            let shown = value.split('#').next().unwrap_or(value).trim_end();
            Some(from..from + shown.len())
        })
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

fn invalid(file: &str, source: String, diagnostics: Vec<Diagnostic>) -> ScenarioError {
    ScenarioError::Invalid(Box::new(Report {
        file: file.to_owned(),
        source,
        diagnostics,
    }))
}

/// TOML syntax and structure: the first error, located.
fn deserialize(text: &str) -> Result<Scenario, Diagnostic> {
    let doc = toml::Deserializer::parse(text)
        .map_err(|e| Diagnostic::new("", syntax_message(e.message()), e.span()))?;
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let inner = e.inner();
        let mut segments: Vec<String> = e
            .path()
            .iter()
            .map(ToString::to_string)
            .filter(|s| !s.starts_with("$__serde_spanned"))
            .collect();
        // For a distribution table the path ends in the unknown name itself.
        let unknown = inner
            .message()
            .strip_prefix("unknown variant `")
            .and_then(|r| r.split('`').next());
        if unknown.is_some() && segments.last().map(String::as_str) == unknown {
            segments.pop();
        }
        let key = segments.iter().fold(String::new(), |mut key, s| {
            if !key.is_empty() && !s.starts_with('[') {
                key.push('.');
            }
            key.push_str(s);
            key
        });
        let message = structure_message(inner.message(), &key);
        let span = if key.is_empty() && message.starts_with("missing section") {
            None
        } else {
            inner.span()
        };
        Diagnostic::new(key, message, span)
    })
}

fn syntax_message(raw: &str) -> String {
    format!("TOML syntax: {}", raw.trim_end())
}

/// What a key of `kind` accepts, in words, for keys whose type mistakes
/// serde would otherwise describe in its own terms.
fn what_is_valid(kind: KeyKind) -> Option<String> {
    match kind {
        KeyKind::Whole { min, max } => Some(format!("a whole number from {min} to {max}")),
        KeyKind::Choice(names) => Some(format!(
            "one of {} (in quotes)",
            names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        KeyKind::Flag => Some("true or false".to_owned()),
        KeyKind::Text => Some("text in quotes".to_owned()),
        KeyKind::Targets => {
            Some("a list of targets in quotes, such as [\"delivered_kg >= 100000\"]".to_owned())
        }
        KeyKind::Date | KeyKind::Orbit => None,
        KeyKind::Number { .. } => None,
    }
}

/// The value serde says it got, in the scenario's terms: numbers as a
/// scenario would write them (`1e300`, not 301 digits), tables and dates
/// and lists by name.
fn got_of(raw: &str) -> Option<String> {
    let rest = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))?;
    let what = rest.split(", expected").next().unwrap_or(rest);
    if let Some(quoted) = what.split('`').nth(1) {
        return Some(match quoted.parse::<f64>() {
            Ok(x) if what.starts_with("floating point") => param::show_number(x),
            _ => quoted.to_owned(),
        });
    }
    Some(match what {
        "map" => "a table or a date".to_owned(),
        "sequence" => "a list".to_owned(),
        other => match other.strip_prefix("string ") {
            Some(text) => format!("the text {text}"),
            None => other.to_owned(),
        },
    })
}

/// Rewords serde's structural messages for a scenario author.
fn structure_message(raw: &str, parent: &str) -> String {
    let raw = raw.trim_end();
    if let Some(valid) = find_key(parent).and_then(|k| what_is_valid(k.kind))
        && (raw.starts_with("invalid type")
            || raw.starts_with("invalid value")
            || raw.starts_with("wanted "))
    {
        return match got_of(raw) {
            Some(got) => format!("must be {valid}, got {got}"),
            None => format!("must be {valid}"),
        };
    }
    if let Some(field) = raw
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return if parent.is_empty() {
            format!("missing section [{field}]")
        } else {
            format!("missing key `{field}` in [{parent}]")
        };
    }
    if let Some(rest) = raw.strip_prefix("unknown field") {
        return format!("unknown key{rest}");
    }
    raw.replace("unknown variant", "unknown value")
        .replace("expected u32", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected f64", "expected a number")
}
