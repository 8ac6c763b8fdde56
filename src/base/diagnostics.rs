//! Errors and warnings about the content, as data: collected through every stage, then
//! shown all at once, each with its file, line, column, the offending text, what is
//! wrong and how to fix it.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::source::{self, FileId, Origin, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word for it in machine formats (GitHub's workflow commands, JSON).
    fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file as a whole, or one that could not be read.
    Path(PathBuf),
    /// A byte range in a file that was read.
    Span { file: FileId, bytes: Range<usize> },
    /// A value in a file's YAML, found again only when the diagnostic is shown.
    Value(Origin),
    /// A key of a mapping in a file's YAML (an unknown field, for instance).
    Key(Origin, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    pub location: Option<Location>,
    /// A short text shown under the offending text.
    pub label: Option<String>,
    /// Other places that matter (the first definition of a duplicate id, ...).
    pub related: Vec<(Location, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_value(self, origin: &Origin) -> Self {
        self.at(Location::Value(origin.clone()))
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, location: Location, label: impl Into<String>) -> Self {
        self.related.push((location, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Diagnostics collected along the way.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    /// Drops the warnings, for a run asked to print nothing but errors.
    pub fn keep_errors_only(&mut self) {
        self.list.retain(Diagnostic::is_error);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Shows every diagnostic, errors first, then by file (site.yaml first) and position, so that the
    /// report reads from top to bottom however the stages found them.
    pub fn render(&self, sources: &Sources, styled: bool) -> String {
        let mut out = String::new();
        for (diagnostic, resolved) in self.in_order(sources) {
            let _ = writeln!(out, "{}", render_one(diagnostic, resolved, sources, styled));
        }
        out
    }

    /// The diagnostics as GitHub Actions workflow commands, one line each, in the order
    /// of [`Diagnostics::render`]: each becomes an annotation on its file's line in a
    /// pull request.
    pub fn render_github(&self, sources: &Sources) -> String {
        let mut out = String::new();
        for (diagnostic, resolved) in self.in_order(sources) {
            let _ = writeln!(
                out,
                "{}",
                github_command(diagnostic, resolved.as_ref(), sources)
            );
        }
        out
    }

    /// The diagnostics as JSON, one object per line (JSON Lines), in the order of
    /// [`Diagnostics::render`], for editors and other tools.
    pub fn render_json(&self, sources: &Sources) -> String {
        let mut out = String::new();
        for (diagnostic, resolved) in self.in_order(sources) {
            let record = JsonDiagnostic::new(diagnostic, resolved.as_ref(), sources);
            // A struct of strings and numbers always serializes.
            if let Ok(line) = serde_json::to_string(&record) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }

    /// The diagnostics as a GitLab Code Quality report (a JSON array), in the order of
    /// [`Diagnostics::render`]: GitLab shows each on the merge request, at its file and
    /// line. A problem of the whole site is put at `site.yaml`'s first line, since a report
    /// entry must name a file.
    pub fn render_gitlab(&self, sources: &Sources) -> String {
        let issues: Vec<GitlabIssue> = self
            .in_order(sources)
            .into_iter()
            .map(|(diagnostic, resolved)| GitlabIssue::new(diagnostic, resolved.as_ref(), sources))
            .collect();
        // Strings and numbers always serialize.
        let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
        out.push('\n');
        out
    }

    /// Each diagnostic apart, in the order of [`Diagnostics::render`], as plain text with
    /// its place: for a page that shows them (`serve`).
    pub fn shown(&self, sources: &Sources) -> Vec<Shown<'_>> {
        self.in_order(sources)
            .into_iter()
            .map(|(diagnostic, resolved)| {
                let place = place(resolved.as_ref(), sources).map(|(path, span)| match span {
                    Some((start, _)) => format!("{path}:{}:{}", start.line, start.column),
                    None => path,
                });
                Shown {
                    is_error: diagnostic.is_error(),
                    message: &diagnostic.message,
                    place,
                    help: diagnostic.help.as_deref(),
                    text: render_one(diagnostic, resolved, sources, false),
                }
            })
            .collect()
    }

    /// Every diagnostic with its place, errors first, then by file (site.yaml first: what
    /// it says, the languages and the address, bears on everything else) and position.
    fn in_order<'a>(&'a self, sources: &Sources) -> Vec<(&'a Diagnostic, Option<Resolved>)> {
        let mut placed: Vec<(&Diagnostic, Option<Resolved>)> = self
            .list
            .iter()
            .map(|d| (d, resolve(d.location.as_ref(), sources)))
            .collect();
        placed.sort_by_cached_key(|(d, resolved)| {
            let place = resolved.as_ref().map(|r| {
                (
                    r.path != Path::new("site.yaml"),
                    r.path.clone(),
                    r.bytes.start,
                )
            });
            (d.severity, place)
        });
        placed
    }
}

/// One diagnostic, ready to show.
pub struct Shown<'a> {
    pub is_error: bool,
    pub message: &'a str,
    /// `content/x/updates/2025-11-28.md:4:7`, or the file alone.
    pub place: Option<String>,
    pub help: Option<&'a str>,
    /// As `check` prints it: the message, the offending line with a caret, the help.
    pub text: String,
}

/// A location turned into a file path and byte range, ready to show.
struct Resolved {
    path: PathBuf,
    file: Option<FileId>,
    bytes: Range<usize>,
}

fn resolve(location: Option<&Location>, sources: &Sources) -> Option<Resolved> {
    let location = location?;
    let (file, bytes) = match location {
        Location::Path(path) => {
            return Some(Resolved {
                path: path.clone(),
                file: None,
                bytes: 0..0,
            });
        }
        Location::Span { file, bytes } => (*file, bytes.clone()),
        Location::Value(origin) => (
            origin.file,
            source::locate_value(sources.get(origin.file), &origin.path),
        ),
        Location::Key(origin, key) => (
            origin.file,
            source::locate_key(sources.get(origin.file), &origin.path, key),
        ),
    };
    Some(Resolved {
        path: sources.path(file).to_path_buf(),
        file: Some(file),
        bytes,
    })
}

fn render_one(
    diagnostic: &Diagnostic,
    resolved: Option<Resolved>,
    sources: &Sources,
    styled: bool,
) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let path_text = resolved.as_ref().map(|r| r.path.display().to_string());
    let title = level.primary_title(diagnostic.message.as_str());
    let mut groups: Vec<Group> = Vec::new();
    match (&resolved, &path_text) {
        (
            Some(Resolved {
                file: Some(file),
                bytes,
                ..
            }),
            Some(path),
        ) => {
            let text = sources.get(*file).text.as_str();
            let mut annotation = AnnotationKind::Primary.span(bytes.clone());
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(label.as_str());
            }
            groups.push(
                Group::with_title(title).element(
                    Snippet::source(text)
                        .path(path.as_str())
                        .annotation(annotation),
                ),
            );
        }
        (Some(_), Some(path)) => {
            groups.push(
                Group::with_title(title).element(annotate_snippets::Origin::path(path.as_str())),
            );
        }
        _ => groups.push(Group::with_title(title)),
    }
    let related: Vec<(Resolved, &str)> = diagnostic
        .related
        .iter()
        .filter_map(|(location, label)| Some((resolve(Some(location), sources)?, label.as_str())))
        .collect();
    let related_paths: Vec<String> = related
        .iter()
        .map(|(r, _)| r.path.display().to_string())
        .collect();
    for ((r, label), path) in related.iter().zip(&related_paths) {
        let group = match r.file {
            Some(file) => Group::with_title(Level::NOTE.secondary_title(*label)).element(
                Snippet::source(sources.get(file).text.as_str())
                    .path(path.as_str())
                    .annotation(AnnotationKind::Context.span(r.bytes.clone())),
            ),
            None => Group::with_title(Level::NOTE.secondary_title(*label))
                .element(annotate_snippets::Origin::path(path.as_str())),
        };
        groups.push(group);
    }
    if let Some(help) = &diagnostic.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&groups)
}

