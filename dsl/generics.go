package dsl

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// Generics. yaegi's own generics are unreliable (wrong inference, crashes),
// and compiled generic code cannot be called from it at all. So every
// instance a cell uses, of a generic function or type declared in a cell
// or in a generic standard package (genericsrc.go), is written out as
// ordinary Go: the declaration's source with its type parameters replaced
// by the type arguments go/types inferred, under a name of its own
// (__eoslabG_Name_hash), with its callees instantiated the same way.
// Unexported helpers of a standard package are copied under
// __eoslabS_pkg_name; its exported non-generic names stay compiled.

// source is where declarations are read from: the cell's checked file or a
// package type-checked from source.
type source struct {
	pkg     *types.Package
	fset    *token.FileSet
	info    *types.Info
	decls   map[types.Object]ast.Node
	methods map[string][]*ast.FuncDecl
	texts   map[*token.File]string
	main    bool // the cells' own package
}

// text returns a node's source.
func (src *source) text(n ast.Node) string {
	tf := src.fset.File(n.Pos())
	return src.texts[tf][tf.Offset(n.Pos()):tf.Offset(n.End())]
}

func (src *source) offset(p token.Pos) int { return src.fset.File(p).Offset(p) }

// textRange returns the source between two positions of one file.
func (src *source) textRange(from, to token.Pos) string {
	tf := src.fset.File(from)
	return src.texts[tf][tf.Offset(from):tf.Offset(to)]
}

// mono writes the instances one cell needs.
type mono struct {
	s       *Session
	main    *source
	need    map[string]string // imports the generated code needs
	pending map[string]string // key → name, generated for this cell
	out     []string          // generated declarations

	switchTypes []types.Type // cell types interface operands are matched against (fmtcells.go)
	switchKey   string
}

func newMono(s *Session, c *checked, need map[string]string) *mono {
	main := &source{pkg: c.pkg, fset: c.fset, info: c.info, decls: map[types.Object]ast.Node{},
		methods: map[string][]*ast.FuncDecl{}, texts: map[*token.File]string{c.fset.File(c.file.Pos()): c.text}, main: true}
	indexDecls(c.file.Decls, c.info, main.decls, main.methods)
	return &mono{s: s, main: main, need: need, pending: map[string]string{}}
}

// commit keeps the instances once their declarations were evaluated.
func (m *mono) commit() {
	for k, v := range m.pending {
		m.s.decls.instances[k] = v
	}
}

// sourceOf finds the source a generic object is declared in.
func (m *mono) sourceOf(obj types.Object) (*source, error) {
	if obj.Pkg() == m.main.pkg {
		return m.main, nil
	}
	sp := m.s.importer.sources[obj.Pkg().Path()]
	if sp == nil {
		return nil, fmt.Errorf("%s.%s is generic and its source is not available to the interpreter", obj.Pkg().Path(), obj.Name())
	}
	return &source{pkg: sp.pkg, fset: sp.fset, info: sp.info, decls: sp.decls, methods: sp.methods, texts: sp.texts}, nil
}

// lookup returns the name generated for key, if any.
func (m *mono) lookup(key string) (string, bool) {
	if n, ok := m.s.decls.instances[key]; ok {
		return n, true
	}
	n, ok := m.pending[key]
	return n, ok
}

// instance names the instance of a generic function or type, writing it
// (and what it uses) when this session has not yet.
func (m *mono) instance(obj types.Object, targs []types.Type) (string, error) {
	src, err := m.sourceOf(obj)
	if err != nil {
		return "", err
	}
	node := src.decls[obj]
	if node == nil {
		return "", fmt.Errorf("the declaration of generic %s is not available", obj.Name())
	}
	args := make([]string, len(targs))
	for i, t := range targs {
		args[i] = types.TypeString(t, nil)
	}
	key := obj.Pkg().Path() + "." + obj.Name() + "@" + shortHash(src.text(node)) + "[" + strings.Join(args, ",") + "]"
	if name, ok := m.lookup(key); ok {
		return name, nil
	}
	name := "__eoslabG_" + obj.Name() + "_" + shortHash(key)
	m.pending[key] = name
	var text string
	switch n := node.(type) {
	case *ast.FuncDecl:
		text, err = m.genericFunc(src, obj.(*types.Func), n, targs, name)
	case *ast.TypeSpec:
		text, err = m.genericType(src, obj.(*types.TypeName), n, targs, name)
	default:
		err = fmt.Errorf("%s is not a generic function or type", obj.Name())
	}
	if err != nil {
		delete(m.pending, key)
		if !src.main {
			err = fmt.Errorf("%s.%s cannot be interpreted: %w", obj.Pkg().Path(), obj.Name(), err)
		}
		return "", err
	}
	m.out = append(m.out, text)
	return name, nil
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:5])
}

// genericFunc writes an instance of a generic function.
func (m *mono) genericFunc(src *source, fn *types.Func, fd *ast.FuncDecl, targs []types.Type, name string) (string, error) {
	sig := fn.Type().(*types.Signature)
	env := bindTypeParams(sig.TypeParams(), targs)
	r := m.rewriter(src, env)
	r.funcs = []*types.Signature{sig}
	r.add(fd.Name.Pos(), fd.Name.End(), name)
	if tp := fd.Type.TypeParams; tp != nil {
		r.add(tp.Opening, tp.Closing+1, "")
	}
	r.walk(fd.Type.Params, fd.Type.Results, fd.Body)
	return r.result(fd)
}

