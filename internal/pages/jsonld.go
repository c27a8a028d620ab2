package pages

import (
	"encoding/json"
	"html/template"
	"strings"
)

// dataCatalogLD describes the downloads as a schema.org DataCatalog of
// Datasets, the structured data that dataset search engines read. It is
// generated from the same manifest as the /data/ page and datapackage.json.
func dataCatalogLD(site *Site) template.JS {
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	type download struct {
		Type           string `json:"@type"`
		EncodingFormat string `json:"encodingFormat"`
		ContentURL     string `json:"contentUrl"`
	}
	type dataset struct {
		Type                string     `json:"@type"`
		Name                string     `json:"name"`
		Identifier          string     `json:"identifier"`
		Description         string     `json:"description"`
		URL                 string     `json:"url"`
		License             string     `json:"license,omitempty"`
		IsAccessibleForFree bool       `json:"isAccessibleForFree"`
		DateModified        string     `json:"dateModified,omitempty"`
		Citation            string     `json:"citation,omitempty"`
		IsBasedOn           string     `json:"isBasedOn,omitempty"`
		Keywords            []string   `json:"keywords"`
		VariableMeasured    []string   `json:"variableMeasured"`
		Distribution        []download `json:"distribution"`
	}
	catalog := struct {
		Context      string    `json:"@context"`
		Type         string    `json:"@type"`
		Name         string    `json:"name"`
		Description  string    `json:"description"`
		URL          string    `json:"url"`
		DateModified string    `json:"dateModified"`
		Publisher    any       `json:"publisher"`
		Dataset      []dataset `json:"dataset"`
	}{
		Context: "https://schema.org", Type: "DataCatalog",
		Name:         site.Title + " data",
		Description:  "Every data set behind the " + site.Title + " (who gets access to US Postal Service capacity, on what terms) as CSV and JSON.",
		URL:          abs("/data/"),
		DateModified: site.AsOf.String(),
		Publisher:    map[string]string{"@type": "Organization", "name": site.Title, "url": site.BaseURL},
	}
	for _, dl := range site.Downloads {
		m := dl.Meta
		d := dataset{
			Type: "Dataset", Name: m.Title, Identifier: m.Name, URL: abs("/data/#" + m.Name),
			Description: m.Description, License: m.License, IsAccessibleForFree: true,
			Citation: m.Source, IsBasedOn: string(m.SourceURL),
			Keywords: []string{"USPS", "postal capacity", "negotiated service agreements"},
			Distribution: []download{
				{Type: "DataDownload", EncodingFormat: "text/csv", ContentURL: abs(dl.CSV)},
				{Type: "DataDownload", EncodingFormat: "application/json", ContentURL: abs(dl.JSON)},
			},
		}
		if !m.Updated.IsZero() {
			d.DateModified = m.Updated.String()
		}
		if m.Illustrative {
			d.Description += " Illustrative: invented sample data, not real figures."
			d.Keywords = append(d.Keywords, "illustrative")
		}
		for _, c := range dl.Columns {
			d.VariableMeasured = append(d.VariableMeasured, c.Name)
		}
		catalog.Dataset = append(catalog.Dataset, d)
	}
	// json.Marshal escapes <, > and & so the text cannot close the script
	// element it is written into.
	data, err := json.Marshal(catalog)
	if err != nil {
		return ""
	}
	return template.JS(data)
}

// articleLD describes an update as a schema.org NewsArticle: its
// headline, dates (dateModified is lastmod, else the date published),
// authors and the pages of what it is about.
func articleLD(site *Site, u *Update) template.JS {
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	type thing struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	article := struct {
		Context          string  `json:"@context"`
		Type             string  `json:"@type"`
		Headline         string  `json:"headline"`
		Description      string  `json:"description,omitempty"`
		URL              string  `json:"url"`
		MainEntityOfPage string  `json:"mainEntityOfPage"`
		DatePublished    string  `json:"datePublished"`
		DateModified     string  `json:"dateModified"`
		Author           []thing `json:"author,omitempty"`
		Publisher        thing   `json:"publisher"`
		About            []thing `json:"about,omitempty"`
	}{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: u.Title, Description: u.Summary, URL: abs(u.URL), MainEntityOfPage: abs(u.URL),
		DatePublished: u.Date.String(), DateModified: u.Modified().String(),
		Publisher: thing{Type: "Organization", Name: site.Title, URL: site.BaseURL},
	}
	for _, name := range u.Author {
		article.Author = append(article.Author, thing{Type: "Person", Name: name})
	}
	for _, a := range u.Subjects {
		article.About = append(article.About, thing{Type: "Thing", Name: a.Title, URL: abs(a.URL)})
	}
	data, err := json.Marshal(article)
	if err != nil {
		return ""
	}
	return template.JS(data)
}
