//! Reads a site's folder into the model: `site.yaml` and every file under `content/`.
//!
//! This is the only stage that reads the content. It never stops at the first problem:
//! each file that cannot be read or parsed becomes a diagnostic and the others are still
//! loaded, so that one run reports every error in the tree.

pub mod history;
pub mod past;
pub mod site_folder;
pub mod theme;

use std::collections::{BTreeMap, BTreeSet, HashSet};

// The kept files are looked up by path for each of a national tree's files on every load.
use foldhash::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::base::diagnostics::{Diagnostic, Location};
use crate::base::source::{FileId, Origin, SourceFile, Sources, line_column};
use crate::base::yaml;
use crate::load::site_folder::SiteFolder;
use crate::model::characters;
use crate::model::{
    Entry, Id, IndicatorFile, Jurisdiction, JurisdictionFile, Lang, Located, Plan, PlanFile,
    ProgramFile, Site, SiteConfig, Text, Update, UpdateFile,
};

/// Larger files are refused before they are read: no plan or report is this long, and a
/// huge file is almost always a mistake (a data dump, a video) that would slow every build.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Top-level folders of `content/` that hold something other than jurisdictions, and
/// the site's own pages, which a jurisdiction's folder must not shadow.
pub const RESERVED_FOLDERS: &[&str] = &[
    "indicators",
    "programs",
    "deadlines",
    "updates",
    "static",
    "plans",
    "data",
    "schema",
    "sitemaps",
    "search",
    "pagefind",
];

const JURISDICTION_FILE: &str = "_index.yaml";

/// What loading found: the model (when `site.yaml` could be read), every file read and
/// every problem.
pub struct Loaded {
    pub site: Site,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// What differs from the load before, when loading again with a [`Cache`].
    pub edited: Edited,
}

/// What a load found changed since the one before: files whose text differs, that
/// appeared or that are gone, as the items they are or translate.
#[derive(Debug, Default)]
pub struct Edited {
    pub site_yaml: bool,
    pub items: BTreeSet<Item>,
}

/// An item of the content, by the ids that name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Indicator(Id),
    Program(Id),
    Jurisdiction(Id),
    /// A jurisdiction's plan.
    Plan(Id, Id),
    /// A jurisdiction's update.
    Update(Id, Id),
}

/// What `serve` keeps from one load to the next, so that loading again reads and parses
/// only the files that changed: every file's text under the id it keeps, and what each
/// gave the model.
#[derive(Default)]
pub struct Cache {
    sources: Sources,
    config_file: Option<FileId>,
    /// The files found under `content/` last time, with what finding them reported:
    /// listed again only when a file may have appeared or gone.
    listing: Option<Listing>,
    relist: bool,
    /// The site's folder last loaded.
    root: PathBuf,
    /// By the path a file is read from, as bytes: hashed whole, where a `Path` is hashed
    /// name by name, and every kept file is looked up on every load.
    files: HashMap<OsString, Kept>,
}

struct Listing {
    files: Arc<Vec<ContentFile>>,
    diagnostics: Vec<Diagnostic>,
}

struct Kept {
    id: FileId,
    role: Role,
    /// The file changed on disk since it was read.
    stale: bool,
    /// What it gave, for an item.
    parsed: Option<Arc<ParsedItem>>,
}

/// A kept file's role as the files listed now say it: known to be the one it had
/// unless the files were listed again.
enum RoleNow {
    Kept,
    Changed(Role),
}

/// Whether a step is a file at all, and its role when it may have changed: a file read
/// anew has its role made where it is read; one kept has it made only if the files were
/// listed again.
fn relisted_role(
    step: &Step,
    relisted: bool,
    read: &Option<Result<SourceFile, Diagnostic>>,
) -> Option<RoleNow> {
    match step {
        Step::Skip(_) => None,
        _ if read.is_some() || !relisted => Some(RoleNow::Kept),
        _ => role_of(step).map(RoleNow::Changed),
    }
}

/// What a step's file is read as; nothing for a file not read.
fn role_of(step: &Step) -> Option<Role> {
    match step {
        Step::Skip(_) => None,
        Step::Item { kind, id, .. } => Some(Role::Item(kind.clone(), id.clone())),
        Step::Translation { key, lang, .. } => Some(Role::Translation(key.clone(), lang.clone())),
    }
}

/// What a file is read as: an item, or the translation of one.
#[derive(Clone, PartialEq)]
enum Role {
    Item(Kind, Id),
    Translation(TranslationKey, Lang),
}

impl Role {
    fn item(&self) -> Item {
        match self {
            Role::Item(kind, id) => kind.item(id.clone()),
            Role::Translation((kind, jurisdiction, id), _) => {
                let (jurisdiction, id) = (jurisdiction.clone(), id.clone());
                if *kind == "plan" {
                    Item::Plan(jurisdiction, id)
                } else {
                    Item::Update(jurisdiction, id)
                }
            }
        }
    }
}

/// Reads the site's folder once.
pub fn load(root: &Path) -> Loaded {
    Cache::default().load(root)
}

impl Cache {
    /// Every file read so far, under the ids the model's origins name.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// To add the theme's files to, so that they are kept with the content's.
    pub fn sources_mut(&mut self) -> &mut Sources {
        &mut self.sources
    }

