package pages

import "runtime/debug"

// Version is the portal module's version as the go command stamped it
// into the binary ("devel" for a build it could not name).
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// Generator names the program that builds a site, as every page's
// generator meta tag and the data package record it.
func Generator() string { return "portal " + Version() }
