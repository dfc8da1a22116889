// Command extract writes the yaegi symbol tables of Go packages as files of
// a package main: `extract -o DIR PKG...`. The %require builder runs it with
// `go run` inside the generated worker module, so that the go command
// resolves the packages with that module's requirements. It prints each
// package's import path when its table is written, and exits with status 1
// after reporting (as "extract: PKG: error") the packages that failed.
package main
