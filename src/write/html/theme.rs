//! A theme made ready to render with: its tera templates compiled, its UI strings read
//! in each language, its static files given their paths in the site. Its files are read
//! by `load::theme`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::base::diagnostics::{Diagnostic, Location};
use crate::base::site_path::SitePath;
use crate::base::source::{FileId, Origin, SourceFile, Sources};
use crate::load;
use crate::load::theme::{StaticFile, ThemeFiles};
use crate::locale::ui::Ui;
use crate::model::{Lang, Site};

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "home.html",
    "program.html",
    "jurisdiction.html",
    "plan.html",
    "update.html",
    "deadlines.html",
    "updates.html",
    "data.html",
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

impl Theme {
    /// The theme the site names in `site.yaml` (the default one if none), read from the
    /// site's folder or tiendo's own, with the site's templates and static files.
    pub fn of_site(site: &Site, sources: &mut Sources) -> Result<Theme, Vec<Diagnostic>> {
        let name = site
            .config
            .theme
            .as_ref()
            .map_or(load::theme::DEFAULT_THEME_NAME, |t| t.as_str());
        let files = load::theme::read(&site.root, name)?;
        Theme::new(files, &site.config.languages, sources)
    }

    /// Every file to copy as it is: its path in the site, and where it comes from, as
    /// the plan takes them.
    pub fn static_sources(&self) -> impl Iterator<Item = (&SitePath, &Path)> {
        self.static_files
            .iter()
            .map(|(path, file)| (path, file.source.as_path()))
    }

    /// The theme made from its files: templates compiled, UI strings read in every
    /// language of the site (and added to `sources`, so that their errors show their
    /// line), static files given their paths in the site; every problem at once.
    pub fn new(
        mut files: ThemeFiles,
        languages: &[Lang],
        sources: &mut Sources,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let name = files.name.clone();
        let name = name.as_str();
        let mut errors = std::mem::take(&mut files.problems);
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