// genericType writes an instance of a generic type with its methods. A
// generic type without methods whose underlying type is a func, map, slice
// or the like is not written: its instances are spelled as their
// underlying type (inlineInstance).
func (m *mono) genericType(src *source, tn *types.TypeName, ts *ast.TypeSpec, targs []types.Type, name string) (string, error) {
	var tparams *types.TypeParamList
	switch t := tn.Type().(type) {
	case *types.Named:
		tparams = t.TypeParams()
	case *types.Alias:
		tparams = t.TypeParams()
	}
	env := bindTypeParams(tparams, targs)
	r := m.rewriter(src, env)
	r.walk(ts.Type)
	body, err := r.result(ts.Type)
	if err != nil {
		return "", err
	}
	eq := " "
	if ts.Assign.IsValid() {
		eq = " = "
	}
	text := "type " + name + eq + body + "\n"
	for _, md := range src.methods[tn.Name()] {
		mt, err := m.method(src, md, targs, name)
		if err != nil {
			return "", err
		}
		text += mt + "\n"
	}
	return text, nil
}

// method writes a method of a generic type's instance.
func (m *mono) method(src *source, md *ast.FuncDecl, targs []types.Type, typeName string) (string, error) {
	fn, _ := src.info.Defs[md.Name].(*types.Func)
	if fn == nil {
		return "", fmt.Errorf("method %s is not available", md.Name.Name)
	}
	sig := fn.Type().(*types.Signature)
	r := m.rewriter(src, bindTypeParams(sig.RecvTypeParams(), targs))
	r.funcs = []*types.Signature{sig}
	base := md.Recv.List[0].Type
	if st, ok := base.(*ast.StarExpr); ok {
		base = st.X
	}
	r.add(base.Pos(), base.End(), typeName)
	r.walk(md.Type.Params, md.Type.Results, md.Body)
	return r.result(md)
}

func bindTypeParams(tps *types.TypeParamList, targs []types.Type) map[*types.TypeParam]types.Type {
	env := map[*types.TypeParam]types.Type{}
	for i := 0; tps != nil && i < tps.Len() && i < len(targs); i++ {
		env[tps.At(i)] = targs[i]
	}
	return env
}

// helper names an unexported non-generic declaration of a standard
// package that an instance uses, copying it once.
func (m *mono) helper(src *source, obj types.Object) (string, error) {
	name := "__eoslabS_" + sanitizeIdent(src.pkg.Name()) + "_" + obj.Name()
	key := src.pkg.Path() + "." + obj.Name() + "#helper"
	if n, ok := m.lookup(key); ok {
		return n, nil
	}
	node := src.decls[obj]
	if node == nil {
		return "", fmt.Errorf("%s.%s cannot be interpreted", src.pkg.Path(), obj.Name())
	}
	m.pending[key] = name
	r := m.rewriter(src, nil)
	var text string
	var err error
	switch n := node.(type) {
	case *ast.FuncDecl:
		if n.Body == nil {
			err = fmt.Errorf("%s.%s cannot be interpreted: it is implemented outside Go", src.pkg.Path(), obj.Name())
			break
		}
		r.add(n.Name.Pos(), n.Name.End(), name)
		r.funcs = []*types.Signature{obj.Type().(*types.Signature)}
		r.walk(n.Type, n.Body)
		text, err = r.result(n)
	case *ast.TypeSpec:
		r.walk(n.Type)
		var body string
		body, err = r.result(n.Type)
		text = "type " + name + " " + body + "\n"
		for _, md := range src.methods[obj.Name()] {
			if err != nil {
				break
			}
			mr := m.rewriter(src, nil)
			base := md.Recv.List[0].Type
			if st, ok := base.(*ast.StarExpr); ok {
				base = st.X
			}
			mr.add(base.Pos(), base.End(), name)
			if fn, ok := src.info.Defs[md.Name].(*types.Func); ok {
				mr.funcs = []*types.Signature{fn.Type().(*types.Signature)}
			}
			mr.walk(md.Type, md.Body)
			var mt string
			mt, err = mr.result(md)
			text += mt + "\n"
		}
	case *ast.GenDecl:
		text, err = m.helperGroup(src, n)
	}
	if err != nil {
		delete(m.pending, key)
		return "", err
	}
	m.out = append(m.out, text)
	return name, nil
}

// helperGroup copies a var or const declaration whole (a const group
// shares iota), every name renamed.
func (m *mono) helperGroup(src *source, g *ast.GenDecl) (string, error) {
	r := m.rewriter(src, nil)
	for _, sp := range g.Specs {
		vs := sp.(*ast.ValueSpec)
		for _, n := range vs.Names {
			if obj := src.info.Defs[n]; obj != nil && n.Name != "_" {
				hn := "__eoslabS_" + sanitizeIdent(src.pkg.Name()) + "_" + n.Name
				m.pending[src.pkg.Path()+"."+n.Name+"#helper"] = hn
				r.add(n.Pos(), n.End(), hn)
			}
		}
		r.walk(vs.Type)
		for _, v := range vs.Values {
			r.walk(v)
		}
	}
	return r.result(g)
}

// rewriter collects the edits that turn declarations of src into code the
// interpreter runs: instances for generic uses, type arguments for type
// parameters, qualified or copied package-level names, and loops over
// functions as calls (rangefunc.go).
type rewriter struct {
	m        *mono
	src      *source
	env      map[*types.TypeParam]types.Type
	off      func(token.Pos) int // offset of a position in the text edited (-1: leave alone)
	edits    []rewrite
	err      error
	loops    []*rangeLoop               // enclosing loops over functions
	selects  []*selectWrap              // enclosing selects
	copyBack map[ast.Stmt]*copyBackLoop // loops running on their own variables (loopvars.go)
	hasDefer map[ast.Node]bool          // function bodies with a defer (deferlock.go)
	funcs    []*types.Signature
	stack    []ast.Node // the nodes the walk is inside
	seq      int
	// hoisted are the cell-level := statements, which assign instead.
	hoisted map[*ast.AssignStmt]bool
	renamed map[*types.Var]string // locals renamed by shadowedLocal
	// versions are the loops run in two copies (loopversion.go); nil
	// outside the cell's own code.
	versions *loopVersions
	parens   []token.Pos // parentheses that become spaces (parens.go)
}

