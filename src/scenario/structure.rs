//! The shape of a scenario before its values are judged: every section and
//! key known, every required key there, every value of its key's type.
//! Each problem is reported, all at once; the keys at fault are then set
//! aside (stand-ins take the place of required ones) so that the values of
//! every other key are still judged in the same pass.

use super::declare::{KeyKind, KeySpec};
use super::diagnostic::Diagnostic;
use super::layers::{EXTENDS, Merged};
use super::param::show_number;
use super::{KEYS, SECTIONS, find_key};
use std::collections::BTreeSet;
use std::sync::LazyLock;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The problems of a merged scenario's shape, and the keys they are about.
pub(super) struct Shape {
    /// Every problem, located where possible.
    pub problems: Vec<Diagnostic>,
    /// The dotted keys whose value is missing or unreadable: problems the
    /// later checks find with them are consequences, not news.
    pub broken: BTreeSet<String>,
    /// The sections missing whole: every problem in them is one.
    pub missing: BTreeSet<&'static str>,
}

impl Shape {
    /// Whether `d`, found by a later check, is about a key set aside here.
    pub fn explains(&self, d: &Diagnostic) -> bool {
        let section = d.key.split_once('.').map_or(d.key.as_str(), |(s, _)| s);
        self.missing.contains(section)
            || self
                .broken
                .iter()
                .any(|k| d.key == *k || d.message.contains(k.as_str()))
    }
}

/// The sections of the format, in file order, as declared.
fn sections() -> Vec<&'static str> {
    SECTIONS.iter().map(|s| s.name).collect()
}

fn section_of(spec: &KeySpec) -> &'static str {
    spec.path.split_once('.').map_or(spec.path, |(s, _)| s)
}

/// Checks the shape of `merged`, and repairs its table so that it parses:
/// unknown keys and unreadable values are taken out, and a stand-in takes
/// the place of each required key missing or taken out.
pub(super) fn check(merged: &mut Merged<'_>) -> Shape {
    let mut shape = Shape {
        problems: Vec::new(),
        broken: BTreeSet::new(),
        missing: BTreeSet::new(),
    };
    for span in &merged.bad_extends {
        shape.problems.push(Diagnostic::new(
            EXTENDS,
            "must be the path of the scenario file this one extends, in quotes \
             (extends = \"baseline.toml\", relative to this file)",
            Some(span.clone()),
        ));
    }
    let known = sections();
    let names: Vec<String> = merged
        .table
        .keys()
        .map(|k| k.get_ref().to_string())
        .collect();
    for name in names {
        let (key, value) = merged
            .table
            .remove_entry(name.as_str())
            .expect("a key just listed");
        if !known.contains(&name.as_str()) {
            shape.problems.push(Diagnostic::new(
                name.clone(),
                unknown_section(&name),
                Some(key.span()),
            ));
            continue;
        }
        let span = value.span();
        let DeValue::Table(mut keys) = value.into_inner() else {
            shape.problems.push(Diagnostic::new(
                name.clone(),
                format!("must be a section: a line [{name}] with its keys below it"),
                Some(span.clone()),
            ));
            for spec in KEYS.iter().filter(|k| section_of(k) == name) {
                shape.broken.insert(spec.path.to_owned());
            }
            let empty = DeValue::Table(DeTable::default());
            merged.table.insert(key, Spanned::new(span, empty));
            continue;
        };
        check_keys(&name, &mut keys, &mut shape);
        merged
            .table
            .insert(key, Spanned::new(span, DeValue::Table(keys)));
    }
    check_missing(merged, &mut shape);
    shape
}

/// Checks each key of `[section]`, taking out those unknown or unreadable.
fn check_keys(section: &str, keys: &mut DeTable<'_>, shape: &mut Shape) {
    let leaves: Vec<String> = keys.keys().map(|k| k.get_ref().to_string()).collect();
    for leaf in leaves {
        let path = format!("{section}.{leaf}");
        let Some(spec) = find_key(&path) else {
            let (key, _) = keys.remove_entry(leaf.as_str()).expect("a key just listed");
            shape.problems.push(Diagnostic::new(
                path,
                unknown_key(section, &leaf),
                Some(key.span()),
            ));
            continue;
        };
        let value = keys.get(leaf.as_str()).expect("a key just listed");
        if let Err(e) = (spec.check)(value.clone()) {
            shape.problems.push(Diagnostic::new(
                path.clone(),
                message(e.message(), &path),
                e.span().or(Some(value.span())),
            ));
            let (key, _) = keys.remove_entry(leaf.as_str()).expect("a key just listed");
            keys.insert(key, stand_in_of(section, &leaf));
            shape.broken.insert(path);
        }
    }
}

