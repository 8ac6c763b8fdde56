//! Atom feeds (RFC 4287) of updates and changes: one for the whole site, one per
//! jurisdiction and one per program, in each language. An entry is one update with its
//! figures and sources, or one change the content's history shows ("Deadline moved:
//! ..."), so that a journalist who subscribes hears of both. Every date comes from the
//! content or its commits, so that two builds write the same feed.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::base::escape::markup as escape;
use crate::derive::history::AnyChange;
use crate::derive::{ItemChange, UpdateReport};
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
    /// Newest first.
    pub changes: Vec<ItemChange<'u>>,
    /// When the feed last changed if it has no entry: the newest date of its content.
    pub quiet_since: NaiveDate,
}

/// The feed as XML, with the page's language and words.
pub fn write(views: &Views, base: &str, feed: &Feed) -> String {
    let site = &views.report.site;
    let mut xml = String::new();
    let entries = entries(feed);
    let updated = entries
        .first()
        .map_or(timestamp(feed.quiet_since), Entry::when);
    let author = site.config.publisher.as_ref().unwrap_or(&site.config.title);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>{}</name></author>\n<generator>tiendo</generator>\n",
        escape(views.lang.as_str()),
        escape(&feed.url),
        escape(&feed.title),
        updated,
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
    for entry in entries {
        match entry {
            Entry::Update(update) => update_entry(&mut xml, views, base, update),
            Entry::Change(changes) => change_entry(&mut xml, views, base, &changes),
        }
    }
    xml.push_str("</feed>\n");
    xml
}

enum Entry<'u> {
    Update(&'u UpdateReport),
    /// The changes one commit made to one item (a task's status and its day done), at
    /// least one: one entry, as a reader would tell it.
    Change(Vec<ItemChange<'u>>),
}

impl Entry<'_> {
    /// When it happened, as Atom writes it: an update's day, a commit's second.
    fn when(&self) -> String {
        match self {
            Entry::Update(u) => timestamp(u.update.date.date()),
            Entry::Change(c) => commit_time(c[0].change().commit().time),
        }
    }

    /// What the entries are sorted by, newest first: the day, then a change after an
    /// update of the same day, then the order of the lists, which the sort keeps.
    fn day(&self) -> (NaiveDate, bool) {
        match self {
            Entry::Update(u) => (u.update.date.date(), false),
            Entry::Change(c) => (c[0].change().commit().date, true),
        }
    }
}

/// The feed's updates and changes, newest first, as many as a feed holds.
fn entries<'u>(feed: &Feed<'u>) -> Vec<Entry<'u>> {
    let mut entries: Vec<Entry<'u>> = feed
        .updates
        .iter()
        .take(MAX_ENTRIES)
        .map(|u| Entry::Update(u))
        .chain(
            by_item_and_commit(&feed.changes)
                .into_iter()
                .take(MAX_ENTRIES)
                .map(Entry::Change),
        )
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.day()));
    entries.truncate(MAX_ENTRIES);
    entries
}

/// Changes in their order, those one commit made to one item together (they are next to
/// each other: the list is by commit, and an item's changes of a commit follow each
/// other).
fn by_item_and_commit<'u>(changes: &[ItemChange<'u>]) -> Vec<Vec<ItemChange<'u>>> {
    let mut groups: Vec<Vec<ItemChange<'u>>> = Vec::new();
    for change in changes {
        match groups.last_mut() {
            Some(group)
                if group[0].same_item(change)
                    && group[0].change().commit().order == change.change().commit().order =>
            {
                group.push(*change)
            }
            _ => groups.push(vec![*change]),
        }
    }
    groups
}

/// What one commit changed in one item, as an entry: its title says what changed and
/// of what (a deadline moved first), its content each change in full, with the commit.
fn change_entry(xml: &mut String, views: &Views, base: &str, changes: &[ItemChange]) {
    let Some(&item) = changes.first() else {
        return;
    };
    let change = item.change();
    let commit = change.commit();
    let moved = changes
        .iter()
        .any(|c| matches!(c.change(), AnyChange::TaskDeadline(_)));
    let (page, jurisdiction, what, key, anchor) = match item {
        ItemChange::Task(plan, task, _) => (
            routes::plan(&plan.jurisdiction, &plan.plan.id),
            &plan.jurisdiction,
            views.task(plan, task).what_short.clone(),
            if moved {
                "feed_deadline_moved"
            } else {
                "feed_task_changed"
            },
            format!("task-{}", task.task.id),
        ),
        ItemChange::Target(plan, target, _) => (
            routes::plan(&plan.jurisdiction, &plan.plan.id),
            &plan.jurisdiction,
            views.target_sentence(&target.target, &target.indicator),
            "feed_target_changed",
            format!("target-{}", target.target.id),
        ),
        ItemChange::Figure(update, measurement, _) => (
            routes::update(&update.jurisdiction, &update.update.id),
            &update.jurisdiction,
            views.text(&measurement.indicator.name),
            "feed_figure_revised",
            format!(
                "figure-{}-{}",
                measurement.measurement.indicator,
                measurement
                    .measurement
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ),
        ),
    };
    let url = format!("{base}{}", routes::folder_of(&page));
    let title = crate::locale::phrase::fill(
        views.ui.text(key),
        &[
            ("what", what),
            ("jurisdiction", views.text(&jurisdiction.name)),
        ],
    );
    let when = commit_time(commit.time);
    let commit_url = views.report.site.config.commit_url(&commit.id);
    let _ = write!(
        xml,
        "<entry>\n<id>{}</id>\n<title type=\"html\">{}</title>\n<published>{when}</published>\n<updated>{when}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&format!("{url}#change-{anchor}-{}", commit.id)),
        escape(&title.html()),
        escape(&url),
    );
    if let Some(commit_url) = &commit_url {
        let _ = writeln!(
            xml,
            "<link rel=\"related\" href=\"{}\"/>",
            escape(commit_url)
        );
    }
    let indicator = match item {
        ItemChange::Target(_, target, _) => Some(&*target.indicator),
        ItemChange::Figure(_, measurement, _) => Some(&*measurement.indicator),
        ItemChange::Task(..) => None,
    };
    let mut html = String::new();
    for change in changes {
        let _ = write!(
            html,
            "<p>{}</p>",
            views.change_text(change.change(), indicator).html()
        );
    }
    if let ItemChange::Task(_, task, _) = item
        && moved
        && let Some(history) = &task.history
        && let Some(said) = views.deadline_history(history, task.task.deadline)
    {
        let _ = write!(html, "<p>{}</p>", said.text.html());
    }
    let short = escape(commit.short());
    let commit_html = match &commit_url {
        Some(href) => format!("<a href=\"{}\"><code>{short}</code></a>", escape(href)),
        None => format!("<code>{short}</code>"),
    };
    let _ = write!(
        html,
        "<p>{} · {} {commit_html}</p>",
        escape(&views.format.day(commit.date)),
        escape(views.ui.text("commit")),
    );
    let _ = write!(
        xml,
        "<content type=\"html\" xml:base=\"{}\">{}</content>\n</entry>\n",
        escape(&url),
        escape(&html)
    );
}

fn update_entry(xml: &mut String, views: &Views, base: &str, report: &UpdateReport) {
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

/// A commit's time, in UTC.
fn commit_time(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The start of a day, in UTC: content gives days, Atom wants instants.
fn timestamp(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}
