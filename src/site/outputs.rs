//! The plan of a build: every file it writes, each with its path, its kind and the
//! content it is made from, computed once from the derived report. Writers turn one
//! planned output into bytes; only the plan chooses paths, so it alone can see that two
//! outputs claim one path, and say which outputs an edited file touches.

use rayon::prelude::*;
use std::fmt;
use std::path::Path;

use super::routes;
use crate::base::diagnostics::{Diagnostic, Location};
use crate::base::site_path::SitePath;
use crate::base::source::Origin;
use crate::derive::{PlanReport, Report, TargetReport, TaskReport, UpdateReport};
use crate::model::{Id, Indicator, Jurisdiction, Lang, Program, Site};
use crate::output::{RESERVED_PREFIX, Stats};

/// How many updates a page of the site's updates lists.
pub const UPDATES_PER_PAGE: usize = 50;

/// How many jurisdictions further down (communes) each further page of an indicator
/// lists; its first page lists those the site-wide pages list.
pub const INDICATOR_ROWS_PER_PAGE: usize = 200;

/// Whether this tiendo makes the site's search (its `search` feature): without it, the
/// site has neither the search page nor its index.
pub const HAS_SEARCH: bool = cfg!(feature = "search");

/// The most addresses one sitemap may hold (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// Every file a build writes: each page in each language with the files beside it, then
/// the files the site has once (the writers run them in parallel, the tables last).
pub struct Outputs<'r> {
    pub list: Vec<Output<'r>>,
}

/// One file of the site.
pub struct Output<'r> {
    pub path: SitePath,
    /// The language it is written in; absent for the files the site has once.
    pub lang: Option<&'r Lang>,
    pub kind: Kind<'r>,
}

