//! The commands, one module each, and the pipeline they share: load, validate, derive,
//! plan, write. `check` runs it into a sink that keeps nothing; `build` into a staging
//! folder that replaces the output only when everything succeeded; `build --list` stops
//! at the plan and prints it.

pub mod build;
pub mod check;
pub mod init;
pub mod list;
pub mod new;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;
mod starter;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::base::progress::Progress;
use crate::base::source::Sources;
use crate::load::history::{self, History, Unavailable};
use crate::load::past;
use crate::model::history::Past;
use crate::model::{Site, WebUrl};
use crate::output::Sink;
use crate::output::Stats;
use crate::site::outputs::Outputs;
use crate::write::html::{Options, theme::Theme};
use crate::{derive, load, validate, write};

/// What the pipeline needs besides the content.
pub struct Settings {
    pub root: PathBuf,
    /// Overrides `base_url` in site.yaml.
    pub base_url: Option<String>,
    pub as_of: NaiveDate,
    pub minify: bool,
    /// Reads the content's history from git, to show what changed and when (`build`
    /// does, unless `--no-history`; `check` has nothing to show it on).
    pub history: bool,
    /// Told as pages are rendered.
    pub progress: Arc<dyn Progress>,
}

/// What a run found and did; `stats` is absent when it failed.
pub struct Outcome {
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    pub stats: Option<Stats>,
    /// The plan of every output as text, when it was asked for.
    pub listing: Option<String>,
    /// Why the history is not shown, when it was wanted and could not be read: a line
    /// of the summary.
    pub history_not_shown: Option<String>,
}

impl Outcome {
    /// A run that failed before reading any content.
    pub fn failed(diagnostic: Diagnostic) -> Outcome {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(diagnostic);
        Outcome {
            sources: Sources::default(),
            diagnostics,
            stats: None,
            listing: None,
            history_not_shown: None,
        }
    }
}

/// Used by `check` when the site names no address: nothing is published then.
const PLACEHOLDER_BASE_URL: &str = "https://example.invalid/";

/// What a run does once the content is known to be good and its outputs planned.
enum Then<'a> {
    /// Renders every output into the sink.
    Write(&'a dyn Sink),
    /// Lists the outputs, writing nothing.
    List,
}

pub fn run(settings: &Settings, sink: &dyn Sink, need_base_url: bool) -> Outcome {
    run_then(settings, Then::Write(sink), need_base_url)
}

fn run_then(settings: &Settings, then: Then, need_base_url: bool) -> Outcome {
    // Git's history is read beside the files: neither needs the other until both are in.
    let (mut loaded, history) = std::thread::scope(|scope| {
        let history = settings
            .history
            .then(|| scope.spawn(|| history::read(&settings.root)));
        let loaded = load::load(&settings.root);
        let history = history.map(|reading| {
            reading.join().unwrap_or_else(|_| {
                History::Unavailable(Unavailable::Unreadable("reading it failed".into()))
            })
        });
        (loaded, history)
    });
    let (past, history_not_shown) = match &history {
        Some(History::Read(history)) => (past::past(&loaded.site, &loaded.sources, history), None),
        Some(History::Unavailable(why)) => (Past::default(), Some(why.explain())),
        None => (Past::default(), None),
    };
    drop(history);
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(loaded.diagnostics);
    let done = check_and_render(
        settings,
        Arc::new(loaded.site),
        &past,
        &mut loaded.sources,
        then,
        need_base_url,
        &mut diagnostics,
    );
    let (stats, listing) = match done {
        Some((stats, listing)) => (Some(stats), listing),
        None => (None, None),
    };
    Outcome {
        sources: loaded.sources,
        diagnostics,
        stats,
        listing,
        history_not_shown,
    }
}

/// Everything after loading; stops at the first stage with errors, all of them recorded.
fn check_and_render(
    settings: &Settings,
    site: Arc<Site>,
    past: &Past,
    sources: &mut Sources,
    then: Then,
    need_base_url: bool,
    diagnostics: &mut Diagnostics,
) -> Option<(Stats, Option<String>)> {
    diagnostics.extend(validate::validate(&site));
    if diagnostics.has_errors() {
        return None;
    }
    let base_url = base_url(settings, &site, need_base_url)
        .map_err(|error| diagnostics.push(error))
        .ok()?;
    let theme = Theme::of_site(&site, sources)
        .map_err(|errors| diagnostics.extend(errors))
        .ok()?;
    let report = derive::derive(site, settings.as_of, past);
    diagnostics.extend(
        report
            .later
            .iter()
            .map(|later| later.warning(settings.as_of)),
    );
    let options = Options {
        base_url,
        minify: settings.minify,
    };
    let outputs = Outputs::plan(&report, theme.static_sources())
        .map_err(|errors| diagnostics.extend(errors))
        .ok()?;
    let sink = match then {
        Then::Write(sink) => sink,
        Then::List => return Some((outputs.stats(), Some(outputs.listing()))),
    };
    let progress = settings.progress.as_ref();
    let rendered = write::render(&report, &outputs, &theme, &options, sink, progress);
    settings.progress.finish();
    drop(outputs);
    // A whole country's report takes a fifth of a second to free: freed on a thread of
    // its own, beside what is left (putting the site in place), not before it.
    let _ = std::thread::Builder::new().spawn(move || drop(report));
    let stats = rendered.map_err(|errors| diagnostics.extend(errors)).ok()?;
    Some((stats, None))
}

fn base_url(settings: &Settings, site: &Site, needed: bool) -> Result<WebUrl, Diagnostic> {
    let given = match &settings.base_url {
        Some(flag) => Some(WebUrl::parse(flag).map_err(|message| {
            Diagnostic::error(format!("--base-url: {message}"))
                .help("give the full address, e.g. --base-url https://example.org/progress/")
        })?),
        None => site.config.base_url.clone(),
    };
    let url = match given {
        Some(url) => url,
        None if needed => {
            return Err(Diagnostic::error("the site has no address: site.yaml has no `base_url`")
                .at(match &site.config_origin {
                    Some(origin) => Location::Value(origin.clone()),
                    None => Location::Path("site.yaml".into()),
                })
                .help("add `base_url: https://...` to site.yaml, or pass --base-url; it is used only for the sitemap and canonical links"));
        }
        None => WebUrl::parse(PLACEHOLDER_BASE_URL).map_err(Diagnostic::error)?,
    };
    if url.as_str().contains(['?', '#']) {
        return Err(Diagnostic::error(format!(
            "the site's address `{url}` has a query or a fragment"
        ))
        .help(
            "give the address of the site's root folder, such as https://example.org/progress/",
        ));
    }
    // Page paths are appended to it.
    if url.as_str().ends_with('/') {
        Ok(url)
    } else {
        WebUrl::parse(&format!("{url}/")).map_err(Diagnostic::error)
    }
}
