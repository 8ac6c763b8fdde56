//! A task's status against the as-of date: what its jurisdiction declares, and what the
//! calendar says about it (overdue, due soon, done late).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{DeclaredStatus, Task};

/// What the calendar says about a task on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum Timing {
    /// Reported as not done, and its deadline has passed.
    Overdue {
        days_overdue: i64,
    },
    /// Its deadline has passed and no status has been reported: it may be done, it may
    /// not; pages say exactly that rather than call it overdue.
    PastDeadline {
        days_past: i64,
    },
    /// Not done, and its deadline is within the site's `due_soon_days`.
    DueSoon {
        days_left: i64,
    },
    /// Not done, and its deadline is further away.
    Upcoming {
        days_left: i64,
    },
    /// Not done, and it has no deadline.
    NoDeadline,
    /// Done after its deadline.
    DoneLate {
        days_late: i64,
    },
    /// Done by its deadline, or done with no day or deadline to compare.
    Done,
    Cancelled,
}

/// The status a task had on the as-of date. A `done_on` after the as-of date means the
/// task was not yet done then: a build for an earlier date shows it as it was.
pub fn task_timing(task: &Task, as_of: NaiveDate, due_soon_days: u32) -> Timing {
    let deadline = task.deadline.map(|d| d.last_day());
    let done_by_as_of = task.status == Some(DeclaredStatus::Done)
        && task.done_on.is_none_or(|day| day.date() <= as_of);
    if task.status == Some(DeclaredStatus::Cancelled) {
        return Timing::Cancelled;
    }
    if done_by_as_of {
        return match (task.done_on, deadline) {
            (Some(done), Some(deadline)) if done.date() > deadline => Timing::DoneLate {
                days_late: (done.date() - deadline).num_days(),
            },
            _ => Timing::Done,
        };
    }
    match deadline {
        None => Timing::NoDeadline,
        Some(deadline) if as_of > deadline && task.status.is_none() => Timing::PastDeadline {
            days_past: (as_of - deadline).num_days(),
        },
        Some(deadline) if as_of > deadline => Timing::Overdue {
            days_overdue: (as_of - deadline).num_days(),
        },
        Some(deadline) => {
            let days_left = (deadline - as_of).num_days();
            if days_left <= i64::from(due_soon_days) {
                Timing::DueSoon { days_left }
            } else {
                Timing::Upcoming { days_left }
            }
        }
    }
}

/// The declared status shown on pages: a `done` whose `done_on` is after the as-of
/// date was still in progress then.
pub fn declared_as_of(task: &Task, as_of: NaiveDate) -> Option<DeclaredStatus> {
    match (task.status, task.done_on) {
        (Some(DeclaredStatus::Done), Some(day)) if day.date() > as_of => {
            Some(DeclaredStatus::InProgress)
        }
        (status, _) => status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateSpec, Day, Id, Text};

    fn task(deadline: &str, status: Option<DeclaredStatus>, done_on: Option<&str>) -> Task {
        Task {
            id: Id::parse("t").unwrap(),
            what: Text::Default("x".into()),
            lead: None,
            coordinating: vec![],
            deliverable: None,
            deadline: Some(DateSpec::parse(deadline).unwrap()),
            approving_authority: None,
            status,
            done_on: done_on.map(|d| Day(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())),
            notes: None,
            source: None,
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_month_deadline_is_overdue_the_day_after_the_month_ends() {
        let t = task("2025-11", Some(DeclaredStatus::NotStarted), None);
        assert_eq!(
            task_timing(&t, day("2025-11-30"), 30),
            Timing::DueSoon { days_left: 0 }
        );
        assert_eq!(
            task_timing(&t, day("2025-12-01"), 30),
            Timing::Overdue { days_overdue: 1 }
        );
        assert_eq!(
            task_timing(&t, day("2025-10-01"), 30),
            Timing::Upcoming { days_left: 60 }
        );
    }

    #[test]
    fn a_passed_deadline_without_a_reported_status_is_not_called_overdue() {
        let unreported = task("2025-11", None, None);
        assert_eq!(
            task_timing(&unreported, day("2025-12-02"), 30),
            Timing::PastDeadline { days_past: 2 }
        );
        let started = task("2025-11", Some(DeclaredStatus::InProgress), None);
        assert_eq!(
            task_timing(&started, day("2025-12-02"), 30),
            Timing::Overdue { days_overdue: 2 }
        );
    }

    #[test]
    fn done_late_counts_days_past_the_deadline() {
        let t = task("2025-11", Some(DeclaredStatus::Done), Some("2025-12-05"));
        assert_eq!(
            task_timing(&t, day("2026-01-01"), 30),
            Timing::DoneLate { days_late: 5 }
        );
        // Before it was done, it was overdue.
        assert_eq!(
            task_timing(&t, day("2025-12-03"), 30),
            Timing::Overdue { days_overdue: 3 }
        );
        assert_eq!(
            declared_as_of(&t, day("2025-12-03")),
            Some(DeclaredStatus::InProgress)
        );
    }

    #[test]
    fn cancelled_and_done_tasks_are_never_overdue() {
        let cancelled = task("2025-01", Some(DeclaredStatus::Cancelled), None);
        assert_eq!(
            task_timing(&cancelled, day("2026-01-01"), 30),
            Timing::Cancelled
        );
        let done = task("2025-01", Some(DeclaredStatus::Done), None);
        assert_eq!(task_timing(&done, day("2026-01-01"), 30), Timing::Done);
    }
}
