//! The text of every content file that was read, kept so that diagnostics can quote it.
//!
//! Model values carry an [`Origin`] (a file and a path inside its YAML) instead of
//! positions: positions are worked out only when an error has to be shown.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::yaml::YamlPath;

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

/// Every file read, in the order it was read.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
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
