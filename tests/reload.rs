//! What `serve` will do on each edit: keep the site, replace what one file says, derive
//! again and render. The report shares the site's content rather than borrowing it, so it
//! outlives the `Site` it came from; and a reload may hand the writers partial content
//! (a plan whose jurisdiction was just removed), which they must leave out, never panic on.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

mod common;

use chrono::NaiveDate;
use common::{COVERAGE, PLAN, TestSite, UPDATE};
use tiendo::base::diagnostics::Diagnostic;
use tiendo::base::progress::Silent;
use tiendo::base::site_path::SitePath;
use tiendo::derive::{self, Report};
use tiendo::load::Item;
use tiendo::model::history::Past;
use tiendo::model::{Id, Site, WebUrl};
use tiendo::output::Sink;
use tiendo::site::changes::Changes;
use tiendo::site::outputs::Outputs;
use tiendo::write::html::Options;
use tiendo::write::html::theme::Theme;
use tiendo::{load, validate, write};

/// Files rendered into memory, by path.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Memory {
    fn write(&self, path: &SitePath, bytes: &[u8]) -> io::Result<()> {
        let mut files = self.0.lock().map_err(|_| io::Error::other("poisoned"))?;
        files.insert(path.as_str().to_owned(), bytes.to_vec());
        Ok(())
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("a day")
}

fn id(text: &str) -> Id {
    Id::parse(text).expect("an id")
}

/// The example site, loaded and valid, with the theme it is rendered with.
fn example() -> (Site, Theme) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut loaded = load::load(root);
    let errors = |diagnostics: &[Diagnostic]| diagnostics.iter().any(Diagnostic::is_error);
    assert!(!errors(&loaded.diagnostics));
    assert!(!errors(&validate::validate(&loaded.site)));
    let files = load::theme::read(root, load::theme::DEFAULT_THEME_NAME).expect("the theme");
    let theme = Theme::new(files, &loaded.site.config.languages, &mut loaded.sources)
        .expect("the theme is valid");
    (loaded.site, theme)
}

/// Every output of the report, rendered into memory.
fn render(report: &Report, theme: &Theme) -> BTreeMap<String, Vec<u8>> {
    let outputs = Outputs::plan(report, theme.static_sources()).expect("a plan without collisions");
    let options = Options {
        base_url: WebUrl::parse("https://example.org/").expect("an address"),
        minify: false,
    };
    let memory = Memory::default();
    write::render(report, &outputs, theme, &options, &memory, &Silent).expect("rendered");
    memory.0.into_inner().expect("not poisoned")
}

#[test]
fn a_report_outlives_its_site_and_a_reload_with_partial_content_renders() {
    let (site, theme) = example();
    let site = Arc::new(site);
    let before = derive::derive(site.clone(), as_of(), &Past::default());

    // A reload: a copy of the site (cheap, its files are shared) with what three edits
    // remove, and nothing validated: Hải Phòng's folder is gone but its plans and updates
    // are still there, as are targets of an indicator and plans of a program just removed.
    let mut edited = (*site).clone();
    drop(site);
    let hai_phong = id("hai-phong");
    assert!(edited.jurisdictions.remove(&hai_phong).is_some());
    assert!(edited.plans.iter().any(|p| p.jurisdiction == hai_phong));
    assert!(edited.indicators.remove(&id("coverage")).is_some());
    assert!(edited.programs.remove(&id("directive-52")).is_some());
    let after = derive::derive(Arc::new(edited), as_of(), &Past::default());

    // What names what the site no longer holds is left out of the new report...
    assert!(
        after
            .plans
            .iter()
            .all(|p| p.plan.jurisdiction != hai_phong && p.plan.program.as_str() != "directive-52")
    );
    assert!(
        after
            .updates
            .iter()
            .all(|u| u.update.jurisdiction != hai_phong)
    );
    assert!(
        after
            .plans
            .iter()
            .flat_map(|p| &p.targets)
            .all(|t| t.target.indicator.as_str() != "coverage")
    );
    assert!(
        after
            .series
            .keys()
            .all(|(j, i)| *j != hai_phong && i.as_str() != "coverage")
    );
    // ...while the report before the edit, whose site is dropped, still has it all.
    assert!(
        before
            .plans
            .iter()
            .any(|p| p.plan.jurisdiction == hai_phong)
    );

    let old_files = render(&before, &theme);
    let new_files = render(&after, &theme);
    assert!(old_files.keys().any(|path| path.contains("hai-phong")));
    assert!(
        !new_files.keys().any(|path| path.contains("hai-phong")),
        "no page of a jurisdiction that is gone"
    );
    assert!(new_files.contains_key("index.html"));
    assert!(new_files.len() < old_files.len());
}

