package dataset_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// Each case edits the fixture's data/datasets.yaml. Line numbers refer to
// it: carriers on lines 2-5, facilities 6-10, agreements 11-15, auctions
// 16-19, auction_results 20-23, participation 24-27.
func TestManifest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{
			name: "unknown data set",
			old:  "  participation:\n",
			new:  "  participations:\n",
			want: []string{
				`data/datasets.yaml:1:1: warning: data set "participation" has no entry: pages will not show its source or license`,
				`data/datasets.yaml:24:3: unknown data set "participations": want one of [carriers facilities agreements auctions auction_results participation]`,
			},
		},
		{
			name: "unknown key",
			old:  "    license: Public domain\n",
			new:  "    licence: Public domain\n",
			want: []string{`data/datasets.yaml:13:5: unknown key "licence": want one of [title description source source_url license updated illustrative]`},
		},
		{
			name: "updated is not a day",
			old:  "Carriers and shippers\n    updated: 2026-01-31",
			new:  "Carriers and shippers\n    updated: 2026-02-30",
			want: []string{`data/datasets.yaml:4:14: updated: "2026-02-30" is not a date: no such day`},
		},
		{
			name: "updated is not YYYY-MM-DD",
			old:  "Carriers and shippers\n    updated: 2026-01-31",
			new:  "Carriers and shippers\n    updated: 31/01/2026",
			want: []string{`data/datasets.yaml:4:14: updated: "31/01/2026" is not a date: want YYYY-MM-DD`},
		},
		{
			name: "illustrative is not a boolean",
			old:  "title: Auctions\n    updated: 2026-01-31\n    illustrative: true",
			new:  "title: Auctions\n    updated: 2026-01-31\n    illustrative: yes",
			want: []string{`data/datasets.yaml:19:19: illustrative: want true or false`},
		},
		{
			name: "source_url is not a web address",
			old:  "source_url: https://about.usps.com/",
			new:  "source_url: about.usps.com",
			want: []string{`data/datasets.yaml:8:17: source_url: "about.usps.com" is not a web address: only http:// and https:// addresses are allowed`},
		},
		{
			name: "a control character written as a YAML escape",
			old:  "title: Auctions\n",
			new:  "title: \"Auc\\x00tions\"\n    license: \"CC\\e0\"\n",
			want: []string{
				`data/datasets.yaml:17:12: title: has control character U+0000 at byte 4`,
				`data/datasets.yaml:18:14: license: has control character U+001B at byte 3`,
			},
		},
		{
			name: "a list where one value belongs",
			old:  "title: Auctions\n",
			new:  "title: [Auctions, Rounds]\n",
			want: []string{`data/datasets.yaml:17:12: title: want a single value`},
		},
		{
			name: "a data set that is not a mapping",
			old:  "  participation:\n    title: Participation\n    updated: 2026-01-31\n    illustrative: true\n",
			new:  "  participation: Participation\n",
			want: []string{`data/datasets.yaml:24:18: participation: want a mapping of title, description, ...`},
		},
		{
			name: "a data set given twice",
			old:  "  participation:\n    title: Participation\n    updated: 2026-01-31\n    illustrative: true\n",
			new:  "  participation:\n    title: Participation\n    updated: 2026-01-31\n    illustrative: true\n  carriers:\n    title: Again\n",
			want: []string{`data/datasets.yaml:28:3: data set "carriers": duplicate, first defined on line 2 (see data/datasets.yaml:2:3)`},
		},
		{
			name: "a key given twice",
			old:  "title: Auctions\n",
			new:  "title: Auctions\n    title: Rounds\n",
			want: []string{`data/datasets.yaml:18:5: title: duplicate key in auctions, first given on line 17 (see data/datasets.yaml:17:5)`},
		},
		{
			name: "a data set left out is a warning",
			old:  "  participation:\n    title: Participation\n    updated: 2026-01-31\n    illustrative: true\n",
			new:  "",
			want: []string{`data/datasets.yaml:1:1: warning: data set "participation" has no entry: pages will not show its source or license`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := edited(t, "datasets.yaml", tt.old, tt.new)
			_, errs := load(dataFS(map[string]string{"datasets.yaml": src}), dataset.Limits{})
			checkMessages(t, "Load", errs, tt.want)
		})
	}
}

func TestManifestShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "no datasets key",
			src:  "carriers:\n  title: Carriers\n",
			want: []string{`data/datasets.yaml:1:1: want a single key "datasets" mapping each data set name to its title, description, source, license, updated and illustrative`},
		},
		{
			name: "not YAML",
			src:  "datasets:\n  carriers: [\n",
			want: []string{`data/datasets.yaml:2: yaml: line 2: did not find expected node content`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errs := load(dataFS(map[string]string{"datasets.yaml": tt.src}), dataset.Limits{})
			checkMessages(t, "Load", errs, tt.want)
		})
	}
}

// Without a manifest the portal still builds: the pages only lack titles,
// sources and licenses, so it is a warning, not an error.
func TestManifestMissing(t *testing.T) {
	t.Parallel()
	fsys := dataFS(nil)
	delete(fsys, "data/datasets.yaml")
	d, errs := load(fsys, dataset.Limits{})
	checkMessages(t, "Load without datasets.yaml", errs, []string{
		"data/datasets.yaml: warning: no data set manifest: pages will not show titles, sources or licenses of the data sets",
	})
	if errs[0].Severity != diag.Warning {
		t.Errorf("Load without datasets.yaml: severity %v, want warning", errs[0].Severity)
	}
	if err := errs.Err(); err != nil {
		t.Errorf("Load without datasets.yaml: Err() = %v, want nil", err)
	}
	if got := d.Manifest.Get("carriers"); got.Title != "carriers" || got.Illustrative {
		t.Errorf("Manifest.Get(carriers) = %+v, want the name as title, not illustrative", got)
	}
}
