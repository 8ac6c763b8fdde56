//! Text with markup, quotes, control and invisible characters, bidirectional controls
//! and spreadsheet formulas, in every field a reader reads: what the content may hold is
//! published well-formed in every format, each output file parsed by a real parser, and
//! what it may not hold is an error at its file, line and column.

mod common;

use std::collections::BTreeMap;

use common::{TestSite, tree};

/// Hard text that content may hold, each piece a reason some format could break.
const HARD: &str = r#"<b>&amp;</b> \"quoted\" 'single' ]]> -- <!-- \u202Eevil\u202C ok \u2067عربي\u2069 z\u200Dw \u200Fmark 😀\uFE0F"#;

/// Invisible characters that mean nothing: removed, from every output alike.
const REMOVED: &str = r"\u200B\uFEFF\u2060";

fn hostile_site() -> TestSite {
    let site = TestSite::new();
    let quoted = |text: &str| format!("\"{text}\"");
    site.edit(
        "site.yaml",
        "  en: Test progress",
        &format!("  en: {}", quoted(&format!("Test {HARD}{REMOVED}"))),
    )
    .edit(
        "content/provinces/lao-cai/_index.yaml",
        "  en: Lao Cai",
        &format!("  en: {}", quoted(&format!("Lao Cai {HARD}"))),
    )
    .edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "    what: Tổ chức quán triệt Chỉ thị",
        &format!(
            "    what: \"=HYPERLINK(\\\"http://evil.example/\\\",\\\"x\\\") {HARD}\"\n    notes: \"line one\\n\\tline two {REMOVED}\"\n    coordinating: [\"@everyone\", \"+84 20 3456\", \"-1 cell\"]"
        ),
    )
    .edit(
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "    lead: Ban Tuyên giáo và Dân vận",
        &format!("    lead: {}", quoted(&format!("Ban Tuyên giáo {HARD}"))),
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "title: Bao phủ bảo hiểm y tế",
        &format!("title: {}", quoted(&format!("Bao phủ {HARD}{REMOVED}"))),
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "    title: Báo cáo",
        &format!("    title: {}", quoted(HARD)),
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "    value: 89.18",
        &format!("    value: 89.18\n    note: {}", quoted(HARD)),
    )
    .edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "Báo cáo tiến độ.",
        "Báo cáo \u{202E}ngược\u{202C} <script>x</script> ]]> \u{200B}tiến độ.",
    );
    site
}

#[test]
fn every_output_of_a_site_of_hard_text_is_well_formed() {
    let site = hostile_site();
    site.build().success();
    let files = tree(&site.output());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, bytes) in &files {
        // The search's index is compressed, and its scripts are Pagefind's: its entry
        // file is read. (search.js shows records as text, never as markup.)
        if path.starts_with("pagefind/") && !path.ends_with(".json") {
            continue;
        }
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        let kind = path.rsplit('.').next().unwrap_or_default();
        *seen.entry(kind).or_default() += 1;
        match kind {
            "html" => html_is_well_formed(path, text),
            "xml" | "svg" => {
                roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            }
            "json" => {
                serde_json::from_str::<serde_json::Value>(text)
                    .unwrap_or_else(|e| panic!("{path}: {e}"));
            }
            "csv" => csv_is_well_formed(path, bytes),
            "ics" => calendar_is_well_formed(path, text),
            _ => {}
        }
        // What was removed is removed everywhere; what directions were opened are closed.
        for removed in ['\u{200B}', '\u{FEFF}', '\u{2060}'] {
            assert!(!text.contains(removed), "{path} holds {removed:?}");
        }
        let without_line_ends = text.replace("\r\n", "\n");
        if let Err(message) = tiendo::model::characters::refused(&without_line_ends) {
            panic!("{path}: {message}");
        }
    }
    for kind in ["html", "xml", "svg", "json", "csv", "ics"] {
        assert!(
            seen.get(kind).is_some_and(|n| *n > 0),
            "no {kind} file was checked: {seen:?}"
        );
    }
    // The text reads as written in each format, markup as text.
    let page = site.page("en/provinces/lao-cai/index.html");
    assert!(
        page.contains("&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        "markup is shown as text"
    );
    assert!(
        page.contains("\u{202E}evil\u{202C}"),
        "a closed override is kept"
    );
    let tasks = site.page("data/tasks.csv");
    assert!(tasks.contains("'=HYPERLINK("), "{tasks}");
    assert!(
        tasks.contains("'@everyone; +84 20 3456; -1 cell"),
        "{tasks}"
    );
    let json = site.page("en/provinces/lao-cai/index.json");
    assert!(
        json.contains("\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"),
        "{json}"
    );
}

/// html5ever, the parser browsers' rules are written as, reports no parse error.
fn html_is_well_formed(path: &str, text: &str) {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default())
        .one(text);
    let errors = dom.errors.borrow();
    assert!(errors.is_empty(), "{path}: {errors:?}");
}

