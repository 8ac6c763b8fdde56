//! Atom feeds (RFC 4287) of updates: one for the whole site, one per jurisdiction and
//! one per program, in each language. Each entry is one update with its figures and
//! sources. Every date comes from the content, so that two builds write the same feed.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::base::escape::markup as escape;
use crate::derive::UpdateReport;
use crate::site::routes;
use crate::write::html::views::Views;

/// At most this many entries, the newest: a feed is read for what is new.
const MAX_ENTRIES: usize = 50;

pub struct Feed<'u> {
    /// The feed's own address: its id and its `self` link.
    pub url: String,
    /// The page it follows.
    pub page_url: String,
    pub title: String,
    /// Newest first.
    pub updates: Vec<&'u UpdateReport>,
    /// When the feed last changed if it has no entry: the newest date of its content.
    pub quiet_since: NaiveDate,
}

/// The feed as XML, with the page's language and words.
pub fn write(views: &Views, base: &str, feed: &Feed) -> String {
    let site = &views.report.site;
    let mut xml = String::new();
    let updated = feed
        .updates
        .first()
        .map_or(feed.quiet_since, |u| u.update.date.date());
    let author = site.config.publisher.as_ref().unwrap_or(&site.config.title);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>{}</name></author>\n<generator>tiendo</generator>\n",
        escape(views.lang.as_str()),
        escape(&feed.url),
        escape(&feed.title),
        timestamp(updated),
        escape(&feed.url),
        escape(&feed.page_url),
        escape(&views.plain(author)),
    );
    if let Some(license) = &site.config.license {
        let name = license
            .title
            .as_ref()
            .map_or_else(|| license.name.clone(), |t| views.plain(t));
        let _ = writeln!(
            xml,
            "<rights>{} {}</rights>",
            escape(views.ui.text("license_label")),
            escape(&name)
        );
    }
    for update in feed.updates.iter().take(MAX_ENTRIES) {
        entry(&mut xml, views, base, update);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(xml: &mut String, views: &Views, base: &str, report: &UpdateReport) {
    let update = &report.update;
    let url = format!(
        "{base}{}",
        routes::folder_of(&routes::update(&report.jurisdiction, &update.id))
    );
    let page = views.update_page(report);
    let when = timestamp(update.date.date());
    let _ = write!(
        xml,
        // As HTML, so that a title not translated keeps its language (<span lang="vi">).
        "<entry>\n<id>{}</id>\n<title type=\"html\">{}</title>\n<published>{when}</published>\n<updated>{when}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&url),
        escape(&format!(
            "{} – {}",
            page.summary.title.html(),
            page.summary.jurisdiction.text.html()
        )),
        escape(&url),
    );
    for source in &page.sources {
        let _ = writeln!(
            xml,
            "<link rel=\"related\" href=\"{}\" title=\"{}\"/>",
            escape(&source.href),
            escape(&source.text.plain())
        );
    }
    // The entry's content is the update as its page shows it, as HTML.
    let mut html = String::new();
    if !page.summary.measurements.is_empty() {
        html.push_str("<ul>");
        for m in &page.summary.measurements {
            let _ = write!(
                html,
                "<li>{}: <strong>{}</strong> ({}{}<a href=\"{}\">{}</a>)</li>",
                m.indicator.html(),
                m.figure.html(),
                escape(m.period.as_deref().unwrap_or(&m.date)),
                escape(views.ui.text("comma")),
                escape(&m.source),
                escape(views.ui.text("source")),
            );
        }
        html.push_str("</ul>");
    }
    for count in &page.summary.summaries {
        let _ = write!(html, "<p>{}</p>", count.html());
    }
    html.push_str(&page.body_html);
    if !page.sources.is_empty() {
        let _ = write!(html, "<p>{}:</p><ul>", escape(views.ui.text("sources")));
        for source in &page.sources {
            let _ = write!(
                html,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&source.href),
                source.text.html()
            );
        }
        html.push_str("</ul>");
    }
    let _ = write!(
        xml,
        "<content type=\"html\" xml:base=\"{}\">{}</content>\n</entry>\n",
        escape(&url),
        escape(&html)
    );
}

/// The start of a day, in UTC: content gives days, Atom wants instants.
fn timestamp(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}
