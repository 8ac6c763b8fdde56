//! The bulk tables in `data/`: one CSV file per kind of record (UTF-8, RFC 4180, columns
//! in a fixed order), whose ids join across files, and `datapackage.json`, a Frictionless
//! Data Package describing them: field types, keys, sources and licence.
//!
//! Text columns come once per language (`name_vi`, `name_en`, ...), each holding the text
//! as written in that language, empty where it is not translated.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::values::round;
use crate::derive::history::AnyChange;
use crate::derive::status::Timing;
use crate::derive::{MeasurementReport, Report, UpdateReport};
use crate::locale::words::{timing_key, verdict_key};
use crate::model::{Id, Lang, Text};
use crate::site::routes;

#[derive(Clone, Copy)]
enum Type {
    String,
    Number,
    Integer,
    Date,
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Number => "number",
            Type::Integer => "integer",
            Type::Date => "date",
        }
    }
}

struct Field {
    name: String,
    kind: Type,
    description: String,
    /// A pattern the values match (dates written as a day, a month or a year).
    pattern: Option<&'static str>,
    required: bool,
}

/// A day (`2025-11-28`), a month (`2025-11`) or a year (`2026`).
const DATE_SPEC: &str = r"\d{4}(-\d{2}(-\d{2})?)?";

pub struct Table {
    pub name: &'static str,
    title: &'static str,
    description: &'static str,
    fields: Vec<Field>,
    primary_key: Vec<&'static str>,
    foreign_keys: Vec<(Vec<&'static str>, &'static str, Vec<&'static str>)>,
    /// Rows, each as long as `fields`.
    rows: Rows,
    /// Whether the table is split per jurisdiction, by its first column (the
    /// jurisdiction's id).
    by_jurisdiction: bool,
}

/// A table's rows, each written as a line of CSV once, when the table is made: the whole
/// table and each jurisdiction's part of it are then copies of those lines, and a
/// national table holds one buffer rather than a string per cell.
#[derive(Default)]
pub struct Rows {
    csv: Vec<u8>,
    /// Where each row's line ends in `csv`.
    ends: Vec<usize>,
    /// Each row's first cell.
    firsts: Vec<String>,
}

impl FromIterator<Vec<String>> for Rows {
    fn from_iter<I: IntoIterator<Item = Vec<String>>>(rows: I) -> Rows {
        let mut writer = csv_writer();
        let (mut ends, mut firsts) = (Vec::new(), Vec::new());
        for row in rows {
            // Writing to memory cannot fail; rows of different lengths are a bug the
            // tests catch.
            let _ = writer.write_record(&row);
            let _ = writer.flush();
            ends.push(writer.get_ref().len());
            firsts.push(row.into_iter().next().unwrap_or_default());
        }
        Rows {
            csv: writer.into_inner().unwrap_or_default(),
            ends,
            firsts,
        }
    }
}

impl Rows {
    /// The line of the row at `index`.
    fn line(&self, index: usize) -> &[u8] {
        let start = index
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .map_or(0, |&end| end);
        self.ends
            .get(index)
            .and_then(|&end| self.csv.get(start..end))
            .unwrap_or_default()
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// Builds a table column by column while its rows are filled.
struct Columns<'l> {
    languages: &'l [Lang],
    fields: Vec<Field>,
}

impl Columns<'_> {
    fn add(&mut self, name: &str, kind: Type, description: &str) -> &mut Self {
        self.fields.push(Field {
            name: name.to_owned(),
            kind,
            description: description.to_owned(),
            pattern: None,
            required: false,
        });
        self
    }

    /// A column every row fills.
    fn key(&mut self, name: &str, description: &str) -> &mut Self {
        self.add(name, Type::String, description);
        if let Some(field) = self.fields.last_mut() {
            field.required = true;
        }
        self
    }

    fn date_spec(&mut self, name: &str, description: &str) -> &mut Self {
        self.add(name, Type::String, description);
        if let Some(field) = self.fields.last_mut() {
            field.pattern = Some(DATE_SPEC);
        }
        self
    }

    /// One column per language: `title_vi`, `title_en`, ...
    fn text(&mut self, name: &str, description: &str) -> &mut Self {
        for lang in self.languages {
            self.add(
                &format!("{name}_{lang}"),
                Type::String,
                &format!("{description} ({lang})"),
            );
        }
        self
    }
}

/// Cells of one row, in the order of the table's columns.
struct Row<'l> {
    languages: &'l [Lang],
    default: &'l Lang,
    cells: Vec<String>,
}

