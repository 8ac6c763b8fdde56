//! One rebuild of the served site after an edit: load again (only the changed files are
//! read and parsed), validate (only the plans and updates that changed are checked
//! again), derive, render the pages of what was edited, then plan and render the other
//! outputs whose inputs the edit changed, straight into the served files. While the
//! content has errors, the files stay as they were and the error page is shown instead;
//! the edits made meanwhile are kept, so that the rebuild that succeeds renders all they
//! touched.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::base::diagnostics::Diagnostics;
use crate::base::progress::Silent;
use crate::base::source::Sources;
use crate::load::history::{self, History};
use crate::load::past;
use crate::model::history::Past;
use crate::model::{Site, WebUrl};
use crate::output::Memory;
use crate::site::changes::Changes;
use crate::site::outputs::{Key, Kind, Output, Outputs};
use crate::write::html::markdown::{Bodies, Known};
use crate::write::html::{Options, theme::Theme};
use crate::{derive, load, validate, write};

/// The day statuses are derived against: the one asked for, or today, whichever day
/// that is when the rebuild runs.
#[derive(Clone, Copy)]
pub enum AsOf {
    Fixed(NaiveDate),
    Today,
}

impl AsOf {
    fn day(self) -> NaiveDate {
        match self {
            AsOf::Fixed(day) => day,
            AsOf::Today => chrono::Local::now().date_naive(),
        }
    }
}

/// What a rebuild did, for its line on the terminal and the page.
pub struct Rebuilt {
    pub diagnostics: Diagnostics,
    /// To show the diagnostics with.
    pub sources: Sources,
    /// Outputs rendered again and removed; absent when the content has errors.
    pub rendered: Option<(usize, usize)>,
    /// How many outputs the site has now.
    pub outputs: usize,
    pub took: Duration,
    /// When the pages of what was edited were shown, if they were before the rest.
    pub edited_shown: Option<Duration>,
}

pub struct Rebuilder {
    root: PathBuf,
    as_of: AsOf,
    options: Options,
    cache: load::Cache,
    /// What the last check found in each plan and update.
    checked: validate::Memo,
    known: Known,
    /// Read again after a change to the theme, `templates/`, `static/` or `site.yaml`.
    theme: Option<Theme>,
    /// The site the served files were rendered from, and its day.
    rendered: Option<(Site, NaiveDate)>,
    /// What changed since then.
    pending: Changes,
    /// What the content's history remembers, read once when the server starts: a commit
    /// made while it runs shows after a restart.
    past: Option<Past>,
}

impl Rebuilder {
    pub fn new(root: PathBuf, as_of: AsOf, base_url: WebUrl) -> Rebuilder {
        Rebuilder {
            root,
            as_of,
            options: Options {
                base_url,
                minify: false,
            },
            cache: load::Cache::default(),
            checked: validate::Memo::default(),
            known: Known::default(),
            theme: None,
            rendered: None,
            pending: Changes::everything(),
            past: None,
        }
    }

    /// A path that changed under `content/` or `site.yaml`: read again next time.
    pub fn content_changed(&mut self, path: &std::path::Path) {
        self.cache.changed(path);
    }

    /// The theme, `templates/` or `static/` changed: everything is rendered again.
    pub fn theme_changed(&mut self) {
        self.theme = None;
    }

    /// Rebuilds the site into `files`. `edited_shown` is called once the pages of the
    /// items edited are rendered, before the rest: when the served files were those of
    /// the last rebuild, and the edit changed only a few items.
    pub fn rebuild(&mut self, files: &Memory, edited_shown: &mut dyn FnMut()) -> Rebuilt {
        let started = Instant::now();
        let mut diagnostics = Diagnostics::default();
        let mut shown_after = None;
        let mut on_shown = || {
            shown_after = Some(started.elapsed());
            edited_shown();
        };
        let (rendered, outputs) = match self.try_rebuild(files, &mut on_shown, &mut diagnostics) {
            Some((rendered, outputs)) => (Some(rendered), outputs),
            None => (None, 0),
        };
        Rebuilt {
            diagnostics,
            sources: self.cache.sources().clone(),
            rendered,
            outputs,
            took: started.elapsed(),
            edited_shown: shown_after,
        }
    }

