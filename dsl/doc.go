// Package dsl owns the cell language: splitting and rewriting cells, magics,
// display (MIME bundles), completion, inspection, is_complete, the yaegi
// session, the worker loop, and the experiment line language shared by %train
// and `eoslab train`.
//
// # Cells
//
// A cell is Go without a package clause: declarations and statements mixed
// in any order. Session.Execute splits it with go/scanner at brace depth 0
// (split.go) into runs of declarations and statements, evaluated in order;
// //line directives make every parse, compile and panic position refer to
// the cell's own line:column. Lines starting with %name run line magics,
// %%name on the first line hands the cell to a cell magic, !cmd runs a shell
// command and ?name / name? open documentation in the pager; Go code between
// them runs in order.
//
// Packages are imported when used by name (gocode.go): the standard library,
// gonum, gonum/plot, dsl/display and every lib package, from the yaegi
// tables of dsl/symbols (`go generate ./dsl/symbols`).
//
// The value of a final expression statement is the cell's execute_result,
// decided from the parsed cell: calls without results, and fmt.Println-like
// (int, error) results, show nothing; several results show as a tuple.
// Values render by type (dsl/display.Render), and cell-declared types with
// HTML/Markdown/LaTeX/SVG/PNG/String methods are rendered with them
// (celltypes.go).
//
// # Interpreter traps
//
// traps.go rewrites what the pinned yaegi runs wrongly (interface cases in
// type switches, late defer arguments, clear, min/max of float64, int or
// string, range over iterators declared in cells, return of a receive, a
// func main, panics in goroutines) or rejects it with an "Unsupported" error
// (min/max of other or unknown types, other range-over-func loops, generics
// declared in cells).
// interrupt.go stops cells without breaking earlier closures;
// redefine.go makes a redefined function, type or method take effect
// everywhere (rebuilding the interpreter when needed and carrying variables
// over).
//
// # For the other parts of eoslab
//
//   - The worker runs one Session: NewSession(WithInterruptGrace(d)), then
//     Execute / Evaluate / Complete / Inspect and IsComplete. Interpreted
//     output goes to os.Stdout/os.Stderr unless WithStdout/WithStderr say
//     otherwise; compiled code always writes to the real descriptors.
//   - Session.Capture(fn) runs fn with fds 1 and 2 and the interpreter's
//     writers captured (what %%capture uses).
//   - Session.Bind(ctx, name, v) defines the cell variable name = v, typed
//     as v's dynamic type (what %train and %%capture NAME use).
//   - Magics register from init in their own magic_NAME.go with
//     registerMagic; %help is generated from the registry (Magics()).
//     %require is registered in magic_require.go for %help, but run by the
//     kernel's supervisor, which builds a new worker with dsl/require.
//   - RegisterSymbols(tables) adds yaegi tables to what cells import: the
//     main of a %require worker calls it before RunWorker.
package dsl
