//! `tiendo check` and bad input: every mistake a user can make gets a clear message with
//! file, line and column; all are reported at once; nothing is written; nothing panics.

mod common;

use std::fs;

use common::{COVERAGE, PLAN, SITE_YAML, TestSite};
use predicates::str::contains;

#[test]
fn a_valid_site_passes_and_check_writes_nothing() {
    let site = TestSite::new();
    site.check()
        .success()
        .stderr(contains("31 pages would be built"));
    assert!(!site.output().exists(), "check must not write the site");
}

#[test]
fn every_error_in_the_tree_is_reported_at_once() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "program: directive-52",
        "program: directive-25",
    )
    .edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "    deadline: 2025-11\n",
        "    deadlin: 2025-11\n",
    )
    .edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "    deadline: 2025-12\n",
        "    deadline: 2025-02-30\n",
    )
    .edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "    value: 95\n",
        "    value: 195\n",
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "indicator: coverage",
        "indicator: coverag",
    )
    .edit(
        "content/provinces/lao-cai/_index.yaml",
        "parent: viet-nam",
        "parent: vietnam",
    )
    .edit(
        "content/indicators/coverage.yaml",
        "direction: up",
        "direction: upward",
    );
    let errors = site.check_errors();
    insta::assert_snapshot!(errors);
}

#[test]
fn malformed_yaml_points_at_the_break() {
    let site = TestSite::new();
    site.write(
        "content/viet-nam/_index.yaml",
        "name: Việt Nam\nlevel: [country\n",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("content/viet-nam/_index.yaml:2:"),
        "{errors}"
    );
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "value: 89.18",
        "value: 89,18",
    );
    let errors = site.check_errors();
    assert!(errors.contains("`89,18` is not a number"), "{errors}");
    assert!(errors.contains("updates/2025-11-28.md:9:12"), "{errors}");
    assert!(errors.contains("with a dot for decimals"), "{errors}");
}

#[test]
fn an_unknown_field_suggests_the_closest_known_one() {
    let site = TestSite::new();
    site.edit(
        "content/programs/directive-52.yaml",
        "issued_by:",
        "isued_by:",
    );
    let errors = site.check_errors();
    assert!(errors.contains("unknown field `isued_by`"), "{errors}");
    assert!(errors.contains("did you mean `issued_by`?"), "{errors}");
    assert!(
        errors.contains("content/programs/directive-52.yaml:5:1"),
        "{errors}"
    );
}

#[test]
fn a_bad_date_shows_the_accepted_forms() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "deadline: 2026",
        "deadline: 31/12/2026",
    );
    let errors = site.check_errors();
    assert!(errors.contains("`31/12/2026` is not a date"), "{errors}");
    assert!(
        errors.contains("write a day as 2025-11-28, a month as 2025-11 or a year as 2026"),
        "{errors}"
    );
}

#[test]
fn an_unknown_reference_lists_the_known_ids() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "indicator: coverage",
        "indicator: insured",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("there is no indicator with the id `insured`"),
        "{errors}"
    );
    assert!(
        errors.contains("the known indicators are: `coverage`"),
        "{errors}"
    );
}

#[test]
fn duplicate_ids_name_both_places() {
    let site = TestSite::new();
    site.write(
        "content/provinces-old/lao-cai/_index.yaml",
        "name: Lào Cai (cũ)\nlevel: province\n",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("two jurisdictions have the id `lao-cai`"),
        "{errors}"
    );
    assert!(
        errors.contains("content/provinces/lao-cai/_index.yaml"),
        "{errors}"
    );
    assert!(
        errors.contains("content/provinces-old/lao-cai/_index.yaml"),
        "{errors}"
    );

    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "id: integrate-targets",
        "id: dissemination",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("two tasks of this plan have the id `dissemination`"),
        "{errors}"
    );
    assert!(errors.contains("the first one is here"), "{errors}");
    assert!(
        errors.contains("15-kh-tu.md:17:9"),
        "the first one's line: {errors}"
    );
    assert!(
        errors.contains("15-kh-tu.md:21:9"),
        "the second one's line: {errors}"
    );
}

