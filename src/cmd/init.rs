//! `tiendo init DIR`: a new content repository that checks and builds as it is: one
//! indicator, one program, one jurisdiction with a plan and a progress report, a short
//! README, the editors' schemas and settings, and the CI recipes for GitHub and GitLab.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::schema;
use super::starter::{self, Body, Figures, Languages};
use crate::load::theme;
use crate::model::{Id, Lang, WebUrl};

/// What `init` is asked for.
pub struct Settings {
    pub dir: PathBuf,
    /// The site's languages, the first being the default one.
    pub languages: Vec<String>,
    /// Copies the built-in theme into `themes/default/`, to edit.
    pub copy_theme: bool,
    pub base_url: Option<String>,
    /// The day the progress report is dated, and the plan's dates are counted from.
    pub today: NaiveDate,
}

/// The CI recipes of `examples/ci/`, and where a content repository keeps them.
pub const CI_FILES: [(&str, &str); 2] = [
    (
        ".github/workflows/tiendo.yml",
        include_str!("../../examples/ci/github/tiendo.yml"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("../../examples/ci/gitlab-ci.yml"),
    ),
];

const README: &str = include_str!("init_readme.md");

/// A folder in the site being written, inside the site's: a stopped `init` leaves only
/// it, which the next one clears away.
const PARTIAL: &str = ".tiendo-init";

/// What a folder may hold and still be taken for a new site: `.git`, for a fresh clone
/// of an empty repository, and what a stopped `init` left.
const ALLOWED: &[&str] = &[".git", PARTIAL];

/// Writes the new site; returns the files written, relative to `dir`. The files are
/// written into a folder inside `dir`, then moved into place: a stopped `init` leaves
/// that folder alone, never half a site.
pub fn init(settings: &Settings) -> Result<Vec<String>, String> {
    let languages = languages(&settings.languages)?;
    let base_url = match &settings.base_url {
        Some(url) => Some(base_url(url)?),
        None => None,
    };
    let dir = &settings.dir;
    refuse_unless_empty(dir)?;
    let files = files(settings, &languages, base_url.as_ref())?;
    fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
    let partial = dir.join(PARTIAL);
    let written = write_all(&partial, &files).and_then(|()| move_into(&partial, dir));
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&partial);
        return Err(cannot_write(dir, &e));
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn cannot_write(dir: &Path, e: &io::Error) -> String {
    format!(
        "cannot write the site into `{}`: {e}; check that you may write there, or name another folder",
        dir.display()
    )
}

/// `--base-url`, checked as `site.yaml`'s address is.
fn base_url(text: &str) -> Result<WebUrl, String> {
    let help = "give the full address the site will be published at, such as https://tiendo.example.gov.vn/";
    let url = WebUrl::parse(text).map_err(|e| format!("--base-url: {e}: {help}"))?;
    if url.as_str().contains(['?', '#']) {
        return Err(format!(
            "--base-url `{url}` has a query or a fragment: {help}"
        ));
    }
    Ok(url)
}

/// Moves each file and folder of `partial` into `dir`, then removes `partial`.
fn move_into(partial: &Path, dir: &Path) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(partial)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.sort();
    for entry in entries {
        let name = entry.file_name().unwrap_or_default();
        fs::rename(&entry, dir.join(name))?;
    }
    fs::remove_dir(partial)
}

fn languages(asked: &[String]) -> Result<Languages, String> {
    let built_in = theme::built_in_languages();
    let mut all = Vec::new();
    for code in asked {
        let lang = Lang::parse(code.trim()).map_err(|e| {
            format!("{e}: give language codes separated by commas, such as --languages vi,en")
        })?;
        if !built_in.iter().any(|b| b == lang.as_str()) {
            return Err(format!(
                "the built-in theme has no UI strings for `{lang}`: it has {}. Start with those, \
                 then add themes/default/i18n/{lang}.yaml (`tiendo init --theme` copies the theme to edit)",
                built_in.join(", ")
            ));
        }
        if starter::languages().all(|l| l != lang.as_str()) {
            return Err(format!("tiendo has no starter words in `{lang}`"));
        }
        if all.contains(&lang) {
            return Err(format!("`{lang}` is asked for twice in --languages"));
        }
        all.push(lang);
    }
    let default = all
        .first()
        .cloned()
        .ok_or("name at least one language: --languages vi,en")?;
    Ok(Languages { all, default })
}

