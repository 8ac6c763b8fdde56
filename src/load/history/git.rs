//! Reading the main line's commits with gix, and the files each changed under
//! `content/`: the part of the history that needs git.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use chrono::DateTime;
use gix::object::tree::diff::ChangeDetached;
use gix::objs::TreeRefIter;

use super::versions::{ContentHistory, Unavailable, Version};
use crate::model::history::Commit;

/// The memory kept for objects read, so that a tree compared twice (with the commit
/// before it, then with the one after) is decoded once.
const OBJECT_CACHE_BYTES: usize = 64 * 1024 * 1024;

pub(super) fn read_repository(root: &Path) -> Result<ContentHistory, Unavailable> {
    let unreadable = |e: &dyn std::fmt::Display| Unavailable::Unreadable(e.to_string());
    let mut repo = gix::discover(root).map_err(|e| match e {
        gix::discover::Error::Discover(_) => Unavailable::NoRepository,
        e => unreadable(&e),
    })?;
    // Each commit's trees are compared with the commit before's, read a moment ago: kept
    // decoded, they are not inflated from the pack again (gix keeps none by default).
    repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
    if repo.is_shallow() {
        return Err(Unavailable::Shallow);
    }
    let Some(workdir) = repo.workdir() else {
        return Err(Unavailable::NoRepository);
    };
    // The site's folder inside the repository, as git names paths: with `/`.
    let site = relative_folder(workdir, root).ok_or(Unavailable::NoRepository)?;
    let mut commit = match repo.head_commit() {
        Ok(commit) => commit,
        Err(_) => return Err(Unavailable::NoCommit),
    };

    let mut main_line = Vec::new();
    loop {
        let parent = commit.parent_ids().next().map(|id| id.detach());
        main_line.push(commit);
        match parent {
            Some(id) => {
                let object = repo.find_object(id).map_err(|e| unreadable(&e))?;
                commit = object.try_into_commit().map_err(|e| unreadable(&e))?;
            }
            None => break,
        }
    }
    main_line.reverse();

    // Diffs are of the content's folder alone, so that the rest of the repository (the
    // code of a site kept beside it, say) costs nothing, and a commit that leaves it as
    // it was is passed over.
    let content = Path::new(&site).join("content");
    let path = |location: &[u8]| Path::new("content").join(&*String::from_utf8_lossy(location));
    let mut history = ContentHistory::default();
    let mut before: Option<gix::Tree> = None;
    for (order, commit) in main_line.iter().enumerate() {
        history.commits += 1;
        let tree = commit.tree().map_err(|e| unreadable(&e))?;
        let Some(entry) = tree
            .lookup_entry_by_path(&content)
            .map_err(|e| unreadable(&e))?
            .filter(|entry| entry.mode().is_tree())
        else {
            // No content yet, or none any more: every file is gone.
            history.files.clear();
            before = None;
            continue;
        };
        if before.as_ref().is_some_and(|b| b.id == entry.object_id()) {
            continue;
        }
        let tree = entry
            .object()
            .map_err(|e| unreadable(&e))?
            .try_into_tree()
            .map_err(|e| unreadable(&e))?;
        let time = commit.time().map_err(|e| unreadable(&e))?;
        let local = time.seconds + i64::from(time.offset);
        let made = Arc::new(Commit {
            id: commit.id.to_string(),
            order,
            time: time.seconds,
            date: DateTime::from_timestamp(local, 0)
                .unwrap_or_default()
                .date_naive(),
        });
        let mut changed = Vec::new();
        let old = before.as_ref().map(|b| b.id);
        changed_files(&repo, old, Some(tree.id), &mut Vec::new(), &mut changed)
            .map_err(|e| unreadable(&e))?;
        let moved = renames(&repo, &changed, before.as_ref(), &tree).map_err(|e| unreadable(&e))?;
        for (from, to) in &moved {
            let kept = history.files.remove(&path(from)).unwrap_or_default();
            history.files.insert(path(to), kept);
        }
        let moved_from: HashSet<&[u8]> = moved.iter().map(|(from, _)| from.as_slice()).collect();
        for file in &changed {
            match file.new {
                Some(blob) => {
                    let versions = history.files.entry(path(&file.path)).or_default();
                    // A rename alone leaves the text as it was: no new version.
                    if versions.last().is_some_and(|last| last.blob == blob) {
                        continue;
                    }
                    versions.push(Version {
                        commit: made.clone(),
                        text: None,
                        blob,
                    });
                }
                None if moved_from.contains(file.path.as_slice()) => {}
                None => {
                    history.files.remove(&path(&file.path));
                }
            }
        }
        before = Some(tree);
    }
    for versions in history.files.values_mut().filter(|v| v.len() > 1) {
        for version in versions {
            let object = repo.find_object(version.blob).map_err(|e| unreadable(&e))?;
            version.text = Some(String::from_utf8_lossy(&object.data).into());
        }
    }
    Ok(history)
}

/// What gix reported, whichever of its errors it was: shown as text.
type GitError = Box<dyn std::error::Error + Send + Sync>;

/// A file renamed in a commit: its path before, and after.
type Rename = (Vec<u8>, Vec<u8>);

