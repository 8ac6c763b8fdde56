//! The site's search: a record of each item in each language, in the words its page
//! shows, given to Pagefind's index in memory, and the index written as Pagefind's
//! standard bundle at the site's root (`pagefind/`), so that its own JS API and UI work.
//!
//! A record is made from the same report and words as the item's page, not read back
//! from the rendered HTML: Pagefind's parser takes about a millisecond for one of these
//! pages, a minute for a whole country's, where the record takes a tenth of that.
//!
//! What a first search loads grows with the number of records of its language (Pagefind
//! lists them all in one file), so a language holds [`RECORDS_PER_LANGUAGE`] at most:
//! every jurisdiction, plan, indicator and program, then the targets, updates and tasks
//! of each level in turn from the top, as long as a level's whole kind fits. What does
//! not fit is still found through its jurisdiction's and plan's records.

#[cfg(feature = "search")]
pub mod bundle;

use std::collections::{BTreeMap, BTreeSet};

use crate::derive::queries::{OpenDeadline, open_deadline};
use crate::derive::{PlanReport, Report, TargetReport, TaskReport, UpdateReport};
use crate::locale::words::{Words, verdict_key};
use crate::model::{Indicator, Jurisdiction, Level, Program};
use crate::site::routes;

/// The most records one language's index holds: with them all, a first search on a
/// phone loads under 300 KB (Pagefind's script and WebAssembly, the list of records,
/// the part of the index the words are in, and the first results).
pub const RECORDS_PER_LANGUAGE: usize = 10_000;

/// What a record is of, in the order the search page offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Jurisdiction,
    Plan,
    Target,
    Task,
    Update,
    Indicator,
    Program,
}

impl ItemKind {
    pub const ALL: [ItemKind; 7] = [
        ItemKind::Jurisdiction,
        ItemKind::Plan,
        ItemKind::Target,
        ItemKind::Task,
        ItemKind::Update,
        ItemKind::Indicator,
        ItemKind::Program,
    ];

    /// The UI string that names one such item.
    pub fn ui_key(self) -> &'static str {
        match self {
            ItemKind::Jurisdiction => "kind_jurisdiction",
            ItemKind::Plan => "kind_plan",
            ItemKind::Target => "kind_target",
            ItemKind::Task => "kind_task",
            ItemKind::Update => "kind_update",
            ItemKind::Indicator => "kind_indicator",
            ItemKind::Program => "kind_program",
        }
    }

    /// The kinds the index holds only level by level, as they fit.
    const BY_LEVEL: [ItemKind; 3] = [ItemKind::Target, ItemKind::Update, ItemKind::Task];
}

/// One item as the search knows it, in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its page, from the site's root: `/en/provinces/lao-cai/`.
    pub url: String,
    pub title: String,
    /// What is searched in, and what excerpts are cut from.
    pub content: String,
    pub kind: ItemKind,
    /// The kind, in the record's language.
    pub kind_label: String,
    /// Where it belongs, shown under its title: its jurisdiction, and its plan.
    pub place: Option<String>,
    /// Where it stands, as the status filter offers it.
    pub statuses: Vec<String>,
    /// The jurisdictions of the site-wide lists it is in or within, as the
    /// jurisdiction filter offers them.
    pub jurisdictions: Vec<String>,
}

/// Which targets, updates and tasks the index holds: those of the levels that fit, for
/// each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    held: BTreeSet<(Level, ItemKind)>,
    /// Those left out, with how many of them there are, from the top.
    pub left_out: Vec<(Level, ItemKind, usize)>,
}

impl Scope {
    pub fn of(report: &Report) -> Scope {
        let site = &report.site;
        let mut counts: BTreeMap<(Level, ItemKind), usize> = BTreeMap::new();
        for plan in &report.plans {
            let level = plan.jurisdiction.level;
            *counts.entry((level, ItemKind::Target)).or_default() += plan.targets.len();
            *counts.entry((level, ItemKind::Task)).or_default() += plan.tasks.len();
        }
        for update in &report.updates {
            *counts
                .entry((update.jurisdiction.level, ItemKind::Update))
                .or_default() += 1;
        }
        let always = site.jurisdictions.len()
            + report.plans.len()
            + site.indicators.len()
            + site.programs.len();
        Scope::fitting(always, &counts, RECORDS_PER_LANGUAGE)
    }

