//! The writers: one per kind of output, each turning one planned output into bytes, run
//! here over the whole plan on all cores into a sink. No writer chooses a path or touches
//! the disk: the plan gives the path, the sink keeps the bytes.

pub mod atom;
pub mod calendar;
pub mod card;
pub mod data;
pub mod html;
pub mod search;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::base::diagnostics::Diagnostic;
use crate::base::progress::Progress;
use crate::derive::{PlanReport, Report, TargetReport};
use crate::model::{Id, Lang, WebUrl};
use crate::output::{Sink, Stats};
use crate::site::outputs::{Kind, Output, Outputs, Page};
use crate::site::routes;
use data::OpenData;
use data::pages::PageContent;
use data::records::Records;
use html::theme::Theme;
use html::views::{Shared, Views};
use html::{Language, Options, license, markdown};

/// Everything the writers need, shared by every output of a build.
struct Writers<'a> {
    report: &'a Report,
    outputs: &'a Outputs<'a>,
    theme: &'a Theme,
    options: &'a Options,
    bodies: &'a markdown::Bodies<'a>,
    languages: BTreeMap<&'a Lang, Language<'a>>,
    /// Made once for the site, when the first calendar is written.
    events: OnceLock<calendar::Events<'a>>,
    /// The open data's tables, made once the pages are written.
    open_data: Option<OpenData>,
}

/// What a render is of: the report, its plan and how it looks.
pub struct Job<'a> {
    pub report: &'a Report,
    pub outputs: &'a Outputs<'a>,
    pub theme: &'a Theme,
    pub options: &'a Options,
}

/// Renders every output of the plan, on all cores, into the sink.
pub fn render(
    report: &Report,
    outputs: &Outputs,
    theme: &Theme,
    options: &Options,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<Stats, Vec<Diagnostic>> {
    let job = Job {
        report,
        outputs,
        theme,
        options,
    };
    let bodies = markdown::Bodies::of(&report.site);
    let all: Vec<&Output> = outputs.list.iter().collect();
    let bytes = render_some(&job, &bodies, &all, sink, progress)?;
    Ok(Stats {
        bytes,
        ..outputs.stats()
    })
}

/// Renders some outputs of the plan, on all cores, into the sink, in the order given
/// (the tables last): what `serve` renders again after an edit. Gives the bytes
/// written.
pub fn render_some(
    job: &Job,
    bodies: &markdown::Bodies,
    which: &[&Output],
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<u64, Vec<Diagnostic>> {
    let Job {
        report,
        outputs,
        theme,
        options,
    } = *job;
    let site = &report.site;
    let mut languages = BTreeMap::new();
    for lang in &site.config.languages {
        let language = Language::new(report, theme, options, bodies, lang).map_err(|e| vec![e])?;
        languages.insert(lang, language);
    }
    if !languages.contains_key(site.default_language()) {
        return Err(vec![Diagnostic::error(
            "the default language is not one of the site's",
        )]);
    }
    let mut writers = Writers {
        report,
        outputs,
        theme,
        options,
        bodies,
        languages,
        events: OnceLock::new(),
        open_data: None,
    };
    let pages = which
        .iter()
        .filter(|o| matches!(o.kind, Kind::Page(_)))
        .count();
    progress.start(pages as u64);
    let bytes = AtomicU64::new(0);
    let write = |writers: &Writers, output: &Output, batch: &Batch| {
        let content = match output.kind {
            // The files its entry names are written beside it first.
            Kind::SearchIndex => Cow::Owned(writers.search_index(sink, progress)?),
            _ => writers.write(output, batch)?,
        };
        sink.write(&output.path, &content)
            .map_err(|e| Diagnostic::error(format!("cannot write `{}`: {e}", output.path)))?;
        bytes.fetch_add(content.len() as u64, Ordering::Relaxed);
        if let Kind::Page(_) = output.kind {
            progress.advance();
        }
        Ok(())
    };
    // The open data's tables are made after the pages are written, so that they are in
    // memory only while their files are written.
    let (tables, others): (Vec<&Output>, Vec<&Output>) =
        which.iter().partition(|o| o.kind.needs_tables());
    let mut errors: Vec<Diagnostic> = batches(&others)
        .par_iter()
        .flat_map_iter(|batch| {
            let shared = Batch::default();
            let errors: Vec<Diagnostic> = batch
                .iter()
                .filter_map(|output| write(&writers, output, &shared).err())
                .collect();
            errors
        })
        .collect();
    if !tables.is_empty() {
        writers.open_data = Some(OpenData::new(report, options.base_url.as_str()));
    }
    // The tables show no views: nothing to share.
    let failed = |output: &&Output| write(&writers, output, &Batch::default()).err();
    errors.par_extend(tables.par_iter().filter_map(failed));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(bytes.load(Ordering::Relaxed))
}

/// The outputs in batches, each written on one thread: those of one jurisdiction in one
/// language together, so that they make the views and records they show in common once; every other
/// output alone. In the plan's order, by each batch's first output.
fn batches<'o, 'r>(outputs: &[&'o Output<'r>]) -> Vec<Vec<&'o Output<'r>>> {
    let mut batches: Vec<Vec<&Output>> = Vec::new();
    let mut batch_of: HashMap<(Option<&Lang>, &Id), usize> = HashMap::new();
    for output in outputs {
        let Some(jurisdiction) = sharing(output) else {
            batches.push(vec![output]);
            continue;
        };
        let index = *batch_of
            .entry((output.lang, jurisdiction))
            .or_insert_with(|| {
                batches.push(Vec::new());
                batches.len() - 1
            });
        batches[index].push(output);
    }
    batches
}

/// The jurisdiction whose views or records an output shows, for those that show some
/// that another output of the jurisdiction shows too.
fn sharing<'r>(output: &Output<'r>) -> Option<&'r Id> {
    match output.kind {
        Kind::Page(page) | Kind::Feed(page) => match page {
            Page::Jurisdiction(jurisdiction) => Some(&jurisdiction.id),
            Page::Plan(plan) | Page::Target { plan, .. } | Page::Task { plan, .. } => {
                Some(&plan.jurisdiction.id)
            }
            Page::Update(update) => Some(&update.jurisdiction.id),
            _ => None,
        },
        Kind::Card { plan, .. } => Some(&plan.jurisdiction.id),
        Kind::PageData(page) => match page {
            Page::Jurisdiction(jurisdiction) => Some(&jurisdiction.id),
            Page::Plan(plan) => Some(&plan.jurisdiction.id),
            _ => None,
        },
        _ => None,
    }
}