/// A page: an HTML file through the theme's templates, or one of the text files the
/// templates also make (the sitemap, robots.txt).
#[derive(Clone, Copy)]
pub enum Page<'r> {
    Home,
    Program(&'r Program),
    Jurisdiction(&'r Jurisdiction),
    Plan(&'r PlanReport),
    /// A target's own page, in its plan's folder.
    Target {
        plan: &'r PlanReport,
        target: &'r TargetReport,
    },
    /// A task's own page, in its plan's folder.
    Task {
        plan: &'r PlanReport,
        task: &'r TaskReport,
    },
    /// An indicator's page: its definition and every jurisdiction's latest figure, the
    /// jurisdictions further down on its further pages, numbered from 1.
    Indicator {
        indicator: &'r Indicator,
        number: usize,
        pages: usize,
    },
    Update(&'r UpdateReport),
    Deadlines,
    /// One page of the site's updates, newest first, numbered from 1, with the updates
    /// it lists.
    Updates {
        number: usize,
        listed: &'r [UpdateReport],
    },
    /// The open data: every table and file to download.
    OpenData,
    /// The search, with its filters.
    Search,
    NotFound,
    /// A sitemap: the addresses it lists, a range of [`Outputs::sitemap_urls`] (a site
    /// with more than [`SITEMAP_LIMIT`] has several).
    Sitemap {
        start: usize,
        end: usize,
    },
    Robots,
}

pub enum Kind<'r> {
    Page(Page<'r>),
    /// A page's data, as JSON beside it.
    PageData(Page<'r>),
    /// A page's feed of updates, beside it.
    Feed(Page<'r>),
    /// A target's embeddable card, in its plan's folder.
    Card {
        plan: &'r PlanReport,
        target: &'r TargetReport,
    },
    /// The calendar of deadlines of the site, or of one jurisdiction.
    Calendar(Option<&'r Jurisdiction>),
    /// A bulk table of the open data.
    Table(&'static str),
    /// A table's rows of one jurisdiction.
    JurisdictionTable {
        jurisdiction: &'r Jurisdiction,
        table: &'static str,
    },
    /// The data package that describes the tables.
    DataPackage,
    /// The JSON Schema of the pages' data.
    Schema,
    /// The index of a large site's sitemaps.
    SitemapIndex(usize),
    /// The search's index of every language, as Pagefind's bundle: its entry file, and
    /// the files it names beside it.
    SearchIndex,
    /// A file of the theme, or of the site's `static/` folder, copied as it is.
    Static {
        /// Where it comes from, as the user knows it.
        source: &'r Path,
    },
}

impl Kind<'_> {
    /// Whether it is written from the open data's tables.
    pub fn needs_tables(&self) -> bool {
        matches!(
            self,
            Kind::Table(_) | Kind::JurisdictionTable { .. } | Kind::DataPackage
        )
    }
}

/// What an output is made from: when one of these changes, the output may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key<'r> {
    /// `site.yaml`.
    Config,
    /// The theme's templates and UI strings, and the site's own templates.
    Theme,
    Indicator(&'r Id),
    Program(&'r Id),
    /// A jurisdiction's own file.
    Jurisdiction(&'r Id),
    /// A jurisdiction's plan.
    Plan(&'r Id, &'r Id),
    /// A jurisdiction's update.
    Update(&'r Id, &'r Id),
    /// A jurisdiction's measurements of an indicator, from all its updates.
    Series(&'r Id, &'r Id),
    /// A jurisdiction's plans and updates and those of every jurisdiction within it,
    /// which its page sums up.
    Within(&'r Id),
    /// Every item of a kind: for what lists or counts them all.
    All(Items),
    /// Which updates there are and their order, newest first: where each page of the
    /// site's updates starts, and how many pages there are.
    UpdateOrder,
    /// A file copied as it is.
    Static(&'r Path),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Items {
    Indicators,
    Programs,
    Jurisdictions,
    Plans,
    Updates,
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Config => write!(f, "site"),
            Key::Theme => write!(f, "theme"),
            Key::Indicator(id) => write!(f, "indicator:{id}"),
            Key::Program(id) => write!(f, "program:{id}"),
            Key::Jurisdiction(id) => write!(f, "jurisdiction:{id}"),
            Key::Plan(j, id) => write!(f, "plan:{j}/{id}"),
            Key::Update(j, id) => write!(f, "update:{j}/{id}"),
            Key::Series(j, i) => write!(f, "series:{j}/{i}"),
            Key::Within(j) => write!(f, "within:{j}"),
            Key::All(items) => write!(f, "all:{}", items.name()),
            Key::UpdateOrder => write!(f, "order:updates"),
            Key::Static(path) => write!(f, "file:{}", path.display()),
        }
    }
}

impl Items {
    fn name(self) -> &'static str {
        match self {
            Items::Indicators => "indicators",
            Items::Programs => "programs",
            Items::Jurisdictions => "jurisdictions",
            Items::Plans => "plans",
            Items::Updates => "updates",
        }
    }
}

const EVERYTHING: [Key<'static>; 5] = [
    Key::All(Items::Indicators),
    Key::All(Items::Programs),
    Key::All(Items::Jurisdictions),
    Key::All(Items::Plans),
    Key::All(Items::Updates),
];

impl<'r> Page<'r> {
    /// The content it shows.
    fn inputs(&self, keys: &mut Vec<Key<'r>>) {
        match *self {
            Page::Home => keys.extend(EVERYTHING),
            Page::Program(program) => {
                keys.push(Key::Program(&program.id));
                keys.extend(program.indicators.iter().map(Key::Indicator));
                keys.extend([
                    Key::All(Items::Jurisdictions),
                    Key::All(Items::Plans),
                    Key::All(Items::Updates),
                ]);
            }
            Page::Jurisdiction(jurisdiction) => {
                keys.extend([
                    Key::Jurisdiction(&jurisdiction.id),
                    Key::Within(&jurisdiction.id),
                    // Its parent, its successors and its predecessors are named.
                    Key::All(Items::Jurisdictions),
                    Key::All(Items::Indicators),
                ]);
            }
            Page::Plan(plan) => {
                let plan = &plan.plan;
                let (jurisdiction, program) = (&plan.jurisdiction, &plan.program);
                keys.extend([
                    Key::Plan(jurisdiction, &plan.id),
                    Key::Jurisdiction(jurisdiction),
                    Key::Program(program),
                ]);
                for target in &plan.targets {
                    keys.push(Key::Indicator(&target.indicator));
                    keys.push(Key::Series(jurisdiction, &target.indicator));
                }
            }
            Page::Target { plan, target } => {
                let plan = &plan.plan;
                let jurisdiction = &plan.jurisdiction;
                let indicator = &target.target.indicator;
                keys.extend([
                    Key::Plan(jurisdiction, &plan.id),
                    Key::Jurisdiction(jurisdiction),
                    Key::Program(&plan.program),
                    Key::Indicator(indicator),
                    Key::Series(jurisdiction, indicator),
                ]);
            }
            Page::Task { plan, .. } => {
                let plan = &plan.plan;
                keys.extend([
                    Key::Plan(&plan.jurisdiction, &plan.id),
                    Key::Jurisdiction(&plan.jurisdiction),
                ]);
            }
            Page::Indicator { indicator, .. } => {
                // Every jurisdiction's latest figure and nearest target, and which
                // jurisdictions have figures, which its pages share out.
                keys.extend([
                    Key::Indicator(&indicator.id),
                    Key::All(Items::Jurisdictions),
                    Key::All(Items::Plans),
                    Key::All(Items::Updates),
                ]);
            }
            Page::Update(update) => {
                let update = &update.update;
                let jurisdiction = &update.jurisdiction;
                keys.extend([
                    Key::Update(jurisdiction, &update.id),
                    Key::Jurisdiction(jurisdiction),
                ]);
                for measurement in &update.measurements {
                    keys.push(Key::Indicator(&measurement.indicator));
                    keys.push(Key::Series(jurisdiction, &measurement.indicator));
                }
            }
            Page::Deadlines => {
                keys.extend([Key::All(Items::Jurisdictions), Key::All(Items::Plans)])
            }
            Page::Updates { listed, .. } => {
                // An edit that keeps an update's date leaves it where it was: only the
                // page that lists it changes.
                keys.extend([
                    Key::All(Items::Jurisdictions),
                    Key::UpdateOrder,
                    Key::All(Items::Indicators),
                ]);
                keys.extend(
                    listed
                        .iter()
                        .map(|u| Key::Update(&u.update.jurisdiction, &u.update.id)),
                );
            }
            Page::OpenData | Page::NotFound | Page::Robots => {}
            // Its filters offer the jurisdictions and the statuses of what it finds.
            Page::Search => keys.extend(EVERYTHING),
            // What has a page, and the languages it has them in.
            Page::Sitemap { .. } => keys.extend(EVERYTHING),
        }
    }

    /// Pages with their data beside them as `index.json`.
    pub fn has_data(&self) -> bool {
        matches!(
            self,
            Page::Home | Page::Program(_) | Page::Jurisdiction(_) | Page::Plan(_)
        )
    }

    /// Pages with their own feed of updates beside them: the site's on the home page.
    pub fn has_feed(&self) -> bool {
        matches!(self, Page::Home | Page::Program(_) | Page::Jurisdiction(_))
    }

    /// Files the site has once, in its default language, not once per language.
    pub fn is_site_wide(&self) -> bool {
        matches!(self, Page::NotFound | Page::Sitemap { .. } | Page::Robots)
    }

    /// HTML pages, which the sitemaps list; the 404 page is shown at no address of its own.
    fn is_listed(&self) -> bool {
        !self.is_site_wide()
    }

    /// The template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Program(_) => "program.html",
            Page::Jurisdiction(_) => "jurisdiction.html",
            Page::Plan(_) => "plan.html",
            Page::Target { .. } => "target.html",
            Page::Task { .. } => "task.html",
            Page::Indicator { .. } => "indicator.html",
            Page::Update(_) => "update.html",
            Page::Deadlines => "deadlines.html",
            Page::OpenData => "data.html",
            Page::Search => "search.html",
            Page::Updates { .. } => "updates.html",
            Page::NotFound => "404.html",
            Page::Sitemap { .. } => "sitemap.xml",
            Page::Robots => "robots.txt",
        }
    }

    /// Its path from the root of its language's pages.
    fn route(&self) -> String {
        match self {
            Page::Home => routes::home(),
            Page::Program(program) => routes::program(program),
            Page::Jurisdiction(jurisdiction) => routes::jurisdiction(jurisdiction),
            Page::Plan(plan) => routes::plan(&plan.jurisdiction, &plan.plan.id),
            Page::Target { plan, target } => {
                routes::target(&plan.jurisdiction, &plan.plan.id, &target.target.id)
            }
            Page::Task { plan, task } => {
                routes::task(&plan.jurisdiction, &plan.plan.id, &task.task.id)
            }
            Page::Indicator {
                indicator, number, ..
            } => routes::indicator_part(&indicator.id, *number),
            Page::Update(update) => routes::update(&update.jurisdiction, &update.update.id),
            Page::Deadlines => routes::deadlines(),
            Page::Updates { number, .. } => routes::updates(*number),
            Page::OpenData => routes::open_data(),
            Page::Search => routes::search(),
            Page::NotFound => routes::not_found(),
            Page::Sitemap { .. } => routes::sitemap(),
            Page::Robots => routes::robots(),
        }
    }

    /// The content file that asks for it, if it is not the site's own.
    fn origin(&self) -> Option<&'r Origin> {
        match *self {
            Page::Program(program) => Some(&program.origin),
            Page::Jurisdiction(jurisdiction) => Some(&jurisdiction.origin),
            Page::Plan(plan) => Some(&plan.plan.origin),
            Page::Target { target, .. } => Some(&target.target.origin),
            Page::Task { task, .. } => Some(&task.task.origin),
            Page::Indicator { indicator, .. } => Some(&indicator.origin),
            Page::Update(update) => Some(&update.update.origin),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Page::Home => "the home page".into(),
            Page::Program(program) => format!("the page of the program `{}`", program.id),
            Page::Jurisdiction(j) => format!("the page of the jurisdiction `{}`", j.id),
            Page::Plan(plan) => format!("the page of the plan `{}`", plan.plan.id),
            Page::Target { plan, target } => format!(
                "the page of the target `{}` of the plan `{}`",
                target.target.id, plan.plan.id
            ),
            Page::Task { plan, task } => format!(
                "the page of the task `{}` of the plan `{}`",
                task.task.id, plan.plan.id
            ),
            Page::Indicator {
                indicator,
                number: 1,
                ..
            } => format!("the page of the indicator `{}`", indicator.id),
            Page::Indicator {
                indicator, number, ..
            } => format!("page {number} of the indicator `{}`", indicator.id),
            Page::Update(update) => format!("the page of the update `{}`", update.update.id),
            Page::Deadlines => "the page of deadlines".into(),
            Page::Updates { number: 1, .. } => "the page of updates".into(),
            Page::Updates { number, .. } => format!("page {number} of the updates"),
            Page::OpenData => "the open-data page".into(),
            Page::Search => "the search page".into(),
            Page::NotFound => "the page for addresses that do not exist (404)".into(),
            Page::Sitemap { .. } => "the sitemap".into(),
            Page::Robots => "robots.txt".into(),
        }
    }
}

impl<'r> Output<'r> {
    /// The content it is made from.
    pub fn inputs(&self) -> Vec<Key<'r>> {
        let mut keys = Vec::new();
        self.inputs_into(&mut keys);
        keys
    }

    /// [`Output::inputs`] into a list that is emptied first: `serve` asks it of every
    /// output after each edit, into one list per thread.
    pub fn inputs_into(&self, keys: &mut Vec<Key<'r>>) {
        keys.clear();
        keys.push(Key::Config);
        match self.kind {
            Kind::Page(page) | Kind::PageData(page) => {
                keys.push(Key::Theme);
                page.inputs(keys);
            }
            Kind::Feed(page) => {
                keys.push(Key::Theme);
                // Entries name indicators and give figures; a jurisdiction's feed with
                // none is dated by the newest program or plan.
                keys.extend([
                    Key::All(Items::Indicators),
                    Key::All(Items::Programs),
                    Key::All(Items::Plans),
                ]);
                match page {
                    Page::Home => {
                        keys.extend([Key::All(Items::Jurisdictions), Key::All(Items::Updates)])
                    }
                    Page::Jurisdiction(jurisdiction) => keys.extend([
                        Key::Jurisdiction(&jurisdiction.id),
                        Key::Within(&jurisdiction.id),
                    ]),
                    _ => page.inputs(keys),
                }
            }
            Kind::Card { plan, target } => {
                let plan = &plan.plan;
                let jurisdiction = &plan.jurisdiction;
                let indicator = &target.target.indicator;
                keys.extend([
                    Key::Theme,
                    Key::Plan(jurisdiction, &plan.id),
                    Key::Jurisdiction(jurisdiction),
                    Key::Indicator(indicator),
                    Key::Series(jurisdiction, indicator),
                ]);
            }
            Kind::Calendar(None) => keys.extend([
                Key::Theme,
                Key::All(Items::Jurisdictions),
                Key::All(Items::Plans),
            ]),
            Kind::Calendar(Some(jurisdiction)) => keys.extend([
                Key::Theme,
                Key::Jurisdiction(&jurisdiction.id),
                Key::Within(&jurisdiction.id),
            ]),
            Kind::Table(_) | Kind::DataPackage => keys.extend(EVERYTHING),
            Kind::JurisdictionTable { jurisdiction, .. } => keys.extend([
                Key::Jurisdiction(&jurisdiction.id),
                Key::Within(&jurisdiction.id),
                Key::All(Items::Indicators),
            ]),
            // tiendo's own, the same for every site.
            Kind::Schema => keys.clear(),
            Kind::SitemapIndex(_) => keys.extend(EVERYTHING),
            // Every item, in the words of the theme's UI strings.
            Kind::SearchIndex => {
                keys.push(Key::Theme);
                keys.extend(EVERYTHING);
            }
            Kind::Static { source } => {
                keys.clear();
                keys.push(Key::Static(source));
            }
        }
        keys.sort();
        keys.dedup();
    }

    /// The content file that asks for it, with where in the file, if it is not the
    /// site's own.
    pub fn origin(&self) -> Option<&'r Origin> {
        match &self.kind {
            Kind::Page(page) | Kind::PageData(page) | Kind::Feed(page) => page.origin(),
            Kind::Card { target, .. } => Some(&target.target.origin),
            Kind::Calendar(Some(jurisdiction)) | Kind::JurisdictionTable { jurisdiction, .. } => {
                Some(&jurisdiction.origin)
            }
            _ => None,
        }
    }

    /// What it is, in the words of an error message.
    pub fn describe(&self) -> String {
        let of = |page: &Page| {
            let described = page.describe();
            match self.lang {
                Some(lang) => format!("{described} in `{lang}`"),
                None => described,
            }
        };
        match &self.kind {
            Kind::Page(page) => of(page),
            Kind::PageData(page) => format!("the data of {}", of(page)),
            Kind::Feed(page) => format!("the feed of {}", of(page)),
            Kind::Card { plan, target } => format!(
                "the card of the target `{}` of the plan `{}`",
                target.target.id, plan.plan.id
            ),
            Kind::Calendar(None) => "the site's calendar of deadlines".into(),
            Kind::Calendar(Some(j)) => format!("the calendar of deadlines of `{}`", j.id),
            Kind::Table(name) => format!("the open-data table `{name}`"),
            Kind::JurisdictionTable {
                jurisdiction,
                table,
            } => format!("the table `{table}` of `{}`", jurisdiction.id),
            Kind::DataPackage => "the open data's data package".into(),
            Kind::Schema => "the schema of the pages' data".into(),
            Kind::SitemapIndex(_) => "the index of sitemaps".into(),
            Kind::SearchIndex => "the search index".into(),
            Kind::Static { source } => format!("the static file `{}`", source.display()),
        }
    }

    /// The kind's name, for people and tests reading the plan.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Page(page) => match page {
                Page::Home => "home",
                Page::Program(_) => "program",
                Page::Jurisdiction(_) => "jurisdiction",
                Page::Plan(_) => "plan",
                Page::Target { .. } => "target",
                Page::Task { .. } => "task",
                Page::Indicator { .. } => "indicator",
                Page::Update(_) => "update",
                Page::Deadlines => "deadlines",
                Page::Updates { .. } => "updates",
                Page::OpenData => "open-data",
                Page::Search => "search",
                Page::NotFound => "not-found",
                Page::Sitemap { .. } => "sitemap",
                Page::Robots => "robots",
            },
            Kind::PageData(_) => "page-data",
            Kind::Feed(_) => "feed",
            Kind::Card { .. } => "card",
            Kind::Calendar(_) => "calendar",
            Kind::Table(_) => "table",
            Kind::JurisdictionTable { .. } => "jurisdiction-table",
            Kind::DataPackage => "data-package",
            Kind::Schema => "schema",
            Kind::SitemapIndex(_) => "sitemap-index",
            Kind::SearchIndex => "search-index",
            Kind::Static { .. } => "static",
        }
    }
}

