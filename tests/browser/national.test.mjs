// tiendo at the size of the country, on trees written by bench/generate and built by the
// optimised binary (the quick profile): a tree of about 5,000 pages has no broken link;
// the heaviest pages of the full tree (home, the program's comparison, the province with
// the most communes, the deadlines, in Vietnamese and Arabic) pass the HTML checker, axe
// and the page budget; two builds of the full tree are byte-identical; a tree with one
// broken file fails cleanly and leaves the previous site untouched.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { launch, pages, references, repo, screenshots, serve } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU = join(dirname(require.resolve("vnu-jar/package.json")), "build", "dist", "vnu.jar");
const AS_OF = "2026-06-30";
// Outputs of a few GB are written to tmpfs where there is one, as a server's disk cache
// would hold them; the trees themselves are small.
const work = join(repo, "target", "national");
const outputs = existsSync("/dev/shm") ? "/dev/shm/tiendo-national-tests" : join(work, "out");

let tiendo;

before(() => {
  // The quick profile: optimised as a release, without its whole-program inlining,
  // which would add ten minutes of compiling to CI for a few per cent of speed.
  execFileSync("cargo", ["build", "--profile", "quick", "--locked", "--quiet"], { cwd: repo, stdio: "inherit" });
  tiendo = join(repo, "target", "quick", "tiendo");
  mkdirSync(work, { recursive: true });
  rmSync(outputs, { recursive: true, force: true });
  mkdirSync(outputs, { recursive: true });
});

after(() => rmSync(outputs, { recursive: true, force: true }));

function generate(name, scale) {
  const tree = join(work, name);
  rmSync(tree, { recursive: true, force: true });
  execFileSync(join(repo, "bench", "generate"), [tree, "--scale", String(scale)], { stdio: "ignore" });
  return tree;
}

function build(tree, output) {
  return spawnSync(tiendo, ["build", "--quiet", "--root", tree, "--output-dir", output, "--as-of", AS_OF], {
    encoding: "utf8",
  });
}

/// Every file of a folder, by path, with a digest of its bytes.
/// Every file of the site with its digest: all but the output folder's marker, which
/// names the files on disk and the build's times, and so differs between builds.
function digests(root) {
  const found = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path !== join(root, ".tiendo-output")) {
        found.set(relative(root, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
      }
    }
  };
  walk(root);
  return found;
}

/// What the marker says of each file's bytes: its path, size and digest.
function markerFiles(root) {
  const lines = readFileSync(join(root, ".tiendo-output"), "utf8").split("\n");
  const list = lines.findIndex((line) => line.startsWith("The files it wrote"));
  return lines.slice(list + 1).map((line) => line.split(" ").slice(0, 3).join(" "));
}

test("a generated tree of about 5,000 pages has no broken internal link", async () => {
  const tree = generate("tree-5000", 0.008);
  const site = join(outputs, "site-5000");
  const result = build(tree, site);
  assert.equal(result.status, 0, result.stderr);
  const all = pages(site);
  assert.ok(all.length >= 4500, `only ${all.length} pages`);
  const host = await serve(site);
  try {
    const broken = [];
    const checked = new Set();
    for (const path of all) {
      if (path === "404.html") continue;
      const pageUrl = `${host.origin}/${path}`;
      const html = await (await fetch(pageUrl)).text();
      for (const target of references(html, pageUrl)) {
        if (target.origin !== host.origin) continue;
        target.hash = "";
        if (checked.has(target.href)) continue;
        checked.add(target.href);
        const response = await fetch(target, { method: "HEAD" });
        if (response.status !== 200) broken.push(`${path}: ${target.pathname} answers ${response.status}`);
      }
    }
    assert.ok(checked.size >= all.length - 1, `only ${checked.size} links were found`);
    assert.deepEqual(broken, [], broken.slice(0, 20).join("\n"));
  } finally {
    host.server.close();
  }
});

