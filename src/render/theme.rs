//! A theme: tera templates, UI strings per language and static files.
//!
//! The theme is `themes/<name>/` in the site's folder; the default theme is also built
//! into tiendo, so a site needs no copy of it. Any template can be replaced by a file of
//! the same name in the site's own `templates/` folder, and any static file by one in
//! its `static/` folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::base::diagnostics::{Diagnostic, Location};
use crate::base::site_path::SitePath;
use crate::base::source::{FileId, Origin, SourceFile, Sources};
use crate::locale::ui::Ui;
use crate::model::Lang;
use crate::site_folder::SiteFolder;

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

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "home.html",
    "program.html",
    "jurisdiction.html",
    "plan.html",
    "update.html",
    "deadlines.html",
    "updates.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
];

pub struct Theme {
    pub tera: Tera,
    pub ui: BTreeMap<Lang, Ui>,
    /// Files copied into the site as they are, by their path in it.
    pub static_files: BTreeMap<SitePath, StaticFile>,
}

/// A file of the theme, or of the site's `static/` folder, to copy into the site.
pub struct StaticFile {
    /// Where it comes from, as the user knows it.
    pub source: PathBuf,
    pub bytes: Vec<u8>,
}

/// A theme's files, wherever they come from.
#[derive(Default)]
struct Files {
    /// Name → (where it came from, text).
    templates: BTreeMap<String, (PathBuf, String)>,
    i18n: BTreeMap<String, (PathBuf, String)>,
    static_files: BTreeMap<String, StaticFile>,
}

impl Theme {
    /// Reads the theme; its UI strings are added to `sources`, so that their errors
    /// show the line they are on.
    pub fn load(
        site_root: &Path,
        name: &str,
        languages: &[Lang],
        sources: &mut Sources,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut files = Files::default();
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
                Diagnostic::error(format!("there is no theme `{name}`: no folder `themes/{name}`"))
                    .at(Location::Path("site.yaml".into()))
                    .help("remove `theme` from site.yaml to use the default theme, or add the theme's folder"),
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

        for required in REQUIRED_TEMPLATES {
            if !files.templates.contains_key(*required) {
                errors.push(
                    Diagnostic::error(format!("the theme `{name}` has no template `{required}`"))
                        .help(format!(
                            "add `templates/{required}` to the site or to the theme"
                        )),
                );
            }
        }

        let mut tera = Tera::new();
        let templates: Vec<(String, String)> = files
            .templates
            .iter()
            .map(|(name, (_, text))| (name.clone(), text.clone()))
            .collect();
        if let Err(error) = tera.add_raw_templates(templates) {
            errors.push(template_error(&error, &files.templates));
        }

        let mut ui = BTreeMap::new();
        let mut ui_files = BTreeMap::new();
        for lang in languages {
            let file_name = format!("{lang}.yaml");
            match files.i18n.get(&file_name) {
                Some((path, text)) => {
                    let file = sources.add(SourceFile {
                        path: path.clone(),
                        text: text.clone(),
                        yaml: 0..text.len(),
                    });
                    ui_files.insert(lang.clone(), file);
                    match Ui::parse(lang, file, sources.get(file)) {
                        Ok(strings) => {
                            ui.insert(lang.clone(), strings);
                        }
                        Err(more) => errors.extend(more),
                    }
                }
                None => errors.push(
                    Diagnostic::error(format!(
                        "the theme `{name}` has no UI strings for the language `{lang}`"
                    ))
                    .at(Location::Path(
                        PathBuf::from("themes")
                            .join(name)
                            .join("i18n")
                            .join(&file_name),
                    ))
                    .help(format!(
                        "add `i18n/{file_name}` to the theme, translated from `i18n/en.yaml`"
                    )),
                ),
            }
        }

        errors.extend(missing_ui_strings(&ui, &files.i18n));
        errors.extend(mismatched_placeholders(&ui, &files.i18n, &ui_files));

        let mut static_files = BTreeMap::new();
        for (path, file) in files.static_files {
            match SitePath::new(&path) {
                Some(site_path) => {
                    static_files.insert(site_path, file);
                }
                None => errors.push(
                    Diagnostic::error(format!(
                        "the static file `{path}` has a name that cannot be published"
                    ))
                    .help("use letters, digits, `-`, `_` and `.` in static file names"),
                ),
            }
        }

        if errors.is_empty() {
            Ok(Theme {
                tera,
                ui,
                static_files,
            })
        } else {
            Err(errors)
        }
    }
}

