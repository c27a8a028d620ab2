// Package content holds the markdown pages editors write: their YAML front
// matter, checked with positions in the original file, the URL each page
// gets from its path, and the goldmark setup that renders them.
package content