    /// Marks a path that changed on disk, and everything under it if it is a folder, to
    /// be read again.
    pub fn changed(&mut self, path: &Path) {
        if path == self.root.join("site.yaml") {
            // Read on every load.
            return;
        }
        if let Some(kept) = self.files.get_mut(path.as_os_str()) {
            kept.stale = true;
            // A file edited in place leaves the list of files as it was.
            if path.is_file() {
                return;
            }
        }
        self.relist = true;
        for (kept_path, kept) in &mut self.files {
            if Path::new(kept_path).starts_with(path) {
                kept.stale = true;
            }
        }
    }

    /// Reads the site's folder, again: only files never read, or changed since, are read
    /// and parsed.
    pub fn load(&mut self, root: &Path) -> Loaded {
        let mut loader = Loader {
            root: root.to_path_buf(),
            sources: std::mem::take(&mut self.sources),
            config_file: self.config_file,
            diagnostics: Vec::new(),
        };
        let mut edited = Edited::default();
        let config = loader.read_config(&mut edited.site_yaml);
        let (files, relisted) = self.list(&mut loader, root);
        let jurisdiction_folders: BTreeSet<Vec<String>> = files
            .iter()
            .filter(|f| f.segments.last().map(String::as_str) == Some(JURISDICTION_FILE))
            .map(|f| f.segments[..f.segments.len() - 1].to_vec())
            .collect();

        let languages = config.as_ref().map(|(c, _)| c);
        let steps: Vec<Step> = files
            .par_iter()
            .map(|file| plan_step(file, &jurisdiction_folders, languages))
            .collect();
        let (file_ids, parsed) = self.read_and_parse(&mut loader, &steps, relisted, &mut edited);
        self.config_file = loader.config_file;
        let loaded = join(loader, config, steps, file_ids, parsed, edited);
        self.sources = loaded.sources.clone();
        loaded
    }

    /// The files under `content/`: those found last time, unless one may have appeared
    /// or gone since; and whether they were listed again.
    fn list(&mut self, loader: &mut Loader, root: &Path) -> (Arc<Vec<ContentFile>>, bool) {
        if root != self.root {
            self.root = root.to_path_buf();
            self.relist = true;
        }
        match &self.listing {
            Some(listing) if !self.relist => {
                loader
                    .diagnostics
                    .extend(listing.diagnostics.iter().cloned());
                (listing.files.clone(), false)
            }
            _ => {
                let start = loader.diagnostics.len();
                let files = Arc::new(loader.list_content(&root.join("content")));
                self.listing = Some(Listing {
                    files: files.clone(),
                    diagnostics: loader.diagnostics[start..].to_vec(),
                });
                self.relist = false;
                (files, true)
            }
        }
    }

    /// Each item and translation's text, read in parallel unless it is kept and
    /// unchanged; each item parsed, in parallel, unless its text and its role are those
    /// it had. What changed is recorded in `edited`.
    #[allow(clippy::type_complexity)]
    fn read_and_parse(
        &mut self,
        loader: &mut Loader,
        steps: &[Step],
        relisted: bool,
        edited: &mut Edited,
    ) -> (
        Vec<Option<Result<FileId, Diagnostic>>>,
        Vec<Option<Arc<ParsedItem>>>,
    ) {
        let files = &self.files;
        let read: Vec<Option<Result<SourceFile, Diagnostic>>> = steps
            .par_iter()
            .map(|step| {
                let (file, markdown) = match step {
                    Step::Skip(_) => return None,
                    Step::Item { file, kind, .. } => (file, kind.is_markdown()),
                    Step::Translation { file, .. } => (file, false),
                };
                match files.get(file.path.as_os_str()) {
                    Some(kept) if !kept.stale => None,
                    _ => Some(read_file(file, markdown)),
                }
            })
            .collect();
        let mut file_ids = Vec::with_capacity(steps.len());
        // What a file gave before, when its text and its role are those it had: it
        // holds. `None` for a file to parse; absent (`None` outside) for no item.
        let mut same: Vec<Option<Option<Arc<ParsedItem>>>> = Vec::with_capacity(steps.len());
        // Files kept from before can only have gone, or changed role, if the files were
        // listed again: then each one found is noted.
        let mut found: Option<HashSet<&OsStr>> = relisted.then(HashSet::default);
        for (step, read) in steps.iter().zip(read) {
            let (Some(file), Some(role_now)) = (step.file(), relisted_role(step, relisted, &read))
            else {
                file_ids.push(None);
                same.push(None);
                continue;
            };
            if let Some(found) = &mut found {
                found.insert(file.path.as_os_str());
            }
            match read {
                None => {
                    let Some(kept) = self.files.get_mut(file.path.as_os_str()) else {
                        unreachable!("a file not read is kept");
                    };
                    match role_now {
                        RoleNow::Changed(role) if kept.role != role => {
                            edited.items.insert(kept.role.item());
                            edited.items.insert(role.item());
                            kept.role = role;
                            kept.parsed = None;
                        }
                        _ => {}
                    }
                    file_ids.push(Some(Ok(kept.id)));
                    same.push(Some(kept.parsed.clone()));
                }
                Some(Err(diagnostic)) => {
                    if let Some(kept) = self.files.remove(file.path.as_os_str()) {
                        edited.items.insert(kept.role.item());
                    }
                    if let Some(role) = role_of(step) {
                        edited.items.insert(role.item());
                    }
                    file_ids.push(Some(Err(diagnostic)));
                    same.push(None);
                }
                Some(Ok(source)) => {
                    let Some(role) = role_of(step) else {
                        unreachable!("only items and translations are read");
                    };
                    let (id, parsed) = match self.files.remove(file.path.as_os_str()) {
                        Some(kept) => {
                            let text_same = loader.sources.get(kept.id).text == source.text;
                            loader.sources.replace(kept.id, Arc::new(source));
                            if text_same && kept.role == role {
                                (kept.id, kept.parsed)
                            } else {
                                edited.items.insert(kept.role.item());
                                edited.items.insert(role.item());
                                (kept.id, None)
                            }
                        }
                        None => {
                            edited.items.insert(role.item());
                            (loader.sources.add(source), None)
                        }
                    };
                    self.files.insert(
                        file.path.clone().into_os_string(),
                        Kept {
                            id,
                            role,
                            stale: false,
                            parsed: parsed.clone(),
                        },
                    );
                    file_ids.push(Some(Ok(id)));
                    same.push(Some(parsed));
                }
            }
        }
        // Files kept from before that are no longer there.
        if let Some(found) = found {
            let gone: Vec<OsString> = self
                .files
                .keys()
                .filter(|path| !found.contains(path.as_os_str()))
                .cloned()
                .collect();
            for path in gone {
                if let Some(kept) = self.files.remove(&path) {
                    edited.items.insert(kept.role.item());
                }
            }
        }
        let sources = &loader.sources;
        let parsed: Vec<(Option<Arc<ParsedItem>>, bool)> = steps
            .par_iter()
            .zip(&file_ids)
            .zip(same)
            .map(|((step, file_id), same)| match (step, file_id, same) {
                (_, _, Some(Some(parsed))) => (Some(parsed), false),
                (Step::Item { kind, id, .. }, Some(Ok(file_id)), _) => (
                    Some(Arc::new(parse_item(sources, *file_id, kind, id))),
                    true,
                ),
                _ => (None, false),
            })
            .collect();
        // Only what was parsed now is new to keep.
        for (step, (parsed, fresh)) in steps.iter().zip(&parsed) {
            if *fresh
                && let (Some(file), Some(parsed)) = (step.file(), parsed)
                && let Some(kept) = self.files.get_mut(file.path.as_os_str())
            {
                kept.parsed = Some(parsed.clone());
            }
        }
        let parsed = parsed.into_iter().map(|(parsed, _)| parsed).collect();
        (file_ids, parsed)
    }
}

