package render

import (
	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render/fastexec"
)

// The methods of the model and its values the templates call on many
// pages are called directly by the compiled templates (see fastexec.Fn1
// and pages' own list). A value's method is registered in both forms: a
// value reached through a pointer is addressable, and its methods are
// then looked up in its pointer's method set.
func init() {
	fastexec.Fn1(model.Concentration.Named)
	fastexec.Fn1((*model.Concentration).Named)
	fastexec.Fn1(model.Concentration.LeftOut)
	fastexec.Fn1((*model.Concentration).LeftOut)
	fastexec.Fn1(dataset.Date.IsZero)
	fastexec.Fn1((*dataset.Date).IsZero)
	fastexec.Fn1(dataset.Date.Human)
	fastexec.Fn1((*dataset.Date).Human)
	fastexec.Fn1(model.Won.Phrase)
	fastexec.Fn1((*model.Won).Phrase)
	fastexec.Fn1(model.MoneySum.Count)
	fastexec.Fn1((*model.MoneySum).Count)
	fastexec.Fn2(dataset.Manifest.Get)
	fastexec.Fn2((*dataset.Manifest).Get)
	fastexec.Fn1((*content.Page).Byline) // promoted from FrontMatter: its Func takes the Page
}
