// Every page passes the Nu Html Checker (vnu-jar, run with the machine's Java).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { buildSite } from "./harness.mjs";

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
