package publish

import (
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/pages"
)

// The types below are a Frictionless Data Package
// (specs.frictionlessdata.io), as much of it as the portal fills in.
type (
	field struct {
		Name        string         `json:"name"`
		Title       string         `json:"title,omitempty"`
		Type        string         `json:"type"`
		Description string         `json:"description,omitempty"`
		Constraints map[string]any `json:"constraints,omitempty"`
	}
	reference struct {
		Resource string `json:"resource"`
		Fields   string `json:"fields"`
	}
	foreignKey struct {
		Fields    string    `json:"fields"`
		Reference reference `json:"reference"`
	}
	schema struct {
		Fields        []field      `json:"fields"`
		MissingValues []string     `json:"missingValues"`
		PrimaryKey    []string     `json:"primaryKey,omitempty"`
		ForeignKeys   []foreignKey `json:"foreignKeys,omitempty"`
	}
	resource struct {
		Profile      string `json:"profile"`
		Name         string `json:"name"`
		Path         string `json:"path"`
		Title        string `json:"title"`
		Description  string `json:"description,omitempty"`
		Format       string `json:"format"`
		MediaType    string `json:"mediatype"`
		Encoding     string `json:"encoding"`
		Schema       schema `json:"schema"`
		Sources      []any  `json:"sources,omitempty"`
		Licenses     []any  `json:"licenses,omitempty"`
		Illustrative bool   `json:"illustrative"`
		Updated      string `json:"updated,omitempty"`
	}
)

// sealedNote ends the description of a column that may be redacted. The
// schema lists "redacted" among its missingValues, so that Frictionless
// readers take a sealed value as missing rather than as a bad one; the
// note keeps the difference from a blank for people.
const sealedNote = ` The word "redacted" means the value was filed under seal.`

// resourceName is a data set's name as a Data Package resource: lowercase
// letters, digits and hyphens.
func resourceName(dataset string) string { return strings.ReplaceAll(dataset, "_", "-") }

// dataPackageFile writes data/datapackage.json.
func dataPackageFile(w *writer, k *pages.Kind) error {
	return w.addJSON(file(k.URL), DataPackage(w.Site))
}

// DataPackage describes the site's downloads as a Frictionless Data
// Package, with table schemas generated from the row types.
func DataPackage(site *pages.Site) any {
	var res []resource
	for _, dl := range site.Downloads {
		res = append(res, resourceOf(dl))
	}
	return map[string]any{
		"profile":   "tabular-data-package",
		"name":      "postal-access-portal",
		"title":     site.Title + " data",
		"homepage":  site.BaseURL,
		"created":   site.AsOf.String(),
		"generator": site.Generator,
		"resources": res,
	}
}

// resourceOf describes one download as a tabular data resource.
func resourceOf(dl pages.Download) resource {
	r := resource{Profile: "tabular-data-resource", Name: resourceName(dl.Meta.Name), Path: dl.Meta.Name + ".csv", Title: dl.Meta.Title, Description: dl.Meta.Description,
		Format: "csv", MediaType: "text/csv", Encoding: "utf-8", Illustrative: dl.Meta.Illustrative, Updated: dl.Meta.Updated.String(),
		Schema: schema{MissingValues: []string{"", dataset.RedactedWord}, PrimaryKey: []string{"id"}}}
	if set, ok := dataset.SetOf(dl.Meta.Name); ok {
		r.Schema.PrimaryKey = set.Key
	}
	for _, c := range dl.Columns {
		typ, cons := dataset.FrictionlessType(c)
		if len(cons) == 0 {
			cons = nil
		}
		doc := c.Doc
		if c.Redactable() {
			doc += sealedNote
		}
		r.Schema.Fields = append(r.Schema.Fields, field{Name: c.Name, Title: c.Label, Type: typ, Description: doc, Constraints: cons})
		if c.Ref != "" {
			ref := reference{Resource: resourceName(c.Ref), Fields: "id"}
			if c.Ref == dl.Meta.Name {
				ref.Resource = "" // Table Schema's name for this resource
			}
			r.Schema.ForeignKeys = append(r.Schema.ForeignKeys, foreignKey{Fields: c.Name, Reference: ref})
		}
	}
	if dl.Meta.Source != "" {
		src := map[string]string{"title": dl.Meta.Source}
		if dl.Meta.SourceURL != "" {
			src["path"] = string(dl.Meta.SourceURL)
		}
		r.Sources = []any{src}
	}
	if dl.Meta.License != "" {
		r.Licenses = []any{map[string]string{"title": dl.Meta.License}}
	}
	return r
}
