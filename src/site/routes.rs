//! Every address of the site, one function per kind of thing, as a path from the root of
//! a language's pages (`provinces/lao-cai/index.html`). Pages are `index.html` files in
//! folders of their own, so that a reader sees `provinces/lao-cai/`; the files beside a
//! page (its data, its feed, its cards) go in the same folder.
//!
//! Nothing else in tiendo spells an address: writers and views ask here.

use crate::model::{Id, Jurisdiction, Lang, Program};

/// The page file of every folder: a server shows it at the folder's address.
pub const PAGE_FILE: &str = "index.html";
/// A page's data, beside it.
pub const DATA_FILE: &str = "index.json";
/// A page's feed of updates, beside it.
pub const FEED_FILE: &str = "feed.xml";
/// A calendar of deadlines: the site's at its root, and one in each jurisdiction's folder.
pub const CALENDAR_FILE: &str = "deadlines.ics";
/// The folder of the open data: the bulk tables and their data package.
pub const DATA_FOLDER: &str = "data";
/// The tables of the open data, in the order the open-data page lists them.
pub const TABLES: &[&str] = &[
    "indicators",
    "programs",
    "jurisdictions",
    "plans",
    "targets",
    "tasks",
    "updates",
    "measurements",
    "changes",
];
/// The tables also split by jurisdiction, into each jurisdiction's folder.
pub const PER_JURISDICTION: &[&str] = &["measurements", "targets", "tasks"];
/// The search's bundle (Pagefind's), at the site's root: one for every language.
pub const SEARCH_FOLDER: &str = "pagefind/";
/// The bundle's file that lists its languages and their indexes: the one file of it the
/// plan names, the others being named by their content.
pub const SEARCH_ENTRY_FILE: &str = "pagefind-entry.json";
/// The JSON Schema of every page's `index.json`.
pub const SCHEMA: &str = "schema/page.json";

