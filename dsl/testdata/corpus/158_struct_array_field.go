package main

import "fmt"

type Snapshot struct {
	Step    int
	Weights [3]float64
	Tags    []string
}

func perturb(s Snapshot) Snapshot {
	s.Weights[0] += 1
	s.Tags[0] = "perturbed" // shared backing array
	return s
}

func main() {
	a := Snapshot{1, [3]float64{0.1, 0.2, 0.3}, []string{"init"}}
	b := perturb(a)
	fmt.Println(a.Weights, b.Weights)
	fmt.Println(a.Tags, b.Tags)

	history := []Snapshot{a}
	a.Step = 2
	a.Weights[2] = 9
	history = append(history, a)
	for _, h := range history {
		fmt.Println(h.Step, h.Weights)
	}

	ps := []*Snapshot{&history[0], &history[1]}
	ps[0].Step = 100
	fmt.Println(history[0].Step)
}