    /// The whole kinds of each level that fit in `limit` records beside the `always`
    /// held, from the top, given how many records each would take.
    fn fitting(always: usize, counts: &BTreeMap<(Level, ItemKind), usize>, limit: usize) -> Scope {
        let mut room = limit.saturating_sub(always);
        let mut scope = Scope::default();
        let mut full = false;
        for level in [Level::Country, Level::Province, Level::Commune] {
            for kind in ItemKind::BY_LEVEL {
                let count = counts.get(&(level, kind)).copied().unwrap_or(0);
                if count == 0 {
                    continue;
                }
                // Whole kinds of a level, from the top: which items are found is then
                // said in one line, and does not depend on the order of the files.
                if !full && count <= room {
                    room -= count;
                    scope.held.insert((level, kind));
                } else {
                    full = true;
                    scope.left_out.push((level, kind, count));
                }
            }
        }
        scope
    }

    /// What the person building should know of the items left out, if any were: the
    /// search finds less than they may think.
    pub fn note(&self) -> Option<String> {
        if self.left_out.is_empty() {
            return None;
        }
        let total: usize = self.left_out.iter().map(|(_, _, n)| n).sum();
        let each: Vec<String> = self
            .left_out
            .iter()
            .map(|(level, kind, n)| {
                let level = match level {
                    Level::Country => "the country's",
                    Level::Province => "provinces'",
                    Level::Commune => "communes'",
                };
                let kind = match kind {
                    ItemKind::Target => "targets",
                    ItemKind::Update => "updates",
                    _ => "tasks",
                };
                format!("{level} {kind} ({n})")
            })
            .collect();
        Some(format!(
            "the search leaves out {total} items in each language, found through their jurisdiction's \
             and plan's pages instead: {}. A language's index holds {RECORDS_PER_LANGUAGE} items at most, \
             to keep a first search light on a phone",
            each.join(", ")
        ))
    }

    fn holds(&self, level: Level, kind: ItemKind) -> bool {
        self.held.contains(&(level, kind))
    }
}

/// Every record of one language, in the site's order: `prefix` is the language's
/// folder (`en/`, or nothing for the default language).
pub fn records(report: &Report, words: &Words, prefix: &str, scope: &Scope) -> Vec<Record> {
    let records = Records {
        report,
        words,
        prefix,
    };
    let site = &report.site;
    let mut list = Vec::new();
    list.extend(site.jurisdictions.values().map(|j| records.jurisdiction(j)));
    for plan in &report.plans {
        list.push(records.plan(plan));
        let level = plan.jurisdiction.level;
        if scope.holds(level, ItemKind::Target) {
            list.extend(plan.targets.iter().map(|t| records.target(plan, t)));
        }
        if scope.holds(level, ItemKind::Task) {
            list.extend(plan.tasks.iter().map(|t| records.task(plan, t)));
        }
    }
    list.extend(
        report
            .updates
            .iter()
            .filter(|u| scope.holds(u.jurisdiction.level, ItemKind::Update))
            .map(|u| records.update(u)),
    );
    list.extend(site.indicators.values().map(|i| records.indicator(i)));
    list.extend(site.programs.values().map(|p| records.program(p)));
    list
}

/// The statuses in the order the status filter offers them: the tasks' (late first,
/// what a citizen looks for most), then the targets' verdicts, best first.
const STATUS_ORDER: [&str; 15] = [
    "overdue_tasks",
    "status_not_started",
    "status_in_progress",
    "status_blocked",
    "status_done",
    "status_cancelled",
    "status_not_reported",
    "verdict_on_track",
    "verdict_achieved",
    "verdict_acceleration_needed",
    "verdict_limited_progress",
    "verdict_deterioration",
    "verdict_not_achieved",
    "verdict_needs_more_data",
    "verdict_no_data",
];

