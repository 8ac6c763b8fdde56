//! The content model: what a site's files say, as typed values.
//!
//! Each file kind has a `...File` struct that serde reads (unknown fields are errors) and a
//! model struct that adds what the file's place in the tree says (its id, its
//! jurisdiction) and where it was written ([`Origin`]). Values are parsed into types that
//! cannot be wrong ([`Id`], [`DateSpec`], [`WebUrl`], [`Text`]), so later stages never
//! check them again; what needs the whole site (references between files, dates that
//! must follow each other) is checked by [`crate::validate`].

pub mod characters;
pub mod count;
pub mod date;
pub mod figure;
pub mod history;
pub mod id;
pub mod schema;
pub mod text;
pub mod url;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

pub use date::{DateSpec, Day};
pub use figure::Figure;
pub use id::Id;
pub use text::{Lang, Localized, Text};
pub use url::WebUrl;

use crate::base::source::Origin;
use crate::base::yaml::Item;

/// Everything the content folder holds, loaded and parsed.
///
/// Each file's content is shared (`Arc`) with the report derived from it, so a copy of
/// the site is cheap: `serve` keeps one, replaces what one edited file says, and derives
/// again, while pages still being served hold the report before the edit.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Where `site.yaml` was read; absent when it could not be, in which case `config`
    /// is a stand-in so that the rest of the content is still checked, and the site is
    /// not built.
    pub config_origin: Option<Origin>,
    /// The site's own folder, for its `templates/` and `static/`.
    pub root: PathBuf,
    pub indicators: BTreeMap<Id, Arc<Indicator>>,
    pub programs: BTreeMap<Id, Arc<Program>>,
    pub jurisdictions: BTreeMap<Id, Arc<Jurisdiction>>,
    /// Sorted by jurisdiction, then id.
    pub plans: Vec<Arc<Plan>>,
    /// Sorted by jurisdiction, then id.
    pub updates: Vec<Arc<Update>>,
    /// Ids of files that exist but could not be parsed, by kind (`indicator`, ...): they
    /// are reported once, and references to them are not reported again as unknown.
    pub unparsed: BTreeSet<(&'static str, Id)>,
}

impl Site {
    pub fn default_language(&self) -> &Lang {
        &self.config.default_language
    }
}

/// `site.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown on every page: one line per language.
    pub title: Text,
    /// One or two sentences on what the site tracks, for the home page and search engines.
    pub description: Option<Text>,
    /// Who publishes the site: the office responsible for it.
    pub publisher: Option<Text>,
    /// The address the site is published at, such as https://tiendo.example.org/.
    pub base_url: Option<WebUrl>,
    /// The languages of the site, as codes: [vi, en].
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub languages: Vec<Lang>,
    /// The language text is in when written once; one of `languages`.
    pub default_language: Lang,
    /// How many days before its deadline a task shows as due soon (0 to 365; 30 if not given).
    #[serde(
        default = "default_due_soon_days",
        deserialize_with = "count::due_soon_days"
    )]
    #[schemars(range(max = 365))]
    pub due_soon_days: u32,
    /// The theme under themes/ to use; the built-in one if not given.
    pub theme: Option<Id>,
    /// The terms under which the site's data may be reused.
    pub license: Option<License>,
    /// The web address of the content's git repository, such as
    /// https://github.com/province/progress: each change the site shows links to its
    /// commit there.
    pub repository: Option<WebUrl>,
}

/// A licence, as `site.yaml` declares it for the data: an SPDX identifier, its name and
/// the address of its text.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// `CC-BY-4.0`, `CC0-1.0`, `ODC-By-1.0`, ...
    #[serde(deserialize_with = "text::checked_string")]
    #[schemars(with = "text::CheckedString")]
    pub name: String,
    /// The licence's name, for readers.
    pub title: Option<Text>,
    /// The address of the licence's text.
    pub url: WebUrl,
}

impl SiteConfig {
    /// The web page of a commit in the content's repository, if the site names one:
    /// GitLab's form (`/-/commit/`) for a GitLab address, else the form GitHub, Gitea,
    /// Forgejo and Bitbucket share (`/commit/`).
    pub fn commit_url(&self, commit: &str) -> Option<String> {
        let repository = self.repository.as_ref()?.as_str().trim_end_matches('/');
        let repository = repository.strip_suffix(".git").unwrap_or(repository);
        let path = if repository.contains("gitlab") {
            "-/commit"
        } else {
            "commit"
        };
        Some(format!("{repository}/{path}/{commit}"))
    }

