// Command symgen writes the yaegi symbol tables and the documentation table
// of package symbols. It is run by `go generate ./dsl/symbols`: it extracts
// (with github.com/traefik/yaegi/extract, the library behind `yaegi
// extract`) gonum, gonum/plot, dsl/display and every lib package that
// builds, removes the tables of packages that no longer build, and writes
// docs.json.gz from the sources with go/doc.
package main
