// Taking the site offline: `tiendo build --zip FILE` writes the whole site as one zip;
// unzipped into a folder of any name and opened from disk (file://) in Chromium, every
// page loads without an error and every link, stylesheet, script and image it has on
// disk leads to a file that is there.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { AS_OF, launch, pages, repo } from "./harness.mjs";

let work;
let unzipped;
before(() => {
  work = mkdtempSync(join(tmpdir(), "tiendo-offline-"));
  const zip = join(work, "site.zip");
  execFileSync(
    "cargo",
    ["run", "--quiet", "--", "build", "--as-of", AS_OF, "--output-dir", join(work, "public"), "--zip", zip],
    { cwd: repo, stdio: ["ignore", "inherit", "inherit"] },
  );
  // Somewhere else, under a name with a space: nothing may depend on where it is.
  unzipped = join(work, "on a USB stick", "tiến độ");
  execFileSync("python3", ["-m", "zipfile", "-e", zip, unzipped]);
});
after(() => rmSync(work, { recursive: true, force: true }));

test("the zip holds the whole site", () => {
  const built = pages(join(work, "public"));
  assert.deepEqual(pages(unzipped), built);
  assert.ok(built.length > 100, `only ${built.length} pages`);
  assert.ok(!existsSync(join(unzipped, ".tiendo-output")), "tiendo's marker is not the site's");
});

test("unzipped and opened from disk, every page loads and every link on disk is there", async () => {
  const browser = await launch();
  const problems = [];
  let checked = 0;
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    for (const path of pages(unzipped)) {
      // The 404 page is shown by a host at any address; on disk it is never opened.
      if (path === "404.html") continue;
      errors.length = 0;
      const url = pathToFileURL(join(unzipped, path)).href;
      const response = await page.goto(url);
      if (!response || !response.ok()) problems.push(`${path}: did not open`);
      const references = await page.evaluate(() =>
        [...document.querySelectorAll("a[href], link[href], img[src], script[src]")].map((e) => e.href || e.src),
      );
      for (const reference of references) {
        if (!reference.startsWith("file:")) continue;
        checked += 1;
        const target = fileURLToPath(reference.split("#")[0].split("?")[0]);
        if (!existsSync(target) || !statSync(target).isFile()) {
          problems.push(`${path}: ${reference} is not a file on disk`);
        }
      }
      for (const error of errors) problems.push(`${path}: ${error}`);
    }
    // A reader follows links as they would: the home page to a province, to a plan.
    await page.goto(pathToFileURL(join(unzipped, "en", "index.html")).href);
    await page.click("a[href$='provinces/lao-cai/index.html']");
    await page.click("a[href$='plans/15-kh-tu/index.html']");
    assert.match(page.url(), /en\/provinces\/lao-cai\/plans\/15-kh-tu\/index\.html$/);
    assert.ok(await page.locator("h1").count(), "the plan's page has its heading");
  } finally {
    await browser.close();
  }
  assert.deepEqual(problems.slice(0, 20), [], problems.slice(0, 20).join("\n"));
  assert.ok(checked > pages(unzipped).length * 10, `only ${checked} references on disk were checked`);
});