/// The tables a jurisdiction's folder holds: those it has rows in.
pub fn jurisdiction_tables(report: &Report, jurisdiction: &Id) -> Vec<&'static str> {
    let plans: Vec<&PlanReport> = report.plans_of(jurisdiction).collect();
    routes::PER_JURISDICTION
        .iter()
        .copied()
        .filter(|table| match *table {
            "measurements" => report
                .updates_of(jurisdiction)
                .any(|u| !u.measurements.is_empty()),
            "targets" => plans.iter().any(|p| !p.targets.is_empty()),
            "tasks" => plans.iter().any(|p| !p.tasks.is_empty()),
            _ => false,
        })
        .collect()
}

/// Whether a jurisdiction has a calendar of deadlines: tasks still due.
pub fn has_calendar(report: &Report, jurisdiction: &Id) -> bool {
    report
        .plans_of(jurisdiction)
        .any(|p| p.tasks.iter().any(|t| t.is_due()))
}

/// The updates page `number` of the site's updates lists.
pub fn updates_listed(report: &Report, number: usize) -> &[UpdateReport] {
    let start = ((number - 1) * UPDATES_PER_PAGE).min(report.updates.len());
    let end = (start + UPDATES_PER_PAGE).min(report.updates.len());
    &report.updates[start..end]
}

