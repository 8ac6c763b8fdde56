//! What the content's earlier versions said: each plan's targets and tasks, and each
//! update's figures, as each commit of its file left them, read from the history's
//! texts through the one YAML module. An item's versions are those of the file it is
//! read from now, so a file renamed keeps them (the history follows renames).
//!
//! Reading the versions is most of what history costs a build, so a version is not read
//! where its front matter is the same as the file's now (taken from the item as loaded:
//! a file's last version is mostly what is on disk) or as the version before's (only its
//! text below changed).

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::history::{ContentHistory, Version};
use super::{front_matter, one_kind_of_line_break};
use crate::base::source::Sources;
use crate::base::yaml;
use crate::model::Site;
use crate::model::history::{Commit, Past, PastPlan, PastUpdate, Versions};

/// The earlier versions of every plan and update of the site.
pub fn past(site: &Site, sources: &Sources, history: &ContentHistory) -> Past {
    let versions_of = |file, translations: Vec<&Path>| {
        let path = sources.path(file);
        let own = history.files.get(path).map_or(&[][..], Vec::as_slice);
        let others = translations
            .into_iter()
            .filter_map(|path| history.files.get(path));
        (own, others.flatten().collect::<Vec<&Version>>())
    };
    let plans = site
        .plans
        .par_iter()
        .filter_map(|plan| {
            let translations = plan.body_files.values().map(|p| p.as_path()).collect();
            let (own, translated) = versions_of(plan.origin.file, translations);
            let now = (
                sources.get(plan.origin.file).yaml_text(),
                PastPlan::from(&**plan),
            );
            let versions = versions(own, translated, now, yaml::read_quietly::<PastPlan>)?;
            Some(((plan.jurisdiction.clone(), plan.id.clone()), versions))
        })
        .collect();
    let updates = site
        .updates
        .par_iter()
        .filter_map(|update| {
            let translations = update.body_files.values().map(|p| p.as_path()).collect();
            let (own, translated) = versions_of(update.origin.file, translations);
            let now = (
                sources.get(update.origin.file).yaml_text(),
                PastUpdate::from(&**update),
            );
            let versions = versions(own, translated, now, yaml::read_quietly::<PastUpdate>)?;
            Some(((update.jurisdiction.clone(), update.id.clone()), versions))
        })
        .collect();
    Past { plans, updates }
}

/// An item's versions: every commit of its file and translations, and what its file
/// said at each, read with `read` from the front matter; nothing if it has no commit.
/// `now` is the file's front matter as loaded, and what it says.
fn versions<T: Clone>(
    own: &[Version],
    translated: Vec<&Version>,
    now: (&str, T),
    read: impl Fn(&str) -> Option<T>,
) -> Option<Versions<T>> {
    if own.is_empty() {
        return None;
    }
    let mut commits: Vec<Arc<Commit>> = own
        .iter()
        .chain(translated)
        .map(|v| v.commit.clone())
        .collect();
    commits.sort_by_key(|c| c.order);
    commits.dedup_by_key(|c| c.order);
    let mut said: Vec<(Arc<Commit>, T)> = Vec::new();
    // One version alone changed nothing: it is not read.
    if own.len() > 1 {
        // The front matter of the last version in `said`.
        let mut before: Option<String> = None;
        for version in own {
            let Some(text) = version.text.as_deref() else {
                continue;
            };
            let text = one_kind_of_line_break(text.to_owned());
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let Some(yaml) = front_matter(text).map(|range| &text[range]) else {
                continue;
            };
            let value = if yaml == now.0 {
                now.1.clone()
            } else if let (Some(before), Some((_, value))) = (&before, said.last())
                && before == yaml
            {
                value.clone()
            } else if let Some(value) = read(yaml) {
                value
            } else {
                continue;
            };
            before = Some(yaml.to_owned());
            said.push((version.commit.clone(), value));
        }
    }
    Some(Versions { commits, said })
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    fn version(order: usize, text: &str) -> Version {
        let commit = Arc::new(Commit {
            id: format!("{order:040}"),
            order,
            time: 0,
            date: chrono::NaiveDate::from_ymd_opt(2025, 11, 1 + order as u32).unwrap(),
        });
        Version::of_text(commit, text)
    }

    #[test]
    fn a_version_that_says_what_the_file_says_now_or_what_the_one_before_said_is_not_read_again() {
        let own = [
            version(0, "---\nvalue: 1\n---\nFirst.\n"),
            version(1, "---\nvalue: 1\n---\nThe text below changed.\n"),
            version(2, "---\r\nvalue: 2\r\n---\r\nSaved on Windows.\r\n"),
            version(3, "---\nvalue: 3\n---\n"),
            version(4, "---\nvalue: [not, a, number]\n---\n"),
            version(5, "no front matter\n"),
            version(6, "---\nvalue: 3\n---\nAs it is now.\n"),
        ];
        let read_texts = RefCell::new(Vec::new());
        let read = |yaml: &str| {
            read_texts.borrow_mut().push(yaml.to_owned());
            yaml.strip_prefix("value: ")?.trim().parse::<u32>().ok()
        };
        let versions = versions(&own, Vec::new(), ("value: 3\n", 3), read).unwrap();
        assert_eq!(versions.commits.len(), 7);
        let said: Vec<(usize, u32)> = (versions.said.iter())
            .map(|(commit, value)| (commit.order, *value))
            .collect();
        // Versions 4 and 5 cannot be read: they say nothing.
        assert_eq!(said, [(0, 1), (1, 1), (2, 2), (3, 3), (6, 3)]);
        // Read: the first, the one from Windows (its line breaks as any other's), and the
        // one that cannot be; not the second (as the first), nor 3 and 6 (as now).
        assert_eq!(
            *read_texts.borrow(),
            ["value: 1\n", "value: 2\n", "value: [not, a, number]\n"]
        );
    }

    #[test]
    fn a_file_with_one_version_is_not_read() {
        let own = [version(0, "---\nvalue: 1\n---\n")];
        let versions = versions(&own, Vec::new(), ("value: 2\n", 2), |_| -> Option<u32> {
            panic!("read")
        })
        .unwrap();
        assert_eq!(versions.commits.len(), 1);
        assert!(versions.said.is_empty());
    }
}
