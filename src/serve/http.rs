//! The HTTP side of `serve`: files from memory only (so no request can reach the disk),
//! `index.html` for folders, the site's 404 page for the rest, the error page while the
//! content has errors, and a stream of Server-Sent Events that tells each open page to
//! reload after a rebuild that changed what it shows. The script that listens is put
//! into pages as they are served: the rendered files never hold it, and `build` never
//! writes it.

use std::future::Future;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use crate::output::{Memory, RESERVED_PREFIX, Versions};

/// Where pages listen for rebuilds: under the prefix the site's own files cannot take.
const LIVE_PATH: &str = "/.tiendo-live";
const _: () = assert!(LIVE_PATH.as_bytes()[1] == RESERVED_PREFIX.as_bytes()[0]);

/// What the server shows, shared with the rebuilds.
pub struct Served {
    pub files: Memory,
    /// Shown for every page while the content has errors.
    error_page: RwLock<Option<Arc<str>>>,
    live: watch::Sender<Live>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Live {
    /// How many times the site changed.
    Generation(u64),
    /// The server is stopping: streams end.
    Stopping,
}

impl Default for Served {
    fn default() -> Served {
        Served {
            files: Memory::default(),
            error_page: RwLock::new(None),
            live: watch::Sender::new(Live::Generation(0)),
        }
    }
}

impl Served {
    /// After a rebuild, or the edited pages rendered before the rest: the error page to
    /// show, if any; open pages that changed reload.
    pub fn changed(&self, error_page: Option<String>) {
        *self
            .error_page
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = error_page.map(Arc::from);
        self.live.send_modify(|live| {
            if let Live::Generation(n) = live {
                *n += 1;
            }
        });
    }

    pub fn shows_errors(&self) -> bool {
        self.error_page().is_some()
    }

    fn error_page(&self) -> Option<Arc<str>> {
        self.error_page
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn generation(&self) -> u64 {
        match *self.live.borrow() {
            Live::Generation(n) => n,
            Live::Stopping => 0,
        }
    }
}

/// Serves until `stop` completes; then every open stream ends and the server returns.
pub async fn run(
    listener: tokio::net::TcpListener,
    served: Arc<Served>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = Router::new()
        .route(LIVE_PATH, get(live))
        .fallback(file)
        .with_state(served.clone());
    let shutdown = async move {
        stop.await;
        served.live.send_replace(Live::Stopping);
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// What an open page was served as, from its script's address.
#[derive(Debug, PartialEq, Eq)]
enum Listening {
    /// A file of the site, as it was: it reloads once the file or an asset changed, or
    /// the content has errors.
    File { path: String, versions: Versions },
    /// The error page or the 404 page, in the site's `generation`: it reloads after any
    /// rebuild (the errors may be others, the page asked for may be there now).
    Any { generation: u64 },
}

impl Listening {
    /// The query the script asks with, for this page.
    fn query(&self) -> String {
        match self {
            Listening::File { path, versions } => {
                let Versions { page, assets } = versions;
                format!("page={path}&version={page}&assets={assets}")
            }
            Listening::Any { generation } => format!("since={generation}"),
        }
    }

    fn of_query(query: &str) -> Option<Listening> {
        let field = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        };
        let number = |name: &str| field(name)?.parse::<u64>().ok();
        if let Some(generation) = number("since") {
            return Some(Listening::Any { generation });
        }
        let versions = Versions {
            page: number("version")?,
            assets: number("assets")?,
        };
        let path = field("page")?.to_owned();
        Some(Listening::File { path, versions })
    }

    /// Whether the page must be loaded again to show the site as it is now.
    fn is_stale(&self, served: &Served, generation: u64) -> bool {
        match self {
            Listening::File { path, versions } => {
                served.shows_errors() || served.files.versions(path) != Some(*versions)
            }
            Listening::Any { generation: then } => generation != *then,
        }
    }
}

/// The events a page listens to: `reload` once a rebuild changed what the page shows
/// (what it was served as is in its script).
async fn live(State(served): State<Arc<Served>>, uri: Uri) -> impl IntoResponse {
    // A page that cannot say what it shows reloads after every rebuild from now on.
    let listening = uri
        .query()
        .and_then(Listening::of_query)
        .unwrap_or(Listening::Any {
            generation: served.generation(),
        });
    let watching = served.clone();
    let stream = WatchStream::new(served.live.subscribe())
        .take_while(|live| *live != Live::Stopping)
        .filter_map(move |live| match live {
            Live::Generation(n) if listening.is_stale(&watching, n) => {
                Some(Ok::<_, std::convert::Infallible>(
                    Event::default().event("reload").data(n.to_string()),
                ))
            }
            _ => None,
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// What a request's path names in the site.
#[derive(Debug, PartialEq, Eq)]
enum Lookup {
    File(String),
    /// A folder asked for without its `/`: pages' relative links need it.
    Folder(String),
    Missing,
}

/// A request's path, percent-decoded, as a path of the site; anything that could step
/// outside the site (`..`, `\`, a NUL, invalid UTF-8) is missing.
fn lookup(raw: &str, files: &Memory) -> Lookup {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Lookup::Missing;
    };
    let Some(path) = decoded.strip_prefix('/') else {
        return Lookup::Missing;
    };
    let unsafe_segment = |s: &str| s == "." || s == ".." || s.contains(['\\', '\0']);
    if path.split('/').any(unsafe_segment) || path.contains("//") {
        return Lookup::Missing;
    }
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return match files.contains(&index) {
            true => Lookup::File(index),
            false => Lookup::Missing,
        };
    }
    if files.contains(path) {
        return Lookup::File(path.to_owned());
    }
    if files.contains(&format!("{path}/index.html")) {
        return Lookup::Folder(format!("/{path}/"));
    }
    Lookup::Missing
}

async fn file(State(served): State<Arc<Served>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
    }
    let found = lookup(uri.path(), &served.files);
    let (status, path) = match found {
        Lookup::Folder(to) => {
            let to = match uri.query() {
                Some(query) => format!("{to}?{query}"),
                None => to,
            };
            return (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, to)],
                Body::empty(),
            )
                .into_response();
        }
        Lookup::File(path) => (StatusCode::OK, path),
        Lookup::Missing => (
            StatusCode::NOT_FOUND,
            not_found_page(uri.path(), &served.files),
        ),
    };
    let is_html = path.ends_with(".html");
    if let Some(error_page) = served.error_page()
        && (is_html || status == StatusCode::NOT_FOUND)
    {
        let listening = Listening::Any {
            generation: served.generation(),
        };
        let page = with_live_reload(error_page.as_bytes(), &listening);
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "index.html",
            page,
            &method,
        );
    }
    let Some((bytes, versions)) = served.files.get_versioned(&path) else {
        return respond(
            StatusCode::NOT_FOUND,
            "404.txt",
            b"Not found\n".to_vec(),
            &method,
        );
    };
    let body = if is_html {
        let listening = match status {
            StatusCode::OK => Listening::File {
                path: path.clone(),
                versions,
            },
            _ => Listening::Any {
                generation: served.generation(),
            },
        };
        with_live_reload(&bytes, &listening)
    } else {
        bytes.to_vec()
    };
    respond(status, &path, body, &method)
}

