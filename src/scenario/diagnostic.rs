//! Located error messages: file, line, column, key path, and the offending
//! source line with a caret under the value.

use std::fmt;
use std::ops::Range;

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Dotted path of the key (`fleet.robots`), or empty for the whole file.
    pub key: String,
    /// What is wrong and what would be valid.
    pub message: String,
    /// Byte range in the source the problem points at, where known.
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    /// A diagnostic at `span` for `key`.
    pub fn new(
        key: impl Into<String>,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        Self {
            key: key.into(),
            message: message.into(),
            span,
        }
    }
}

/// One text a scenario is read from: a file, a file it extends, or the
/// command line's `--set` values. Spans of diagnostics are offsets into the
/// texts laid end to end ([`Sources`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file's name as written (given by the user, or resolved from an
    /// `extends`), or `--set`.
    pub name: String,
    /// The text (lossy for files that are not UTF-8).
    pub text: String,
    /// Where the text starts among all the texts of the scenario.
    pub offset: usize,
}

/// The texts of one scenario, the file it extends first (docs/model.md
/// §Scenario files): every span in its diagnostics falls in one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    list: Vec<Source>,
}

impl Sources {
    /// One text on its own.
    pub fn single(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut sources = Self::default();
        sources.push(name, text);
        sources
    }

    /// Adds a text after the others; its spans start past theirs.
    pub fn push(&mut self, name: impl Into<String>, text: impl Into<String>) {
        let offset = self.list.last().map_or(0, |s| s.offset + s.text.len() + 1);
        self.list.push(Source {
            name: name.into(),
            text: text.into(),
            offset,
        });
    }

    /// The texts, the file extended first.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.list.iter()
    }

    /// The source holding global offset `at`, and `at` within it.
    pub fn locate(&self, at: usize) -> Option<(&Source, usize)> {
        self.list
            .iter()
            .rev()
            .find(|s| s.offset <= at)
            .map(|s| (s, at - s.offset))
    }
}

/// Every problem found in one scenario, with the texts needed to show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The scenario's file name as given by the user.
    pub file: String,
    /// The texts it was read from.
    pub sources: Sources,
    /// The problems, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// A 1-based line and column (in characters) of a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

/// Line and column of byte `offset` in `source` (clamped to its end).
pub fn line_col(source: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

impl Report {
    /// The file name, line and column a diagnostic's span starts at.
    pub fn locate(&self, span: &Range<usize>) -> Option<(&str, LineCol)> {
        let (source, at) = self.sources.locate(span.start)?;
        Some((source.name.as_str(), line_col(&source.text, at)))
    }

    fn write_one(&self, f: &mut fmt::Formatter<'_>, d: &Diagnostic) -> fmt::Result {
        let key = if d.key.is_empty() {
            String::new()
        } else {
            format!("{}: ", d.key)
        };
        let Some((source, start)) = d.span.as_ref().and_then(|s| self.sources.locate(s.start))
        else {
            return writeln!(f, "error: {}: {key}{}", self.file, d.message);
        };
        let span = d.span.clone().unwrap_or_default();
        let span = start..start + span.len();
        let at = line_col(&source.text, span.start);
        writeln!(
            f,
            "error: {}:{}:{}: {key}{}",
            source.name, at.line, at.column, d.message
        )?;
        let text = source.text.lines().nth(at.line - 1).unwrap_or("");
        let start = at.column - 1;
        let spanned_chars = source
            .text
            .get(span.start..span.end.max(span.start))
            .and_then(|s| s.lines().next())
            .map_or(1, |s| s.chars().count().max(1));
        let width = spanned_chars.min(text.chars().count().saturating_sub(start).max(1));
        let gutter = at.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", at.line, text)?;
        writeln!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(start),
            "^".repeat(width)
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            self.write_one(f, d)?;
        }
        let n = self.diagnostics.len();
        write!(
            f,
            "{}: {n} error{} found",
            self.file,
            if n == 1 { "" } else { "s" }
        )
    }
}
