//! The plan of every output: `tiendo build --list` names every file a build writes, and
//! two outputs claiming one path are an error naming both, before anything is written.

mod common;

use std::collections::BTreeSet;

use common::{PLAN, TestSite, tree};

/// The plan's lines, as (path, kind, language, inputs).
fn listing(site: &TestSite) -> Vec<(String, String, String, String)> {
    let output = site
        .tiendo(&["build", "--list"])
        .output()
        .expect("tiendo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!site.output().exists(), "--list writes nothing");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "{line}");
            (
                fields[0].to_owned(),
                fields[1].to_owned(),
                fields[2].to_owned(),
                fields[3].to_owned(),
            )
        })
        .collect()
}

/// The error `tiendo build` printed, after checking that it wrote nothing: the site
/// built before it is still there, byte for byte.
fn refused_build(site: &TestSite) -> String {
    let before = tree(&site.output());
    assert!(!before.is_empty(), "a site was built before");
    let output = site.tiendo(&["build"]).output().expect("tiendo runs");
    assert_eq!(output.status.code(), Some(1), "the build must fail");
    assert_eq!(
        tree(&site.output()),
        before,
        "the previous site is untouched"
    );
    String::from_utf8(output.stderr).expect("UTF-8")
}

#[test]
fn the_list_names_every_file_the_build_writes() {
    let site = TestSite::new();
    site.write("static/images/logo.svg", "<svg/>");
    let planned = listing(&site);
    site.build().success();
    let built: BTreeSet<String> = tree(&site.output()).into_keys().collect();
    let listed: BTreeSet<String> = planned.iter().map(|(path, ..)| path.clone()).collect();
    // The search's folder is planned as its entry file: the files it names beside it are
    // named by their content, known only once they are made.
    let (search, built): (BTreeSet<String>, BTreeSet<String>) = built
        .into_iter()
        .partition(|path| path.starts_with("pagefind/") && path != "pagefind/pagefind-entry.json");
    assert!(search.contains("pagefind/pagefind.js"), "{search:?}");
    assert!(
        search
            .iter()
            .any(|path| path.starts_with("pagefind/fragment/en_"))
    );
    assert_eq!(listed, built);
    assert_eq!(listed.len(), planned.len(), "each path is planned once");
    let kind_of = |path: &str| {
        planned
            .iter()
            .find(|(p, ..)| p == path)
            .unwrap_or_else(|| panic!("{path} is planned"))
    };
    let (_, kind, lang, inputs) = kind_of("en/provinces/lao-cai/plans/15-kh-tu/index.html");
    assert_eq!((kind.as_str(), lang.as_str()), ("plan", "en"));
    for key in [
        "site",
        "theme",
        "plan:lao-cai/15-kh-tu",
        "jurisdiction:lao-cai",
        "program:directive-52",
        "indicator:coverage",
        "series:lao-cai/coverage",
    ] {
        assert!(inputs.split(' ').any(|k| k == key), "{key} in {inputs}");
    }
    let (_, kind, _, inputs) = kind_of("provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg");
    assert_eq!(kind, "card");
    assert!(inputs.contains("series:lao-cai/coverage"), "{inputs}");
    let (_, kind, lang, inputs) = kind_of("provinces/lao-cai/updates/2025-11-28/index.html");
    assert_eq!((kind.as_str(), lang.as_str()), ("update", "vi"));
    assert!(inputs.contains("update:lao-cai/2025-11-28"), "{inputs}");
    let (_, kind, lang, _) = kind_of("data/targets.csv");
    assert_eq!((kind.as_str(), lang.as_str()), ("table", "-"));
    assert_eq!(
        kind_of("provinces/lao-cai/tasks.csv").1,
        "jurisdiction-table"
    );
    assert_eq!(kind_of("provinces/lao-cai/deadlines.ics").1, "calendar");
    let (_, kind, _, inputs) = kind_of("images/logo.svg");
    assert_eq!(
        (kind.as_str(), inputs.as_str()),
        ("static", "file:static/images/logo.svg")
    );
    assert_eq!(
        kind_of("schema/page.json").3,
        "",
        "the schema is tiendo's own"
    );
    // Every kind of output a site has.
    let kinds: BTreeSet<&str> = planned.iter().map(|(_, kind, ..)| kind.as_str()).collect();
    for kind in [
        "home",
        "program",
        "jurisdiction",
        "plan",
        "update",
        "deadlines",
        "updates",
        "open-data",
        "not-found",
        "robots",
        "sitemap",
        "page-data",
        "feed",
        "card",
        "calendar",
        "table",
        "jurisdiction-table",
        "data-package",
        "schema",
        "static",
    ] {
        assert!(kinds.contains(kind), "{kind} is planned: {kinds:?}");
    }
}