impl Row<'_> {
    fn cell(&mut self, value: impl ToString) -> &mut Self {
        self.cells.push(value.to_string());
        self
    }

    fn optional(&mut self, value: Option<impl ToString>) -> &mut Self {
        self.cells
            .push(value.map(|v| v.to_string()).unwrap_or_default());
        self
    }

    /// A cell of free text, written by people: see [`inert`].
    fn free_text(&mut self, text: &str) -> &mut Self {
        self.cells.push(inert(text));
        self
    }

    /// A text's cell in each language, empty where it is not written in it.
    fn text(&mut self, text: Option<&Text>) -> &mut Self {
        for lang in self.languages {
            let cell = match text {
                Some(Text::Default(t)) if lang == self.default => inert(t),
                Some(Text::PerLanguage(map)) => map.get(lang).map(|t| inert(t)).unwrap_or_default(),
                _ => String::new(),
            };
            self.cells.push(cell);
        }
        self
    }

    /// Several texts in one cell per language, separated by `; `.
    fn texts(&mut self, texts: &[Text]) -> &mut Self {
        for lang in self.languages {
            let cell: Vec<String> = texts
                .iter()
                .filter_map(|text| match text {
                    Text::Default(t) if lang == self.default => Some(t.clone()),
                    Text::PerLanguage(map) => map.get(lang).cloned(),
                    _ => None,
                })
                .collect();
            self.cells.push(inert(&cell.join("; ")));
        }
        self
    }
}

/// The policy against formula injection: a spreadsheet opening a CSV file runs a cell
/// that starts with `=`, `+`, `-` or `@` (or a tab or line break before one) as a
/// formula, which a text from the content could use to reach the reader's machine. Such
/// a text cell starts with an apostrophe, `'`, which spreadsheets show as nothing, as
/// OWASP advises; numbers, dates and ids are never text cells and never change. The
/// JSON files give every text exactly as written.
pub fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// What the data package says of [`inert`], for whoever reads the tables.
const FORMULA_NOTE: &str = "A text cell that starts with =, +, - or @ starts with an apostrophe ('), so that a \
spreadsheet does not run it as a formula; numbers, dates and ids never change. The pages' \
JSON files keep every text exactly as written.";

/// Every bulk table of the site, in a fixed order.
pub fn tables<'r>(report: &'r Report, base_url: &'r str) -> Vec<Table> {
    let builder = Builder {
        report,
        languages: &report.site.config.languages,
        default: report.site.default_language(),
        base_url,
    };
    // Made side by side: at national scale the tasks and measurements tables alone take
    // a second each, which would otherwise leave a core idle at the end of every build.
    let makers: [fn(&Builder<'r>) -> Table; 9] = [
        Builder::indicators,
        Builder::programs,
        Builder::jurisdictions,
        Builder::plans,
        Builder::targets,
        Builder::tasks,
        Builder::updates,
        Builder::measurements,
        Builder::changes,
    ];
    makers.par_iter().map(|make| make(&builder)).collect()
}

struct Builder<'r> {
    report: &'r Report,
    languages: &'r [Lang],
    default: &'r Lang,
    base_url: &'r str,
}

