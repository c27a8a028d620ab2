package site

import (
	"context"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// A note added to an entity page that is older than the data the page
// shows is flagged at its lastmod (else its date); the fixture's data
// sets were all updated 2026-11-01.
func TestStaleNote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, front string
		want        []string
	}{
		{"undated: not checked", "title: Note on Acme\n", nil},
		{"lastmod on the data's day", "title: Note on Acme\nlastmod: 2026-11-01\n", nil},
		{"lastmod before the data", "title: Note on Acme\nlastmod: 2026-10-31\n", []string{
			`content/carriers/acme.md:3:10: warning: this note on /carriers/acme/ (lastmod 2026-10-31) is older than the data on its page: data set carriers was updated 2026-11-01 (data/datasets.yaml); check the text still holds, then set lastmod to the day you did`}},
		{"date before the data, no lastmod", "title: Note on Acme\ndate: 2026-09-01\n", []string{
			`content/carriers/acme.md:3:7: warning: this note on /carriers/acme/ (date 2026-09-01) is older than the data on its page: data set carriers was updated 2026-11-01 (data/datasets.yaml); check the text still holds, then set lastmod to the day you did`}},
		{"lastmod wins over an old date", "title: Note on Acme\ndate: 2026-09-01\nlastmod: 2026-11-02\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixture(t)
			fsys["content/carriers/acme.md"] = file("---\n" + tt.front + "---\n\nAcme is a carrier.\n")
			b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), BaseURL: "https://portal.example/"}
			res, err := b.Check(context.Background(), false)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			var got []string
			for _, w := range res.Warnings {
				if strings.Contains(w.Msg, "older than the data") {
					got = append(got, w.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Check warnings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