/// What the search page's filters offer, in one language: the values the records hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterValues {
    pub kinds: Vec<String>,
    /// The tasks' statuses, then the targets' verdicts.
    pub statuses: Vec<String>,
    pub jurisdictions: Vec<String>,
}

impl FilterValues {
    pub fn of(records: &[Record], words: &Words) -> FilterValues {
        let present: BTreeSet<ItemKind> = records.iter().map(|r| r.kind).collect();
        let kinds = present
            .iter()
            .map(|kind| words.ui.text(kind.ui_key()).to_owned())
            .collect();
        let held: BTreeSet<&str> = records
            .iter()
            .flat_map(|r| &r.statuses)
            .map(String::as_str)
            .collect();
        let statuses = STATUS_ORDER
            .iter()
            .map(|key| words.ui.text(key))
            .filter(|label| held.contains(label))
            .map(str::to_owned)
            .collect();
        let mut jurisdictions = Vec::new();
        let mut seen = BTreeSet::new();
        for jurisdiction in words.overview() {
            let name = words.plain(&jurisdiction.name);
            if seen.insert(name.clone()) {
                jurisdictions.push(name);
            }
        }
        FilterValues {
            kinds,
            statuses,
            jurisdictions,
        }
    }
}

struct Records<'a> {
    report: &'a Report,
    words: &'a Words<'a>,
    prefix: &'a str,
}