impl<'r> Builder<'r> {
    /// The updates known on the as-of date in the site's order (by jurisdiction, then
    /// id), which the tables keep; the report has them newest first.
    fn updates_in_site_order(&self) -> Vec<&'r UpdateReport> {
        let mut updates: Vec<&UpdateReport> = self.report.updates.iter().collect();
        updates.sort_by(|a, b| {
            let (a, b) = (&a.update, &b.update);
            (&a.jurisdiction, &a.id).cmp(&(&b.jurisdiction, &b.id))
        });
        updates
    }

    fn columns(&self) -> Columns<'_> {
        Columns {
            languages: self.languages,
            fields: Vec::new(),
        }
    }

    fn row(&self) -> Row<'_> {
        Row {
            languages: self.languages,
            default: self.default,
            cells: Vec::new(),
        }
    }

    fn page(&self, href: &str) -> String {
        format!("{}{}", self.base_url, routes::folder_of(href))
    }

    fn indicators(&self) -> Table {
        let mut c = self.columns();
        c.key("id", "the indicator's id")
            .text("name", "what is measured")
            .add(
                "unit",
                Type::String,
                "percent (a share from 0 to 100) or number",
            )
            .text("unit_label", "what a number counts");
        let rows = self
            .report
            .site
            .indicators
            .values()
            .map(|i| {
                let mut r = self.row();
                r.cell(&i.id)
                    .text(Some(&i.name))
                    .cell(unit(i.unit))
                    .text(i.unit_label.as_ref());
                r.cells
            })
            .collect();
        Table {
            name: "indicators",
            title: "Indicators",
            description: "What is measured, and in which unit.",
            fields: c.fields,
            primary_key: vec!["id"],
            foreign_keys: vec![],
            rows,
            by_jurisdiction: false,
        }
    }

    fn programs(&self) -> Table {
        let mut c = self.columns();
        c.key("id", "the program's id")
            .add("number", Type::String, "the document's number")
            .text("kind", "what the document is")
            .text("title", "its title")
            .text("issued_by", "who issued it")
            .add("issued_on", Type::Date, "the day it was issued")
            .add("source_url", Type::String, "where it is published")
            .add("page_url", Type::String, "its page on this site")
            .add(
                "indicator_ids",
                Type::String,
                "ids of the indicators it compares jurisdictions on, separated by spaces",
            );
        let rows = self
            .report
            .site
            .programs
            .values()
            .map(|p| {
                let mut r = self.row();
                r.cell(&p.id)
                    .free_text(&p.number)
                    .text(p.kind.as_ref())
                    .text(Some(&p.title))
                    .text(Some(&p.issued_by))
                    .cell(p.issued_on)
                    .cell(&p.source)
                    .cell(self.page(&routes::program(p)))
                    .cell(
                        p.indicators
                            .iter()
                            .map(|i| i.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                r.cells
            })
            .collect();
        Table {
            name: "programs",
            title: "Programs",
            description: "National policies that jurisdictions implement with plans.",
            fields: c.fields,
            primary_key: vec!["id"],
            foreign_keys: vec![],
            rows,
            by_jurisdiction: false,
        }
    }

    fn jurisdictions(&self) -> Table {
        let mut c = self.columns();
        c.key("id", "the jurisdiction's id")
            .add("level", Type::String, "country, province or commune")
            .add(
                "parent_id",
                Type::String,
                "the id of the jurisdiction it belongs to",
            )
            .text("name", "its name")
            .text("description", "a description")
            .date_spec("established_on", "when it was established")
            .date_spec("ended_on", "when it ended")
            .add(
                "predecessor_ids",
                Type::String,
                "ids of the jurisdictions it was formed from, separated by spaces",
            )
            .add("website", Type::String, "its own website")
            .add("source_url", Type::String, "where its facts come from")
            .add("page_url", Type::String, "its page on this site");
        let rows = self
            .report
            .site
            .jurisdictions
            .values()
            .map(|j| {
                let mut r = self.row();
                r.cell(&j.id)
                    .cell(level(j.level))
                    .optional(j.parent())
                    .text(Some(&j.name))
                    .text(j.description.as_ref())
                    .optional(j.established_on)
                    .optional(j.ended_on)
                    .cell(
                        j.predecessors
                            .iter()
                            .map(|p| p.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                    .optional(j.website.as_ref())
                    .optional(j.source.as_ref())
                    .cell(self.page(&routes::jurisdiction(j)));
                r.cells
            })
            .collect();
        Table {
            name: "jurisdictions",
            title: "Jurisdictions",
            description: "The country, its provinces and communes, including former ones.",
            fields: c.fields,
            primary_key: vec!["id"],
            foreign_keys: vec![(vec!["parent_id"], "", vec!["id"])],
            rows,
            by_jurisdiction: false,
        }
    }

    fn plans(&self) -> Table {
        let mut c = self.columns();
        c.key("jurisdiction_id", "the jurisdiction whose plan it is")
            .key("plan_id", "the plan's id, unique within its jurisdiction")
            .add("number", Type::String, "the document's number")
            .text("kind", "what the document is")
            .text("title", "its title")
            .add("program_id", Type::String, "the program it implements")
            .text("issued_by", "who issued it")
            .add("issued_on", Type::Date, "the day it was issued")
            .add("source_url", Type::String, "where it is published")
            .add("page_url", Type::String, "its page on this site");
        let rows = self
            .report
            .plans
            .iter()
            .map(|p| {
                let plan = &p.plan;
                let mut r = self.row();
                r.cell(&plan.jurisdiction)
                    .cell(&plan.id)
                    .free_text(&plan.number)
                    .text(plan.kind.as_ref())
                    .text(Some(&plan.title))
                    .cell(&plan.program)
                    .text(Some(&plan.issued_by))
                    .cell(plan.issued_on)
                    .cell(&plan.source)
                    .cell(self.page(&routes::plan(&p.jurisdiction, &plan.id)));
                r.cells
            })
            .collect();
        Table {
            name: "plans",
            title: "Plans",
            description: "Each jurisdiction's plans implementing a program.",
            fields: c.fields,
            primary_key: vec!["jurisdiction_id", "plan_id"],
            foreign_keys: vec![
                (vec!["jurisdiction_id"], "jurisdictions", vec!["id"]),
                (vec!["program_id"], "programs", vec!["id"]),
            ],
            rows,
            by_jurisdiction: true,
        }
    }

    fn targets(&self) -> Table {
        let mut c = self.columns();
        c.key("jurisdiction_id", "the jurisdiction whose plan sets it")
            .key("plan_id", "the plan that sets it")
            .key("target_id", "the target's id, unique within its plan")
            .add("indicator_id", Type::String, "what is measured")
            .add("comparator", Type::String, "above, at_least, below or at_most")
            .add("value", Type::Number, "the value to reach")
            .date_spec("deadline", "by when, as the plan gives it")
            .add("deadline_end", Type::Date, "the last day of the deadline")
            .add("baseline_value", Type::Number, "the value pace is measured from")
            .add("baseline_date", Type::Date, "its date")
            .add("latest_value", Type::Number, "the latest value")
            .add("latest_date", Type::Date, "its date")
            .add("latest_source_url", Type::String, "where the latest value comes from")
            .add(
                "verdict",
                Type::String,
                "no_data, achieved, on_track, acceleration_needed, limited_progress, deterioration, needs_more_data or not_achieved",
            )
            .add("days_left", Type::Integer, "days from the as-of date to the deadline")
            .add("still_needed", Type::Number, "how far the latest value is from the target")
            .add("needed_per_month", Type::Number, "still_needed spread over the months left")
            .add("rate_method", Type::String, "compound or linear")
            .add("observed_rate", Type::Number, "the rate since the baseline, a year")
            .add("required_rate", Type::Number, "the rate that reaches the target, a year")
            .add("ratio", Type::Number, "observed_rate ÷ required_rate")
            .add("projection", Type::Number, "the value on the deadline if the observed rate holds")
            .text("note", "a note");
        let rows = self
            .report
            .plans
            .iter()
            .flat_map(|p| p.targets.iter().map(move |t| (&p.plan, t)))
            .map(|(plan, t)| {
                let target = &t.target.item;
                let pace = &t.pace;
                let rates = pace.rates;
                let mut r = self.row();
                r.cell(&plan.jurisdiction)
                    .cell(&plan.id)
                    .cell(&target.id)
                    .cell(&target.indicator)
                    .cell(comparator(target.comparator))
                    .cell(target.value.get())
                    .cell(target.deadline)
                    .cell(target.deadline.last_day())
                    .optional(pace.baseline.map(|b| b.value))
                    .optional(pace.baseline.map(|b| b.date))
                    .optional(pace.latest.map(|l| l.value))
                    .optional(pace.latest.map(|l| l.date))
                    .optional(t.latest_source.as_ref())
                    .cell(verdict_key(pace.verdict).trim_start_matches("verdict_"))
                    .cell(pace.days_left)
                    .optional(pace.still_needed.map(|v| round(v, 6)))
                    .optional(pace.needed_per_month.map(|v| round(v, 6)))
                    .optional(rates.map(|r| rate_method(r.method)))
                    .optional(rates.map(|r| round(r.observed, 6)))
                    .optional(rates.map(|r| round(r.required, 6)))
                    .optional(rates.and_then(|r| r.ratio).map(|x| round(x, 4)))
                    .optional(rates.map(|r| round(r.projection, 4)))
                    .text(target.note.as_ref());
                r.cells
            })
            .collect();
        Table {
            name: "targets",
            title: "Targets",
            description: "What each plan sets out to reach, and its pace on the as-of date.",
            fields: c.fields,
            primary_key: vec!["jurisdiction_id", "plan_id", "target_id"],
            foreign_keys: vec![
                (
                    vec!["jurisdiction_id", "plan_id"],
                    "plans",
                    vec!["jurisdiction_id", "plan_id"],
                ),
                (vec!["indicator_id"], "indicators", vec!["id"]),
            ],
            rows,
            by_jurisdiction: true,
        }
    }

    fn tasks(&self) -> Table {
        let mut c = self.columns();
        c.key("jurisdiction_id", "the jurisdiction whose plan sets it")
            .key("plan_id", "the plan that sets it")
            .key("task_id", "the task's id, unique within its plan")
            .text("what", "what must be done (clear work)")
            .text("lead", "the unit that leads (clear person)")
            .text("coordinating", "units that take part, separated by `; ` (clear responsibility)")
            .text("deliverable", "what will exist when it is done (clear product)")
            .date_spec("deadline", "by when (clear time)")
            .add("deadline_end", Type::Date, "the last day of the deadline")
            .text("approving_authority", "who accepts the result (clear authority)")
            .add(
                "declared_status",
                Type::String,
                "as reported: not_started, in_progress, done, blocked or cancelled; empty when none is reported",
            )
            .add("done_on", Type::Date, "the day it was done")
            .add(
                "timing",
                Type::String,
                "on the as-of date: overdue, past_deadline, due_soon, upcoming, no_deadline, done_late, done or cancelled",
            )
            .add("timing_days", Type::Integer, "days late or days left, for the timings that count them")
            .text("notes", "notes")
            .add("source_url", Type::String, "where the task is written down");
        let rows = self
            .report
            .plans
            .iter()
            .flat_map(|p| p.tasks.iter().map(move |t| (&p.plan, t)))
            .map(|(plan, t)| {
                let task = &t.task.item;
                let days = match t.timing {
                    Timing::Overdue { days_overdue: d }
                    | Timing::PastDeadline { days_past: d }
                    | Timing::DueSoon { days_left: d }
                    | Timing::Upcoming { days_left: d }
                    | Timing::DoneLate { days_late: d } => Some(d),
                    Timing::NoDeadline | Timing::Done | Timing::Cancelled => None,
                };
                let mut r = self.row();
                r.cell(&plan.jurisdiction)
                    .cell(&plan.id)
                    .cell(&task.id)
                    .text(Some(&task.what))
                    .text(task.lead.as_ref())
                    .texts(&task.coordinating)
                    .text(task.deliverable.as_ref())
                    .optional(task.deadline)
                    .optional(task.deadline.map(|d| d.last_day()))
                    .text(task.approving_authority.as_ref())
                    .optional(t.declared.map(declared_status))
                    .optional(task.done_on)
                    .cell(timing_key(t.timing))
                    .optional(days)
                    .text(task.notes.as_ref())
                    .cell(task.source.as_ref().unwrap_or(&plan.source));
                r.cells
            })
            .collect();
        Table {
            name: "tasks",
            title: "Tasks",
            description: "What each plan asks to be done, with its six clarities and its status on the as-of date.",
            fields: c.fields,
            primary_key: vec!["jurisdiction_id", "plan_id", "task_id"],
            foreign_keys: vec![(
                vec!["jurisdiction_id", "plan_id"],
                "plans",
                vec!["jurisdiction_id", "plan_id"],
            )],
            rows,
            by_jurisdiction: true,
        }
    }

    fn updates(&self) -> Table {
        let mut c = self.columns();
        c.key("jurisdiction_id", "the jurisdiction it reports on")
            .key(
                "update_id",
                "the update's id, unique within its jurisdiction",
            )
            .add("date", Type::Date, "the day it reports")
            .text("title", "its title")
            .add(
                "source_urls",
                Type::String,
                "its sources, separated by spaces",
            )
            .add("page_url", Type::String, "its page on this site");
        let rows = self
            .updates_in_site_order()
            .into_iter()
            .map(|report| {
                let u = &report.update;
                let mut r = self.row();
                r.cell(&u.jurisdiction)
                    .cell(&u.id)
                    .cell(u.date)
                    .text(Some(&u.title))
                    .cell(
                        u.sources
                            .iter()
                            .map(|s| s.url.to_string())
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                    .cell(self.page(&routes::update(&report.jurisdiction, &u.id)));
                r.cells
            })
            .collect();
        Table {
            name: "updates",
            title: "Updates",
            description: "Progress reports, each with its sources.",
            fields: c.fields,
            primary_key: vec!["jurisdiction_id", "update_id"],
            foreign_keys: vec![(vec!["jurisdiction_id"], "jurisdictions", vec!["id"])],
            rows,
            by_jurisdiction: true,
        }
    }

    fn measurements(&self) -> Table {
        let mut c = self.columns();
        c.key("jurisdiction_id", "where it was measured")
            .key("indicator_id", "what was measured")
            .date_spec(
                "date",
                "when, as the source gives it: a day, a month or a year",
            )
            .add("date_end", Type::Date, "the last day that date covers")
            .date_spec(
                "period_start",
                "for a figure summed over a period, its start",
            )
            .add("value", Type::Number, "the value")
            .add(
                "qualifier",
                Type::String,
                "about, more_than or less_than, as the source qualifies it",
            )
            .add("unit", Type::String, "percent or number")
            .add("source_url", Type::String, "where the figure is published")
            .key("update_id", "the update that reports it")
            .text("note", "a note");
        let rows = self
            .updates_in_site_order()
            .into_iter()
            .flat_map(|u| u.measurements.iter().map(move |m| (&u.update, m)))
            .map(
                |(
                    u,
                    MeasurementReport {
                        measurement: m,
                        indicator,
                        ..
                    },
                )| {
                    let date = m.date.unwrap_or(u.date.spec());
                    let source = m.source.as_ref().or(u.sources.first().map(|s| &s.url));
                    let mut r = self.row();
                    r.cell(&u.jurisdiction)
                        .cell(&m.indicator)
                        .cell(date)
                        .cell(date.last_day().min(u.date.date()))
                        .optional(m.period_start)
                        .cell(m.value.get())
                        .optional(m.qualifier.map(qualifier))
                        .cell(unit(indicator.unit))
                        .optional(source)
                        .cell(&u.id)
                        .text(m.note.as_ref());
                    r.cells
                },
            )
            .collect();
        Table {
            name: "measurements",
            title: "Measurements",
            description: "Every figure reported, one row per measurement, with its source.",
            fields: c.fields,
            primary_key: vec!["jurisdiction_id", "update_id", "indicator_id", "date"],
            foreign_keys: vec![
                (vec!["jurisdiction_id"], "jurisdictions", vec!["id"]),
                (vec!["indicator_id"], "indicators", vec!["id"]),
                (
                    vec!["jurisdiction_id", "update_id"],
                    "updates",
                    vec!["jurisdiction_id", "update_id"],
                ),
            ],
            rows,
            by_jurisdiction: true,
        }
    }
}

impl<'r> Builder<'r> {
    /// Every change the history shows, in the site's order (by jurisdiction, plan or
    /// update, item), each item's oldest first.
    fn changes(&self) -> Table {
        let mut c = self.columns();
        c.key("jurisdiction_id", "the jurisdiction whose plan or update changed")
            .key("item_kind", "what changed: task, target or measurement")
            .add("plan_id", Type::String, "for a task or a target, its plan")
            .add("update_id", Type::String, "for a measurement, its update")
            .key(
                "item_id",
                "the task's or target's id; for a measurement, the indicator it measures",
            )
            .date_spec(
                "figure_date",
                "for a measurement, its date as the update gives it (empty: the update's day)",
            )
            .key(
                "field",
                "what changed: deadline, status or done_on (a task), value, comparator or deadline (a target), value (a measurement)",
            )
            .add("old_value", Type::String, "what it was, as the content writes it (empty: not given)")
            .add("new_value", Type::String, "what it became, as the content writes it (empty: not given)")
            .add("date", Type::Date, "the day of the commit that changed it")
            .key("commit", "the commit that changed it, in full")
            .add("commit_url", Type::String, "its page in the content's repository, where the site names it")
            .add("plan_url", Type::String, "the plan's page on this site")
            .add("update_url", Type::String, "the update's page on this site");
        let config = &self.report.site.config;
        let mut rows: Vec<Vec<String>> = Vec::new();
        // One row: the item (jurisdiction, kind, plan, update, item, figure date), the
        // change, and the pages of its plan and its update.
        let mut push = |item: [String; 6], change: AnyChange, pages: [String; 2]| {
            let (old, new) = change.values();
            let commit = change.commit();
            let mut row = Vec::from(item);
            row.extend([
                change.field().to_owned(),
                old.unwrap_or_default(),
                new.unwrap_or_default(),
                commit.date.to_string(),
                commit.id.clone(),
                config.commit_url(&commit.id).unwrap_or_default(),
            ]);
            row.extend(pages);
            rows.push(row);
        };
        for p in &self.report.plans {
            let plan = &p.plan;
            let plan_url = self.page(&routes::plan(&p.jurisdiction, &plan.id));
            let item = |kind: &str, id: &Id| {
                [
                    plan.jurisdiction.to_string(),
                    kind.to_owned(),
                    plan.id.to_string(),
                    String::new(),
                    id.to_string(),
                    String::new(),
                ]
            };
            let pages = || [plan_url.clone(), String::new()];
            for t in &p.targets {
                for change in t.history.iter().flat_map(|h| h.all()) {
                    push(item("target", &t.target.id), change, pages());
                }
            }
            for t in &p.tasks {
                for change in t.history.iter().flat_map(|h| h.all()) {
                    push(item("task", &t.task.id), change, pages());
                }
            }
        }
        for u in self.updates_in_site_order() {
            let update = &u.update;
            let update_url = self.page(&routes::update(&u.jurisdiction, &update.id));
            for m in &u.measurements {
                for change in m.revisions.iter() {
                    let item = [
                        update.jurisdiction.to_string(),
                        "measurement".to_owned(),
                        String::new(),
                        update.id.to_string(),
                        m.measurement.indicator.to_string(),
                        m.measurement
                            .date
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ];
                    let pages = [String::new(), update_url.clone()];
                    push(item, AnyChange::Figure(change), pages);
                }
            }
        }
        Table {
            name: "changes",
            title: "Changes",
            description: "What changed and when, from the content's git history: each deadline moved, status reported, target revised and figure corrected after it was first published, with the commit that changed it. Commits after the as-of date are not included; empty when the history was not read.",
            fields: c.fields,
            primary_key: Vec::new(),
            foreign_keys: vec![
                (vec!["jurisdiction_id"], "jurisdictions", vec!["id"]),
                (vec!["plan_url"], "plans", vec!["page_url"]),
                (vec!["update_url"], "updates", vec!["page_url"]),
            ],
            rows: rows.into_iter().collect(),
            by_jurisdiction: false,
        }
    }
}

impl Table {
    /// The whole table as CSV: a header, then every row, lines ending in CRLF.
    pub fn csv(&self) -> Vec<u8> {
        let mut csv = self.header();
        csv.extend_from_slice(&self.rows.csv);
        csv
    }

    /// Where each jurisdiction's rows are, for the tables split so.
    pub fn rows_by_jurisdiction(&self) -> BTreeMap<String, Vec<usize>> {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        if self.by_jurisdiction {
            for (index, id) in self.rows.firsts.iter().enumerate() {
                groups.entry(id.clone()).or_default().push(index);
            }
        }
        groups
    }

    /// Some of the table's rows, by their place, as CSV with the table's header.
    pub fn csv_of_rows(&self, rows: &[usize]) -> Vec<u8> {
        let mut csv = self.header();
        for &index in rows {
            csv.extend_from_slice(self.rows.line(index));
        }
        csv
    }

    fn header(&self) -> Vec<u8> {
        let mut writer = csv_writer();
        let _ = writer.write_record(self.fields.iter().map(|f| f.name.as_str()));
        writer.into_inner().unwrap_or_default()
    }

    /// The table as a resource of the data package.
    fn resource(&self) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|f| {
                let mut field = json!({
                    "name": f.name,
                    "type": f.kind.name(),
                    "description": f.description,
                });
                let mut constraints = serde_json::Map::new();
                if f.required {
                    constraints.insert("required".into(), Value::Bool(true));
                }
                if let Some(pattern) = f.pattern {
                    constraints.insert("pattern".into(), Value::String(pattern.into()));
                }
                if !constraints.is_empty() {
                    field["constraints"] = Value::Object(constraints);
                }
                field
            })
            .collect();
        let mut schema = json!({ "fields": fields, "missingValues": [""] });
        if !self.primary_key.is_empty() {
            schema["primaryKey"] = json!(self.primary_key);
        }
        if !self.foreign_keys.is_empty() {
            schema["foreignKeys"] = self
                .foreign_keys
                .iter()
                .map(|(fields, resource, keys)| {
                    json!({ "fields": fields, "reference": { "resource": resource, "fields": keys } })
                })
                .collect();
        }
        json!({
            "name": self.name,
            "path": routes::table_file(self.name),
            "title": self.title,
            "description": self.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
            "schema": schema,
        })
    }
}

/// `datapackage.json`: the tables, their keys and types, the licence and the sources.
pub fn data_package(report: &Report, tables: &[Table], base_url: &str) -> Value {
    let site = &report.site;
    let default = site.default_language();
    let text = |t: &Text| t.get(default, default).text.to_owned();
    let name: String = url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "tiendo-site".to_owned())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    for update in &report.updates {
        for source in &update.update.sources {
            let title = source
                .title
                .as_ref()
                .or(source.publisher.as_ref())
                .map_or_else(|| source.url.to_string(), text);
            sources.entry(source.url.to_string()).or_insert(title);
        }
    }
    for plan in &report.plans {
        sources
            .entry(plan.plan.source.to_string())
            .or_insert_with(|| text(&plan.plan.title));
    }
    for program in site.programs.values() {
        sources
            .entry(program.source.to_string())
            .or_insert_with(|| text(&program.title));
    }
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": text(&site.config.title),
        "description": FORMULA_NOTE,
        "homepage": base_url,
        "resources": tables.iter().map(Table::resource).collect::<Vec<_>>(),
        "sources": sources
            .into_iter()
            .map(|(path, title)| json!({ "title": title, "path": path }))
            .collect::<Vec<_>>(),
    });
    if let Some(description) = &site.config.description {
        package["description"] = Value::String(text(description));
    }
    if let Some(license) = &site.config.license {
        let mut entry = json!({ "name": license.name, "path": license.url.to_string() });
        if let Some(title) = &license.title {
            entry["title"] = Value::String(text(title));
        }
        package["licenses"] = json!([entry]);
    }
    if let Some(publisher) = &site.config.publisher {
        package["contributors"] = json!([{ "title": text(publisher), "role": "publisher" }]);
    }
    package
}

