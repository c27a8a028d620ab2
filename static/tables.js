// Progressive enhancement for data tables. Every table is complete without
// this script; with it, each column header becomes a button that sorts the
// rows (aria-sort tells assistive technology the order, a status message
// says what happened), and tables marked "filterable" get a box that hides
// the rows not containing the typed text. Buttons and the box are ordinary
// form controls, so both work from the keyboard.
(function () {
  "use strict";

  var uid = 0;
  function ensureId(el, prefix) {
    if (!el.id) el.id = prefix + "-" + (++uid);
    return el.id;
  }

  // status returns a polite live region placed before the table.
  function status(table) {
    var s = table.__status;
    if (s) return s;
    s = document.createElement("p");
    s.className = "meta table-status";
    s.setAttribute("role", "status");
    table.__status = s;
    var box = container(table);
    box.parentNode.insertBefore(s, box.nextSibling);
    return s;
  }

  function container(table) {
    var p = table.parentNode;
    return p && p.classList && p.classList.contains("table-wrap") ? p : table;
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }

  // asNumber reads "1,234", "$1,200.50", "29.1%" and "-1" as numbers;
  // anything else (a name, "redacted", "not public", "—") is not a number.
  function asNumber(text) {
    var s = text.replace(/[$,%\s\u00a0]/g, "");
    if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
    return parseFloat(s);
  }

  // compare puts numbers before words, so that markers such as "redacted"
  // gather at the end in ascending order.
  function compare(a, b) {
    var x = asNumber(a), y = asNumber(b);
    if (x !== null && y !== null) return x - y;
    if (x !== null) return -1;
    if (y !== null) return 1;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var head = table.tHead, body = table.tBodies[0];
    if (!head || !body || body.rows.length < 2) return;
    var headers = head.rows[head.rows.length - 1].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellValue(r1, index), cellValue(r2, index));
          if (!ascending) c = -c;
          return c || r1.__order - r2.__order;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
        status(table).textContent = "Sorted by " + button.textContent.trim() + ", " + (ascending ? "ascending" : "descending") + ".";
      });
    });
  }

  function makeFilterable(table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) return;
    var id = ensureId(table, "table");
    var wrap = document.createElement("div");
    wrap.className = "filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id + "-filter";
    input.setAttribute("aria-controls", id);
    input.autocomplete = "off";
    label.htmlFor = input.id;
    label.textContent = "Filter rows";
    if (table.caption) input.setAttribute("aria-describedby", ensureId(table.caption, "caption"));
    wrap.appendChild(label);
    wrap.appendChild(input);
    var box = container(table);
    box.parentNode.insertBefore(wrap, box);
    var timer = 0;
    function apply() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var t = r.__text;
        var match = words.every(function (w) { return t.indexOf(w) !== -1; });
        r.hidden = !match;
        if (match) shown++;
      });
      status(table).textContent = words.length === 0 ? "" :
        shown + " of " + body.rows.length + " rows shown" + (shown === 0 ? ": nothing matches." : ".");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 120);
    });
    input.addEventListener("search", apply);
  }

  document.querySelectorAll("table.data").forEach(function (table) {
    // Remember each row's place and text once: sorting restores ties to
    // the published order, and filtering need not read the DOM per key.
    var body = table.tBodies[0];
    if (!body) return;
    Array.prototype.forEach.call(body.rows, function (r, i) { r.__order = i; r.__text = r.textContent.toLowerCase(); });
    makeSortable(table);
    if (table.classList.contains("filterable")) makeFilterable(table);
  });
})();
