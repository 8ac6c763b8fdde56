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
        let mut placed: Vec<Placed> = self
            .list
            .iter()
            .map(|d| {
                let resolved = resolve(d.location.as_ref(), sources);
                // site.yaml first: what it says (the languages, the address) bears on
                // everything else.
                let sort_key = resolved.as_ref().map(|r| {
                    (
                        r.path != Path::new("site.yaml"),
                        r.path.clone(),
                        r.bytes.start,
                    )
                });
                (
                    d.severity,
                    sort_key,
                    render_one(d, resolved, sources, styled),
                )
            })
            .collect();
        placed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut out = String::new();
        for (_, _, text) in placed {
            let _ = writeln!(out, "{text}");
        }
        out
    }
}

/// A rendered diagnostic with what it is sorted by: severity, then file and position.
type Placed = (Severity, Option<(bool, PathBuf, usize)>, String);

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