fn refuse_unless_empty(dir: &Path) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            return Err(format!(
                "`{}` is a file, or inside one: name a new folder for the site",
                dir.display()
            ));
        }
        Err(e) => return Err(format!("cannot read `{}`: {e}", dir.display())),
    };
    let mut in_the_way: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !ALLOWED.contains(&name.as_str()))
        .collect();
    if in_the_way.is_empty() {
        return Ok(());
    }
    in_the_way.sort();
    let shown = match in_the_way.len() {
        n if n > 5 => format!("{} and {} more", in_the_way[..5].join(", "), n - 5),
        _ => in_the_way.join(", "),
    };
    Err(format!(
        "`{}` is not empty (it holds {shown}): tiendo init writes a new site into an empty \
         folder, or a fresh git clone, and never over files; move them away or name another folder",
        dir.display()
    ))
}

/// Every file of the new site, by its path inside it.
fn files(
    settings: &Settings,
    languages: &Languages,
    base_url: Option<&WebUrl>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let today = settings.today;
    let program_issued = NaiveDate::from_ymd_opt(today.year() - 1, 1, 15).unwrap_or(today);
    let plan_issued = today - chrono::Days::new(30);
    let id = |text: &str| Id::parse(text).map_err(|e| format!("a starter id: {e}"));
    let (indicator, program) = (id(starter::INDICATOR)?, id(starter::PROGRAM)?);
    let province = format!("content/{}", starter::PROVINCE);
    let base_url = base_url.map_or("https://example.org/", WebUrl::as_str);
    let theme_name = settings.copy_theme.then_some(theme::DEFAULT_THEME_NAME);

    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "site.yaml".into(),
            starter::site_yaml(languages, base_url, theme_name).into(),
        ),
        (
            format!("content/indicators/{indicator}.yaml"),
            starter::indicator_yaml(languages).into(),
        ),
        (
            format!("content/programs/{program}.yaml"),
            starter::program_yaml(languages, program_issued).into(),
        ),
        (
            format!("{province}/_index.yaml"),
            starter::jurisdiction_yaml(languages, None, "province", None, Some(2)).into(),
        ),
        (
            format!("{province}/plans/{}.md", starter::PLAN),
            starter::plan_md(
                languages,
                &program,
                starter::program_title,
                std::slice::from_ref(&indicator),
                plan_issued,
            )
            .into(),
        ),
        (
            format!("{province}/updates/{today}.md"),
            starter::update_md(languages, today, Figures::Example(&indicator)).into(),
        ),
    ];
    for (body, file) in [
        (Body::Plan, format!("{province}/plans/{}", starter::PLAN)),
        (Body::Update, format!("{province}/updates/{today}")),
    ] {
        for (lang, text) in starter::translations(languages, body) {
            files.push((format!("{file}.{lang}.md"), text.into()));
        }
    }
    files.extend([
        ("README.md".into(), README.as_bytes().to_vec()),
        (
            ".gitignore".into(),
            b"# What tiendo build writes.\n/public/\n".to_vec(),
        ),
        (".vscode/settings.json".into(), vscode_settings().into()),
        (
            ".vscode/extensions.json".into(),
            b"{\n  \"recommendations\": [\"redhat.vscode-yaml\"]\n}\n".to_vec(),
        ),
    ]);
    for (path, text) in CI_FILES {
        files.push((path.into(), text.as_bytes().to_vec()));
    }
    for described in schema::all() {
        let text = described
            .text()
            .map_err(|e| format!("cannot write a schema: {e}"))?;
        files.push((
            format!("{}/{}", schema::FOLDER, schema::file_name(described.kind)),
            text.into(),
        ));
    }
    if settings.copy_theme {
        for (path, bytes) in theme::built_in_files() {
            files.push((
                format!("themes/{}/{path}", theme::DEFAULT_THEME_NAME),
                bytes,
            ));
        }
    }
    Ok(files)
}

/// VS Code's settings: each schema for the YAML files it describes (with the YAML
/// extension, which `extensions.json` recommends).
pub fn vscode_settings() -> String {
    let mut schemas = serde_json::Map::new();
    for described in schema::all() {
        if described.files.is_empty() {
            continue;
        }
        schemas.insert(
            format!("./{}/{}", schema::FOLDER, schema::file_name(described.kind)),
            serde_json::Value::from(described.files.to_vec()),
        );
    }
    let settings = serde_json::json!({
        "yaml.schemas": schemas,
        "yaml.validate": true,
        "yaml.completion": true,
        "files.trimTrailingWhitespace": true,
        "files.insertFinalNewline": true,
        "[markdown]": {"files.trimTrailingWhitespace": false},
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    if dir.exists() {
        // Left by an init that was stopped: it was never the site.
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir(dir)?;
    for (path, bytes) in files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(full, bytes)?;
    }
    Ok(())
}
