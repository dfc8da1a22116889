package vocab

import "context"

// CellRunner runs cells by request: the part of a Kernel the headless
// runner (kernel/notebook) needs.
type CellRunner interface {
	// Execute runs one cell, sending its outputs to sink (from one goroutine
	// at a time, never after Execute returns). Cancelling ctx interrupts the
	// cell. The error is non-nil only when the cell could not be run at all;
	// cell failures are reported in the reply.
	Execute(ctx context.Context, req ExecuteRequest, sink func(Message)) (ExecuteReply, error)
}

// Kernel is the interpreter as the Jupyter server (kernel) and the headless
// runner (kernel/notebook) drive it, as xeus separates the interpreter from
// the server: cells by request, with the execution count, silent runs,
// interrupts and restarts. *supervisor.Supervisor implements it, remotely,
// over a worker process that serves an Interpreter. Complete, Inspect,
// IsComplete, KernelInfo, ExecutionCount and Interrupt may be called while
// Execute runs.
type Kernel interface {
	CellRunner
	// Complete returns matches replacing code[start:end] (byte offsets).
	Complete(ctx context.Context, code string, cursor int) (matches []string, start, end int, err error)
	// Inspect returns the documentation bundle for the name at cursor.
	Inspect(ctx context.Context, code string, cursor, detail int) (bundle *Bundle, found bool, err error)
	// IsComplete classifies code for is_complete_request.
	IsComplete(ctx context.Context, code string) (status, indent string)
	// KernelInfo names the language of the cells.
	KernelInfo() LanguageInfo
	// ExecutionCount is the count of the last cell that stored history.
	ExecutionCount() int
	// Interrupt stops the running cell, if any.
	Interrupt()
	// Restart starts afresh: every definition is lost.
	Restart() error
	// Close stops the kernel; later calls fail.
	Close() error
}
