package pages

import "github.com/postal-access/portal/internal/render/fastexec"

// The methods of pages the templates call on most pages are called
// directly by the compiled templates, not through reflect's Call, which
// made each call's receiver and frame on the heap (see fastexec.Fn1):
// registering a method's type is enough, and a method not registered
// works as before. Rows returns an interface and stays reflective.
func init() {
	fastexec.Fn2((*Page).Shows)
	fastexec.Fn2((*Page).PagerOf)
	fastexec.Fn2((*Page).RowsNote)
	fastexec.Fn1((*Page).FacetNote)
	fastexec.Fn1((*Page).Up)
	fastexec.Fn1((*Page).Head)
	fastexec.Fn1((*Pager).Window)
}
