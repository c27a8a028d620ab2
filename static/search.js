// Search over the generated index (/search/index.json). Without JavaScript
// the page offers the entity lists instead.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var results = document.getElementById("results");
  if (!form || !results) return;
  var input = form.querySelector("input[type=search]");
  var index = null;
  var kinds = { carrier: "Carrier", facility: "Facility", agreement: "Agreement", auction: "Auction", state: "State", update: "Update", page: "Page" };

  function show(q) {
    results.textContent = "";
    q = q.trim().toLowerCase();
    if (!q || !index) return;
    var words = q.split(/\s+/);
    var hits = index.filter(function (e) {
      var t = e.t.toLowerCase();
      return words.every(function (w) { return t.indexOf(w) !== -1; });
    }).slice(0, 50);
    var p = document.createElement("p");
    p.textContent = hits.length === 0 ? "No matches." : hits.length + (hits.length === 50 ? "+" : "") + " matches";
    results.appendChild(p);
    if (hits.length === 0) return;
    var ul = document.createElement("ul");
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + (kinds[e.k] || e.k)));
      ul.appendChild(li);
    });
    results.appendChild(ul);
  }

  fetch(form.getAttribute("data-index"))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      index = data;
      var q = new URLSearchParams(location.search).get("q");
      if (q) { input.value = q; show(q); }
    });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value); history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); });
  input.addEventListener("input", function () { show(input.value); });
})();
