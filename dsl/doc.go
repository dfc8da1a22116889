// Package dsl owns the cell language: splitting and rewriting cells, magics,
// display (MIME bundles), completion, inspection, is_complete, the yaegi
// session, the worker loop, and the experiment line language shared by %train
// and `eoslab train`.
package dsl