/// Content cannot take a folder of the site's own pages, because loading refuses the
/// names on one list: every folder the site's own outputs use must be on it.
#[test]
fn every_folder_of_the_site_s_own_pages_is_kept_from_content() {
    let site = TestSite::new();
    let jurisdictions = ["viet-nam", "provinces"];
    for (path, kind, ..) in listing(&site) {
        let path = path.strip_prefix("en/").unwrap_or(&path);
        let Some((top, _)) = path.split_once('/') else {
            continue;
        };
        assert!(
            jurisdictions.contains(&top) || tiendo::load::RESERVED_FOLDERS.contains(&top),
            "`{path}` ({kind}) is in `{top}/`, which content could take: add it to RESERVED_FOLDERS"
        );
    }
}

#[test]
fn a_static_file_in_the_place_of_a_page_names_the_page_and_its_file() {
    let site = TestSite::new();
    site.build().success();
    site.write("static/provinces/lao-cai/index.html", "<p>mine</p>");
    let errors = refused_build(&site);
    assert!(
        errors.contains(
            "the static file `provinces/lao-cai/index.html` would replace a file tiendo writes: the page of the jurisdiction `lao-cai` in `vi`"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("static/provinces/lao-cai/index.html"),
        "{errors}"
    );
    // The other cause, with its line and column.
    assert!(
        errors.contains("content/provinces/lao-cai/_index.yaml:1:1"),
        "{errors}"
    );
    assert!(errors.contains("comes from here"), "{errors}");
    assert!(errors.contains("Failed: 1 error"), "{errors}");
}

#[test]
fn a_static_file_where_the_site_needs_a_folder_is_refused() {
    let site = TestSite::new();
    site.build().success();
    site.write("static/provinces", "not a folder");
    let errors = refused_build(&site);
    assert!(
        errors.contains("`provinces` is the static file `static/provinces`, but"),
        "{errors}"
    );
    assert!(
        errors.contains("is written inside a folder of that name"),
        "{errors}"
    );
}

#[test]
fn a_static_file_in_a_language_s_folder_is_refused() {
    let site = TestSite::new();
    site.build().success();
    site.write("static/en/index.html", "<p>mine</p>");
    let errors = refused_build(&site);
    assert!(
        errors.contains(
            "the static file `en/index.html` would replace a file tiendo writes: the home page in `en`"
        ),
        "{errors}"
    );
}

#[test]
fn a_jurisdiction_whose_page_a_static_file_takes_is_named_with_its_line() {
    let site = TestSite::new();
    site.write("static/images/index.html", "<p>a gallery</p>");
    site.build().success();
    site.write(
        "content/images/_index.yaml",
        "name: Images\nlevel: province\nparent: viet-nam\n",
    );
    let errors = refused_build(&site);
    assert!(
        errors.contains(
            "the static file `images/index.html` would replace a file tiendo writes: the page of the jurisdiction `images` in `vi`"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("content/images/_index.yaml:1:1"),
        "{errors}"
    );
    // One mistake, one error, though its page is planned in every language.
    assert!(errors.contains("Failed: 1 error"), "{errors}");
}

#[test]
fn a_jurisdiction_in_the_sitemaps_folder_is_refused_by_name() {
    // A small site has no `sitemaps/`, but a large one has: the name is kept always.
    let site = TestSite::new();
    site.build().success();
    site.write(
        "content/sitemaps/_index.yaml",
        "name: Maps\nlevel: province\nparent: viet-nam\n",
    );
    let errors = refused_build(&site);
    assert!(errors.contains("`sitemaps`"), "{errors}");
    assert!(errors.contains("content/sitemaps/_index.yaml"), "{errors}");
}

#[test]
fn a_jurisdiction_in_a_language_s_or_the_open_data_s_folder_is_refused() {
    for (folder, message) in [
        (
            "content/en/_index.yaml",
            "the folder `content/en` takes the address `/en/`, where the site's pages in `en` are",
        ),
        (
            "content/data/_index.yaml",
            "`content/data/_index.yaml` is in a folder whose name tiendo keeps for itself",
        ),
    ] {
        let site = TestSite::new();
        site.build().success();
        site.write(folder, "name: X\nlevel: province\nparent: viet-nam\n");
        let plan = folder.replace("_index.yaml", "plans/p.md");
        site.write(&plan, PLAN);
        let errors = refused_build(&site);
        assert!(errors.contains(message), "{folder}: {errors}");
        assert!(errors.contains("Failed: 1 error"), "{folder}: {errors}");
    }
}
