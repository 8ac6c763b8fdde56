//! Derives what the content implies on the as-of date: each indicator's series per
//! jurisdiction, each target's pace, each task's status, the tree of jurisdictions and
//! each plan's six-clarities completeness. Pure functions of the model and the date.

pub mod history;
pub mod pace;
pub mod queries;
pub mod status;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::base::diagnostics::{Diagnostic, Location};
use crate::model::history::Past;
use crate::model::{
    DeclaredStatus, Figure, Id, Indicator, Jurisdiction, Located, Measurement, Plan, Program, Site,
    Target, Task, Update, WebUrl,
};
use history::{
    AnyChange, Change, PlanHistory, Published, TargetHistory, TaskHistory, UpdateHistory,
};
use pace::{Goal, Pace, Point};
use status::Timing;

/// The site as it stands on the as-of date.
///
/// It holds no borrow: it shares the site's content (`Arc`), so it outlives the `Site`
/// it was derived from, and `serve` can keep it while it derives the next one. Every
/// reference by id (a plan's jurisdiction and program, a target's indicator, ...) is
/// resolved here, once: what names something the site does not hold is left out, which
/// validation has already refused for a build, and which a reload that hands over
/// partial content must survive.
pub struct Report {
    pub site: Arc<Site>,
    pub as_of: NaiveDate,
    /// Updates dated on or before the as-of date, newest first; later ones are not
    /// known yet on that date.
    pub updates: Vec<UpdateReport>,
    /// Measurements per jurisdiction and indicator, oldest first.
    pub series: BTreeMap<(Id, Id), Vec<Observation>>,
    /// One per plan, in the site's order.
    pub plans: Vec<PlanReport>,
    /// The jurisdictions each one is within, merged from and into, and holds: the
    /// references of the jurisdictions' files, resolved, by id.
    pub parent: BTreeMap<Id, Arc<Jurisdiction>>,
    pub predecessors: BTreeMap<Id, Vec<Arc<Jurisdiction>>>,
    /// Each jurisdiction's sub-jurisdictions, by id.
    pub children: BTreeMap<Id, Vec<Arc<Jurisdiction>>>,
    /// The jurisdictions that site-wide pages list: the top ones and those right under
    /// them (the country and its provinces). Deeper ones are listed on their parent's
    /// page, so that no page lists a whole country's communes.
    pub overview: BTreeMap<Id, Arc<Jurisdiction>>,
    /// The indicators each program compares jurisdictions on, in the program's order.
    pub program_indicators: BTreeMap<Id, Vec<Arc<Indicator>>>,
    /// The jurisdictions each one was merged into.
    pub successors: BTreeMap<Id, Vec<Arc<Jurisdiction>>>,
    /// The date each jurisdiction's data last changed: its latest update or plan.
    pub last_updated: BTreeMap<Id, NaiveDate>,
    /// Plans and updates dated after the as-of date: not known yet on that date, so not
    /// shown; listed so that a mistyped year does not vanish silently.
    pub later: Vec<Later>,
    /// Indexes into `plans` and `updates` by jurisdiction, so that a page finds its own
    /// without scanning the whole country's.
    plans_by_jurisdiction: HashMap<Id, Vec<usize>>,
    updates_by_jurisdiction: HashMap<Id, Vec<usize>>,
}

/// One measurement, placed in time.
#[derive(Debug, Clone)]
pub struct Observation {
    pub value: f64,
    /// The last day the measurement's date covers.
    pub date: NaiveDate,
    pub measurement: Arc<Located<Measurement>>,
    pub indicator: Arc<Indicator>,
    pub update: Arc<Update>,
    pub source: WebUrl,
    /// Each time the figure was revised after it was published, oldest first.
    pub revisions: Box<[Change<Figure>]>,
}

impl Observation {
    /// A figure summed over a period (people supported in 2021–2025) says nothing
    /// about a level on a day, so it takes no part in pace.
    pub fn is_level(&self) -> bool {
        self.measurement.period_start.is_none()
    }
}