func (m *mono) rewriter(src *source, env map[*types.TypeParam]types.Type) *rewriter {
	return &rewriter{m: m, src: src, env: env, off: src.offset}
}

func (r *rewriter) add(from, to token.Pos, text string) {
	r.edits = append(r.edits, rewrite{r.off(from), r.off(to), text})
}

func (r *rewriter) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// result applies the edits to the source of n.
func (r *rewriter) result(n ast.Node) (string, error) {
	if r.err != nil {
		return "", r.err
	}
	tf := r.src.fset.File(n.Pos())
	r.parenEdits()
	sortEdits(r.edits)
	return applyEdits(r.src.texts[tf], tf.Offset(n.Pos()), tf.Offset(n.End()), r.edits), nil
}

// walk visits nodes (nil ones are skipped).
func (r *rewriter) walk(nodes ...ast.Node) {
	for _, n := range nodes {
		if n != nil && !isNilNode(n) {
			ast.Inspect(n, r.visit)
		}
	}
}

func isNilNode(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.FieldList:
		return x == nil
	case *ast.BlockStmt:
		return x == nil
	case *ast.FuncType:
		return x == nil
	}
	return false
}

// visit keeps the stack of nodes the walk is in (ast.Inspect calls it with
// nil when it leaves a node it entered).
func (r *rewriter) visit(n ast.Node) bool {
	if n == nil {
		r.pop()
		return false
	}
	if r.err != nil || !r.visitNode(n) {
		return false
	}
	r.stack = append(r.stack, n)
	return true
}

// visitNode applies the rewrites that match n and reports whether to walk
// its children.
func (r *rewriter) visitNode(n ast.Node) bool {
	r.compiledInterfaces(n)
	if _, ok := n.(ast.Stmt); ok {
		return r.visitStmt(n)
	}
	switch x := n.(type) {
	case *ast.FuncDecl:
		var sig *types.Signature
		if obj := r.src.info.Defs[x.Name]; obj != nil {
			sig, _ = obj.Type().(*types.Signature)
		}
		if sig == nil {
			sig = types.NewSignatureType(nil, nil, nil, nil, nil, false)
		}
		r.funcs = append(r.funcs, sig)
	case *ast.IndexExpr:
		if r.errorsAsType(x) || r.instanceExpr(x, x.X) {
			return false
		}
	case *ast.IndexListExpr:
		return !r.instanceExpr(x, x.X)
	case *ast.SelectorExpr:
		r.selector(x)
		return false
	case *ast.KeyValueExpr:
		if id, ok := x.Key.(*ast.Ident); ok {
			if v, isVar := r.src.info.Uses[id].(*types.Var); isVar && v.IsField() {
				r.walk(x.Value)
				return false
			}
		}
	case *ast.Ident:
		if r.localAlias(x) {
			return false
		}
		r.ident(x)
		r.shadowedLocal(x)
	case *ast.FuncLit:
		r.closureValue(x)
		return r.funcLit(x)
	case *ast.CallExpr:
		r.boxConversion(x)
		r.builtinCall(x)
		r.recoverCall(x)
		r.panicCall(x)
		r.errorsCall(x)
		r.variadicErrors(x)
		r.fmtCall(x)
		r.fmtSpread(x) // namedtypes.go
		r.reflectTypeArgs(x)
		r.reflectTypeCall(x)
		r.encodingCall(x)
		r.reflectFieldCall(x)
	case *ast.BinaryExpr:
		r.ifaceComparison(x)
	case *ast.ParenExpr:
		r.bareParens(x)
	case *ast.StructType:
		r.blankFields(x)
		r.unexportedFieldTags(x)
	case *ast.TypeAssertExpr:
		if !r.assertToCellInterface(x) && !r.exactAssert(x) && !r.compiledAssert(x) {
			r.assertFromAny(x)
			r.assertNil(x)
		}
	case *ast.ValueSpec:
		if x.Type != nil && len(x.Values) == 1 && r.inFunction() {
			r.boxAssigned(make([]ast.Expr, len(x.Values)), x.Type, x.Values)
		}
		r.hoistedValues(x) // namedtypes.go
	case *ast.GenDecl:
		r.constValues(x)
		r.hiddenMethod(x) // namedtypes.go
	}
	return true
}

// visitStmt is visitNode for statements.
func (r *rewriter) visitStmt(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.DeclStmt:
		r.localAliasDecl(x)
	case *ast.AssignStmt:
		if x.Tok == token.ASSIGN {
			r.boxAssigned(x.Lhs, nil, x.Rhs)
		}
		r.interfaceFieldAssign(x)
		r.multiAssign(x)
	case *ast.TypeSwitchStmt:
		r.typeSwitchCases(x)
		r.exactTypeCases(x)
	case *ast.ForStmt:
		r.emptyBody(x.Body)
		r.forLoopVars(x)
	case *ast.DeferStmt:
		r.deferredReceiver(x.Call, x.Defer, x.End())
		r.deferredClosure(x)
	case *ast.GoStmt:
		r.deferredReceiver(x.Call, x.Go, x.End())
	case *ast.RangeStmt:
		r.emptyBody(x.Body)
		r.rangeString(x)
		if !r.rangeChanElems(x) {
			r.rangeArrayPointer(x)
			r.rangeAssign(x)
		}
		return r.rangeStmt(x)
	case *ast.BranchStmt:
		if !r.branch(x) {
			r.selectBranch(x)
		}
	case *ast.SelectStmt:
		r.selectStmt(x)
	case *ast.CaseClause:
		r.caseLabels(x.Body, false)
	case *ast.CommClause:
		r.caseLabels(x.Body, false)
	case *ast.ReturnStmt:
		r.returnStmt(x)
		r.boxedResults(x) // namedtypes.go
	}
	return true
}

