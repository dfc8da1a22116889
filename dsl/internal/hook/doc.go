// Package hook connects compiled code called from cells (the display
// package) to the cell that is running now. The Session sets the sink when a
// cell starts; display reads it. It is internal so that cells cannot replace
// it: it is not in the interpreter's symbol tables.
package hook
