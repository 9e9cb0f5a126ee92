//! Scenario files that extend others (docs/model.md §Scenario files): the
//! chain of texts one scenario is read from, the file it extends first,
//! and the one table they merge into.

use super::diagnostic::{Diagnostic, Sources};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The key at the top of a file that names the file it extends.
pub const EXTENDS: &str = "extends";

/// The most files one chain of `extends` may hold: a deeper chain is surely
/// a mistake (a cycle is caught before).
const MAX_CHAIN: usize = 16;

/// A file of a chain as read, the file it was named in first.
struct Link {
    name: String,
    text: String,
    /// The file on disk, to tell a cycle.
    canonical: Option<PathBuf>,
}

/// Why a chain could not be read: the problem, at a span of one link's text.
pub(super) struct ChainError {
    /// The texts read so far, the file extended first.
    pub sources: Sources,
    /// What is wrong, located.
    pub diagnostic: Diagnostic,
}

/// The chain starting at the text `text` named `name`: the text and every
/// file it extends, in turn, read with `read`. `extends` paths are relative
/// to the directory of the file they are written in (`name`'s for the
/// first).
pub(super) fn read_chain(
    name: &str,
    text: String,
    read: impl Fn(&Path) -> Result<String, String>,
) -> Result<Sources, ChainError> {
    let mut links = vec![Link {
        name: name.to_owned(),
        canonical: std::fs::canonicalize(name).ok(),
        text,
    }];
    loop {
        let last = links.last().expect("a chain has its first file");
        let Some((target, span)) = extends_of(&last.text) else {
            break;
        };
        let path = Path::new(&last.name)
            .parent()
            .unwrap_or(Path::new(""))
            .join(&target);
        let shown = path.display().to_string();
        let fail = |message: String| fail(&links, span.clone(), message);
        if links.len() >= MAX_CHAIN {
            return Err(fail(format!(
                "a chain of `extends` holds at most {MAX_CHAIN} files; this one is longer"
            )));
        }
        let canonical = std::fs::canonicalize(&path).ok();
        if canonical.is_some() && links.iter().any(|l| l.canonical == canonical) {
            let names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
            return Err(fail(format!(
                "extends {shown}, which is already in the chain: {} → {shown}; a scenario \
                 cannot extend itself",
                names.join(" → ")
            )));
        }
        let text = read(&path).map_err(|why| fail(format!("cannot extend {shown}: {why}")))?;
        links.push(Link {
            name: shown,
            text,
            canonical,
        });
    }
    Ok(sources_of(&links))
}

/// The texts of `links`, the file extended first.
fn sources_of(links: &[Link]) -> Sources {
    let mut sources = Sources::default();
    for link in links.iter().rev() {
        sources.push(link.name.clone(), link.text.clone());
    }
    sources
}

/// A problem at `span` of the last link read.
fn fail(links: &[Link], span: Range<usize>, message: String) -> ChainError {
    let sources = sources_of(links);
    let offset = sources.iter().next().map_or(0, |s| s.offset);
    ChainError {
        sources,
        diagnostic: Diagnostic::new(
            EXTENDS,
            message,
            Some(span.start + offset..span.end + offset),
        ),
    }
}

/// The path a text extends and where it is written, when it names one in
/// quotes (anything else is reported with the file's other problems).
fn extends_of(text: &str) -> Option<(String, Range<usize>)> {
    let (doc, _) = DeTable::parse_recoverable(text);
    let value = doc.get_ref().get(EXTENDS)?;
    match value.get_ref() {
        DeValue::String(path) => Some((path.to_string(), value.span())),
        _ => None,
    }
}

/// The scenario's texts merged into one table, with where each key's value
/// was written.
pub(super) struct Merged<'a> {
    /// Sections and keys, every span an offset into the texts laid end to
    /// end.
    pub table: DeTable<'a>,
    /// For each `section.key` written, where each text wrote it, the file
    /// extended first.
    pub history: BTreeMap<String, Vec<Range<usize>>>,
    /// Where `extends` is written in the first text, when it is not a path
    /// in quotes.
    pub bad_extends: Vec<Range<usize>>,
}