/// What one batch's outputs make once and show again: the views of its pages, feeds and
/// cards, and the records of its data documents.
#[derive(Default)]
struct Batch {
    views: Shared,
    records: data::records::Shared,
}

impl Writers<'_> {
    /// The language an output is written in: the files the site has once are in its
    /// default language.
    fn language(&self, output: &Output) -> Result<&Language<'_>, Diagnostic> {
        let lang = output
            .lang
            .unwrap_or_else(|| self.report.site.default_language());
        self.languages
            .get(lang)
            .ok_or_else(|| Diagnostic::error(format!("`{lang}` is not a language of the site")))
    }

    /// Present: a render stops before it starts without it.
    fn default_language(&self) -> &Language<'_> {
        &self.languages[self.report.site.default_language()]
    }

    fn views<'v>(&'v self, language: &'v Language) -> Views<'v> {
        language.views(self.report, self.theme, self.options, self.bodies)
    }

    fn open_data(&self) -> Result<&OpenData, Diagnostic> {
        self.open_data
            .as_ref()
            .ok_or_else(|| Diagnostic::error("the open data is written before its tables are made"))
    }

    /// One planned output, as bytes; it shows again what its batch made before.
    fn write(&self, output: &Output, batch: &Batch) -> Result<Cow<'_, [u8]>, Diagnostic> {
        let shared = &batch.views;
        let bytes = match &output.kind {
            Kind::Page(page) => self.page(output, page, shared)?,
            Kind::PageData(page) => self.page_data(output, page, &batch.records)?,
            Kind::Feed(page) => self.feed(output, page, shared)?,
            Kind::Card { plan, target } => self.card(output, plan, target, shared)?,
            Kind::Calendar(jurisdiction) => {
                let language = self.language(output)?;
                let views = self.views(language);
                let events = self.events.get_or_init(|| {
                    let default = self.default_language();
                    calendar::Events::new(
                        self.report,
                        || default.views(self.report, self.theme, self.options, self.bodies),
                        self.options.base_url.as_str(),
                    )
                });
                match jurisdiction {
                    None => events.site(&views),
                    Some(jurisdiction) => events.jurisdiction(&views, jurisdiction),
                }
                .into_bytes()
            }
            Kind::Table(name) => self.open_data()?.table(name)?,
            Kind::JurisdictionTable {
                jurisdiction,
                table,
            } => self
                .open_data()?
                .jurisdiction_table(table, &jurisdiction.id)?,
            Kind::DataPackage => self.open_data()?.package()?,
            Kind::Schema => crate::write::data::pages::schema().into_bytes(),
            Kind::SitemapIndex(parts) => sitemap_index(*parts, &self.options.base_url).into_bytes(),
            Kind::SearchIndex => {
                return Err(Diagnostic::error(
                    "the search index is written with the files beside it",
                ));
            }
            Kind::Static { source } => {
                return self
                    .theme
                    .static_files
                    .get(&output.path)
                    .map(|file| Cow::Borrowed(file.bytes.as_slice()))
                    .ok_or_else(|| {
                        Diagnostic::error(format!(
                            "`{}` is planned, but the theme has no such static file",
                            source.display()
                        ))
                    });
            }
        };
        Ok(Cow::Owned(bytes))
    }

    /// A page through its template.
    fn page(&self, output: &Output, page: &Page, shared: &Shared) -> Result<Vec<u8>, Diagnostic> {
        let language = self.language(output)?;
        let views = self.views(language).with_shared(shared);
        let page_of = html::PageWriter {
            report: self.report,
            outputs: self.outputs,
            theme: self.theme,
            options: self.options,
            language,
        };
        page_of.render(output, page, views)
    }

    /// A page's data, as `index.json` beside it.
    fn page_data(
        &self,
        output: &Output,
        page: &Page,
        shared: &data::records::Shared,
    ) -> Result<Vec<u8>, Diagnostic> {
        let base_url = self.options.base_url.as_str();
        let language = self.language(output)?;
        // Views of its own, so that the data cannot change what the page says.
        let views = self.views(language);
        let records = Records {
            words: &views,
            base: format!("{base_url}{}", language.prefix),
            shared,
        };
        let content = data_content(&records, page).ok_or_else(|| {
            Diagnostic::error(format!("{} has no data to write", output.describe()))
        })?;
        let document = records.document(
            format!(
                "{base_url}{}",
                routes::folder_containing(output.path.as_str())
            ),
            base_url,
            license(&views, &self.report.site),
            content,
        );
        data::values::json_bytes(&document)
            .map_err(|e| Diagnostic::error(format!("cannot write `{}`: {e}", output.path)))
    }

    /// A page's feed of updates, beside it.
    fn feed(&self, output: &Output, page: &Page, shared: &Shared) -> Result<Vec<u8>, Diagnostic> {
        let language = self.language(output)?;
        let views = self.views(language).with_shared(shared);
        let records = Records {
            words: &views,
            base: format!("{}{}", self.options.base_url, language.prefix),
            // A feed's entries are of its own.
            shared: &data::records::Shared::default(),
        };
        let folder = format!(
            "{}{}",
            self.options.base_url,
            routes::folder_containing(output.path.as_str())
        );
        let feed = feed_of(&records, page, &folder, &language.site_info.title_plain)
            .ok_or_else(|| Diagnostic::error(format!("{} has no feed", output.describe())))?;
        Ok(atom::write(&views, &records.base, &feed).into_bytes())
    }

    /// A target's embeddable card.
    fn card(
        &self,
        output: &Output,
        plan: &PlanReport,
        target: &TargetReport,
        shared: &Shared,
    ) -> Result<Vec<u8>, Diagnostic> {
        let language = self.language(output)?;
        let ui = language.ui;
        let views = self.views(language).with_shared(shared);
        let (jurisdiction, indicator) = (&plan.jurisdiction, &target.indicator);
        let view = views.target_for_card(plan, target);
        let source = target.latest_source.as_ref().unwrap_or(&plan.plan.source);
        let card = card::Card {
            id: &view.anchor,
            jurisdiction: &views.plain(&jurisdiction.name),
            jurisdiction_lang: views.fallback_lang(&jurisdiction.name),
            indicator_lang: views.fallback_lang(&indicator.name),
            target: &view,
            as_of: &format!("{} {}", ui.text("status_as_of"), language.as_of),
            source: &format!(
                "{}: {}",
                ui.text("source_label"),
                source.host().unwrap_or_else(|| source.to_string())
            ),
            site_title: &language.site_info.title_plain,
            target_label: ui.text("target_label"),
            right_to_left: ui.text("direction") == "rtl",
            font_family: card::FONTS,
        };
        Ok(card.svg().into_bytes())
    }
}

