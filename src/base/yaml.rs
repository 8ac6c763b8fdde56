//! Every YAML read goes through this module.
//!
//! Content is deserialized with `serde_yaml`. Its errors come with a path to the value
//! (through `serde_path_to_error`); they, and the errors that later stages find in values
//! (an unknown id, a deadline before the plan's date), are located in the file by
//! re-reading it with saphyr's marked YAML, which keeps every node's position. That
//! second parse happens only when an error is shown.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};

use super::diagnostics::{Diagnostic, Location, close_enough, suggest};
use super::source::{FileId, Origin, Segment, SourceFile, YamlPath, byte_offset};

/// Separates a value's error message from its help text, in errors raised by the
/// model's own `Deserialize` implementations (see [`value_error`]).
const HELP_SEPARATOR: char = '\u{1f}';

/// Marks an error about a mapping's key rather than its value (see [`key_error`]).
const KEY_MARKER: char = '\u{1e}';

/// An error message for a key of a mapping, shown at the key, with how to fix it.
pub fn key_error<E: serde::de::Error>(
    key: &str,
    message: impl fmt::Display,
    help: impl fmt::Display,
) -> E {
    E::custom(format!(
        "{KEY_MARKER}{key}{KEY_MARKER}{message}{HELP_SEPARATOR}{help}"
    ))
}

/// An error message for a value that does not parse, with how to fix it.
pub fn value_error<E: serde::de::Error>(message: impl fmt::Display, help: impl fmt::Display) -> E {
    E::custom(format!("{message}{HELP_SEPARATOR}{help}"))
}

/// The path serde_path_to_error followed to an error.
fn path_from_serde(path: &serde_path_to_error::Path) -> YamlPath {
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

/// At most this many attempts are made to find a value's errors before giving up on it.
const MAX_ATTEMPTS_PER_VALUE: usize = 200;

/// What reading a file's YAML gave.
pub struct Parsed<T> {
    /// The value, when it could be read at all. When `errors` is not empty it holds
    /// stand-ins and must not enter the model; it is kept so that the errors of its list
    /// elements (tasks, measurements) can still be reported.
    pub value: Option<T>,
    pub errors: Vec<Diagnostic>,
    /// Whether the YAML itself could not be read: its one error is where reading stopped.
    pub unreadable: bool,
}

impl<T> Parsed<T> {
    /// The value, if it had no error.
    pub fn clean(self) -> Option<T> {
        if self.errors.is_empty() {
            self.value
        } else {
            None
        }
    }
}

/// Deserializes a whole file's YAML (or front matter), reporting every error in it.
pub fn parse<T: DeserializeOwned>(file: FileId, source: &SourceFile) -> Parsed<T> {
    let text = source.yaml_text();
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return Parsed {
                value: None,
                errors: vec![syntax_error(file, source, &error)],
                unreadable: true,
            };
        }
    };
    // An empty document is an empty mapping, so that the errors name the missing fields.
    let value = if value.is_null() {
        serde_yaml::Value::Mapping(Default::default())
    } else {
        value
    };
    let (value, found) = deserialize_repairing::<T>(value);
    Parsed {
        value,
        errors: found
            .iter()
            .map(|(path, error)| describe_error(&Origin::file(file), path, error))
            .collect(),
        unreadable: false,
    }
}

/// Deserializes YAML that no one can fix any more (a version of a file in the content's
/// history), reporting nothing: what cannot be read is `None`.
pub fn read_quietly<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_yaml::from_str(text).ok()
}

/// A field of a past version read as far as it can be: a value that does not parse is
/// `None`, as no one can fix it now (a field given as a mapping where a date was due may
/// leave the rest of the file unreadable, and the version is then passed over).
pub fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Ok(T::deserialize(deserializer).ok())
}

/// Errors found in one value, each with the path to where it is.
type Found = Vec<(YamlPath, serde_yaml::Error)>;

/// Values tried in place of a required field that is missing or was removed for a bad
/// value, only so that deserialization goes on to find the value's other errors (serde
/// reports a missing field after reading all the others, so without a stand-in nothing
/// after it is checked). A value with errors is never returned, so a stand-in is never used.
const STAND_INS: &[&str] = &["2000-01-01", "https://stand-in.invalid/", "0", "[]", "{}"];