/// A place in a file as people count it: lines and columns from 1, columns in
/// characters (as editors and GitHub count them), not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    fn of(text: &str, byte: usize) -> Position {
        let (line, column) = source::line_column(text, byte);
        Position { line, column }
    }
}

/// A diagnostic's file and, when it points into the file's text, its start and end.
fn place(
    resolved: Option<&Resolved>,
    sources: &Sources,
) -> Option<(String, Option<(Position, Position)>)> {
    let resolved = resolved?;
    let path = resolved.path.display().to_string();
    let span = resolved.file.map(|file| {
        let text = sources.get(file).text.as_str();
        (
            Position::of(text, resolved.bytes.start),
            Position::of(text, resolved.bytes.end.max(resolved.bytes.start)),
        )
    });
    Some((path, span))
}

/// One GitHub Actions workflow command (`::error file=…,line=…::message`).
fn github_command(
    diagnostic: &Diagnostic,
    resolved: Option<&Resolved>,
    sources: &Sources,
) -> String {
    let command = diagnostic.severity.name();
    let mut properties: Vec<String> = Vec::new();
    if let Some((path, span)) = place(resolved, sources) {
        properties.push(format!("file={}", github_property(&path)));
        if let Some((start, end)) = span {
            properties.push(format!("line={}", start.line));
            properties.push(format!("col={}", start.column));
            properties.push(format!("endLine={}", end.line));
            properties.push(format!("endColumn={}", end.column));
        }
    }
    // The message is the annotation's text; its title only says where it comes from.
    properties.push("title=tiendo check".to_owned());
    let mut message = diagnostic.message.clone();
    if let Some(label) = &diagnostic.label {
        message.push_str(&format!("\n{label}"));
    }
    for (location, label) in &diagnostic.related {
        if let Some((path, span)) = place(resolve(Some(location), sources).as_ref(), sources) {
            match span {
                Some((start, _)) => message.push_str(&format!(
                    "\nnote: {label} ({path}:{}:{})",
                    start.line, start.column
                )),
                None => message.push_str(&format!("\nnote: {label} ({path})")),
            }
        }
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        github_data(&message)
    )
}

