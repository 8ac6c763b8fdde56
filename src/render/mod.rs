//! Renders the report into the site's files: the pages through the theme's tera
//! templates, in parallel on all cores, minified if asked; the sitemap, robots.txt and the static
//! files. Files go to a [`Sink`]; this stage never touches the disk itself.

pub mod chart;
pub mod markdown;
pub mod phrase;
pub mod theme;
pub mod ui;
pub mod views;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::data::pages::{LicenseRecord, PageContent};
use crate::data::records::Records;
use crate::data::{atom, card};
use crate::derive::Report;
use crate::diagnostics::Diagnostic;
use crate::format::Formatter;
use crate::model::{Lang, WebUrl};
use crate::output::Sink;
use crate::progress::Progress;
use phrase::Phrase;
use theme::Theme;
use views::Views;

/// A file's path inside the output folder, made only of safe names, so that nothing can
/// be written outside it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(String);

impl SitePath {
    pub fn new(path: &str) -> Option<SitePath> {
        let safe_name = |name: &str| {
            !name.is_empty()
                && name != "."
                && name != ".."
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        path.split('/')
            .all(safe_name)
            .then(|| SitePath(path.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The relative way back to the site's root from this file: `../../`.
    pub fn root(&self) -> String {
        "../".repeat(self.0.matches('/').count())
    }

    /// The address a reader sees, without `index.html`.
    pub fn pretty(&self) -> &str {
        self.0.strip_suffix("index.html").unwrap_or(&self.0)
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub struct Options {
    /// Where the site will be published; used only for absolute addresses.
    pub base_url: WebUrl,
    pub minify: bool,
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
}

/// A sink that counts the bytes written through it.
struct Counted<'s> {
    inner: &'s dyn Sink,
    bytes: AtomicU64,
}

impl<'s> Counted<'s> {
    fn new(inner: &'s dyn Sink) -> Counted<'s> {
        Counted {
            inner,
            bytes: AtomicU64::new(0),
        }
    }
}

impl Sink for Counted<'_> {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(path, bytes)?;
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

/// One page to render: its path and what it shows. Views are built by the thread that
/// renders the page, so that nothing but the model is shared between threads.
struct Page<'r> {
    path: SitePath,
    kind: PageKind<'r>,
}

enum PageKind<'r> {
    Home,
    Program(&'r crate::model::Program),
    Jurisdiction(&'r crate::model::Jurisdiction),
    Plan(&'r crate::derive::PlanReport<'r>),
    Update(&'r crate::model::Update),
    Deadlines,
    /// One page of the site's updates, newest first, numbered from 1.
    Updates(usize),
    /// The open data: every table and file to download.
    Data,
    NotFound,
    Sitemap(Vec<String>),
    Robots,
}

impl PageKind<'_> {
    /// Pages with their data beside them as `index.json`.
    fn has_data(&self) -> bool {
        matches!(
            self,
            PageKind::Home | PageKind::Program(_) | PageKind::Jurisdiction(_) | PageKind::Plan(_)
        )
    }

    /// Files the site has once, not once per language.
    fn is_site_wide(&self) -> bool {
        matches!(
            self,
            PageKind::NotFound | PageKind::Sitemap(_) | PageKind::Robots
        )
    }

    fn template(&self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Program(_) => "program.html",
            PageKind::Jurisdiction(_) => "jurisdiction.html",
            PageKind::Plan(_) => "plan.html",
            PageKind::Update(_) => "update.html",
            PageKind::Deadlines => "deadlines.html",
            PageKind::Data => "data.html",
            PageKind::Updates(_) => "updates.html",
            PageKind::NotFound => "404.html",
            PageKind::Sitemap(_) => "sitemap.xml",
            PageKind::Robots => "robots.txt",
        }
    }
}

/// Values every page can show.
#[derive(Serialize)]
struct PageInfo<'a> {
    path: &'a str,
    /// The way back to the root of the page's language, before every internal link.
    root: String,
    /// The way back to the site's root, before the stylesheet and script.
    assets: String,
    canonical: String,
    /// The page's own title, as plain text for `<title>`.
    title: &'a str,
    lang: &'a str,
    /// `ltr` or `rtl`, from the language's UI strings.
    dir: &'a str,
    as_of: String,
    as_of_iso: String,
    /// The same page in every language of the site, this one included.
    translations: Vec<Translation>,
    /// Said when some of the page's text is not translated into its language.
    untranslated: Option<Phrase>,
    /// Whether the page has its data beside it, as `index.json`.
    data: bool,
    /// Whether the page has its own feed of updates beside it, as `feed.xml`.
    feed: bool,
}

#[derive(Serialize)]
struct Translation {
    lang: String,
    /// The language's name in itself: Tiếng Việt, English, Français, العربية.
    name: String,
    href: String,
    /// For `hreflang` alternates, which search engines want absolute.
    absolute: String,
    current: bool,
}

#[derive(Serialize)]
struct SiteInfo {
    title: Phrase,
    /// The title as plain text, for `<title>`.
    title_plain: String,
    /// For `<meta name="description">`, as plain text.
    description: Option<String>,
    /// The description as the home page shows it.
    description_text: Option<Phrase>,
    publisher: Option<Phrase>,
    /// The data's licence.
    license: Option<LicenseRecord>,
    /// The site's calendar of deadlines at a `webcal:` address, which calendar programs
    /// subscribe to.
    calendar_subscribe: String,
    base_url: String,
    lang: String,
}

/// Where a language's pages live: the default language at the root, the others in a
/// folder named by their code (`en/`).
fn language_prefix(lang: &Lang, default: &Lang) -> String {
    if lang == default {
        String::new()
    } else {
        format!("{lang}/")
    }
}

pub fn render(
    report: &Report,
    theme: &Theme,
    options: &Options,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<Stats, Vec<Diagnostic>> {
    let site = report.site;
    let default = site.default_language();
    let languages = &site.config.languages;
    let pages = pages(report)?;
    let sink = &Counted::new(sink);
    let bodies = markdown::Bodies::of(site);
    // Site-wide files (404, sitemap, robots.txt) exist once, in the default language.
    let per_language: Vec<(&Lang, Vec<&Page>)> = languages
        .iter()
        .map(|lang| {
            let these = pages
                .iter()
                .filter(|p| lang == default || !p.kind.is_site_wide())
                .collect();
            (lang, these)
        })
        .collect();
    progress.start(
        per_language
            .iter()
            .map(|(_, these)| these.len() as u64)
            .sum(),
    );
    let context = LanguageContext {
        report,
        theme,
        options,
        bodies: &bodies,
    };
    let mut errors = Vec::new();
    let mut written: Vec<SitePath> = Vec::new();
    let languages = per_language.iter().map(|(lang, these)| {
        let prefix = language_prefix(lang, default);
        render_language(&context, sink, progress, lang, &prefix, these)
    });
    for result in languages.chain([write_site_data(report, theme, options, sink)]) {
        match result {
            Ok(paths) => written.extend(paths),
            Err(more) => errors.extend(more),
        }
    }
    if let Some(index) = sitemap_index(&pages, &options.base_url) {
        let path = SitePath("sitemap.xml".into());
        match sink.write(&path, index.as_bytes()) {
            Ok(()) => written.push(path),
            Err(e) => errors.push(Diagnostic::error(format!("cannot write `{path}`: {e}"))),
        }
    }
    for (path, bytes) in &theme.static_files {
        if written.contains(path) || path.as_str().starts_with(crate::output::RESERVED_PREFIX) {
            errors.push(
                Diagnostic::error(format!(
                    "the static file `{path}` would replace a file tiendo writes"
                ))
                .help("rename or move it: static files cannot take the place of the site's pages"),
            );
            continue;
        }
        if let Err(e) = sink.write(path, bytes) {
            errors.push(Diagnostic::error(format!("cannot write `{path}`: {e}")));
        }
    }
    if errors.is_empty() {
        Ok(Stats {
            pages: written
                .iter()
                .filter(|p| p.as_str().ends_with(".html"))
                .count(),
            files: written.len() + theme.static_files.len(),
            bytes: sink.bytes.load(Ordering::Relaxed),
        })
    } else {
        Err(errors)
    }
}

/// The site's data files, once for the site: the calendars of deadlines (in the default
/// language), the bulk tables with each jurisdiction's rows, and the data's schema.
fn write_site_data(
    report: &Report,
    theme: &Theme,
    options: &Options,
    sink: &dyn Sink,
) -> Result<Vec<SitePath>, Vec<Diagnostic>> {
    let default = report.site.default_language();
    let mut written = Vec::new();
    let mut errors = Vec::new();
    match Formatter::new(default, theme.ui[default].day_style()) {
        Ok(format) => {
            let default_ui = &theme.ui[default];
            let views = Views::new(
                report,
                default,
                default_ui,
                &format,
                default_ui.text("direction"),
                options.base_url.to_string(),
            );
            for (path, ics) in crate::data::calendar::calendars(&views, options.base_url.as_str()) {
                match SitePath::new(&path) {
                    Some(path) => match sink.write(&path, ics.as_bytes()) {
                        Ok(()) => written.push(path),
                        Err(e) => {
                            errors.push(Diagnostic::error(format!("cannot write `{path}`: {e}")))
                        }
                    },
                    None => errors.push(Diagnostic::error(format!("`{path}` is not a safe path"))),
                }
            }
        }
        Err(e) => errors.push(Diagnostic::error(e)),
    }
    // The bulk tables and each jurisdiction's rows, once for the site.
    match crate::data::publish(report, options.base_url.as_str(), sink) {
        Ok(paths) => written.extend(paths),
        Err(more) => errors.extend(more),
    }
    // The data's schema, once for the site.
    if let Some(path) = SitePath::new(crate::data::pages::SCHEMA_PATH) {
        match sink.write(&path, crate::data::pages::schema().as_bytes()) {
            Ok(()) => written.push(path),
            Err(e) => errors.push(Diagnostic::error(format!("cannot write `{path}`: {e}"))),
        }
    }
    if errors.is_empty() {
        Ok(written)
    } else {
        Err(errors)
    }
}

/// Every value, or every error: what files written in parallel come to.
pub(crate) fn all_or_errors<T>(
    results: impl IntoIterator<Item = Result<T, Diagnostic>>,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// What every language's pages are rendered from.
struct LanguageContext<'r> {
    report: &'r Report<'r>,
    theme: &'r Theme,
    options: &'r Options,
    bodies: &'r markdown::Bodies<'r>,
}

/// Renders one language's pages in parallel; the paths written, or every error.
fn render_language(
    context: &LanguageContext,
    sink: &dyn Sink,
    progress: &dyn Progress,
    lang: &Lang,
    prefix: &str,
    pages: &[&Page],
) -> Result<Vec<SitePath>, Vec<Diagnostic>> {
    let LanguageContext {
        report,
        theme,
        options,
        bodies,
    } = *context;
    let site = report.site;
    let default = site.default_language();
    let ui = &theme.ui[lang];
    let default_ui = &theme.ui[default];
    let format = Formatter::new(lang, ui.day_style()).map_err(|e| vec![Diagnostic::error(e)])?;
    let (as_of, as_of_iso) = (format.day(report.as_of), report.as_of.to_string());
    let views_of_language = || {
        Views::new(
            report,
            lang,
            ui,
            &format,
            default_ui.text("direction"),
            format!("{}{prefix}", options.base_url),
        )
        .with_bodies(bodies)
    };
    // What every page of the language shows the same, prepared once: the site's own text
    // (whether any of it is untranslated, so that each page says so) and the UI strings.
    let site_views = views_of_language();
    let site_info = site_info(&site_views, options, lang);
    let site_untranslated = site_views.any_untranslated();
    let site_value = value(&site_info).map_err(|e| vec![e])?;
    let ui_value = value(ui.strings()).map_err(|e| vec![e])?;
    let results: Vec<Result<Vec<SitePath>, Diagnostic>> = pages
        .par_iter()
        .map(|page| {
            let views = views_of_language();
            if site_untranslated {
                views.note_untranslated();
            }
            let PageData {
                title,
                name,
                value: data,
                targets,
            } = page_data(&views, page)?;
            let full = SitePath::new(&format!("{prefix}{}", page.path)).ok_or_else(|| {
                Diagnostic::error(format!("`{prefix}{}` is not a safe path", page.path))
            })?;
            let (root, assets) = if matches!(page.kind, PageKind::NotFound) {
                // A server shows the 404 page at any address, so its links cannot be relative.
                (options.base_url.to_string(), options.base_url.to_string())
            } else {
                (page.path.root(), full.root())
            };
            let translations = if page.kind.is_site_wide() {
                Vec::new()
            } else {
                site.config
                    .languages
                    .iter()
                    .map(|other| {
                        let other_prefix = language_prefix(other, default);
                        Translation {
                            lang: other.to_string(),
                            name: theme.ui[other].text("language_name").to_owned(),
                            href: format!("{assets}{other_prefix}{}", page.path),
                            absolute: format!(
                                "{}{other_prefix}{}",
                                options.base_url,
                                page.path.pretty()
                            ),
                            current: other == lang,
                        }
                    })
                    .collect()
            };
            let mut context = Context::new();
            context.insert_value("site", site_value.clone());
            context.insert_value("ui", ui_value.clone());
            context.insert(
                "page",
                &PageInfo {
                    path: full.as_str(),
                    root,
                    assets,
                    canonical: format!("{}{}", options.base_url, full.pretty()),
                    title: &title,
                    lang: lang.as_str(),
                    dir: ui.text("direction"),
                    as_of: as_of.clone(),
                    as_of_iso: as_of_iso.clone(),
                    translations,
                    untranslated: views.untranslated_notice(default_ui.text("language_name")),
                    data: page.kind.has_data(),
                    // The home page's feed is the site's, which every page announces.
                    feed: matches!(page.kind, PageKind::Jurisdiction(_) | PageKind::Program(_)),
                },
            );
            context.insert_value(name, data);
            let template = page.kind.template();
            let html = theme
                .tera
                .render(template, &context)
                .map_err(|e| render_error(&e, template, &full))?;
            let bytes = if options.minify && template.ends_with(".html") {
                minify(html.as_bytes())
            } else {
                html.into_bytes()
            };
            sink.write(&full, &bytes)
                .map_err(|e| Diagnostic::error(format!("cannot write `{full}`: {e}")))?;
            let mut paths = vec![full];
            // Data is built with views of its own, so that it cannot change what the page
            // already says (such as whether some of its text is untranslated).
            let data_views = views_of_language();
            let records = Records {
                views: &data_views,
                base: format!("{}{prefix}", options.base_url),
            };
            if let PageKind::Plan(plan) = &page.kind {
                for (target, view) in plan.targets.iter().zip(&targets) {
                    let source = target.latest_source.unwrap_or(&plan.plan.source);
                    let jurisdiction_name = &site.jurisdictions[&plan.plan.jurisdiction].name;
                    let indicator_name = &site.indicators[&target.target.indicator].name;
                    let card = card::Card {
                        id: &view.anchor,
                        jurisdiction: &data_views.plain(jurisdiction_name),
                        jurisdiction_lang: data_views.fallback_lang(jurisdiction_name),
                        indicator_lang: data_views.fallback_lang(indicator_name),
                        target: view,
                        as_of: &format!("{} {as_of}", ui.text("status_as_of")),
                        source: &format!(
                            "{}: {}",
                            ui.text("source_label"),
                            source.host().unwrap_or_else(|| source.to_string())
                        ),
                        site_title: &site_info.title_plain,
                        target_label: ui.text("target_label"),
                        right_to_left: ui.text("direction") == "rtl",
                        font_family: card::FONTS,
                    };
                    let card_path =
                        SitePath::new(&format!("{prefix}{}", view.card)).ok_or_else(|| {
                            Diagnostic::error(format!("`{}` is not a safe path", view.card))
                        })?;
                    sink.write(&card_path, card.svg().as_bytes()).map_err(|e| {
                        Diagnostic::error(format!("cannot write `{card_path}`: {e}"))
                    })?;
                    paths.push(card_path);
                }
            }
            if let Some(feed) = feed_of(&records, page, &site_info.title_plain) {
                let feed_path =
                    SitePath::new(&format!("{prefix}{}{}", page.path.pretty(), atom::FILE))
                        .ok_or_else(|| {
                            Diagnostic::error(format!("`{}` has no safe feed path", page.path))
                        })?;
                let xml = atom::write(&data_views, &records.base, &feed);
                sink.write(&feed_path, xml.as_bytes())
                    .map_err(|e| Diagnostic::error(format!("cannot write `{feed_path}`: {e}")))?;
                paths.push(feed_path);
            }
            if let Some(content) = data_content(&records, page) {
                let json_path = SitePath::new(&format!("{prefix}{}index.json", page.path.pretty()))
                    .ok_or_else(|| {
                        Diagnostic::error(format!("`{}` has no safe data path", page.path))
                    })?;
                let document = records.document(
                    format!("{}{}", options.base_url, paths[0].pretty()),
                    options.base_url.as_str(),
                    license(&views, site),
                    content,
                );
                let json = crate::data::json_bytes(&document)
                    .map_err(|e| Diagnostic::error(format!("cannot write `{json_path}`: {e}")))?;
                sink.write(&json_path, &json)
                    .map_err(|e| Diagnostic::error(format!("cannot write `{json_path}`: {e}")))?;
                paths.push(json_path);
            }
            progress.advance();
            Ok(paths)
        })
        .collect();
    all_or_errors(results).map(|paths| paths.into_iter().flatten().collect())
}

/// The feed of updates a page has beside it: the site's on the home page, and each
/// jurisdiction's and program's on theirs.
fn feed_of<'r>(
    records: &Records<'_, 'r>,
    page: &Page<'r>,
    site_title: &str,
) -> Option<atom::Feed<'r>> {
    let views = records.views;
    let report = views.report;
    let url = |file: &str| format!("{}{}{file}", records.base, page.path.pretty());
    let (title, updates, quiet_since) = match &page.kind {
        PageKind::Home => (
            site_title.to_owned(),
            report.updates.clone(),
            report.content_date(),
        ),
        PageKind::Jurisdiction(j) => (
            format!("{} – {site_title}", views.plain(&j.name)),
            report.updates_of(&j.id).collect(),
            report
                .last_updated
                .get(&j.id)
                .copied()
                .unwrap_or_else(|| report.content_date()),
        ),
        PageKind::Program(program) => {
            let plans = report.plans_of_program(&program.id);
            let jurisdictions = views.compared_jurisdictions(program, &plans);
            (
                format!("{} – {site_title}", program.number),
                report
                    .updates
                    .iter()
                    .copied()
                    .filter(|u| jurisdictions.binary_search(&&u.jurisdiction).is_ok())
                    .collect(),
                report.content_date(),
            )
        }
        _ => return None,
    };
    Some(atom::Feed {
        url: url(atom::FILE),
        page_url: url(""),
        title,
        updates,
        quiet_since,
    })
}

/// A file's address for calendar programs to subscribe to: `webcal://host/path`.
fn webcal(base_url: &WebUrl, file: &str) -> String {
    let url = format!("{base_url}{file}");
    match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url,
    }
}

/// What a page's `index.json` holds, for the pages that have one.
fn data_content(records: &Records, page: &Page) -> Option<PageContent> {
    Some(match &page.kind {
        PageKind::Home => records.home(),
        PageKind::Program(program) => records.program_content(program),
        PageKind::Jurisdiction(jurisdiction) => records.jurisdiction_content(jurisdiction),
        PageKind::Plan(plan) => records.plan_content(plan),
        _ => return None,
    })
}

fn site_info(views: &Views, options: &Options, lang: &Lang) -> SiteInfo {
    let site = views.report.site;
    let config = &site.config;
    SiteInfo {
        title: views.text(&config.title),
        title_plain: views.text(&config.title).plain(),
        description: config.description.as_ref().map(|d| views.plain(d)),
        description_text: config.description.as_ref().map(|d| views.text(d)),
        publisher: config.publisher.as_ref().map(|p| views.text(p)),
        license: license(views, site),
        calendar_subscribe: webcal(&options.base_url, crate::data::calendar::FILE),
        base_url: options.base_url.to_string(),
        lang: lang.to_string(),
    }
}

fn license(views: &Views, site: &crate::model::Site) -> Option<LicenseRecord> {
    site.config.license.as_ref().map(|l| LicenseRecord {
        name: l.name.clone(),
        title: l.title.as_ref().map(|t| views.text(t).plain()),
        url: l.url.to_string(),
    })
}

fn render_error(error: &tera::Error, template: &str, path: &SitePath) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n{cause}"));
        source = cause.source();
    }
    Diagnostic::error(format!(
        "the template `{template}` failed for `{path}`: {message}"
    ))
    .help("fix the template: tera reports the line and the value it could not use")
}

fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

/// How many updates a page of the site's updates lists.
const UPDATES_PER_PAGE: usize = 50;

/// Pages of the site's updates: always one, even with none to list yet.
fn update_page_count(report: &Report) -> usize {
    report.updates.len().div_ceil(UPDATES_PER_PAGE).max(1)
}

/// `updates/index.html`, then `updates/page/2/index.html` and on.
fn updates_page_path(number: usize) -> String {
    match number {
        1 => "updates/index.html".to_owned(),
        n => format!("updates/page/{n}/index.html"),
    }
}

/// The most addresses one sitemap may hold (sitemaps.org).
const SITEMAP_LIMIT: usize = 50_000;

fn sitemap_part(number: usize) -> String {
    format!("sitemaps/{number}.xml")
}

/// The site's addresses in sitemaps of at most `limit`: one at `sitemap.xml` if they fit,
/// else `sitemaps/1.xml` and on, which an index at `sitemap.xml` lists.
fn split_sitemap(urls: Vec<String>, limit: usize) -> Vec<(String, Vec<String>)> {
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_owned(), urls)];
    }
    (1..)
        .zip(urls.chunks(limit))
        .map(|(number, part)| (sitemap_part(number), part.to_vec()))
        .collect()
}

/// The sitemap index that lists a large site's sitemaps, if it has more than one.
fn sitemap_index(pages: &[Page], base_url: &WebUrl) -> Option<String> {
    let parts = pages
        .iter()
        .filter(|p| matches!(p.kind, PageKind::Sitemap(_)))
        .count();
    (parts > 1).then(|| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for number in 1..=parts {
            let loc = crate::escape::markup(&format!("{base_url}{}", sitemap_part(number)));
            xml.push_str(&format!("<sitemap><loc>{loc}</loc></sitemap>\n"));
        }
        xml.push_str("</sitemapindex>\n");
        xml
    })
}

