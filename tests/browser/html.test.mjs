// Every page passes the Nu Html Checker (vnu-jar, run with the machine's Java).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { buildSite, pages } from "./harness.mjs";

const require = createRequire(import.meta.url);
const VNU = join(dirname(require.resolve("vnu-jar/package.json")), "build", "dist", "vnu.jar");

test("every page is valid HTML", () => {
  const site = buildSite();
  const result = spawnSync("java", ["-jar", VNU, "--errors-only", "--skip-non-html", site], {
    encoding: "utf8",
  });
  assert.equal(result.error, undefined, `java could not be started: ${result.error}`);
  assert.equal(result.status, 0, `the Nu Html Checker found errors:\n${result.stderr}${result.stdout}`);
});

test("every page is light: its HTML and the stylesheet under 30 KB compressed", () => {
  const site = buildSite();
  const css = gzipSync(readFileSync(join(site, "style.css"))).length;
  const heavy = [];
  for (const path of pages()) {
    const html = gzipSync(readFileSync(join(site, path))).length;
    if (html + css > 30 * 1024) heavy.push(`${path}: ${html} + ${css} bytes compressed`);
  }
  assert.deepEqual(heavy, [], heavy.join("\n"));
});