/// The site's 404 page in the language the path is in (`en/404.html`), else its own.
fn not_found_page(path: &str, files: &Memory) -> String {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let localized = format!("{first}/404.html");
    if !first.is_empty() && files.contains(&localized) {
        localized
    } else {
        "404.html".to_owned()
    }
}

fn respond(status: StatusCode, path: &str, body: Vec<u8>, method: &Method) -> Response {
    let length = body.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    // A preview is always the latest: nothing is kept by the browser.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The media type of a file of the site, by its extension.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The page with the script that reloads it after a rebuild that changes what it shows,
/// before `</body>`.
fn with_live_reload(page: &[u8], listening: &Listening) -> Vec<u8> {
    let query = listening.query();
    let script = format!(
        "<script>/* tiendo serve: reloads the page after a rebuild that changes it */\
         new EventSource(\"{LIVE_PATH}?{query}\").addEventListener(\"reload\",function(){{location.reload()}});</script>\n"
    );
    let at = page
        .windows(b"</body>".len())
        .rposition(|w| w == b"</body>")
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + script.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::site_path::SitePath;
    use crate::output::Sink;

    fn site() -> Memory {
        let files = Memory::default();
        for path in ["index.html", "plans/index.html", "style.css", "404.html"] {
            let path = SitePath::new(path).expect("a path");
            files.write(&path, b"x").expect("written");
        }
        files
    }

    #[test]
    fn only_the_site_s_own_files_are_found() {
        let files = site();
        let file = |p: &str| Lookup::File(p.to_owned());
        assert_eq!(lookup("/", &files), file("index.html"));
        assert_eq!(lookup("/plans/", &files), file("plans/index.html"));
        assert_eq!(lookup("/plans", &files), Lookup::Folder("/plans/".into()));
        assert_eq!(lookup("/style.css", &files), file("style.css"));
        assert_eq!(lookup("/st%79le.css", &files), file("style.css"));
        for hostile in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "/%252e%252e/etc/passwd",
            "/plans/..%5c..%5cindex.html",
            "/plans/../index.html",
            "//etc/passwd",
            "/index.html%00",
            "/%ff",
            "/nothing",
        ] {
            assert_eq!(lookup(hostile, &files), Lookup::Missing, "{hostile}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let listening = Listening::Any { generation: 7 };
        let page = with_live_reload(b"<html><body><p>x</p></body></html>", &listening);
        let page = String::from_utf8(page).expect("UTF-8");
        assert!(page.starts_with("<html><body><p>x</p><script>"), "{page}");
        assert!(page.contains("since=7"), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
    }

    #[test]
    fn a_page_says_what_it_shows_and_reloads_once_that_changed() {
        let served = Served::default();
        let page = SitePath::new("plans/index.html").expect("a path");
        served.files.write(&page, b"<p>a</p>").expect("written");
        let versions = served.files.versions("plans/index.html").expect("served");
        let listening = Listening::File {
            path: "plans/index.html".into(),
            versions,
        };
        let read_back = Listening::of_query(&listening.query()).expect("read back");
        assert_eq!(read_back, listening);
        assert!(!listening.is_stale(&served, 1), "nothing changed");

        let other = SitePath::new("index.html").expect("a path");
        served.files.write(&other, b"<p>home</p>").expect("written");
        served.files.write(&page, b"<p>a</p>").expect("written");
        assert!(!listening.is_stale(&served, 2), "another page changed");

        served.files.write(&page, b"<p>b</p>").expect("written");
        assert!(listening.is_stale(&served, 3), "the page changed");

        let listening = Listening::File {
            path: "plans/index.html".into(),
            versions: served.files.versions("plans/index.html").expect("served"),
        };
        served.changed(Some("<p>1 error</p>".into()));
        assert!(listening.is_stale(&served, 4), "errors are shown instead");
        served.changed(None);

        // The error page and the 404 page: after any rebuild.
        let any = Listening::of_query("since=5").expect("read");
        assert!(!any.is_stale(&served, 5));
        assert!(any.is_stale(&served, 6));
        assert_eq!(Listening::of_query("page=x"), None, "no version");
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("data/plans.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("calendar.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("x/card.svg"), "image/svg+xml");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