/// Parses every text and merges them: a later text's section merges key by
/// key into an earlier one's, and a key's value (a number, a distribution,
/// an inline orbit) replaces the earlier value whole. Syntax errors come
/// back, all of them, as diagnostics.
pub(super) fn merge(sources: &Sources) -> Result<Merged<'_>, Vec<Diagnostic>> {
    let mut merged = Merged {
        table: DeTable::default(),
        history: BTreeMap::new(),
        bad_extends: Vec::new(),
    };
    let mut syntax = Vec::new();
    for source in sources.iter() {
        let (doc, errors) = DeTable::parse_recoverable(&source.text);
        for e in &errors {
            let span = e
                .span()
                .map(|s| s.start + source.offset..s.end + source.offset);
            syntax.push(Diagnostic::new(
                "",
                format!("TOML syntax: {}", e.message().trim_end()),
                span,
            ));
        }
        let mut table = doc.into_inner();
        shift_table(&mut table, source.offset);
        merged.overlay(table);
    }
    if syntax.is_empty() {
        Ok(merged)
    } else {
        Err(syntax)
    }
}

impl<'a> Merged<'a> {
    /// Lays one text's table over what is merged so far.
    fn overlay(&mut self, table: DeTable<'a>) {
        for (name, value) in table {
            if name.get_ref() == EXTENDS {
                if !matches!(value.get_ref(), DeValue::String(_)) {
                    self.bad_extends.push(value.span());
                }
                continue;
            }
            let section = name.get_ref().to_string();
            let earlier = self.table.remove(section.as_str());
            match (earlier.map(Spanned::into_inner), value.get_ref()) {
                (Some(DeValue::Table(mut keys)), DeValue::Table(_)) => {
                    let span = value.span();
                    let DeValue::Table(later) = value.into_inner() else {
                        unreachable!("matched as a table above")
                    };
                    for (key, v) in later {
                        self.written(&section, key.get_ref(), v.span());
                        keys.remove(key.get_ref().as_ref());
                        keys.insert(key, v);
                    }
                    self.table
                        .insert(name, Spanned::new(span, DeValue::Table(keys)));
                }
                _ => {
                    if let DeValue::Table(keys) = value.get_ref() {
                        for (key, v) in keys {
                            self.written(&section, key.get_ref(), v.span());
                        }
                    }
                    self.table.insert(name, value);
                }
            }
        }
    }

    fn written(&mut self, section: &str, key: &str, span: Range<usize>) {
        self.history
            .entry(format!("{section}.{key}"))
            .or_default()
            .push(span);
    }

    /// The section table `section`, if written.
    pub fn section(&self, section: &str) -> Option<&Spanned<DeValue<'a>>> {
        self.table.get(section)
    }

    /// Where `section` is named in the text that wrote it last (its
    /// header); none for a section no text writes.
    pub fn section_span(&self, section: &str) -> Option<Range<usize>> {
        self.table
            .get_key_value(section)
            .map(|(name, _)| name.span())
            .filter(|span| !span.is_empty())
    }

    /// Where the dotted `key`'s value is written, in the text that wrote it
    /// last.
    pub fn value_span(&self, key: &str) -> Option<Range<usize>> {
        self.history.get(key)?.last().cloned()
    }
}

/// Moves every span of `table` `by` bytes on, to its text's place among
/// the texts laid end to end.
fn shift_table(table: &mut DeTable<'_>, by: usize) {
    for (key, mut value) in std::mem::take(table) {
        shift(&mut value, by);
        let span = key.span();
        table.insert(
            Spanned::new(span.start + by..span.end + by, key.into_inner()),
            value,
        );
    }
}

fn shift(value: &mut Spanned<DeValue<'_>>, by: usize) {
    let old = std::mem::replace(value, Spanned::new(0..0, DeValue::Boolean(false)));
    let span = old.span();
    let mut inner = old.into_inner();
    match &mut inner {
        DeValue::Table(t) => shift_table(t, by),
        DeValue::Array(items) => items.iter_mut().for_each(|v| shift(v, by)),
        _ => {}
    }
    *value = Spanned::new(span.start + by..span.end + by, inner);
}
