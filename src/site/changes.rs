//! Which outputs an edit touches: the items a load found edited, turned into the keys of
//! the plan they change. An update changes its own page, the series of the indicators it
//! measures (before the edit and after), what every jurisdiction above it sums up, and
//! every list of updates; `serve` renders again only the outputs with such a key.

use std::collections::BTreeSet;

// Every output of the plan asks whether an edit touched its inputs: a fast hash for ids
// the content chose, as the writers use.
use foldhash::{HashMap, HashSet, HashSetExt};
use std::path::{Path, PathBuf};

use super::outputs::{Items, Key, Page};
use crate::derive::Report;
use crate::load::Item;
use crate::model::{Id, Site};

/// The most items an edit may change for their pages to be rendered before the rest:
/// beyond a few, no one page is the one being looked at (a branch checked out, a folder
/// copied in).
const EDITED_ITEMS_AT_MOST: usize = 8;

/// The keys an edit changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Everything may have changed: `site.yaml`, the theme, the as-of date.
    everything: bool,
    indicators: HashSet<Id>,
    programs: HashSet<Id>,
    jurisdictions: HashSet<Id>,
    /// By jurisdiction.
    plans: HashMap<Id, HashSet<Id>>,
    updates: HashMap<Id, HashSet<Id>>,
    /// Indicators by jurisdiction.
    series: HashMap<Id, HashSet<Id>>,
    within: HashSet<Id>,
    all: BTreeSet<Items>,
    /// An update appeared, went or changed its date.
    update_order: bool,
    static_files: HashSet<PathBuf>,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            everything: true,
            ..Changes::default()
        }
    }

    pub fn is_everything(&self) -> bool {
        self.everything
    }

    pub fn is_empty(&self) -> bool {
        !self.everything && self.all.is_empty() && self.static_files.is_empty()
    }

    /// What edited items change, read in the site before the edit and the site after:
    /// a plan that moved, or an update that stopped measuring an indicator, touches
    /// what it was part of as well as what it is part of now.
    pub fn of<'i>(
        items: impl IntoIterator<Item = &'i Item>,
        before: &Site,
        after: &Site,
    ) -> Changes {
        let mut changes = Changes::default();
        for item in items {
            changes.add(item, before, after);
        }
        changes
    }

    fn add<'s>(&mut self, item: &Item, before: &'s Site, after: &'s Site) {
        match item {
            Item::Indicator(id) => {
                self.indicators.insert(id.clone());
                self.all.insert(Items::Indicators);
            }
            Item::Program(id) => {
                self.programs.insert(id.clone());
                self.all.insert(Items::Programs);
            }
            Item::Jurisdiction(id) => {
                self.jurisdictions.insert(id.clone());
                self.all.insert(Items::Jurisdictions);
                self.within_and_above(id, before, after);
            }
            Item::Plan(jurisdiction, id) => {
                pair(&mut self.plans, jurisdiction, id);
                self.all.insert(Items::Plans);
                self.within_and_above(jurisdiction, before, after);
            }
            Item::Update(jurisdiction, id) => {
                pair(&mut self.updates, jurisdiction, id);
                self.all.insert(Items::Updates);
                self.within_and_above(jurisdiction, before, after);
                let find = |site: &'s Site| {
                    site.updates
                        .iter()
                        .find(|u| &u.jurisdiction == jurisdiction && &u.id == id)
                };
                let (was, is) = (find(before), find(after));
                for update in was.iter().chain(&is) {
                    for measurement in &update.measurements {
                        pair(&mut self.series, jurisdiction, &measurement.indicator);
                    }
                }
                self.update_order |= match (was, is) {
                    (Some(was), Some(is)) => was.date != is.date,
                    _ => true,
                };
            }
        }
    }

    /// A file of the theme or of `static/`, copied as it is, by its path as the plan
    /// knows it.
    pub fn static_file(&mut self, path: &Path) {
        self.static_files.insert(path.to_path_buf());
    }

    /// What a jurisdiction holds is summed up by every jurisdiction above it.
    fn within_and_above(&mut self, jurisdiction: &Id, before: &Site, after: &Site) {
        for site in [before, after] {
            let mut next = Some(jurisdiction);
            // A parent chain that loops is an error validation reports; stop at it here.
            let mut seen = HashSet::new();
            while let Some(id) = next.filter(|id| seen.insert(*id)) {
                self.within.insert(id.clone());
                next = site.jurisdictions.get(id).and_then(|j| j.parent());
            }
        }
    }

    /// The changes of two edits in a row, as one.
    pub fn merge(&mut self, other: Changes) {
        self.everything |= other.everything;
        self.indicators.extend(other.indicators);
        self.programs.extend(other.programs);
        self.jurisdictions.extend(other.jurisdictions);
        for (mine, theirs) in [
            (&mut self.plans, other.plans),
            (&mut self.updates, other.updates),
            (&mut self.series, other.series),
        ] {
            for (jurisdiction, ids) in theirs {
                mine.entry(jurisdiction).or_default().extend(ids);
            }
        }
        self.within.extend(other.within);
        self.all.extend(other.all);
        self.update_order |= other.update_order;
        self.static_files.extend(other.static_files);
    }

    /// The pages of the items edited themselves, in the report made after the edit: the
    /// pages the person editing is most likely looking at, which `serve` renders before
    /// it plans the whole site again. None when everything changed, or many items did.
    pub fn edited_pages<'r>(&self, report: &'r Report) -> Vec<Page<'r>> {
        let in_jurisdictions =
            |map: &HashMap<Id, HashSet<Id>>| -> usize { map.values().map(HashSet::len).sum() };
        let count = self.programs.len()
            + self.jurisdictions.len()
            + in_jurisdictions(&self.plans)
            + in_jurisdictions(&self.updates);
        if self.everything || count > EDITED_ITEMS_AT_MOST {
            return Vec::new();
        }
        let site = &report.site;
        let mut pages: Vec<Page> = Vec::with_capacity(count);
        pages.extend(
            self.programs
                .iter()
                .filter_map(|id| site.programs.get(id))
                .map(|program| Page::Program(program)),
        );
        pages.extend(
            self.jurisdictions
                .iter()
                .filter_map(|id| site.jurisdictions.get(id))
                .map(|jurisdiction| Page::Jurisdiction(jurisdiction)),
        );
        for (jurisdiction, ids) in &self.plans {
            pages.extend(
                report
                    .plans_of(jurisdiction)
                    .filter(|plan| ids.contains(&plan.plan.id))
                    .map(Page::Plan),
            );
        }
        for (jurisdiction, ids) in &self.updates {
            pages.extend(
                report
                    .updates_of(jurisdiction)
                    .filter(|update| ids.contains(&update.update.id))
                    .map(Page::Update),
            );
        }
        pages
    }

    /// Whether an output with this key may have changed.
    pub fn touches(&self, key: &Key) -> bool {
        let has = |map: &HashMap<Id, HashSet<Id>>, a: &Id, b: &Id| {
            map.get(a).is_some_and(|ids| ids.contains(b))
        };
        self.everything
            || match *key {
                Key::Config | Key::Theme => false,
                Key::Indicator(id) => self.indicators.contains(id),
                Key::Program(id) => self.programs.contains(id),
                Key::Jurisdiction(id) => self.jurisdictions.contains(id),
                Key::Plan(j, id) => has(&self.plans, j, id),
                Key::Update(j, id) => has(&self.updates, j, id),
                Key::Series(j, indicator) => has(&self.series, j, indicator),
                Key::Within(id) => self.within.contains(id),
                Key::All(items) => self.all.contains(&items),
                Key::UpdateOrder => self.update_order,
                Key::Static(path) => self.static_files.contains(path),
            }
    }
}

fn pair(map: &mut HashMap<Id, HashSet<Id>>, a: &Id, b: &Id) {
    map.entry(a.clone()).or_default().insert(b.clone());
}
