//! What templates show, prepared in Rust for one language: text picked in that language,
//! figures formatted with their unit, dates as the language writes them, and the
//! sentences that carry the pace arithmetic. Templates only place these values.
//!
//! Every `href` is relative to the site's root (`provinces/lao-cai/index.html`); a
//! template puts `page.root` before it, so links work at any address and from disk.

use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;
use std::sync::Arc;

use foldhash::HashMap;
use serde::Serialize;

use super::chart::{Bar, BarChart, ChartPoint, Flow, SeriesChart, bar_chart, series_chart};
use super::markdown::{Bodies, to_safe_html};
use crate::derive::history::{Change, Published, TaskHistory};
use crate::derive::pace::{Pace, RateMethod, Verdict};
use crate::derive::queries::{OpenDeadline, open_deadline};
use crate::derive::{Observation, PlanReport, Report, TargetReport, TaskReport, UpdateReport};
use crate::locale::changes::Said;
use crate::locale::format::Formatter;
use crate::locale::phrase::{self, Phrase};
use crate::locale::ui::{Ui, fill};
use crate::locale::words::{Words, timing_key, verdict_key};
use crate::model::history::Commit;
use crate::model::{
    Comparator, DateSpec, DeclaredStatus, Figure, Indicator, Jurisdiction, Lang, Located,
    Measurement, Plan, Program, Text, Unit, Update,
};
use crate::site::{outputs, routes};

/// The size of a target's embeddable card (`write::card` draws it), which the snippet
/// that embeds it gives.
pub const CARD_WIDTH: f64 = 480.0;
pub const CARD_HEIGHT: f64 = 240.0;

/// Whether a target's view has its chart.
#[derive(Clone, Copy)]
enum Chart {
    Drawn,
    Left,
}

/// Builds the views of one page in one language, in the words of that language.
pub struct Views<'a> {
    words: Words<'a>,
    /// The address of the language's root where the site is published
    /// (`https://example.org/en/`), for what is copied elsewhere: embed snippets.
    base: String,
    /// The site's Markdown bodies, rendered once for every page; without them a body is
    /// rendered where it is shown.
    bodies: Option<&'a Bodies<'a>>,
    /// Views made for an earlier output of the same jurisdiction and language, to show
    /// again; without it each view is made where it is shown.
    shared: Option<&'a Shared>,
}

/// A view made once and shown by several outputs of one language, with its value for
/// templates made once too: a page clones that value (tera takes a value inside a
/// serialized view as it is) instead of serializing the view again.
pub struct Shown<T> {
    view: Rc<T>,
    value: Result<tera::Value, String>,
}

impl<T: Serialize> Shown<T> {
    fn new(view: T) -> Shown<T> {
        let value = tera::Value::try_from_serializable(&view).map_err(|e| e.to_string());
        Shown {
            view: Rc::new(view),
            value,
        }
    }
}

impl<T> Clone for Shown<T> {
    fn clone(&self) -> Shown<T> {
        Shown {
            view: Rc::clone(&self.view),
            value: self.value.clone(),
        }
    }
}

impl<T> Deref for Shown<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.view
    }
}

impl<T: fmt::Debug> fmt::Debug for Shown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view.fmt(f)
    }
}

impl<T> Serialize for Shown<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Ok(value) => value.serialize(serializer),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

/// The views one jurisdiction's outputs in one language have in common, made once for
/// all of them: a target is shown on its jurisdiction's page, its plan's page and its
/// card; a task on both pages; an update on the jurisdiction's page, its own page and
/// the jurisdiction's feed. Kept only while that jurisdiction's outputs are written.
#[derive(Default)]
pub struct Shared {
    targets: Memo<TargetReport, TargetView>,
    tasks: Memo<TaskReport, TaskView>,
    updates: Memo<UpdateReport, UpdateSummary>,
}

/// Views by the report's item they show (the same item is at the same address for the
/// whole build), each with whether it shows text not translated.
struct Memo<K, T>(RefCell<HashMap<*const K, (Shown<T>, bool)>>);

impl<K, T> Default for Memo<K, T> {
    fn default() -> Self {
        Memo(RefCell::new(HashMap::default()))
    }
}

impl<'a> Deref for Views<'a> {
    type Target = Words<'a>;
    fn deref(&self) -> &Words<'a> {
        &self.words
    }
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub href: String,
    pub text: Phrase,
}

