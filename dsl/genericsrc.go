package dsl

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
)

// Generic standard packages. yaegi's symbol tables cannot hold generic
// functions and types, so these packages are type-checked from Go's own
// source (GOROOT/src) and their generic declarations are instantiated for
// the interpreter on demand (generics.go). Their other declarations still
// run compiled, from the symbol tables. A package whose API is mostly not
// generic (false here) is read from source only once a cell uses one of
// its generic names: checking reflect's source costs ~90 ms.
var genericPackages = map[string]bool{
	"cmp": true, "iter": true, "maps": true, "slices": true, "unique": true, "weak": true,
	"errors": false, "sync": false, "sync/atomic": false, "math/rand/v2": false,
	"hash/maphash": false, "database/sql": false, "reflect": false,
	"crypto/hkdf": false, "crypto/pbkdf2": false,
}

// genericOverrides replace standard declarations that cannot be
// interpreted (they call the runtime through linkname) by equivalents in
// plain Go, per package.
var genericOverrides = map[string]string{
	"maps": `package maps

func Clone[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return nil
	}
	r := make(M, len(m))
	for k, v := range m {
		r[k] = v
	}
	return r
}
`,
	"iter": `package iter

// Pull runs seq in a goroutine instead of a coroutine.
func Pull[V any](seq Seq[V]) (next func() (V, bool), stop func()) {
	type item struct {
		v  V
		ok bool
	}
	items := make(chan item)
	resume := make(chan bool)
	started, done := false, false
	run := func() {
		if <-resume {
			seq(func(v V) bool {
				items <- item{v, true}
				return <-resume
			})
		}
		close(items)
	}
	next = func() (V, bool) {
		var zero V
		if done {
			return zero, false
		}
		if !started {
			started = true
			go run()
		}
		resume <- true
		it, ok := <-items
		if !ok {
			done = true
			return zero, false
		}
		return it.v, true
	}
	stop = func() {
		if done {
			return
		}
		done = true
		if started {
			resume <- false
			for range items {
			}
		}
	}
	return next, stop
}

// Pull2 is Pull for two-value sequences.
func Pull2[K, V any](seq Seq2[K, V]) (next func() (K, V, bool), stop func()) {
	type pair struct {
		k K
		v V
	}
	n, s := Pull(func(yield func(pair) bool) {
		seq(func(k K, v V) bool { return yield(pair{k, v}) })
	})
	next = func() (K, V, bool) {
		p, ok := n()
		return p.k, p.v, ok
	}
	return next, s
}
`,
}

// srcPkg is a package type-checked from source, with what instantiation
// needs: the declarations behind each object and the file texts.
type srcPkg struct {
	pkg   *types.Package
	fset  *token.FileSet
	info  *types.Info
	decls map[types.Object]ast.Node // *ast.FuncDecl, *ast.TypeSpec, *ast.GenDecl (var, const)
	texts map[*token.File]string
	// methods lists the method declarations of each type, by type name.
	methods map[string][]*ast.FuncDecl
}

// goroot is where the standard library's source is read from.
func goroot() string {
	if r := os.Getenv("GOROOT"); r != "" {
		return r
	}
	return build.Default.GOROOT
}

// hasGoSource reports whether a standard package's source is readable.
func hasGoSource(path string) bool {
	_, err := os.Stat(filepath.Join(goroot(), "src", filepath.FromSlash(path)))
	return err == nil
}

// genericSource type-checks a generic standard package from source
// (called by the importer with its lock held).
func genericSource(im *symbolImporter, path string) (*types.Package, bool) {
	if all, ok := genericPackages[path]; !ok || !all && !im.fromSource[path] {
		return nil, false
	}
	if sp, ok := im.sources[path]; ok {
		return sp.pkg, true
	}
	if im.loading[path] {
		return nil, false
	}
	im.loading[path] = true
	defer delete(im.loading, path)
	sp := &srcPkg{fset: token.NewFileSet(), texts: map[*token.File]string{}, decls: map[types.Object]ast.Node{}, methods: map[string][]*ast.FuncDecl{}}
	var files []*ast.File
	override := parseOverride(sp, path)
	goFiles, dir := []string(nil), filepath.Join(goroot(), "src", filepath.FromSlash(path))
	if _, replaced := replacedPackages[path]; !replaced {
		bp, err := build.Default.ImportDir(dir, 0)
		if err != nil {
			return nil, false
		}
		goFiles = bp.GoFiles
	}
	for _, name := range goFiles {
		text, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, false
		}
		f, err := parser.ParseFile(sp.fset, filepath.Join(dir, name), text, parser.SkipObjectResolution)
		if err != nil {
			return nil, false
		}
		sp.texts[sp.fset.File(f.Pos())] = string(text)
		dropOverridden(f, override)
		files = append(files, f)
	}
	if override != nil {
		files = append(files, override)
	}
	sp.info = &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Instances: map[*ast.Ident]types.Instance{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{
		Importer: importerFunc(im.importLocked),
		Error:    func(error) {}, // internal packages are out of reach; their users are not instantiated
	}
	// The package object must exist before its own imports look it up.
	sp.pkg, _ = conf.Check(path, sp.fset, files, sp.info)
	im.sources[path] = sp
	sp.index(files)
	return sp.pkg, true
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(p string) (*types.Package, error) { return f(p) }

func parseOverride(sp *srcPkg, path string) *ast.File {
	text, ok := genericOverrides[path]
	if whole, replaced := replacedPackages[path]; replaced {
		text, ok = whole, true
	}
	if !ok {
		return nil
	}
	f, err := parser.ParseFile(sp.fset, "eoslab-override-"+filepath.Base(path)+".go", text, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	sp.texts[sp.fset.File(f.Pos())] = text
	return f
}

// dropOverridden removes the functions an override replaces.
func dropOverridden(f, override *ast.File) {
	if override == nil {
		return
	}
	names := map[string]bool{}
	for _, d := range override.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			names[fd.Name.Name] = true
		}
	}
	kept := f.Decls[:0]
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && names[fd.Name.Name] {
			continue
		}
		kept = append(kept, d)
	}
	f.Decls = kept
}

// index records the declaration of every package-level object.
func (sp *srcPkg) index(files []*ast.File) {
	for _, f := range files {
		indexDecls(f.Decls, sp.info, sp.decls, sp.methods)
	}
}

// indexDecls maps package-level objects to their declarations.
func indexDecls(decls []ast.Decl, info *types.Info, out map[types.Object]ast.Node, methods map[string][]*ast.FuncDecl) {
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 {
				methods[receiverType(d.Recv.List[0].Type)] = append(methods[receiverType(d.Recv.List[0].Type)], d)
				continue
			}
			if obj := info.Defs[d.Name]; obj != nil {
				out[obj] = d
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					if obj := info.Defs[sp.Name]; obj != nil {
						out[obj] = sp
					}
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if obj := info.Defs[n]; obj != nil {
							out[obj] = d
						}
					}
				}
			}
		}
	}
}
