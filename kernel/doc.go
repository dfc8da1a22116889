// Package kernel owns the Jupyter side: connection files, the wire codec and
// HMAC signing, the ZeroMQ sockets, the message handler table, history, the
// supervisor of the worker process and the headless driver used by
// `eoslab run`. It never runs user code and imports neither dsl nor lib.
package kernel
