//! What each fuzz target checks, shared by the fuzz targets (`fuzz/fuzz_targets/`) and
//! by `tests/fuzz_corpus.rs`, which runs every input of the committed corpus and every
//! crash ever found through the same checks on each `cargo test`.
//!
//! Each check must never panic, whatever the bytes; where it can, it also checks what the
//! result must be.

#![allow(dead_code)]

use std::path::Path;

use tiendo::base::diagnostics::Diagnostics;
use tiendo::base::source::{FileId, Origin, SourceFile, Sources};
use tiendo::base::yaml;
use tiendo::model::{
    DateSpec, Day, IndicatorFile, JurisdictionFile, PlanFile, ProgramFile, SiteConfig, UpdateFile,
};

/// The split of a Markdown file into its front matter and its text.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(range) = tiendo::load::front_matter(text) {
        assert!(range.start <= range.end && range.end <= text.len());
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(text.starts_with("---"));
    }
}

/// One content file of a kind chosen by the first byte, read as tiendo reads it, its
/// diagnostics shown as staff would see them (which finds every position again).
pub fn content_file(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let markdown = matches!(kind % 7, 4 | 5);
    let yaml = if markdown {
        match tiendo::load::front_matter(text) {
            Some(range) => range,
            None => return,
        }
    } else {
        0..text.len()
    };
    let mut sources = Sources::default();
    let file = sources.add(SourceFile {
        path: "content/file".into(),
        text: text.to_owned(),
        yaml,
    });
    let source = sources.get(file);
    let mut diagnostics = Vec::new();
    let origin = Origin::file(file);
    match kind % 7 {
        0 => diagnostics.extend(yaml::parse::<SiteConfig>(file, source).errors),
        1 => diagnostics.extend(yaml::parse::<IndicatorFile>(file, source).errors),
        2 => diagnostics.extend(yaml::parse::<ProgramFile>(file, source).errors),
        3 => diagnostics.extend(yaml::parse::<JurisdictionFile>(file, source).errors),
        4 => {
            let parsed = yaml::parse::<PlanFile>(file, source);
            diagnostics.extend(parsed.errors);
            if let Some(plan) = parsed.value {
                yaml::collect_items(plan.targets, &origin.key("targets"), &mut diagnostics);
                yaml::collect_items(plan.tasks, &origin.key("tasks"), &mut diagnostics);
            }
        }
        5 => {
            let parsed = yaml::parse::<UpdateFile>(file, source);
            diagnostics.extend(parsed.errors);
            if let Some(update) = parsed.value {
                let at = origin.key("measurements");
                yaml::collect_items(update.measurements, &at, &mut diagnostics);
                yaml::collect_items(update.summaries, &origin.key("summaries"), &mut diagnostics);
            }
        }
        _ => {
            let parsed = tiendo::locale::ui::Ui::parse(
                &tiendo::model::Lang::parse("vi").expect("a language"),
                file,
                source,
            );
            diagnostics.extend(parsed.err().into_iter().flatten());
        }
    }
    show(diagnostics, &sources, file);
}

fn show(diagnostics: Vec<tiendo::base::diagnostics::Diagnostic>, sources: &Sources, _file: FileId) {
    let mut all = Diagnostics::default();
    let any = !diagnostics.is_empty();
    all.extend(diagnostics);
    let shown = all.render(sources, false);
    assert_eq!(any, !shown.is_empty());
}

/// Dates and deadlines as content and the command line write them.
pub fn dates(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = DateSpec::parse(text) {
        assert!(date.first_day() <= date.last_day());
        assert_eq!(DateSpec::parse(&date.to_string()), Ok(date), "{text:?}");
    }
    let _ = serde_yaml::from_str::<DateSpec>(text);
    if let Ok(day) = serde_yaml::from_str::<Day>(text) {
        assert_eq!(day.spec().first_day(), day.date());
    }
    if let Ok(day) = tiendo::asof::parse_flag(text) {
        assert_eq!(day.format("%Y-%m-%d").to_string(), text);
    }
    let now = chrono::DateTime::from_timestamp(1_764_547_200, 0).expect("a time");
    let _ = tiendo::asof::resolve(None, Some(text), now);
}

/// Markdown with HTML in it, sanitised: no script, handler or script address survives,
/// and sanitising the result again changes nothing.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = tiendo::write::html::markdown::to_safe_html(text);
    let lower = html.to_lowercase();
    for forbidden in ["<script", "<iframe", "<object", "<embed", "<style", "<form"] {
        assert!(!lower.contains(forbidden), "{forbidden} in {html}");
    }
    assert_eq!(
        tiendo::write::html::markdown::clean_html(&html),
        html,
        "sanitising twice changes the HTML"
    );
}

/// A whole small site made of the input: the bytes are split at each NUL into
/// `site.yaml`, an indicator, a program, a country, a province, a plan and an update.
/// It is checked, and built when it checks.
pub fn site(data: &[u8], work: &Path) {
    const FILES: [&str; 7] = [
        "site.yaml",
        "content/indicators/coverage.yaml",
        "content/programs/directive-52.yaml",
        "content/viet-nam/_index.yaml",
        "content/provinces/lao-cai/_index.yaml",
        "content/provinces/lao-cai/plans/15-kh-tu.md",
        "content/provinces/lao-cai/updates/2025-11-28.md",
    ];
    let _ = std::fs::remove_dir_all(work.join("content"));
    for (path, bytes) in FILES.iter().zip(data.split(|b| *b == 0)) {
        let full = work.join(path);
        std::fs::create_dir_all(full.parent().expect("a folder")).expect("folders");
        std::fs::write(full, bytes).expect("a written file");
    }
    let settings = tiendo::cmd::Settings {
        root: work.to_path_buf(),
        // Checked without one, a site needs an address to be built.
        base_url: Some("https://example.org/".to_owned()),
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).expect("a day"),
        minify: false,
        history: false,
        progress: tiendo::base::progress::Silent::shared(),
    };
    let outcome = tiendo::cmd::check::check(&settings);
    let shown = outcome.diagnostics.render(&outcome.sources, false);
    assert_eq!(
        outcome.stats.is_none(),
        outcome.diagnostics.has_errors(),
        "{shown}"
    );
    if outcome.stats.is_some() {
        let output = work.join("public");
        let built = tiendo::cmd::build::build(&settings, &output, None);
        let shown = built.diagnostics.render(&built.sources, false);
        assert!(
            built.stats.is_some(),
            "a site that checks must build: {shown}"
        );
        assert!(output.join("index.html").is_file());
    }
}
