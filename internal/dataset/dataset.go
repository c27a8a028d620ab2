// Package dataset reads the portal's CSV data sets into typed rows. The
// rows' field types (package cell) validate their values as gocsv reads
// them, the loader checks the shape of each file, and the cross-file rules
// check that the files agree; every problem is reported with its file,
// line, column and field.
package dataset
