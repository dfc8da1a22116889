package dsl

import (
	"github.com/eoslab/eoslab/dsl/symbols"
	"github.com/traefik/yaegi/interp"
)

// RegisterSymbols adds yaegi symbol tables ("importpath/name" → symbol →
// value, as `yaegi extract` writes them) to the packages cells can import,
// beside the standard library and the preloaded ones of dsl/symbols. It is
// how a worker built by %require (dsl/require) makes the required modules
// importable: its generated main calls it before RunWorker.
//
// The tables are merged into symbols.Symbols, the one table every session
// loads (makeInterp) and that auto-import and inspection consult, so every
// Session created afterwards sees them; a package already present is
// replaced. Call it before the first NewSession, from one goroutine (init or
// main): it is not safe for concurrent use with running sessions.
func RegisterSymbols(tables interp.Exports) {
	for path, syms := range tables {
		if len(syms) == 0 {
			continue
		}
		symbols.Symbols[path] = syms
	}
}
