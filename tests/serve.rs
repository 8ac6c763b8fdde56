//! `tiendo serve` as staff use it: the binary serving a copy of the example site while
//! its files are edited. After every edit the served site must be the site `build`
//! writes from the same content, byte for byte (less the live-reload script), however
//! few outputs the rebuild rendered; while the content has errors every page shows
//! them; no request reaches outside the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{TestSite, tree};

const AS_OF: &str = "2026-06-30";

/// A running `tiendo serve`, stopped with Ctrl-C's signal when dropped.
struct Server {
    child: Child,
    address: String,
    lines: mpsc::Receiver<String>,
    /// Everything it printed so far, for failure messages.
    printed: Vec<String>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tiendo"))
            .args(["serve", "--port", "0", "--as-of", AS_OF, "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tiendo serve starts");
        let stderr = child.stderr.take().expect("its standard error");
        let (to, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if to.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            address: String::new(),
            lines,
            printed: Vec::new(),
        };
        let line = server.wait_for("Serving the site at ");
        server.address = line
            .trim_start_matches("Serving the site at ")
            .trim_end_matches('/')
            .to_owned();
        server
    }

    /// The next line that contains `text`; every line before it is kept.
    fn wait_for(&mut self, text: &str) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    self.printed.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "`tiendo serve` never printed `{text}`; it printed:\n{}",
                    self.printed.join("\n")
                ),
            }
        }
    }

    /// The line of the next rebuild: after the time of day, what changed and what
    /// the rebuild did.
    fn rebuilt(&mut self) -> String {
        loop {
            let line = self.wait_for(": ");
            let timed =
                line.as_bytes().get(2) == Some(&b':') && line.as_bytes().get(5) == Some(&b':');
            if timed && (line.contains(" files rendered") || line.contains(" error")) {
                return line;
            }
        }
    }

    fn get(&self, path: &str) -> Response {
        get(&self.address, path)
    }

    /// The status a path gets once the rebuilds an edit set off are done: a save can
    /// come as more than one change (a folder, then its file).
    fn settles_to(&self, path: &str, status: u16) -> bool {
        for _ in 0..100 {
            if self.get(path).status == status {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Stops it as Ctrl-C does; gives its exit status.
    fn interrupt(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().expect("a status") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`tiendo serve` did not stop within 5 s of Ctrl-C");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One GET, its path sent as it is (no client tidies `..` away).
fn get(address: &str, path: &str) -> Response {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("the server accepts");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("a request");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("a response");
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let headers = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    Response {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

/// The example site, copied where it can be edited.
fn example_site() -> TestSite {
    let site = TestSite::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo.join("content"))
        .into_iter()
        .chain(walkdir::WalkDir::new(repo.join("themes")))
    {
        let entry = entry.expect("a readable tree");
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(repo).expect("inside");
            let bytes = std::fs::read(entry.path()).expect("readable");
            site.write_bytes(&relative.to_string_lossy(), &bytes);
        }
    }
    let yaml = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", &yaml);
    site
}

/// A paragraph at the end of a Markdown file.
fn append(site: &TestSite, path: &str) {
    let mut text = std::fs::read_to_string(site.path().join(path)).expect("read");
    text.push_str("\nMột đoạn mới.\n");
    site.write(path, &text);
}

/// What the script adds to a served page.
fn without_live_reload(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let Some(start) = text.find("<script>/* tiendo serve") else {
        return page.to_vec();
    };
    let end = start + text[start..].find("</script>\n").expect("the script ends") + 10;
    let mut out = page[..start].to_vec();
    out.extend_from_slice(&page[end..]);
    out
}

/// Every file `build` writes from the site as it is now, against what the server serves.
fn assert_serves_the_built_site(site: &TestSite, server: &Server, after: &str) {
    let output = site.path().join("../built");
    let _ = std::fs::remove_dir_all(&output);
    let built = Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .args(["build", "--quiet", "--as-of", AS_OF, "--base-url"])
        .arg(format!("{}/", server.address))
        .arg("--root")
        .arg(site.path())
        .arg("--output-dir")
        .arg(&output)
        .env_remove("SOURCE_DATE_EPOCH")
        .status()
        .expect("tiendo build runs");
    assert!(built.success(), "the site builds after {after}");
    let files = tree(&output);
    let mut differ = Vec::new();
    for (path, bytes) in &files {
        let served = server.get(&format!("/{path}"));
        if served.status != 200 || without_live_reload(&served.body) != *bytes {
            differ.push(path.clone());
        }
    }
    assert!(
        differ.is_empty(),
        "after {after}, {} of {} files differ from the built site, e.g. {:?}",
        differ.len(),
        files.len(),
        &differ[..differ.len().min(5)]
    );
    std::fs::remove_dir_all(&output).expect("removed");
}

/// A change a person makes to the site's files.
type Edit = Box<dyn Fn(&TestSite)>;

const UPDATE: &str = "content/provinces/lang-son/updates/2025-11-04.md";

#[test]
fn each_edit_serves_what_a_build_writes_having_rendered_only_what_it_touched() {
    let site = example_site();
    let mut server = Server::start(site.path());
    let first = server.printed.join("\n");
    assert!(first.contains("first build: "), "{first}");
    assert_serves_the_built_site(&site, &server, "the first build");

    let edits: Vec<(&str, Edit)> = vec![
        (
            "an update's title",
            Box::new(|s| {
                s.edit(UPDATE, "  vi: Lãnh đạo", "  vi: Đã sửa, Lãnh đạo");
            }),
        ),
        (
            "an update's date",
            Box::new(|s| {
                s.edit(UPDATE, "date: 2025-11-04", "date: 2025-11-05");
            }),
        ),
        (
            "a new update",
            Box::new(|s| {
                let text = std::fs::read_to_string(s.path().join(UPDATE)).expect("read");
                s.write(
                    "content/provinces/lang-son/updates/2026-01-15.md",
                    &text.replace("date: 2025-11-04", "date: 2026-01-15"),
                );
            }),
        ),
        (
            "an update removed",
            Box::new(|s| {
                s.remove("content/provinces/lang-son/updates/2026-01-15.md");
            }),
        ),
        (
            "an indicator's name",
            Box::new(|s| {
                let path = "content/indicators/coverage.yaml";
                let text = std::fs::read_to_string(s.path().join(path)).expect("read");
                let line = text.lines().find(|l| l.contains("vi:")).expect("a vi name");
                s.edit(path, line, &format!("{line} (sửa)"));
            }),
        ),
        (
            "a plan's text",
            Box::new(|s| append(s, "content/provinces/hai-phong/plans/20-kh-tu.md")),
        ),
        (
            "a plan's translation",
            Box::new(|s| append(s, "content/provinces/hai-phong/plans/20-kh-tu.en.md")),
        ),
        (
            "a plan's target",
            Box::new(|s| {
                let path = "content/provinces/hai-phong/plans/20-kh-tu.md";
                let text = std::fs::read_to_string(s.path().join(path)).expect("read");
                let line = text
                    .lines()
                    .find(|l| l.contains("value:"))
                    .expect("a value");
                let (key, value) = line.split_once("value:").expect("value");
                s.edit(path, line, &format!("{key}value: {}1", value.trim()));
            }),
        ),
        (
            "the site's title",
            Box::new(|s| {
                s.edit("site.yaml", "  vi: \"Tiến độ", "  vi: \"Bản thử: Tiến độ");
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&site);
        let line = server.rebuilt();
        assert!(line.contains("files rendered"), "after {what}: {line}");
        assert_serves_the_built_site(&site, &server, what);
    }
    let lines = server.printed.join("\n");
    // An update's title re-renders its pages and the lists of updates, not the site.
    let title = server
        .printed
        .iter()
        .find(|l| l.contains("2025-11-04.md: "))
        .expect("the title's rebuild");
    let rendered: usize = title
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in {title}"));
    let total: usize = title
        .split(" of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a total in {title}"));
    assert!(rendered < total / 2, "{lines}");
    // Its own pages first, shown before the rest was rendered.
    assert!(title.contains(" (its pages first, shown after "), "{title}");
    assert!(server.interrupt().success());
}

#[test]
fn errors_show_in_every_page_from_the_first_start_until_fixed() {
    let site = TestSite::new();
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "date: 2025-11-28",
        "date: 2025-13-28",
    );
    let mut server = Server::start(site.path());
    assert!(server.printed.join("\n").contains("1 error"));
    for path in ["/", "/provinces/lao-cai/", "/no/such/page/"] {
        let page = server.get(path);
        assert_eq!(page.status, 500, "{path}");
        let text = page.text();
        assert!(text.contains("The site has 1 error"), "{text}");
        assert!(
            text.contains("content/provinces/lao-cai/updates/2025-11-28.md:2:7"),
            "{text}"
        );
        assert!(text.contains("date: 2025-13-28"), "{text}");
        assert!(text.contains("^^^^^^^^^^"), "{text}");
        assert!(text.contains("help: "), "{text}");
        assert!(
            text.contains("EventSource"),
            "the error page reloads too: {text}"
        );
    }
    site.edit(
        "content/provinces/lao-cai/updates/2025-11-28.md",
        "date: 2025-13-28",
        "date: 2025-11-28",
    );
    let line = server.rebuilt();
    assert!(line.contains("files rendered"), "{line}");
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Tiến độ thử nghiệm"));

    // A template that breaks, then a site.yaml that does: the server stays up.
    site.write("templates/base.html", "{% block x %}{{ oops");
    assert!(server.settles_to("/", 500), "{}", server.printed.join("\n"));
    assert!(server.get("/").text().contains("templates/base.html"));
    site.remove("templates");
    assert!(server.settles_to("/", 200), "{}", server.printed.join("\n"));
    site.edit("site.yaml", "languages: [vi, en]", "languages: [vi, en");
    assert!(server.settles_to("/", 500), "{}", server.printed.join("\n"));
    assert!(server.get("/").text().contains("site.yaml:"));
    site.edit("site.yaml", "languages: [vi, en", "languages: [vi, en]");
    assert!(server.settles_to("/", 200), "{}", server.printed.join("\n"));
    assert!(server.interrupt().success());
}

#[test]
fn only_the_built_site_is_served_with_its_types() {
    let site = TestSite::new();
    let server = Server::start(site.path());
    for hostile in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%252e%252e/etc/passwd",
        "/provinces/..%5c..%5csite.yaml",
        "/site.yaml",
        "/content/viet-nam/_index.yaml",
        "//etc/passwd",
    ] {
        let response = server.get(hostile);
        assert_eq!(response.status, 404, "{hostile}");
        assert!(!response.text().contains("root:"), "{hostile}");
    }
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<html"), "the site's 404 page");
    let home = server.get("/");
    assert!(
        home.headers.contains("text/html; charset=utf-8"),
        "{}",
        home.headers
    );
    let folder = server.get("/provinces/lao-cai");
    assert_eq!(folder.status, 308);
    assert!(folder.headers.contains("/provinces/lao-cai/"));
    let css = server.get("/style.css");
    assert!(css.headers.contains("text/css"), "{}", css.headers);
}

#[test]
fn the_built_site_never_carries_the_script() {
    let site = TestSite::new();
    site.build().success();
    let files = tree(&site.output());
    for (path, bytes) in files {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("EventSource"),
            "{path}"
        );
    }
}

#[test]
fn a_port_in_use_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("an address").port().to_string();
    let site = TestSite::new();
    let output = Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .expect("tiendo runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

/// The reloads an open page is told of, as the generation each came in: its script's
/// stream of events, read on a thread of its own.
fn reloads_of(server: &Server, page: &str) -> mpsc::Receiver<u64> {
    let served = server.get(page).text();
    let start = served.find("EventSource(\"").expect("the page listens") + 13;
    let live = served[start..]
        .split('"')
        .next()
        .expect("its address")
        .to_owned();
    let host = server.address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&host).expect("the server accepts");
    write!(
        stream,
        "GET {live} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("a request");
    let (to, reloads) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reload = false;
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if line == "event: reload" {
                reload = true;
            } else if let Some(n) = line.strip_prefix("data: ").filter(|_| reload) {
                reload = false;
                if to.send(n.parse().expect("a generation")).is_err() {
                    break;
                }
            }
        }
    });
    reloads
}