/// Every language must say everything the others say: a key one UI file has and another
/// lacks is an error naming both (a missing plural form falls back to `other`, so only
/// the key itself counts).
fn missing_ui_strings(
    ui: &BTreeMap<Lang, Ui>,
    files: &BTreeMap<String, (PathBuf, String)>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let keys_of = |strings: &Ui| -> std::collections::BTreeSet<String> {
        strings
            .strings()
            .keys()
            .map(|k| crate::locale::ui::base_key(k).to_owned())
            .collect()
    };
    for (lang, strings) in ui {
        let have = keys_of(strings);
        for (other, other_strings) in ui {
            let missing: Vec<String> = keys_of(other_strings)
                .difference(&have)
                .map(|k| format!("`{k}`"))
                .collect();
            if missing.is_empty() || other == lang {
                continue;
            }
            let path = files
                .get(&format!("{lang}.yaml"))
                .map(|(p, _)| p.clone())
                .unwrap_or_default();
            errors.push(
                Diagnostic::error(format!(
                    "`{}` lacks the UI strings {} that `{other}.yaml` has",
                    path.display(),
                    missing.join(", ")
                ))
                .at(Location::Path(path))
                .help(format!(
                    "translate them from `{other}.yaml` into `{lang}.yaml`"
                )),
            );
            break;
        }
    }
    errors
}

/// A string's `{placeholders}` are the same in every language: a translation that
/// misspells one, or leaves a brace open, would show it as written. Plural forms are
/// compared by their `other` form, as a language's `one` may leave the number out.
fn mismatched_placeholders(
    ui: &BTreeMap<Lang, Ui>,
    files: &BTreeMap<String, (PathBuf, String)>,
    ui_files: &BTreeMap<Lang, FileId>,
) -> Vec<Diagnostic> {
    fn placeholders(text: &str) -> Result<std::collections::BTreeSet<&str>, ()> {
        let mut found = std::collections::BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or(())?;
            let name = &after[..close];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(());
            }
            found.insert(name);
            rest = &after[close + 1..];
        }
        Ok(found)
    }
    let compared = |key: &str| !key.contains('.') || key.ends_with(".other");
    let mut errors = Vec::new();
    let Some((first_lang, first)) = ui.iter().next() else {
        return errors;
    };
    let path_of = |lang: &Lang| {
        files
            .get(&format!("{lang}.yaml"))
            .map(|(p, _)| p.clone())
            .unwrap_or_default()
    };
    for (lang, strings) in ui {
        for (key, text) in strings.strings().iter().filter(|(k, _)| compared(k)) {
            let path = path_of(lang);
            let at = || match ui_files.get(lang) {
                Some(file) => Location::Value(Origin::file(*file).key(key)),
                None => Location::Path(path.clone()),
            };
            let Ok(here) = placeholders(text) else {
                errors.push(
                    Diagnostic::error(format!(
                        "`{}`: the string `{key}` has a brace that opens no placeholder: `{text}`",
                        path.display()
                    ))
                    .at(at())
                    .help("a placeholder is a name in braces, such as `{n}`; tiendo fills it in"),
                );
                continue;
            };
            if lang == first_lang {
                continue;
            }
            let Some(theirs) = first.strings().get(key).and_then(|t| placeholders(t).ok()) else {
                continue;
            };
            if here != theirs {
                let list = |set: &std::collections::BTreeSet<&str>| {
                    set.iter()
                        .map(|p| format!("`{{{p}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                errors.push(
                    Diagnostic::error(format!(
                        "`{}`: the string `{key}` has the placeholders {}, but in `{first_lang}.yaml` {}",
                        path.display(),
                        if here.is_empty() { "none".to_owned() } else { list(&here) },
                        if theirs.is_empty() { "none".to_owned() } else { list(&theirs) },
                    ))
                    .at(at())
                    .help("use the same placeholders in every language; tiendo fills each with the same value"),
                );
            }
        }
    }
    errors
}

/// A template error, with the file it comes from.
pub fn template_error(
    error: &tera::Error,
    templates: &BTreeMap<String, (PathBuf, String)>,
) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n{cause}"));
        source = cause.source();
    }
    let mut diagnostic = Diagnostic::error(format!("a template cannot be used: {message}"));
    if let Some((_, (path, _))) = templates
        .iter()
        .find(|(name, _)| message.contains(name.as_str()))
    {
        diagnostic = diagnostic.at(Location::Path(path.clone()));
    }
    diagnostic
        .help("fix the template, or remove your copy of it from `templates/` to use the theme's")
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
fn sort_theme_files(all: Vec<FolderFile>, files: &mut Files, errors: &mut Vec<Diagnostic>) {
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
    files: &mut Files,
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
