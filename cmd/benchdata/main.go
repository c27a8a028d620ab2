// Command benchdata writes a synthetic portal corpus for benchmarks:
// valid data sets and updates whose size grows linearly with -scale
// (scale 1 is about 3,500 pages), the same bytes for the same -seed.
//
//	go run ./cmd/benchdata -out /tmp/corpus -scale 4
//	cp -r templates static /tmp/corpus/ && go run ./cmd/portal build --src /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/postal-access/portal/internal/corpus"
)

func main() {
	out := flag.String("out", "corpus", "`folder` to write data/ and content/ into")
	scale := flag.Int("scale", 1, "size multiplier: 1 is about 3,500 pages, 4 about 14,000, 16 about 55,000")
	seed := flag.Int64("seed", 1, "random seed; the same seed writes the same corpus")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "benchdata: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if err := corpus.Write(*out, *scale, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote a scale-%d corpus to %s\n", *scale, *out)
}
