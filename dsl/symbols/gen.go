package symbols

// The symbol tables (one file per package) and the documentation table
// (docs.json.gz) are generated from source. symgen extracts gonum, gonum/plot,
// dsl/display and every lib package that builds; a lib package that does not
// compile is skipped with a warning, so regeneration never breaks on work in
// progress. Run `go generate ./dsl/symbols` after changing a lib API.
//
//go:generate go run ./internal/symgen