/// How many pages an indicator takes: its first, and enough further ones for the
/// jurisdictions further down that have figures of it.
pub fn indicator_page_count(report: &Report, indicator: &Indicator) -> usize {
    let further = report.measured_in(&indicator.id).further.len();
    1 + further.div_ceil(INDICATOR_ROWS_PER_PAGE)
}

/// How many pages the site's updates take: always one, even with none to list yet.
pub fn update_page_count(report: &Report) -> usize {
    report.updates.len().div_ceil(UPDATES_PER_PAGE).max(1)
}

impl<'r> Outputs<'r> {
    /// Plans every file of the site: each page in each language with the files beside
    /// it, then the files the site has once. `static_files` are the theme's and the
    /// site's files to copy, by their path in the site and where they come from.
    pub fn plan(
        report: &'r Report,
        static_files: impl IntoIterator<Item = (&'r SitePath, &'r Path)>,
    ) -> Result<Outputs<'r>, Vec<Diagnostic>> {
        let site = &report.site;
        let mut pages: Vec<Page<'r>> = vec![Page::Home];
        pages.extend(site.programs.values().map(|p| Page::Program(p)));
        pages.extend(site.jurisdictions.values().map(|j| Page::Jurisdiction(j)));
        for plan in &report.plans {
            pages.push(Page::Plan(plan));
            pages.extend(
                plan.targets
                    .iter()
                    .map(|target| Page::Target { plan, target }),
            );
            pages.extend(plan.tasks.iter().map(|task| Page::Task { plan, task }));
        }
        for indicator in site.indicators.values() {
            let pages_of_it = indicator_page_count(report, indicator);
            pages.extend((1..=pages_of_it).map(|number| Page::Indicator {
                indicator,
                number,
                pages: pages_of_it,
            }));
        }
        pages.extend(report.updates.iter().map(Page::Update));
        pages.push(Page::Deadlines);
        pages.extend((1..=update_page_count(report)).map(|number| Page::Updates {
            number,
            listed: updates_listed(report, number),
        }));
        pages.push(Page::OpenData);
        if HAS_SEARCH {
            pages.push(Page::Search);
        }
        let mut plan = pages_in_every_language(site, pages);
        if HAS_SEARCH {
            plan.add(routes::search_bundle(), None, Kind::SearchIndex);
        }
        // The site's own files, once.
        plan.add(routes::not_found(), None, Kind::Page(Page::NotFound));
        plan.add(routes::robots(), None, Kind::Page(Page::Robots));
        plan.add(routes::calendar(), None, Kind::Calendar(None));
        for jurisdiction in site.jurisdictions.values() {
            if has_calendar(report, &jurisdiction.id) {
                plan.add(
                    routes::jurisdiction_calendar(jurisdiction),
                    None,
                    Kind::Calendar(Some(jurisdiction)),
                );
            }
        }
        for table in routes::TABLES {
            plan.add(routes::table(table), None, Kind::Table(table));
        }
        for jurisdiction in site.jurisdictions.values() {
            for table in jurisdiction_tables(report, &jurisdiction.id) {
                plan.add(
                    routes::jurisdiction_table(jurisdiction, table),
                    None,
                    Kind::JurisdictionTable {
                        jurisdiction,
                        table,
                    },
                );
            }
        }
        plan.add(routes::data_package(), None, Kind::DataPackage);
        plan.add(routes::schema(), None, Kind::Schema);

