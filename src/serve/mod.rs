//! `tiendo serve`: the site built into memory and served over HTTP while staff edit it.
//! watch → reload → validate → derive → the outputs an edit touches → memory; each open
//! page reloads itself after a rebuild, and while the content has errors every page shows
//! them. Nothing is written to disk.

mod error_page;
mod http;
mod rebuild;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

use crate::base::diagnostics::Diagnostics;
use crate::base::source::Sources;
use crate::model::WebUrl;
pub use rebuild::AsOf;
use rebuild::{Rebuilder, Rebuilt};
use watch::{Change, Seen, Watcher};

pub struct Settings {
    /// The site's folder, every link resolved: as the watcher names changed paths.
    pub root: PathBuf,
    pub as_of: AsOf,
    pub bind: IpAddr,
    /// 0 lets the system choose.
    pub port: u16,
}

/// What `serve` tells the person running it, line by line.
pub trait Terminal: Send + Sync {
    /// A line of its own.
    fn line(&self, text: &str);
    /// Diagnostics, as `check` prints them.
    fn diagnostics(&self, diagnostics: &Diagnostics, sources: &Sources);
}

/// Builds the site, tells `started` its address, and serves it until Ctrl-C.
pub fn run(
    settings: Settings,
    terminal: Arc<dyn Terminal>,
    started: impl FnOnce(&str),
) -> Result<(), String> {
    let root = settings.root;
    let listener = bind(settings.bind, settings.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot tell the server's address: {e}"))?;
    let base_url = page_address(address);
    let served = Arc::new(http::Served::default());
    let mut rebuilder = Rebuilder::new(
        root.clone(),
        settings.as_of,
        WebUrl::parse(&base_url).map_err(|e| format!("the server's address: {e}"))?,
    );

    let (to_builder, changes) = mpsc::channel();
    let watcher = Watcher::start(&root, to_builder)?;
    let first = rebuilder.rebuild(&served.files, &mut || {});
    let mut shown = Shown::default();
    publish(
        &served,
        &first,
        terminal.as_ref(),
        "first build",
        &mut shown,
    );
    started(&base_url);

    let builder = {
        let (served, terminal, root) = (served.clone(), terminal.clone(), root.clone());
        std::thread::Builder::new()
            .name("tiendo-rebuild".into())
            .spawn(move || {
                let mut rebuilding = Rebuilding {
                    root,
                    watcher,
                    rebuilder,
                    shown,
                };
                rebuilding.on_change(changes, &served, terminal.as_ref())
            })
            .map_err(|e| format!("cannot start rebuilding: {e}"))?
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let result = runtime.block_on(async {
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        http::run(listener, served, stop)
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    });
    // The rebuild thread ends with the watcher; a rebuild under way only fills memory.
    drop(builder);
    terminal.line("Stopped.");
    result
}

/// The listening socket, or what to do when the port is taken.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, String> {
    TcpListener::bind((ip, port)).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {port} on {ip} is already in use, by another `tiendo serve` or another server: stop it, or choose another port with --port {}",
            port.wrapping_add(1).max(1024)
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "port {port} on {ip} may not be used by this user: choose a port above 1023 with --port"
        ),
        _ => format!("cannot listen on {ip} port {port}: {e}"),
    })
}

