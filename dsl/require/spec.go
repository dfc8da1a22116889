package require

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// module is one member of a worker's module set.
type module struct {
	Path    string // module path
	Version string // exact version; "" for a module directory
	Dir     string // absolute directory of a local module
	Arg     string // the %require argument that named it; "" for an earlier one
	hash    string // content hash of Dir
	sums    []string
}

// String is the canonical form kept in BuildResult.Modules and parsed back
// by parseCanonical: "path@version" or "path => dir".
func (m module) String() string {
	if m.Dir != "" {
		return m.Path + " => " + m.Dir
	}
	return m.Path + "@" + m.Version
}

// exactVersion matches canonical semantic versions (pseudo-versions
// included), which need no resolution.
var exactVersion = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+incompatible)?$`)

// moduleSet resolves the earlier set and the new arguments into one set,
// one entry per module path (the later wins), sorted by path.
func moduleSet(ctx context.Context, g *goCmd, scratch string, req vocab.BuildRequest) ([]module, error) {
	byPath := map[string]module{}
	for _, c := range req.Have {
		m, err := parseCanonical(c)
		if err != nil {
			return nil, err
		}
		byPath[m.Path] = m
	}
	for _, arg := range req.Add {
		m, err := parseArg(ctx, g, scratch, req.Dir, arg, req.Progress)
		if err != nil {
			return nil, err
		}
		byPath[m.Path] = m
	}
	set := make([]module, 0, len(byPath))
	for _, m := range byPath {
		if m.Dir != "" {
			h, err := hashTree(m.Dir)
			if err != nil {
				return nil, &vocab.RequireError{Arg: m.Arg, Msg: fmt.Sprintf("reading the module directory %s: %v", m.Dir, err)}
			}
			m.hash = h
		}
		set = append(set, m)
	}
	sort.Slice(set, func(i, j int) bool { return set[i].Path < set[j].Path })
	return set, nil
}

func parseCanonical(s string) (module, error) {
	if p, dir, ok := strings.Cut(s, " => "); ok {
		return module{Path: p, Dir: dir}, nil
	}
	if p, v, ok := strings.Cut(s, "@"); ok && exactVersion.MatchString(v) {
		return module{Path: p, Version: v}, nil
	}
	return module{}, fmt.Errorf("require: %q is not a module of a %%require set", s)
}

// parseArg resolves one argument: a module directory or MODULE[@VERSION].
func parseArg(ctx context.Context, g *goCmd, scratch, base, arg string, progress func(string)) (module, error) {
	if dir, ok := localDir(base, arg); ok {
		return localModule(arg, dir)
	}
	path, query, hasAt := strings.Cut(arg, "@")
	if !hasAt {
		query = "latest"
	}
	if err := checkModulePath(path); err != nil || query == "" {
		msg := fmt.Sprintf("%s is neither a module directory nor MODULE[@VERSION] (e.g. github.com/user/repo@v1.2.3)", arg)
		if err != nil {
			msg += ": " + err.Error()
		}
		return module{}, &vocab.RequireError{Arg: arg, Msg: msg}
	}
	m := module{Path: path, Version: query, Arg: arg}
	if exactVersion.MatchString(query) {
		return m, nil // downloaded, and checked, when a build needs it
	}
	progress(fmt.Sprintf("%%require: resolving %s@%s…", path, query))
	d, err := download(ctx, g, scratch, []module{m})
	if err != nil {
		return module{}, err
	}
	return d[0], nil
}

// localDir reports whether arg names a directory: it looks like a path
// (./x, ../x, /x, ~/x, .), or is an existing directory whose first path
// element has no dot (module paths have one).
func localDir(base, arg string) (string, bool) {
	p := arg
	if rest, ok := strings.CutPrefix(arg, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, rest)
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	first, _, _ := strings.Cut(filepath.ToSlash(arg), "/")
	pathLike := filepath.IsAbs(arg) || first == "." || first == ".." || first == "~"
	if pathLike {
		return filepath.Clean(p), true
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() && !strings.Contains(first, ".") {
		return filepath.Clean(p), true
	}
	return "", false
}

// localModule reads the module in dir.
func localModule(arg, dir string) (module, error) {
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		return module{}, &vocab.RequireError{Arg: arg, Msg: fmt.Sprintf("no such module directory: %s", dir)}
	case !st.IsDir():
		return module{}, &vocab.RequireError{Arg: arg, Msg: fmt.Sprintf("%s is not a directory", dir)}
	}
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return module{}, &vocab.RequireError{Arg: arg, Msg: fmt.Sprintf("%s is not a module: it has no go.mod (create one with `go mod init MODULEPATH` there)", dir)}
	}
	path := modulePath(b)
	if path == "" {
		return module{}, &vocab.RequireError{Arg: arg, Msg: fmt.Sprintf("%s has no module line", filepath.Join(dir, "go.mod"))}
	}
	if path == eoslabModule {
		return module{}, &vocab.RequireError{Arg: arg, Msg: dir + " is eoslab itself, whose packages cells import already"}
	}
	m := module{Path: path, Dir: dir, Arg: arg}
	if sums, err := os.ReadFile(filepath.Join(dir, "go.sum")); err == nil {
		m.sums = strings.Split(strings.TrimSpace(string(sums)), "\n")
	}
	return m, nil
}

// modulePath returns the path of go.mod's module directive ("" if none).
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if i := strings.Index(l, "//"); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		rest, ok := strings.CutPrefix(l, "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"') {
			continue
		}
		rest = strings.TrimSpace(rest)
		if u, err := strconv.Unquote(rest); err == nil {
			return u
		}
		return rest
	}
	return ""
}

// checkModulePath rejects what cannot be a module path.
func checkModulePath(p string) error {
	first, _, _ := strings.Cut(p, "/")
	switch {
	case p == "":
		return fmt.Errorf("empty module path")
	case strings.ContainsAny(p, " \t\"'`\\:*?<>|"):
		return fmt.Errorf("invalid character in module path")
	case !strings.Contains(first, "."):
		return fmt.Errorf("a module path starts with a domain name (a dot in its first element), and no such directory exists")
	}
	return nil
}

