//! `tiendo new update|plan|jurisdiction`: a new content file where `load` reads it,
//! from a template whose comments say what to fill in, with the site's languages, its
//! known ids and the date filled in. It never replaces a file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::starter::{self, Body, Figures, Languages};
use crate::load;
use crate::model::{Id, Level, Site};

/// What to write.
pub enum What {
    /// A progress report of `jurisdiction`.
    Update { jurisdiction: String },
    /// A plan `id` of `jurisdiction`, implementing `program`.
    Plan {
        jurisdiction: String,
        id: String,
        program: String,
    },
    /// A jurisdiction `id`, in `parent` if given.
    Jurisdiction {
        id: String,
        parent: Option<String>,
        level: Option<Level>,
        name: Option<String>,
    },
}

/// Writes the file, and its translations for a plan or a report; returns their paths
/// (under `root`), the file itself first.
pub fn new(root: &Path, what: &What, date: NaiveDate) -> Result<Vec<PathBuf>, String> {
    let loaded = load::load(root);
    let site = &loaded.site;
    if site.config_origin.is_none() {
        return Err(format!(
            "`{}` holds no readable site.yaml: run `tiendo check --root {}` to see why, \
             or `tiendo init` to start a new site",
            root.display(),
            root.display()
        ));
    }
    let languages = Languages {
        all: site.config.languages.clone(),
        default: site.config.default_language.clone(),
    };
    let folder_of = |origin: &crate::base::source::Origin| {
        loaded
            .sources
            .path(origin.file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    };
    let (path, text, body) = match what {
        What::Update { jurisdiction } => {
            let jurisdiction = jurisdiction_named(site, jurisdiction)?;
            let path = folder_of(&jurisdiction.origin)
                .join("updates")
                .join(format!("{date}.md"));
            let indicators = targeted(site, &jurisdiction.id);
            (
                path,
                starter::update_md(&languages, date, Figures::ToFill(&indicators)),
                Some(Body::Update),
            )
        }
        What::Plan {
            jurisdiction,
            id,
            program,
        } => {
            let jurisdiction = jurisdiction_named(site, jurisdiction)?;
            let id = Id::parse(id).map_err(|e| format!("{e}: {}", ID_HELP))?;
            if site
                .plans
                .iter()
                .any(|p| p.jurisdiction == jurisdiction.id && p.id == id)
            {
                return Err(format!(
                    "{} already has a plan `{id}`: choose another id",
                    jurisdiction.id
                ));
            }
            let program = site
                .programs
                .values()
                .find(|p| p.id.as_str() == program)
                .ok_or_else(|| unknown_or_unread(site, "program", program, site.programs.keys()))?;
            let indicators = program.indicators.clone();
            let text = starter::plan_md(
                &languages,
                &program.id,
                |lang| program.title.get(lang, &languages.default).text.to_owned(),
                &indicators,
                date,
            );
            let path = folder_of(&jurisdiction.origin)
                .join("plans")
                .join(format!("{id}.md"));
            (path, text, Some(Body::Plan))
        }
        What::Jurisdiction {
            id,
            parent,
            level,
            name,
        } => {
            let id = Id::parse(id).map_err(|e| format!("{e}: {}", ID_HELP))?;
            if site.jurisdictions.contains_key(&id) {
                return Err(format!(
                    "there is already a jurisdiction `{id}`: choose another id"
                ));
            }
            // A jurisdiction's folder is its address: not one the site's own pages take.
            if load::RESERVED_FOLDERS.contains(&id.as_str())
                || languages
                    .all
                    .iter()
                    .any(|lang| lang.as_str() == id.as_str())
            {
                return Err(format!(
                    "`{id}` is a name tiendo keeps for the site's own folders and languages \
                     ({}, {}): choose another id, such as `{id}-1`",
                    load::RESERVED_FOLDERS.join(", "),
                    languages
                        .all
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
                return Err(
                    "--name is empty: give the jurisdiction's name, or leave --name out".into(),
                );
            }
            let parent = match parent {
                Some(parent) => Some(jurisdiction_named(site, parent)?),
                None => None,
            };
            let below = parent.map(|parent| {
                level_below(parent.level).ok_or_else(|| {
                    format!(
                        "`{}` is a commune, and a commune holds no other jurisdiction: name a province or the country as --parent",
                        parent.id
                    )
                })
            });
            let level = match (level, below) {
                (_, Some(Err(message))) => return Err(message),
                (Some(level), Some(Ok(below))) if *level < below => {
                    return Err(format!(
                        "a {} cannot be inside a {}: give --level {} (or leave it out)",
                        level_name(*level),
                        level_name(parent.map_or(Level::Country, |p| p.level)),
                        level_name(below)
                    ));
                }
                (Some(level), _) => *level,
                (None, Some(Ok(below))) => below,
                (None, None) => Level::Province,
            };
            // Beside the parent's other children if it has any (`provinces/`), else in
            // the parent's own folder, else at the top of content/.
            let sibling = parent.and_then(|parent| {
                site.jurisdictions
                    .values()
                    .find(|j| j.parent() == Some(&parent.id))
            });
            let folder = match (sibling, parent) {
                (Some(sibling), _) => folder_of(&sibling.origin)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                (None, Some(parent)) => folder_of(&parent.origin),
                (None, None) => PathBuf::from("content"),
            }
            .join(id.as_str());
            // The parent is written unless the folder already says it.
            let said_by_folder =
                parent.is_some_and(|p| folder.parent() == Some(&*folder_of(&p.origin)));
            let parent_line = parent.filter(|_| !said_by_folder).map(|p| &p.id);
            // The line naming the schema, where the site has the schemas.
            let depth = root
                .join(super::schema::FOLDER)
                .is_dir()
                .then(|| folder.components().count());
            let name = name.clone().unwrap_or_else(|| name_of(&id));
            let text = starter::jurisdiction_yaml(
                &languages,
                Some(&name),
                level_name(level),
                parent_line,
                depth,
            );
            (folder.join("_index.yaml"), text, None)
        }
    };
    // A path from the site's folder when it is the current one: `content/...`.
    let root = if root == Path::new(".") {
        Path::new("")
    } else {
        root
    };
    // The file in the default language, then its translations beside it.
    let mut files = vec![(root.join(&path), text)];
    if let Some(body) = body {
        let stem = path.with_extension("");
        for (lang, text) in starter::translations(&languages, body) {
            files.push((root.join(format!("{}.{lang}.md", stem.display())), text));
        }
    }
    if let Some((taken, _)) = files.iter().find(|(path, _)| path.exists()) {
        let instead = match what {
            What::Update { .. } => "a report of that day is there: edit it",
            What::Plan { .. } | What::Jurisdiction { .. } => "edit it, or choose another id",
        };
        return Err(format!(
            "`{}` exists already, and tiendo new never replaces a file: {instead}",
            taken.display()
        ));
    }
    for (path, text) in &files {
        write_new(path, text)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

const ID_HELP: &str =
    "an id is lower-case letters, digits and hyphens, such as `16-kh-tu` or `sa-pa`";

fn jurisdiction_named<'s>(
    site: &'s Site,
    id: &str,
) -> Result<&'s crate::model::Jurisdiction, String> {
    site.jurisdictions
        .values()
        .find(|j| j.id.as_str() == id)
        .map(|j| &**j)
        .ok_or_else(|| unknown_or_unread(site, "jurisdiction", id, site.jurisdictions.keys()))
}

/// As [`unknown`], unless the item's file is there but could not be read: then it is
/// that file to fix.
fn unknown_or_unread<'a>(
    site: &Site,
    kind: &'static str,
    wrong: &str,
    known: impl Iterator<Item = &'a Id>,
) -> String {
    if site
        .unparsed
        .iter()
        .any(|(k, id)| *k == kind && id.as_str() == wrong)
    {
        return format!(
            "the {kind} `{wrong}` is there, but its file has errors: run `tiendo check` to see them, fix them, then run this again"
        );
    }
    unknown(kind, wrong, known)
}

/// "there is no program `directive52`: did you mean `directive-52`?", with the
/// whole list when it is short.
fn unknown<'a>(kind: &str, wrong: &str, known: impl Iterator<Item = &'a Id>) -> String {
    let known: Vec<&Id> = known.collect();
    let closest = known
        .iter()
        .min_by_key(|k| strsim::damerau_levenshtein(wrong, k.as_str()))
        .map(|k| format!(": did you mean `{k}`?"));
    let Some(closest) = closest else {
        return format!("there is no {kind} `{wrong}`, and the site has none yet: write one first");
    };
    let list = if known.len() <= 12 {
        let ids: Vec<&str> = known.iter().map(|k| k.as_str()).collect();
        format!(" The known ones: {}", ids.join(", "))
    } else {
        format!(
            " ({} are known; `tiendo build --list` lists them)",
            known.len()
        )
    };
    format!("there is no {kind} `{wrong}`{closest}{list}")
}

/// The indicators a jurisdiction's plans set targets for, in order, each once.
fn targeted(site: &Site, jurisdiction: &Id) -> Vec<Id> {
    let mut ids: Vec<Id> = Vec::new();
    for plan in site
        .plans
        .iter()
        .filter(|p| &p.jurisdiction == jurisdiction)
    {
        for target in &plan.targets {
            if !ids.contains(&target.indicator) {
                ids.push(target.indicator.clone());
            }
        }
    }
    ids
}

fn level_below(level: Level) -> Option<Level> {
    match level {
        Level::Country => Some(Level::Province),
        Level::Province => Some(Level::Commune),
        Level::Commune => None,
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Country => "country",
        Level::Province => "province",
        Level::Commune => "commune",
    }
}

/// A name to start from, made of the id: `sa-pa` is "Sa Pa".
fn name_of(id: &Id) -> String {
    id.as_str()
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes a file that must not exist yet, whole or not at all: the text goes into a
/// file beside it, linked to its name only if no file has that name (the caller has
/// said which files are in the way; one made meanwhile is found here).
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    let shown = path.display();
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let partial = parent.join(format!(".{name}.tiendo-new"));
    let linked = fs::write(&partial, text).and_then(|()| fs::hard_link(&partial, path));
    let _ = fs::remove_file(&partial);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(format!(
            "`{shown}` was written by someone else meanwhile: tiendo new never replaces a file"
        )),
        // A file system without hard links: a file created only if none has the name.
        Err(_) => fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut file| io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(|e| format!("cannot write `{shown}`: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_id_suggests_the_closest() {
        let known = [
            Id::parse("lao-cai").unwrap(),
            Id::parse("lang-son").unwrap(),
        ];
        let message = unknown("jurisdiction", "lao-kai", known.iter());
        assert!(message.contains("did you mean `lao-cai`?"), "{message}");
        assert!(message.contains("lang-son"), "a short list is given whole");
    }

    #[test]
    fn a_name_is_made_of_the_id() {
        assert_eq!(name_of(&Id::parse("sa-pa").unwrap()), "Sa Pa");
    }
}