/// Every page of the site, in a fixed order.
fn pages<'r>(report: &'r Report<'r>) -> Result<Vec<Page<'r>>, Vec<Diagnostic>> {
    let site = report.site;
    let mut pages = Vec::new();
    let add =
        |pages: &mut Vec<Page<'r>>, path: String, kind: PageKind<'r>| match SitePath::new(&path) {
            Some(path) => {
                pages.push(Page { path, kind });
                Ok(())
            }
            None => Err(vec![Diagnostic::error(format!(
                "`{path}` is not a safe path in the output"
            ))]),
        };
    add(&mut pages, "index.html".into(), PageKind::Home)?;
    for program in site.programs.values() {
        add(
            &mut pages,
            views::program_href(program),
            PageKind::Program(program),
        )?;
    }
    for jurisdiction in site.jurisdictions.values() {
        add(
            &mut pages,
            views::jurisdiction_href(jurisdiction),
            PageKind::Jurisdiction(jurisdiction),
        )?;
    }
    for plan in &report.plans {
        add(
            &mut pages,
            views::plan_href(&site.jurisdictions[&plan.plan.jurisdiction], plan.plan),
            PageKind::Plan(plan),
        )?;
    }
    for update in &report.updates {
        add(
            &mut pages,
            views::update_href(&site.jurisdictions[&update.jurisdiction], update),
            PageKind::Update(update),
        )?;
    }
    add(
        &mut pages,
        "deadlines/index.html".into(),
        PageKind::Deadlines,
    )?;
    for number in 1..=update_page_count(report) {
        add(
            &mut pages,
            updates_page_path(number),
            PageKind::Updates(number),
        )?;
    }
    add(&mut pages, "data/index.html".into(), PageKind::Data)?;
    add(&mut pages, "404.html".into(), PageKind::NotFound)?;
    add(&mut pages, "robots.txt".into(), PageKind::Robots)?;
    let default = site.default_language();
    let mut urls: Vec<String> = pages
        .iter()
        .filter(|p| p.kind.template().ends_with(".html") && !p.kind.is_site_wide())
        .flat_map(|p| {
            site.config
                .languages
                .iter()
                .map(move |lang| format!("{}{}", language_prefix(lang, default), p.path.pretty()))
        })
        .collect();
    urls.sort();
    for (path, part) in split_sitemap(urls, SITEMAP_LIMIT) {
        add(&mut pages, path, PageKind::Sitemap(part))?;
    }
    Ok(pages)
}

