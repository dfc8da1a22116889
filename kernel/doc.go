// Package kernel owns the Jupyter side: connection files, the wire codec and
// HMAC signing, the ZeroMQ sockets, the message handler table and history.
// It never runs user code and imports neither dsl nor lib. Its
// sub-packages hold the other jobs: kernel/supervisor runs cells in worker
// processes, kernel/notebook runs notebooks and scripts headless (`eoslab
// run`), and kernel/vocab is the cell vocabulary all of them and dsl share.
//
// Processes. Serve (`eoslab kernel`) binds the five sockets and answers the
// protocol; cells go to a vocab.Kernel (a supervisor.Supervisor), which
// runs them in a worker process (`eoslab worker`) and reports their outputs as
// vocab.Message values, which the server publishes on iopub. JSON maps
// exist here only at the edge, in the contents of wire messages.
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
package kernel