impl Records<'_> {
    /// A page's address from the site's root, as Pagefind gives it back.
    fn url(&self, page: &str) -> String {
        format!("/{}{}", self.prefix, routes::folder_of(page))
    }

    fn ui<'k>(&'k self, key: &'k str) -> &'k str {
        self.words.ui.text(key)
    }

    fn kind_label(&self, kind: ItemKind) -> String {
        self.ui(kind.ui_key()).to_owned()
    }

    /// The jurisdictions of the site-wide lists that `jurisdiction` is or is within,
    /// from the top: a province's filter finds its communes' items too.
    fn jurisdictions(&self, jurisdiction: &Jurisdiction) -> Vec<String> {
        let mut found = Vec::new();
        let mut at = Some(jurisdiction);
        let mut steps = 0;
        while let Some(j) = at {
            if self.report.overview.contains_key(&j.id) {
                found.push(self.words.plain(&j.name));
            }
            at = self.report.parent_of(&j.id);
            // A circle of parents is refused by validation; this only bounds the walk.
            steps += 1;
            if steps > 64 {
                break;
            }
        }
        found.reverse();
        found
    }

    fn jurisdiction(&self, jurisdiction: &Jurisdiction) -> Record {
        let name = self.words.plain(&jurisdiction.name);
        let mut content = sentences([
            Some(name.clone()),
            Some(self.words.level(jurisdiction.level)),
            self.report
                .parent_of(&jurisdiction.id)
                .map(|p| self.words.plain(&p.name)),
        ]);
        if let Some(description) = &jurisdiction.description {
            append(&mut content, &self.words.plain(description));
        }
        Record {
            url: self.url(&routes::jurisdiction(jurisdiction)),
            title: name,
            content,
            kind: ItemKind::Jurisdiction,
            kind_label: self.kind_label(ItemKind::Jurisdiction),
            place: self
                .report
                .parent_of(&jurisdiction.id)
                .map(|p| self.words.plain(&p.name)),
            statuses: Vec::new(),
            jurisdictions: self.jurisdictions(jurisdiction),
        }
    }

    fn plan(&self, report: &PlanReport) -> Record {
        let plan = &report.plan;
        let jurisdiction = self.words.plain(&report.jurisdiction.name);
        let name = self.words.plan_name_plain(plan);
        let title = self.words.plain(&plan.title);
        Record {
            url: self.url(&routes::plan(&report.jurisdiction, &plan.id)),
            content: sentences([
                Some(title.clone()),
                Some(name.clone()),
                Some(self.words.plain(&plan.issued_by)),
                Some(jurisdiction.clone()),
            ]),
            title,
            kind: ItemKind::Plan,
            kind_label: self.kind_label(ItemKind::Plan),
            place: Some(format!("{jurisdiction} · {name}")),
            statuses: Vec::new(),
            jurisdictions: self.jurisdictions(&report.jurisdiction),
        }
    }

    fn place(&self, report: &PlanReport) -> String {
        format!(
            "{} · {}",
            self.words.plain(&report.jurisdiction.name),
            self.words.plan_name_plain(&report.plan)
        )
    }

    fn target(&self, plan: &PlanReport, report: &TargetReport) -> Record {
        let target = &report.target;
        let sentence = self
            .words
            .target_sentence(target, &report.indicator)
            .plain();
        let verdict = self.ui(verdict_key(report.pace.verdict)).to_owned();
        Record {
            url: self.url(&routes::target(
                &plan.jurisdiction,
                &plan.plan.id,
                &target.id,
            )),
            content: sentences([
                Some(sentence.clone()),
                Some(verdict.clone()),
                Some(self.words.plain(&plan.jurisdiction.name)),
                Some(self.words.plain(&plan.plan.title)),
            ]),
            title: sentence,
            kind: ItemKind::Target,
            kind_label: self.kind_label(ItemKind::Target),
            place: Some(self.place(plan)),
            statuses: vec![verdict],
            jurisdictions: self.jurisdictions(&plan.jurisdiction),
        }
    }

    fn task(&self, plan: &PlanReport, report: &TaskReport) -> Record {
        let task = &report.task;
        let words = self.words;
        let what = words.plain(&task.what);
        let mut parts = vec![Some(what.clone())];
        parts.push(task.lead.as_ref().map(|t| words.plain(t)));
        parts.extend(task.coordinating.iter().map(|t| Some(words.plain(t))));
        parts.push(task.deliverable.as_ref().map(|t| words.plain(t)));
        parts.push(task.approving_authority.as_ref().map(|t| words.plain(t)));
        parts.push(task.notes.as_ref().map(|t| words.plain(t)));
        let mut statuses = Vec::new();
        if let Some(OpenDeadline::Late) = open_deadline(report.timing) {
            statuses.push(self.ui("overdue_tasks").to_owned());
        }
        statuses.push(words.status_name(report.declared).to_owned());
        Record {
            url: self.url(&routes::task(&plan.jurisdiction, &plan.plan.id, &task.id)),
            title: what,
            content: sentences(parts),
            kind: ItemKind::Task,
            kind_label: self.kind_label(ItemKind::Task),
            place: Some(self.place(plan)),
            statuses,
            jurisdictions: self.jurisdictions(&plan.jurisdiction),
        }
    }

    fn update(&self, report: &UpdateReport) -> Record {
        let update = &report.update;
        let title = self.words.plain(&update.title);
        let jurisdiction = self.words.plain(&report.jurisdiction.name);
        let mut parts = vec![Some(title.clone()), Some(jurisdiction.clone())];
        parts.extend(
            report
                .measurements
                .iter()
                .map(|m| Some(self.words.plain(&m.indicator.name))),
        );
        Record {
            url: self.url(&routes::update(&report.jurisdiction, &update.id)),
            title,
            content: sentences(parts),
            kind: ItemKind::Update,
            kind_label: self.kind_label(ItemKind::Update),
            place: Some(format!(
                "{jurisdiction} · {}",
                self.words.format.day(update.date.date())
            )),
            statuses: Vec::new(),
            jurisdictions: self.jurisdictions(&report.jurisdiction),
        }
    }

    fn indicator(&self, indicator: &Indicator) -> Record {
        let name = self.words.plain(&indicator.name);
        Record {
            url: self.url(&routes::indicator(&indicator.id)),
            content: sentences([
                Some(name.clone()),
                indicator.description.as_ref().map(|d| self.words.plain(d)),
            ]),
            title: name,
            kind: ItemKind::Indicator,
            kind_label: self.kind_label(ItemKind::Indicator),
            place: None,
            statuses: Vec::new(),
            jurisdictions: Vec::new(),
        }
    }

    fn program(&self, program: &Program) -> Record {
        let title = self.words.plain(&program.title);
        Record {
            url: self.url(&routes::program(program)),
            content: sentences([
                Some(title.clone()),
                Some(program.number.clone()),
                Some(self.words.plain(&program.issued_by)),
            ]),
            title,
            kind: ItemKind::Program,
            kind_label: self.kind_label(ItemKind::Program),
            place: Some(program.number.clone()),
            statuses: Vec::new(),
            jurisdictions: Vec::new(),
        }
    }
}