/// What a page's template is given.
struct PageData {
    title: String,
    /// The name the template reads the value by, and the value.
    name: &'static str,
    value: tera::Value,
    /// A plan page's targets as it shows them, from which their cards are drawn, so that
    /// a card and the page can never say different things (and are worked out once).
    targets: Vec<views::TargetView>,
}

/// A page's title and the value its template reads, under the name it reads it by.
fn page_data(views: &Views, page: &Page) -> Result<PageData, Diagnostic> {
    let report = views.report;
    let ui = views.ui;
    let mut targets = Vec::new();
    let (title, (name, value)) = match &page.kind {
        PageKind::Home => {
            #[derive(Serialize)]
            struct Home {
                programs: Vec<views::ProgramSummary>,
                jurisdictions: views::JurisdictionTable,
                updates: Vec<views::UpdateSummary>,
                /// The most late tasks; the deadlines page has them all.
                late_tasks: Vec<views::TaskView>,
            }
            let home = Home {
                programs: report
                    .site
                    .programs
                    .values()
                    .map(|p| views.program_summary(p))
                    .collect(),
                jurisdictions: views.jurisdiction_table(&views.overview()),
                updates: report
                    .updates
                    .iter()
                    .take(views::HOME_UPDATES)
                    .map(|u| views.update_summary(u))
                    .collect(),
                late_tasks: views
                    .most_late_tasks()
                    .into_iter()
                    .map(|(plan, task)| views.task(plan, task))
                    .collect(),
            };
            // The home page's title is the site's.
            (String::new(), ("home", value(&home)?))
        }
        PageKind::Program(program) => {
            let view = views.program_page(program);
            (
                format!(
                    "{} – {}",
                    view.summary.number.plain(),
                    view.summary.title.plain()
                ),
                ("program", value(&view)?),
            )
        }
        PageKind::Jurisdiction(jurisdiction) => {
            let view = views.jurisdiction_page(jurisdiction);
            (view.summary.name.plain(), ("jurisdiction", value(&view)?))
        }
        PageKind::Plan(plan) => {
            let view = views.plan_page(plan);
            let title = format!(
                "{} – {}",
                view.link.name.plain(),
                view.link.jurisdiction.text.plain()
            );
            let value = value(&view)?;
            targets = view.targets;
            (title, ("plan", value))
        }
        PageKind::Update(update) => {
            let view = views.update_page(update);
            (view.summary.title.plain(), ("update", value(&view)?))
        }
        PageKind::Deadlines => (
            ui.text("deadlines").to_owned(),
            ("deadlines", value(&views.deadlines())?),
        ),
        PageKind::Updates(number) => {
            #[derive(Serialize)]
            struct UpdatesPage {
                updates: Vec<views::UpdateSummary>,
                pages: usize,
                /// "Page 3 of 548".
                page_of: String,
                /// Pages of newer and older updates, from the language's root.
                newer: Option<String>,
                older: Option<String>,
            }
            let pages = update_page_count(report);
            let page_of = views::page_of(ui, views.format, *number, pages);
            let page = UpdatesPage {
                updates: report
                    .updates
                    .iter()
                    .skip((number - 1) * UPDATES_PER_PAGE)
                    .take(UPDATES_PER_PAGE)
                    .map(|u| views.update_summary(u))
                    .collect(),
                pages,
                page_of: page_of.clone(),
                newer: (*number > 1).then(|| updates_page_path(number - 1)),
                older: (*number < pages).then(|| updates_page_path(number + 1)),
            };
            let title = if *number == 1 {
                ui.text("updates").to_owned()
            } else {
                format!("{} ({page_of})", ui.text("updates"))
            };
            (title, ("updates", value(&page)?))
        }
        PageKind::Data => {
            #[derive(Serialize)]
            struct DataPage {
                tables: Vec<DataFile>,
                package: String,
                schema: &'static str,
            }
            #[derive(Serialize)]
            struct DataFile {
                href: String,
                file: String,
                label_key: String,
            }
            let folder = crate::data::tables::FOLDER;
            let page = DataPage {
                tables: crate::data::tables::NAMES
                    .iter()
                    .map(|name| DataFile {
                        href: format!("{folder}/{name}.csv"),
                        file: format!("{name}.csv"),
                        label_key: format!("table_{name}"),
                    })
                    .collect(),
                package: format!("{folder}/datapackage.json"),
                schema: crate::data::pages::SCHEMA_PATH,
            };
            (ui.text("open_data").to_owned(), ("data", value(&page)?))
        }
        PageKind::NotFound => (
            ui.text("not_found").to_owned(),
            ("nothing", tera::Value::none()),
        ),
        PageKind::Sitemap(urls) => (String::new(), ("urls", value(urls)?)),
        PageKind::Robots => (String::new(), ("nothing", tera::Value::none())),
    };
    Ok(PageData {
        title,
        name,
        value,
        targets,
    })
}

