// Lets readers sort a table marked data-sortable by any column, where JavaScript runs;
// the table reads fully without it. A cell's data-sort, when present, is the number it
// sorts by; cells with nothing to sort by stay last.
(() => {
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    const headers = Array.from(table.tHead.rows[0].cells);
    const collator = new Intl.Collator(document.documentElement.lang, { numeric: true });
    headers.forEach((header, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.append(...header.childNodes);
      header.append(button);
      button.addEventListener("click", () => {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        for (const other of headers) other.removeAttribute("aria-sort");
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const key = (row) => {
          const cell = row.cells[column];
          if (cell.dataset.sort !== undefined) return Number(cell.dataset.sort);
          const text = cell.textContent.trim();
          return text === "–" ? null : text;
        };
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          if (x === null || y === null) return (x === null) - (y === null);
          const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  }
})();
