// Progressive enhancement for data tables: click a column header to sort
// (aria-sort tells assistive technology the order), and type in a box to
// filter rows. The tables are complete without this script.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }

  function asNumber(text) {
    var s = text.replace(/[$,%\s]/g, "");
    if (s === "" || isNaN(s)) return null;
    return parseFloat(s);
  }

  function compare(a, b) {
    var x = asNumber(a), y = asNumber(b);
    if (x !== null && y !== null) return x - y;
    if (x !== null) return -1;
    if (y !== null) return 1;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies[0]) return;
    var headers = head.rows[0].cells;
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
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  var filterCount = 0;
  function makeFilterable(table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) return;
    filterCount++;
    var id = "filter-" + filterCount;
    var wrap = document.createElement("div");
    wrap.className = "filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Filter rows: ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.setAttribute("aria-controls", table.id || "");
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "meta";
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(status);
    var container = table.parentNode.classList.contains("table-wrap") ? table.parentNode : table;
    container.parentNode.insertBefore(wrap, container);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var match = q === "" || r.textContent.toLowerCase().indexOf(q) !== -1;
        r.hidden = !match;
        if (match) shown++;
      });
      status.textContent = q === "" ? "" : shown + " of " + body.rows.length + " rows shown";
    });
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("table.filterable").forEach(makeFilterable);
})();
