// Package releases reads the portal's data releases (commits that
// changed data/, from internal/changes) and compares each with the one
// before: the pages of /changes/, each entity page's history and "Cite
// this" line, and the files under /data/releases/.
package releases

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"testing/fstest"

	"golang.org/x/sync/errgroup"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/publish"
	"github.com/postal-access/portal/internal/render"
)

// maxReleaseRows bounds the rows a release page lists per data set and
// kind of change: past that, the page says how many more and links the
// release's files.
const maxReleaseRows = 200

// History is what a build learned from the releases: their pages' data,
// each entity page's history and citation, the citation of each data set,
// and the files under /data/releases/.
type History struct {
	Releases []*pages.Release               // newest first
	lines    map[string][]pages.HistoryLine // by entity page URL
	cites    map[string]*pages.Cite         // by entity page URL
	setCites map[string]*pages.Cite         // by data set
	// Files are the files under /data/releases/ (see publish.ReleaseFiles).
	Files []publish.File
}

// Options say where the releases come from.
type Options struct {
	// Source gives the releases; nil reads them from git in Dir, unless
	// Dir is empty (a build from an fs.FS) or Limit is not positive.
	Source changes.Source
	Dir    string
	// Limit is how many releases to read; with a Source, not positive
	// means changes.DefaultLimit.
	Limit  int
	Limits dataset.Limits
}

// Load reads and compares the data releases. With no source (a build
// from an fs.FS, or history turned off) there are none; with a source
// that has no history the present data is the only release.
func Load(ctx context.Context, opt Options, fsys fs.FS, data *dataset.Data, portal *model.Portal, env *render.Env, site *pages.Site) (*History, diag.List, error) {
	rels, present, warn, err := opt.read(ctx, fsys, site.AsOf)
	if err != nil || rels == nil {
		return &History{}, warn, err
	}
	loaded, errsOf, err := opt.load(ctx, rels, data)
	if err != nil {
		return nil, nil, err
	}
	failed := make([]map[string]bool, len(rels))
	for i, r := range rels {
		errs := errsOf[i].Errors(false)
		if len(errs) == 0 {
			continue
		}
		failed[i] = map[string]bool{}
		for _, d := range errs {
			failed[i][strings.TrimSuffix(path.Base(d.File), ".csv")] = true
		}
		warn.Warn(diag.Pos{File: "data"}, "", "release %s (commit %s) no longer validates under today's rules, %s; its data sets with errors are not compared: %s",
			r.Date, shortHash(r.Commit), render.Plural(len(errs), "problem", "problems"), errs[0].Error())
	}
	hb := &historyBuilder{History: &History{lines: map[string][]pages.HistoryLine{}, cites: map[string]*pages.Cite{}, setCites: map[string]*pages.Cite{}},
		site: site, env: env, portal: portal, rels: rels, loaded: loaded, failed: failed, abs: strings.TrimSuffix(site.BaseURL, "/")}
	for i := range rels {
		rel, err := hb.release(i, present, errsOf[i])
		if err != nil {
			return nil, nil, err
		}
		if !rel.First {
			hb.compare(i, rel)
		}
		hb.Releases = append(hb.Releases, rel)
	}
	hb.citeOldest()
	return hb.History, warn, nil
}

// readReleases reads the releases from the build's source of history;
// none (nil) when history is off. With no history, the present data is
// the only release.
func (opt Options) read(ctx context.Context, fsys fs.FS, asOf dataset.Date) (rels []changes.Release, present bool, warn diag.List, err error) {
	src := opt.Source
	limit := opt.Limit
	if src == nil {
		if opt.Dir == "" || opt.Limit <= 0 {
			return nil, false, nil, nil
		}
		src = changes.Git{Dir: opt.Dir}
	}
	if limit <= 0 {
		limit = changes.DefaultLimit
	}
	rels, warn, err = src.Releases(ctx, limit)
	if err != nil {
		return nil, false, nil, fmt.Errorf("reading the release history: %w", err)
	}
	if len(rels) > 0 {
		return rels, false, warn, nil
	}
	files := map[string][]byte{}
	for _, f := range changes.Files {
		if b, err := fs.ReadFile(fsys, path.Join("data", f)); err == nil {
			files[f] = b
		}
	}
	return []changes.Release{{Date: asOf, Files: files}}, true, warn, nil
}