#[test]
fn two_jurisdictions_may_report_on_the_same_day_and_number_plans_alike() {
    let site = TestSite::new();
    site.write(
        "content/provinces/hai-phong/_index.yaml",
        "name: Hải Phòng\nlevel: province\nparent: viet-nam\n",
    )
    .write("content/provinces/hai-phong/plans/15-kh-tu.md", PLAN)
    .write(
        "content/provinces/hai-phong/updates/2025-11-28.md",
        common::UPDATE,
    );
    site.build().success();
    assert!(
        site.output()
            .join("provinces/hai-phong/updates/2025-11-28/index.html")
            .is_file()
    );
    assert!(
        site.output()
            .join("provinces/lao-cai/updates/2025-11-28/index.html")
            .is_file()
    );
    assert!(
        site.output()
            .join("provinces/hai-phong/plans/15-kh-tu/index.html")
            .is_file()
    );
}

#[test]
fn a_percentage_above_100_and_a_deadline_before_the_plan_are_flagged() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "value: 89.18",
        "value: 891.8",
    )
    .edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "deadline: 2025-11",
        "deadline: 2024-11",
    );
    let errors = site.check_errors();
    assert!(errors.contains("891.8 is not a percentage"), "{errors}");
    assert!(
        errors.contains("the deadline 2024-11 is before the plan was issued (2025-11-17)"),
        "{errors}"
    );
}

#[test]
fn missing_site_files_say_where_to_look() {
    let site = TestSite::new();
    site.remove("site.yaml");
    assert!(site.check_errors().contains("there is no `site.yaml`"));
    let site = TestSite::new();
    site.remove("content");
    assert!(site.check_errors().contains("there is no `content` folder"));
    let site = TestSite::new();
    site.write("content/viet-nam/_index.yaml", "");
    let errors = site.check_errors();
    assert!(errors.contains("missing field `name`"), "{errors}");
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_position() {
    let site = TestSite::new();
    site.write_bytes(
        "content/viet-nam/_index.yaml",
        b"name: Vi\xeat Nam\nlevel: country\n",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("is not UTF-8 text: the first bad byte is on line 1, column 9"),
        "{errors}"
    );
}

#[test]
fn a_folder_named_like_a_file_is_refused() {
    let site = TestSite::new();
    fs::create_dir_all(
        site.path()
            .join("content/provinces/lao-cai/plans/16-kh-tu.md"),
    )
    .unwrap();
    let errors = site.check_errors();
    assert!(
        errors.contains("`content/provinces/lao-cai/plans/16-kh-tu.md` is a folder"),
        "{errors}"
    );
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let site = TestSite::new();
    let path = site
        .path()
        .join("content/provinces/lao-cai/updates/2025-12-01.md");
    let file = fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let errors = site.check_errors();
    assert!(
        errors.contains("is 50.0 MB, larger than the 8 MB a content file may be"),
        "{errors}"
    );
}

#[test]
fn ids_that_could_escape_the_output_folder_are_refused() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "id: dissemination",
        "id: ../../etc",
    )
    .edit(
        "content/provinces/lao-cai/_index.yaml",
        "parent: viet-nam",
        "parent: ../viet-nam",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("`../../etc` contains `.`, which an id cannot hold"),
        "{errors}"
    );
    assert!(errors.contains("`../viet-nam` contains `.`"), "{errors}");
    let site = TestSite::new();
    site.write(
        "content/provinces/Lạng Sơn/_index.yaml",
        "name: Lạng Sơn\nlevel: province\n",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("the folder `content/provinces/Lạng Sơn` cannot be used in a web address"),
        "{errors}"
    );
    assert!(
        errors.contains("here, `lang-son`"),
        "the transliterated id is suggested: {errors}"
    );
}

#[test]
fn a_markdown_file_without_front_matter_is_explained() {
    let site = TestSite::new();
    site.write(
        "content/provinces/lao-cai/updates/2025-12-01.md",
        "Just text\n",
    );
    let errors = site.check_errors();
    assert!(errors.contains("has no front matter"), "{errors}");
    assert!(
        errors.contains("start the file with a line `---`"),
        "{errors}"
    );
}

#[test]
fn a_text_without_the_default_language_or_in_an_undeclared_one_is_flagged() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/_index.yaml",
        "  vi: Lào Cai\n",
        "  fr: Lao Cai\n",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("a text is written in `fr`, which is not one of the site's languages"),
        "{errors}"
    );
    assert!(errors.contains("this text has no `vi` version"), "{errors}");
}

#[test]
fn stray_files_are_warnings_not_errors() {
    let site = TestSite::new();
    site.write("content/notes.txt", "todo");
    site.check().success().stderr(contains(
        "warning: `content/notes.txt` is not part of the content and was ignored",
    ));
}