/// Deserializes `value` as `T`. serde stops at the first error; to report them all, the
/// value that failed is removed, a missing required field gets a stand-in, and
/// deserialization is tried again until it succeeds. With errors, the `T` returned holds
/// stand-ins: only its list elements' own errors may be read from it.
fn deserialize_repairing<T: DeserializeOwned>(mut value: serde_yaml::Value) -> (Option<T>, Found) {
    let mut found: Found = Vec::new();
    // Removed list elements shift the indexes of later errors; paths are reported as the
    // user wrote them.
    let mut removed: Vec<YamlPath> = Vec::new();
    // The stand-in being tried: where, and the candidates left.
    let mut stand_in: Option<(YamlPath, Vec<serde_yaml::Value>)> = None;
    // Most files have no error: read first without tracking the path to each value,
    // which only an error needs: the same reading, without a fifth of its cost.
    if let Ok(item) = T::deserialize(&value) {
        return (Some(item), found);
    }
    for _ in 0..MAX_ATTEMPTS_PER_VALUE {
        // Read in place: a copy of the whole value for each try was about a fifteenth
        // of the time spent reading a site's content.
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(item) => return (Some(item), found),
            Err(error) => error,
        };
        let current = path_from_serde(error.path());
        if let Some((at, candidates)) = &mut stand_in
            && current.starts_with(at)
        {
            // The stand-in does not fit this field's type: try the next one.
            match candidates.pop() {
                Some(next) => {
                    set(&mut value, at, next);
                    continue;
                }
                None => return (None, found),
            }
        }
        stand_in = None;
        let original = as_written(&current, &removed);
        let error = error.into_inner();
        let message = error.to_string();
        if let Some(field) = missing_field(&message) {
            // Missing because it was removed for a bad value, or misspelt: reported already.
            let reported =
                removed.contains(&original.key(field)) || misspelt(&found, &original, field);
            let mut candidates: Vec<serde_yaml::Value> = STAND_INS
                .iter()
                .rev()
                .filter_map(|text| serde_yaml::from_str(text).ok())
                .collect();
            // A word the field accepts, named by the error that removed its value.
            if let Some(word) = accepted_word(&found, &original.key(field)) {
                candidates.push(serde_yaml::Value::String(word));
            }
            if !reported {
                found.push((original.clone(), error));
            }
            let at = current.key(field);
            let placed = candidates
                .pop()
                .is_some_and(|first| set(&mut value, &at, first));
            if !placed {
                return (None, found);
            }
            stand_in = Some((at, candidates));
            continue;
        }
        found.push((original.clone(), error));
        if current.0.is_empty() || !remove(&mut value, &current) {
            return (None, found);
        }
        removed.push(original);
    }
    (None, found)
}

/// The first word an "unknown variant" error at `path` said was accepted.
fn accepted_word(found: &Found, path: &YamlPath) -> Option<String> {
    let (_, error) = found.iter().find(|(p, _)| p == path)?;
    let message = error.to_string();
    let expected = message.split_once("expected ")?.1;
    backticked(expected).into_iter().next()
}

/// Whether `field` was already reported in another form: an unknown field of `container`
/// that is a misspelling of it, or a key of the same name found misplaced inside it
/// (indented too far).
fn misspelt(found: &Found, container: &YamlPath, field: &str) -> bool {
    let misplaced = format!("{KEY_MARKER}{field}{KEY_MARKER}");
    found.iter().any(|(path, error)| {
        let unknown = error.to_string();
        if path.starts_with(container) && unknown.contains(&misplaced) {
            return true;
        }
        match path.split_last_key() {
            Some((parent, key)) if parent == *container && unknown.contains("unknown field `") => {
                strsim::damerau_levenshtein(key, field) <= close_enough(field)
            }
            _ => false,
        }
    })
}

fn missing_field(message: &str) -> Option<&str> {
    let rest = &message[message.find("missing field `")? + "missing field `".len()..];
    rest.split('`').next()
}

/// Maps a path in a value from which list elements were removed back to the path as the
/// user wrote it.
fn as_written(path: &YamlPath, removed: &[YamlPath]) -> YamlPath {
    let mut segments = path.0.clone();
    for gone in removed.iter().rev() {
        let Some((Segment::Index(gone_index), list)) = gone.0.split_last() else {
            continue;
        };
        let in_same_list = segments.len() > list.len() && segments[..list.len()] == *list;
        if let Some(Segment::Index(index)) = segments.get_mut(list.len()).filter(|_| in_same_list)
            && *index >= *gone_index
        {
            *index += 1;
        }
    }
    YamlPath(segments)
}