impl Writers<'_> {
    /// The search's bundle: every language's records through Pagefind, on all cores.
    /// The files beside the entry file go into the sink as one folder; the entry file's
    /// bytes come back, to be written last, once everything it names is there.
    #[cfg(feature = "search")]
    fn search_index(
        &self,
        sink: &dyn Sink,
        progress: &dyn Progress,
    ) -> Result<Vec<u8>, Diagnostic> {
        let scope = search::Scope::of(self.report);
        if let Some(note) = scope.note() {
            progress.note(&note);
        }
        let languages: Vec<&Language> = self.languages.values().collect();
        let mut files = search::bundle::bundle(languages, |language| {
            let views = self.views(language);
            let records = search::records(self.report, &views, &language.prefix, &scope);
            (language.lang.to_string(), records)
        })?;
        let entry = files
            .remove(routes::SEARCH_ENTRY_FILE)
            .ok_or_else(|| Diagnostic::error("the search index has no entry file"))?;
        let mut folder = Vec::with_capacity(files.len());
        for (name, bytes) in files {
            let path = format!("{}{name}", routes::SEARCH_FOLDER);
            let path = crate::base::site_path::SitePath::new(&path).ok_or_else(|| {
                Diagnostic::error(format!(
                    "the search index names a file `{path}` it cannot have"
                ))
            })?;
            folder.push((path, bytes));
        }
        sink.write_folder(routes::SEARCH_FOLDER, &folder)
            .map_err(|e| Diagnostic::error(format!("cannot write the search index: {e}")))?;
        Ok(entry)
    }

    #[cfg(not(feature = "search"))]
    fn search_index(&self, _: &dyn Sink, _: &dyn Progress) -> Result<Vec<u8>, Diagnostic> {
        Err(Diagnostic::error(
            "this tiendo was built without its search",
        ))
    }
}