/// A measured value with its date and source.
#[derive(Debug, Serialize)]
pub struct FigureView {
    pub text: Phrase,
    pub date: String,
    pub date_iso: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct JurisdictionSummary {
    pub id: String,
    pub name: Phrase,
    pub href: String,
    pub level: String,
    pub parent: Option<Link>,
    pub headline: Option<FigureView>,
    /// The headline indicator's nearest target, and where the latest value stands against it.
    pub headline_target: Option<Phrase>,
    pub headline_progress: Option<ProgressView>,
    pub tasks_total: usize,
    pub tasks_done: usize,
    pub tasks_overdue: usize,
    pub targets_total: usize,
    pub last_updated: Option<String>,
    pub ended: Option<String>,
    /// The jurisdictions it was merged into, if it was.
    pub merged_into: Vec<Link>,
}

/// Jurisdictions at a glance: the home page's, and a jurisdiction's own within it.
#[derive(Debug, Serialize)]
pub struct JurisdictionTable {
    /// The indicator of each one's headline figure, if any.
    pub headline: Option<Phrase>,
    pub rows: Vec<JurisdictionSummary>,
}

#[derive(Debug, Serialize)]
pub struct JurisdictionView {
    #[serde(flatten)]
    pub summary: JurisdictionSummary,
    pub description: Option<Phrase>,
    pub website: Option<String>,
    pub source: Option<String>,
    pub established: Option<String>,
    /// The jurisdictions within it, at a glance: for a province, its communes compared.
    pub children: JurisdictionTable,
    pub predecessors: Vec<Link>,
    pub successors: Vec<Link>,
    pub plans: Vec<PlanLink>,
    /// The latest figure of each indicator.
    pub figures: Vec<MeasurementView>,
    pub targets: Vec<Shown<TargetView>>,
    pub tasks: Vec<Shown<TaskView>>,
    /// The newest of its updates, at most [`JURISDICTION_UPDATES`].
    pub updates: Vec<Shown<UpdateSummary>>,
    /// "The newest 20 of 569 updates are listed ...", when some are left out.
    pub updates_left_out: Option<String>,
    /// Its own rows of the bulk tables (`provinces/lao-cai/measurements.csv`), by the
    /// name of their table.
    pub data_tables: Vec<DataTable>,
    /// Its calendar of deadlines, where it has tasks still to do with a deadline.
    pub calendar: Option<String>,
}

/// A CSV file of the open data, and the UI key naming its table.
#[derive(Debug, Serialize)]
pub struct DataTable {
    pub href: String,
    pub label_key: String,
}

#[derive(Debug, Serialize)]
pub struct PlanLink {
    pub href: String,
    /// What the document is and its number: "Kế hoạch 15-KH/TU", "Nghị quyết 282/NQ-CP".
    pub name: Phrase,
    pub number: Phrase,
    pub title: Phrase,
    pub issued_on: String,
    pub jurisdiction: Link,
}

#[derive(Debug, Serialize)]
pub struct TargetView {
    pub id: String,
    /// Its own page, from the language's root.
    pub href: String,
    /// Its anchor on a page: `target-15-kh-tu-coverage-2026`.
    pub anchor: String,
    /// Its embeddable card, from the language's root.
    pub card: String,
    /// The markup a news site copies to embed the card, with a link back.
    pub embed: String,
    /// Everything the card shows in one sentence: its title, and the embed's `alt`.
    pub card_sentence: String,
    pub indicator: Phrase,
    /// "Above 95 % by 2026".
    pub sentence: Phrase,
    pub deadline: String,
    pub deadline_iso: String,
    pub baseline: Option<FigureView>,
    pub latest: Option<FigureView>,
    pub verdict_key: Verdict,
    pub verdict: String,
    pub outlook: crate::derive::pace::Outlook,
    pub still_needed: Option<Phrase>,
    pub rates: Option<Phrase>,
    pub projection: Option<Phrase>,
    /// The raw arithmetic, for themes that show it their own way.
    pub pace: Pace,
    pub note: Option<Phrase>,
    pub plan: Link,
    pub jurisdiction: Link,
    pub progress: Option<ProgressView>,
    pub chart: Option<ChartView>,
    /// What changed in it since it was published, oldest first.
    pub changes: Vec<ChangeView>,
}

/// One change, as a page shows it: what changed, on which day, in which commit.
#[derive(Debug, Serialize)]
pub struct ChangeView {
    pub text: Phrase,
    pub date: String,
    pub date_iso: String,
    pub commit: CommitView,
}

/// A commit: its short id, and its page where the site names its repository.
#[derive(Debug, Serialize)]
pub struct CommitView {
    pub short: String,
    pub href: Option<String>,
}

/// A deadline moved, for the task's tag and its deadline shown in full.
#[derive(Debug, Serialize)]
pub struct MovedView {
    /// "Deadline moved", "Deadline moved 2 times".
    pub tag: String,
    /// "Original deadline: November 2025; now March 2026, changed on 2 December 2025",
    /// with the commit of the last move.
    pub history: ChangeView,
    pub original: String,
    pub original_iso: String,
    pub times: usize,
    /// "212 days later".
    pub by: Option<String>,
}

/// Where the baseline, the latest value and the target stand on a bar, as CSS lengths
/// (`89.18%`) from its start.
#[derive(Debug, Serialize)]
pub struct ProgressView {
    pub latest: String,
    pub target: String,
    pub baseline: Option<String>,
}

/// A target's chart, and the numbers it draws, for the table beside it.
#[derive(Debug, Serialize)]
pub struct ChartView {
    /// Inline SVG, made by tiendo with every text escaped.
    pub svg: String,
    /// The newest figures it draws, at most [`CHART_ROWS`], then the target.
    pub rows: Vec<ChartRow>,
    /// "The newest 24 of 569 figures are listed", when some are left out.
    pub left_out: Option<String>,
}

/// How many of the figures a chart draws the table beside it lists, the newest: a
/// target's page lists more, with their sources, and the open data every one.
pub const CHART_ROWS: usize = 24;

/// How many updates a jurisdiction's page lists, the newest first: its feed and the
/// site's pages of updates have them all.
pub const JURISDICTION_UPDATES: usize = 20;

#[derive(Debug, Serialize)]
pub struct ChartRow {
    pub date: String,
    pub date_iso: String,
    pub value: Phrase,
    /// The target's own row.
    pub is_target: bool,
}

#[derive(Debug, Serialize)]
pub struct TaskView {
    pub id: String,
    /// Its own page, from the language's root.
    pub href: String,
    pub what: Phrase,
    /// `what`, cut at a word near 120 characters, for lists.
    pub what_short: Phrase,
    pub lead: Option<Phrase>,
    pub coordinating: Vec<Phrase>,
    pub deliverable: Option<Phrase>,
    pub deadline: Option<String>,
    pub deadline_iso: Option<String>,
    pub approving_authority: Option<Phrase>,
    pub status_key: String,
    pub status: String,
    pub timing_key: &'static str,
    pub timing: String,
    /// The day it was reported done, when it was.
    pub done_on: Option<String>,
    pub done_on_iso: Option<String>,
    pub notes: Option<Phrase>,
    pub source: String,
    pub plan: Link,
    pub jurisdiction: Link,
    /// When its deadline moved since it was published.
    pub moved: Option<MovedView>,
    /// What changed in it since it was published, oldest first.
    pub changes: Vec<ChangeView>,
}

#[derive(Debug, Serialize)]
pub struct UpdateSummary {
    pub href: String,
    pub title: Phrase,
    pub date: String,
    pub date_iso: String,
    pub jurisdiction: Link,
    pub measurements: Vec<MeasurementView>,
    pub summaries: Vec<Phrase>,
    /// The update's first source, which its summaries come from.
    pub source: String,
    /// "Published on ..., last changed on ...", when the history is read.
    pub published: Option<ChangeView>,
}

#[derive(Debug, Serialize)]
pub struct UpdateView {
    #[serde(flatten)]
    pub summary: Shown<UpdateSummary>,
    pub sources: Vec<Link>,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct MeasurementView {
    pub indicator: Phrase,
    /// The indicator's page, from the language's root.
    pub indicator_href: String,
    pub figure: Phrase,
    pub date: String,
    pub date_iso: String,
    /// For a figure summed over a period: "2021 – 2025".
    pub period: Option<String>,
    pub source: String,
    pub note: Option<Phrase>,
    /// For a figure revised after it was published: when, and what it first was.
    pub revised: Option<ChangeView>,
}

#[derive(Debug, Serialize)]
pub struct ProgramSummary {
    pub id: String,
    pub href: String,
    pub number: Phrase,
    pub kind: Option<Phrase>,
    pub title: Phrase,
    pub issued_by: Phrase,
    pub issued_on: String,
    pub issued_on_iso: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct ProgramView {
    #[serde(flatten)]
    pub summary: ProgramSummary,
    pub summary_text: Option<Phrase>,
    pub related: Vec<RelatedView>,
    pub plans: Vec<PlanLink>,
    pub comparison: Comparison,
    /// Inline SVG comparing the jurisdictions on the program's first indicator, and that
    /// indicator's name.
    pub chart: Option<String>,
    pub chart_title: Option<Phrase>,
}

#[derive(Debug, Serialize)]
pub struct RelatedView {
    pub number: Phrase,
    pub title: Phrase,
    pub issued_by: Option<Phrase>,
    pub issued_on: Option<String>,
    pub source: Option<String>,
}

/// Every jurisdiction implementing a program, compared on its indicators.
#[derive(Debug, Serialize)]
pub struct Comparison {
    /// Each indicator, linked to its page.
    pub indicators: Vec<Link>,
    pub rows: Vec<ComparisonRow>,
    /// Whether some jurisdictions are left for the pages of those above them (a
    /// province's communes), so that a national comparison stays readable.
    pub nested: bool,
}

#[derive(Debug, Serialize)]
pub struct ComparisonRow {
    pub jurisdiction: Link,
    pub cells: Vec<Option<ComparisonCell>>,
    /// Each linked to its page.
    pub targets: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct ComparisonCell {
    pub figure: FigureView,
    /// The raw value, by which a script may sort the table.
    pub value: f64,
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    #[serde(flatten)]
    pub link: PlanLink,
    pub issued_by: Phrase,
    pub source: String,
    pub program: Link,
    pub body_html: String,
    pub targets: Vec<Shown<TargetView>>,
    pub tasks: Vec<Shown<TaskView>>,
    pub clarities: Vec<ClarityView>,
    /// "Published on ..., last changed on ...", when the history is read.
    pub published: Option<ChangeView>,
}

#[derive(Debug, Serialize)]
pub struct ClarityView {
    pub key: &'static str,
    pub label: String,
    pub count: usize,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct Deadlines {
    pub overdue: Vec<Shown<TaskView>>,
    pub due_soon: Vec<Shown<TaskView>>,
    pub upcoming: Vec<Shown<TaskView>>,
    /// Per jurisdiction listed, its tasks further down (a province's communes'),
    /// counted: they are listed on the pages within it.
    pub further: Vec<FurtherDeadlines>,
    /// The tasks listed whose deadline moved, those moved most often first.
    pub moved: Vec<Shown<TaskView>>,
}

#[derive(Debug, Serialize)]
pub struct FurtherDeadlines {
    /// To the list of the jurisdictions within it.
    pub jurisdiction: Link,
    pub overdue: usize,
    pub due_soon: usize,
    pub upcoming: usize,
}

/// "Page 3 of 548", in the UI's language and digits.
pub fn page_of(ui: &Ui, format: &Formatter, number: usize, pages: usize) -> String {
    fill(
        ui.text("page_of"),
        &[
            ("n", &format.number(number as f64, 0)),
            ("total", &format.number(pages as f64, 0)),
        ],
    )
}

impl<'a> Views<'a> {
    pub fn new(
        report: &'a Report,
        lang: &'a Lang,
        ui: &'a Ui,
        format: &'a Formatter,
        default_dir: &'a str,
        base: String,
    ) -> Views<'a> {
        Views {
            words: Words::new(report, lang, ui, format, default_dir),
            base,
            bodies: None,
            shared: None,
        }
    }

