package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A type alias declared inside a function is undefined in yaegi: the
// declaration is dropped and each use names the aliased type.
func (r *rewriter) localAliasDecl(d *ast.DeclStmt) {
	g, ok := d.Decl.(*ast.GenDecl)
	if !ok || g.Tok != token.TYPE || len(g.Specs) != 1 || r.off(d.Pos()) < 0 {
		return
	}
	if ts := g.Specs[0].(*ast.TypeSpec); ts.Assign.IsValid() && ts.TypeParams == nil {
		r.add(d.Pos(), d.End(), strings.Repeat("\n", r.src.fset.Position(d.End()).Line-r.src.fset.Position(d.Pos()).Line))
	}
}

// localAlias replaces a use of a local type alias by the aliased type.
func (r *rewriter) localAlias(id *ast.Ident) bool {
	tn, ok := r.src.info.Uses[id].(*types.TypeName)
	if !ok || !tn.IsAlias() || tn.Parent() == nil || tn.Parent() == types.Universe || tn.Pkg() == nil || tn.Parent() == tn.Pkg().Scope() || r.off(id.Pos()) < 0 {
		return false
	}
	src, err := r.m.typeSrc(types.Unalias(tn.Type()))
	if err != nil {
		return false
	}
	r.add(id.Pos(), id.End(), src)
	return true
}
