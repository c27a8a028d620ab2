package content

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// about reads the entities an update is about: a list of "section/id"
// entries, or a single one. Here only their form is checked; whether the
// section has pages and the id a row is for the site to say, at AboutPos.
func (p *fmParser) about(fm *FrontMatter, k, v *yaml.Node) {
	fm.aboutKeyPos = p.pos(k)
	first := map[string]diag.Pos{}
	for _, it := range p.items("about", v, `want a list of entities such as "carriers/amazon", got `+kindName(v)) {
		if it.Kind != yaml.ScalarNode || isNull(it) {
			p.errs.Add(p.pos(it), "about", `want an entity such as "carriers/amazon", got %s`, kindName(it))
			continue
		}
		e, at := it.Value, p.pos(it)
		section, id, ok := strings.Cut(e, "/")
		switch {
		case !ok || section == "" || id == "":
			p.errs.Add(at, "about", `%q is not an entity: want its section and id, such as "carriers/amazon"`, e)
			continue
		case !dataset.IsSlug(section) || !dataset.IsSlug(id):
			p.errs.Add(at, "about", `%q is not an entity: a section and an id are lowercase letters, digits and hyphens, such as "carriers/amazon"`, e)
			continue
		}
		if was, dup := first[e]; dup {
			p.errs.Add(at, "about", "%q is listed twice", e).Related = &was
			continue
		}
		first[e] = at
		fm.About = append(fm.About, e)
		fm.aboutPos = append(fm.aboutPos, at)
	}
}

// items returns the entries of a list value, or a single scalar as a
// list of one; none for null. Any other value is reported with msg.
func (p *fmParser) items(field string, v *yaml.Node, msg string) []*yaml.Node {
	switch {
	case isNull(v):
		return nil
	case v.Kind == yaml.SequenceNode:
		return v.Content
	case v.Kind != yaml.ScalarNode:
		p.errs.Add(p.pos(v), field, "%s", msg)
		return nil
	}
	return []*yaml.Node{v}
}

// AboutPos is where the i-th entry of About was written.
func (fm *FrontMatter) AboutPos(i int) diag.Pos { return fm.aboutPos[i] }

// names reads a list of names, or a single one: the author field.
func (p *fmParser) names(field string, v *yaml.Node) []string {
	var out []string
	for _, it := range p.items(field, v, "want a name or a list of names, got "+kindName(v)) {
		if it.Kind != yaml.ScalarNode || isNull(it) {
			p.errs.Add(p.pos(it), field, "want a name, got %s", kindName(it))
			continue
		}
		s, ok := p.str(field, it)
		if !ok {
			continue
		}
		if strings.TrimSpace(s) == "" {
			p.errs.Add(p.pos(it), field, "a name cannot be blank")
			continue
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// Byline joins the authors' names for a reader: "A", "A and B",
// "A, B and C"; empty when there is no author.
func (fm *FrontMatter) Byline() string {
	switch n := len(fm.Author); n {
	case 0:
		return ""
	case 1:
		return fm.Author[0]
	default:
		return strings.Join(fm.Author[:n-1], ", ") + " and " + fm.Author[n-1]
	}
}

// Modified is the date of the last change: Lastmod, else Date.
func (fm *FrontMatter) Modified() dataset.Date {
	if !fm.Lastmod.IsZero() {
		return fm.Lastmod
	}
	return fm.Date
}