/// The names the content uses for its enumerations, as serde writes them.
fn name_of<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => name,
        _ => String::new(),
    }
}

fn unit(unit: crate::model::Unit) -> String {
    name_of(unit)
}

fn level(level: crate::model::Level) -> String {
    name_of(level)
}

fn comparator(comparator: crate::model::Comparator) -> String {
    name_of(comparator)
}

fn qualifier(qualifier: crate::model::Qualifier) -> String {
    name_of(qualifier)
}

fn declared_status(status: crate::model::DeclaredStatus) -> String {
    name_of(status)
}

fn rate_method(method: crate::derive::pace::RateMethod) -> String {
    name_of(method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for risky in ["+84 20", "-5 tasks", "@here", "\t=1"] {
            assert!(inert(risky).starts_with('\''), "{risky}");
        }
        assert_eq!(inert("Sở Y tế = 5"), "Sở Y tế = 5");
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_ends_lines_in_crlf() {
        let table = Table {
            name: "t",
            title: "T",
            description: "",
            fields: ["id", "text"]
                .iter()
                .map(|n| Field {
                    name: (*n).to_owned(),
                    kind: Type::String,
                    description: String::new(),
                    pattern: None,
                    required: false,
                })
                .collect(),
            primary_key: vec!["id"],
            foreign_keys: vec![],
            rows: [
                vec!["a".into(), "Sở Y tế, \"A\"".into()],
                vec!["b".into(), "two\nlines".into()],
            ]
            .into_iter()
            .collect(),
            by_jurisdiction: true,
        };
        assert_eq!(
            String::from_utf8(table.csv()).unwrap(),
            "id,text\r\na,\"Sở Y tế, \"\"A\"\"\"\r\nb,\"two\nlines\"\r\n"
        );
        let split = table.rows_by_jurisdiction();
        assert_eq!(
            String::from_utf8(table.csv_of_rows(&split["b"])).unwrap(),
            "id,text\r\nb,\"two\nlines\"\r\n"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Any text in a table reads back from the CSV as written, but for the
            /// apostrophe that keeps a formula from running.
            #[test]
            fn any_text_reads_back_from_csv(text in "\\PC*|[=+@,\"\r\n\t -]*") {
                let cell = inert(&text);
                let table = Table {
                    name: "t",
                    title: "T",
                    description: "",
                    fields: ["text", "after"]
                        .iter()
                        .map(|n| Field {
                            name: (*n).to_owned(),
                            kind: Type::String,
                            description: String::new(),
                            pattern: None,
                            required: false,
                        })
                        .collect(),
                    primary_key: vec![],
                    foreign_keys: vec![],
                    rows: [vec![cell.clone(), "x".into()]].into_iter().collect(),
                    by_jurisdiction: false,
                };
                let csv = table.csv();
                let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(csv.as_slice());
                let record = reader.records().next().unwrap().unwrap();
                prop_assert_eq!(record.len(), 2);
                prop_assert_eq!(&record[0], cell.as_str());
                prop_assert_eq!(&record[1], "x");
                prop_assert!(!record[0].starts_with(['=', '+', '-', '@', '\t', '\r', '\n']));
                prop_assert_eq!(record[0].strip_prefix('\'').filter(|_| cell != text).unwrap_or(&record[0]), text.as_str());
            }
        }
    }
}