/// Every row has the header's number of cells, and no text cell can run as a formula.
fn csv_is_well_formed(path: &str, bytes: &[u8]) {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader
        .headers()
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .clone();
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{path}: {e}"));
        for (header, cell) in headers.iter().zip(record.iter()) {
            let numeric = cell.parse::<f64>().is_ok();
            assert!(
                numeric || !cell.starts_with(['=', '+', '-', '@']),
                "{path}: `{header}` holds `{cell}`, which a spreadsheet would run"
            );
        }
    }
}

/// RFC 5545: lines end in CRLF and hold at most 75 octets; text holds no control.
fn calendar_is_well_formed(path: &str, text: &str) {
    assert!(text.ends_with("\r\n"), "{path}");
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{path}: a line of {} octets", line.len());
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "{path}: a bare line break"
        );
    }
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{path}");
}

/// Each character text may not hold, in a title and in a Markdown text, is an error at
/// its line and column that names it and says how to fix it.
#[test]
fn text_that_cannot_be_published_is_an_error_at_its_place() {
    let cases = [
        (r"\u0007", "U+0007 (BELL)"),
        (r"\u0000", "U+0000 (NULL)"),
        (r"\u0085", "U+0085"),
        (r"\uFFFE", "the noncharacter U+FFFE"),
        (r"\uFFFF", "the noncharacter U+FFFF"),
        (r"\u2028", "U+2028 (LINE SEPARATOR)"),
        (r"\u202E", "a right-to-left override (U+202E)"),
        (r"\u2067", "a directional isolate (U+2067)"),
        (r"\u202C", "closes no embedding or override"),
    ];
    for (escape, named) in cases {
        let site = TestSite::new();
        site.edit(
            "content/provinces/lao-cai/updates/2025-11-28.md",
            "title: Bao phủ bảo hiểm y tế",
            &format!("title: \"Bao phủ {escape} bảo hiểm\""),
        );
        let errors = site.check_errors();
        assert!(errors.contains(named), "{escape}: {errors}");
        assert!(errors.contains("after “Bao phủ”"), "{escape}: {errors}");
        assert!(errors.contains("2025-11-28.md:3:8"), "{escape}: {errors}");
        assert!(
            errors.contains("help: remove the character"),
            "{escape}: {errors}"
        );
    }
    // In a Markdown text, at the character itself.
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "Báo cáo tiến độ.",
        "Báo cáo\n\ntiến \u{202E}độ.",
    );
    let errors = site.check_errors();
    assert!(errors.contains("2025-11-28.md:13:6"), "{errors}");
    assert!(
        errors.contains("a right-to-left override (U+202E) after “tiến”"),
        "{errors}"
    );
}

/// Written as themselves rather than as escapes, most such characters stop the YAML
/// reader, which says only how many bytes into the file it stopped: each is still an
/// error at its own line and column, in a comment too.
#[test]
fn a_character_the_yaml_reader_refuses_is_an_error_at_its_place() {
    for (raw, named) in [
        ('\u{7}', "U+0007 (BELL)"),
        ('\u{1b}', "U+001B (ESCAPE)"),
        ('\u{7f}', "U+007F (DELETE)"),
        ('\u{9f}', "U+009F"),
        ('\u{fffe}', "the noncharacter U+FFFE"),
    ] {
        let site = TestSite::new();
        site.edit(
            "content/provinces/lao-cai/updates/2025-11-28.md",
            "title: Bao phủ bảo hiểm y tế",
            &format!("# tạm {raw}\ntitle: Bao phủ {raw}bảo hiểm"),
        );
        let errors = site.check_errors();
        assert!(errors.contains(named), "{named}: {errors}");
        assert!(errors.contains("2025-11-28.md:3:7"), "{named}: {errors}");
        assert!(errors.contains("after “# tạm”"), "{named}: {errors}");
        assert!(errors.contains("2025-11-28.md:4:16"), "{named}: {errors}");
        assert!(
            errors.contains("after “title: Bao phủ”"),
            "{named}: {errors}"
        );
        assert!(!errors.contains("not valid YAML"), "{named}: {errors}");
    }
}

#[test]
fn a_text_of_nothing_visible_is_an_error() {
    for empty in ["\"\"", "\"   \"", r#""\u200B""#, r#""\u200D\u200E""#] {
        let site = TestSite::new();
        site.edit(
            "content/provinces/lao-cai/updates/2025-11-28.md",
            "title: Bao phủ bảo hiểm y tế",
            &format!("title: {empty}"),
        );
        let errors = site.check_errors();
        assert!(errors.contains("this text is empty"), "{empty}: {errors}");
        assert!(errors.contains("2025-11-28.md:3:8"), "{empty}: {errors}");
    }
}

#[test]
fn the_html_check_finds_what_a_browser_would_repair() {
    let caught = std::panic::catch_unwind(|| html_is_well_formed("x", "<!DOCTYPE html><p></div>"));
    assert!(caught.is_err());
}