/// What joins the files (ids, duplicates, translations): run after they are read, in
/// the files' order, so that the model and the diagnostics do not depend on timing.
fn join(
    mut loader: Loader,
    config: Option<(SiteConfig, Origin)>,
    steps: Vec<Step>,
    file_ids: Vec<Option<Result<FileId, Diagnostic>>>,
    parsed: Vec<Option<Arc<ParsedItem>>>,
    edited: Edited,
) -> Loaded {
    let root = loader.root.clone();
    let mut indicators = BTreeMap::new();
    let mut programs = BTreeMap::new();
    let mut jurisdictions = BTreeMap::new();
    let mut plans = Vec::new();
    let mut updates = Vec::new();
    // Ids by kind and, for plans and updates, by jurisdiction: two provinces may both
    // report on 2025-11-28, one province may not have two jurisdictions' folders.
    let mut first_seen: HashMap<(&'static str, Option<Id>, Id), Origin> = HashMap::default();
    let mut unparsed = BTreeSet::new();
    let mut translations: Translations = BTreeMap::new();

    for ((step, file_id), parsed) in steps.into_iter().zip(file_ids).zip(parsed) {
        let (file, kind, id, file_id) = match (step, file_id) {
            (Step::Skip(diagnostic), _) => {
                loader.diagnostics.push(diagnostic);
                continue;
            }
            (_, Some(Err(diagnostic))) => {
                loader.diagnostics.push(diagnostic);
                continue;
            }
            (_, None) => continue,
            (Step::Translation { file, key, lang }, Some(Ok(file_id))) => {
                let text = &loader.sources.get(file_id).text;
                if front_matter(text).is_some() {
                    let (_, _, id) = &key;
                    loader.diagnostics.push(
                        Diagnostic::error(format!(
                            "`{}` has front matter; a translation holds only the text",
                            file.display.display()
                        ))
                        .at(Location::Path(file.display.clone()))
                        .help(format!(
                            "translate the fields in `{id}.md` itself (`title: {{vi: ..., {lang}: ...}}`) and keep only the text here"
                        )),
                    );
                } else if let Some(text) =
                    checked_markdown(file_id, text, 0, &mut loader.diagnostics)
                {
                    translations
                        .entry(key)
                        .or_default()
                        .insert(lang, (text, file.display.clone()));
                }
                continue;
            }
            (Step::Item { file, kind, id }, Some(Ok(file_id))) => (file, kind, id, file_id),
        };
        let kind_name = kind.name();
        let key = (kind_name, kind.jurisdiction().cloned(), id.clone());
        if let Some(first) = first_seen.get(&key) {
            loader.diagnostics.push(
                Diagnostic::error(format!("two {kind_name}s have the id `{id}`"))
                    .at(Location::Path(file.display.clone()))
                    .related(
                        Location::Path(loader.sources.path(first.file).to_path_buf()),
                        "the other one is here",
                    )
                    .help(match kind.jurisdiction() {
                        Some(_) => format!("ids of a jurisdiction's {kind_name}s must be unique: rename one of the two"),
                        None => format!("ids of {kind_name}s must be unique across the site: rename one of the two folders or files"),
                    }),
            );
            continue;
        }
        let Some(parsed) = parsed else {
            continue;
        };
        loader
            .diagnostics
            .extend(parsed.diagnostics.iter().cloned());
        let Some(content) = &parsed.content else {
            unparsed.insert((kind_name, id));
            continue;
        };
        match content {
            Content::Indicator(entry) => {
                indicators.insert(id, entry.clone());
            }
            Content::Program(entry) => {
                programs.insert(id, entry.clone());
            }
            Content::Jurisdiction(jurisdiction) => {
                jurisdictions.insert(id, jurisdiction.clone());
            }
            Content::Plan(plan) => plans.push(plan.clone()),
            Content::Update(update) => updates.push(update.clone()),
        }
        first_seen.insert(key, Origin::file(file_id));
    }

    plans.sort_by(|a, b| (&a.jurisdiction, &a.id).cmp(&(&b.jurisdiction, &b.id)));
    updates.sort_by(|a, b| (&a.jurisdiction, &a.id).cmp(&(&b.jurisdiction, &b.id)));
    if let Some((config, _)) = &config {
        for plan in &mut plans {
            let key = ("plan", plan.jurisdiction.clone(), plan.id.clone());
            if let Some(translated) = translations.remove(&key) {
                let plan = Arc::make_mut(plan);
                plan.body_files = add_translations(&mut plan.body, translated, config);
            }
        }
        for update in &mut updates {
            let key = ("update", update.jurisdiction.clone(), update.id.clone());
            if let Some(translated) = translations.remove(&key) {
                let update = Arc::make_mut(update);
                update.body_files = add_translations(&mut update.body, translated, config);
            }
        }
    }
    for ((kind, _, id), by_lang) in translations {
        // Without site.yaml's languages, translations cannot be told apart from strays:
        // site.yaml's own error is the one to fix first.
        if config.is_none() || unparsed.contains(&(kind, id.clone())) {
            // Its own file has errors, already reported.
            continue;
        }
        for (_, path) in by_lang.into_values() {
            loader.diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` translates the {kind} `{id}.md`, which is not in this folder",
                    path.display()
                ))
                .at(Location::Path(path))
                .help(format!(
                    "a translation is named after the file it translates: `{id}.md` beside `{id}.en.md`; rename it, or add `{id}.md`"
                )),
            );
        }
    }
    let (config, config_origin) = match config {
        Some((config, origin)) => (config, Some(origin)),
        None => (SiteConfig::stand_in(), None),
    };
    let site = Site {
        config,
        config_origin,
        root,
        indicators,
        programs,
        jurisdictions,
        plans,
        updates,
        unparsed,
    };
    Loaded {
        site,
        sources: loader.sources,
        diagnostics: loader.diagnostics,
        edited,
    }
}

/// Translated Markdown bodies by (kind, jurisdiction, id), then by language.
type Translations = BTreeMap<TranslationKey, BTreeMap<Lang, (String, PathBuf)>>;

/// For `15-kh-tu.en.md`, the part naming a language: `en`.
fn translation_name(file: &ContentFile) -> Option<&str> {
    let name = file.segments.last()?.strip_suffix(".md")?;
    name.rsplit_once('.').map(|(_, lang)| lang)
}

/// Puts a plan's or an update's translated bodies beside its own text; where each was
/// read from comes back.
fn add_translations(
    body: &mut Text,
    translations: BTreeMap<Lang, (String, PathBuf)>,
    config: &SiteConfig,
) -> BTreeMap<Lang, PathBuf> {
    let Text::Default(default) = body else {
        return BTreeMap::new();
    };
    let mut by_lang = BTreeMap::from([(config.default_language.clone(), std::mem::take(default))]);
    let mut files = BTreeMap::new();
    for (lang, (text, path)) in translations {
        files.insert(lang.clone(), path);
        by_lang.insert(lang, text);
    }
    *body = Text::PerLanguage(by_lang);
    files
}

fn shared<T>(items: Vec<T>) -> Vec<Arc<T>> {
    items.into_iter().map(Arc::new).collect()
}

fn located<T>(items: Vec<(T, Origin)>) -> Vec<Located<T>> {
    items
        .into_iter()
        .map(|(item, origin)| Located { origin, item })
        .collect()
}

/// What a content file is, by where it stands.
#[derive(Clone, PartialEq)]
enum Kind {
    Indicator,
    Program,
    Jurisdiction {
        folder: Vec<Id>,
        folder_parent: Option<Id>,
    },
    Plan {
        jurisdiction: Id,
    },
    Update {
        jurisdiction: Id,
    },
}

impl Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Indicator => "indicator",
            Kind::Program => "program",
            Kind::Jurisdiction { .. } => "jurisdiction",
            Kind::Plan { .. } => "plan",
            Kind::Update { .. } => "update",
        }
    }

    /// The jurisdiction a plan or an update belongs to.
    fn jurisdiction(&self) -> Option<&Id> {
        match self {
            Kind::Plan { jurisdiction } | Kind::Update { jurisdiction } => Some(jurisdiction),
            _ => None,
        }
    }

    fn is_markdown(&self) -> bool {
        matches!(self, Kind::Plan { .. } | Kind::Update { .. })
    }

    fn item(&self, id: Id) -> Item {
        match self {
            Kind::Indicator => Item::Indicator(id),
            Kind::Program => Item::Program(id),
            Kind::Jurisdiction { .. } => Item::Jurisdiction(id),
            Kind::Plan { jurisdiction } => Item::Plan(jurisdiction.clone(), id),
            Kind::Update { jurisdiction } => Item::Update(jurisdiction.clone(), id),
        }
    }
}

fn classify(segments: &[String], jurisdiction_folders: &BTreeSet<Vec<String>>) -> Option<Kind> {
    let (name, folder) = segments.split_last()?;
    let ids = |parts: &[String]| {
        parts
            .iter()
            .map(|p| Id::parse(p).ok())
            .collect::<Option<Vec<Id>>>()
    };
    match (folder, name.as_str()) {
        ([top], name) if top == "indicators" && name.ends_with(".yaml") => Some(Kind::Indicator),
        ([top], name) if top == "programs" && name.ends_with(".yaml") => Some(Kind::Program),
        (folder, JURISDICTION_FILE) if !folder.is_empty() => {
            let folder_ids = ids(folder)?;
            let folder_parent = (1..folder.len())
                .rev()
                .find(|&n| jurisdiction_folders.contains(&folder[..n].to_vec()))
                .map(|n| folder_ids[n - 1].clone());
            Some(Kind::Jurisdiction {
                folder: folder_ids,
                folder_parent,
            })
        }
        ([owner @ .., section], name)
            if name.ends_with(".md")
                && (section == "plans" || section == "updates")
                && jurisdiction_folders.contains(&owner.to_vec()) =>
        {
            let jurisdiction = Id::parse(owner.last()?).ok()?;
            Some(if section == "plans" {
                Kind::Plan { jurisdiction }
            } else {
                Kind::Update { jurisdiction }
            })
        }
        _ => None,
    }
}

#[derive(Clone)]
struct ContentFile {
    path: PathBuf,
    /// The path relative to the site's root, as messages show it.
    display: PathBuf,
    /// The path relative to `content/`, split into names.
    segments: Vec<String>,
}

struct Loader {
    root: PathBuf,
    sources: Sources,
    /// The id `site.yaml` has in the sources, once read.
    config_file: Option<FileId>,
    diagnostics: Vec<Diagnostic>,
}

impl Loader {
    fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    fn read_config(&mut self, edited: &mut bool) -> Option<(SiteConfig, Origin)> {
        let path = self.root.join("site.yaml");
        if let Err(error) = SiteFolder::new(&self.root).check(&path) {
            self.diagnostics.push(error);
            return None;
        }
        if !path.is_file() {
            let message = if path.exists() {
                "`site.yaml` is not a file".to_owned()
            } else {
                format!("there is no `site.yaml` in `{}`", self.root.display())
            };
            self.diagnostics.push(
                Diagnostic::error(message)
                    .at(Location::Path("site.yaml".into()))
                    .help("run tiendo in the site's folder, or name it with --root; `site.yaml` holds the site's title and languages"),
            );
            return None;
        }
        let file = ContentFile {
            display: "site.yaml".into(),
            path,
            segments: vec!["site.yaml".into()],
        };
        let file_id = self.read(&file, edited)?;
        let config =
            parse::<SiteConfig>(file_id, self.sources.get(file_id), &mut self.diagnostics)?;
        Some((config, Origin::file(file_id)))
    }

    /// Every file under `content/`, sorted by path so that loading is deterministic.
    fn list_content(&mut self, content: &Path) -> Vec<ContentFile> {
        if !content.is_dir() {
            self.diagnostics.push(
                Diagnostic::error(format!("there is no `content` folder in `{}`", self.root.display()))
                    .at(Location::Path("content".into()))
                    .help("a site keeps its indicators, programs and jurisdictions in a folder named `content` beside `site.yaml`"),
            );
            return Vec::new();
        }
        let mut files = Vec::new();
        let found = SiteFolder::new(&self.root).files(content, false, &mut self.diagnostics);
        for entry in found {
            let display = self.display(&entry.path);
            let looks_like_file =
                entry.relative.ends_with(".yaml") || entry.relative.ends_with(".md");
            if entry.is_folder {
                if looks_like_file {
                    self.diagnostics.push(
                        Diagnostic::error(format!(
                            "`{}` is a folder, but its name is that of a file",
                            display.display()
                        ))
                        .at(Location::Path(display))
                        .help("rename the folder, or replace it with the file it is named after"),
                    );
                }
                continue;
            }
            files.push(ContentFile {
                path: entry.path,
                display,
                segments: entry.relative.split('/').map(str::to_owned).collect(),
            });
        }
        let refused = self.check_folder_names(&files);
        files.retain(|file| {
            !refused
                .iter()
                .any(|folder| file.segments.starts_with(folder))
        });
        files
    }

    /// Every folder on the way to a content file becomes part of a web address.
    /// The folders of jurisdictions refused for where they stand, which are not read:
    /// their files would only bring errors that follow from the one reported.
    fn check_folder_names(&mut self, files: &[ContentFile]) -> Vec<Vec<String>> {
        let mut reported = BTreeSet::new();
        let mut refused = Vec::new();
        for file in files {
            let (_, folders) = file
                .segments
                .split_last()
                .unwrap_or((&file.segments[0], &[]));
            for (depth, folder) in folders.iter().enumerate() {
                let path = folders[..=depth].join("/");
                if let Err(message) = Id::parse(folder)
                    && reported.insert(path.clone())
                {
                    self.diagnostics.push(
                        Diagnostic::error(format!(
                            "the folder `content/{path}` cannot be used in a web address: {message}"
                        ))
                        .at(Location::Path(PathBuf::from("content").join(&path)))
                        .help(Id::help_for(folder)),
                    );
                }
            }
            let is_jurisdiction =
                file.segments.last().map(String::as_str) == Some(JURISDICTION_FILE);
            if is_jurisdiction && let Some(top) = file.segments.first() {
                let reserved = RESERVED_FOLDERS.contains(&top.as_str())
                    || file
                        .segments
                        .iter()
                        .rev()
                        .skip(1)
                        .any(|s| s == "plans" || s == "updates");
                if reserved {
                    refused.push(file.segments[..file.segments.len() - 1].to_vec());
                }
                if reserved && reported.insert(file.segments.join("/")) {
                    self.diagnostics.push(
                        Diagnostic::error(format!("`{}` is in a folder whose name tiendo keeps for itself", file.display.display()))
                            .at(Location::Path(file.display.clone()))
                            .help(format!(
                                "jurisdictions cannot live in folders named {}; move it to a folder such as `content/provinces/<id>/`",
                                RESERVED_FOLDERS.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                            )),
                    );
                }
            }
        }
        refused
    }

    /// Reads `site.yaml` into the sources, under the id it had if it was read before;
    /// `edited` tells whether its text changed.
    fn read(&mut self, file: &ContentFile, edited: &mut bool) -> Option<FileId> {
        let source = read_file(file, false)
            .map_err(|diagnostic| self.diagnostics.push(diagnostic))
            .ok()?;
        match self.config_file {
            Some(id) => {
                *edited |= self.sources.get(id).text != source.text;
                self.sources.replace(id, Arc::new(source));
            }
            None => {
                *edited = true;
                self.config_file = Some(self.sources.add(source));
            }
        }
        self.config_file
    }
}

/// What is to be done with one content file, decided from its place and its name before
/// it is read.
enum Step<'f> {
    /// Not read, for the reason the diagnostic gives.
    Skip(Diagnostic),
    /// An indicator, a program, a jurisdiction, a plan or an update, with its id.
    Item {
        file: &'f ContentFile,
        kind: Kind,
        id: Id,
    },
    /// A translated body (`15-kh-tu.en.md`): the key of the file it translates, and its
    /// language.
    Translation {
        file: &'f ContentFile,
        key: TranslationKey,
        lang: Lang,
    },
}

impl Step<'_> {
    fn file(&self) -> Option<&ContentFile> {
        match self {
            Step::Skip(_) => None,
            Step::Item { file, .. } | Step::Translation { file, .. } => Some(file),
        }
    }
}

/// The kind, jurisdiction and id of a plan or an update that a translation belongs to.
type TranslationKey = (&'static str, Id, Id);

fn plan_step<'f>(
    file: &'f ContentFile,
    jurisdiction_folders: &BTreeSet<Vec<String>>,
    config: Option<&SiteConfig>,
) -> Step<'f> {
    let Some(kind) = classify(&file.segments, jurisdiction_folders) else {
        return Step::Skip(
            Diagnostic::warning(format!("`{}` is not part of the content and was ignored", file.display.display())).at(Location::Path(file.display.clone())).help(
                "content files are `indicators/<id>.yaml`, `programs/<id>.yaml`, `<folder>/_index.yaml` (a jurisdiction), and `plans/<id>.md` or `updates/<id>.md` inside a jurisdiction's folder",
            ),
        );
    };
    if let Some(owner) = kind.jurisdiction()
        && let Some(lang) = translation_name(file)
    {
        return match translation_of(file, &kind, owner, lang, config) {
            Ok((key, lang)) => Step::Translation { file, key, lang },
            Err(diagnostic) => Step::Skip(diagnostic),
        };
    }
    let stem = stem_of(file);
    match Id::parse(&stem) {
        Ok(id) => Step::Item { file, kind, id },
        Err(message) => Step::Skip(
            Diagnostic::error(format!(
                "the name of `{}` cannot be used in a web address: {message}",
                file.display.display()
            ))
            .at(Location::Path(file.display.clone()))
            .help(Id::help_for(&stem)),
        ),
    }
}

/// The id a file's name gives: the folder's name for a jurisdiction's `_index.yaml`, the
/// name without its extension for the others.
fn stem_of(file: &ContentFile) -> String {
    let name = file.segments.last().cloned().unwrap_or_default();
    if name == JURISDICTION_FILE {
        file.segments
            .iter()
            .rev()
            .nth(1)
            .cloned()
            .unwrap_or_default()
    } else {
        name.rsplit_once('.')
            .map_or(name.clone(), |(stem, _)| stem.to_owned())
    }
}

/// Reads a file as UTF-8 text and finds its YAML: all of it, or a Markdown file's front
/// matter.
fn read_file(file: &ContentFile, markdown: bool) -> Result<SourceFile, Diagnostic> {
    let at = || Location::Path(file.display.clone());
    let cannot_read = |error: std::io::Error| {
        Diagnostic::error(format!("cannot read `{}`: {error}", file.display.display())).at(at())
    };
    let size = fs::metadata(&file.path).map_err(cannot_read)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "`{}` is {:.1} MB, larger than the {} MB a content file may be",
            file.display.display(),
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ))
        .at(at())
        .help("split it into several files, or keep large documents elsewhere and link to them as a source"));
    }
    let bytes = fs::read(&file.path).map_err(cannot_read)?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let (line, column) = line_column(&String::from_utf8_lossy(valid), valid.len());
        Diagnostic::error(format!(
            "`{}` is not UTF-8 text: the first bad byte is on line {line}, column {column}",
            file.display.display()
        ))
        .at(at())
        .help("save the file with the UTF-8 encoding (most editors offer it under “Save as” or “Encoding”)")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let text = one_kind_of_line_break(text);
    let yaml = if markdown {
        front_matter(&text).ok_or_else(|| {
            Diagnostic::error(format!("`{}` has no front matter", file.display.display()))
                .at(at())
                .help("start the file with a line `---`, then its fields (date, title, ...), then another line `---`, then the text")
        })?
    } else {
        0..text.len()
    };
    Ok(SourceFile {
        path: file.display.clone(),
        text,
        yaml,
    })
}

/// Line breaks as `\n` alone: Windows' `\r\n` and old Macs' lone `\r` are read the
/// same, so that a file's lines, its front matter and its text are found whichever
/// editor saved it.
pub(crate) fn one_kind_of_line_break(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// What a content file gives the model, if it had no error, and its errors.
struct ParsedItem {
    content: Option<Content>,
    diagnostics: Vec<Diagnostic>,
}

enum Content {
    Indicator(Arc<Entry<IndicatorFile>>),
    Program(Arc<Entry<ProgramFile>>),
    Jurisdiction(Arc<Jurisdiction>),
    Plan(Arc<Plan>),
    Update(Arc<Update>),
}

fn parse_item(sources: &Sources, file: FileId, kind: &Kind, id: &Id) -> ParsedItem {
    let mut diagnostics = Vec::new();
    let source = sources.get(file);
    let origin = Origin::file(file);
    let content = match kind {
        Kind::Indicator => parse(file, source, &mut diagnostics)
            .map(|item| Content::Indicator(Arc::new(entry(id, &origin, item)))),
        Kind::Program => parse(file, source, &mut diagnostics)
            .map(|item| Content::Program(Arc::new(entry(id, &origin, item)))),
        Kind::Jurisdiction {
            folder,
            folder_parent,
        } => parse::<JurisdictionFile>(file, source, &mut diagnostics).map(|item| {
            Content::Jurisdiction(Arc::new(Jurisdiction {
                id: id.clone(),
                origin: origin.clone(),
                folder: folder.clone(),
                folder_parent: folder_parent.clone(),
                item,
            }))
        }),
        Kind::Plan { jurisdiction } => parse_partial::<PlanFile>(file, source, &mut diagnostics)
            .and_then(|(front, clean)| {
                let targets =
                    yaml::collect_items(front.targets, &origin.key("targets"), &mut diagnostics);
                let tasks =
                    yaml::collect_items(front.tasks, &origin.key("tasks"), &mut diagnostics);
                let body_text = body(file, source, &mut diagnostics);
                clean
                    .then(|| {
                        Some(Content::Plan(Arc::new(Plan {
                            id: id.clone(),
                            origin: origin.clone(),
                            jurisdiction: jurisdiction.clone(),
                            number: front.number,
                            kind: front.kind,
                            title: front.title,
                            program: front.program,
                            issued_by: front.issued_by,
                            issued_on: front.issued_on,
                            source: front.source,
                            targets: shared(located(targets)),
                            tasks: shared(located(tasks)),
                            body: Text::Default(body_text?),
                            body_files: BTreeMap::new(),
                        })))
                    })
                    .flatten()
            }),
        Kind::Update { jurisdiction } => parse_partial::<UpdateFile>(
            file,
            source,
            &mut diagnostics,
        )
        .and_then(|(front, clean)| {
            let measurements = yaml::collect_items(
                front.measurements,
                &origin.key("measurements"),
                &mut diagnostics,
            );
            let summaries =
                yaml::collect_items(front.summaries, &origin.key("summaries"), &mut diagnostics);
            let body_text = body(file, source, &mut diagnostics);
            clean
                .then(|| {
                    Some(Content::Update(Arc::new(Update {
                        id: id.clone(),
                        origin: origin.clone(),
                        jurisdiction: jurisdiction.clone(),
                        date: front.date,
                        title: front.title,
                        sources: front.sources,
                        measurements: shared(located(measurements)),
                        summaries: located(summaries),
                        body: Text::Default(body_text?),
                        body_files: BTreeMap::new(),
                    })))
                })
                .flatten()
        }),
    };
    ParsedItem {
        content,
        diagnostics,
    }
}

fn entry<T>(id: &Id, origin: &Origin, item: T) -> Entry<T> {
    Entry {
        id: id.clone(),
        origin: origin.clone(),
        item,
    }
}

/// A file's value, if it had no error.
fn parse<T: DeserializeOwned>(
    file: FileId,
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    parse_partial(file, source, diagnostics).and_then(|(value, clean)| clean.then_some(value))
}

/// A file's value even when it had errors (then holding stand-ins, and `false`), so that
/// the errors of its lists can still be collected from it.
fn parse_partial<T: DeserializeOwned>(
    file: FileId,
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(T, bool)> {
    let parsed = yaml::parse::<T>(file, source);
    if parsed.unreadable {
        let refused = refused_characters(file, source);
        if !refused.is_empty() {
            diagnostics.extend(refused);
            return None;
        }
    }
    let clean = parsed.errors.is_empty();
    diagnostics.extend(parsed.errors);
    parsed.value.map(|value| (value, clean))
}

/// Each character no text may hold, wherever it is in a file's YAML (a comment too), as
/// an error at that character: for a file the YAML reader refused, which it does for
/// most of them, saying only how many bytes into the text it stopped. (In a file it
/// reads, each text is checked with its own position.)
fn refused_characters(file: FileId, source: &SourceFile) -> Vec<Diagnostic> {
    let text = source.yaml_text();
    text.char_indices()
        .filter(|(_, c)| characters::is_refused(*c))
        .map(|(at, c)| {
            let start = source.yaml.start + at;
            Diagnostic::error(format!(
                "this file holds {}",
                characters::refused_here(text, at)
            ))
            .at(Location::Span {
                file,
                bytes: start..start + c.len_utf8(),
            })
            .help(characters::HELP)
        })
        .collect()
}

/// Whether `15-kh-tu.en.md`, beside the plans or updates of `owner`, can be a translation:
/// the key of the file it translates and its language, or why not.
fn translation_of(
    file: &ContentFile,
    kind: &Kind,
    owner: &Id,
    lang: &str,
    config: Option<&SiteConfig>,
) -> Result<(TranslationKey, Lang), Diagnostic> {
    let display = file.display.display();
    let at = || Location::Path(file.display.clone());
    let name = file.segments.last().map(String::as_str).unwrap_or_default();
    let stem = &name[..name.len() - ".md".len() - lang.len() - 1];
    let lang = Lang::parse(lang).map_err(|message| {
        Diagnostic::error(format!("the name of `{display}` cannot be read: {message}"))
            .at(at())
            .help(format!(
                "a plan or update is `<id>.md`, its translations `<id>.<language>.md` (`{}.en.md`); ids have no dots",
                stem.split('.').next().unwrap_or(stem)
            ))
    })?;
    let id = Id::parse(stem).map_err(|message| {
        Diagnostic::error(format!(
            "the name of `{display}` cannot be used in a web address: {message}"
        ))
        .at(at())
        .help(Id::help_for(stem))
    })?;
    if let Some(config) = config
        && lang == config.default_language
    {
        return Err(Diagnostic::error(format!(
            "`{display}` is in `{lang}`, the site's default language, which `{id}.md` is written in"
        ))
        .at(at())
        .help(format!("keep the text in `{id}.md` and remove this file")));
    }
    Ok(((kind.name(), owner.clone(), id), lang))
}

/// The Markdown below a file's front matter, checked as every text is.
fn body(file: FileId, source: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let after = &source.text[source.yaml.end..];
    let start = after
        .find('\n')
        .map_or(source.text.len(), |i| source.yaml.end + i + 1);
    checked_markdown(file, &source.text, start, diagnostics)
}

/// `text[start..]` under the rules of [`characters`], its invisible characters that mean
/// nothing removed; a character it may not hold is an error at that character.
fn checked_markdown(
    file: FileId,
    text: &str,
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let markdown = &text[start..];
    match characters::refused_at(markdown) {
        Ok(()) => Some(characters::without_removed(markdown).into_owned()),
        Err((at, message)) => {
            let at = start + at;
            let end = at + text[at..].chars().next().map_or(0, char::len_utf8);
            diagnostics.push(
                Diagnostic::error(message)
                    .at(Location::Span {
                        file,
                        bytes: at..end,
                    })
                    .help(characters::HELP),
            );
            None
        }
    }
}

/// The byte range of the YAML between the first two `---` lines.
pub fn front_matter(text: &str) -> Option<std::ops::Range<usize>> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let start = first_line_end + 1;
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(start..offset);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_between_the_first_two_rulers() {
        let text = "---\ndate: 2025-11-28\n---\nBody\n---\n";
        let range = front_matter(text).unwrap();
        assert_eq!(&text[range], "date: 2025-11-28\n");
        assert_eq!(
            front_matter("---\r\na: 1\r\n---\r\n").map(|r| r.len()),
            Some(6)
        );
        assert!(front_matter("no front matter\n").is_none());
        assert!(front_matter("---\nnever closed\n").is_none());
    }

    #[test]
    fn files_are_classified_by_where_they_stand() {
        let segments = |p: &str| p.split('/').map(str::to_owned).collect::<Vec<_>>();
        let folders: BTreeSet<Vec<String>> = [
            segments("provinces/lao-cai"),
            segments("provinces/lao-cai/communes/sa-pa"),
        ]
        .into();
        assert!(matches!(
            classify(&segments("indicators/coverage.yaml"), &folders),
            Some(Kind::Indicator)
        ));
        assert!(matches!(
            classify(&segments("provinces/lao-cai/plans/15-kh-tu.md"), &folders),
            Some(Kind::Plan { .. })
        ));
        let Some(Kind::Jurisdiction { folder_parent, .. }) = classify(
            &segments("provinces/lao-cai/communes/sa-pa/_index.yaml"),
            &folders,
        ) else {
            panic!("a commune's folder is a jurisdiction")
        };
        assert_eq!(folder_parent.unwrap().as_str(), "lao-cai");
        assert!(classify(&segments("provinces/hai-phong/plans/20.md"), &folders).is_none());
        assert!(classify(&segments("notes.txt"), &folders).is_none());
    }
}