// instanceExpr replaces G[T] (or pkg.G[T]) by the instance's name.
func (r *rewriter) instanceExpr(e, base ast.Expr) bool {
	id := baseIdent(base)
	if id == nil || r.off(e.Pos()) < 0 {
		return false
	}
	inst, ok := r.src.info.Instances[id]
	if !ok {
		return false
	}
	r.add(e.Pos(), e.End(), r.instanceRef(id, inst))
	return true
}

func baseIdent(e ast.Expr) *ast.Ident {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// instanceRef spells an instance: its generated name, or the underlying
// type of an inlined generic type.
func (r *rewriter) instanceRef(id *ast.Ident, inst types.Instance) string {
	obj := r.src.info.Uses[id]
	if obj == nil {
		obj = r.src.info.Defs[id]
	}
	targs := make([]types.Type, inst.TypeArgs.Len())
	for i := range targs {
		targs[i] = substitute(inst.TypeArgs.At(i), r.env)
	}
	if tn, ok := obj.(*types.TypeName); ok && inlineInstance(tn) {
		s, err := r.m.typeSrc(substitute(inst.Type, r.env))
		if err != nil {
			r.fail(err)
		}
		return s
	}
	name, err := r.m.instance(genericOrigin(obj), targs)
	if err != nil {
		r.fail(r.instanceError(id, err))
	}
	return name
}

// genericOrigin is the generic object behind an instantiated use.
func genericOrigin(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin()
	case *types.TypeName:
		switch t := o.Type().(type) {
		case *types.Named:
			return t.Origin().Obj()
		case *types.Alias:
			return t.Origin().Obj()
		}
	}
	return obj
}

// inlineInstance reports generic types spelled as their underlying type:
// no methods, and not a struct or interface (iter.Seq).
func inlineInstance(tn *types.TypeName) bool {
	if _, ok := tn.Type().(*types.Alias); ok {
		return true // an alias is its aliased type
	}
	n, ok := tn.Type().(*types.Named)
	if !ok || n.Origin().NumMethods() > 0 {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Struct, *types.Interface:
		return false
	}
	return true
}

// selector handles pkg.Name and x.field.
func (r *rewriter) selector(x *ast.SelectorExpr) {
	id, ok := x.X.(*ast.Ident)
	pn, isPkg := r.src.info.Uses[id].(*types.PkgName)
	if !ok || !isPkg {
		r.methodValue(x)
		r.walk(x.X)
		return
	}
	if r.off(x.Pos()) < 0 {
		return
	}
	if inst, ok := r.src.info.Instances[x.Sel]; ok {
		r.add(x.Pos(), x.End(), r.instanceRef(x.Sel, inst))
		return
	}
	if r.src.main {
		return
	}
	alias, err := r.m.pkgAlias(pn.Imported())
	if err != nil {
		r.fail(err)
		return
	}
	r.add(id.Pos(), id.End(), alias)
}

// ident replaces type parameters, implicitly instantiated generics and a
// standard package's own package-level names.
func (r *rewriter) ident(id *ast.Ident) {
	if r.off(id.Pos()) < 0 {
		return
	}
	obj := r.src.info.Uses[id]
	if obj == nil {
		return
	}
	if inst, ok := r.src.info.Instances[id]; ok {
		r.add(id.Pos(), id.End(), r.instanceRef(id, inst))
		return
	}
	if tn, ok := obj.(*types.TypeName); ok {
		if tp, ok := tn.Type().(*types.TypeParam); ok {
			if t, ok := r.env[tp]; ok {
				s, err := r.m.typeSrc(t)
				if err != nil {
					r.fail(err)
				}
				r.add(id.Pos(), id.End(), parenType(s))
			}
			return
		}
	}
	if r.src.main || obj.Pkg() != r.src.pkg || obj.Parent() != r.src.pkg.Scope() {
		return
	}
	if obj.Exported() {
		alias, err := r.m.pkgAlias(r.src.pkg)
		if err != nil {
			r.fail(err)
		}
		r.add(id.Pos(), id.End(), alias+"."+id.Name)
		return
	}
	name, err := r.m.helper(r.src, obj)
	if err != nil {
		r.fail(err)
	}
	r.add(id.Pos(), id.End(), name)
}

// pkgAlias is the session's name for a package the generated code uses.
func (m *mono) pkgAlias(p *types.Package) (string, error) {
	q := &qualifier{s: m.s, main: m.main.pkg, need: m.need}
	return q.pkgName(p)
}