    fn try_rebuild(
        &mut self,
        files: &Memory,
        edited_shown: &mut dyn FnMut(),
        diagnostics: &mut Diagnostics,
    ) -> Option<((usize, usize), usize)> {
        let loaded = self.cache.load(&self.root);
        diagnostics.extend(loaded.diagnostics);
        let site = loaded.site;
        let as_of = self.as_of.day();
        if loaded.edited.site_yaml {
            self.theme = None;
        }
        let changes = match &self.rendered {
            Some((before, day)) if *day == as_of && self.theme.is_some() => {
                Changes::of(&loaded.edited.items, before, &site)
            }
            _ => Changes::everything(),
        };
        // Nothing left over from a rebuild that failed: the served files are the last
        // rebuild's, and the edited pages can be shown before the rest is rendered.
        let served_as_rendered = self.pending.is_empty();
        self.pending.merge(changes);

        diagnostics.extend(validate::validate_again(&site, &mut self.checked));
        if diagnostics.has_errors() {
            return None;
        }
        if self.theme.is_none() {
            match Theme::of_site(&site, self.cache.sources_mut()) {
                Ok(theme) => self.theme = Some(theme),
                Err(errors) => {
                    diagnostics.extend(errors);
                    return None;
                }
            }
        }
        let theme = self.theme.as_ref()?;
        let past = self
            .past
            .get_or_insert_with(|| match history::read(&self.root) {
                History::Read(history) => past::past(&site, self.cache.sources(), &history),
                History::Unavailable(_) => Past::default(),
            });
        let report = derive::derive(Arc::new(site.clone()), as_of, past);
        diagnostics.extend(report.later.iter().map(|later| later.warning(as_of)));
        let bodies = Bodies::knowing(&report.site, &mut self.known);
        let job = |outputs| write::Job {
            report: &report,
            outputs,
            theme,
            options: &self.options,
        };

        // The pages of what was edited first: most likely the one being looked at.
        let pages = if served_as_rendered {
            self.pending.edited_pages(&report)
        } else {
            Vec::new()
        };
        // A page that cannot be planned is left to the whole plan, which reports it
        // with every other.
        let edited = Outputs::of_pages(&report.site, pages).unwrap_or(Outputs { list: vec![] });
        if !edited.list.is_empty() {
            let which: Vec<&Output> = edited.list.iter().collect();
            render(
                &job(&edited),
                &bodies,
                &which,
                files,
                &mut self.pending,
                diagnostics,
            )?;
            edited_shown();
        }

        let outputs = Outputs::plan(&report, theme.static_sources())
            .map_err(|errors| diagnostics.extend(errors))
            .ok()?;
        files.assets_are(
            (outputs.list.iter())
                .filter(|o| matches!(o.kind, Kind::Static { .. }))
                .map(|o| o.path.as_str()),
        );
        let shown: HashSet<&str> = edited.list.iter().map(|o| o.path.as_str()).collect();
        let mut dirty = dirty(&outputs, &self.pending, files);
        dirty.retain(|output| !shown.contains(output.path.as_str()));
        render(
            &job(&outputs),
            &bodies,
            &dirty,
            files,
            &mut self.pending,
            diagnostics,
        )?;
        let planned: HashSet<&str> = outputs.list.iter().map(|o| o.path.as_str()).collect();
        // The search's folder is written whole, its files named by their content.
        let removed = files.keep_only(|path| {
            planned.contains(path) || path.starts_with(crate::site::routes::SEARCH_FOLDER)
        });
        self.pending = Changes::default();
        self.rendered = Some((site, as_of));
        Some(((shown.len() + dirty.len(), removed), outputs.list.len()))
    }
}

/// Renders `which` into `files`. After an error some files may hold the new content and
/// others the old: everything is rendered again next time.
fn render(
    job: &write::Job,
    bodies: &Bodies,
    which: &[&Output],
    files: &Memory,
    pending: &mut Changes,
    diagnostics: &mut Diagnostics,
) -> Option<()> {
    match write::render_some(job, bodies, which, files, &Silent) {
        Ok(_) => Some(()),
        Err(errors) => {
            diagnostics.extend(errors);
            *pending = Changes::everything();
            None
        }
    }
}

/// The outputs to render again: those new to the site and those with an input that
/// changed, the ones made from what was edited itself first (the page the editor is
/// looking at), then those that sum it up or list it.
fn dirty<'o, 'r>(
    outputs: &'o Outputs<'r>,
    changes: &Changes,
    files: &Memory,
) -> Vec<&'o Output<'r>> {
    let mut dirty: Vec<(bool, &Output)> = files.with_paths(|has| {
        outputs
            .list
            .par_iter()
            .map_init(Vec::new, |inputs, output| {
                output.inputs_into(inputs);
                let touched = |key: &&Key| changes.touches(key);
                let specific = inputs
                    .iter()
                    .filter(|key| !matches!(key, Key::All(_) | Key::Within(_)))
                    .any(|key| touched(&key));
                if specific || inputs.iter().any(|key| touched(&key)) {
                    Some((!specific, output))
                } else if !has(output.path.as_str()) {
                    Some((false, output))
                } else {
                    None
                }
            })
            .flatten()
            .collect()
    });
    // Stable: in the plan's order within each group.
    dirty.sort_by_key(|(later, _)| *later);
    dirty.into_iter().map(|(_, output)| output).collect()
}