/// The feed of updates a page has beside it: the site's on the home page, and each
/// jurisdiction's and program's on theirs.
fn feed_of<'r>(
    records: &Records<'_, 'r>,
    page: &Page,
    folder: &str,
    site_title: &str,
) -> Option<atom::Feed<'r>> {
    let views = records.words;
    let report = views.report;
    let url = |file: &str| format!("{folder}{file}");
    let (title, updates, changes, quiet_since) = match page {
        Page::Home => (
            site_title.to_owned(),
            report.updates.iter().collect(),
            report.changes_of(report.plans.iter(), report.updates.iter()),
            report.content_date(),
        ),
        Page::Jurisdiction(j) => (
            format!("{} – {site_title}", views.plain(&j.name)),
            report.updates_of(&j.id).collect(),
            report.changes_of(report.plans_of(&j.id), report.updates_of(&j.id)),
            report
                .last_updated
                .get(&j.id)
                .copied()
                .unwrap_or_else(|| report.plans_date()),
        ),
        Page::Program(program) => {
            let plans = report.plans_of_program(&program.id);
            let jurisdictions = report.compared_jurisdictions(program, &plans);
            let compared = |u: &&crate::derive::UpdateReport| {
                jurisdictions
                    .binary_search_by(|j| j.id.cmp(&u.update.jurisdiction))
                    .is_ok()
            };
            (
                format!("{} – {site_title}", program.number),
                report.updates.iter().filter(compared).collect(),
                report.changes_of(
                    plans.iter().copied(),
                    report.updates.iter().filter(compared),
                ),
                report.content_date(),
            )
        }
        _ => return None,
    };
    Some(atom::Feed {
        url: url(routes::FEED_FILE),
        page_url: url(""),
        title,
        updates,
        changes,
        quiet_since,
    })
}

/// What a page's `index.json` holds, for the pages that have one.
fn data_content(records: &Records, page: &Page) -> Option<PageContent> {
    Some(match *page {
        Page::Home => records.home(),
        Page::Program(program) => records.program_content(program),
        Page::Jurisdiction(jurisdiction) => records.jurisdiction_content(jurisdiction),
        Page::Plan(plan) => records.plan_content(plan),
        _ => return None,
    })
}

/// The sitemap index that lists a large site's sitemaps.
fn sitemap_index(parts: usize, base_url: &WebUrl) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for number in 1..=parts {
        let loc =
            crate::base::escape::markup(&format!("{base_url}{}", routes::sitemap_part(number)));
        xml.push_str(&format!("<sitemap><loc>{loc}</loc></sitemap>\n"));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}
