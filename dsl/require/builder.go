package require

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// Builder builds and caches the workers of %require; it is the
// vocab.WorkerBuilder of `eoslab kernel` and `eoslab run`. The zero value
// is ready to use; a Builder is safe for concurrent use.
type Builder struct {
	// CacheDir holds the workers, one directory per module set. Default:
	// os.UserCacheDir()/eoslab/require.
	CacheDir string
	// Source is a checkout of eoslab to build workers from. Default: found
	// as doc.go says.
	Source string

	builds atomic.Int64
}

// Builds returns how many workers b has built (requests the cache could not
// answer).
func (b *Builder) Builds() int { return int(b.builds.Load()) }

// BuildWorker implements vocab.WorkerBuilder.
func (b *Builder) BuildWorker(ctx context.Context, req vocab.BuildRequest) (vocab.BuildResult, error) {
	if req.Progress == nil {
		req.Progress = func(string) {}
	}
	if req.Env == nil {
		req.Env = os.Environ()
	}
	if req.Dir == "" {
		req.Dir, _ = os.Getwd()
	}
	g, err := findGo(req.Env)
	if err != nil {
		return vocab.BuildResult{}, err
	}
	root, err := b.cacheRoot()
	if err != nil {
		return vocab.BuildResult{}, err
	}
	tc, err := g.toolchain(ctx, root)
	if err != nil {
		return vocab.BuildResult{}, err
	}
	src, err := locateSource(b.Source, req.Env)
	if err != nil {
		return vocab.BuildResult{}, err
	}
	srcKey, err := src.key()
	if err != nil {
		return vocab.BuildResult{}, err
	}
	set, err := moduleSet(ctx, g, root, req)
	if err != nil {
		return vocab.BuildResult{}, err
	}
	dir := filepath.Join(root, cacheKey(srcKey, tc, set))
	res := vocab.BuildResult{Argv: []string{filepath.Join(dir, workerName)}, Modules: canonical(set)}
	if complete(dir) {
		req.Progress("%require: using the cached worker with " + strings.Join(res.Modules, ", "))
		res.Cached = true
		return res, nil
	}
	b.builds.Add(1)
	j := &job{g: g, tc: tc, src: src, set: set, root: root, dir: dir, progress: req.Progress}
	if err := j.run(ctx); err != nil {
		return vocab.BuildResult{}, err
	}
	return res, nil
}

func (b *Builder) cacheRoot() (string, error) {
	root := b.CacheDir
	if root == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("require: no cache directory for the workers: %w", err)
		}
		root = filepath.Join(c, "eoslab", "require")
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("require: creating the worker cache: %w", err)
	}
	return root, nil
}

func canonical(set []module) []string {
	out := make([]string, len(set))
	for i, m := range set {
		out[i] = m.String()
	}
	return out
}