/// A file that differs between two trees: its path from the trees' folder, and its
/// blob before and after (none where it is not).
struct Changed {
    path: Vec<u8>,
    old: Option<gix::ObjectId>,
    new: Option<gix::ObjectId>,
}

/// The files that differ between two trees (none for an empty tree), found by walking
/// both in step and going down only where a folder's id differs. Hand-made rather than
/// gix's tree diff, which took 2 ms a commit on a national tree where this takes 12 µs:
/// a history of 500 commits is most of a build otherwise.
fn changed_files(
    repo: &gix::Repository,
    old: Option<gix::ObjectId>,
    new: Option<gix::ObjectId>,
    folder: &mut Vec<u8>,
    changed: &mut Vec<Changed>,
) -> Result<(), GitError> {
    let old = entries(repo, old)?;
    let new = entries(repo, new)?;
    let (mut o, mut n) = (old.iter().peekable(), new.iter().peekable());
    loop {
        // Both in git's order: by name, a folder's as if it ended in `/`.
        let order = match (o.peek(), n.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(a), Some(b)) => a.key().cmp(&b.key()),
        };
        let (before, after) = match order {
            std::cmp::Ordering::Less => (o.next(), None),
            std::cmp::Ordering::Greater => (None, n.next()),
            std::cmp::Ordering::Equal => (o.next(), n.next()),
        };
        if let (Some(a), Some(b)) = (before, after)
            && a.id == b.id
        {
            continue;
        }
        let name = before.or(after).map_or(&[][..], |e| e.name.as_slice());
        let length = folder.len();
        folder.extend_from_slice(name);
        let tree = |e: Option<&Entry>| e.filter(|e| e.tree).map(|e| e.id);
        let blob = |e: Option<&Entry>| e.filter(|e| e.blob).map(|e| e.id);
        if tree(before).is_some() || tree(after).is_some() {
            folder.push(b'/');
            changed_files(repo, tree(before), tree(after), folder, changed)?;
            folder.truncate(length + name.len());
        }
        if blob(before).is_some() || blob(after).is_some() {
            changed.push(Changed {
                path: folder.clone(),
                old: blob(before),
                new: blob(after),
            });
        }
        folder.truncate(length);
    }
    Ok(())
}

struct Entry {
    name: Vec<u8>,
    id: gix::ObjectId,
    tree: bool,
    blob: bool,
}

impl Entry {
    fn key(&self) -> (&[u8], &[u8]) {
        (&self.name, if self.tree { b"/" } else { b"" })
    }
}

fn entries(repo: &gix::Repository, tree: Option<gix::ObjectId>) -> Result<Vec<Entry>, GitError> {
    let Some(tree) = tree else {
        return Ok(Vec::new());
    };
    let tree = repo.find_object(tree)?.try_into_tree()?;
    let mut entries = Vec::new();
    for entry in TreeRefIter::from_bytes(&tree.data) {
        let entry = entry?;
        entries.push(Entry {
            name: entry.filename.to_vec(),
            id: entry.oid.to_owned(),
            tree: entry.mode.is_tree(),
            blob: entry.mode.is_blob(),
        });
    }
    Ok(entries)
}

/// The files of a commit that were renamed, from and to: a file gone and one come with
/// the same text, and, where some are left on both sides, those git's rename detection
/// pairs (50 % similar), asked of gix for such commits alone.
fn renames(
    repo: &gix::Repository,
    changed: &[Changed],
    before: Option<&gix::Tree>,
    after: &gix::Tree,
) -> Result<Vec<Rename>, GitError> {
    let mut gone: Vec<&Changed> = changed
        .iter()
        .filter(|c| c.old.is_some() && c.new.is_none())
        .collect();
    let mut come: Vec<&Changed> = changed
        .iter()
        .filter(|c| c.old.is_none() && c.new.is_some())
        .collect();
    let mut moved = Vec::new();
    come.retain(|added| match gone.iter().position(|g| g.old == added.new) {
        Some(at) => {
            moved.push((gone.remove(at).path.clone(), added.path.clone()));
            false
        }
        None => true,
    });
    if gone.is_empty() || come.is_empty() {
        return Ok(moved);
    }
    let Some(before) = before else {
        return Ok(moved);
    };
    let mut options = gix::diff::Options::default();
    options
        .track_path()
        .track_rewrites(Some(Default::default()));
    for change in repo.diff_tree_to_tree(Some(before), Some(after), options)? {
        if let ChangeDetached::Rewrite {
            source_location,
            location,
            copy: false,
            entry_mode,
            ..
        } = change
            && entry_mode.is_blob()
            && gone.iter().any(|g| g.path == source_location.as_slice())
            && come.iter().any(|c| c.path == location.as_slice())
        {
            moved.push((source_location.to_vec(), location.to_vec()));
        }
    }
    Ok(moved)
}

/// `root` as a folder of `workdir`, as git writes paths: `""` for the repository's own
/// folder, else `sites/lao-cai/`.
fn relative_folder(workdir: &Path, root: &Path) -> Option<String> {
    let workdir = std::fs::canonicalize(workdir).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let inside = root.strip_prefix(&workdir).ok()?;
    let mut folder = String::new();
    for part in inside.components() {
        folder.push_str(part.as_os_str().to_str()?);
        folder.push('/');
    }
    Some(folder)
}
