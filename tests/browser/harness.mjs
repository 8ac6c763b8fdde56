// Shared by the browser tests: builds the example site once, serves it on loopback (at
// the domain root and under a sub-path, since one output must work at both) and starts
// Debian's Chromium through playwright-core. Never downloads a browser.
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const site = join(repo, "target", "browser-tests", "site");
export const screenshots = join(repo, "target", "screenshots");
/// The example site is shown as it stood after Hai Phong's plan (3 December 2025).
export const AS_OF = "2025-12-05";
/// Where the site is also hosted, to prove that its links do not assume the root.
export const SUB_PATH = "/hosted/under/a-sub-path/";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/// Earlier versions of the example's content, each a text found after an anchor in a
/// file and what it said before: a deadline moved, a status reported, a figure revised.
const EARLIER = [
  ["content/provinces/lao-cai/plans/15-kh-tu.md", "id: premium-support", "deadline: 2025-12", "deadline: 2025-10"],
  ["content/provinces/lao-cai/plans/15-kh-tu.md", "id: integrate-targets", "status: done", "status: in_progress"],
  ["content/provinces/lang-son/updates/2025-11-04.md", "indicator: coverage", "value: 95", "value: 94.5"],
];

/// The example site as a git repository whose history holds one change of each kind the
/// pages show, all before AS_OF, and ends in the example's content as it is: so that
/// every page test sees what history adds to the pages (tags, the story of a deadline,
/// lists of changes, commit links) in every language, at every width.
function exampleWithHistory() {
  const root = join(repo, "target", "browser-tests", "example-with-history");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  cpSync(join(repo, "site.yaml"), join(root, "site.yaml"));
  cpSync(join(repo, "content"), join(root, "content"), { recursive: true });
  appendFileSync(join(root, "site.yaml"), "repository: https://github.com/example/tiendo-content\n");
  const git = (date, ...args) =>
    execFileSync("git", args, {
      cwd: root,
      stdio: "ignore",
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
        GIT_AUTHOR_NAME: "Sở Y tế",
        GIT_AUTHOR_EMAIL: "soyte@example.org",
        GIT_COMMITTER_NAME: "Sở Y tế",
        GIT_COMMITTER_EMAIL: "soyte@example.org",
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: root,
      },
    });
  const now = new Map();
  for (const [file, anchor, text, before] of EARLIER) {
    const path = join(root, file);
    if (!now.has(path)) now.set(path, readFileSync(path, "utf8"));
    const current = readFileSync(path, "utf8");
    const at = current.indexOf(text, current.indexOf(anchor));
    if (current.indexOf(anchor) < 0 || at < 0) {
      throw new Error(`${file} no longer has ${text} after ${anchor}: update EARLIER in harness.mjs`);
    }
    writeFileSync(path, current.slice(0, at) + before + current.slice(at + text.length));
  }
  git("2025-11-20T09:00:00+07:00", "init", "-q", "-b", "main");
  git("2025-11-20T09:00:00+07:00", "add", "-A");
  git("2025-11-20T09:00:00+07:00", "commit", "-q", "-m", "The example site");
  for (const [path, text] of now) writeFileSync(path, text);
  git("2025-12-02T10:00:00+07:00", "commit", "-q", "-a", "-m", "Progress reported");
  return root;
}

/// Builds the example site, with a history, with the debug binary cargo test has already
/// compiled. `baseUrl` is where the 404 page's absolute links point: the test server,
/// when a browser is to follow them.
export function buildSite(baseUrl = "https://tiendo.example.org/") {
  const root = exampleWithHistory();
  execFileSync(
    "cargo",
    ["run", "--quiet", "--", "build", "--as-of", AS_OF, "--output-dir", site, "--root", root, "--base-url", baseUrl],
    { cwd: repo, stdio: ["ignore", "inherit", "inherit"] },
  );
  return site;
}

/// Every HTML page of a built site (the example's unless told), as paths relative to
/// its root.
export function pages(root = site) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".html")) found.push(relative(root, path).split("\\").join("/"));
    }
  };
  walk(root);
  return found;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  // Module scripts (the search's) are run only when served as JavaScript.
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
};

/// A static server on 127.0.0.1 serving a site (the example's unless told) at `/` and at
/// SUB_PATH, as any static host would: a folder's index.html, and 404.html with status
/// 404 for anything else.
export async function serve(root = site) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    const inside = path.startsWith(SUB_PATH) ? path.slice(SUB_PATH.length - 1) : path;
    let file = join(root, inside);
    if (!file.startsWith(root)) file = "";
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (file && existsSync(file) && statSync(file).isFile()) {
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(readFileSync(file));
    } else {
      response.writeHead(404, { "content-type": TYPES[".html"] });
      response.end(readFileSync(join(root, "404.html")));
    }
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address();
  return { server, origin: `http://127.0.0.1:${port}` };
}

/// How every test starts Chromium, through playwright or on its own command line.
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/// Chromium as this workplace runs it: headless, no sandbox (root), nothing fetched
/// from outside, a fresh profile (playwright gives each launch a new one).
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/// Every href and src of a page, resolved against the page's own address. An unquoted
/// value never starts with `&`: `href=&quot;…` is markup shown as text (the snippet to
/// embed a card), not an attribute.
export function references(html, pageUrl) {
  const found = [];
  for (const match of html.matchAll(/\b(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s>"'&][^\s>]*))/g)) {
    const value = (match[1] ?? match[2] ?? match[3]).replaceAll("&amp;", "&");
    found.push(new URL(value, pageUrl));
  }
  return found;
}
