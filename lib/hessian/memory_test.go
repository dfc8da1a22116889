package hessian

import (
	"context"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/internal/memory"
)

// hugeOperator claims a dimension too large for any basis; it is never
// applied.
type hugeOperator struct{}

func (hugeOperator) Dim() int                  { return 1 << 40 }
func (hugeOperator) MulVecTo(dst, v []float64) { panic("applied") }

// TestLanczosTooLargeForMemory: a basis that cannot fit is an error naming
// its size and what to lower, before any vector is allocated.
func TestLanczosTooLargeForMemory(t *testing.T) {
	if _, ok := memory.Available(); !ok {
		t.Skip("this system does not report its available memory")
	}
	_, err := Lanczos(context.Background(), hugeOperator{}, LanczosSettings{K: 2})
	if err == nil || !strings.HasPrefix(err.Error(), "hessian: Lanczos' basis of 20 vectors of 1099511627776 entries need ") ||
		!strings.HasSuffix(err.Error(), "lower MaxBasis or K") {
		t.Errorf("Lanczos on a 2⁴⁰-dimensional operator = %v, want a refusal naming the basis", err)
	}
}
