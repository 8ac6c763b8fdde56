//! What changed and when: each task's deadline, status and `done_on` over time, each
//! target's value, comparator and deadline, each figure revised after it was
//! published, and when each plan and update was published and last changed, from the
//! versions git remembers. Commits dated after the as-of date are not known yet on that
//! date, so they are left out, as later updates are.
//!
//! An item is followed by its id from one version of its file to the next: a task whose
//! id changes is a new task, with a history of its own. A figure has no id; it is
//! followed by what it measures (its indicator and its date or period).

use std::sync::Arc;

use chrono::NaiveDate;

use crate::model::history::{Commit, PastFigure, PastPlan, PastUpdate, Versions};
use crate::model::{Comparator, DateSpec, Day, DeclaredStatus, Figure, Id, Measurement};

/// One change of one value: what it was, what it became, and the commit that changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
    pub commit: Arc<Commit>,
}

/// What changed in a task since it was first published. Empty lists for a task that
/// never changed.
#[derive(Debug, Default, PartialEq)]
pub struct TaskHistory {
    pub deadline: Vec<Change<Option<DateSpec>>>,
    pub status: Vec<Change<Option<DeclaredStatus>>>,
    pub done_on: Vec<Change<Option<Day>>>,
}

/// A deadline moved: from one day, month or year to another (one set where there was
/// none, or removed, is a change but not a move).
pub struct Move<'h> {
    pub from: DateSpec,
    pub to: DateSpec,
    pub commit: &'h Arc<Commit>,
}

impl TaskHistory {
    fn is_empty(&self) -> bool {
        self.deadline.is_empty() && self.status.is_empty() && self.done_on.is_empty()
    }

    /// Each time the deadline moved, oldest first.
    pub fn moves(&self) -> impl Iterator<Item = Move<'_>> {
        self.deadline.iter().filter_map(|change| match change {
            Change {
                before: Some(from),
                after: Some(to),
                commit,
            } => Some(Move {
                from: *from,
                to: *to,
                commit,
            }),
            _ => None,
        })
    }

    /// The deadline the task had before it first moved, if it moved.
    pub fn original_deadline(&self) -> Option<DateSpec> {
        self.moves().next().map(|m| m.from)
    }

    /// How far the deadline has moved from the original to `now`, in days (later is
    /// positive), if it moved.
    pub fn moved_by_days(&self, now: Option<DateSpec>) -> Option<i64> {
        let original = self.original_deadline()?;
        Some((now?.last_day() - original.last_day()).num_days())
    }
}