fn value<T: Serialize>(view: &T) -> Result<tera::Value, Diagnostic> {
    tera::Value::try_from_serializable(view)
        .map_err(|e| Diagnostic::error(format!("cannot prepare a page: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_cannot_escape_the_output_folder() {
        assert!(SitePath::new("provinces/lao-cai/index.html").is_some());
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "",
            "a/./b",
        ] {
            assert!(SitePath::new(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_large_sitemap_is_split_under_an_index() {
        let urls = |n: usize| (0..n).map(|i| format!("p{i}/")).collect::<Vec<_>>();
        let one = split_sitemap(urls(3), 3);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        let parts = split_sitemap(urls(7), 3);
        let paths: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["sitemaps/1.xml", "sitemaps/2.xml", "sitemaps/3.xml"]
        );
        assert_eq!(parts.iter().map(|(_, u)| u.len()).sum::<usize>(), 7);
        assert_eq!(parts[2].1, ["p6/"]);
    }

    #[test]
    fn links_go_back_to_the_root() {
        let path = SitePath::new("provinces/lao-cai/index.html").unwrap();
        assert_eq!(path.root(), "../../");
        assert_eq!(path.pretty(), "provinces/lao-cai/");
        assert_eq!(SitePath::new("index.html").unwrap().root(), "");
    }
}