// loadReleases loads every release with today's rules, side by side; a
// release whose files are the present ones is the data already loaded.
// Most commits change one file: each distinct file is parsed once.
func (opt Options) load(ctx context.Context, rels []changes.Release, data *dataset.Data) ([]*dataset.Data, []diag.List, error) {
	loaded := make([]*dataset.Data, len(rels))
	errsOf := make([]diag.List, len(rels))
	tables := &dataset.TableCache{}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range rels {
		if samePresent(r, data) {
			loaded[i] = data
			continue
		}
		g.Go(func() error {
			m := fstest.MapFS{}
			for name, b := range r.Files {
				m["data/"+name] = &fstest.MapFile{Data: b}
			}
			loaded[i], errsOf[i] = dataset.Load(ctx, m, "data", dataset.Options{Limits: opt.Limits, Cache: tables})
			return nil
		})
	}
	_ = g.Wait()
	return loaded, errsOf, ctx.Err()
}

// historyBuilder makes the history's pages, lines and citations from
// the releases read and loaded.
type historyBuilder struct {
	*History
	site   *pages.Site
	env    *render.Env
	portal *model.Portal
	rels   []changes.Release
	loaded []*dataset.Data
	failed []map[string]bool // by release: the data sets that did not load
	abs    string            // the site's address, without its last slash
}

// release makes the page of release i and its files.
func (hb *historyBuilder) release(i int, present bool, errs diag.List) (*pages.Release, error) {
	r := hb.rels[i]
	day := r.Date.String()
	rel := &pages.Release{Date: r.Date, Commit: r.Commit, Tags: r.Tags, URL: "/changes/" + day + "/", FilesURL: "/data/releases/" + day + "/", Present: present, First: i == len(hb.rels)-1}
	for _, name := range dataset.Names {
		if f := name + ".csv"; r.Files[f] != nil {
			rel.Files = append(rel.Files, pages.Crumb{Title: f, URL: rel.FilesURL + f})
			hb.Files = append(hb.Files, publish.File{Path: "data/releases/" + day + "/" + f, Data: r.Files[f]})
		}
	}
	if d := hb.loaded[i]; d != nil {
		for _, set := range dataset.Sets {
			rel.Rows += set.Of(d).Len()
		}
		pkg, err := releasePackage(hb.site, r, d)
		if err != nil {
			return nil, err
		}
		hb.Files = append(hb.Files, publish.File{Path: "data/releases/" + day + "/datapackage.json", Data: pkg})
	}
	for _, e := range errs.Errors(false) {
		rel.Warnings = append(rel.Warnings, e.Error())
	}
	if !rel.First {
		rel.Prev = pages.Crumb{Title: hb.rels[i+1].Date.String(), URL: "/changes/" + hb.rels[i+1].Date.String() + "/"}
	}
	return rel, nil
}

// cite is the "Cite this" line of data set set in release rel.
func (hb *historyBuilder) cite(rel *pages.Release, set string) *pages.Cite {
	return &pages.Cite{Date: rel.Date, File: rel.FilesURL + set + ".csv", URL: hb.abs + rel.FilesURL + set + ".csv", Page: rel.URL}
}

