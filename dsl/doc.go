// Package dsl owns the cell language: splitting and rewriting cells, magics,
// display (MIME bundles), completion, inspection, is_complete, the yaegi
// session, the worker loop, and the experiment line language shared by %train
// and `eoslab train`.
//
// # Cells
//
// A cell is Go: declarations and statements mixed in any order, or a whole
// program with its package clause. Lines starting with %name run line
// magics, %%name on the first line hands the cell to a cell magic, !cmd
// runs a shell command and ?name / name? open documentation in the pager;
// Go code between them runs in order (magic.go).
//
// Go code runs in four steps (cellrun.go):
//
//  1. split.go cuts it at brace depth 0 into top-level pieces; cellcheck.go
//     type-checks them with go/types as one file: the session's
//     declarations and variables at file scope, the cell's declarations
//     beside them, its statements as the body of one function. The
//     importer (typeimport.go) describes the compiled packages from the
//     very yaegi tables the interpreter uses; packages with generic API are
//     read from GOROOT/src (genericsrc.go). Errors are Go's own, at the
//     cell's line:column.
//  2. hoist.go plans the run: variables the body declares at its top level
//     are hoisted to session scope with their go/types types; generics.go
//     and rangefunc.go rewrite, from types, what yaegi cannot run (generic
//     instances written out as ordinary Go, loops over functions and ints,
//     min/max, method values and expressions, deferred receivers, several
//     values assigned at once, …).
//  3. Packages named by the cell are imported; hoisted variables, generated
//     instances and the cell's declarations are evaluated as one unit,
//     through redefine.go (a redefinition takes effect everywhere).
//  4. The statements run as a fresh function (so := works in any block,
//     defer runs when the cell ends and a panic ends it), returning the
//     final expression's value, the cell's execute_result. A program's
//     package variables are initialized in dependency order, then its init
//     functions and main run.
//
// traps.go holds the rewrites that need no types (interface cases in type
// switches, late defer arguments, clear, return of a receive, a func main,
// panics in goroutines). Every yaegi bug worked around has a canary in
// yaegi_test.go that fails once the pinned yaegi no longer has it.
// Indexes and slice bounds out of range panic with Go's messages
// (indexguard.go); a loop runs unguarded when one check before it proves
// its indexes in range, else a guarded copy runs (loopversion.go; a loop
// calling cell code too, when the check reads only variables private to
// its function: loopprivate.go). Parentheses around names and literals
// become spaces, which && and || need (parens.go).
// interrupt.go stops cells without breaking earlier closures. Positions
// in errors from rewritten text (yaegi's compile errors and panic frames,
// Unsupported constructs) are carried back to the cell as typed by one map
// (posmap.go); a frame in a function of an earlier cell is shown on that
// cell's line (tracecells.go). Cell struct types get their names back in reflection, json
// and xml (reflectnames.go), their unexported fields stay hidden from
// encoders (fieldtags.go), and json, gob and reflect's field calls see
// their fields as declared: embedded, unexported, tagged (reflectfields.go);
// json calls the encoded value's MarshalJSON (jsonmethods.go), and methods
// promoted from embedded compiled types satisfy compiled interfaces
// (compiledpromoted.go).
// Cell values held in interfaces print with their methods (fmtany.go) and
// compare with == as Go compares them (ifaceequal.go). Named non-struct
// cell types (type Tag string) keep their identity in interfaces: type
// switches, assertions, %T and reflect.TypeOf tell a Tag from a string
// (namedtypes.go).
//
// unique and weak are written in plain Go for cells (uniqueweak.go), Go's
// own being built on the runtime's type descriptors: unique.Make interns
// in a session map (interned values are never reclaimed), and
// weak.Pointer holds a real runtime weak pointer, cleared by the
// collector, though a pointer a cell computed stays reachable from its
// frame until the cell (or the function that computed it) ends.
//
// Values render by type (dsl/display.Render), and cell-declared types with
// HTML/Markdown/LaTeX/SVG/PNG/String methods are rendered with them
// (celltypes.go). dsl/testdata/corpus holds Go programs the root package's
// TestCorpus runs split into cells and pasted whole, against go run.
//
// # For the other parts of eoslab
//
//   - The worker runs one Session: NewSession(WithInterruptGrace(d)), then
//     Execute / Evaluate / Complete / Inspect (is_complete is the
//     supervisor's, kernel/vocab). Interpreted
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