/// Texts as sentences, each ended with a full stop unless it has one: excerpts then
/// read as text, and words of two texts are not one phrase.
fn sentences(parts: impl IntoIterator<Item = Option<String>>) -> String {
    let mut text = String::new();
    for part in parts.into_iter().flatten() {
        append(&mut text, &part);
    }
    text
}

fn append(text: &mut String, part: &str) {
    let part = part.trim();
    if part.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(part);
    if !part.ends_with(['.', '!', '?', '…', '。', '؟']) {
        text.push('.');
    }
}

/// The words of `text` with đ or Đ, as they are typed without diacritics (`Đảng` as
/// `dang`), once each: Pagefind finds `Lào` from `lao` by taking the marks off, but đ is
/// a letter of its own, not d with a mark, so `dang` would not find `Đảng` without them.
pub fn folded_words(text: &str) -> String {
    let mut folded = BTreeSet::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.contains(['đ', 'Đ']) {
            folded.insert(deunicode::deunicode(word).to_lowercase());
        }
    }
    folded.into_iter().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_with_stroke_is_typed_as_d() {
        assert_eq!(
            folded_words("Đảng ủy xã Đồng Văn, đường"),
            "dang dong duong"
        );
        assert_eq!(folded_words("Lào Cai"), "");
    }

    #[test]
    fn a_level_s_kind_is_held_whole_from_the_top_while_it_fits() {
        let counts = BTreeMap::from([
            ((Level::Country, ItemKind::Task), 15),
            ((Level::Province, ItemKind::Target), 70),
            ((Level::Province, ItemKind::Task), 500),
            ((Level::Commune, ItemKind::Target), 300),
            ((Level::Commune, ItemKind::Update), 10),
        ]);
        let scope = Scope::fitting(100, &counts, 1000);
        assert!(scope.holds(Level::Country, ItemKind::Task));
        assert!(scope.holds(Level::Province, ItemKind::Task));
        assert!(scope.holds(Level::Commune, ItemKind::Target));
        // It would fit, but everything after the first kind left out is left out too:
        // which items are found does not depend on how small the next kind is.
        let scope = Scope::fitting(100, &counts, 800);
        assert!(scope.holds(Level::Province, ItemKind::Task));
        assert!(!scope.holds(Level::Commune, ItemKind::Target));
        assert!(!scope.holds(Level::Commune, ItemKind::Update));
        assert_eq!(
            scope.left_out,
            [
                (Level::Commune, ItemKind::Target, 300),
                (Level::Commune, ItemKind::Update, 10)
            ]
        );
        assert_eq!(
            scope.note().unwrap(),
            "the search leaves out 310 items in each language, found through their jurisdiction's \
             and plan's pages instead: communes' targets (300), communes' updates (10). A language's \
             index holds 10000 items at most, to keep a first search light on a phone"
        );
        let everything = Scope::fitting(0, &counts, usize::MAX);
        assert!(everything.left_out.is_empty());
        assert_eq!(everything.note(), None);
    }

    #[test]
    fn texts_become_sentences() {
        assert_eq!(
            sentences([Some("Lào Cai".into()), None, Some("Tỉnh.".into())]),
            "Lào Cai. Tỉnh."
        );
    }
}