/// A workflow command's message: `%`, carriage returns and line feeds escaped, as the
/// runner unescapes them.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: its message's escapes, and `:` and `,`, which
/// would end the value.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One diagnostic as `tiendo check --format json` prints it (README: Commands).
#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    message: &'a str,
    file: Option<String>,
    start: Option<Position>,
    end: Option<Position>,
    label: Option<&'a str>,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(serde::Serialize)]
struct JsonRelated<'a> {
    label: &'a str,
    file: String,
    start: Option<Position>,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(diagnostic: &'a Diagnostic, resolved: Option<&Resolved>, sources: &Sources) -> Self {
        let (file, span) = place(resolved, sources).map_or((None, None), |(f, s)| (Some(f), s));
        JsonDiagnostic {
            severity: diagnostic.severity.name(),
            message: &diagnostic.message,
            file,
            start: span.map(|(start, _)| start),
            end: span.map(|(_, end)| end),
            label: diagnostic.label.as_deref(),
            help: diagnostic.help.as_deref(),
            related: diagnostic
                .related
                .iter()
                .filter_map(|(location, label)| {
                    let (file, span) = place(resolve(Some(location), sources).as_ref(), sources)?;
                    Some(JsonRelated {
                        label,
                        file,
                        start: span.map(|(start, _)| start),
                    })
                })
                .collect(),
        }
    }
}

/// One entry of a GitLab Code Quality report (`tiendo check --format gitlab`).
#[derive(serde::Serialize)]
struct GitlabIssue {
    description: String,
    check_name: &'static str,
    /// What tells this problem from every other, the same from one pipeline to the
    /// next, so that GitLab can say which problems a merge request adds or fixes.
    fingerprint: String,
    severity: &'static str,
    location: GitlabLocation,
}

#[derive(serde::Serialize)]
struct GitlabLocation {
    path: String,
    lines: GitlabLines,
}

#[derive(serde::Serialize)]
struct GitlabLines {
    begin: usize,
}

impl GitlabIssue {
    fn new(diagnostic: &Diagnostic, resolved: Option<&Resolved>, sources: &Sources) -> Self {
        let (path, span) = place(resolved, sources).unwrap_or(("site.yaml".to_owned(), None));
        let line = span.map_or(1, |(start, _)| start.line);
        let description = match &diagnostic.help {
            Some(help) => format!("{} (help: {help})", diagnostic.message),
            None => diagnostic.message.clone(),
        };
        let column = span.map_or(0, |(start, _)| start.column);
        let fingerprint = xxhash_rust::xxh3::xxh3_128(
            format!("{path}\u{0}{line}\u{0}{column}\u{0}{}", diagnostic.message).as_bytes(),
        );
        GitlabIssue {
            description,
            check_name: "tiendo check",
            fingerprint: format!("{fingerprint:032x}"),
            severity: match diagnostic.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            },
            location: GitlabLocation {
                path,
                lines: GitlabLines { begin: line },
            },
        }
    }
}

/// How many edits still make a word a misspelling of `known`.
pub fn close_enough(known: &str) -> usize {
    (known.chars().count() / 3).max(2)
}

/// "did you mean `title`?" when a known word is close, and the whole list.
pub fn suggest(wrong: &str, known: &[String], list_intro: &str) -> String {
    let closest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(wrong, k), k))
        .filter(|(distance, k)| *distance <= close_enough(k))
        .min();
    let list = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match closest {
        Some((_, k)) => format!("did you mean `{k}`? {list_intro}: {list}"),
        None if known.is_empty() => "remove it".to_owned(),
        None => format!("{list_intro}: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = "a: 1\nnom: Hà Nội\n";
        assert_eq!(Position::of(text, 0), Position { line: 1, column: 1 });
        let noi = text.find("Nội").unwrap();
        // "nom: Hà " is eight characters, nine bytes.
        assert_eq!(Position::of(text, noi), Position { line: 2, column: 9 });
        // Inside a character: the character's own column.
        assert_eq!(
            Position::of(text, noi + 2),
            Position {
                line: 2,
                column: 10
            }
        );
        assert_eq!(Position::of(text, 999), Position { line: 3, column: 1 });
    }

    #[test]
    fn workflow_commands_escape_what_would_end_them() {
        assert_eq!(github_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(github_property("a: b, c"), "a%3A b%2C c");
    }
}
