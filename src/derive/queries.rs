//! Questions every output asks of the report alike, the pages and the open data: which
//! indicator a site is seen by at a glance, which jurisdictions a program compares, which
//! target is nearest, in which order tasks are listed.

use chrono::Datelike;

use super::status::Timing;
use super::{PlanReport, Report, TargetReport, TaskReport};
use crate::model::{Id, Indicator, Plan, Program};

/// How many of the latest updates the home page lists, and its data.
pub const HOME_UPDATES: usize = 10;

impl<'s> Report<'s> {
    /// The indicator shown for every jurisdiction at a glance: the first one a program
    /// compares jurisdictions on.
    pub fn headline_indicator(&self) -> Option<&'s Indicator> {
        let site = self.site;
        site.programs
            .values()
            .flat_map(|p| p.indicators.first())
            .next()
            .and_then(|id| site.indicators.get(id))
    }

    /// Every jurisdiction with a plan for the program, or with figures on its indicators.
    pub fn compared_jurisdictions<'r>(
        &'r self,
        program: &Program,
        plans: &[&'r PlanReport<'s>],
    ) -> Vec<&'r Id> {
        let site = self.site;
        let mut jurisdictions: Vec<&Id> = plans.iter().map(|p| &p.plan.jurisdiction).collect();
        jurisdictions.extend(site.jurisdictions.keys().filter(|id| {
            program
                .indicators
                .iter()
                .any(|i| self.latest(id, i).is_some())
        }));
        jurisdictions.sort();
        jurisdictions.dedup();
        jurisdictions
    }

    /// Of these plans' targets for `indicator`, the one whose deadline comes next, else the
    /// last one passed.
    pub fn nearest_target<'p>(
        &self,
        plans: impl Iterator<Item = &'p PlanReport<'p>>,
        indicator: &Indicator,
    ) -> Option<&'p TargetReport<'p>> {
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
    pub fn listed(&self, ids: &[&'s Id]) -> Vec<&'s Id> {
        ids.iter()
            .copied()
            .filter(|id| self.overview.contains(id))
            .collect()
    }

    /// Of these plans, those of the jurisdictions the site-wide pages list.
    pub fn listed_plans<'p>(
        &self,
        plans: &'p [&'p PlanReport<'p>],
    ) -> impl Iterator<Item = &'p PlanReport<'p>> {
        plans
            .iter()
            .copied()
            .filter(|p| self.overview.contains(&p.plan.jurisdiction))
    }

    /// Tasks in the order pages list them: late first, then by jurisdiction, plan and id.
    pub fn tasks_in_order<'t>(
        &self,
        tasks: impl Iterator<Item = (&'t Plan, &'t TaskReport<'t>)>,
    ) -> Vec<(&'t Plan, &'t TaskReport<'t>)> {
        let mut tasks: Vec<(&Plan, &TaskReport)> = tasks.collect();
        tasks.sort_by_key(|(plan, t)| {
            (
                urgency(t.timing),
                plan.jurisdiction.clone(),
                plan.id.clone(),
                t.task.id.clone(),
            )
        });
        tasks
    }

    /// The tasks of the jurisdictions the site-wide pages list, late first.
    pub fn overview_tasks<'r>(&'r self) -> Vec<(&'r Plan, &'r TaskReport<'r>)> {
        self.tasks_in_order(
            self.overview
                .iter()
                .flat_map(|id| self.plans_of(id))
                .flat_map(|p| p.tasks.iter().map(move |t| (p.plan, t))),
        )
    }

    /// The most late tasks of the jurisdictions the site-wide pages list, as the home
    /// page shows them.
    pub fn most_late_tasks<'r>(&'r self) -> Vec<(&'r Plan, &'r TaskReport<'r>)> {
        self.overview_tasks()
            .into_iter()
            .filter(|(_, t)| matches!(open_deadline(t.timing), Some(OpenDeadline::Late)))
            .take(HOME_LATE_TASKS)
            .collect()
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
