// Package vocab is the cell vocabulary shared by kernel and dsl, as xeus
// separates the interpreter from the server: the Interpreter interface a
// worker serves (dsl.Session implements it), the Kernel interface the
// server and the headless runner drive (the supervisor implements it over
// a worker), the %require build contract (WorkerBuilder, BuildRequest,
// BuildResult, RequireError: the supervisor asks, dsl/require builds),
// what a running cell produces (Output, Bundle with its display id,
// CellError with its traceback), what
// a cell run is asked and answers (ExecuteRequest, ExecuteReply,
// UserExpression), the outputs the supervisor hands its consumers
// (Message), the language (LanguageInfo, Go), eoslab's Version and the
// output limit's variable (OutputLimitEnv); and what
// a line of a cell is (Go, %magic, !shell, ?help) and whether a cell is
// complete, so that the supervisor and the interpreter answer
// is_complete_request the same way. It depends on the standard library
// only and never on an interpreter.
package vocab