/// The address pages are served at, as a browser is given it.
fn page_address(address: SocketAddr) -> String {
    let ip = match address.ip() {
        ip if ip.is_unspecified() => "localhost".to_owned(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{ip}:{}/", address.port())
}

/// What the rebuild thread keeps.
struct Rebuilding {
    root: PathBuf,
    watcher: Watcher,
    rebuilder: Rebuilder,
    shown: Shown,
}

/// The warnings last printed: printed again only when they change.
#[derive(Default)]
struct Shown {
    warnings: String,
}

impl Rebuilding {
    /// Waits for changes and rebuilds, one batch of changes at a time.
    fn on_change(
        &mut self,
        changes: mpsc::Receiver<Seen>,
        served: &http::Served,
        terminal: &dyn Terminal,
    ) {
        while let Ok(seen) = changes.recv() {
            // Everything seen while the last rebuild ran is one edit.
            let mut batch = vec![seen];
            batch.extend(changes.try_iter());
            let what = self.take(batch, terminal);
            if what.is_empty() {
                continue;
            }
            // The page being looked at, most likely, is rendered first: open pages that
            // show it reload then, the others once they are rendered, if they changed.
            let rebuilt = self
                .rebuilder
                .rebuild(&served.files, &mut || served.changed(None));
            publish(served, &rebuilt, terminal, &changed(&what), &mut self.shown);
        }
    }

    /// Tells the rebuilder what changed; gives the paths that matter, as shown.
    fn take(&mut self, batch: Vec<Seen>, terminal: &dyn Terminal) -> Vec<String> {
        let mut what: Vec<String> = Vec::new();
        for seen in batch {
            let paths = match seen {
                Seen::Paths(paths) => paths,
                Seen::Everything(why) => {
                    terminal.line(&format!("{why}: reading everything again"));
                    self.rebuilder.content_changed(&self.root);
                    self.rebuilder.theme_changed();
                    what.push("everything".into());
                    continue;
                }
            };
            for path in paths {
                if let Err(message) = self.watcher.saw(&path) {
                    terminal.line(&format!("warning: {message}"));
                }
                match watch::classify(&self.root, &path) {
                    Change::Content => self.rebuilder.content_changed(&path),
                    Change::Theme => self.rebuilder.theme_changed(),
                    Change::Nothing => continue,
                }
                let shown = path.strip_prefix(&self.root).unwrap_or(&path);
                let shown = shown.display().to_string();
                if !what.contains(&shown) {
                    what.push(shown);
                }
            }
        }
        what
    }
}

/// "content/x.md", "content/x.md and 2 more".
fn changed(what: &[String]) -> String {
    match what {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
    }
}

/// Shows a rebuild: the error page or the site, and its line on the terminal.
fn publish(
    served: &http::Served,
    rebuilt: &Rebuilt,
    terminal: &dyn Terminal,
    what: &str,
    shown: &mut Shown,
) {
    let ms = rebuilt.took.as_secs_f64() * 1000.0;
    let diagnostics = &rebuilt.diagnostics;
    let warnings = match diagnostics.warning_count() {
        0 => String::new(),
        1 => ", 1 warning".to_owned(),
        n => format!(", {n} warnings"),
    };
    match rebuilt.rendered {
        Some((rendered, removed)) => {
            let warnings_now = diagnostics.render(&rebuilt.sources, false);
            if warnings_now != shown.warnings {
                terminal.diagnostics(diagnostics, &rebuilt.sources);
                shown.warnings = warnings_now;
            }
            let removed_note = match removed {
                0 => String::new(),
                n => format!(", {n} removed"),
            };
            let first = match rebuilt.edited_shown {
                Some(after) => format!(
                    " (its pages first, shown after {:.0} ms)",
                    after.as_secs_f64() * 1000.0
                ),
                None => String::new(),
            };
            terminal.line(&format!(
                "{what}: {rendered} of {} files rendered{removed_note} in {ms:.0} ms{first}{warnings}",
                rebuilt.outputs
            ));
            if rendered > 0 || removed > 0 || served.shows_errors() {
                served.changed(None);
            }
        }
        None => {
            terminal.diagnostics(diagnostics, &rebuilt.sources);
            shown.warnings.clear();
            let errors = diagnostics.error_count();
            terminal.line(&format!(
                "{what}: {errors} error{} ({ms:.0} ms{warnings}): every page shows {}, until fixed",
                if errors == 1 { "" } else { "s" },
                if errors == 1 { "it" } else { "them" },
            ));
            served.changed(Some(error_page::error_page(diagnostics, &rebuilt.sources)));
        }
    }
}
