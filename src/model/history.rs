//! What the content's git history remembers, as values of the model: each plan's and
//! update's earlier versions, with the commit that made each. Read by `load`; what they
//! imply (a deadline moved, a figure revised) is derived from them in `derive`.

use std::sync::Arc;

use chrono::NaiveDate;
// Looked up by item, never iterated: the order of a hash map does not reach the output.
use foldhash::HashMap;

use serde::Deserialize;

use super::{Comparator, DateSpec, Day, DeclaredStatus, Figure, Id, Plan, Update};
use crate::base::yaml::lenient;

/// A commit of the content's repository, as a change shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Its id in full: 40 hexadecimal digits.
    pub id: String,
    /// Its place on the main line, oldest first: the order of the changes, whatever
    /// clocks the commits were made with.
    pub order: usize,
    /// When it was committed, in seconds since 1970 (UTC).
    pub time: i64,
    /// The day it was committed on, where it was committed (its own time zone).
    pub date: NaiveDate,
}

impl Commit {
    /// The short id people see, as `git log --oneline` shows it.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

/// The earlier versions of the site's plans and updates, by jurisdiction and id. Empty
/// when the history is not read.
#[derive(Debug, Default)]
pub struct Past {
    pub plans: HashMap<(Id, Id), Versions<PastPlan>>,
    pub updates: HashMap<(Id, Id), Versions<PastUpdate>>,
}

/// One item's history.
#[derive(Debug)]
pub struct Versions<T> {
    /// Every commit that changed its file or a translation of it, oldest first.
    pub commits: Vec<Arc<Commit>>,
    /// What its file said after each commit that changed it, oldest first, where the
    /// file could be read then. Only for a file changed since it was first committed:
    /// one version alone says nothing changed.
    pub said: Vec<(Arc<Commit>, T)>,
}

/// What a plan's earlier version said of its targets and tasks, as far as history
/// follows them, in the file's order. Read leniently, as no one can fix a past version:
/// other fields are let be, and a value that cannot be read is absent.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct PastPlan {
    #[serde(default)]
    pub targets: Vec<PastTarget>,
    #[serde(default)]
    pub tasks: Vec<PastTask>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct PastTarget {
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<Id>,
    #[serde(default, deserialize_with = "lenient")]
    pub value: Option<Figure>,
    #[serde(default, deserialize_with = "lenient")]
    pub comparator: Option<Comparator>,
    #[serde(default, deserialize_with = "lenient")]
    pub deadline: Option<DateSpec>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct PastTask {
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<Id>,
    #[serde(default, deserialize_with = "lenient")]
    pub deadline: Option<DateSpec>,
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<DeclaredStatus>,
    #[serde(default, deserialize_with = "lenient")]
    pub done_on: Option<Day>,
}

/// What an update's earlier version said of its figures.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct PastUpdate {
    #[serde(default)]
    pub measurements: Vec<PastFigure>,
}

/// A figure, by what it measures (which follows it, as it has no id) and its value.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
pub struct PastFigure {
    #[serde(default, deserialize_with = "lenient")]
    pub indicator: Option<Id>,
    #[serde(default, deserialize_with = "lenient")]
    pub date: Option<DateSpec>,
    #[serde(default, deserialize_with = "lenient")]
    pub period_start: Option<DateSpec>,
    #[serde(default, deserialize_with = "lenient")]
    pub value: Option<Figure>,
}

/// What a plan as loaded says of what history follows: the same as its file's front
/// matter read as a past version, as the plan loaded without an error.
impl From<&Plan> for PastPlan {
    fn from(plan: &Plan) -> Self {
        PastPlan {
            targets: (plan.targets.iter())
                .map(|target| PastTarget {
                    id: Some(target.id.clone()),
                    value: Some(target.value),
                    comparator: Some(target.comparator),
                    deadline: Some(target.deadline),
                })
                .collect(),
            tasks: (plan.tasks.iter())
                .map(|task| PastTask {
                    id: Some(task.id.clone()),
                    deadline: task.deadline,
                    status: task.status,
                    done_on: task.done_on,
                })
                .collect(),
        }
    }
}

impl From<&Update> for PastUpdate {
    fn from(update: &Update) -> Self {
        PastUpdate {
            measurements: (update.measurements.iter())
                .map(|figure| PastFigure {
                    indicator: Some(figure.indicator.clone()),
                    date: figure.date,
                    period_start: figure.period_start,
                    value: Some(figure.value),
                })
                .collect(),
        }
    }
}
