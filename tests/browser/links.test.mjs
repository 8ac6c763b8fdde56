// No broken internal link or asset: every page is crawled as a browser would load it,
// with the site hosted at the domain root and under a sub-path.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SUB_PATH, buildSite, pages, references, serve } from "./harness.mjs";

let host;

before(async () => {
  buildSite();
  host = await serve();
});

after(() => host?.server.close());

for (const [where, prefix] of [["at the domain root", "/"], ["under a sub-path", SUB_PATH]]) {
  test(`no broken internal link or asset ${where}`, async () => {
    const broken = [];
    const checked = new Set();
    for (const path of pages()) {
      if (path === "404.html") continue; // Its links are absolute, to the published address.
      const pageUrl = `${host.origin}${prefix}${path}`;
      const html = await (await fetch(pageUrl)).text();
      for (const target of references(html, pageUrl)) {
        if (target.origin !== host.origin) continue;
        target.hash = "";
        const key = target.href;
        if (checked.has(key)) continue;
        checked.add(key);
        if (!target.pathname.startsWith(prefix)) {
          broken.push(`${path}: ${key} leaves the site's folder`);
          continue;
        }
        const response = await fetch(target);
        if (response.status !== 200) broken.push(`${path}: ${key} answers ${response.status}`);
      }
    }
    assert.ok(checked.size >= pages().length - 1, `only ${checked.size} links were found`);
    assert.deepEqual(broken, [], broken.join("\n"));
  });
}
