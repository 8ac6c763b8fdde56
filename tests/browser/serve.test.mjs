// `tiendo serve` in a browser, as staff use it: a page open on a copy of the example
// site reloads itself after a saved edit; a mistake shows the error page in that same
// tab (no axe violation, readable on a phone), and the fix brings the page back.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { AS_OF, launch, repo, screenshots } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const UPDATE = "content/provinces/lang-son/updates/2025-11-04.md";
const PAGE = "provinces/lang-son/updates/2025-11-04/";

let folder, server, origin, browser;

/// Starts `tiendo serve` on a copy of the example site; resolves with its address.
function startServer(root) {
  const child = spawn(
    "cargo",
    ["run", "--quiet", "--", "serve", "--port", "0", "--as-of", AS_OF, "--root", root],
    { cwd: repo, stdio: ["ignore", "ignore", "pipe"] },
  );
  let printed = "";
  const address = new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      printed += chunk;
      const found = printed.match(/Serving the site at (\S+)/);
      if (found) resolve(found[1]);
    });
    child.on("exit", (code) => reject(new Error(`tiendo serve exited (${code}):\n${printed}`)));
  });
  return { child, address, printed: () => printed };
}

before(async () => {
  folder = mkdtempSync(join(tmpdir(), "tiendo-serve-"));
  for (const name of ["site.yaml", "content", "themes"]) {
    cpSync(join(repo, name), join(folder, name), { recursive: true });
  }
  server = startServer(folder);
  origin = await server.address;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.child.kill("SIGKILL");
  rmSync(folder, { recursive: true, force: true });
});

function edit(from, to) {
  const path = join(folder, UPDATE);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${UPDATE} holds ${from}`);
  writeFileSync(path, text.replace(from, to));
}

test("an open page reloads after an edit, shows an error where it is read, and comes back", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  const logged = [];
  // The error page comes with status 500 (it is not the page asked for), which the
  // browser logs as a failed load: that alone is expected.
  const expected = /status of 500/;
  page.on("console", (m) => m.type() === "error" && !expected.test(m.text()) && logged.push(m.text()));
  await page.goto(origin + PAGE);
  const heading = () => page.locator("h1").first().textContent();
  assert.equal(await heading(), "Lãnh đạo UBND tỉnh làm việc với Sở Y tế");

  // Saved in the editor: the tab reloads by itself.
  edit("  vi: Lãnh đạo UBND", "  vi: Đã sửa, Lãnh đạo UBND");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.startsWith("Đã sửa"), null, {
    timeout: 15000,
  });

  // A typo in a date: the same tab shows the error, with its place and its help.
  edit("date: 2025-11-04", "date: 2025-13-04");
  await page.waitForFunction(() => document.title.startsWith("The site has 1 error"), null, { timeout: 15000 });
  const text = await page.locator("main").textContent();
  assert.match(text, /content\/provinces\/lang-son\/updates\/2025-11-04\.md:2:7/);
  assert.match(text, /date: 2025-13-04/);
  assert.match(text, /help: /);
  await page.addScriptTag({ content: AXE });
  const results = await page.evaluate(() =>
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  assert.deepEqual(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`),
    [],
  );
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(sideways, false, `the error page scrolls sideways at ${width} px`);
    await page.screenshot({ path: join(screenshots, `serve-error-${width}.png`), fullPage: true });
  }

  // The fix: the page comes back, with the edit before the mistake.
  edit("date: 2025-13-04", "date: 2025-11-04");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.startsWith("Đã sửa"), null, {
    timeout: 15000,
  });
  assert.deepEqual(logged, []);
  await page.close();
});

test("Ctrl-C stops the server cleanly", async () => {
  const stopped = new Promise((resolve) => server.child.on("exit", (code, signal) => resolve({ code, signal })));
  server.child.kill("SIGINT");
  const { code } = await stopped;
  assert.equal(code, 0, server.printed());
  assert.match(server.printed(), /Stopped\./);
  server = null;
});
