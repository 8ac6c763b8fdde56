// What a first search loads, measured on any built site (not a test: the national tree
// takes minutes to build). `node search-bytes.mjs SITE_FOLDER`, for instance after
// `bench/generate /dev/shm/national` and a build of it into /dev/shm/national-out.
// Prints, for a few searches in several languages, the bytes of every file of the
// search's bundle the page fetched, until the network is idle.
import { resolve } from "node:path";
import { launch, serve } from "./harness.mjs";

const host = await serve(resolve(process.argv[2] ?? "/dev/shm/national-out"));
const browser = await launch();
for (const [path, q] of [["/search/", "lao cai"], ["/search/", "tuyên truyền"], ["/en/search/", "ha noi"], ["/ar/search/", "خطة"]]) {
  const page = await browser.newPage();
  let bytes = 0; const files = [];
  page.on("response", async (r) => { const b = await r.body().catch(() => Buffer.alloc(0)); if (r.url().includes("/pagefind/")) { bytes += b.length; files.push(new URL(r.url()).pathname.split("/").pop() + " " + b.length); } });
  const t0 = Date.now();
  await page.goto(`${host.origin}${path}`);
  await page.locator("form.search-form").waitFor({ state: "visible" });
  await page.fill("#search-words", q);
  await page.press("#search-words", "Enter");
  await page.waitForFunction(() => { const s = document.getElementById("search-said").textContent; return s && !s.endsWith("…"); }, null, { timeout: 60000 });
  await page.waitForLoadState("networkidle");
  const said = await page.textContent("#search-said");
  const first = await page.$$eval("#search-results h2", (h) => h.slice(0, 3).map((x) => x.textContent));
  console.log(`${path} "${q}": ${said}; ${bytes} bytes in ${files.length} files, ${Date.now() - t0} ms; first: ${first.join(" | ")}`);
  console.log("   " + files.join(", "));
  await page.close();
}
await browser.close(); host.server.close();
