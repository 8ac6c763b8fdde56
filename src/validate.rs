//! Checks what no single file can check alone: references between files, dates that must
//! follow each other, values that must fit their indicator, languages the site declares.
//! Every problem found is reported; nothing stops at the first one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use foldhash::HashMap;
use rayon::prelude::*;

use crate::base::diagnostics::suggest;
use crate::base::diagnostics::{Diagnostic, Location};
use crate::base::source::Origin;
use crate::model::{Figure, Id, Indicator, Lang, Plan, Program, Site, Text, Unit, Update};

pub fn validate(site: &Site) -> Vec<Diagnostic> {
    check(site, None)
}

/// As [`validate`], once more after an edit: a plan or an update that did not change is
/// not checked again when what it is checked against did not change either, and finds
/// what it found before. `serve` keeps the memo from one edit to the next.
pub fn validate_again(site: &Site, memo: &mut Memo) -> Vec<Diagnostic> {
    check(site, Some(memo))
}

/// What checking each plan and update found, by the item, and what it was checked
/// against.
#[derive(Default)]
pub struct Memo {
    against: Option<Against>,
    plans: Kept<Plan>,
    updates: Kept<Update>,
}

/// By the item's address: the item is kept with what it found, so that no other can
/// take its address while it is.
type Kept<T> = HashMap<usize, (Arc<T>, Found)>;

fn address<T>(item: &Arc<T>) -> usize {
    Arc::as_ptr(item) as usize
}

/// What the check of a plan or an update reads besides the item itself: the languages
/// in site.yaml, the indicators and programs it may name, the files that could not be
/// read (whose ids are not reported as unknown).
struct Against {
    config_read: bool,
    languages: Vec<Lang>,
    default_language: Lang,
    indicators: Vec<Arc<Indicator>>,
    programs: Vec<Arc<Program>>,
    unparsed: BTreeSet<(&'static str, Id)>,
}

impl Against {
    fn of(site: &Site) -> Against {
        Against {
            config_read: site.config_origin.is_some(),
            languages: site.config.languages.clone(),
            default_language: site.config.default_language.clone(),
            indicators: site.indicators.values().cloned().collect(),
            programs: site.programs.values().cloned().collect(),
            unparsed: site.unparsed.clone(),
        }
    }

    /// The same files, read once: the same `Arc`s.
    fn is(&self, other: &Against) -> bool {
        fn same<T>(a: &[Arc<T>], b: &[Arc<T>]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| Arc::ptr_eq(a, b))
        }
        self.config_read == other.config_read
            && self.languages == other.languages
            && self.default_language == other.default_language
            && same(&self.indicators, &other.indicators)
            && same(&self.programs, &other.programs)
            && self.unparsed == other.unparsed
    }
}

/// What checking one plan or update found, on its own.
struct Found {
    diagnostics: Vec<Diagnostic>,
    /// Its texts not written in each of the site's languages.
    untranslated: Vec<(Lang, usize)>,
    texts: usize,
    undeclared: Vec<(Lang, (usize, Location))>,
}

fn check(site: &Site, memo: Option<&mut Memo>) -> Vec<Diagnostic> {
    let mut check = Checker::new(site);
    check.config();
    check.indicators();
    check.programs();
    check.jurisdictions();
    match memo {
        None => {
            check.each_in_parallel(&site.plans, Checker::plan);
            check.each_in_parallel(&site.updates, Checker::update);
        }
        Some(memo) => {
            let against = Against::of(site);
            if !memo
                .against
                .as_ref()
                .is_some_and(|before| before.is(&against))
            {
                *memo = Memo {
                    against: Some(against),
                    ..Memo::default()
                };
            }
            check.each_remembered(&site.plans, &mut memo.plans, Checker::plan);
            check.each_remembered(&site.updates, &mut memo.updates, Checker::update);
        }
    }
    // A language left undeclared makes every text look untranslated: the error alone.
    if check.undeclared.is_empty() {
        check.translation_summary();
    }
    check.undeclared_languages();
    check.diagnostics
}

