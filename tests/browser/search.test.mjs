// The search page in a real browser, over HTTP as a host serves it: Pagefind's index in
// each language, Vietnamese found without its diacritics (đ as d too) with the exact
// spelling first, Arabic and French, the filters, results that lead to item pages,
// no accessibility violation with results shown, a site under a sub-path, and what a
// reader without JavaScript or with the page opened from a file is told. Also the bytes
// a first search loads.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { SUB_PATH, buildSite, launch, serve, site } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// What a first search may load, all its files together.
const FIRST_SEARCH_BUDGET = 300 * 1024;

let browser;
let host;

before(async () => {
  host = await serve();
  buildSite(`${host.origin}/`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  host?.server.close();
});

/// Opens a search page, types `words` (and picks `filters`, by the options' text), and
/// gives the results shown: each one's kind and place, title, link and excerpt.
async function search(path, words, filters = {}, { origin = host.origin, page } = {}) {
  page ??= await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(`${origin}${path}`);
  await page.locator("form.search-form").waitFor({ state: "visible" });
  for (const [name, label] of Object.entries(filters)) {
    await page.selectOption(`select[name=${name}]`, { label });
  }
  await page.fill("#search-words", words);
  await page.press("#search-words", "Enter");
  await page.waitForFunction(() => {
    const said = document.getElementById("search-said").textContent;
    return said && !said.endsWith("…");
  });
  const results = await page.$$eval("#search-results li", (items) =>
    items.map((li) => ({
      about: li.querySelector(".search-about").textContent,
      title: li.querySelector("h2").textContent,
      href: li.querySelector("a").href,
      excerpt: li.querySelector(".search-excerpt").textContent,
      marked: Array.from(li.querySelectorAll(".search-excerpt mark"), (m) => m.textContent),
    })),
  );
  assert.deepEqual(errors, [], errors.join("\n"));
  return { page, results, said: await page.textContent("#search-said") };
}

test("every page's header links to its language's search page", () => {
  const read = (path) => readFileSync(join(site, path), "utf8");
  assert.match(read("index.html"), /href="search\/index.html">Tìm kiếm</);
  assert.match(read("en/provinces/lao-cai/index.html"), /href="\.\.\/\.\.\/search\/index.html">Search</);
  assert.match(read("ar/index.html"), /href="search\/index.html">بحث</);
});

test("lao cai finds Lào Cai, its page first, and every result leads to an item's page", async () => {
  const { page, results } = await search("/search/", "lao cai");
  assert.ok(results.length >= 5, `${results.length} results`);
  assert.equal(results[0].title, "Lào Cai");
  assert.match(results[0].about, /^Địa phương/);
  assert.ok(results.every((r) => /Lào Cai/i.test(r.title + r.about + r.excerpt)), JSON.stringify(results, null, 1));
  assert.ok(results[0].marked.includes("Lào"));
  for (const result of results.slice(0, 5)) {
    const response = await page.request.get(result.href);
    assert.equal(response.status(), 200, result.href);
  }
  await page.close();
});

test("dang uy finds Đảng ủy, though đ is a letter of its own, and marks it", async () => {
  const { page, results } = await search("/search/", "dang uy");
  assert.ok(results.length > 0, "nothing found");
  const marked = results.flatMap((r) => r.marked);
  assert.ok(marked.includes("Đảng") && marked.includes("ủy"), JSON.stringify(results, null, 1));
  await page.close();
});

test("an exact spelling with its diacritics ranks first, and both are found without them", async () => {
  // Tầng (hạ tầng, infrastructure) and tăng (to increase) are one word without marks.
  const page = await browser.newPage();
  const first = async (words) => (await search("/search/", words, {}, { page })).results;
  const folded = await first("tang");
  const exactly = await first("tầng");
  const other = await first("tăng");
  assert.ok(folded.some((r) => r.marked.includes("tầng,") || r.marked.includes("tầng")));
  assert.ok(folded.some((r) => r.marked.some((m) => m.startsWith("Tăng"))));
  assert.match(exactly[0].marked.join(" "), /tầng/);
  assert.match(other[0].marked.join(" "), /Tăng/);
  await page.close();
});

test("the Arabic and French indexes are their own, searched in their language", async () => {
  const arabic = await search("/ar/search/", "خطة");
  assert.ok(arabic.results.length > 0, "nothing found in Arabic");
  assert.ok(arabic.results.every((r) => r.href.includes("/ar/")), "results in Arabic lead to Arabic pages");
  assert.equal(await arabic.page.getAttribute("html", "dir"), "rtl");
  await arabic.page.close();
  // Without its accents: "resolution" finds "résolution".
  const french = await search("/fr/search/", "resolution");
  assert.ok(french.results.length > 0, "nothing found in French");
  assert.ok(french.results.every((r) => r.href.includes("/fr/")));
  assert.ok(french.results.some((r) => r.marked.some((m) => /^[Rr]ésolution/.test(m))), JSON.stringify(french.results, null, 1));
  await french.page.close();
});

test("the filters narrow by kind, by status and by jurisdiction", async () => {
  const tasks = await search("/en/search/", "plan", { kind: "Task" });
  assert.ok(tasks.results.length > 0);
  assert.ok(tasks.results.every((r) => r.about.startsWith("Task")), JSON.stringify(tasks.results, null, 1));
  await tasks.page.close();

  const late = await search("/en/search/", "", { status: "Past their deadline, not reported done" });
  assert.ok(late.results.length > 0, "no late task found");
  for (const result of late.results) {
    assert.match(result.about, /^Task/);
  }
  await late.page.close();

  const inLaoCai = await search("/en/search/", "", { jurisdiction: "Lao Cai" });
  assert.ok(inLaoCai.results.length > 3);
  assert.ok(inLaoCai.results.every((r) => /Lao Cai/.test(r.about + r.title)), JSON.stringify(inLaoCai.results, null, 1));
  await inLaoCai.page.close();
});

test("the words and filters are kept in the address, and a shared address searches again", async () => {
  const first = await search("/en/search/", "coverage", { kind: "Target" });
  const address = first.page.url();
  assert.match(address, /\?q=coverage&kind=Target$/);
  await first.page.close();
  const page = await browser.newPage();
  await page.goto(address);
  await page.locator("#search-results li").first().waitFor();
  assert.equal(await page.inputValue("#search-words"), "coverage");
  assert.equal(await page.inputValue("select[name=kind]"), "Target");
  await page.close();
});

test("with results shown, the page has no accessibility violation, at phone width too", async () => {
  for (const width of [375, 1280]) {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await search("/ar/search/", "خطة", {}, { page });
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow} px at ${width}`);
    await page.close();
  }
});

test("under a sub-path, the index loads and results lead to pages under it", async () => {
  const { page, results } = await search(`${SUB_PATH}en/search/`, "lao cai");
  assert.ok(results.length > 0);
  for (const result of results.slice(0, 3)) {
    assert.ok(new URL(result.href).pathname.startsWith(SUB_PATH), result.href);
    assert.equal((await page.request.get(result.href)).status(), 200, result.href);
  }
  await page.close();
});

test("without JavaScript, the page says the search needs it and offers the lists", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${host.origin}/en/search/`);
  assert.equal(await page.isVisible("form.search-form"), false);
  assert.match(await page.textContent("#search-why"), /JavaScript/);
  const lists = await page.$$eval("#search-unavailable a", (links) => links.map((a) => a.href));
  assert.equal(lists.length, 3);
  for (const list of lists) assert.equal((await page.request.get(list)).status(), 200, list);
  await context.close();
});

test("opened from a file, the page says the search needs a web server", async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(site, "en", "search", "index.html")).href);
  await page.waitForFunction(() => /web server/.test(document.getElementById("search-why").textContent));
  assert.equal(await page.isVisible("form.search-form"), false);
  await page.close();
});

test("a first search loads under 300 KB", async () => {
  const page = await browser.newPage();
  let bytes = 0;
  const files = [];
  page.on("response", async (response) => {
    if (!new URL(response.url()).pathname.includes("/pagefind/")) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    bytes += body.length;
    files.push(`${new URL(response.url()).pathname} ${body.length}`);
  });
  await search("/search/", "lao cai", {}, { page });
  await page.waitForLoadState("networkidle");
  assert.ok(bytes > 0);
  assert.ok(bytes < FIRST_SEARCH_BUDGET, `${bytes} bytes:\n${files.join("\n")}`);
  console.log(`a first search loaded ${bytes} bytes in ${files.length} files`);
  await page.close();
});
