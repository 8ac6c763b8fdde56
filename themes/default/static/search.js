// The search page: Pagefind's index (its bundle at the site's root) searched as the
// reader types, narrowed by the page's filters; each result links to its item's page.
// The address keeps the words and filters, so that a search can be shared. Without
// JavaScript, or in a page opened from a file (where the index cannot be fetched), the
// page's own message and lists stay. A classic script, not a module: Chromium runs no
// module from a file, and this one has to say so.
(() => {
const box = document.getElementById("search");
const why = document.getElementById("search-why");
const form = box.querySelector("form");
const words = form.elements.q;
const filters = ["kind", "status", "jurisdiction"]
  .map((name) => form.elements[name])
  .filter(Boolean);
const said = document.getElementById("search-said");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const SHOWN_AT_ONCE = 10;
const TYPING_PAUSE_MS = 250;
const number = new Intl.NumberFormat(document.documentElement.lang);

if (location.protocol === "file:") {
  why.textContent = box.dataset.needsServer;
} else {
  start();
}

async function start() {
  let pagefind;
  try {
    const script = new URL(box.dataset.bundle + "pagefind.js", document.baseURI);
    pagefind = await import(script.href);
    // Addresses as indexed, from the site's root: each result's link is made relative
    // below. (Pagefind would prefix the folder it was loaded from.)
    await pagefind.options({ baseUrl: "/" });
    await pagefind.init();
  } catch {
    why.textContent = box.dataset.failed;
    return;
  }
  document.getElementById("search-unavailable").hidden = true;
  form.hidden = false;

  const asked = new URLSearchParams(location.search);
  words.value = asked.get("q") ?? "";
  for (const select of filters) {
    const value = asked.get(select.name);
    if (value && Array.from(select.options).some((o) => o.value === value)) {
      select.value = value;
    }
  }

  let results = [];
  let shown = 0;
  // Each search has a number: a slower earlier one does not overwrite a later one.
  let latest = 0;

  async function run() {
    const query = words.value.trim();
    const chosen = {};
    for (const select of filters) {
      if (select.value) chosen[select.name] = select.value;
    }
    remember(query, chosen);
    const ticket = ++latest;
    if (!query && Object.keys(chosen).length === 0) {
      results = [];
      list.replaceChildren();
      said.textContent = "";
      more.hidden = true;
      return;
    }
    said.textContent = box.dataset.searching;
    const found = await pagefind.search(query || null, { filters: chosen });
    if (ticket !== latest) return;
    results = found?.results ?? [];
    shown = 0;
    list.replaceChildren();
    await showMore(ticket);
    // Said once the first results are there to be read.
    if (ticket !== latest) return;
    said.textContent = results.length
      ? box.dataset.count.replace("{count}", number.format(results.length))
      : box.dataset.none;
  }

  async function showMore(ticket) {
    const query = words.value.trim();
    const next = results.slice(shown, shown + SHOWN_AT_ONCE);
    const data = await Promise.all(next.map((result) => result.data()));
    if (ticket !== latest) return;
    // An item named just what was asked comes first ("lao cai": Lào Cai itself, before
    // its plans): Pagefind weighs a title's words, not whether they are all of it.
    if (shown === 0 && query) {
      const asked = fold(query);
      const named = (d) => (fold(d.meta.title) === asked ? 0 : 1);
      data.sort((a, b) => named(a) - named(b));
    }
    list.append(...data.map((d) => item(d, query)));
    shown += next.length;
    more.hidden = shown >= results.length;
  }

  let pause;
  words.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(run, TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pause);
    run();
  });
  for (const select of filters) select.addEventListener("change", run);
  more.addEventListener("click", () => showMore(latest));
  run();
}

// One result: its kind and place, its title linking to its page, and an excerpt with
// the words found marked.
function item(data, query) {
  const li = document.createElement("li");
  const about = document.createElement("p");
  about.className = "search-about";
  about.textContent = [data.meta.kind, data.meta.place].filter(Boolean).join(" · ");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  // Pagefind gives each page's address from the site's root; the page's own way back
  // to the root keeps it working under any folder the site is published in.
  link.href = box.dataset.root + data.url.replace(/^\//, "");
  link.textContent = data.meta.title;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptOf(data.content, query));
  li.append(about, heading, excerpt);
  return li;
}

// A word as it is typed without diacritics: đ as d too, which Pagefind's index finds
// through each record's folded words but does not mark in its own excerpts.
function fold(text) {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

const EXCERPT_WORDS = 28;

// The part of a record's text with the most of the words asked (each found as the start
// of a word, as Pagefind finds them), those words marked; built as nodes, never as markup.
function excerptOf(content, query) {
  const asked = query.split(/\s+/).map(fold).filter(Boolean);
  const tokens = content.split(/(\s+)/);
  const found = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const word = fold(tokens[i].replace(/^[^\p{L}\p{N}]+/u, ""));
    found.push(asked.findIndex((term) => word.startsWith(term)));
  }
  let best = 0;
  let bestScore = -1;
  for (let start = 0; start < Math.max(1, found.length - EXCERPT_WORDS + 1); start++) {
    const window = found.slice(start, start + EXCERPT_WORDS).filter((f) => f >= 0);
    const score = new Set(window).size * 100 + window.length;
    if (score > bestScore) [best, bestScore] = [start, score];
  }
  const end = Math.min(found.length, best + EXCERPT_WORDS);
  const nodes = [];
  if (best > 0) nodes.push(document.createTextNode("… "));
  for (let w = best; w < end; w++) {
    const text = tokens[w * 2];
    if (found[w] >= 0) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(text));
    }
    if (w + 1 < end) nodes.push(document.createTextNode(" "));
  }
  if (end < found.length) nodes.push(document.createTextNode(" …"));
  return nodes;
}

// The words and filters in the address, replacing it: back leaves the search page.
function remember(query, chosen) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(chosen)) params.set(name, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}
})();
