//! The text of every content file that was read, kept so that diagnostics can quote it.
//!
//! Model values carry an [`Origin`] (a file and a path inside its YAML) instead of
//! positions: positions are worked out only when an error has to be shown.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(usize);

/// One file read from the site's folder.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user knows it: relative to the site's root folder.
    pub path: PathBuf,
    /// The whole text of the file.
    pub text: String,
    /// The byte range of the YAML inside `text`: all of it for a `.yaml` file, the front
    /// matter for a Markdown file.
    pub yaml: Range<usize>,
}

impl SourceFile {
    pub fn yaml_text(&self) -> &str {
        &self.text[self.yaml.clone()]
    }
}

/// Every file read, in the order it was first read. Shared, so that a copy is cheap:
/// `serve` keeps its sources from one load to the next, replacing a file's text under
/// the same id when the file changes, and hands each rebuild a copy.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.add_shared(Arc::new(file))
    }

    pub fn add_shared(&mut self, file: Arc<SourceFile>) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    /// The file's new text, under the id it had: origins into it stay valid.
    pub fn replace(&mut self, id: FileId, file: Arc<SourceFile>) {
        self.files[id.0] = file;
    }

    pub fn shared(&self, id: FileId) -> &Arc<SourceFile> {
        &self.files[id.0]
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }
}

/// Where a value of the model was written: a file and the path to the value in its YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    pub path: YamlPath,
}

impl Origin {
    pub fn file(file: FileId) -> Self {
        Origin {
            file,
            path: YamlPath::root(),
        }
    }

    /// The origin of a field of this value.
    pub fn key(&self, key: &str) -> Self {
        Origin {
            file: self.file,
            path: self.path.key(key),
        }
    }

    /// The origin of an element of this list.
    pub fn index(&self, index: usize) -> Self {
        Origin {
            file: self.file,
            path: self.path.index(index),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset, as editors count them.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The byte offset of a 1-based line and a 0-based column counted in characters;
/// positions past the end of a line or of the text are clamped to it.
pub fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    text[line_start..line_end]
        .char_indices()
        .nth(column)
        .map_or(line_end, |(i, _)| line_start + i)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A path to a value inside a YAML document: `tasks[2].deadline`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(pub(crate) Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Segment {
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

    pub(crate) fn join(&self, other: &YamlPath) -> Self {
        let mut path = self.clone();
        path.0.extend(other.0.iter().cloned());
        path
    }

    pub(crate) fn starts_with(&self, prefix: &YamlPath) -> bool {
        self.0.starts_with(&prefix.0)
    }

    pub(crate) fn split_last_key(&self) -> Option<(YamlPath, &str)> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some((YamlPath(self.0[..self.0.len() - 1].to_vec()), key)),
            _ => None,
        }
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

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "name: Lạng Sơn\nlevel: tỉnh\n";
        let offset = text.find("Sơn").unwrap();
        assert_eq!(line_column(text, offset), (1, 12));
        assert_eq!(byte_offset(text, 1, 11), offset);
    }

    #[test]
    fn byte_offset_of_a_later_line() {
        let text = "a: 1\nbé: 2\n";
        assert_eq!(byte_offset(text, 2, 4), text.rfind('2').unwrap());
        assert_eq!(byte_offset(text, 9, 0), text.len());
    }
}