    /// The address of the language's root where the site is published.
    pub(super) fn base(&self) -> &str {
        &self.base
    }

    /// Views that take Markdown bodies already rendered from `bodies`.
    pub fn with_bodies(mut self, bodies: &'a Bodies<'a>) -> Views<'a> {
        self.bodies = Some(bodies);
        self
    }

    /// Views that show again what `shared` holds, and keep there what they make.
    pub fn with_shared(mut self, shared: &'a Shared) -> Views<'a> {
        self.shared = Some(shared);
        self
    }

    /// The view of `item` made for an earlier output, else made now by `make` (and kept,
    /// where views are shared). Either way the page notes text not translated in it.
    fn shown<K, T: Serialize>(
        &self,
        memo: impl FnOnce(&Shared) -> &Memo<K, T>,
        item: &K,
        make: impl FnOnce() -> T,
    ) -> Shown<T> {
        let Some(memo) = self.shared.map(memo) else {
            return Shown::new(make());
        };
        if let Some(shown) = self.shown_before(memo, item) {
            return shown;
        }
        let (view, untranslated) = self.noting_untranslated(make);
        let shown = Shown::new(view);
        memo.0
            .borrow_mut()
            .insert(item, (shown.clone(), untranslated));
        shown
    }

    /// The view of `item` an earlier output made, if one did; the page notes text not
    /// translated in it.
    fn shown_before<K, T>(&self, memo: &Memo<K, T>, item: &K) -> Option<Shown<T>> {
        let (shown, untranslated) = memo.0.borrow().get(&(item as *const K)).cloned()?;
        if untranslated {
            self.note_untranslated();
        }
        Some(shown)
    }

    /// Charts read in the page's direction.
    fn flow(&self) -> Flow {
        if self.ui.text("direction") == "rtl" {
            Flow::RightToLeft
        } else {
            Flow::LeftToRight
        }
    }

    /// A Markdown body as HTML, inside an element naming its language when untranslated.
    fn body(&self, body: &Text) -> String {
        let shown = body.get(self.lang, self.report.site.default_language());
        let html = match self.bodies.and_then(|b| b.get(shown.text)) {
            Some(html) => html.to_owned(),
            None => to_safe_html(shown.text),
        };
        if shown.lang == self.lang || shown.text.trim().is_empty() {
            return html;
        }
        self.note_untranslated();
        let foreign = self.foreign(shown.lang);
        let dir = foreign
            .dir
            .map(|d| format!(" dir=\"{d}\""))
            .unwrap_or_default();
        format!("<div lang=\"{}\"{dir}>{html}</div>", foreign.lang)
    }

    pub(super) fn jurisdiction_link(&self, jurisdiction: &Jurisdiction) -> Link {
        Link {
            href: routes::jurisdiction(jurisdiction),
            text: self.text(&jurisdiction.name),
        }
    }

    /// Links to jurisdictions, by name.
    fn links(&self, jurisdictions: &[Arc<Jurisdiction>]) -> Vec<Link> {
        let mut links: Vec<Link> = jurisdictions
            .iter()
            .map(|j| self.jurisdiction_link(j))
            .collect();
        links.sort_by_cached_key(|l| l.text.plain());
        links
    }

    pub(super) fn plan_link(&self, report: &PlanReport) -> PlanLink {
        let plan = &report.plan;
        PlanLink {
            href: routes::plan(&report.jurisdiction, &plan.id),
            name: self.plan_name(plan),
            number: self.code(&plan.number),
            title: self.text(&plan.title),
            issued_on: self.format.day(plan.issued_on.date()),
            jurisdiction: self.jurisdiction_link(&report.jurisdiction),
        }
    }

    pub(super) fn observation(
        &self,
        indicator: &Indicator,
        observation: &Observation,
    ) -> FigureView {
        let spec = observation
            .measurement
            .date
            .unwrap_or(observation.update.date.spec());
        FigureView {
            text: self.value(
                indicator,
                observation.value,
                observation.measurement.qualifier,
            ),
            date: self.format.date(spec),
            date_iso: observation.date.to_string(),
            source: observation.source.to_string(),
        }
    }

    pub fn headline_indicator_name(&self) -> Option<Phrase> {
        self.report.headline_indicator().map(|i| self.text(&i.name))
    }

    pub fn jurisdiction_summary(&self, jurisdiction: &Jurisdiction) -> JurisdictionSummary {
        let plans: Vec<&PlanReport> = self.report.plans_of(&jurisdiction.id).collect();
        let (total, done, overdue) = self.report.task_counts(&jurisdiction.id);
        let headline_indicator = self.report.headline_indicator();
        let headline = headline_indicator.and_then(|indicator| {
            self.report
                .latest(&jurisdiction.id, &indicator.id)
                .map(|o| self.observation(indicator, o))
        });
        let nearest = headline_indicator.and_then(|indicator| {
            self.report
                .nearest_target(plans.iter().copied(), indicator)
                .map(|t| (indicator, t))
        });
        JurisdictionSummary {
            id: jurisdiction.id.to_string(),
            name: self.text(&jurisdiction.name),
            href: routes::jurisdiction(jurisdiction),
            level: self.level(jurisdiction.level),
            parent: self
                .report
                .parent_of(&jurisdiction.id)
                .map(|p| self.jurisdiction_link(p)),
            headline,
            headline_target: nearest.map(|(indicator, t)| {
                let target = &t.target.item;
                phrase::fill(
                    self.ui.text("target_short"),
                    &[
                        (
                            "comparator",
                            Phrase::own(self.comparator(target.comparator)),
                        ),
                        ("value", self.value(indicator, target.value.get(), None)),
                        ("deadline", Phrase::own(self.format.date(target.deadline))),
                    ],
                )
            }),
            headline_progress: nearest
                .and_then(|(indicator, t)| self.progress(indicator, t.target.value.get(), &t.pace)),
            tasks_total: total,
            tasks_done: done,
            tasks_overdue: overdue,
            targets_total: plans.iter().map(|p| p.targets.len()).sum(),
            last_updated: self
                .report
                .last_updated
                .get(&jurisdiction.id)
                .map(|d| self.format.day(*d)),
            ended: jurisdiction.ended_on.map(|d| self.format.date(d)),
            merged_into: self.links(self.report.successors_of(&jurisdiction.id)),
        }
    }

    /// Jurisdictions at a glance, with the headline indicator their table shows.
    pub fn jurisdiction_table(&self, jurisdictions: &[&Jurisdiction]) -> JurisdictionTable {
        JurisdictionTable {
            headline: self.headline_indicator_name(),
            rows: jurisdictions
                .iter()
                .map(|j| self.jurisdiction_summary(j))
                .collect(),
        }
    }

    pub fn jurisdiction_page(&self, jurisdiction: &Jurisdiction) -> JurisdictionView {
        let id = &jurisdiction.id;
        let plans: Vec<&PlanReport> = self.report.plans_of(id).collect();
        let mut figures = Vec::new();
        for indicator in self.report.site.indicators.values() {
            let Some(series) = self.report.series.get(&(id.clone(), indicator.id.clone())) else {
                continue;
            };
            if let Some(last) = series.last() {
                figures.push(self.measurement(
                    &last.update,
                    &last.measurement,
                    indicator,
                    &last.revisions,
                ));
            }
        }
        JurisdictionView {
            summary: self.jurisdiction_summary(jurisdiction),
            description: self.optional(jurisdiction.description.as_ref()),
            website: jurisdiction.website.as_ref().map(|w| w.to_string()),
            source: jurisdiction.source.as_ref().map(|s| s.to_string()),
            established: jurisdiction.established_on.map(|d| self.format.date(d)),
            children: self.jurisdiction_table(&self.children(id)),
            predecessors: self
                .report
                .predecessors_of(id)
                .iter()
                .map(|p| self.jurisdiction_link(p))
                .collect(),
            successors: self.links(self.report.successors_of(id)),
            plans: plans.iter().map(|p| self.plan_link(p)).collect(),
            figures,
            targets: plans
                .iter()
                .flat_map(|p| p.targets.iter().map(|t| self.target(p, t)))
                .collect(),
            tasks: self.tasks_late_first(
                plans
                    .iter()
                    .flat_map(|p| p.tasks.iter().map(move |t| (*p, t))),
            ),
            updates: self
                .report
                .updates_of(id)
                .take(JURISDICTION_UPDATES)
                .map(|u| self.update_summary(u))
                .collect(),
            updates_left_out: {
                let total = self.report.updates_of(id).count();
                (total > JURISDICTION_UPDATES).then(|| {
                    fill(
                        self.ui.text("updates_left_out"),
                        &[
                            ("shown", &self.format.number(JURISDICTION_UPDATES as f64, 0)),
                            ("total", &self.format.number(total as f64, 0)),
                        ],
                    )
                })
            },
            data_tables: self.data_tables(jurisdiction),
            calendar: outputs::has_calendar(self.report, id)
                .then(|| routes::jurisdiction_calendar(jurisdiction)),
        }
    }

    /// The jurisdiction's own rows of the open data's tables, as the plan has them.
    fn data_tables(&self, jurisdiction: &Jurisdiction) -> Vec<DataTable> {
        outputs::jurisdiction_tables(self.report, &jurisdiction.id)
            .into_iter()
            .map(|table| DataTable {
                href: routes::jurisdiction_table(jurisdiction, table),
                label_key: format!("table_{table}"),
            })
            .collect()
    }

    /// Jurisdictions compared on one indicator: each one's latest value, and its nearest
    /// target for the indicator still ahead (of the program's plans, given a program).
    pub(super) fn comparison_chart(
        &self,
        id: &str,
        program: Option<&Program>,
        indicator: &Indicator,
        listed: &[&Jurisdiction],
    ) -> Option<String> {
        let mut bars: Vec<Bar> = Vec::new();
        for jurisdiction in listed {
            let Some(latest) = self.report.latest(&jurisdiction.id, &indicator.id) else {
                continue;
            };
            let plans = self
                .report
                .plans_of(&jurisdiction.id)
                .filter(|p| program.is_none_or(|program| p.plan.program == program.id));
            let target = self.report.nearest_target(plans, indicator);
            bars.push(Bar {
                label: self.plain(&jurisdiction.name),
                label_lang: self.fallback_lang(&jurisdiction.name),
                value: latest.value,
                value_label: self
                    .value(indicator, latest.value, latest.measurement.qualifier)
                    .plain(),
                target: target.map(|t| {
                    (
                        t.target.value.get(),
                        self.target_sentence(&t.target, &t.indicator).plain(),
                    )
                }),
            });
        }
        bars.sort_by(|a, b| a.label.cmp(&b.label));
        let max = match indicator.unit {
            Unit::Percent => 100.0,
            Unit::Number => {
                bars.iter()
                    .flat_map(|b| [Some(b.value), b.target.as_ref().map(|t| t.0)])
                    .flatten()
                    .fold(0.0, f64::max)
                    * 1.1
            }
        };
        let name = self.plain(&indicator.name);
        let description = bars
            .iter()
            .map(|b| match &b.target {
                Some((_, target)) => format!("{}: {} ({target})", b.label, b.value_label),
                None => format!("{}: {}", b.label, b.value_label),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let scale_value = |v: f64| match indicator.unit {
            Unit::Percent => fill(self.ui.text("percent"), &[("n", &self.format.figure(v, 0))]),
            Unit::Number => self.format.figure(v, 0),
        };
        let (zero, top) = (scale_value(0.0), scale_value(max));
        bar_chart(&BarChart {
            id,
            title: &name,
            description: &description,
            bars: &bars,
            max,
            scale_labels: (&zero, &top),
            flow: self.flow(),
        })
    }

    pub fn target(&self, plan_report: &PlanReport, report: &TargetReport) -> Shown<TargetView> {
        self.shown(
            |shared| &shared.targets,
            report,
            || self.target_with(plan_report, report, Chart::Drawn),
        )
    }

    /// A target as its card shows it: the view its pages showed, or one without the
    /// chart, which the card does not draw and which is the dearest part of the view.
    pub fn target_for_card(
        &self,
        plan_report: &PlanReport,
        report: &TargetReport,
    ) -> Shown<TargetView> {
        self.shared
            .and_then(|shared| self.shown_before(&shared.targets, report))
            .unwrap_or_else(|| Shown::new(self.target_with(plan_report, report, Chart::Left)))
    }

    fn target_with(
        &self,
        plan_report: &PlanReport,
        report: &TargetReport,
        chart: Chart,
    ) -> TargetView {
        let plan = &*plan_report.plan;
        let jurisdiction = &*plan_report.jurisdiction;
        let target = &report.target.item;
        let indicator = &*report.indicator;
        let pace = &report.pace;
        let comparator = self.comparator(target.comparator);
        let deadline = self.format.date(target.deadline);
        let figure = |point: Option<crate::derive::pace::Point>,
                      source: Option<&crate::model::WebUrl>| {
            point.map(|p| FigureView {
                text: self.value(indicator, p.value, None),
                date: self.format.day(p.date),
                date_iso: p.date.to_string(),
                source: source
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| plan.source.to_string()),
            })
        };
        let strict = matches!(target.comparator, Comparator::Above | Comparator::Below);
        let still_needed = match (pace.still_needed, pace.needed_per_month) {
            (Some(gap), Some(per_month)) if pace.verdict != Verdict::Achieved => {
                let gap_text = self.amount(indicator, gap);
                let gap_text = if strict {
                    phrase::fill(self.ui.text("more_than"), &[("value", gap_text)])
                } else {
                    gap_text
                };
                Some(phrase::fill(
                    self.ui.text("pace_still_needed"),
                    &[
                        ("gap", gap_text),
                        ("days", Phrase::own(self.days(pace.days_left))),
                        (
                            "months",
                            Phrase::own(self.format.number(pace.months_left, 2)),
                        ),
                        ("per_month", self.amount(indicator, per_month)),
                        ("deadline", Phrase::own(&deadline)),
                    ],
                ))
            }
            _ => None,
        };
        let rates = pace.rates.map(|r| {
            let (key, observed, required) = match r.method {
                RateMethod::Compound => (
                    "pace_rates",
                    Phrase::own(fill(
                        self.ui.text("percent"),
                        &[("n", &self.format.number(r.observed * 100.0, 2))],
                    )),
                    Phrase::own(fill(
                        self.ui.text("percent"),
                        &[("n", &self.format.number(r.required * 100.0, 2))],
                    )),
                ),
                RateMethod::Linear => (
                    "pace_rates_linear",
                    self.amount(indicator, r.observed),
                    self.amount(indicator, r.required),
                ),
            };
            phrase::fill(
                self.ui.text(key),
                &[
                    ("observed", observed),
                    ("required", required),
                    (
                        "ratio",
                        Phrase::own(
                            r.ratio
                                .map_or_else(|| "–".to_owned(), |x| self.format.number(x, 2)),
                        ),
                    ),
                    (
                        "baseline_date",
                        Phrase::own(
                            pace.baseline
                                .map(|b| self.format.day(b.date))
                                .unwrap_or_default(),
                        ),
                    ),
                ],
            )
        });
        let projection = pace
            .rates
            .filter(|_| pace.verdict != Verdict::Achieved)
            .map(|r| {
                phrase::fill(
                    self.ui.text("pace_projection"),
                    &[
                        ("projection", self.value(indicator, r.projection, None)),
                        ("deadline", Phrase::own(&deadline)),
                    ],
                )
            });
        let sentence = self.target_sentence(target, indicator);
        // The card links back to the target's own page.
        let page =
            routes::folder_of(&routes::target(jurisdiction, &plan.id, &target.id)).to_owned();
        let anchor = format!("target-{}-{}", plan.id, target.id);
        let card = routes::card(jurisdiction, &plan.id, &target.id);
        let latest = pace
            .latest
            .map(|p| {
                format!(
                    " {} ({}).",
                    self.value(indicator, p.value, None).plain(),
                    self.format.day(p.date)
                )
            })
            .unwrap_or_default();
        let source = report.latest_source.as_ref().unwrap_or(&plan.source);
        let card_sentence = format!(
            "{} – {}:{latest} {}: {}. {}. {} {}. {}: {}.",
            self.plain(&jurisdiction.name),
            self.plain(&indicator.name),
            self.ui.text("target_label"),
            sentence.plain(),
            self.ui.text(verdict_key(pace.verdict)),
            self.ui.text("status_as_of"),
            self.format.day(self.report.as_of),
            self.ui.text("source_label"),
            source.host().unwrap_or_else(|| source.to_string()),
        );
        let embed = format!(
            "<a href=\"{base}{page}\"><img src=\"{base}{card}\" width=\"{width}\" height=\"{height}\" alt=\"{}\"></a>",
            crate::base::escape::markup(&card_sentence),
            base = crate::base::escape::markup(&self.base),
            width = CARD_WIDTH,
            height = CARD_HEIGHT,
        );
        TargetView {
            id: target.id.to_string(),
            href: routes::target(jurisdiction, &plan.id, &target.id),
            anchor,
            card,
            embed,
            card_sentence,
            indicator: self.text(&indicator.name),
            chart: match chart {
                Chart::Drawn => self.chart(plan, report, indicator, &sentence, {
                    let mut goal = Phrase::own(format!("{comparator} "));
                    goal.push(self.value(indicator, target.value.get(), None));
                    goal
                }),
                Chart::Left => None,
            },
            sentence,
            deadline,
            deadline_iso: target.deadline.last_day().to_string(),
            baseline: figure(pace.baseline, report.baseline_source.as_ref()),
            latest: figure(pace.latest, report.latest_source.as_ref()),
            verdict_key: pace.verdict,
            verdict: self.ui.text(verdict_key(pace.verdict)).to_owned(),
            outlook: pace.outlook,
            still_needed,
            rates,
            projection,
            pace: pace.clone(),
            note: self.optional(target.note.as_ref()),
            plan: Link {
                href: routes::plan(jurisdiction, &plan.id),
                text: self.plan_name(plan),
            },
            jurisdiction: self.jurisdiction_link(jurisdiction),
            progress: self.progress(indicator, target.value.get(), pace),
            changes: report.history.as_deref().map_or_else(Vec::new, |history| {
                self.changes(self.target_changes(history, indicator))
            }),
        }
    }

    /// The bar's scale runs from 0 to 100 for a percentage, else a little past the largest
    /// value; nothing to draw without a measurement.
    fn progress(&self, indicator: &Indicator, target: f64, pace: &Pace) -> Option<ProgressView> {
        let latest = pace.latest?.value;
        let baseline = pace
            .baseline
            .map(|b| b.value)
            .filter(|_| pace.rates.is_some());
        let top = match indicator.unit {
            Unit::Percent => 100.0,
            Unit::Number => latest.max(target).max(baseline.unwrap_or(0.0)) * 1.1,
        };
        if top <= 0.0 || latest < 0.0 {
            return None;
        }
        let at = |value: f64| format!("{:.2}%", (value / top * 100.0).clamp(0.0, 100.0));
        Some(ProgressView {
            latest: at(latest),
            target: at(target),
            baseline: baseline.map(at),
        })
    }

    /// The indicator's measurements in the plan's jurisdiction, against the straight path
    /// from the baseline to the target.
    fn chart(
        &self,
        plan: &Plan,
        report: &TargetReport,
        indicator: &Indicator,
        sentence: &Phrase,
        goal_text: Phrase,
    ) -> Option<ChartView> {
        let sentence = &sentence.plain();
        let target = &report.target.item;
        let series = self
            .report
            .series
            .get(&(plan.jurisdiction.clone(), target.indicator.clone()))?;
        let point = |date: chrono::NaiveDate, value: f64| ChartPoint {
            date,
            value,
            label: self.value(indicator, value, None).plain(),
        };
        let points: Vec<ChartPoint> = series
            .iter()
            .filter(|o| o.is_level())
            .map(|o| point(o.date, o.value))
            .collect();
        let first = points.first()?;
        let last = points.last()?;
        let baseline = report.pace.baseline.map(|b| point(b.date, b.value));
        let goal = point(target.deadline.last_day(), target.value.get());
        let unit = match (indicator.unit, &indicator.unit_label) {
            (Unit::Percent, _) => "%".to_owned(),
            (Unit::Number, Some(label)) => self.plain(label),
            (Unit::Number, None) => String::new(),
        };
        let name = self.plain(&indicator.name);
        let y_label = if unit.is_empty() {
            name.clone()
        } else {
            format!("{name} ({unit})")
        };
        let description = fill(
            self.ui.text("chart_description"),
            &[
                ("indicator", &name),
                ("first_date", &self.format.day(first.date)),
                ("last_date", &self.format.day(last.date)),
                ("latest", &last.label),
                ("target", sentence),
            ],
        );
        let tick = |value: f64| match indicator.unit {
            Unit::Percent => fill(
                self.ui.text("percent"),
                &[("n", &self.format.figure(value, 2))],
            ),
            Unit::Number => self.format.figure(value, indicator.decimals),
        };
        let year = |y: i32| self.format.date(crate::model::DateSpec::Year(y));
        let id = format!("chart-{}-{}", plan.id, target.id);
        let svg = series_chart(&SeriesChart {
            id: &id,
            title: sentence,
            description: &description,
            y_label: &y_label,
            y_label_lang: self.fallback_lang(&indicator.name),
            x_label: self.ui.text("chart_time_axis"),
            points: &points,
            path_from: baseline.as_ref(),
            target: &goal,
            ceiling: (indicator.unit == Unit::Percent).then_some(100.0),
            tick_label: &tick,
            year_label: &year,
            date_label: &|date| self.format.month_short(date),
            flow: self.flow(),
        })?;
        let shown = &points[points.len().saturating_sub(CHART_ROWS)..];
        let left_out =
            (shown.len() < points.len()).then(|| self.left_out(shown.len(), points.len()));
        let mut rows: Vec<ChartRow> = shown
            .iter()
            .map(|p| ChartRow {
                date: self.format.day(p.date),
                date_iso: p.date.to_string(),
                value: self.value(indicator, p.value, None),
                is_target: false,
            })
            .collect();
        rows.push(ChartRow {
            date: self.format.date(target.deadline),
            date_iso: goal.date.to_string(),
            value: goal_text,
            is_target: true,
        });
        Some(ChartView {
            svg,
            rows,
            left_out,
        })
    }

    /// "The newest 24 of 569 figures are listed."
    pub(super) fn left_out(&self, shown: usize, total: usize) -> String {
        fill(
            self.ui.text("figures_left_out"),
            &[
                ("shown", &self.format.number(shown as f64, 0)),
                ("total", &self.format.number(total as f64, 0)),
            ],
        )
    }

    pub fn task(&self, plan_report: &PlanReport, report: &TaskReport) -> Shown<TaskView> {
        self.shown(
            |shared| &shared.tasks,
            report,
            || self.task_view(plan_report, report),
        )
    }

    fn task_view(&self, plan_report: &PlanReport, report: &TaskReport) -> TaskView {
        let plan = &*plan_report.plan;
        let jurisdiction = &*plan_report.jurisdiction;
        let task = &report.task.item;
        let timing_key = timing_key(report.timing);
        let timing = self.timing_text(report.timing);
        let status_key = match report.declared {
            None => "not_reported",
            Some(DeclaredStatus::NotStarted) => "not_started",
            Some(DeclaredStatus::InProgress) => "in_progress",
            Some(DeclaredStatus::Done) => "done",
            Some(DeclaredStatus::Blocked) => "blocked",
            Some(DeclaredStatus::Cancelled) => "cancelled",
        };
        TaskView {
            id: task.id.to_string(),
            href: routes::task(jurisdiction, &plan.id, &task.id),
            what: self.text(&task.what),
            what_short: {
                let what = self.text(&task.what);
                let short = shorten(&what.plain(), 120);
                what.with_text(short)
            },
            lead: self.optional(task.lead.as_ref()),
            coordinating: task.coordinating.iter().map(|t| self.text(t)).collect(),
            deliverable: self.optional(task.deliverable.as_ref()),
            deadline: task.deadline.map(|d| self.format.date(d)),
            deadline_iso: task.deadline.map(|d| d.last_day().to_string()),
            approving_authority: self.optional(task.approving_authority.as_ref()),
            status_key: status_key.to_owned(),
            status: self.ui.text(&format!("status_{status_key}")).to_owned(),
            timing_key,
            timing,
            done_on: task.done_on.map(|d| self.format.day(d.date())),
            done_on_iso: task.done_on.map(|d| d.to_string()),
            notes: self.optional(task.notes.as_ref()),
            source: task.source.as_ref().unwrap_or(&plan.source).to_string(),
            plan: Link {
                href: routes::plan(jurisdiction, &plan.id),
                text: self.plan_name(plan),
            },
            jurisdiction: self.jurisdiction_link(jurisdiction),
            moved: report
                .history
                .as_deref()
                .and_then(|history| self.moved(history, task.deadline)),
            changes: report
                .history
                .as_deref()
                .map_or_else(Vec::new, |history| self.changes(self.task_changes(history))),
        }
    }

    fn moved(&self, history: &TaskHistory, now: Option<DateSpec>) -> Option<MovedView> {
        let original = history.original_deadline()?;
        Some(MovedView {
            tag: self.deadline_moved_tag(history)?,
            history: self.change_view(self.deadline_history(history, now)?),
            original: self.format.date(original),
            original_iso: original.last_day().to_string(),
            times: history.moves().count(),
            by: history.moved_by_days(now).map(|days| self.moved_by(days)),
        })
    }

    fn changes(&self, said: Vec<Said>) -> Vec<ChangeView> {
        said.into_iter().map(|s| self.change_view(s)).collect()
    }

    fn change_view(&self, said: Said) -> ChangeView {
        ChangeView {
            text: said.text,
            date: self.format.day(said.commit.date),
            date_iso: said.commit.date.to_string(),
            commit: self.commit(said.commit),
        }
    }

    fn commit(&self, commit: &Commit) -> CommitView {
        CommitView {
            short: commit.short().to_owned(),
            href: self.report.site.config.commit_url(&commit.id),
        }
    }

    /// When a plan or an update was published and last changed, with the last commit.
    fn published_view(&self, published: Option<&Published>) -> Option<ChangeView> {
        let published = published?;
        Some(ChangeView {
            text: Phrase::own(self.published(published)),
            date: self.format.day(published.last.date),
            date_iso: published.last.date.to_string(),
            commit: self.commit(&published.last),
        })
    }

    /// Late tasks first (the most late first), then those due soonest, then the rest.
    pub fn tasks_late_first<'t>(
        &self,
        tasks: impl Iterator<Item = (&'t PlanReport, &'t TaskReport)>,
    ) -> Vec<Shown<TaskView>> {
        self.report
            .tasks_in_order(tasks)
            .into_iter()
            .map(|(plan, t)| self.task(plan, t))
            .collect()
    }

    /// A measurement as reported, with its date or period and its source (the update's
    /// first source unless it names its own).
    pub(super) fn measurement(
        &self,
        update: &Update,
        m: &Located<Measurement>,
        indicator: &Indicator,
        revisions: &[Change<Figure>],
    ) -> MeasurementView {
        let date = m.date.unwrap_or(update.date.spec());
        let source = m.source.as_ref().or(update.sources.first().map(|s| &s.url));
        MeasurementView {
            indicator: self.text(&indicator.name),
            indicator_href: routes::indicator(&indicator.id),
            figure: self.value(indicator, m.value.get(), m.qualifier),
            date: self.format.date(date),
            date_iso: date.last_day().min(update.date.date()).to_string(),
            period: m
                .period_start
                .map(|start| format!("{} – {}", self.format.date(start), self.format.date(date))),
            source: source.map(|s| s.to_string()).unwrap_or_default(),
            note: self.optional(m.note.as_ref()),
            revised: self
                .revision(revisions, indicator)
                .map(|said| self.change_view(said)),
        }
    }

    pub fn update_summary(&self, report: &UpdateReport) -> Shown<UpdateSummary> {
        self.shown(
            |shared| &shared.updates,
            report,
            || self.update_summary_view(report),
        )
    }

    fn update_summary_view(&self, report: &UpdateReport) -> UpdateSummary {
        let update = &*report.update;
        UpdateSummary {
            href: routes::update(&report.jurisdiction, &update.id),
            title: self.text(&update.title),
            date: self.format.day(update.date.date()),
            date_iso: update.date.to_string(),
            jurisdiction: self.jurisdiction_link(&report.jurisdiction),
            measurements: report
                .measurements
                .iter()
                .map(|m| self.measurement(update, &m.measurement, &m.indicator, &m.revisions))
                .collect(),
            source: update
                .sources
                .first()
                .map(|s| s.url.to_string())
                .unwrap_or_default(),
            published: self.published_view(report.published.as_ref()),
            summaries: update
                .summaries
                .iter()
                .map(|s| {
                    phrase::fill(
                        self.ui.text("summary_count"),
                        &[
                            (
                                "done",
                                Phrase::own(self.format.number(f64::from(s.done), 0)),
                            ),
                            (
                                "total",
                                Phrase::own(self.format.number(f64::from(s.total), 0)),
                            ),
                            ("label", self.text(&s.label)),
                        ],
                    )
                })
                .collect(),
        }
    }

    pub fn update_page(&self, report: &UpdateReport) -> UpdateView {
        let update = &report.update;
        UpdateView {
            summary: self.update_summary(report),
            sources: update
                .sources
                .iter()
                .map(|s| Link {
                    href: s.url.to_string(),
                    text: match (&s.title, &s.publisher) {
                        (Some(title), Some(publisher)) => phrase::fill(
                            "{title} ({publisher})",
                            &[
                                ("title", self.text(title)),
                                ("publisher", self.text(publisher)),
                            ],
                        ),
                        (Some(title), None) => self.text(title),
                        (None, Some(publisher)) => phrase::fill(
                            "{publisher} ({url})",
                            &[
                                ("publisher", self.text(publisher)),
                                ("url", Phrase::own(s.url.to_string())),
                            ],
                        ),
                        (None, None) => Phrase::own(s.url.to_string()),
                    },
                })
                .collect(),
            body_html: self.body(&update.body),
        }
    }

    pub fn program_summary(&self, program: &Program) -> ProgramSummary {
        ProgramSummary {
            id: program.id.to_string(),
            href: routes::program(program),
            number: self.code(&program.number),
            kind: self.optional(program.kind.as_ref()),
            title: self.text(&program.title),
            issued_by: self.text(&program.issued_by),
            issued_on: self.format.day(program.issued_on.date()),
            issued_on_iso: program.issued_on.to_string(),
            source: program.source.to_string(),
        }
    }

    pub fn program_page(&self, program: &Program) -> ProgramView {
        let plans = self.report.plans_of_program(&program.id);
        let indicators: Vec<&Indicator> = self
            .report
            .indicators_of(&program.id)
            .iter()
            .map(|i| &**i)
            .collect();
        let compared = self.report.compared_jurisdictions(program, &plans);
        let listed = self.report.listed(&compared);
        let nested = listed.len() < compared.len();
        let mut rows: Vec<ComparisonRow> = listed
            .iter()
            .map(|&jurisdiction| ComparisonRow {
                jurisdiction: self.jurisdiction_link(jurisdiction),
                cells: indicators
                    .iter()
                    .map(|indicator| {
                        self.report
                            .latest(&jurisdiction.id, &indicator.id)
                            .map(|o| ComparisonCell {
                                figure: self.observation(indicator, o),
                                value: o.value,
                            })
                    })
                    .collect(),
                targets: self
                    .report
                    .plans_of(&jurisdiction.id)
                    .filter(|p| p.plan.program == program.id)
                    .flat_map(|p| {
                        p.targets.iter().map(|t| Link {
                            href: routes::target(&p.jurisdiction, &p.plan.id, &t.target.id),
                            text: self.target_sentence(&t.target, &t.indicator),
                        })
                    })
                    .collect(),
            })
            .collect();
        rows.sort_by_cached_key(|r| r.jurisdiction.text.plain());
        let chart = indicators.first().and_then(|indicator| {
            let id = format!("chart-{}", program.id);
            self.comparison_chart(&id, Some(program), indicator, &listed)
        });
        ProgramView {
            summary: self.program_summary(program),
            summary_text: self.optional(program.summary.as_ref()),
            related: program
                .related
                .iter()
                .map(|r| RelatedView {
                    number: self.code(&r.number),
                    title: self.text(&r.title),
                    issued_by: self.optional(r.issued_by.as_ref()),
                    issued_on: r.issued_on.map(|d| self.format.day(d.date())),
                    source: r.source.as_ref().map(|s| s.to_string()),
                })
                .collect(),
            plans: self
                .report
                .listed_plans(&plans)
                .map(|p| self.plan_link(p))
                .collect(),
            chart,
            chart_title: indicators.first().map(|i| self.text(&i.name)),
            comparison: Comparison {
                indicators: indicators
                    .iter()
                    .map(|i| Link {
                        href: routes::indicator(&i.id),
                        text: self.text(&i.name),
                    })
                    .collect(),
                rows,
                nested,
            },
        }
    }

    pub fn plan_page(&self, report: &PlanReport) -> PlanView {
        let plan = &report.plan;
        let program = &report.program;
        let c = report.clarities;
        let clarity = |key: &'static str, count| ClarityView {
            key,
            label: self.ui.text(&format!("clarity_{key}")).to_owned(),
            count,
            total: c.tasks,
        };
        PlanView {
            link: self.plan_link(report),
            issued_by: self.text(&plan.issued_by),
            source: plan.source.to_string(),
            program: Link {
                href: routes::program(program),
                text: {
                    let mut text = self.code(&program.number);
                    text.push_str(" – ");
                    text.push(self.text(&program.title));
                    text
                },
            },
            body_html: self.body(&plan.body),
            targets: report
                .targets
                .iter()
                .map(|t| self.target(report, t))
                .collect(),
            tasks: self.tasks_late_first(report.tasks.iter().map(|t| (report, t))),
            clarities: vec![
                clarity("person", c.person),
                clarity("work", c.work),
                clarity("time", c.time),
                clarity("responsibility", c.responsibility),
                clarity("product", c.product),
                clarity("authority", c.authority),
            ],
            published: self.published_view(report.published.as_ref()),
        }
    }

