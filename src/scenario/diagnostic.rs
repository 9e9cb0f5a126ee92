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

/// Every problem found in one file, with the source needed to show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The file's name as given by the user.
    pub file: String,
    /// The file's text (lossy for files that are not UTF-8).
    pub source: String,
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
    fn write_one(&self, f: &mut fmt::Formatter<'_>, d: &Diagnostic) -> fmt::Result {
        let key = if d.key.is_empty() {
            String::new()
        } else {
            format!("{}: ", d.key)
        };
        let Some(span) = d.span.clone() else {
            return writeln!(f, "error: {}: {key}{}", self.file, d.message);
        };
        let at = line_col(&self.source, span.start);
        writeln!(
            f,
            "error: {}:{}:{}: {key}{}",
            self.file, at.line, at.column, d.message
        )?;
        let text = self.source.lines().nth(at.line - 1).unwrap_or("");
        let start = at.column - 1;
        let spanned_chars = self
            .source
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