test("a generated tree with one broken file fails cleanly and leaves the previous site untouched", () => {
  const tree = join(work, "tree-5000");
  const site = join(outputs, "site-5000");
  const before = digests(site);
  const provinces = join(tree, "content", "provinces");
  const province = readdirSync(provinces).sort().find((p) => existsSync(join(provinces, p, "communes")));
  const communes = join(provinces, province, "communes");
  const commune = readdirSync(communes).sort()[0];
  const file = join(communes, commune, "_index.yaml");
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.replace("level: commune", "level: comune"));
  try {
    const result = build(tree, site);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`${commune}/_index\\.yaml:\\d+:\\d+`));
    assert.match(result.stderr, /comune/);
    assert.match(result.stderr, /previous site is unchanged/);
    assert.deepEqual(digests(site), before, "the previous site changed");
    const left = readdirSync(outputs).filter((name) => name.includes("staging"));
    assert.deepEqual(left, [], "a staging folder was left behind");
  } finally {
    writeFileSync(file, text);
  }
});

describeFullTree();

/// The full country: 34 provinces, 3,321 communes, four languages.
function describeFullTree() {
  let tree;
  let first;

  test("the full national tree builds at least 50,000 pages, the same bytes twice", () => {
    tree = generate("tree-full", 1);
    first = join(outputs, "full-1");
    const second = join(outputs, "full-2");
    for (const output of [first, second]) {
      const result = build(tree, output);
      assert.equal(result.status, 0, result.stderr);
    }
    assert.ok(pages(first).length >= 50000, `${pages(first).length} pages`);
    const a = digests(first);
    const b = digests(second);
    assert.equal(a.size, b.size);
    const different = [...a].filter(([path, digest]) => b.get(path) !== digest).map(([path]) => path);
    assert.deepEqual(different.slice(0, 20), []);
    assert.deepEqual(markerFiles(first), markerFiles(second));
    assert.ok(markerFiles(first).length > a.size * 0.99, "the marker lists the site's files");
    rmSync(second, { recursive: true, force: true });
  });

  test("the heaviest pages of the full tree pass the HTML checker, axe and the page budget", async () => {
    assert.ok(first, "the full tree was built");
    // The province with the most communes.
    const provinces = join(tree, "content", "provinces");
    const largest = readdirSync(provinces)
      .filter((p) => existsSync(join(provinces, p, "communes")))
      .map((p) => [p, readdirSync(join(provinces, p, "communes")).length])
      .sort((x, y) => y[1] - x[1])[0][0];
    const heaviest = [];
    for (const lang of ["", "ar/"]) {
      for (const path of ["index.html", "programs/directive-52/index.html", `provinces/${largest}/index.html`, "deadlines/index.html"]) {
        heaviest.push(`${lang}${path}`);
      }
    }
    const problems = [];
    const css = gzipSync(readFileSync(join(first, "style.css"))).length;
    for (const path of heaviest) {
      const size = gzipSync(readFileSync(join(first, path))).length + css;
      if (size > 30 * 1024) problems.push(`${path}: ${size} bytes compressed with the stylesheet`);
    }
    const vnu = spawnSync("java", ["-jar", VNU, "--errors-only", ...heaviest.map((p) => join(first, p))], {
      encoding: "utf8",
    });
    if (vnu.status !== 0) problems.push(`the Nu Html Checker: ${vnu.stderr}${vnu.stdout}`);

    const host = await serve(first);
    const browser = await launch();
    try {
      mkdirSync(screenshots, { recursive: true });
      for (const width of [375, 1280]) {
        for (const path of heaviest) {
          const page = await browser.newPage();
          await page.setViewportSize({ width, height: 900 });
          const errors = [];
          page.on("pageerror", (error) => errors.push(String(error)));
          await page.goto(`${host.origin}/${path}`);
          await page.addScriptTag({ content: AXE });
          const result = await page.evaluate(() =>
            // eslint-disable-next-line no-undef
            axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
          );
          for (const violation of result.violations) {
            problems.push(`${path} @${width}: ${violation.id}: ${violation.help}`);
          }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) problems.push(`${path} @${width}: scrolls sideways by ${overflow} px`);
          for (const error of errors) problems.push(`${path} @${width}: ${error}`);
          if (width === 375) {
            const name = `national-${path.replace(/(^|\/)index\.html$/, "").replaceAll("/", "_") || "home"}`;
            await page.screenshot({ path: join(screenshots, `${name}-375.png`), fullPage: false });
          }
          await page.close();
        }
      }
    } finally {
      await browser.close();
      host.server.close();
    }
    assert.deepEqual(problems, [], problems.join("\n"));
  });
}
