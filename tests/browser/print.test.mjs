// Printing a page for a meeting: Chromium prints a jurisdiction's page and a plan's, in
// Vietnamese and in Arabic, to PDF (--print-to-pdf, as anyone's browser would), and
// pdftotext reads the paper back: no navigation, language switcher, skip link or embed
// snippet on it, every source's address printed. In print media a table row is never
// cut and the charts are drawn in black.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { CHROMIUM, CHROMIUM_FLAGS, buildSite, launch } from "./harness.mjs";

const PAGES = ["provinces/lao-cai/index.html", "provinces/lao-cai/plans/15-kh-tu/index.html"];
const LANGUAGES = [
  { prefix: "", home: "Trang chủ", skip: "Đến nội dung chính", embed: "Nhúng thẻ này" },
  { prefix: "ar/", home: "الرئيسية", skip: "انتقل إلى المحتوى", embed: "تضمين هذه البطاقة" },
];

let site;
let work;
before(() => {
  site = buildSite();
  work = mkdtempSync(join(tmpdir(), "tiendo-print-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

/// The page as Chromium prints it, read back as text.
function printed(path) {
  const pdf = join(work, `${path.replaceAll("/", "_")}.pdf`);
  execFileSync(CHROMIUM, [
    ...CHROMIUM_FLAGS,
    `--user-data-dir=${mkdtempSync(join(work, "profile-"))}`,
    "--no-pdf-header-footer",
    `--print-to-pdf=${pdf}`,
    pathToFileURL(join(site, path)).href,
  ], { stdio: "ignore" });
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  // pdftotext marks the direction of each run of right-to-left text with Unicode's
  // embedding controls; the words are what is checked.
  return text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
}

for (const { prefix, home, skip, embed } of LANGUAGES) {
  for (const page of PAGES) {
    const path = `${prefix}${page}`;
    test(`${path} prints without what only a screen can use, with its sources' addresses`, () => {
      const text = printed(path);
      // What the page is about is on paper (its figures, its plan's number).
      assert.match(text, /89[,.]18/, text);
      assert.match(text, /15-KH\/TU/);
      // Not the navigation, the language switcher, the skip link or the embed snippet.
      for (const gone of [home, skip, embed, "English", "Français", "<img", "&lt;a href"]) {
        assert.ok(!text.includes(gone), `${path} prints «${gone}»:\n${text}`);
      }
      // Each source's address, where a reader of the paper can type it.
      assert.ok(text.includes("<https://baolaocai.vn/"), `${path} prints no source address:\n${text}`);
    });
  }
}

test("in print, table rows are never cut and charts are black on white", async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    for (const { prefix } of LANGUAGES) {
      for (const path of PAGES) {
        await page.goto(pathToFileURL(join(site, `${prefix}${path}`)).href);
        await page.emulateMedia({ media: "print" });
        const styles = await page.evaluate(() => {
          const style = (selector, property) => {
            const element = document.querySelector(selector);
            return element ? getComputedStyle(element)[property] : null;
          };
          return {
            row: style("tbody tr", "breakInside"),
            header: style("thead", "display"),
            series: style(".chart-series", "stroke"),
            point: style(".chart-point", "fill"),
            path: style(".chart-path", "stroke"),
            nav: style(".site-header nav", "display"),
            embed: style(".embed", "display"),
          };
        });
        assert.deepEqual(
          styles,
          {
            row: "avoid",
            header: "table-header-group",
            series: "rgb(0, 0, 0)",
            point: "rgb(0, 0, 0)",
            path: "rgb(0, 0, 0)",
            nav: "none",
            embed: "none",
          },
          `${prefix}${path}`,
        );
      }
    }
  } finally {
    await browser.close();
  }
});
