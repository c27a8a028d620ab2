package serve

// liveJS runs in pages served by portal serve only. It reloads the page
// after a good rebuild, keeping the scroll position, and shows the build's
// errors over the page after a bad one (or, on the error page served before
// any build succeeded, in its list). Styles are set through the DOM so
// that the page's Content-Security-Policy (no inline styles) allows them.
const liveJS = `(function () {
  "use strict";
  var key = "portal-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10);
    var restore = function () { window.scrollTo({ top: y, behavior: "instant" }); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  // On the page served while no build has succeeded, the errors are the
  // page: a failed build replaces the list, a good one loads the site.
  var list = document.getElementById("portal-serve-errors");
  var overlay = null;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(text) {
    if (list) {
      list.replaceChildren();
      text.split("\n").forEach(function (line) {
        var li = document.createElement("li"), code = document.createElement("code");
        code.textContent = line;
        li.appendChild(code); list.appendChild(li);
      });
      return;
    }
    hide();
    overlay = document.createElement("div");
    overlay.id = "portal-build-error";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build failed");
    var s = overlay.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20, 0, 0, 0.92)"; s.color = "#fff"; s.padding = "2rem";
    s.font = "14px/1.5 ui-monospace, Menlo, Consolas, monospace";
    var h = document.createElement("h2");
    h.textContent = "Build failed: the page below is the last good build";
    h.style.color = "#ff8a80"; h.style.marginTop = "0";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.whiteSpace = "pre-wrap";
    var p = document.createElement("p");
    p.textContent = "Fix the files named above and save: this message goes away by itself.";
    overlay.appendChild(h); overlay.appendChild(pre); overlay.appendChild(p);
    document.body.appendChild(overlay);
  }
  var version = null;
  var es = new EventSource("` + Prefix + `events");
  es.addEventListener("hello", function (e) {
    if (list || (version !== null && e.data !== version)) { reload(); return; }
    version = e.data; hide();
  });
  es.addEventListener("reload", function (e) { if (e.data !== version) reload(); });
  es.addEventListener("build-error", function (e) { show(e.data); });
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
})();
`