#[test]
fn an_open_page_reloads_only_when_what_it_shows_changed() {
    let site = example_site();
    let mut server = Server::start(site.path());
    let edited = reloads_of(&server, "/provinces/lang-son/updates/2025-11-04/");
    let elsewhere = reloads_of(&server, "/provinces/hai-phong/plans/20-kh-tu/");
    let wait = Duration::from_secs(60);

    site.edit(UPDATE, "  vi: Lãnh đạo", "  vi: Đã sửa, Lãnh đạo");
    server.rebuilt();
    let shown = edited.recv_timeout(wait).expect("the edited page reloads");
    // Reloaded, as a browser does: it listens again, as it is now.
    let edited = reloads_of(&server, "/provinces/lang-son/updates/2025-11-04/");

    append(&site, "content/provinces/hai-phong/plans/20-kh-tu.md");
    server.rebuilt();
    let first = elsewhere
        .recv_timeout(wait)
        .expect("the plan's page reloads");
    assert!(
        first > shown + 1,
        "the plan's page reloaded in generation {first}, before its plan was edited (the update's page reloaded in {shown})"
    );
    // Its reloads are sent as the plan's page's are: none came for the update's page,
    // which the plan's edit left as it was.
    let again = edited.recv_timeout(Duration::from_millis(500));
    assert!(
        again.is_err(),
        "the update's page reloaded again: {again:?}"
    );
    assert!(server.interrupt().success());
}
