//! The pages: each planned page through the theme's tera templates, from views of the
//! report in its language, minified if asked; the sitemap and robots.txt the same way.

pub mod chart;
pub mod items;
pub mod markdown;
pub mod theme;
pub mod views;

use serde::Serialize;
use tera::Context;

use crate::base::diagnostics::Diagnostic;
use crate::base::site_path::SitePath;
use crate::derive::Report;
use crate::locale::format::Formatter;
use crate::locale::phrase::Phrase;
use crate::locale::ui::Ui;
use crate::model::{Lang, WebUrl};
use crate::site::outputs::{self, Output, Outputs, Page};
use crate::site::routes;
use crate::write::data::pages::LicenseRecord;
use crate::write::search;
use theme::Theme;
use views::Views;

pub struct Options {
    /// Where the site will be published; used only for absolute addresses.
    pub base_url: WebUrl,
    pub minify: bool,
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
    /// Whether the site has its search page.
    search: bool,
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

#[derive(Serialize, Default)]
pub struct SiteInfo {
    title: Phrase,
    /// The title as plain text, for `<title>`.
    pub title_plain: String,
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

/// What every output of one language shows the same, prepared once.
pub struct Language<'a> {
    pub lang: &'a Lang,
    /// Before every path of the language's pages: `en/`, or nothing for the default.
    pub prefix: String,
    pub ui: &'a Ui,
    format: Formatter,
    pub as_of: String,
    pub site_info: SiteInfo,
    /// Whether some of the site's own text is untranslated, which every page then says.
    site_untranslated: bool,
    site_value: tera::Value,
    ui_value: tera::Value,
}

impl<'a> Language<'a> {
    pub fn new(
        report: &'a Report,
        theme: &'a Theme,
        options: &Options,
        bodies: &markdown::Bodies,
        lang: &'a Lang,
    ) -> Result<Language<'a>, Diagnostic> {
        let site = &report.site;
        let ui = theme.ui.get(lang).ok_or_else(|| {
            Diagnostic::error(format!("the theme has no UI strings for `{lang}`"))
        })?;
        let format = Formatter::new(lang, ui.day_style()).map_err(Diagnostic::error)?;
        let mut language = Language {
            lang,
            prefix: routes::language_prefix(lang, site.default_language()),
            ui,
            as_of: format.day(report.as_of),
            format,
            site_info: SiteInfo::default(),
            site_untranslated: false,
            site_value: tera::Value::none(),
            ui_value: value(ui.strings())?,
        };
        let views = language.views(report, theme, options, bodies);
        let site_info = site_info(&views, options, lang);
        language.site_untranslated = views.any_untranslated();
        language.site_value = value(&site_info)?;
        language.site_info = site_info;
        Ok(language)
    }

    /// Views of this language, for one output: each has its own, so that what one shows
    /// (text not translated) does not leak into another.
    pub fn views<'v>(
        &'v self,
        report: &'v Report,
        theme: &'v Theme,
        options: &Options,
        bodies: &'v markdown::Bodies,
    ) -> Views<'v> {
        let default = report.site.default_language();
        let default_dir = theme
            .ui
            .get(default)
            .map_or("ltr", |ui| ui.text("direction"));
        Views::new(
            report,
            self.lang,
            self.ui,
            &self.format,
            default_dir,
            format!("{}{}", options.base_url, self.prefix),
        )
        .with_bodies(bodies)
    }
}

/// What a page is rendered with, besides its views.
pub struct PageWriter<'a> {
    pub report: &'a Report,
    pub outputs: &'a Outputs<'a>,
    pub theme: &'a Theme,
    pub options: &'a Options,
    pub language: &'a Language<'a>,
}

