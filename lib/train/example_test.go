package train_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/eoslab/eoslab/lib/optim"
	"github.com/eoslab/eoslab/lib/train"
)

// diag is the quadratic L(w) = ½ Σᵢ aᵢwᵢ², whose Hessian is diag(a).
type diag []float64

func (a diag) Dim() int { return len(a) }
func (a diag) Loss(w []float64) float64 {
	l := 0.0
	for i, ai := range a {
		l += 0.5 * ai * w[i] * w[i]
	}
	return l
}
func (a diag) Grad(dst, w []float64) float64 {
	for i, ai := range a {
		dst[i] = ai * w[i]
	}
	return a.Loss(w)
}
func (a diag) HVP(dst, w, v []float64) {
	for i, ai := range a {
		dst[i] = ai * v[i]
	}
}

func ExampleRun() {
	// λ₁ = 15 < 2/η = 20: GD converges.
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	traj, err := train.Run(context.Background(), diag{15, 4, 1}, opt, []float64{1, 1, 1},
		train.Settings{Steps: 50, Eig: 25, NEigs: 2})
	if err != nil {
		panic(err)
	}
	for _, r := range traj.Records {
		if r.HasEigs() {
			fmt.Printf("step %2d: loss %.3g, eigs %.3g, threshold %g\n", r.Step, r.Loss, r.Eigs, r.Threshold)
		}
	}
	// Output:
	// step  0: loss 10, eigs [15 4], threshold 20
	// step 25: loss 0.00258, eigs [15 4], threshold 20
	// step 50: loss 1.33e-05, eigs [15 4], threshold 20
}

func ExampleSettings_onStep() {
	// GD at η = 0.1 on λ = (15, 4, 1): along the top eigenvector e₁ each
	// update is −½ the previous one (1 − ηλ₁ = −0.5), so its sign flips
	// every step, as at the edge of stability.
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	var along []float64
	traj, _ := train.Run(context.Background(), diag{15, 4, 1}, opt, []float64{1, 1, 1}, train.Settings{
		Steps:        4,
		KeepIterates: 2,
		OnStep: func(s train.Step) {
			if s.Update != nil {
				along = append(along, s.Update[0])
			}
		},
	})
	fmt.Printf("e₁·Δw: %.4g\n", along)
	for _, it := range traj.Iterates {
		fmt.Printf("step %d: w = %.4g\n", it.Step, it.W)
	}
	// Output:
	// e₁·Δw: [-1.5 0.75 -0.375 0.1875]
	// step 0: w = [1 1 1]
	// step 2: w = [0.25 0.36 0.81]
	// step 4: w = [0.0625 0.1296 0.6561]
}

func ExampleDivergedError() {
	// λ₁ = 25 > 2/η = 20: the top direction grows by |1 − ηλ₁| = 1.5 a step.
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	_, err := train.Run(context.Background(), diag{25, 1}, opt, []float64{1, 1},
		train.Settings{Steps: 1000, Eig: 10, NEigs: 1})
	fmt.Println(err)
	// Output:
	// train: diverged at step 12: loss = 2.104e+05 (last sharpness 25 at step 10 vs threshold 20: 1.25×)
}

func ExampleTrajectory_WriteCSV() {
	opt, _ := optim.NewAdam(optim.Adam{LR: 0.01})
	traj, _ := train.Run(context.Background(), diag{2, 1}, opt, []float64{1, 1},
		train.Settings{Steps: 2, Eig: 2, NEigs: 1})
	var b strings.Builder
	traj.WriteCSV(&b)
	fmt.Print(b.String())
	traj.WriteJSONL(os.Stdout)
	// Output:
	// step,loss,grad_norm,sharpness,eig1,pre_sharpness,pre_eig1,threshold
	// 0,1.5,2.23606797749979,1.9999999999999993,1.9999999999999993,,,3800.0000000000005
	// 1,1.4701500001980001,2.213707297858956,,,,,
	// 2,1.4406080733382025,2.1913527582286663,2,2,1.0050149577420786,1.0050149577420786,3800.0000000000005
	// {"step":0,"loss":1.5,"grad_norm":2.23606797749979,"eigs":[1.9999999999999993],"sharpness":1.9999999999999993,"threshold":3800.0000000000005}
	// {"step":1,"loss":1.4701500001980001,"grad_norm":2.213707297858956}
	// {"step":2,"loss":1.4406080733382025,"grad_norm":2.1913527582286663,"eigs":[2],"sharpness":2,"pre_eigs":[1.0050149577420786],"pre_sharpness":1.0050149577420786,"threshold":3800.0000000000005}
}
