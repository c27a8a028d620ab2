package e2e_test

import (
	"fmt"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

// tableProblems lists, for every table on the page, what a reader at this
// width cannot see. At a desktop width no table may be wider than its
// box (every column visible without scrolling sideways inside the
// content column); on a phone the identifying column (the first cell of
// each row: its row header) must lie inside the viewport both before and
// after the table is scrolled to its right end, so that a reader always
// knows which row a number belongs to.
const tableProblems = `(function (phone) {
  var out = [];
  var vw = document.documentElement.clientWidth;
  document.querySelectorAll("table").forEach(function (t, i) {
    var name = t.id || (t.caption ? t.caption.textContent.trim().slice(0, 40) : "table " + (i + 1));
    var box = t.closest(".table-wrap") || t.parentElement;
    if (!phone) {
      if (box.scrollWidth > box.clientWidth + 1) out.push(name + ": " + box.scrollWidth + "px wide in a " + box.clientWidth + "px box");
      return;
    }
    var rows = Array.prototype.slice.call(t.rows).filter(function (r) { return r.cells.length > 1; });
    [0, box.scrollWidth].forEach(function (x) {
      box.scrollLeft = x;
      var b = box.getBoundingClientRect();
      var left = Math.max(0, b.left), right = Math.min(vw, b.right);
      rows.forEach(function (r, j) {
        var c = r.cells[0].getBoundingClientRect();
        if (c.left < left - 1 || c.right > right + 1) {
          out.push(name + " row " + (j + 1) + " (scrolled to " + box.scrollLeft + "px): its first cell spans " + Math.round(c.left) + "–" + Math.round(c.right) + "px, outside " + Math.round(left) + "–" + Math.round(right) + "px");
        }
      });
    });
    box.scrollLeft = 0;
  });
  return out.slice(0, 10);
})`

// TestTablesFit opens every kind of page (and one continuation page of
// every long table) at 1280px and at 375px: at 1280px no table is
// clipped, at 375px every table keeps its identifying column in view.
func TestTablesFit(t *testing.T) {
	t.Parallel()
	testkit.Long(t, "every kind of page at two widths")
	targets := everyKind(t)
	b := newBrowser(t)
	for _, width := range []int64{1280, 375} {
		tab := b.newTab(t, width, 900)
		for _, p := range targets {
			t.Run(fmt.Sprintf("%s@%d", p.Kind, width), func(t *testing.T) {
				tab.t = t
				tab.open(p.URL)
				for _, msg := range eval[[]string](tab, fmt.Sprintf("%s(%v)", tableProblems, width < 640)) {
					t.Error(msg)
				}
			})
		}
	}
}
