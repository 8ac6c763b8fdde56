//! Every YAML read goes through this module.
//!
//! Content is deserialized with `serde_yaml`. Its errors come with a path to the value
//! (through `serde_path_to_error`); they, and the errors that later stages find in values
//! (an unknown id, a deadline before the plan's date), are located in the file by
//! re-reading it with saphyr's marked YAML, which keeps every node's position. That
//! second parse happens only when an error is shown.

use std::fmt;
use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde::de::{Deserialize, DeserializeOwned, Deserializer};

use crate::diagnostics::{Diagnostic, Location};
use crate::source::{FileId, Origin, SourceFile, byte_offset};

/// Separates a value's error message from its help text, in errors raised by the
/// model's own `Deserialize` implementations (see [`value_error`]).
const HELP_SEPARATOR: char = '\u{1f}';

/// An error message for a value that does not parse, with how to fix it.
pub fn value_error<E: serde::de::Error>(message: impl fmt::Display, help: impl fmt::Display) -> E {
    E::custom(format!("{message}{HELP_SEPARATOR}{help}"))
}

/// A path to a value inside a YAML document: `tasks[2].deadline`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(String),
    Index(usize),
}

impl YamlPath {
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    fn join(&self, other: &YamlPath) -> Self {
        let mut path = self.clone();
        path.0.extend(other.0.iter().cloned());
        path
    }

    fn split_last_key(&self) -> Option<(YamlPath, &str)> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some((YamlPath(self.0[..self.0.len() - 1].to_vec()), key)),
            _ => None,
        }
    }

    fn from_serde(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment as S;
        YamlPath(
            path.iter()
                .filter_map(|segment| match segment {
                    S::Seq { index } => Some(Segment::Index(*index)),
                    S::Map { key } => Some(Segment::Key(key.clone())),
                    S::Enum { .. } | S::Unknown => None,
                })
                .collect(),
        )
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Deserializes a whole file's YAML (or front matter).
pub fn parse<T: DeserializeOwned>(file: FileId, source: &SourceFile) -> Result<T, Diagnostic> {
    let text = source.yaml_text();
    // An empty document is an empty mapping, so that the error names the missing fields.
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|error| {
        let path = YamlPath::from_serde(error.path());
        let inner = error.into_inner();
        // Where the YAML itself is broken, the path cannot be followed: serde_yaml's
        // position is the only one there is.
        let is_syntax_error = path.0.is_empty() || MarkedYaml::load_from_str(text).is_err();
        let syntax_position = inner
            .location()
            .filter(|_| is_syntax_error)
            .map(|location| {
                source.yaml.start
                    + byte_offset(text, location.line(), location.column().saturating_sub(1))
            });
        let diagnostic = describe_error(&Origin::file(file), &path, &inner);
        match syntax_position {
            Some(at) => Diagnostic {
                location: Some(Location::Span {
                    file,
                    bytes: at..at,
                }),
                ..diagnostic
            },
            None => diagnostic,
        }
    })
}

/// Deserializes a file that is not content (a theme's UI strings): the error is a plain
/// message with the line and column.
pub fn parse_plain<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_yaml::from_str(text).map_err(|error| {
        let message = error.to_string();
        let message = message
            .split(HELP_SEPARATOR)
            .next()
            .unwrap_or(&message)
            .to_owned();
        match error.location() {
            Some(at) if !message.contains(" at line ") => {
                format!("{message} at line {} column {}", at.line(), at.column())
            }
            _ => message,
        }
    })
}

/// A list element deserialized on its own, so that one bad task does not hide the errors
/// of the others in the same file.
#[derive(Debug)]
pub enum Item<T> {
    Valid(T),
    Invalid {
        path: YamlPath,
        error: serde_yaml::Error,
    },
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        Ok(match serde_path_to_error::deserialize(value) {
            Ok(item) => Item::Valid(item),
            Err(error) => Item::Invalid {
                path: YamlPath::from_serde(error.path()),
                error: error.into_inner(),
            },
        })
    }
}

/// The valid elements of a list with their origins; a diagnostic for each invalid one.
pub fn collect_items<T>(
    items: Vec<Item<T>>,
    list: &Origin,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(T, Origin)> {
    let mut valid = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let origin = list.index(index);
        match item {
            Item::Valid(value) => valid.push((value, origin)),
            Item::Invalid { path, error } => {
                diagnostics.push(describe_error(&origin, &path, &error));
            }
        }
    }
    valid
}