// substitute replaces type parameters by their arguments in t.
func substitute(t types.Type, env map[*types.TypeParam]types.Type) types.Type {
	if len(env) == 0 {
		return t
	}
	switch x := t.(type) {
	case *types.TypeParam:
		if a, ok := env[x]; ok {
			return a
		}
	case *types.Pointer:
		return types.NewPointer(substitute(x.Elem(), env))
	case *types.Slice:
		return types.NewSlice(substitute(x.Elem(), env))
	case *types.Array:
		return types.NewArray(substitute(x.Elem(), env), x.Len())
	case *types.Map:
		return types.NewMap(substitute(x.Key(), env), substitute(x.Elem(), env))
	case *types.Chan:
		return types.NewChan(x.Dir(), substitute(x.Elem(), env))
	case *types.Signature:
		return types.NewSignatureType(nil, nil, nil, substituteTuple(x.Params(), env), substituteTuple(x.Results(), env), x.Variadic())
	case *types.Tuple:
		return substituteTuple(x, env)
	case *types.Struct:
		fields := make([]*types.Var, x.NumFields())
		tags := make([]string, x.NumFields())
		for i := range fields {
			f := x.Field(i)
			fields[i] = types.NewField(f.Pos(), f.Pkg(), f.Name(), substitute(f.Type(), env), f.Embedded())
			tags[i] = x.Tag(i)
		}
		return types.NewStruct(fields, tags)
	case *types.Named:
		if args := x.TypeArgs(); args != nil && args.Len() > 0 {
			targs := make([]types.Type, args.Len())
			for i := range targs {
				targs[i] = substitute(args.At(i), env)
			}
			if inst, err := types.Instantiate(nil, x.Origin(), targs, false); err == nil {
				return inst
			}
		}
	}
	return t
}

func substituteTuple(t *types.Tuple, env map[*types.TypeParam]types.Type) *types.Tuple {
	vars := make([]*types.Var, t.Len())
	for i := range vars {
		v := t.At(i)
		vars[i] = types.NewParam(v.Pos(), v.Pkg(), v.Name(), substitute(v.Type(), env))
	}
	return types.NewTuple(vars...)
}

// typeSrc spells a concrete type for the interpreter: instances of generic
// types by their generated names, packages by the session's names.
func (m *mono) typeSrc(t types.Type) (string, error) {
	switch x := t.(type) {
	case *types.Basic:
		if x.Info()&types.IsUntyped != 0 {
			return m.typeSrc(types.Default(x))
		}
		return x.Name(), nil
	case *types.Alias:
		return m.typeSrc(types.Unalias(x))
	case *types.Named:
		return m.namedSrc(x)
	case *types.Pointer:
		return m.prefixed("*", x.Elem())
	case *types.Slice:
		return m.prefixed("[]", x.Elem())
	case *types.Array:
		return m.prefixed("["+strconv.FormatInt(x.Len(), 10)+"]", x.Elem())
	case *types.Map:
		k, err := m.typeSrc(x.Key())
		if err != nil {
			return "", err
		}
		return m.prefixed("map["+k+"]", x.Elem())
	case *types.Chan:
		return m.prefixed(map[types.ChanDir]string{types.SendRecv: "chan ", types.SendOnly: "chan<- ", types.RecvOnly: "<-chan "}[x.Dir()], x.Elem())
	case *types.Signature:
		return m.signatureSrc(x)
	case *types.Struct:
		return m.structSrc(x)
	case *types.Interface:
		return m.interfaceSrc(x)
	case *types.TypeParam:
		return "", fmt.Errorf("type parameter %s has no type argument here", x.Obj().Name())
	}
	return "", fmt.Errorf("type %s cannot be written for the interpreter", t)
}

func (m *mono) prefixed(prefix string, elem types.Type) (string, error) {
	e, err := m.typeSrc(elem)
	if err != nil {
		return "", err
	}
	if prefix == "chan " && strings.HasPrefix(e, "<-") {
		e = "(" + e + ")"
	}
	return prefix + e, nil
}

func (m *mono) namedSrc(x *types.Named) (string, error) {
	obj := x.Obj()
	if args := x.TypeArgs(); args != nil && args.Len() > 0 {
		if inlineInstance(obj) {
			return m.typeSrc(x.Underlying())
		}
		targs := make([]types.Type, args.Len())
		for i := range targs {
			targs[i] = args.At(i)
		}
		return m.instance(x.Origin().Obj(), targs)
	}
	if obj.Pkg() == nil {
		return obj.Name(), nil // error, comparable
	}
	if obj.Pkg() == m.main.pkg {
		return obj.Name(), nil
	}
	if !obj.Exported() {
		if src, err := m.sourceOf(obj); err == nil && !src.main {
			return m.helper(src, obj)
		}
		return "", fmt.Errorf("type %s.%s is unexported", obj.Pkg().Path(), obj.Name())
	}
	alias, err := m.pkgAlias(obj.Pkg())
	if err != nil {
		return "", err
	}
	return alias + "." + obj.Name(), nil
}

func (m *mono) tupleSrc(t *types.Tuple, variadic bool) (string, error) {
	parts := make([]string, t.Len())
	for i := range parts {
		typ := t.At(i).Type()
		prefix := ""
		if variadic && i == t.Len()-1 {
			typ, prefix = typ.(*types.Slice).Elem(), "..."
		}
		s, err := m.typeSrc(typ)
		if err != nil {
			return "", err
		}
		parts[i] = prefix + s
	}
	return strings.Join(parts, ", "), nil
}

func (m *mono) signatureSrc(x *types.Signature) (string, error) {
	params, err := m.tupleSrc(x.Params(), x.Variadic())
	if err != nil {
		return "", err
	}
	results, err := m.tupleSrc(x.Results(), false)
	if err != nil {
		return "", err
	}
	if x.Results().Len() > 1 {
		results = "(" + results + ")"
	}
	return strings.TrimSpace("func(" + params + ") " + results), nil
}