    /// What stands in for a `site.yaml` that could not be read.
    pub fn stand_in() -> SiteConfig {
        SiteConfig {
            title: Text::Default(String::new()),
            description: None,
            publisher: None,
            base_url: None,
            languages: Vec::new(),
            default_language: Lang::undetermined(),
            due_soon_days: default_due_soon_days(),
            theme: None,
            license: None,
            repository: None,
        }
    }
}

fn default_due_soon_days() -> u32 {
    30
}

/// A value of a list (a target, a task, a measurement) and where it was written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub origin: Origin,
    pub item: T,
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

/// A file's content with the id its file name gives it.
#[derive(Debug)]
pub struct Entry<T> {
    pub id: Id,
    pub origin: Origin,
    pub item: T,
}

impl<T> std::ops::Deref for Entry<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

pub type Indicator = Entry<IndicatorFile>;
pub type Program = Entry<ProgramFile>;

/// `content/indicators/<id>.yaml`: what is measured.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    /// What is measured, as readers will read it.
    pub name: Text,
    /// `percent` for a share from 0 to 100, `number` for anything else.
    pub unit: Unit,
    /// The unit written after a number, such as "people" or "billion VND".
    pub unit_label: Option<Text>,
    /// `up` if more is better, `down` if less is better.
    pub direction: Direction,
    /// How many decimals figures show (0 to 6; 0 if not given).
    #[serde(default, deserialize_with = "count::decimals")]
    #[schemars(range(max = 6))]
    pub decimals: u8,
    /// How the indicator is defined, and by whom.
    pub description: Option<Text>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share from 0 to 100.
    Percent,
    Number,
}

/// Whether more (`up`) or less (`down`) is better.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// `content/programs/<id>.yaml`: a national policy.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramFile {
    /// The document's number, as issued: 52-CT/TW.
    #[serde(deserialize_with = "text::checked_string")]
    #[schemars(with = "text::CheckedString")]
    pub number: String,
    /// What the document is: Directive, Resolution, ...
    pub kind: Option<Text>,
    /// The document's title.
    pub title: Text,
    /// Who issued it.
    pub issued_by: Text,
    /// The day it was issued: 2025-10-03.
    pub issued_on: Day,
    /// The address of the document's text.
    pub source: WebUrl,
    /// What it asks for, in a few sentences.
    pub summary: Option<Text>,
    /// The ids of the indicators it is measured by (files in content/indicators/).
    #[serde(default)]
    pub indicators: Vec<Id>,
    /// Documents that implement or guide it.
    #[serde(default)]
    pub related: Vec<RelatedDocument>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedDocument {
    /// The document's number.
    #[serde(deserialize_with = "text::checked_string")]
    #[schemars(with = "text::CheckedString")]
    pub number: String,
    /// Its title.
    pub title: Text,
    pub issued_by: Option<Text>,
    pub issued_on: Option<Day>,
    pub source: Option<WebUrl>,
}

/// `_index.yaml` of a jurisdiction's folder.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JurisdictionFile {
    /// The jurisdiction's name: Lào Cai.
    pub name: Text,
    /// `country`, `province` or `commune`.
    pub level: Level,
    /// The id of the jurisdiction it belongs to, when its folder does not say so.
    pub parent: Option<Id>,
    /// When it was established, for one made by a merger.
    pub established_on: Option<DateSpec>,
    /// When it ended, for one merged into another.
    pub ended_on: Option<DateSpec>,
    /// The ids of the jurisdictions merged into it.
    #[serde(default)]
    pub predecessors: Vec<Id>,
    /// Its official website.
    pub website: Option<WebUrl>,
    /// A few sentences about it.
    pub description: Option<Text>,
    /// Where its facts (predecessors, dates) come from.
    pub source: Option<WebUrl>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Country,
    Province,
    Commune,
}

#[derive(Debug)]
pub struct Jurisdiction {
    pub id: Id,
    pub origin: Origin,
    /// Its folder under `content/`, which is also its address on the site.
    pub folder: Vec<Id>,
    /// The jurisdiction whose folder holds this one's, if any.
    pub folder_parent: Option<Id>,
    pub item: JurisdictionFile,
}