#[test]
fn a_broken_site_yaml_does_not_hide_the_other_errors() {
    let site = TestSite::new();
    site.edit("site.yaml", "default_language: vi", "default_languag: vi")
        .edit(
            "content/provinces/lao-cai/plans/15-kh-tu.md",
            "program: directive-52",
            "program: directive-99",
        );
    let errors = site.check_errors();
    assert!(
        errors.contains("unknown field `default_languag`"),
        "{errors}"
    );
    assert!(
        errors.contains("there is no program with the id `directive-99`"),
        "{errors}"
    );
}

#[test]
fn a_wrong_default_language_is_reported_once() {
    let site = TestSite::new();
    site.edit("site.yaml", "default_language: vi", "default_language: de");
    let errors = site.check_errors();
    assert_eq!(errors.matches("error:").count(), 1, "{errors}");
    assert!(
        errors.contains("the default language `de` is not one of the site's languages"),
        "{errors}"
    );
}

#[test]
fn a_target_against_its_indicators_direction_is_a_warning() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "comparator: above",
        "comparator: below",
    );
    site.check().success().stderr(contains(
        "warning: this target asks `coverage` to go down, but for this indicator more is better",
    ));
}

#[test]
fn a_bad_required_value_does_not_hide_the_rest_of_its_file() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "date: 2025-11-28",
        "date: 28/11/2025",
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "value: 89.18",
        "value: 89,18",
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "title: Bao phủ",
        "titel: Bao phủ",
    );
    let errors = site.check_errors();
    assert!(errors.contains("`28/11/2025` is not a date"), "{errors}");
    assert!(errors.contains("`89,18` is not a number"), "{errors}");
    assert!(errors.contains("unknown field `titel`"), "{errors}");
    assert!(
        !errors.contains("missing field"),
        "nothing is missing twice: {errors}"
    );
    assert!(errors.contains("Failed: 3 errors"), "{errors}");
}

#[test]
fn a_field_indented_too_far_is_explained_at_the_key() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/_index.yaml",
        "level: province",
        "  level: province",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("`level` is not a language code"),
        "{errors}"
    );
    assert!(errors.contains("_index.yaml:4:3"), "at the key: {errors}");
    assert!(errors.contains("it is indented too far"), "{errors}");
    assert!(
        !errors.contains("missing field"),
        "one mistake, one error: {errors}"
    );
}

#[test]
fn missing_translations_are_summed_up_not_errors() {
    let site = TestSite::new();
    // The fixture writes several texts in Vietnamese only.
    site.check()
        .success()
        .stderr(contains("texts, some are not translated: en "));
}

#[test]
fn translated_bodies_must_match_a_file_and_a_declared_language() {
    let site = TestSite::new();
    let plans = "content/provinces/lao-cai/plans";
    site.write(&format!("{plans}/15-kh-tu.de.md"), "Der Plan.\n")
        .write(&format!("{plans}/15-kh-tu.vi.md"), "Kế hoạch.\n")
        .write(&format!("{plans}/16-kh-tu.en.md"), "A plan.\n")
        .write(
            &format!("{plans}/15-kh-tu.en.md"),
            "---\ntitle: Plan\n---\nThe plan.\n",
        )
        .write(&format!("{plans}/15-kh-tu.english.md"), "The plan.\n");
    let errors = site.check_errors();
    for expected in [
        "a text is written in `de`, which is not one of the site's languages",
        "--> content/provinces/lao-cai/plans/15-kh-tu.de.md",
        "add `de` to `languages` in site.yaml (it declares `vi`, `en`)",
        "`content/provinces/lao-cai/plans/15-kh-tu.vi.md` is in `vi`, the site's default language",
        "`content/provinces/lao-cai/plans/16-kh-tu.en.md` translates the plan `16-kh-tu.md`, which is not in this folder",
        "`content/provinces/lao-cai/plans/15-kh-tu.en.md` has front matter; a translation holds only the text",
        "the name of `content/provinces/lao-cai/plans/15-kh-tu.english.md` cannot be read",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in:\n{errors}"
        );
    }
    assert!(errors.contains("Failed: 5 errors"), "{errors}");
}