struct Checker<'a> {
    site: &'a Site,
    diagnostics: Vec<Diagnostic>,
    /// Texts not written in each language (pages show the default language instead).
    untranslated: BTreeMap<&'a Lang, usize>,
    texts: usize,
    /// Top folders of `content/` reported for taking a language's address.
    reserved_reported: BTreeSet<Id>,
    /// Languages texts are written in that site.yaml does not declare: how many texts,
    /// and the first.
    undeclared: BTreeMap<Lang, (usize, Location)>,
}

impl<'a> Checker<'a> {
    fn error(&mut self, origin: &Origin, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(message).at_value(origin).help(help));
    }

    /// Whether texts can be checked against the site's languages.
    fn languages_known(&self) -> bool {
        let config = &self.site.config;
        self.site.config_origin.is_some() && config.languages.contains(&config.default_language)
    }

    fn config(&mut self) {
        let config = &self.site.config;
        let Some(origin) = &self.site.config_origin else {
            // site.yaml could not be read: its error is reported already.
            return;
        };
        if config.languages.is_empty() {
            self.error(
                &origin.key("languages"),
                "the site declares no language",
                "list the languages the site is written in, e.g. `languages: [vi, en]`",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, lang) in config.languages.iter().enumerate() {
            if !seen.insert(lang) {
                self.error(
                    &origin.key("languages").index(i),
                    format!("the language `{lang}` is listed twice"),
                    "keep it once",
                );
            }
        }
        if !config.languages.contains(&config.default_language) {
            self.error(
                &origin.key("default_language"),
                format!(
                    "the default language `{}` is not one of the site's languages",
                    config.default_language
                ),
                format!(
                    "add it to `languages`, or choose one of: {}",
                    list(config.languages.iter())
                ),
            );
        }
        self.text(&config.title, &|| origin.key("title"));
        self.optional_text(config.description.as_ref(), &|| origin.key("description"));
        self.optional_text(config.publisher.as_ref(), &|| origin.key("publisher"));
        if let Some(license) = &config.license {
            self.optional_text(license.title.as_ref(), &|| {
                origin.key("license").key("title")
            });
        }
    }

    /// A text must be given in the default language and only in declared ones.
    ///
    /// Here and below, where the value is (`at`) is made only when a problem there is
    /// reported: most values have none, and making it allocates.
    fn text(&mut self, text: &'a Text, origin: &dyn Fn() -> Origin) {
        self.text_read_from(text, origin, &BTreeMap::new());
    }

    /// As [`Self::text`], for a text some languages of which were read from files of
    /// their own (a Markdown body's translations).
    fn text_read_from(
        &mut self,
        text: &'a Text,
        origin: &dyn Fn() -> Origin,
        files: &BTreeMap<Lang, PathBuf>,
    ) {
        if !self.languages_known() {
            // Reported once in site.yaml, not again for every text.
            return;
        }
        self.texts += 1;
        let config = &self.site.config;
        let map = match text {
            Text::Default(_) => {
                for lang in &config.languages {
                    if lang != &config.default_language {
                        *self.untranslated.entry(lang).or_default() += 1;
                    }
                }
                return;
            }
            Text::PerLanguage(map) => map,
        };
        for lang in &config.languages {
            if !map.contains_key(lang) {
                *self.untranslated.entry(lang).or_default() += 1;
            }
        }
        for lang in map.keys() {
            if !config.languages.contains(lang) {
                let first = match files.get(lang) {
                    Some(file) => Location::Path(file.clone()),
                    None => Location::Key(origin(), lang.to_string()),
                };
                let (count, _) = self.undeclared.entry(lang.clone()).or_insert((0, first));
                *count += 1;
            }
        }
        if !map.contains_key(&config.default_language) {
            self.error(
                &origin(),
                format!(
                    "this text has no `{}` version, the site's default language",
                    config.default_language
                ),
                format!(
                    "add a line `{}: ...`: every text needs the default language",
                    config.default_language
                ),
            );
        }
    }

    /// A Markdown body counts among the texts to translate when there is one.
    fn body(&mut self, body: &'a Text, files: &BTreeMap<Lang, PathBuf>, origin: &Origin) {
        let default = &self.site.config.default_language;
        if !body.get(default, default).text.trim().is_empty() {
            self.text_read_from(body, &|| origin.clone(), files);
        }
    }

    fn optional_text(&mut self, text: Option<&'a Text>, origin: &dyn Fn() -> Origin) {
        if let Some(text) = text {
            self.text(text, origin);
        }
    }

    fn texts(&mut self, texts: &'a [Text], origin: &dyn Fn() -> Origin) {
        for (i, text) in texts.iter().enumerate() {
            self.text(text, &|| origin().index(i));
        }
    }

    fn reference<T>(
        &mut self,
        id: &Id,
        known: &BTreeMap<Id, T>,
        kind: &'static str,
        origin: &dyn Fn() -> Origin,
    ) -> bool {
        if known.contains_key(id) {
            return true;
        }
        if self.site.unparsed.contains(&(kind, id.clone())) {
            // Its file has an error of its own, reported already.
            return false;
        }
        let mut ids: Vec<String> = known.keys().map(|k| k.to_string()).collect();
        ids.extend(
            self.site
                .unparsed
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| id.to_string()),
        );
        ids.sort();
        let help = if ids.is_empty() {
            format!("the site has no {kind} yet: add one under content/")
        } else {
            suggest(id.as_str(), &ids, &format!("the known {kind}s are"))
        };
        self.diagnostics.push(
            Diagnostic::error(format!("there is no {kind} with the id `{id}`"))
                .at_value(&origin())
                .label(format!("unknown {kind}"))
                .help(help),
        );
        false
    }

    fn value_fits(&mut self, indicator: &Id, value: Figure, origin: &dyn Fn() -> Origin) {
        let value = value.get();
        let Some(indicator) = self.site.indicators.get(indicator) else {
            return;
        };
        if indicator.unit == Unit::Percent && !(0.0..=100.0).contains(&value) {
            self.diagnostics.push(
                Diagnostic::error(format!("{value} is not a percentage: `{}` is a share from 0 to 100", indicator.id))
                    .at_value(&origin())
                    .label("out of range")
                    .help("write 89.18 for 89.18 %; if the figure is a count, use an indicator whose unit is `number`"),
            );
        }
    }

    fn indicators(&mut self) {
        for indicator in self.site.indicators.values() {
            let origin = &indicator.origin;
            self.text(&indicator.name, &|| origin.key("name"));
            self.optional_text(indicator.unit_label.as_ref(), &|| origin.key("unit_label"));
            self.optional_text(indicator.description.as_ref(), &|| {
                origin.key("description")
            });
        }
    }

    fn programs(&mut self) {
        for program in self.site.programs.values() {
            let origin = &program.origin;
            for key_text in [(&program.title, "title"), (&program.issued_by, "issued_by")] {
                self.text(key_text.0, &|| origin.key(key_text.1));
            }
            self.optional_text(program.kind.as_ref(), &|| origin.key("kind"));
            self.optional_text(program.summary.as_ref(), &|| origin.key("summary"));
            for (i, indicator) in program.indicators.iter().enumerate() {
                self.reference(indicator, &self.site.indicators, "indicator", &|| {
                    origin.key("indicators").index(i)
                });
            }
            for (i, related) in program.related.iter().enumerate() {
                let origin = origin.key("related").index(i);
                self.text(&related.title, &|| origin.key("title"));
                self.optional_text(related.issued_by.as_ref(), &|| origin.key("issued_by"));
            }
        }
    }

    fn jurisdictions(&mut self) {
        let site = self.site;
        for jurisdiction in site.jurisdictions.values() {
            let origin = &jurisdiction.origin;
            self.text(&jurisdiction.name, &|| origin.key("name"));
            self.optional_text(jurisdiction.description.as_ref(), &|| {
                origin.key("description")
            });
            if let Some(parent) = &jurisdiction.item.parent {
                let parent_origin = origin.key("parent");
                if self.reference(parent, &site.jurisdictions, "jurisdiction", &|| {
                    parent_origin.clone()
                }) {
                    if let Some(folder_parent) = &jurisdiction.folder_parent
                        && folder_parent != parent
                    {
                        self.error(
                            &parent_origin,
                            format!("`parent` says `{parent}`, but the folder is inside `{folder_parent}`'s"),
                            "remove `parent` (the folder says it), or move the folder",
                        );
                    }
                    if parent == &jurisdiction.id {
                        self.error(
                            &parent_origin,
                            "a jurisdiction cannot be its own parent",
                            "name another jurisdiction, or remove `parent`",
                        );
                    } else if let Some(above) = site.jurisdictions.get(parent)
                        && above.level >= jurisdiction.level
                    {
                        self.error(
                            &parent_origin,
                            format!(
                                "a {:?} cannot belong to `{parent}`, which is a {:?}",
                                jurisdiction.level, above.level
                            )
                            .to_lowercase(),
                            "a commune belongs to a province, a province to a country",
                        );
                    }
                }
            } else if let Some(folder_parent) = &jurisdiction.folder_parent
                && let Some(above) = site.jurisdictions.get(folder_parent)
                && above.level >= jurisdiction.level
            {
                self.error(
                    &origin.key("level"),
                    format!(
                        "this is a {:?}, but its folder is inside that of `{folder_parent}`, a {:?}",
                        jurisdiction.level, above.level
                    )
                    .to_lowercase(),
                    "a folder inside a jurisdiction's folder belongs to it: move the folder beside it, or correct `level`",
                );
            }
            self.reserved_folder(jurisdiction);
            let mut listed = BTreeSet::new();
            for (i, predecessor) in jurisdiction.predecessors.iter().enumerate() {
                let at = origin.key("predecessors").index(i);
                if !listed.insert(predecessor) {
                    self.error(
                        &at,
                        format!("`{predecessor}` is listed twice"),
                        "keep it once",
                    );
                } else if self.reference(predecessor, &site.jurisdictions, "jurisdiction", &|| {
                    at.clone()
                }) && predecessor == &jurisdiction.id
                {
                    self.error(
                        &at,
                        "a jurisdiction cannot be its own predecessor",
                        "remove this line",
                    );
                } else if let Some(cycle) = self.predecessor_cycle(&jurisdiction.id, predecessor) {
                    self.error(
                        &at,
                        format!(
                            "predecessors go round in a circle: {}",
                            circle(&cycle)
                        ),
                        "a jurisdiction cannot be formed, however indirectly, from one formed from it: remove one of these `predecessors`",
                    );
                }
            }
            if let (Some(start), Some(end)) = (jurisdiction.established_on, jurisdiction.ended_on)
                && end.last_day() < start.first_day()
            {
                self.error(
                    &origin.key("ended_on"),
                    format!("it ended on {end}, before it was established on {start}"),
                    "check both dates",
                );
            }
        }
    }

    /// The way back to `start` through predecessors, starting at `start`'s predecessor
    /// `first`, if there is one. Reported where the circle's smallest id names the next.
    fn predecessor_cycle<'s>(&self, start: &'s Id, first: &'s Id) -> Option<Vec<&'s Id>>
    where
        'a: 's,
    {
        let site = self.site;
        let mut path: Vec<&Id> = vec![start, first];
        let mut seen = BTreeSet::from([start, first]);
        // Depth first over every way back; small, as predecessors are few.
        fn walk<'s>(
            site: &'s Site,
            start: &Id,
            path: &mut Vec<&'s Id>,
            seen: &mut BTreeSet<&'s Id>,
        ) -> bool {
            let Some(here) = path.last().and_then(|id| site.jurisdictions.get(*id)) else {
                return false;
            };
            for next in &here.predecessors {
                if next == start {
                    path.push(next);
                    return true;
                }
                if seen.insert(next) {
                    path.push(next);
                    if walk(site, start, path, seen) {
                        return true;
                    }
                    path.pop();
                }
            }
            false
        }
        if !walk(site, start, &mut path, &mut seen) {
            return None;
        }
        // One report per circle: where its smallest id names its predecessor on it.
        let smallest = path.iter().min()?;
        (*smallest == start).then_some(path)
    }

    /// A jurisdiction's folder at the top of `content/` becomes an address the site's
    /// own pages use: a language's (`en/`), the open data's (`data/`), ...
    fn reserved_folder(&mut self, jurisdiction: &crate::model::Jurisdiction) {
        let Some(top) = jurisdiction.folder.first() else {
            return;
        };
        let is_language = self
            .site
            .config
            .languages
            .iter()
            .any(|l| l.as_str() == top.as_str());
        if is_language && self.reserved_reported.insert(top.clone()) {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "the folder `content/{top}` takes the address `/{top}/`, where the site's pages in `{top}` are"
                ))
                .at(Location::Path(format!("content/{top}").into()))
                .help(format!("move the folders in `content/{top}` into another, such as `content/provinces/`")),
            );
        }
    }

    /// Checks each of `items` with `check`, on all cores, and takes in what each found in
    /// the items' order: the same report as one check after another, in less time on a
    /// whole country's plans and updates.
    fn each_in_parallel<T: Sync>(&mut self, items: &'a [T], check: fn(&mut Checker<'a>, &'a T)) {
        let found: Vec<Checker<'a>> = items
            .par_chunks(64)
            .map(|chunk| {
                let mut part = Checker::new(self.site);
                for item in chunk {
                    check(&mut part, item);
                }
                part
            })
            .collect();
        for part in found {
            self.absorb(part);
        }
    }

    /// As [`Self::each_in_parallel`], each item alone, taking what an item found before
    /// from `kept` where it is there; `kept` is left holding what each of `items` found.
    fn each_remembered<T: Send + Sync>(
        &mut self,
        items: &'a [Arc<T>],
        kept: &mut Kept<T>,
        check: fn(&mut Checker<'a>, &'a Arc<T>),
    ) {
        let site = self.site;
        let check_alone = |item: &'a Arc<T>| {
            let mut alone = Checker::new(site);
            check(&mut alone, item);
            alone.found()
        };
        let known = &*kept;
        let fresh: Vec<Option<Found>> = items
            .par_iter()
            .map(|item| (!known.contains_key(&address(item))).then(|| check_alone(item)))
            .collect();
        let mut before = std::mem::take(kept);
        for (item, fresh) in items.iter().zip(fresh) {
            let found = fresh
                .or_else(|| before.remove(&address(item)).map(|(_, found)| found))
                // The same item twice: taken from `before` the first time.
                .unwrap_or_else(|| check_alone(item));
            self.take_in(&found);
            kept.insert(address(item), (item.clone(), found));
        }
    }

    /// What this checker found, on its own.
    fn found(self) -> Found {
        Found {
            untranslated: (self.untranslated.iter())
                .map(|(lang, count)| ((*lang).clone(), *count))
                .collect(),
            diagnostics: self.diagnostics,
            texts: self.texts,
            undeclared: self.undeclared.into_iter().collect(),
        }
    }

    /// What an item found, after what this checker found before it.
    fn take_in(&mut self, found: &Found) {
        self.diagnostics.extend(found.diagnostics.iter().cloned());
        let languages = &self.site.config.languages;
        for (lang, count) in &found.untranslated {
            // One of the languages it was checked against, which are the site's.
            if let Some(lang) = languages.iter().find(|declared| *declared == lang) {
                *self.untranslated.entry(lang).or_default() += count;
            }
        }
        self.texts += found.texts;
        for (lang, (count, first)) in &found.undeclared {
            let (total, _) = self
                .undeclared
                .entry(lang.clone())
                .or_insert((0, first.clone()));
            *total += count;
        }
    }

    /// A checker of the site that has found nothing yet.
    fn new(site: &'a Site) -> Checker<'a> {
        Checker {
            site,
            diagnostics: Vec::new(),
            untranslated: BTreeMap::new(),
            texts: 0,
            reserved_reported: BTreeSet::new(),
            undeclared: BTreeMap::new(),
        }
    }

    /// What a part found, after what this checker found before it.
    fn absorb(&mut self, part: Checker<'a>) {
        self.diagnostics.extend(part.diagnostics);
        for (lang, count) in part.untranslated {
            *self.untranslated.entry(lang).or_default() += count;
        }
        self.texts += part.texts;
        self.reserved_reported.extend(part.reserved_reported);
        for (lang, (count, first)) in part.undeclared {
            self.undeclared.entry(lang).or_insert((0, first)).0 += count;
        }
    }

    fn plan(&mut self, plan: &'a Arc<Plan>) {
        let site = self.site;
        let origin = &plan.origin;
        self.text(&plan.title, &|| origin.key("title"));
        self.body(&plan.body, &plan.body_files, origin);
        self.text(&plan.issued_by, &|| origin.key("issued_by"));
        self.optional_text(plan.kind.as_ref(), &|| origin.key("kind"));
        self.reference(&plan.program, &site.programs, "program", &|| {
            origin.key("program")
        });
        let issued = plan.issued_on.date();

        let mut target_ids: BTreeMap<&Id, &Origin> = BTreeMap::new();
        for target in &plan.targets {
            let at = &target.origin;
            self.unique(&mut target_ids, &target.id, at, "target");
            if let Some(indicator) = site.indicators.get(&target.indicator)
                && indicator.direction != target.comparator.direction()
            {
                self.diagnostics.push(
                    Diagnostic::warning(format!(
                        "this target asks `{}` to go {}, but for this indicator {} is better",
                        target.indicator,
                        match target.comparator.direction() {
                            crate::model::Direction::Up => "up",
                            crate::model::Direction::Down => "down",
                        },
                        match indicator.direction {
                            crate::model::Direction::Up => "more",
                            crate::model::Direction::Down => "less",
                        },
                    ))
                    .at_value(&at.key("comparator"))
                    .help("check the comparator (above, at_least, below, at_most), or the indicator's `direction`"),
                );
            }
            if self.reference(&target.indicator, &site.indicators, "indicator", &|| {
                at.key("indicator")
            }) {
                self.value_fits(&target.indicator, target.value, &|| at.key("value"));
                if let Some(baseline) = &target.baseline {
                    self.value_fits(&target.indicator, baseline.value, &|| {
                        at.key("baseline").key("value")
                    });
                }
            }
            if target.deadline.last_day() < issued {
                self.deadline_before_plan(
                    &at.key("deadline"),
                    &target.deadline.to_string(),
                    &plan.issued_on.to_string(),
                );
            }
            if let Some(baseline) = &target.baseline
                && baseline.date.first_day() > target.deadline.last_day()
            {
                self.error(
                    &at.key("baseline").key("date"),
                    format!(
                        "the baseline ({}) is after the target's deadline ({})",
                        baseline.date, target.deadline
                    ),
                    "a baseline is where things stood before the target's deadline",
                );
            }
            self.optional_text(target.note.as_ref(), &|| at.key("note"));
        }

        let mut task_ids: BTreeMap<&Id, &Origin> = BTreeMap::new();
        for task in &plan.tasks {
            let at = &task.origin;
            self.unique(&mut task_ids, &task.id, at, "task");
            self.text(&task.what, &|| at.key("what"));
            for (text, key) in [
                (&task.lead, "lead"),
                (&task.deliverable, "deliverable"),
                (&task.approving_authority, "approving_authority"),
                (&task.notes, "notes"),
            ] {
                self.optional_text(text.as_ref(), &|| at.key(key));
            }
            self.texts(&task.coordinating, &|| at.key("coordinating"));
            if let Some(deadline) = task.deadline
                && deadline.last_day() < issued
            {
                self.deadline_before_plan(
                    &at.key("deadline"),
                    &deadline.to_string(),
                    &plan.issued_on.to_string(),
                );
            }
            if task.done_on.is_some() && task.status != Some(crate::model::DeclaredStatus::Done) {
                self.error(
                    &at.key("done_on"),
                    "`done_on` is given, but the task's status is not `done`",
                    "write `status: done`, or remove `done_on`",
                );
            }
        }
    }

    /// A language texts are written in but site.yaml does not declare: one error, at
    /// site.yaml's `languages`, however many texts use it, since the mistake is most
    /// often there (`arr` for `ar`).
    fn undeclared_languages(&mut self) {
        let Some(origin) = &self.site.config_origin else {
            return;
        };
        let config = &self.site.config;
        // A declared language no text is written in, close to one used, is likely the
        // misspelling.
        let unused: Vec<&Lang> = config
            .languages
            .iter()
            .filter(|declared| self.untranslated.get(declared) == Some(&self.texts))
            .collect();
        for (lang, (count, first)) in std::mem::take(&mut self.undeclared) {
            let texts = if count == 1 {
                "a text is".to_owned()
            } else {
                format!("{count} texts are")
            };
            let typo = unused
                .iter()
                .map(|declared| {
                    (
                        strsim::damerau_levenshtein(declared.as_str(), lang.as_str()),
                        declared,
                    )
                })
                .filter(|(distance, _)| *distance <= 2)
                .min();
            let help = match typo.map(|(_, declared)| declared) {
                Some(typo) => format!(
                    "site.yaml declares `{typo}`, which looks like a misspelling of `{lang}`: write `{lang}` in `languages`"
                ),
                None => format!(
                    "add `{lang}` to `languages` in site.yaml (it declares {}), or remove the `{lang}` lines",
                    list(config.languages.iter())
                ),
            };
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "{texts} written in `{lang}`, which is not one of the site's languages"
                ))
                .at_value(&origin.key("languages"))
                .related(first, format!("the first text in `{lang}`"))
                .help(help),
            );
        }
    }

    /// A missing translation is no error (pages show the default language, and say so),
    /// but staff should see how much is left: one line, a count per language.
    fn translation_summary(&mut self) {
        if self.untranslated.is_empty() {
            return;
        }
        let counts: Vec<String> = self
            .untranslated
            .iter()
            .map(|(lang, count)| format!("{lang} {count}"))
            .collect();
        self.diagnostics.push(
            Diagnostic::warning(format!(
                "of {} texts, some are not translated: {}",
                self.texts,
                counts.join(", ")
            ))
            .help("pages show these texts in the default language; add a line per language (`en: ...`) to translate one"),
        );
    }

    fn deadline_before_plan(&mut self, origin: &Origin, deadline: &str, issued: &str) {
        self.diagnostics.push(
            Diagnostic::error(format!(
                "the deadline {deadline} is before the plan was issued ({issued})"
            ))
            .at_value(origin)
            .label("before the plan's `issued_on`")
            .help("check the year: a plan's deadlines come after the day it is issued"),
        );
    }

    fn unique<'b>(
        &mut self,
        seen: &mut BTreeMap<&'b Id, &'b Origin>,
        id: &'b Id,
        origin: &'b Origin,
        kind: &str,
    ) {
        if let Some(first) = seen.get(id) {
            self.diagnostics.push(
                Diagnostic::error(format!("two {kind}s of this plan have the id `{id}`"))
                    .at_value(&origin.key("id"))
                    .related(Location::Value(first.key("id")), "the first one is here")
                    .help(format!(
                        "ids of {kind}s must be unique within a plan: rename one"
                    )),
            );
        } else {
            seen.insert(id, origin);
        }
    }

    fn update(&mut self, update: &'a Arc<Update>) {
        let site = self.site;
        let origin = &update.origin;
        self.text(&update.title, &|| origin.key("title"));
        self.body(&update.body, &update.body_files, origin);
        if update.sources.is_empty() {
            self.error(
                &origin.key("sources"),
                "an update needs at least one source",
                "list where its figures come from: `sources: [https://...]`",
            );
        }
        for (i, source) in update.sources.iter().enumerate() {
            let at = origin.key("sources").index(i);
            self.optional_text(source.title.as_ref(), &|| at.key("title"));
            self.optional_text(source.publisher.as_ref(), &|| at.key("publisher"));
        }
        // One figure per indicator and date in a report: the open data keys them so.
        let mut reported = std::collections::BTreeSet::new();
        for measurement in &update.measurements {
            let at = &measurement.origin;
            let date = measurement.date.unwrap_or(update.date.spec());
            if !reported.insert((&measurement.indicator, date.to_string())) {
                self.error(
                    &at.key("indicator"),
                    format!(
                        "this update already gives `{}` for {date}",
                        measurement.indicator
                    ),
                    "keep one figure per indicator and date; a figure for another day or period needs its own `date`",
                );
            }
            if self.reference(
                &measurement.indicator,
                &site.indicators,
                "indicator",
                &|| at.key("indicator"),
            ) {
                self.value_fits(&measurement.indicator, measurement.value, &|| {
                    at.key("value")
                });
            }
            if let Some(date) = measurement.date
                && date.first_day() > update.date.date()
            {
                self.error(
                    &at.key("date"),
                    format!(
                        "the figure is dated {date}, after the update itself ({})",
                        update.date
                    ),
                    "a report can only give figures from before its own date",
                );
            }
            if let (Some(start), Some(date)) = (
                measurement.period_start,
                measurement.date.or(Some(update.date.spec())),
            ) && start.first_day() > date.last_day()
            {
                self.error(
                    &at.key("period_start"),
                    format!("the period starts ({start}) after it ends ({date})"),
                    "check the two dates",
                );
            }
            self.optional_text(measurement.note.as_ref(), &|| at.key("note"));
        }
        for summary in &update.summaries {
            self.text(&summary.label, &|| summary.origin.key("label"));
            if summary.total == 0 {
                self.error(
                    &summary.origin.key("total"),
                    "a count of none: `total` is 0",
                    "`total` counts all the items (6 in *5 of 6 key tasks done*); remove the summary if there are none",
                );
            } else if summary.done > summary.total {
                self.error(
                    &summary.origin.key("done"),
                    format!(
                        "{} done out of {} is more than all of them",
                        summary.done, summary.total
                    ),
                    "`done` counts the items done; `total` counts all of them",
                );
            }
        }
    }
}

/// "`a` was formed from `b`, which was formed from `a`".
fn circle(ids: &[&Id]) -> String {
    let mut text = String::new();
    for (i, id) in ids.iter().enumerate() {
        match i {
            0 => text.push_str(&format!("`{id}`")),
            1 => text.push_str(&format!(" was formed from `{id}`")),
            _ => text.push_str(&format!(", which was formed from `{id}`")),
        }
    }
    text
}

fn list<'a>(items: impl Iterator<Item = &'a Lang>) -> String {
    items
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
