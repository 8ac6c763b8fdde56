//! `index.json`: the data of a home, program, jurisdiction or plan page, in the page's
//! language, beside the page. Its shape is published as a JSON Schema, derived from the
//! types below (`schema/page.json`).

use schemars::JsonSchema;
use serde::Serialize;

use super::records::{
    JurisdictionRecord, MeasurementRecord, PlanRecord, ProgramRecord, Records, TargetRecord,
    TaskRecord, UpdateRecord,
};
use super::written::Written;
use crate::derive::PlanReport;
use crate::derive::queries::HOME_UPDATES;
use crate::model::{Indicator, Jurisdiction, Program};

/// Where the schema is published, from the site's root.
pub const SCHEMA_PATH: &str = "schema/page.json";

/// The format's name and version; a change that breaks readers gets a new version.
const FORMAT: &str = "tiendo-page/1";

/// The data of one page.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PageData {
    /// The address of this document's JSON Schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// `tiendo-page/1`.
    pub format: String,
    /// The language of its text (BCP 47): text not translated into it is in the site's
    /// default language, as on the page.
    pub language: String,
    /// The day the data describes: statuses and pace are computed on it.
    pub as_of: String,
    /// The address of the page that shows this data.
    pub page: String,
    pub license: Option<LicenseRecord>,
    #[serde(flatten)]
    pub content: PageContent,
}

/// Under which terms the data may be reused, as `site.yaml` declares.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LicenseRecord {
    /// An SPDX identifier such as `CC-BY-4.0`.
    pub name: String,
    pub title: Option<String>,
    pub url: String,
}

/// What a page shows, by its kind.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageContent {
    /// The site's home: the jurisdictions at the top (the country and its provinces) at a
    /// glance, the programs, the latest updates and the most late tasks.
    Home {
        programs: Vec<ProgramRecord>,
        jurisdictions: Vec<JurisdictionSummary>,
        updates: Vec<UpdateRecord>,
        /// Tasks overdue or past their deadline, the most late first, of the
        /// jurisdictions listed; at most ten.
        late_tasks: Vec<TaskRecord>,
    },
    /// A program and the jurisdictions at the top implementing it, compared on its
    /// indicators; those further down are compared on their parent's page.
    Program {
        program: ProgramRecord,
        /// What the program is about.
        summary: Option<String>,
        /// Documents it builds on or that implement it.
        related: Vec<RelatedRecord>,
        plans: Vec<PlanRecord>,
        comparison: Vec<ComparisonRow>,
    },
    /// A jurisdiction: its latest figures, targets, tasks and updates.
    Jurisdiction {
        jurisdiction: JurisdictionRecord,
        /// The jurisdictions right within it, at a glance, as its page lists them.
        children: Vec<JurisdictionSummary>,
        plans: Vec<PlanRecord>,
        /// The latest measurement of each indicator.
        measurements: Vec<MeasurementRecord>,
        targets: Vec<Written<TargetRecord>>,
        /// Late first.
        tasks: Vec<Written<TaskRecord>>,
        updates: Vec<UpdateRecord>,
    },
    /// A plan, its targets and its tasks.
    Plan {
        plan: PlanRecord,
        /// The plan's text, in Markdown, as its page shows it.
        text: String,
        targets: Vec<Written<TargetRecord>>,
        /// Late first.
        tasks: Vec<Written<TaskRecord>>,
    },
}

/// A document related to a program.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RelatedRecord {
    pub number: String,
    pub title: String,
    pub issued_by: Option<String>,
    pub issued_on: Option<String>,
    pub source: Option<String>,
}

/// A jurisdiction at a glance, as the home page and its parent's page list it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct JurisdictionSummary {
    pub jurisdiction: JurisdictionRecord,
    /// The latest measurement of the site's headline indicator.
    pub headline: Option<MeasurementRecord>,
    /// The nearest target for that indicator.
    pub headline_target: Option<TargetRecord>,
    pub tasks_total: usize,
    pub tasks_done: usize,
    /// Tasks overdue or past their deadline with no status reported.
    pub tasks_late: usize,
    /// The day its data last changed.
    pub last_updated: Option<String>,
}

/// One jurisdiction in a program's comparison.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ComparisonRow {
    pub jurisdiction: String,
    pub name: String,
    pub url: String,
    /// The latest measurement of each of the program's indicators, in their order; null
    /// where there is none.
    pub measurements: Vec<Option<MeasurementRecord>>,
    pub targets: Vec<TargetRecord>,
}