func (m *mono) structSrc(x *types.Struct) (string, error) {
	fields := make([]string, x.NumFields())
	for i := range fields {
		f := x.Field(i)
		t, err := m.typeSrc(f.Type())
		if err != nil {
			return "", err
		}
		if f.Embedded() {
			fields[i] = t
		} else {
			fields[i] = f.Name() + " " + t
		}
		if tag := x.Tag(i); tag != "" {
			fields[i] += " " + strconv.Quote(tag)
		}
	}
	return "struct{ " + strings.Join(fields, "; ") + " }", nil
}

func (m *mono) interfaceSrc(x *types.Interface) (string, error) {
	if x.NumMethods() == 0 && x.NumEmbeddeds() == 0 {
		return "any", nil
	}
	var parts []string
	for i := range x.NumEmbeddeds() {
		s, err := m.typeSrc(x.EmbeddedType(i))
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	for i := range x.NumExplicitMethods() {
		f := x.ExplicitMethod(i)
		s, err := m.signatureSrc(f.Type().(*types.Signature))
		if err != nil {
			return "", err
		}
		parts = append(parts, f.Name()+strings.TrimPrefix(s, "func"))
	}
	return "interface{ " + strings.Join(parts, "; ") + " }", nil
}

// sortEdits orders edits by position (stable for insertions at one spot).
func sortEdits(edits []rewrite) {
	// An insertion before a replacement at the same offset: the other way
	// round, applyEdits would drop it (x.(T) replaced after x's last
	// token gets an insertion).
	before := func(a, b rewrite) bool {
		return a.start < b.start || a.start == b.start && a.start == a.end && b.start != b.end
	}
	for i := 1; i < len(edits); i++ {
		for j := i; j > 0 && before(edits[j], edits[j-1]); j-- {
			edits[j], edits[j-1] = edits[j-1], edits[j]
		}
	}
}

// builtinCall replaces min and max (minMaxFunc).
func (r *rewriter) builtinCall(call *ast.CallExpr) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || r.off(id.Pos()) < 0 {
		return
	}
	b, ok := r.src.info.Uses[id].(*types.Builtin)
	if !ok || b.Name() != "min" && b.Name() != "max" {
		return
	}
	fn, err := minMaxFunc(b.Name(), types.Default(substitute(r.src.info.Types[call].Type, r.env)), r.m)
	if err != nil {
		r.fail(err)
		return
	}
	r.add(id.Pos(), id.End(), fn)
}

// emptyBody fills an empty loop body: yaegi silently skips the statements
// after `for i = 0; i < n; i++ {}`.
func (r *rewriter) emptyBody(b *ast.BlockStmt) {
	if b != nil && len(b.List) == 0 && r.off(b.Lbrace) >= 0 {
		r.add(b.Lbrace+1, b.Lbrace+1, " _ = 0; ")
	}
}

// constValues spells out the values of constants declared by implicit
// repetition (`a, b = iota, 2*iota; c, d`), which yaegi gets wrong, from
// the values go/types computed.
func (r *rewriter) constValues(g *ast.GenDecl) {
	if g.Tok != token.CONST || r.off(g.Pos()) < 0 {
		return
	}
	for _, sp := range g.Specs {
		vs := sp.(*ast.ValueSpec)
		if len(vs.Values) > 0 || vs.Type != nil {
			continue
		}
		var vals []string
		var typ types.Type
		for _, n := range vs.Names {
			c, ok := r.src.info.Defs[n].(*types.Const)
			if !ok {
				return
			}
			vals, typ = append(vals, constLiteral(c.Val())), c.Type()
		}
		text := " = " + strings.Join(vals, ", ")
		if b, ok := typ.(*types.Basic); !ok || b.Info()&types.IsUntyped == 0 {
			t, err := r.m.typeSrc(typ)
			if err != nil {
				r.fail(err)
				return
			}
			text = " " + t + text
		}
		end := vs.Names[len(vs.Names)-1].End()
		r.add(end, end, text)
	}
}

// constLiteral writes a constant value exactly.
func constLiteral(v constant.Value) string {
	switch v.Kind() {
	case constant.Float:
		if f := v.ExactString(); strings.Contains(f, "/") {
			num, den, _ := strings.Cut(f, "/")
			return "(" + num + ".0/" + den + ")"
		}
		return v.ExactString()
	case constant.Complex:
		return "(" + constLiteral(constant.Real(v)) + " + " + constLiteral(constant.Imag(v)) + "i)"
	}
	return v.ExactString()
}

// deferredReceiver evaluates the receiver of a deferred (or go) method
// call when the defer runs, as Go does: yaegi reads it when the call runs.
func (r *rewriter) deferredReceiver(call *ast.CallExpr, kw token.Pos, end token.Pos) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || r.off(kw) < 0 {
		return
	}
	s := r.src.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return
	}
	r.seq++
	tmp := "__eoslabRcv" + strconv.Itoa(r.seq)
	_, isPtr := s.Recv().Underlying().(*types.Pointer)
	deref := "" // the receiver as the method takes it
	switch {
	case isPtr && !isPointerRecv(s):
		deref = "*"
	case !isPtr && isPointerRecv(s):
		deref = "&"
	}
	word := "defer "
	if r.src.text(&ast.Ident{NamePos: kw, Name: "go"}) == "go" {
		word = "go "
	}
	r.add(kw, sel.X.Pos(), "{ "+tmp+" := "+deref+"(")
	r.add(sel.X.End(), sel.X.End(), "); "+word+tmp)
	r.add(end, end, " }")
}