/// The value at the end of `path`, if there is one.
fn node_at<'v>(
    value: &'v mut serde_yaml::Value,
    path: &[Segment],
) -> Option<&'v mut serde_yaml::Value> {
    path.iter()
        .try_fold(value, |node, segment| match (segment, node) {
            (Segment::Key(key), serde_yaml::Value::Mapping(map)) => map.get_mut(key.as_str()),
            (Segment::Index(index), serde_yaml::Value::Sequence(items)) => items.get_mut(*index),
            _ => None,
        })
}

/// Puts `new` at `path`, adding the last key to its mapping if needed; false when the
/// path does not lead to a mapping.
fn set(value: &mut serde_yaml::Value, path: &YamlPath, new: serde_yaml::Value) -> bool {
    let Some((Segment::Key(last), parents)) = path.0.split_last() else {
        return false;
    };
    let Some(node) = node_at(value, parents) else {
        return false;
    };
    match node {
        serde_yaml::Value::Mapping(map) => {
            map.insert(serde_yaml::Value::String(last.clone()), new);
            true
        }
        _ => false,
    }
}

/// Removes the value at `path`; false when there is nothing there to remove.
fn remove(value: &mut serde_yaml::Value, path: &YamlPath) -> bool {
    let Some((last, parents)) = path.0.split_last() else {
        return false;
    };
    let Some(node) = node_at(value, parents) else {
        return false;
    };
    match (last, node) {
        // `shift_remove` keeps the order of the other keys, so errors come in reading order.
        (Segment::Key(key), serde_yaml::Value::Mapping(map)) => {
            map.shift_remove(key.as_str()).is_some()
        }
        (Segment::Index(index), serde_yaml::Value::Sequence(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// An error in the YAML itself, where no path can be followed: serde_yaml's position is
/// the only one there is, except for a key given twice, which is found again here.
fn syntax_error(file: FileId, source: &SourceFile, error: &serde_yaml::Error) -> Diagnostic {
    let text = source.yaml_text();
    let message = clean_message(&error.to_string(), &YamlPath::root());
    let at = |offset: usize| Location::Span {
        file,
        bytes: source.yaml.start + offset..source.yaml.start + offset,
    };
    if message.contains("duplicate entry with key")
        && let Some((key, span)) = second_occurrence_of_a_key(text)
    {
        return Diagnostic::error(format!("the field `{key}` is given twice"))
            .at(Location::Span {
                file,
                bytes: source.yaml.start + span.start..source.yaml.start + span.end,
            })
            .label("given again here")
            .help("keep one of the two lines");
    }
    let offset = error.location().map_or(0, |l| {
        byte_offset(text, l.line(), l.column().saturating_sub(1))
    });
    // A whole number beyond 64 bits, which serde_yaml's values cannot hold.
    if message.contains("` as u128") || message.contains("` as i128") {
        let number = message
            .split_once("integer `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map_or("", |(number, _)| number);
        return Diagnostic::error(format!("`{number}` is too large a number for any field"))
            .at(at(offset))
            .help("write a smaller number; for very large amounts, use a larger unit in the indicator's `unit_label` (billion VND)");
    }
    let help = if text[offset..].starts_with('\t') || text[..offset].ends_with('\t') {
        "YAML is indented with spaces, never with tabs: replace the tab with spaces"
    } else {
        "check the indentation and the `: ` after each field name; put text that contains `: ` or starts with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%`, `@` or a quote in double quotes"
    };
    Diagnostic::error(format!("this is not valid YAML: {message}"))
        .at(at(offset))
        .help(help)
}

/// The first key given a second time in the same mapping, and its byte range.
fn second_occurrence_of_a_key(text: &str) -> Option<(String, Range<usize>)> {
    use saphyr_parser::{Event, Parser};
    /// A mapping being read: its keys so far, and whether the next node is a key.
    struct Mapping {
        keys: Vec<String>,
        expects_key: bool,
    }
    let mut stack: Vec<Option<Mapping>> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        // A node that is a mapping's value: the next one is a key again.
        let value_done = |stack: &mut Vec<Option<Mapping>>| {
            if let Some(Some(mapping)) = stack.last_mut() {
                mapping.expects_key = true;
            }
        };
        match event {
            Event::Scalar(scalar, ..) => match stack.last_mut() {
                Some(Some(mapping)) if mapping.expects_key => {
                    if mapping.keys.iter().any(|k| *k == scalar) {
                        let start = byte_offset(text, span.start.line(), span.start.col());
                        let end = byte_offset(text, span.end.line(), span.end.col());
                        return Some((scalar.into_owned(), start..end.max(start)));
                    }
                    mapping.keys.push(scalar.into_owned());
                    mapping.expects_key = false;
                }
                _ => value_done(&mut stack),
            },
            Event::Alias(_) => value_done(&mut stack),
            Event::MappingStart(..) => {
                if let Some(Some(mapping)) = stack.last_mut() {
                    mapping.expects_key = false;
                }
                stack.push(Some(Mapping {
                    keys: Vec::new(),
                    expects_key: true,
                }));
            }
            Event::SequenceStart(..) => {
                if let Some(Some(mapping)) = stack.last_mut() {
                    mapping.expects_key = false;
                }
                stack.push(None);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                value_done(&mut stack);
            }
            _ => {}
        }
    }
    None
}

/// Reads a file of one-line texts by key (a theme's UI strings, `key: text`). Every
/// entry that is not a key and a line of text is an error at that entry, all of them at
/// once; the entries that are fine are returned too.
pub fn parse_strings(
    file: FileId,
    source: &SourceFile,
) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
    let mut strings = BTreeMap::new();
    let mut errors = Vec::new();
    let root = Origin::file(file);
    let value: serde_yaml::Value = match serde_yaml::from_str(source.yaml_text()) {
        Ok(value) => value,
        Err(error) => return (strings, vec![syntax_error(file, source, &error)]),
    };
    let mapping = match value {
        serde_yaml::Value::Mapping(mapping) => mapping,
        // An empty file: what it lacks is reported by the caller.
        serde_yaml::Value::Null => return (strings, errors),
        other => {
            errors.push(
                Diagnostic::error(format!(
                    "this file holds {}, not UI strings",
                    kind_of(&other)
                ))
                .at(Location::Value(root))
                .help("write one `key: text` line per string, such as `deadlines: Deadlines`"),
            );
            return (strings, errors);
        }
    };
    for (key, value) in mapping {
        let key = match key {
            serde_yaml::Value::String(key) => key,
            other => {
                let shown = serde_yaml::to_string(&other).unwrap_or_default();
                errors.push(
                    Diagnostic::error(format!("`{}` is not a key of a UI string", shown.trim()))
                        .at(Location::Value(root.clone()))
                        .help("keys are names such as `deadlines` or `days.other`"),
                );
                continue;
            }
        };
        match value {
            serde_yaml::Value::String(text) => {
                strings.insert(key, text);
            }
            serde_yaml::Value::Mapping(_) => errors.push(
                Diagnostic::error(format!("`{key}` holds a mapping, not a line of text"))
                    .at(Location::Key(root.clone(), key.clone()))
                    .help(format!(
                        "give each plural form a line of its own: `{key}.one: ...` and `{key}.other: ...`"
                    )),
            ),
            other => errors.push(
                Diagnostic::error(format!(
                    "`{key}` holds {}, not a line of text",
                    kind_of(&other)
                ))
                .at(Location::Value(root.key(&key)))
                .help("write the text after the colon, in quotes if it is a number, `true` or `false`: `key: \"text\"`"),
            ),
        }
    }
    (strings, errors)
}

fn kind_of(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a yes or no",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a text",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

/// A list element deserialized on its own, so that one bad task does not hide the errors
/// of the others in the same file.
#[derive(Debug)]
pub struct Item<T> {
    /// Present only when the element had no error.
    item: Option<T>,
    found: Found,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        let (item, found) = deserialize_repairing(value);
        Ok(Item {
            item: item.filter(|_| found.is_empty()),
            found,
        })
    }
}

/// An element's schema is its item's: the wrapper only keeps errors apart.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Item<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        generator.subschema_for::<T>()
    }
}

/// The valid elements of a list with their origins; a diagnostic for each error in the
/// others.
pub fn collect_items<T>(
    items: Vec<Item<T>>,
    list: &Origin,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(T, Origin)> {
    let mut valid = Vec::with_capacity(items.len());
    for (index, element) in items.into_iter().enumerate() {
        let origin = list.index(index);
        for (path, error) in &element.found {
            diagnostics.push(describe_error(&origin, path, error));
        }
        if let Some(item) = element.item {
            valid.push((item, origin));
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
    if let Some(rest) = message.strip_prefix(KEY_MARKER)
        && let Some((key, rest)) = rest.split_once(KEY_MARKER)
    {
        let (message, help) = rest.split_once(HELP_SEPARATOR).unwrap_or((rest, ""));
        return Diagnostic::error(message)
            .at(Location::Key(full, key.to_owned()))
            .help(help);
    }
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
    if let Some(diagnostic) = count_error(&message, &full) {
        return diagnostic;
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let (expected, found) = (plain_type(expected), plain_type(found));
        // `found` is `string "89,18"` for text: show the text as the user wrote it.
        let message = match found
            .strip_prefix("string \"")
            .and_then(|t| t.strip_suffix('"'))
        {
            Some(text) => format!("`{text}` is not {expected}"),
            None => format!("expected {expected}, found {found}"),
        };
        let diagnostic = Diagnostic::error(message).at_value(&full);
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

/// The whole number a float such as `30.0` or `3e1` stands for, if it is one.
pub fn whole_number(value: f64) -> Option<i64> {
    // Below 10^15 every whole float is exactly an i64.
    (value.fract() == 0.0 && value.abs() < 1e15).then_some(value as i64)
}

/// A count (days, decimals, tasks done) given as something else than a whole number
/// from zero up: serde says `invalid value: integer `-1`, expected u32`.
fn count_error(message: &str, at: &Origin) -> Option<Diagnostic> {
    let (found, expected) = message
        .strip_prefix("invalid value: ")
        .or_else(|| message.strip_prefix("invalid type: "))?
        .split_once(", expected ")?;
    let largest = match expected.trim() {
        "u8" => u64::from(u8::MAX),
        "u16" => u64::from(u16::MAX),
        "u32" => u64::from(u32::MAX),
        _ => return None,
    };
    let written = found.split('`').nth(1).unwrap_or(found);
    let (message, help) = if found.starts_with("integer `-") {
        (
            format!("`{written}` is negative, but this is a count"),
            "write a whole number from 0 up".to_owned(),
        )
    } else if found.starts_with("integer") {
        (
            format!("`{written}` is too large for this count"),
            format!("write a whole number from 0 to {largest}"),
        )
    } else if found.starts_with("floating point") {
        match written.parse::<f64>().ok().and_then(whole_number) {
            Some(whole) => (
                format!(
                    "`{written}` is written with a decimal point or an exponent, but this is a count"
                ),
                format!("write it as a whole number: {whole}"),
            ),
            None => (
                format!("`{written}` has decimals, but this is a count"),
                "write a whole number, e.g. 30".to_owned(),
            ),
        }
    } else if let Some(text) = found
        .strip_prefix("string \"")
        .and_then(|t| t.strip_suffix('"'))
    {
        (
            format!("`{text}` is written as text, but this is a count"),
            "write the number without quotes".to_owned(),
        )
    } else {
        (
            format!("expected a count here, found {}", plain_type(found)),
            "write a whole number, e.g. 30, without quotes".to_owned(),
        )
    };
    Some(Diagnostic::error(message).at_value(at).help(help))
}

/// serde_yaml's messages may start with the value's path and end with its position; the
/// diagnostic shows both itself.
fn clean_message(message: &str, path: &YamlPath) -> String {
    let mut out = message.to_owned();
    // " at line 3 column 7", wherever it stands.
    while let Some(at) = out.find(" at line ") {
        let tail = &out[at + " at line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let line_digits = digits(tail);
        let after_line = &tail[line_digits..];
        let Some(column) = after_line
            .strip_prefix(" column ")
            .filter(|_| line_digits > 0)
        else {
            break;
        };
        let end = at + " at line ".len() + line_digits + " column ".len() + digits(column);
        out.replace_range(at..end, "");
    }
    let prefix = format!("{path}: ");
    out.strip_prefix(prefix.as_str())
        .map(str::to_owned)
        .unwrap_or(out)
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::super::source::{Sources, locate_key, locate_value};
    use super::*;
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
        let errors = parse::<Doc>(id, sources.get(id)).errors;
        assert_eq!(errors[0].message, "unknown field `titel`");
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `title`?")
        );
        let Some(Location::Key(origin, key)) = &errors[0].location else {
            panic!()
        };
        assert_eq!(locate_key(sources.get(id), &origin.path, key), 0..5);
    }

    #[test]
    fn every_error_of_a_mapping_is_reported_not_only_the_first() {
        let text = "name: t\nsubtitle: x\ntasks: 3\n";
        let (sources, id) = file(text);
        let errors = parse::<Doc>(id, sources.get(id)).errors;
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown field `name`",
                "unknown field `subtitle`",
                "expected a list, found integer `3`",
                "missing field `title`"
            ]
        );
    }

    #[test]
    fn a_misspelt_required_field_is_not_also_reported_missing() {
        let (sources, id) = file("titel: t\n");
        let errors = parse::<Doc>(id, sources.get(id)).errors;
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn a_bad_required_value_is_not_also_reported_missing() {
        let (sources, id) = file("title: [a, b]\n");
        let errors = parse::<Doc>(id, sources.get(id)).errors;
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn every_bad_list_element_is_reported() {
        let text = "title: t\ntasks:\n  - what: a\n    days: many\n  - what: b\n    dayz: 3\n    days: x\n";
        let (sources, id) = file(text);
        let doc = parse::<Doc>(id, sources.get(id)).clean().unwrap();
        let mut diagnostics = Vec::new();
        let valid = collect_items(doc.tasks, &Origin::file(id).key("tasks"), &mut diagnostics);
        assert!(valid.is_empty());
        let messages: Vec<&str> = diagnostics.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`many` is written as text, but this is a count",
                "unknown field `dayz`",
                "`x` is written as text, but this is a count",
            ]
        );
        let Some(Location::Value(origin)) = &diagnostics[0].location else {
            panic!()
        };
        let range = locate_value(sources.get(id), &origin.path);
        assert_eq!(&text[range], "many");
    }

    #[test]
    fn removed_list_elements_do_not_shift_later_positions() {
        /// A word without spaces, as an id is.
        #[derive(Debug)]
        struct Word;
        impl<'de> Deserialize<'de> for Word {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                if text.contains(' ') {
                    return Err(value_error(
                        "a word has no spaces",
                        "join the words with hyphens",
                    ));
                }
                Ok(Word)
            }
        }
        #[derive(Debug, Deserialize)]
        struct Ids {
            #[allow(dead_code)]
            ids: Vec<Word>,
        }
        let text = "ids: [ok, Bad One, fine, Also Bad]\n";
        let (sources, id) = file(text);
        let errors = parse::<Ids>(id, sources.get(id)).errors;
        let spans: Vec<&str> = errors
            .iter()
            .map(|e| match &e.location {
                Some(Location::Value(origin)) => &text[locate_value(sources.get(id), &origin.path)],
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(spans, ["Bad One", "Also Bad"]);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let (sources, id) = file("title: t\ntasks: [a\n");
        let errors = parse::<Doc>(id, sources.get(id)).errors;
        assert!(
            matches!(errors[0].location, Some(Location::Span { .. })),
            "{errors:?}"
        );
        assert!(errors[0].message.starts_with("this is not valid YAML"));
    }

    #[test]
    fn a_key_given_twice_is_found_where_it_is_repeated() {
        let text = "title: t\ntasks:\n  - what: a\n    days: 1\n    days: 2\n";
        let (sources, id) = file(text);
        let errors = parse::<Doc>(id, sources.get(id)).errors;
        assert_eq!(errors[0].message, "the field `days` is given twice");
        let Some(Location::Span { bytes, .. }) = &errors[0].location else {
            panic!()
        };
        assert_eq!(bytes.start, text.rfind("days").unwrap());
    }

    #[test]
    fn tabs_are_explained() {
        let (sources, id) = file("title: t\n\tx: 1\n");
        let errors = parse::<Doc>(id, sources.get(id)).errors;
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .contains("never with tabs"),
            "{errors:?}"
        );
        assert!(!errors[0].message.contains(" at line "), "{errors:?}");
    }

    #[test]
    fn paths_read_like_yaml() {
        let path = YamlPath::root().key("tasks").index(2).key("deadline");
        assert_eq!(path.to_string(), "tasks[2].deadline");
    }
}