/// One change of an item, whichever value it is of.
#[derive(Debug, Clone, Copy)]
pub enum AnyChange<'h> {
    TaskDeadline(&'h Change<Option<DateSpec>>),
    Status(&'h Change<Option<DeclaredStatus>>),
    DoneOn(&'h Change<Option<Day>>),
    TargetValue(&'h Change<Figure>),
    Comparator(&'h Change<Comparator>),
    TargetDeadline(&'h Change<DateSpec>),
    /// A figure revised.
    Figure(&'h Change<Figure>),
}

impl<'h> AnyChange<'h> {
    pub fn commit(&self) -> &'h Arc<Commit> {
        match *self {
            AnyChange::TaskDeadline(c) => &c.commit,
            AnyChange::Status(c) => &c.commit,
            AnyChange::DoneOn(c) => &c.commit,
            AnyChange::TargetValue(c) | AnyChange::Figure(c) => &c.commit,
            AnyChange::Comparator(c) => &c.commit,
            AnyChange::TargetDeadline(c) => &c.commit,
        }
    }

    /// The field that changed, as the content names it.
    pub fn field(&self) -> &'static str {
        match self {
            AnyChange::TaskDeadline(_) | AnyChange::TargetDeadline(_) => "deadline",
            AnyChange::Status(_) => "status",
            AnyChange::DoneOn(_) => "done_on",
            AnyChange::TargetValue(_) | AnyChange::Figure(_) => "value",
            AnyChange::Comparator(_) => "comparator",
        }
    }

    /// What it was and what it became, as the content writes them; `None` where the
    /// value was not given.
    pub fn values(&self) -> (Option<String>, Option<String>) {
        fn both<T>(
            change: &Change<T>,
            text: impl Fn(&T) -> Option<String>,
        ) -> (Option<String>, Option<String>) {
            (text(&change.before), text(&change.after))
        }
        let day = |d: &Option<Day>| d.map(|d| d.to_string());
        let date = |d: &Option<DateSpec>| d.map(|d| d.to_string());
        let figure = |v: &Figure| Some(v.get().to_string());
        match *self {
            AnyChange::TaskDeadline(c) => both(c, date),
            AnyChange::Status(c) => both(c, |s| s.as_ref().map(name_of)),
            AnyChange::DoneOn(c) => both(c, day),
            AnyChange::TargetValue(c) | AnyChange::Figure(c) => both(c, figure),
            AnyChange::Comparator(c) => both(c, |v| Some(name_of(v))),
            AnyChange::TargetDeadline(c) => both(c, |d| Some(d.to_string())),
        }
    }
}

/// The name the content writes a status or a comparator with, as serde reads it.
fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

impl TaskHistory {
    /// Every change, oldest first.
    pub fn all(&self) -> Vec<AnyChange<'_>> {
        let mut all: Vec<AnyChange> = (self.deadline.iter().map(AnyChange::TaskDeadline))
            .chain(self.status.iter().map(AnyChange::Status))
            .chain(self.done_on.iter().map(AnyChange::DoneOn))
            .collect();
        all.sort_by_key(|c| c.commit().order);
        all
    }
}

impl TargetHistory {
    /// Every change, oldest first.
    pub fn all(&self) -> Vec<AnyChange<'_>> {
        let mut all: Vec<AnyChange> = (self.value.iter().map(AnyChange::TargetValue))
            .chain(self.comparator.iter().map(AnyChange::Comparator))
            .chain(self.deadline.iter().map(AnyChange::TargetDeadline))
            .collect();
        all.sort_by_key(|c| c.commit().order);
        all
    }
}

/// What changed in a target since it was first published.
#[derive(Debug, Default, PartialEq)]
pub struct TargetHistory {
    pub value: Vec<Change<Figure>>,
    pub comparator: Vec<Change<Comparator>>,
    pub deadline: Vec<Change<DateSpec>>,
}

impl TargetHistory {
    fn is_empty(&self) -> bool {
        self.value.is_empty() && self.comparator.is_empty() && self.deadline.is_empty()
    }
}

/// When a plan or an update was first published, and when it last changed (itself or
/// a translation of it): the commits, on the main line.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub first: Arc<Commit>,
    pub last: Arc<Commit>,
}

impl Published {
    /// Whether it changed after it was published.
    pub fn changed_since(&self) -> bool {
        self.first.order != self.last.order
    }
}

/// A plan's or an update's versions known on the as-of date.
struct Known<'v, T> {
    published: Option<Published>,
    said: Vec<(&'v Arc<Commit>, &'v T)>,
}

fn known<T>(versions: Option<&Versions<T>>, as_of: NaiveDate) -> Known<'_, T> {
    let Some(versions) = versions else {
        return Known {
            published: None,
            said: Vec::new(),
        };
    };
    let by_as_of = |commit: &Arc<Commit>| commit.date <= as_of;
    let mut commits = versions.commits.iter().filter(|c| by_as_of(c));
    let published = commits.next().map(|first| Published {
        first: first.clone(),
        last: commits.next_back().unwrap_or(first).clone(),
    });
    let said = versions
        .said
        .iter()
        .filter(|(commit, _)| by_as_of(commit))
        .map(|(commit, item)| (commit, item))
        .collect();
    Known { published, said }
}

/// Each change of one value over the versions it is found in, oldest first.
fn changes<'c, T: PartialEq + Clone>(
    values: impl Iterator<Item = (&'c Arc<Commit>, T)>,
) -> Vec<Change<T>> {
    let mut found = Vec::new();
    let mut before: Option<T> = None;
    for (commit, value) in values {
        if let Some(previous) = before.take()
            && previous != value
        {
            found.push(Change {
                before: previous,
                after: value.clone(),
                commit: commit.clone(),
            });
        }
        before = Some(value);
    }
    found
}

/// What git knows of one plan on the as-of date.
pub struct PlanHistory<'v> {
    pub published: Option<Published>,
    said: Vec<(&'v Arc<Commit>, &'v PastPlan)>,
}

impl<'v> PlanHistory<'v> {
    pub fn of(versions: Option<&'v Versions<PastPlan>>, as_of: NaiveDate) -> Self {
        let Known { published, said } = known(versions, as_of);
        PlanHistory { published, said }
    }

    /// The history of the task with this id, if it changed.
    pub fn task(&self, id: &Id) -> Option<Box<TaskHistory>> {
        let versions = || {
            self.said.iter().filter_map(|(commit, plan)| {
                let task = plan.tasks.iter().find(|t| t.id.as_ref() == Some(id))?;
                Some((*commit, task))
            })
        };
        let history = TaskHistory {
            deadline: changes(versions().map(|(c, t)| (c, t.deadline))),
            status: changes(versions().map(|(c, t)| (c, t.status))),
            done_on: changes(versions().map(|(c, t)| (c, t.done_on))),
        };
        (!history.is_empty()).then(|| Box::new(history))
    }