/// The pages `serve` renders first after an edit, before it plans the whole site again:
/// those of the items edited, each with the files beside it, as the whole plan has them.
#[test]
fn the_pages_of_what_was_edited_are_planned_as_the_whole_site_plans_them() {
    let (site, theme) = example();
    let report = derive::derive(Arc::new(site.clone()), as_of(), &Past::default());
    let whole = Outputs::plan(&report, theme.static_sources()).expect("a plan");
    let in_whole: BTreeMap<&str, (&str, Option<&str>)> = whole
        .list
        .iter()
        .map(|o| (o.path.as_str(), (o.kind_name(), o.lang.map(|l| l.as_str()))))
        .collect();
    let update = &report.updates[0].update;
    let plan = &report.plans[0].plan;
    let edited = [
        Item::Update(update.jurisdiction.clone(), update.id.clone()),
        Item::Plan(plan.jurisdiction.clone(), plan.id.clone()),
        Item::Jurisdiction(id("lang-son")),
    ];
    let changes = Changes::of(&edited, &site, &site);
    let pages = Outputs::of_pages(&report.site, changes.edited_pages(&report)).expect("a plan");

    let kinds: BTreeSet<(&str, Option<&str>)> = pages
        .list
        .iter()
        .map(|o| (o.kind_name(), o.lang.map(|l| l.as_str())))
        .collect();
    for lang in &site.config.languages {
        let lang = Some(lang.as_str());
        for kind in [
            "update",
            "plan",
            "card",
            "page-data",
            "jurisdiction",
            "feed",
        ] {
            assert!(
                kinds.contains(&(kind, lang)),
                "{kind} in {lang:?}: {kinds:?}"
            );
        }
    }
    for output in &pages.list {
        let planned = (output.kind_name(), output.lang.map(|l| l.as_str()));
        assert_eq!(
            in_whole.get(output.path.as_str()),
            Some(&planned),
            "{} as the whole plan has it",
            output.path
        );
    }
    // Nothing else: the lists that name these items come with the whole plan.
    assert!(
        pages
            .list
            .iter()
            .all(|o| !matches!(o.kind_name(), "home" | "updates"))
    );

    // Everything changed, or a branch's worth of files: no page is the one looked at.
    assert!(Changes::everything().edited_pages(&report).is_empty());
    let jurisdictions = site
        .jurisdictions
        .keys()
        .map(|id| Item::Jurisdiction(id.clone()));
    let plans = (site.plans.iter()).map(|p| Item::Plan(p.jurisdiction.clone(), p.id.clone()));
    let many: Vec<Item> = jurisdictions.chain(plans).take(9).collect();
    assert_eq!(
        many.len(),
        9,
        "the example site has nine jurisdictions and plans"
    );
    assert!(
        Changes::of(&many, &site, &site)
            .edited_pages(&report)
            .is_empty()
    );
}

/// `serve` checks again only the plans and updates that changed, against what it checked
/// them against before: after each edit, what it finds must be what a check of the whole
/// site finds, in the same order.
#[test]
fn checking_again_after_each_edit_finds_what_checking_the_whole_site_finds() {
    let site = TestSite::new();
    site.write(
        "content/provinces/lao-cai/plans/16-kh-tu.md",
        &PLAN.replace("15-KH/TU", "16-KH/TU"),
    )
    .write(
        "content/provinces/lao-cai/updates/2025-12-28.md",
        &UPDATE.replace("2025-11-28", "2025-12-28"),
    );
    const NEW_UPDATE: &str = "content/provinces/lao-cai/updates/2025-12-28.md";
    const NEW_PLAN: &str = "content/provinces/lao-cai/plans/16-kh-tu.md";
    type Edit = Box<dyn Fn(&TestSite)>;
    let edits: Vec<(&str, Edit)> = vec![
        ("nothing", Box::new(|_| {})),
        (
            "a figure out of range",
            Box::new(|s| {
                s.edit(NEW_UPDATE, "value: 89.18", "value: 189.18");
            }),
        ),
        (
            "a title in a language site.yaml does not declare",
            Box::new(|s| {
                s.edit(
                    NEW_UPDATE,
                    "title: Bao phủ bảo hiểm y tế",
                    "title:\n  vi: Bao phủ\n  de: Abdeckung",
                );
            }),
        ),
        (
            "a task done on a day but not done",
            Box::new(|s| {
                s.edit(
                    NEW_PLAN,
                    "    status: in_progress",
                    "    status: in_progress\n    done_on: 2025-11-19",
                );
            }),
        ),
        (
            "the indicator every figure and target names, removed",
            Box::new(|s| {
                s.remove("content/indicators/coverage.yaml");
            }),
        ),
        (
            "the indicator back",
            Box::new(|s| {
                s.write("content/indicators/coverage.yaml", COVERAGE);
            }),
        ),
        (
            "a language declared",
            Box::new(|s| {
                s.edit(
                    "site.yaml",
                    "languages: [vi, en]",
                    "languages: [vi, en, de]",
                );
            }),
        ),
        (
            "a language declared twice",
            Box::new(|s| {
                s.edit(
                    "site.yaml",
                    "languages: [vi, en, de]",
                    "languages: [vi, en, en, de]",
                );
            }),
        ),
        (
            "the errors fixed",
            Box::new(|s| {
                s.edit(NEW_UPDATE, "value: 189.18", "value: 89.18");
                s.edit(NEW_PLAN, "\n    done_on: 2025-11-19", "");
            }),
        ),
    ];
    let mut cache = load::Cache::default();
    let mut memo = validate::Memo::default();
    let mut found_any = 0;
    for (what, edit) in &edits {
        edit(&site);
        cache.changed(site.path());
        let loaded = cache.load(site.path());
        let again = validate::validate_again(&loaded.site, &mut memo);
        let whole = validate::validate(&loaded.site);
        assert_eq!(again, whole, "after {what}");
        found_any += whole.len();
    }
    assert!(found_any >= 6, "the edits make problems to find");
}