/// The schema of `index.json`, pretty-printed.
pub fn schema() -> String {
    let schema = schemars::schema_for!(PageData);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

impl Records<'_, '_> {
    /// The document around a page's content.
    pub fn document(
        &self,
        page: String,
        site_root: &str,
        license: Option<LicenseRecord>,
        content: PageContent,
    ) -> PageData {
        PageData {
            schema: format!("{site_root}{SCHEMA_PATH}"),
            format: FORMAT.to_owned(),
            language: self.words.lang.to_string(),
            as_of: self.words.report.as_of.to_string(),
            page,
            license,
            content,
        }
    }

    pub fn home(&self) -> PageContent {
        let report = self.words.report;
        PageContent::Home {
            programs: report
                .site
                .programs
                .values()
                .map(|p| self.program(p))
                .collect(),
            jurisdictions: self
                .words
                .overview()
                .into_iter()
                .map(|j| self.summary(j))
                .collect(),
            updates: report
                .updates
                .iter()
                .take(HOME_UPDATES)
                .map(|u| self.update(u))
                .collect(),
            late_tasks: self
                .words
                .report
                .most_late_tasks()
                .into_iter()
                .map(|(plan, t)| self.task(&plan.plan, t))
                .collect(),
        }
    }

    fn summary(&self, jurisdiction: &Jurisdiction) -> JurisdictionSummary {
        let report = self.words.report;
        let plans: Vec<&PlanReport> = report.plans_of(&jurisdiction.id).collect();
        let (total, done, late) = report.task_counts(&jurisdiction.id);
        let headline = self.words.report.headline_indicator();
        JurisdictionSummary {
            jurisdiction: self.jurisdiction(jurisdiction),
            headline: headline.and_then(|indicator| {
                report
                    .latest(&jurisdiction.id, &indicator.id)
                    .map(|o| self.observation(o))
            }),
            headline_target: headline.and_then(|indicator| {
                let nearest = self
                    .words
                    .report
                    .nearest_target(plans.iter().copied(), indicator)?;
                let plan = plans
                    .iter()
                    .find(|p| p.targets.iter().any(|t| std::ptr::eq(t, nearest)))?;
                Some(self.target(&plan.plan, nearest))
            }),
            tasks_total: total,
            tasks_done: done,
            tasks_late: late,
            last_updated: report
                .last_updated
                .get(&jurisdiction.id)
                .map(|d| d.to_string()),
        }
    }

    pub fn program_content(&self, program: &Program) -> PageContent {
        let report = self.words.report;
        let plans = report.plans_of_program(&program.id);
        let indicators: Vec<&Indicator> = report
            .indicators_of(&program.id)
            .iter()
            .map(|i| &**i)
            .collect();
        let compared = self.words.report.compared_jurisdictions(program, &plans);
        let mut rows: Vec<ComparisonRow> = self
            .words
            .report
            .listed(&compared)
            .into_iter()
            .map(|jurisdiction| {
                let id = &jurisdiction.id;
                let record = self.jurisdiction(jurisdiction);
                ComparisonRow {
                    jurisdiction: id.to_string(),
                    name: record.name,
                    url: record.url,
                    measurements: indicators
                        .iter()
                        .map(|i| report.latest(id, &i.id).map(|o| self.observation(o)))
                        .collect(),
                    targets: report
                        .plans_of(id)
                        .filter(|p| p.plan.program == program.id)
                        .flat_map(|p| p.targets.iter().map(|t| self.target(&p.plan, t)))
                        .collect(),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        PageContent::Program {
            program: self.program(program),
            summary: program.summary.as_ref().map(|s| self.words.plain(s)),
            related: program
                .related
                .iter()
                .map(|r| RelatedRecord {
                    number: r.number.clone(),
                    title: self.words.plain(&r.title),
                    issued_by: r.issued_by.as_ref().map(|i| self.words.plain(i)),
                    issued_on: r.issued_on.map(|d| d.to_string()),
                    source: r.source.as_ref().map(|s| s.to_string()),
                })
                .collect(),
            plans: self
                .words
                .report
                .listed_plans(&plans)
                .map(|p| self.plan(p))
                .collect(),
            comparison: rows,
        }
    }

    pub fn jurisdiction_content(&self, jurisdiction: &Jurisdiction) -> PageContent {
        let report = self.words.report;
        let id = &jurisdiction.id;
        let plans: Vec<&PlanReport> = report.plans_of(id).collect();
        let measurements = report
            .site
            .indicators
            .values()
            .filter_map(|i| report.series.get(&(id.clone(), i.id.clone()))?.last())
            .map(|o| self.observation(o))
            .collect();
        let tasks = self
            .words
            .report
            .tasks_in_order(
                plans
                    .iter()
                    .flat_map(|p| p.tasks.iter().map(move |t| (*p, t))),
            )
            .into_iter()
            .map(|(plan, t)| self.shared_task(&plan.plan, t))
            .collect();
        PageContent::Jurisdiction {
            jurisdiction: self.jurisdiction(jurisdiction),
            children: self
                .words
                .children(id)
                .into_iter()
                .map(|j| self.summary(j))
                .collect(),
            plans: plans.iter().map(|p| self.plan(p)).collect(),
            measurements,
            targets: plans
                .iter()
                .flat_map(|p| p.targets.iter().map(|t| self.shared_target(&p.plan, t)))
                .collect(),
            tasks,
            updates: report.updates_of(id).map(|u| self.update(u)).collect(),
        }
    }

    pub fn plan_content(&self, report: &PlanReport) -> PageContent {
        let (targets, tasks) = self.plan_parts(report);
        PageContent::Plan {
            plan: self.plan(report),
            text: self.words.plain(&report.plan.body),
            targets,
            tasks,
        }
    }
}
