//! Pagefind's index of the records, one per language, made on all cores and written
//! as one standard bundle: each language's files are its own (named by their code),
//! the script, the WebAssembly and the UI are the same in each, and the entry file
//! lists every language.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::{Record, folded_words};
use crate::base::diagnostics::Diagnostic;
use crate::site::routes::SEARCH_ENTRY_FILE as ENTRY_FILE;

/// The files of the bundle, by their name in it, sorted.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The bundle of every language: `records` gives one language's records, with its
/// code, and is run for each language on all cores.
pub fn bundle<L: Sync>(
    languages: Vec<L>,
    records: impl Fn(&L) -> (String, Vec<Record>) + Sync,
) -> Result<Files, Diagnostic> {
    let indexes: Vec<Result<Files, Diagnostic>> = languages
        .par_iter()
        .map(|language| {
            let (lang, records) = records(language);
            index(&lang, records)
        })
        .collect();
    let mut files = Files::new();
    let mut entries = Vec::new();
    for index in indexes {
        for (name, bytes) in index? {
            if name == ENTRY_FILE {
                entries.push(bytes);
                continue;
            }
            match files.get(&name) {
                Some(before) if *before != bytes => {
                    return Err(Diagnostic::error(format!(
                        "the search's file `{name}` differs between languages"
                    ))
                    .help(
                        "this is a bug in tiendo, or a Pagefind it does not know: please report it",
                    ));
                }
                Some(_) => {}
                None => {
                    files.insert(name, bytes);
                }
            }
        }
    }
    files.insert(ENTRY_FILE.to_owned(), merge_entries(&entries)?);
    Ok(files)
}

/// One language's index: its records through Pagefind, on a runtime of its own (the
/// library's calls are async; nothing else here is).
fn index(lang: &str, records: Vec<Record>) -> Result<Files, Diagnostic> {
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("cannot make the search index in `{lang}`: {e}"))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(lang.to_owned())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed(&e))?;
        for record in records {
            let (url, content, meta, filters) = pagefind_record(record);
            index
                .add_custom_record(
                    url,
                    content,
                    lang.to_owned(),
                    Some(meta),
                    Some(filters),
                    None,
                )
                .await
                .map_err(|e| failed(&e))?;
        }
        let files = index.get_files().await.map_err(|e| failed(&e))?;
        Ok(files
            .into_iter()
            .map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                (name, file.contents)
            })
            .collect())
    })
}

type Meta = BTreeMap<String, String>;
type Filters = BTreeMap<String, Vec<String>>;

/// A record as Pagefind takes it: its address, its text, what a result shows of it
/// (`title`, `kind`, `place`) with the words that have đ as they are typed without it
/// (`folded`: searched, not shown), and its filters.
fn pagefind_record(record: Record) -> (String, String, Meta, Filters) {
    let Record {
        url,
        title,
        content,
        kind: _,
        kind_label,
        place,
        statuses,
        jurisdictions,
    } = record;
    let mut meta = Meta::new();
    let folded = folded_words(&format!("{title} {content}"));
    if !folded.is_empty() {
        meta.insert("folded".to_owned(), folded);
    }
    meta.insert("title".to_owned(), title);
    meta.insert("kind".to_owned(), kind_label.clone());
    if let Some(place) = place {
        meta.insert("place".to_owned(), place);
    }
    let mut filters = Filters::new();
    filters.insert("kind".to_owned(), vec![kind_label]);
    if !statuses.is_empty() {
        filters.insert("status".to_owned(), statuses);
    }
    if !jurisdictions.is_empty() {
        filters.insert("jurisdiction".to_owned(), jurisdictions);
    }
    (url, content, meta, filters)
}

/// One entry file from each language's: the same but for the languages they list.
fn merge_entries(entries: &[Vec<u8>]) -> Result<Vec<u8>, Diagnostic> {
    let unknown = |why: &str| {
        Diagnostic::error(format!(
            "the search's `{ENTRY_FILE}` is not as expected: {why}"
        ))
        .help("this is a bug in tiendo, or a Pagefind it does not know: please report it")
    };
    let mut merged: Option<serde_json::Value> = None;
    for entry in entries {
        let entry: serde_json::Value =
            serde_json::from_slice(entry).map_err(|e| unknown(&e.to_string()))?;
        let languages = entry
            .get("languages")
            .and_then(|l| l.as_object())
            .ok_or_else(|| unknown("it has no `languages`"))?
            .clone();
        match merged.as_mut() {
            None => merged = Some(entry),
            Some(merged) => {
                if merged.get("version") != entry.get("version") {
                    return Err(unknown("its languages' versions differ"));
                }
                let all = merged
                    .get_mut("languages")
                    .and_then(|l| l.as_object_mut())
                    .ok_or_else(|| unknown("it has no `languages`"))?;
                all.extend(languages);
            }
        }
    }
    let merged = merged.ok_or_else(|| unknown("the site has no language"))?;
    serde_json::to_vec(&merged).map_err(|e| unknown(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::search::ItemKind;

    fn record(url: &str, title: &str) -> Record {
        Record {
            url: url.to_owned(),
            title: title.to_owned(),
            content: format!("{title}. Kế hoạch tuyên truyền."),
            kind: ItemKind::Task,
            kind_label: "Nhiệm vụ".to_owned(),
            place: Some("Lào Cai".to_owned()),
            statuses: vec!["Trễ hạn".to_owned()],
            jurisdictions: vec!["Lào Cai".to_owned()],
        }
    }

    #[test]
    fn one_bundle_lists_every_language_and_is_the_same_each_time() {
        let languages = || {
            bundle(vec!["vi", "en"], |lang| {
                let title = if *lang == "vi" {
                    "Đảng ủy xã"
                } else {
                    "Party committee"
                };
                (
                    lang.to_string(),
                    vec![record(&format!("/{lang}/t/"), title)],
                )
            })
            .unwrap()
        };
        let files = languages();
        let entry: serde_json::Value = serde_json::from_slice(&files[ENTRY_FILE]).unwrap();
        let languages_listed: Vec<&String> =
            entry["languages"].as_object().unwrap().keys().collect();
        assert_eq!(languages_listed, ["en", "vi"]);
        assert!(files.contains_key("pagefind.js"));
        assert!(files.keys().any(|name| name.starts_with("fragment/vi_")));
        assert!(files.keys().any(|name| name.starts_with("fragment/en_")));
        assert_eq!(files, languages());
    }
}
