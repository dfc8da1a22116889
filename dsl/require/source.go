package require

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/eoslab/eoslab/kernel/vocab"
)

const eoslabModule = "github.com/eoslab/eoslab"

// eoslabSource is the eoslab a worker is built from: a source tree (a
// replace directive) or a published version.
type eoslabSource struct {
	Dir     string
	Version string
}

// key identifies the source in the cache key: the version, or the
// directory and the hash of its build inputs.
func (s eoslabSource) key() (string, error) {
	if s.Dir == "" {
		return "version " + s.Version, nil
	}
	h, err := hashTree(s.Dir)
	if err != nil {
		return "", fmt.Errorf("require: hashing eoslab's source %s: %w", s.Dir, err)
	}
	return "dir " + s.Dir + " " + h, nil
}

// thisFile is where the compiler found this file (absolute unless the
// binary was built with -trimpath).
var thisFile = func() string {
	_, f, _, _ := runtime.Caller(0)
	return f
}()

// locateSource finds eoslab's source: explicit (Builder.Source or
// $EOSLAB_SOURCE), the tree this package was compiled from, or the
// published version in the build information.
func locateSource(explicit string, env []string) (eoslabSource, error) {
	if explicit == "" {
		explicit = lookupEnv(env, "EOSLAB_SOURCE")
	}
	if explicit != "" {
		if !isEoslabTree(explicit) {
			return eoslabSource{}, &vocab.RequireError{Msg: fmt.Sprintf("EOSLAB_SOURCE=%s is not a checkout of eoslab (no go.mod of module %s there)", explicit, eoslabModule)}
		}
		abs, err := filepath.Abs(explicit)
		return eoslabSource{Dir: abs}, err
	}
	if dir := compiledFrom(thisFile); dir != "" {
		return eoslabSource{Dir: dir}, nil
	}
	if v := buildVersion(); v != "" {
		return eoslabSource{Version: v}, nil
	}
	return eoslabSource{}, &vocab.RequireError{Msg: "this eoslab binary has neither its source (it was built with -trimpath, or the source tree is gone) " +
		"nor a published version in its build information, so it cannot build a worker of the same eoslab: " +
		"set EOSLAB_SOURCE to a checkout of the eoslab it was built from, or install a release with `go install " + eoslabModule + "@latest`"}
}

// compiledFrom returns the root of the eoslab tree that holds file (this
// package's source file), or "".
func compiledFrom(file string) string {
	if !filepath.IsAbs(file) {
		return ""
	}
	dir := filepath.Dir(filepath.Dir(filepath.Dir(file))) // <root>/dsl/require/source.go
	if !isEoslabTree(dir) {
		return ""
	}
	return dir
}

func isEoslabTree(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && modulePath(b) == eoslabModule
}

// buildVersion is eoslab's module version in the build information when
// it is a published one (not "(devel)", not modified).
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := ""
	if bi.Main.Path == eoslabModule {
		v = bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == eoslabModule && d.Replace == nil {
			v = d.Version
		}
	}
	if !exactVersion.MatchString(v) || strings.Contains(v, "+dirty") {
		return ""
	}
	return v
}