func isPointerRecv(s *types.Selection) bool {
	sig := s.Obj().Type().(*types.Signature)
	_, ptr := sig.Recv().Type().(*types.Pointer)
	return ptr
}

// methodValue binds a value method's receiver when the method value is
// taken (x.M not called), as Go does; yaegi binds it late.
func (r *rewriter) methodValue(x *ast.SelectorExpr) {
	s := r.src.info.Selections[x]
	if s != nil && s.Kind() == types.MethodExpr && r.off(x.Pos()) >= 0 {
		r.methodExpr(x, s)
		return
	}
	if s == nil || s.Kind() != types.MethodVal || r.off(x.Pos()) < 0 || r.isCalled(x) {
		return
	}
	if isPointerRecv(s) {
		r.compiledPointerMethodValue(x, s)
		return
	}
	fn, err := r.m.typeSrc(substitute(s.Type(), r.env))
	if err != nil {
		return
	}
	deref := ""
	if _, isPtr := s.Recv().Underlying().(*types.Pointer); isPtr {
		deref = "*"
	}
	r.add(x.Pos(), x.X.Pos(), "(func() "+fn+" { __eoslabMV := "+deref+"(")
	r.add(x.X.End(), x.X.End(), "); return __eoslabMV")
	r.add(x.End(), x.End(), " })()")
}

// isCalled reports a selector that is the function of the call the walk
// is in.
func (r *rewriter) isCalled(x *ast.SelectorExpr) bool {
	if len(r.stack) == 0 {
		return false
	}
	call, ok := r.stack[len(r.stack)-1].(*ast.CallExpr)
	return ok && ast.Unparen(call.Fun) == x
}

// methodExpr spells a method expression T.M, which yaegi calls with the
// wrong arguments, as the function literal it denotes.
func (r *rewriter) methodExpr(x *ast.SelectorExpr, s *types.Selection) {
	sig, ok := substitute(s.Type(), r.env).(*types.Signature)
	if !ok {
		return
	}
	params, args, results, ret, ok := r.funcLitParts(sig)
	if !ok {
		return
	}
	lit := "(func(" + strings.Join(params, ", ") + ") " + results + " { " + ret + args[0] + "." + x.Sel.Name + "(" + strings.Join(args[1:], ", ") + ") })"
	r.add(x.Pos(), x.End(), lit)
}

// funcLitParts are the pieces of a function literal of signature sig that
// passes its parameters on: parameter list, arguments, result list and the
// return keyword (empty without results).
func (r *rewriter) funcLitParts(sig *types.Signature) (params, args []string, results, ret string, ok bool) {
	params = make([]string, sig.Params().Len())
	args = make([]string, len(params))
	for i := range params {
		t := sig.Params().At(i).Type()
		prefix := ""
		if sig.Variadic() && i == len(params)-1 {
			t, prefix = t.(*types.Slice).Elem(), "..."
		}
		ts, err := r.m.typeSrc(t)
		if err != nil {
			return nil, nil, "", "", false
		}
		params[i] = fmt.Sprintf("__eoslabA%d %s%s", i, prefix, ts)
		args[i] = fmt.Sprintf("__eoslabA%d%s", i, prefix)
	}
	results, err := r.m.tupleSrc(sig.Results(), false)
	if err != nil {
		return nil, nil, "", "", false
	}
	if sig.Results().Len() > 1 {
		results = "(" + results + ")"
	}
	ret = "return "
	if sig.Results().Len() == 0 {
		ret = ""
	}
	return params, args, results, ret, true
}

// blankFields names the blank fields of struct types: yaegi builds its
// structs with reflect.StructOf, which rejects two fields named _.
func (r *rewriter) blankFields(st *ast.StructType) {
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == "_" && r.off(n.Pos()) >= 0 {
				r.seq++
				r.add(n.Pos(), n.End(), "__eoslabBlank"+strconv.Itoa(r.seq))
			}
		}
	}
}

// recoverCall unwraps what recover returns: yaegi hands a panic value of
// an interpreted type over as a reflect.Value.
func (r *rewriter) recoverCall(call *ast.CallExpr) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || r.off(call.Pos()) < 0 {
		return
	}
	if b, ok := r.src.info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" {
		r.add(call.Pos(), call.Pos(), "__eoslabrt.Recovered(")
		r.add(call.End(), call.End(), ")")
	}
}

// assertFromAny asserts from an empty interface: yaegi panics asserting a
// value of a non-empty interface type (error) to a concrete type
// ("reflect: call of reflect.Value.Elem on struct Value").
func (r *rewriter) assertFromAny(x *ast.TypeAssertExpr) {
	if r.off(x.Pos()) < 0 {
		return
	}
	t := substitute(r.src.info.Types[x.X].Type, r.env)
	if it, ok := t.Underlying().(*types.Interface); !ok || it.NumMethods() == 0 {
		return
	}
	if x.Type != nil && types.Identical(t, types.Universe.Lookup("error").Type()) && isPointer(substitute(r.src.info.Types[x.Type].Type, r.env)) {
		return // yaegi asserts pointers from error right, and not from any(err)
	}
	r.add(x.X.Pos(), x.X.Pos(), "any(")
	r.add(x.X.End(), x.X.End(), ")")
}