/// Reports required keys and sections not written, and puts a stand-in in
/// the place of every required key missing or taken out.
fn check_missing(merged: &mut Merged<'_>, shape: &mut Shape) {
    for spec in KEYS.iter().filter(|k| !k.optional) {
        let section = section_of(spec);
        if merged.section(section).is_none() && shape.missing.insert(section) {
            shape.problems.push(Diagnostic::new(
                "",
                format!("missing section [{section}]"),
                None,
            ));
        }
    }
    for spec in KEYS.iter().filter(|k| !k.optional) {
        let section = section_of(spec);
        let leaf = &spec.path[section.len() + 1..];
        let present = merged
            .section(section)
            .and_then(|v| v.get_ref().as_table())
            .map(|t| t.contains_key(leaf));
        match present {
            Some(true) => continue,
            Some(false)
                if !shape.broken.contains(spec.path) && !shape.missing.contains(section) =>
            {
                shape.problems.push(Diagnostic::new(
                    spec.path,
                    format!(
                        "missing key `{leaf}` in [{section}]: {}",
                        spec.description()
                    ),
                    merged.section_span(section),
                ));
            }
            _ => {}
        }
        shape.broken.insert(spec.path.to_owned());
        stand_in(merged, section, leaf);
    }
}

/// Puts the stand-in of `section.leaf` in `merged`.
fn stand_in(merged: &mut Merged<'_>, section: &str, leaf: &str) {
    let entry = merged
        .table
        .entry(Spanned::new(0..0, section.to_owned().into()))
        .or_insert_with(|| Spanned::new(0..0, DeValue::Table(DeTable::default())));
    if let DeValue::Table(keys) = entry.get_mut() {
        keys.insert(
            Spanned::new(0..0, leaf.to_owned().into()),
            stand_in_of(section, leaf),
        );
    }
}

/// The stand-in value of the declared key `section.leaf`.
fn stand_in_of(section: &str, leaf: &str) -> Spanned<DeValue<'static>> {
    STAND_INS
        .get(section)
        .and_then(|v| v.get_ref().as_table())
        .and_then(|t| t.get(leaf))
        .cloned()
        .expect("every declared key has a stand-in")
}

/// A value of the right type for every key, parsed once: it lets a file
/// with a key missing or unreadable be judged on all its other keys.
static STAND_INS: LazyLock<DeTable<'static>> = LazyLock::new(|| {
    let mut text = String::new();
    let mut section = "";
    for spec in KEYS {
        if section_of(spec) != section {
            section = section_of(spec);
            text.push_str(&format!("[{section}]\n"));
        }
        let leaf = &spec.path[section.len() + 1..];
        text.push_str(&format!("{leaf} = {}\n", stand_in_value(spec.kind)));
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    DeTable::parse(text)
        .expect("stand-ins are valid TOML")
        .into_inner()
});

/// A value of `kind` as TOML, any valid one.
fn stand_in_value(kind: KeyKind) -> String {
    match kind {
        KeyKind::Number { domain, .. } => show_number(domain.clamp(1.0)),
        KeyKind::Whole { min, .. } => min.to_string(),
        KeyKind::Choice(names) => format!("{:?}", names[0]),
        KeyKind::Flag => "false".to_owned(),
        KeyKind::Text => "\"stand-in\"".to_owned(),
        KeyKind::Date => "2030-01-01".to_owned(),
        KeyKind::Orbit => "\"bennu\"".to_owned(),
        KeyKind::Targets | KeyKind::Correlations => "[]".to_owned(),
    }
}

/// Why `section` names no section.
fn unknown_section(section: &str) -> String {
    let known = sections();
    format!(
        "unknown section [{section}]{}; the sections are {}",
        suggestion(section, known.iter().copied()),
        known.join(", ")
    )
}

/// Why the dotted `key` names no scenario key: the sections, or the keys
/// of its section, that would be valid.
pub fn unknown_key_message(key: &str) -> String {
    let (section, leaf) = key.split_once('.').unwrap_or((key, ""));
    if sections().contains(&section) {
        unknown_key(section, leaf)
    } else {
        unknown_section(section)
    }
}

/// Why `leaf` is no key of `[section]`: the nearest key, if one is close,
/// and the keys there are.
fn unknown_key(section: &str, leaf: &str) -> String {
    let keys: Vec<&str> = KEYS
        .iter()
        .filter_map(|k| k.path.strip_prefix(section)?.strip_prefix('.'))
        .collect();
    format!(
        "unknown key `{leaf}` in [{section}]{}; its keys are {}",
        suggestion(leaf, keys.iter().copied()),
        keys.join(", ")
    )
}

/// ` (did you mean `x`?)` for the candidate nearest `written`, when one is
/// near enough to be a typo of it.
pub(super) fn suggestion<'a>(written: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(written, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, c)| format!(" (did you mean `{c}`?)"))
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
        KeyKind::Correlations => Some(
            "a list of pairs such as [{ keys = [\"target.grade_wt_pct\", \
             \"target.surface_strength_kpa\"], rank = -0.4 }]"
                .to_owned(),
        ),
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
            Ok(x) if what.starts_with("floating point") => show_number(x),
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

/// Rewords serde's message about the value of `key` (or, with an empty
/// `key`, about the file) for a scenario author.
pub(super) fn message(raw: &str, key: &str) -> String {
    let raw = raw.trim_end();
    if let Some(valid) = find_key(key).and_then(|k| what_is_valid(k.kind))
        && (raw.starts_with("invalid type")
            || raw.starts_with("invalid value")
            || raw.starts_with("wanted "))
    {
        return match got_of(raw) {
            Some(got) => format!("must be {valid}, got {got}"),
            None => format!("must be {valid}"),
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