#[test]
fn a_translated_body_counts_as_a_translated_text() {
    let site = TestSite::new();
    let before = site.tiendo(&["check"]).output().unwrap();
    site.write(
        "content/provinces/lao-cai/plans/15-kh-tu.en.md",
        "The plan.\n",
    );
    let after = site.tiendo(&["check"]).output().unwrap();
    let count = |output: &std::process::Output| {
        let text = String::from_utf8_lossy(&output.stderr).into_owned();
        let (_, rest) = text.split_once("not translated: en ").expect(&text);
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(count(&before), count(&after) + 1);
}

#[test]
fn an_update_gives_one_figure_per_indicator_and_date() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "  - indicator: coverage\n    value: 89.18\n",
        "  - indicator: coverage\n    value: 89.18\n  - indicator: coverage\n    value: 89.2\n",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("this update already gives `coverage` for 2025-11-28"),
        "{errors}"
    );
    assert!(errors.contains("2025-11-28.md:10:16"), "{errors}");
}

#[test]
fn predecessors_in_a_circle_are_refused_once() {
    let site = TestSite::new();
    site.write(
        "content/provinces/lao-cai-old/_index.yaml",
        "name: Lào Cai (cũ)\nlevel: province\nparent: viet-nam\npredecessors: [lao-cai]\n",
    )
    .edit(
        "content/provinces/lao-cai/_index.yaml",
        "parent: viet-nam",
        "parent: viet-nam\npredecessors: [lao-cai-old, lao-cai-old]",
    );
    let errors = site.check_errors();
    assert_eq!(
        errors.matches("go round in a circle").count(),
        1,
        "{errors}"
    );
    assert!(
        errors.contains("`lao-cai` was formed from `lao-cai-old`, which was formed from `lao-cai`"),
        "{errors}"
    );
    assert!(errors.contains("`lao-cai-old` is listed twice"), "{errors}");
}

#[test]
fn a_level_that_contradicts_the_folders_is_refused() {
    let site = TestSite::new();
    site.write(
        "content/provinces/lao-cai/communes/sa-pa/_index.yaml",
        "name: Sa Pa\nlevel: commune\n",
    )
    .write(
        "content/provinces/lao-cai/communes/sa-pa/towns/x/_index.yaml",
        "name: X\nlevel: province\n",
    );
    let errors = site.check_errors();
    assert!(
        errors.contains("this is a province, but its folder is inside that of `sa-pa`, a commune"),
        "{errors}"
    );
    assert!(errors.contains("towns/x/_index.yaml:2:8"), "{errors}");
}

#[test]
fn a_jurisdiction_cannot_take_an_address_of_the_sites_own() {
    let site = TestSite::new();
    site.write(
        "content/en/_index.yaml",
        "name: English\nlevel: province\nparent: viet-nam\n",
    )
    .write(
        "content/data/x/_index.yaml",
        "name: X\nlevel: province\nparent: viet-nam\n",
    )
    .write("content/data/x/plans/p.md", PLAN);
    let errors = site.check_errors();
    assert!(
        errors.contains(
            "the folder `content/en` takes the address `/en/`, where the site's pages in `en` are"
        ),
        "{errors}"
    );
    assert!(
        errors.contains(
            "`content/data/x/_index.yaml` is in a folder whose name tiendo keeps for itself"
        ),
        "{errors}"
    );
    // One mistake, one error: nothing follows from the refused folder.
    assert!(errors.contains("Failed: 2 errors"), "{errors}");
    site.build().failure();
    assert!(!site.output().exists(), "nothing was written");
}