// multiAssign evaluates the right sides of `a, b := x, y` (or =) one
// statement each: yaegi loses values of such assignments (`w, g :=
// []float64{1}, make([]float64, 2)` leaves g empty; `a, b = x, f(y)`
// drops one), but not of single ones.
func (r *rewriter) multiAssign(a *ast.AssignStmt) {
	if len(a.Rhs) < 2 || len(a.Lhs) != len(a.Rhs) || r.off(a.Pos()) < 0 || !r.inStatementList(a) {
		return
	}
	if a.Tok != token.DEFINE && a.Tok != token.ASSIGN {
		return
	}
	tok := a.Tok.String()
	if r.hoisted[a] {
		tok = "="
	}
	r.seq++
	temps := make([]string, len(a.Rhs))
	for i := range temps {
		temps[i] = fmt.Sprintf("__eoslabT%d_%d", r.seq, i)
	}
	lhs := r.src.textRange(a.Lhs[0].Pos(), a.Lhs[len(a.Lhs)-1].End())
	r.add(a.Pos(), a.Rhs[0].Pos(), temps[0]+" := ")
	for i := 1; i < len(a.Rhs); i++ {
		r.add(a.Rhs[i-1].End(), a.Rhs[i].Pos(), "; "+temps[i]+" := ")
	}
	if tok == "=" && allIdents(a.Lhs) {
		// One by one: yaegi's parallel assignment of interface values
		// holding cell values to session variables panics.
		for i, l := range a.Lhs {
			r.add(a.End(), a.End(), "; "+l.(*ast.Ident).Name+" = "+temps[i])
		}
		return
	}
	r.add(a.End(), a.End(), "; "+lhs+" "+tok+" "+strings.Join(temps, ", "))
}

// allIdents says whether every expression of xs is an identifier: then
// assigning them one by one is their parallel assignment.
func allIdents(xs []ast.Expr) bool {
	for _, x := range xs {
		if _, ok := x.(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

// inStatementList reports a statement of a block or clause body, where
// one statement may become several.
func (r *rewriter) inStatementList(st ast.Stmt) bool {
	if len(r.stack) == 0 {
		return false
	}
	switch p := r.stack[len(r.stack)-1].(type) {
	case *ast.BlockStmt:
		return slices.Contains(p.List, st)
	case *ast.CaseClause:
		return slices.Contains(p.Body, st)
	case *ast.CommClause:
		return slices.Contains(p.Body, st)
	}
	return false
}

// parenType parenthesizes a type that would not parse in place of an
// identifier: PT(x) with PT = *T must become (*T)(x).
func parenType(s string) string {
	for _, p := range []string{"*", "<-", "func", "chan"} {
		if strings.HasPrefix(s, p) {
			return "(" + s + ")"
		}
	}
	return s
}

// shadowedLocal renames a local variable that shadows a local variable
// of an enclosing scope: yaegi's compiler crashes on `x := x * 10` in a
// loop over x.
func (r *rewriter) shadowedLocal(id *ast.Ident) {
	if r.off(id.Pos()) < 0 {
		return
	}
	obj := r.src.info.Defs[id]
	if obj == nil {
		obj = r.src.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == r.src.pkg.Scope() || r.hoisted != nil && r.isHoisted(v) {
		return
	}
	if !shadowsLocal(v) {
		return
	}
	r.add(id.Pos(), id.End(), r.shadowName(v))
}

// shadowName is the name a variable shadowing a local is renamed to.
func (r *rewriter) shadowName(v *types.Var) string {
	if r.renamed == nil {
		r.renamed = map[*types.Var]string{}
	}
	name, ok := r.renamed[v]
	if !ok {
		name = fmt.Sprintf("%s__eoslabL%d", v.Name(), len(r.renamed))
		r.renamed[v] = name
	}
	return name
}

// shadowsLocal reports a variable declared in an inner scope with the
// name of a local variable of an enclosing one (`x := x * 10` in a loop
// over x), which crashes yaegi's compiler.
func shadowsLocal(v *types.Var) bool {
	outer := v.Parent().Parent()
	if outer == nil {
		return false
	}
	_, o := outer.LookupParent(v.Name(), v.Pos())
	ov, ok := o.(*types.Var)
	return ok && ov.Parent() != nil && ov.Parent() != types.Universe && ov.Parent().Parent() != types.Universe
}

// isHoisted reports a variable the cell declares at its top level, which
// keeps its name for later cells.
func (r *rewriter) isHoisted(v *types.Var) bool {
	for a := range r.hoisted {
		for _, l := range a.Lhs {
			if id, ok := l.(*ast.Ident); ok && r.src.info.Defs[id] == v {
				return true
			}
		}
	}
	return false
}

// assertNil keeps `v, ok := x.(I)` from panicking when x is nil and I an
// interface (yaegi: "reflect: call of reflect.Value.Type on zero Value"),
// as after `r := recover()` without a panic: a nil x is replaced by a
// value no interface of the cell's matches.
func (r *rewriter) assertNil(x *ast.TypeAssertExpr) {
	if x.Type == nil || r.off(x.Pos()) < 0 || !r.commaOk(x) {
		return
	}
	if _, ok := substitute(r.src.info.Types[x.Type].Type, r.env).Underlying().(*types.Interface); !ok {
		return
	}
	r.add(x.X.Pos(), x.X.Pos(), "(func(__v any) any { if __v == nil { return __eoslabrt.Nil }; return __v })(")
	r.add(x.X.End(), x.X.End(), ")")
}

// commaOk reports an assertion whose two results are assigned.
func (r *rewriter) commaOk(x *ast.TypeAssertExpr) bool {
	if len(r.stack) == 0 {
		return false
	}
	switch p := r.stack[len(r.stack)-1].(type) {
	case *ast.AssignStmt:
		return len(p.Lhs) == 2 && len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == x
	case *ast.ValueSpec:
		return len(p.Names) == 2 && len(p.Values) == 1 && ast.Unparen(p.Values[0]) == x
	}
	return false
}
