//! Reads a theme's files: tera templates, UI strings per language and static files.
//!
//! The theme is `themes/<name>/` in the site's folder; the default theme is also built
//! into tiendo, so a site needs no copy of it. Any template can be replaced by a file of
//! the same name in the site's own `templates/` folder, and any static file by one in
//! its `static/` folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::site_folder::SiteFolder;
use crate::base::diagnostics::{Diagnostic, Location};

/// The folders of the default theme built into the binary (its screenshot is not).
static DEFAULT_THEME: [(&str, Dir<'static>); 3] = [
    (
        "templates",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/templates"),
    ),
    (
        "i18n",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/i18n"),
    ),
    (
        "static",
        include_dir!("$CARGO_MANIFEST_DIR/themes/default/static"),
    ),
];

pub const DEFAULT_THEME_NAME: &str = "default";

/// A file of the theme, or of the site's `static/` folder, to copy into the site.
pub struct StaticFile {
    /// Where it comes from, as the user knows it.
    pub source: PathBuf,
    pub bytes: Vec<u8>,
}

/// A theme's files, wherever they come from.
#[derive(Default)]
pub struct ThemeFiles {
    pub name: String,
    /// Name → (where it came from, text).
    pub templates: BTreeMap<String, (PathBuf, String)>,
    pub i18n: BTreeMap<String, (PathBuf, String)>,
    pub static_files: BTreeMap<String, StaticFile>,
    /// What could not be read, reported with the theme's other problems.
    pub problems: Vec<Diagnostic>,
}

/// Reads the theme `name` of the site at `site_root`, with the site's own templates and
/// static files over it.
pub fn read(site_root: &Path, name: &str) -> Result<ThemeFiles, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut files = ThemeFiles {
        name: name.to_owned(),
        ..ThemeFiles::default()
    };
    let site = SiteFolder::new(site_root);
    let on_disk = site_root.join("themes").join(name);
    let theme_files = if on_disk.is_dir() {
        folder_files(
            &site,
            &on_disk,
            &PathBuf::from("themes").join(name),
            &mut errors,
        )
    } else if name == DEFAULT_THEME_NAME {
        embedded_files()
    } else {
        errors.push(
            Diagnostic::error(format!(
                "there is no theme `{name}`: no folder `themes/{name}`"
            ))
            .at(Location::Path("site.yaml".into()))
            .help(
                "remove `theme` from site.yaml to use the default theme, or add the theme's folder",
            ),
        );
        return Err(errors);
    };
    sort_theme_files(theme_files, &mut files, &mut errors);
    // The site's own templates and static files win over the theme's.
    for (name, shown, bytes) in folder_files(
        &site,
        &site_root.join("templates"),
        Path::new("templates"),
        &mut errors,
    ) {
        add_template(&name, shown, bytes, &mut files, &mut errors);
    }
    for (name, source, bytes) in folder_files(
        &site,
        &site_root.join("static"),
        Path::new("static"),
        &mut errors,
    ) {
        files
            .static_files
            .insert(name, StaticFile { source, bytes });
    }

    files.problems = errors;
    Ok(files)
}

/// The built-in theme's files, by their paths inside its folder (`templates/base.html`),
/// for `tiendo init --theme` to copy.
pub fn built_in_files() -> Vec<(String, Vec<u8>)> {
    embedded_files()
        .into_iter()
        .map(|(path, _, bytes)| (path, bytes))
        .collect()
}

/// The languages the built-in theme has UI strings for.
pub fn built_in_languages() -> Vec<String> {
    embedded_files()
        .into_iter()
        .filter_map(|(path, _, _)| {
            let name = path.strip_prefix("i18n/")?.strip_suffix(".yaml")?;
            Some(name.to_owned())
        })
        .collect()
}

/// A file of a folder: its path inside the folder (with `/`), where it is shown to the
/// user as coming from, and its bytes.
type FolderFile = (String, PathBuf, Vec<u8>);

fn embedded_files() -> Vec<FolderFile> {
    fn all_files(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for sub in dir.dirs() {
            all_files(sub, out);
        }
    }
    let mut found = Vec::new();
    for (folder, dir) in &DEFAULT_THEME {
        let mut files = Vec::new();
        all_files(dir, &mut files);
        for file in files {
            let path = format!(
                "{folder}/{}",
                file.path().to_string_lossy().replace('\\', "/")
            );
            let shown = PathBuf::from("themes").join(DEFAULT_THEME_NAME).join(&path);
            found.push((path, shown, file.contents().to_vec()));
        }
    }
    found
}

/// The files under `dir`, of the site's folder: links followed only inside it.
fn folder_files(
    site: &SiteFolder,
    dir: &Path,
    shown: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<FolderFile> {
    let mut files = Vec::new();
    for found in site.files(dir, true, errors) {
        if found.is_folder {
            continue;
        }
        let shown = shown.join(&found.relative);
        match fs::read(&found.path) {
            Ok(bytes) => files.push((found.relative, shown, bytes)),
            Err(error) => errors.push(read_error(&shown, &error)),
        }
    }
    files
}

/// Sorts a theme's files by their folder: `templates/`, `i18n/` or `static/`.
fn sort_theme_files(all: Vec<FolderFile>, files: &mut ThemeFiles, errors: &mut Vec<Diagnostic>) {
    for (path, shown, bytes) in all {
        let Some((folder, rest)) = path.split_once('/') else {
            continue;
        };
        match folder {
            "templates" => add_template(rest, shown, bytes, files, errors),
            "i18n" => match String::from_utf8(bytes) {
                Ok(text) => {
                    files.i18n.insert(rest.to_owned(), (shown, text));
                }
                Err(_) => errors.push(not_utf8(&shown)),
            },
            "static" => {
                let file = StaticFile {
                    source: shown,
                    bytes,
                };
                files.static_files.insert(rest.to_owned(), file);
            }
            _ => {}
        }
    }
}

fn add_template(
    name: &str,
    shown: PathBuf,
    bytes: Vec<u8>,
    files: &mut ThemeFiles,
    errors: &mut Vec<Diagnostic>,
) {
    match String::from_utf8(bytes) {
        Ok(text) => {
            files.templates.insert(name.to_owned(), (shown, text));
        }
        Err(_) => errors.push(not_utf8(&shown)),
    }
}

fn read_error(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read `{}`: {error}", path.display()))
        .at(Location::Path(path.to_path_buf()))
}

fn not_utf8(path: &Path) -> Diagnostic {
    Diagnostic::error(format!("`{}` is not UTF-8 text", path.display()))
        .at(Location::Path(path.to_path_buf()))
        .help("save the template with the UTF-8 encoding")
}