#[test]
fn a_bad_site_yaml_field_is_reported_first_and_alone() {
    // The example site: translations everywhere, which a site.yaml that cannot be read
    // used to report one by one as strays.
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = TestSite::empty();
    for entry in walkdir::WalkDir::new(example.join("content")) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(example).unwrap();
        if entry.file_type().is_file() {
            site.write_bytes(
                relative.to_str().unwrap(),
                &std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    let yaml = std::fs::read_to_string(example.join("site.yaml")).unwrap();
    let line = yaml
        .lines()
        .find(|l| l.starts_with("due_soon_days:"))
        .unwrap();
    site.write("site.yaml", &yaml.replace(line, "due_soon_days: 3.5"));
    let errors = site.check_errors();
    assert!(
        errors.starts_with("error: `3.5` is not a whole number"),
        "{errors}"
    );
    assert!(errors.contains("Failed: 1 error"), "{errors}");
}

#[test]
fn counts_and_settings_out_of_range_say_what_is_expected() {
    let cases = [
        (
            "due_soon_days: 99999",
            "99999 is more than 365",
            "from 0 to 365",
        ),
        ("due_soon_days: -1", "-1 is negative", "from 0 to 365"),
        (
            "due_soon_days: 4294967296",
            "4294967296 is more than 365",
            "from 0 to 365",
        ),
        (
            "due_soon_days: \"30\"",
            "`30` is written as text",
            "without quotes",
        ),
    ];
    for (line, message, help) in cases {
        let site = TestSite::new();
        site.write("site.yaml", &format!("{SITE_YAML}{line}\n"));
        let errors = site.check_errors();
        assert!(errors.contains(message), "{line}: {errors}");
        assert!(errors.contains(help), "{line}: {errors}");
        assert!(errors.contains("site.yaml:7:16"), "{line}: {errors}");
    }
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "measurements:",
        "summaries:\n  - label: Nhiệm vụ\n    done: 0\n    total: 0\nmeasurements:",
    );
    assert!(
        site.check_errors()
            .contains("a count of none: `total` is 0")
    );
}

#[test]
fn a_number_or_nothing_where_text_is_expected_says_how_to_write_it() {
    let cases = [
        (
            "number: 15-KH/TU",
            "number: 15",
            "`15` is read as a number or a yes/no, but text is expected here",
            "\"15\"",
        ),
        (
            "number: 15-KH/TU",
            "number: 1.10",
            "`1.1` is read as a number",
            "put it in quotes",
        ),
        (
            "number: 15-KH/TU",
            "number: true",
            "`true` is read as a number or a yes/no",
            "\"true\"",
        ),
        (
            "issued_by: Ban Thường vụ Tỉnh ủy",
            "issued_by: ~",
            "there is no text here",
            "write the text",
        ),
    ];
    for (from, to, message, help) in cases {
        let site = TestSite::new();
        site.edit("content/provinces/lao-cai/plans/15-kh-tu.md", from, to);
        let errors = site.check_errors();
        assert!(errors.contains(message), "{to}: {errors}");
        assert!(errors.contains(help), "{to}: {errors}");
        assert!(errors.contains("15-kh-tu.md:"), "{to}: {errors}");
    }
}

#[test]
fn files_with_any_line_endings_are_read_alike() {
    for ending in ["\r\n", "\r"] {
        let site = TestSite::new();
        site.write(
            "content/provinces/lao-cai/plans/15-kh-tu.md",
            &PLAN.replace('\n', ending),
        )
        .write(
            "content/indicators/coverage.yaml",
            &COVERAGE.replace('\n', ending),
        );
        site.check().success();
        site.build().success();
        let page = site.page("provinces/lao-cai/plans/15-kh-tu/index.html");
        assert!(page.contains("<strong>kế hoạch</strong>"), "{ending:?}");
        assert!(!page.contains('\r'), "{ending:?}");
    }
    // Positions are counted in lines as an editor shows them.
    let site = TestSite::new();
    site.write(
        "content/indicators/coverage.yaml",
        &COVERAGE
            .replace('\n', "\r")
            .replace("unit: percent", "unit: percnt"),
    );
    assert!(site.check_errors().contains("coverage.yaml:4:7"));
}

#[test]
fn numbers_of_every_size_and_form_get_a_message_of_their_own() {
    let cases = [
        (
            "content/provinces/lao-cai/updates/2025-11-28.md",
            "value: 89.18",
            "value: 99999999999999999999",
            "`99999999999999999999` is too large a number for any field",
        ),
        (
            "content/provinces/lao-cai/updates/2025-11-28.md",
            "value: 89.18",
            "value: 1e400",
            "`1e400` is larger than a figure may be",
        ),
        (
            "content/provinces/lao-cai/updates/2025-11-28.md",
            "value: 89.18",
            "value: 1000000000000001",
            "1000000000000001 is larger than a figure may be",
        ),
        (
            "content/indicators/coverage.yaml",
            "decimals: 2",
            "decimals: 1e3",
            "`1000` is written with a decimal point or an exponent",
        ),
        (
            "content/indicators/coverage.yaml",
            "decimals: 2",
            "decimals: 7",
            "7 is more than 6",
        ),
        (
            "site.yaml",
            "default_language: vi",
            "default_language: vi\ndue_soon_days: 18446744073709551616",
            "too large a number for any field",
        ),
        (
            "site.yaml",
            "default_language: vi",
            "default_language: vi\ndue_soon_days: 4294967296",
            "from 0 to 365",
        ),
    ];
    for (file, from, to, message) in cases {
        let site = TestSite::new();
        site.edit(file, from, to);
        let errors = site.check_errors();
        assert!(errors.contains(message), "{to}: {errors}");
        assert!(errors.contains("Failed: 1 error"), "{to}: {errors}");
    }
}

#[test]
fn a_misspelt_language_in_site_yaml_is_one_error_there() {
    let site = TestSite::new();
    site.edit("site.yaml", "languages: [vi, en]", "languages: [vi, eng]");
    let errors = site.check_errors();
    assert!(errors.starts_with("error: 5 texts are written in `en`, which is not one of the site's languages\n --> site.yaml:5:12"), "{errors}");
    assert!(
        errors.contains("site.yaml declares `eng`, which looks like a misspelling of `en`"),
        "{errors}"
    );
    assert!(errors.contains("Failed: 1 error"), "{errors}");
    assert!(!errors.contains("not translated"), "{errors}");
}

#[test]
fn check_prints_github_annotations_and_json_lines_on_stdout() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "program: directive-52",
        "program: directive-25",
    );
    let run = |format: &str| {
        let output = site
            .tiendo(&["check", "--quiet", "--format", format])
            .output()
            .expect("tiendo runs");
        assert_eq!(output.status.code(), Some(1), "the site has an error");
        String::from_utf8(output.stdout).expect("UTF-8 output")
    };

    let github = run("github");
    let line = github.lines().next().expect("one annotation");
    assert!(
        line.starts_with(
            "::error file=content/provinces/lao-cai/plans/15-kh-tu.md,line=6,col=10,endLine=6,endColumn=22,title=tiendo check::there is no program with the id `directive-25`%0A"
        ),
        "{github}"
    );
    assert!(
        line.contains("%0Ahelp: did you mean `directive-52`?"),
        "{line}"
    );
    assert_eq!(github.lines().count(), 1, "{github}");

    let json = run("json");
    let records: Vec<serde_json::Value> = json
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect();
    assert_eq!(records.len(), 1, "{json}");
    let record = &records[0];
    assert_eq!(record["severity"], "error");
    assert_eq!(
        record["file"],
        "content/provinces/lao-cai/plans/15-kh-tu.md"
    );
    assert_eq!(
        record["start"],
        serde_json::json!({"line": 6, "column": 10})
    );
    assert_eq!(record["end"], serde_json::json!({"line": 6, "column": 22}));
    assert_eq!(
        record["message"],
        "there is no program with the id `directive-25`"
    );
    assert!(
        record["help"]
            .as_str()
            .is_some_and(|help| help.contains("directive-52")),
        "{json}"
    );
}

