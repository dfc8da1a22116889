// Package kernel owns the Jupyter side: connection files, the wire codec and
// HMAC signing, the ZeroMQ sockets, the message handler table, history, the
// supervisor of the worker process and the headless driver used by
// `eoslab run`. It never runs user code and imports neither dsl nor lib.
//
// Processes. Serve (`eoslab kernel`) binds the five sockets and answers the
// protocol; cells go to a Supervisor, which runs them in a worker process
// (`eoslab worker`, whose loop is ServeWorker over an Engine that dsl
// provides). The worker's fds 1 and 2 are pipes read by the supervisor, so
// prints of interpreted and compiled code alike are captured; frames (4-byte
// length + JSON) travel on fds 3 and 4. Displays are acknowledged before the
// worker continues, and the supervisor drains the stream pipes before
// handling each frame: prints and displays keep their order.
//
// Failure handling. A worker that dies (exit, signal, fatal runtime error)
// fails the running cell with an "error" output naming the cause and the
// worker's last stderr lines; a fresh worker starts and the reply says the
// state was lost. An interrupt cancels the cell; a cell still running after
// SupervisorConfig.InterruptGrace (2 s) gets its worker killed and
// restarted. Output beyond SupervisorConfig.MaxOutputBytes (8 MiB, or
// EOSLAB_OUTPUT_LIMIT) per cell is not sent but kept, per stream, in a file
// under SupervisorConfig.SpoolDir (`eoslab kernel`: beside the connection
// file in the Jupyter runtime dir); the cell's output names the file and its
// size, so every byte is either delivered or in that file.
//
// %require (supervisor_require.go). The supervisor runs this one magic
// itself, because it replaces the worker process: leading %require lines of
// a cell go to SupervisorConfig.Require (a WorkerBuilder, dsl/require in the
// binary), which returns the command of a worker that also contains the
// required modules. The supervisor starts it (keeping the old worker if it
// cannot start), ends the old one and replays the cells that succeeded so
// far, outputs discarded, reporting which failed; the rest of the cell then
// runs in the new worker. SetWorker does the same for any command; Restart
// returns to the initial one. The magic's help is in dsl's magic table.
//
// Security. Messages whose HMAC-SHA256 signature is missing or wrong, or
// repeats one of the last 65536 accepted signatures, are logged and dropped
// before any handler sees them.
//
// Protocol 5.5. kernel_info is answered on shell and control with
// supported_features (none); a request type without a handler gets an error
// reply of its reply type. iopub is an XPUB socket that sends iopub_welcome
// to every new subscriber (iopub.go: zmq4 hides subscriptions, so the
// kernel's iopub listener watches the ZMTP stream for them). is_complete is
// kernel/vocab's, the same function the cell language uses.
//
// Concurrency. Each socket has one receiving goroutine; shell requests are
// handled one at a time, except that while a cell runs kernel_info,
// is_complete, complete, inspect, history and comm_info are answered at
// once on a goroutine of their own (complete and inspect then report the
// interpreter busy instead of waiting for it); control requests have their
// own goroutine (so interrupt, shutdown and kernel_info answer while a cell
// runs), the heartbeat echoes on its own goroutine, and iopub is sent from
// one goroutine fed by a queue so no handler ever waits on a subscriber.
//
// The supervisor needs Unix pipes: it runs on Linux (poll(2), and the
// worker dies with its supervisor through PR_SET_PDEATHSIG) and on macOS
// (select(2); the worker exits when its frame pipe closes). Windows is not
// supported.
package kernel