/// A plan or an update dated after the as-of date.
pub struct Later {
    /// Where its date is written.
    pub origin: crate::base::source::Origin,
    pub date: NaiveDate,
    pub what: &'static str,
}

impl Later {
    /// The warning that it is not shown yet.
    pub fn warning(&self, as_of: NaiveDate) -> Diagnostic {
        Diagnostic::warning(format!(
            "this {} is dated {}, after the as-of date {as_of}: it is not shown until then",
            self.what, self.date
        ))
        .at(Location::Value(self.origin.clone()))
        .help("if the year is a typo, correct it; to show the site as of a later day, pass --as-of")
    }
}

/// The newest of some dates up to the as-of date.
fn newest(dates: impl Iterator<Item = NaiveDate>, as_of: NaiveDate) -> NaiveDate {
    dates
        .filter(|d| *d <= as_of)
        .max()
        // A site with nothing dated yet: a fixed day, never the build's clock.
        .unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default())
}

/// An update known on the as-of date, with what it names.
pub struct UpdateReport {
    pub update: Arc<Update>,
    pub jurisdiction: Arc<Jurisdiction>,
    /// Its measurements of indicators the site holds, in the file's order.
    pub measurements: Vec<MeasurementReport>,
    /// When it was first committed and last changed, when the history is read.
    pub published: Option<Published>,
}

pub struct MeasurementReport {
    pub measurement: Arc<Located<Measurement>>,
    pub indicator: Arc<Indicator>,
    /// Each time the figure was revised after it was published, oldest first.
    pub revisions: Box<[Change<Figure>]>,
}

pub struct PlanReport {
    pub plan: Arc<Plan>,
    pub jurisdiction: Arc<Jurisdiction>,
    pub program: Arc<Program>,
    /// Its targets for indicators the site holds, in the file's order.
    pub targets: Vec<TargetReport>,
    pub tasks: Vec<TaskReport>,
    pub clarities: Clarities,
    /// When it was first committed and last changed, when the history is read.
    pub published: Option<Published>,
}

pub struct TargetReport {
    pub target: Arc<Located<Target>>,
    pub indicator: Arc<Indicator>,
    pub pace: Pace,
    /// Where the baseline and the latest value come from.
    pub baseline_source: Option<WebUrl>,
    pub latest_source: Option<WebUrl>,
    /// What changed in it since it was published, if anything did.
    pub history: Option<Box<TargetHistory>>,
}

pub struct TaskReport {
    pub task: Arc<Located<Task>>,
    pub declared: Option<DeclaredStatus>,
    pub timing: Timing,
    /// What changed in it since it was published, if anything did.
    pub history: Option<Box<TaskHistory>>,
}

impl TaskReport {
    /// Still to do by a deadline: what the calendars of deadlines hold.
    pub fn is_due(&self) -> bool {
        self.task.deadline.is_some()
            && !matches!(
                self.timing,
                Timing::Done | Timing::DoneLate { .. } | Timing::Cancelled
            )
    }
}

/// How many of a plan's tasks name each of the six clarities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Clarities {
    pub tasks: usize,
    pub person: usize,
    pub work: usize,
    pub time: usize,
    pub responsibility: usize,
    pub product: usize,
    pub authority: usize,
}

impl Clarities {
    fn of(tasks: &[Arc<Located<Task>>]) -> Self {
        let count = |has: fn(&Task) -> bool| tasks.iter().filter(|t| has(t)).count();
        Clarities {
            tasks: tasks.len(),
            person: count(|t| t.lead.is_some()),
            work: tasks.len(),
            time: count(|t| t.deadline.is_some()),
            responsibility: count(|t| !t.coordinating.is_empty()),
            product: count(|t| t.deliverable.is_some()),
            authority: count(|t| t.approving_authority.is_some()),
        }
    }
}