#[test]
fn check_prints_a_gitlab_code_quality_report_on_stdout() {
    let site = TestSite::new();
    let report = |site: &TestSite| -> (Option<i32>, serde_json::Value) {
        let output = site
            .tiendo(&["check", "--quiet", "--format", "gitlab"])
            .output()
            .expect("tiendo runs");
        let report = serde_json::from_slice(&output.stdout).expect("a JSON report");
        (output.status.code(), report)
    };
    assert_eq!(
        report(&site),
        (Some(0), serde_json::json!([])),
        "no problem: an empty list"
    );

    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "program: directive-52",
        "program: directive-25",
    );
    let (code, first) = report(&site);
    assert_eq!(code, Some(1));
    let issues = first.as_array().expect("a list");
    assert_eq!(issues.len(), 1, "{first}");
    let issue = &issues[0];
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["check_name"], "tiendo check");
    assert_eq!(
        issue["location"],
        serde_json::json!({"path": "content/provinces/lao-cai/plans/15-kh-tu.md", "lines": {"begin": 6}})
    );
    let description = issue["description"].as_str().expect("a description");
    assert!(description.starts_with("there is no program with the id `directive-25`"));
    assert!(
        description.contains("did you mean `directive-52`?"),
        "{description}"
    );
    assert_eq!(
        report(&site).1,
        first,
        "the same report, fingerprints included, every time"
    );
}

#[test]
fn the_human_format_stays_the_default_and_on_stderr() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "program: directive-52",
        "program: directive-25",
    );
    let output = site.tiendo(&["check"]).output().expect("tiendo runs");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: there is no program with the id `directive-25`"),
        "{stderr}"
    );
}
