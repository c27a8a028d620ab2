package fastexec

import (
	"bytes"
	"html/template"
	"testing"
)

// benchTemplate is shaped like the portal's pages: a layout with links and
// attributes, and a table of rows drawn by a called template.
const benchTemplate = `{{define "row"}}<tr><td><a href="/items/{{.Name}}/">{{.Upper}}</a></td><td>{{.N}}</td><td>{{if .Tags}}{{range $i, $t := .Tags}}{{if $i}}, {{end}}{{$t}}{{end}}{{else}}none{{end}}</td></tr>{{end}}` +
	`<!doctype html><title>{{.Title}}</title><meta name="description" content="{{.Title}}"><link rel="canonical" href="{{.URL}}">` +
	`<h1>{{.Title}}</h1>{{with .Ptr}}<p>{{.Greet "reader"}} ({{len .Tags}} tags)</p>{{end}}` +
	`<table>{{range .Items}}{{template "row" .}}{{end}}</table>{{if and .B (gt .Num 10)}}<p>{{printf "%d items" (len .Items)}}</p>{{end}}`

func benchData() *data {
	d := testData()
	d.Items = nil
	for i := range 200 {
		d.Items = append(d.Items, inner{Name: "item" + string(rune('a'+i%26)), N: i, Tags: []string{"x", "y<z"}[:i%3%2+1]})
	}
	return d
}

// BenchmarkExecute compares html/template's executor with the compiled
// template on the same page: go test -bench Execute ./internal/render/fastexec
func BenchmarkExecute(b *testing.B) {
	tmpl := template.Must(template.New("t").Funcs(testFuncs).Parse(benchTemplate))
	d := benchData()
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, d); err != nil {
		b.Fatal(err)
	}
	p, err := Compile(tmpl, "t", testFuncs)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("html-template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := tmpl.Execute(&buf, d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("compiled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := p.Execute(&buf, d); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFields is field access alone, as the portal's row cells are
// read: a range over pointers whose fields are read, some two deep.
func BenchmarkFields(b *testing.B) {
	tmpl := template.Must(template.New("t").Funcs(testFuncs).Parse(`{{range .Ptrs}}<td>{{.Name}}</td><td>{{.Next.Name}}</td><td>{{.Next.Name}}</td><td>{{.Name}}</td>{{end}}`))
	d := benchData()
	d.Ptrs = nil
	for i := range 200 {
		d.Ptrs = append(d.Ptrs, &inner{Name: "a", N: i, Next: &inner{Name: "b", N: i}})
	}
	p, err := Compile(tmpl, "t", testFuncs)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := p.Execute(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
}
