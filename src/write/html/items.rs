//! The pages of one item (a target, a task, an indicator), made to be linked to, shared
//! and cited: everything about it on one page, with its permanent address. Long records
//! are summarised here (the newest figures, a page of jurisdictions at a time); the open
//! data keeps every row.

use serde::Serialize;

use super::views::{
    self, FigureView, Link, MeasurementView, PlanLink, Shown, TargetView, TaskView, Views,
};
use crate::derive::{Observation, PlanReport, TargetReport, TaskReport};
use crate::locale::phrase::Phrase;
use crate::locale::ui::fill;
use crate::locale::words::verdict_key;
use crate::model::{Direction, Indicator, Jurisdiction, Level, Unit};
use crate::site::outputs::INDICATOR_ROWS_PER_PAGE;
use crate::site::routes;

/// How many figures an item page lists, the newest first; the measurements table of the
/// open data has them all.
pub const FIGURES_SHOWN: usize = 60;

/// How to cite a page: its permanent address, and a line to paste into a report.
#[derive(Debug, Serialize)]
pub struct CiteView {
    pub url: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct TargetPage {
    pub target: Shown<TargetView>,
    pub plan: PlanLink,
    pub figures: Figures,
    pub cite: CiteView,
}

/// Figures as reported, the newest first, with what was left out and where it all is.
#[derive(Debug, Serialize)]
pub struct Figures {
    pub rows: Vec<MeasurementView>,
    /// "The newest 60 of 310 figures are listed", when some are left out.
    pub left_out: Option<String>,
    /// The table with every one: the jurisdiction's, else the site's.
    pub table: String,
}

#[derive(Debug, Serialize)]
pub struct TaskPage {
    pub task: Shown<TaskView>,
    pub plan: PlanLink,
    pub cite: CiteView,
}

#[derive(Debug, Serialize)]
pub struct IndicatorPage {
    pub id: String,
    pub name: Phrase,
    pub description: Option<Phrase>,
    /// "Percentage (0 to 100)", or the unit its figures are written in.
    pub unit: Phrase,
    /// "Higher is better".
    pub direction: String,
    /// The country's figures, where the site has a country that reports them.
    pub national: Option<National>,
    /// Inline SVG: the listed jurisdictions' latest figures, with their nearest targets.
    pub chart: Option<String>,
    pub rows: Vec<IndicatorRow>,
    /// Whether these are jurisdictions further down (a page after the first).
    pub further_down: bool,
    /// How many jurisdictions further down have figures, on the pages after the first.
    pub further: usize,
    pub number: usize,
    pub pages: usize,
    /// "Page 3 of 17", when there is more than one.
    pub page_of: Option<String>,
    /// Every page of it, from the language's root, for the list of pages.
    pub page_links: Vec<PageLink>,
    /// Every figure of every jurisdiction.
    pub table: String,
    pub cite: CiteView,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct National {
    pub jurisdiction: Link,
    pub figures: Figures,
}

#[derive(Debug, Serialize)]
pub struct IndicatorRow {
    pub jurisdiction: Link,
    pub level: String,
    /// The jurisdiction it is within, for those further down.
    pub within: Option<Link>,
    pub latest: FigureView,
    /// Its nearest target for the indicator, linked to the target's page, with where
    /// the latest figure stands against it.
    pub target: Option<Link>,
    pub verdict: Option<String>,
    pub outlook: Option<crate::derive::pace::Outlook>,
}

impl Views<'_> {
    /// Where the site is published: the files it has once (the open data) are there,
    /// not under a language's folder.
    fn site_base(&self) -> &str {
        let prefix = routes::language_prefix(self.lang, self.report.site.default_language());
        self.base()
            .strip_suffix(prefix.as_str())
            .unwrap_or(self.base())
    }

    /// A page's permanent address, where the site is published.
    fn permanent(&self, route: &str) -> String {
        format!("{}{}", self.base(), routes::folder_of(route))
    }

    /// The line that cites an item: the site, the item, where it belongs, its source and
    /// the day its status is derived on.
    fn cite(&self, route: &str, title: &str, context: &str, source: &str) -> CiteView {
        let url = self.permanent(route);
        let text = fill(
            self.ui.text("cite_line"),
            &[
                ("site", &self.plain(&self.report.site.config.title)),
                ("title", title),
                ("context", context),
                ("source", source),
                ("date", &self.format.day(self.report.as_of)),
                ("url", &url),
            ],
        );
        CiteView { url, text }
    }

    /// The figures of a series, the newest first, at most [`FIGURES_SHOWN`] of them.
    fn figures(&self, series: &[Observation], indicator: &Indicator, table: String) -> Figures {
        let rows = series
            .iter()
            .rev()
            .take(FIGURES_SHOWN)
            .map(|o| self.measurement(&o.update, &o.measurement, indicator, &o.revisions))
            .collect();
        let left_out =
            (series.len() > FIGURES_SHOWN).then(|| self.left_out(FIGURES_SHOWN, series.len()));
        Figures {
            rows,
            left_out,
            table,
        }
    }

    /// The table a jurisdiction's figures are all in: its own, which it has when it has
    /// figures.
    fn figures_table(&self, jurisdiction: &Jurisdiction) -> String {
        routes::jurisdiction_table(jurisdiction, "measurements")
    }

