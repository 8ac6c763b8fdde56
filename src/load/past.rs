//! What the content's earlier versions said: each plan's targets and tasks, and each
//! update's figures, as each commit of its file left them, read from the history's
//! texts through the one YAML module. An item's versions are those of the file it is
//! read from now, so a file renamed keeps them (the history follows renames).

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
            let versions = versions(own, translated, yaml::read_quietly::<PastPlan>)?;
            Some(((plan.jurisdiction.clone(), plan.id.clone()), versions))
        })
        .collect();
    let updates = site
        .updates
        .par_iter()
        .filter_map(|update| {
            let translations = update.body_files.values().map(|p| p.as_path()).collect();
            let (own, translated) = versions_of(update.origin.file, translations);
            let versions = versions(own, translated, yaml::read_quietly::<PastUpdate>)?;
            Some(((update.jurisdiction.clone(), update.id.clone()), versions))
        })
        .collect();
    Past { plans, updates }
}

/// An item's versions: every commit of its file and translations, and what its file
/// said at each, read with `read` from the front matter; nothing if it has no commit.
fn versions<T>(
    own: &[Version],
    translated: Vec<&Version>,
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
    // One version alone changed nothing: it is not read.
    let said = if own.len() > 1 {
        own.iter()
            .filter_map(|version| {
                let text = one_kind_of_line_break(version.text.as_deref()?.to_owned());
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let yaml = &text[front_matter(text)?];
                Some((version.commit.clone(), read(yaml)?))
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(Versions { commits, said })
}