/// The report on the as-of date; `past` is what the content's history remembers (empty
/// when it is not read).
pub fn derive(site: Arc<Site>, as_of: NaiveDate, past: &Past) -> Report {
    let indicator = |id: &Id| site.indicators.get(id).cloned();
    let jurisdiction = |id: &Id| site.jurisdictions.get(id).cloned();

    // Each update and each plan on its own, in parallel; what joins them, in order.
    let mut updates: Vec<UpdateReport> = site
        .updates
        .par_iter()
        .filter(|u| u.date.date() <= as_of)
        .filter_map(|update| {
            let key = (update.jurisdiction.clone(), update.id.clone());
            let history = UpdateHistory::of(past.updates.get(&key), as_of);
            Some(UpdateReport {
                update: update.clone(),
                jurisdiction: jurisdiction(&update.jurisdiction)?,
                measurements: update
                    .measurements
                    .iter()
                    .filter_map(|measurement| {
                        Some(MeasurementReport {
                            measurement: measurement.clone(),
                            indicator: indicator(&measurement.indicator)?,
                            revisions: history.revisions(measurement),
                        })
                    })
                    .collect(),
                published: history.published,
            })
        })
        .collect();
    updates.par_sort_by(|a, b| {
        let (a, b) = (&a.update, &b.update);
        (b.date, &b.jurisdiction, &b.id).cmp(&(a.date, &a.jurisdiction, &a.id))
    });

    let mut last_updated: BTreeMap<Id, NaiveDate> = BTreeMap::new();
    for UpdateReport { update, .. } in &updates {
        let latest = last_updated
            .entry(update.jurisdiction.clone())
            .or_insert(update.date.date());
        *latest = (*latest).max(update.date.date());
    }
    // By borrowed ids while it is made: the owned keys are made once per series. (Made
    // in parallel parts and joined, it took twice as long.)
    let mut series: Series = HashMap::default();
    for update in &updates {
        observe(update, &mut series);
    }
    series.par_iter_mut().for_each(|(_, observations)| {
        observations.sort_by(|a, b| {
            (a.date, a.update.date, &a.update.id).cmp(&(b.date, b.update.date, &b.update.id))
        });
    });

    let mut later: Vec<Later> = Vec::new();
    for plan in site.plans.iter().filter(|p| p.issued_on.date() > as_of) {
        later.push(Later {
            origin: plan.origin.key("issued_on"),
            date: plan.issued_on.date(),
            what: "plan",
        });
    }
    for update in site.updates.iter().filter(|u| u.date.date() > as_of) {
        later.push(Later {
            origin: update.origin.key("date"),
            date: update.date.date(),
            what: "update",
        });
    }

    let plans: Vec<PlanReport> = site
        .plans
        .par_iter()
        .filter(|plan| plan.issued_on.date() <= as_of)
        .filter_map(|plan| {
            let key = (plan.jurisdiction.clone(), plan.id.clone());
            let history = PlanHistory::of(past.plans.get(&key), as_of);
            let targets = plan
                .targets
                .iter()
                .filter_map(|target| {
                    Some(TargetReport {
                        history: history.target(&target.id),
                        ..target_report(
                            target,
                            indicator(&target.indicator)?,
                            series.get(&(&plan.jurisdiction, &target.indicator)),
                            as_of,
                        )
                    })
                })
                .collect();
            let tasks = plan
                .tasks
                .iter()
                .map(|task| TaskReport {
                    task: task.clone(),
                    declared: status::declared_as_of(task, as_of),
                    timing: status::task_timing(task, as_of, site.config.due_soon_days),
                    history: history.task(&task.id),
                })
                .collect();
            Some(PlanReport {
                plan: plan.clone(),
                jurisdiction: jurisdiction(&plan.jurisdiction)?,
                program: site.programs.get(&plan.program).cloned()?,
                targets,
                tasks,
                clarities: Clarities::of(&plan.tasks),
                published: history.published,
            })
        })
        .collect();

    let series: BTreeMap<(Id, Id), Vec<Observation>> = series
        .into_iter()
        .map(|((jurisdiction, indicator), observations)| {
            ((jurisdiction.clone(), indicator.clone()), observations)
        })
        .collect();

    let mut parents: BTreeMap<Id, Arc<Jurisdiction>> = BTreeMap::new();
    let mut predecessors: BTreeMap<Id, Vec<Arc<Jurisdiction>>> = BTreeMap::new();
    let mut children: BTreeMap<Id, Vec<Arc<Jurisdiction>>> = BTreeMap::new();
    let mut successors: BTreeMap<Id, Vec<Arc<Jurisdiction>>> = BTreeMap::new();
    for this in site.jurisdictions.values() {
        if let Some(parent) = this.parent().and_then(jurisdiction) {
            children
                .entry(parent.id.clone())
                .or_default()
                .push(this.clone());
            parents.insert(this.id.clone(), parent);
        }
        for predecessor in this.predecessors.iter().filter_map(jurisdiction) {
            successors
                .entry(predecessor.id.clone())
                .or_default()
                .push(this.clone());
            predecessors
                .entry(this.id.clone())
                .or_default()
                .push(predecessor);
        }
    }

    let is_top = |id: &Id| {
        site.jurisdictions
            .get(id)
            .is_some_and(|j| j.parent().is_none())
    };
    let overview = site
        .jurisdictions
        .values()
        .filter(|j| j.parent().is_none_or(is_top))
        .map(|j| (j.id.clone(), j.clone()))
        .collect();
    let program_indicators = site
        .programs
        .values()
        .map(|program| {
            let indicators = program.indicators.iter().filter_map(indicator).collect();
            (program.id.clone(), indicators)
        })
        .collect();

    for plan in &plans {
        let latest = last_updated
            .entry(plan.plan.jurisdiction.clone())
            .or_insert(plan.plan.issued_on.date());
        *latest = (*latest).max(plan.plan.issued_on.date());
    }
    let mut plans_by_jurisdiction: HashMap<Id, Vec<usize>> = HashMap::default();
    for (index, plan) in plans.iter().enumerate() {
        plans_by_jurisdiction
            .entry(plan.plan.jurisdiction.clone())
            .or_default()
            .push(index);
    }
    let mut updates_by_jurisdiction: HashMap<Id, Vec<usize>> = HashMap::default();
    for (index, update) in updates.iter().enumerate() {
        updates_by_jurisdiction
            .entry(update.update.jurisdiction.clone())
            .or_default()
            .push(index);
    }

    Report {
        site,
        as_of,
        updates,
        plans_by_jurisdiction,
        updates_by_jurisdiction,
        series,
        plans,
        parent: parents,
        predecessors,
        children,
        overview,
        program_indicators,
        successors,
        last_updated,
        later,
    }
}

