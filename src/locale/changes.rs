//! What changed, in words: a deadline moved, a status reported, a figure revised, a
//! plan published and changed, each said in the page's language, for the pages and the
//! feeds alike.

use std::sync::Arc;

use super::phrase::{self, Phrase};
use super::ui::fill;
use super::words::Words;
use crate::derive::history::{AnyChange, Change, Published, TargetHistory, TaskHistory};
use crate::model::history::Commit;
use crate::model::{DateSpec, Day, DeclaredStatus, Figure, Indicator};

/// One change, said: what changed and the commit that changed it.
pub struct Said<'h> {
    pub text: Phrase,
    pub commit: &'h Arc<Commit>,
}

impl Words<'_> {
    /// A status as pages name it; no status is "no status reported".
    pub fn status_name(&self, status: Option<DeclaredStatus>) -> &str {
        self.ui.text(match status {
            None => "status_not_reported",
            Some(DeclaredStatus::NotStarted) => "status_not_started",
            Some(DeclaredStatus::InProgress) => "status_in_progress",
            Some(DeclaredStatus::Done) => "status_done",
            Some(DeclaredStatus::Blocked) => "status_blocked",
            Some(DeclaredStatus::Cancelled) => "status_cancelled",
        })
    }

    /// "Deadline moved", or "Deadline moved 3 times": the tag of a task in every list.
    pub fn deadline_moved_tag(&self, history: &TaskHistory) -> Option<String> {
        match history.moves().count() {
            0 => None,
            1 => Some(self.ui.text("deadline_moved").to_owned()),
            n => Some(fill(
                self.ui.plural("deadline_moved_times", n as i64),
                &[("count", &self.format.number(n as f64, 0))],
            )),
        }
    }

    /// "Original deadline: November 2025; now March 2026, changed on 2 December 2025".
    pub fn deadline_history<'h>(
        &self,
        history: &'h TaskHistory,
        now: Option<DateSpec>,
    ) -> Option<Said<'h>> {
        let original = history.original_deadline()?;
        let last = history.moves().last()?;
        let text = fill(
            self.ui.text("deadline_history"),
            &[
                ("original", &self.format.date(original)),
                ("now", &self.deadline_text(now)),
                ("changed", &self.format.day(last.commit.date)),
            ],
        );
        Some(Said {
            text: Phrase::own(text),
            commit: last.commit,
        })
    }

    /// How far a deadline moved: "212 days later", "30 days earlier".
    pub fn moved_by(&self, days: i64) -> String {
        let key = if days < 0 {
            "moved_earlier"
        } else {
            "moved_later"
        };
        fill(self.ui.text(key), &[("days", &self.days(days.abs()))])
    }

    /// Every change of a task, oldest first.
    pub fn task_changes<'h>(&self, history: &'h TaskHistory) -> Vec<Said<'h>> {
        self.said_all(history.all(), None)
    }

    /// Every change of a target, oldest first.
    pub fn target_changes<'h>(
        &self,
        history: &'h TargetHistory,
        indicator: &Indicator,
    ) -> Vec<Said<'h>> {
        self.said_all(history.all(), Some(indicator))
    }

    fn said_all<'h>(
        &self,
        changes: Vec<AnyChange<'h>>,
        indicator: Option<&Indicator>,
    ) -> Vec<Said<'h>> {
        changes
            .into_iter()
            .map(|change| Said {
                text: self.change_text(change, indicator),
                commit: change.commit(),
            })
            .collect()
    }

    /// "Deadline changed from November 2025 to March 2026": one change in words; a
    /// value with the indicator's unit where it is given.
    pub fn change_text(&self, change: AnyChange, indicator: Option<&Indicator>) -> Phrase {
        let own = |text: &str| Phrase::own(text);
        let value = |v: Figure| match indicator {
            Some(indicator) => self.value(indicator, v.get(), None),
            None => own(&self.format.figure(v.get(), 6)),
        };
        let day = |d: Option<Day>| match d {
            Some(day) => self.format.day(day.date()),
            None => self.ui.text("not_stated").to_owned(),
        };
        let (key, before, after) = match change {
            AnyChange::TaskDeadline(c) => (
                "changed_deadline",
                own(&self.deadline_text(c.before)),
                own(&self.deadline_text(c.after)),
            ),
            AnyChange::Status(c) => (
                "changed_status",
                own(self.status_name(c.before)),
                own(self.status_name(c.after)),
            ),
            AnyChange::DoneOn(c) => ("changed_done_on", own(&day(c.before)), own(&day(c.after))),
            AnyChange::TargetValue(c) => ("changed_target_value", value(c.before), value(c.after)),
            AnyChange::Comparator(c) => (
                "changed_comparator",
                own(self.comparator(c.before)),
                own(self.comparator(c.after)),
            ),
            AnyChange::TargetDeadline(c) => (
                "changed_deadline",
                own(&self.format.date(c.before)),
                own(&self.format.date(c.after)),
            ),
            AnyChange::Figure(c) => ("changed_figure", value(c.before), value(c.after)),
        };
        phrase::fill(self.ui.text(key), &[("before", before), ("after", after)])
    }

    /// "Revised on 5 January 2026; first published as 42 %": a figure changed after it
    /// was published, with the value it was first published with.
    pub fn revision<'h>(
        &self,
        revisions: &'h [Change<Figure>],
        indicator: &Indicator,
    ) -> Option<Said<'h>> {
        let (first, last) = (revisions.first()?, revisions.last()?);
        let text = phrase::fill(
            self.ui.text("figure_revised"),
            &[
                ("date", Phrase::own(self.format.day(last.commit.date))),
                ("before", self.value(indicator, first.before.get(), None)),
            ],
        );
        Some(Said {
            text,
            commit: &last.commit,
        })
    }

    /// "Published on 17 November 2025, last changed on 2 December 2025".
    pub fn published(&self, published: &Published) -> String {
        let first = self.format.day(published.first.date);
        if published.changed_since() {
            fill(
                self.ui.text("published_changed"),
                &[
                    ("first", &first),
                    ("last", &self.format.day(published.last.date)),
                ],
            )
        } else {
            fill(self.ui.text("published_on"), &[("first", &first)])
        }
    }

    fn deadline_text(&self, deadline: Option<DateSpec>) -> String {
        match deadline {
            Some(d) => self.format.date(d),
            None => self.ui.text("not_stated").to_owned(),
        }
    }
}