// compare lists what changed in release i since the one before it.
func (hb *historyBuilder) compare(i int, rel *pages.Release) {
	r, prev := hb.rels[i], hb.rels[i+1]
	skip := func(name string) bool { return hb.failed[i][name] || hb.failed[i+1][name] }
	for _, name := range dataset.Names {
		if skip(name) {
			rel.Skipped = append(rel.Skipped, name)
		}
	}
	// A file whose bytes are as the release before left them has no
	// changes: only the files a commit touched are compared.
	same := func(name string) bool {
		a, b := r.Files[name+".csv"], prev.Files[name+".csv"]
		return a != nil && b != nil && bytes.Equal(a, b)
	}
	diff := changes.Compare(hb.loaded[i+1], hb.loaded[i], func(name string) bool { return skip(name) || same(name) })
	for _, n := range diff.Notes {
		rel.Notes = append(rel.Notes, n.Text)
	}
	for _, s := range diff.Sets {
		if !s.Empty() {
			hb.setChanges(rel, s)
		}
	}
}

// setChanges adds what changed in one data set to the release's page and
// to the history of each row's page.
func (hb *historyBuilder) setChanges(rel *pages.Release, s changes.SetDiff) {
	if hb.setCites[s.Name] == nil {
		hb.setCites[s.Name] = hb.cite(rel, s.Name)
	}
	sc := pages.SetChanges{Name: s.Name, Title: hb.site.Manifest.Get(s.Name).Title, CSV: rel.FilesURL + s.Name + ".csv",
		NAdded: len(s.Added), NRemoved: len(s.Removed), NChanged: len(s.Changed), ColumnsAdded: s.ColumnsAdded, ColumnsRemoved: s.ColumnsRemoved}
	rel.Added, rel.Removed, rel.Changed = rel.Added+sc.NAdded, rel.Removed+sc.NRemoved, rel.Changed+sc.NChanged
	for _, kind := range []struct {
		what string
		rows []changes.Row
		into *[]pages.RowChange
	}{{"added", s.Added, &sc.Added}, {"removed", s.Removed, &sc.Removed}, {"changed", s.Changed, &sc.Changed}} {
		for j, row := range kind.rows {
			rc := rowChange(hb.env, hb.portal, s.Name, row)
			if j < maxReleaseRows {
				*kind.into = append(*kind.into, rc)
			}
			if rc.URL == "" {
				continue
			}
			line := pages.HistoryLine{Date: rel.Date, URL: rel.URL, What: kind.what, Row: rowName(s.Name, row), Changes: rc.Changes}
			hb.lines[rc.URL] = append(hb.lines[rc.URL], line)
			if kind.what != "removed" && hb.cites[rc.URL] == nil && ownRow(s.Name, rc.URL) {
				hb.cites[rc.URL] = hb.cite(rel, s.Name)
			}
		}
	}
	rel.Sets = append(rel.Sets, sc)
}

// citeOldest cites the rows and files that did not change in the
// releases read from the oldest release, which has them as they are: a
// new release changes only the pages of the rows it changed.
func (hb *historyBuilder) citeOldest() {
	oldest := map[string]*pages.Cite{}
	last := hb.Releases[len(hb.Releases)-1]
	for _, name := range dataset.Names {
		if hb.rels[len(hb.rels)-1].Files[name+".csv"] != nil {
			oldest[name] = hb.cite(last, name)
		}
		if hb.setCites[name] == nil {
			hb.setCites[name] = oldest[name]
		}
	}
	if newest := hb.loaded[0]; newest != nil && len(hb.failed[0]) == 0 {
		for _, u := range entityURLs(newest) {
			if hb.cites[u.url] == nil && oldest[u.set] != nil {
				hb.cites[u.url] = oldest[u.set]
			}
		}
	}
}

func shortHash(c string) string {
	if c == "" {
		return "none: the present data"
	}
	return c[:min(len(c), 12)]
}

// samePresent reports whether a release's data files are the ones
// already loaded, so that it need not be loaded again.
func samePresent(r changes.Release, d *dataset.Data) bool {
	for name, st := range d.Stamps() {
		b, ok := r.Files[name+".csv"]
		if !ok || sha256.Sum256(b) != st.Digest {
			return false
		}
	}
	return r.Files[dataset.ManifestFile] != nil
}