impl PageWriter<'_> {
    /// A page through its template, minified if asked.
    pub fn render(
        &self,
        output: &Output,
        page: &Page,
        views: Views,
    ) -> Result<Vec<u8>, Diagnostic> {
        let (report, theme, options, language) =
            (self.report, self.theme, self.options, self.language);
        let site = &report.site;
        let default = site.default_language();
        let ui = language.ui;
        let default_ui = theme.ui.get(default).unwrap_or(ui);
        if language.site_untranslated {
            views.note_untranslated();
        }
        let PageData {
            title,
            name,
            value: data,
        } = match page {
            Page::NotFound => self.not_found()?,
            _ => page_data(&views, page, self.outputs)?,
        };
        let full = &output.path;
        // Its path from the root of its language's pages.
        let route = full
            .as_str()
            .strip_prefix(language.prefix.as_str())
            .unwrap_or(full.as_str());
        let (root, assets) = if matches!(page, Page::NotFound) {
            // A server shows the 404 page at any address, so its links cannot be relative.
            (options.base_url.to_string(), options.base_url.to_string())
        } else {
            (root_of(route), full.root())
        };
        let translations = if page.is_site_wide() {
            Vec::new()
        } else {
            site.config
                .languages
                .iter()
                .map(|other| {
                    let other_prefix = routes::language_prefix(other, default);
                    Translation {
                        lang: other.to_string(),
                        name: theme
                            .ui
                            .get(other)
                            .map_or("", |ui| ui.text("language_name"))
                            .to_owned(),
                        href: format!("{assets}{other_prefix}{route}"),
                        absolute: format!(
                            "{}{other_prefix}{}",
                            options.base_url,
                            routes::folder_of(route)
                        ),
                        current: other == language.lang,
                    }
                })
                .collect()
        };
        let mut context = Context::new();
        context.insert_value("site", language.site_value.clone());
        context.insert_value("ui", language.ui_value.clone());
        context.insert(
            "page",
            &PageInfo {
                path: full.as_str(),
                root,
                assets,
                canonical: format!("{}{}", options.base_url, full.pretty()),
                title: &title,
                lang: language.lang.as_str(),
                dir: ui.text("direction"),
                as_of: language.as_of.clone(),
                as_of_iso: report.as_of.to_string(),
                translations,
                untranslated: views.untranslated_notice(default_ui.text("language_name")),
                data: page.has_data(),
                // The home page's feed is the site's, which every page announces.
                feed: page.has_feed() && !matches!(page, Page::Home),
                search: outputs::HAS_SEARCH,
            },
        );
        context.insert_value(name, data);
        let template = page.template();
        // Into bytes, as the page is written: a `String` would check again that the
        // whole page is UTF-8, which it is by construction.
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        theme
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|e| render_error(&e, template, full))?;
        Ok(if options.minify && template.ends_with(".html") {
            minify(&html)
        } else {
            html
        })
    }
}

impl PageWriter<'_> {
    /// The one 404 page of the site says so in every language of the site, each with
    /// its own direction and a link to its own home: the host serves it whatever the
    /// language of the address that was not found.
    fn not_found(&self) -> Result<PageData, Diagnostic> {
        #[derive(Serialize)]
        struct NotFoundIn<'u> {
            lang: &'u str,
            dir: &'u str,
            not_found: &'u str,
            explained: &'u str,
            back_home: &'u str,
            /// Absolute: the page is shown at any address.
            home: String,
        }
        let site = &self.report.site;
        let default = site.default_language();
        // The site's language first, under the page's one heading.
        let mut in_order: Vec<&Lang> = site.config.languages.iter().collect();
        in_order.sort_by_key(|lang| *lang != default);
        let languages = in_order
            .into_iter()
            .filter_map(|lang| {
                let ui = self.theme.ui.get(lang)?;
                Some(NotFoundIn {
                    lang: lang.as_str(),
                    dir: ui.text("direction"),
                    not_found: ui.text("not_found"),
                    explained: ui.text("not_found_explained"),
                    back_home: ui.text("back_home"),
                    home: format!(
                        "{}{}{}",
                        self.options.base_url,
                        routes::language_prefix(lang, default),
                        routes::home()
                    ),
                })
            })
            .collect::<Vec<_>>();
        Ok(PageData {
            title: self.language.ui.text("not_found").to_owned(),
            name: "languages",
            value: value(&languages)?,
        })
    }
}

