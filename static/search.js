// Search over the generated index (/search/index.json): every word typed
// must appear in an entry's title, detail line or text (the words of
// updates, pages and editors' notes; a match there ranks below one in the
// title and shows the passage). The index holds each
// page's address as published (with the site's base path), so results link
// to it as it is. Without JavaScript the page lists everything instead.
(function () {
  "use strict";
  var form = document.querySelector("form.search[data-index]");
  var results = document.getElementById("results");
  var directory = document.getElementById("directory");
  if (!form || !results) return;
  var input = form.querySelector("input[type=search]");
  var index = null;
  var kinds = { carrier: "Carrier", facility: "Facility", agreement: "Agreement", auction: "Auction", state: "State", update: "Update", page: "Page" };
  var order = { carrier: 0, facility: 1, auction: 2, state: 3, agreement: 4, update: 5, page: 6 };
  var limit = 50;

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function score(e, words) {
    var t = fold(e.t);
    var s = 0;
    words.forEach(function (w) {
      if (t.indexOf(w) === 0) s -= 3;
      else if (t.indexOf(" " + w) !== -1) s -= 2;
      else if (t.indexOf(w) !== -1) s -= 1;
    });
    // The whole phrase in the text counts as much as a word in the title.
    if (e.x && words.length > 1 && e.hx.indexOf(words.join(" ")) !== -1) s -= 2;
    return s;
  }

  // passage is the text around the first match of the phrase (or of its
  // first word), or "" when title or detail already match every word.
  function passage(e, words) {
    if (!e.x || words.every(function (w) { return e.hd.indexOf(w) !== -1; })) return "";
    var at = e.hx.indexOf(words.join(" "));
    if (at < 0) at = e.hx.indexOf(words[0]);
    if (at < 0) return "";
    // Folding keeps the text's length except where it drops accents, so
    // the place is near enough for a passage.
    var from = Math.max(0, e.x.lastIndexOf(" ", Math.max(0, at - 60)));
    var to = e.x.indexOf(" ", Math.min(e.x.length, at + 100));
    if (to < 0) to = e.x.length;
    return (from > 0 ? "…" : "") + e.x.slice(from, to).trim() + (to < e.x.length ? "…" : "");
  }

  function show(q) {
    results.textContent = "";
    var words = fold(q.trim()).split(/\s+/).filter(Boolean);
    if (directory) directory.hidden = words.length > 0;
    if (words.length === 0 || !index) return;
    var hits = index.filter(function (e) {
      return words.every(function (w) { return e.h.indexOf(w) !== -1; });
    });
    hits.sort(function (a, b) {
      return score(a, words) - score(b, words) || order[a.k] - order[b.k] || a.t.localeCompare(b.t);
    });
    var h = document.createElement("h2");
    h.textContent = hits.length === 0 ? "No matches for “" + q.trim() + "”" :
      (hits.length === 1 ? "1 match" : hits.length + " matches") + " for “" + q.trim() + "”" + (hits.length > limit ? ", the first " + limit + " shown" : "");
    results.appendChild(h);
    if (hits.length === 0) {
      var p = document.createElement("p");
      p.textContent = "Try fewer or shorter words, an id such as amazon, or a docket number such as K2025.";
      results.appendChild(p);
      if (directory) directory.hidden = false;
      return;
    }
    var ol = document.createElement("ol");
    hits.slice(0, limit).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      li.appendChild(a);
      var k = document.createElement("span");
      k.className = "kind";
      k.textContent = kinds[e.k] || e.k;
      li.appendChild(k);
      if (e.d) {
        var d = document.createElement("div");
        d.className = "meta";
        d.textContent = e.d;
        li.appendChild(d);
      }
      var text = passage(e, words);
      if (text) {
        var x = document.createElement("div");
        x.className = "passage";
        x.textContent = text;
        li.appendChild(x);
      }
      ol.appendChild(li);
    });
    results.appendChild(ol);
  }

  function fromURL() {
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    show(q);
  }

  fetch(form.getAttribute("data-index"))
    .then(function (r) {
      if (!r.ok) throw new Error("search index: HTTP " + r.status);
      return r.json();
    })
    .then(function (data) {
      index = data.map(function (e) {
        e.hd = fold(e.t + " " + (e.d || "") + " " + (kinds[e.k] || ""));
        e.hx = e.x ? fold(e.x) : "";
        e.h = e.hd + " " + e.hx;
        return e;
      });
      fromURL();
    })
    .catch(function () {
      results.textContent = "The search index could not be loaded; browse the list below instead.";
    });

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 100);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    show(input.value);
    var u = new URL(location.href);
    if (input.value.trim()) u.searchParams.set("q", input.value.trim());
    else u.searchParams.delete("q");
    history.replaceState(null, "", u);
  });
  window.addEventListener("popstate", fromURL);
})();
