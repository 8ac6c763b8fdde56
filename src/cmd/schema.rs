//! `tiendo schema [DIR]`: writes the JSON Schema of each kind of content file, and of
//! the theme's UI strings, for editors; and says which files each one describes, for the
//! editor settings that `init` writes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::locale::ui;
use crate::model::schema::FileKind;

/// The folder of a site the schemas are written into by `init`, and by `schema` when
/// no folder is named.
pub const FOLDER: &str = "schemas";

/// A schema and the files it describes.
pub struct Described {
    /// `<kind>`: the file is `<kind>.schema.json`.
    pub kind: &'static str,
    /// The site's YAML files it applies to, as paths from the site's folder with `*` and
    /// `**` (as editors match them); empty for Markdown, whose front matter editors do
    /// not check against a schema.
    pub files: &'static [&'static str],
    pub schema: serde_json::Value,
}

impl Described {
    /// The schema as its file holds it: indented JSON, ending with a newline.
    pub fn text(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(&self.schema).map(|text| text + "\n")
    }
}

/// The name of a kind's schema file.
pub fn file_name(kind: &str) -> String {
    format!("{kind}.schema.json")
}

/// Every schema, in a fixed order.
pub fn all() -> Vec<Described> {
    let mut schemas: Vec<Described> = FileKind::ALL
        .iter()
        .map(|kind| Described {
            kind: kind.name(),
            files: match kind {
                FileKind::Site => &["site.yaml"],
                FileKind::Indicator => &["content/indicators/*.yaml"],
                FileKind::Program => &["content/programs/*.yaml"],
                FileKind::Jurisdiction => &["content/**/_index.yaml"],
                FileKind::Plan | FileKind::Update => &[],
            },
            schema: kind.schema().to_value(),
        })
        .collect();
    schemas.push(Described {
        kind: "ui-strings",
        files: &["themes/*/i18n/*.yaml"],
        schema: ui::schema(),
    });
    schemas
}

/// Writes every schema into `dir`, creating it, and returns the files written. A file
/// that already says the same is left as it is; the others are replaced whole, never
/// left half written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let failed = |path: &Path, e: io::Error| format!("cannot write `{}`: {e}", path.display());
    fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
    let mut written = Vec::new();
    for described in all() {
        let path = dir.join(file_name(described.kind));
        let text = described
            .text()
            .map_err(|e| failed(&path, io::Error::other(e)))?;
        if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            written.push(path);
            continue;
        }
        let partial = dir.join(format!(".{}.partial", file_name(described.kind)));
        fs::write(&partial, &text)
            .and_then(|()| fs::rename(&partial, &path))
            .map_err(|e| {
                let _ = fs::remove_file(&partial);
                failed(&path, e)
            })?;
        written.push(path);
    }
    Ok(written)
}
