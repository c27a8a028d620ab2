package e2e_test

import (
	"slices"
	"strings"
	"testing"
)

// TestSearchText searches for a phrase that only the text of two updates
// holds, not their titles or summaries: both are found, each with the
// passage that holds it.
func TestSearchText(t *testing.T) {
	t.Parallel()
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL + "search/?q=reverse+auction")
	type hit struct{ URL, Passage string }
	hits := settle(tab, `Array.from(document.querySelectorAll("#results li")).map(function (li) {
	  var p = li.querySelector(".passage");
	  return {URL: li.querySelector("a").href, Passage: p ? p.textContent : ""};
	})`, func(h []hit) bool { return len(h) > 0 })
	var urls []string
	for _, h := range hits {
		urls = append(urls, strings.TrimPrefix(h.URL, s.URL))
		if strings.HasPrefix(h.URL, s.URL+"updates/") && !strings.Contains(strings.ToLower(h.Passage), "reverse auction") {
			t.Errorf("the result %s shows the passage %q, want one with the phrase", h.URL, h.Passage)
		}
	}
	for _, want := range []string{"updates/bid-solicitation-opens/", "updates/amazon-usps-talks-end/"} {
		if !slices.Contains(urls, want) {
			t.Errorf("searching %q finds %q, want %s among them", "reverse auction", urls, want)
		}
	}
	tab.checkClean("search", "")
}
