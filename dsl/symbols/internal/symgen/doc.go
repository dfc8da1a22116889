// Command symgen writes the yaegi symbol tables and the documentation table
// of package symbols. It is run by `go generate ./dsl/symbols`: it extracts
// (with github.com/traefik/yaegi/extract, the library behind `yaegi
// extract`) gonum, gonum/plot, dsl/display and every lib package that
// builds, removes the tables of packages that no longer build, and writes
// docs.json.gz from the sources with go/doc.
//
// With -stdlib (`go generate ./dsl/symbols/stdlib`) it writes the standard
// library's tables of package stdlib instead, for the Go release running
// it: the packages of yaegi's own stdlib table plus those added since. -o
// names the directory to write to (default: the current one), which the
// freshness test uses.
package main
