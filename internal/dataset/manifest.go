package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/postal-access/portal/internal/diag"
)

// ManifestFile is the name of the data set manifest inside the data folder.
const ManifestFile = "datasets.yaml"

// Meta describes one data set for readers: what it is, where it comes
// from, its license, when it was last updated and whether it is invented.
type Meta struct {
	Name         string `yaml:"-" json:"name"`
	Title        string `yaml:"title" json:"title"`
	Description  string `yaml:"description" json:"description"`
	Source       string `yaml:"source" json:"source"`
	SourceURL    Link   `yaml:"-" json:"source_url,omitempty"`
	License      string `yaml:"license" json:"license"`
	Updated      Date   `yaml:"-" json:"updated"`
	Illustrative bool   `yaml:"illustrative" json:"illustrative"`
}

// Manifest holds the Meta of every data set, in the order of Names.
type Manifest []Meta

// Get returns the Meta of the named data set.
func (m Manifest) Get(name string) Meta {
	for _, d := range m {
		if d.Name == name {
			return d
		}
	}
	return Meta{Name: name, Title: name}
}

// maxManifestBytes bounds datasets.yaml: a few lines per data set.
const maxManifestBytes = 1 << 20

var manifestKeys = []string{"title", "description", "source", "source_url", "license", "updated", "illustrative"}

func loadManifest(fsys fs.FS, name, file string, errs *diag.List) Manifest {
	m := make(Manifest, len(Names))
	for i, n := range Names {
		m[i] = Meta{Name: n, Title: n}
	}
	src, err := readAtMost(fsys, name, maxManifestBytes)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		errs.Warn(diag.Pos{File: file}, "", "no data set manifest: pages will not show titles, sources or licenses of the data sets")
		return m
	case errors.Is(err, errTooLarge):
		errs.Add(diag.Pos{File: file}, "", "manifest is larger than 1 MiB")
		return m
	case errors.Is(err, errIsDir):
		errs.Add(diag.Pos{File: file}, "", "is a directory, want a YAML file")
		return m
	case err != nil:
		errs.Add(diag.Pos{File: file}, "", "%v", err)
		return m
	}
	y := diag.NewYAMLText(file, src, 1)
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&root); err != nil {
		pos, e := y.Error(err)
		errs.Add(pos, "", "%v", e)
		return m
	}
	if len(root.Content) == 0 {
		return m
	}
	at := y.Node
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode || len(doc.Content) != 2 || doc.Content[0].Value != "datasets" || doc.Content[1].Kind != yaml.MappingNode {
		errs.Add(at(doc), "", "want a single key \"datasets\" mapping each data set name to its title, description, source, license, updated and illustrative")
		return m
	}
	seen := map[string]*yaml.Node{}
	sets := doc.Content[1].Content
	for i := 0; i+1 < len(sets); i += 2 {
		k, v := sets[i], sets[i+1]
		idx := slices.Index(Names, k.Value)
		if idx < 0 {
			errs.Add(at(k), "", "unknown data set %q: want one of %v", k.Value, Names)
			continue
		}
		// YAML decoders let a repeated key win silently; here the
		// first entry would be ignored, so say so.
		if first := seen[k.Value]; first != nil {
			errs.Add(at(k), "", "data set %q: duplicate, first defined on line %d", k.Value, at(first).Line).Related = ptr(at(first))
			continue
		}
		seen[k.Value] = k
		if v.Kind != yaml.MappingNode {
			errs.Add(at(v), k.Value, "want a mapping of title, description, ...")
			continue
		}
		readMeta(&m[idx], k, v, at, errs)
	}
	for _, n := range Names {
		if seen[n] == nil {
			errs.Warn(at(doc), "", "data set %q has no entry: pages will not show its source or license", n).Names(n)
		}
	}
	return m
}

// readMeta reads v, the entry of data set k, into meta.
func readMeta(meta *Meta, k, v *yaml.Node, at func(*yaml.Node) diag.Pos, errs *diag.List) {
	keys := map[string]*yaml.Node{}
	for j := 0; j+1 < len(v.Content); j += 2 {
		fk, fv := v.Content[j], v.Content[j+1]
		if !slices.Contains(manifestKeys, fk.Value) {
			errs.Add(at(fk), "", "unknown key %q: want one of %v", fk.Value, manifestKeys).Names(fk.Value)
			continue
		}
		if first := keys[fk.Value]; first != nil {
			errs.Add(at(fk), fk.Value, "duplicate key in %s, first given on line %d", k.Value, at(first).Line).Related = ptr(at(first))
			continue
		}
		keys[fk.Value] = fk
		if fv.Kind != yaml.ScalarNode || fv.Alias != nil {
			errs.Add(at(fv), fk.Value, "want a single value")
			continue
		}
		if err := meta.set(fk.Value, fv.Value); err != nil {
			errs.Add(at(fv), fk.Value, "%v", err)
		}
	}
}

// set reads value as the manifest key of that name, one of manifestKeys.
func (meta *Meta) set(key, value string) error {
	var err error
	text := func(dst *string) {
		if err = CheckControl(value); err == nil {
			*dst = value
		}
	}
	switch key {
	case "title":
		text(&meta.Title)
	case "description":
		text(&meta.Description)
	case "source":
		text(&meta.Source)
	case "license":
		text(&meta.License)
	case "source_url":
		meta.SourceURL, err = ParseLink(value)
	case "updated":
		meta.Updated, err = ParseDate(value)
	case "illustrative":
		switch value {
		case "true":
			meta.Illustrative = true
		case "false":
			meta.Illustrative = false
		default:
			err = fmt.Errorf("want true or false")
		}
	}
	return err
}