/// Room for a page as it is rendered: most pages fit, so their buffer is not grown and
/// copied again as they are written.
const PAGE_CAPACITY: usize = 32 * 1024;

/// The relative way back to the root from a path: `../../` from `a/b/index.html`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A file's address for calendar programs to subscribe to: `webcal://host/path`.
fn webcal(base_url: &WebUrl, file: &str) -> String {
    let url = format!("{base_url}{file}");
    match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url,
    }
}

fn site_info(views: &Views, options: &Options, lang: &Lang) -> SiteInfo {
    let site = &views.report.site;
    let config = &site.config;
    SiteInfo {
        title: views.text(&config.title),
        title_plain: views.text(&config.title).plain(),
        description: config.description.as_ref().map(|d| views.plain(d)),
        description_text: config.description.as_ref().map(|d| views.text(d)),
        publisher: config.publisher.as_ref().map(|p| views.text(p)),
        license: license(views, site),
        calendar_subscribe: webcal(&options.base_url, routes::CALENDAR_FILE),
        base_url: options.base_url.to_string(),
        lang: lang.to_string(),
    }
}

pub fn license(views: &Views, site: &crate::model::Site) -> Option<LicenseRecord> {
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

/// What a page's template is given.
struct PageData {
    title: String,
    /// The name the template reads the value by, and the value.
    name: &'static str,
    value: tera::Value,
}

/// A page's title and the value its template reads, under the name it reads it by.
fn page_data(views: &Views, page: &Page, outputs: &Outputs) -> Result<PageData, Diagnostic> {
    let report = views.report;
    let ui = views.ui;
    let (title, (name, value)) = match page {
        Page::Home => {
            #[derive(Serialize)]
            struct Home {
                programs: Vec<views::ProgramSummary>,
                jurisdictions: views::JurisdictionTable,
                updates: Vec<views::Shown<views::UpdateSummary>>,
                /// The most late tasks; the deadlines page has them all.
                late_tasks: Vec<views::Shown<views::TaskView>>,
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
                    .take(crate::derive::queries::HOME_UPDATES)
                    .map(|u| views.update_summary(u))
                    .collect(),
                late_tasks: views
                    .report
                    .most_late_tasks()
                    .into_iter()
                    .map(|(plan, task)| views.task(plan, task))
                    .collect(),
            };
            // The home page's title is the site's.
            (String::new(), ("home", value(&home)?))
        }
        Page::Program(program) => {
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
        Page::Jurisdiction(jurisdiction) => {
            let view = views.jurisdiction_page(jurisdiction);
            (view.summary.name.plain(), ("jurisdiction", value(&view)?))
        }
        Page::Plan(plan) => {
            let view = views.plan_page(plan);
            let title = format!(
                "{} – {}",
                view.link.name.plain(),
                view.link.jurisdiction.text.plain()
            );
            let value = value(&view)?;
            (title, ("plan", value))
        }
        Page::Target { plan, target } => {
            let view = views.target_page(plan, target);
            let title = format!(
                "{} – {}",
                view.target.sentence.plain(),
                view.plan.jurisdiction.text.plain()
            );
            (title, ("item", value(&view)?))
        }
        Page::Task { plan, task } => {
            let view = views.task_page(plan, task);
            let title = format!(
                "{} – {}",
                view.task.what_short.plain(),
                view.plan.jurisdiction.text.plain()
            );
            (title, ("item", value(&view)?))
        }
        Page::Indicator {
            indicator,
            number,
            pages,
        } => {
            let view = views.indicator_page(indicator, *number, *pages);
            let title = match &view.page_of {
                Some(page_of) if *number > 1 => format!("{} ({page_of})", view.name.plain()),
                _ => view.name.plain(),
            };
            (title, ("indicator", value(&view)?))
        }
        Page::Update(update) => {
            let view = views.update_page(update);
            (view.summary.title.plain(), ("update", value(&view)?))
        }
        Page::Deadlines => (
            ui.text("deadlines").to_owned(),
            ("deadlines", value(&views.deadlines())?),
        ),
        Page::Updates { number, listed } => {
            #[derive(Serialize)]
            struct UpdatesPage {
                updates: Vec<views::Shown<views::UpdateSummary>>,
                pages: usize,
                /// "Page 3 of 548".
                page_of: String,
                /// Pages of newer and older updates, from the language's root.
                newer: Option<String>,
                older: Option<String>,
            }
            let pages = outputs::update_page_count(report);
            let page_of = views::page_of(ui, views.format, *number, pages);
            let page = UpdatesPage {
                updates: listed.iter().map(|u| views.update_summary(u)).collect(),
                pages,
                page_of: page_of.clone(),
                newer: (*number > 1).then(|| routes::updates(number - 1)),
                older: (*number < pages).then(|| routes::updates(number + 1)),
            };
            let title = if *number == 1 {
                ui.text("updates").to_owned()
            } else {
                format!("{} ({page_of})", ui.text("updates"))
            };
            (title, ("updates", value(&page)?))
        }
        Page::OpenData => {
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
            let page = DataPage {
                tables: routes::TABLES
                    .iter()
                    .map(|name| DataFile {
                        href: routes::table(name),
                        file: routes::table_file(name),
                        label_key: format!("table_{name}"),
                    })
                    .collect(),
                package: routes::data_package(),
                schema: routes::SCHEMA,
            };
            (ui.text("open_data").to_owned(), ("data", value(&page)?))
        }
        Page::Search => (
            ui.text("search").to_owned(),
            ("search", value(&search_page(views))?),
        ),
        // Written by [`PageWriter::not_found`], from every language.
        Page::NotFound => (String::new(), ("nothing", tera::Value::none())),
        Page::Sitemap { start, end } => (
            String::new(),
            ("urls", value(&outputs.sitemap_urls(*start, *end))?),
        ),
        Page::Robots => (String::new(), ("nothing", tera::Value::none())),
    };
    Ok(PageData { title, name, value })
}

/// The search page: its filters, each with the values the language's records hold,
/// and the lists a reader without the search is sent to.
fn search_page(views: &Views) -> SearchPage {
    let report = views.report;
    let prefix = routes::language_prefix(views.lang, report.site.default_language());
    let scope = search::Scope::of(report);
    let records = search::records(report, views, &prefix, &scope);
    let values = search::FilterValues::of(&records, views);
    SearchPage {
        kinds: values.kinds,
        statuses: values.statuses,
        jurisdictions: values.jurisdictions,
        bundle: routes::SEARCH_FOLDER,
        lists: vec![
            views::Link {
                href: routes::home(),
                text: Phrase::own(views.ui.text("jurisdictions")),
            },
            views::Link {
                href: routes::deadlines(),
                text: Phrase::own(views.ui.text("deadlines")),
            },
            views::Link {
                href: routes::updates(1),
                text: Phrase::own(views.ui.text("updates")),
            },
        ],
    }
}

#[derive(Serialize)]
struct SearchPage {
    kinds: Vec<String>,
    statuses: Vec<String>,
    jurisdictions: Vec<String>,
    /// The bundle's folder, from the site's root.
    bundle: &'static str,
    lists: Vec<views::Link>,
}

fn value<T: Serialize>(view: &T) -> Result<tera::Value, Diagnostic> {
    tera::Value::try_from_serializable(view)
        .map_err(|e| Diagnostic::error(format!("cannot prepare a page: {e}")))
}