        // Counted, not sorted: the sitemaps sort their addresses as they are written.
        let listed = plan.list.iter().filter(|o| is_listed(o)).count();
        let parts = sitemap_parts(listed, SITEMAP_LIMIT);
        for (path, start, end) in &parts {
            let sitemap = Page::Sitemap {
                start: *start,
                end: *end,
            };
            plan.add(path.clone(), None, Kind::Page(sitemap));
        }
        if parts.len() > 1 {
            plan.add(routes::sitemap(), None, Kind::SitemapIndex(parts.len()));
        }
        for (path, source) in static_files {
            plan.add(path.as_str().to_owned(), None, Kind::Static { source });
        }

        let Planner { list, mut errors } = plan;
        let outputs = Outputs { list };
        errors.extend(outputs.collisions());
        if errors.is_empty() {
            Ok(outputs)
        } else {
            Err(errors)
        }
    }

    /// Only these pages, in every language, with the files beside them, as the whole
    /// plan has them: what `serve` renders first after an edit, before the plan of the
    /// whole site is made.
    pub fn of_pages(site: &'r Site, pages: Vec<Page<'r>>) -> Result<Outputs<'r>, Vec<Diagnostic>> {
        let Planner { list, errors } = pages_in_every_language(site, pages);
        if errors.is_empty() {
            Ok(Outputs { list })
        } else {
            Err(errors)
        }
    }

    /// The addresses a sitemap lists, from the root of the site: of all pages, sorted,
    /// those from `start` to `end`.
    pub fn sitemap_urls(&self, start: usize, end: usize) -> Vec<&str> {
        let mut urls = sitemap_urls(&self.list);
        urls.truncate(end);
        urls.split_off(start.min(urls.len()))
    }

    /// Every output that claims a path another one claims, or a folder another one's
    /// file is; one error for each. (Content cannot take the folders of the site's own
    /// pages: loading refuses their names and validation the languages' codes, with
    /// every other error of the content.)
    fn collisions(&self) -> Vec<Diagnostic> {
        // Sorted by path, then by place in the plan: a path claimed twice is claimed by
        // neighbours, and a folder's files follow its name.
        let mut paths: Vec<(&str, usize)> = self
            .list
            .iter()
            .enumerate()
            .map(|(index, output)| (output.path.as_str(), index))
            .collect();
        paths.par_sort_unstable();
        let paths = &paths;
        let collision = |(at, &(path, index)): (usize, &(&str, usize))| {
            let output = &self.list[index];
            if path.starts_with(RESERVED_PREFIX) {
                return Some(replaced(output, None));
            }
            if HAS_SEARCH
                && path.starts_with(routes::SEARCH_FOLDER)
                && !matches!(output.kind, Kind::SearchIndex)
            {
                return Some(in_search_folder(output));
            }
            if let Some(&(same, first)) = at.checked_sub(1).and_then(|before| paths.get(before))
                && same == path
            {
                // Reported once, however many claim it.
                let again = at >= 2 && paths[at - 2].0 == path;
                return (!again).then(|| replaced(output, Some(&self.list[first])));
            }
            // The first path after it that is not before its folder's: inside the
            // folder, if it is in one.
            let after = &paths[at + 1..];
            let first_not_before = after.partition_point(|(other, _)| before_folder(other, path));
            match after.get(first_not_before) {
                Some(&(other, inside)) if in_folder(other, path) => {
                    Some(file_or_folder(output, &self.list[inside]))
                }
                _ => None,
            }
        };
        paths.par_iter().enumerate().filter_map(collision).collect()
    }

    /// What the plan comes to, before anything is written: its HTML pages (a static
    /// file of the theme is not one), its files.
    pub fn stats(&self) -> Stats {
        Stats {
            pages: self
                .list
                .iter()
                .filter(|o| matches!(o.kind, Kind::Page(_)) && o.path.as_str().ends_with(".html"))
                .count(),
            files: self.list.len(),
            bytes: 0,
        }
    }

    /// The plan as text, one output per line: its path, its kind, its language and what
    /// it is made from.
    pub fn listing(&self) -> String {
        let mut text = String::new();
        for output in &self.list {
            let inputs: Vec<String> = output.inputs().iter().map(ToString::to_string).collect();
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                output.path,
                output.kind_name(),
                output.lang.map_or("-", Lang::as_str),
                inputs.join(" ")
            ));
        }
        text
    }
}