impl std::ops::Deref for Jurisdiction {
    type Target = JurisdictionFile;
    fn deref(&self) -> &JurisdictionFile {
        &self.item
    }
}

impl Jurisdiction {
    /// The parent, whether named in the file or implied by the folder.
    pub fn parent(&self) -> Option<&Id> {
        self.item.parent.as_ref().or(self.folder_parent.as_ref())
    }
}

/// Front matter of `plans/<id>.md`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// The plan's number, as issued: 16/KH-TU.
    #[serde(deserialize_with = "text::checked_string")]
    #[schemars(with = "text::CheckedString")]
    pub number: String,
    /// What the document is (*Plan*, *Resolution*); "plan" when not given.
    pub kind: Option<Text>,
    /// The plan's title.
    pub title: Text,
    /// The id of the program it implements (a file in content/programs/).
    pub program: Id,
    /// Who issued it.
    pub issued_by: Text,
    /// The day it was issued: 2025-01-15.
    pub issued_on: Day,
    /// The address of the plan's text.
    pub source: WebUrl,
    /// What the plan must reach, each measured by an indicator.
    #[serde(default)]
    pub targets: Vec<Item<Target>>,
    /// What must be done, by whom and by when.
    #[serde(default)]
    pub tasks: Vec<Item<Task>>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: Id,
    pub origin: Origin,
    pub jurisdiction: Id,
    pub number: String,
    pub kind: Option<Text>,
    pub title: Text,
    pub program: Id,
    pub issued_by: Text,
    pub issued_on: Day,
    pub source: WebUrl,
    /// Shared with the report, which holds each target's pace and each task's status
    /// beside it.
    pub targets: Vec<Arc<Located<Target>>>,
    pub tasks: Vec<Arc<Located<Task>>>,
    /// The Markdown text below the front matter, with its translations from the files
    /// beside it (`15-kh-tu.en.md`).
    pub body: Text,
    /// Where each translation of the body was read.
    pub body_files: BTreeMap<Lang, PathBuf>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The target's id within the plan: coverage-2030.
    pub id: Id,
    /// The id of the indicator that measures it.
    pub indicator: Id,
    /// How the value must be reached: `above`, `at_least`, `below` or `at_most`.
    pub comparator: Comparator,
    /// The value to reach.
    pub value: Figure,
    /// When it must be reached: a day, a month or a year.
    pub deadline: DateSpec,
    /// Where the indicator stood when the plan was made.
    pub baseline: Option<Baseline>,
    /// Anything a reader needs to know about the target.
    pub note: Option<Text>,
}

/// How a target's value must be reached: *above 95 %* is `Above`, `95`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Comparator {
    /// Whether `value` meets a target of `target` with this comparator.
    pub fn is_met(self, value: f64, target: f64) -> bool {
        match self {
            Comparator::Above => value > target,
            Comparator::AtLeast => value >= target,
            Comparator::Below => value < target,
            Comparator::AtMost => value <= target,
        }
    }

    /// The way the value must move to reach the target.
    pub fn direction(self) -> Direction {
        match self {
            Comparator::Above | Comparator::AtLeast => Direction::Up,
            Comparator::Below | Comparator::AtMost => Direction::Down,
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The value at the start.
    pub value: Figure,
    /// When it was measured.
    pub date: DateSpec,
    /// Where the figure comes from.
    pub source: Option<WebUrl>,
}

/// A task, carrying the six clarities.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// The task's id within the plan: disseminate.
    pub id: Id,
    /// What is to be done (the work).
    pub what: Text,
    /// Who leads it (the person or office responsible).
    pub lead: Option<Text>,
    /// Who takes part.
    #[serde(default)]
    pub coordinating: Vec<Text>,
    /// What it produces (the product).
    pub deliverable: Option<Text>,
    /// When it is due: a day, a month or a year.
    pub deadline: Option<DateSpec>,
    /// Who approves the result (the authority).
    pub approving_authority: Option<Text>,
    /// `not_started`, `in_progress`, `done`, `blocked` or `cancelled`.
    pub status: Option<DeclaredStatus>,
    /// The day it was done, for a task that is done.
    pub done_on: Option<Day>,
    /// Anything a reader needs to know about where it stands.
    pub notes: Option<Text>,
    /// Where its status is reported.
    pub source: Option<WebUrl>,
}