    pub fn target_page(&self, plan: &PlanReport, report: &TargetReport) -> TargetPage {
        let target = self.target(plan, report);
        let jurisdiction = &*plan.jurisdiction;
        let series = self
            .report
            .series
            .get(&(jurisdiction.id.clone(), report.indicator.id.clone()))
            .map_or(&[][..], Vec::as_slice);
        let route = routes::target(jurisdiction, &plan.plan.id, &report.target.id);
        let source = report.latest_source.as_ref().unwrap_or(&plan.plan.source);
        let context = format!(
            "{}, {}",
            self.plan_name_plain(&plan.plan),
            self.plain(&jurisdiction.name)
        );
        TargetPage {
            cite: self.cite(
                &route,
                &target.sentence.plain(),
                &context,
                &source.to_string(),
            ),
            figures: self.figures(series, &report.indicator, self.figures_table(jurisdiction)),
            plan: self.plan_link(plan),
            target,
        }
    }

    pub fn task_page(&self, plan: &PlanReport, report: &TaskReport) -> TaskPage {
        let task = self.task(plan, report);
        let jurisdiction = &*plan.jurisdiction;
        let route = routes::task(jurisdiction, &plan.plan.id, &report.task.id);
        let context = format!(
            "{}, {}",
            self.plan_name_plain(&plan.plan),
            self.plain(&jurisdiction.name)
        );
        TaskPage {
            cite: self.cite(&route, &task.what_short.plain(), &context, &task.source),
            plan: self.plan_link(plan),
            task,
        }
    }

    pub fn indicator_page(
        &self,
        indicator: &Indicator,
        number: usize,
        pages: usize,
    ) -> IndicatorPage {
        let measured = self.report.measured_in(&indicator.id);
        let further_down = number > 1;
        let listed: Vec<&Jurisdiction> = if further_down {
            let start = (number - 2) * INDICATOR_ROWS_PER_PAGE;
            let end = (start + INDICATOR_ROWS_PER_PAGE).min(measured.further.len());
            measured.further[start.min(end)..end].to_vec()
        } else {
            measured.listed.clone()
        };
        let rows = listed
            .iter()
            .filter_map(|j| self.indicator_row(indicator, j, further_down))
            .collect();
        // The country's series, on the first page, where a country reports it.
        let national = (!further_down)
            .then(|| {
                measured
                    .listed
                    .iter()
                    .find(|j| j.level == Level::Country)
                    .and_then(|country| {
                        let series = self
                            .report
                            .series
                            .get(&(country.id.clone(), indicator.id.clone()))?;
                        Some(National {
                            jurisdiction: self.jurisdiction_link(country),
                            figures: self.figures(series, indicator, self.figures_table(country)),
                        })
                    })
            })
            .flatten();
        let chart = (!further_down)
            .then(|| {
                let compared: Vec<&Jurisdiction> = measured
                    .listed
                    .iter()
                    .copied()
                    .filter(|j| j.level != Level::Country)
                    .collect();
                let id = format!("chart-indicator-{}", indicator.id);
                self.comparison_chart(&id, None, indicator, &compared)
            })
            .flatten();
        let route = routes::indicator(&indicator.id);
        let name = self.plain(&indicator.name);
        IndicatorPage {
            id: indicator.id.to_string(),
            name: self.text(&indicator.name),
            description: self.optional(indicator.description.as_ref()),
            unit: match (indicator.unit, &indicator.unit_label) {
                (Unit::Percent, _) => Phrase::own(self.ui.text("unit_percent")),
                (Unit::Number, Some(label)) => self.text(label),
                (Unit::Number, None) => Phrase::own(self.ui.text("unit_number")),
            },
            direction: self
                .ui
                .text(match indicator.direction {
                    Direction::Up => "direction_up",
                    Direction::Down => "direction_down",
                })
                .to_owned(),
            national,
            chart,
            rows,
            further_down,
            further: measured.further.len(),
            number,
            pages,
            page_of: (pages > 1).then(|| views::page_of(self.ui, self.format, number, pages)),
            page_links: if pages > 1 {
                (1..=pages)
                    .map(|n| PageLink {
                        number: self.format.number(n as f64, 0),
                        href: routes::indicator_part(&indicator.id, n),
                        current: n == number,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            table: routes::table("measurements"),
            cite: self.cite(
                &route,
                &name,
                self.ui.text("indicator"),
                &format!("{}{}", self.site_base(), routes::table("measurements")),
            ),
        }
    }

    /// A jurisdiction's latest figure of the indicator, and its nearest target for it.
    fn indicator_row(
        &self,
        indicator: &Indicator,
        jurisdiction: &Jurisdiction,
        further_down: bool,
    ) -> Option<IndicatorRow> {
        let latest = self.report.latest(&jurisdiction.id, &indicator.id)?;
        let plans = || self.report.plans_of(&jurisdiction.id);
        let nearest = self
            .report
            .nearest_target(plans(), indicator)
            .and_then(|target| {
                let plan = plans().find(|p| p.targets.iter().any(|t| std::ptr::eq(t, target)))?;
                Some((plan, target))
            });
        Some(IndicatorRow {
            jurisdiction: self.jurisdiction_link(jurisdiction),
            level: self.level(jurisdiction.level),
            within: further_down
                .then(|| self.report.parent_of(&jurisdiction.id))
                .flatten()
                .map(|parent| self.jurisdiction_link(parent)),
            latest: self.observation(indicator, latest),
            target: nearest.map(|(plan, target)| Link {
                href: routes::target(&plan.jurisdiction, &plan.plan.id, &target.target.id),
                text: self.target_sentence(&target.target, indicator),
            }),
            verdict: nearest.map(|(_, t)| self.ui.text(verdict_key(t.pace.verdict)).to_owned()),
            outlook: nearest.map(|(_, t)| t.pace.outlook),
        })
    }
}