/// The sitemaps of `count` addresses, at most `limit` in each: one at `sitemap.xml` if
/// they fit, else `sitemaps/1.xml` and on (which an index at `sitemap.xml` lists), each
/// with the range of the sorted addresses it holds.
fn sitemap_parts(count: usize, limit: usize) -> Vec<(String, usize, usize)> {
    if count <= limit {
        return vec![(routes::sitemap(), 0, count)];
    }
    (0..count.div_ceil(limit))
        .map(|part| {
            let start = part * limit;
            (
                routes::sitemap_part(part + 1),
                start,
                (start + limit).min(count),
            )
        })
        .collect()
}

/// Every page's address in every language, sorted: what the sitemaps list.
/// Whether a sitemap lists the output.
fn is_listed(output: &Output) -> bool {
    matches!(&output.kind, Kind::Page(page) if page.is_listed())
}

fn sitemap_urls<'o>(list: &'o [Output]) -> Vec<&'o str> {
    let mut urls: Vec<&str> = list
        .iter()
        .filter(|o| is_listed(o))
        .map(|o| o.path.pretty())
        .collect();
    urls.sort_unstable();
    urls
}

/// Each page in each language with the files beside it (its data, its feed, a plan's
/// cards), in the pages' order within each language, the languages in the site's order.
fn pages_in_every_language<'r>(site: &'r Site, pages: Vec<Page<'r>>) -> Planner<'r> {
    let default = site.default_language();
    let routes: Vec<(Page, String)> = pages
        .into_iter()
        .map(|page| {
            let route = page.route();
            (page, route)
        })
        .collect();
    // Each language's outputs on a core of its own, then in the languages' order.
    let languages: Vec<Planner> = site
        .config
        .languages
        .par_iter()
        .map(|lang| {
            let mut plan = Planner::default();
            let prefix = routes::language_prefix(lang, default);
            for (page, route) in &routes {
                let lang = Some(lang);
                plan.add(format!("{prefix}{route}"), lang, Kind::Page(*page));
                if page.has_feed() {
                    plan.add(
                        format!("{prefix}{}", routes::feed(route)),
                        lang,
                        Kind::Feed(*page),
                    );
                }
                if page.has_data() {
                    plan.add(
                        format!("{prefix}{}", routes::page_data(route)),
                        lang,
                        Kind::PageData(*page),
                    );
                }
                if let Page::Plan(plan_report) = page {
                    for target in &plan_report.targets {
                        let route = routes::card(
                            &plan_report.jurisdiction,
                            &plan_report.plan.id,
                            &target.target.id,
                        );
                        plan.add(
                            format!("{prefix}{route}"),
                            lang,
                            Kind::Card {
                                plan: plan_report,
                                target,
                            },
                        );
                    }
                }
            }
            plan
        })
        .collect();
    let mut plan = Planner::default();
    for language in languages {
        plan.list.extend(language.list);
        plan.errors.extend(language.errors);
    }
    plan
}

