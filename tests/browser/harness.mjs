// Shared by the browser tests: builds the example site once, serves it on loopback (at
// the domain root and under a sub-path, since one output must work at both) and starts
// Debian's Chromium through playwright-core. Never downloads a browser.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
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

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/// Builds the example site with the debug binary cargo test has already compiled.
/// `baseUrl` is where the 404 page's absolute links point: the test server, when a
/// browser is to follow them.
export function buildSite(baseUrl = "https://tiendo.example.org/") {
  execFileSync(
    "cargo",
    ["run", "--quiet", "--", "build", "--as-of", AS_OF, "--output-dir", site, "--root", repo, "--base-url", baseUrl],
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

/// Chromium as this workplace runs it: headless, no sandbox (root), nothing fetched
/// from outside, a fresh profile (playwright gives each launch a new one).
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
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
