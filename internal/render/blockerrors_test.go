package render

import (
	"testing"

	"github.com/postal-access/portal/internal/content"
)

// TestBlockErrors gives, for data blocks and inline figures, the exact
// message and its position: the field or word at fault. The body starts
// on line 5 of content/blocks.md, after its front matter.
func TestBlockErrors(t *testing.T) {
	t.Parallel()
	env := smallPortal(t)
	const fence = "Intro.\n\n```portal\n" // the fence opens on line 7
	for _, tc := range []struct{ body, err string }{
		{fence + "table: lots\n```\n", `content/blocks.md:8:1: portal block: table: unknown data set "lots"; want one of carriers, facilities, agreements, auctions, auction_results, participation`},
		{fence + "table: carriers\ncolumns: id, colour\n```\n", `content/blocks.md:9:1: portal block: columns: unknown column "colour" in carriers; want one of id, name, kind, parent, hq_state, website, source`},
		{fence + "table: carriers\ncolumns: id as \n```\n", `content/blocks.md:9:1: portal block: columns: "id as": want a label after as, in double quotes if it holds a comma`},
		{fence + "table: carriers\ncolumns: id as \"\"\n```\n", `content/blocks.md:9:1: portal block: columns: "id as \"\"": want a label after as, in double quotes if it holds a comma`},
		{fence + "table: auction_results\n  where: auction_id = nope\n```\n", `content/blocks.md:9:3: portal block: where: no auction with id "nope"`},
		{fence + "figure: median\n```\n", `content/blocks.md:8:1: portal block: figure: unknown figure "median"; want hhi, capacity, top-share, active-agreements or expiring-agreements`},
		{fence + "figure: hhi facility=zzz\n```\n", `content/blocks.md:8:13: portal block: facility: no facility with id "zzz"`},
		{fence + "figure: hhi   auction=a1 state=zz\n```\n", `content/blocks.md:8:26: portal block: state: no facilities in a state "zz"`},
		{fence + "figure: active-agreements auction=a1\n```\n", `content/blocks.md:8:27: portal block: auction: this figure takes no scope`},
		{fence + "table: carriers\ncolour: red\n```\n", `content/blocks.md:9:1: portal block: colour: unknown key for a table block; want table, where, columns, sort, limit, caption`},
		{fence + "table: carriers\nlimit: lots\n```\n", `content/blocks.md:9:1: portal block: limit: "lots": want a whole number from 1 to 1000`},
		{fence + "table: carriers\njust words\n```\n", `content/blocks.md:9:1: portal block: "just words" is not a key: value line`},
		{fence + "where: id = acme\n```\n", `content/blocks.md:7:1: portal block: want exactly one of table:, chart:, figure: or definitions:`},
		{fence + "chart: pie\n```\n", `content/blocks.md:8:1: portal block: chart: unknown chart "pie"; want shares, hhi or timeline`},
		{fence + "chart: shares by=size\n```\n", `content/blocks.md:8:15: portal block: by: "size": want carrier or kind`},
		{"Intro.\n\nIt awarded :figure[median].\n", `content/blocks.md:7:20: inline figure: unknown figure "median"; want hhi, capacity, top-share, active-agreements or expiring-agreements`},
		{"Intro.\n\n> It awarded :figure[ capacity ]{auction=nope}.\n", `content/blocks.md:7:34: inline figure: auction: no auction with id "nope"`},
		{"Intro.\n\nIt awarded :figure[capacity]{facility=rpdc-a colour=red}.\n", `content/blocks.md:7:46: inline figure: colour: unknown key for a figure; want auction, facility, state`},
		{"Intro.\n\nIt awarded :figure[capacity]{auction=a1 auction=a1}.\n", `content/blocks.md:7:41: inline figure: auction: given twice`},
		{"Intro.\n\nIt awarded :figure[capacity]{a1}.\n", `content/blocks.md:7:30: inline figure: "a1": want key=value after the name`},
		{"Intro.\n\nIt awarded :figure[capacity\nof a1].\n", `content/blocks.md:7:12: inline figure: want :figure[NAME] or :figure[NAME]{key=value ...}, on one line`},
		{"Intro.\n\nIt awarded :figure[capacity]{auction=a1.\n", `content/blocks.md:7:12: inline figure: want :figure[NAME] or :figure[NAME]{key=value ...}, on one line`},
		{"Intro.\n\nIt awarded :figure[].\n", `content/blocks.md:7:20: inline figure: "": want the name of one figure`},
		{"Intro.\n\nIt awarded :figure[active-agreements]{state=VA}.\n", `content/blocks.md:7:39: inline figure: state: this figure takes no scope`},
		{"Intro.\n\nTwo :figure[hhi]{auction=a1 facility=rpdc-a}.\n", `content/blocks.md:7:5: inline figure: give at most one of auction, facility and state`},
		{"Intro.\n\n| a | b |\n|---|---|\n| x | :figure[hhi]{facility=q} |\n", `content/blocks.md:9:20: inline figure: facility: no facility with id "q"`},
	} {
		p := &content.Page{File: "content/blocks.md", Body: []byte(tc.body), BodyLine: 5}
		_, errs := p.RenderBlocks(content.NewMarkdown(content.Options{}), env)
		if len(errs) != 1 || errs[0].Error() != tc.err {
			t.Errorf("RenderBlocks(%q) = %v, want %s", tc.body, errs, tc.err)
		}
	}
}