    /// The site's deadlines: those of the jurisdictions it lists at the top, and how many
    /// lie further down within each of them.
    pub fn deadlines(&self) -> Deadlines {
        let mut deadlines = Deadlines {
            overdue: Vec::new(),
            due_soon: Vec::new(),
            upcoming: Vec::new(),
            further: Vec::new(),
            moved: Vec::new(),
        };
        let mut moved = Vec::new();
        for (plan, task) in self.report.overview_tasks() {
            if let Some(history) = &task.history {
                let times = history.moves().count();
                if times > 0 {
                    moved.push((times, plan, task));
                }
            }
            let list = match open_deadline(task.timing) {
                Some(OpenDeadline::Late) => &mut deadlines.overdue,
                Some(OpenDeadline::DueSoon) => &mut deadlines.due_soon,
                Some(OpenDeadline::Upcoming) => &mut deadlines.upcoming,
                None => continue,
            };
            list.push(self.task(plan, task));
        }
        // Most often first; then in the order of the lists, which the sort keeps.
        moved.sort_by_key(|(times, _, _)| std::cmp::Reverse(*times));
        deadlines.moved = moved
            .into_iter()
            .map(|(_, plan, task)| self.task(plan, task))
            .collect();
        for jurisdiction in self.overview() {
            let mut counts = [0; 3];
            let further_down = self.report.further_down(&jurisdiction.id);
            let tasks = further_down
                .iter()
                .flat_map(|j| self.report.plans_of(&j.id))
                .flat_map(|p| &p.tasks);
            for task in tasks {
                if let Some(deadline) = open_deadline(task.timing) {
                    counts[deadline as usize] += 1;
                }
            }
            if counts != [0; 3] {
                let link = self.jurisdiction_link(jurisdiction);
                deadlines.further.push(FurtherDeadlines {
                    jurisdiction: Link {
                        href: format!("{}#sub-jurisdictions", link.href),
                        text: link.text,
                    },
                    overdue: counts[0],
                    due_soon: counts[1],
                    upcoming: counts[2],
                });
            }
        }
        deadlines
    }
}

/// `text` cut at the last space before `max` characters, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(before, _)| before);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn long_text_is_cut_at_a_word() {
        assert_eq!(shorten("Tổ chức quán triệt", 40), "Tổ chức quán triệt");
        assert_eq!(
            shorten("Tổ chức nghiên cứu, học tập, quán triệt", 22),
            "Tổ chức nghiên cứu…"
        );
    }
}
