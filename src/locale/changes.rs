//! What changed, in words: a deadline moved, a status reported, a figure revised, a
//! plan published and changed, each said in the page's language, for the pages and the
//! feeds alike.

use std::sync::Arc;

use super::phrase::{self, Phrase};
use super::ui::fill;
use super::words::Words;
use crate::derive::history::{Change, Published, TargetHistory, TaskHistory};
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
        let mut said: Vec<Said<'h>> = Vec::new();
        let deadline = |d: Option<DateSpec>| self.deadline_text(d);
        let status = |s: Option<DeclaredStatus>| self.status_name(s).to_owned();
        let day = |d: Option<Day>| match d {
            Some(day) => self.format.day(day.date()),
            None => self.ui.text("not_stated").to_owned(),
        };
        said.extend(self.said_changes("changed_deadline", &history.deadline, deadline));
        said.extend(self.said_changes("changed_status", &history.status, status));
        said.extend(self.said_changes("changed_done_on", &history.done_on, day));
        said.sort_by_key(|s| s.commit.order);
        said
    }

    /// Changes of one value, each said with the pattern `key`.
    fn said_changes<'h, T: Copy>(
        &self,
        key: &str,
        changes: &'h [Change<T>],
        text: impl Fn(T) -> String,
    ) -> impl Iterator<Item = Said<'h>> {
        let pattern = self.ui.text(key).to_owned();
        changes.iter().map(move |change| Said {
            text: Phrase::own(fill(
                &pattern,
                &[
                    ("before", &text(change.before)),
                    ("after", &text(change.after)),
                ],
            )),
            commit: &change.commit,
        })
    }

    /// Every change of a target, oldest first.
    pub fn target_changes<'h>(
        &self,
        history: &'h TargetHistory,
        indicator: &Indicator,
    ) -> Vec<Said<'h>> {
        let mut said: Vec<Said<'h>> = Vec::new();
        let from_to = |key: &str, before: Phrase, after: Phrase| {
            phrase::fill(self.ui.text(key), &[("before", before), ("after", after)])
        };
        for c in &history.value {
            let value = |v: Figure| self.value(indicator, v.get(), None);
            said.push(Said {
                text: from_to("changed_target_value", value(c.before), value(c.after)),
                commit: &c.commit,
            });
        }
        for c in &history.comparator {
            let comparator = |c| Phrase::own(self.comparator(c));
            said.push(Said {
                text: from_to(
                    "changed_comparator",
                    comparator(c.before),
                    comparator(c.after),
                ),
                commit: &c.commit,
            });
        }
        for c in &history.deadline {
            let date = |d| Phrase::own(self.format.date(d));
            said.push(Said {
                text: from_to("changed_deadline", date(c.before), date(c.after)),
                commit: &c.commit,
            });
        }
        said.sort_by_key(|s| s.commit.order);
        said
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