/// Observations by jurisdiction and indicator, as they are gathered.
type Series<'u> = HashMap<(&'u Id, &'u Id), Vec<Observation>>;

/// An update's measurements, as observations in the series they belong to.
fn observe<'u>(report: &'u UpdateReport, series: &mut Series<'u>) {
    let update = &report.update;
    let Some(first_source) = update.sources.first() else {
        return;
    };
    for MeasurementReport {
        measurement,
        indicator,
        revisions,
    } in &report.measurements
    {
        let date = measurement
            .date
            .unwrap_or(update.date.spec())
            .last_day()
            .min(update.date.date());
        series
            .entry((&update.jurisdiction, &measurement.indicator))
            .or_default()
            .push(Observation {
                value: measurement.value.get(),
                date,
                measurement: measurement.clone(),
                indicator: indicator.clone(),
                update: update.clone(),
                source: measurement
                    .source
                    .as_ref()
                    .unwrap_or(&first_source.url)
                    .clone(),
                revisions: revisions.clone(),
            });
    }
}

fn target_report(
    target: &Arc<Located<Target>>,
    indicator: Arc<Indicator>,
    observations: Option<&Vec<Observation>>,
    as_of: NaiveDate,
) -> TargetReport {
    let levels: Vec<&Observation> = observations
        .into_iter()
        .flatten()
        .filter(|o| o.is_level())
        .collect();
    let latest = levels.last();
    let (baseline, baseline_source) = match &target.baseline {
        Some(b) => (
            Some(Point {
                value: b.value.get(),
                date: b.date.last_day(),
            }),
            b.source.clone(),
        ),
        None => match levels.first() {
            Some(first) => (
                Some(Point {
                    value: first.value,
                    date: first.date,
                }),
                Some(first.source.clone()),
            ),
            None => (None, None),
        },
    };
    let goal = Goal {
        comparator: target.comparator,
        value: target.value.get(),
        deadline: target.deadline.last_day(),
    };
    TargetReport {
        target: target.clone(),
        indicator,
        pace: pace::pace(
            goal,
            baseline,
            latest.map(|o| Point {
                value: o.value,
                date: o.date,
            }),
            as_of,
        ),
        baseline_source,
        latest_source: latest.map(|o| o.source.clone()),
        history: None,
    }
}

