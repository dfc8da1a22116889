// Package require builds the worker binaries of %require: an eoslab worker
// that also contains the packages of third-party Go modules, so that cells
// import them at compiled speed.
//
// Builder.BuildWorker (a vocab.WorkerBuilder; the supervisor runs the
// magic) resolves the arguments through the go command, so GOPROXY, GOFLAGS,
// GOPRIVATE, GONOSUMDB and GOSUMDB apply: MODULE@VERSION and MODULE (the
// latest version) with `go mod download -json`, a module directory by its
// go.mod. The module set is the union of every %require of the session, one
// version per module path (the later wins), sorted by path.
//
// A worker is a generated main package in a directory of the cache,
// <CacheDir>/<key>, where CacheDir defaults to os.UserCacheDir()/eoslab/
// require and key hashes the module set (with the content of module
// directories), eoslab's source (or version), and the go command's
// version, platform and GOFLAGS. Its go.mod requires eoslab and the modules;
// its files are the yaegi symbol tables of the modules' packages (all but
// internal and main ones; extracted by internal/extract, run with `go run`
// in that module so that the go command resolves the packages) and a main
// that registers them (dsl.RegisterSymbols) and runs dsl.RunWorker with
// the supervisor's frame protocol (supervisor.ServeWorkerPipes). The
// directory is built under a temporary name and renamed when complete, so
// a cache entry is either whole or absent, and a second request for the
// same set uses it without running the go command's build.
//
// eoslab's source. The worker must be built from the eoslab the kernel
// runs. It is looked for, in order: $EOSLAB_SOURCE (a checkout); the
// directory this package was compiled from (recorded by the compiler in the
// binary unless it was built with -trimpath), when it still holds eoslab's
// go.mod, as in a checkout or the module cache; and the module version in
// the binary's build information, fetched by the go command when it is a
// published version. An installed binary without source and without a
// published version cannot build workers; the error says to set
// EOSLAB_SOURCE.
//
// Limits: only the main module's replace directives apply, so those of a
// required module directory are ignored; generic functions and types are not
// in yaegi's tables (yaegi cannot extract them).
package require
