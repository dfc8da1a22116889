// Package supervisor runs cells in a worker process and survives whatever
// the cells do to it: the supervisor side (Supervisor) and the worker side
// (ServeWorker, which serves a vocab.Interpreter; dsl.Session in the
// binary) of one pipe protocol. It never runs user code and imports
// neither dsl nor lib: the binary's main passes ServeWorkerPipes to
// dsl.RunWorker. A Supervisor is a vocab.Kernel, the interface the protocol
// server and the notebook runner drive; the execution count, silent runs,
// interrupts and restarts live here.
//
// Processes. The worker's fds 1 and 2 are pipes read by the supervisor, so
// prints of interpreted and compiled code alike are captured; frames (a
// 4-byte length + a JSON envelope) travel on fds 3 and 4. Each kind of frame
// is one Go type (frame.go, the only place that maps kinds to types), and
// both ends pair requests with replies through the same peer type
// (peer.go). Displays are acknowledged before the worker continues, and the
// supervisor drains the stream pipes before handling each frame: prints and
// displays keep their order.
//
// Failure handling. A worker that dies (exit, signal, fatal runtime error)
// fails the running cell with an "error" output naming the cause and the
// worker's last stderr lines; a fresh worker starts and the reply says the
// state was lost. An interrupt cancels the cell; a cell still running after
// Config.InterruptGrace (2 s) gets its worker killed and restarted. Output
// beyond Config.MaxOutputBytes (8 MiB, or EOSLAB_OUTPUT_LIMIT) per cell is
// not sent but kept, per stream, in a file under Config.SpoolDir (`eoslab
// kernel`: beside the connection file in the Jupyter runtime dir); the
// cell's output names the file and its size, so every byte is either
// delivered or in that file.
//
// %require (require.go). The supervisor runs this one magic itself,
// because it replaces the worker process: leading %require lines of a cell
// go to Config.Require (a vocab.WorkerBuilder, dsl/require in the binary), which
// returns the command of a worker that also contains the required modules.
// The supervisor starts it (keeping the old worker if it cannot start),
// ends the old one and replays the cells that succeeded so far, outputs
// discarded, reporting which failed; the rest of the cell then runs in the
// new worker. SetWorker does the same for any command; Restart returns to
// the initial one. The magic's help is in dsl's magic table.
//
// Platforms. The supervisor needs Unix pipes: it runs on Linux (poll(2),
// and the worker dies with its supervisor through PR_SET_PDEATHSIG) and on
// macOS (select(2); the worker exits when its frame pipe closes). Windows is
// not supported.
package supervisor