// downloaded is one object of `go mod download -json`.
type downloaded struct {
	Path, Version, Error, Sum, GoModSum string
}

// download resolves and fetches mods with `go mod download -json` (run in
// scratch, outside any module), returning them with exact versions and
// their go.sum lines.
func download(ctx context.Context, g *goCmd, scratch string, mods []module) ([]module, error) {
	args := []string{"mod", "download", "-json"}
	for _, m := range mods {
		args = append(args, m.Path+"@"+m.Version)
	}
	out, runErr := g.run(ctx, scratch, args...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	res := make([]module, 0, len(mods))
	for i := 0; dec.More() && i < len(mods); i++ {
		var d downloaded
		if err := dec.Decode(&d); err != nil {
			break
		}
		m := mods[i]
		if d.Error != "" {
			return nil, &vocab.RequireError{Arg: m.Arg, Msg: "unknown module or version " + m.Path + "@" + m.Version + ": " + d.Error}
		}
		m.Version = d.Version
		m.sums = []string{m.Path + " " + d.Version + " " + d.Sum, m.Path + " " + d.Version + "/go.mod " + d.GoModSum}
		res = append(res, m)
	}
	if runErr != nil || len(res) != len(mods) {
		if runErr == nil {
			runErr = &vocab.RequireError{Msg: "go mod download gave no answer for every module"}
		}
		return nil, blame(runErr, mods)
	}
	return res, nil
}

// blame points a go command failure at the module its output names.
func blame(err error, mods []module) error {
	re, ok := err.(*vocab.RequireError)
	if !ok || re.Arg != "" {
		return err
	}
	text := re.Msg + "\n" + strings.Join(re.Detail, "\n")
	for _, m := range mods {
		if m.Arg != "" && (strings.Contains(text, m.Path) || m.Dir != "" && strings.Contains(text, m.Dir)) {
			re.Arg = m.Arg
			re.Msg += "; the error is in module " + m.Path
			break
		}
	}
	return re
}