/// A task's status as its jurisdiction reports it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredStatus {
    NotStarted,
    InProgress,
    Done,
    Blocked,
    Cancelled,
}

/// Front matter of `updates/<id>.md`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateFile {
    /// The day of the report: 2025-11-28.
    pub date: Day,
    /// The report's title.
    pub title: Text,
    /// Where the report comes from: at least one web address.
    #[schemars(length(min = 1))]
    pub sources: Vec<SourceLink>,
    /// The figures the report gives, each for an indicator.
    #[serde(default)]
    pub measurements: Vec<Item<Measurement>>,
    /// Counts the report gives, such as 5 of 6 key tasks done.
    #[serde(default)]
    pub summaries: Vec<Item<Summary>>,
}

#[derive(Debug, Clone)]
pub struct Update {
    pub id: Id,
    pub origin: Origin,
    pub jurisdiction: Id,
    pub date: Day,
    pub title: Text,
    pub sources: Vec<SourceLink>,
    /// Shared with the report's series of each indicator.
    pub measurements: Vec<Arc<Located<Measurement>>>,
    pub summaries: Vec<Located<Summary>>,
    /// As a plan's body: the Markdown text and its translations.
    pub body: Text,
    pub body_files: BTreeMap<Lang, PathBuf>,
}

/// A source: a bare web address, or one with a title and publisher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    pub url: WebUrl,
    pub title: Option<Text>,
    pub publisher: Option<Text>,
}

impl schemars::JsonSchema for SourceLink {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SourceLink".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let url = generator.subschema_for::<WebUrl>();
        let text = generator.subschema_for::<Text>();
        schemars::json_schema!({
            "description": "A source: its web address, or `url` with a `title` and a `publisher`",
            "anyOf": [
                url,
                {
                    "type": "object",
                    "properties": {"url": url, "title": text, "publisher": text},
                    "required": ["url"],
                    "additionalProperties": false,
                },
            ],
        })
    }
}

impl<'de> Deserialize<'de> for SourceLink {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            url: WebUrl,
            title: Option<Text>,
            publisher: Option<Text>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Url(WebUrl),
            Full(Full),
        }
        // Keep the precise error of a bare address; untagged enums would hide it.
        let value = serde_yaml::Value::deserialize(deserializer)?;
        if let serde_yaml::Value::String(text) = &value {
            let url = WebUrl::parse(text).map_err(|message| {
                crate::base::yaml::value_error(
                    message,
                    "give the full address, starting with https:// (or http://)",
                )
            })?;
            return Ok(SourceLink {
                url,
                title: None,
                publisher: None,
            });
        }
        match Either::deserialize(value) {
            Ok(Either::Url(url)) => Ok(SourceLink {
                url,
                title: None,
                publisher: None,
            }),
            Ok(Either::Full(full)) => Ok(SourceLink {
                url: full.url,
                title: full.title,
                publisher: full.publisher,
            }),
            Err(_) => Err(crate::base::yaml::value_error(
                "a source must be a web address, or `url` with an optional `title` and `publisher`",
                "write `- https://...` or `- url: https://...` followed by `title: ...`",
            )),
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// The id of the indicator measured.
    pub indicator: Id,
    /// The figure.
    pub value: Figure,
    /// The day (or month, or year) the figure is for; the report's day if not given.
    pub date: Option<DateSpec>,
    /// Where the figure is for a period, its first day.
    pub period_start: Option<DateSpec>,
    /// `about`, `more_than` or `less_than`, for a figure the report qualifies.
    pub qualifier: Option<Qualifier>,
    /// Where this figure comes from, when not the report's sources.
    pub source: Option<WebUrl>,
    /// Anything a reader needs to know about the figure.
    pub note: Option<Text>,
}

/// How a report qualifies a figure: *about 20 billion*, *more than 72,000*.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    About,
    MoreThan,
    LessThan,
}

/// A count such as *5 of 6 key tasks done*.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// What is counted: key tasks done.
    pub label: Text,
    /// How many are done.
    pub done: u32,
    /// Out of how many.
    pub total: u32,
}