/// Gathers outputs; a path that cannot be published is an error, not an output.
#[derive(Default)]
struct Planner<'r> {
    list: Vec<Output<'r>>,
    errors: Vec<Diagnostic>,
}

impl<'r> Planner<'r> {
    fn add(&mut self, path: String, lang: Option<&'r Lang>, kind: Kind<'r>) {
        match SitePath::new(&path) {
            Some(path) => self.list.push(Output { path, lang, kind }),
            None => self.errors.push(Diagnostic::error(format!(
                "`{path}` is not a safe path in the output"
            ))),
        }
    }
}

/// Whether `path` sorts before `folder` followed by a slash, without writing that.
fn before_folder(path: &str, folder: &str) -> bool {
    match path.as_bytes().strip_prefix(folder.as_bytes()) {
        Some(rest) => rest.first().is_none_or(|&byte| byte < b'/'),
        None => path < folder,
    }
}

/// Whether `path` is inside `folder`.
fn in_folder(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Where an output's cause is written: its content file, or nowhere for the site's own.
fn located(diagnostic: Diagnostic, output: &Output) -> Diagnostic {
    match (output.origin(), &output.kind) {
        (Some(origin), _) => diagnostic.at(Location::Value(origin.clone())),
        (None, Kind::Static { source }) => diagnostic.at(Location::Path(source.to_path_buf())),
        (None, _) => diagnostic,
    }
}

/// The other output's cause, shown beside the first.
fn related(diagnostic: Diagnostic, output: &Output) -> Diagnostic {
    let label = format!("{} comes from here", output.describe());
    match (output.origin(), &output.kind) {
        (Some(origin), _) => diagnostic.related(Location::Value(origin.clone()), label),
        (None, Kind::Static { source }) => {
            diagnostic.related(Location::Path(source.to_path_buf()), label)
        }
        (None, _) => diagnostic,
    }
}

/// Two outputs claim one path (or one claims a name tiendo keeps for its own files).
fn replaced(output: &Output, first: Option<&Output>) -> Diagnostic {
    let path = &output.path;
    let Some(first) = first else {
        let what = match output.kind {
            Kind::Static { .. } => format!("the static file `{path}`"),
            _ => output.describe(),
        };
        return located(
            Diagnostic::error(format!("{what} would replace a file tiendo writes")),
            output,
        )
        .help(format!(
            "rename or move it: names starting with `{RESERVED_PREFIX}` are tiendo's own"
        ));
    };
    // The static file is named first: it is the one to move.
    let (moved, kept) = match (&output.kind, &first.kind) {
        (_, Kind::Static { .. }) => (first, output),
        _ => (output, first),
    };
    if let Kind::Static { .. } = moved.kind {
        let message = format!(
            "the static file `{path}` would replace a file tiendo writes: {}",
            kept.describe()
        );
        return related(located(Diagnostic::error(message), moved), kept)
            .help("rename or move it: static files cannot take the place of the site's pages");
    }
    let message = format!(
        "`{path}` would be written twice: as {} and as {}",
        kept.describe(),
        moved.describe()
    );
    let help = match (kept.origin(), moved.origin()) {
        (Some(_), Some(_)) => "give one of the two another id or folder",
        _ => "give the content another id or folder: the site's own pages keep their address",
    };
    let diagnostic = match moved.origin() {
        Some(_) => related(located(Diagnostic::error(message), moved), kept),
        None => related(located(Diagnostic::error(message), kept), moved),
    };
    diagnostic.help(help)
}

/// An output's file is where another one needs a folder.
/// The search's folder is written whole by its index, with files named by their
/// content: nothing else can go in it.
fn in_search_folder(output: &Output) -> Diagnostic {
    let what = match output.kind {
        Kind::Static { .. } => format!("the static file `{}`", output.path),
        _ => output.describe(),
    };
    located(
        Diagnostic::error(format!(
            "{what} is in `{}`, the folder of the site's search index",
            routes::SEARCH_FOLDER
        )),
        output,
    )
    .help(format!(
        "tiendo writes the whole `{}` folder itself (an index made by Pagefind's own command \
         would be replaced); move the file to another folder",
        routes::SEARCH_FOLDER
    ))
}

fn file_or_folder(file: &Output, inside: &Output) -> Diagnostic {
    let message = format!(
        "`{}` is {}, but {} is written inside a folder of that name",
        file.path,
        file.describe(),
        inside.describe()
    );
    related(located(Diagnostic::error(message), file), inside)
        .help("rename or move one of the two: a name is either a file or a folder")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The folder is looked for as if its name and a slash were written out.
        #[test]
        fn a_folder_is_found_as_its_name_and_a_slash(path in "[a./ -]{0,6}", folder in "[a./ -]{0,4}") {
            let slashed = format!("{folder}/");
            prop_assert_eq!(before_folder(&path, &folder), path.as_str() < slashed.as_str());
            prop_assert_eq!(in_folder(&path, &folder), path.starts_with(&slashed));
        }
    }

    #[test]
    fn a_large_sitemap_is_split_under_an_index() {
        assert_eq!(sitemap_parts(3, 3), [("sitemap.xml".to_owned(), 0, 3)]);
        assert_eq!(sitemap_parts(0, 3), [("sitemap.xml".to_owned(), 0, 0)]);
        let parts = sitemap_parts(7, 3);
        let paths: Vec<&str> = parts.iter().map(|(p, ..)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["sitemaps/1.xml", "sitemaps/2.xml", "sitemaps/3.xml"]
        );
        let ranges: Vec<(usize, usize)> = parts.iter().map(|(_, s, e)| (*s, *e)).collect();
        assert_eq!(ranges, [(0, 3), (3, 6), (6, 7)]);
    }
}