/// Turns a serde error into a diagnostic in the users' words.
fn describe_error(base: &Origin, path: &YamlPath, error: &serde_yaml::Error) -> Diagnostic {
    let full = Origin {
        file: base.file,
        path: base.path.join(path),
    };
    let message = clean_message(&error.to_string(), path);
    if let Some((message, help)) = message.split_once(HELP_SEPARATOR) {
        return Diagnostic::error(message).at_value(&full).help(help);
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = backticked(expected);
        let container = full
            .path
            .split_last_key()
            .map_or(full.path.clone(), |(parent, _)| parent);
        let location = Location::Key(
            Origin {
                file: full.file,
                path: container,
            },
            field.to_owned(),
        );
        return Diagnostic::error(format!("unknown field `{field}`"))
            .at(location)
            .label("not a field here")
            .help(suggest(field, &known, "the fields allowed here are"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = backticked(expected);
        return Diagnostic::error(format!("`{value}` is not an accepted value here"))
            .at_value(&full)
            .help(suggest(value, &known, "the accepted values are"));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(format!("missing field `{field}`"))
            .at_value(&full)
            .label(format!("`{field}` is required here"))
            .help(format!(
                "add a line `{field}: ...`; the content reference in README.md says what it holds"
            ));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let (expected, found) = (plain_type(expected), plain_type(found));
        let diagnostic =
            Diagnostic::error(format!("expected {expected}, found {found}")).at_value(&full);
        return match type_help(&expected, &found) {
            Some(help) => diagnostic.help(help),
            None => diagnostic,
        };
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Diagnostic::error(format!(
            "expected {}, found {}",
            plain_type(expected),
            plain_type(found)
        ))
        .at_value(&full);
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(format!("the field `{field}` is given twice"))
            .at(Location::Key(full, field.to_owned()))
            .help("keep one of the two lines");
    }
    Diagnostic::error(message).at_value(&full)
}

/// serde_yaml's messages may start with the value's path and end with its position; the
/// diagnostic shows both itself.
fn clean_message(message: &str, path: &YamlPath) -> String {
    let mut message = message;
    if let Some(at) = message.rfind(" at line ") {
        let tail = &message[at + " at line ".len()..];
        if tail
            .split(" column ")
            .all(|n| n.chars().all(|c| c.is_ascii_digit()))
        {
            message = &message[..at];
        }
    }
    let prefix = format!("{path}: ");
    message
        .strip_prefix(prefix.as_str())
        .unwrap_or(message)
        .to_owned()
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// "did you mean `title`?" when a known word is close, and the whole list.
pub fn suggest(wrong: &str, known: &[String], list_intro: &str) -> String {
    let closest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(wrong, k), k))
        .filter(|(distance, k)| *distance <= (k.chars().count() / 3).max(2))
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

/// The usual reasons a value has the wrong type in YAML written by hand.
fn type_help(expected: &str, found: &str) -> Option<&'static str> {
    let expects_number = expected.contains("number");
    if expects_number && found.starts_with("string") {
        return Some(
            "write numbers with a dot for decimals and no thousands separators: 89.18, 1492057",
        );
    }
    if !expects_number
        && (found == "a list" || found == "a mapping of fields")
        && !expected.contains("list")
    {
        return Some(
            "in YAML a value starting with `[` is a list and one starting with `{` is a mapping; put text that starts with them in double quotes",
        );
    }
    if found.starts_with("string") && expected.contains("list") {
        return Some("write a list with one `- item` line per item, or as `[a, b]`");
    }
    None
}

fn plain_type(serde_name: &str) -> String {
    let name = serde_name.trim();
    match name {
        "f64" | "f32" => "a number".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a whole number".into(),
        "a sequence" | "sequence" => "a list".into(),
        "a map" | "map" => "a mapping of fields".into(),
        "unit value" => "nothing".into(),
        _ if name.starts_with("struct ") => "a mapping of fields".into(),
        _ if name.starts_with("enum ") => "one of the accepted words".into(),
        _ => name.to_owned(),
    }
}

/// The byte range, in the whole file, of the value at `path`; the deepest part of the path
/// that exists when the rest does not.
pub fn locate_value(source: &SourceFile, path: &YamlPath) -> Range<usize> {
    locate(source, path, None)
}

/// The byte range of `key` in the mapping at `path`.
pub fn locate_key(source: &SourceFile, path: &YamlPath, key: &str) -> Range<usize> {
    locate(source, path, Some(key))
}

fn locate(source: &SourceFile, path: &YamlPath, key: Option<&str>) -> Range<usize> {
    let text = source.yaml_text();
    let Ok(documents) = MarkedYaml::load_from_str(text) else {
        return source.yaml.start..source.yaml.start;
    };
    let Some(mut node) = documents.first() else {
        return source.yaml.start..source.yaml.start;
    };
    for segment in &path.0 {
        let next = match (segment, &node.data) {
            (Segment::Key(k), YamlData::Mapping(map)) => map
                .iter()
                .find(|(key, _)| scalar_text(key).as_deref() == Some(k.as_str()))
                .map(|(_, v)| v),
            (Segment::Index(i), YamlData::Sequence(items)) => items.get(*i),
            _ => None,
        };
        match next {
            Some(child) => node = child,
            None => break,
        }
    }
    let key_node = key.and_then(|key| match &node.data {
        YamlData::Mapping(map) => map.keys().find(|k| scalar_text(k).as_deref() == Some(key)),
        _ => None,
    });
    let target = key_node.unwrap_or(node);
    let start = byte_offset(text, target.span.start.line(), target.span.start.col());
    let mut end = byte_offset(text, target.span.end.line(), target.span.end.col());
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let is_scalar = matches!(
        target.data,
        YamlData::Value(_) | YamlData::Representation(..)
    );
    if !is_scalar || end <= start || end > line_end {
        end = line_end;
    }
    let end = start + text[start..end].trim_end().len();
    source.yaml.start + start..source.yaml.start + end
}

fn scalar_text(node: &MarkedYaml) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Representation(s, ..) => Some(s.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        title: String,
        #[serde(default)]
        tasks: Vec<Item<Task>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Task {
        #[allow(dead_code)]
        what: String,
        #[allow(dead_code)]
        days: u32,
    }

    fn file(text: &str) -> (Sources, FileId) {
        let mut sources = Sources::default();
        let id = sources.add(SourceFile {
            path: "x.yaml".into(),
            text: text.to_owned(),
            yaml: 0..text.len(),
        });
        (sources, id)
    }

    #[test]
    fn unknown_field_points_at_the_key_and_suggests() {
        let (sources, id) = file("titel: Lạng Sơn\n");
        let error = parse::<Doc>(id, sources.get(id)).unwrap_err();
        assert_eq!(error.message, "unknown field `titel`");
        assert!(
            error
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `title`?")
        );
        let Some(Location::Key(origin, key)) = &error.location else {
            panic!()
        };
        assert_eq!(locate_key(sources.get(id), &origin.path, key), 0..5);
    }

    #[test]
    fn every_bad_list_element_is_reported() {
        let text = "title: t\ntasks:\n  - what: a\n    days: many\n  - what: b\n    dayz: 3\n";
        let (sources, id) = file(text);
        let doc = parse::<Doc>(id, sources.get(id)).unwrap();
        let mut diagnostics = Vec::new();
        let valid = collect_items(doc.tasks, &Origin::file(id).key("tasks"), &mut diagnostics);
        assert!(valid.is_empty());
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(
            diagnostics[0].message,
            "expected a whole number, found string \"many\""
        );
        let Some(Location::Value(origin)) = &diagnostics[0].location else {
            panic!()
        };
        let range = locate_value(sources.get(id), &origin.path);
        assert_eq!(&text[range], "many");
        assert_eq!(diagnostics[1].message, "unknown field `dayz`");
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let (sources, id) = file("title: t\ntasks: [a\n");
        let error = parse::<Doc>(id, sources.get(id)).unwrap_err();
        assert!(
            matches!(error.location, Some(Location::Span { .. })),
            "{error:?}"
        );
    }

    #[test]
    fn paths_read_like_yaml() {
        let path = YamlPath::root().key("tasks").index(2).key("deadline");
        assert_eq!(path.to_string(), "tasks[2].deadline");
    }
}
