package optim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFamiliesMatchOptimizers checks each row against the optimizer it
// builds: the name, the alias lookup, and the threshold text evaluated at
// the family's default hyperparameters equal to Threshold.
func TestFamiliesMatchOptimizers(t *testing.T) {
	defaults := map[string]float64{"η": 0.03, "β": 0.9, "β₁": 0.9}
	seen := map[int]bool{}
	for _, f := range Families() {
		t.Run(f.Name, func(t *testing.T) {
			o, err := f.New(Hyper{LR: defaults["η"]})
			if err != nil {
				t.Fatal(err)
			}
			if o.Name() != f.Name {
				t.Errorf("New builds %q, the row says %q", o.Name(), f.Name)
			}
			for _, n := range append([]string{f.Name}, f.Aliases...) {
				if g, ok := LookupFamily(n); !ok || g.Name != f.Name {
					t.Errorf("LookupFamily(%q) = %q, %v", n, g.Name, ok)
				}
			}
			got, err := evalThreshold(f.Threshold, defaults)
			if err != nil {
				t.Fatalf("threshold %q: %v", f.Threshold, err)
			}
			if want := o.Threshold(); math.Abs(got-want) > 1e-12*want {
				t.Errorf("threshold %q = %v at the defaults, Threshold() = %v", f.Threshold, got, want)
			}
			if seen[f.Order] {
				t.Errorf("order %d taken twice", f.Order)
			}
			seen[f.Order] = true
		})
	}
	if _, ok := LookupFamily("adma"); ok {
		t.Error("LookupFamily accepts an unknown name")
	}
}

// implicitProduct finds juxtaposed factors ("2β", ")η") to make explicit;
// the symbols are one capital letter each by then.
var implicitProduct = regexp.MustCompile(`([0-9)A-Z])([(A-Z])`)

// evalThreshold evaluates a threshold text such as "(2+2β₁)/((1−β₁)η)"
// with the given values of its symbols.
func evalThreshold(text string, vars map[string]float64) (float64, error) {
	src := strings.NewReplacer("−", "-", "η", "E", "β₁", "A", "β", "B").Replace(text)
	for implicitProduct.MatchString(src) {
		src = implicitProduct.ReplaceAllString(src, "$1*$2")
	}
	expr, err := parser.ParseExpr(src)
	if err != nil {
		return 0, err
	}
	return evalExpr(expr, map[string]float64{"E": vars["η"], "B": vars["β"], "A": vars["β₁"]})
}

func evalExpr(e ast.Expr, names map[string]float64) (float64, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		return strconv.ParseFloat(e.Value, 64)
	case *ast.Ident:
		if v, ok := names[e.Name]; ok {
			return v, nil
		}
	case *ast.ParenExpr:
		return evalExpr(e.X, names)
	case *ast.BinaryExpr:
		x, err := evalExpr(e.X, names)
		if err != nil {
			return 0, err
		}
		y, err := evalExpr(e.Y, names)
		if err != nil {
			return 0, err
		}
		switch e.Op {
		case token.ADD:
			return x + y, nil
		case token.SUB:
			return x - y, nil
		case token.MUL:
			return x * y, nil
		case token.QUO:
			return x / y, nil
		}
	}
	return 0, strconv.ErrSyntax
}
