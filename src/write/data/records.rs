//! The records of tiendo's open data: what a page shows, as raw values (numbers, ISO
//! dates, ids, web addresses) beside the page's own words for them. `index.json` beside
//! each page is made of these; its JSON Schema (`schema/page.json`) is derived from them,
//! so that the schema and the data cannot disagree.
//!
//! Text is in the page's language, or in the site's default language where it is not
//! translated, as the page shows it. Every record holds only what the page shows.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;

use super::values::round;
use super::written::{Memo, Written};
use crate::derive::history::{AnyChange, Change, Published};
use crate::derive::pace::{Outlook, Pace, RateMethod, Verdict};
use crate::derive::status::Timing;
use crate::derive::{Observation, PlanReport, TargetReport, TaskReport, UpdateReport};
use crate::locale::words::{Words, timing_key, verdict_key};
use crate::model::{
    Comparator, DateSpec, DeclaredStatus, Figure, Indicator, Jurisdiction, Level, Located,
    Measurement, Plan, Program, Qualifier, Unit, Update,
};
use crate::site::routes;

/// A date as its source gives it: a day (`2025-11-28`), a month (`2025-11`) or a year
/// (`2026`).
pub type DateText = String;

#[derive(Debug, Serialize, JsonSchema)]
pub struct IndicatorRecord {
    pub id: String,
    pub name: String,
    /// `percent` (a share from 0 to 100) or `number`.
    pub unit: Unit,
    /// What a number counts (`people`), when the unit is `number`.
    pub unit_label: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct JurisdictionRecord {
    pub id: String,
    pub name: String,
    pub level: Level,
    /// The id of the jurisdiction it belongs to.
    pub parent: Option<String>,
    /// The address of its page.
    pub url: String,
    pub description: Option<String>,
    pub established_on: Option<DateText>,
    pub ended_on: Option<DateText>,
    /// Ids of the jurisdictions it was formed from.
    pub predecessors: Vec<String>,
    /// Ids of the jurisdictions it was merged into.
    pub successors: Vec<String>,
    pub website: Option<String>,
    /// Where its facts (predecessors, dates) come from.
    pub source: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ProgramRecord {
    pub id: String,
    /// Its document number: `52-CT/TW`.
    pub number: String,
    pub kind: Option<String>,
    pub title: String,
    pub issued_by: String,
    pub issued_on: DateText,
    pub source: String,
    pub url: String,
    /// Ids of the indicators it compares jurisdictions on.
    pub indicators: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanRecord {
    /// Unique within its jurisdiction.
    pub id: String,
    pub jurisdiction: String,
    /// Its document number: `15-KH/TU`.
    pub number: String,
    /// What the document is: `Kế hoạch`, `Nghị quyết`.
    pub kind: Option<String>,
    pub title: String,
    /// The id of the program it implements.
    pub program: String,
    pub issued_by: String,
    pub issued_on: DateText,
    pub source: String,
    pub url: String,
    /// Absent when the content's history is not read.
    pub published: Option<PublishedRecord>,
}

/// One change the content's history shows: a deadline moved, a status reported, a
/// target or a figure revised.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChangeRecord {
    /// What changed: `deadline`, `status`, `done_on`, `value` or `comparator`.
    pub field: String,
    /// What it was, as the content writes it; absent where it was not given.
    pub old_value: Option<String>,
    /// What it became.
    pub new_value: Option<String>,
    /// The change in words, as the page shows it.
    pub text: String,
    /// The day of the commit that changed it.
    pub date: String,
    /// The commit, in full.
    pub commit: String,
    /// Its page in the content's repository, where the site names one.
    pub commit_url: Option<String>,
}

/// When a plan or an update was first published and last changed: the days and
/// commits, on the main line of the content's history.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PublishedRecord {
    pub first_published: String,
    pub first_commit: String,
    pub last_changed: String,
    pub last_commit: String,
}

/// A value measured on a day, and where it comes from.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PointRecord {
    pub value: f64,
    pub date: String,
    pub source: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RateRecord {
    /// `compound`: growth as a fraction per year (0.037 is 3.7 % a year); `linear`:
    /// change in the indicator's unit per year.
    pub method: RateMethod,
    /// The rate from the baseline to the latest measurement.
    pub observed: f64,
    /// The rate from the baseline that reaches the target on its deadline.
    pub required: f64,
    /// observed ÷ required; absent when no rate is required.
    pub ratio: Option<f64>,
    /// The value on the deadline if the observed rate holds.
    pub projection: f64,
}

/// How a target stands on the as-of date.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PaceRecord {
    pub verdict: Verdict,
    /// The verdict in words, as the page shows it.
    pub verdict_text: String,
    pub outlook: Outlook,
    /// Days from the as-of date to the deadline (negative once it has passed).
    pub days_left: i64,
    /// The same in months of 30.44 days.
    pub months_left: f64,
    /// How far the latest value is from the target value (0 once achieved).
    pub still_needed: Option<f64>,
    /// `still_needed` spread over the months left.
    pub needed_per_month: Option<f64>,
    /// Absent with fewer than two measurements far enough apart.
    pub rate: Option<RateRecord>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TargetRecord {
    /// Unique within its plan.
    pub id: String,
    pub plan: String,
    pub jurisdiction: String,
    pub indicator: IndicatorRecord,
    pub comparator: Comparator,
    pub value: f64,
    pub deadline: DateText,
    /// The last day the deadline covers: a month's last day, a year's 31 December.
    pub deadline_end: String,
    /// The target in a sentence, as the page shows it.
    pub sentence: String,
    pub baseline: Option<PointRecord>,
    pub latest: Option<PointRecord>,
    pub pace: PaceRecord,
    pub note: Option<String>,
    /// What changed since it was published, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ChangeRecord>,
}

/// A task, its six clarities (*sáu rõ*) as fields: `lead` (clear person), `what` (clear
/// work), `deadline` (clear time), `coordinating` (clear responsibility), `deliverable`
/// (clear product) and `approving_authority` (clear authority).
#[derive(Debug, Serialize, JsonSchema)]
pub struct TaskRecord {
    /// Unique within its plan.
    pub id: String,
    pub plan: String,
    pub jurisdiction: String,
    pub what: String,
    pub lead: Option<String>,
    pub coordinating: Vec<String>,
    pub deliverable: Option<String>,
    pub deadline: Option<DateText>,
    pub deadline_end: Option<String>,
    pub approving_authority: Option<String>,
    /// The status its jurisdiction reports; absent when none is reported.
    pub declared_status: Option<DeclaredStatus>,
    pub done_on: Option<String>,
    /// What the calendar says on the as-of date.
    pub timing: TimingRecord,
    pub notes: Option<String>,
    pub source: String,
    /// What changed since it was published, oldest first: each move of its deadline,
    /// each status reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ChangeRecord>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TimingRecord {
    /// `overdue` (reported not done, deadline passed), `past_deadline` (deadline passed,
    /// no status reported), `due_soon`, `upcoming`, `no_deadline`, `done_late`, `done`
    /// or `cancelled`.
    pub key: String,
    /// Days late, or days left, where the key has a count.
    pub days: Option<i64>,
    /// The timing in words, as the page shows it.
    pub text: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MeasurementRecord {
    pub jurisdiction: String,
    pub indicator: IndicatorRecord,
    pub value: f64,
    pub qualifier: Option<Qualifier>,
    /// The value as the page shows it, with its unit.
    pub text: String,
    /// The date it was measured on, or the end of the period it sums up.
    pub date: DateText,
    pub date_end: String,
    /// For a figure summed over a period (people supported in 2021–2025), its start.
    pub period_start: Option<DateText>,
    pub source: String,
    /// The id of the update that reports it.
    pub update: String,
    pub note: Option<String>,
    /// Each revision of the figure after it was published, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<ChangeRecord>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SourceRecord {
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CountRecord {
    pub label: String,
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct UpdateRecord {
    /// Unique within its jurisdiction.
    pub id: String,
    pub jurisdiction: String,
    pub date: String,
    pub title: String,
    pub url: String,
    pub sources: Vec<SourceRecord>,
    pub measurements: Vec<MeasurementRecord>,
    pub counts: Vec<CountRecord>,
    /// Absent when the content's history is not read.
    pub published: Option<PublishedRecord>,
}

/// The records one jurisdiction's data documents in one language have in common (its
/// `index.json` lists every target and task of its plans, each plan's its own again),
/// kept while they are written.
#[derive(Default)]
pub struct Shared {
    targets: Memo<TargetReport, TargetRecord>,
    tasks: Memo<TaskReport, TaskRecord>,
}

/// Builds records in one language, with addresses from the site's base URL.
pub struct Records<'v, 'a> {
    pub words: &'v Words<'a>,
    /// The base URL followed by the language's folder: `https://example.org/en/`.
    pub base: String,
    /// The records written before for the documents this one shares them with.
    pub shared: &'v Shared,
}

impl Records<'_, '_> {
    fn url(&self, href: &str) -> String {
        format!("{}{}", self.base, routes::folder_of(href))
    }

    pub fn indicator(&self, indicator: &Indicator) -> IndicatorRecord {
        IndicatorRecord {
            id: indicator.id.to_string(),
            name: self.words.plain(&indicator.name),
            unit: indicator.unit,
            unit_label: indicator.unit_label.as_ref().map(|l| self.words.plain(l)),
        }
    }

    pub fn jurisdiction(&self, jurisdiction: &Jurisdiction) -> JurisdictionRecord {
        let report = self.words.report;
        let ids = |jurisdictions: &[Arc<Jurisdiction>]| {
            jurisdictions.iter().map(|j| j.id.to_string()).collect()
        };
        JurisdictionRecord {
            id: jurisdiction.id.to_string(),
            name: self.words.plain(&jurisdiction.name),
            level: jurisdiction.level,
            parent: report.parent_of(&jurisdiction.id).map(|p| p.id.to_string()),
            url: self.url(&routes::jurisdiction(jurisdiction)),
            description: jurisdiction
                .description
                .as_ref()
                .map(|d| self.words.plain(d)),
            established_on: jurisdiction.established_on.map(|d| d.to_string()),
            ended_on: jurisdiction.ended_on.map(|d| d.to_string()),
            predecessors: ids(report.predecessors_of(&jurisdiction.id)),
            successors: ids(report.successors_of(&jurisdiction.id)),
            website: jurisdiction.website.as_ref().map(|w| w.to_string()),
            source: jurisdiction.source.as_ref().map(|s| s.to_string()),
        }
    }

    pub fn program(&self, program: &Program) -> ProgramRecord {
        ProgramRecord {
            id: program.id.to_string(),
            number: program.number.clone(),
            kind: program.kind.as_ref().map(|k| self.words.plain(k)),
            title: self.words.plain(&program.title),
            issued_by: self.words.plain(&program.issued_by),
            issued_on: program.issued_on.to_string(),
            source: program.source.to_string(),
            url: self.url(&routes::program(program)),
            indicators: program.indicators.iter().map(|i| i.to_string()).collect(),
        }
    }

    pub fn plan(&self, report: &PlanReport) -> PlanRecord {
        let (plan, jurisdiction) = (&report.plan, &report.jurisdiction);
        PlanRecord {
            id: plan.id.to_string(),
            jurisdiction: plan.jurisdiction.to_string(),
            number: plan.number.clone(),
            kind: plan.kind.as_ref().map(|k| self.words.plain(k)),
            title: self.words.plain(&plan.title),
            program: plan.program.to_string(),
            issued_by: self.words.plain(&plan.issued_by),
            issued_on: plan.issued_on.to_string(),
            source: plan.source.to_string(),
            url: self.url(&routes::plan(jurisdiction, &plan.id)),
            published: report.published.as_ref().map(published),
        }
    }

    fn changes(&self, changes: Vec<AnyChange>, indicator: Option<&Indicator>) -> Vec<ChangeRecord> {
        let config = &self.words.report.site.config;
        changes
            .into_iter()
            .map(|change| {
                let (old_value, new_value) = change.values();
                let commit = change.commit();
                ChangeRecord {
                    field: change.field().to_owned(),
                    old_value,
                    new_value,
                    text: self.words.change_text(change, indicator).plain(),
                    date: commit.date.to_string(),
                    commit: commit.id.clone(),
                    commit_url: config.commit_url(&commit.id),
                }
            })
            .collect()
    }

    pub fn target(&self, plan: &Plan, report: &TargetReport) -> TargetRecord {
        let target = &report.target.item;
        let indicator = &report.indicator;
        let point = |point: Option<crate::derive::pace::Point>,
                     source: Option<&crate::model::WebUrl>| {
            point.map(|p| PointRecord {
                value: p.value,
                date: p.date.to_string(),
                source: source.unwrap_or(&plan.source).to_string(),
            })
        };
        TargetRecord {
            id: target.id.to_string(),
            plan: plan.id.to_string(),
            jurisdiction: plan.jurisdiction.to_string(),
            indicator: self.indicator(indicator),
            comparator: target.comparator,
            value: target.value.get(),
            deadline: target.deadline.to_string(),
            deadline_end: target.deadline.last_day().to_string(),
            sentence: self.words.target_sentence(target, indicator).plain(),
            baseline: point(report.pace.baseline, report.baseline_source.as_ref()),
            latest: point(report.pace.latest, report.latest_source.as_ref()),
            pace: self.pace(&report.pace),
            note: target.note.as_ref().map(|n| self.words.plain(n)),
            changes: report
                .history
                .as_ref()
                .map_or_else(Vec::new, |h| self.changes(h.all(), Some(indicator))),
        }
    }

    fn pace(&self, pace: &Pace) -> PaceRecord {
        PaceRecord {
            verdict: pace.verdict,
            verdict_text: self.words.ui.text(verdict_key(pace.verdict)).to_owned(),
            outlook: pace.outlook,
            days_left: pace.days_left,
            months_left: round(pace.months_left, 4),
            still_needed: pace.still_needed.map(|v| round(v, 6)),
            needed_per_month: pace.needed_per_month.map(|v| round(v, 6)),
            rate: pace.rates.map(|r| RateRecord {
                method: r.method,
                observed: round(r.observed, 6),
                required: round(r.required, 6),
                ratio: r.ratio.map(|x| round(x, 4)),
                projection: round(r.projection, 4),
            }),
        }
    }

    pub fn task(&self, plan: &Plan, report: &TaskReport) -> TaskRecord {
        let task = &report.task.item;
        let text = |t: &crate::model::Text| self.words.plain(t);
        let days = match report.timing {
            Timing::Overdue { days_overdue: days }
            | Timing::PastDeadline { days_past: days }
            | Timing::DueSoon { days_left: days }
            | Timing::Upcoming { days_left: days }
            | Timing::DoneLate { days_late: days } => Some(days),
            Timing::NoDeadline | Timing::Done | Timing::Cancelled => None,
        };
        TaskRecord {
            id: task.id.to_string(),
            plan: plan.id.to_string(),
            jurisdiction: plan.jurisdiction.to_string(),
            what: text(&task.what),
            lead: task.lead.as_ref().map(text),
            coordinating: task.coordinating.iter().map(text).collect(),
            deliverable: task.deliverable.as_ref().map(text),
            deadline: task.deadline.map(|d| d.to_string()),
            deadline_end: task.deadline.map(|d| d.last_day().to_string()),
            approving_authority: task.approving_authority.as_ref().map(text),
            declared_status: report.declared,
            done_on: task.done_on.map(|d| d.to_string()),
            timing: TimingRecord {
                key: timing_key(report.timing).to_owned(),
                days,
                text: self.words.timing_text(report.timing),
            },
            notes: task.notes.as_ref().map(text),
            source: task.source.as_ref().unwrap_or(&plan.source).to_string(),
            changes: report
                .history
                .as_ref()
                .map_or_else(Vec::new, |h| self.changes(h.all(), None)),
        }
    }

    pub fn measurement(
        &self,
        update: &Update,
        m: &Located<Measurement>,
        indicator: &Indicator,
        revisions: &[Change<Figure>],
    ) -> MeasurementRecord {
        let date: DateSpec = m.date.unwrap_or(update.date.spec());
        let source = m.source.as_ref().or(update.sources.first().map(|s| &s.url));
        MeasurementRecord {
            jurisdiction: update.jurisdiction.to_string(),
            indicator: self.indicator(indicator),
            value: m.value.get(),
            qualifier: m.qualifier,
            text: self
                .words
                .value(indicator, m.value.get(), m.qualifier)
                .plain(),
            date: date.to_string(),
            date_end: date.last_day().min(update.date.date()).to_string(),
            period_start: m.period_start.map(|d| d.to_string()),
            source: source.map(|s| s.to_string()).unwrap_or_default(),
            update: update.id.to_string(),
            note: m.note.as_ref().map(|n| self.words.plain(n)),
            revisions: self.changes(
                revisions.iter().map(AnyChange::Figure).collect(),
                Some(indicator),
            ),
        }
    }

    pub fn observation(&self, observation: &Observation) -> MeasurementRecord {
        self.measurement(
            &observation.update,
            &observation.measurement,
            &observation.indicator,
            &observation.revisions,
        )
    }

    pub fn update(&self, report: &UpdateReport) -> UpdateRecord {
        let (update, jurisdiction) = (&*report.update, &report.jurisdiction);
        UpdateRecord {
            id: update.id.to_string(),
            jurisdiction: update.jurisdiction.to_string(),
            date: update.date.to_string(),
            title: self.words.plain(&update.title),
            url: self.url(&routes::update(jurisdiction, &update.id)),
            sources: update
                .sources
                .iter()
                .map(|s| SourceRecord {
                    url: s.url.to_string(),
                    title: s.title.as_ref().map(|t| self.words.plain(t)),
                    publisher: s.publisher.as_ref().map(|p| self.words.plain(p)),
                })
                .collect(),
            measurements: report
                .measurements
                .iter()
                .map(|m| self.measurement(update, &m.measurement, &m.indicator, &m.revisions))
                .collect(),
            counts: update
                .summaries
                .iter()
                .map(|s| CountRecord {
                    label: self.words.plain(&s.label),
                    done: s.done,
                    total: s.total,
                })
                .collect(),
            published: report.published.as_ref().map(published),
        }
    }

    /// A target's record as written for its jurisdiction's documents.
    pub fn shared_target(&self, plan: &Plan, report: &TargetReport) -> Written<TargetRecord> {
        self.shared
            .targets
            .get_or_write(report, || self.target(plan, report))
    }

    /// A task's record as written for its jurisdiction's documents.
    pub fn shared_task(&self, plan: &Plan, report: &TaskReport) -> Written<TaskRecord> {
        self.shared
            .tasks
            .get_or_write(report, || self.task(plan, report))
    }

    /// A plan's targets and tasks, late tasks first as its page lists them.
    pub fn plan_parts(
        &self,
        report: &PlanReport,
    ) -> (Vec<Written<TargetRecord>>, Vec<Written<TaskRecord>>) {
        let targets = report
            .targets
            .iter()
            .map(|t| self.shared_target(&report.plan, t))
            .collect();
        let tasks = self
            .words
            .report
            .tasks_in_order(report.tasks.iter().map(|t| (report, t)))
            .into_iter()
            .map(|(plan, t)| self.shared_task(&plan.plan, t))
            .collect();
        (targets, tasks)
    }
}

fn published(published: &Published) -> PublishedRecord {
    PublishedRecord {
        first_published: published.first.date.to_string(),
        first_commit: published.first.id.clone(),
        last_changed: published.last.date.to_string(),
        last_commit: published.last.id.clone(),
    }
}
