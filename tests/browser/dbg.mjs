import { launch, serve, site } from "/work/main/tests/browser/harness.mjs";
const host = await serve(site);
const browser = await launch();
const page = await browser.newPage();
page.on("pageerror", (e) => console.log("pageerror:", String(e)));
await page.goto(`${host.origin}/search/`);
const opts = JSON.parse(process.argv[2] || "{}");
console.log(await page.evaluate(async (opts) => {
  const pf = await import("/pagefind/pagefind.js");
  await pf.options(opts);
  const out = [];
  for (const q of ["tang", "tầng", "tăng", "đổi", "đối", "doi"]) {
    const r = await pf.search(q);
    const top = await Promise.all(r.results.slice(0, 4).map((x) => x.data()));
    out.push(q + " (" + r.results.length + "): " + top.map((d) => d.meta.kind + ":" + d.meta.title.slice(0, 50) + " [" + d.excerpt.slice(0, 60) + "]").join(" | "));
  }
  return out.join("\n");
}, opts));
await browser.close(); host.server.close();
