//! Questions every output asks of the report alike, the pages and the open data: which
//! indicator a site is seen by at a glance, which jurisdictions a program compares, which
//! target is nearest, in which order tasks are listed.

use chrono::Datelike;

use super::status::Timing;
use super::{PlanReport, Report, TargetReport, TaskReport};
use crate::model::{Id, Indicator, Jurisdiction, Program};

/// How many of the latest updates the home page lists, and its data.
pub const HOME_UPDATES: usize = 10;

impl Report {
    /// The indicator shown for every jurisdiction at a glance: the first one a program
    /// compares jurisdictions on.
    pub fn headline_indicator(&self) -> Option<&Indicator> {
        self.program_indicators
            .values()
            .flat_map(|indicators| indicators.first())
            .next()
            .map(|indicator| &**indicator)
    }

    /// Every jurisdiction with a plan for the program, or with figures on its indicators.
    pub fn compared_jurisdictions<'r>(
        &'r self,
        program: &Program,
        plans: &[&'r PlanReport],
    ) -> Vec<&'r Jurisdiction> {
        let site = &self.site;
        let mut jurisdictions: Vec<&Jurisdiction> =
            plans.iter().map(|p| &*p.jurisdiction).collect();
        jurisdictions.extend(
            site.jurisdictions
                .values()
                .filter(|j| {
                    program
                        .indicators
                        .iter()
                        .any(|i| self.latest(&j.id, i).is_some())
                })
                .map(|j| &**j),
        );
        jurisdictions.sort_by(|a, b| a.id.cmp(&b.id));
        jurisdictions.dedup_by(|a, b| a.id == b.id);
        jurisdictions
    }

    /// Of these plans' targets for `indicator`, the one whose deadline comes next, else the
    /// last one passed.
    pub fn nearest_target<'p>(
        &self,
        plans: impl Iterator<Item = &'p PlanReport>,
        indicator: &Indicator,
    ) -> Option<&'p TargetReport> {
        plans
            .flat_map(|p| p.targets.iter())
            .filter(|t| t.target.indicator == indicator.id)
            .min_by_key(|t| {
                let deadline = t.target.deadline.last_day();
                let passed = deadline < self.as_of;
                (
                    passed,
                    if passed {
                        -deadline.num_days_from_ce()
                    } else {
                        deadline.num_days_from_ce()
                    },
                )
            })
    }

    /// Of these jurisdictions, those the site-wide pages list.
    pub fn listed<'j>(&self, jurisdictions: &[&'j Jurisdiction]) -> Vec<&'j Jurisdiction> {
        jurisdictions
            .iter()
            .copied()
            .filter(|j| self.overview.contains_key(&j.id))
            .collect()
    }

    /// Of these plans, those of the jurisdictions the site-wide pages list.
    pub fn listed_plans<'p>(
        &self,
        plans: &'p [&'p PlanReport],
    ) -> impl Iterator<Item = &'p PlanReport> {
        plans
            .iter()
            .copied()
            .filter(|p| self.overview.contains_key(&p.plan.jurisdiction))
    }

    /// Tasks in the order pages list them: late first, then by jurisdiction, plan and id.
    pub fn tasks_in_order<'t>(
        &self,
        tasks: impl Iterator<Item = (&'t PlanReport, &'t TaskReport)>,
    ) -> Vec<(&'t PlanReport, &'t TaskReport)> {
        let mut tasks: Vec<(&PlanReport, &TaskReport)> = tasks.collect();
        tasks.sort_by(|(a_plan, a), (b_plan, b)| {
            let key = |plan: &'t PlanReport, task: &'t TaskReport| {
                (
                    urgency(task.timing),
                    &plan.plan.jurisdiction,
                    &plan.plan.id,
                    &task.task.id,
                )
            };
            key(a_plan, a).cmp(&key(b_plan, b))
        });
        tasks
    }

    /// The tasks of the jurisdictions the site-wide pages list, late first.
    pub fn overview_tasks(&self) -> Vec<(&PlanReport, &TaskReport)> {
        self.tasks_in_order(
            self.overview
                .keys()
                .flat_map(|id| self.plans_of(id))
                .flat_map(|p| p.tasks.iter().map(move |t| (p, t))),
        )
    }

    /// The most late tasks of the jurisdictions the site-wide pages list, as the home
    /// page shows them.
    pub fn most_late_tasks(&self) -> Vec<(&PlanReport, &TaskReport)> {
        self.overview_tasks()
            .into_iter()
            .filter(|(_, t)| matches!(open_deadline(t.timing), Some(OpenDeadline::Late)))
            .take(HOME_LATE_TASKS)
            .collect()
    }
}

/// The jurisdictions with a latest figure of an indicator: those the site-wide pages
/// list, and those further down (communes), each in the order of their folders, which
/// keeps a province's communes together and is the same in every language.
pub struct Measured<'r> {
    pub listed: Vec<&'r Jurisdiction>,
    pub further: Vec<&'r Jurisdiction>,
}

impl Report {
    pub fn measured_in(&self, indicator: &Id) -> Measured<'_> {
        let mut measured = Measured {
            listed: Vec::new(),
            further: Vec::new(),
        };
        for ((jurisdiction, of), series) in &self.series {
            if of != indicator || !series.iter().any(|o| o.is_level()) {
                continue;
            }
            let Some(jurisdiction) = self.site.jurisdictions.get(jurisdiction) else {
                continue;
            };
            if self.overview.contains_key(&jurisdiction.id) {
                measured.listed.push(jurisdiction);
            } else {
                measured.further.push(jurisdiction);
            }
        }
        measured.listed.sort_by(|a, b| a.folder.cmp(&b.folder));
        measured.further.sort_by(|a, b| a.folder.cmp(&b.folder));
        measured
    }
}

/// How many late tasks the home page lists, the most late first.
pub const HOME_LATE_TASKS: usize = 10;

/// Where a task not done stands against its deadline, as the deadlines page groups it.
#[derive(Clone, Copy)]
pub enum OpenDeadline {
    Late,
    DueSoon,
    Upcoming,
}

pub fn open_deadline(timing: Timing) -> Option<OpenDeadline> {
    match timing {
        Timing::Overdue { .. } | Timing::PastDeadline { .. } => Some(OpenDeadline::Late),
        Timing::DueSoon { .. } => Some(OpenDeadline::DueSoon),
        Timing::Upcoming { .. } => Some(OpenDeadline::Upcoming),
        _ => None,
    }
}

/// Sort key: overdue (most days first), due soon, upcoming (soonest first), no deadline,
/// then done late, done and cancelled.
pub fn urgency(timing: Timing) -> (u8, i64) {
    match timing {
        Timing::Overdue { days_overdue } => (0, -days_overdue),
        Timing::PastDeadline { days_past } => (0, -days_past),
        Timing::DueSoon { days_left } => (1, days_left),
        Timing::Upcoming { days_left } => (2, days_left),
        Timing::NoDeadline => (3, 0),
        Timing::DoneLate { days_late } => (4, -days_late),
        Timing::Done => (5, 0),
        Timing::Cancelled => (6, 0),
    }
}