/// Where a language's pages live: the default language at the root, the others in a
/// folder named by their code (`en/`).
pub fn language_prefix(lang: &Lang, default: &Lang) -> String {
    if lang == default {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// A page's folder, where the files beside it go: `provinces/lao-cai/` for
/// `provinces/lao-cai/index.html`, and nothing for the home page.
pub fn folder_of(page: &str) -> &str {
    page.strip_suffix(PAGE_FILE).unwrap_or(page)
}

/// The folder a file is in, with its slash: `en/provinces/` for `en/provinces/feed.xml`.
pub fn folder_containing(path: &str) -> &str {
    path.rfind('/').map_or("", |slash| &path[..=slash])
}

pub fn home() -> String {
    PAGE_FILE.to_owned()
}

/// A jurisdiction's folder under `content/` is its address.
pub fn jurisdiction_folder(jurisdiction: &Jurisdiction) -> String {
    in_jurisdiction(jurisdiction, &[])
}

pub fn jurisdiction(jurisdiction: &Jurisdiction) -> String {
    in_jurisdiction(jurisdiction, &[PAGE_FILE])
}

pub fn plan_folder(jurisdiction: &Jurisdiction, plan: &Id) -> String {
    in_jurisdiction(jurisdiction, &["plans/", plan.as_str(), "/"])
}

pub fn plan(jurisdiction: &Jurisdiction, plan: &Id) -> String {
    in_jurisdiction(jurisdiction, &["plans/", plan.as_str(), "/", PAGE_FILE])
}

/// A target's own page, in its plan's folder.
pub fn target(jurisdiction: &Jurisdiction, plan: &Id, target: &Id) -> String {
    in_jurisdiction(
        jurisdiction,
        &[
            "plans/",
            plan.as_str(),
            "/targets/",
            target.as_str(),
            "/",
            PAGE_FILE,
        ],
    )
}

/// A task's own page, in its plan's folder.
pub fn task(jurisdiction: &Jurisdiction, plan: &Id, task: &Id) -> String {
    in_jurisdiction(
        jurisdiction,
        &[
            "plans/",
            plan.as_str(),
            "/tasks/",
            task.as_str(),
            "/",
            PAGE_FILE,
        ],
    )
}

/// An indicator's page: its definition, and every jurisdiction's figures of it.
pub fn indicator(indicator: &Id) -> String {
    format!("indicators/{indicator}/{PAGE_FILE}")
}

/// A page of an indicator's jurisdictions, numbered from 1: the first on its page.
pub fn indicator_part(indicator: &Id, number: usize) -> String {
    match number {
        1 => self::indicator(indicator),
        n => format!("indicators/{indicator}/page/{n}/{PAGE_FILE}"),
    }
}

pub fn update(jurisdiction: &Jurisdiction, update: &Id) -> String {
    in_jurisdiction(jurisdiction, &["updates/", update.as_str(), "/", PAGE_FILE])
}

/// A path in a jurisdiction's folder, written into a string of its length at once:
/// pages ask for these addresses by the hundred thousand.
fn in_jurisdiction(jurisdiction: &Jurisdiction, rest: &[&str]) -> String {
    let folders = &jurisdiction.folder;
    let length = folders
        .iter()
        .map(|id| id.as_str().len() + 1)
        .sum::<usize>()
        + rest.iter().map(|part| part.len()).sum::<usize>();
    let mut path = String::with_capacity(length);
    for id in folders {
        path.push_str(id.as_str());
        path.push('/');
    }
    for part in rest {
        path.push_str(part);
    }
    path
}

pub fn program(program: &Program) -> String {
    format!("programs/{}/{PAGE_FILE}", program.id)
}

pub fn deadlines() -> String {
    format!("deadlines/{PAGE_FILE}")
}

/// The site's updates, newest first: `updates/index.html`, then `updates/page/2/index.html`
/// and on.
pub fn updates(number: usize) -> String {
    match number {
        1 => format!("updates/{PAGE_FILE}"),
        n => format!("updates/page/{n}/{PAGE_FILE}"),
    }
}

/// The open-data page, which lists every table.
/// The search page of a language.
pub fn search() -> String {
    format!("search/{PAGE_FILE}")
}

/// The search's bundle, by its entry file.
pub fn search_bundle() -> String {
    format!("{SEARCH_FOLDER}{SEARCH_ENTRY_FILE}")
}

pub fn open_data() -> String {
    format!("{DATA_FOLDER}/{PAGE_FILE}")
}

pub fn not_found() -> String {
    "404.html".to_owned()
}

pub fn robots() -> String {
    "robots.txt".to_owned()
}

/// The sitemap, or the index of sitemaps when the site needs more than one.
pub fn sitemap() -> String {
    "sitemap.xml".to_owned()
}

/// One of a large site's sitemaps, numbered from 1.
pub fn sitemap_part(number: usize) -> String {
    format!("sitemaps/{number}.xml")
}

/// A target's embeddable card, in its plan's folder.
pub fn card(jurisdiction: &Jurisdiction, plan: &Id, target: &Id) -> String {
    in_jurisdiction(
        jurisdiction,
        &["plans/", plan.as_str(), "/", target.as_str(), ".svg"],
    )
}

/// The data beside a page.
pub fn page_data(page: &str) -> String {
    format!("{}{DATA_FILE}", folder_of(page))
}

/// The feed beside a page.
pub fn feed(page: &str) -> String {
    format!("{}{FEED_FILE}", folder_of(page))
}

pub fn calendar() -> String {
    CALENDAR_FILE.to_owned()
}

pub fn jurisdiction_calendar(jurisdiction: &Jurisdiction) -> String {
    format!("{}{CALENDAR_FILE}", jurisdiction_folder(jurisdiction))
}

/// A table's file name, the same in the open data's folder and in a jurisdiction's.
pub fn table_file(name: &str) -> String {
    format!("{name}.csv")
}

/// A bulk table: `data/targets.csv`.
pub fn table(name: &str) -> String {
    format!("{DATA_FOLDER}/{}", table_file(name))
}

/// A table's rows of one jurisdiction, in its folder: `provinces/lao-cai/targets.csv`.
pub fn jurisdiction_table(jurisdiction: &Jurisdiction, name: &str) -> String {
    format!("{}{}", jurisdiction_folder(jurisdiction), table_file(name))
}

/// The data package that describes the tables (Frictionless).
pub fn data_package() -> String {
    format!("{DATA_FOLDER}/datapackage.json")
}

pub fn schema() -> String {
    SCHEMA.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_beside_a_page_share_its_folder() {
        assert_eq!(
            folder_of("provinces/lao-cai/index.html"),
            "provinces/lao-cai/"
        );
        assert_eq!(folder_of("index.html"), "");
        assert_eq!(page_data("index.html"), "index.json");
        assert_eq!(
            feed("provinces/lao-cai/index.html"),
            "provinces/lao-cai/feed.xml"
        );
        assert_eq!(updates(1), "updates/index.html");
        assert_eq!(updates(3), "updates/page/3/index.html");
    }
}
