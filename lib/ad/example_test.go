package ad_test

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
)

// A linear least-squares model: L(w) = (1/n) Σ ½(w·xᵢ + b − yᵢ)², whose
// Hessian is the second-moment matrix of the inputs (with a 1 appended).
func ExampleModel() {
	stack, err := ad.NewStack(ad.NewLinear(2, 1, true))
	if err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{1, 0, 0, 2, 1, 1} // three examples of two inputs
	y := []float64{1, 2, 3}
	m, err := ad.NewModel(stack, ad.MSE{}, x, y, 3, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := []float64{0.5, -1, 0.25} // weight (1×2), then bias
	g := make([]float64, m.Dim())
	loss := m.Grad(g, w)
	hv := make([]float64, m.Dim())
	m.HVP(hv, w, []float64{1, 0, 0}) // first column of the Hessian
	fmt.Printf("loss %.4f\n", loss)
	fmt.Printf("grad %.4f\n", g)
	fmt.Printf("H e₁ %.4f\n", hv)
	// Output:
	// loss 4.1146
	// grad [-1.1667 -3.5833 -2.4167]
	// H e₁ [0.6667 0.3333 0.6667]
}

// The exact third-order term of a one-parameter loss L(w) = ½(w² − 1)²
// built as square → MSE against 1: L‴(w) = 12w, so with u = v = 1 the
// contraction at w = 0.5 is 6.
func ExampleModel_ThirdOrder() {
	sq, _ := ad.NewActivation("square", []int{1})
	stack, _ := ad.NewStack(ad.NewLinear(1, 1, false), sq)
	m, _ := ad.NewModel(stack, ad.MSE{}, []float64{1}, []float64{1}, 1, 0)
	dst := make([]float64, 1)
	m.ThirdOrder(dst, []float64{0.5}, []float64{1}, []float64{1})
	fmt.Printf("%.10f\n", dst[0])
	// Output:
	// 6.0000000000
}