    /// The history of the target with this id, if it changed.
    pub fn target(&self, id: &Id) -> Option<Box<TargetHistory>> {
        let versions = || {
            self.said.iter().filter_map(|(commit, plan)| {
                let target = plan.targets.iter().find(|t| t.id.as_ref() == Some(id))?;
                Some((*commit, target))
            })
        };
        let history = TargetHistory {
            // A target's values are required: a version without one is passed over.
            value: changes(versions().filter_map(|(c, t)| Some((c, t.value?)))),
            comparator: changes(versions().filter_map(|(c, t)| Some((c, t.comparator?)))),
            deadline: changes(versions().filter_map(|(c, t)| Some((c, t.deadline?)))),
        };
        (!history.is_empty()).then(|| Box::new(history))
    }
}

/// What git knows of one update on the as-of date.
pub struct UpdateHistory<'v> {
    pub published: Option<Published>,
    said: Vec<(&'v Arc<Commit>, &'v PastUpdate)>,
}

impl<'v> UpdateHistory<'v> {
    pub fn of(versions: Option<&'v Versions<PastUpdate>>, as_of: NaiveDate) -> Self {
        let Known { published, said } = known(versions, as_of);
        UpdateHistory { published, said }
    }

    /// Each revision of this figure after it was published, oldest first.
    pub fn revisions(&self, measurement: &Measurement) -> Box<[Change<Figure>]> {
        if self.said.is_empty() {
            return Box::default();
        }
        let same = |m: &&PastFigure| {
            (m.indicator.as_ref() == Some(&measurement.indicator))
                & (m.date == measurement.date)
                & (m.period_start == measurement.period_start)
        };
        let values = self.said.iter().filter_map(|(commit, update)| {
            Some((*commit, update.measurements.iter().find(same)?.value?))
        });
        changes(values).into_boxed_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(order: usize, date: &str) -> Arc<Commit> {
        Arc::new(Commit {
            id: format!("{order:040}"),
            order,
            time: 0,
            date: date.parse().unwrap(),
        })
    }

    fn day(text: &str) -> DateSpec {
        DateSpec::parse(text).unwrap()
    }

    #[test]
    fn a_value_changes_only_where_it_differs_from_the_version_before() {
        let (a, b, c, d) = (
            commit(0, "2025-11-17"),
            commit(1, "2025-12-02"),
            commit(2, "2025-12-10"),
            commit(3, "2026-01-05"),
        );
        let found = changes(
            [
                (&a, "2025-11"),
                (&b, "2026-03"),
                (&c, "2026-03"),
                (&d, "2026-06"),
            ]
            .into_iter()
            .map(|(c, v)| (c, Some(day(v)))),
        );
        assert_eq!(
            found,
            [
                Change {
                    before: Some(day("2025-11")),
                    after: Some(day("2026-03")),
                    commit: b.clone()
                },
                Change {
                    before: Some(day("2026-03")),
                    after: Some(day("2026-06")),
                    commit: d.clone()
                },
            ]
        );
        let history = TaskHistory {
            deadline: found,
            ..Default::default()
        };
        assert_eq!(history.original_deadline(), Some(day("2025-11")));
        assert_eq!(history.moves().count(), 2);
        // From the end of November 2025 to the end of June 2026.
        assert_eq!(history.moved_by_days(Some(day("2026-06"))), Some(212));
    }

    #[test]
    fn a_deadline_set_where_there_was_none_is_no_move() {
        let (a, b) = (commit(0, "2025-11-17"), commit(1, "2025-12-02"));
        let history = TaskHistory {
            deadline: changes([(&a, None), (&b, Some(day("2026-03")))].into_iter()),
            ..Default::default()
        };
        assert_eq!(history.deadline.len(), 1);
        assert_eq!(history.moves().count(), 0);
        assert_eq!(history.original_deadline(), None);
    }

    #[test]
    fn commits_after_the_as_of_date_are_not_known_yet() {
        let versions = Versions {
            commits: vec![commit(0, "2025-11-17"), commit(1, "2025-12-02")],
            said: vec![
                (commit(0, "2025-11-17"), PastUpdate::default()),
                (commit(1, "2025-12-02"), PastUpdate::default()),
            ],
        };
        let early = UpdateHistory::of(Some(&versions), "2025-11-30".parse().unwrap());
        let published = early.published.unwrap();
        assert_eq!((published.first.order, published.last.order), (0, 0));
        assert!(!published.changed_since());
        assert_eq!(early.said.len(), 1);
        let later = UpdateHistory::of(Some(&versions), "2025-12-02".parse().unwrap());
        assert!(later.published.unwrap().changed_since());
        let before = UpdateHistory::of(Some(&versions), "2025-11-16".parse().unwrap());
        assert!(before.published.is_none());
    }
}