// rowChange shows one changed row with the site's own cells, each as its
// row in that release shows it: the blank price of a lot not yet awarded
// is no sale, as on the lot's own page.
func rowChange(env *render.Env, p *model.Portal, set string, row changes.Row) pages.RowChange {
	rc := pages.RowChange{ID: row.ID(), Label: row.Label, URL: entityURL(p, set, row.Key)}
	for _, c := range row.Changes {
		name := c.Column.Name
		rc.Changes = append(rc.Changes, pages.FieldChange{Column: name,
			Before: env.Cell(name, dataset.Applicable(row.Old, name, c.Before.Show())),
			After:  env.Cell(name, dataset.Applicable(row.New, name, c.After.Show()))})
	}
	return rc
}

// entityURL is the page a row of a data set shows on, when that page
// exists today: lots and participants show on their auction's page.
func entityURL(p *model.Portal, set string, key []string) string {
	id := dataset.Slug(key[0])
	switch {
	case set == "carriers" && p.Carrier(id) != nil,
		set == "facilities" && p.Facility(id) != nil,
		set == "agreements" && p.Agreement(id) != nil,
		set == "auctions" && p.Auction(id) != nil:
		return "/" + set + "/" + key[0] + "/"
	case (set == "auction_results" || set == "participation") && p.Auction(id) != nil:
		return "/auctions/" + key[0] + "/"
	}
	return ""
}

// ownRow reports whether the page at url is about a row of set itself
// (an auction's page is about its auctions.csv row, not its lots).
func ownRow(set, url string) bool { return strings.HasPrefix(url, "/"+set+"/") }

// rowName names a row that is not its page's own: "lot lpc-atlanta-a".
func rowName(set string, row changes.Row) string {
	switch set {
	case "auction_results":
		return "lot " + row.Key[1]
	case "participation":
		return "participant " + row.Key[1]
	}
	return ""
}

type entityRef struct{ set, url string }

// entityURLs lists the entity pages of a release's rows.
func entityURLs(d *dataset.Data) []entityRef {
	var out []entityRef
	for i := range d.Carriers.Rows {
		out = append(out, entityRef{"carriers", "/carriers/" + string(d.Carriers.Rows[i].ID) + "/"})
	}
	for i := range d.Facilities.Rows {
		out = append(out, entityRef{"facilities", "/facilities/" + string(d.Facilities.Rows[i].ID) + "/"})
	}
	for i := range d.Agreements.Rows {
		out = append(out, entityRef{"agreements", "/agreements/" + string(d.Agreements.Rows[i].ID) + "/"})
	}
	for i := range d.Auctions.Rows {
		out = append(out, entityRef{"auctions", "/auctions/" + string(d.Auctions.Rows[i].ID) + "/"})
	}
	return out
}

// releasePackage is the Frictionless data package of a release's files:
// each resource describes the file as it is, its columns in its header's
// order.
func releasePackage(site *pages.Site, r changes.Release, d *dataset.Data) ([]byte, error) {
	rs := *site
	rs.AsOf, rs.Generator, rs.Downloads = r.Date, "portal", nil
	for _, dl := range publish.Downloads(d) {
		if r.Files[dl.Meta.Name+".csv"] == nil {
			continue
		}
		dl.Columns = headerColumns(d, dl.Meta.Name, dl.Columns)
		rs.Downloads = append(rs.Downloads, dl)
	}
	return json.Marshal(publish.DataPackage(&rs))
}

// headerColumns are the columns a data set's file has, in its order.
func headerColumns(d *dataset.Data, name string, cols []dataset.Column) []dataset.Column {
	var header []string
	if set, ok := dataset.SetOf(name); ok {
		header = set.Of(d).Head().Header
	}
	var out []dataset.Column
	for _, h := range header {
		for _, c := range cols {
			if c.Name == h {
				out = append(out, c)
			}
		}
	}
	return out
}

// Pages is what the pages are told of the releases.
func (h *History) Pages() *pages.History {
	if h == nil {
		return nil
	}
	return &pages.History{Lines: h.lines, Cites: h.cites, SetCites: h.setCites}
}
