// Package workertest is a scripted vocab.Interpreter for the tests of the
// supervisor and of what consumes it (the protocol server, the notebook
// runner): a test binary started with Env serves it as the worker, so those
// tests run real worker processes without the Go interpreter. It imports
// only the cell vocabulary, so that the supervisor's own tests can use it.
package workertest