/// A change of an item of the report, with the item: what a feed's entry tells.
#[derive(Clone, Copy)]
pub enum ItemChange<'r> {
    Task(&'r PlanReport, &'r TaskReport, AnyChange<'r>),
    Target(&'r PlanReport, &'r TargetReport, AnyChange<'r>),
    Figure(&'r UpdateReport, &'r MeasurementReport, AnyChange<'r>),
}

impl<'r> ItemChange<'r> {
    /// Whether both are changes of the same task, target or figure.
    pub fn same_item(&self, other: &ItemChange) -> bool {
        match (self, other) {
            (ItemChange::Task(_, a, _), ItemChange::Task(_, b, _)) => std::ptr::eq(*a, *b),
            (ItemChange::Target(_, a, _), ItemChange::Target(_, b, _)) => std::ptr::eq(*a, *b),
            (ItemChange::Figure(_, a, _), ItemChange::Figure(_, b, _)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }

    pub fn change(&self) -> AnyChange<'r> {
        match *self {
            ItemChange::Task(_, _, c)
            | ItemChange::Target(_, _, c)
            | ItemChange::Figure(_, _, c) => c,
        }
    }
}

impl Report {
    /// Every change of these plans' and updates' items, the newest first (by the day of
    /// its commit, then its place on the main line).
    pub fn changes_of<'r>(
        &'r self,
        plans: impl Iterator<Item = &'r PlanReport>,
        updates: impl Iterator<Item = &'r UpdateReport>,
    ) -> Vec<ItemChange<'r>> {
        let mut found = Vec::new();
        for plan in plans {
            for task in &plan.tasks {
                for change in task.history.iter().flat_map(|h| h.all()) {
                    found.push(ItemChange::Task(plan, task, change));
                }
            }
            for target in &plan.targets {
                for change in target.history.iter().flat_map(|h| h.all()) {
                    found.push(ItemChange::Target(plan, target, change));
                }
            }
        }
        for update in updates {
            for measurement in &update.measurements {
                for change in measurement.revisions.iter() {
                    found.push(ItemChange::Figure(
                        update,
                        measurement,
                        AnyChange::Figure(change),
                    ));
                }
            }
        }
        // Stable: changes of one commit keep the site's order.
        found.sort_by_key(|c| {
            let commit = c.change().commit();
            std::cmp::Reverse((commit.date, commit.order))
        });
        found
    }

    /// The latest level of an indicator in a jurisdiction on the as-of date.
    pub fn latest(&self, jurisdiction: &Id, indicator: &Id) -> Option<&Observation> {
        self.series
            .get(&(jurisdiction.clone(), indicator.clone()))?
            .iter()
            .rev()
            .find(|o| o.is_level())
    }

    pub fn plans_of(&self, jurisdiction: &Id) -> impl Iterator<Item = &PlanReport> {
        let indexes = self
            .plans_by_jurisdiction
            .get(jurisdiction)
            .map_or(&[][..], Vec::as_slice);
        indexes.iter().filter_map(|&i| self.plans.get(i))
    }

    /// The newest date the content gives on the as-of date: of a program, a plan or an
    /// update. What a feed says when it last changed, when it has no entry.
    pub fn content_date(&self) -> NaiveDate {
        let updates = self.updates.iter().map(|u| u.update.date.date());
        newest(self.dated_plans().chain(updates), self.as_of)
    }

    /// The newest date of a program or a plan: the date of a feed of a jurisdiction
    /// with nothing of its own, which so does not change with every update elsewhere.
    pub fn plans_date(&self) -> NaiveDate {
        newest(self.dated_plans(), self.as_of)
    }

    fn dated_plans(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let programs = self.site.programs.values().map(|p| p.issued_on.date());
        let plans = self.plans.iter().map(|p| p.plan.issued_on.date());
        programs.chain(plans)
    }

    /// A jurisdiction's tasks counted: all, done (on time or late), and late (overdue or
    /// past their deadline with no status reported).
    pub fn task_counts(&self, jurisdiction: &Id) -> (usize, usize, usize) {
        let (mut total, mut done, mut late) = (0, 0, 0);
        for task in self.plans_of(jurisdiction).flat_map(|p| &p.tasks) {
            total += 1;
            match task.timing {
                Timing::Done | Timing::DoneLate { .. } => done += 1,
                Timing::Overdue { .. } | Timing::PastDeadline { .. } => late += 1,
                _ => {}
            }
        }
        (total, done, late)
    }

    /// The jurisdictions within this one that site-wide pages leave to the pages below
    /// (a province's communes): all those within it, at any depth, except the ones in the
    /// overview and theirs, which count under them.
    pub fn further_down(&self, jurisdiction: &Id) -> Vec<&Jurisdiction> {
        let unlisted_children = |id: &Id| {
            self.children_of(id)
                .iter()
                .map(|child| &**child)
                .filter(|child| !self.overview.contains_key(&child.id))
        };
        let mut found: Vec<&Jurisdiction> = unlisted_children(jurisdiction).collect();
        let mut next = 0;
        while let Some(&jurisdiction) = found.get(next) {
            next += 1;
            found.extend(unlisted_children(&jurisdiction.id));
        }
        found
    }

    /// The plans implementing a program, in the site's order.
    /// The jurisdictions one is within, merged from, and merged into.
    pub fn parent_of(&self, jurisdiction: &Id) -> Option<&Jurisdiction> {
        self.parent.get(jurisdiction).map(|j| &**j)
    }

    pub fn predecessors_of(&self, jurisdiction: &Id) -> &[Arc<Jurisdiction>] {
        self.predecessors
            .get(jurisdiction)
            .map_or(&[], Vec::as_slice)
    }

    pub fn successors_of(&self, jurisdiction: &Id) -> &[Arc<Jurisdiction>] {
        self.successors.get(jurisdiction).map_or(&[], Vec::as_slice)
    }

    pub fn children_of(&self, jurisdiction: &Id) -> &[Arc<Jurisdiction>] {
        self.children.get(jurisdiction).map_or(&[], Vec::as_slice)
    }

    pub fn indicators_of(&self, program: &Id) -> &[Arc<Indicator>] {
        self.program_indicators
            .get(program)
            .map_or(&[], Vec::as_slice)
    }

    pub fn plans_of_program(&self, program: &Id) -> Vec<&PlanReport> {
        self.plans
            .iter()
            .filter(|p| &p.plan.program == program)
            .collect()
    }

    /// A jurisdiction's updates on the as-of date, newest first.
    pub fn updates_of(&self, jurisdiction: &Id) -> impl Iterator<Item = &UpdateReport> {
        let indexes = self
            .updates_by_jurisdiction
            .get(jurisdiction)
            .map_or(&[][..], Vec::as_slice);
        indexes.iter().filter_map(|&i| self.updates.get(i))
    }
}
